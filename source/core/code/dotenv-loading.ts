import {dotenvCandidate} from '../keys/effective.js';
import type {DotenvProbeData} from '../probes/dotenv.js';
import type {CodeScan} from './code-scan.js';
import {dotenvUseOf} from './dotenv-use.js';

/** The loaders that would read a `.env` for the app, for the warning when there is no code to tell by. */
export const dotenvLoaderNames = "python-dotenv's load_dotenv(), node's import 'dotenv/config' or node --env-file=.env, or a framework that loads .env itself (Next.js, Vite, Nuxt)";

/** Whether the `.env` that holds the key reaches the app. */
export type DotenvLoading =
	| {state: 'loaded'; by: string; file: string; source: string}
	| {state: 'not-loaded'; file: string; source: string; fingerprint?: string; why: string; partial: boolean}
	| {state: 'no-code'; file: string; source: string}
	| {state: 'no-key'};

/**
 * Judges whether anything loads the `.env` whose OPENAI_API_KEY the loader would use: a
 * call in the code (the full scan when it finished, else the `.env` probe's view), a
 * framework, a script or a command file. A loader that reads only the project folder
 * does not reach a `.env` in a parent folder. `no-code` when nothing here tells.
 */
export function dotenvLoading(dotenv: DotenvProbeData | undefined, scan: CodeScan | undefined): DotenvLoading {
	const candidate = dotenv ? dotenvCandidate(dotenv) : undefined;
	if (!dotenv || !candidate || candidate.definition.empty) return {state: 'no-key'};
	const where = {file: candidate.file, source: candidate.definition.source};
	const inParent = (dotenv.files.find(file => file.shown === candidate.file)?.depth ?? 0) > 0;
	const load = scan ? dotenvUseOf(scan).load : undefined;
	if (load && (load.walksUp || !inParent)) return {state: 'loaded', by: `${load.file}:${load.line} calls ${load.call}`, ...where};
	if (scan?.flask && scan.pythonDotenv && !inParent) return {state: 'loaded', by: `${scan.flask.file} is a Flask app and python-dotenv is a dependency: flask run and app.run() load .env`, ...where};
	const reach = dotenv.reach;
	if (reach && reach.scope !== 'none' && !reach.noCode && (reach.scope === 'parents' || !inParent)) return {state: 'loaded', by: reach.why, ...where};
	const noCode = scan ? scan.sourceFiles === 0 : reach?.noCode === true;
	if (noCode) return {state: 'no-code', ...where};
	const why = load
		? `${load.file}:${load.line} calls ${load.call}, which reads only the project folder's .env, not ${candidate.file}`
		: 'no load_dotenv(), dotenv/config, --env-file, framework or script that loads .env was found';
	return {state: 'not-loaded', why, partial: !scan || scan.partial.length > 0, ...where, ...(candidate.definition.fingerprint ? {fingerprint: candidate.definition.fingerprint} : {})};
}
