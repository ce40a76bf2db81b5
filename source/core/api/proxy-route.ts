import {isLoopbackHost} from './base-url-safety.js';

/**
 * Which proxy a request goes through, as the OpenAI SDKs' HTTP stacks read
 * `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY`, and whether the key may take
 * that route at all. Pure: both the live check's HTTP port and the curl probe use it.
 */

/** The proxy URL the request to `url` goes through, or undefined for a direct one. */
export function proxyFor(url: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return undefined;
	}

	const proxy =
		target.protocol === 'https:'
			? env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy ?? env.ALL_PROXY ?? env.all_proxy
			: env.HTTP_PROXY ?? env.http_proxy ?? env.ALL_PROXY ?? env.all_proxy;
	if (!proxy?.trim()) return undefined;
	if (isExempt(target, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
	return proxy.trim();
}

function isExempt(target: URL, noProxy: string): boolean {
	const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const port = target.port || (target.protocol === 'https:' ? '443' : '80');
	for (const raw of noProxy.split(/[\s,]+/)) {
		const entry = raw.trim().toLowerCase();
		if (!entry) continue;
		if (entry === '*') return true;
		const [entryHost = '', entryPort] = entry.startsWith('[') ? [entry.slice(1, entry.indexOf(']')), entry.split(']:')[1]] : entry.split(':');
		if (entryPort && entryPort !== port) continue;
		const bare = entryHost.replace(/^\*?\./, '');
		if (host === bare || host.endsWith(`.${bare}`)) return true;
	}

	return false;
}

/** A proxy URL with its user name and password hidden. */
export function hideProxyCredentials(proxy: string): string {
	return proxy.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@');
}

/**
 * Why a request must not take its proxy route, or undefined when it may. Plain HTTP is
 * allowed only to this machine: through a proxy on another host the key would cross
 * the network in clear text (and that proxy could not reach this machine's loopback anyway).
 */
export function proxyRouteRefusal(url: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
	if (!url.startsWith('http:')) return undefined;
	const proxy = proxyFor(url, env);
	if (proxy === undefined) return undefined;
	let proxyHost: string;
	let host: URL;
	try {
		proxyHost = new URL(proxy).hostname;
		host = new URL(url);
	} catch {
		return undefined;
	}

	if (isLoopbackHost(proxyHost)) return undefined;
	return `the plain-http request to ${host.host} would go through the proxy ${hideProxyCredentials(proxy)}, so the key would cross the network unencrypted (add ${host.hostname} to NO_PROXY)`;
}
