import {execFileSync} from 'node:child_process';
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {processesOf, until} from '../helpers/processes.js';

/**
 * Real signals to the built CLI while it has children in flight — a login shell under
 * `timeout` whose profile started a background job, curl against an API that never
 * answers — and a look through /proc afterwards: nothing it started may outlive it.
 */

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const onLinux = process.platform === 'linux';
const key = makeProjectKey(7301);
let work: string;
let home: string;
let server: Server;
let port: number;
const sockets = new Set<Socket>();

beforeAll(async () => {
	work = await mkdtemp(path.join(tmpdir(), 'kw-signals-'));
	home = path.join(work, 'home');
	await mkdir(home);
	// A profile that starts a job in the background (its output elsewhere, so nothing waits for it) and then dawdles.
	await writeFile(path.join(home, '.bash_profile'), 'sleep 301 >/dev/null 2>&1 &\nsleep 30\n');
	// An API that takes the connection and never answers: curl and the live check hang on it.
	server = createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as {port: number}).port;
});

afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	await new Promise(resolve => server.close(resolve));
	await rm(work, {recursive: true, force: true});
});

/** Live (not zombie) processes that belong to a run tagged `marker`: in its environment, or talking to the stalled API. */
function runProcesses(marker: string): string[] {
	return processesOf(`KW_SIGNAL_TEST=${marker}\0`, `127.0.0.1:${port}/`);
}

/** Waits until the run has its children in flight: the profile's background job and curl. */
async function childrenInFlight(marker: string): Promise<void> {
	const ready = await until(() => {
		const running = runProcesses(marker);
		return running.some(line => / sleep 301$/.test(line)) && running.some(line => /curl /.test(line));
	}, 15_000);
	expect(ready, `children never showed up: ${runProcesses(marker).join('; ')}`).toBe(true);
}

/** After the CLI is gone, nothing of its run may still be alive (SIGKILL is immediate; give the kernel a moment). */
async function expectNoLeftovers(marker: string): Promise<void> {
	await until(() => runProcesses(marker).length === 0, 2000);
	expect(runProcesses(marker), 'processes left running after the CLI exited').toEqual([]);
}

const environment = (marker: string) => ({PATH: process.env.PATH!, HOME: home, SHELL: '/bin/bash', OPENAI_API_KEY: key, KW_SIGNAL_TEST: marker});

describe.runIf(onLinux)('signals to the built CLI, headless', () => {
	it.each([
		['--json', 'SIGTERM', 143, /^key-wizard: stopped by SIGTERM; in-flight checks were stopped\.$/],
		['--json', 'SIGHUP', 129, /^key-wizard: stopped by SIGHUP; in-flight checks were stopped\.$/],
		['--json', 'SIGINT', 130, /^key-wizard: interrupted; in-flight checks were stopped\.$/],
		['--report', 'SIGTERM', 143, /^key-wizard: stopped by SIGTERM; in-flight checks were stopped\.$/],
	] as const)('%s and %s: exit %i, one line on stderr, no login shell, profile job, timeout or curl left running', async (mode, signal, code, line) => {
		const marker = `${mode}-${signal}-${Date.now()}`;
		const run = execa(process.execPath, [cli, mode, '--base-url', `http://127.0.0.1:${port}/v1`, '--timeout', '20000', '--cwd', work], {
			env: environment(marker),
			extendEnv: false,
			reject: false,
			stdin: 'ignore',
			timeout: 60_000,
		});
		await childrenInFlight(marker);
		run.kill(signal);
		const result = await run;
		expect(result.exitCode).toBe(code);
		expect(result.stderr).toMatch(line);
		expect(result.stdout).toBe('');
		expect(result.stderr).not.toContain(key.slice(8, 20));
		await expectNoLeftovers(marker);
	});
});

const hasTmux = onLinux && (await execa('tmux', ['-V'], {reject: false})).exitCode === 0;

describe.runIf(hasTmux)('signals to the built wizard in a terminal', () => {
	const socket = `kw-signals-${process.pid}`;
	const tmux = (...args: string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], {reject: false});
	afterAll(async () => {
		await tmux('kill-server');
	});

	it.each([
		['SIGTERM', 143],
		['SIGHUP', 129],
	] as const)('%s: the terminal is restored, exit %i, nothing left running', async (signal, code) => {
		const marker = `wizard-${signal}-${Date.now()}`;
		const script = path.join(work, `${marker}.sh`);
		await writeFile(
			script,
			[
				'#!/bin/sh',
				`cd '${work}'`,
				`KW_SIGNAL_TEST='${marker}' OPENAI_API_KEY='${key}' '${process.execPath}' '${cli}' --base-url 'http://127.0.0.1:${port}/v1' --timeout 20000`,
				'echo "KW-EXIT=$?"',
				'stty -a | tr -s " ;" "\\n\\n" | grep -x -e icanon -e -icanon -e echo -e -echo | sed "s/^/KW-STTY /"',
				'sleep 600',
				'',
			].join('\n'),
		);
		await chmod(script, 0o700);
		const session = `kw-${signal}`;
		await tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '40', 'env', '-i', `HOME=${home}`, `PATH=${process.env.PATH}`, 'TERM=xterm-256color', 'LANG=C.UTF-8', 'SHELL=/bin/bash', 'NO_COLOR=1', script);
		await childrenInFlight(marker);
		const wizard = runProcesses(marker).find(line => line.includes(cli));
		expect(wizard, 'the wizard process').toBeDefined();
		process.kill(Number(wizard!.split(' ')[0]), signal);
		let screen = '';
		const exited = await until(() => {
			screen = readScreen(session);
			// Both stty lines (icanon, then echo): sed writes them one at a time, and a capture can fall between.
			return /KW-STTY -?icanon\s[\s\S]*KW-STTY -?echo\b/.test(screen);
		}, 10_000);
		expect(exited, screen).toBe(true);
		expect(screen).toContain(`KW-EXIT=${code}`);
		expect(screen).toMatch(/KW-STTY icanon/);
		expect(screen).toMatch(/KW-STTY echo/);
		expect(screen).not.toContain(key.slice(8, 20));
		await expectNoLeftovers(marker);
		await tmux('kill-session', '-t', session);
	});

	function readScreen(session: string): string {
		// Synchronous capture keeps `until` simple.
		try {
			return execFileSync('tmux', ['-L', socket, 'capture-pane', '-p', '-S', '-200', '-t', session], {encoding: 'utf8'});
		} catch {
			return '';
		}
	}
});

