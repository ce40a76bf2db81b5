import {appBaseUrl, appEnvironment, loadDotenvFirst} from '../local/app-settings.js';
import type {ProbeResults, RunOptions} from '../types.js';
import {checkBaseUrl, type BaseUrlCheck, type SafeBaseUrl} from './base-url-safety.js';
import {keepCurlOffProxy} from './proxy-route.js';
import {azureEndpoint, isAzureKey, type CandidateKey} from './candidate-keys.js';
import {keyVariableFor, planModelsRequest, requestMode, scopeFromEnv, type RequestMode, type ScopeHeaders} from './request-plan.js';

/**
 * Where the live check and curl send each key, worked out once: the app's base URL and
 * settings (a loaded .env's included), the organization/project headers, and
 * AZURE_OPENAI_ENDPOINT for the Azure client's keys unless --base-url names the place.
 */
export type RequestTargets = {
	/** The app's settings over the environment. */
	settings: Record<string, string | undefined>;
	baseUrl: {url: string; source: string};
	base: BaseUrlCheck;
	scope: ScopeHeaders;
	/** AZURE_OPENAI_ENDPOINT as checked, when it applies (set, and no --base-url). */
	azure?: BaseUrlCheck;
	/** The command a user can paste to run the same check (`$VARIABLE`, never a key); with a safe base only. */
	command?: string;
};

/** Works out the targets for these keys. */
export function requestTargets(options: RunOptions, env: Readonly<Record<string, string | undefined>>, results: ProbeResults, keys: readonly CandidateKey[]): RequestTargets {
	const settings = appEnvironment(env, results);
	const baseUrl = appBaseUrl(options, env, results);
	const base = checkBaseUrl(baseUrl.url);
	const scope = scopeFromEnv(settings);
	const azure = options.baseUrlSource === 'flag' ? undefined : azureEndpoint(settings);
	const targets: RequestTargets = {settings, baseUrl, base, scope, ...(azure ? {azure} : {})};
	if (!base.ok) return targets;
	const mode = requestMode(base, settings);
	// An Azure app's own check: its key, with api-key, at its endpoint.
	const command =
		azure?.ok && keys.length > 0 && keys.every(isAzureKey)
			? planModelsRequest(azure, 'azure', keys.some(key => key.variables.includes('AZURE_OPENAI_API_KEY')) ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY', {}).curlCommand
			: planModelsRequest(base, mode, keyVariableFor(mode, settings), scope).curlCommand;
	return {...targets, command: loadDotenvFirst(keepCurlOffProxy(command, base.url, env), env, results)};
}

/** Where one key goes: the base URL, or the Azure endpoint for the Azure client's key; or why it is not sent. */
export function targetOf(targets: RequestTargets, key: CandidateKey): {base: SafeBaseUrl; mode: RequestMode} | {refused: string} {
	const {base, azure, settings} = targets;
	if (!base.ok) return {refused: 'the base URL was refused'};
	// Test fixtures ("sk-test") live in .env.test, which apps read in test runs only.
	if (key.sources.length > 0 && key.sources.every(source => /^file:(?:.*\/)?\.env\.test(?:\.local)?:\d+$/.test(source))) {
		return {refused: 'only in .env.test, which apps read in test runs only'};
	}
	if (!isAzureKey(key) || !azure || (azure.ok && azure.origin === base.origin)) return {base, mode: requestMode(base, settings)};
	if (!azure.ok) return {refused: `AZURE_OPENAI_ENDPOINT is refused: ${azure.message}`};
	return {base: azure, mode: 'azure'};
}
