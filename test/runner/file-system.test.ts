import {execFileSync} from 'node:child_process';
import {chmod, mkdtemp, rm, symlink, writeFile, mkdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {realFileSystem} from '../../source/runner/file-system.js';

let folder: string;

beforeAll(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'kw-fs-'));
});

afterAll(async () => {
	await rm(folder, {recursive: true, force: true});
});

describe('realFileSystem.readFile', () => {
	it('reads a bounded prefix and says the file was cut', async () => {
		const file = path.join(folder, 'big.env');
		await writeFile(file, 'A'.repeat(1000));
		const read = await realFileSystem.readFile(file, {maxBytes: 100});
		expect(read).toMatchObject({ok: true, size: 1000, truncated: true});
		expect(read.ok && Buffer.from(read.bytes).toString()).toBe('A'.repeat(100));
	});

	it.each([
		['a missing file', 'missing', 'not-found'],
		['a folder', 'sub', 'is-directory'],
		['a symlink loop', 'loop', 'loop'],
	])('turns %s into a code', async (_name, name, code) => {
		await mkdir(path.join(folder, 'sub'), {recursive: true});
		await symlink(path.join(folder, 'loop'), path.join(folder, 'loop')).catch(() => undefined);
		const read = await realFileSystem.readFile(path.join(folder, name), {maxBytes: 10});
		expect(read).toMatchObject({ok: false, code});
	});

	it('does not wait on a named pipe nobody writes to', async () => {
		const fifo = path.join(folder, 'fifo.env');
		execFileSync('mkfifo', [fifo]);
		const started = performance.now();
		const read = await realFileSystem.readFile(fifo, {maxBytes: 10});
		expect(read).toMatchObject({ok: false, code: 'error'});
		expect(performance.now() - started).toBeLessThan(3000);
	});

	it.skipIf(process.getuid?.() === 0)('says a file cannot be read for lack of permission', async () => {
		const file = path.join(folder, 'secret.env');
		await writeFile(file, 'x');
		await chmod(file, 0o000);
		expect(await realFileSystem.readFile(file, {maxBytes: 10})).toMatchObject({ok: false, code: 'permission'});
	});
});

describe('realFileSystem.stat', () => {
	it('gives kind, permission bits, owner and device, following symbolic links', async () => {
		const shared = path.join(folder, 'shared');
		await mkdir(shared, {recursive: true});
		await chmod(shared, 0o1777);
		await writeFile(path.join(shared, '.env'), 'x');
		await chmod(path.join(shared, '.env'), 0o666);
		await symlink(path.join(shared, '.env'), path.join(folder, 'link.env')).catch(() => undefined);
		const dir = await realFileSystem.stat(shared);
		expect(dir).toMatchObject({ok: true, kind: 'directory', mode: 0o1777, uid: process.getuid!()});
		const linked = await realFileSystem.stat(path.join(folder, 'link.env'));
		expect(linked).toMatchObject({ok: true, kind: 'file', mode: 0o666});
		expect(dir.ok && linked.ok && dir.device === linked.device).toBe(true);
		// /proc is another file system than the temp folder.
		const proc = await realFileSystem.stat('/proc');
		expect(proc.ok && dir.ok && proc.device !== dir.device).toBe(true);
		expect(await realFileSystem.stat(path.join(folder, 'missing'))).toMatchObject({ok: false, code: 'not-found'});
	});
});
