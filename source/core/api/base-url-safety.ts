import {redact} from '../keys/redact.js';

/**
 * Where the key may go. It is sent only to the base URL's host, over HTTPS; plain HTTP
 * only to a loopback host (127.0.0.0/8, ::1, localhost). Anything else is refused
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

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
	const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	return v4 !== null && v4[1] === '127' && v4.slice(1).every(part => Number(part) <= 255);
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
