import {analyzeKeyFully} from './anatomy.js';
import {Secret} from './secret.js';
import type {Facts, KeyObservation, KeyOrigin, LiveStatus} from '../types.js';
import type {DotenvDefinitionFact, DotenvProbeData} from '../probes/dotenv.js';
import type {ProfilesProbeData} from '../probes/profiles.js';
import type {LoginShellData} from '../probes/login-shell.js';
import type {MisnamedVarsData} from '../probes/misnamed-vars.js';
import {subfolderKey} from './subfolder-key.js';

const keyVariable = 'OPENAI_API_KEY';

/** Why the app's runtime gets the key it gets, and what it passes over. */
export type EffectiveKey = {
	/** `key`: a value reaches the app; `empty`: an empty one does; `none`: nothing does. */
	state: 'key' | 'empty' | 'none';
	/** The sighting the app uses (only with `state: 'key'`). */
	observation?: KeyObservation;
	/** Report form of the winning source (`env:OPENAI_API_KEY`, `file:.env:3`), for `key` and `empty`. */
	source?: string;
	origin?: KeyOrigin;
	/** One key-free sentence: why this source wins (or why nothing reaches the app). */
	reason: string;
	/** Every other sighting of OPENAI_API_KEY on this machine, with why the app does not use it. */
	passedOver: Array<{source: string; fingerprint?: string; sha256?: string; why: string}>;
};

/** The rule every dotenv loader follows, in words for evidence lines. */
export const dotenvKeepsExisting =
	'dotenv loaders (python-dotenv load_dotenv(), node dotenv config(), node --env-file, Next.js, Vite) keep a variable that already exists in the environment';

/**
 * Which source of OPENAI_API_KEY the app's runtime gets, and why. The process
 * environment wins when the variable exists in it, even empty (dotenv loaders never
 * override it); without it, the first `.env` file the project's loader reads that sets
 * the key. Profiles and the login shell only shape new terminals, never the running app.
 */
export function effectiveKey(facts: Facts): EffectiveKey {
	const observations = facts.keys.flatMap(key => key.observations).filter(observation => observation.variable === keyVariable);
	const dotenv = facts.results.get('dotenv')?.data as DotenvProbeData | undefined;
	const envObservation = observations.find(item => item.origin === 'env');
	// The env probe's sighting stands for the environment when the facts carry no copy of it.
	const envValue = facts.env[keyVariable] ?? envObservation?.secret.reveal();
	let winner: Omit<EffectiveKey, 'passedOver'>;
	// Code that loads .env with override lets a .env key replace the environment's.
	const overridden = envValue !== undefined && dotenv?.override !== undefined && dotenvCandidate(dotenv) !== undefined;
	if (envValue !== undefined && !overridden) {
		const observation =
			envObservation ?? (envValue.trim() === '' ? undefined : {secret: new Secret(envValue), source: 'env:OPENAI_API_KEY', origin: 'env' as const, variable: keyVariable});
		const dotenvKey = dotenv ? dotenvCandidate(dotenv) : undefined;
		const shadowing = dotenvKey ? `; ${dotenvKey.definition.source.replace(/^file:/, '')} is not used` : '';
		winner =
			envValue.trim() === ''
				? {
						state: 'empty',
						source: 'env:OPENAI_API_KEY',
						origin: 'env',
						reason: `OPENAI_API_KEY is set but empty in the environment the app starts from, and ${dotenvKeepsExisting}, even an empty one${shadowing}`,
					}
				: {
						state: 'key',
						observation: observation!,
						source: 'env:OPENAI_API_KEY',
						origin: 'env',
						reason: `OPENAI_API_KEY is set in the environment the app starts from, and ${dotenvKeepsExisting}${shadowing}`,
					};
	} else if (dotenv) {
		const candidate = dotenvCandidate(dotenv);
		if (candidate) {
			const {definition} = candidate;
			const because = overridden
				? `${dotenv.override!.file}:${dotenv.override!.line} loads .env with ${dotenv.override!.call}, so ${candidate.file} replaces the environment's OPENAI_API_KEY`
				: `OPENAI_API_KEY is not in the environment, and ${dotenv.loader.explanation}`;
			if (definition.empty) {
				winner = {state: 'empty', source: definition.source, origin: 'dotenv', reason: `${because}: ${definition.source.replace(/^file:/, '')} sets it empty`};
			} else {
				const observation = observations.find(item => item.source === definition.source);
				winner = observation
					? {state: 'key', observation, source: definition.source, origin: 'dotenv', reason: because}
					: {state: 'none', reason: `${because}, but its value could not be read`};
			}
		} else {
			const {order, name} = dotenv.loader;
			const fromWorkspace = subfolderKey(facts);
			winner =
				fromWorkspace && 'observation' in fromWorkspace
					? {state: 'key', observation: fromWorkspace.observation, source: fromWorkspace.source, origin: 'dotenv', reason: fromWorkspace.reason}
					: {
							state: 'none',
							reason:
								fromWorkspace?.reason ??
								(order.length === 0
									? 'OPENAI_API_KEY is not in the environment, and there is no .env file the app loads'
									: `OPENAI_API_KEY is not in the environment, and ${order.join(', ')} (what ${name} reads) ${order.length === 1 ? 'does' : 'do'} not set it`),
						};
		}
	} else {
		// Without the .env probe's facts: the first `.env` sighting, as dotenv would load it.
		const fromDotenv = observations.find(item => item.origin === 'dotenv');
		winner = fromDotenv
			? {state: 'key', observation: fromDotenv, source: fromDotenv.source, origin: 'dotenv', reason: 'OPENAI_API_KEY is not in the environment, so the .env value is used'}
			: {state: 'none', reason: 'OPENAI_API_KEY is not in the environment and no .env file sets it'};
	}

	return {...winner, passedOver: passedOver(facts, winner, dotenv)};
}

/** The `.env` definition the loader would use if the environment did not have the key. */
export function dotenvCandidate(dotenv: DotenvProbeData): {definition: DotenvDefinitionFact; file: string} | undefined {
	for (const shown of dotenv.loader.order) {
		const file = dotenv.files.find(item => item.shown === shown && item.kind === 'dotenv');
		const definition = file?.definitions.find(item => item.variable === keyVariable && item.effective && item.parsed);
		if (definition) return {definition, file: shown};
	}

	return undefined;
}

function passedOver(facts: Facts, winner: Omit<EffectiveKey, 'passedOver'>, dotenv: DotenvProbeData | undefined): EffectiveKey['passedOver'] {
	const out: EffectiveKey['passedOver'] = [];
	const winnerFile = winner.source?.startsWith('file:') ? winner.source.slice(5).replace(/:\d+$/, '') : undefined;
	for (const file of dotenv?.files ?? []) {
		for (const definition of file.definitions) {
			if (definition.variable !== keyVariable || definition.source === winner.source) continue;
			let why: string;
			if (!definition.parsed) why = 'the line does not parse, so loaders skip it';
			else if (file.kind === 'direnv') why = 'direnv exports it into your shell when you enter the folder; the app sees it only through the environment';
			else if (winner.origin === 'env') why = `the environment already has OPENAI_API_KEY, and ${dotenvKeepsExisting}`;
			else if (!definition.effective) why = 'a later line in the same file sets it again';
			else if (!dotenv!.loader.order.includes(file.shown)) why = `${dotenv!.loader.name} does not read ${file.shown}`;
			else why = `${winnerFile ?? 'an earlier file'} comes first for ${dotenv!.loader.name}`;
			out.push({source: definition.source, ...fingerprintOf(definition), why});
		}
	}

	if (winner.origin === 'dotenv' && dotenv?.override && (facts.env[keyVariable] !== undefined || facts.keys.some(key => key.observations.some(item => item.source === 'env:OPENAI_API_KEY')))) {
		const envKey = facts.keys.find(key => key.observations.some(item => item.source === 'env:OPENAI_API_KEY'));
		out.push({
			source: 'env:OPENAI_API_KEY',
			...(envKey ? {sha256: envKey.secret.sha256, fingerprint: envKey.secret.fingerprint} : {}),
			why: `${dotenv.override.file}:${dotenv.override.line} loads .env with ${dotenv.override.call}, so the .env value replaces it`,
		});
	}

	const profiles = facts.results.get('profiles')?.data as ProfilesProbeData | undefined;
	for (const definition of profiles?.definitions ?? []) {
		if (definition.variable !== keyVariable) continue;
		out.push({
			source: definition.source,
			...fingerprintOf(definition),
			why: 'a startup file shapes new terminals; the app gets the environment of the terminal (or service) it starts from',
		});
	}

	const login = facts.results.get('login-shell')?.data as LoginShellData | undefined;
	if (login?.ran && login.shell && (login.sha256 || login.empty)) {
		out.push({
			source: `login-shell:${login.shell}`,
			...(login.sha256 ? {sha256: login.sha256, fingerprint: login.fingerprint} : {}),
			why: 'what a new terminal gets; the app started from this one gets this environment',
		});
	}

	return out;
}

function fingerprintOf(definition: {sha256?: string; fingerprint?: string}): {sha256?: string; fingerprint?: string} {
	return definition.sha256 ? {sha256: definition.sha256, ...(definition.fingerprint ? {fingerprint: definition.fingerprint} : {})} : {};
}

/**
 * The key observations the app's runtime actually uses, most likely first: the demo's
 * key, else the winner of `effectiveKey` (none when no key, or an empty one, reaches
 * the app).
 */
export function effectiveKeyObservations(facts: Facts): KeyObservation[] {
	const all = facts.keys.flatMap(key => key.observations).filter(observation => observation.variable === keyVariable);
	const demo = all.filter(observation => observation.origin === 'demo');
	if (demo.length > 0) return demo;
	const winner = effectiveKey(facts);
	return winner.observation ? [winner.observation] : [];
}

/**
 * The OPENAI_API_KEY sightings a new terminal (a fresh login shell) would hand the app:
 * the login shell's own answer when it ran (it is what the shell really does, whatever
 * the startup files look like when read), else the startup files' predicted outcome.
 * Empty when a new terminal gets no key.
 */
export function newTerminalKeyObservations(facts: Facts): KeyObservation[] {
	const all = facts.keys.flatMap(key => key.observations).filter(observation => observation.variable === keyVariable);
	const login = facts.results.get('login-shell')?.data as LoginShellData | undefined;
	const sha256 = login?.ran ? (login.exported ? login.sha256 : undefined) : (predictedProfileKey(facts) ?? all.find(item => item.origin === 'login-shell')?.secret.sha256);
	if (!sha256) return [];
	const matching = all.filter(observation => observation.secret.sha256 === sha256 && (observation.origin === 'login-shell' || observation.origin === 'profile'));
	// The login shell's sighting first: it names what a new terminal really gets.
	return matching.sort((a, b) => Number(b.origin === 'login-shell') - Number(a.origin === 'login-shell'));
}

/** The key the startup files leave exported for a new terminal, read statically. */
function predictedProfileKey(facts: Facts): string | undefined {
	const profiles = facts.results.get('profiles')?.data as ProfilesProbeData | undefined;
	return profiles?.outcome.set && profiles.outcome.exported ? profiles.outcome.sha256 : undefined;
}

/** Which key the value causes are judged on, and whether it is the one a new terminal would bring. */
export type ValueKeys = {observations: KeyObservation[]; newTerminal: boolean};

/**
 * The key whose value decides the value causes (CAUSES.md "The key's value"): the key the
 * app gets now; when this process has no OPENAI_API_KEY and nothing else reaches the app,
 * the key a new terminal would give it, since "open a new terminal" hands the app exactly that value.
 */
export function valueKeyObservations(facts: Facts): ValueKeys {
	const now = effectiveKeyObservations(facts);
	if (now.length > 0) return {observations: now, newTerminal: false};
	const processHasKey = facts.env[keyVariable] !== undefined || facts.keys.some(key => key.observations.some(observation => observation.origin === 'env' && observation.variable === keyVariable));
	if (processHasKey || effectiveKey(facts).state !== 'none') return {observations: [], newTerminal: false};
	const later = newTerminalKeyObservations(facts);
	return {observations: later, newTerminal: later.length > 0};
}

/**
 * Line-level defects of each local source, by report-form source: what the `.env` scan
 * and the profile reader saw (`spaces around "="`, `not exported`…), for the sources view.
 */
export function localSourceDefects(facts: Facts): Map<string, string[]> {
	const out = new Map<string, string[]>();
	const dotenv = facts.results.get('dotenv')?.data as DotenvProbeData | undefined;
	for (const file of dotenv?.files ?? []) {
		for (const definition of file.definitions) {
			const defects = definition.defects.map(defect => defect.message);
			if (!definition.effective && definition.parsed) defects.push('overridden by a later line in the same file');
			if (defects.length > 0) out.set(definition.source, defects);
		}
	}

	const profiles = facts.results.get('profiles')?.data as ProfilesProbeData | undefined;
	for (const definition of profiles?.definitions ?? []) {
		const defects: string[] = [];
		if (!definition.exported) defects.push(`not exported (${definition.form}): programs started from the shell do not get it`);
		if (!definition.readByUserShell) defects.push(`not read by your shell${profiles?.shell ? ` (${profiles.shell})` : ''}`);
		if (definition.computed) defects.push(definition.computed);
		if (defects.length > 0) out.set(definition.source, defects);
	}

	return out;
}

/** One row of step 2's sources view: a place on this machine that sets the key (or a near name). */
export type LocalSourceRow = {
	/** Report form: `env:OPENAI_API_KEY`, `file:.env:3`, `profile:~/.bashrc:12`, `login-shell:bash`. */
	source: string;
	origin: KeyOrigin;
	variable: string;
	/** `key` with a fingerprint; `empty`; `computed` when a profile computes it at start-up; `unparsed` for a line loaders skip. */
	value: 'key' | 'empty' | 'computed' | 'unparsed';
	fingerprint?: string;
	sha256?: string;
	/** What is wrong with the line and with the value, key-free. */
	defects: string[];
	/** The source the app's runtime gets. */
	wins: boolean;
	/** Why it wins, or why the app does not use it. */
	why: string;
	live: LiveStatus;
};

/**
 * Every local source of OPENAI_API_KEY and of near-named variables holding a key, with
 * its fingerprint, its defects and whether it is the one the app gets (and why). Empty,
 * computed and unparsable lines are listed too, though they have no key observation.
 */
export function localSourceRows(facts: Facts): LocalSourceRow[] {
	const winner = effectiveKey(facts);
	const passed = new Map(winner.passedOver.map(item => [item.source, item.why]));
	const lineDefects = localSourceDefects(facts);
	const bySha = new Map(facts.keys.map(key => [key.secret.sha256, key]));
	const rows: LocalSourceRow[] = [];
	const add = (row: Omit<LocalSourceRow, 'defects' | 'wins' | 'why' | 'live'> & {why?: string}) => {
		const key = row.sha256 ? bySha.get(row.sha256) : undefined;
		const valueDefects = key ? analyzeKeyFully(key.secret.reveal()).defectDetails.map(detail => detail.text) : [];
		const wins = row.source === winner.source && row.variable === keyVariable;
		rows.push({
			...row,
			defects: [...(lineDefects.get(row.source) ?? []), ...valueDefects],
			wins,
			why: wins ? winner.reason : (row.why ?? passed.get(row.source) ?? 'not read by the app'),
			live: key?.live ?? 'untested',
		});
	};

	const envValue = facts.env[keyVariable];
	const envKey = facts.keys.find(key => key.observations.some(observation => observation.source === 'env:OPENAI_API_KEY'));
	if (envValue !== undefined || envKey) {
		add({
			source: 'env:OPENAI_API_KEY',
			origin: 'env',
			variable: keyVariable,
			value: envKey ? 'key' : 'empty',
			...(envKey ? {fingerprint: envKey.secret.fingerprint, sha256: envKey.secret.sha256} : {}),
		});
	}

	const dotenv = facts.results.get('dotenv')?.data as DotenvProbeData | undefined;
	for (const file of dotenv?.files ?? []) {
		for (const definition of file.definitions) {
			if (definition.variable !== keyVariable && !definition.keyLike) continue;
			add({
				source: definition.source,
				origin: 'dotenv',
				variable: definition.variable,
				value: !definition.parsed ? 'unparsed' : definition.empty ? 'empty' : 'key',
				...fingerprintOf(definition),
				...(definition.variable === keyVariable ? {} : {why: `${definition.variable} is not OPENAI_API_KEY: SDKs do not read it`}),
			});
		}
	}

	const profiles = facts.results.get('profiles')?.data as ProfilesProbeData | undefined;
	for (const definition of profiles?.definitions ?? []) {
		if (definition.variable !== keyVariable && !definition.keyLike) continue;
		add({
			source: definition.source,
			origin: 'profile',
			variable: definition.variable,
			value: definition.computed ? 'computed' : definition.empty ? 'empty' : 'key',
			...fingerprintOf(definition),
			...(definition.variable === keyVariable ? {} : {why: `${definition.variable} is not OPENAI_API_KEY: SDKs do not read it`}),
		});
	}

	const login = facts.results.get('login-shell')?.data as LoginShellData | undefined;
	if (login?.ran && login.shell && login.exported) {
		add({source: `login-shell:${login.shell}`, origin: 'login-shell', variable: keyVariable, value: login.empty ? 'empty' : 'key', ...fingerprintOf(login)});
	}

	const misnamed = facts.results.get('misnamed-vars')?.data as MisnamedVarsData | undefined;
	for (const item of misnamed?.found ?? []) {
		if (item.where !== 'env') continue;
		add({source: item.source, origin: 'env', variable: item.variable, value: 'key', fingerprint: item.fingerprint, sha256: item.sha256, why: `${item.variable} is not OPENAI_API_KEY: SDKs do not read it`});
	}

	return rows;
}
