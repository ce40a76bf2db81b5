/**
 * What the key behind an error's mask is. OpenAI's `invalid_api_key` message masks the
 * value it received as the first 8 characters, one `*` per hidden character and the
 * last 4 (reference §2.2), so the mask alone gives the value's exact length, its prefix
 * and its ending: enough to run the key anatomy on the key the app sent, even when no
 * key on this machine is that key. Every string returned is key-free.
 */
import type {KeyKind} from '../types.js';
import {analyzeKeyFully, keyCore, openAiMarker, type DefectDetail, type KeyAnalysis, type KeyDefect, type MalformedCode} from './anatomy.js';
import {knownPrefixes} from './fingerprint.js';
import {isOpenAIMaskForm, splitMask} from './mask.js';

/** How the error shows the value: whole (short values, a header value), OpenAI's mask, or a shortened form that hides the length. */
export type SentKeyForm = 'whole' | 'openai' | 'loose';

/** The anatomy of the key the app sent, as far as the error shows it. */
export type SentKey = {
	form: SentKeyForm;
	/** Characters the app sent: known for a whole value and for OpenAI's mask form. */
	length?: number;
	kind: KeyKind;
	/** `openai` for OpenAI kinds; the provider's id for `other-provider`. */
	provider?: string;
	/** Human words: `OpenAI project key`, `a URL`, `template text, not a key`. */
	label: string;
	/** What wraps the value at its ends (quotes, whitespace, `Bearer `, invisible characters). */
	defects: KeyDefect[];
	defectDetails: DefectDetail[];
	malformedCode?: MalformedCode;
	malformedReason?: string;
	/** The value is no key for any host (a placeholder, a URL, a label…). */
	notAKeyAnywhere: boolean;
	/** An OpenAI kind sent at a length no key of that kind has: the lengths it has. */
	expectedLengths?: readonly number[];
	/** The reading assumed a length the mask does not give (`3***…5` read as a 32-hex Azure key): a guess. */
	guessed?: boolean;
	/** False when too little of the value shows to say what it is (`Bearer s***…`): only its wrapping is known. */
	judged: boolean;
	/** The value may be a key of another host (another provider's, a relay's): pairing it with its host may be the fix. */
	mayBelongElsewhere?: boolean;
	/**
	 * Template text only by the last 4 characters the mask shows (`sk-proj-****…abcd`), at
	 * the exact length of a real key with that prefix: as likely a real key whose ending was
	 * typed over when the error was pasted.
	 */
	mayBeRedacted?: boolean;
};

/**
 * The lengths each OpenAI key kind has (reference §6, §7.1): as many characters after
 * `T3BlbkFJ` as before it, 58 or 74 for typed keys, 20 for legacy and early project keys,
 * and the 172-character project keys seen in captured masks. `sk-None-` keys have no
 * fixed length.
 */
const lengthsByPrefix: ReadonlyArray<{prefix: string; name: string; lengths: readonly number[]}> = [
	{prefix: 'sk-proj-', name: 'sk-proj- (project)', lengths: [56, 132, 164, 172]},
	{prefix: 'sk-svcacct-', name: 'sk-svcacct- (service-account)', lengths: [135, 167]},
	{prefix: 'sk-service-', name: 'sk-service- (service-account)', lengths: [135, 167]},
	{prefix: 'sk-admin-', name: 'sk-admin- (admin)', lengths: [133, 165]},
	{prefix: 'sk-', name: 'legacy sk- (user)', lengths: [51]},
];

/** A gap of unknown size (`sk-proj-…21sA`) is read as this many hidden characters. */
const unknownGap = 40;

/** Malformations that say what the value is whatever the hidden characters are (a URL, a label, an id…). */
const tellingCodes: ReadonlySet<MalformedCode> = new Set([
	'missing-value',
	'url',
	'pasted-line',
	'json',
	'wrapped',
	'sentence',
	'key-id',
	'org-id',
	'project-id',
	'request-id',
	'literal-escape',
	'redacted',
	'stripe',
	'session-token',
]);

/** Wrapping at the start of a value: blanks, quotes, invisible characters, a `Bearer ` or `Authorization:` head. */
const leadingWrap = /^(?:[\s"'`\u00a0\u200b-\u200d\u2060\ufeff\u2018\u2019\u201c\u201d]|authorization[ \t]*:[ \t]*|bearer[ \t]+)+/i;

/**
 * Reads the key behind `mask` (as parsed from `Incorrect API key provided: <mask>`). A
 * mask of 8 characters or fewer is the whole value; a longer one is read through a
 * stand-in value with the mask's head, tail and length, its hidden part filled with
 * characters that every key alphabet has, so the key anatomy judges it as it judges a
 * key found here. Length is judged here: the stand-in cannot show a cut.
 */
export function readSentKey(mask: string): SentKey {
	const chars = [...mask];
	const gap = chars.length <= 8 ? undefined : splitMask(mask);
	if (!gap) return readSentValue(mask);

	const form: SentKeyForm = isOpenAIMaskForm(mask) ? 'openai' : 'loose';
	const coreHead = gap.head.replace(leadingWrap, '');
	const prefix = sentPrefix(coreHead);
	// Only OpenAI's own form counts the hidden characters: a shortened one (`sk-proj-****`) hides an OpenAI key of any length.
	const counted = gap.starCount >= 0 && (form === 'openai' || !prefix?.startsWith('sk-') || gap.starCount >= unknownGap);
	const hidden = counted ? gap.starCount : unknownGap;
	// The head may end inside a prefix (`"sk-proj` once a quote takes a place): the stand-in completes it.
	const completion = prefix && prefix.length > coreHead.length ? prefix.slice(coreHead.length) : '';
	const fill = (middle: string) => `${gap.head}${middle}${gap.tail}`;
	// `a` fits every key alphabet (hex, lower-case alphanumeric, base64url) and no template's filler (x, 0, *, .).
	const filler = (count: number) => 'a'.repeat(Math.max(0, count));

	let standIn = fill(`${completion}${filler(hidden - completion.length)}`);
	let analysis = analyzeKeyFully(standIn);
	// A template's brackets kept around a whole key (`<sk-proj-…>`): the marker the stars hide tells it from `<your key>`.
	if (analysis.anatomy.kind === 'placeholder' && /^<\s*sk-/.test(gap.head) && chars.length >= 53 && hidden >= openAiMarker.length) {
		const bracketed = analyzeKeyFully(fill(`${openAiMarker}${filler(hidden - openAiMarker.length)}`));
		if (bracketed.malformedCode === 'wrapped') analysis = bracketed;
	}

	const telling = analysis.anatomy.kind === 'placeholder' || analysis.anatomy.kind === 'other-provider' || tellingCodes.has(analysis.malformedCode!);
	// What shows besides a known prefix: with nothing, only the prefix speaks (`sk-proj-****` hides a key, not a template).
	const shownBeyondPrefix = `${coreHead.slice(prefix && coreHead.startsWith(prefix) ? prefix.length : 0)}${gap.tail}`;
	let tailOnly = false;
	if (!telling) {
		// Template words hidden in the gap (`your-api****here`): read with separators in it.
		const template = /[A-Za-z0-9]/.test(shownBeyondPrefix) ? analyzeKeyFully(fill('-'.repeat(hidden))) : undefined;
		if (template?.anatomy.kind === 'placeholder') {
			analysis = template;
			tailOnly = form === 'openai' && prefix !== undefined && prefix.startsWith(coreHead) && gap.head === coreHead;
		} else if (keyCore(standIn).startsWith('sk-') && hidden >= completion.length + openAiMarker.length) {
			// An OpenAI key's marker sits in the hidden part: put one there, and judge the length below.
			standIn = fill(`${completion}${openAiMarker}${filler(hidden - completion.length - openAiMarker.length)}`);
			analysis = analyzeKeyFully(standIn);
		}
	}

	// A loose mask may not count the hidden characters: a hex value is read at the lengths hex keys have (Azure's 32, a relay's 64).
	let guessed = !counted;
	if (form === 'loose' && analysis.malformedCode === 'unknown' && /^[a-fA-F0-9]+$/.test(`${coreHead}${gap.tail}`)) {
		const visible = [...coreHead].length + [...gap.tail].length;
		const hex = [32, 64].map(length => analyzeKeyFully(`${coreHead}${filler(length - visible)}${gap.tail}`)).find(read => read.anatomy.kind === 'other-provider');
		if (hex) {
			analysis = hex;
			guessed = true;
		}
	}

	const sent = fromAnalysis(form, form === 'openai' ? chars.length : undefined, analysis);
	if (guessed) sent.guessed = true;
	if (tailOnly && lengthsByPrefix.find(entry => entry.prefix === prefix)?.lengths.includes(chars.length)) sent.mayBeRedacted = true;
	if (sent.malformedCode === 'sentence') sent.malformedReason = 'a sentence or several words, not a key';
	const hiddenShape = shapeTheStarsHide(sent, coreHead, prefix);
	if (hiddenShape) return hiddenShape;
	if (form === 'openai' && sent.provider === 'openai' && prefix) return judgeLength(sent, [...keyCore(standIn)].length, prefix);
	return sent;
}

/**
 * Shapes whose telling part the stars hide, read from the head: a pasted line's `=`, a
 * JWT's dots; or too little shows (after a `Bearer ` or a quote) to say what the value
 * is. Only a shell keyword or a variable's name is repeated: any other head could be part
 * of a secret.
 */
function shapeTheStarsHide(sent: SentKey, coreHead: string, prefix: string | undefined): SentKey | undefined {
	if (sent.kind !== 'malformed' || sent.malformedCode === 'pasted-line') return undefined;
	const command = /^(export|set|setx)\s+[A-Za-z_]|^(\$env:)[A-Za-z_]/i.exec(coreHead);
	const variable = /^[A-Z][A-Z0-9]*_[A-Z0-9_]*$/.test(coreHead) && /OPENAI|API|KEY|TOKEN|SECRET/.test(coreHead) ? coreHead : undefined;
	// `export OPENAI_…` reads as a sentence, `OPENAI_API_KEY=…` as no key at all: both are a pasted line.
	if (command || variable) {
		const shown = command ? `${command[1] ? `${command[1]} ` : command[2]}…` : `${variable}…`;
		return {...sent, malformedCode: 'pasted-line', label: `a pasted line (${shown})`, malformedReason: `a whole line was pasted (${shown}), not just the key`, notAKeyAnywhere: true};
	}

	if (tellingCodes.has(sent.malformedCode!)) return undefined;
	if (/^eyJ[A-Za-z0-9_-]/.test(coreHead)) return {...sent, malformedCode: 'jwt', label: 'a JWT / OAuth token', malformedReason: 'a JWT / OAuth token (it starts with eyJ), not an API key', notAKeyAnywhere: false};
	if ([...coreHead].length < 4 && !prefix) return {...sent, judged: false};
	return undefined;
}

/** `an OpenAI project key, 164 characters`: what the key the app sent is, key-free. */
export function describeSent(sent: SentKey): string {
	const what = sent.kind === 'malformed' ? (sent.malformedReason ?? sent.label) : sent.label;
	// A value of 12 characters or fewer is already shown as "a 5-character value".
	const length = sent.length !== undefined && sent.length > 12 && sent.kind !== 'malformed' ? `, ${sent.length} characters` : '';
	const wrapping = sent.defectDetails.length > 0 ? `; it ${sent.defectDetails.map(detail => detail.text).join(', ')}` : '';
	return sent.judged ? `${what}${length}${wrapping}` : `a value that ${sent.defectDetails.map(detail => detail.text).join(', ') || 'shows too little to tell what it is'}`;
}

/** Reads a value the error shows whole: a short value OpenAI echoes in full, or the header value a client refused. */
export function readSentValue(value: string): SentKey {
	const sent = fromAnalysis('whole', [...value].length, analyzeKeyFully(value));
	const core = [...keyCore(value)].length;
	if (sent.kind === 'malformed' && !tellingCodes.has(sent.malformedCode!) && sent.malformedCode !== 'empty' && core <= 12) {
		// Never the value itself: a short secret would be shown whole.
		sent.malformedReason = `${sized(core)} value, far too short for a key`;
		sent.label = `${sized(core)} value`;
	}

	return sent;
}

/** `a 5-character`, `an 8-character`, `an 11-character`. */
function sized(count: number): string {
	return `${/^(?:8|11|18)/.test(String(count)) ? 'an' : 'a'} ${count}-character`;
}

function fromAnalysis(form: SentKeyForm, length: number | undefined, analysis: KeyAnalysis): SentKey {
	const {anatomy} = analysis;
	const sent: SentKey = {form, kind: anatomy.kind, label: anatomy.label, defects: anatomy.defects, defectDetails: analysis.defectDetails, notAKeyAnywhere: analysis.notAKeyAnywhere, judged: true};
	if (length !== undefined) sent.length = length;
	if (anatomy.provider) sent.provider = anatomy.provider;
	if (analysis.malformedCode) sent.malformedCode = analysis.malformedCode;
	if (anatomy.malformedReason) sent.malformedReason = anatomy.malformedReason;
	if (anatomy.kind === 'other-provider') sent.mayBelongElsewhere = true;
	return sent;
}

/**
 * The key prefix a visible head stands for: the longest known prefix it starts with, or
 * the one prefix it is the start of (`sk-proj` for `sk-proj-`); `sk-` alone only once
 * enough shows after it to rule out the longer OpenAI prefixes.
 */
function sentPrefix(head: string): string | undefined {
	const started = knownPrefixes.filter(prefix => prefix.length > 3 && head.startsWith(prefix));
	if (started.length > 0) return started.reduce((longest, prefix) => (prefix.length > longest.length ? prefix : longest));
	const completes = new Set(knownPrefixes.filter(prefix => prefix.length > head.length && prefix.startsWith(head) && head.length >= 4).map(prefix => (prefix.startsWith('sk-ant-') ? 'sk-ant-' : prefix)));
	if (completes.size === 1) return [...completes][0];
	// Legacy keys have only letters and digits after sk-; a dash there is some other `sk-name-` form.
	if (completes.size === 0 && /^sk-[A-Za-z0-9]{3,}$/.test(head)) return 'sk-';
	return undefined;
}

/**
 * An OpenAI kind at a length its keys never have is a cut-short or run-on key. A
 * legacy-looking `sk-` key at another length than 51 is rather another service's `sk-`
 * key (a relay's, a gateway's virtual key, a DeepSeek-like provider's): OpenAI has not
 * issued legacy keys since project keys came.
 */
function judgeLength(sent: SentKey, length: number, prefix: string): SentKey {
	const kind = lengthsByPrefix.find(entry => entry.prefix === prefix);
	if (!kind || kind.lengths.includes(length)) return sent;
	const lengths = kind.lengths.length === 1 ? `${kind.lengths[0]}` : `${kind.lengths.slice(0, -1).join(', ')} or ${kind.lengths.at(-1)}`;
	if (prefix === 'sk-') {
		return {
			...sent,
			kind: 'malformed',
			label: 'not an OpenAI key',
			malformedCode: 'no-marker',
			malformedReason: `an sk- value of ${length} characters: OpenAI's legacy sk- keys have ${lengths} and newer ones start with sk-proj-, sk-svcacct- or sk-admin-, so it is another service's sk- key (a relay's or a gateway's) or a key cut or run on`,
			notAKeyAnywhere: false,
			expectedLengths: kind.lengths,
			mayBelongElsewhere: true,
		};
	}

	const nearest = kind.lengths.reduce((best, candidate) => {
		const closer = Math.abs(candidate - length) - Math.abs(best - length);
		return closer < 0 || (closer === 0 && candidate > best) ? candidate : best;
	});
	const difference = length - nearest;
	const short = difference < 0;
	return {
		...sent,
		kind: 'malformed',
		label: short ? 'a cut-short key' : 'a key with text run onto its end',
		malformedCode: short ? 'cut-short' : 'runs-on',
		malformedReason: `${short ? 'cut short' : 'runs on'}: the key sent has ${length} characters, ${kind.name} keys have ${lengths}: ${Math.abs(difference)} ${short ? 'missing' : 'too many'} against a ${nearest}-character key`,
		notAKeyAnywhere: false,
		expectedLengths: kind.lengths,
	};
}
