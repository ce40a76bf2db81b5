import path from 'node:path';
import type {Ports} from '../ports.js';
import {inSkippedFolder, skippedFolders} from './file-kinds.js';
import {gitProblem, runGit} from './git.js';

/** One file of the project, relative to the project folder with `/` separators. */
export type ProjectFile = {path: string; depth: number; tracked: boolean};

/** The files the scan may read, and how they were listed. */
export type FileListing = {
	files: ProjectFile[];
	/** `git`: `git ls-files` (tracked and untracked files, `.gitignore` respected); `walk`: the folders read directly. */
	via: 'git' | 'walk';
	/** Set when the listing was cut (too many files, too slow): why, in a few words. */
	cut?: string;
	/** Files seen before the cut (or in all). */
	seen: number;
	/** Why git was not used, when it was not. */
	gitProblem?: string;
};

/** Bounds of a listing. */
export type ListLimits = {maxFiles: number; maxDirs: number; maxDepth: number; deadline: number; useGit: boolean};

/**
 * Lists the project's files as git sees them (`git ls-files`: tracked, and untracked
 * files `.gitignore` does not exclude), or by walking the folders when git is missing or
 * this is no repository. Dependencies, virtual environments and builds are left out;
 * shallow files first, at most `maxFiles`. Symbolic links to folders are never followed.
 */
export async function listProjectFiles(ports: Ports, root: string, limits: ListLimits, signal?: AbortSignal): Promise<FileListing> {
	let problem: string | undefined;
	if (limits.useGit) {
		// Git gets most of the time, never all of it: reading the files it lists needs some too.
		const timeoutMs = Math.max(50, (limits.deadline - ports.now()) * 0.7);
		const result = await runGit(ports, root, ['ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard'], {timeoutMs, signal, maxBuffer: 64 * 1024 * 1024});
		const usable = result.ok || (result.failure === 'output-too-large' && result.stdout.length > 0);
		if (usable) return fromGit(result.stdout, limits, result.ok ? undefined : 'more files than git could list in one go');
		problem = gitProblem(result);
	}

	const walked = await walk(ports, root, limits);
	return {...walked, ...(problem ? {gitProblem: problem} : {})};
}

function fromGit(stdout: string, limits: ListLimits, cut: string | undefined): FileListing {
	const byDepth: ProjectFile[][] = [];
	let seen = 0;
	const unique = new Set<string>();
	for (const entry of stdout.split('\0')) {
		// `H path` (tracked, also S, M, R, C, K) or `? path` (untracked); `-z` keeps names raw.
		if (entry.length < 3 || entry[1] !== ' ') continue;
		const file = entry.slice(2);
		if (unique.has(file) || inSkippedFolder(file)) continue;
		unique.add(file);
		seen++;
		let depth = 0;
		for (let index = file.indexOf('/'); index !== -1; index = file.indexOf('/', index + 1)) depth++;
		(byDepth[depth] ??= []).push({path: file, depth, tracked: entry[0] !== '?'});
	}

	const files: ProjectFile[] = [];
	for (const level of byDepth) {
		if (!level) continue;
		for (const file of level) {
			if (files.length >= limits.maxFiles) break;
			files.push(file);
		}
	}

	const tooMany = seen > limits.maxFiles ? `${seen} files, the first ${limits.maxFiles} (shallowest first) read` : undefined;
	return {files, via: 'git', seen, ...(cut || tooMany ? {cut: cut ?? tooMany} : {})};
}

async function walk(ports: Ports, root: string, limits: ListLimits): Promise<FileListing> {
	const files: ProjectFile[] = [];
	let level = [''];
	let dirsRead = 0;
	let cut: string | undefined;
	let seen = 0;
	for (let depth = 0; level.length > 0; depth++) {
		if (depth > limits.maxDepth) {
			cut = `folders deeper than ${limits.maxDepth} levels not read`;
			break;
		}

		const next: string[] = [];
		for (let start = 0; start < level.length; start += 32) {
			// The project folder itself is always listed, late or not: its files are the entry points.
			if (dirsRead >= limits.maxDirs || (depth > 0 && ports.now() > limits.deadline) || files.length >= limits.maxFiles) {
				cut = files.length >= limits.maxFiles ? `more than ${limits.maxFiles} files (shallowest first read)` : dirsRead >= limits.maxDirs ? `more than ${limits.maxDirs} folders` : 'the time limit';
				break;
			}

			const batch = level.slice(start, Math.min(start + 32, start + limits.maxDirs - dirsRead));
			dirsRead += batch.length;
			const listings = await Promise.all(batch.map(async dir => ({dir, listing: await ports.fs.readDir(path.join(root, dir)).catch(() => ({ok: false as const}))})));
			for (const {dir, listing} of listings) {
				if (!listing.ok) continue;
				for (const entry of [...listing.entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
					const relative = dir ? `${dir}/${entry.name}` : entry.name;
					if (entry.isDirectory && !entry.isSymlink) {
						if (!skippedFolders.has(entry.name) && !(entry.name.startsWith('.') && entry.name !== '.github')) next.push(relative);
					} else if (entry.isFile && !entry.isSymlink) {
						seen++;
						if (files.length < limits.maxFiles) files.push({path: relative, depth, tracked: false});
					}
				}
			}
		}

		if (cut) break;
		level = next;
	}

	if (!cut && seen > limits.maxFiles) cut = `${seen} files, the first ${limits.maxFiles} (shallowest first) read`;
	return {files, via: 'walk', seen, ...(cut ? {cut} : {})};
}
