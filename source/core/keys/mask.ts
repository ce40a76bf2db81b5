/**
 * The key mask in OpenAI's `invalid_api_key` message (reference §2.2): the first 8
 * characters, one `*` per hidden character, the last 4; values of 8 characters or fewer
 * in full. Used only to tell which local key the app sent: a mask shows more of a key
 * than a fingerprint, so it is compared, never shown.
 */
import {escapeVisible, fingerprint, knownPrefixes} from './fingerprint.js';

/** Characters shown in full: a value this short comes back whole. */
const shownWhole = 8;
const headLength = 8;
const tailLength = 4;

/** The mask OpenAI's API would print for this value (for matching only, never for display). */
export function maskLikeOpenAI(value: string): string {
	const chars = [...value];
	if (chars.length <= shownWhole) return value;
	const hidden = Math.max(0, chars.length - headLength - tailLength);
	// Between 9 and 12 characters head and tail overlap; no capture shows what the API does there.
	return `${chars.slice(0, headLength).join('')}${'*'.repeat(hidden)}${chars.slice(-tailLength).join('')}`;
}

const messageLead = 'Incorrect API key provided:';

/**
 * The mask in an `Incorrect API key provided: <mask>. You can find…` message, from the
 * plain text, the node SDK's `401 …` form, python's dict repr or a JSON body. Escapes are
 * undone only where the message sits in a string literal (a quote just before it):
 * in a decoded message or a client's plain print, `\n` is what the app sent, a
 * backslash and an `n` (a key copied out of JSON). Undefined when the text holds no
 * such message.
 */
export function parseMaskFromText(text: string, form: 'raw' | 'decoded' = 'raw'): string | undefined {
	const start = text.indexOf(messageLead);
	if (start === -1) return undefined;
	const after = text.slice(start + messageLead.length).replace(/^ /, '');
	const full = /^([\s\S]{1,1000}?)\.\s+You can find/.exec(after);
	const raw = full?.[1] ?? /^([^\s"',}]+?)\.?(?=$|[\s"',}])/.exec(after)?.[1];
	if (raw === undefined || raw === '') return undefined;
	const inLiteral = form === 'raw' && /["']$/.test(text.slice(0, start));
	return inLiteral && raw.includes('\\') ? unescape(raw) : raw;
}

/** Undoes JSON and python-repr string escapes (`\n`, `\"`, `\'`, `\\`, `\xNN`, `\uNNNN`). */
function unescape(text: string): string {
	return text.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|U[0-9a-fA-F]{8}|.)/g, (_match, escape: string) => {
		if (escape.length > 1) return String.fromCodePoint(Number.parseInt(escape.slice(1), 16));
		const simple: Record<string, string> = {n: '\n', r: '\r', t: '\t', '0': '\0', b: '\b', f: '\f', v: '\v'};
		return simple[escape] ?? escape;
	});
}

/** How a mask compares with one candidate value. */
export type MaskMatch = {
	/** The value starts and ends as the mask does. */
	matches: boolean;
	/** The mask hides exactly as many characters as the value has beyond its head and tail. */
	exactLength: boolean;
};

/**
 * Whether `value` could be the key behind `mask`. A short mask is the whole value. A
 * longer one matches by head and tail: in the current form (8 shown, stars, 4 shown) the
 * star count also gives the length, but a client or log that re-masks the message
 * changes the count, so a value with the same head and last 4 matches all the same
 * (`exactLength` false says the count differs). Older or hand-shortened forms
 * (`sk-***…ZXY`, `kod-460f…2829`) never say the length.
 */
export function maskMatches(mask: string, value: string): MaskMatch {
	const maskChars = [...mask];
	const valueChars = [...value];
	if (mask === value || mask === maskLikeOpenAI(value)) return {matches: true, exactLength: true};
	if (maskChars.length <= shownWhole) return {matches: false, exactLength: false};

	const gap = splitMask(mask);
	if (!gap) return {matches: false, exactLength: false};
	const {head, tail, starCount} = gap;
	const headChars = [...head];
	const tailChars = [...tail];
	if (headChars.length + tailChars.length < 2) return {matches: false, exactLength: false};
	const exactLength = starCount >= 0 && headChars.length + starCount + tailChars.length === valueChars.length;
	const ends =
		valueChars.length >= headChars.length + tailChars.length &&
		valueChars.slice(0, headChars.length).join('') === head &&
		(tailChars.length === 0 || valueChars.slice(-tailChars.length).join('') === tail);
	return {matches: ends, exactLength: ends && exactLength};
}

/** True for OpenAI's own mask form: 8 characters, one `*` per hidden character, the last 4. */
export function isOpenAIMaskForm(mask: string): boolean {
	const gap = splitMask(mask);
	return gap !== undefined && gap.starCount > 0 && [...gap.head].length === headLength && [...gap.tail].length === tailLength;
}

// Characters a value may carry around the key itself: blanks, newlines, quotes kept by a loader.
const wrapping = /^[\s"'`]+|[\s"'`]+$/gu;

/**
 * Whether `mask` could be this key as the app held it. The API masks the raw value it
 * received, so a key found as `sk-…` may come back as `"sk-proj***…xyz"` (docker
 * --env-file keeps the quotes), with a trailing newline, or with spaces: the value is
 * compared as found, trimmed, and wrapped in the quotes and blanks the mask shows at its ends.
 */
export function maskFitsKey(mask: string, value: string): boolean {
	return maskFit(mask, value).matches;
}

/** Like `maskFitsKey`, saying also whether the mask's star count gives the value's exact length. */
export function maskFit(mask: string, value: string): MaskMatch {
	const core = value.replace(wrapping, '');
	const lead = /^[\s"'`]*/u.exec(mask)![0];
	const trail = /[\s"'`]*$/u.exec(mask)![0];
	const candidates = [...new Set([value, value.trim(), core, `${lead}${core}${trail}`])].filter(candidate => candidate !== '');
	const fits = candidates.map(candidate => maskMatches(mask, candidate)).filter(match => match.matches);
	return fits.find(match => match.exactLength) ?? fits[0] ?? {matches: false, exactLength: false};
}

/**
 * The mask in the form a fingerprint takes (`sk-proj-…21sA`), keeping the quotes and
 * blanks it shows around the value (`"sk-…xyz"`), so a user sees what the app sent
 * without the mask's extra characters.
 */
export function maskInFingerprintForm(mask: string): string {
	const gap = splitMask(mask);
	if (!gap) return fingerprint(mask);
	const lead = /^[\s"'`]*/u.exec(gap.head)![0];
	const trail = /[\s"'`]*$/u.exec(gap.tail)![0];
	const head = gap.head.slice(lead.length);
	const tail = gap.tail.slice(0, gap.tail.length - trail.length);
	const prefix = knownPrefixes.find(candidate => head.startsWith(candidate)) ?? '';
	return `${escapeVisible(lead)}${escapeVisible(prefix)}…${escapeVisible([...tail].slice(-tailLength).join(''))}${escapeVisible(trail)}`;
}

/** Head, tail and the number of stars between them (-1 for `…` or `...`, a gap of unknown size); undefined for a value shown whole. */
export function splitMask(mask: string): {head: string; tail: string; starCount: number} | undefined {
	const first = mask.indexOf('*');
	if (first !== -1) {
		const last = mask.lastIndexOf('*');
		const middle = mask.slice(first, last + 1);
		if (/[^*]/.test(middle)) return undefined;
		return {head: mask.slice(0, first), tail: mask.slice(last + 1), starCount: middle.length};
	}

	const gap = /^([\s\S]*?)(?:…|\.{3})([\s\S]*)$/u.exec(mask);
	if (!gap) return undefined;
	return {head: gap[1]!, tail: gap[2]!, starCount: -1};
}
