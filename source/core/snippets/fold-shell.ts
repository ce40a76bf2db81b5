/**
 * Folds a shell command to a width the way a person would write it: between words, never
 * inside a quoted string, each broken line ending in ` \` and the next indented, so the
 * folded text pasted into a shell is still the same command. A terminal's own hard wrap
 * would split a word and break the paste.
 */
export function foldShellCommand(text: string, width: number): string[] {
	return text.split('\n').flatMap(line => foldLine(line, Math.max(width, 16)));
}

const continuation = ' \\';
const indent = '  ';

function foldLine(line: string, width: number): string[] {
	if ([...line].length <= width) return [line];
	// A line that already continues keeps its own backslash at its end.
	const continues = /\s\\$/.test(line);
	const words = withOptionValues(shellWords(continues ? line.replace(/\s\\$/, '') : line));
	const leading = /^\s*/.exec(line)![0];
	const lines: string[] = [];
	let current = leading;
	for (const word of words) {
		const candidate = current.trim() === '' ? current + word : `${current} ${word}`;
		if ([...candidate].length + continuation.length > width && current.trim() !== '') {
			lines.push(current + continuation);
			current = leading + indent + word;
		} else {
			current = candidate;
		}
	}

	lines.push(current + (continues ? continuation : ''));
	return lines;
}

/** An option and the quoted value after it stay on one line: `-H "Accept: …"` reads as one unit. */
function withOptionValues(words: string[]): string[] {
	const units: string[] = [];
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		const next = words[index + 1];
		if (/^-{1,2}[A-Za-z][\w-]*$/.test(word) && next !== undefined && /^["']/.test(next)) {
			units.push(`${word} ${next}`);
			index++;
		} else {
			units.push(word);
		}
	}

	return units;
}

/** The words of a line as written (quotes kept), split on blanks outside quotes. */
function shellWords(line: string): string[] {
	const words: string[] = [];
	let word = '';
	let quote: '"' | "'" | undefined;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (quote) {
			word += char;
			if (char === '\\' && quote === '"' && index + 1 < line.length) word += line[++index];
			else if (char === quote) quote = undefined;
		} else if (char === ' ' || char === '\t') {
			if (word) words.push(word);
			word = '';
		} else {
			word += char;
			if (char === '\\' && index + 1 < line.length) word += line[++index];
			else if (char === '"' || char === "'") quote = char;
		}
	}

	if (word) words.push(word);
	return words;
}
