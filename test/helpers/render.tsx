import type {ReactElement} from 'react';
import {render as inkRender} from 'ink';
import {cleanup as cleanupTestingLibrary, render as renderWithTestingLibrary} from 'ink-testing-library';

/** Keys a test can press, as the terminal sends them. */
export const keys = {
	enter: '\r',
	escape: '\u001B',
	up: '\u001B[A',
	down: '\u001B[B',
	backspace: '\u007F',
	ctrlC: '\u0003',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
} as const;

/** A rendered tree and the ways a test drives it. */
export type Rendered = {
	/** The last frame, ANSI codes removed. */
	lastFrame(): string;
	/** Every frame so far, ANSI codes removed. */
	frames(): string[];
	/** Every frame so far as written, escape sequences and all. */
	rawFrames(): string[];
	/** Writes raw input, as typing or pasting does. */
	write(data: string): void;
	/** Writes input and waits for Ink to take it in. */
	press(data: string): Promise<void>;
	/** Polls the last frame until `predicate` holds; fails with the last frame after `timeoutMs`. */
	waitFor(predicate: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
	/** Changes the terminal size and tells Ink it was resized. */
	resize(columns: number, rows?: number): void;
	/** Resolves with the value the app passed to `exit()`. */
	waitUntilExit(): Promise<unknown>;
	unmount(): void;
};

// eslint-disable-next-line no-control-regex
const ansi = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007]*\u0007/g;

/** Removes ANSI escape codes. */
export function stripAnsi(text: string): string {
	return text.replace(ansi, '');
}

const delay = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Renders through ink-testing-library at a given width (default 100 columns) and, when
 * given, height. The one
 * place tests touch ink-testing-library: frames come back stripped, and `waitFor`
 * replaces fixed sleeps. Never assert on the first frame: React 19 may show an empty one.
 */
export function renderAt(tree: ReactElement, options: {columns?: number; rows?: number} = {}): Rendered {
	const result = renderWithTestingLibrary(tree);
	let columns = options.columns ?? 100;
	// Without rows the "terminal" has no height (like ink-testing-library's), so nothing scrolls.
	let rows = options.rows;
	Object.defineProperty(result.stdout, 'columns', {get: () => columns, configurable: true});
	Object.defineProperty(result.stdout, 'rows', {get: () => rows, configurable: true});
	result.stdout.emit('resize');
	// ink.render() with the same stdout returns the same instance: the way to its exit promise.
	const instance = inkRender(tree, {stdout: result.stdout as unknown as NodeJS.WriteStream, stdin: result.stdin as unknown as NodeJS.ReadStream, stderr: result.stderr as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false});
	let hasExited = false;
	const exited = instance.waitUntilExit().finally(() => {
		hasExited = true;
	});
	exited.catch(() => undefined);

	// Where CI is set (is-in-ci), Ink writes its last non-debug output plus a newline on
	// unmount; in debug mode that output is empty, so the "terminal" would end on a bare
	// "\n" the app never drew. The last frame is the last one the app drew.
	const lastFrame = () => {
		const frames = result.frames;
		const last = hasExited && frames.length > 1 && frames.at(-1) === '\n' ? frames.at(-2) : frames.at(-1);
		return stripAnsi(last ?? '');
	};
	return {
		lastFrame,
		frames: () => result.frames.map(frame => stripAnsi(frame)),
		rawFrames: () => [...result.frames],
		write: data => result.stdin.write(data),
		async press(data) {
			// A frame is written before React attaches the new screen's input handlers
			// (passive effects); let them attach, as they have long before a person types.
			await delay(15);
			result.stdin.write(data);
			// Ink reads input on the next turns of the event loop (a lone Escape waits a setImmediate).
			await delay(30);
		},
		async waitFor(predicate, timeoutMs = 3000) {
			const started = Date.now();
			for (;;) {
				const frame = lastFrame();
				if (predicate(frame)) return frame;
				if (Date.now() - started > timeoutMs) {
					throw new Error(`waitFor timed out after ${timeoutMs} ms; last frame:\n${frame}`);
				}

				await delay(10);
			}
		},
		resize(nextColumns, nextRows) {
			columns = nextColumns;
			if (nextRows !== undefined) rows = nextRows;
			result.stdout.emit('resize');
		},
		waitUntilExit: () => exited,
		unmount: () => result.unmount(),
	};
}

/** Unmounts everything rendered (call in afterEach). */
export function cleanupRendered(): void {
	cleanupTestingLibrary();
}
