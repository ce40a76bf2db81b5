import path from 'node:path';
import {Secret} from '../keys/secret.js';
import {settingVariables, type DotenvSetting, type SettingVariable} from '../local/app-settings.js';
import {scanDotenv, malformingDefects, type DotenvDefect, type DotenvDefinition} from '../local/dotenv-scan.js';
import {dotenvUseForRun, type DotenvOverride, type DotenvUse} from '../code/dotenv-use.js';
import {formatBytes, readTextFile, type LineEndings, type TextEncoding} from '../local/file-text.js';
import {distrustOf} from '../local/file-trust.js';
import {isPlainAssignments} from '../local/plain-assignments.js';
import {manifestFacts, type Framework} from '../local/js-manifest.js';
import {keyVariable, nearNameMatch, recordDefinitionValue, type NearNameMatch} from '../local/near-names.js';
import {listSome} from '../local/list-some.js';
import {showFromCwd} from '../local/paths.js';
import {parseProfile} from '../local/profile-parse.js';
import type {FileErrorCode, Ports} from '../ports.js';
import type {KeyObservation, ProbeDefinition} from '../types.js';

/** The `.env` file names loaders read, in the order they are listed. */
export const dotenvFileNames = [
	'.env',
	'.env.local',
	'.env.development',
	'.env.development.local',
	'.env.production',
	'.env.production.local',
	'.env.test',
	'.env.test.local',
] as const;

/** Largest prefix of a `.env` file read. */
export const dotenvMaxBytes = 1024 * 1024;

/** How far up from the project folder `.env` files are looked for, at most (the git root, home or a file system boundary ends it sooner). */
const maxLevels = 8;

/** One definition of OPENAI_API_KEY (or a near name) in a `.env` file; never the value. */
export type DotenvDefinitionFact = {
	variable: string;
	line: number;
	endLine: number;
	/** `file:.env:3`. */
	source: string;
	sha256?: string;
	fingerprint?: string;
	/** Set with an empty or whitespace-only value. */
	empty: boolean;
	/** The line does not parse: loaders skip it. */
	parsed: boolean;
	/** The definition the parser keeps (the last of its name in the file). */
	effective: boolean;
	defects: DotenvDefect[];
	/** The value is wrapped in quotes in the file (dotenv strips them, docker --env-file does not). */
	quoted?: boolean;
	/** Set for a near name of OPENAI_API_KEY. */
	nearName?: NearNameMatch;
	/** A near name whose value looks like a key. */
	keyLike?: boolean;
};

/** One `.env` (or direnv `.envrc`) file found. */
export type DotenvFileFact = {
	/** Relative to the project folder: `.env`, `../.env.local`. */
	shown: string;
	name: string;
	/** 0 for the project folder, 1 for its parent… */
	depth: number;
	/** `direnv` files are shell scripts direnv runs when you enter the folder. */
	kind: 'dotenv' | 'direnv';
	/** False when it could not be read or parsed; `problem` says why. */
	readable: boolean;
	problem?: string;
	truncated: boolean;
	size?: number;
	encoding?: TextEncoding;
	lineEndings?: LineEndings;
	invalidUtf8?: boolean;
	/** The project file that passes this file to `docker run --env-file`, when one does. */
	dockerEnvFile?: string;
	definitions: DotenvDefinitionFact[];
	/** Settings besides the key this file defines (values are URLs and ids, never keys). */
	settings?: DotenvSetting[];
	/** Where it sets AZURE_OPENAI_API_KEY (the value is kept as a secret, by source); `expanded`: built from references, not held by the file. */
	azureKeys?: Array<{source: string; expanded?: boolean}>;
	/** Only plain `NAME=value` lines that steer no shell or tool: a copyable command may load it with `. ./.env`. */
	plainAssignments?: boolean;
	/**
	 * Why someone else than the user may have written it (its folder or the file is
	 * writable by every user, or another user's): its settings are not used, its keys only listed.
	 */
	untrusted?: string;
	/** Every variable name it defines (names only: what code that reads another name can find). */
	names?: string[];
};

/** Which `.env` files the app's loader reads, first one wins. */
export type DotenvLoader = {
	/** `dotenv`, `Next.js`, `Vite`, `Create React App`, `dotenv-flow`. */
	name: string;
	/** Shown paths of the files it reads that exist, highest precedence first. */
	order: string[];
	/** Why these files, in one sentence. */
	explanation: string;
};

/** What the `.env` probe found. */
export type DotenvProbeData = {
	files: DotenvFileFact[];
	loader: DotenvLoader;
	/** The folders searched, shown relative to the project folder. */
	searched: string[];
	/** The project's code loads `.env` with override, so `.env` wins over the environment. */
	override?: DotenvOverride;
	/** Settings besides the key (OPENAI_BASE_URL, AZURE_OPENAI_ENDPOINT…) as the loader gets them, first file first. */
	settings?: DotenvSetting[];
	/** Set when the project folder itself could not be listed: no `.env` file could be checked. */
	unreadableProject?: {code: FileErrorCode; reason: string};
	/** Whether anything loads `.env` into the app (code, framework, script), and why. */
	reach?: SettingsReach;
};

/** Finds `.env` files in the project folder and its parents and every definition of the key in them. */
export const dotenvProbe: ProbeDefinition<DotenvProbeData> = {
	id: 'dotenv',
	step: 2,
	title: '.env files',
	checks: '.env, .env.local, .env.development… in the project folder and its parents, and the lines that set OPENAI_API_KEY',
	async run(context) {
		const {ports} = context;
		const folders = await foldersToSearch(ports);
		const found = folders.flatMap(({dir, depth, names, untrusted}) =>
			names.map(name => ({absolute: path.join(dir, name), name, depth, kind: name === '.envrc' ? ('direnv' as const) : ('dotenv' as const), untrusted})),
		);
		const secrets = new Map<string, Secret>();
		const [project, uses, dotenvUse] = await Promise.all([
			detectProject(ports, folders[0]?.all ?? []),
			envFileUses(ports, folders[0]?.all ?? []),
			dotenvUseForRun(context),
		]);
		const {override} = dotenvUse;
		const files = await Promise.all(found.map(file => readDotenvFile(ports, file, secrets, project)));
		for (const file of files) markEnvFileUses(file, uses);
		const loader = describeLoader(project.framework, files);
		const keys: KeyObservation[] = [];
		for (const file of files) {
			for (const definition of file.definitions) {
				const secret = secrets.get(definition.source);
				if (secret && (definition.variable === keyVariable || definition.keyLike)) {
					keys.push({secret, source: definition.source, origin: 'dotenv', variable: definition.variable});
				}
			}
		}

		// Azure's key variable is a key source too: the Azure client reads it.
		for (const file of files) {
			for (const found of file.azureKeys ?? []) {
				const secret = secrets.get(found.source);
				if (secret) keys.push({secret, source: found.source, origin: 'dotenv', variable: 'AZURE_OPENAI_API_KEY'});
			}
		}

		const reach = settingsReach(project, uses, dotenvUse, folders[0]?.all ?? []);
		const settings = loadedSettings(files, loader, reach);
		const unused = reach.scope === 'none' ? files.flatMap(file => file.settings ?? []) : [];
		const data: DotenvProbeData = {
			files,
			loader,
			searched: folders.map(folder => showFromCwd(folder.dir, ports.cwd)),
			...(override ? {override} : {}),
			...(settings.length > 0 ? {settings} : {}),
			reach,
		};
		const unreadable = folders[0]?.unreadable;
		if (unreadable) {
			data.unreadableProject = unreadable;
			return {status: 'error', summary: `Cannot read the project folder (${unreadable.reason}): no .env file in it could be checked.`, details: [], keys, data};
		}

		const summary = summarize(files, loader, data.searched.length > 1);
		if (override) summary.details.push(`${override.file}:${override.line} loads .env with ${override.call}: .env wins over the environment.`);
		if (unused.length > 0) {
			summary.details.push(`${listSome([...new Set(unused.map(setting => setting.variable))], 4)} in .env not counted: ${reach.why}.`);
		}
		return {...summary, keys, data};
	},
};

type FolderListing = {
	dir: string;
	depth: number;
	names: string[];
	all: string[];
	/** Why its files may not be the user's (see `distrustOf`). */
	untrusted?: string;
	/** The folder could not be listed. */
	unreadable?: {code: FileErrorCode; reason: string};
};

/**
 * The project folder and its parents, up to the first of: the git root, home, a file
 * system boundary (another device: a mount is another world, as git's discovery also
 * holds), the file system's root, or `maxLevels` folders.
 */
async function foldersToSearch(ports: Ports): Promise<FolderListing[]> {
	const dirs: string[] = [];
	let dir = ports.cwd;
	for (let level = 0; level < maxLevels; level++) {
		dirs.push(dir);
		if (dir === ports.home) break;
		const parent = path.dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}

	const [listings, stats] = await Promise.all([
		Promise.all(dirs.map(async folder => ports.fs.readDir(folder).catch(() => ({ok: false as const, code: 'error' as const, message: 'read failed'})))),
		Promise.all(dirs.map(async folder => ports.fs.stat(folder).catch(() => ({ok: false as const, code: 'error' as const, message: 'stat failed'})))),
	]);
	const first = stats[0]!;
	const device = first.ok ? first.device : undefined;
	const out: FolderListing[] = [];
	for (const [depth, folder] of dirs.entries()) {
		const stat = stats[depth]!;
		if (depth > 0 && (!stat.ok || stat.device !== device)) break;
		const listing = listings[depth]!;
		if (!listing.ok) {
			if (depth === 0) out.push({dir: folder, depth, names: [], all: [], unreadable: {code: listing.code, reason: folderProblem(listing.code)}});
			break;
		}

		const names = listing.entries
			.filter(entry => !entry.isDirectory && ((dotenvFileNames as readonly string[]).includes(entry.name) || entry.name === '.envrc'))
			.map(entry => entry.name)
			.sort((a, b) => fileRank(a) - fileRank(b));
		const untrusted = distrustOf(stat, showFromCwd(folder, ports.cwd), ports);
		out.push({dir: folder, depth, names, all: listing.entries.filter(entry => !entry.isDirectory).map(entry => entry.name), ...(untrusted ? {untrusted} : {})});
		// The git root ends the search: files above it belong to other projects.
		if (listing.entries.some(entry => entry.name === '.git')) break;
	}

	return out;
}

/** Why a folder could not be listed, in a few words and without its path. */
function folderProblem(code: FileErrorCode): string {
	switch (code) {
		case 'permission':
			return 'permission denied';
		case 'not-found':
			return 'it does not exist';
		case 'loop':
			return 'a symbolic link loop';
		default:
			return 'it cannot be listed';
	}
}

function fileRank(name: string): number {
	const index = (dotenvFileNames as readonly string[]).indexOf(name);
	return index === -1 ? dotenvFileNames.length : index;
}

const wanted = (name: string) => name === keyVariable || nearNameMatch(name) !== undefined;

/** Reads one file; the values it finds go into `secrets` by source, never into the facts. */
async function readDotenvFile(
	ports: Ports,
	file: {absolute: string; name: string; depth: number; kind: 'dotenv' | 'direnv'; untrusted?: string},
	secrets: Map<string, Secret>,
	project: {expansion: Expansion; python: boolean},
): Promise<DotenvFileFact> {
	const {expansion} = project;
	const shown = showFromCwd(file.absolute, ports.cwd);
	const [read, stat, linkedFolder] = await Promise.all([
		readTextFile(ports, file.absolute, shown, dotenvMaxBytes),
		ports.fs.stat(file.absolute).catch(() => ({ok: false as const, code: 'error' as const, message: 'stat failed'})),
		distrustOfLinkTarget(ports, file.absolute, shown),
	]);
	// The folder first: a file of the user's own in /tmp is still where anyone could have put another.
	const untrusted = file.untrusted ?? linkedFolder ?? distrustOf(stat, shown, ports);
	const base = {shown, name: file.name, depth: file.depth, kind: file.kind, ...(untrusted ? {untrusted} : {})};
	if (!read.ok) {
		return {...base, readable: false, problem: read.message, truncated: false, ...(read.size === undefined ? {} : {size: read.size}), definitions: []};
	}

	const problems: string[] = [];
	if (read.truncated) problems.push(`${shown} is ${formatBytes(read.size)}; only its first ${formatBytes(dotenvMaxBytes)} were read.`);
	if (read.invalidUtf8) problems.push(`${shown} is not valid UTF-8; the bad bytes were read as \uFFFD.`);
	const fact: DotenvFileFact = {
		...base,
		readable: true,
		truncated: read.truncated,
		size: read.size,
		encoding: read.encoding,
		lineEndings: read.lineEndings,
		invalidUtf8: read.invalidUtf8,
		definitions: [],
	};
	if (problems.length > 0) fact.problem = problems.join(' ');
	if (file.kind === 'dotenv' && !read.truncated && isPlainAssignments(read.text)) fact.plainAssignments = true;
	if (file.kind === 'direnv') {
		for (const statement of parseProfile(read.text, 'sh', wanted)) {
			if (statement.kind !== 'assign') continue;
			fact.definitions.push(toFact(secrets, shown, statement.name, statement.line, statement.line, statement.value, true, [], statement.value !== undefined));
		}

		markLastDirenvDefinitions(fact.definitions);
		return fact;
	}

	// One scan for the key, its near names and the other settings; the settings go their own way.
	const scan = scanDotenv(read.text, name => wanted(name) || isSetting(name), {encoding: read.encoding, lineEndings: read.lineEndings});
	const lines = read.text.replace(/\r\n?/g, '\n').split('\n');
	// A setting is what the loader makes of it: OPENAI_BASE_URL=http://${GATEWAY}/v1 goes where GATEWAY points.
	const settingValue = (definition: DotenvDefinition, value: string) =>
		/^[^=:]*[=:][ \t]*'/.test(lines[definition.line - 1] ?? '') ? undefined : expandReferences(value, expansion, name => ports.env[name] ?? scan.values[name]);
	recordSettings(fact, scan.definitions.filter(definition => isSetting(definition.name)), secrets, shown, settingValue);
	fact.names = Object.keys(scan.values);
	for (const definition of scan.definitions.filter(item => !isSetting(item.name))) {
		const line = lines[definition.line - 1] ?? '';
		const defects = [...definition.defects];
		const python = project.python && definition.endLine === definition.line ? pythonDotenvValue(line) : undefined;
		const read = python !== undefined && python.value !== definition.value ? python : undefined;
		if (read) defects.push({code: 'python-reads', message: read.why});
		const parsed = read?.value ?? definition.value;
		// Single-quoted values are literal for every loader that expands.
		const literal = /^[^=:]*[=:][ \t]*'/.test(line);
		const expanded = parsed === undefined || literal ? undefined : expandReferences(parsed, expansion, name => ports.env[name] ?? scan.values[name]);
		if (expanded !== undefined) {
			const names = [...new Set([...parsed!.matchAll(/\$\{?(\w+)/g)].map(match => match[1]!))];
			defects.push({code: 'expanded', message: `refers to ${names.map(name => `\${${name}}`).join(', ')}, which ${expansion.by} expands${expanded.trim() === '' ? ' to nothing' : ''}`});
		}

		const value = expanded ?? parsed;
		const item = toFact(secrets, shown, definition.name, definition.line, definition.endLine, value, definition.effective, defects, definition.value !== undefined);
		if (/^[^=:]*[=:][ \t]*["'`]/.test(line)) item.quoted = true;
		fact.definitions.push(item);
	}

	return fact;
}

/**
 * A `.env` that is a symbolic link is judged where it really lives: a link into a folder
 * anyone may write (a shared team folder, /tmp) is a file anyone could have replaced.
 */
async function distrustOfLinkTarget(ports: Ports, absolute: string, shown: string): Promise<string | undefined> {
	const real = await ports.fs.realPath?.(absolute).catch(() => undefined);
	if (real === undefined || path.dirname(real) === path.dirname(absolute)) return undefined;
	const folder = path.dirname(real);
	const stat = await ports.fs.stat(folder).catch(() => ({ok: false as const, code: 'error' as const, message: 'stat failed'}));
	const reason = distrustOf(stat, showFromCwd(folder, ports.cwd), ports);
	return reason ? `${shown} is a symbolic link; ${reason}` : undefined;
}

const settingNames = new Set<string>(settingVariables);
const azureKeyVariable = 'AZURE_OPENAI_API_KEY';

/** The settings and the Azure key a loaded file defines (the last definition of each, as loaders take). */
/** A setting besides the key (OPENAI_BASE_URL…) or Azure's key variable: recorded apart from the key's definitions. */
function isSetting(name: string): boolean {
	return settingNames.has(name) || name === azureKeyVariable;
}

function recordSettings(
	fact: DotenvFileFact,
	definitions: readonly DotenvDefinition[],
	secrets: Map<string, Secret>,
	shown: string,
	expand: (definition: DotenvDefinition, value: string) => string | undefined,
): void {
	for (const definition of definitions) {
		if (!definition.effective || definition.value === undefined) continue;
		const expanded = expand(definition, definition.value);
		const value = expanded ?? definition.value;
		if (value.trim() === '') continue;
		const source = `file:${shown}:${definition.line}`;
		if (definition.name === azureKeyVariable) {
			secrets.set(source, new Secret(value));
			(fact.azureKeys ??= []).push({source, ...(expanded === undefined ? {} : {expanded: true})});
		} else {
			(fact.settings ??= []).push({variable: definition.name as SettingVariable, value, source});
		}
	}
}

/** Which `.env` files' settings reach the app: none, the project folder's, or its parents' too. `noCode`: no source files to tell by. */
export type SettingsReach = {scope: 'none' | 'project' | 'parents'; why: string; noCode?: boolean};

/**
 * Whether anything loads `.env` into the app's environment: the SDKs never read it. A
 * framework that loads it itself, a load call in the code (python-dotenv's walks up to
 * parent folders), a script or command file that loads it, or no code at all to tell
 * by. Settings such as OPENAI_BASE_URL decide where the key is sent, so they count only
 * then: a `.env` nothing loads must not send the key to its host.
 */
function settingsReach(project: {framework: Framework; scriptsLoadEnv: boolean}, uses: EnvFileUses, use: DotenvUse, names: readonly string[]): SettingsReach {
	if (use.load?.walksUp) return {scope: 'parents', why: `${use.load.file}:${use.load.line} calls ${use.load.call}`};
	if (use.load) return {scope: 'project', why: `${use.load.file}:${use.load.line} calls ${use.load.call}`};
	if (project.framework) return {scope: 'project', why: `${project.framework} loads .env itself`};
	if (project.scriptsLoadEnv) return {scope: 'project', why: 'a package.json script loads it'};
	if (uses.shell.size > 0) return {scope: 'project', why: `${[...uses.shell.values()][0]} loads it`};
	if (uses.docker.size > 0) return {scope: 'project', why: `${[...uses.docker.values()][0]} passes it with --env-file`};
	if (names.some(name => /^(?:bun\.lockb?|bunfig\.toml|Pipfile)$/.test(name))) return {scope: 'project', why: 'Bun / pipenv load .env themselves'};
	if (use.sourceFiles === 0) return {scope: 'parents', why: 'there is no code here to tell by', noCode: true};
	return {scope: 'none', why: 'no code or script here loads .env (load_dotenv(), dotenv.config(), --env-file…)'};
}

/** Each setting from the first file the loader reads that defines it, among the files whose settings reach the app. */
function loadedSettings(files: readonly DotenvFileFact[], loader: DotenvLoader, reach: SettingsReach): DotenvSetting[] {
	const out = new Map<SettingVariable, DotenvSetting>();
	if (reach.scope === 'none') return [];
	for (const shown of loader.order) {
		const file = files.find(item => item.shown === shown && item.kind === 'dotenv' && !item.untrusted && (reach.scope === 'parents' || item.depth === 0));
		for (const setting of file?.settings ?? []) if (!out.has(setting.variable)) out.set(setting.variable, setting);
	}

	return [...out.values()];
}

function toFact(secrets: Map<string, Secret>, shown: string, variable: string, line: number, endLine: number, value: string | undefined, effective: boolean, defects: DotenvDefect[], parsed: boolean): DotenvDefinitionFact {
	const source = `file:${shown}:${line}`;
	const fact: DotenvDefinitionFact = {variable, line, endLine, source, empty: value === undefined || value.trim() === '', parsed, effective, defects};
	recordDefinitionValue(fact, variable, value, source, secrets);

	return fact;
}

function markLastDirenvDefinitions(definitions: DotenvDefinitionFact[]): void {
	const last = new Map<string, DotenvDefinitionFact>();
	for (const definition of definitions) last.set(definition.variable, definition);
	for (const definition of definitions) definition.effective = last.get(definition.variable) === definition;
}

/** Project files that may hold the `docker run` command line, or a shell line that loads `.env`. */
const commandFiles = /^(?:Makefile|makefile|GNUmakefile|justfile|Justfile|Taskfile\.ya?ml|package\.json|README(?:\.md)?|.*\.sh)$/;

/** How the project's command files load `.env` files, by file name, with the command file that does. */
type EnvFileUses = {
	/** Passed to `docker run --env-file`: read literally (no `export`, no quotes, no spaces around `=`). */
	docker: Map<string, string>;
	/** Loaded by the shell (`source .env`, `. ./.env`, `export $(cat .env | xargs)`): a `\r` stays in every value. */
	shell: Map<string, string>;
};

const envFileName = String.raw`["']?(?:\$\{?PWD\}?\/|\.\/)?(\.env[\w.-]*)["']?`;

/** `source .env`, `. ./.env`, `export $(cat .env | xargs)`, `export $(grep -v '^#' .env | xargs)`, `xargs < .env`. */
const shellLoads = [
	new RegExp(String.raw`(?:^|[\s;&|(\`{])(?:source|\.)[ \t]+${envFileName}(?=[\s;&|)\`]|$)`, 'gm'),
	new RegExp(String.raw`\$\(\s*(?:cat|grep\b[^|)]*?|sed\b[^|)]*?)[ \t]+${envFileName}[^)]*\|\s*xargs`, 'g'),
	new RegExp(String.raw`xargs(?:[ \t]+-\w+)*[ \t]*<[ \t]*${envFileName}`, 'g'),
];

/** The `.env` files the project's command files pass to docker run --env-file or load with the shell. */
async function envFileUses(ports: Ports, names: readonly string[]): Promise<EnvFileUses> {
	const candidates = names.filter(name => commandFiles.test(name)).slice(0, 12);
	const uses: EnvFileUses = {docker: new Map(), shell: new Map()};
	const reads = await Promise.all(candidates.map(async name => ({name, read: await readTextFile(ports, path.join(ports.cwd, name), name, 256 * 1024)})));
	const add = (into: Map<string, string>, written: string, by: string) => {
		const file = path.posix.normalize(written.replace(/^\$\{?PWD\}?\//, '').replace(/^\.\//, ''));
		if (!into.has(file)) into.set(file, by);
	};

	for (const {name, read} of reads) {
		if (!read.ok) continue;
		for (const match of read.text.matchAll(/--env-file(?:=|\s+)["']?([^\s"';&|)]+)/g)) add(uses.docker, match[1]!, name);
		for (const pattern of shellLoads) for (const match of read.text.matchAll(pattern)) add(uses.shell, match[1]!, name);
	}

	return uses;
}

/** Adds the defects that only matter to docker --env-file or to the shell, to files the project passes to them. */
function markEnvFileUses(file: DotenvFileFact, uses: EnvFileUses): void {
	if (file.depth !== 0 || file.kind !== 'dotenv') return;
	const sourcedBy = uses.shell.get(file.name);
	if (sourcedBy && (file.lineEndings === 'crlf' || file.lineEndings === 'mixed')) {
		for (const definition of file.definitions) {
			definition.defects.push({
				code: 'shell-crlf',
				message: `Windows line endings (CRLF), and ${sourcedBy} loads ${file.name} with the shell, which keeps the \\r at the end of the value`,
			});
		}
	}

	const by = uses.docker.get(file.name);
	if (!by) return;
	file.dockerEnvFile = by;
	for (const definition of file.definitions) {
		for (const defect of definition.defects) {
			if (defect.code === 'export-prefix') {
				definition.defects.push({code: 'docker-export', message: `starts with "export ", and ${by} passes ${file.name} to docker run --env-file, which rejects that line`});
				break;
			}
		}

		if (definition.quoted) {
			definition.defects.push({code: 'docker-quotes', message: `the value is quoted, and ${by} passes ${file.name} to docker run --env-file, which keeps the quotes as part of the value`});
		}
	}
}

/**
 * How the project's loader expands `${NAME}` in `.env` values: `braces` (python-dotenv,
 * its default `interpolate=True`, and the guess for a folder with no manifest),
 * `dotenv-expand` (`$NAME` too: Next.js, Vite, Create React App, dotenv-expand, dotenvx)
 * or `none` (node's plain dotenv and `node --env-file` keep the text as it is).
 */
export type Expansion = {style: 'braces' | 'dotenv-expand' | 'none'; by: string};

/** Files that mark a Python project. */
const pythonMarkers = /^(?:requirements.*\.txt|pyproject\.toml|Pipfile|setup\.py|setup\.cfg|.*\.py)$/;

/** The framework whose `.env` loading rules apply, and how its loader expands references, from the project's files. */
async function detectProject(ports: Ports, names: readonly string[]): Promise<{framework: Framework; expansion: Expansion; python: boolean; scriptsLoadEnv: boolean}> {
	const python = names.some(name => pythonMarkers.test(name));
	const braces: Expansion = {style: 'braces', by: python ? 'python-dotenv' : 'python-dotenv (and most loaders but node\'s plain dotenv)'};
	const read = await readTextFile(ports, path.join(ports.cwd, 'package.json'), 'package.json', 512 * 1024);
	if (!read.ok) return {framework: undefined, expansion: braces, python, scriptsLoadEnv: false};
	const {framework, expander, scriptsLoadEnv} = manifestFacts(read.text);
	if (expander) return {framework, expansion: {style: 'dotenv-expand', by: expander}, python, scriptsLoadEnv};
	// A project with both a package.json and Python files may load .env from either side.
	return {framework, expansion: python ? braces : {style: 'none', by: 'node\'s dotenv'}, python, scriptsLoadEnv};
}

/**
 * What python-dotenv reads from a one-line unquoted value where node's dotenv (whose
 * parser the scan uses) reads something else: python-dotenv ends a value at a `#` only
 * after whitespace, and takes backticks literally. Undefined for quoted values and lines
 * that are not `NAME=value`.
 */
export function pythonDotenvValue(line: string): {value: string; why: string} | undefined {
	const rest = /^[ \t]*(?:export[ \t]+)?[\w.-]+[ \t]*=[ \t]*(.*)$/.exec(line)?.[1];
	if (rest === undefined || rest.startsWith('"') || rest.startsWith("'")) return undefined;
	const value = rest.replace(/\s+#.*$/, '').trimEnd();
	const why = value.startsWith('`')
		? 'python-dotenv keeps the backticks in the value (node\'s dotenv reads them as quotes)'
		: 'python-dotenv keeps the "#" and what follows it in the value: it starts a comment only after a space';
	return {value, why};
}

/**
 * The value with its `${NAME}` references expanded as the loader does (python-dotenv's
 * `${NAME:-default}` too), looking names up in the environment first, then in the file;
 * undefined when the loader would keep the text as it is.
 */
export function expandReferences(value: string, expansion: Expansion, lookup: (name: string) => string | undefined): string | undefined {
	if (expansion.style === 'none' || !value.includes('$')) return undefined;
	const pattern = expansion.style === 'dotenv-expand' ? /\$\{(\w+)(?:(:?-)([^}]*))?\}|\$(\w+)/g : /\$\{(\w+)(?:(:?-)([^}]*))?\}/g;
	let matched = false;
	const expanded = value.replace(pattern, (_match, braced: string | undefined, operator: string | undefined, fallback: string | undefined, bare: string | undefined) => {
		matched = true;
		const found = lookup((braced ?? bare)!);
		if (operator === ':-') return found ? found : (fallback ?? '');
		if (operator === '-') return found ?? fallback ?? '';
		return found ?? '';
	});
	return matched ? expanded : undefined;
}

/** The `.env` files a loader reads from the app's folder, first wins: a framework's (in development), or dotenv's `.env`. */
export function loaderFileNames(framework: Framework): string[] {
	if (!framework) return ['.env'];
	return framework === 'Vite' ? ['.env.development.local', '.env.development', '.env.local', '.env'] : ['.env.development.local', '.env.local', '.env.development', '.env'];
}

/**
 * Which files the app's loader reads. Frameworks read several files from the project
 * folder, and the first one that sets a variable wins (they never override each
 * other or the environment). Plain dotenv reads `.env`: node's `config()` in the
 * working folder, python's `load_dotenv()` the nearest one up the tree.
 */
export function describeLoader(framework: Framework, files: readonly DotenvFileFact[]): DotenvLoader {
	const inCwd = (name: string) => files.find(file => file.depth === 0 && file.kind === 'dotenv' && file.name === name)?.shown;
	if (framework) {
		const names = loaderFileNames(framework);
		return {
			name: framework,
			order: names.map(inCwd).filter((shown): shown is string => Boolean(shown)),
			explanation: `${framework} reads ${names.join(', ')} (in development) and the first one that sets a variable wins`,
		};
	}

	const nearest = files.filter(file => file.kind === 'dotenv' && file.name === '.env').sort((a, b) => a.depth - b.depth)[0];
	return {
		name: 'dotenv',
		order: nearest ? [nearest.shown] : [],
		explanation:
			nearest && nearest.depth > 0
				? `the project folder has no .env, so python-dotenv's load_dotenv() finds ${nearest.shown} up the tree (node's dotenv reads only ./.env)`
				: 'dotenv loaders (python-dotenv load_dotenv(), node dotenv config(), node --env-file) read .env in the project folder',
	};
}

/** Detail lines per file at most; a file with more key lines is junk. */
const detailLinesPerFile = 12;

function summarize(files: readonly DotenvFileFact[], loader: DotenvLoader, searchedParents: boolean): {status: 'pass' | 'warn'; summary: string; details: string[]} {
	const result = summarizeFiles(files, loader, searchedParents);
	// A file read only in part, or not at all, changes what the summary can claim: say so there.
	const partial = files.flatMap(file => {
		if (file.truncated) return [`${file.shown} is ${formatBytes(file.size ?? 0)}: only its first ${formatBytes(dotenvMaxBytes)} were read, so a later line may change this`];
		if (!file.readable && /binary|encrypted/.test(file.problem ?? '')) return [`${file.shown} holds binary data and was not parsed`];
		if (file.untrusted) return [`settings in ${file.shown} ignored: ${file.untrusted}`];
		return [];
	});
	if (partial.length > 0) result.summary = `${result.summary.replace(/\.$/, '')} (${partial.join('; ')}).`;
	return result;
}

function summarizeFiles(files: readonly DotenvFileFact[], loader: DotenvLoader, searchedParents: boolean): {status: 'pass' | 'warn'; summary: string; details: string[]} {
	const details: string[] = [];
	let warn = false;
	for (const file of files) {
		if (file.problem) {
			details.push(file.problem);
			warn = true;
		}

		if (file.untrusted) {
			const sets = [...new Set((file.settings ?? []).map(setting => setting.variable))];
			details.push(`${file.shown} is not used for settings${sets.length > 0 ? ` (it sets ${listSome(sets, 4)})` : ''}: ${file.untrusted}, so anyone could have put it there. Its keys are only listed.`);
			warn = true;
		}

		if (file.lineEndings === 'crlf' || file.lineEndings === 'mixed') {
			details.push(
				`${file.shown} has ${file.lineEndings === 'crlf' ? 'Windows line endings (CRLF)' : 'mixed line endings (some CRLF)'}: dotenv loaders drop the \\r, but a shell that sources the file keeps it in the value.`,
			);
		}

		const listed = file.definitions.filter(definition => definition.variable === keyVariable || definition.keyLike);
		if (listed.length > detailLinesPerFile) details.push(`${file.shown} sets OPENAI_API_KEY or a similar name on ${listed.length}+ lines; the first and last are listed.`);
		const shown = listed.length > detailLinesPerFile ? [...listed.slice(0, detailLinesPerFile / 2), ...listed.slice(-detailLinesPerFile / 2)] : listed;
		for (const definition of listed) {
			if (definition.defects.some(defect => malformingDefects.has(defect.code))) warn = true;
		}

		for (const definition of shown) {
			const what = definition.variable === keyVariable ? '' : ` (as ${definition.variable})`;
			const value = definition.fingerprint ?? (definition.parsed ? '(empty)' : '(not parsed)');
			const notes = definition.defects.map(defect => defect.message);
			if (!definition.effective && definition.parsed && definition.variable === keyVariable) notes.push('overridden by a later line');
			details.push(`${file.shown}:${definition.line}${what}: ${value}${notes.length > 0 ? ` — ${notes.join('; ')}` : ''}`);
		}
	}

	if (loader.order.length > 0) details.push(`Loader: ${loader.name} — ${loader.explanation}.`);
	const withKey = files.filter(file => file.definitions.some(definition => definition.variable === keyVariable));
	if (files.length === 0) return {status: 'pass', summary: `No .env file in the project folder${searchedParents ? ' or its parents' : ''}.`, details};
	const listed = listSome(files.map(file => file.shown), 4);
	if (withKey.length === 0) {
		return {status: warn ? 'warn' : 'pass', summary: `OPENAI_API_KEY is not set in ${files.length === 1 ? listed : `any of ${listed}`}.`, details};
	}

	const places = listSome(withKey.flatMap(file => file.definitions.filter(definition => definition.variable === keyVariable).map(definition => `${file.shown}:${definition.line}`)), 4);
	return {status: warn ? 'warn' : 'pass', summary: `OPENAI_API_KEY is set in ${places}.`, details};
}
