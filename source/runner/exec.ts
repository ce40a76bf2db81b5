import {readdirSync, readFileSync} from 'node:fs';
import {execa} from 'execa';
import type {Exec, ExecResult} from '../core/ports.js';

const defaultMaxBuffer = 1024 * 1024;

/**
 * The one adapter of execa: argument arrays, a time limit, an AbortSignal that kills
 * the whole process, stdin closed unless input is given. Never rejects. Outside Windows
 * the child leads a new session (no controlling terminal); at the time limit or on abort
 * every process of that session is killed, even those in process groups of their own.
 */
export const realExec: Exec = async (file, args, options) => {
	const started = performance.now();
	const elapsed = () => Math.round(performance.now() - started);
	if (options.signal?.aborted) {
		return {ok: false, stdout: '', stderr: '', failure: 'aborted', message: 'Cancelled.', durationMs: 0};
	}

	// Its own process group, so a time limit or abort kills what it started too: a
	// profile's `sleep 100` would otherwise keep the pipes open and the call unresolved.
	const ownGroup = process.platform !== 'win32';
	let subprocess: ReturnType<typeof execa> | undefined;
	let killedGroup = false;
	const killGroup = () => {
		const pid = subprocess?.pid;
		if (!ownGroup || pid === undefined || killedGroup) return;
		killedGroup = true;
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {}

		// The child leads its own session: jobs an interactive shell put in groups of their
		// own, and orphans of `(cmd &)` whose parent is gone, are still in that session.
		killSession(pid);

		// Should something outside the group still hold a pipe, stop waiting for it.
		setTimeout(() => {
			subprocess?.stdout?.destroy();
			subprocess?.stderr?.destroy();
		}, 300).unref();
	};

	// Our own deadline may fire before execa's (whose clock starts only once the child is
	// spawned, late on a loaded machine): a child stopped by it timed out all the same.
	let pastDeadline = false;
	const timer = setTimeout(() => {
		pastDeadline = true;
		killGroup();
	}, options.timeoutMs + 50);
	options.signal?.addEventListener('abort', killGroup, {once: true});
	try {
		subprocess = execa(file, [...args], {
			reject: false,
			timeout: options.timeoutMs,
			cancelSignal: options.signal,
			forceKillAfterDelay: 500,
			cleanup: true,
			detached: ownGroup,
			cwd: options.cwd,
			env: options.env,
			extendEnv: options.extendEnv ?? true,
			stdin: options.input === undefined ? 'ignore' : 'pipe',
			input: options.input,
			maxBuffer: options.maxBuffer ?? defaultMaxBuffer,
			stripFinalNewline: false,
			encoding: 'utf8',
			windowsHide: true,
		});
		const result = await subprocess;
		// Stopped at the time limit or cancelled: what it started in the background goes too.
		if (result.timedOut || result.isCanceled) killGroup();
		return toResult(pastDeadline && result.signal !== undefined && !result.isCanceled ? {...result, timedOut: true} : result, file, options.timeoutMs, elapsed());
	} catch (error) {
		return {ok: false, stdout: '', stderr: '', failure: 'error', message: `Could not run ${file}: ${oneLine(error)}`, durationMs: elapsed()};
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', killGroup);
	}
};

/**
 * Kills every process whose session id is `sessionId` (Linux: read from /proc/<pid>/stat).
 * Elsewhere there is no cheap way to list a session, so the process group kill stands alone.
 */
export function killSession(sessionId: number): number {
	if (process.platform !== 'linux') return 0;
	let killed = 0;
	for (const pid of sessionMembers(sessionId)) {
		try {
			process.kill(pid, 'SIGKILL');
			killed++;
		} catch {}
	}

	return killed;
}

/** The live (not zombie) processes of a session, by reading /proc. */
export function sessionMembers(sessionId: number): number[] {
	let names: string[];
	try {
		names = readdirSync('/proc');
	} catch {
		return [];
	}

	const members: number[] = [];
	for (const name of names) {
		if (!/^\d+$/.test(name)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch {
			continue;
		}

		// `pid (comm) state ppid pgrp session …`; comm may hold spaces and parentheses.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (fields[0] !== 'Z' && Number(fields[3]) === sessionId && Number(name) !== process.pid) members.push(Number(name));
	}

	return members;
}

type ExecaOutcome = {
	exitCode?: number;
	stdout?: unknown;
	stderr?: unknown;
	timedOut?: boolean;
	isCanceled?: boolean;
	isMaxBuffer?: boolean;
	failed?: boolean;
	code?: string;
	signal?: string;
	originalMessage?: string;
	shortMessage?: string;
};

function toResult(result: ExecaOutcome, file: string, timeoutMs: number, durationMs: number): ExecResult {
	const stdout = typeof result.stdout === 'string' ? result.stdout : '';
	const stderr = typeof result.stderr === 'string' ? result.stderr : '';
	const base = {stdout, stderr, exitCode: result.exitCode, durationMs};
	if (result.code === 'ENOENT') {
		return {...base, ok: false, failure: 'not-found', message: `${file} is not installed (not found on PATH).`};
	}

	if (result.timedOut) {
		return {...base, ok: false, failure: 'timeout', message: `${file} did not finish within ${timeoutMs} ms; stopped.`};
	}

	if (result.isCanceled) {
		return {...base, ok: false, failure: 'aborted', message: `${file} was cancelled.`};
	}

	if (result.isMaxBuffer) {
		return {...base, ok: false, failure: 'output-too-large', message: `${file} printed more output than allowed; stopped.`};
	}

	if (result.code && result.exitCode === undefined) {
		return {...base, ok: false, failure: 'error', message: `Could not run ${file} (${result.code}).`};
	}

	if (result.exitCode === undefined && result.signal) {
		return {...base, ok: false, failure: 'error', message: `${file} was killed by ${result.signal}.`};
	}

	return {...base, ok: result.exitCode === 0};
}

function oneLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.split('\n')[0]!.slice(0, 200);
}
