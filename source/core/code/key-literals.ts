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

/** OpenAI's secret shapes: the `T3BlbkFJ` marker, or a long project, service-account or admin key. */
const openAiShape = /(?<![\w-])sk-(?:(?:proj|svcacct|service|admin|None)-[\w-]{40,}|[\w-]*T3BlbkFJ[\w-]{8,})/g;

/** `api_key = "sk-…"`, `apiKey: 'sk-…'`, `OPENAI_API_KEY="sk-…"`, `openai.api_key = "sk-…"`, `Bearer sk-…`. */
const assignedKey =
	/\b([\w.]*(?:api_?key|apikey|api-key|openai_?key|token|secret)[\w]*)\\?["']?\s*(?:=|:|=>|,)\s*(?:[\w.]*\(\s*)?\\?["'`](sk-[\w-]{12,})\\?["'`]|\b(Bearer)\s+(sk-[\w-]{12,})/gi;

/** Values that are examples, not keys: the writer says so. */
const fakeWords = /x{5,}|\*{3,}|\.{3}|test|fake|dummy|example|sample|your|placeholder|redacted|changeme|mock|invalid|abc123|1234567|0{6,}/i;

/**
 * Every key-shaped literal in a file's text: OpenAI secret shapes anywhere, and any
 * `sk-…` value assigned or passed as an API key. Placeholders (`sk-...`, `sk-your-key`),
 * values that say they are fake and values too short to be keys are left out.
 */
export function findKeyLiterals(text: string): FoundLiteral[] {
	if (!text.includes('sk-')) return [];
	const lineOf = lineIndex(text);
	const found = new Map<string, FoundLiteral>();
	const add = (value: string, position: number, assignedTo: string | undefined, strong: boolean) => {
		const anatomy = analyzeKey(value);
		if (anatomy.kind === 'placeholder' || (anatomy.kind === 'malformed' && !strong)) return;
		if (!strong && (value.length < 24 || fakeWords.test(value.slice(3)))) return;
		const line = lineOf(position);
		const existing = found.get(value);
		if (existing) {
			if (!existing.assignedTo && assignedTo) existing.assignedTo = assignedTo;
			existing.line = Math.min(existing.line, line);
			return;
		}

		found.set(value, {value, line, kind: anatomy.kind, ...(assignedTo ? {assignedTo} : {})});
	};

	for (const match of text.matchAll(assignedKey)) {
		const name = match[1] ?? match[3]!;
		const value = match[2] ?? match[4]!;
		add(value, match.index + match[0].indexOf(value), name.replace(/\\$/, ''), value.includes(openAiMarker));
	}

	for (const match of text.matchAll(openAiShape)) {
		add(match[0], match.index, undefined, true);
	}

	return [...found.values()].sort((a, b) => a.line - b.line);
}
