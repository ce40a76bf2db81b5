import type {Http, HttpFailure, HttpResult} from '../core/ports.js';
import {monotonicMs} from './clock.js';
import {isSendableHeaderValue} from '../core/api/header-value.js';
import {proxyRoute, proxyRouteRefusal} from '../core/api/proxy-route.js';
import {redact} from '../core/keys/redact.js';
import type {ConnectionPool} from './http-exchange.js';

const defaultMaxBody = 256 * 1024;

/** Node's http and https load on the first request, so runs without a live check never pay for them. */
let exchangeModule: Promise<typeof import('./http-exchange.js')> | undefined;
const loadExchange = () => (exchangeModule ??= import('./http-exchange.js'));

/**
 * HTTP through Node's own http/https: never follows redirects, keeps at most
 * `maxBodyBytes` of the body, takes the route `proxyRoute` gives (the proxy curl would
 * use, `host:port` meaning `http://host:port`, https targets in a CONNECT tunnel; never a
 * proxy for a loopback target; `NO_PROXY` honoured), keeps connections alive within the
 * run, and turns every failure into a typed result. Never rejects.
 */
export function createHttp(env: Readonly<Record<string, string | undefined>>): Http {
	let pool: ConnectionPool | undefined;

	return async ({url, method, headers, body, timeoutMs, signal, maxBodyBytes = defaultMaxBody}) => {
		const started = monotonicMs();
		const elapsed = () => Math.round(monotonicMs() - started);
		const route = proxyRoute(url, env);
		const shownProxy = route.kind === 'direct' ? undefined : route.shown;
		const refusal = proxyRouteRefusal(url, env);
		if (refusal) return {ok: false, failure: 'proxy', message: `Not sent: ${refusal}.`, durationMs: elapsed(), proxy: shownProxy};
		if (route.kind === 'invalid') return {ok: false, failure: 'proxy', message: `${route.message} Nothing was sent.`, durationMs: elapsed(), proxy: shownProxy};
		if (route.kind === 'proxy' && route.protocol !== 'http:' && route.protocol !== 'https:') {
			return {
				ok: false,
				failure: 'proxy',
				message: `${route.variable} names a SOCKS proxy (${route.shown}), which this check cannot go through (curl can: see its result). Nothing was sent.`,
				durationMs: elapsed(),
				proxy: shownProxy,
			};
		}

		// A value no client may send is found here, by name, before anything leaves the process.
		const unsendable = Object.entries(headers).find(([, value]) => !isSendableHeaderValue(value))?.[0];
		if (unsendable !== undefined) {
			return {ok: false, failure: 'invalid-header', header: unsendable.toLowerCase(), message: describeRefusedHeader(unsendable), durationMs: elapsed(), proxy: shownProxy};
		}

		const limit = AbortSignal.timeout(Math.max(1, timeoutMs));
		const combined = signal ? AbortSignal.any([signal, limit]) : limit;
		try {
			const target = new URL(url);
			if (target.protocol !== 'http:' && target.protocol !== 'https:') {
				return {ok: false, failure: 'error', message: 'Not sent: the URL is neither http:// nor https://.', durationMs: elapsed(), proxy: shownProxy};
			}

			const {createConnectionPool, exchange} = await loadExchange();
			pool ??= createConnectionPool();
			// proxyRouteRefusal leaves only https targets on a proxy route: each goes through a CONNECT tunnel.
			const agent = pool.agentFor(target, route.kind === 'proxy' ? route.url : undefined);
			const response = await exchange(target, {method, headers, body, agent, signal: combined, maxBodyBytes});
			return {ok: true, ...response, durationMs: elapsed(), proxy: shownProxy} satisfies HttpResult;
		} catch (error) {
			const failure = classify(error, signal, limit);
			const header = failure === 'invalid-header' ? refusedHeaderOf(error) : undefined;
			const message = header === undefined ? describe(failure, error, url, timeoutMs, shownProxy) : describeRefusedHeader(header);
			return {ok: false, failure, message, durationMs: elapsed(), proxy: shownProxy, ...(header === undefined ? {} : {header})};
		}
	};
}

/**
 * The request header Node refused, by the name its error gives for its own code:
 * `Invalid character in header content ["NAME"]` (ERR_INVALID_CHAR),
 * `Invalid value "…" for header "NAME"` (ERR_HTTP_INVALID_HEADER_VALUE).
 */
function refusedHeaderOf(error: unknown): string | undefined {
	const message = error instanceof Error ? error.message : '';
	const code = errorCode(error);
	const name = /\bERR_INVALID_CHAR\b/.test(code)
		? /header content \["([^"]+)"\]/i.exec(message)?.[1]
		: /\bERR_HTTP_INVALID_HEADER_VALUE\b/.test(code)
			? /for header "([^"]+)"$/i.exec(message)?.[1]
			: undefined;
	return name?.toLowerCase();
}

/** The request headers that carry a key. */
const keyHeaders = new Set(['authorization', 'api-key', 'x-api-key']);

/** Why a header was not sent, naming it: the key, or another header (the organization or project id). */
function describeRefusedHeader(name: string): string {
	const characters = 'characters a header may not contain (a line break, a control or non-ASCII character)';
	return keyHeaders.has(name.toLowerCase())
		? `The HTTP client refused to send the key as a header: it holds ${characters}.`
		: `The HTTP client refused to send the ${name.toLowerCase()} header: its value holds ${characters}; the key was not sent with it.`;
}

function classify(error: unknown, signal: AbortSignal | undefined, limit: AbortSignal): HttpFailure {
	if (signal?.aborted) return 'aborted';
	const code = errorCode(error);
	const text = `${code} ${error instanceof Error ? error.message : ''}`;
	// The proxy refused the tunnel (a 407 wanting credentials, a 403 for the host…): its own answer, by its own code.
	if (/\bKW_PROXY_CONNECT\b/.test(code)) return 'proxy';
	if (limit.aborted || /TIMEOUT|ETIMEDOUT/i.test(code)) return 'timeout';
	if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME/.test(code)) return 'dns';
	if (/ECONNREFUSED/.test(code)) return 'refused';
	if (/ECONNRESET|EPIPE/.test(code)) return 'reset';
	// Whatever else went wrong while asking the proxy for a tunnel (its answer broke HTTP, its own certificate…) is the proxy's.
	if (tunnelTargetOf(error) !== undefined) return 'proxy';
	// The answer broke HTTP (a control character in a response header…): llhttp's parser error, by its code.
	if (/\bHPE_/.test(code)) return 'bad-response';
	if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL/i.test(text)) return 'tls';
	// A request header Node would not send, by the name its error gives it.
	if (refusedHeaderOf(error) !== undefined) return 'invalid-header';
	if (/proxy/i.test(text)) return 'proxy';
	return 'error';
}

function errorCode(error: unknown): string {
	let current: unknown = error;
	const codes: string[] = [];
	for (let depth = 0; depth < 4 && current; depth++) {
		const code = (current as {code?: unknown}).code;
		if (typeof code === 'string') codes.push(code);
		current = (current as {cause?: unknown}).cause;
	}

	return codes.join(' ');
}

function describe(failure: HttpFailure, error: unknown, url: string, timeoutMs: number, proxy?: string): string {
	let host = url;
	try {
		host = new URL(url).host;
	} catch {}

	// Through a proxy the only connection this process makes is to the proxy: say so, not that the API failed.
	if (proxy !== undefined) {
		switch (failure) {
			case 'dns':
				return `Could not resolve the proxy ${proxy} (DNS lookup failed).`;
			case 'refused':
				return `The proxy ${proxy} refused the connection.`;
			case 'reset':
				return `The connection through the proxy ${proxy} to ${host} was closed before an answer arrived.`;
			case 'timeout':
				return `No answer from ${host} through the proxy ${proxy} within ${timeoutMs} ms.`;
			case 'proxy': {
				const tunnel = tunnelTargetOf(error);
				if (isProxyConnectRefusal(error)) return `The proxy ${proxy} refused to open a tunnel to ${error.target} (${error.message}); nothing was sent through it.`;
				if (tunnel !== undefined && /\bHPE_/.test(errorCode(error))) return `The proxy ${proxy} did not answer CONNECT ${tunnel} in HTTP (${redact(parserReason(error))}); nothing was sent through it.`;
				if (tunnel !== undefined) return `The proxy ${proxy} could not be used to reach ${tunnel} (${redact(firstLine(error))}); nothing was sent through it.`;
				break;
			}

			default:
				break;
		}
	}

	switch (failure) {
		case 'dns':
			return `Could not resolve ${host} (DNS lookup failed).`;
		case 'refused':
			return `${host} refused the connection.`;
		case 'reset':
			return `The connection to ${host} was closed before an answer arrived.`;
		case 'tls':
			return `The TLS certificate of ${host} was not accepted (${redact(firstLine(error))}).`;
		case 'timeout':
			return `${host} did not answer within ${timeoutMs} ms.`;
		case 'aborted':
			return 'Cancelled.';
		case 'invalid-header':
			return describeRefusedHeader('authorization');
		case 'bad-response':
			return `The answer from ${host} is not valid HTTP (${redact(parserReason(error))}): no verdict on the key.`;
		case 'proxy':
			return `The proxy could not be used (${redact(firstLine(error))}).`;
		default:
			return `The request to ${host} failed (${redact(firstLine(error))}).`;
	}
}

/** A ProxyConnectError, told by its code (its module, with Node's http, loads only with the first request). */
function isProxyConnectRefusal(error: unknown): error is Error & {target: string} {
	return error instanceof Error && (error as {code?: unknown}).code === 'KW_PROXY_CONNECT' && typeof (error as {target?: unknown}).target === 'string';
}

/** The `host:port` of the tunnel whose CONNECT failed, when the error came from that stage (see proxy-tunnel.ts). */
function tunnelTargetOf(error: unknown): string | undefined {
	const target = (error as {tunnelTarget?: unknown} | undefined)?.tunnelTarget;
	return typeof target === 'string' ? target : undefined;
}

/** Node's parser error without its `Parse Error: ` prefix (`Invalid header value char`). */
function parserReason(error: unknown): string {
	const reason = (error as {reason?: unknown} | undefined)?.reason;
	return typeof reason === 'string' && reason !== '' ? reason.slice(0, 160) : firstLine(error).replace(/^Parse Error: /, '');
}

function firstLine(error: unknown): string {
	const text = error instanceof Error ? error.message || error.name : String(error);
	return text.split('\n')[0]!.slice(0, 160);
}
