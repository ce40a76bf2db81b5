import type {Cause, Snippet} from '../types.js';

/** A snippet a screen offers to copy, numbered in the order the screen shows them. */
export type Copyable = {
	/** 1-based: `c` copies 1, `c` then a digit copies that one. */
	number: number;
	snippet: Pick<Snippet, 'id' | 'label' | 'language' | 'text'>;
	/** The cause whose fix it is. */
	causeId?: string;
	/** The menu entry: `Copy: unset OPENAI_API_KEY`. */
	menuLabel: string;
};

/** A snippet and the cause it belongs to, in screen order. */
export type ShownSnippet = {snippet: Pick<Snippet, 'id' | 'label' | 'language' | 'text'>; causeId?: string};

/** The snippets of causes, in order, each with its cause. */
export function causeSnippets(causes: readonly Cause[]): ShownSnippet[] {
	return causes.flatMap(cause => cause.snippets.map(snippet => ({snippet, causeId: cause.id})));
}

/**
 * Numbers what a screen shows to copy, in order, the same text once: the lead's command
 * first (so `c` alone copies the fix in view), then the rest as the page shows them.
 */
export function numberCopyables(shown: readonly ShownSnippet[]): Copyable[] {
	const seen = new Set<string>();
	const copyables: Copyable[] = [];
	for (const entry of shown) {
		const text = entry.snippet.text.trim();
		if (!text || seen.has(text)) continue;
		seen.add(text);
		copyables.push({number: copyables.length + 1, snippet: entry.snippet, ...(entry.causeId ? {causeId: entry.causeId} : {}), menuLabel: copyLabel(entry.snippet)});
	}

	return copyables;
}

/** `Copy: <the command>` for a one-line command, `Copy: <its label>` for a longer text. */
export function copyLabel(snippet: Pick<Snippet, 'label' | 'text'>): string {
	const text = snippet.text.trim();
	return text.includes('\n') ? `Copy: ${snippet.label}` : `Copy: ${text}`;
}

/** The number a snippet's text has among the copyables, if it is one of them. */
export function copyNumberOf(copyables: readonly Copyable[], text: string): number | undefined {
	return copyables.find(copyable => copyable.snippet.text.trim() === text.trim())?.number;
}
