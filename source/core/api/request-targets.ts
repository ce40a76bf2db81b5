import {appBaseUrl, appEnvironment, appSettings, fileOfSource, loadDotenvFirst} from '../local/app-settings.js';
import type {DotenvProbeData} from '../probes/dotenv.js';
import type {ProbeResults, RunOptions} from '../types.js';
import {checkBaseUrl, type BaseUrlCheck, type SafeBaseUrl} from './base-url-safety.js';
import {keepCurlOffProxy} from './proxy-route.js';
import {candidateKeys, isAzureKey, isSentVariable, keySourceProbes, type CandidateKey} from './candidate-keys.js';
import {splitByLivePriority} from './key-priority.js';
import {keyVariableFor, planModelsRequest, requestMode, scopeFromEnv, type RequestMode, type ScopeHeaders} from './request-plan.js';

/**
 * Who chose a host a key may be sent to. The user did when it is the default, --base-url,
 * OPENAI_BASE_URL / AZURE_OPENAI_ENDPOINT in the process environment, or a host the user
 * confirmed in the wizard. A file did when only a `.env` the app loads names it: a cloned
 * repository must not decide where the user's keys go.
 */
export type HostChoice = {
	variable: 'OPENAI_BASE_URL' | 'AZURE_OPENAI_ENDPOINT';
	/** The URL as set. */
	url: string;
	/** `default`, `flag`, `env:OPENAI_BASE_URL`, `file:.env:2`. */
	source: string;
	/** The file that alone named the host (`.env`, `../.env.local`); undefined when the user chose it. */
	file?: string;
	/** A file named it and the user confirmed it for this session. */
	confirmed: boolean;
};

/** A host only a file named, not yet confirmed, and the keys held back from it. */
export type AwaitedHost = {
	variable: HostChoice['variable'];
	url: string;
	hostname: string;
	/** `file:.env:2`. */
	source: string;
	/** `.env`. */
	file: string;
	keys: Array<{sha256: string; fingerprint: string}>;
};

/**
 * Where the live check and curl send each key, worked out once: the app's base URL and
 * settings (a loaded .env's included), the organization/project headers, and
 * AZURE_OPENAI_ENDPOINT for the Azure client's keys unless --base-url names the place —
 * and, for each, who chose it.
 */
export type RequestTargets = {
	/** The app's settings over the environment. */
	settings: Record<string, string | undefined>;
	baseUrl: {url: string; source: string};
	base: BaseUrlCheck;
	/** Who chose the base URL. */
	baseChoice: HostChoice;
	scope: ScopeHeaders;
	/** AZURE_OPENAI_ENDPOINT as checked, when it applies (set, and no --base-url). */
	azure?: BaseUrlCheck;
	azureChoice?: HostChoice;
	/** Hosts only a file named that these keys wait for the user to confirm, each with the keys held back. */
	awaiting: AwaitedHost[];
	/**
	 * `.env` lines whose value the loader builds from references (`${OPENAI_API_KEY}`): the
	 * file does not hold that value, so such a line never makes a key the file's own.
	 */
	referenceSources: ReadonlySet<string>;
	/**
	 * The command a user can paste to run the same check (`$VARIABLE`, never a key); only
	 * with a safe base the user chose, never aimed at a host that waits for confirmation.
	 */
	command?: string;
};

/** Works out the targets for these keys. */
export function requestTargets(options: RunOptions, env: Readonly<Record<string, string | undefined>>, results: ProbeResults, keys: readonly CandidateKey[]): RequestTargets {
	const settings = appEnvironment(env, results);
	const baseUrl = appBaseUrl(options, env, results);
	const base = checkBaseUrl(baseUrl.url);
	const scope = scopeFromEnv(settings);
	const baseChoice = choiceOf('OPENAI_BASE_URL', baseUrl, options);
	const azureSetting = options.baseUrlSource === 'flag' ? undefined : appSettings(env, results).get('AZURE_OPENAI_ENDPOINT');
	const azureValue = azureSetting?.value.trim();
	const azure = azureValue ? checkBaseUrl(azureValue) : undefined;
	const azureChoice = azureSetting && azureValue ? choiceOf('AZURE_OPENAI_ENDPOINT', {url: azureValue, source: azureSetting.source}, options) : undefined;
	const targets: RequestTargets = {settings, baseUrl, base, baseChoice, scope, ...(azure ? {azure} : {}), ...(azureChoice ? {azureChoice} : {}), awaiting: [], referenceSources: referenceSources(results)};
	if (!base.ok) return targets;
	targets.awaiting = awaitedHosts(targets, keys);
	const mode = requestMode(base, settings);
	// An Azure app's own check: its key, with api-key, at its endpoint.
	const azureOnly = azure?.ok === true && keys.length > 0 && keys.every(isAzureKey);
	if (awaitsConfirmation(azureOnly ? azureChoice! : baseChoice)) return targets;
	const command = azureOnly
		? planModelsRequest(azure, 'azure', keys.some(key => key.variables.includes('AZURE_OPENAI_API_KEY')) ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY', {}).curlCommand
		: planModelsRequest(base, mode, keyVariableFor(mode, settings), scope).curlCommand;
	return {...targets, command: loadDotenvFirst(keepCurlOffProxy(command, azureOnly ? azure.url : base.url, env), env, results)};
}

/** Where one key goes: the base URL, or the Azure endpoint for the Azure client's key; or why it is not sent. */
export function targetOf(targets: RequestTargets, key: CandidateKey): {base: SafeBaseUrl; mode: RequestMode} | {refused: string; awaiting?: HostChoice} {
	const {base, azure, settings} = targets;
	if (!base.ok) return {refused: 'the base URL was refused'};
	// Test fixtures ("sk-test") live in .env.test, which apps read in test runs only.
	if (key.sources.length > 0 && key.sources.every(source => /^file:(?:.*\/)?\.env\.test(?:\.local)?:\d+$/.test(source))) {
		return {refused: 'only in .env.test, which apps read in test runs only'};
	}

	let target: {base: SafeBaseUrl; mode: RequestMode; choice: HostChoice};
	const sameHost = azure?.ok === true && azure.origin === base.origin;
	if (!isAzureKey(key) || !azure || sameHost) {
		// One origin named twice: the user chose it when either name is the user's.
		const choice = sameHost && targets.azureChoice && !awaitsConfirmation(targets.azureChoice) ? targets.azureChoice : targets.baseChoice;
		target = {base, mode: requestMode(base, settings), choice};
	} else if (!azure.ok) return {refused: `AZURE_OPENAI_ENDPOINT is refused: ${azure.message}`};
	else target = {base: azure, mode: 'azure', choice: targets.azureChoice!};
	if (!mayReceive(target.choice, key, targets.referenceSources)) return {refused: heldBackReason(target.choice, target.base.hostname), awaiting: target.choice};
	return {base: target.base, mode: target.mode};
}

/** A host only a file named, which the user has not confirmed: no key of the user's goes there. */
export function awaitsConfirmation(choice: HostChoice): boolean {
	return choice.file !== undefined && !choice.confirmed;
}

/**
 * What a check may send before the slower key sources (a login shell, docker, kubectl)
 * answer: the keys the sources already done found under the API's variables, up to `cap`
 * by priority, each with its target, when every host is one the user chose. None while a
 * host only a file names is in play: whether a key is the file's own depends on every source.
 */
export function earlySends(options: RunOptions, env: Readonly<Record<string, string | undefined>>, results: ProbeResults, cap: number): {targets: RequestTargets; sends: Array<{key: CandidateKey; base: SafeBaseUrl; mode: RequestMode}>} | undefined {
	const keys = candidateKeys(results, keySourceProbes, isSentVariable);
	if (keys.length === 0) return undefined;
	const targets = requestTargets(options, env, results, keys);
	if (!onlyUserChosenHosts(targets)) return undefined;
	const sendable = keys.flatMap(key => {
		const target = targetOf(targets, key);
		return 'refused' in target ? [] : [{key, ...target}];
	});
	const {chosen} = splitByLivePriority(sendable.map(send => send.key), results, cap, options.errorText);
	return {targets, sends: sendable.filter(send => chosen.has(send.key))};
}

/**
 * True when every host these targets send to is one the user chose (the default,
 * --base-url, the environment's, or confirmed) and none waits for a Yes: any key of the
 * user's may go there, whatever the slower sources still bring.
 */
function onlyUserChosenHosts(targets: RequestTargets): boolean {
	return targets.base.ok && !awaitsConfirmation(targets.baseChoice) && !(targets.azureChoice && awaitsConfirmation(targets.azureChoice)) && targets.awaiting.length === 0;
}

/**
 * The rule: a key may go to a host the user chose, or to a host a file named when the
 * key is the repository's own: written in that same file, and held by nothing of the
 * user's besides (the environment, a profile, the login shell, a container, a cluster
 * secret, another `.env` file). A repository's own key going to its own gateway tells
 * the repository nothing it did not hold; the user's key pasted into that file too
 * (`cp .env.example .env`) would. A line that only refers to a variable
 * (`OPENAI_API_KEY=${OPENAI_API_KEY}`, in `referenceSources`) holds nothing.
 */
export function mayReceive(choice: HostChoice, key: Pick<CandidateKey, 'sources'>, referenceSources: ReadonlySet<string> = new Set()): boolean {
	if (!awaitsConfirmation(choice)) return true;
	const inThatFile = (source: string) => !referenceSources.has(source) && fileOfSource(source) === choice.file;
	return key.sources.some(inThatFile) && key.sources.every(source => inThatFile(source) || repositoryFileSource.test(source));
}

/** Sources that are files of the project itself (compose, Dockerfile, manifests, serverless settings): the repository's, not the user's. */
const repositoryFileSource = /^(?:compose|dockerfile|k8s-file|serverless):/;

/** The `.env` lines whose value comes from expanding references (see `RequestTargets.referenceSources`). */
function referenceSources(results: ProbeResults): Set<string> {
	const dotenv = results.get('dotenv')?.data as DotenvProbeData | undefined;
	const sources = new Set<string>();
	for (const file of dotenv?.files ?? []) {
		for (const definition of file.definitions) if (definition.defects.some(defect => defect.code === 'expanded')) sources.add(definition.source);
		for (const azureKey of file.azureKeys ?? []) if (azureKey.expanded) sources.add(azureKey.source);
	}

	return sources;
}

/** Why a key was held back from a host a file named, for the live-check rows. */
export function heldBackReason(choice: HostChoice, hostname: string): string {
	return `waits for your word: only ${choice.file} names ${hostname} (${choice.variable}), not you, and this key does not come from that file`;
}

/** How to confirm a host a file named, in one sentence that fits both the wizard and the headless modes. */
export function howToConfirm(host: Pick<AwaitedHost, 'url'>): string {
	return `answer Yes to the wizard's question in step 3, or rerun with --base-url ${host.url}`;
}

/** The base URLs the user confirmed include this one (trailing slashes and case of the host aside). */
function isConfirmed(url: string, options: Pick<RunOptions, 'confirmedBaseUrls'>): boolean {
	const normal = normalUrl(url);
	return (options.confirmedBaseUrls ?? []).some(confirmed => normalUrl(confirmed) === normal);
}

function normalUrl(url: string): string {
	const checked = checkBaseUrl(url);
	return checked.ok ? checked.url : url.trim().replace(/\/+$/, '');
}

function choiceOf(variable: HostChoice['variable'], set: {url: string; source: string}, options: Pick<RunOptions, 'confirmedBaseUrls'>): HostChoice {
	const file = fileOfSource(set.source);
	// OpenAI's own API is the default host: a file naming it sends the key nowhere the user did not already send it.
	if (file === undefined || isOpenAIApi(set.url)) return {variable, url: set.url, source: set.source, confirmed: false};
	return {variable, url: set.url, source: set.source, file, confirmed: isConfirmed(set.url, options)};
}

/** An https URL on OpenAI's own API host (`api.openai.com`, a regional `eu.api.openai.com`). */
function isOpenAIApi(url: string): boolean {
	const checked = checkBaseUrl(url);
	return checked.ok && checked.kind === 'openai' && checked.protocol === 'https:';
}

/** The hosts these keys wait for, each with the keys held back from it. */
function awaitedHosts(targets: RequestTargets, keys: readonly CandidateKey[]): AwaitedHost[] {
	const byUrl = new Map<string, AwaitedHost>();
	for (const key of keys) {
		const target = targetOf(targets, key);
		if (!('awaiting' in target) || !target.awaiting) continue;
		const choice = target.awaiting;
		const checked = checkBaseUrl(choice.url);
		if (!checked.ok) continue;
		const host = byUrl.get(checked.url) ?? {variable: choice.variable, url: checked.url, hostname: checked.hostname, source: choice.source, file: choice.file!, keys: []};
		host.keys.push({sha256: key.secret.sha256, fingerprint: key.secret.fingerprint});
		byUrl.set(checked.url, host);
	}

	return [...byUrl.values()];
}
