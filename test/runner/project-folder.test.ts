import {chmod, mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {projectFolderProblem} from '../../source/runner/project-folder.js';

// The real file system: a folder, a file, nothing, a symbolic link loop, a folder it may not list.
let work: string;
beforeAll(async () => {
	work = await mkdtemp(path.join(tmpdir(), 'kw-project-folder-'));
});
afterAll(async () => {
	await chmod(path.join(work, 'locked'), 0o755).catch(() => undefined);
	await rm(work, {recursive: true, force: true});
});

describe('projectFolderProblem', () => {
	it('has nothing to say about a folder it may list, empty or not', async () => {
		await mkdir(path.join(work, 'app'));
		await writeFile(path.join(work, 'app', '.env'), 'OPENAI_API_KEY=\n');
		expect(await projectFolderProblem(path.join(work, 'app'))).toBeUndefined();
		expect(await projectFolderProblem(work)).toBeUndefined();
	});

	it('says a missing path, a file and a symbolic link loop are not folders', async () => {
		await writeFile(path.join(work, 'notes.txt'), 'x');
		await symlink(path.join(work, 'loop'), path.join(work, 'loop'));
		expect(await projectFolderProblem(path.join(work, 'missing'))).toBe(`--cwd ${path.join(work, 'missing')} is not a folder.`);
		expect(await projectFolderProblem(path.join(work, 'notes.txt'))).toBe(`--cwd ${path.join(work, 'notes.txt')} is not a folder.`);
		expect(await projectFolderProblem(path.join(work, 'loop'))).toBe(`--cwd ${path.join(work, 'loop')} is not a folder.`);
	});

	it('shows a hostile folder name without its control sequences', async () => {
		const problem = await projectFolderProblem(path.join(work, 'gone\u001B]52;c;aGk=\u0007'));
		expect(problem).toMatch(/is not a folder\.$/);
		expect(problem).not.toMatch(/[\u0000-\u001F\u007F]/);
	});

	it('leaves a folder that does not answer within the wait (a hung mount) to the probes, and closes it should it answer later', async () => {
		let answer: ((error: NodeJS.ErrnoException | null, listing: {closeSync(): void}) => void) | undefined;
		let closed = 0;
		const started = performance.now();
		const problem = await projectFolderProblem(path.join(work, 'hung'), {
			waitMs: 150,
			openFolder(_folder, callback) {
				answer = callback;
			},
		});
		expect(problem).toBeUndefined();
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
		answer!(null, {closeSync: () => closed++});
		expect(closed).toBe(1);
	});

	it('says what a folder that answers within the wait is, and lets no timer hold the process after it', async () => {
		const timers = () => process.getActiveResourcesInfo().filter(name => name === 'Timeout').length;
		const before = timers();
		await writeFile(path.join(work, 'plain-file'), 'x');
		expect(await projectFolderProblem(path.join(work, 'plain-file'), {waitMs: 60_000})).toBe(`--cwd ${path.join(work, 'plain-file')} is not a folder.`);
		expect(await projectFolderProblem(work, {waitMs: 60_000})).toBeUndefined();
		expect(timers()).toBe(before);
	});

	// Root may list any folder; test/e2e/unreadable-cwd.test.ts drops to another user for this case.
	it.skipIf(process.getuid?.() === 0)('says a folder it may not list cannot be read, not that it has no .env', async () => {
		const locked = path.join(work, 'locked');
		await mkdir(locked);
		await chmod(locked, 0o000);
		expect(await projectFolderProblem(locked)).toMatch(/^cannot read the project folder .*locked \(permission denied\): its \.env files cannot be checked\./);
	});
});
