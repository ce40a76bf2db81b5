import {accessSync, constants, readdirSync, readFileSync, realpathSync, statSync} from 'node:fs';
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {monotonicMs} from './clock.js';
import type {Exec, ExecOptions, ExecResult} from '../core/ports.js';
import {holdsHome} from '../core/local/paths.js';

const defaultMaxBuffer = 1024 * 1024;

/** Where the exec port must never take a program from. */
export type ExecOptionsOfPort = {
	/** The project folder (`--cwd`): hostile ground, so no tool is run from inside it. */
	projectDir?: string;
	/** The user's home: a project folder that is the home (or holds it) is no cloned repository, and `~/bin` stays usable. */
	home?: string;
};

/**
 * The one adapter of child processes: argument arrays, a time limit, an AbortSignal that
 * kills the whole process, stdin closed unless input is given. Never rejects. (On Node's
 * child_process directly: execa was the largest module a headless run loaded, and the
 * group, session and exit-hook killing below is this port's own anyway.)
 *
 * Programs are found once, through the absolute `PATH` entries that lie outside the
 * project folder: never `.`, an empty or relative entry, or `<project>/node_modules/.bin`
 * (which npx and npm scripts put first), where a cloned repository could plant a `curl`
 * that reads the key on its stdin. Children get that same cleaned `PATH`.
 *
 * Outside Windows each child leads a new session (no controlling terminal, its own
 * process group). When it ends, at its time limit, on abort, and when this process
 * exits for any reason, whatever is left of its group, its session and its descendants
 * is killed: a profile's `sleep 100 &`, an orphan of `(cmd &)`, `timeout`'s shell.
 */
export function createExec(options: ExecOptionsOfPort = {}): Exec {
	const projectDir = untrustedFolder(options);
	const resolve = toolResolver(projectDir);
	return async (file, args, execOptions) => {
		const started = monotonicMs();
		const elapsed = () => Math.round(monotonicMs() - started);
		if (execOptions.signal?.aborted) {
			return {ok: false, stdout: '', stderr: '', failure: 'aborted', message: 'Cancelled.', durationMs: 0};
		}

		const searchPath = execOptions.env?.PATH ?? (execOptions.extendEnv === false ? undefined : process.env.PATH);
		const found = resolve(file, searchPath);
		if ('missing' in found) return {ok: false, stdout: '', stderr: '', failure: 'not-found', message: found.missing, durationMs: elapsed()};
		const env = searchPath === undefined ? execOptions.env : {...execOptions.env, PATH: trustedPathEntries(searchPath, projectDir).join(path.delimiter)};

		// Its own process group, so a time limit or abort kills what it started too: a
		// profile's `sleep 100` would otherwise keep the pipes open and the call unresolved.
		const ownGroup = process.platform !== 'win32';
		let subprocess: ChildProcess | undefined;
		let cleaned = false;
		const cleanUp = (how: 'stopped' | 'exited') => {
			const pid = subprocess?.pid;
			if (pid === undefined || cleaned) return;
			cleaned = true;
			if (!ownGroup) {
				subprocess?.kill('SIGKILL');
				return;
			}

			if (how === 'stopped') killChildTree(pid);
			else killExitedChildTree(pid);
			live.delete(pid);
			// Should something outside the group still hold a pipe, stop waiting for it.
			setTimeout(() => {
				subprocess?.stdout?.destroy();
				subprocess?.stderr?.destroy();
			}, 300).unref();
		};

		try {
			const outcome = await runChild(found.path, args, {...execOptions, env}, ownGroup, child => {
				subprocess = child;
				if (ownGroup && child.pid !== undefined) track(child.pid);
			}, cleanUp);
			return toResult(outcome, file, execOptions.timeoutMs, elapsed());
		} catch (error) {
			return {ok: false, stdout: '', stderr: '', failure: 'error', message: `Could not run ${file}: ${oneLine(error)}`, durationMs: elapsed()};
		} finally {
			// Done, stopped or failed: what it left running in the background goes too.
			cleanUp(subprocess?.exitCode === null && subprocess.signalCode === null ? 'stopped' : 'exited');
		}
	};
}

/**
 * Where the exec port would take a program from: its absolute path through the same
 * trusted `PATH` entries (never `.`, a relative entry or the project folder), or undefined.
 */
export function findTool(file: string, searchPath: string | undefined, options: ExecOptionsOfPort = {}): string | undefined {
	const resolved = toolResolver(untrustedFolder(options))(file, searchPath);
	return 'path' in resolved ? resolved.path : undefined;
}

/** The project folder no program may come from; none when it is the home (or holds it). */
function untrustedFolder(options: ExecOptionsOfPort): string | undefined {
	if (options.projectDir === undefined) return undefined;
	// Symbolic links resolved: a home reached through a link is still the home.
	const project = realOrSelf(path.resolve(options.projectDir));
	const home = options.home === undefined ? undefined : realOrSelf(path.resolve(options.home));
	const isHomeLike = home === undefined ? project === path.parse(project).root : holdsHome(project, home);
	return isHomeLike ? undefined : options.projectDir;
}

/** How one child ended. */
type ChildOutcome = {
	exitCode?: number;
	signal?: string;
	stdout: string;
	stderr: string;
	timedOut?: boolean;
	isCanceled?: boolean;
	isMaxBuffer?: boolean;
	/** Why it could not be started (ENOENT, EACCES…). */
	code?: string;
};

/**
 * Runs one child and collects its output (each stream at most `maxBuffer` bytes), settling
 * once it has exited and its pipes have closed. At the time limit, on abort and past
 * `maxBuffer`, `stop` kills its whole tree; so does its own exit, so that a background job
 * holding its pipes does not keep the answer waiting.
 */
function runChild(file: string, args: readonly string[], options: ExecOptions, detached: boolean, started: (child: ChildProcess) => void, stop: (how: 'stopped' | 'exited') => void): Promise<ChildOutcome> {
	return new Promise((resolve, reject) => {
		const maxBuffer = options.maxBuffer ?? defaultMaxBuffer;
		const extend = options.extendEnv ?? true;
		const child = spawn(file, [...args], {
			cwd: options.cwd,
			env: extend ? {...process.env, ...options.env} : options.env,
			detached,
			stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			windowsHide: true,
		});
		const outcome: Omit<ChildOutcome, 'stdout' | 'stderr'> = {};
		const collected = {stdout: [] as Buffer[], stderr: [] as Buffer[]};
		const sizes = {stdout: 0, stderr: 0};
		let settled = false;
		const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			resolve({
				...outcome,
				...(exitCode === null ? {} : {exitCode}),
				...(signal ? {signal} : {}),
				stdout: Buffer.concat(collected.stdout).toString('utf8'),
				stderr: Buffer.concat(collected.stderr).toString('utf8'),
			});
		};

		const onAbort = () => {
			outcome.isCanceled = true;
			stop('stopped');
		};

		const timer = setTimeout(() => {
			outcome.timedOut = true;
			stop('stopped');
		}, options.timeoutMs);
		options.signal?.addEventListener('abort', onAbort, {once: true});
		for (const name of ['stdout', 'stderr'] as const) {
			child[name]?.on('data', (chunk: Buffer) => {
				const room = maxBuffer - sizes[name];
				if (room <= 0) return;
				collected[name].push(chunk.length > room ? chunk.subarray(0, room) : chunk);
				sizes[name] += chunk.length;
				if (sizes[name] > maxBuffer) {
					outcome.isMaxBuffer = true;
					stop('stopped');
				}
			});
			child[name]?.on('error', () => undefined);
		}

		child.once('error', (error: NodeJS.ErrnoException) => {
			if (child.pid === undefined) {
				// It never started: no 'close' follows.
				if (error.code) {
					outcome.code = error.code;
					finish(null, null);
				} else {
					clearTimeout(timer);
					options.signal?.removeEventListener('abort', onAbort);
					reject(error);
				}
			}
		});
		child.once('exit', () => stop('exited'));
		child.once('close', finish);
		if (child.pid !== undefined) started(child);
		if (child.stdin) {
			child.stdin.on('error', () => undefined);
			child.stdin.end(options.input);
		}
	});
}

/** The exec port for code that names no project folder (tests, the demo): relative `PATH` entries are still never used. */
export const realExec: Exec = createExec();

type Resolved = {path: string} | {missing: string};

/** Finds programs by name through trusted `PATH` entries, each name and `PATH` once. */
function toolResolver(projectDir: string | undefined): (file: string, searchPath: string | undefined) => Resolved {
	const cache = new Map<string, Resolved>();
	return (file, searchPath) => {
		if (path.isAbsolute(file)) return {path: file};
		if (file.includes('/') || file.includes(path.sep)) return {missing: `${file} is not an absolute path; not run.`};
		const cacheKey = `${file}\0${searchPath ?? ''}`;
		const cached = cache.get(cacheKey);
		if (cached) return cached;
		const entries = (searchPath ?? '').split(path.delimiter);
		const trusted = new Set(trustedPathEntries(searchPath ?? '', projectDir));
		let resolved: Resolved = {missing: `${file} is not installed (not found on PATH).`};
		for (const entry of entries) {
			const candidate = path.join(entry || '.', file);
			if (!isExecutableFile(candidate)) continue;
			if (trusted.has(entry)) {
				resolved = {path: candidate};
				break;
			}

			// Found first where it must not be taken from: say so if nothing trusted has it either.
			if ('missing' in resolved && !resolved.missing.includes('not trusted')) {
				resolved = {missing: `${file} was found only in ${entry || '.'} (a relative PATH entry or inside the project folder), which is not trusted; not run.`};
			}
		}

		cache.set(cacheKey, resolved);
		return resolved;
	};
}

/** The `PATH` entries a program may come from: absolute, and not inside the project folder. */
export function trustedPathEntries(searchPath: string, projectDir: string | undefined): string[] {
	const project = projectDir === undefined ? undefined : realOrSelf(path.resolve(projectDir));
	return searchPath.split(path.delimiter).filter(entry => {
		if (entry === '' || !path.isAbsolute(entry)) return false;
		if (project === undefined) return true;
		return ![path.resolve(entry), realOrSelf(path.resolve(entry))].some(folder => folder === project || folder.startsWith(`${project}${path.sep}`));
	});
}

function realOrSelf(folder: string): string {
	try {
		return realpathSync(folder);
	} catch {
		return folder;
	}
}

function isExecutableFile(candidate: string): boolean {
	try {
		if (!statSync(candidate).isFile()) return false;
		accessSync(candidate, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** Children (session leaders) not yet cleaned up. */
const live = new Set<number>();
let exitHookInstalled = false;

function track(pid: number): void {
	live.add(pid);
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// Synchronous, so it runs on every way out that runs 'exit' handlers (the CLI turns signals into one).
	process.on('exit', killAllChildren);
}

/** Kills every child this process started that is still running, with all it started. Synchronous. */
export function killAllChildren(): void {
	for (const pid of live) {
		killGroup(pid);
		unswept.add(pid);
	}

	live.clear();
	if (unswept.size === 0 && exitedLeaders.size === 0) return;
	const table = processTable();
	sweepExited(table);
	killMembers([...unswept], table);
	unswept.clear();
}

/**
 * Kills, at exit, what is left of the sessions and descendants of children that exited on
 * their own. A leader's pid that is alive again belongs to another process (the kernel
 * reuses no pid while a process of its session or group lives): it is left alone.
 */
function sweepExited(table: readonly ProcessEntry[]): void {
	if (exitedLeaders.size === 0) return;
	const reused = new Set(table.map(entry => entry.pid));
	killMembers([...exitedLeaders].filter(leader => !reused.has(leader)), table);
	exitedLeaders.clear();
}

/** Leaders whose sessions and descendants are still to be looked for in the process table. */
const unswept = new Set<number>();
let sweepScheduled = false;

/**
 * Kills a child that leads its own session, and everything of it: its process group at
 * once; then every process of its session (jobs an interactive shell put in groups of
 * their own, orphans of `(cmd &)`) and its descendants (a `setsid` child whose parent
 * still lives). Reading the process table costs a file per process, so the children
 * that end together share one read, just after (and at exit, any not yet swept).
 */
function killChildTree(pid: number): void {
	killGroup(pid);
	unswept.add(pid);
	if (sweepScheduled) return;
	sweepScheduled = true;
	setImmediate(() => {
		sweepScheduled = false;
		sweep();
	});
}

/** Children that exited on their own: their sessions are looked for once, when this process exits. */
const exitedLeaders = new Set<number>();

/**
 * Kills what a child that exited on its own left behind: its process group at once (the
 * `cmd &` of a script); jobs in groups of their own or in its session, which only a shell
 * with job control leaves, are looked for once, when this process exits, in the same
 * read of the process table: reading it costs a file per process (tens of milliseconds
 * on a desktop), too much to pay after every command.
 */
function killExitedChildTree(pid: number): void {
	killGroup(pid);
	exitedLeaders.add(pid);
}

function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {}
}

/** Kills what is left of every unswept leader's session, group and descendants, from one read of the process table. */
function sweep(): void {
	if (unswept.size === 0) return;
	killMembers([...unswept], processTable());
	unswept.clear();
}

function killMembers(leaders: readonly number[], table: readonly ProcessEntry[]): void {
	for (const leader of leaders) {
		for (const member of treeMembers(leader, table)) {
			try {
				process.kill(member, 'SIGKILL');
			} catch {}
		}
	}
}

/** The processes of `leader`'s session or group, and its descendants (Linux only). */
function treeMembers(leader: number, table: readonly ProcessEntry[]): number[] {
	const members = new Set(table.filter(entry => entry.session === leader || entry.group === leader).map(entry => entry.pid));
	let added = true;
	while (added) {
		added = false;
		for (const entry of table) {
			if (!members.has(entry.pid) && (entry.parent === leader || members.has(entry.parent))) {
				members.add(entry.pid);
				added = true;
			}
		}
	}

	return [...members];
}

type ProcessEntry = {pid: number; parent: number; group: number; session: number};

/** Every live (not zombie) process but this one, from /proc; empty where there is no /proc. */
function processTable(): ProcessEntry[] {
	if (process.platform !== 'linux') return [];
	let names: string[];
	try {
		names = readdirSync('/proc');
	} catch {
		return [];
	}

	return processIds(names).flatMap(pid => {
		try {
			return processEntry(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
		} catch {
			return [];
		}
	});
}

function processIds(names: readonly string[]): number[] {
	return names.filter(name => /^\d+$/.test(name) && Number(name) !== process.pid).map(Number);
}

/** One line of /proc/PID/stat, `pid (comm) state ppid pgrp session …` (comm may hold spaces and parentheses); nothing for a zombie. */
function processEntry(pid: number, stat: string): ProcessEntry[] {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	if (fields[0] === 'Z') return [];
	return [{pid, parent: Number(fields[1]), group: Number(fields[2]), session: Number(fields[3])}];
}

function toResult(result: ChildOutcome, file: string, timeoutMs: number, durationMs: number): ExecResult {
	const base = {stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, durationMs};
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
