/**
 * The key mask OpenAI puts in `Incorrect API key provided: …` (reference §2.2): the
 * first 8 characters, one `*` per hidden character, the last 4; values of 8 characters
 * or fewer come back whole. Older messages used other widths (`sk-****…ZXY`), so
 * parsing and matching accept any head and tail around a run of `*` or an ellipsis.
 */

/** A key mask read from an error message. */
export type KeyMask = {
	/** Characters shown before the hidden part (the whole value when `whole`). */
	head: string;
	/** Characters shown after the hidden part. */
	tail: string;
	/** Number of hidden characters, when the mask counts them with `*`. */
	hidden?: number;
	/** The message showed the whole value (8 characters or fewer). */
	whole: boolean;
};

/** The mask the OpenAI API would print for this value. */
export function serverMask(value: string): string {
	const characters = [...value];
	if (characters.length <= 8) return value;
	const tail = characters.slice(-4).join('');
	const head = characters.slice(0, Math.min(8, characters.length - 4)).join('');
	return `${head}${'*'.repeat(Math.max(0, characters.length - 12))}${tail}`;
}

const incorrectKeyPattern = /Incorrect API key provided:\s*(.+?)(?:\.\s+You can find your API key|\.?\s*$|\.?\s*['"}\n])/s;
const starRunPattern = /(\S{1,12}?)(\*{3,})(\S{1,6})/;

/** Reads the mask from an `Incorrect API key provided: …` message or a bare `head***tail` token. */
export function parseKeyMask(text: string): KeyMask | undefined {
	const quoted = incorrectKeyPattern.exec(text)?.[1];
	if (quoted !== undefined) return maskFromToken(quoted.trim());
	const token = starRunPattern.exec(text);
	if (token) return {head: token[1]!, tail: token[3]!, hidden: token[2]!.length, whole: false};
	return undefined;
}

function maskFromToken(token: string): KeyMask | undefined {
	if (token === '') return undefined;
	const stars = /^(.*?)(\*+)(.*)$/s.exec(token);
	if (stars) return {head: stars[1]!, tail: stars[3]!, hidden: stars[2]!.length, whole: false};
	const ellipsis = /^(.*?)(?:…|\.\.\.)(.*)$/s.exec(token);
	if (ellipsis) return {head: ellipsis[1]!, tail: ellipsis[2]!, whole: false};
	return {head: token, tail: '', whole: true};
}

/**
 * True when the value could be the one behind the mask: same head and tail, and the
 * same length when the mask is in today's exact form (8 shown, `*` per hidden
 * character, 4 shown). Also tries the value without surrounding whitespace, since
 * some clients trim it before sending.
 */
export function maskMatches(mask: KeyMask, value: string): boolean {
	const candidates = value.trim() === value ? [value] : [value, value.trim()];
	return candidates.some(candidate => matchesOne(mask, candidate));
}

function matchesOne(mask: KeyMask, value: string): boolean {
	if (mask.whole) return value === mask.head;
	if (!value.startsWith(mask.head) || !value.endsWith(mask.tail)) return false;
	const length = [...value].length;
	const shown = [...mask.head].length + [...mask.tail].length;
	if (length < shown) return false;
	const exactForm = mask.hidden !== undefined && [...mask.head].length === 8 && [...mask.tail].length === 4;
	return exactForm ? length === shown + mask.hidden! : true;
}

/** A short, key-free way to show a mask: head, `…`, tail and the length it implies. */
export function describeMask(mask: KeyMask): string {
	if (mask.whole) return `a ${[...mask.head].length}-character value`;
	const length = mask.hidden === undefined ? '' : ` (${[...mask.head].length + mask.hidden + [...mask.tail].length} characters)`;
	return `${mask.head}…${mask.tail}${length}`;
}
