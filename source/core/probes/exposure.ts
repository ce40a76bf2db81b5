import path from 'node:path';
import {gitProblem, runGit} from '../code/git.js';
import {keysInGitLog, keysInShellHistory} from '../code/history-scan.js';
import {analyzeKey} from '../keys/anatomy.js';
import {Secret} from '../keys/secret.js';
import {readTextFile} from '../local/file-text.js';
import {listSome} from '../local/list-some.js';
import {expandHome, showPath} from '../local/paths.js';
import type {Ports} from '../ports.js';
import type {KeyObservation, ProbeDefinition, ProbeStatus} from '../types.js';
import {maxKeysListed, type CodeProbeData} from './code.js';
import type {DotenvProbeData} from './dotenv.js';

/** A key found in the repository's history. */
export type HistoryExposure = {commit: string; date: string; file: string; secret: Secret; added: boolean};

/** A `.env` that holds a key, and what git makes of it. */
export type DotenvExposure = {
	/** As the `.env` probe shows it: `.env`, `../.env.local`. */
	file: string;
	/** The definitions with a key: `file:.env:2`, with their fingerprints. */
	keys: Array<{source: string; fingerprint: string; sha256: string}>;
	/** `.gitignore` (or .git/info/exclude, core.excludesFile) excludes it. */
	ignored: boolean;
	/** It is in git's index: committed or staged. */
	tracked: boolean;
};

/** What the exposure probe found. */
export type ExposureData = {
	/** The repository's top folder, shown from the project folder; undefined outside a repository. */
	repository?: string;
	gitProblem?: string;
	shallow?: boolean;
	/** Whether the history was searched, and how far. */
	history: {searched: boolean; partial?: string; commits?: number};
	historyKeys: HistoryExposure[];
	dotenvFiles: DotenvExposure[];
	/** Keys typed into a shell history file. */
	shellHistory: Array<{file: string; line: number; secret: Secret}>;
};

/** How many commits that touch a key-shaped line are read, newest first. */
const maxHistoryCommits = 300;

/**
 * Step 5: where a key has leaked. Keys in git-tracked files (from the code scan), in the
 * repository's history (`git log -p` over OpenAI-shaped keys, bounded in commits, output
 * and time; a shallow clone says how far it sees), `.env` files with a key that git does
 * not ignore (`git check-ignore`), and keys typed into shell history files.
 */
export const exposureProbe: ProbeDefinition<ExposureData> = {
	id: 'exposure',
	step: 5,
	title: 'Leaked keys',
	checks: 'keys in git-tracked files and history, .env files git does not ignore, keys in shell history',
	async run({ports, options, signal, results, finishedOrAfter}) {
		const budget = Math.max(500, options.timeoutMs * 0.7);
		const data: ExposureData = {history: {searched: false}, historyKeys: [], dotenvFiles: [], shellHistory: []};
		// The repository and its history need nothing of the other probes: git is asked at once,
		// while the code scan and the .env probe run (on a real project, the history search was
		// the last thing a run waited for). Where no .git is above the project, git is not started.
		const repositoryAndHistory = repositoryOf(ports, budget / 4, signal).then(async repository =>
			'problem' in repository ? {repository} : {repository, history: await searchHistory(ports, repository, budget, signal)},
		);
		// What the .env files hold and what the scan found: waited for, within the share of the limit the history search has.
		const resultOf = async (id: string) => (finishedOrAfter ? finishedOrAfter(id, budget) : results.get(id));
		const [{repository, history}, shellHistory, code, dotenvResult] = await Promise.all([repositoryAndHistory, readShellHistory(ports), resultOf('code'), resultOf('dotenv')]);
		const scan = (code?.data as CodeProbeData | undefined)?.scan;
		data.shellHistory = shellHistory;
		if ('problem' in repository) {
			data.gitProblem = repository.problem;
		} else {
			data.repository = repository.cdup.replace(/\/$/, '') || '.';
			if (repository.shallow) data.shallow = true;
			const dotenvFiles = await dotenvExposure(ports, dotenvResult?.data as DotenvProbeData | undefined, dotenvResult?.keys ?? [], budget / 4, signal);
			Object.assign(data, history);
			data.dotenvFiles = [...dotenvFiles, ...nestedDotenvFiles(scan, dotenvFiles)];
		}

		const keys: KeyObservation[] = [
			...data.historyKeys.map(found => ({secret: found.secret, source: `git:${found.commit}:${found.file}`, origin: 'history' as const, variable: 'literal'})),
			...data.shellHistory.map(found => ({secret: found.secret, source: `history:${found.file}:${found.line}`, origin: 'history' as const, variable: 'literal'})),
		].slice(0, maxKeysListed);
		return {...describe(data, scan), keys, data};
	},
};

/** The repository around the project folder: its top, the project's place in it (`apps/web/`), shallow or not. */
type Repository = {root: string; prefix: string; cdup: string; shallow: boolean};

async function repositoryOf(ports: Ports, timeoutMs: number, signal: AbortSignal): Promise<Repository | {problem: string}> {
	// The project's place inside the repository, from git itself: paths stay right through symbolic links.
	const result = await runGit(ports, ports.cwd, ['rev-parse', '--show-toplevel', '--show-prefix', '--show-cdup', '--is-shallow-repository'], {timeoutMs, signal});
	if (!result.ok) return {problem: gitProblem(result)};
	const [root = '', prefix = '', cdup = '', shallow = ''] = result.stdout.split('\n');
	return root ? {root: path.resolve(root), prefix, cdup, shallow: shallow.trim() === 'true'} : {problem: 'git gave no repository folder'};
}

async function searchHistory(ports: Ports, repository: Repository, timeoutMs: number, signal: AbortSignal): Promise<Pick<ExposureData, 'history' | 'historyKeys'>> {
	const {root} = repository;
	// -G searches the diffs in git itself; the marker is in every OpenAI secret key.
	// Prefixes, colour and format pinned: a repository's own diff settings must not change what is parsed.
	const args = ['log', '--all', '-p', '--no-color', '--no-textconv', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/', '--unified=0', '-G', 'T3BlbkFJ', `--max-count=${maxHistoryCommits}`, '--format=commit %h %cs', '--'];
	const result = await runGit(ports, root, args, {timeoutMs, signal, maxBuffer: 16 * 1024 * 1024});
	if (!result.ok && !(result.stdout && (result.failure === 'timeout' || result.failure === 'output-too-large'))) {
		const problem = gitProblem(result);
		return {history: problem === 'the repository has no commits yet' ? {searched: true, commits: 0} : {searched: false, partial: problem}, historyKeys: []};
	}

	const found = keysInGitLog(result.stdout);
	const commits = new Set(found.map(item => item.commit)).size;
	const partial = result.ok ? (commits >= maxHistoryCommits ? `the newest ${maxHistoryCommits} commits that touch a key` : undefined) : result.failure === 'timeout' ? 'the time limit' : 'the output limit';
	return {
		history: {searched: true, commits, ...(partial ? {partial} : {})},
		// Paths in the log are the repository's; shown from the project folder, as the rest of the report.
		historyKeys: found.map(item => ({commit: item.commit, date: item.date, file: path.posix.relative(repository.prefix || '.', item.file) || item.file, secret: new Secret(item.value), added: item.added})),
	};
}

/**
 * `.env` files in the project's subfolders (`backend/.env`) that hold a real key: the `.env`
 * probe reads only the project folder and its parents. Listed by git with `.gitignore`
 * applied, such a file is one git does not ignore; a walk of the folders says nothing.
 */
function nestedDotenvFiles(scan: CodeProbeData['scan'] | undefined, found: readonly DotenvExposure[]): DotenvExposure[] {
	if (!scan || scan.via !== 'git') return [];
	const byFile = new Map<string, DotenvExposure>();
	for (const literal of scan.literals) {
		if (literal.fileKind !== 'dotenv' || !literal.file.includes('/') || found.some(file => file.file === literal.file)) continue;
		if (['placeholder', 'malformed'].includes(analyzeKey(literal.secret.reveal()).kind)) continue;
		const entry = byFile.get(literal.file) ?? {file: literal.file, keys: [], ignored: false, tracked: literal.tracked};
		if (!entry.keys.some(key => key.sha256 === literal.secret.sha256)) entry.keys.push({source: `file:${literal.file}:${literal.line}`, fingerprint: literal.secret.fingerprint, sha256: literal.secret.sha256});
		byFile.set(literal.file, entry);
	}

	return [...byFile.values()];
}

/** The `.env` files with a key inside the repository: ignored by git? tracked? (Asked from the project folder: a file outside the repository gets no answer.) */
async function dotenvExposure(ports: Ports, dotenv: DotenvProbeData | undefined, seen: readonly KeyObservation[], timeoutMs: number, signal: AbortSignal): Promise<DotenvExposure[]> {
	const out: DotenvExposure[] = [];
	// Only real keys count: a placeholder in .env leaks nothing.
	const real = new Set(seen.filter(observation => !['placeholder', 'malformed'].includes(analyzeKey(observation.secret.reveal()).kind)).map(observation => observation.source));
	for (const file of dotenv?.files ?? []) {
		const keys = file.definitions.filter(definition => definition.sha256 && definition.fingerprint && real.has(definition.source));
		if (keys.length === 0 || file.kind !== 'dotenv') continue;
		const [ignored, tracked] = await Promise.all([
			runGit(ports, ports.cwd, ['check-ignore', '--no-index', '-q', '--', file.shown], {timeoutMs, signal}),
			runGit(ports, ports.cwd, ['ls-files', '-z', '--error-unmatch', '--', file.shown], {timeoutMs, signal}),
		]);
		// check-ignore: exit 0 ignored, 1 not ignored, 128 an error (no answer: say nothing).
		if (ignored.exitCode !== 0 && ignored.exitCode !== 1) continue;
		out.push({
			file: file.shown,
			keys: keys.map(definition => ({source: definition.source, fingerprint: definition.fingerprint!, sha256: definition.sha256!})),
			ignored: ignored.exitCode === 0,
			tracked: tracked.ok,
		});
	}

	return out;
}

/** The shell history files of this user: $HISTFILE, bash's, zsh's and fish's. */
async function readShellHistory(ports: Ports): Promise<ExposureData['shellHistory']> {
	const candidates = new Set(['~/.bash_history', '~/.zsh_history', '~/.zhistory', '~/.local/share/fish/fish_history'].map(file => expandHome(file, ports.home)));
	const histfile = ports.env.HISTFILE?.trim();
	if (histfile && path.isAbsolute(expandHome(histfile, ports.home))) candidates.add(expandHome(histfile, ports.home));
	const out: ExposureData['shellHistory'] = [];
	for (const file of candidates) {
		const shown = showPath(file, ports.home);
		const read = await readTextFile(ports, file, shown, 16 * 1024 * 1024);
		if (!read.ok) continue;
		for (const typed of keysInShellHistory(read.text)) out.push({file: shown, line: typed.line, secret: new Secret(typed.value)});
	}

	return out;
}

function describe(data: ExposureData, scan: CodeProbeData['scan'] | undefined): {status: ProbeStatus; summary: string; details: string[]} {
	const details: string[] = [];
	const tracked = scan?.literals.filter(literal => literal.tracked) ?? [];
	for (const literal of tracked.slice(0, 6)) details.push(`${literal.file}:${literal.line} is tracked by git and holds ${literal.secret.fingerprint}.`);
	for (const found of data.historyKeys.slice(0, 6)) details.push(`Commit ${found.commit} (${found.date}) ${found.added ? 'added' : 'removed'} ${found.secret.fingerprint} in ${found.file}.`);
	for (const file of data.dotenvFiles) {
		if (file.tracked) details.push(`${file.file} is tracked by git: its keys (${listSome(file.keys.map(key => key.fingerprint), 3)}) are in the repository.`);
		else if (!file.ignored) details.push(`${file.file} holds ${listSome(file.keys.map(key => key.fingerprint), 3)} and git does not ignore it: \`git add .\` would commit it.`);
	}

	for (const typed of data.shellHistory.slice(0, 4)) details.push(`${typed.file}:${typed.line}: ${typed.secret.fingerprint} was typed at a prompt and kept in the history.`);
	if (data.shellHistory.length > 0) details.push('Type keys with `read -s OPENAI_API_KEY` (nothing echoed, nothing kept), or start such commands with a space where HISTCONTROL=ignorespace.');
	if (data.gitProblem) details.push(`Git: ${data.gitProblem}; tracked files and history not checked.`);
	if (data.shallow) details.push('A shallow clone: commits before the first one fetched were not searched.');
	if (data.history.partial) details.push(`History search partial: ${data.history.partial}.`);

	const leaks = [
		tracked.length > 0 ? `${tracked.length === 1 ? 'a key' : `${tracked.length} keys`} in git-tracked files` : '',
		data.historyKeys.length > 0 ? `${data.historyKeys.length === 1 ? 'a key' : `${data.historyKeys.length} keys`} in git history` : '',
		data.dotenvFiles.some(file => file.tracked || !file.ignored) ? `${listSome(data.dotenvFiles.filter(file => file.tracked || !file.ignored).map(file => file.file), 2)} not ignored by git` : '',
	].filter(Boolean);
	const history = data.shellHistory.length > 0 ? `a key typed into ${listSome([...new Set(data.shellHistory.map(item => item.file))], 2)}` : '';
	if (leaks.length > 0) return {status: 'fail', summary: `Exposed: ${[...leaks, history].filter(Boolean).join('; ')}.`, details};
	if (history) return {status: 'warn', summary: `No key in git; ${history} (it stays on this machine).`, details};
	const where = data.gitProblem ? `no git check (${data.gitProblem})` : `no key in tracked files or ${data.history.searched ? `history${data.history.partial ? ' (partly searched)' : ''}` : 'tracked files'}`;
	return {status: data.history.partial ? 'warn' : 'pass', summary: `No leaked key found: ${where}; no key in shell history.`, details};
}
