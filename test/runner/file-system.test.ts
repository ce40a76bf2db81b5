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

describe('realFileSystem.readFiles', () => {
	it('reads many prefixes in order, sizes only with maxBytes 0, and never blocks on a pipe', async () => {
		const dir = path.join(folder, 'many');
		await mkdir(dir);
		await writeFile(path.join(dir, 'a.py'), 'x'.repeat(50));
		await writeFile(path.join(dir, 'b.py'), 'hello');
		await symlink('loop2', path.join(dir, 'loop1'));
		await symlink('loop1', path.join(dir, 'loop2'));
		execFileSync('mkfifo', [path.join(dir, 'pipe')]);
		const reads = await realFileSystem.readFiles!(['a.py', 'b.py', 'missing', 'loop1', 'pipe', '.'].map(name => path.join(dir, name)), {maxBytes: 10});
		expect(reads.map(read => (read.ok ? [Buffer.from(read.bytes).toString(), read.size, read.truncated] : read.code))).toEqual([
			['x'.repeat(10), 50, true],
			['hello', 5, false],
			'not-found',
			'loop',
			'error',
			'is-directory',
		]);
		const sizes = await realFileSystem.readFiles!([path.join(dir, 'a.py')], {maxBytes: 0});
		expect(sizes[0]).toMatchObject({ok: true, size: 50, truncated: true});
	});
});
