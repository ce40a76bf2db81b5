import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type {Duplex} from 'node:stream';
import tls from 'node:tls';

/**
 * Request options as they reach the tunnel agent. Node keeps a request's `signal` from
 * its agent, so the same signal rides along under this name: the CONNECT exchange obeys
 * the request's time limit and cancellation too.
 */
export type TunnelRequestOptions = https.RequestOptions & {tunnelSignal?: AbortSignal};

/** The proxy answered CONNECT with a status other than 2xx: no tunnel, nothing sent through it. */
export class ProxyConnectError extends Error {
	/** Tells this refusal from a socket error by a field, not by its wording. */
	readonly code = 'KW_PROXY_CONNECT';

	constructor(
		/** The proxy's status code (407 when it wants credentials). */
		readonly statusCode: number,
		/** The `host:port` the tunnel was asked for. */
		readonly target: string,
	) {
		// The standard reason phrase, never the proxy's own text: a hostile proxy cannot write into messages.
		super(`${statusCode}${http.STATUS_CODES[statusCode] ? ` ${http.STATUS_CODES[statusCode]}` : ''}`);
		this.name = 'ProxyConnectError';
	}
}

/**
 * An https.Agent whose connections go through an HTTP or HTTPS proxy in a CONNECT tunnel,
 * as curl does for https targets: the proxy sees only `CONNECT host:443` (and
 * `Proxy-Authorization` when its URL holds credentials), TLS to the target runs inside
 * the tunnel with Node's usual CAs (`NODE_EXTRA_CA_CERTS` included), and the pool keeps
 * tunnels alive between requests. The proxy's answer is read by Node's own HTTP parser
 * (headers bounded), and the request's signal ends a CONNECT the proxy never answers.
 * https-proxy-agent does neither: its CONNECT cannot be cancelled, so a stalled proxy
 * held the socket (and the process) past the time limit, and it replays a refusal as if
 * the target had answered.
 */
export class ProxyTunnelAgent extends https.Agent {
	readonly #proxy: URL;

	constructor(proxy: URL, options: https.AgentOptions = {}) {
		super(options);
		this.#proxy = proxy;
	}

	/** Opens one tunnel and hands Node the TLS socket inside it (Node's documented async form of createConnection). */
	override createConnection(options: TunnelRequestOptions & tls.ConnectionOptions, callback: (error: Error | null, socket?: Duplex) => void): undefined {
		const host = options.host ?? 'localhost';
		const target = `${net.isIPv6(host) ? `[${host}]` : host}:${options.port ?? 443}`;
		const proxy = this.#proxy;
		const headers: Record<string, string> = {host: target};
		if (proxy.username || proxy.password) {
			headers['proxy-authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
		}

		let settled = false;
		const settle = (error: Error | null, socket?: Duplex) => {
			if (settled) return;
			settled = true;
			callback(error, socket);
		};

		const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
		const client = proxy.protocol === 'https:' ? https : http;
		const connect = client.request({
			host: proxyHost,
			port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
			method: 'CONNECT',
			path: target,
			headers,
			agent: false,
			signal: options.tunnelSignal,
			// An https proxy proves its own name; Node would otherwise take the target's from the Host header.
			servername: net.isIP(proxyHost) ? '' : proxyHost,
		});
		connect.once('connect', (response: http.IncomingMessage, socket: Duplex, head: Buffer) => {
			const status = response.statusCode ?? 0;
			if (status < 200 || status > 299) {
				socket.destroy();
				settle(new ProxyConnectError(status, target));
				return;
			}

			if (head.length > 0) socket.unshift(head);
			// Not `path`: with a socket given it is never an address, and it is the request's own path.
			const {path: _path, tunnelSignal: _signal, ...tlsOptions} = options;
			const secure = tls.connect({...tlsOptions, socket});
			secure.once('close', () => socket.destroy());
			settle(null, secure);
		});
		// Marked as the proxy's: a parse error here is the proxy's broken answer, not the target's.
		connect.on('error', error => settle(Object.assign(error, {tunnelTarget: target})));
		connect.end();
		return undefined;
	}
}
