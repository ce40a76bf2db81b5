import {fingerprint, isShortValue, knownPrefixes, knownPrefixOf} from './fingerprint.js';
import type {Secret} from './secret.js';

/**
 * Shapes of secrets that may appear in text we did not write (an error message from
 * the HTTP client, a command's stderr, the app's pasted error): provider keys and JWTs.
 */
const secretShapes: RegExp[] = [
	/\b(?:sk|rk)-[A-Za-z0-9_-]{16,}/g,
	/\bgsk_[A-Za-z0-9]{20,}/g,
	/\bxai-[A-Za-z0-9]{20,}/g,
	/\bpplx-[A-Za-z0-9]{20,}/g,
	/\bhf_[A-Za-z0-9]{30,}/g,
	/\bAIza[\w-]{30,}/g,
	/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g,
	/\b[a-f0-9]{32}\b/g,
];

/**
 * Replaces every given secret, and anything shaped like a key, with its fingerprint.
 * Applied to all text that leaves the process, as a last line of defence. Idempotent:
 * what it writes (fingerprints, `[part of …]`, `[hidden key text]`) passes through
 * unchanged, so text redacted at every step comes out as if redacted once.
 */
export function redact(text: string, secrets: readonly Secret[] = []): string {
	const known = knownSecrets(secrets);
	const out = hideKnownValues(text, known);
	// Most text a run redacts (ids, statuses, sentences) has none of what the steps below
	// look for: a key's shape, four stars, an auth header's name, and with known keys a run
	// of ten key characters (a piece of one of them).
	const needsPatterns = known.cores.size > 0 || known.owners.size > 0 ? mayHoldKeyText : mayHoldKeyShape;
	return needsPatterns.test(out) ? hideKeyText(out, known) : out;
}

/** `redact` without its quick check, for the test that holds the two to the same output. */
export function redactWithoutQuickCheck(text: string, secrets: readonly Secret[] = []): string {
	const known = knownSecrets(secrets);
	return hideKeyText(hideKnownValues(text, known), known);
}

// Every pattern of hideKeyText needs one of these to match: each key shape, keyRun and the
// fragment runs are 10 or more of [A-Za-z0-9_.-]; a key mask has four stars; the header
// patterns start with one of these names and its colon (a link to /api-keys is none).
const headerNames = String.raw`authorization["']?\s*[:=]|(?:api|subscription)-key["']?\s*:`;
const mayHoldKeyText = new RegExp(String.raw`[A-Za-z0-9_.-]{10}|\*{4}|${headerNames}`, 'i');
// Without known keys the 10-character runs name nothing (hideKeyFragments leaves them as
// they are): a pattern then needs a key shape (secretShapes), OpenAI's marker or a run of 32
// (hideKeyFragments' hidden runs), four stars (a mask) or an auth header's name. Most
// sentences have a word of ten letters; none of these.
const mayHoldKeyShape = new RegExp([...secretShapes.map(shape => shape.source), 'T3BlbkFJ', '[A-Za-z0-9_-]{32}', String.raw`\*{4}`, headerNames].join('|'), 'i');

function hideKnownValues(text: string, known: Known): string {
	let out = text;
	for (const {forms, shown} of known.values) {
		for (const form of forms) if (out.includes(form)) out = out.split(form).join(shown);
	}

	return out;
}

function hideKeyText(text: string, known: Known): string {
	let out = hideKeyFragments(text, known);
	for (const shape of secretShapes) {
		out = out.replace(shape, match => fingerprint(match));
	}

	out = narrowKeyMasks(out);

	// Whatever follows an auth header name is a credential, whatever its shape (a pasted `curl -v`).
	// Variables, placeholders and what this function wrote (`$OPENAI_API_KEY`, `<paste your new key>`,
	// `YOUR_KEY`, `sk-proj-…wxyz`, `a 5-character value`, `(empty)`) stay.
	const hideToken = (match: string, head: string, token: string) => (keptToken.test(token) ? match : head + fingerprint(token));
	out = out.replace(authSchemeToken, hideToken);
	out = out.replace(keyHeaderToken, hideToken);
	return out;
}

// A backslash ends the token: in JSON text `\"` is an escaped quote, never part of a key.
const token = String.raw`(an? \d+-character value|[^\s"'\\,}]+)`;
const authSchemeToken = new RegExp(String.raw`((?:authorization|proxy-authorization)["']?\s*[:=]\s*["']?(?:bearer|basic)\s+)${token}`, 'gi');
const keyHeaderToken = new RegExp(String.raw`(\b(?:api-key|x-api-key|ocp-apim-subscription-key)["']?\s*:\s*["']?)${token}`, 'gi');
const keptToken = /^[$<{%([]|^[A-Z_]+\W?$|…|^an? \d+-character value$/;

/**
 * Whether a known value is worth hiding wherever it appears. A value of 12 characters or
 * fewer is no key, and a plain word or identifier (`OPENAI_API_KEY`, `your-api-key-here`,
 * `Bearer`) is written in unrelated text as often as in its own place: hiding those would
 * break every `/v1/models` and `$OPENAI_API_KEY` in the report and give nothing away.
 */
export function hideableInText(value: string): boolean {
	if (isShortValue(value)) return false;
	const core = value.trim();
	return !(/^[A-Za-z]+(?:[-_. ][A-Za-z]+)*$/.test(core) && core.split(/[-_. ]/).every(isWord));
}

/** `models`, `API`, `OpenAI`, `XMLHttpRequest`: words of two letters or more, capitalised or not; `kQzPwLmN` is none. */
function isWord(segment: string): boolean {
	const words = segment.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
	return words.join('') === segment && words.every(word => word.length >= 2);
}

// A run of key characters (a JWT's dots included) long enough to carry a telling part of a secret.
const keyRun = /[A-Za-z0-9_.-]{10,}/g;
/** Characters of a known key's secret part that may never be shown in a row (its fingerprint shows 4). */
const fragmentLength = 10;

/**
 * Hides pieces of keys: a key split by a soft-wrapped copy, a space or a line break
 * would otherwise show half of itself, with the other half given a false fingerprint.
 * Every stretch of 10 or more characters of a known key's secret part (what follows its
 * public prefix, `sk-ant-api03-`, which a fingerprint shows anyway) is named as part of
 * it, wherever it sits in a run of key characters. A run with OpenAI's `T3BlbkFJ` marker,
 * or of 32+ characters mixing upper case, lower case and digits (no identifier, path or
 * request id looks like that), is hidden outright.
 */
function hideKeyFragments(text: string, known: Known): string {
	const named = text.replace(keyRun, run => known.cores.get(run) ?? (known.owners.size > 0 ? hideKnownPieces(run, known.owners) : run));
	return named.replace(/[A-Za-z0-9_-]{12,}/g, run => {
		if (!run.includes('T3BlbkFJ') && !(run.length >= 32 && /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run))) return run;
		return knownPrefixes.some(prefix => run.startsWith(prefix)) ? run : '[hidden key text]';
	});
}

/** What redaction needs to know of a set of secrets. */
type Known = {
	/** Each value worth hiding, longest first: the forms it appears in (as it is, trimmed), and its fingerprint. */
	values: Array<{forms: string[]; shown: string}>;
	/** Whole keys (trimmed, 20+ characters) by value. */
	cores: Map<string, string>;
	/** Every 10-character stretch of a key's secret part, and the fingerprint of the key it belongs to. */
	owners: Map<string, string>;
};

// A run redacts hundreds of lines with the same keys: what they need is worked out once per set of keys.
const knownBySet = new Map<string, Known>();

function knownSecrets(secrets: readonly Secret[]): Known {
	const id = secrets.map(secret => `${secret.sha256}:${secret.length}`).join(',');
	const cached = knownBySet.get(id);
	if (cached) return cached;
	const values = secrets
		.map(secret => ({value: secret.reveal(), shown: secret.fingerprint}))
		.filter(({value}) => hideableInText(value))
		.sort((a, b) => b.value.length - a.value.length);
	const known: Known = {values: [], cores: new Map(), owners: new Map()};
	for (const {value, shown} of values) {
		const trimmed = value.trim();
		known.values.push({forms: trimmed !== value && hideableInText(trimmed) ? [value, trimmed] : [value], shown});
		if (trimmed.length < 20) continue;
		if (!known.cores.has(trimmed)) known.cores.set(trimmed, shown);
		const secretPart = trimmed.slice(knownPrefixOf(trimmed).length);
		for (let start = 0; start + fragmentLength <= secretPart.length; start++) {
			const piece = secretPart.slice(start, start + fragmentLength);
			if (!known.owners.has(piece)) known.owners.set(piece, shown);
		}
	}

	if (knownBySet.size >= 16) knownBySet.delete(knownBySet.keys().next().value!);
	knownBySet.set(id, known);
	return known;
}

/** The run with each stretch made of a known key's pieces replaced by `[part of <fingerprint>]`. */
function hideKnownPieces(run: string, owners: ReadonlyMap<string, string>): string {
	const covered: Array<string | undefined> = new Array(run.length);
	for (let start = 0; start + fragmentLength <= run.length; start++) {
		const owner = owners.get(run.slice(start, start + fragmentLength));
		if (owner) covered.fill(owner, start, start + fragmentLength);
	}

	let out = '';
	for (let index = 0; index < run.length; index++) {
		const owner = covered[index];
		if (owner === undefined) out += run[index];
		else if (covered[index - 1] !== owner) out += `[part of ${owner}]`;
	}

	return out;
}

/**
 * Shows the API's key masks (`sk-VKMIs*****…wjh3`, which show more of the start than a
 * fingerprint does) as fingerprints. A mask is not a key: text that changes only here
 * held no key.
 */
export function narrowKeyMasks(text: string): string {
	return text.replace(/([A-Za-z0-9_-]{1,12})(\*{4,})([A-Za-z0-9_-]{2,6})/g, (_match, head: string, stars: string, tail: string) => fingerprint(head + 'x'.repeat(stars.length) + tail));
}
