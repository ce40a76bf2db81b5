/** Minimal ANSI styling for the plain-text report; identity functions when colour is off. */
export type TextStyle = {
	bold(text: string): string;
	dim(text: string): string;
	red(text: string): string;
	yellow(text: string): string;
	green(text: string): string;
	cyan(text: string): string;
};

const wrap = (open: number, close: number) => (text: string) => `\u001B[${open}m${text}\u001B[${close}m`;

/** A style that colours when `color` is true and leaves text alone otherwise. */
export function textStyle(color: boolean): TextStyle {
	if (!color) {
		const same = (text: string) => text;
		return {bold: same, dim: same, red: same, yellow: same, green: same, cyan: same};
	}

	return {bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39)};
}
