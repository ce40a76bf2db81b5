import {analyzeKey, openAiMarker} from '../keys/anatomy.js';
import type {KeyKind} from '../types.js';
import {lineIndex} from './line-index.js';

/** A key written into a file, before it becomes a Secret. */
export type FoundLiteral = {
	value: string;
	line: number;
	/** The name it is assigned or passed to (`api_key`, `OPENAI_API_KEY`, `apiKey`), when it is. */
	assignedTo?: string;
	kind: KeyKind;
};

/** Keys kept from one file at most: a file of thousands of keys is a dump, and its first ones say enough. */
export const maxLiteralsPerFile = 20;

/** A run of key characters after `sk-`, and the quote (or end) that follows it. */
const keyBody = /sk-[\w-]{12,}/y;

/**
 * What stands before a key in an assignment, at the end of a short window: `api_key = "`,
 * `apiKey: '`, `OPENAI_API_KEY="`, `openai.api_key = "`, `os.getenv("X", "`, `Bearer `.
 * Matched on at most 120 characters before each `sk-`, so no input can make it slow.
 */
const assignedBefore = /(?:\b([\w.]{0,40}(?:api_?key|apikey|api-key|openai_?key|token|secret)\w{0,20})\\?["']?\s{0,4}(?:=|:|=>|,)\s{0,4}(?:[\w.]{0,40}\(\s{0,4}(?:\\?["'][\w]{0,40}\\?["']\s{0,4},\s{0,4})?)?\\?["'`]|\b(Bearer)\s{1,4})$/i;

/** Values that are examples, not keys: the writer says so. */
const fakeWords = /x{5,}|\*{3,}|\.{3}|test|fake|dummy|example|sample|your|placeholder|redacted|changeme|mock|invalid|abc123|1234567|0{6,}/i;

/**
 * Every key-shaped literal in a file's text: OpenAI secret shapes anywhere (the
 * `T3BlbkFJ` marker, or a long project, service-account or admin key), and any `sk-…`
 * value assigned or passed as an API key. Placeholders (`sk-...`, `sk-your-key`), values
 * that say they are fake and values too short to be keys are left out. Linear in the
 * text: each `sk-` is judged on a bounded window around it.
 */
export function findKeyLiterals(text: string): FoundLiteral[] {
	if (!text.includes('sk-')) return [];
	let lineOf: ((position: number) => number) | undefined;
	const found = new Map<string, FoundLiteral>();
	for (let at = text.indexOf('sk-'); at !== -1 && found.size < maxLiteralsPerFile; at = text.indexOf('sk-', at + 3)) {
		// Inside a longer word (`task-…`, `desk-…`) or another key: not the start of a key.
		if (at > 0 && /[\w-]/.test(text[at - 1]!)) continue;
		keyBody.lastIndex = at;
		const value = keyBody.exec(text)?.[0];
		if (!value) continue;
		const before = assignedBefore.exec(text.slice(Math.max(0, at - 120), at));
		const assignedTo = before ? (before[1] ?? before[2])!.replace(/\\$/, '') : undefined;
		const strong = value.includes(openAiMarker) || /^sk-(?:proj|svcacct|service|admin|None)-[\w-]{40,}$/.test(value);
		if (!strong && !assignedTo) continue;
		const anatomy = analyzeKey(value);
		if (anatomy.kind === 'placeholder' || (anatomy.kind === 'malformed' && !strong)) continue;
		if (!strong && (value.length < 24 || fakeWords.test(value.slice(3)))) continue;
		lineOf ??= lineIndex(text);
		const existing = found.get(value);
		if (existing) {
			if (!existing.assignedTo && assignedTo) existing.assignedTo = assignedTo;
			continue;
		}

		found.set(value, {value, line: lineOf(at), kind: anatomy.kind, ...(assignedTo ? {assignedTo} : {})});
	}

	return [...found.values()].sort((a, b) => a.line - b.line);
}
