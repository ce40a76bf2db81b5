import type {FileErrorCode, FileRead, Ports} from '../ports.js';

/** How a text file's bytes were encoded, as far as its first bytes tell. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

/** Line endings found in a text file. */
export type LineEndings = 'lf' | 'crlf' | 'mixed' | 'none';

/** A file read and decoded as text, or why it could not be. */
export type TextFile =
	| {
			ok: true;
			text: string;
			encoding: TextEncoding;
			lineEndings: LineEndings;
			/** Some bytes were not valid UTF-8; they decode as U+FFFD. */
			invalidUtf8: boolean;
			/** Only the first `maxBytes` bytes were read; `text` then ends with the last whole line. */
			truncated: boolean;
			size: number;
	  }
	| {ok: false; code: FileErrorCode | 'binary'; message: string; size?: number};

/**
 * Reads at most `maxBytes` of a file and decodes it: a UTF-16 byte-order mark (PowerShell's
 * `>` writes one) is honoured, NUL bytes elsewhere mean a binary file (not parsed), and
 * invalid UTF-8 is replaced and reported. `shownPath` names the file in messages.
 */
export async function readTextFile(ports: Ports, path: string, shownPath: string, maxBytes: number): Promise<TextFile> {
	let read: FileRead;
	try {
		read = await ports.fs.readFile(path, {maxBytes});
	} catch {
		read = {ok: false, code: 'error', message: 'read failed'};
	}

	if (!read.ok) return {ok: false, code: read.code, message: describeReadError(read.code, shownPath)};
	return decodeText(read.bytes, shownPath, read.truncated, read.size);
}

/** Decodes bytes read from `shownPath`; see `readTextFile`. */
export function decodeText(bytes: Uint8Array, shownPath: string, truncated: boolean, size: number): TextFile {
	let encoding: TextEncoding = 'utf-8';
	let text: string;
	let invalidUtf8 = false;
	if (bytes[0] === 0xff && bytes[1] === 0xfe) {
		encoding = 'utf-16le';
		text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
	} else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
		encoding = 'utf-16be';
		text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
	} else {
		if (bytes.includes(0)) {
			const gitCrypt = startsWith(bytes, [0, 0x47, 0x49, 0x54, 0x43, 0x52, 0x59, 0x50, 0x54]);
			return {
				ok: false,
				code: 'binary',
				size,
				message: gitCrypt
					? `${shownPath} is encrypted with git-crypt (binary); it was not parsed: unlock it (git-crypt unlock) for apps to read it.`
					: `${shownPath} holds binary data (NUL bytes), not text; it was not parsed.`,
			};
		}

		const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
		if (bom) encoding = 'utf-8-bom';
		const body = bom ? bytes.subarray(3) : bytes;
		try {
			text = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(body);
		} catch {
			// A read cut at maxBytes may split one character: only the last 3 bytes are forgiven.
			text = new TextDecoder('utf-8', {ignoreBOM: true}).decode(body);
			const cleanPrefix = truncated ? isValidUtf8(body.subarray(0, Math.max(0, body.length - 3))) : false;
			invalidUtf8 = !cleanPrefix;
			if (truncated && cleanPrefix) text = text.replace(/\ufffd+$/u, '');
		}
	}

	// A read cut at maxBytes ends inside a line: that line is incomplete (a key cut short is
	// no key), so the text ends with the last whole line.
	if (truncated) text = text.slice(0, text.lastIndexOf('\n') + 1);
	return {ok: true, text, encoding, lineEndings: lineEndingsOf(text), invalidUtf8, truncated, size};
}

function isValidUtf8(bytes: Uint8Array): boolean {
	try {
		new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
	return prefix.every((byte, index) => bytes[index] === byte);
}

/** Which line endings a text uses. */
export function lineEndingsOf(text: string): LineEndings {
	// Counted in place: matching every line ending into an array costs more than the read (the code scan decodes thousands of files).
	let lf = 0;
	let crlf = 0;
	for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
		lf++;
		if (text.charCodeAt(index - 1) === 13) crlf++;
	}

	if (lf === 0) return 'none';
	if (crlf === 0) return 'lf';
	return crlf === lf ? 'crlf' : 'mixed';
}

/** One key-free line for a file that could not be read. */
export function describeReadError(code: FileErrorCode, shownPath: string): string {
	switch (code) {
		case 'not-found':
			return `${shownPath} does not exist.`;
		case 'permission':
			return `${shownPath} cannot be read (permission denied).`;
		case 'is-directory':
			return `${shownPath} is a folder, not a file.`;
		case 'loop':
			return `${shownPath} is a symbolic link loop; it cannot be read.`;
		case 'too-large':
			return `${shownPath} is too large to read.`;
		default:
			return `${shownPath} cannot be read.`;
	}
}

/** `12.5 MB`, `900 KB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
	if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${bytes} bytes`;
}
