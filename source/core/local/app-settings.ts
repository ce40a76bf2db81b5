import type {DotenvProbeData} from '../probes/dotenv.js';
import type {Facts, ProbeResults, RunOptions} from '../types.js';

/**
 * The settings besides the key that decide where and how the app sends it. A loaded
 * `.env` sets them just as it sets the key: a gateway's OPENAI_BASE_URL, the Azure
 * endpoint, the organization and project ids.
 */
export const settingVariables = [
	'OPENAI_BASE_URL',
	'OPENAI_API_BASE',
	'OPENAI_ORG_ID',
	'OPENAI_ORGANIZATION',
	'OPENAI_PROJECT_ID',
	'AZURE_OPENAI_ENDPOINT',
	'OPENAI_API_VERSION',
	'OPENAI_API_TYPE',
] as const;

/** One of those settings. */
export type SettingVariable = (typeof settingVariables)[number];

/** The settings among them that decide which host gets the key. */
export const hostSettingVariables: ReadonlySet<string> = new Set<SettingVariable>(['OPENAI_BASE_URL', 'OPENAI_API_BASE', 'AZURE_OPENAI_ENDPOINT']);

/** Where a setting's value comes from: `env:OPENAI_BASE_URL`, `file:.env.local:3`. */
export type AppSetting = {value: string; source: string};

/** Variables a `.env` defines that the app's loader reads, as the dotenv probe found them. */
export type DotenvSetting = AppSetting & {variable: SettingVariable};

/**
 * The settings the app's runtime gets: the process environment's (dotenv loaders keep an
 * existing variable), else the loaded `.env` files' — or the `.env` first when the code
 * loads it with override.
 */
export function appSettings(env: Readonly<Record<string, string | undefined>>, results: ProbeResults): Map<SettingVariable, AppSetting> {
	const dotenv = results.get('dotenv')?.data as DotenvProbeData | undefined;
	const fromFiles = new Map((dotenv?.settings ?? []).map(setting => [setting.variable, setting]));
	const out = new Map<SettingVariable, AppSetting>();
	for (const name of settingVariables) {
		const fromEnv = env[name]?.trim() ? {value: env[name]!, source: `env:${name}`} : undefined;
		const fromFile = fromFiles.get(name);
		const chosen = dotenv?.override ? (fromFile ?? fromEnv) : (fromEnv ?? fromFile);
		if (chosen) out.set(name, {value: chosen.value, source: chosen.source});
	}

	return out;
}

/** The process environment with the app's settings laid over it, for code that reads an env record. */
export function appEnvironment(env: Readonly<Record<string, string | undefined>>, results: ProbeResults): Record<string, string | undefined> {
	const merged: Record<string, string | undefined> = {...env};
	for (const [name, setting] of appSettings(env, results)) merged[name] = setting.value;
	return merged;
}

/** The base URL the app calls and where it was set: --base-url, OPENAI_BASE_URL in the environment or a loaded `.env`, or the default. */
export function appBaseUrl(options: Pick<RunOptions, 'baseUrl' | 'baseUrlSource'>, env: Readonly<Record<string, string | undefined>>, results: ProbeResults): {url: string; source: string} {
	if (options.baseUrlSource === 'flag') return {url: options.baseUrl, source: 'flag'};
	const setting = appSettings(env, results).get('OPENAI_BASE_URL');
	if (setting?.source.startsWith('file:')) return {url: setting.value.trim().replace(/\/+$/, ''), source: setting.source};
	return {url: options.baseUrl, source: options.baseUrlSource};
}

/** The file a `file:PATH:LINE` source names (`.env`, `../.env.local`); undefined for every other kind of source. */
export function fileOfSource(source: string): string | undefined {
	return /^file:(.+):\d+$/.exec(source)?.[1];
}

/** The base URL the app calls, for the rules. */
export function factsBaseUrl(facts: Pick<Facts, 'options' | 'env' | 'results'>): {url: string; source: string} {
	return appBaseUrl(facts.options, facts.env, facts.results);
}

/** The app's settings over the environment, for the rules. */
export function factsSettings(facts: Pick<Facts, 'env' | 'results'>): Record<string, string | undefined> {
	return appEnvironment(facts.env, facts.results);
}

/** Where a base URL was set, in words: `--base-url`, `OPENAI_BASE_URL`, `OPENAI_BASE_URL in .env:2`, `the default`. */
export function describeBaseUrlSource(source: string): string {
	if (source === 'default') return 'the default';
	if (source === 'flag') return '--base-url';
	if (source.startsWith('file:')) return `OPENAI_BASE_URL in ${source.slice(5)}`;
	return source.replace('env:', '');
}

/**
 * For a copyable command that reads `$VARIABLE`: when this shell lacks the variable and
 * a `.env` defines it, the command in a subshell that loads that file first
 * (`(set -a; . ./.env; set +a; COMMAND)`), so the pasted command sends the key the app
 * gets, not an empty one, and leaves nothing of the file (an OPENAI_BASE_URL…) in the
 * user's shell. Only a file of plain assignments that steer nothing is loaded so, and
 * never one anyone could have written.
 */
export function loadDotenvFirst(command: string, env: Readonly<Record<string, string | undefined>>, results: ProbeResults): string {
	const dotenv = results.get('dotenv')?.data as DotenvProbeData | undefined;
	if (!dotenv) return command;
	for (const variable of ['OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']) {
		if (!command.includes(`$${variable}`) || env[variable]?.trim()) continue;
		for (const shown of dotenv.loader.order) {
			const file = dotenv.files.find(item => item.shown === shown && item.kind === 'dotenv');
			const defines = variable === 'OPENAI_API_KEY' ? file?.definitions.some(definition => definition.variable === variable && !definition.empty) : (file?.azureKeys?.length ?? 0) > 0;
			if (!file || !defines) continue;
			// Never hand the user a command that runs a file anyone could have written, or one that runs more than assignments.
			if (file.untrusted || !file.plainAssignments) return command;
			// `. name` without a slash would search PATH: say ./.env.
			const target = file.shown.includes('/') ? file.shown : `./${file.shown}`;
			const quoted = /^[\w./-]+$/.test(target) ? target : `'${target.replace(/'/g, `'\\''`)}'`;
			return `(set -a; . ${quoted}; set +a; ${command})`;
		}
	}

	return command;
}
