import {dotenvCandidate} from '../keys/effective.js';
import type {DotenvProbeData} from '../probes/dotenv.js';
import type {CodeScan} from './code-scan.js';
import {dotenvUseOf} from './dotenv-use.js';

/** The loaders that would read a `.env` for the app, for the warning when there is no code to tell by. */
export const dotenvLoaderNames = "python-dotenv's load_dotenv(), node's import 'dotenv/config' or node --env-file=.env, or a framework that loads .env itself (Next.js, Vite, Nuxt)";

/** Whether the `.env` that holds the key reaches the app. */
export type DotenvLoading =
	| {state: 'loaded'; by: string; file: string; source: string; variable: string; fingerprint?: string}
	| {state: 'not-loaded'; file: string; source: string; variable: string; fingerprint?: string; why: string; partial: boolean}
	| {state: 'no-code'; file: string; source: string; variable: string; fingerprint?: string}
	| {state: 'no-key'};

/** The `.env` line (or file) the loader would take the key from: OPENAI_API_KEY first, else a name the code reads. */
function keyLine(dotenv: DotenvProbeData, names: readonly string[]): {file: string; source: string; variable: string; fingerprint?: string} | undefined {
	const standard = dotenvCandidate(dotenv);
	if (standard && !standard.definition.empty) {
		return {file: standard.file, source: standard.definition.source, variable: 'OPENAI_API_KEY', ...(standard.definition.fingerprint ? {fingerprint: standard.definition.fingerprint} : {})};
	}

	for (const shown of dotenv.loader.order) {
		const file = dotenv.files.find(item => item.shown === shown && item.kind === 'dotenv');
		for (const name of names) {
			const definition = file?.definitions.find(item => item.variable === name && item.effective && item.parsed && !item.empty);
			if (definition) return {file: shown, source: definition.source, variable: name, ...(definition.fingerprint ? {fingerprint: definition.fingerprint} : {})};
			if (file?.names?.includes(name)) return {file: shown, source: `file:${shown}`, variable: name};
		}
	}

	return undefined;
}

/**
 * Judges whether anything loads the `.env` that holds the key the app reads
 * (OPENAI_API_KEY, or another name its code reads): a call in the code (the full scan
 * when it finished, else the `.env` probe's view), a framework, a script, a command file
 * or docker compose. A loader that reads only the project folder does not reach a `.env`
 * in a parent folder. `no-code` when nothing here tells.
 */
export function dotenvLoading(dotenv: DotenvProbeData | undefined, scan: CodeScan | undefined, names: readonly string[] = ['OPENAI_API_KEY']): DotenvLoading {
	const line = dotenv ? keyLine(dotenv, names) : undefined;
	if (!dotenv || !line) return {state: 'no-key'};
	const where = {file: line.file, source: line.source, variable: line.variable, ...(line.fingerprint ? {fingerprint: line.fingerprint} : {})};
	const inParent = (dotenv.files.find(file => file.shown === line.file)?.depth ?? 0) > 0;
	const load = scan ? dotenvUseOf(scan).load : undefined;
	if (load && (load.walksUp || !inParent)) return {state: 'loaded', by: `${load.file}:${load.line} calls ${load.call}`, ...where};
	if (scan?.flask && scan.pythonDotenv && !inParent) return {state: 'loaded', by: `${scan.flask.file} is a Flask app and python-dotenv is a dependency: flask run and app.run() load .env`, ...where};
	const reach = dotenv.reach;
	if (reach && reach.scope !== 'none' && !reach.noCode && (reach.scope === 'parents' || !inParent)) return {state: 'loaded', by: reach.why, ...where};
	const noCode = scan ? scan.sourceFiles === 0 : reach?.noCode === true;
	if (noCode) return {state: 'no-code', ...where};
	const why = load
		? `${load.file}:${load.line} calls ${load.call}, which reads only the project folder's .env, not ${line.file}`
		: 'no load_dotenv(), dotenv/config, --env-file, framework or script that loads .env was found';
	return {state: 'not-loaded', why, partial: !scan || scan.partial.length > 0, ...where};
}
