/**
 * vitest global setup: a folder for the one docker daemon a test run may start (lazily,
 * by the first test that needs it: see docker-daemon.ts), and its teardown, which stops
 * that daemon and removes everything it made. Nothing starts here.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {TestProject} from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Where the test run's docker daemon keeps its socket, data and pid file. */
		dockerRunDir: string;
	}
}

/** Provides the run folder to the tests. */
export default function setup(project: TestProject): () => void {
	// Short: a unix socket path must stay under 108 bytes.
	const dir = mkdtempSync(path.join(tmpdir(), 'kwd-'));
	project.provide('dockerRunDir', dir);
	return () => stopDaemon(dir);
}

function stopDaemon(dir: string): void {
	const pidFile = path.join(dir, 'dockerd.pid');
	if (existsSync(pidFile)) {
		const pid = Number(readFileSync(pidFile, 'utf8').trim());
		if (pid > 0) {
			try {
				// Containers first (their shims would outlive the daemon), then the daemon itself.
				const socket = `unix://${path.join(dir, 'd.sock')}`;
				const ids = execFileSync('docker', ['-H', socket, 'ps', '-aq'], {encoding: 'utf8', timeout: 10_000}).trim();
				if (ids) execFileSync('docker', ['-H', socket, 'rm', '-f', ...ids.split('\n')], {timeout: 30_000, stdio: 'ignore'});
			} catch {}

			try {
				process.kill(pid, 'SIGTERM');
			} catch {}

			const until = Date.now() + 15_000;
			while (Date.now() < until && alive(pid)) execFileSync('sleep', ['0.2']);
			if (alive(pid)) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {}
			}
		}
	}

	rmSync(dir, {recursive: true, force: true, maxRetries: 3});
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
