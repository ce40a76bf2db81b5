import path from 'node:path';
import type {ExecResult, Ports} from '../ports.js';

/**
 * Global options for every git command the probes run in a project folder, which may be
 * hostile: its `.git/config` must not run anything (an fsmonitor hook, a signature
 * program), take a lock or start a pager.
 */
const safeOptions = ['--no-pager', '--no-optional-locks', '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'log.showSignature=false', '-c', 'core.quotePath=false'];

/** The environment added to git's: no prompt, no pager, no locks, messages in English. */
const gitEnv = {GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', PAGER: 'cat', LC_ALL: 'C', GIT_ASKPASS: '', SSH_ASKPASS: ''};

/**
 * Runs `git ARGS` in `cwd` with the safe options, a time limit and the probe's signal. Never
 * rejects. Where git could find no repository, git is not started: it is answered as git
 * itself would answer every command the probes run there (exit 128, "not a git repository").
 */
export async function runGit(
	ports: Ports,
	cwd: string,
	args: readonly string[],
	options: {timeoutMs: number; signal?: AbortSignal; maxBuffer?: number},
): Promise<ExecResult> {
	if (!(await mayFindRepository(ports, cwd))) {
		return {ok: false, exitCode: 128, stdout: '', stderr: 'fatal: not a git repository (or any of the parent directories): .git\n', message: 'not a git repository (no .git in this folder or above it)', durationMs: 0};
	}

	return ports.exec('git', [...safeOptions, ...args], {
		cwd,
		timeoutMs: Math.max(1, Math.round(options.timeoutMs)),
		env: gitEnv,
		...(options.signal ? {signal: options.signal} : {}),
		...(options.maxBuffer ? {maxBuffer: options.maxBuffer} : {}),
	});
}

const repositorySearches = new WeakMap<Ports, Map<string, Promise<boolean>>>();

/**
 * Whether git run in `cwd` could find a repository: `GIT_DIR` is set, or there is a `.git`
 * (a folder, or the file of a worktree or submodule) in `cwd` or a folder above it. Git
 * looks no further (its ceilings only ever stop it sooner), and in a folder with neither
 * it can only fail; starting it there cost every run a process. Asked once per folder.
 */
function mayFindRepository(ports: Ports, cwd: string): Promise<boolean> {
	if (ports.env.GIT_DIR) return Promise.resolve(true);
	let searches = repositorySearches.get(ports);
	if (!searches) repositorySearches.set(ports, (searches = new Map()));
	const start = path.resolve(ports.cwd, cwd);
	let search = searches.get(start);
	if (!search) {
		const folders = [start];
		for (let parent = path.dirname(start); parent !== folders.at(-1); parent = path.dirname(parent)) folders.push(parent);
		search = Promise.all(folders.map(folder => ports.fs.exists(path.join(folder, '.git')))).then(found => found.includes(true));
		searches.set(start, search);
	}

	return search;
}

/** Why git gave no answer, in a few key-free words (`git is not installed`, `not a git repository`…). */
export function gitProblem(result: ExecResult): string {
	if (result.failure === 'not-found') return 'git is not installed';
	if (result.failure === 'timeout') return 'git did not answer in time';
	if (result.failure === 'aborted') return 'cancelled';
	if (/not a git repository/i.test(result.stderr)) return 'not a git repository';
	if (/dubious ownership/i.test(result.stderr)) return 'git refuses this repository (it belongs to another user: safe.directory)';
	if (/does not have any commits|bad default revision|unknown revision/i.test(result.stderr)) return 'the repository has no commits yet';
	return result.message ?? `git failed (exit ${result.exitCode ?? '?'})`;
}
