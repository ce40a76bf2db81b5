import {redact} from '../keys/redact.js';

/**
 * Where the key may go. It is sent only to the base URL's host, over HTTPS; plain HTTP
 * only to a loopback address (127.0.0.0/8, ::1, `localhost` itself). Anything else is refused
 * before a single byte leaves the process.
 */

/** What kind of service a host is. */
export type HostKind = 'openai' | 'azure' | 'other';

/** A base URL the key may be sent to. */
export type SafeBaseUrl = {
	ok: true;
	/** The base URL without a trailing slash. */
	url: string;
	protocol: 'https:' | 'http:';
	/** Host name as the URL spells it (`[::1]` for IPv6). */
	hostname: string;
	/** Scheme, host and port. */
	origin: string;
	/** The path, without a trailing slash (`/v1`). */
	path: string;
	loopback: boolean;
	kind: HostKind;
};

/** A base URL the key must not be sent to, and why (one line, no credentials). */
export type UnsafeBaseUrl = {
	ok: false;
	reason: 'malformed' | 'scheme' | 'plain-http' | 'credentials';
	message: string;
	hostname?: string;
};

/** The verdict on a base URL. */
export type BaseUrlCheck = SafeBaseUrl | UnsafeBaseUrl;

/** The OpenAI API's own hosts (`api.openai.com`, regional `eu.api.openai.com`). */
export function isOpenAIHost(hostname: string): boolean {
	return /(?:^|\.)api\.openai\.com$/i.test(hostname);
}

/** Azure OpenAI / AI Foundry / API Management hosts. */
export function isAzureHost(hostname: string): boolean {
	return /\.(?:openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com|azure-api\.net)$/i.test(hostname);
}

/**
 * True for a loopback address, judged by the address itself: 127.0.0.0/8 in any form a
 * URL accepts (`127.1`, `0x7f.0.0.1`), ::1, IPv4-mapped 127.x (`[::ffff:127.0.0.1]`), and
 * the name `localhost` itself. Other names (`foo.localhost`, `localhost.`) are judged by
 * nothing but their name, which DNS may point anywhere: they are not loopback.
 */
export function isLoopbackHost(hostname: string): boolean {
	const host = canonicalHost(hostname);
	if (host === undefined) return false;
	if (host === 'localhost') return true;
	if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host.startsWith('127.');
	const groups = ipv6Groups(host);
	if (!groups) return false;
	const zeros = (count: number) => groups.slice(0, count).every(group => group === 0);
	if (zeros(7) && groups[7] === 1) return true;
	// ::ffff:a.b.c.d reaches the IPv4 address a.b.c.d.
	return zeros(5) && groups[5] === 0xffff && groups[6]! >> 8 === 127;
}

/** The host as a URL spells it (lower case, IPv4 in dotted decimal, IPv6 compressed in brackets). */
function canonicalHost(hostname: string): string | undefined {
	const raw = hostname.trim();
	if (raw === '' || /[\s/?#@]/.test(raw)) return undefined;
	const bracketed = raw.includes(':') && !raw.startsWith('[') ? `[${raw}]` : raw;
	try {
		return new URL(`http://${bracketed}/`).hostname.toLowerCase();
	} catch {
		return undefined;
	}
}

/** The eight 16-bit groups of a canonical bracketed IPv6 address, or undefined for anything else. */
function ipv6Groups(host: string): number[] | undefined {
	const inner = /^\[([0-9a-f:]+)\]$/.exec(host)?.[1];
	if (!inner) return undefined;
	const [head = '', tail] = inner.split('::');
	const parse = (part: string) => (part === '' ? [] : part.split(':').map(group => Number.parseInt(group, 16)));
	const left = parse(head);
	const right = tail === undefined ? [] : parse(tail);
	const groups = [...left, ...Array.from({length: 8 - left.length - right.length}, () => 0), ...right];
	return groups.length === 8 && groups.every(group => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

/** Checks a base URL against the security rules; never throws. */
export function checkBaseUrl(raw: string): BaseUrlCheck {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		return {ok: false, reason: 'malformed', message: `The base URL "${shorten(raw)}" is not a valid URL.${malformedHint(raw.trim())}`};
	}

	const hostname = url.hostname;
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return {ok: false, reason: 'scheme', hostname, message: `The base URL uses ${url.protocol.replace(':', '')}://; only https:// (or http:// to this machine) can carry the key.`};
	}

	if (url.username !== '' || url.password !== '') {
		return {ok: false, reason: 'credentials', hostname, message: `The base URL for ${hostname} has a user name or password in it; the key is not sent to such a URL.`};
	}

	const loopback = isLoopbackHost(hostname);
	if (url.protocol === 'http:' && !loopback) {
		return {ok: false, reason: 'plain-http', hostname, message: `The base URL is plain http:// to ${hostname}: the key would cross the network unencrypted, so it was not sent.`};
	}

	const path = url.pathname.replace(/\/+$/, '');
	return {
		ok: true,
		url: `${url.origin}${path}`,
		protocol: url.protocol,
		hostname,
		origin: url.origin,
		path,
		loopback,
		kind: isOpenAIHost(hostname) ? 'openai' : isAzureHost(hostname) ? 'azure' : 'other',
	};
}

/** True when the request URL goes to exactly the base URL's scheme, host and port. */
export function sameOrigin(base: SafeBaseUrl, requestUrl: string): boolean {
	try {
		return new URL(requestUrl).origin === base.origin;
	} catch {
		return false;
	}
}

/** What a broken base URL most likely lacks or carries: literal quotes, or its scheme. */
function malformedHint(raw: string): string {
	const unquoted = /^(["'])(.*)\1$/.exec(raw)?.[2]?.trim();
	if (unquoted !== undefined && URL.canParse(unquoted)) {
		return ` The quotes are part of the value (as compose's list form or a quoted value in a file read literally keeps them); without them it is ${shorten(unquoted)}.`;
	}

	if (!/^[a-z][a-z\d+.-]*:\/\//i.test(raw) && URL.canParse(`https://${raw}`)) return ' It has no scheme: write https:// (or http:// for this machine) in front.';
	return '';
}

function shorten(text: string): string {
	const clean = redact(text).replace(/[^\x20-\x7e]/g, '?');
	return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
}
