/** Prefixes shown in full in a fingerprint, longest first. */
export const knownPrefixes = [
	'sk-ant-api03-',
	'sk-ant-admin01-',
	'sk-ant-oat01-',
	'sk-ant-ort01-',
	'sk-svcacct-',
	'sk-service-',
	'sk-admin-',
	'sk-proj-',
	'sk-None-',
	'sk-or-v1-',
	'sk-ant-',
	'sk-',
	'gsk_',
	'xai-',
	'pplx-',
	'hf_',
	'AIza',
	'key_',
	'org-',
	'proj_',
	'eyJ',
] as const;

/** A value this long or shorter is not a key: shown by its length only, never hashed in a report, never hidden inside other text. */
export const shortValueMaxLength = 12;

/**
 * The only form a key is ever shown in: its known prefix, `…`, and the last 4
 * characters (`sk-proj-…wxyz`). Values without a known prefix show no leading
 * characters. A value of 12 characters or fewer is no key and shows only its length
 * ("a 5-character value"): any of its characters would give away much of it. Control
 * and invisible characters are escaped.
 */
export function fingerprint(value: string): string {
	const characters = [...visibleCore(value)];
	if (characters.length === 0) {
		return '(empty)';
	}

	if (characters.length <= shortValueMaxLength) return describeLength(characters.length);
	const core = characters.join('');
	const prefix = knownPrefixOf(core);
	const prefixLength = [...prefix].length;
	const hidden = characters.length - prefixLength;
	const tailLength = hidden >= 16 ? 4 : hidden >= 8 ? 2 : 0;
	const tail = characters.slice(characters.length - tailLength).join('');
	return `${escapeVisible(prefix)}…${escapeVisible(tail)}`;
}

/** True for a value of 12 characters or fewer (not counting the blanks and quotes around it): no key. */
export function isShortValue(value: string): boolean {
	return [...visibleCore(value)].length <= shortValueMaxLength;
}

/** `a 5-character value`, `an 8-character value`. */
function describeLength(length: number): string {
	return `${length === 8 || length === 11 ? 'an' : 'a'} ${length}-character value`;
}

/** The known prefix a key starts with (`sk-proj-`), or '' when it has none. */
export function knownPrefixOf(value: string): string {
	return knownPrefixes.find(candidate => value.startsWith(candidate)) ?? '';
}

// Blanks, controls and invisible characters at either end, and one pair of quotes around the rest.
const edgeJunk = /^[\s\u0000-\u001f\u007f\u200b-\u200d\u2060\ufeff]+|[\s\u0000-\u001f\u007f\u200b-\u200d\u2060\ufeff]+$/gu;

/**
 * The part of a value a dashboard would show: a trailing newline, surrounding spaces or
 * quotes are defects of the value (named as such elsewhere), not part of the key, so the
 * fingerprint's last 4 stay the ones the user can compare with the API-keys page.
 */
function visibleCore(value: string): string {
	const trimmed = value.replace(edgeJunk, '');
	const unquoted = /^(["'])(.+)\1$/su.exec(trimmed)?.[2]?.replace(edgeJunk, '');
	const core = unquoted ?? trimmed;
	return core === '' ? value : core;
}

/** Shows control, space-like and non-ASCII characters as escapes (`\n`, `\u200b`). */
export function escapeVisible(text: string): string {
	let out = '';
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (char === '\n') out += '\\n';
		else if (char === '\r') out += '\\r';
		else if (char === '\t') out += '\\t';
		else if (code < 0x20 || code === 0x7f || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
		else out += char;
	}

	return out;
}
