import {getProxyForUrl} from 'proxy-from-env';
import {isLoopbackHost} from './base-url-safety.js';

/**
 * How a request leaves this machine, read from `https_proxy` / `http_proxy` /
 * `all_proxy` / `no_proxy` (either case) as curl reads them, with proxy-from-env as the
 * reader. Worked out once per URL and given to both the tool's own HTTP client and curl,
 * so the two never take different routes. Pure.
 */

/** Why a request goes straight to its host. */
export type DirectReason = 'no-proxy-set' | 'no_proxy' | 'loopback';

/** The route of one request. */
export type ProxyRoute =
	| {
			kind: 'direct';
			why: DirectReason;
			/** The proxy that would apply but for `why` (credentials hidden), for messages. */
			bypassed?: string;
	  }
	| {
			kind: 'proxy';
			/** The proxy URL with its scheme: `proxy.corp:3128` reads as `http://proxy.corp:3128`, as curl reads it. */
			url: string;
			/** The same, credentials hidden: the only form ever shown. */
			shown: string;
			/** The variable it came from (`https_proxy`, `ALL_PROXY`…). */
			variable: string;
			/** Written without a scheme (`host:port`). */
			schemeless: boolean;
			protocol: 'http:' | 'https:' | 'socks4:' | 'socks4a:' | 'socks5:' | 'socks5h:';
	  }
	| {kind: 'invalid'; shown: string; variable: string; message: string};

type Env = Readonly<Record<string, string | undefined>>;

const proxySchemes = new Set(['http:', 'https:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:']);

/**
 * The route of a request to `url`. A loopback target never goes through a proxy: a
 * proxy on another machine cannot reach this one's loopback, and a plain-http request
 * through it would carry the key across the network in clear text.
 */
export function proxyRoute(url: string, env: Env): ProxyRoute {
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return {kind: 'direct', why: 'no-proxy-set'};
	}

	const protocol = target.protocol.replace(/:$/, '');
	const chosen = proxyVariable(protocol, env);
	if (!chosen) return {kind: 'direct', why: 'no-proxy-set'};
	const schemeless = !chosen.value.includes('://');
	const raw = schemeless ? `http://${chosen.value}` : chosen.value;
	const shown = hideProxyCredentials(raw);
	if (isLoopbackHost(target.hostname)) return {kind: 'direct', why: 'loopback', bypassed: shown};
	if (!readWithEnv(env, () => getProxyForUrl(target)) || curlNoProxyMatches(target.hostname, env.no_proxy || env.NO_PROXY || '')) {
		return {kind: 'direct', why: 'no_proxy', bypassed: shown};
	}

	let proxy: URL;
	try {
		proxy = new URL(raw);
	} catch {
		return {kind: 'invalid', shown, variable: chosen.name, message: `The proxy setting ${chosen.name}=${shown} is not a valid proxy URL.`};
	}

	if (!proxySchemes.has(proxy.protocol) || proxy.hostname === '') {
		return {kind: 'invalid', shown, variable: chosen.name, message: `The proxy setting ${chosen.name}=${shown} is not a proxy URL (http://, https:// or socks5://host:port).`};
	}

	return {kind: 'proxy', url: raw, shown, variable: chosen.name, schemeless, protocol: proxy.protocol as Extract<ProxyRoute, {kind: 'proxy'}>['protocol']};
}

/** The proxy URL (scheme added) a request to `url` goes through, or undefined for a direct one. */
export function proxyFor(url: string, env: Env): string | undefined {
	const route = proxyRoute(url, env);
	return route.kind === 'proxy' ? route.url : undefined;
}

/**
 * The variable a request with this scheme reads, lower case first: `https_proxy` for
 * https, `http_proxy` for http, then `all_proxy`. The same order proxy-from-env uses;
 * found here only to name the variable in messages.
 */
function proxyVariable(protocol: string, env: Env): {name: string; value: string} | undefined {
	for (const base of [`${protocol}_proxy`, 'all_proxy']) {
		for (const name of [base, base.toUpperCase()]) {
			const value = env[name]?.trim();
			if (value) return {name, value};
		}
	}

	return undefined;
}

/**
 * proxy-from-env reads `process.env`; the tool's environment is injected (a copy in real
 * runs, a fake in tests). It runs here against that environment, synchronously, and
 * process.env is put back before anything else can run.
 */
function readWithEnv<T>(env: Env, read: () => T): T {
	const saved = process.env;
	const names = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'];
	const proxyEnv: Record<string, string> = {};
	for (const name of [...names, ...names.map(lower => lower.toUpperCase())]) {
		const value = env[name]?.trim();
		if (value) proxyEnv[name] = value;
	}

	process.env = proxyEnv;
	try {
		return read();
	} finally {
		process.env = saved;
	}
}

/**
 * curl's own `no_proxy` matching (lib/noproxy.c), which proxy-from-env does not share:
 * `example.com` also covers `api.example.com`, a leading or trailing dot is ignored, and an
 * IPv4 entry may be a CIDR range. Either reader exempting a host makes the route direct.
 */
export function curlNoProxyMatches(hostname: string, noProxy: string): boolean {
	const list = noProxy.trim();
	if (list === '') return false;
	if (list === '*') return true;
	const name = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
	const ipv4 = parseIpv4(name);
	for (const raw of list.split(/[\s,]+/)) {
		let token = raw.toLowerCase().replace(/\.$/, '').replace(/^\./, '');
		if (token === '') continue;
		if (ipv4 !== undefined) {
			const [address = '', bits] = token.split('/');
			const range = parseIpv4(address);
			const prefix = bits === undefined ? 32 : Number(bits);
			if (range === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) continue;
			const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
			if (((ipv4 & mask) >>> 0) === ((range & mask) >>> 0)) return true;
			continue;
		}

		token = token.replace(/^\[|\]$/g, '');
		if (name === token || name.endsWith(`.${token}`)) return true;
	}

	return false;
}

function parseIpv4(text: string): number | undefined {
	const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
	if (!parts) return undefined;
	const bytes = parts.slice(1).map(Number);
	if (bytes.some(byte => byte > 255)) return undefined;
	return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

/** A proxy URL (or `user:password@host:port` without a scheme) with its user name and password hidden. */
export function hideProxyCredentials(proxy: string): string {
	// Up to the last `@` before the path: a password may hold an `@` of its own.
	return proxy.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?)[^/]*@/i, '$1***@');
}

/**
 * Why a request must not take its route, or undefined when it may. Plain HTTP never
 * goes through a proxy (its target can only be this machine, which proxyRoute sends
 * direct); this guards the rule should a plain-http target ever get a proxy route.
 */
export function proxyRouteRefusal(url: string, env: Env): string | undefined {
	if (!/^http:/i.test(url)) return undefined;
	const route = proxyRoute(url, env);
	if (route.kind !== 'proxy') return undefined;
	const host = new URL(url);
	return `the plain-http request to ${host.host} would go through the proxy ${route.shown}, so the key would cross the network unencrypted (add ${host.hostname} to NO_PROXY)`;
}

/**
 * A copyable curl command for `url` that keeps a loopback target off the proxy the
 * user's shell names (`--noproxy '*'`), as the tool's own check does: pasted as it is,
 * curl would otherwise send the key in clear text to that proxy.
 */
export function keepCurlOffProxy(command: string, url: string, env: Env): string {
	const route = proxyRoute(url, env);
	if (route.kind !== 'direct' || route.why !== 'loopback' || route.bypassed === undefined) return command;
	return command.replace(/\bcurl (?=\S)/, "curl --noproxy '*' ");
}
