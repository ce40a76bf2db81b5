// stdout and stderr for the CLI. Where one is not a terminal (a pipe, a file: every
// --json run in a script), text goes out with synchronous writes to the descriptor and
// Node's stream for it is never built: building process.stdout on a pipe loads net and
// the stream modules, about 5 ms, a tenth of a headless run. Node's own stream would write
// synchronously there too (pipes and files are synchronous on POSIX), so the bytes and
// their order are the same. A terminal, and the wizard (Ink draws through the streams),
// use the streams.
import {fstatSync, writeSync} from 'node:fs';

export type OutputFd = 1 | 2;

const built = new Set<OutputFd>();

/**
 * Node's stream for stdout or stderr, built on the first call. A closed terminal or pipe
 * must not crash the process with a stack trace: writes report their failure to their
 * callbacks, and the stream's error event is handled here.
 */
export function outputStream(fd: OutputFd): NodeJS.WriteStream {
	const stream = fd === 1 ? process.stdout : process.stderr;
	if (!built.has(fd)) {
		built.add(fd);
		stream.on('error', () => undefined);
	}

	return stream;
}

/**
 * Whether the descriptor is a terminal (what `process.stdout.isTTY` says, without building
 * the stream). node:tty loads net, so it is asked only about a character device: a pipe or
 * a file is no terminal.
 */
export function isTerminal(fd: 0 | OutputFd): boolean {
	try {
		if (!fstatSync(fd).isCharacterDevice()) return false;
	} catch {
		return false;
	}

	return process.getBuiltinModule('node:tty').isatty(fd);
}

/**
 * Writes `text` to stdout or stderr. Resolves with why it could not (ENOSPC on a full
 * disk, EPIPE on a closed pipe), or undefined once it is written.
 */
export function writeOutput(fd: OutputFd, text: string): Promise<NodeJS.ErrnoException | undefined> {
	if (built.has(fd) || isTerminal(fd)) return writeToStream(outputStream(fd), text);
	const bytes = Buffer.from(text, 'utf8');
	let offset = 0;
	while (offset < bytes.length) {
		try {
			offset += writeSync(fd, bytes, offset, bytes.length - offset);
		} catch (error) {
			// A non-blocking pipe whose reader is behind: the stream waits for it to drain.
			if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return writeToStream(outputStream(fd), bytes.subarray(offset));
			return Promise.resolve(error as NodeJS.ErrnoException);
		}
	}

	return Promise.resolve(undefined);
}

function writeToStream(stream: NodeJS.WriteStream, data: string | Uint8Array): Promise<NodeJS.ErrnoException | undefined> {
	return new Promise(resolve => {
		try {
			stream.write(data, error => resolve(error ?? undefined));
		} catch (error) {
			resolve(error as NodeJS.ErrnoException);
		}
	});
}

/**
 * Calls `done` once the streams that were built have taken what was written (at once
 * where none was). A stream that failed or never drains is not waited for.
 */
export function whenOutputFlushed(done: () => void): void {
	let pending = built.size + 1;
	const settle = () => {
		if (--pending === 0) done();
	};

	for (const fd of built) {
		const stream = outputStream(fd);
		if (stream.destroyed || !stream.writable) {
			settle();
			continue;
		}

		try {
			stream.write('', () => settle());
		} catch {
			settle();
		}
	}

	settle();
}
