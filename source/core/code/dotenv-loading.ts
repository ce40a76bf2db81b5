import {listSome} from '../local/list-some.js';
import type {DotenvFileFact, DotenvProbeData} from '../probes/dotenv.js';
import type {RunOptions} from '../types.js';
import type {At, CodeScan} from './code-scan.js';
import {envFileBase, type DotenvLoad} from './source-facts.js';

/** The loaders that would read a `.env` for the app, for the warning when there is no code to tell by. */
export const dotenvLoaderNames = "python-dotenv's load_dotenv(), node's import 'dotenv/config' or node --env-file=.env, or a framework that loads .env itself (Next.js, Vite, Nuxt)";

/** Whether the `.env` that holds the key reaches the app. */
export type DotenvLoading =
	| {state: 'loaded'; by: string; file: string; source: string; variable: string; fingerprint?: string}
	| {state: 'not-loaded'; file: string; source: string; variable: string; fingerprint?: string; why: string; partial: boolean; late?: boolean; withheld?: {framework: 'Vite' | 'Next.js'; prefix: 'VITE_' | 'NEXT_PUBLIC_'}; settingsObject?: {file: string; line: number; call: string}}
	| {state: 'no-code'; file: string; source: string; variable: string; fingerprint?: string}
	| {state: 'no-key'};

/** A `.env` line (or file) that sets the key the app reads. */
type KeyLine = {file: string; source: string; variable: string; fingerprint?: string; fact: DotenvFileFact};

/**
 * Every `.env` that sets the key the app reads (OPENAI_API_KEY first, then another name
 * its code reads): the loader's own files first, in its order, then any other `.env`
 * file found (`.env.local` beside a loader that reads only `.env`, a parent's `.env`).
 */
function keyLines(dotenv: DotenvProbeData, names: readonly string[]): KeyLine[] {
	const others = dotenv.files.filter(file => file.kind === 'dotenv' && !dotenv.loader.order.includes(file.shown)).sort((a, b) => a.depth - b.depth);
	const files = [...dotenv.loader.order.map(shown => dotenv.files.find(file => file.shown === shown && file.kind === 'dotenv')), ...others].filter(
		(file): file is DotenvFileFact => file !== undefined,
	);
	const out: KeyLine[] = [];
	for (const name of names) {
		for (const file of files) {
			if (out.some(line => line.fact === file)) continue;
			const definition = file.definitions.find(item => item.variable === name && item.effective && item.parsed && !item.empty);
			if (definition) out.push({file: file.shown, source: definition.source, variable: name, fact: file, ...(definition.fingerprint ? {fingerprint: definition.fingerprint} : {})});
			else if (name !== 'OPENAI_API_KEY' && file.names?.includes(name)) out.push({file: file.shown, source: `file:${file.shown}`, variable: name, fact: file});
		}
	}

	return out;
}

/** True when a load call reads this `.env` file: the files it names, or its default (`.env`, here or, searching up, in a parent). */
function reaches(load: DotenvLoad, file: DotenvFileFact): boolean {
	if (load.dynamic) return true;
	// A path may point anywhere (`../../.env`): the file's name is what can be told.
	if (load.files) return load.files.some(name => envFileBase(name) === file.name);
	return file.name === '.env' && (load.walksUp || file.depth === 0);
}

/** Where the code reads a variable through `import.meta.env`. */
function viteReads(scan: Pick<CodeScan, 'reads'>, variable: string): string {
	return listSome(scan.reads.filter(read => read.name === variable).map(read => `${read.file}:${read.line}`), 2);
}

/**
 * True when Vite's loading leaves the variable out of what the code reads: Vite hands
 * `import.meta.env` only names with its public prefix (VITE_), and every read of this
 * one goes through `import.meta.env` (a server's `process.env` read gets it from elsewhere;
 * Astro's server code gets every variable).
 */
function viteHides(framework: string | undefined, scan: Pick<CodeScan, 'reads' | 'astro'> | undefined, variable: string): boolean {
	// Astro hands its server code every variable through import.meta.env.
	if (framework !== 'Vite' || !scan || scan.astro || variable.startsWith('VITE_')) return false;
	const reads = scan.reads.filter(read => read.name === variable);
	return reads.length > 0 && reads.every(read => /\bimport\.meta\.env\b/.test(read.how));
}

/**
 * True when Next.js leaves the variable out of what the code reads: it writes only
 * NEXT_PUBLIC_ variables into client components (`'use client'`), and every read of this
 * one is in such a file (a route handler or server component gets it).
 */
function nextHides(framework: string | undefined, scan: Pick<CodeScan, 'reads' | 'clientComponents'> | undefined, variable: string): boolean {
	if (framework !== 'Next.js' || !scan?.clientComponents?.length || variable.startsWith('NEXT_PUBLIC_')) return false;
	const browser = new Set(scan.clientComponents);
	const reads = scan.reads.filter(read => read.name === variable);
	return reads.length > 0 && reads.every(read => browser.has(read.file));
}

/** The files a load reads, in words. */
function readsWords(load: DotenvLoad): string {
	if (load.files) return `only ${listSome(load.files, 3)}`;
	return load.walksUp ? '.env (here or in a parent folder)' : "only the project folder's .env";
}

/** A load that runs after the client that needs the key was created (same file, client at the top level). */
function late(scan: Pick<CodeScan, 'loadAfterClient'>, load: At<DotenvLoad>): boolean {
	return scan.loadAfterClient.some(item => item.file === load.file && load.line > item.client && !load.hoisted);
}

/**
 * Judges whether anything loads the `.env` that holds the key the app reads
 * (OPENAI_API_KEY, or another name its code reads): a call in the code (the full scan
 * when it finished, else the `.env` probe's view) that reads that file, a framework (its
 * own folder's `.env` files), a script, a command file or docker compose. A loader that
 * reads only the project folder does not reach a `.env` in a parent folder; one that
 * reads only `.env` does not reach `.env.local`; one called after the client is created
 * comes too late for it. `no-code` when nothing here tells.
 */
export function dotenvLoading(
	dotenv: DotenvProbeData | undefined,
	fullScan: CodeScan | undefined,
	names: readonly string[] = ['OPENAI_API_KEY'],
	appRuntime?: RunOptions['appRuntime'],
): DotenvLoading {
	const lines = dotenv ? keyLines(dotenv, names) : [];
	if (!dotenv || lines.length === 0) return {state: 'no-key'};
	// An app the user runs on this machine does not get the .env compose hands a container.
	const scan = appRuntime === 'local' && fullScan ? {...fullScan, loads: fullScan.loads.filter(load => !load.container)} : fullScan;
	const where = (line: KeyLine) => ({file: line.file, source: line.source, variable: line.variable, ...(line.fingerprint ? {fingerprint: line.fingerprint} : {})});
	const loads = scan?.loads.filter(load => !late(scan, load));
	const framework = dotenv.loader.name !== 'dotenv' ? dotenv.loader.name : undefined;
	const reach = dotenv.reach;
	// A client that takes the key from the environment (`OpenAI()`) never sees what a settings object read.
	const fromEnvironment = (variable: string) => scan?.clients.find(client => client.implicitKey === variable);
	for (const line of lines) {
		const inParent = line.fact.depth > 0;
		const load = loads?.find(item => reaches(item, line.fact) && !(item.settingsOnly && fromEnvironment(line.variable)));
		if (load) return {state: 'loaded', by: `${load.file}:${load.line} calls ${load.call}`, ...where(line)};
		if (scan?.flask && scan.pythonDotenv && !inParent && line.fact.name === '.env') {
			return {state: 'loaded', by: `${scan.flask.file} is a Flask app and python-dotenv is a dependency: flask run and app.run() load .env`, ...where(line)};
		}

		// Vite or Next.js loads the file, but the name is not among those it hands the code.
		if (viteHides(framework, scan, line.variable) || nextHides(framework, scan, line.variable)) continue;
		// A framework reads its own folder's .env files (which ones, by the mode it runs in).
		if (framework && !inParent) return {state: 'loaded', by: `${framework} loads .env itself`, ...where(line)};
		// Without a load call in the code (a late one counts: it is the code's only loader), the .env probe's view: a script, a command file, docker, Bun.
		// (The .env probe's reach names the code's first load when there is one: compose's, for an app this run knows is not in a container.)
		if (!fullScan?.loads.length && reach && reach.scope !== 'none' && !reach.noCode && (reach.scope === 'parents' || !inParent)) return {state: 'loaded', by: reach.why, ...where(line)};
	}

	const line = lines[0]!;
	const noCode = scan ? scan.sourceFiles === 0 : reach?.noCode === true;
	if (noCode) return {state: 'no-code', ...where(line)};
	const partial = !scan || scan.partial.length > 0;
	const tooLate = scan?.loads.find(load => late(scan, load) && reaches(load, line.fact));
	if (tooLate) {
		const client = scan!.loadAfterClient.find(item => item.file === tooLate.file)!;
		const why = `${tooLate.file}:${tooLate.line} calls ${tooLate.call} after the client is created at line ${client.client}, and the client takes the key from the environment when it is created`;
		return {state: 'not-loaded', why, partial, late: true, ...where(line)};
	}

	if (viteHides(framework, scan, line.variable)) {
		const why = `Vite hands import.meta.env only the variables whose names start with VITE_, and the code reads ${line.variable} from import.meta.env (${viteReads(scan!, line.variable)})`;
		return {state: 'not-loaded', why, partial, withheld: {framework: 'Vite', prefix: 'VITE_'}, ...where(line)};
	}

	if (nextHides(framework, scan, line.variable)) {
		const why = `Next.js writes into client components ('use client') only the variables whose names start with NEXT_PUBLIC_, and the code reads ${line.variable} in one (${viteReads(scan!, line.variable)}): there it is undefined`;
		return {state: 'not-loaded', why, partial, withheld: {framework: 'Next.js', prefix: 'NEXT_PUBLIC_'}, ...where(line)};
	}

	const kept = loads?.find(item => item.settingsOnly && reaches(item, line.fact));
	const client = fromEnvironment(line.variable);
	if (kept && client) {
		const why = `${kept.file}:${kept.line} reads it with ${kept.call}, which keeps the values to itself and never sets ${line.variable} in the environment, where ${client.file}:${client.line} ${client.call} looks for it`;
		return {state: 'not-loaded', why, partial, settingsObject: {file: kept.file, line: kept.line, call: kept.call}, ...where(line)};
	}

	const load = loads?.[0];
	const why = load
		? `${load.file}:${load.line} calls ${load.call}, which reads ${readsWords(load)}, not ${line.file}`
		: framework
			? `${framework} reads the .env files of the project folder only, not ${line.file}`
			: 'no load_dotenv(), dotenv/config, --env-file, framework or script that loads .env was found';
	return {state: 'not-loaded', why, partial, ...where(line)};
}
