/** Below this size the wizard says how big the terminal must be instead of drawing. */
export const minimumSize = {columns: 40, rows: 12} as const;

/** The size assumed when the terminal reports none (a serial console, `stty rows 0`). */
export const assumedSize = {columns: 80, rows: 24} as const;

/** Gap between two menu entries on one row. */
export const menuGap = 3;

/** The rows the menu may take: three on a usual terminal, two on a short one. */
export function menuRowsFor(terminalRows: number): number {
	return terminalRows < 20 ? 2 : 3;
}

/** A menu entry as drawn: `❯ 1. Label`, the number only for 1-9 (the keys that choose it). */
export function menuCell(index: number, label: string, selected: boolean, pointer: string, maxWidth: number): string {
	const number = index < 9 ? `${index + 1}.` : '  ';
	const head = `${selected ? pointer : ' '} ${number} `;
	const room = Math.max(4, maxWidth - [...head].length);
	const chars = [...label];
	return head + (chars.length > room ? `${chars.slice(0, room - 1).join('')}…` : label);
}

/**
 * Lays the menu's entries out left to right, wrapping to the next row when a row is
 * full, like words in a paragraph: every entry keeps its whole label when it fits the
 * width. Returns the entries' indexes row by row.
 */
export function flowRows(widths: readonly number[], width: number): number[][] {
	const rows: number[][] = [];
	let row: number[] = [];
	let used = 0;
	for (const [index, cell] of widths.entries()) {
		const needed = row.length === 0 ? cell : used + menuGap + cell;
		if (row.length > 0 && needed > width) {
			rows.push(row);
			row = [index];
			used = cell;
		} else {
			row.push(index);
			used = needed;
		}
	}

	if (row.length > 0) rows.push(row);
	return rows;
}

/** The rows of the menu to show: `count` rows around the selected entry's row. */
export function visibleRows(rows: readonly number[][], selected: number, count: number): {first: number; last: number} {
	if (rows.length <= count) return {first: 0, last: rows.length - 1};
	const at = Math.max(0, rows.findIndex(row => row.includes(selected)));
	const first = Math.min(Math.max(0, at - count + 1), rows.length - count);
	return {first, last: first + count - 1};
}
