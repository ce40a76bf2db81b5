import type {SafeBaseUrl} from '../api/base-url-safety.js';
import {awaitSlowKeySources, fileKeySourceProbes, keysToCheck, mapLimit, type CandidateKey} from '../api/candidate-keys.js';
import {splitByLivePriority} from '../api/key-priority.js';
import {earlySends, requestTargets, targetOf} from '../api/request-targets.js';
import {isSendableHeaderValue} from '../api/header-value.js';
import {proxyRoute, proxyRouteRefusal, type ProxyRoute} from '../api/proxy-route.js';
import {classifyResponse, type ResponseOrigin, type ResponseOutcome} from '../api/classify-response.js';
import {describeOutcome} from '../api/describe-outcome.js';
import {planModelsRequest, reasonNotToSend, requestHeaders, type RequestPlan} from '../api/request-plan.js';
import {redact} from '../keys/redact.js';
import type {ExecResult, HttpFailure, Ports} from '../ports.js';
import type {LiveStatus, ProbeDefinition, ProbeResults, ProbeStatus, RunOptions} from '../types.js';

/** curl processes at the same time. */
const inFlight = 2;
/** Keys checked with curl at most; the live check covers the rest. */
const maxKeys = 6;
const statusMarker = '\n__key_wizard_status__:';
/** Variables curl reads that change which servers it trusts. Its proxy is not read from here: see `curlProxyEnv`. */
const curlEnvironment = ['PATH', 'CURL_CA_BUNDLE', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];

/** What curl said about one key. */
export type CurlKeyResult = {
	sha256: string;
	fingerprint: string;
	live: LiveStatus;
	status?: number;
	code?: string;
	outcome?: ResponseOutcome;
	origin?: ResponseOrigin;
	fromOpenAI: boolean;
	description?: string;
	/** Why curl got no HTTP answer. */
	failure?: HttpFailure;
	exitCode?: number;
	/** curl's own error line (key-free). */
	message?: string;
	/** Why the key was not given to curl. */
	untestedReason?: string;
};

/** The curl probe's findings. */
export type CurlData = {
	available: boolean;
	/** `curl 8.5.0`. */
	version?: string;
	/** What to paste to run the same check; `$OPENAI_API_KEY`, never a key. */
	command?: string;
	keys: CurlKeyResult[];
};

/** Step 3: the real curl, as a second opinion, with the key on stdin (never on the command line). */
export const curlProbe: ProbeDefinition<CurlData> = {
	id: 'curl',
	step: 3,
	title: 'curl',
	checks: 'the same request with the real curl, and the command to rerun it',
	// misnamed-vars: a key found only as OPENAI_KEY is checked too (does renaming help?).
	needs: [...fileKeySourceProbes, 'misnamed-vars'],
	async run({ports, options, signal, results, finishedOrAfter}) {
		const started = ports.now();
		// As the live check: the files' keys run while the slower sources answer, towards a host the user chose only.
		const early = options.network && finishedOrAfter ? earlyCurls(ports, options, results, signal, started) : new Map<string, Promise<CurlKeyResult>>();
		// `curl --version` runs alongside the checks, not before them: one child less on the critical path.
		// With checks already running, it starts with them, not after the wait for the slower key sources.
		const runVersion = () => ports.exec('curl', ['--version'], {timeoutMs: Math.min(2000, options.timeoutMs), signal, env: curlEnv(ports), extendEnv: false});
		const earlyVersionRun = early.size > 0 ? runVersion() : undefined;
		await awaitSlowKeySources({options, ...(finishedOrAfter ? {finishedOrAfter} : {})});
		const keys = keysToCheck(results);
		const targets = requestTargets(options, ports.env, results, keys);
		const {base, scope} = targets;
		const data: CurlData = {available: false, keys: []};
		if (!base.ok) return {status: 'skip', summary: 'Not run: the base URL was refused (see the live check).', data};
		if (targets.command) data.command = targets.command;
		// While a host only a project file names waits for the user's word, no command is aimed at it.
		const yourself = data.command ? `To run it yourself: ${data.command}` : `No command is offered for a host only a project file names (see the live check).`;
		if (!options.network) return {status: 'skip', summary: `Not run (--no-network). ${yourself}`, data};
		if (keys.length === 0) return {status: 'skip', summary: `No key found to test. ${yourself}`, data};

		const versionRun = earlyVersionRun ?? runVersion();
		const deadline = started + options.timeoutMs - Math.min(1000, Math.max(100, options.timeoutMs * 0.1));
		// The same target as the live check: the base URL, or the Azure endpoint for the Azure client's key.
		const targetOfKey = new Map(keys.map(key => [key, targetOf(targets, key)]));
		// Keys that are never sent (held back, refused) do not take a place under the cap.
		const {chosen} = splitByLivePriority(keys.filter(key => !('refused' in targetOfKey.get(key)!)), results, maxKeys, options.errorText);
		const checks = mapLimit(keys, inFlight, async key => {
			const target = targetOfKey.get(key)!;
			if ('refused' in target) return {sha256: key.secret.sha256, fingerprint: key.secret.fingerprint, live: 'untested' as const, fromOpenAI: false, untestedReason: target.refused};
			if (!chosen.has(key)) {
				return {sha256: key.secret.sha256, fingerprint: key.secret.fingerprint, live: 'untested' as const, fromOpenAI: false, untestedReason: `curl checks ${maxKeys} keys per run, the app's key and its rivals first`};
			}

			const plan = planModelsRequest(target.base, target.mode, 'OPENAI_API_KEY', target.mode === 'azure' ? {} : scope);
			return early.get(earlyCurlId(plan, key)) ?? runCurl(ports, signal, target.base, plan, key, deadline);
		});
		const version = await versionRun;
		if (!version.ok) {
			// The checks still running are stopped with the probe's signal when it returns.
			checks.catch(() => undefined);
			const missing = version.failure === 'not-found';
			return {status: 'skip', summary: missing ? `curl is not installed; the live check covers it.${data.command ? ` To run it elsewhere: ${data.command}` : ''}` : `curl could not run (${version.message ?? 'error'}).`, data};
		}

		data.available = true;
		data.version = /^curl [\d.]+/.exec(version.stdout)?.[0];
		data.keys = await checks;
		return summarise(data, keys);
	},
};

/** What makes two curl runs the same: the key, the request (URL, mode, headers) and the variables it was found under. */
function earlyCurlId(plan: RequestPlan, key: CandidateKey): string {
	return JSON.stringify([key.secret.sha256, plan.url, plan.mode, requestHeaders(plan, 'x'), key.variables]);
}

/**
 * The curl runs that can start before the slow key sources answer: the keys the sources
 * already done found under the API's variables, when every host is one the user chose
 * (see the live check's earlyChecks). The final plan reuses a run only for the same request.
 */
function earlyCurls(ports: Ports, options: RunOptions, results: ProbeResults, signal: AbortSignal, started: number): Map<string, Promise<CurlKeyResult>> {
	const runs = new Map<string, Promise<CurlKeyResult>>();
	const early = earlySends(options, ports.env, results, maxKeys);
	if (!early) return runs;
	const deadline = started + options.timeoutMs - Math.min(1000, Math.max(100, options.timeoutMs * 0.1));
	for (const {key, base, mode} of early.sends) {
		const plan = planModelsRequest(base, mode, 'OPENAI_API_KEY', mode === 'azure' ? {} : early.targets.scope);
		const run = runCurl(ports, signal, base, plan, key, deadline);
		run.catch(() => undefined);
		runs.set(earlyCurlId(plan, key), run);
	}

	return runs;
}

/** Only what curl needs from the environment (PATH, CA bundles): never the key variables. */
function curlEnv(ports: Ports): Record<string, string> {
	const env: Record<string, string> = {};
	for (const name of curlEnvironment) if (ports.env[name] !== undefined) env[name] = ports.env[name]!;
	return env;
}

/**
 * The proxy curl takes: the route worked out for the live check, handed over as the one
 * variable curl reads for this scheme (in the environment, where `ps` does not show a
 * proxy password), so curl never takes another route than the tool's own client.
 */
function curlProxyEnv(route: ProxyRoute, url: string): Record<string, string> {
	if (route.kind !== 'proxy') return {};
	return {[`${new URL(url).protocol.replace(':', '')}_proxy`]: route.url};
}

/**
 * The argument array: the key goes in on stdin (`-H @-`), so `ps` never shows it. Without
 * a proxy route, `--noproxy '*'` keeps curl off any proxy (a loopback target never takes one).
 */
export function curlArguments(plan: Pick<RequestPlan, 'url'>, base: Pick<SafeBaseUrl, 'protocol'>, maxTimeSeconds: number, route: ProxyRoute = {kind: 'direct', why: 'no-proxy-set'}): string[] {
	return [
		...(route.kind === 'proxy' ? [] : ['--noproxy', '*']),
		'-q',
		'--silent',
		'--show-error',
		'--max-time',
		maxTimeSeconds.toFixed(1),
		'--proto',
		base.protocol === 'http:' ? '=https,http' : '=https',
		'--max-redirs',
		'0',
		'--max-filesize',
		String(1024 * 1024),
		'--header',
		'@-',
		'--dump-header',
		'-',
		'--write-out',
		`${statusMarker}%{http_code}`,
		plan.url,
	];
}

async function runCurl(ports: Ports, signal: AbortSignal, base: SafeBaseUrl, plan: RequestPlan, key: CandidateKey, deadline: number): Promise<CurlKeyResult> {
	const result: CurlKeyResult = {sha256: key.secret.sha256, fingerprint: key.secret.fingerprint, live: 'untested', fromOpenAI: false};
	const value = key.secret.reveal();
	const refusal = reasonNotToSend(value, key.variables, base, plan.mode);
	if (refusal) return {...result, untestedReason: refusal};
	if (/[\r\n]/.test(value)) return {...result, untestedReason: 'the key holds a line break, which would split the header curl reads'};
	const unsafeRoute = proxyRouteRefusal(plan.url, ports.env);
	if (unsafeRoute) return {...result, untestedReason: unsafeRoute};
	const route = proxyRoute(plan.url, ports.env);
	if (route.kind === 'invalid') return {...result, untestedReason: route.message.replace(/\.$/, '')};
	const remaining = deadline - ports.now();
	if (remaining < 200) return {...result, untestedReason: 'the time limit ran out'};

	// An organization or project id no header may hold is left out, as the live check does; the key goes without it.
	const headers = Object.fromEntries(
		Object.entries(requestHeaders(plan, value)).filter(([name, headerValue]) => name !== 'user-agent' && (name === 'authorization' || name === 'api-key' || isSendableHeaderValue(headerValue))),
	);
	const input = Object.entries(headers)
		.map(([name, headerValue]) => `${name}: ${headerValue}`)
		.join('\n');
	const run = await ports.exec('curl', curlArguments(plan, base, remaining / 1000, route), {
		timeoutMs: Math.round(remaining) + 500,
		signal,
		input: `${input}\n`,
		env: {...curlEnv(ports), ...curlProxyEnv(route, plan.url)},
		extendEnv: false,
		maxBuffer: 2 * 1024 * 1024,
	});
	return {...result, ...readCurlOutput(run, key)};
}

/** Reads what `curl --dump-header - --write-out …` printed, whatever its exit code. */
export function readCurlOutput(run: ExecResult, key: Pick<CandidateKey, 'secret'>): Omit<CurlKeyResult, 'sha256' | 'fingerprint'> {
	const secrets = [key.secret];
	const response = parseCurlStdout(run.stdout);
	if (response) {
		// Exit 63: the body passed --max-filesize (a models list that long is still a models list).
		const answer = classifyResponse({...response, truncated: run.exitCode === 63 || run.failure === 'output-too-large'});
		return {
			live: answer.live,
			status: answer.status,
			outcome: answer.outcome,
			origin: answer.origin,
			fromOpenAI: answer.origin === 'openai',
			description: describeOutcome(answer),
			...(answer.code ? {code: answer.code} : {}),
			...(run.exitCode ? {exitCode: run.exitCode} : {}),
		};
	}

	if (run.failure === 'aborted') return {live: 'untested', fromOpenAI: false, untestedReason: 'cancelled'};
	const failure = run.failure === 'timeout' ? 'timeout' : failureFromExitCode(run.exitCode);
	const message = redact(run.stderr.trim().split('\n').at(-1)?.replace(/^curl: (?:\(\d+\) )?/, '') || run.message || `curl exited with ${run.exitCode}`, secrets);
	return {live: 'error', fromOpenAI: false, failure, message, ...(run.exitCode === undefined ? {} : {exitCode: run.exitCode})};
}

/**
 * Splits curl's stdout into the final header block (the last `HTTP/…` block: a proxy's
 * `200 Connection established` comes first) and the body before the status marker.
 */
export function parseCurlStdout(stdout: string): {status: number; headers: Record<string, string>; body: string} | undefined {
	let position = 0;
	let block: string | undefined;
	while (stdout.startsWith('HTTP/', position)) {
		const end = stdout.indexOf('\r\n\r\n', position);
		if (end === -1) {
			block = stdout.slice(position);
			position = stdout.length;
			break;
		}

		block = stdout.slice(position, end);
		position = end + 4;
	}

	if (block === undefined) return undefined;
	const [statusLine = '', ...lines] = block.split('\r\n');
	const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1]);
	if (!Number.isInteger(status)) return undefined;
	const headers: Record<string, string> = {};
	for (const line of lines) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}

	const marker = stdout.lastIndexOf(statusMarker);
	const body = stdout.slice(position, marker === -1 ? undefined : Math.max(position, marker));
	return {status, headers, body};
}

/** curl's exit codes (man curl, EXIT CODES) as the live check's failure kinds. */
export function failureFromExitCode(exitCode: number | undefined): HttpFailure {
	switch (exitCode) {
		case 5:
		case 97:
			return 'proxy';
		case 6:
			return 'dns';
		case 7:
			return 'refused';
		case 28:
			return 'timeout';
		case 35:
		case 51:
		case 53:
		case 54:
		case 58:
		case 59:
		case 60:
		case 64:
		case 66:
		case 77:
		case 80:
		case 82:
		case 83:
		case 90:
		case 91:
			return 'tls';
		case 52:
		case 55:
		case 56:
			return 'reset';
		case 43:
			return 'invalid-header';
		default:
			return 'error';
	}
}

function summarise(data: CurlData, keys: CandidateKey[]): {status: ProbeStatus; summary: string; details: string[]; data: CurlData} {
	const secrets = keys.map(key => key.secret);
	const sent = data.keys.filter(key => key.live !== 'untested');
	const details = data.keys.map(key => {
		const what = key.untestedReason ? `not run (${key.untestedReason})` : key.description ?? key.message ?? key.failure ?? 'no answer';
		return redact(`${key.fingerprint}: ${what}.`, secrets);
	});
	if (data.command) details.push(`Run it yourself: ${data.command}`);
	const version = data.version ?? 'curl';
	let status: ProbeStatus;
	let summary: string;
	if (sent.length === 0) {
		status = 'skip';
		summary = `Not run for any key: ${data.keys.map(key => key.untestedReason).join('; ')}.`;
	} else if (sent.some(key => key.live === 'invalid')) {
		status = 'fail';
		const first = sent.find(key => key.live === 'invalid')!;
		summary = `${first.fingerprint} refused: ${first.status}${first.code && first.code !== String(first.status) ? ` ${first.code}` : ''} (${version}).`;
	} else if (sent.some(key => key.live === 'error')) {
		const first = sent.find(key => key.live === 'error')!;
		status = sent.some(key => key.live === 'valid') ? 'warn' : 'error';
		summary = `${first.fingerprint} not checked: ${first.message ?? (first.status ? `${first.status} answer` : 'no answer')} (${version}).`;
	} else {
		// A restricted key's 403, a quota's 429: valid keys, but not keys that simply work.
		const caveats = sent.filter(key => key.outcome !== undefined && key.outcome !== 'valid');
		status = caveats.length > 0 ? 'warn' : 'pass';
		summary =
			caveats.length > 0
				? `${caveats.map(key => `${key.fingerprint}: ${key.description ?? `${key.status} answer`}`).join('; ')} (${version}).`
				: `${sent.length === 1 ? `${sent[0]!.fingerprint} works` : `All ${sent.length} keys work`}: ${sent[0]!.status} (${version}).`;
	}

	return {status, summary: redact(summary, secrets), details, data};
}
