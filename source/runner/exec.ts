import {execa} from 'execa';
import type {Exec, ExecResult} from '../core/ports.js';

const defaultMaxBuffer = 1024 * 1024;

/**
 * The one adapter of execa: argument arrays, a time limit, an AbortSignal that kills
 * the whole process, stdin closed unless input is given. Never rejects.
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

		// Should something outside the group still hold a pipe, stop waiting for it.
		setTimeout(() => {
			subprocess?.stdout?.destroy();
			subprocess?.stderr?.destroy();
		}, 300).unref();
	};

	const timer = setTimeout(killGroup, options.timeoutMs + 50);
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
		return toResult(result, file, options.timeoutMs, elapsed());
	} catch (error) {
		return {ok: false, stdout: '', stderr: '', failure: 'error', message: `Could not run ${file}: ${oneLine(error)}`, durationMs: elapsed()};
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', killGroup);
	}
};

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
