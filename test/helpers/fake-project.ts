/**
 * A whole fake project for the code, library and exposure rules: in-memory files, an
 * environment, and a scripted git (its answers by subcommand), run through every real
 * probe and concluded as a session would. Nothing real is touched.
 */
import {conclude, type Conclusion} from '../../source/core/conclude.js';
import {allProbes} from '../../source/core/probes/index.js';
import {runProbes} from '../../source/core/run-probes.js';
import type {Exec, ExecResult} from '../../source/core/ports.js';
import type {ProbeResult} from '../../source/core/types.js';
import {makePorts} from './fake-ports.js';
import {makeOptions} from './facts.js';

/** What the scripted git knows about the repository; without it git is "not installed". */
export type FakeRepository = {
	/** Files git tracks (relative to the project); other listed files are untracked. */
	tracked?: string[];
	/** `git log -p` output for the key search. */
	log?: string;
	/** Paths `git check-ignore` says are ignored. */
	ignored?: string[];
	shallow?: boolean;
	/** No commits yet: `git log` fails as git does. */
	empty?: boolean;
};

/** One fake project and its world. */
export type FakeProject = {files?: Record<string, string | Uint8Array>; env?: Record<string, string>; home?: Record<string, string>; git?: FakeRepository};

export const projectRoot = '/home/dev/project';

const ok = (stdout: string): ExecResult => ({ok: true, exitCode: 0, stdout, stderr: '', durationMs: 1});
const fail = (exitCode: number, stderr: string): ExecResult => ({ok: false, exitCode, stdout: '', stderr, durationMs: 1});

/** A git that answers the commands the probes run, from `repository`. */
export function scriptedGit(files: readonly string[], repository: FakeRepository | undefined): Exec {
	return async (file, args) => {
		if (file !== 'git' || !repository) return {ok: false, stdout: '', stderr: '', failure: 'not-found', message: `${file} is not installed.`, durationMs: 0};
		const command = args.slice(args.findIndex(arg => !arg.startsWith('-') && !arg.includes('=')));
		const tracked = new Set(repository.tracked ?? []);
		const ignored = new Set(repository.ignored ?? []);
		switch (command[0]) {
			case 'ls-files': {
				const paths = command.slice(command.indexOf('--') + 1);
				if (command.includes('--error-unmatch')) return paths.every(item => tracked.has(item)) ? ok(paths.map(item => `${item}\0`).join('')) : fail(1, `error: pathspec '${paths[0]}' did not match any file(s) known to git`);
				return ok(files.filter(item => tracked.has(item) || !ignored.has(item)).map(item => `${tracked.has(item) ? 'H' : '?'} ${item}\0`).join(''));
			}
			case 'rev-parse':
				// --show-toplevel, --show-prefix, --show-cdup, --is-shallow-repository: the project is the repository's top.
				return ok(`${projectRoot}\n\n\n${repository.shallow ? 'true' : 'false'}\n`);
			case 'log':
				return repository.empty ? fail(128, "fatal: your current branch 'main' does not have any commits yet") : ok(repository.log ?? '');
			case 'check-ignore':
				return ignored.has(command.at(-1)!) ? ok('') : fail(1, '');
			default:
				return fail(1, '');
		}
	};
}

/** Runs every probe over the fake project (no network) and concludes. */
export async function diagnoseProject(project: FakeProject): Promise<Conclusion & {results: Map<string, ProbeResult>}> {
	const relative = Object.keys(project.files ?? {});
	const files: Record<string, string | Uint8Array> = {};
	for (const [name, content] of Object.entries(project.files ?? {})) files[`${projectRoot}/${name}`] = content;
	for (const [name, content] of Object.entries(project.home ?? {})) files[`/home/dev/${name}`] = content;
	// A repository has its .git folder: without one, git is not even started.
	if (project.git) files[`${projectRoot}/.git/HEAD`] = 'ref: refs/heads/main\n';
	const ports = makePorts({cwd: projectRoot, env: project.env ?? {}, files, exec: scriptedGit(relative, project.git)});
	const options = makeOptions({network: false});
	const results = await runProbes(allProbes, ports, options, new AbortController().signal);
	return {...conclude(results, ports.env, options, allProbes.map(probe => probe.id)), results};
}
