import path from 'node:path';
import {isContainerRef} from './core/deployed/container-ref.js';
import {parseK8sSecretRef} from './core/deployed/k8s-secret-ref.js';
import {parseArgs} from 'node:util';
import type {RunOptions} from './core/types.js';

/** How the CLI will run, decided once from the flags and the terminal. */
export type CliMode = 'interactive' | 'json' | 'report' | 'help' | 'version';

/** Flags parsed and validated. */
export type CliArgs = {
	mode: CliMode;
	options: RunOptions;
	/** `--save` given: the file, or '' for a generated name. */
	save?: string;
};

/** A usage error: one clear line for stderr, exit code 2. */
export type CliArgsError = {error: string};

const defaultBaseUrl = 'https://api.openai.com/v1';

/** The `--help` text. */
export const helpText = `key-wizard: find out why the OpenAI API answers 401 Unauthorized, and fix it.

Usage
  $ key-wizard [options]
  $ key-wizard explain [ID]      what a cause id means, its fix and docs (every id, by step, without ID)

Options
  (no flags, in a terminal)      interactive wizard
  --json                         no UI: print one JSON report to stdout
  --report                       no UI: print a plain-text report (default when stdout is not a terminal)
  --cwd DIR                      project folder to inspect (default: current folder)
  --base-url URL                 API base URL (default: $OPENAI_BASE_URL, else ${defaultBaseUrl})
  --error TEXT                   the error message your app printed; names the key it sent
  --container NAME               docker container to inspect (repeatable)
  --k8s-secret [NS/]NAME[:KEY]   Kubernetes secret to inspect
  --no-network                   skip every live check
  --timeout MS                   per-probe time limit (default 5000)
  --save [FILE]                  save the redacted session transcript (Markdown; FILE.json beside it)
  --demo                         run against a built-in local API with a simulated broken setup
  --help, --version

Examples
  $ npx key-wizard
  $ key-wizard --error "Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-********wxyz …'}}"
  $ key-wizard --json --cwd ./my-app > report.json
  $ key-wizard --report --no-network
  $ key-wizard explain stale-env-shadows-dotenv

Environment
  NO_COLOR, FORCE_COLOR          turn colours off, or on
  KEY_WIZARD_CACHE_DIR=DIR|off   where its compiled code is kept for faster starts (default ~/.cache/key-wizard)

Exit codes
  0  no problem found and a key passed the live check
  1  at least one cause found
  2  usage error
  3  inconclusive: nothing wrong found, but the live check could not run
  4  the report could not be written (a full disk, a closed pipe)

Your key is never printed, saved or sent anywhere but the API host.`;

/** `key-wizard explain [ID] [--json]`: the cause catalog, one id in full or all of them. */
export type ExplainArgs = {mode: 'explain'; id?: string; json: boolean};

/**
 * Reads `explain [ID] [--json]` when argv starts with the `explain` command; undefined
 * for every other command line (parseCliArgs reads those).
 */
export function parseExplainArgs(argv: readonly string[]): ExplainArgs | CliArgsError | undefined {
	if (argv[0] !== 'explain') return undefined;
	const ids: string[] = [];
	let json = false;
	for (const arg of argv.slice(1)) {
		if (arg === '--json') json = true;
		else if (arg.startsWith('-') && arg !== '-') return {error: `explain takes a cause id and --json only (got "${clip(arg)}"). Run key-wizard --help for the list.`};
		else ids.push(arg);
	}

	if (ids.length > 1) return {error: `explain takes one cause id (got ${ids.length}: "${clip(ids.join(' '))}").`};
	return {mode: 'explain', json, ...(ids[0] === undefined ? {} : {id: ids[0]})};
}

/**
 * Parses and validates argv in one place. `isTty` says whether stdin and stdout are
 * both terminals; the mode is decided here, once.
 */
export function parseCliArgs(
	argv: readonly string[],
	context: {env: Readonly<Record<string, string | undefined>>; cwd: string; isTty: boolean},
): CliArgs | CliArgsError {
	// `--save` takes an optional value, which parseArgs cannot express: take it out first.
	const rest: string[] = [];
	let save: string | undefined;
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg === '--save') {
			const next = argv[index + 1];
			if (next === '') return {error: '--save "" names no file: give a file name, or use --save alone for a generated one.'};
			if (next !== undefined && !next.startsWith('-')) {
				save = next;
				index++;
			} else {
				save = '';
			}
		} else if (arg.startsWith('--save=')) {
			save = arg.slice('--save='.length);
			if (!save) return {error: '--save= needs a file name (or use --save alone for a generated one).'};
		} else {
			rest.push(arg);
		}
	}

	let values;
	try {
		({values} = parseArgs({
			args: rest,
			strict: true,
			allowPositionals: false,
			options: {
				json: {type: 'boolean'},
				report: {type: 'boolean'},
				cwd: {type: 'string'},
				'base-url': {type: 'string'},
				error: {type: 'string'},
				container: {type: 'string', multiple: true},
				'k8s-secret': {type: 'string'},
				'no-network': {type: 'boolean'},
				timeout: {type: 'string'},
				demo: {type: 'boolean'},
				help: {type: 'boolean', short: 'h'},
				version: {type: 'boolean', short: 'v'},
			},
		}));
	} catch (error) {
		return {error: usageLine(error)};
	}

	if (values.json && values.report) return {error: '--json and --report cannot be used together: pick one.'};

	const timeoutMs = values.timeout === undefined ? 5000 : Number(values.timeout);
	if (values.timeout !== undefined && (!/^\d+$/.test(values.timeout.trim()) || !Number.isSafeInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000)) {
		return {error: `--timeout must be a whole number of milliseconds from 100 to 600000 (got "${clip(values.timeout)}").`};
	}

	const baseUrl = resolveBaseUrl(values['base-url'], context.env);
	if ('error' in baseUrl) return baseUrl;

	let k8sSecret: RunOptions['k8sSecret'];
	if (values['k8s-secret'] !== undefined) {
		k8sSecret = parseK8sSecretRef(values['k8s-secret']);
		if (!k8sSecret) return {error: `--k8s-secret must look like [NAMESPACE/]NAME[:KEY] with Kubernetes names (got "${clip(values['k8s-secret'])}").`};
	}

	const containers = values.container ?? [];
	const badContainer = containers.find(name => !isContainerRef(name));
	if (badContainer !== undefined) return {error: `--container must be a container name or id (got "${clip(badContainer)}").`};

	if (values.error !== undefined && values.error.length > 100_000) return {error: '--error is longer than 100 000 characters: paste only the error message.'};

	const options: RunOptions = {
		cwd: path.resolve(context.cwd, values.cwd ?? '.'),
		baseUrl: baseUrl.url,
		baseUrlSource: baseUrl.source,
		errorText: values.error,
		containers,
		k8sSecret,
		network: !values['no-network'],
		timeoutMs,
		demo: Boolean(values.demo),
	};

	const mode: CliMode = values.help
		? 'help'
		: values.version
			? 'version'
			: values.json
				? 'json'
				: values.report || !context.isTty
					? 'report'
					: 'interactive';
	return {mode, options, save};
}

/**
 * The base URL the SDKs would use: --base-url, else OPENAI_BASE_URL, else the default.
 * (Today's SDKs ignore the legacy OPENAI_API_BASE; the endpoint probe reports it.) Only a
 * bad --base-url is a usage error: a broken OPENAI_BASE_URL is part of the setup being
 * diagnosed, so it goes through as it is and the live check reports it.
 */
function resolveBaseUrl(
	flag: string | undefined,
	env: Readonly<Record<string, string | undefined>>,
): {url: string; source: RunOptions['baseUrlSource']} | CliArgsError {
	if (flag === undefined) {
		const fromEnv = env.OPENAI_BASE_URL?.trim();
		if (!fromEnv) return {url: defaultBaseUrl, source: 'default'};
		const url = parseHttpUrl(fromEnv);
		return {url: typeof url === 'string' ? fromEnv : url.toString().replace(/\/+$/, ''), source: 'env:OPENAI_BASE_URL'};
	}

	const url = parseHttpUrl(flag.trim());
	if (typeof url === 'string') return {error: `--base-url ${url}`};
	return {url: url.toString().replace(/\/+$/, ''), source: 'flag'};
}

/** The URL without its fragment, or what is wrong with it (to follow "--base-url "). */
function parseHttpUrl(raw: string): URL | string {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return `is not a valid URL (got "${clip(raw)}"); expected e.g. ${defaultBaseUrl}.`;
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must be an http(s) URL (got "${url.protocol}"); expected e.g. ${defaultBaseUrl}.`;
	if (url.username || url.password) return 'must not contain a user name or password.';
	url.hash = '';
	return url;
}

function usageLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const unknown = /Unknown option '([^']+)'/.exec(message);
	if (unknown) return `Unknown option ${unknown[1]}. Run key-wizard --help for the list.`;
	const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message);
	if (missing) return `${missing[1]} needs a value. Run key-wizard --help for the list.`;
	const ambiguous = /Option '(?:-\w, )?(--[\w-]+)' argument is ambiguous/.exec(message);
	if (ambiguous) return `${ambiguous[1]} needs a value; write a value that starts with "-" as ${ambiguous[1]}=VALUE. Run key-wizard --help for the list.`;
	const positional = /Unexpected argument '([^']+)'/.exec(message);
	if (positional) return `Unexpected argument "${clip(positional[1]!)}". Run key-wizard --help for the list.`;
	return `${message.split('\n')[0]} Run key-wizard --help for the list.`;
}

function clip(text: string): string {
	const visible = text.replace(/[\u0000-\u001f\u007f]/g, '?');
	return visible.length > 60 ? `${visible.slice(0, 57)}...` : visible;
}
