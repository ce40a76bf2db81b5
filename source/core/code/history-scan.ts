import {analyzeKey} from '../keys/anatomy.js';
import {findKeyLiterals} from './key-literals.js';

/** Keys kept from the history at most: a repository of test fixtures could hold thousands. */
const maxHistoryKeys = 200;

/** A key added (or removed) by one commit. */
export type HistoryKey = {commit: string; date: string; file: string; value: string; added: boolean};

/**
 * The keys in `git log -p --format='commit %h %cs'` output: every OpenAI-shaped key on
 * an added or removed line, with the commit and the file. A key seen in several commits
 * is kept once per file, first (newest) commit first.
 */
export function keysInGitLog(stdout: string): HistoryKey[] {
	const out: HistoryKey[] = [];
	const seen = new Set<string>();
	let commit = '';
	let date = '';
	let file = '';
	let oldFile = '';
	for (const line of stdout.split('\n')) {
		if (line.startsWith('commit ')) {
			[, commit = '', date = ''] = line.split(' ');
			continue;
		}

		if (line.startsWith('--- ')) {
			oldFile = line.slice(4).replace(/^a\//, '');
			continue;
		}

		if (line.startsWith('+++ ')) {
			file = line === '+++ /dev/null' ? oldFile : line.slice(4).replace(/^b\//, '');
			continue;
		}

		if ((line[0] !== '+' && line[0] !== '-') || !line.includes('sk-') || out.length >= maxHistoryKeys) continue;
		for (const literal of findKeyLiterals(line.slice(1))) {
			const id = `${file}\0${literal.value}`;
			if (seen.has(id)) continue;
			seen.add(id);
			out.push({commit, date, file, value: literal.value, added: line[0] === '+'});
		}
	}

	return out;
}

/** A key typed at a shell prompt and kept in the history file. */
export type TypedKey = {line: number; value: string};

/**
 * Keys typed into a shell history: OpenAI-shaped keys anywhere, and any value given to
 * OPENAI_API_KEY (`export OPENAI_API_KEY=…`, `OPENAI_API_KEY=… python app.py`, fish's
 * `set -x`) that is not a `$VARIABLE` or a placeholder.
 */
export function keysInShellHistory(text: string): TypedKey[] {
	const out = new Map<string, TypedKey>();
	const lines = text.split('\n');
	for (const [index, raw] of lines.entries()) {
		if (!raw.includes('sk-') && !raw.includes('OPENAI_API_KEY')) continue;
		// zsh's extended history (`: 1700000000:0;cmd`) and fish's (`- cmd: …`) prefixes go.
		const line = raw.replace(/^: \d+:\d+;/, '').replace(/^- cmd: /, '');
		for (const literal of findKeyLiterals(line)) if (!out.has(literal.value)) out.set(literal.value, {line: index + 1, value: literal.value});
		for (const match of line.matchAll(/\bOPENAI_API_KEY(?:=|\s+)(["']?)([^\s"'`$;|&]{16,})\1/g)) {
			const value = match[2]!;
			const kind = analyzeKey(value).kind;
			if (kind !== 'placeholder' && kind !== 'malformed' && !out.has(value)) out.set(value, {line: index + 1, value});
		}
	}

	return [...out.values()];
}
