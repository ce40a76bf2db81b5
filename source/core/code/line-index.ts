/** Line numbers of positions in one text, found by binary search over the line starts. */
export type LineIndex = (position: number) => number;

/** Builds a lookup from a character position to its 1-based line number. */
export function lineIndex(text: string): LineIndex {
	const starts = [0];
	for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
	return position => {
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (starts[middle]! <= position) low = middle;
			else high = middle - 1;
		}

		return low + 1;
	};
}

/** The text with full-line comments (`#`, `//`, `--`) blanked out, line numbers kept. */
export function withoutCommentLines(text: string): string {
	return text.replace(/^[ \t]*(?:#(?!!)|\/\/|--\s).*$/gm, '');
}
