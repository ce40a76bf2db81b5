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

const sourceFile = /\.(?:py|js|mjs|cjs|ts|mts|cts|jsx|tsx)$/;

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
 * Looks through the project's own source files (a bounded walk: a few hundred files at
 * most, skipping dependencies and builds) for code that loads `.env` with override, so
 * `.env` wins over the environment. Comment lines are ignored. Never rejects.
 */
export async function findDotenvOverride(ports: Ports, root: string, limits: OverrideScanLimits = overrideScanLimits): Promise<DotenvOverride | undefined> {
	const files = await listSourceFiles(ports, root, limits);
	// Read in small batches and stop at the first hit; most projects have none, so all are read.
	for (let start = 0; start < files.length; start += 32) {
		const batch = files.slice(start, start + 32);
		const found = await Promise.all(
			batch.map(async file => {
				const read = await readTextFile(ports, file, file, limits.maxBytes);
				if (!read.ok || !read.text.includes('override') && !read.text.includes('dotenv_values')) return undefined;
				return overrideIn(read.text, showFromCwd(file, root));
			}),
		);
		const hit = found.find(Boolean);
		if (hit) return hit;
	}

	return undefined;
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
