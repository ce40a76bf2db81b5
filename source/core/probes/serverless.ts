import {probeDeadline, timeLeft} from '../deployed/deadline.js';
import {findServerlessConfigs, platformCli, type ServerlessConfig, type ServerlessPlatform} from '../deployed/serverless-config.js';
import {Secret} from '../keys/secret.js';
import {listSome} from '../local/list-some.js';
import {keyVariable} from '../local/near-names.js';
import type {KeyObservation, ProbeDefinition} from '../types.js';

/** Readable platform names. */
export const platformLabels: Record<ServerlessPlatform, string> = {
	'aws-lambda': 'AWS Lambda',
	'google-cloud-functions': 'Google Cloud Functions',
	'azure-functions': 'Azure Functions',
	vercel: 'Vercel',
	netlify: 'Netlify',
	'cloudflare-workers': 'Cloudflare Workers',
};

/** What the serverless probe found. */
export type ServerlessProbeData = {
	configs: Array<Omit<ServerlessConfig, 'value'> & {fingerprint?: string}>;
	/** The cloud CLIs installed, which can read a picked function's settings (fingerprint only). */
	clis: Array<'aws' | 'gcloud' | 'az'>;
};

/** Step 2: serverless configurations in the project (Lambda, Cloud Functions, Azure Functions…), whether they hand the function the key, and which cloud CLI could check a deployed one. */
export const serverlessProbe: ProbeDefinition<ServerlessProbeData> = {
	id: 'serverless',
	step: 2,
	title: 'Serverless settings',
	checks: 'serverless.yml, SAM templates, Azure Functions settings: the function’s OPENAI_API_KEY',
	async run({ports, options, signal}) {
		const deadline = probeDeadline(ports, options.timeoutMs);
		const configs = await findServerlessConfigs(ports);
		const data: ServerlessProbeData = {configs: [], clis: []};
		if (configs.length === 0) return {status: 'skip', summary: 'No serverless configuration in the project folder (serverless.yml, template.yaml, host.json…).', data};
		const keys: KeyObservation[] = [];
		for (const config of configs) {
			const {value, ...rest} = config;
			if (value?.trim()) {
				const secret = new Secret(value);
				keys.push({secret, source: `serverless:${config.file}${config.line ? `:${config.line}` : ''}`, origin: 'serverless', variable: keyVariable});
				data.configs.push({...rest, fingerprint: secret.fingerprint});
			} else {
				data.configs.push(rest);
			}
		}

		const wanted = [...new Set(configs.map(config => platformCli[config.platform]).filter((cli): cli is 'aws' | 'gcloud' | 'az' => Boolean(cli)))];
		const found = await Promise.all(wanted.map(async cli => ((await ports.exec(cli, ['--version'], {timeoutMs: Math.min(3000, timeLeft(ports, deadline)), signal, env: {...ports.env}, extendEnv: false})).failure === 'not-found' ? undefined : cli)));
		data.clis = found.filter((cli): cli is 'aws' | 'gcloud' | 'az' => Boolean(cli));
		const lines = data.configs.map(config => `${platformLabels[config.platform]} (${config.file}${config.line ? `:${config.line}` : ''}): ${describe(config)}`);
		const clis = data.clis.length > 0 ? ` Pick a deployed function in the wizard to read its OPENAI_API_KEY with ${listSome(data.clis)} (fingerprint only).` : wanted.length > 0 ? ` ${listSome(wanted)} ${wanted.length === 1 ? 'is' : 'are'} not installed: the deployed function's settings cannot be read from here.` : '';
		const status = data.configs.some(config => config.key === 'literal' || config.problem) ? 'warn' : 'pass';
		return {status, summary: `${listSome(lines, 2)}.${clis}`, details: [...lines, ...data.configs.filter(config => config.problem).map(config => config.problem!)], data, keys};
	},
};

function describe(config: ServerlessProbeData['configs'][number]): string {
	switch (config.key) {
		case 'reference':
			return 'passes OPENAI_API_KEY from the deploy environment or a secret store';
		case 'literal':
			return `writes OPENAI_API_KEY (${config.fingerprint}) into the file`;
		case 'dashboard':
			return 'environment variables are set in the platform\'s settings';
		default:
			return 'does not set OPENAI_API_KEY for the function';
	}
}
