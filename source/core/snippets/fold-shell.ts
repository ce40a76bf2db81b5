import {continuesOnNextLine, heredocDelimiter, wordsAsWritten} from '../local/shell-words.js';

/** A shell command as it is shown in a given width. */
export type ShownCommand = {
	lines: string[];
	/** Folded with ` \` between words: pasted into a shell, it is the same command. */
	folded: boolean;
	/**
	 * No safe fold makes it fit (a single word wider than the room: a quoted string, a
	 * `$(…)`, a sed expression): it is shown unfolded, the screen wraps it, and Copy is the
	 * way to get it whole.
	 */
	wraps: boolean;
};

const continuation = ' \\';
const indent = '  ';
const widthOf = (text: string) => [...text].length;

/**
 * Folds a shell command to a width the way a person would write it: only between words
 * as sh splits them (never inside quotes, `$(…)`, `${…}`, backticks or a sed expression),
 * each broken line ending in ` \` and the next indented, so the folded text pasted into a
 * shell is still the same command. Lines inside a multi-line quote or a here-document,
 * and comments, are never folded. When no safe fold fits, the command is shown as it is.
 */
export function foldShellCommand(text: string, width: number): ShownCommand {
	const room = Math.max(width, 16);
	const source = text.split('\n');
	if (source.every(line => widthOf(line) <= room)) return {lines: source, folded: false, wraps: false};
	// A quote or here-document spanning lines: its inner lines are data, so fold nothing.
	const spans = source.some(line => continuesOnNextLine(line) === 'quote' || heredocDelimiter(line) !== undefined);
	if (spans) return {lines: source, folded: false, wraps: true};
	// Options stay beside their values where that fits; else each word may stand alone.
	for (const pairOptions of [true, false]) {
		const lines = source.flatMap(line => foldLine(line, room, pairOptions));
		if (lines.every(line => widthOf(line) <= room)) return {lines, folded: lines.length > source.length, wraps: false};
	}

	return {lines: source, folded: false, wraps: true};
}

function foldLine(line: string, width: number, pairOptions: boolean): string[] {
	if (widthOf(line) <= width) return [line];
	// A line that already continues keeps its own backslash at its end.
	const continues = /\s\\$/.test(line);
	const written = wordsAsWritten(continues ? line.replace(/\s\\$/, '') : line);
	const words = pairOptions ? withOptionValues(written) : written;
	// After a comment, a backslash-newline would end the comment and run the rest.
	if (words.some(word => word.startsWith('#'))) return [line];
	const leading = /^\s*/.exec(line)![0];
	const lines: string[] = [];
	let current = leading;
	for (const word of words) {
		const candidate = current.trim() === '' ? current + word : `${current} ${word}`;
		if (widthOf(candidate) + continuation.length > width && current.trim() !== '') {
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
