import {describe, expect, it} from 'vitest';
import type {FileSystem} from '../../source/core/ports.js';
import {withListingsOnce} from '../../source/runner/session-listings.js';
import {startSession} from '../../source/runner/session.js';
import {makePorts} from '../helpers/fake-ports.js';

/** The fake world's file system, counting the calls of each method. */
function counted(fs: FileSystem): {fs: FileSystem; calls: Map<string, string[]>} {
	const calls = new Map<string, string[]>();
	const note = (method: string, path: string) => calls.set(method, [...(calls.get(method) ?? []), path]);
	return {
		calls,
		fs: {
			readFile: (path, options) => (note('readFile', path), fs.readFile(path, options)),
			readDir: path => (note('readDir', path), fs.readDir(path)),
			exists: path => (note('exists', path), fs.exists(path)),
			isDirectory: path => (note('isDirectory', path), fs.isDirectory(path)),
			stat: path => (note('stat', path), fs.stat(path)),
		},
	};
}

describe('withListingsOnce', () => {
	it('lists a folder once however often it is asked, and gives each caller entries of its own', async () => {
		const ports = makePorts({files: {'/p/.env': 'A=1\n', '/p/src/app.js': ''}});
		const {fs, calls} = counted(ports.fs);
		const once = withListingsOnce({...ports, fs});
		const [first, second] = await Promise.all([once.fs.readDir('/p'), once.fs.readDir('/p')]);
		const third = await once.fs.readDir('/p');
		expect(calls.get('readDir')).toEqual(['/p']);
		expect(first).toEqual(third);
		expect(first.ok && first.entries.map(entry => entry.name).sort()).toEqual(['.env', 'src']);
		// One caller's changes reach no other.
		if (!first.ok || !second.ok) throw new Error('listed');
		first.entries.reverse();
		first.entries[0]!.name = 'changed';
		expect(second.entries.map(entry => entry.name).sort()).toEqual(['.env', 'src']);
		expect(third.ok && third.entries.map(entry => entry.name).sort()).toEqual(['.env', 'src']);
	});

	it('keeps a folder that cannot be listed as it was, and passes every other call through', async () => {
		const ports = makePorts({files: {'/p/.env': 'A=1\n'}, fileErrors: {'/locked': 'permission'}});
		const {fs, calls} = counted(ports.fs);
		const once = withListingsOnce({...ports, fs});
		expect(await once.fs.readDir('/locked')).toMatchObject({ok: false, code: 'permission'});
		expect(await once.fs.readDir('/locked')).toMatchObject({ok: false, code: 'permission'});
		expect(calls.get('readDir')).toEqual(['/locked']);
		expect(await once.fs.exists('/p/.env')).toBe(true);
		expect(await once.fs.exists('/p/.env')).toBe(true);
		expect(await once.fs.isDirectory('/p')).toBe(true);
		expect(await once.fs.readFile('/p/.env', {maxBytes: 100})).toMatchObject({ok: true});
		expect(await once.fs.stat('/p/.env')).toMatchObject({ok: true, kind: 'file'});
		expect(calls.get('exists')).toEqual(['/p/.env', '/p/.env']);
		expect(calls.get('readFile')).toEqual(['/p/.env']);
		// Optional methods the port lacks stay absent, so callers still fall back.
		expect(once.fs.readFiles).toBeUndefined();
		expect(once.fs.realPath).toBeUndefined();
	});

	it('a port whose methods live on a class prototype works through it', async () => {
		class PrototypeFileSystem implements FileSystem {
			readonly listed: string[] = [];
			async readFile() {
				return {ok: false as const, code: 'not-found' as const, message: 'none'};
			}

			async readDir(path: string) {
				this.listed.push(path);
				return {ok: true as const, entries: [{name: 'a', isFile: true, isDirectory: false, isSymlink: false}]};
			}

			async exists() {
				return false;
			}

			async isDirectory() {
				return true;
			}

			async stat() {
				return {ok: false as const, code: 'not-found' as const, message: 'none'};
			}

			async realPath(path: string) {
				return `/real${path}`;
			}
		}

		const real = new PrototypeFileSystem();
		const once = withListingsOnce({...makePorts(), fs: real});
		await once.fs.readDir('/x');
		await once.fs.readDir('/x');
		expect(real.listed).toEqual(['/x']);
		expect(await once.fs.realPath?.('/y')).toBe('/real/y');
	});

	it('each session lists afresh: a file added between two checks is seen by the second', async () => {
		const names: string[] = [];
		const listed: string[] = [];
		const ports = makePorts({cwd: '/p'});
		const fs: FileSystem = {
			...ports.fs,
			async readDir(path) {
				listed.push(path);
				return {ok: true, entries: names.map(name => ({name, isFile: true, isDirectory: false, isSymlink: false}))};
			},
		};
		const lister = {
			id: 'lister',
			step: 2,
			title: 'lists the project folder twice',
			async run({ports: seen}: {ports: typeof ports}) {
				const [a, b] = await Promise.all([seen.fs.readDir('/p'), seen.fs.readDir('/p')]);
				const shown = (listing: typeof a) => (listing.ok ? listing.entries.map(entry => entry.name).join(',') || 'empty' : listing.code);
				return {status: 'pass' as const, summary: `${shown(a)} | ${shown(b)}`};
			},
		};
		const same = {...ports, fs};
		const first = await startSession(same, {timeoutMs: 5000} as never, {}, [lister as never], []).done;
		names.push('.env');
		const second = await startSession(same, {timeoutMs: 5000} as never, {}, [lister as never], []).done;
		expect(listed).toEqual(['/p', '/p']);
		expect(first.probes[0]?.summary).toBe('empty | empty');
		expect(second.probes[0]?.summary).toBe('.env | .env');
	});
});
