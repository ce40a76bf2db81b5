import path from 'node:path';
import {mapLimit} from '../api/candidate-keys.js';
import {analyzeKey} from '../keys/anatomy.js';
import {Secret} from '../keys/secret.js';
import {decodeText} from '../local/file-text.js';
import type {FileRead, Ports} from '../ports.js';
import type {KeyKind} from '../types.js';
import {fileKind, isTestPath, languageOf, neverRead, type FileKind, type Language} from './file-kinds.js';
import {findKeyLiterals} from './key-literals.js';
import {listProjectFiles, type FileListing} from './list-files.js';
import {sourceFacts, type ApiUse, type ClientUse, type DotenvLoad, type EnvRead} from './source-facts.js';

/** Bounds of one scan. */
export type CodeScanLimits = {
	maxFiles: number;
	/** Bytes read from the start of each file. */
	maxBytes: number;
	/** Files larger than this are skipped (and said so). */
	largeFile: number;
	maxDirs: number;
	maxDepth: number;
	/** The whole scan stops after this long and says it is partial. */
	budgetMs: number;
	/** List through `git ls-files` where git and a repository are there. */
	useGit: boolean;
};

/** The code probe's scan: up to 20 000 files git would see, 256 KB of each, within 2.5 s. */
export const fullScanLimits: CodeScanLimits = {maxFiles: 20_000, maxBytes: 256 * 1024, largeFile: 4 * 1024 * 1024, maxDirs: 4000, maxDepth: 12, budgetMs: 2500, useGit: true};

/** A quick look that stands in while the full scan is still running: a few hundred files near the top. */
export const quickScanLimits: CodeScanLimits = {maxFiles: 300, maxBytes: 128 * 1024, largeFile: 4 * 1024 * 1024, maxDirs: 200, maxDepth: 6, budgetMs: 250, useGit: false};

/** Something found at a line of a file (relative to the project folder). */
export type At<T> = T & {file: string};

/** A key written into a project file. */
export type CodeLiteral = {
	file: string;
	line: number;
	secret: Secret;
	kind: KeyKind;
	assignedTo?: string;
	fileKind: FileKind;
	/** In git's index (committed or staged). */
	tracked: boolean;
	/** A test, fixture, example or docs folder. */
	testFile: boolean;
};

/** What the scan of the project's files found. Key values only as Secrets. */
export type CodeScan = {
	via: FileListing['via'];
	gitProblem?: string;
	/** Files listed, and read. */
	listed: number;
	read: number;
	/** Source files read: 0 means there was no code to tell by. */
	sourceFiles: number;
	languages: Language[];
	/** Why the scan is incomplete, when it is. */
	partial: string[];
	skipped: {large: Array<{file: string; size: number}>; binary: number; unreadable: number; generated: number; truncated: number};
	reads: Array<At<EnvRead>>;
	clients: Array<At<ClientUse>>;
	apiUses: Array<At<ApiUse>>;
	loads: Array<At<DotenvLoad>>;
	langchain?: {file: string; line: number};
	literals: CodeLiteral[];
	/** `.env` loaded after the client that needs it was created, in the same file. */
	loadAfterClient: Array<{file: string; load: number; client: number}>;
	/** A Flask app: with python-dotenv installed, `flask run` and `app.run()` load `.env` themselves. */
	flask?: {file: string; line: number};
	/** A Python manifest declares python-dotenv. */
	pythonDotenv?: boolean;
	/** The project folder's package.json depends on Astro, whose server code gets every variable through import.meta.env. */
	astro?: boolean;
	/** JavaScript and TypeScript files that start with the `'use client'` directive: they run in the browser too. */
	clientComponents?: string[];
	/** Template text the app's code hands the client as its key (`OpenAI(api_key="sk-your-key-here")`): sent in place of any real key. */
	placeholderKeys: Array<{file: string; line: number; secret: Secret; call: string; label: string}>;
};

const batchSize = 128;
/** Keys written into files kept at most, over the whole project. */
const maxLiterals = 200;

/**
 * Scans the project's files: lists them as git would see them (or walks the folders),
 * reads a bounded prefix of each text file, and notes what the code reads from the
 * environment, how it loads `.env`, which client it builds, which API generation it is
 * written for, and every key written into a file. Bounded in files, bytes and time;
 * says what it skipped and whether it was cut. Never rejects.
 */
export async function scanCode(ports: Ports, root: string, limits: CodeScanLimits, signal?: AbortSignal): Promise<CodeScan> {
	const deadline = ports.now() + limits.budgetMs;
	const listing = await listProjectFiles(ports, root, {...limits, deadline}, signal);
	const scan: CodeScan = {
		via: listing.via,
		...(listing.gitProblem ? {gitProblem: listing.gitProblem} : {}),
		listed: listing.seen,
		read: 0,
		sourceFiles: 0,
		languages: [],
		partial: listing.cut ? [listing.cut] : [],
		skipped: {large: [], binary: 0, unreadable: 0, generated: 0, truncated: 0},
		reads: [],
		clients: [],
		apiUses: [],
		loads: [],
		literals: [],
		loadAfterClient: [],
		placeholderKeys: [],
	};
	const languages = new Set<Language>();
	const wanted = listing.files.filter(file => !neverRead(file.path));
	let index = 0;
	for (; index < wanted.length; index += batchSize) {
		// The first batch (the shallowest files) is read even when listing took the whole time.
		if (signal?.aborted || (index > 0 && ports.now() > deadline)) break;
		const batch = wanted.slice(index, index + batchSize);
		const reads = await readBatch(ports, batch.map(file => path.join(root, file.path)), limits.maxBytes);
		for (const [position, file] of batch.entries()) {
			const language = readOne(scan, file, reads[position]!, limits);
			if (language) languages.add(language);
		}
	}

	if (index < wanted.length) scan.partial.push(`${signal?.aborted ? 'cancelled' : 'the time limit'}: ${Math.min(index, wanted.length)} of ${wanted.length} files read`);
	// Binaries by name are never opened for reading, but a huge one is worth a word: their sizes only.
	const unread = listing.files.filter(file => neverRead(file.path));
	for (let start = 0; start < unread.length && index >= wanted.length && ports.now() <= deadline && !signal?.aborted; start += batchSize) {
		const batch = unread.slice(start, start + batchSize);
		const sizes = await readBatch(ports, batch.map(file => path.join(root, file.path)), 0);
		for (const [position, file] of batch.entries()) {
			const read = sizes[position]!;
			if (read.ok && read.size > limits.largeFile) scan.skipped.large.push({file: file.path, size: read.size});
		}
	}

	scan.languages = [...languages];
	for (const file of new Set(scan.loads.map(load => load.file))) {
		// A client built at the top level runs on import, before any function of the file can: a load after it
		// (at the top level, or inside a function such as main()) comes too late for it.
		const client = scan.clients.find(item => item.file === file && item.topLevel && item.library !== 'langchain-js');
		if (!client) continue;
		const loads = scan.loads.filter(item => item.file === file);
		const late = loads.find(item => !item.hoisted && item.line > client.line);
		if (late && !loads.some(item => item.hoisted || item.line < client.line)) scan.loadAfterClient.push({file, load: late.line, client: client.line});
	}

	return scan;
}

async function readBatch(ports: Ports, paths: string[], maxBytes: number): Promise<FileRead[]> {
	const fail = (): FileRead => ({ok: false, code: 'error', message: 'read failed'});
	if (ports.fs.readFiles) return ports.fs.readFiles(paths, {maxBytes}).catch(() => paths.map(fail));
	return mapLimit(paths, 32, async file => ports.fs.readFile(file, {maxBytes}).catch(fail));
}

/** Analyses one file's bytes into the scan; returns its language when it is source code. */
function readOne(scan: CodeScan, file: {path: string; tracked: boolean}, read: FileRead, limits: CodeScanLimits): Language | undefined {
	if (!read.ok) {
		if (read.code !== 'is-directory' && read.code !== 'not-found') scan.skipped.unreadable++;
		return undefined;
	}

	if (read.size > limits.largeFile) {
		scan.skipped.large.push({file: file.path, size: read.size});
		return undefined;
	}

	const text = decodeText(read.bytes, file.path, read.truncated, read.size);
	if (!text.ok) {
		scan.skipped.binary++;
		return undefined;
	}

	scan.read++;
	if (read.truncated) scan.skipped.truncated++;
	const kind = fileKind(file.path);
	const testFile = isTestPath(file.path);
	for (const literal of findKeyLiterals(text.text).slice(0, Math.max(0, maxLiterals - scan.literals.length))) {
		scan.literals.push({file: file.path, line: literal.line, secret: new Secret(literal.value), kind: literal.kind, fileKind: kind, tracked: file.tracked, testFile, ...(literal.assignedTo ? {assignedTo: literal.assignedTo} : {})});
	}

	if (kind === 'container') scan.loads.push(...composeLoads(text.text, file.path));
	if (kind !== 'source') scan.loads.push(...projectFileLoads(text.text, file.path));
	if (file.path === 'package.json' && /"astro"\s*:/.test(text.text)) scan.astro = true;
	if (/(?:^|\/)(?:requirements[^/]*\.(?:txt|in)|pyproject\.toml|Pipfile|setup\.(?:py|cfg))$/.test(file.path) && /^\s*["']?python-dotenv\b/im.test(text.text)) scan.pythonDotenv = true;
	const language = kind === 'source' ? languageOf(file.path) : undefined;
	if (!language) return undefined;
	// A minified or generated bundle is no one's source: its literals count, its reads do not.
	if (!file.path.endsWith('.ipynb') && looksGenerated(text.text)) {
		scan.skipped.generated++;
		return undefined;
	}

	scan.sourceFiles++;
	if (language === 'javascript' && useClientDirective.test(text.text)) (scan.clientComponents ??= []).push(file.path);
	const facts = sourceFacts(text.text, language);
	const at = <T>(items: T[]) => items.map(item => ({...item, file: file.path}));
	scan.reads.push(...at(facts.reads));
	scan.clients.push(...at(facts.clients));
	scan.apiUses.push(...at(facts.apiUses));
	scan.loads.push(...at(facts.loads));
	for (const argument of testFile ? [] : facts.keyArguments) {
		const anatomy = analyzeKey(argument.value);
		if (anatomy.kind === 'placeholder' && scan.placeholderKeys.length < maxLiterals) {
			scan.placeholderKeys.push({file: file.path, line: argument.line, secret: new Secret(argument.value), call: argument.call, label: anatomy.label});
		}
	}

	if (facts.langchain !== undefined && !scan.langchain) scan.langchain = {file: file.path, line: facts.langchain};
	const flask = language === 'python' && !scan.flask ? /^\s*(?:from\s+flask\s+import|import\s+flask)\b/m.exec(text.text) : null;
	if (flask) scan.flask = {file: file.path, line: text.text.slice(0, flask.index + flask[0].search(/\S/)).split('\n').length};
	return language;
}

/** A module whose first statement is `'use client'` (comments may come before it). */
const useClientDirective = /^(?:\uFEFF)?(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use client['"]/;

/** Long lines and few of them: a minified bundle or generated file. */
function looksGenerated(text: string): boolean {
	if (text.length < 4096) return false;
	const lines = text.split('\n', 64);
	if (lines.some(line => line.length > 4000)) return true;
	return lines.length < 64 && text.length / lines.length > 1000;
}

/**
 * docker compose hands a `.env` to the container: `env_file: .env`, or `${OPENAI_API_KEY}`
 * in the service's environment, which compose fills from the project folder's `.env`.
 */
function composeLoads(text: string, file: string): Array<At<DotenvLoad>> {
	if (!/(?:^|\/)(?:docker-)?compose[^/]*\.ya?ml$/.test(file)) return [];
	const match = /\benv_file:[^\n]*(?:\n[ \t]+-?[^\n]*){0,3}?[\s'"[/=-]\.env\b|\$\{?OPENAI_API_KEY\b/.exec(text);
	if (!match) return [];
	const line = text.slice(0, match.index).split('\n').length;
	const call = match[0].includes('env_file') ? 'docker compose env_file' : "docker compose (it fills ${OPENAI_API_KEY} from .env)";
	// Which file compose hands over is the compose probe's business: it may be any of them.
	return [{file, line, call, walksUp: false, override: false, topLevel: false, hoisted: false, dynamic: true, container: true}];
}

/**
 * Loads that project files other than code make: a Node preload in package.json or
 * nodemon.json (`node -r dotenv/config`, `--import dotenv/config`), Rails' dotenv-rails
 * gem, Laravel (which reads .env itself).
 */
function projectFileLoads(text: string, file: string): Array<At<DotenvLoad>> {
	const forms: ReadonlyArray<[RegExp, string, RegExp?, boolean?]> = [
		[/(?:-r|--require|--import)[ =]+['"]?dotenv\/config/, 'node -r dotenv/config', undefined, /dotenv_config_path/.test(text)],
		// dotenv-rails reads .env, .env.local and the environment's files.
		[/^\s*gem\s+['"]dotenv-rails['"]/m, 'dotenv-rails (Rails loads .env)', /(?:^|\/)Gemfile$/, true],
		[/"laravel\/framework"/, 'Laravel (it loads .env itself)', /(?:^|\/)composer\.json$/],
	];
	const out: Array<At<DotenvLoad>> = [];
	const lineAt = (index: number) => text.slice(0, index).split('\n').length;
	for (const [pattern, call, only, dynamic] of forms) {
		if (only && !only.test(file)) continue;
		const match = pattern.exec(text);
		if (match) out.push({file, line: lineAt(match.index), call, walksUp: false, override: false, topLevel: false, hoisted: false, ...(dynamic ? {dynamic} : {})});
	}

	// A script that starts the app with the files it names: node/bun/deno --env-file, dotenv-cli -e, env-cmd -f.
	if (/(?:^|\/)(?:package\.json|deno\.jsonc?)$/.test(file)) {
		const named = [...text.matchAll(/(?:--env-file(?:-if-exists)?[ =]+|\bdotenv\s+(?:-c\s+\S+\s+)?-e\s+|\benv-cmd\s+(?:--silent\s+)?-f\s+)\\?['"]?([^\s'"\\]+)/g)];
		if (named.length > 0) {
			const files = [...new Set(named.map(match => match[1]!))];
			out.push({file, line: lineAt(named[0]!.index), call: `${path.posix.basename(file)}'s scripts, which load ${files.join(', ')}`, walksUp: false, override: false, topLevel: false, hoisted: false, files});
		}
	}

	return out;
}
