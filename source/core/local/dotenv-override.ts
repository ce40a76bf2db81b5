import path from 'node:path';
import type {Ports} from '../ports.js';
import {readTextFile} from './file-text.js';
import {showFromCwd} from './paths.js';

/** Where the project's code loads `.env` so that it wins over the environment. */
export type DotenvOverride = {
	/** Shown relative to the project folder: `app/main.py`. */
	file: string;
	line: number;
	/** The call as a key-free phrase: `load_dotenv(override=True)`. */
	call: string;
};

/** Limits that keep the scan small: it runs with the other local probes. */
export type OverrideScanLimits = {maxFiles: number; maxBytes: number; maxDepth: number; maxDirs: number};

/** The default limits: a few hundred source files, the first 128 KB of each, six folders deep. */
export const overrideScanLimits: OverrideScanLimits = {maxFiles: 300, maxBytes: 128 * 1024, maxDepth: 6, maxDirs: 200};

/** Folders that hold dependencies, builds or tools, never the project's own code. */
const skippedFolders = new Set([
	'node_modules',
	'.git',
	'venv',
	'.venv',
	'env',
	'.env',
	'__pycache__',
	'site-packages',
	'dist',
	'build',
	'.next',
	'.nuxt',
	'.tox',
	'.mypy_cache',
	'.pytest_cache',
	'coverage',
	'target',
	'vendor',
	'.cache',
	'.idea',
	'.vscode',
]);

const sourceFile = /\.(?:py|ipynb|js|mjs|cjs|ts|mts|cts|jsx|tsx|go|rb|php|rs)$/;

/**
 * The patterns that make `.env` win: python-dotenv's `load_dotenv(…, override=True)`,
 * `os.environ.update(dotenv_values(…))`, and node's `dotenv.config({…, override: true})`
 * (also `require('dotenv').config(…)`, `configDotenv`, dotenvx).
 */
const overridePatterns: ReadonlyArray<{pattern: RegExp; call: string}> = [
	{pattern: /\bload_dotenv\s*\((?:[^()]|\([^()]*\))*?\boverride\s*=\s*True\b/g, call: 'load_dotenv(override=True)'},
	{pattern: /\bos\.environ\.update\(\s*(?:dotenv\.)?dotenv_values\s*\(/g, call: 'os.environ.update(dotenv_values(…))'},
	{pattern: /\b(?:config|configDotenv)\s*\(\s*\{[^{}]*?\boverride\s*:\s*(?:true|!0)\b/g, call: "dotenv's config({override: true})"},
];

/**
 * Calls that load a `.env` into the environment at all (the SDKs never read it themselves):
 * python-dotenv, django-environ, python-decouple, pydantic-settings' env_file; node's
 * dotenv (config, dotenv/config, configDotenv), dotenvx, process.loadEnvFile, NestJS config.
 * `walksUp` marks loaders that search parent folders (python-dotenv's find_dotenv).
 */
const loadPatterns: ReadonlyArray<{pattern: RegExp; call: string; walksUp?: boolean}> = [
	{pattern: /\b(?:load_dotenv|find_dotenv)\s*\(/, call: 'load_dotenv()', walksUp: true},
	{pattern: /\bread_env\s*\(|\bfrom\s+decouple\s+import\b|\bimport\s+decouple\b/, call: 'django-environ / python-decouple'},
	{pattern: /\benv_file\s*=/, call: 'pydantic-settings env_file'},
	{pattern: /['"]dotenv\/config['"]|\bdotenv['"]?\)?\s*\.config\s*\(|\bconfigDotenv\s*\(|@dotenvx\/dotenvx|\bprocess\.loadEnvFile\s*\(|\bConfigModule\.forRoot\s*\(/, call: "dotenv's config()"},
	{pattern: /\bimport\s*\{[^}]*\bconfig\b[^}]*\}\s*from\s*['"]dotenv['"]/, call: "dotenv's config()"},
	{pattern: /%(?:load_ext\s+)?dotenv\b/, call: 'the %dotenv notebook magic'},
	{pattern: /\bgodotenv\.(?:Load|Overload)\s*\(|\bDotenv(?:::createImmutable|::createUnsafeImmutable|\.load)\b|require\s+['"]dotenv\/load['"]|\bdotenvy?::dotenv\s*\(/, call: 'a dotenv loader (Go, Ruby, PHP or Rust)'},
];

/** How the project's code uses `.env`: whether it loads it at all, and with override. */
export type DotenvUse = {
	/** The first call that loads `.env`, when one was found. */
	load?: DotenvOverride & {walksUp: boolean};
	override?: DotenvOverride;
	/** How many source files were read: 0 means there was no code to judge by. */
	sourceFiles: number;
};

/**
 * Looks through the project's own source files (a bounded walk: a few hundred files at
 * most, skipping dependencies and builds) for code that loads `.env`, and for a load with
 * override, so `.env` wins over the environment. Comment lines are ignored. Never rejects.
 */
export async function findDotenvUse(ports: Ports, root: string, limits: OverrideScanLimits = overrideScanLimits): Promise<DotenvUse> {
	const files = await listSourceFiles(ports, root, limits);
	const use: DotenvUse = {sourceFiles: files.length};
	for (let start = 0; start < files.length && !(use.override && use.load?.walksUp); start += 32) {
		const batch = files.slice(start, start + 32);
		const found = await Promise.all(
			batch.map(async file => {
				const read = await readTextFile(ports, file, file, limits.maxBytes);
				if (!read.ok || !/dotenv|Dotenv|decouple|read_env|env_file|loadEnvFile|ConfigModule/.test(read.text)) return undefined;
				const shown = showFromCwd(file, root);
				return {override: overrideIn(read.text, shown), load: loadIn(read.text, shown)};
			}),
		);
		for (const hit of found) {
			if (hit?.override && !use.override) use.override = hit.override;
			if (hit?.load && (!use.load || (hit.load.walksUp && !use.load.walksUp))) use.load = hit.load;
		}
	}

	return use;
}

/** The override call alone (see `findDotenvUse`). */
export async function findDotenvOverride(ports: Ports, root: string, limits: OverrideScanLimits = overrideScanLimits): Promise<DotenvOverride | undefined> {
	return (await findDotenvUse(ports, root, limits)).override;
}

/** The first call in one file's text that loads `.env`, if any. */
export function loadIn(text: string, shown: string): (DotenvOverride & {walksUp: boolean}) | undefined {
	const code = text.replace(/^[ \t]*(?:#|\/\/).*$/gm, '');
	let best: (DotenvOverride & {walksUp: boolean}) | undefined;
	for (const {pattern, call, walksUp} of loadPatterns) {
		const match = pattern.exec(code);
		if (!match) continue;
		const line = code.slice(0, match.index).split('\n').length;
		if (!best || line < best.line) best = {file: shown, line, call, walksUp: walksUp ?? false};
	}

	return best;
}

/** The first override call in one file's text, if any. */
export function overrideIn(text: string, shown: string): DotenvOverride | undefined {
	// Comment lines out, keeping line numbers: `# load_dotenv(override=True)` does nothing.
	const code = text.replace(/^[ \t]*(?:#|\/\/).*$/gm, '');
	let best: DotenvOverride | undefined;
	for (const {pattern, call} of overridePatterns) {
		pattern.lastIndex = 0;
		const match = pattern.exec(code);
		if (!match) continue;
		const line = code.slice(0, match.index).split('\n').length;
		if (!best || line < best.line) best = {file: shown, line, call};
	}

	return best;
}

async function listSourceFiles(ports: Ports, root: string, limits: OverrideScanLimits): Promise<string[]> {
	const files: string[] = [];
	let level = [root];
	let dirsRead = 0;
	for (let depth = 0; depth <= limits.maxDepth && level.length > 0 && files.length < limits.maxFiles; depth++) {
		const budget = Math.max(0, limits.maxDirs - dirsRead);
		const reading = level.slice(0, budget);
		dirsRead += reading.length;
		const listings = await Promise.all(reading.map(async dir => ({dir, listing: await ports.fs.readDir(dir).catch(() => ({ok: false as const}))})));
		const next: string[] = [];
		for (const {dir, listing} of listings) {
			if (!listing.ok) continue;
			for (const entry of [...listing.entries].sort((a, b) => a.name.localeCompare(b.name))) {
				if (entry.isDirectory) {
					if (!skippedFolders.has(entry.name) && !entry.name.startsWith('.')) next.push(path.join(dir, entry.name));
				} else if (sourceFile.test(entry.name) && !entry.name.endsWith('.min.js') && !entry.name.endsWith('.d.ts') && files.length < limits.maxFiles) {
					files.push(path.join(dir, entry.name));
				}
			}
		}

		level = next;
	}

	return files;
}
