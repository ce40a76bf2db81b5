import {constants} from 'node:fs';
import {access, link, lstat, open, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {randomBytes} from 'node:crypto';
import {terminalSafe} from '../core/report/terminal-safe.js';

/** Where a save went, or why it did not; paths and messages as shown (terminal-safe: a path is outside text). */
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
 * Why `--save` cannot be honoured, found before any check runs (so no key is sent for a
 * report that cannot be kept): its folder is missing, not a folder, read-only or not
 * writable for this user; for a name the user chose, a file (a dangling symlink included)
 * already takes it or its `.json` twin. `target` '' means a generated name in the current
 * folder. Undefined when the save can go ahead.
 */
export async function saveTargetProblem(target: string): Promise<string | undefined> {
	const markdownPath = path.resolve(target || 'key-wizard.md');
	const folder = path.dirname(markdownPath);
	try {
		if (!(await stat(folder)).isDirectory()) return `--save: ${folder} is not a folder.`;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return `--save: the folder ${folder} does not exist.`;
		if (code === 'ENOTDIR') return `--save: ${folder} is not a folder.`;
		if (code === 'EACCES' || code === 'EPERM') return `--save: cannot reach the folder ${folder} (permission denied).`;
		return `--save: cannot use the folder ${folder} (${code ?? 'unknown error'}).`;
	}

	try {
		await access(folder, constants.W_OK | constants.X_OK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EROFS') return `--save: ${folder} is on a read-only file system.`;
		return `--save: cannot write in the folder ${folder} (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'unknown error')}).`;
	}

	if (!target) return undefined;
	for (const candidate of [markdownPath, jsonPathFor(markdownPath)]) {
		let found;
		try {
			found = await lstat(candidate);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') continue;
			return `--save: cannot check whether ${candidate} exists (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'unknown error')}).`;
		}

		if (found.isDirectory()) return `--save: ${candidate} is a folder; give a file name.`;
		return `--save: ${candidate} already exists; key-wizard never overwrites a file. Pass another name.`;
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
		if (saved.ok) return {ok: true, markdownPath: terminalSafe(saved.markdownPath), jsonPath: terminalSafe(saved.jsonPath)};
		message = saved.message;
		if (!saved.taken) break;
	}

	return {ok: false, message: terminalSafe(message)};
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
		const reasons: Record<string, string> = {
			EACCES: ' (permission denied)',
			EPERM: ' (permission denied)',
			ENOENT: ': the folder does not exist',
			ENOTDIR: ': the folder is not a folder',
			EROFS: ': the folder is on a read-only file system',
			ENOSPC: ': the disk is full',
			EDQUOT: ': the disk quota is used up',
		};
		return {ok: false, message: `Cannot write ${target}${reasons[code ?? ''] ?? ` (${code ?? 'unknown error'})`}.`};
	} finally {
		await unlink(temporary).catch(() => undefined);
	}
}
