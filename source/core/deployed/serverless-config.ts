import path from 'node:path';
import {readTextFile} from '../local/file-text.js';
import {showFromCwd} from '../local/paths.js';
import type {Ports} from '../ports.js';
import {asRecord, asText, parseYaml} from './yaml-file.js';

/** The serverless platforms key-wizard knows how to guide. */
export type ServerlessPlatform = 'aws-lambda' | 'google-cloud-functions' | 'azure-functions' | 'vercel' | 'netlify' | 'cloudflare-workers';

/** The CLI that reads a platform's function settings. */
export const platformCli: Partial<Record<ServerlessPlatform, 'aws' | 'gcloud' | 'az'>> = {'aws-lambda': 'aws', 'google-cloud-functions': 'gcloud', 'azure-functions': 'az'};

/** A platform's configuration file in the project, and how it gives the function OPENAI_API_KEY. */
export type ServerlessConfig = {
	platform: ServerlessPlatform;
	file: string;
	line?: number;
	/** `reference`: from the deploy environment or a secret store (`${env:…}`, `${ssm:…}`, `!Ref`); `literal`: written in the file; `none`: not mentioned; `dashboard`: set in the platform's settings, not in files. */
	key: 'reference' | 'literal' | 'none' | 'dashboard';
	/** The literal value, kept only to become a Secret. */
	value?: string;
	/** Function names the file declares, for the wizard's picker. */
	functions: string[];
	problem?: string;
};

const keyVariable = 'OPENAI_API_KEY';

/** Finds serverless configurations in the project folder: Serverless Framework, SAM, Azure Functions, Vercel, Netlify, Cloudflare Workers, Google Cloud Functions. */
export async function findServerlessConfigs(ports: Ports): Promise<ServerlessConfig[]> {
	const listing = await ports.fs.readDir(ports.cwd);
	if (!listing.ok) return [];
	const names = new Set(listing.entries.filter(entry => entry.isFile).map(entry => entry.name));
	const out: ServerlessConfig[] = [];
	const read = async (name: string) => {
		const absolute = path.join(ports.cwd, name);
		return {shown: showFromCwd(absolute, ports.cwd), file: await readTextFile(ports, absolute, name, 512 * 1024)};
	};

	for (const name of ['serverless.yml', 'serverless.yaml']) {
		if (!names.has(name)) continue;
		const {shown, file} = await read(name);
		if (!file.ok) continue;
		out.push(serverlessFramework(shown, file.text));
	}

	for (const name of ['template.yaml', 'template.yml']) {
		if (!names.has(name)) continue;
		const {shown, file} = await read(name);
		if (file.ok && /AWS::Serverless|AWSTemplateFormatVersion/.test(file.text)) out.push(sam(shown, file.text));
	}

	if (names.has('host.json')) {
		const settings = names.has('local.settings.json') ? await read('local.settings.json') : undefined;
		let key: ServerlessConfig['key'] = 'dashboard';
		let value: string | undefined;
		if (settings?.file.ok) {
			try {
				value = asText(asRecord(asRecord(JSON.parse(settings.file.text))?.Values)?.[keyVariable]);
				if (value?.trim()) key = 'literal';
			} catch {}
		}

		out.push({platform: 'azure-functions', file: settings ? 'local.settings.json' : 'host.json', key, ...(value?.trim() ? {value} : {}), functions: []});
	}

	if (names.has('vercel.json')) out.push({platform: 'vercel', file: 'vercel.json', key: 'dashboard', functions: []});
	if (names.has('netlify.toml')) out.push({platform: 'netlify', file: 'netlify.toml', key: 'dashboard', functions: []});
	if (names.has('wrangler.toml') || names.has('wrangler.json') || names.has('wrangler.jsonc')) out.push({platform: 'cloudflare-workers', file: names.has('wrangler.toml') ? 'wrangler.toml' : 'wrangler.json', key: 'dashboard', functions: []});
	if (names.has('.gcloudignore')) out.push({platform: 'google-cloud-functions', file: '.gcloudignore', key: 'dashboard', functions: []});
	return out;
}

function serverlessFramework(shown: string, text: string): ServerlessConfig {
	const parsed = parseYaml(text, shown);
	if (!parsed.ok) return {platform: 'aws-lambda', file: shown, key: 'none', functions: [], problem: parsed.message};
	const doc = parsed.docs[0]!;
	const top = asRecord(doc.value) ?? {};
	const provider = asRecord(top.provider) ?? {};
	const platform: ServerlessPlatform = asText(provider.name) === 'google' ? 'google-cloud-functions' : asText(provider.name) === 'azure' ? 'azure-functions' : 'aws-lambda';
	const functions = Object.keys(asRecord(top.functions) ?? {}).slice(0, 50);
	const places: Array<{value: unknown; path: Array<string | number>}> = [
		{value: asRecord(provider.environment)?.[keyVariable], path: ['provider', 'environment', keyVariable]},
		...functions.map(name => ({value: asRecord(asRecord(asRecord(top.functions)?.[name])?.environment)?.[keyVariable], path: ['functions', name, 'environment', keyVariable]})),
	];
	const found = places.find(place => place.value !== undefined && place.value !== null);
	const line = found ? doc.lineOf(found.path) : undefined;
	const value = asText(found?.value);
	const key: ServerlessConfig['key'] = !found ? 'none' : value !== undefined && !value.includes('${') ? 'literal' : 'reference';
	return {platform, file: shown, ...(line === undefined ? {} : {line}), key, ...(key === 'literal' && value ? {value} : {}), functions};
}

function sam(shown: string, text: string): ServerlessConfig {
	const parsed = parseYaml(text, shown);
	if (!parsed.ok) return {platform: 'aws-lambda', file: shown, key: 'none', functions: [], problem: parsed.message};
	const top = asRecord(parsed.docs[0]!.value) ?? {};
	const resources = asRecord(top.Resources) ?? {};
	const functions = Object.entries(resources)
		.filter(([, resource]) => /Function$/.test(asText(asRecord(resource)?.Type) ?? ''))
		.map(([name, resource]) => asText(asRecord(asRecord(resource)?.Properties)?.FunctionName) ?? name)
		.slice(0, 50);
	const variables = [
		asRecord(asRecord(asRecord(asRecord(top.Globals)?.Function)?.Environment)?.Variables),
		...Object.values(resources).map(resource => asRecord(asRecord(asRecord(asRecord(resource)?.Properties)?.Environment)?.Variables)),
	];
	const entry = variables.find(item => item && Object.prototype.hasOwnProperty.call(item, keyVariable));
	const value = entry ? entry[keyVariable] : undefined;
	const text_ = asText(value);
	const key: ServerlessConfig['key'] = !entry ? 'none' : text_ !== undefined && !text_.includes('${') && !/^\{\{resolve:/.test(text_) ? 'literal' : 'reference';
	return {platform: 'aws-lambda', file: shown, key, ...(key === 'literal' && text_ ? {value: text_} : {}), functions};
}

/** What a deployed function's settings hold for the key, read through its cloud's CLI. */
export type FunctionKey = {state: 'value' | 'empty' | 'unset' | 'error'; value?: string; message?: string};

/**
 * Reads one deployed function's OPENAI_API_KEY through the cloud's CLI (the user picked
 * it in the wizard): `aws lambda get-function-configuration`, `gcloud functions
 * describe`, `az functionapp config appsettings list` (`RESOURCE_GROUP/APP`). The value
 * is returned only to become a Secret.
 */
export async function readFunctionKey(ports: Ports, platform: 'aws-lambda' | 'google-cloud-functions' | 'azure-functions', name: string, options: {timeoutMs: number; signal?: AbortSignal}): Promise<FunctionKey> {
	if (!/^[\w./:@-]{1,200}$/.test(name)) return {state: 'error', message: 'That is not a function name.'};
	const run = (file: string, args: string[]) => ports.exec(file, args, {timeoutMs: options.timeoutMs, ...(options.signal ? {signal: options.signal} : {}), env: {...ports.env}, extendEnv: false, cwd: ports.cwd});
	let result;
	if (platform === 'aws-lambda') result = await run('aws', ['lambda', 'get-function-configuration', '--function-name', name, '--output', 'json']);
	else if (platform === 'google-cloud-functions') result = await run('gcloud', ['functions', 'describe', name, '--format', 'json']);
	else {
		const [group, app] = name.split('/');
		if (!group || !app) return {state: 'error', message: 'Name the app as RESOURCE_GROUP/APP.'};
		result = await run('az', ['functionapp', 'config', 'appsettings', 'list', '--name', app, '--resource-group', group, '--output', 'json']);
	}

	if (!result.ok) return {state: 'error', message: result.failure === 'not-found' ? 'The CLI is not installed.' : (result.stderr.split('\n').find(line => line.trim())?.trim().slice(0, 160) ?? result.message ?? 'failed')};
	let parsed: unknown;
	try {
		parsed = JSON.parse(result.stdout);
	} catch {
		return {state: 'error', message: 'The CLI printed something that is not JSON.'};
	}

	let value: string | undefined;
	if (platform === 'aws-lambda') value = asText(asRecord(asRecord(asRecord(parsed)?.Environment)?.Variables)?.[keyVariable]);
	else if (platform === 'google-cloud-functions') {
		const record = asRecord(parsed);
		value = asText(asRecord(record?.environmentVariables)?.[keyVariable]) ?? asText(asRecord(asRecord(record?.serviceConfig)?.environmentVariables)?.[keyVariable]);
		const secretBacked = JSON.stringify(record?.secretEnvironmentVariables ?? asRecord(record?.serviceConfig)?.secretEnvironmentVariables ?? []).includes(keyVariable);
		if (value === undefined && secretBacked) return {state: 'value', message: 'set from Secret Manager (the value is not shown by describe)'};
	} else {
		const setting = Array.isArray(parsed) ? parsed.map(asRecord).find(item => asText(item?.name) === keyVariable) : undefined;
		value = setting ? (asText(setting.value) ?? '') : undefined;
	}

	if (value === undefined) return {state: 'unset'};
	return value.trim() === '' ? {state: 'empty', value} : {state: 'value', value};
}
