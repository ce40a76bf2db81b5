/**
 * A small reader of shell words, enough to find assignments in startup files: quotes,
 * backslashes, `$(…)`, `${…}` and backticks are kept together, comments dropped, and
 * commands split on `;`, `&&`, `||`, `|` and `&`. It never runs or expands anything:
 * a word whose value depends on expansion is marked `dynamic`.
 */

/** One word of a command. */
export type ShellWord = {
	/** The word as written. */
	raw: string;
	/** The word with quotes and backslashes removed (expansions left as written). */
	value: string;
	/** The value depends on a `$…` expansion or a command substitution. */
	dynamic: boolean;
};

/** How the words are read. */
export type WordDialect = 'sh' | 'fish' | 'csh';

/**
 * Splits one logical line into commands of words. Text after an unquoted `#` that starts
 * a word is a comment. An unclosed quote runs to the end of the text.
 */
export function splitCommands(text: string, dialect: WordDialect = 'sh'): ShellWord[][] {
	const commands: ShellWord[][] = [];
	let words: ShellWord[] = [];
	let raw = '';
	let value = '';
	let dynamic = false;
	let inWord = false;
	const endWord = () => {
		if (inWord) words.push({raw, value, dynamic});
		raw = '';
		value = '';
		dynamic = false;
		inWord = false;
	};

	const endCommand = () => {
		endWord();
		if (words.length > 0) commands.push(words);
		words = [];
	};

	let index = 0;
	while (index < text.length) {
		const char = text[index]!;
		// sh keeps a carriage return as part of the word (a CRLF file's \r ends up in the value).
		if (char === ' ' || char === '\t' || char === '\n' || (char === '\r' && dialect !== 'sh')) {
			endWord();
			index++;
			continue;
		}

		if (!inWord && char === '#') break;
		if (char === ';' || char === '|' || char === '&') {
			endCommand();
			index += (char === '|' || char === '&') && text[index + 1] === char ? 2 : 1;
			continue;
		}

		inWord = true;
		if (char === '\\') {
			raw += text.slice(index, index + 2);
			value += text[index + 1] ?? '';
			index += 2;
			continue;
		}

		if (char === "'") {
			const close = text.indexOf("'", index + 1);
			const end = close === -1 ? text.length : close;
			raw += text.slice(index, end + 1);
			value += text.slice(index + 1, end);
			index = end + 1;
			continue;
		}

		if (char === '"') {
			index++;
			raw += '"';
			while (index < text.length && text[index] !== '"') {
				const inner = text[index]!;
				if (inner === '\\' && index + 1 < text.length && '"\\$`'.includes(text[index + 1]!)) {
					raw += text.slice(index, index + 2);
					value += text[index + 1];
					index += 2;
					continue;
				}

				if (inner === '$' && dialect !== 'fish' && text[index + 1] === '(') {
					const end = matchingParen(text, index + 1);
					raw += text.slice(index, end + 1);
					value += text.slice(index, end + 1);
					dynamic = true;
					index = end + 1;
					continue;
				}

				if (inner === '`' && dialect !== 'fish') dynamic = true;
				if (inner === '$' && /[\w{(]/.test(text[index + 1] ?? '')) dynamic = true;
				raw += inner;
				value += inner;
				index++;
			}

			raw += '"';
			index++;
			continue;
		}

		const substitutionEnd = substitutionEndAt(text, index, dialect);
		if (substitutionEnd !== undefined) {
			raw += text.slice(index, substitutionEnd + 1);
			value += text.slice(index, substitutionEnd + 1);
			dynamic = true;
			index = substitutionEnd + 1;
			continue;
		}

		if (char === '$' && /[\w{(?!#@*-]/.test(text[index + 1] ?? '')) dynamic = true;
		raw += char;
		value += char;
		index++;
	}

	endCommand();
	return commands;
}

/**
 * Walks `text` from `start` past quoted text and backslash escapes, as sh reads them,
 * showing `visit` every other character; `visit` ends the walk by returning true. Says
 * where it stopped, or which quote is still open, or that a `\` ends the text.
 */
function walkUnquoted(text: string, start: number, visit: (char: string, index: number) => boolean): {stoppedAt?: number; openQuote?: string; trailingBackslash: boolean} {
	let quote: string | undefined;
	for (let index = start; index < text.length; index++) {
		const char = text[index]!;
		if (quote) {
			if (char === '\\' && quote === '"') index++;
			else if (char === quote) quote = undefined;
			continue;
		}

		if (char === '\\') {
			if (index === text.length - 1) return {trailingBackslash: true};
			index++;
			continue;
		}

		if (char === "'" || char === '"') quote = char;
		else if (visit(char, index)) return {stoppedAt: index, trailingBackslash: false};
	}

	return {openQuote: quote, trailingBackslash: false};
}

/** The index of the `)` that closes the `(` at `open`, or the last index. */
/**
 * Where a command substitution or parameter expansion starting at `index` ends (`$(…)`,
 * `${…}`, backticks; fish's `(…)`), or undefined when none starts there. Kept whole in
 * the word: the shell decides its value at run time.
 */
function substitutionEndAt(text: string, index: number, dialect: WordDialect): number | undefined {
	const char = text[index];
	const next = text[index + 1];
	const closing = (mark: string, from: number) => {
		const close = text.indexOf(mark, from);
		return close === -1 ? text.length - 1 : close;
	};

	if (char === '$' && next === '(') return matchingParen(text, index + 1);
	if (char === '$' && next === '{') return closing('}', index + 2);
	if (char === '(' && dialect === 'fish') return matchingParen(text, index);
	if (char === '`' && dialect !== 'fish') return closing('`', index + 1);
	return undefined;
}

function matchingParen(text: string, open: number): number {
	let depth = 0;
	const {stoppedAt} = walkUnquoted(text, open, char => {
		if (char === '(') depth++;
		else if (char === ')') depth--;
		return char === ')' && depth === 0;
	});
	return stoppedAt ?? text.length - 1;
}

/**
 * Whether a physical line leaves a quote or a `\` continuation open, so the logical
 * line goes on with the next one.
 */
export function continuesOnNextLine(text: string): 'quote' | 'backslash' | false {
	const walk = walkUnquoted(text, 0, (char, index) => char === '#' && (index === 0 || /\s/.test(text[index - 1]!)));
	if (walk.trailingBackslash) return 'backslash';
	return walk.openQuote === undefined ? false : 'quote';
}

/**
 * The word that ends a here-document started on this line (`cat <<EOF`, `<<-'EOF'`), whose
 * following lines are data, not commands. `<<<` (a here-string), `<<` in quotes or a
 * comment and arithmetic shifts (`$((a << b))`) start none.
 */
export function heredocDelimiter(text: string): string | undefined {
	if (text.includes('((')) return undefined;
	let found: number | undefined;
	walkUnquoted(text, 0, (char, index) => {
		if (char === '#' && (index === 0 || /\s/.test(text[index - 1]!))) return true;
		if (char === '<' && text[index + 1] === '<' && text[index + 2] !== '<' && text[index - 1] !== '<') {
			found = index;
			return true;
		}

		return false;
	});
	if (found === undefined) return undefined;
	const match = /^<<-?[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z_][\w.-]*))/.exec(text.slice(found));
	return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/**
 * The words of one line as written (quotes, escapes, `$(…)`, `${…}` and backticks kept
 * inside their word), split only on blanks that sh would split on: the places a line
 * may be folded with a backslash-newline without changing the command.
 */
export function wordsAsWritten(line: string): string[] {
	const words: string[] = [];
	let word = '';
	let index = 0;
	const take = (end: number) => {
		word += line.slice(index, end);
		index = end;
	};

	while (index < line.length) {
		const char = line[index]!;
		if (char === ' ' || char === '\t') {
			if (word) words.push(word);
			word = '';
			index++;
		} else if (char === '\\') {
			take(Math.min(line.length, index + 2));
		} else if (char === "'") {
			const close = line.indexOf("'", index + 1);
			take(close === -1 ? line.length : close + 1);
		} else if (char === '"') {
			let end = index + 1;
			while (end < line.length && line[end] !== '"') {
				if (line[end] === '\\') end += 2;
				else if (line[end] === '$' && line[end + 1] === '(') end = matchingParen(line, end + 1) + 1;
				else if (line[end] === '`') end = Math.max(end + 1, line.indexOf('`', end + 1) + 1 || line.length);
				else end++;
			}

			take(Math.min(line.length, end + 1));
		} else {
			const substitutionEnd = substitutionEndAt(line, index, 'sh');
			take(substitutionEnd === undefined ? index + 1 : substitutionEnd + 1);
		}
	}

	if (word) words.push(word);
	return words;
}
