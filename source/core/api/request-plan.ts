import {analyzeKey} from '../keys/anatomy.js';
import {checkBaseUrl, type SafeBaseUrl} from './base-url-safety.js';

/** The api-version used to list Azure deployments (the one secret scanners verify with). */
export const azureApiVersion = '2023-03-15-preview';

/** How a key is sent: as the OpenAI SDKs do, or as Azure OpenAI's client does. */
export type RequestMode = 'openai' | 'azure';

/** The headers that scope a request to an organization or project, from the environment. */
export type ScopeHeaders = {organization?: string; project?: string};

/** One planned live-check request, without the key. */
export type RequestPlan = {
	mode: RequestMode;
	method: 'GET';
	url: string;
	/** The variable the copyable command reads the key from. */
	keyVariable: string;
	scope: ScopeHeaders;
	/** The command a user can paste to run the same check; holds `$VARIABLE`, never a key. */
	curlCommand: string;
};

/** The variable a copyable command reads the key from: Azure's own when it is set for an Azure endpoint. */
export function keyVariableFor(mode: RequestMode, env: Readonly<Record<string, string | undefined>>): string {
	return mode === 'azure' && env.AZURE_OPENAI_API_KEY?.trim() ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
}

/** Reads `OPENAI_ORG_ID` / `OPENAI_PROJECT_ID` as the SDKs do (trimmed, empty means unset). */
export function scopeFromEnv(env: Readonly<Record<string, string | undefined>>): ScopeHeaders {
	const organization = env.OPENAI_ORG_ID?.trim() || undefined;
	const project = env.OPENAI_PROJECT_ID?.trim() || undefined;
	return {...(organization ? {organization} : {}), ...(project ? {project} : {})};
}

/**
 * Plans `GET {base}/models` (or, for Azure, `GET …/openai/deployments?api-version=…`
 * with an `api-key` header). The URL always stays on the base URL's origin.
 */
export function planModelsRequest(base: SafeBaseUrl, mode: RequestMode, keyVariable: string, scope: ScopeHeaders): RequestPlan {
	const url = mode === 'azure' ? azureUrl(base) : `${base.url}/models`;
	const plan = {mode, method: 'GET' as const, url, keyVariable, scope: mode === 'azure' ? {} : scope};
	return {...plan, curlCommand: curlCommand(plan)};
}

function azureUrl(base: SafeBaseUrl): string {
	// The v1 API (…/openai/v1) lists models like OpenAI's; the classic API lists deployments.
	if (/\/openai\/v1$/i.test(base.path)) return `${base.url}/models`;
	// An OpenAI-style `/v1` (OPENAI_BASE_URL beside AZURE_OPENAI_ENDPOINT) is no Azure path: the Azure client uses {endpoint}/openai/….
	const prefix = base.path.replace(/\/openai(?:\/.*)?$/i, '').replace(/\/v1$/i, '');
	return `${base.origin}${prefix}/openai/deployments?api-version=${azureApiVersion}`;
}

/** The request headers, key included. Only the live check calls this. */
export function requestHeaders(plan: Pick<RequestPlan, 'mode' | 'scope'>, key: string): Record<string, string> {
	const headers: Record<string, string> = {accept: 'application/json', 'user-agent': 'key-wizard'};
	if (plan.mode === 'azure') headers['api-key'] = key;
	else headers.authorization = `Bearer ${key}`;
	if (plan.scope.organization) headers['openai-organization'] = plan.scope.organization;
	if (plan.scope.project) headers['openai-project'] = plan.scope.project;
	return headers;
}

/** Names of the headers sent besides the key, for the report (`OpenAI-Organization`…). */
export function scopeHeaderNames(scope: ScopeHeaders): string[] {
	return [...(scope.organization ? ['OpenAI-Organization'] : []), ...(scope.project ? ['OpenAI-Project'] : [])];
}

function curlCommand(plan: Omit<RequestPlan, 'curlCommand'>): string {
	const auth = plan.mode === 'azure' ? `api-key: $${plan.keyVariable}` : `Authorization: Bearer $${plan.keyVariable}`;
	const parts = ['curl', shellQuote(plan.url), '-H', `"${auth}"`];
	if (plan.scope.organization) parts.push('-H', '"OpenAI-Organization: $OPENAI_ORG_ID"');
	if (plan.scope.project) parts.push('-H', '"OpenAI-Project: $OPENAI_PROJECT_ID"');
	return parts.join(' ');
}

/** Quotes a word for POSIX shells. */
export function shellQuote(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Azure OpenAI's way (`api-key`, deployments) when the base URL is an Azure host or the endpoint `AZURE_OPENAI_ENDPOINT` names. */
export function requestMode(base: SafeBaseUrl, env: Readonly<Record<string, string | undefined>>): RequestMode {
	if (base.kind === 'azure') return 'azure';
	const endpoint = env.AZURE_OPENAI_ENDPOINT?.trim();
	if (!endpoint) return 'openai';
	const checked = checkBaseUrl(endpoint);
	return checked.ok && checked.origin === base.origin ? 'azure' : 'openai';
}

/**
 * Why a key must not be sent to this base URL, or undefined when it may: an Azure key
 * goes only to its Azure endpoint, and another provider's key is never handed to OpenAI.
 */
export function reasonNotToSend(value: string, variables: readonly string[], base: SafeBaseUrl, mode: RequestMode): string | undefined {
	// A key seen only as AZURE_OPENAI_API_KEY is the Azure client's; one under a near name (OPENAI_KEY) is checked as it is.
	if (mode === 'openai' && !variables.includes('OPENAI_API_KEY') && variables.includes('AZURE_OPENAI_API_KEY')) {
		return `${variables[0] ?? 'the variable'} holds an Azure OpenAI key and ${base.hostname} is not the Azure endpoint; rerun with --base-url set to that endpoint to test it`;
	}

	const anatomy = analyzeKey(value);
	if (base.kind === 'openai' && anatomy.kind === 'other-provider') return `${/^[AEIOU]/i.test(anatomy.label) ? 'an' : 'a'} ${anatomy.label} is not sent to ${base.hostname}`;
	return undefined;
}
