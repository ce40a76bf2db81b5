import http from 'node:http';
import https from 'node:https';
import {ProxyTunnelAgent, type TunnelRequestOptions} from './proxy-tunnel.js';

/** One run's connections: kept alive between requests to one host, idle sockets never holding the process. */
export type ConnectionPool = {agentFor(target: URL, proxy: string | undefined): http.Agent};

/** A fresh pool: one agent per scheme for direct requests, one per proxy for tunnelled ones. */
export function createConnectionPool(): ConnectionPool {
	// Node's agents unref a socket while it waits in the pool, so keep-alive never delays the exit.
	const direct = {http: new http.Agent({keepAlive: true}), https: new https.Agent({keepAlive: true})};
	const tunnels = new Map<string, ProxyTunnelAgent>();
	return {
		agentFor(target, proxy) {
			if (proxy === undefined) return target.protocol === 'https:' ? direct.https : direct.http;
			let agent = tunnels.get(proxy);
			if (!agent) {
				agent = new ProxyTunnelAgent(new URL(proxy), {keepAlive: true});
				tunnels.set(proxy, agent);
			}

			return agent;
		},
	};
}

/** A response as the port keeps it. */
export type Exchanged = {status: number; headers: Record<string, string>; body: string; truncated: boolean};

/** What one exchange sends. */
export type ExchangeRequest = {
	method: string;
	headers: Record<string, string>;
	body?: string;
	agent: http.Agent;
	signal: AbortSignal;
	maxBodyBytes: number;
};

/**
 * One request and its response through Node's http/https: no redirect followed, at most
 * `maxBodyBytes` of the body kept (the connection is dropped past that), header names in
 * lower case. Rejects with the error Node gives (the caller types it); the signal ends
 * every stage, the tunnel's CONNECT included.
 */
export function exchange(target: URL, {method, headers, body, agent, signal, maxBodyBytes}: ExchangeRequest): Promise<Exchanged> {
	return new Promise((resolve, reject) => {
		const options: TunnelRequestOptions = {method, headers, agent, signal, tunnelSignal: signal};
		let request: http.ClientRequest;
		try {
			request = (target.protocol === 'https:' ? https : http).request(target, options);
		} catch (error) {
			// A header value Node will not send is refused here, before any socket is opened.
			reject(error);
			return;
		}

		request.on('error', reject);
		request.on('response', response => {
			const chunks: Buffer[] = [];
			let kept = 0;
			const finish = (truncated: boolean) => {
				const lower: Record<string, string> = {};
				for (const [name, value] of Object.entries(response.headers)) {
					if (value !== undefined) lower[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
				}

				resolve({status: response.statusCode ?? 0, headers: lower, body: Buffer.concat(chunks).toString('utf8'), truncated});
			};

			response.on('data', (chunk: Buffer) => {
				if (kept + chunk.length > maxBodyBytes) {
					chunks.push(chunk.subarray(0, maxBodyBytes - kept));
					kept = maxBodyBytes;
					finish(true);
					response.destroy();
					return;
				}

				chunks.push(chunk);
				kept += chunk.length;
			});
			response.on('end', () => finish(false));
			response.on('error', reject);
			// An answer cut short (the server closed mid-body) is a reset, whether or not Node said so.
			response.on('close', () => {
				if (!response.complete) reject(Object.assign(new Error('the connection closed before the whole answer arrived'), {code: 'ECONNRESET'}));
			});
		});
		request.end(body);
	});
}
