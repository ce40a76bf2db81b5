import type {Dispatcher} from 'undici';
import type {Http, HttpFailure, HttpResult} from '../core/ports.js';
import {isSendableHeaderValue} from '../core/api/header-value.js';
import {proxyRoute, proxyRouteRefusal} from '../core/api/proxy-route.js';
import {redact} from '../core/keys/redact.js';

const defaultMaxBody = 256 * 1024;

/** undici is loaded on the first request, so runs without a live check never parse it. */
let undiciModule: Promise<typeof import('./undici.js')> | undefined;
const loadUndici = () => (undiciModule ??= import('./undici.js'));

/**
 * HTTP through undici: never follows redirects, keeps at most `maxBodyBytes` of the
 * body, takes the route `proxyRoute` gives (the proxy curl would use, `host:port`
 * meaning `http://host:port`; never a proxy for a loopback target; `NO_PROXY` honoured),
 * and turns every failure into a typed result. Never rejects.
 */
export function createHttp(env: Readonly<Record<string, string | undefined>>): Http {
	let direct: Dispatcher | undefined;
	const proxies = new Map<string, Dispatcher>();

	return async ({url, method, headers, body, timeoutMs, signal, maxBodyBytes = defaultMaxBody}) => {
		const started = performance.now();
		const elapsed = () => Math.round(performance.now() - started);
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

		const {Agent, ProxyAgent} = await loadUndici();
		direct ??= new Agent({connect: {timeout: 10_000}});
		let dispatcher: Dispatcher = direct;
		if (route.kind === 'proxy') {
			// As curl and python's httpx do: plain-http targets are sent to the proxy in absolute form, https targets tunnel with CONNECT.
			const tunnel = !url.startsWith('http:') || route.protocol !== 'http:';
			const cacheKey = `${tunnel ? 'tunnel' : 'forward'} ${route.url}`;
			let agent = proxies.get(cacheKey);
			if (!agent) {
				try {
					agent = new ProxyAgent({uri: route.url, proxyTunnel: tunnel});
				} catch {
					return {ok: false, failure: 'proxy', message: `The proxy setting ${route.variable}=${route.shown} is not a valid URL.`, durationMs: elapsed(), proxy: shownProxy};
				}

				proxies.set(cacheKey, agent);
			}

			dispatcher = agent;
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
			const response = await dispatcher.request({
				origin: target.origin,
				path: `${target.pathname}${target.search}`,
				method,
				headers,
				body,
				signal: combined,
				headersTimeout: timeoutMs,
				bodyTimeout: timeoutMs,
			});
			const chunks: Buffer[] = [];
			let kept = 0;
			let truncated = false;
			for await (const chunk of response.body) {
				const buffer = chunk as Buffer;
				if (kept + buffer.length > maxBodyBytes) {
					chunks.push(buffer.subarray(0, maxBodyBytes - kept));
					kept = maxBodyBytes;
					truncated = true;
					response.body.destroy();
					break;
				}

				chunks.push(buffer);
				kept += buffer.length;
			}

			const lowerHeaders: Record<string, string> = {};
			for (const [name, value] of Object.entries(response.headers)) {
				if (value !== undefined) lowerHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
			}

			return {
				ok: true,
				status: response.statusCode,
				headers: lowerHeaders,
				body: Buffer.concat(chunks).toString('utf8'),
				truncated,
				durationMs: elapsed(),
				proxy: shownProxy,
			} satisfies HttpResult;
		} catch (error) {
			const failure = classify(error, signal, limit);
			const header = failure === 'invalid-header' ? refusedHeaderOf(error) : undefined;
			const message = header === undefined ? describe(failure, error, url, timeoutMs, shownProxy) : describeRefusedHeader(header);
			return {ok: false, failure, message, durationMs: elapsed(), proxy: shownProxy, ...(header === undefined ? {} : {header})};
		}
	};
}

/** The request header an error names as refused: undici's `invalid NAME header`, Node's `Invalid character in header content ["NAME"]`. */
function refusedHeaderOf(error: unknown): string | undefined {
	const message = error instanceof Error ? error.message : '';
	return (/^invalid ([!#$%&'*+.^`|~\w-]+) header$/i.exec(message)?.[1] ?? /header content \["([^"]+)"\]/i.exec(message)?.[1])?.toLowerCase();
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
	const name = error instanceof Error ? error.name : '';
	const text = `${code} ${error instanceof Error ? error.message : ''}`;
	// undici reports a proxy's 407 as an invalid-argument error (absolute form) or an aborted tunnel (CONNECT).
	if (/Proxy Authentication Required|Proxy response \(\d{3}\)/i.test(text)) return 'proxy';
	if (limit.aborted || /TIMEOUT|ETIMEDOUT/i.test(code)) return 'timeout';
	if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME/.test(code)) return 'dns';
	if (/ECONNREFUSED/.test(code)) return 'refused';
	// The answer broke HTTP (a control character in a response header…): llhttp's parser error, by its own name and code.
	if (name === 'HTTPParserError' || /\bHPE_/.test(code)) return 'bad-response';
	if (/ECONNRESET|UND_ERR_SOCKET|EPIPE/.test(code)) return 'reset';
	if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL/i.test(text)) return 'tls';
	// A request header the client would not send, by the name the error gives it.
	if (/UND_ERR_INVALID_ARG|ERR_INVALID_CHAR|ERR_HTTP_INVALID_HEADER_VALUE/.test(code) && refusedHeaderOf(error) !== undefined) return 'invalid-header';
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
			return `The answer from ${host} is not valid HTTP (${redact(firstLine(error).replace(/^Response does not match the HTTP\/1\.1 protocol \((.*)\)$/, '$1'))}): no verdict on the key.`;
		case 'proxy':
			return `The proxy could not be used (${redact(firstLine(error))}).`;
		default:
			return `The request to ${host} failed (${redact(firstLine(error))}).`;
	}
}

function firstLine(error: unknown): string {
	const text = error instanceof Error ? error.message || error.name : String(error);
	return text.split('\n')[0]!.slice(0, 160);
}
