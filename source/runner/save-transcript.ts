import {link, open, unlink} from 'node:fs/promises';
import path from 'node:path';
import {randomBytes} from 'node:crypto';

/** Where a save went, or why it did not. */
export type SaveResult = {ok: true; markdownPath: string; jsonPath: string} | {ok: false; message: string};

/** A default transcript name for a date: `key-wizard-20261126-2334.md`. */
export function defaultTranscriptName(date: Date): string {
	const pad = (value: number) => String(value).padStart(2, '0');
	return `key-wizard-${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}.md`;
}

/**
 * Writes the transcript (Markdown) and the JSON report beside it, each atomically and
 * with mode 0600, and never over an existing file: the temp file is linked into place,
 * which fails when the name is taken.
 */
export async function saveTranscript(target: string, markdown: string, json: string): Promise<SaveResult> {
	const markdownPath = path.resolve(target);
	const jsonPath = markdownPath.replace(/\.md$/i, '') + '.json';
	const first = await writeExclusive(markdownPath, markdown);
	if (!first.ok) return first;
	const second = await writeExclusive(jsonPath, json);
	if (!second.ok) {
		await unlink(markdownPath).catch(() => undefined);
		return second;
	}

	return {ok: true, markdownPath, jsonPath};
}

async function writeExclusive(target: string, content: string): Promise<{ok: true} | {ok: false; message: string}> {
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
	try {
		const handle = await open(temporary, 'wx', 0o600);
		try {
			await handle.writeFile(content, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}

		await link(temporary, target);
		return {ok: true};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return {ok: false, message: `${target} already exists; not overwritten. Choose another name.`};
		if (code === 'EACCES' || code === 'EPERM') return {ok: false, message: `Cannot write ${target} (permission denied).`};
		if (code === 'ENOENT') return {ok: false, message: `Cannot write ${target}: the folder does not exist.`};
		return {ok: false, message: `Cannot write ${target} (${code ?? 'unknown error'}).`};
	} finally {
		await unlink(temporary).catch(() => undefined);
	}
}
