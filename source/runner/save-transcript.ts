import {link, lstat, open, unlink} from 'node:fs/promises';
import path from 'node:path';
import {randomBytes} from 'node:crypto';

/** Where a save went, or why it did not. */
export type SaveResult = {ok: true; markdownPath: string; jsonPath: string} | {ok: false; message: string};

/** A default transcript name for a date: `key-wizard-20261126-2334.md`. */
export function defaultTranscriptName(date: Date): string {
	const pad = (value: number) => String(value).padStart(2, '0');
	return `key-wizard-${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}.md`;
}

/** The JSON report's path beside a transcript: `t.md` → `t.json`, `session` → `session.json`. */
export function jsonPathFor(markdownPath: string): string {
	return markdownPath.replace(/\.md$/i, '') + '.json';
}

/**
 * Why a save to `target` would fail because a file is in the way (either of the two
 * names, a dangling symlink included), or undefined when both names are free. Lets
 * `--save FILE` refuse before any check runs.
 */
export async function takenSaveTarget(target: string): Promise<string | undefined> {
	const markdownPath = path.resolve(target);
	for (const candidate of [markdownPath, jsonPathFor(markdownPath)]) {
		const exists = await lstat(candidate).then(
			() => true,
			(error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
		);
		if (exists) return `--save: ${candidate} already exists; key-wizard never overwrites a file. Pass another name.`;
	}

	return undefined;
}

/**
 * Writes the transcript (Markdown) and the JSON report beside it, each atomically and
 * with mode 0600, and never over an existing file: the temp file is linked into place,
 * which fails when the name is taken. With `freeName`, a taken name becomes `name-2.md`,
 * `name-3.md`… (for names the user did not choose, or a second save from the wizard).
 */
export async function saveTranscript(target: string, markdown: string, json: string, options: {freeName?: boolean} = {}): Promise<SaveResult> {
	const wanted = path.resolve(target);
	const attempts = options.freeName ? 50 : 1;
	let message = `${wanted} already exists; not overwritten.`;
	for (let attempt = 1; attempt <= attempts; attempt++) {
		const saved = await saveBoth(attempt === 1 ? wanted : numbered(wanted, attempt), markdown, json);
		if (saved.ok) return saved;
		message = saved.message;
		if (!saved.taken) break;
	}

	return {ok: false, message};
}

function numbered(markdownPath: string, attempt: number): string {
	const match = /^(.*?)(\.md)?$/i.exec(markdownPath)!;
	return `${match[1]}-${attempt}${match[2] ?? ''}`;
}

async function saveBoth(markdownPath: string, markdown: string, json: string): Promise<{ok: true; markdownPath: string; jsonPath: string} | {ok: false; message: string; taken?: boolean}> {
	const jsonPath = jsonPathFor(markdownPath);
	const first = await writeExclusive(markdownPath, markdown);
	if (!first.ok) return first;
	const second = await writeExclusive(jsonPath, json);
	if (!second.ok) {
		await unlink(markdownPath).catch(() => undefined);
		return second;
	}

	return {ok: true, markdownPath, jsonPath};
}

async function writeExclusive(target: string, content: string): Promise<{ok: true} | {ok: false; message: string; taken?: boolean}> {
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
		if (code === 'EEXIST') return {ok: false, taken: true, message: `${target} already exists; not overwritten.`};
		if (code === 'EACCES' || code === 'EPERM') return {ok: false, message: `Cannot write ${target} (permission denied).`};
		if (code === 'ENOENT') return {ok: false, message: `Cannot write ${target}: the folder does not exist.`};
		return {ok: false, message: `Cannot write ${target} (${code ?? 'unknown error'}).`};
	} finally {
		await unlink(temporary).catch(() => undefined);
	}
}
