import path from 'node:path';
import {Secret} from '../keys/secret.js';
import {formatBytes, readTextFile} from '../local/file-text.js';
import {globSegmentRegExp} from '../local/glob-segment.js';
import {keyVariable, nearNameMatch, recordDefinitionValue, type NearNameMatch} from '../local/near-names.js';
import {listSome} from '../local/list-some.js';
import {expandHome, showPath} from '../local/paths.js';
import {fixedProfileFiles, profileFolders, shellNameOf, startupOrder, type ProfileFileSpec, type ShellName} from '../local/profile-files.js';
import {parseProfile, type AssignmentForm, type ProfileStatement} from '../local/profile-parse.js';
import type {Ports} from '../ports.js';
import type {KeyObservation, ProbeDefinition} from '../types.js';

/** Largest prefix of a startup file read. */
export const profileMaxBytes = 256 * 1024;

/** One place a startup file sets OPENAI_API_KEY (or a near name); never the value. */
export type ProfileDefinitionFact = {
	variable: string;
	/** Shown path: `~/.bashrc`. */
	file: string;
	line: number;
	/** `profile:~/.bashrc:12`. */
	source: string;
	/** How it is set: `export`, `assignment` (no export), `set -x`, `setenv`, `$env:`… */
	form: AssignmentForm;
	/** Written so that programs started from the shell get it. */
	exported: boolean;
	sha256?: string;
	fingerprint?: string;
	/** Set to an empty or whitespace-only value. */
	empty: boolean;
	/** The value is computed when the shell starts (key-free description); no fingerprint then. */
	computed?: string;
	/** The `source` line that reads this file, when it is not a startup file itself: `~/.bashrc:3`. */
	via?: string;
	/** Who reads the file, in words. */
	readBy: string;
	/** The user's `$SHELL` reads this file in a new terminal. */
	readByUserShell: boolean;
	nearName?: NearNameMatch;
	keyLike?: boolean;
};

/**
 * A line that sets OPENAI_API_KEY (or a near name) but gives a new terminal nothing: it sits
 * in a function body (runs only when called), or a later line unsets it (or `export -n`).
 */
export type ProfileDormantFact = ProfileDefinitionFact & {
	/** Why it does not count, key-free: `inside function work (runs only when called)`. */
	why: string;
};

/** A startup file that exists (or could not be read). */
export type ProfileFileFact = {
	shown: string;
	readBy: string;
	readByUserShell: boolean;
	readable: boolean;
	problem?: string;
	truncated: boolean;
	/** The line that sources it, for files read through `source` / `.`. */
	via?: string;
};

/** OPENAI_API_KEY after a new terminal of the user's shell ran its startup files. */
export type ProfileOutcome = {
	/** False after a later `unset`, and after `export -n` too: the profile means programs not to have it. */
	set: boolean;
	exported: boolean;
	/** The statement that set it last. */
	source?: string;
	sha256?: string;
	fingerprint?: string;
	empty: boolean;
	computed?: string;
};

/** Different keys set by startup files the user's shell reads. */
export type ProfileConflict = {
	values: Array<{sha256: string; fingerprint: string; sources: string[]}>;
	/** The source of the value a new terminal ends with. */
	winner?: string;
	/** Why that one wins, in one sentence. */
	reason: string;
};

/** What the shell-profile probe found. */
export type ProfilesProbeData = {
	shell?: ShellName;
	shellPath?: string;
	files: ProfileFileFact[];
	/** Lines that set the key when the shell reads them (in a branch or not), as long as no later line removes it again. */
	definitions: ProfileDefinitionFact[];
	/** Lines that set the key but leave a new terminal nothing (function bodies, later `unset`); never key observations. */
	dormant?: ProfileDormantFact[];
	/** The startup files a new terminal of the user's shell reads, in order (existing ones). */
	order: string[];
	outcome: ProfileOutcome;
	conflict?: ProfileConflict;
	/** `source` lines that could not be followed (a path with a variable), key-free. */
	unfollowed: string[];
	/** Lines meant to set OPENAI_API_KEY (or a near name) that the shell rejects, with why; key-free. */
	broken: Array<{variable: string; source: string; problem: string}>;
};

type LoadedFile = {
	spec: ProfileFileSpec;
	absolute: string;
	statements: ProfileStatement[];
	fact: ProfileFileFact;
};

const wanted = (name: string) => name === keyVariable || nearNameMatch(name) !== undefined;

/** Reads the shell startup files and every line in them that sets OPENAI_API_KEY. */
export const profilesProbe: ProbeDefinition<ProfilesProbeData> = {
	id: 'profiles',
	step: 2,
	title: 'Shell profiles',
	checks: '~/.bashrc, ~/.zshrc, ~/.profile, fish config, /etc/environment… and the files they source',
	async run({ports}) {
		const shellPath = ports.env.SHELL;
		const shell = shellNameOf(shellPath);
		const zdotdir = ports.env.ZDOTDIR ? showPath(ports.env.ZDOTDIR, ports.home) : undefined;
		const specs = [...fixedProfileFiles(zdotdir), ...(await listFolders(ports))];
		const existingShown = new Set<string>();
		const loaded = (await Promise.all(specs.map(spec => loadFile(ports, spec)))).filter((file): file is LoadedFile => Boolean(file));
		for (const file of loaded) existingShown.add(file.spec.shown);
		const order = startupOrder(shell, existingShown, zdotdir).filter(shown => existingShown.has(shown));

		// `source` / `.` lines, followed one level deep.
		const byShown = new Map(loaded.map(file => [file.spec.shown, file]));
		const unfollowed: string[] = [];
		const sourced: Array<Promise<LoadedFile | undefined>> = [];
		const sourceTargets = new Map<string, string[]>();
		for (const file of loaded) {
			for (const statement of file.statements) {
				if (statement.kind !== 'source') continue;
				const from = `${file.spec.shown}:${statement.line}`;
				const resolved = resolveSourcePath(statement.path, ports.home);
				if (!resolved) {
					unfollowed.push(`${from} sources a path built from a variable; it was not followed.`);
					continue;
				}

				// A loop over a folder (`for rc in ~/.bashrc.d/*.sh; do . "$rc"; done`) sources every match, in name order.
				const targets = statement.glob ? await globMatches(ports, resolved) : [resolved];
				for (const target of targets) {
					const shown = showPath(target, ports.home);
					const key = `${file.spec.shown}:${statement.line}`;
					sourceTargets.set(key, [...(sourceTargets.get(key) ?? []), shown]);
					if (byShown.has(shown) || sourced.length >= 32) continue;
					const spec: ProfileFileSpec = {...file.spec, shown, readBy: `${file.spec.readBy}, through ${from}`, session: false};
					byShown.set(shown, {spec, absolute: target, statements: [], fact: {shown, readBy: spec.readBy, readByUserShell: false, readable: false, truncated: false}});
					sourced.push(loadFile(ports, spec, from));
				}
			}
		}

		for (const file of await Promise.all(sourced)) {
			if (file) byShown.set(file.spec.shown, file);
		}

		for (const [shown, file] of byShown) {
			if (!file.fact.readable && !file.fact.problem) byShown.delete(shown);
		}

		const secrets = new Map<string, Secret>();
		const applied = simulate(order, byShown, sourceTargets, terminalFile(shell, order));
		const readByShell = new Set(applied.files);
		const removed = removedLines(applied, byShown, sourceTargets);
		const files = [...byShown.values()].map(file => ({...file.fact, readByUserShell: readByShell.has(file.spec.shown)}));
		const definitions: ProfileDefinitionFact[] = [];
		const dormant: ProfileDormantFact[] = [];
		const broken: ProfilesProbeData['broken'] = [];
		for (const file of byShown.values()) {
			for (const statement of file.statements) {
				if (statement.kind === 'broken') broken.push({variable: statement.name, source: `profile:${file.spec.shown}:${statement.line}`, problem: statement.problem});
				if (statement.kind !== 'assign') continue;
				const fact = toFact(file, statement, readByShell.has(file.spec.shown), secrets);
				const removal = removed.get(fact.source);
				if (statement.inFunction) dormant.push({...fact, why: `inside function ${statement.inFunction} (runs only when called)`});
				else if (removal) dormant.push({...fact, why: removalWords(removal)});
				else definitions.push(fact);
			}
		}

		const keys: KeyObservation[] = [];
		for (const definition of definitions) {
			const secret = secrets.get(definition.source);
			if (secret && (definition.variable === keyVariable || definition.keyLike)) {
				keys.push({secret, source: definition.source, origin: 'profile', variable: definition.variable});
			}
		}

		const outcome = applied.outcome;
		const conflict = findConflict(definitions, applied.keyStatements.filter(({file, statement}) => !removed.has(`profile:${file}:${statement.line}`)), outcome, shell);
		const data: ProfilesProbeData = {
			...(shell ? {shell} : {}),
			...(shellPath ? {shellPath} : {}),
			files,
			definitions,
			dormant,
			order,
			outcome,
			...(conflict ? {conflict} : {}),
			unfollowed,
			broken,
		};
		return {...summarize(data), keys, data};
	},
};

async function listFolders(ports: Ports): Promise<ProfileFileSpec[]> {
	const listings = await Promise.all(
		profileFolders.map(async folder => {
			const listing = await ports.fs.readDir(expandHome(folder.shown, ports.home)).catch(() => ({ok: false as const}));
			if (!listing.ok) return [];
			return listing.entries
				.filter(entry => !entry.isDirectory && entry.name.endsWith(folder.suffix))
				.map(entry => entry.name)
				.sort()
				.slice(0, 64)
				.map(name => ({...folder.spec, shown: `${folder.shown}/${name}`}));
		}),
	);
	return listings.flat();
}

async function loadFile(ports: Ports, spec: ProfileFileSpec, via?: string): Promise<LoadedFile | undefined> {
	const absolute = expandHome(spec.shown, ports.home);
	const read = await readTextFile(ports, absolute, spec.shown, profileMaxBytes);
	const base = {shown: spec.shown, readBy: spec.readBy, readByUserShell: false, ...(via ? {via} : {})};
	if (!read.ok) {
		if (read.code === 'not-found' || read.code === 'is-directory') return undefined;
		return {spec, absolute, statements: [], fact: {...base, readable: false, problem: read.message, truncated: false}};
	}

	const problems: string[] = [];
	if (read.truncated) problems.push(`${spec.shown} is ${formatBytes(read.size)}; only its first ${formatBytes(profileMaxBytes)} were read.`);
	if (read.invalidUtf8) problems.push(`${spec.shown} is not valid UTF-8; the bad bytes were read as \uFFFD.`);
	const fact: ProfileFileFact = {...base, readable: true, truncated: read.truncated};
	if (problems.length > 0) fact.problem = problems.join(' ');
	return {spec, absolute, statements: parseProfile(read.text, spec.dialect, wanted, {functionBodies: true}), fact};
}

/**
 * The files a shell glob matches (`~/.bashrc.d/*.sh`), sorted by name as the shell sorts
 * them; only the last part may hold a pattern, and `*` skips dot files as the shell does.
 */
async function globMatches(ports: Ports, pattern: string): Promise<string[]> {
	const dir = path.dirname(pattern);
	if (/[*?[]/.test(dir)) return [];
	const listing = await ports.fs.readDir(dir).catch(() => ({ok: false as const}));
	if (!listing.ok) return [];
	const matcher = globSegmentRegExp(path.basename(pattern));
	return listing.entries
		.filter(entry => !entry.isDirectory && matcher.test(entry.name))
		.map(entry => entry.name)
		.sort()
		.slice(0, 32)
		.map(name => path.join(dir, name));
}

/** An absolute path for a `source` argument, or undefined when it depends on another variable. */
export function resolveSourcePath(written: string, home: string): string | undefined {
	const expanded = expandHome(written, home);
	if (/\$/.test(expanded)) return undefined;
	if (path.isAbsolute(expanded)) return path.normalize(expanded);
	// A relative path is relative to the shell's working folder, which is home at login.
	return path.join(home, expanded);
}

/** A line that takes a variable away again: `unset` (fish `set -e`), or `export -n` / `declare +x`. */
type Removal = {source: string; how: 'unset' | 'unexport'};

type Simulation = {
	outcome: ProfileOutcome;
	/** Shown paths of the files applied, in order. */
	files: string[];
	/** Every OPENAI_API_KEY assignment applied, in order, with its file. */
	keyStatements: Array<{file: string; statement: Extract<ProfileStatement, {kind: 'assign'}>}>;
	/** Assignments (any wanted name, by source) that a later line of the run took away again, with the first such line. */
	removed: Map<string, Removal>;
};

/**
 * The file a new terminal of this shell runs itself, after the login environment it
 * inherits: ~/.bashrc for bash. A login file that sources it (Debian's ~/.profile) runs
 * it early in a login shell, but a terminal on Linux runs it again, last, so its lines win.
 */
function terminalFile(shell: ShellName | undefined, order: readonly string[]): string | undefined {
	return (shell === 'bash' || shell === undefined) && order.at(-1) === '~/.bashrc' ? '~/.bashrc' : undefined;
}

/**
 * Runs the startup files in order, statement by statement, as far as OPENAI_API_KEY is
 * concerned: a `source` line applies the sourced file at that point; an assignment to a
 * variable that is already exported stays exported; `unset` clears it. A file already
 * applied through a `source` line is not applied again at its own turn, except
 * `rerunLast` (the terminal's own file), which then runs again at the end, with what it sources.
 */
function simulate(order: readonly string[], files: ReadonlyMap<string, LoadedFile>, sourceTargets: ReadonlyMap<string, string[]>, rerunLast?: string): Simulation {
	const outcome: ProfileOutcome = {set: false, exported: false, empty: false};
	const applied: string[] = [];
	const keyStatements: Simulation['keyStatements'] = [];
	// The run as numbered steps: each assignment's last step, and every removal of a name, so a removal after an assignment's last run undoes it.
	let step = 0;
	const assigned = new Map<string, {name: string; step: number}>();
	const removals: Array<Removal & {name: string; step: number}> = [];
	// The key as `export -n` left it: a later bare `export NAME` gives it back to programs.
	let unexported: ProfileOutcome | undefined;
	// `again` holds the files of a second run, so a file sourcing itself cannot loop.
	const apply = (shown: string, depth: number, again?: Set<string>) => {
		const file = files.get(shown);
		if (!file) return;
		if (again) {
			if (again.has(shown)) return;
			again.add(shown);
		} else if (applied.includes(shown)) {
			return;
		}

		if (!applied.includes(shown)) applied.push(shown);
		for (const statement of file.statements) {
			// Files were read one `source` level below each startup file; a startup file sourced by another keeps its own level.
			if (statement.kind === 'source' && depth < 3) {
				// A loop line lists one pattern per statement; each applies its own matches once.
				const targets = sourceTargets.get(`${shown}:${statement.line}`) ?? [];
				const pattern = statement.glob ? globSegmentRegExp(path.basename(statement.path)) : undefined;
				for (const target of pattern ? targets.filter(item => pattern.test(path.basename(item))) : targets) apply(target, depth + 1, again);
				continue;
			}

			if (!('name' in statement) || (statement.kind === 'assign' && statement.inFunction)) continue;
			const source = `profile:${shown}:${statement.line}`;
			step++;
			if (statement.kind === 'assign') assigned.set(source, {name: statement.name, step});
			else if (statement.kind === 'unset' || statement.kind === 'unexport') removals.push({name: statement.name, step, source, how: statement.kind});
			else if (statement.kind === 'export-name') {
				// Exported again: an earlier `export -n` of this name no longer keeps it from programs.
				for (let index = removals.length - 1; index >= 0; index--) if (removals[index]!.name === statement.name && removals[index]!.how === 'unexport') removals.splice(index, 1);
			}

			if (statement.name !== keyVariable) continue;
			if (statement.kind === 'assign') {
				unexported = undefined;
				keyStatements.push({file: shown, statement});
				outcome.set = true;
				outcome.exported = outcome.exported || statement.exported;
				outcome.source = source;
				outcome.empty = statement.value !== undefined && statement.value.trim() === '';
				delete outcome.sha256;
				delete outcome.fingerprint;
				delete outcome.computed;
				if (statement.computed) outcome.computed = statement.computed;
				else if (!outcome.empty && statement.value !== undefined) {
					const secret = new Secret(statement.value);
					outcome.sha256 = secret.sha256;
					outcome.fingerprint = secret.fingerprint;
				}
			} else if (statement.kind === 'export-name') {
				if (unexported) Object.assign(outcome, unexported);
				unexported = undefined;
				outcome.exported = true;
			} else if (statement.kind === 'unset' || statement.kind === 'unexport') {
				unexported = statement.kind === 'unexport' && outcome.set ? {...outcome} : undefined;
				Object.assign(outcome, {set: false, exported: false, empty: false, source});
				delete outcome.sha256;
				delete outcome.fingerprint;
				delete outcome.computed;
			}
		}
	};

	let rerun = false;
	for (const shown of order) {
		if (shown === rerunLast && applied.includes(shown)) rerun = true;
		apply(shown, 0);
	}

	if (rerun) apply(rerunLast!, 0, new Set());
	const removed = new Map<string, Removal>();
	for (const [source, {name, step: last}] of assigned) {
		const removal = removals.find(item => item.name === name && item.step > last);
		if (removal) removed.set(source, {source: removal.source, how: removal.how});
	}

	return {outcome, files: applied, keyStatements, removed};
}

/**
 * Assignments a later line takes away again: in the run of the user's shell; for a file
 * that shell does not read, in every run that starts at an unread file and reaches it
 * (a file read on its own keeps what a file sourcing it later unsets).
 */
function removedLines(run: Simulation, files: ReadonlyMap<string, LoadedFile>, sourceTargets: ReadonlyMap<string, string[]>): Map<string, Removal> {
	const removed = new Map(run.removed);
	const readByShell = new Set(run.files);
	const verdicts = new Map<string, Removal | false>();
	for (const shown of files.keys()) {
		if (readByShell.has(shown)) continue;
		const alone = simulate([shown], files, sourceTargets);
		for (const file of alone.files) {
			if (readByShell.has(file)) continue;
			for (const statement of files.get(file)?.statements ?? []) {
				if (statement.kind !== 'assign' || statement.inFunction) continue;
				const source = `profile:${file}:${statement.line}`;
				const removal = alone.removed.get(source);
				if (verdicts.get(source) === false) continue;
				verdicts.set(source, removal ?? false);
			}
		}
	}

	for (const [source, removal] of verdicts) if (removal) removed.set(source, removal);
	return removed;
}

function removalWords(removal: Removal): string {
	const where = removal.source.replace(/^profile:/, '');
	return removal.how === 'unset'
		? `unset again by ${where}, so a new terminal does not have it`
		: `taken out of the environment again by ${where} (export -n), so programs do not get it`;
}

function toFact(file: LoadedFile, statement: Extract<ProfileStatement, {kind: 'assign'}>, readByUserShell: boolean, secrets: Map<string, Secret>): ProfileDefinitionFact {
	const source = `profile:${file.spec.shown}:${statement.line}`;
	const value = statement.value;
	const fact: ProfileDefinitionFact = {
		variable: statement.name,
		file: file.spec.shown,
		line: statement.line,
		source,
		form: statement.form,
		exported: statement.exported,
		empty: value !== undefined && value.trim() === '',
		readBy: file.spec.readBy,
		readByUserShell,
	};
	if (file.fact.via) fact.via = file.fact.via;
	if (statement.computed) fact.computed = statement.computed;
	recordDefinitionValue(fact, statement.name, value, source, secrets);

	return fact;
}

function findConflict(
	definitions: readonly ProfileDefinitionFact[],
	keyStatements: Simulation['keyStatements'],
	outcome: ProfileOutcome,
	shell: ShellName | undefined,
): ProfileConflict | undefined {
	const applied = new Set(keyStatements.map(({file, statement}) => `profile:${file}:${statement.line}`));
	const values = new Map<string, {sha256: string; fingerprint: string; sources: string[]}>();
	for (const definition of definitions) {
		if (definition.variable !== keyVariable || !definition.sha256 || !applied.has(definition.source)) continue;
		const entry = values.get(definition.sha256) ?? {sha256: definition.sha256, fingerprint: definition.fingerprint!, sources: []};
		entry.sources.push(definition.source);
		values.set(definition.sha256, entry);
	}

	if (values.size < 2) return undefined;
	const shellName = shell ?? 'bash';
	const winner = outcome.set ? outcome.source : undefined;
	const reason = winner
		? `a new ${shellName} terminal reads ${orderWords(keyStatements)} in that order, and the last line that sets OPENAI_API_KEY (${winner.replace(/^profile:/, '')}) wins`
		: `a later line unsets OPENAI_API_KEY, so a new ${shellName} terminal ends without it`;
	return {values: [...values.values()], ...(winner ? {winner} : {}), reason};
}

function orderWords(keyStatements: Simulation['keyStatements']): string {
	// A file that runs twice counts where it runs last, the run that decides.
	const files = [...new Set(keyStatements.map(({file}) => file).reverse())].reverse();
	return files.join(', then ');
}

function summarize(data: ProfilesProbeData): {status: 'pass' | 'warn'; summary: string; details: string[]} {
	const details: string[] = [];
	let warn = false;
	for (const file of data.files) {
		if (file.problem) {
			details.push(file.problem);
			warn = true;
		}
	}

	details.push(...data.unfollowed);
	for (const line of data.broken) {
		details.push(`${line.source.replace(/^profile:/, '')}: ${line.problem}.`);
		warn = true;
	}

	const listed = data.definitions.filter(definition => definition.variable === keyVariable || definition.keyLike);
	if (listed.length > 24) details.push(`${listed.length} lines set OPENAI_API_KEY or a similar name; the first and last are listed.`);
	for (const definition of listed.length > 24 ? [...listed.slice(0, 12), ...listed.slice(-12)] : listed) {
		const as = definition.variable === keyVariable ? '' : ` (as ${definition.variable})`;
		const value = definition.computed ? `(${definition.computed})` : (definition.fingerprint ?? '(empty)');
		const notes: string[] = [];
		if (!definition.exported) notes.push(`not exported (${definition.form})`);
		if (!definition.readByUserShell) notes.push(`not read by your shell${data.shell ? ` (${data.shell})` : ''}: read by ${definition.readBy}`);
		if (definition.via) notes.push(`sourced from ${definition.via}`);
		details.push(`${definition.file}:${definition.line}${as}: ${value}${notes.length > 0 ? ` — ${notes.join('; ')}` : ''}`);
	}

	const dormant = (data.dormant ?? []).filter(definition => definition.variable === keyVariable || definition.keyLike);
	for (const definition of dormant.slice(0, 12)) {
		const as = definition.variable === keyVariable ? '' : ` (as ${definition.variable})`;
		const value = definition.computed ? `(${definition.computed})` : (definition.fingerprint ?? '(empty)');
		details.push(`${definition.file}:${definition.line}${as}: ${value} — not at startup: ${definition.why}`);
	}

	if (data.conflict) {
		details.push(`Different keys: ${data.conflict.reason}.`);
		warn = true;
	}

	const keyLines = data.definitions.filter(definition => definition.variable === keyVariable);
	const shell = data.shell ? `${data.shell}` : 'your shell';
	const looked = `${data.files.length} startup file${data.files.length === 1 ? '' : 's'}`;
	const brokenKeyLines = data.broken.filter(line => line.variable === keyVariable);
	if (keyLines.length === 0 && brokenKeyLines.length > 0) {
		return {status: 'warn', summary: `${listSome(brokenKeyLines.map(line => line.source.replace(/^profile:/, '')), 4)} tries to set OPENAI_API_KEY, but the shell never sets it (see details).`, details};
	}

	const dormantKeyLines = dormant.filter(definition => definition.variable === keyVariable);
	if (keyLines.length === 0 && dormantKeyLines.length > 0) {
		const lines = listSome(dormantKeyLines.map(definition => `${definition.file}:${definition.line}`), 4);
		return {status: warn ? 'warn' : 'pass', summary: `No shell profile leaves OPENAI_API_KEY set for a new terminal (${looked} read): ${lines} ${dormantKeyLines.length === 1 ? 'sets it but does' : 'set it but do'} not count (see details).`, details};
	}

	if (keyLines.length === 0) return {status: warn ? 'warn' : 'pass', summary: `No shell profile sets OPENAI_API_KEY (${looked} read).`, details};
	const outcome = data.outcome;
	if (outcome.set && !outcome.exported) warn = true;
	const where = listSome(keyLines.map(definition => `${definition.file}:${definition.line}`), 4);
	const ending = outcome.set
		? outcome.exported
			? `read as written, the files give a new ${shell} terminal ${outcome.fingerprint ?? (outcome.empty ? 'an empty value' : 'a computed value')} from ${outcome.source!.replace(/^profile:/, '')}`
			: `a new ${shell} terminal sets it without export (${outcome.source!.replace(/^profile:/, '')}), so programs do not get it`
		: `a new ${shell} terminal does not read ${keyLines.length === 1 ? 'that file' : 'those files'}`;
	return {status: warn ? 'warn' : 'pass', summary: `OPENAI_API_KEY is set in ${where}; ${ending}.`, details};
}
