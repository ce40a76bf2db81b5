import {Secret} from '../keys/secret.js';
import {parseLiteral} from './parse-literal.js';

/** What kind of character made a client refuse the Authorization header. */
export type HeaderFault = 'empty' | 'whitespace' | 'non-ascii' | 'unknown';

/**
 * A client that refused to send the Authorization header (reference §3.2): the value it
 * shows (after `Bearer `), else the character it names, else only that it refused.
 */
export type HeaderRefusal = {
	/** The key in the refused header value, when the client printed it: compared and analysed, never shown. */
	secret?: Secret;
	/** What the text says is wrong, when it says it without the value. */
	fault: HeaderFault;
	/** Key-free words for the character named (`a line break (0x0a) at position 171`). */
	detail?: string;
};

/** Where clients print the refused header value, as a quoted literal (python bytes repr, Go %q) or raw. */
const quotedValueForms: readonly RegExp[] = [
	// h11 / httpx: `Illegal header value b'Bearer '`; http.client: `Invalid header value b'Bearer sk-…\n'`.
	/(?:Illegal|Invalid) header value (b?(['"]))/,
	// requests: `Invalid leading whitespace, reserved character(s), or return character(s) in header value: 'Bearer …\n'`.
	/in header value: (b?(['"]))/,
	// Go before 1.x dropped the value: `net/http: invalid header field value "Bearer …\n" for key Authorization`.
	/invalid header field value (("))(?=[^\n]*" for key Authorization)/,
	// .NET HttpClient: `The format of value 'Bearer …' is invalid.`
	/The format of value (('))/,
];

/** Clients that print the value raw, with a fixed text after it. */
const rawValueForms: readonly RegExp[] = [
	// undici (fetch): `Headers.append: "Bearer …\n" is an invalid header value.`
	/Headers\.(?:append|set): "(Bearer[\s\S]*?)" is an invalid header value/,
	// node-fetch (openai-node 4): `TypeError: Bearer … is not a legal HTTP header value`.
	/(Bearer\b[\s\S]*?) is not a legal HTTP header value/,
	// Guzzle: `"Bearer …" is not valid header value`.
	/"(Bearer[\s\S]*?)" is not valid header value/,
];

/** Texts that say the header was refused without showing it, and what that tells. */
const wordedForms: ReadonlyArray<readonly [RegExp, HeaderFault, string]> = [
	// aiohttp.
	[/Newline or carriage return detected in headers/i, 'whitespace', 'a newline or carriage return'],
	// .NET.
	[/New-line characters are not allowed in header values/i, 'whitespace', 'a newline'],
	// Older requests: `Invalid return character or leading space in header: Authorization`.
	[/Invalid return character or leading space in header/i, 'whitespace', 'a line break or a leading space'],
	// Go's net/http rejects control characters only (bytes past ASCII pass): a newline or a carriage return.
	[/invalid header field value for "?Authorization"?/i, 'whitespace', 'a control character (a newline or carriage return)'],
	// node's http: control characters, or characters past U+00FF.
	[/Invalid character in header content \["?Authorization"?\]/i, 'unknown', 'a control or non-Latin-1 character'],
	// reqwest and others that name no character.
	[/failed to parse header value|invalid HTTP header value|invalid header value/i, 'unknown', 'a character a header may not hold'],
];

/**
 * Reads what a client that refused the Authorization header shows: h11 and httpx,
 * http.client and requests, Go, undici, node-fetch, Guzzle, .NET, OkHttp (`Unexpected
 * char 0x0a at 171 in Authorization value`) and python's encoders (`'latin-1' codec
 * can't encode character '\u201c' in position 7`). Undefined when the text shows no
 * refusal.
 */
export function readHeaderRefusal(text: string): HeaderRefusal | undefined {
	const value = quotedValue(text) ?? rawValue(text);
	if (value !== undefined) {
		const key = value.replace(/^Bearer(?: |$)/, '');
		return {secret: new Secret(key), fault: key.trim() === '' ? 'empty' : 'unknown'};
	}

	const okhttp = /Unexpected char (0x[0-9a-fA-F]{2,6}) at (\d+) in Authorization value/i.exec(text);
	if (okhttp) {
		const codePoint = Number.parseInt(okhttp[1]!, 16);
		return {fault: faultOf(codePoint), detail: `${characterName(codePoint)} at position ${okhttp[2]} of the header value (after "Bearer ", position 7 is the key's first character)`};
	}

	const encoding = /'(?:ascii|latin-1|iso-8859-1)' codec can't encode character '\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|U([0-9a-fA-F]{8}))' in position (\d+)/i.exec(text);
	if (encoding) {
		const codePoint = Number.parseInt(encoding[1] ?? encoding[2] ?? encoding[3]!, 16);
		return {fault: 'non-ascii', detail: `${characterName(codePoint)} at position ${encoding[4]} (a header value "Bearer …" has the key from position 7)`};
	}

	const plural = /'(?:ascii|latin-1)' codec can't encode characters in position (\d+)-(\d+)/i.exec(text);
	if (plural) return {fault: 'non-ascii', detail: `characters past ASCII at positions ${plural[1]} to ${plural[2]}`};

	for (const [pattern, fault, detail] of wordedForms) {
		if (pattern.test(text)) return {fault, detail};
	}

	return undefined;
}

function quotedValue(text: string): string | undefined {
	for (const form of quotedValueForms) {
		const found = form.exec(text);
		if (!found) continue;
		const start = found.index + found[0].length - found[2]!.length;
		const parsed = parseLiteral(text.slice(start));
		if (parsed && typeof parsed.value === 'string') return parsed.value;
	}

	return undefined;
}

function rawValue(text: string): string | undefined {
	for (const form of rawValueForms) {
		const found = form.exec(text);
		if (found && found[1]!.length <= 4096) return found[1];
	}

	return undefined;
}

function faultOf(codePoint: number): HeaderFault {
	if (codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d || codePoint === 0x20) return 'whitespace';
	if (codePoint > 0x7e) return 'non-ascii';
	return 'unknown';
}

const names: Record<number, string> = {
	0x09: 'a tab',
	0x0a: 'a line break',
	0x0d: 'a carriage return',
	0x20: 'a space',
	0xa0: 'a non-breaking space',
	0x200b: 'a zero-width space',
	0xfeff: 'a byte-order mark',
	0x2018: 'a curly quote',
	0x2019: 'a curly quote',
	0x201c: 'a curly quote',
	0x201d: 'a curly quote',
	0x2013: 'an en dash',
	0x2014: 'an em dash',
	0x2026: 'an ellipsis (…)',
};

/** `a curly quote (U+201C)`: names the character without printing it. */
function characterName(codePoint: number): string {
	const code = codePoint > 0x7f ? `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}` : `0x${codePoint.toString(16).padStart(2, '0')}`;
	return `${names[codePoint] ?? (codePoint > 0x7e ? 'a character past ASCII' : 'a control character')} (${code})`;
}
