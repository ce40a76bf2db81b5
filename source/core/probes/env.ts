import {hideProxyCredentials} from '../api/proxy-route.js';
import {Secret} from '../keys/secret.js';
import type {KeyObservation, ProbeDefinition} from '../types.js';

/** Variables that change how a client authenticates or where it sends the key. */
export const relatedVariables = [
	'OPENAI_API_KEY',
	'OPENAI_ADMIN_KEY',
	'OPENAI_BASE_URL',
	'OPENAI_API_BASE',
	'OPENAI_ORG_ID',
	'OPENAI_ORGANIZATION',
	'OPENAI_PROJECT_ID',
	'OPENAI_CUSTOM_HEADERS',
	'OPENAI_API_TYPE',
	'OPENAI_API_VERSION',
	'AZURE_OPENAI_API_KEY',
	'AZURE_OPENAI_ENDPOINT',
	'AZURE_OPENAI_AD_TOKEN',
	'HTTPS_PROXY',
	'https_proxy',
	'HTTP_PROXY',
	'http_proxy',
	'ALL_PROXY',
	'NO_PROXY',
	'no_proxy',
] as const;

/** What the environment probe found. */
export type EnvProbeData = {
	/** `OPENAI_API_KEY` is present in the environment (possibly empty). */
	keySet: boolean;
	/** Present but empty or only whitespace. */
	keyEmpty: boolean;
	/** Related variables that are set, by name; values are not kept for key variables. */
	present: string[];
	/** Non-secret settings, by name (base URLs, org and project ids, proxies without credentials). */
	settings: Record<string, string>;
	/** Running in CI (`CI` set and not "false"/"0"). */
	ci: boolean;
	/** Which CI, when known (`github-actions`, `gitlab`…). */
	ciProvider?: string;
};

const secretVariables = new Set(['OPENAI_API_KEY', 'OPENAI_ADMIN_KEY', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_AD_TOKEN', 'OPENAI_CUSTOM_HEADERS']);

/** Reads the process environment: is the key set, and what else shapes the request. */
export const envProbe: ProbeDefinition<EnvProbeData> = {
	id: 'env',
	step: 2,
	title: 'Process environment',
	checks: 'OPENAI_API_KEY and the variables that change where and how it is sent',
	async run({ports}) {
		const {env} = ports;
		const present = relatedVariables.filter(name => env[name] !== undefined);
		const settings: Record<string, string> = {};
		for (const name of present) {
			if (!secretVariables.has(name)) settings[name] = stripCredentials(env[name]!);
		}

		const raw = env.OPENAI_API_KEY;
		const keySet = raw !== undefined;
		const keyEmpty = keySet && raw.trim() === '';
		const keys: KeyObservation[] = [];
		if (keySet && !keyEmpty) {
			keys.push({secret: new Secret(raw), source: 'env:OPENAI_API_KEY', origin: 'env', variable: 'OPENAI_API_KEY'});
		}

		for (const name of ['AZURE_OPENAI_API_KEY', 'OPENAI_ADMIN_KEY'] as const) {
			const value = env[name];
			if (value?.trim()) keys.push({secret: new Secret(value), source: `env:${name}`, origin: 'env', variable: name});
		}

		const ci = Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
		const data: EnvProbeData = {keySet, keyEmpty, present: [...present], settings, ci, ciProvider: ciProvider(env)};
		const others = present.filter(name => name !== 'OPENAI_API_KEY');
		const also = others.length > 0 ? ` Also set: ${others.join(', ')}.` : '';
		if (!keySet && env.AZURE_OPENAI_API_KEY?.trim() && env.AZURE_OPENAI_ENDPOINT?.trim()) {
			// An Azure OpenAI app reads these two, not OPENAI_API_KEY.
			const rest = others.filter(name => name !== 'AZURE_OPENAI_API_KEY' && name !== 'AZURE_OPENAI_ENDPOINT');
			return {status: 'pass', summary: `AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT are set (the Azure client's); OPENAI_API_KEY is not.${rest.length > 0 ? ` Also set: ${rest.join(', ')}.` : ''}`, data, keys};
		}

		if (!keySet) {
			// Not a problem by itself: a .env file the app loads, or its runtime, may provide it.
			return {status: 'warn', summary: `OPENAI_API_KEY is not set in this process; the app needs another source (.env, its runtime).${also}`, data, keys};
		}

		if (keyEmpty) {
			return {status: 'fail', summary: `OPENAI_API_KEY is set but empty.${also}`, data, keys};
		}

		return {status: 'pass', summary: `OPENAI_API_KEY is set (${keys[0]!.secret.fingerprint}).${also}`, data, keys};
	},
};

/** Hides `user:password@` in a URL or a scheme-less proxy setting. */
export const stripCredentials = hideProxyCredentials;

function ciProvider(env: Readonly<Record<string, string | undefined>>): string | undefined {
	if (env.GITHUB_ACTIONS) return 'github-actions';
	if (env.GITLAB_CI) return 'gitlab';
	if (env.CIRCLECI) return 'circleci';
	if (env.BUILDKITE) return 'buildkite';
	if (env.JENKINS_URL) return 'jenkins';
	if (env.TF_BUILD) return 'azure-pipelines';
	return undefined;
}
