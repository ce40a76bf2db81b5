import {analyzeKey} from '../keys/anatomy.js';
import {appBaseUrl, appEnvironment, describeBaseUrlSource} from '../local/app-settings.js';
import {checkBaseUrl, type HostKind} from '../api/base-url-safety.js';
import {candidateKeys, fileKeySourceProbes, isSentVariable, keySourceProbes} from '../api/candidate-keys.js';
import {awaitsConfirmation, howToConfirm, requestTargets, type AwaitedHost, type HostChoice} from '../api/request-targets.js';
import {proxyRoute, type DirectReason} from '../api/proxy-route.js';
import {redact} from '../keys/redact.js';
import type {ProbeDefinition, ProbeStatus, RunOptions} from '../types.js';
import {stripCredentials} from './env.js';

/** The base URL today's SDKs use when `OPENAI_BASE_URL` is unset. */
export const defaultBaseUrl = 'https://api.openai.com/v1';

/** A legacy variable that says something else than the current settings. */
export type LegacyDisagreement = {
	variable: 'OPENAI_API_BASE' | 'OPENAI_ORGANIZATION';
	/** Its value (a URL or an org id: never a secret). */
	value: string;
	/** What today's SDKs use instead, in words. */
	current: string;
};

/** The non-secret settings a request depends on. */
export type EndpointData = {
	baseUrl: string;
	baseUrlSource: RunOptions['baseUrlSource'];
	/** Where the base URL in use was set: `flag`, `env:OPENAI_BASE_URL`, `file:.env:2`, `default`. */
	baseUrlFrom: string;
	/**
	 * Hosts (the base URL, the Azure endpoint) that only a project file names and the user
	 * has not confirmed: keys from that file go there, the user's only after confirmation.
	 */
	fileChosenHosts?: Array<Pick<HostChoice, 'variable' | 'url' | 'source' | 'file'> & {hostname: string}>;
	/** The user's keys held back from those hosts. */
	awaitingConfirmation?: AwaitedHost[];
	safe: boolean;
	unsafeReason?: string;
	hostname?: string;
	hostKind?: HostKind;
	loopback?: boolean;
	/** What openai-python ≥ 1 and openai-node ≥ 4 use: `OPENAI_BASE_URL`, else the default. */
	sdkBaseUrl: string;
	organization?: string;
	project?: string;
	legacyBaseUrl?: string;
	legacyOrganization?: string;
	/** Legacy variables that disagree with the current settings (LangChain still reads them). */
	disagreements: LegacyDisagreement[];
	azure: {endpoint?: string; endpointHost?: string; apiVersion?: string; keySet: boolean; adTokenSet: boolean};
	/** The proxy variables set, credentials hidden. */
	proxies: Record<string, string>;
	noProxy?: string;
	/** How the requests to the base URL leave this machine (this check and curl take the same route). */
	route?: {via?: string; variable?: string; schemeless?: boolean; invalid?: string; bypass?: DirectReason};
	/** Header names in `OPENAI_CUSTOM_HEADERS` (values are not kept). */
	customHeaderNames: string[];
	/** Custom headers that override authentication or scope (`Authorization`, `OpenAI-Organization`…). */
	customAuthHeaders: string[];
};

const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'] as const;
const authHeaderNames = new Set(['authorization', 'api-key', 'openai-organization', 'openai-project', 'ocp-apim-subscription-key']);

/** Step 4: base URL, Azure, proxy, organization, project and legacy variables. */
export const endpointProbe: ProbeDefinition<EndpointData> = {
	id: 'endpoint',
	step: 4,
	title: 'Endpoint and settings',
	checks: 'base URL, Azure, proxy, organization, project and legacy variables',
	// A loaded .env sets these settings as much as the environment does; the key sources say whose keys would go where.
	needs: fileKeySourceProbes,
	async run({ports, options, results}) {
		const env = appEnvironment(ports.env, results);
		const baseUrl = appBaseUrl(options, ports.env, results);
		const base = checkBaseUrl(baseUrl.url);
		const targets = requestTargets(options, ports.env, results, candidateKeys(results, keySourceProbes, isSentVariable));
		const value = (name: string) => env[name]?.trim() || undefined;
		const sdkBaseUrl = normaliseUrl(value('OPENAI_BASE_URL') ?? defaultBaseUrl);
		const data: EndpointData = {
			// A refused base URL may be refused for the password in it: never shown.
			baseUrl: base.ok ? base.url : redact(stripCredentials(baseUrl.url)),
			baseUrlSource: options.baseUrlSource,
			baseUrlFrom: baseUrl.source,
			safe: base.ok,
			sdkBaseUrl: redact(stripCredentials(sdkBaseUrl)),
			disagreements: [],
			azure: {
				// Azure's variable, in the environment or a .env, or an Azure resource key (32 hex) kept in OPENAI_API_KEY.
				keySet:
					Boolean(value('AZURE_OPENAI_API_KEY')) ||
					(results.get('dotenv')?.keys ?? []).some(observation => observation.variable === 'AZURE_OPENAI_API_KEY') ||
					analyzeKey(env.OPENAI_API_KEY ?? '').provider === 'azure',
				adTokenSet: Boolean(value('AZURE_OPENAI_AD_TOKEN')),
			},
			proxies: {},
			customHeaderNames: [],
			customAuthHeaders: [],
		};
		if (base.ok) Object.assign(data, {hostname: base.hostname, hostKind: base.kind, loopback: base.loopback});
		else data.unsafeReason = base.message;
		const fileChosen = [targets.baseChoice, targets.azureChoice].flatMap(choice => {
			const checked = choice && awaitsConfirmation(choice) ? checkBaseUrl(choice.url) : undefined;
			return choice && checked?.ok ? [{variable: choice.variable, url: checked.url, source: choice.source, file: choice.file, hostname: checked.hostname}] : [];
		});
		if (fileChosen.length > 0) data.fileChosenHosts = fileChosen;
		if (targets.awaiting.length > 0) data.awaitingConfirmation = targets.awaiting;

		const organization = value('OPENAI_ORG_ID');
		const project = value('OPENAI_PROJECT_ID');
		const legacyBase = value('OPENAI_API_BASE');
		const legacyOrganization = value('OPENAI_ORGANIZATION');
		if (organization) data.organization = organization;
		if (project) data.project = project;
		if (legacyBase) {
			data.legacyBaseUrl = redact(stripCredentials(legacyBase));
			if (normaliseUrl(legacyBase) !== sdkBaseUrl) {
				data.disagreements.push({variable: 'OPENAI_API_BASE', value: data.legacyBaseUrl, current: `${data.sdkBaseUrl} (${value('OPENAI_BASE_URL') ? 'OPENAI_BASE_URL' : 'the default'})`});
			}
		}

		if (legacyOrganization) {
			data.legacyOrganization = legacyOrganization;
			if (legacyOrganization !== organization) {
				data.disagreements.push({variable: 'OPENAI_ORGANIZATION', value: legacyOrganization, current: organization ? `OPENAI_ORG_ID=${organization}` : 'no organization header (OPENAI_ORG_ID is unset)'});
			}
		}

		const azureEndpoint = value('AZURE_OPENAI_ENDPOINT');
		if (azureEndpoint) {
			data.azure.endpoint = redact(stripCredentials(azureEndpoint));
			const checked = checkBaseUrl(azureEndpoint);
			if (checked.ok || checked.hostname) data.azure.endpointHost = checked.hostname;
		}

		const apiVersion = value('OPENAI_API_VERSION');
		if (apiVersion) data.azure.apiVersion = apiVersion;
		for (const name of proxyVariables) {
			const proxy = value(name);
			if (proxy) data.proxies[name] = redact(stripCredentials(proxy));
		}

		const noProxy = value('NO_PROXY') ?? value('no_proxy');
		if (noProxy) data.noProxy = noProxy;
		if (base.ok) {
			const route = proxyRoute(`${base.url}/models`, ports.env);
			if (route.kind === 'proxy') data.route = {via: route.shown, variable: route.variable, schemeless: route.schemeless};
			else if (route.kind === 'invalid') data.route = {invalid: route.message, variable: route.variable};
			else if (route.bypassed) data.route = {via: route.bypassed, bypass: route.why};
		}

		for (const line of (env.OPENAI_CUSTOM_HEADERS ?? '').split(/\r?\n/)) {
			const name = /^\s*([!#$%&'*+.^`|~\w-]+)\s*:/.exec(line)?.[1];
			if (!name) continue;
			data.customHeaderNames.push(name);
			if (authHeaderNames.has(name.toLowerCase())) data.customAuthHeaders.push(name);
		}

		return summarise(data);
	},
};

/** A URL compared loosely: trimmed, no trailing slash, host in lower case. */
export function normaliseUrl(url: string): string {
	const trimmed = url.trim().replace(/\/+$/, '');
	try {
		const parsed = new URL(trimmed);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
	} catch {
		return trimmed;
	}
}

function summarise(data: EndpointData): {status: ProbeStatus; summary: string; details: string[]; data: EndpointData} {
	const details: string[] = [];
	const where = describeBaseUrlSource(data.baseUrlFrom);
	details.push(`Base URL: ${data.baseUrl} (from ${where})${data.hostKind === 'azure' ? ', an Azure OpenAI host' : data.hostKind === 'other' && !data.loopback ? ', not an OpenAI host (a gateway or relay?)' : ''}.`);
	details.push(`Headers the SDKs add: ${[data.organization && `OpenAI-Organization: ${data.organization}`, data.project && `OpenAI-Project: ${data.project}`].filter(Boolean).join(', ') || 'none (no OPENAI_ORG_ID / OPENAI_PROJECT_ID)'}.`);
	for (const disagreement of data.disagreements) {
		details.push(`${disagreement.variable}=${disagreement.value} is still read by LangChain and openai < 1.0; today's SDKs use ${disagreement.current}.`);
	}

	if (data.azure.endpoint) details.push(`AZURE_OPENAI_ENDPOINT: ${data.azure.endpoint}${data.azure.apiVersion ? `, OPENAI_API_VERSION ${data.azure.apiVersion}` : ', no OPENAI_API_VERSION'}.`);
	const proxies = Object.entries(data.proxies);
	if (proxies.length > 0) details.push(`Proxy: ${proxies.map(([name, url]) => `${name}=${url}`).join(', ')}${data.noProxy ? `; NO_PROXY=${data.noProxy}` : ''}.`);
	const route = data.route;
	if (route?.bypass === 'loopback') details.push(`${data.hostname} is this machine: requests to it never go through the proxy ${route.via}.`);
	if (route?.bypass === 'no_proxy') details.push(`NO_PROXY exempts ${data.hostname}: requests go straight to it, not through ${route.via}.`);
	if (route?.via && !route.bypass) {
		details.push(`Requests to ${data.hostname} go through the proxy ${route.via} (${route.variable}${route.schemeless ? ', written without a scheme: curl and this check read it as http://' : ''}).`);
	}
	if (route?.invalid) details.push(route.invalid);
	if (data.customHeaderNames.length > 0) details.push(`OPENAI_CUSTOM_HEADERS sets: ${data.customHeaderNames.join(', ')}.`);
	for (const host of data.fileChosenHosts ?? []) {
		details.push(`${host.variable} comes only from ${host.file}, a project file: it chose ${host.hostname}, not you. Keys from ${host.file} itself are sent there; yours only once you confirm the host (${howToConfirm(host)}).`);
	}

	if (!data.safe) return {status: 'fail', summary: data.unsafeReason ?? 'The base URL was refused.', details, data};
	const warnings: string[] = [];
	if (data.disagreements.length > 0) warnings.push(`${data.disagreements.map(item => item.variable).join(' and ')} disagree${data.disagreements.length === 1 ? 's' : ''} with the current settings`);
	if (data.customAuthHeaders.length > 0) warnings.push(`OPENAI_CUSTOM_HEADERS overrides ${data.customAuthHeaders.join(', ')}`);
	if (data.route?.via && !data.route.bypass) warnings.push(`requests go through the proxy ${data.route.via}`);
	else if (data.route?.invalid) warnings.push(`${data.route.variable} is not a valid proxy URL`);
	// With an Azure key the Azure client uses the endpoint, whatever the OpenAI base URL: that is no warning.
	if (data.azure.endpoint && data.hostKind !== 'azure' && !data.azure.keySet && !data.azure.adTokenSet) {
		warnings.push('AZURE_OPENAI_ENDPOINT is set but no AZURE_OPENAI_API_KEY, and the base URL is not Azure');
	}
	for (const host of data.awaitingConfirmation ?? []) {
		warnings.push(`only ${host.file} (a project file, not you) chose ${host.hostname}: ${host.keys.map(key => key.fingerprint).join(', ')} ${host.keys.length === 1 ? 'is' : 'are'} not sent there until you confirm it (${howToConfirm(host)})`);
	}
	// An Azure app's key goes to its endpoint (see the live check): say that first.
	const azureApp = data.azure.endpoint && data.azure.keySet && data.hostKind !== 'azure' ? `Azure endpoint ${data.azure.endpoint}; OpenAI base URL ` : '';
	const summary = `${azureApp}${data.baseUrl}${data.hostKind === 'openai' ? '' : data.hostKind === 'azure' ? ' (Azure OpenAI)' : data.loopback ? ' (this machine)' : ' (not OpenAI)'}${warnings.length > 0 ? `; ${warnings.join('; ')}.` : '.'}`;
	return {status: warnings.length > 0 ? 'warn' : 'pass', summary, details, data};
}
