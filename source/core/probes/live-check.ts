import {sameOrigin, type HostKind, type SafeBaseUrl} from '../api/base-url-safety.js';
import {awaitSlowKeySources, fileKeySourceProbes, keysToCheck, mapLimit, type CandidateKey} from '../api/candidate-keys.js';
import {earlySends, howToConfirm, requestTargets, targetOf, type AwaitedHost} from '../api/request-targets.js';
import {maxLiveKeys, splitByLivePriority} from '../api/key-priority.js';
import {proxyRouteRefusal} from '../api/proxy-route.js';
import {classifyResponse, type BodyShape, type Classification, type ResponseOrigin, type ResponseOutcome} from '../api/classify-response.js';
import {describeOutcome} from '../api/describe-outcome.js';
import {
	planModelsRequest,
	reasonNotToSend,
	requestHeaders,
	requestMode,
	scopeHeaderNames,
	type RequestMode,
	type RequestPlan,
	type ScopeHeaders,
} from '../api/request-plan.js';
import {maskFitsKey} from '../keys/mask.js';
import {redact} from '../keys/redact.js';
import type {HttpFailure, HttpResult, Ports} from '../ports.js';
import type {LiveStatus, ProbeDefinition, ProbeOutcome, ProbeResults, ProbeStatus, RunOptions} from '../types.js';

/** Keys checked at the same time. */
const inFlight = 4;
/** Largest body kept from an answer; a models list is a few tens of KB. */
const maxBodyBytes = 512 * 1024;

/** One request of the live check, key-free. */
export type LiveAttempt = {
	live: LiveStatus;
	status?: number;
	outcome?: ResponseOutcome;
	origin?: ResponseOrigin;
	code?: string;
	message?: string;
	requestId?: string;
	/** Why no answer came (DNS, refused, TLS, time-out, a header the client refused…). */
	failure?: HttpFailure;
	failureMessage?: string;
	durationMs: number;
};

/** What the live check learned about one distinct key. */
export type LiveKeyResult = {
	sha256: string;
	fingerprint: string;
	live: LiveStatus;
	variables: string[];
	sources: string[];
	mode: RequestMode;
	/** The URL asked (no key in it). */
	url?: string;
	status?: number;
	code?: string;
	type?: string;
	/** The API's message, key-free. */
	message?: string;
	outcome?: ResponseOutcome;
	origin?: ResponseOrigin;
	/** The answer in words: status, meaning, who sent it. */
	description?: string;
	/** The answer carried OpenAI's own headers and body shape. */
	fromOpenAI: boolean;
	bodyShape?: BodyShape;
	/** An OpenAI-shaped error body without OpenAI's headers: something in between rewrote it. */
	headersMissing?: boolean;
	requestId?: string;
	/** The organization and project the key resolved to (`openai-organization` / `openai-project`). */
	openaiOrganization?: string;
	openaiProject?: string;
	/** The proxy the request went through, credentials hidden. */
	proxy?: string;
	failure?: HttpFailure;
	failureMessage?: string;
	/** `OpenAI-Organization` / `OpenAI-Project` when sent. */
	headersSent: string[];
	/** For `invalid_api_key`: whether the mask in the answer fits the key sent. */
	maskMatchesKey?: boolean;
	missingScopes?: string[];
	/** The same key once more without the organization/project header(s) to blame, to confirm a mismatch. */
	withoutScopeHeaders?: LiveAttempt;
	/** The headers left out in `withoutScopeHeaders` (`OpenAI-Organization`, `OpenAI-Project`). */
	droppedHeaders?: string[];
	/** `OpenAI-Organization` / `OpenAI-Project` headers whose value no client can send (a control character): left out, the key sent without them. */
	unsendableHeaders?: string[];
	/** Earlier retries that still failed, on the way to `withoutScopeHeaders`. */
	scopeRetries?: Array<LiveAttempt & {dropped: string[]}>;
	/** The header mismatches that a working retry proved, one per header to blame. */
	headerFaults?: ResponseOutcome[];
	/** The key without surrounding whitespace, when the client refused the raw value. */
	trimmedKey?: LiveAttempt;
	/** For a restricted key: may it call a model (a request that costs nothing)? */
	inference?: LiveAttempt & {allowed?: boolean};
	/** Why the key was not sent. */
	untestedReason?: string;
	durationMs: number;
};

/** The live check's findings. */
export type LiveCheckData = {
	keys: LiveKeyResult[];
	/** The base URL the check used (never holds a key). */
	baseUrl: string;
	/** Where that base URL was set: `flag`, `env:OPENAI_BASE_URL`, `file:.env:2`, `default`. */
	baseUrlFrom?: string;
	/** `AZURE_OPENAI_ENDPOINT`, where keys seen only as AZURE_OPENAI_API_KEY were checked. */
	azureEndpoint?: string;
	/** Set when AZURE_OPENAI_ENDPOINT was refused (plain http to another machine…): no Azure key was sent. */
	azureEndpointRefused?: {reason: string; message: string};
	baseUrlOk: boolean;
	/** Set when the base URL was refused: nothing was sent. */
	unsafeBaseUrl?: {reason: string; message: string};
	hostKind?: HostKind;
	/** The copyable command that runs the same check, with `$OPENAI_API_KEY`; none while the host waits for confirmation. */
	curlCommand?: string;
	/**
	 * Hosts only a project file names (OPENAI_BASE_URL / AZURE_OPENAI_ENDPOINT in a `.env`),
	 * not confirmed by the user, and the user's keys held back from them: nothing of theirs
	 * is sent there until they confirm (the wizard's question, or --base-url).
	 */
	awaitingConfirmation?: AwaitedHost[];
	scopeHeaders: string[];
	/** The legacy `OPENAI_ORGANIZATION` (read by LangChain) tried with a working key. */
	legacyOrganization?: LiveAttempt & {organization: string};
	/** Every key that was sent failed before an HTTP answer. */
	networkUnreachable: boolean;
	/** Keys found but not sent: past the first `maxLiveKeys` by priority. */
	notChecked?: number;
	/** Why no key was sent through the configured proxy (plain HTTP through another host's proxy). */
	proxyRouteRefused?: string;
	proxy?: string;
};

/** Step 3: each distinct key, live, against `GET {base}/models`. */
export const liveCheckProbe: ProbeDefinition<LiveCheckData> = {
	id: 'live-check',
	step: 3,
	title: 'Live check',
	checks: 'each key against the API, as curl would, and who answered',
	// misnamed-vars: a key found only as OPENAI_KEY is checked too (does renaming help?).
	needs: [...fileKeySourceProbes, 'misnamed-vars'],
	async run({ports, options, signal, results, finishedOrAfter}) {
		const started = ports.now();
		// The keys this machine's files hold are checked while the slower sources (a login shell,
		// docker, kubectl) still run: only towards a host the user chose, where any key of theirs may go.
		const early = options.network && finishedOrAfter ? earlyChecks(ports, options, results, signal, started) : new Map<string, Promise<LiveKeyResult>>();
		await awaitSlowKeySources({options, ...(finishedOrAfter ? {finishedOrAfter} : {})});
		const keys = keysToCheck(results);
		const targets = requestTargets(options, ports.env, results, keys);
		const {settings, baseUrl, base, scope, azure} = targets;
		const data: LiveCheckData = {
			keys: keys.map(key => untested(key, 'openai', '')),
			baseUrl: base.ok ? base.url : redact(baseUrl.url),
			baseUrlFrom: baseUrl.source,
			baseUrlOk: base.ok,
			scopeHeaders: scopeHeaderNames(scope),
			networkUnreachable: false,
		};
		if (azure?.ok) data.azureEndpoint = azure.url;
		if (azure && !azure.ok) data.azureEndpointRefused = {reason: azure.reason, message: azure.message};

		if (!base.ok) {
			data.unsafeBaseUrl = {reason: base.reason, message: base.message};
			for (const key of data.keys) key.untestedReason = 'the base URL was refused';
			return {status: base.reason === 'malformed' ? 'error' : 'fail', summary: `${base.message} No key was sent.`, data};
		}

		data.hostKind = base.kind;
		const mode = requestMode(base, settings);
		if (targets.command) data.curlCommand = targets.command;
		if (keys.length === 0) return {status: 'skip', summary: 'No key found to test.', data};
		if (!options.network) {
			for (const key of data.keys) key.untestedReason = '--no-network';
			return {status: 'skip', summary: `Not checked (--no-network). To check by hand: ${byHand(data, targets.awaiting)}`, data};
		}

		const route = proxyRouteRefusal(planModelsRequest(base, mode, 'OPENAI_API_KEY', scope).url, ports.env);
		if (route) {
			data.proxyRouteRefused = route;
			for (const key of data.keys) Object.assign(key, {mode, untestedReason: route});
			return {status: 'fail', summary: `No key was sent: ${route}.`, details: [`Check it yourself: ${byHand(data, targets.awaiting)}`], data};
		}

		// Asked only where a Yes would send something: not without network, keys or a usable route.
		if (targets.awaiting.length > 0) data.awaitingConfirmation = targets.awaiting;

		const margin = Math.min(1000, Math.max(100, options.timeoutMs * 0.1));
		const deadline = started + options.timeoutMs - margin;
		const context: CheckContext = {ports, settings, signal, base, scope, deadline};
		const targetOfKey = new Map(keys.map(key => [key, targetOf(targets, key)]));
		// Keys that are never sent (held back for a host's confirmation, refused) do not take a place under the cap.
		const {chosen, rest} = splitByLivePriority(keys.filter(key => !('refused' in targetOfKey.get(key)!)), results, maxLiveKeys, options.errorText);
		data.keys = await mapLimit(keys, inFlight, key => {
			const target = targetOfKey.get(key)!;
			if ('refused' in target) return Promise.resolve(untested(key, target.awaiting?.variable === 'OPENAI_BASE_URL' ? mode : 'azure', target.refused));
			if (!chosen.has(key)) return Promise.resolve(untested(key, mode, `only ${maxLiveKeys} distinct keys are checked per run, the app's key and its rivals first; check it by hand with the command below`));
			const keyContext = target.base === base ? context : {...context, base: target.base};
			// A check started early answers for the key as the slower sources now show it too (where it was seen).
			const started = early.get(earlyCheckId(keyContext, key));
			return started ? started.then(result => ({...result, sources: key.sources})) : checkKey(keyContext, key);
		});
		data.proxy = data.keys.find(key => key.proxy)?.proxy;
		const sent = data.keys.filter(key => key.untestedReason === undefined);
		data.networkUnreachable = sent.length > 0 && sent.every(unreachable);
		const legacy = await checkLegacyOrganization(context, keys, data.keys);
		if (legacy) data.legacyOrganization = legacy;
		if (rest.length > 0) data.notChecked = rest.length;
		return summarise(data, base, keys);
	},
};

/** The command to check by hand, or, while the host waits for confirmation, how to confirm it first. */
function byHand(data: LiveCheckData, awaiting: readonly AwaitedHost[]): string {
	if (data.curlCommand) return data.curlCommand;
	const host = awaiting[0];
	return host ? `no command is offered for ${host.hostname}, which only ${host.file} names: ${howToConfirm(host)} first` : 'no command (see above)';
}

/** The keys held back from hosts a file named, and how to send them: one sentence per host. */
function awaitingSentences(hosts: readonly AwaitedHost[]): string[] {
	return hosts.map(host => {
		const keys = host.keys.map(key => key.fingerprint);
		const them = keys.length === 1 ? 'it' : 'them';
		return `${keys.join(', ')} ${keys.length === 1 ? 'was' : 'were'} not sent: only ${host.file} (a project file, not you) sends the API to ${host.hostname} (${host.variable}=${host.url}). To send ${them} there, ${howToConfirm(host)}.`;
	});
}

/** Failures that say nothing about the network: the client refused a value, the answer broke HTTP, or the run was stopped. */
const notNetworkFailures = new Set<HttpFailure>(['invalid-header', 'bad-response', 'aborted']);

/**
 * No answer came for this key because the network failed. A key the HTTP client refused
 * to put in a header (a newline in it) proves nothing about the network, least of all
 * when the same key without its whitespace got an answer.
 */
function unreachable(key: LiveKeyResult): boolean {
	if (key.failure === undefined || key.status !== undefined) return false;
	if (notNetworkFailures.has(key.failure)) return key.trimmedKey?.failure !== undefined && !notNetworkFailures.has(key.trimmedKey.failure);
	return true;
}

type CheckContext = {ports: Ports; settings: Readonly<Record<string, string | undefined>>; signal: AbortSignal; base: SafeBaseUrl; scope: ScopeHeaders; deadline: number};

/** What makes two checks of a key the same request: the key, where it goes, how, with which scope. */
function earlyCheckId(context: CheckContext, key: CandidateKey): string {
	return JSON.stringify([key.secret.sha256, context.base.url, requestMode(context.base, context.settings), context.scope, key.variables]);
}

/**
 * The checks that can start before the slow key sources answer: the keys found under the
 * API's variables by the sources already done, when every host they would go to is one the
 * user chose (the default, --base-url, the environment's, or one confirmed). A host only a
 * file names waits: whether a key is the file's own depends on every source. The final
 * plan reuses a check only where it would make the very same request.
 */
function earlyChecks(ports: Ports, options: RunOptions, results: ProbeResults, signal: AbortSignal, started: number): Map<string, Promise<LiveKeyResult>> {
	const checks = new Map<string, Promise<LiveKeyResult>>();
	const early = earlySends(options, ports.env, results, maxLiveKeys);
	if (!early) return checks;
	const {base, settings, scope} = early.targets;
	if (!base.ok || proxyRouteRefusal(planModelsRequest(base, requestMode(base, settings), 'OPENAI_API_KEY', scope).url, ports.env)) return checks;
	const deadline = started + options.timeoutMs - Math.min(1000, Math.max(100, options.timeoutMs * 0.1));
	for (const {key, base: target} of early.sends) {
		const context: CheckContext = {ports, settings, signal, base: target, scope, deadline};
		const check = checkKey(context, key);
		check.catch(() => undefined);
		checks.set(earlyCheckId(context, key), check);
	}

	return checks;
}

function untested(key: CandidateKey, mode: RequestMode, reason: string): LiveKeyResult {
	return {
		sha256: key.secret.sha256,
		fingerprint: key.secret.fingerprint,
		live: 'untested',
		variables: key.variables,
		sources: key.sources,
		mode,
		fromOpenAI: false,
		headersSent: [],
		...(reason ? {untestedReason: reason} : {}),
		durationMs: 0,
	};
}

async function checkKey(context: CheckContext, key: CandidateKey): Promise<LiveKeyResult> {
	const {base, ports} = context;
	const mode = requestMode(base, context.settings);
	const value = key.secret.reveal();
	const refusal = reasonNotToSend(value, key.variables, base, mode);
	if (refusal) return untested(key, mode, refusal);

	let plan = planModelsRequest(base, mode, 'OPENAI_API_KEY', context.scope);
	const result: LiveKeyResult = {...untested(key, mode, ''), url: plan.url, headersSent: scopeHeaderNames(plan.scope)};
	const started = ports.now();
	let first = await send(context, plan, value);
	// An organization or project id no client can put in a header: the key was never sent.
	// Say so, and send the key without it, so the key itself still gets its verdict.
	const unsendable: ScopeName[] = [];
	for (let refused = refusedScopeHeader(first); refused && !unsendable.includes(refused); refused = refusedScopeHeader(first)) {
		unsendable.push(refused);
		plan = {...plan, scope: keepScope(plan.scope, unsendable)};
		first = await send(context, plan, value);
	}

	apply(result, first, value, key);
	if (unsendable.length > 0) {
		const names = unsendable.map(name => scopeHeader[name]);
		Object.assign(result, {unsendableHeaders: names, droppedHeaders: names, withoutScopeHeaders: toAttempt(first, key), headersSent: scopeHeaderNames(plan.scope)});
		const without = `Without ${names.length > 1 ? 'them' : 'it'}: ${result.description ?? result.failureMessage ?? 'no answer'}`;
		result.description = `The HTTP client refused to send the ${names.join(' and ')} header${names.length > 1 ? 's' : ''} (a line break, control or non-ASCII character in ${unsendable.map(name => scopeVariable[name]).join(' / ')}; the SDKs fail on it with a connection error). ${without}`;
		if (result.live === 'valid') result.headerFaults = unsendable.map(name => (name === 'organization' ? 'invalid-organization' : 'project-mismatch'));
	}

	if (first.http?.ok === false && first.http.failure === 'invalid-header' && isKeyHeader(first.http.header) && value.trim() !== value && value.trim() !== '') {
		result.trimmedKey = toAttempt(await send(context, plan, value.trim()), key);
	}

	const scopeFailure = result.outcome === 'org-mismatch' || result.outcome === 'invalid-organization' || result.outcome === 'project-mismatch' || result.outcome === 'unauthorized';
	if (scopeFailure && result.headersSent.length > 0) await attributeScopeFailure(context, plan, value, key, result);

	if (result.outcome === 'restricted' && mode === 'openai') result.inference = await probeInference(context, plan, value, key);
	result.durationMs = Math.round(ports.now() - started);
	return result;
}

/**
 * Finds which of the organization / project headers makes the key fail: first without the
 * header the API named, and when the answer then names the other header, without both.
 * So an organization and a project that are both wrong are both named.
 */
async function attributeScopeFailure(context: CheckContext, plan: RequestPlan, value: string, key: CandidateKey, result: LiveKeyResult): Promise<void> {
	const sent = (Object.keys(plan.scope) as ScopeName[]).filter(name => plan.scope[name]);
	const named: ScopeName | undefined = result.outcome === 'project-mismatch' ? 'project' : result.outcome === 'unauthorized' ? undefined : 'organization';
	let dropped: ScopeName[] = named && sent.includes(named) && sent.length > 1 ? [named] : sent;
	let retry = toAttempt(await send(context, {...plan, scope: keepScope(plan.scope, dropped)}, value), key);
	const other = sent.find(name => !dropped.includes(name));
	if (other && retry.outcome === scopeOutcome[other]) {
		result.scopeRetries = [{dropped: dropped.map(name => scopeHeader[name]), ...retry}];
		dropped = sent;
		retry = toAttempt(await send(context, {...plan, scope: {}}, value), key);
	}

	result.withoutScopeHeaders = retry;
	result.droppedHeaders = dropped.map(name => scopeHeader[name]);
	if (retry.live !== 'valid') return;
	// The key itself works; the headers dropped are what fail.
	result.live = 'valid';
	result.headerFaults = dropped.map(name => (name === 'organization' ? (result.outcome === 'invalid-organization' ? 'invalid-organization' : 'org-mismatch') : 'project-mismatch'));
}

type ScopeName = keyof ScopeHeaders;
const scopeHeader: Record<ScopeName, string> = {organization: 'OpenAI-Organization', project: 'OpenAI-Project'};
const scopeVariable: Record<ScopeName, string> = {organization: 'OPENAI_ORG_ID', project: 'OPENAI_PROJECT_ID'};
const scopeOutcome: Record<ScopeName, ResponseOutcome> = {organization: 'org-mismatch', project: 'project-mismatch'};

/** The organization or project header the HTTP client would not send, from the failure's own `header` field. */
function refusedScopeHeader(sent: Sent): ScopeName | undefined {
	if (sent.http?.ok !== false || sent.http.failure !== 'invalid-header') return undefined;
	const header = sent.http.header;
	return (Object.keys(scopeHeader) as ScopeName[]).find(name => scopeHeader[name].toLowerCase() === header);
}

/** The header that carries the key (`authorization`, Azure's `api-key`); an unnamed refusal is taken as the key's, as before. */
function isKeyHeader(header: string | undefined): boolean {
	return header === undefined || header === 'authorization' || header === 'api-key';
}

function keepScope(scope: ScopeHeaders, dropped: readonly ScopeName[]): ScopeHeaders {
	return Object.fromEntries(Object.entries(scope).filter(([name]) => !dropped.includes(name as ScopeName)));
}

type Sent = {http?: HttpResult; answer?: Classification; skipped?: string};

async function send(context: CheckContext, plan: Pick<RequestPlan, 'mode' | 'scope' | 'url'>, key: string, body?: string): Promise<Sent> {
	if (!sameOrigin(context.base, plan.url)) return {skipped: 'the request would leave the base URL’s host'};
	const remaining = Math.floor(context.deadline - context.ports.now());
	if (remaining < 50) return {skipped: 'the time limit ran out before this key could be sent'};
	if (context.signal.aborted) return {skipped: 'cancelled'};
	const headers = requestHeaders(plan, key);
	if (body !== undefined) headers['content-type'] = 'application/json';
	const http = await context.ports.http({
		url: plan.url,
		method: body === undefined ? 'GET' : 'POST',
		headers,
		...(body === undefined ? {} : {body}),
		timeoutMs: remaining,
		signal: context.signal,
		maxBodyBytes,
	});
	return http.ok ? {http, answer: classifyResponse(http)} : {http};
}

function apply(result: LiveKeyResult, sent: Sent, value: string, key: CandidateKey): void {
	if (sent.skipped) {
		result.untestedReason = sent.skipped;
		return;
	}

	const {durationMs: _duration, ...attempt} = toAttempt(sent, key);
	Object.assign(result, attempt);
	const {http, answer} = sent;
	if (http?.proxy) result.proxy = http.proxy;
	if (http && !http.ok) {
		if (http.failure === 'invalid-header' && isKeyHeader(http.header) && value.trim() !== value) result.failureMessage += ' The value has whitespace or a line break around the key (key-whitespace).';
		// The HTTP port reports a proxy's 407 to CONNECT as a failure (no tunnel); it is the proxy's answer all the same.
		if (http.failure === 'proxy' && /\b407\b/.test(http.message)) {
			Object.assign(result, {status: 407, outcome: 'proxy-auth', origin: 'proxy', description: '407 Proxy Authentication Required: the proxy wants credentials; the key never reached the API'});
		}

		return;
	}

	if (!answer) return;
	Object.assign(result, {fromOpenAI: answer.origin === 'openai', bodyShape: answer.bodyShape, description: describeOutcome(answer)});
	if (answer.type) result.type = answer.type;
	if (answer.headersMissing) result.headersMissing = true;
	if (answer.organization) result.openaiOrganization = answer.organization;
	if (answer.project) result.openaiProject = answer.project;
	if (answer.missingScopes) result.missingScopes = answer.missingScopes;
	if (answer.mask) result.maskMatchesKey = maskFitsKey(answer.mask, value);
}

function toAttempt(sent: Sent, key: CandidateKey): LiveAttempt {
	if (sent.skipped) return {live: 'untested', failureMessage: sent.skipped, durationMs: 0};
	const {http, answer} = sent;
	if (!http) return {live: 'untested', durationMs: 0};
	if (!http.ok) {
		return {live: http.failure === 'aborted' ? 'untested' : 'error', failure: http.failure, failureMessage: redact(http.message, [key.secret]), durationMs: http.durationMs};
	}

	const attempt: LiveAttempt = {live: answer!.live, status: http.status, outcome: answer!.outcome, origin: answer!.origin, durationMs: http.durationMs};
	if (answer!.code) attempt.code = answer!.code;
	if (answer!.message) attempt.message = redact(answer!.message, [key.secret]);
	if (answer!.requestId) attempt.requestId = answer!.requestId;
	return attempt;
}

/**
 * A restricted key may still call models. `POST /chat/completions` with an empty body
 * costs nothing: 400 (no model given) means the key may call models, 401 "Missing
 * scopes" means it may not.
 */
async function probeInference(context: CheckContext, plan: RequestPlan, value: string, key: CandidateKey): Promise<LiveAttempt & {allowed?: boolean}> {
	const url = `${context.base.url}/chat/completions`;
	const sent = await send(context, {...plan, url}, value, '{}');
	const attempt = toAttempt(sent, key);
	if (attempt.status === 400) return {...attempt, allowed: true};
	if (sent.answer?.outcome === 'missing-scopes' || sent.answer?.outcome === 'restricted') return {...attempt, allowed: false};
	return attempt;
}

/**
 * LangChain and pre-1.0 SDKs send `OPENAI_ORGANIZATION`, which today's SDKs ignore.
 * When it differs from `OPENAI_ORG_ID`, try it once with a key that works.
 */
async function checkLegacyOrganization(context: CheckContext, keys: CandidateKey[], results: LiveKeyResult[]): Promise<(LiveAttempt & {organization: string}) | undefined> {
	const organization = context.settings.OPENAI_ORGANIZATION?.trim();
	if (!organization || organization === context.scope.organization) return undefined;
	const index = results.findIndex(result => result.mode === 'openai' && result.outcome === 'valid');
	if (index === -1) return undefined;
	const key = keys[index]!;
	const plan = planModelsRequest(context.base, 'openai', 'OPENAI_API_KEY', {...context.scope, organization});
	return {organization, ...toAttempt(await send(context, plan, key.secret.reveal()), key)};
}

const headerProblems = new Set<ResponseOutcome | undefined>(['org-mismatch', 'invalid-organization', 'project-mismatch']);

function summarise(data: LiveCheckData, base: SafeBaseUrl, keys: CandidateKey[]): ProbeOutcome<LiveCheckData> {
	const secrets = keys.map(key => key.secret);
	// Keys go to the base URL, Azure-only keys to AZURE_OPENAI_ENDPOINT: name the hosts asked.
	const hostsOf = (list: LiveKeyResult[]) => [...new Set(list.map(key => (key.url ? new URL(key.url).hostname : base.hostname)))].join(' and ') || base.hostname;
	const tested = data.keys.filter(key => key.live !== 'untested');
	const refused = data.keys.filter(key => key.live === 'invalid' || headerProblems.has(key.outcome));
	const failed = data.keys.filter(key => key.live === 'error');
	const working = data.keys.filter(key => key.live === 'valid' && !headerProblems.has(key.outcome));
	const details = data.keys.map(key => redact(detailLine(key), secrets));
	if (data.legacyOrganization) {
		const legacy = data.legacyOrganization;
		details.push(`OPENAI_ORGANIZATION (${legacy.organization}, read by LangChain and old SDKs): ${legacy.status ?? legacy.failureMessage ?? 'not checked'}${legacy.code ? ` ${legacy.code}` : ''}.`);
	}

	if (data.notChecked) details.push(`${data.notChecked} more key${data.notChecked === 1 ? ' was' : 's were'} found and not checked: at most ${maxLiveKeys} distinct keys are checked per run.`);
	if (data.proxy) details.push(`Requests went through the proxy ${data.proxy}.`);
	const awaiting = data.awaitingConfirmation ?? [];
	details.push(`Check it yourself: ${byHand(data, awaiting)}`);

	const heldBack = new Set(awaiting.flatMap(host => host.keys.map(key => key.sha256)));
	const otherUntested = data.keys.filter(key => key.live === 'untested' && !heldBack.has(key.sha256));
	const unsendable = data.keys.filter(key => key.unsendableHeaders?.length);
	let status: ProbeStatus;
	let summary: string;
	if (tested.length === 0 && heldBack.size > 0) {
		status = 'warn';
		summary = otherUntested.length > 0 ? `Also not sent: ${otherUntested.map(key => `${key.fingerprint} (${key.untestedReason ?? 'not sent'})`).join('; ')}.` : '';
	} else if (tested.length === 0) {
		status = 'skip';
		summary = `No key was sent: ${data.keys.map(key => `${key.fingerprint} (${key.untestedReason ?? 'not sent'})`).join('; ')}.`;
	} else if (unsendable.length > 0) {
		status = 'fail';
		summary = `${unsendable[0]!.fingerprint}: ${unsendable[0]!.description ?? 'a header could not be sent'}`;
	} else if (refused.length > 0) {
		status = 'fail';
		const list = refused.map(key => {
			// Azure puts the status in `code` ("401"): say it once.
			const code = key.code && key.code !== String(key.status) ? ` ${key.code}` : '';
			const who = key.fromOpenAI ? '' : key.origin === 'azure' ? ', from Azure OpenAI' : ', not from OpenAI';
			return `${key.fingerprint} (${key.status ?? ''}${code}${who})`.replace('( ', '(');
		});
		summary = `${refused.length === 1 ? `${list[0]} was refused` : `${refused.length} of ${data.keys.length} keys were refused: ${list.join(', ')}`} by ${hostsOf(refused)}.${working.length > 0 ? ` ${working.map(key => key.fingerprint).join(', ')} works.` : ''}`;
	} else if (failed.length > 0) {
		status = working.length > 0 ? 'warn' : 'error';
		const first = failed[0]!;
		summary = `Could not check ${failed.length === 1 ? first.fingerprint : `${failed.length} keys`}: ${first.failureMessage ?? first.description ?? (first.status ? `${first.status} answer` : 'no answer')}${working.length > 0 ? ` ${working.map(key => key.fingerprint).join(', ')} works.` : ''}`;
	} else {
		const caveats = working.filter(key => key.outcome !== 'valid');
		status = caveats.length > 0 ? 'warn' : 'pass';
		const one = working[0]!;
		const scope = [one.openaiOrganization && `organization ${one.openaiOrganization}`, one.openaiProject && `project ${one.openaiProject}`].filter(Boolean).join(', ');
		summary =
			caveats.length > 0
				? `${caveats.map(key => `${key.fingerprint}: ${shortOutcome(key)}`).join('; ')}.`
				: working.length === 1
					? `${one.fingerprint} works against ${hostsOf([one])}${scope ? ` (${scope})` : ''}.`
					: `All ${working.length} keys work against ${hostsOf(working)}.`;
	}

	// Keys of the user's held back from a host a project file chose: say so first, with how to confirm it.
	if (heldBack.size > 0) {
		summary = [...awaitingSentences(awaiting), summary].filter(Boolean).join(' ');
		if (status === 'pass') status = 'warn';
	}

	return {status, summary: redact(summary, secrets), details, data};
}

function shortOutcome(key: LiveKeyResult): string {
	switch (key.outcome) {
		case 'restricted':
			return `valid but restricted (missing ${key.missingScopes?.join(', ') ?? 'a scope'})${key.inference?.allowed === true ? ', may still call models' : key.inference?.allowed === false ? ', may not call models' : ''}`;
		case 'missing-scopes':
			return `valid but missing ${key.missingScopes?.join(', ') ?? 'a scope'}`;
		case 'quota-exceeded':
			return 'valid, but the account is out of quota (429 insufficient_quota)';
		case 'rate-limited':
			return 'valid, rate-limited right now (429)';
		default:
			return 'valid';
	}
}

function detailLine(key: LiveKeyResult): string {
	const where = key.sources.length > 0 ? ` [${key.sources.join(', ')}]` : '';
	const head = `${key.fingerprint}${where}`;
	if (key.live === 'untested') return `${head}: not sent (${key.untestedReason ?? 'not checked'}).`;
	if (key.failure) {
		const trimmed = key.trimmedKey ? ` Without its surrounding whitespace: ${attemptText(key.trimmedKey)}.` : '';
		return `${head}: ${key.failureMessage ?? key.failure}${trimmed}`;
	}

	let line = `${head}: ${key.description ?? key.status}.`;
	for (const retry of key.scopeRetries ?? []) line += ` Without the ${retry.dropped.join(' and ')} header: still ${attemptText(retry)}.`;
	if (key.withoutScopeHeaders) {
		const dropped = key.droppedHeaders ?? key.headersSent;
		line += ` Without the ${dropped.join(' and ')} header${dropped.length > 1 ? 's' : ''}: ${attemptText(key.withoutScopeHeaders)}.`;
	}
	if (key.inference) line += ` Calling a model: ${key.inference.allowed === true ? 'allowed' : key.inference.allowed === false ? 'not allowed' : attemptText(key.inference)}.`;
	if (key.maskMatchesKey === false) line += ' The key named in the answer is not the one sent: something in between replaced it.';
	if (key.requestId) line += ` Request id ${key.requestId}.`;
	return line;
}

function attemptText(attempt: LiveAttempt): string {
	if (attempt.failureMessage && attempt.status === undefined) return attempt.failureMessage;
	if (attempt.live === 'valid') return `${attempt.status} (the key works)`;
	return `${attempt.status ?? 'no answer'}${attempt.code ? ` ${attempt.code}` : ''}`;
}
