import type {KeyKind} from '../types.js';
import {escapeVisible, fingerprint} from './fingerprint.js';

/** What wraps or pollutes a key value around (or inside) the key itself. */
export type KeyDefect = 'empty' | 'whitespace' | 'quoted' | 'bearer-prefix' | 'invisible-chars' | 'control-chars';

/** What a key value is, judged on its core once the defects are peeled off. */
export type KeyAnatomy = {
	kind: KeyKind;
	/** `openai` for OpenAI kinds; the provider's id for `other-provider`. */
	provider?: string;
	/** Human words: `OpenAI project key`, `Anthropic key`, `a JWT / OAuth token`. */
	label: string;
	/** What wraps or pollutes the value, in a fixed order. */
	defects: KeyDefect[];
	/** Set when the value is a JWT; `issuer` is the payload's `iss` when it decodes. */
	jwt?: {issuer?: string};
	/** Key-free reason, set when `kind` is `malformed`. */
	malformedReason?: string;
};

/** Why a value is malformed, for callers that tailor a fix. */
export type MalformedCode =
	| 'empty'
	| 'jwt'
	| 'missing-value'
	| 'url'
	| 'pasted-line'
	| 'json'
	| 'wrapped'
	| 'sentence'
	| 'two-keys'
	| 'key-id'
	| 'org-id'
	| 'project-id'
	| 'request-id'
	| 'literal-escape'
	| 'redacted'
	| 'stripe'
	| 'session-token'
	| 'bad-characters'
	| 'cut-short'
	| 'runs-on'
	| 'no-marker'
	| 'unknown';

/** One defect in words, e.g. `{defect: 'whitespace', text: 'ends with a newline (\n)'}`. */
export type DefectDetail = {defect: KeyDefect; text: string};

/** Everything `analyzeKey` works out, for callers that explain a key. */
export type KeyAnalysis = {
	anatomy: KeyAnatomy;
	/** Set when the kind is `malformed`. */
	malformedCode?: MalformedCode;
	/**
	 * True when the value is no key for any host (placeholder, URL, sentence, pasted
	 * label, an id…); false when it only breaks OpenAI's format, which a gateway may accept.
	 */
	notAKeyAnywhere: boolean;
	/** The defects in key-free words, in the order of `anatomy.defects`. */
	defectDetails: DefectDetail[];
	/** The fingerprint of the core value, once the defects are peeled off: what the dashboard would show. */
	coreFingerprint: string;
};

/** Malformations that only break OpenAI's key format: a gateway or local server may accept such a value. */
const formatOnlyCodes: ReadonlySet<MalformedCode> = new Set(['jwt', 'session-token', 'bad-characters', 'cut-short', 'no-marker', 'unknown']);

/** "OpenAI" in base64: every OpenAI secret key contains it. */
export const openAiMarker = 'T3BlbkFJ';

/** The shortest OpenAI secret seen (a legacy user key). */
const shortestOpenAiKey = 51;

const defectOrder: readonly KeyDefect[] = ['empty', 'whitespace', 'quoted', 'bearer-prefix', 'invisible-chars', 'control-chars'];

/**
 * Classifies a key value. The kind is judged on the core value, after peeling what
 * wraps it (whitespace, a `Bearer ` prefix, quotes, invisible and control characters),
 * so ` "sk-proj-…"\n` is a project key with the defects whitespace and quoted.
 * Never rejects a key for its length alone. Every string it returns is key-free.
 */
export function analyzeKey(value: string): KeyAnatomy {
	return analyzeKeyFully(value).anatomy;
}

/** Like `analyzeKey`, with the defects in words and whether the value is a key anywhere. */
export function analyzeKeyFully(value: string): KeyAnalysis {
	return analyze(value, 0);
}

/** Where a peeled piece was: the start, the end, or inside the value. */
type Side = 'start' | 'end' | 'inside';

/** One thing removed while peeling. */
type Peeling = {defect: Exclude<KeyDefect, 'empty'>; side: Side; text: string};

type Peeled = {core: string; peelings: Peeling[]};

const asciiWhitespace = ' \t\n\r\v\f';
const straightQuotes = '"\'`';
/** Characters that hide at the edges of a pasted value: Unicode spaces, zero-width characters, curly quotes. */
const edgeInvisible = /^[\s\u200b-\u200d\u2060\u00ad\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb]/u;
const bearerPrefix = /^bearer(?:[ \t\u00a0\u2007\u202f]+|$)/i;
/** `Authorization: ` pasted with the header's value: the value is then "Bearer sk-…". */
const authorizationHeader = /^authorization[ \t]*:[ \t]*(?=bearer\b)/i;

/**
 * Peels the wrappers off a value until nothing changes. With `dropAllNonAscii` false
 * non-ASCII characters inside the value stay (so `sk-…` still reads as a template).
 */
function peel(value: string, dropAllNonAscii: boolean): Peeled {
	let core = value;
	const peelings: Peeling[] = [];
	for (let round = 0; round < 16; round++) {
		const before = core;
		core = trimEdges(core, char => asciiWhitespace.includes(char), 'whitespace', peelings);
		core = trimEdges(core, char => edgeInvisible.test(char) && char.charCodeAt(0) > 0x7e, 'invisible-chars', peelings);
		const header = authorizationHeader.exec(core);
		if (header) {
			peelings.push({defect: 'bearer-prefix', side: 'start', text: header[0]});
			core = core.slice(header[0].length);
		}

		const bearer = bearerPrefix.exec(core);
		if (bearer) {
			peelings.push({defect: 'bearer-prefix', side: 'start', text: bearer[0]});
			core = core.slice(bearer[0].length);
		}

		if (core.length > 0 && straightQuotes.includes(core[0]!)) {
			peelings.push({defect: 'quoted', side: 'start', text: core[0]!});
			core = core.slice(1);
		}

		if (core.length > 0 && straightQuotes.includes(core.at(-1)!)) {
			peelings.push({defect: 'quoted', side: 'end', text: core.at(-1)!});
			core = core.slice(0, -1);
		}

		// A space or tab inside an OpenAI key (a wrapped line, a stray keystroke) is whitespace, not a sentence.
		if (/[ \t]/.test(core) && spacedOpenAiKey(core)) core = removeInside(core, /[ \t]+/g, 'whitespace', peelings);
		core = removeInside(core, /[\u0000-\u001f\u007f]/g, 'control-chars', peelings);
		if (dropAllNonAscii) core = removeInside(core, /[^\u0000-\u007f]/gu, 'invisible-chars', peelings);
		if (core === before) break;
	}

	return {core, peelings};
}

/** True when removing a few runs of spaces or tabs leaves one OpenAI secret key. */
function spacedOpenAiKey(core: string): boolean {
	const runs = core.match(/[ \t]+/g) ?? [];
	const joined = core.replace(/[ \t]+/g, '');
	return runs.length <= 3 && /^sk-[A-Za-z0-9_-]+$/.test(joined) && joined.split(openAiMarker).length === 2;
}

/**
 * The key under what wraps or pollutes it (whitespace, quotes, `Bearer `, invisible
 * characters): two values with the same core are the same key. Never shown.
 */
export function keyCore(value: string): string {
	return peel(value, true).core;
}

function trimEdges(text: string, isPeelable: (char: string) => boolean, defect: Peeling['defect'], peelings: Peeling[]): string {
	const chars = [...text];
	let start = 0;
	while (start < chars.length && isPeelable(chars[start]!)) start++;
	let end = chars.length;
	while (end > start && isPeelable(chars[end - 1]!)) end--;
	if (start > 0) peelings.push({defect, side: 'start', text: chars.slice(0, start).join('')});
	if (end < chars.length) peelings.push({defect, side: 'end', text: chars.slice(end).join('')});
	return start > 0 || end < chars.length ? chars.slice(start, end).join('') : text;
}

function removeInside(text: string, pattern: RegExp, defect: Peeling['defect'], peelings: Peeling[]): string {
	let found = '';
	const kept = text.replace(pattern, match => {
		found += match;
		return '';
	});
	if (found) peelings.push({defect, side: 'inside', text: found});
	return kept;
}

/** The result of classifying a peeled core. */
type Classification = {
	kind: KeyKind;
	provider?: string;
	label: string;
	malformedReason?: string;
	malformedCode?: MalformedCode;
	jwt?: {issuer?: string};
	notAKeyAnywhere: boolean;
};

function analyze(value: string, depth: number): KeyAnalysis {
	// Templates often use typographic characters (`sk-…`, `••••`): judge them before those are stripped.
	const visible = peel(value, false);
	const template = visible.core === '' ? undefined : placeholderLabel(visible.core);
	const peeled = template ? visible : peel(value, true);
	const defects = new Set<KeyDefect>(peeled.peelings.map(peeling => peeling.defect));
	let classification: Classification;
	if (template) {
		classification = {kind: 'placeholder', label: template, notAKeyAnywhere: true};
	} else if (peeled.core === '') {
		defects.add('empty');
		classification = malformed('empty', 'an empty value', value === '' ? 'empty' : 'empty once the wrapping characters are removed');
	} else {
		classification = classify(peeled.core, visible.core, depth);
	}

	const anatomy: KeyAnatomy = {
		kind: classification.kind,
		label: classification.label,
		defects: defectOrder.filter(defect => defects.has(defect)),
	};
	if (classification.provider) anatomy.provider = classification.provider;
	if (classification.jwt) anatomy.jwt = classification.jwt;
	if (classification.malformedReason) anatomy.malformedReason = classification.malformedReason;
	const details = describePeelings(peeled.peelings);
	const defectDetails = anatomy.defects.flatMap(defect => details.filter(detail => detail.defect === defect));
	const analysis: KeyAnalysis = {anatomy, notAKeyAnywhere: classification.notAKeyAnywhere, defectDetails, coreFingerprint: fingerprint(peeled.core)};
	if (classification.malformedCode) analysis.malformedCode = classification.malformedCode;
	return analysis;
}

/** Words that mean "no value" once a program turned a missing value into text. */
const missingValueWords = new Set(['undefined', 'null', 'none', 'nil', 'nan', 'false', 'true', '[object object]']);

/** Whole-value template words, compared without case or separators. */
const templateWords = new Set([
	'changeme',
	'replaceme',
	'todo',
	'tbd',
	'fixme',
	'placeholder',
	'dummy',
	'example',
	'sample',
	'fake',
	'test',
	'testing',
	'testkey',
	'secret',
	'key',
	'apikey',
	'openaikey',
	'openaiapikey',
	'token',
	'mykey',
	'myapikey',
	'xxx',
]);

const openAiPrefixes = /^sk-(?:proj-|svcacct-|service-|admin-|none-)?/i;

/** Words that make a letters-only value with key, token, secret or here in it template text: `your-api-key`, `insert_api_key`, `paste-here`. */
const templateVerb = /your|^(?:insert|paste|enter|put|add|replace|change|set)/;

/** Words that make a letters-only value with key, token or secret in it template text: `OPENAI_API_KEY_HERE`, `sk-dummy-key`, `sk-no-key-required` (what local servers take). */
const templateMarker = /here|goes|dummy|fake|placeholder|example|sample|required|needed|^no/;

/** The key inside `<…>` or `[…]` when a template's brackets were kept around a real key, else undefined. */
function bracketedKey(core: string): string | undefined {
	const inner = /^<([^<>]+)>$|^\[([^[\]]+)\]$/.exec(core);
	const value = inner ? (inner[1] ?? inner[2])!.trim() : undefined;
	if (!value || value.length < 20 || /\s/.test(value)) return undefined;
	return value.includes(openAiMarker) || otherProviders.some(candidate => candidate.test(value)) ? value : undefined;
}

/** A label when the value is template text rather than a key, else undefined. */
function placeholderLabel(core: string): string | undefined {
	if (/^\$\{[\s\S]*\}$|^\$\([\s\S]*\)$|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$|^\{\{[\s\S]*\}\}$/.test(core)) {
		return 'an unexpanded variable reference, not a key';
	}

	const withoutPrefix = core.replace(openAiPrefixes, '').split(openAiMarker).join('');
	// `<your key>`, and the same after the prefix: `sk-<your-key>`; not a real key left inside the brackets.
	if (
		(/^<[^<>]*>$/.test(core) || /^<[^<>]*>$/.test(withoutPrefix) || (/^\[[^[\]]*\]$/.test(core) && !missingValueWords.has(core.toLowerCase()))) &&
		!bracketedKey(core)
	) {
		return 'a placeholder in brackets, not a key';
	}

	if (withoutPrefix === '' && /^sk-/i.test(core)) return 'only the sk- prefix, not a key';
	if (/^[xX0*.#?•·…●_-]+$/u.test(withoutPrefix)) return 'template text (filler characters), not a key';
	if (/^([!-~])\1{2,}$/.test(core)) return 'template text (one character repeated), not a key';
	// Filler around the words (`...your-key...`) is part of the template too.
	const word = withoutPrefix
		.toLowerCase()
		.replace(/^[.…*]+|[.…*]+$/gu, '')
		.replace(/[-_\s]/g, '');
	if (templateWords.has(word)) return 'template text, not a key';
	if (isSequence(word)) return 'template text (a counting sequence), not a key';
	const keyWord = /key|token|secret/.test(word);
	if (word.length <= 48 && /^[a-z]+$/.test(word) && (((keyWord || word.includes('here')) && templateVerb.test(word)) || (keyWord && templateMarker.test(word)))) {
		return 'template text, not a key';
	}

	return undefined;
}

/**
 * Docs' sample keys count: `sk-1234`, `abc123`, `sk-1234567890abcdef`, `abcdef1234567890abcdef…`.
 * True when every run of digits or letters starts a counting sequence.
 */
function isSequence(word: string): boolean {
	if (word.length < 3) return false;
	const runs = word.match(/\d+|[a-z]+/g) ?? [];
	// Runs of three or more (the last may be cut off), so `Ab1Ab1…` is not a count.
	return (
		runs.join('') === word &&
		runs.every((run, index) => (run.length >= 3 || index === runs.length - 1) && ('0123456789'.startsWith(run) || '1234567890'.startsWith(run) || 'abcdefghijklmnopqrstuvwxyz'.startsWith(run)))
	);
}

/** Providers other than OpenAI, by the shape of their keys (reference §7.2). */
const otherProviders: ReadonlyArray<{provider: string; test: (core: string) => boolean; label: (core: string) => string}> = [
	{
		provider: 'anthropic',
		test: core => core.startsWith('sk-ant-'),
		label: core =>
			core.startsWith('sk-ant-admin') ? 'Anthropic admin key' : core.startsWith('sk-ant-oat') || core.startsWith('sk-ant-ort') ? 'Anthropic OAuth token' : 'Anthropic key',
	},
	{provider: 'openrouter', test: core => core.startsWith('sk-or-'), label: () => 'OpenRouter key'},
	{provider: 'groq', test: core => core.startsWith('gsk_'), label: () => 'Groq key'},
	{provider: 'google', test: core => core.startsWith('AIza'), label: () => 'Google (Gemini) API key'},
	{provider: 'xai', test: core => core.startsWith('xai-'), label: () => 'xAI key'},
	{provider: 'perplexity', test: core => core.startsWith('pplx-'), label: () => 'Perplexity key'},
	{provider: 'huggingface', test: core => /^hf_[A-Za-z0-9]{30,}$/.test(core), label: () => 'Hugging Face token'},
	{provider: 'deepseek', test: core => /^sk-[a-z0-9]{32}$/.test(core), label: () => 'DeepSeek-shaped key (sk- + 32 characters, no OpenAI marker)'},
	{provider: 'azure', test: core => /^[a-fA-F0-9]{32}$/.test(core), label: () => 'Azure OpenAI key (32 hex characters)'},
	// Newer Azure AI services / Foundry resources issue 84-character alphanumeric keys.
	{provider: 'azure', test: core => /^[A-Za-z0-9]{84}$/.test(core), label: () => 'Azure OpenAI key (84 characters)'},
	// OpenAI-compatible relays and resellers hand out 64-hex tokens: no OpenAI or Azure key has that shape.
	{provider: 'relay', test: core => /^[a-fA-F0-9]{64}$/.test(core), label: () => 'relay or gateway key (64 hex characters)'},
];

function malformed(code: MalformedCode, label: string, malformedReason: string): Classification {
	return {kind: 'malformed', label, malformedReason, malformedCode: code, notAKeyAnywhere: !formatOnlyCodes.has(code)};
}

function classify(core: string, visibleCore: string, depth: number): Classification {
	const jwt = decodeJwt(core);
	if (jwt) {
		return {...malformed('jwt', 'a JWT / OAuth token', 'a JWT / OAuth token, not an API key'), jwt};
	}

	const lower = core.toLowerCase();
	if (missingValueWords.has(lower)) {
		return malformed('missing-value', `the text "${core}"`, `the text "${core}": a missing value was turned into text`);
	}

	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(core)) return malformed('url', 'a URL', 'a URL, not a key');
	const pasted = pastedLine(core, depth);
	if (pasted) return pasted;
	if (/^\{[\s\S]*\}$/.test(core)) return malformed('json', 'a JSON object', 'a JSON object, not just the key');
	if (bracketedKey(core)) {
		const brackets = core.startsWith('<') ? '<…>' : '[…]';
		return malformed('wrapped', `a key wrapped in ${brackets}`, `the key is wrapped in ${brackets}, the template's brackets kept around it`);
	}

	if (/\s/.test(core)) {
		const words = core.split(/\s+/).filter(Boolean).length;
		return malformed('sentence', 'a sentence', `a sentence or several words (${words}), not a key`);
	}

	if (core.split(openAiMarker).length > 2) return malformed('two-keys', 'two keys run together', 'two keys run together in one value');
	if (/^key_[A-Za-z0-9]+$/.test(core)) return malformed('key-id', 'an OpenAI key id (key_…), not the secret', 'an OpenAI key id (key_…), not the secret');
	if (/^org-[A-Za-z0-9]+$/.test(core)) return malformed('org-id', 'an organization id (org-…)', 'an organization id (org-…), not a key');
	if (/^proj_[A-Za-z0-9]+$/.test(core)) return malformed('project-id', 'a project id (proj_…)', 'a project id (proj_…), not a key');
	if (/^req_[A-Za-z0-9]+$/.test(core)) return malformed('request-id', 'a request id (req_…)', 'a request id (req_…), not a key');
	const escaped = literalEscape(core);
	if (escaped) {
		const side = escaped.atEnd ? 'ends' : 'starts';
		return malformed(
			'literal-escape',
			`a key with a literal ${escaped.shown} ${escaped.atEnd ? 'at its end' : 'at its start'}`,
			`${side} with a literal ${escaped.shown}: ${escaped.shown.length === 2 ? 'a backslash and a letter' : `${escaped.shown.length} characters, backslashes and letters,`} where JSON or a quoted string meant ${escaped.meaning}; no key contains them`,
		);
	}

	if (/^sk-[A-Za-z0-9_-]{0,16}(?:\.{2,}|…|\*{2,})[A-Za-z0-9_-]{0,8}$/u.test(visibleCore)) {
		return malformed('redacted', 'a redacted key (sk-abc...def)', 'a shortened form like the dashboard shows (sk-abc...def), not the secret');
	}

	if (/^[sr]k_(?:live|test)_/.test(core)) return malformed('stripe', 'a Stripe key', 'a Stripe key (sk_live_/sk_test_), not an OpenAI key');
	if (/^sess-[A-Za-z0-9]+$/.test(core)) return malformed('session-token', 'a ChatGPT session token', 'a ChatGPT session token (sess-…), not an API key');

	const other = otherProviders.find(candidate => candidate.test(core));
	if (other) return {kind: 'other-provider', provider: other.provider, label: other.label(core), notAKeyAnywhere: false};

	if (core.startsWith('sk-')) return classifyOpenAi(core);
	return malformed('unknown', 'not an OpenAI key', 'not an OpenAI key: OpenAI secrets start with sk- and contain T3BlbkFJ');
}

function classifyOpenAi(core: string): Classification {
	const foreign = [...new Set(core.replace(/[A-Za-z0-9_-]/g, ''))];
	if (foreign.length > 0) {
		const shown = foreign
			.slice(0, 3)
			.map(char => `"${char}"`)
			.join(', ');
		return malformed('bad-characters', 'not an OpenAI key', `contains ${shown}, which no OpenAI key has`);
	}

	const length = core.length;
	const typedPrefix = /^sk-(?:proj|svcacct|service|admin)-/.exec(core)?.[0];
	if (!core.includes(openAiMarker)) {
		if (length < shortestOpenAiKey) {
			return malformed('cut-short', 'a cut-short key', `cut short: ${length} characters, OpenAI keys are ${shortestOpenAiKey}+`);
		}

		// The marker sits after the first half; a typed key shorter than the shortest full one lost it with its end.
		const shortestTyped = typedPrefix ? typedPrefix.length + 2 * knownHalfLengths[1] + openAiMarker.length : 0;
		if (typedPrefix && length < shortestTyped) {
			return malformed('cut-short', 'a cut-short key', `cut short: ${length} characters and no ${openAiMarker} marker; ${typedPrefix}… keys are ${shortestTyped}+`);
		}

		return malformed('no-marker', 'not an OpenAI key', `no ${openAiMarker} marker, which every OpenAI secret contains`);
	}

	const cut = cutAfterMarker(core, typedPrefix);
	if (cut) return malformed('cut-short', 'a cut-short key', cut);
	const runOn = runsOnAfterMarker(core, typedPrefix);
	if (runOn) return malformed('runs-on', 'a key with text run onto its end', runOn);

	const openai = (kind: KeyKind, label: string): Classification => ({kind, provider: 'openai', label, notAKeyAnywhere: false});
	if (core.startsWith('sk-proj-')) return openai('project', 'OpenAI project key');
	if (core.startsWith('sk-svcacct-') || core.startsWith('sk-service-')) return openai('service-account', 'OpenAI service-account key');
	if (core.startsWith('sk-admin-')) return openai('admin', 'OpenAI admin key');
	if (core.startsWith('sk-None-')) return openai('user', 'OpenAI key without a project');
	return openai('user', 'OpenAI user key (legacy sk-…)');
}

/**
 * The lengths of the random part on each side of the marker that scanners publish
 * (legacy and early project keys 20, typed keys 58 or 74), shortest first. Every known
 * shape has as many characters after the marker as before it (reference §6, §7.1).
 */
const knownHalfLengths = [20, 58, 74] as const;

/**
 * Why a key that has its marker carries text past its end, or undefined: more than twice
 * as many characters after the marker as the published length before it, or four times
 * as many for another head length (a log line, a second value or a file pasted onto the
 * key). A little more is left alone.
 */
function runsOnAfterMarker(core: string, typedPrefix: string | undefined): string | undefined {
	if (core.startsWith('sk-None-')) return undefined;
	const at = core.indexOf(openAiMarker);
	const head = at - (typedPrefix?.length ?? 3);
	const tail = core.length - at - openAiMarker.length;
	const known = (knownHalfLengths as readonly number[]).includes(head);
	// Past the published lengths, only a tail far longer than its head says so.
	if (head < knownHalfLengths[0] || tail <= (known ? 2 : 4) * head) return undefined;
	return `runs on: ${tail} characters after ${openAiMarker} but ${head} before it; OpenAI keys have as many after it as before, so something was pasted onto its end`;
}

/**
 * Why a key that has its marker lost its end, or undefined: the part before the marker
 * has a published length and the part after it is shorter. Any other length is left
 * alone (keys are never judged on length alone), and so are named legacy keys
 * (`sk-name-…`, a longer first part) and `sk-None-` keys, whose length is not fixed.
 */
function cutAfterMarker(core: string, typedPrefix: string | undefined): string | undefined {
	if (core.startsWith('sk-None-')) return undefined;
	const at = core.indexOf(openAiMarker);
	const head = at - (typedPrefix?.length ?? 3);
	const tail = core.length - at - openAiMarker.length;
	if (!(knownHalfLengths as readonly number[]).includes(head) || tail >= head) return undefined;
	return `cut short: ${tail} characters after ${openAiMarker} but ${head} before it; OpenAI keys have as many after it as before`;
}

const escapeMeanings: Record<string, string> = {'\\n': 'a line break', '\\r': 'a carriage return', '\\t': 'a tab', '\\r\\n': 'a Windows line ending'};

/**
 * A backslash escape kept as text at either end of the value (`…wxyz\\n`): JSON, a
 * quoted string or a YAML file meant a line break there, and whoever copied it kept the
 * two characters instead.
 */
function literalEscape(core: string): {shown: string; meaning: string; atEnd: boolean} | undefined {
	const end = /(?:\\r\\n|\\[nrt])$/.exec(core)?.[0];
	if (end && core.length > end.length) return {shown: end, meaning: escapeMeanings[end]!, atEnd: true};
	const start = /^\\[nrt]/.exec(core)?.[0];
	if (start && core.length > start.length) return {shown: start, meaning: escapeMeanings[start]!, atEnd: false};
	return undefined;
}

/** Variable-like names that show a value was pasted with its label. */
const labelName = /key|token|secret|auth|bearer|openai|api|password/i;

function pastedLine(core: string, depth: number): Classification | undefined {
	const line = /^(?:export\s+|set\s+|\$env:)?([A-Za-z_][\w.-]{0,60})\s*([:=])\s*(\S[\s\S]*)$/.exec(core);
	if (!line || !labelName.test(line[1]!)) return undefined;
	const [, name, separator, rest] = line;
	const shownName = `${name}${separator === ':' ? ': ' : '='}…`;
	let inner = '';
	if (depth < 2) {
		const innerAnalysis = analyze(rest!, depth + 1);
		if (innerAnalysis.anatomy.provider === 'openai') inner = `; the value after it is an ${innerAnalysis.anatomy.label}`;
		else if (innerAnalysis.anatomy.kind === 'other-provider') inner = `; the value after it is a ${innerAnalysis.anatomy.label}`;
	}

	return malformed('pasted-line', `a pasted line (${shownName})`, `a whole line was pasted (${shownName}), not just the key${inner}`);
}

/** The JWT's issuer when the value is a JWT, else undefined. */
function decodeJwt(core: string): {issuer?: string} | undefined {
	const parts = core.split('.');
	if (parts.length !== 3 || !parts[0]!.startsWith('eyJ') || !parts.every(part => /^[A-Za-z0-9_-]*$/.test(part)) || !parts[1]) return undefined;
	try {
		const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		const issuer = payload && typeof payload === 'object' ? (payload as {iss?: unknown}).iss : undefined;
		if (typeof issuer === 'string' && issuer) return {issuer: escapeVisible(issuer.slice(0, 120))};
	} catch {
		// A payload that does not decode is still a JWT by shape.
	}

	return {};
}

const invisibleNames: Record<number, string> = {
	0x00a0: 'non-breaking space',
	0x00ad: 'soft hyphen',
	0x2007: 'figure space',
	0x2009: 'thin space',
	0x200b: 'zero-width space',
	0x200c: 'zero-width non-joiner',
	0x200d: 'zero-width joiner',
	0x2013: 'en dash instead of "-"',
	0x2014: 'em dash instead of "-"',
	0x2018: 'curly quote',
	0x2019: 'curly quote',
	0x201c: 'curly quote',
	0x201d: 'curly quote',
	0x201e: 'curly quote',
	0x2026: 'ellipsis (…)',
	0x202f: 'narrow no-break space',
	0x2060: 'word joiner',
	0x3000: 'ideographic space',
	0xfeff: 'byte-order mark',
	0xfffd: 'replacement character (bytes that were not valid UTF-8)',
};

const controlNames: Record<number, string> = {
	0x00: 'NUL character',
	0x09: 'tab',
	0x0a: 'line break',
	0x0d: 'carriage return',
	0x1b: 'escape character',
	0x7f: 'DEL character',
};

const sideWords: Record<Side, string> = {start: 'at the start', end: 'at the end', inside: 'inside'};

/** At most this many kinds of character are named; a value of garbage gets a count instead. */
const namedCharactersLimit = 4;

function describePeelings(peelings: readonly Peeling[]): DefectDetail[] {
	const out: DefectDetail[] = [];
	for (const side of ['start', 'end'] as const) {
		const text = peelings
			.filter(peeling => peeling.defect === 'whitespace' && peeling.side === side)
			.map(peeling => peeling.text)
			.join('');
		if (text) out.push({defect: 'whitespace', text: `${side === 'start' ? 'starts' : 'ends'} with ${describeWhitespace(text)}`});
	}

	const inside = peelings.filter(peeling => peeling.defect === 'whitespace' && peeling.side === 'inside').map(peeling => peeling.text);
	if (inside.length > 0) out.push({defect: 'whitespace', text: `has ${describeWhitespace(inside.join(''))} inside the key`});

	const quotes = peelings.filter(peeling => peeling.defect === 'quoted');
	if (quotes.length > 0) {
		const starts = quotes.filter(quote => quote.side === 'start').map(quote => quote.text);
		const ends = quotes.filter(quote => quote.side === 'end').map(quote => quote.text);
		const text =
			starts.length > 0 && ends.length > 0
				? `is wrapped in quotes (${starts.join('')}…${ends.reverse().join('')})`
				: starts.length > 0
					? `starts with a quote (${starts.join('')})`
					: `ends with a quote (${ends.join('')})`;
		out.push({defect: 'quoted', text});
	}

	const bearer = peelings.filter(peeling => peeling.defect === 'bearer-prefix');
	if (bearer.length > 0) {
		const header = bearer.some(peeling => /^authorization/i.test(peeling.text));
		out.push({defect: 'bearer-prefix', text: header ? 'starts with "Authorization: Bearer " (the whole header was pasted)' : 'starts with "Bearer "'});
	}
	out.push(...describeCharacters(peelings, 'invisible-chars'), ...describeCharacters(peelings, 'control-chars'));
	return out;
}

function describeWhitespace(text: string): string {
	if (text === '\r\n') return 'a Windows line ending (\\r\\n)';
	if (text === '\n') return 'a newline (\\n)';
	if (text === '\r') return 'a carriage return (\\r)';
	if (text === '\t') return 'a tab';
	if (/^ +$/.test(text)) return text.length === 1 ? 'a space' : `${text.length} spaces`;
	return `whitespace ("${escapeVisible(text)}")`;
}

function describeCharacters(peelings: readonly Peeling[], defect: 'invisible-chars' | 'control-chars'): DefectDetail[] {
	const byCodePoint = new Map<number, {count: number; sides: Set<Side>}>();
	for (const peeling of peelings) {
		if (peeling.defect !== defect) continue;
		for (const char of peeling.text) {
			const code = char.codePointAt(0)!;
			const entry = byCodePoint.get(code) ?? {count: 0, sides: new Set<Side>()};
			entry.count++;
			entry.sides.add(peeling.side);
			byCodePoint.set(code, entry);
		}
	}

	const entries = [...byCodePoint.entries()];
	const lines = entries.slice(0, namedCharactersLimit).map(([code, {count, sides}]) => {
		const name = (defect === 'control-chars' ? controlNames[code] : invisibleNames[code]) ?? (defect === 'control-chars' ? 'control character' : 'non-ASCII character');
		const codeText = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
		const counted = count === 1 ? `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}` : `${count} × ${name}`;
		const where = sides.size === 1 ? ` ${sideWords[[...sides][0]!]}` : '';
		return `contains ${counted} (${codeText})${where}`;
	});
	if (entries.length > namedCharactersLimit) {
		const rest = entries.slice(namedCharactersLimit).reduce((sum, [, entry]) => sum + entry.count, 0);
		lines.push(`contains ${rest} more ${defect === 'control-chars' ? 'control' : 'non-ASCII'} characters of ${entries.length - namedCharactersLimit} other kinds`);
	}

	return lines.map(text => ({defect, text}));
}

/** Another provider's API: its name, host and OpenAI-compatible base URL (reference §7.2, the providers' docs). */
export type ProviderApi = {name: string; article: 'a' | 'an'; domain: string; baseUrl?: string};

/** The providers `analyzeKey` recognises, by the id it puts in `provider`. */
export const providerApis: Readonly<Record<string, ProviderApi>> = {
	anthropic: {name: 'Anthropic', article: 'an', domain: 'anthropic.com', baseUrl: 'https://api.anthropic.com/v1/'},
	openrouter: {name: 'OpenRouter', article: 'an', domain: 'openrouter.ai', baseUrl: 'https://openrouter.ai/api/v1'},
	groq: {name: 'Groq', article: 'a', domain: 'groq.com', baseUrl: 'https://api.groq.com/openai/v1'},
	google: {name: 'Google (Gemini)', article: 'a', domain: 'generativelanguage.googleapis.com', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/'},
	xai: {name: 'xAI', article: 'an', domain: 'x.ai', baseUrl: 'https://api.x.ai/v1'},
	perplexity: {name: 'Perplexity', article: 'a', domain: 'perplexity.ai', baseUrl: 'https://api.perplexity.ai'},
	deepseek: {name: 'DeepSeek', article: 'a', domain: 'deepseek.com', baseUrl: 'https://api.deepseek.com'},
	huggingface: {name: 'Hugging Face', article: 'a', domain: 'huggingface.co', baseUrl: 'https://router.huggingface.co/v1'},
	azure: {name: 'Azure OpenAI', article: 'an', domain: 'azure.com'},
	relay: {name: 'relay or gateway', article: 'a', domain: ''},
};

function hostOf(baseUrl: string): string | undefined {
	try {
		return new URL(baseUrl).hostname.toLowerCase();
	} catch {
		return undefined;
	}
}

function hostIn(host: string, domain: string): boolean {
	return host === domain || host.endsWith(`.${domain}`);
}

/**
 * The provider whose OpenAI-compatible API `baseUrl` points at, when it is a known one
 * other than OpenAI. Azure is left out: its keys come in several shapes.
 */
export function providerOfBaseUrl(baseUrl: string): string | undefined {
	const host = hostOf(baseUrl);
	if (!host) return undefined;
	return Object.entries(providerApis).find(([, provider]) => provider.baseUrl && hostIn(host, provider.domain))?.[0];
}

/**
 * Whether the host at `baseUrl` expects keys in a known format: OpenAI's (or the demo's),
 * or a known provider's. A gateway or local server (LiteLLM, vLLM, Ollama, Azure) may
 * take other text as its key, so there only values that are no key anywhere are wrong.
 */
export function baseUrlJudgesKeyFormat(baseUrl: string, demo = false): boolean {
	if (demo) return true;
	const host = hostOf(baseUrl);
	return host === undefined || hostIn(host, 'openai.com') || providerOfBaseUrl(baseUrl) !== undefined;
}
