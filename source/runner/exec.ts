import {accessSync, constants, readdirSync, readFileSync, realpathSync, statSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import type {Exec, ExecResult} from '../core/ports.js';

const defaultMaxBuffer = 1024 * 1024;

/** Where the exec port must never take a program from. */
export type ExecOptionsOfPort = {
	/** The project folder (`--cwd`): hostile ground, so no tool is run from inside it. */
	projectDir?: string;
	/** The user's home: a project folder that is the home (or holds it) is no cloned repository, and `~/bin` stays usable. */
	home?: string;
};

/**
 * The one adapter of execa: argument arrays, a time limit, an AbortSignal that kills
 * the whole process, stdin closed unless input is given. Never rejects.
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
		const started = performance.now();
		const elapsed = () => Math.round(performance.now() - started);
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
		let subprocess: ReturnType<typeof execa> | undefined;
		let cleaned = false;
		const cleanUp = () => {
			const pid = subprocess?.pid;
			if (!ownGroup || pid === undefined || cleaned) return;
			cleaned = true;
			killChildTree(pid);
			live.delete(pid);
			// Should something outside the group still hold a pipe, stop waiting for it.
			setTimeout(() => {
				subprocess?.stdout?.destroy();
				subprocess?.stderr?.destroy();
			}, 300).unref();
		};

		// Just past execa's own time limit: whatever the child started dies with it. Our deadline
		// may fire before execa's (whose clock starts only once the child is spawned, late on a
		// loaded machine): a child stopped by it timed out all the same.
		let pastLimit = false;
		const timer = setTimeout(() => {
			pastLimit = true;
			cleanUp();
		}, execOptions.timeoutMs + 50);
		execOptions.signal?.addEventListener('abort', cleanUp, {once: true});
		try {
			subprocess = execa(found.path, [...args], {
				reject: false,
				timeout: execOptions.timeoutMs,
				cancelSignal: execOptions.signal,
				forceKillAfterDelay: 500,
				cleanup: true,
				detached: ownGroup,
				cwd: execOptions.cwd,
				env,
				extendEnv: execOptions.extendEnv ?? true,
				stdin: execOptions.input === undefined ? 'ignore' : 'pipe',
				input: execOptions.input,
				maxBuffer: execOptions.maxBuffer ?? defaultMaxBuffer,
				stripFinalNewline: false,
				encoding: 'utf8',
				windowsHide: true,
			});
			if (ownGroup && subprocess.pid !== undefined) track(subprocess.pid);
			const result = await subprocess;
			return toResult({...result, timedOut: result.timedOut || (pastLimit && !result.isCanceled && result.exitCode === undefined)}, file, execOptions.timeoutMs, elapsed());
		} catch (error) {
			return {ok: false, stdout: '', stderr: '', failure: 'error', message: `Could not run ${file}: ${oneLine(error)}`, durationMs: elapsed()};
		} finally {
			// Done, stopped or failed: what it left running in the background goes too.
			cleanUp();
			clearTimeout(timer);
			execOptions.signal?.removeEventListener('abort', cleanUp);
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
	return options.projectDir !== undefined && !holdsHome(options.projectDir, options.home) ? options.projectDir : undefined;
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

/** True when `folder` is the home folder or one that holds it (the file system root included). */
function holdsHome(folder: string, home: string | undefined): boolean {
	const project = realOrSelf(path.resolve(folder));
	if (project === path.parse(project).root) return true;
	if (home === undefined) return false;
	const realHome = realOrSelf(path.resolve(home));
	return realHome === project || realHome.startsWith(`${project}${path.sep}`);
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
	for (const pid of live) killChildTree(pid);
	live.clear();
}

/**
 * Kills a child that leads its own session, and everything of it: its process group,
 * every process of its session (jobs an interactive shell put in groups of their own,
 * orphans of `(cmd &)`), and its descendants (a `setsid` child whose parent still lives).
 */
function killChildTree(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {}

	for (const member of treeMembers(pid)) {
		try {
			process.kill(member, 'SIGKILL');
		} catch {}
	}
}

/** The processes of `leader`'s session or group, and its descendants (Linux only). */
function treeMembers(leader: number): number[] {
	const table = processTable();
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

	const table: ProcessEntry[] = [];
	for (const name of names) {
		if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch {
			continue;
		}

		// `pid (comm) state ppid pgrp session …`; comm may hold spaces and parentheses.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (fields[0] === 'Z') continue;
		table.push({pid: Number(name), parent: Number(fields[1]), group: Number(fields[2]), session: Number(fields[3])});
	}

	return table;
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
