import {chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {existsSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {createExec, killAllChildren, realExec, trustedPathEntries} from '../../source/runner/exec.js';

/** True while `pid` is a live (not zombie) process. */
function alive(pid: number): boolean {
	if (!existsSync(`/proc/${pid}/stat`)) return false;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
}

/** Waits until `file` holds `count` lines (a script writes its children's pids there). */
async function waitForLines(file: string, count: number): Promise<void> {
	for (;;) {
		const lines = existsSync(file) ? (await readFile(file, 'utf8')).trim().split('\n').filter(Boolean) : [];
		if (lines.length >= count) return;
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

/**
 * Every pid written to `file` is gone (a zombie counts as gone). SIGKILL was sent before the
 * exec port returned; a loaded machine may take a moment to carry it out, so this polls,
 * generously: a process that was never sent it would still be there after 10 s.
 */
async function expectAllGone(file: string): Promise<void> {
	const pids = (await readFile(file, 'utf8')).trim().split('\n').filter(Boolean).map(Number);
	expect(pids.length).toBeGreaterThan(0);
	for (let waited = 0; pids.some(alive) && waited < 10_000; waited += 50) await new Promise(resolve => setTimeout(resolve, 50));
	expect(pids.filter(alive), 'processes that survived').toEqual([]);
}

describe('realExec', () => {
	it('runs a command with an argument array, stdin closed, and returns its output', async () => {
		const result = await realExec('bash', ['-c', 'printf "%s|" "$1" "$2"; read -r line || printf "stdin closed"', 'kw', 'a b', '$(echo no)'], {timeoutMs: 5000});
		expect(result).toMatchObject({ok: true, exitCode: 0, stdout: 'a b|$(echo no)|stdin closed'});
	});

	it('passes input on stdin when given', async () => {
		const result = await realExec('cat', [], {timeoutMs: 5000, input: 'from stdin'});
		expect(result.stdout).toBe('from stdin');
	});

	it('reports a missing command as not-found, not a crash', async () => {
		const result = await realExec('kw-no-such-command-here', [], {timeoutMs: 5000});
		expect(result).toMatchObject({ok: false, failure: 'not-found'});
		expect(result.message).toContain('not installed');
	});

	it('reports a non-zero exit as a plain result', async () => {
		const result = await realExec('bash', ['-c', 'echo oops >&2; exit 3'], {timeoutMs: 5000});
		expect(result).toMatchObject({ok: false, exitCode: 3, stderr: 'oops\n'});
		expect(result.failure).toBeUndefined();
	});

	// No clock in these two: a call that waited for the grandchild's pipes would run into the
	// test's own time limit; what is checked is how it ended and that the grandchild is gone.
	it.runIf(process.platform === 'linux')('stops at the time limit even when a grandchild keeps the pipes open, and kills it', async () => {
		const folder = await mkdtemp(path.join(tmpdir(), 'kw-exec-'));
		const pids = path.join(folder, 'pids');
		try {
			// The limit leaves a loaded machine time to start the grandchild first.
			const result = await realExec('bash', ['-c', 'sleep 95 & echo $! > "$1"; sleep 96; wait', 'kw', pids], {timeoutMs: 1000});
			expect(result).toMatchObject({ok: false, failure: 'timeout'});
			await expectAllGone(pids);
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});

	it.runIf(process.platform === 'linux')('kills the whole process group when aborted', async () => {
		const folder = await mkdtemp(path.join(tmpdir(), 'kw-exec-'));
		const pids = path.join(folder, 'pids');
		const controller = new AbortController();
		try {
			// Aborted once the background job is known to run, however slow the machine is.
			const done = realExec('bash', ['-c', '(sleep 94) & echo $! > "$1"; sleep 93', 'kw', pids], {timeoutMs: 30_000, signal: controller.signal});
			await waitForLines(pids, 1);
			controller.abort();
			expect(await done).toMatchObject({ok: false, failure: 'aborted'});
			await expectAllGone(pids);
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});

	it.runIf(process.platform === 'linux')('kills, at the time limit, background jobs in their own process groups and orphans of the session', async () => {
		const folder = await mkdtemp(path.join(tmpdir(), 'kw-exec-'));
		const pids = path.join(folder, 'pids');
		try {
			// set -m gives each job its own process group, as an interactive shell does; the inner
			// bash exits at once, so its sleep is an orphan (parent gone) in another group.
			// The limit leaves a loaded machine time to start both jobs first.
			const script = `set -m; sleep 97 & echo $! >> "$1"; bash -c 'sleep 98 & echo $! >> "$1"' kw "$1"; sleep 99`;
			const result = await realExec('bash', ['-c', script, 'kw', pids], {timeoutMs: 2000});
			expect(result).toMatchObject({ok: false, failure: 'timeout'});
			expect((await readFile(pids, 'utf8')).trim().split('\n')).toHaveLength(2);
			await expectAllGone(pids);
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});

	it('caps output it keeps and says so', async () => {
		const result = await realExec('bash', ['-c', 'head -c 3000000 /dev/zero'], {timeoutMs: 5000, maxBuffer: 1000});
		expect(result).toMatchObject({ok: false, failure: 'output-too-large'});
	});

	it.runIf(process.platform === 'linux')('kills, by the time this process exits, the jobs in groups of their own that a command that ended on its own left behind', async () => {
		const folder = await mkdtemp(path.join(tmpdir(), 'kw-exec-'));
		const pids = path.join(folder, 'pids');
		try {
			// As an interactive profile can: a job of its own group (set -m), its pipes let go, and an orphan of a subshell.
			const script = `set -m; sleep 91 >/dev/null 2>&1 & echo $! >> "$1"; bash -c 'sleep 92 >/dev/null 2>&1 & echo $! >> "$1"' kw "$1"`;
			const result = await realExec('bash', ['-c', script, 'kw', pids], {timeoutMs: 10_000});
			expect(result.ok).toBe(true);
			expect((await readFile(pids, 'utf8')).trim().split('\n')).toHaveLength(2);
			// What the 'exit' hook runs.
			killAllChildren();
			await expectAllGone(pids);
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});

	it.runIf(process.platform === 'linux')('kills what a command left running in the background once it is done, not only at the time limit', async () => {
		const result = await realExec('bash', ['-c', 'sleep 96 >/dev/null 2>&1 & echo $!'], {timeoutMs: 5000});
		expect(result.ok).toBe(true);
		const pid = Number(result.stdout.trim());
		for (let waited = 0; alive(pid) && waited < 10_000; waited += 50) await new Promise(resolve => setTimeout(resolve, 50));
		expect(alive(pid), 'the background job outlived the command').toBe(false);
	});
});

describe('where the exec port takes programs from', () => {
	it.runIf(process.platform !== 'win32')('never from a relative PATH entry or the project folder (npx puts <project>/node_modules/.bin first); the children get the same clean PATH', async () => {
		const project = await mkdtemp(path.join(tmpdir(), 'kw-planted-'));
		try {
			const planted = path.join(project, 'node_modules', '.bin');
			await mkdir(planted, {recursive: true});
			await mkdir(path.join(project, 'linked'));
			for (const folder of [project, planted, path.join(project, 'linked')]) {
				await writeFile(path.join(folder, 'printenv'), '#!/bin/sh\necho PLANTED\n');
				await chmod(path.join(folder, 'printenv'), 0o755);
			}

			const outside = await mkdtemp(path.join(tmpdir(), 'kw-link-'));
			await symlink(path.join(project, 'linked'), path.join(outside, 'bin'));
			const exec = createExec({projectDir: project});
			const searchPath = ['.', 'node_modules/.bin', '', planted, path.join(outside, 'bin'), ...process.env.PATH!.split(':')].join(':');
			const result = await exec('printenv', ['PATH'], {timeoutMs: 5000, cwd: project, env: {PATH: searchPath}, extendEnv: false});
			expect(result.stdout).not.toContain('PLANTED');
			expect(result.ok).toBe(true);
			// printenv printed the PATH it was given: the untrusted entries are gone.
			expect(result.stdout.trim().split(':')).toEqual(process.env.PATH!.split(':').filter(entry => path.isAbsolute(entry)));
			// A program found only there is not run at all.
			const only = await exec('printenv', [], {timeoutMs: 5000, cwd: project, env: {PATH: `.:${planted}`}, extendEnv: false});
			expect(only).toMatchObject({ok: false, failure: 'not-found'});
			expect(only.message).toContain('not trusted');
			await rm(outside, {recursive: true, force: true});
		} finally {
			await rm(project, {recursive: true, force: true});
		}
	});

	it.runIf(process.platform !== 'win32')('run from the home folder (or /), ~/bin stays usable: a home is no cloned repository', async () => {
		const home = await mkdtemp(path.join(tmpdir(), 'kw-home-'));
		try {
			await mkdir(path.join(home, 'bin'));
			await writeFile(path.join(home, 'bin', 'kw-home-tool'), '#!/bin/sh\necho from-home-bin\n');
			await chmod(path.join(home, 'bin', 'kw-home-tool'), 0o755);
			for (const projectDir of [home, '/']) {
				const result = await createExec({projectDir, home})('kw-home-tool', [], {timeoutMs: 5000, env: {PATH: `${path.join(home, 'bin')}:/usr/bin:/bin`}, extendEnv: false});
				expect(result).toMatchObject({ok: true, stdout: 'from-home-bin\n'});
			}

			// Inside the home, a project folder is hostile ground again.
			const project = path.join(home, 'projects', 'cloned');
			await mkdir(path.join(project, 'bin'), {recursive: true});
			await writeFile(path.join(project, 'bin', 'kw-home-tool'), '#!/bin/sh\necho planted\n');
			await chmod(path.join(project, 'bin', 'kw-home-tool'), 0o755);
			const planted = await createExec({projectDir: project, home})('kw-home-tool', [], {timeoutMs: 5000, env: {PATH: `${path.join(project, 'bin')}:${path.join(home, 'bin')}`}, extendEnv: false});
			expect(planted).toMatchObject({ok: true, stdout: 'from-home-bin\n'});
		} finally {
			await rm(home, {recursive: true, force: true});
		}
	});

	it('trustedPathEntries keeps absolute entries outside the project, in order', () => {
		expect(trustedPathEntries('/usr/local/bin:.:bin::/home/dev/app/node_modules/.bin:/usr/bin:/home/dev/app', '/home/dev/app')).toEqual(['/usr/local/bin', '/usr/bin']);
		expect(trustedPathEntries('/usr/bin:/home/dev/application/bin', '/home/dev/app')).toEqual(['/usr/bin', '/home/dev/application/bin']);
	});
});
