import path from 'node:path';
import {asRecord, asText, parseYaml} from '../deployed/yaml-file.js';
import type {Ports} from '../ports.js';
import {readTextFile} from './file-text.js';
import {globSegmentRegExp} from './glob-segment.js';

/**
 * A monorepo root: a folder whose package manager runs each package's scripts in the
 * package's own folder (pnpm -r, npm/yarn/bun workspaces, lerna, turbo on top of them).
 */
export type Workspace = {
	/** The file that lists the packages: `pnpm-workspace.yaml`, `package.json`, `lerna.json`. */
	manifest: string;
	/** Who runs the packages' scripts: `pnpm`, `npm, yarn or bun`, `lerna`. */
	tool: string;
	/** The package folders, relative to the root with `/` separators, in listing order. */
	packages: string[];
	/** Set when the listing was cut (too many folders or packages): why, in a few words. */
	cut?: string;
	/** Patterns that were not followed (`../x`, absolute paths), as written. */
	refused: string[];
};

/** Bounds of the package listing: a monorepo has dozens of packages, not thousands. */
const limits = {maxPackages: 50, maxFolders: 300, maxDepth: 4};

/** Folders never searched for packages: dependencies, builds, version control. */
const skipped = new Set(['node_modules', '.git', 'dist', 'build', '.next', '.turbo', 'coverage', '.venv', 'venv', '__pycache__']);

/**
 * The workspace rooted at `root`, from the first manifest that lists packages
 * (`pnpm-workspace.yaml`, `package.json` `workspaces`, `lerna.json`); undefined when it
 * is no workspace root. A package is a folder that matches a pattern and holds a
 * `package.json`. Patterns never leave the root: `..` and absolute paths are refused,
 * symbolic links to folders are not followed, and the listing is bounded.
 */
export async function findWorkspace(ports: Ports, root: string): Promise<Workspace | undefined> {
	const declared = await declaredPatterns(ports, root);
	if (!declared) return undefined;
	const refused = declared.patterns.filter(pattern => !isInside(pattern.replace(/^!/, '')));
	const include = declared.patterns.filter(pattern => !pattern.startsWith('!') && isInside(pattern));
	const exclude = declared.patterns.filter(pattern => pattern.startsWith('!')).map(pattern => segmentsOf(pattern.slice(1)));
	const budget = {folders: limits.maxFolders};
	const packages: string[] = [];
	let cut: string | undefined;
	for (const pattern of include) {
		const matched = await expand(ports, root, segmentsOf(pattern), budget);
		for (const folder of matched) {
			if (packages.includes(folder) || exclude.some(segments => matches(segments, folder.split('/')))) continue;
			if (!(await isFile(ports, path.join(root, folder, 'package.json')))) continue;
			if (packages.length >= limits.maxPackages) {
				cut = `more than ${limits.maxPackages} packages`;
				break;
			}

			packages.push(folder);
		}

		if (cut) break;
	}

	if (!cut && budget.folders <= 0) cut = `more than ${limits.maxFolders} folders to look through`;
	return {manifest: declared.manifest, tool: declared.tool, packages, refused, ...(cut ? {cut} : {})};
}

/** Files that make a folder an app's own folder: its manifest, where its scripts and loaders start. */
const appManifests = /^(?:package\.json|pyproject\.toml|requirements[\w.-]*\.txt|setup\.py|Pipfile|manage\.py|deno\.jsonc?)$/;

/** How deep below the folder apps are looked for when no workspace lists them: `backend/`, `services/api/`. */
const appFolderDepth = 2;

/**
 * The folders below `root` (at most two levels down) that hold an app's own manifest
 * (package.json, pyproject.toml, requirements.txt…): a repository whose apps live in
 * `backend/` and `frontend/` without a workspace manifest. Bounded like `findWorkspace`;
 * dot folders, dependencies, builds and symbolic links are left out.
 */
export async function findAppFolders(ports: Ports, root: string): Promise<{packages: string[]; cut?: string}> {
	const budget = {folders: limits.maxFolders};
	const packages: string[] = [];
	let level = [''];
	// One listing per folder: its files say whether it is an app's, its folders are the next level.
	for (let depth = 0; depth <= appFolderDepth && level.length > 0; depth++) {
		const listed = await Promise.all(level.map(async folder => ({folder, listing: await listFolder(ports, root, folder, budget)})));
		for (const {folder, listing} of listed) if (depth > 0 && listing.files.some(name => appManifests.test(name))) packages.push(folder);
		level = depth < appFolderDepth ? listed.flatMap(({listing}) => listing.folders) : [];
	}

	const cut = packages.length > limits.maxPackages ? `more than ${limits.maxPackages} app folders` : budget.folders <= 0 ? `more than ${limits.maxFolders} folders to look through` : undefined;
	return {packages: packages.slice(0, limits.maxPackages), ...(cut ? {cut} : {})};
}

async function declaredPatterns(ports: Ports, root: string): Promise<{manifest: string; tool: string; patterns: string[]} | undefined> {
	const pnpm = await readTextFile(ports, path.join(root, 'pnpm-workspace.yaml'), 'pnpm-workspace.yaml', 256 * 1024);
	if (pnpm.ok) {
		const parsed = parseYaml(pnpm.text, 'pnpm-workspace.yaml');
		const list = parsed.ok ? asRecord(parsed.docs[0]?.value)?.packages : undefined;
		const patterns = textsOf(list);
		if (patterns.length > 0) return {manifest: 'pnpm-workspace.yaml', tool: 'pnpm', patterns};
	}

	const manifest = await readTextFile(ports, path.join(root, 'package.json'), 'package.json', 512 * 1024);
	if (manifest.ok) {
		const workspaces = jsonRecord(manifest.text)?.workspaces;
		// npm, yarn and bun: an array, or yarn's {packages: […]}.
		const patterns = textsOf(Array.isArray(workspaces) ? workspaces : asRecord(workspaces)?.packages);
		if (patterns.length > 0) return {manifest: 'package.json', tool: 'npm, yarn or bun', patterns};
	}

	const lerna = await readTextFile(ports, path.join(root, 'lerna.json'), 'lerna.json', 256 * 1024);
	if (lerna.ok) {
		const patterns = textsOf(jsonRecord(lerna.text)?.packages);
		if (patterns.length > 0) return {manifest: 'lerna.json', tool: 'lerna', patterns};
	}

	return undefined;
}

function jsonRecord(text: string): Record<string, unknown> | undefined {
	try {
		return asRecord(JSON.parse(text));
	} catch {
		return undefined;
	}
}

function textsOf(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value
		.map(item => asText(item)?.trim())
		.filter((item): item is string => Boolean(item))
		.slice(0, 100);
}

/** A pattern that stays inside the root: relative, with no `..` segment. */
function isInside(pattern: string): boolean {
	const normal = pattern.replace(/\\/g, '/');
	return normal !== '' && !normal.startsWith('/') && !/^[A-Za-z]:/.test(normal) && !normal.split('/').includes('..');
}

function segmentsOf(pattern: string): string[] {
	return pattern
		.replace(/\\/g, '/')
		.split('/')
		.filter(segment => segment !== '' && segment !== '.');
}

/** The folders under `root` that `segments` match (`*` within a segment, `**` for any depth), breadth first. */
async function expand(ports: Ports, root: string, segments: readonly string[], budget: {folders: number}): Promise<string[]> {
	let current: Array<{folder: string; rest: readonly string[]; depth: number}> = [{folder: '', rest: segments, depth: 0}];
	const out: string[] = [];
	while (current.length > 0) {
		const next: typeof current = [];
		for (const {folder, rest, depth} of current) {
			if (rest.length === 0) {
				if (folder) out.push(folder);
				continue;
			}

			const [segment, ...after] = rest;
			if (segment === '**') {
				// Zero folders deeper, or one more and still under `**`.
				next.push({folder, rest: after, depth});
				if (depth < limits.maxDepth) for (const child of await childFolders(ports, root, folder, budget)) next.push({folder: child, rest, depth: depth + 1});
				continue;
			}

			if (depth >= limits.maxDepth) continue;
			// A plain name is looked up in the listing too: a symbolic link never leads out of the root.
			const pattern = /[*?[]/.test(segment!) ? globSegmentRegExp(segment!) : undefined;
			for (const child of await childFolders(ports, root, folder, budget)) {
				const name = child.slice(child.lastIndexOf('/') + 1);
				if (pattern ? pattern.test(name) : name === segment) next.push({folder: child, rest: after, depth: depth + 1});
			}
		}

		current = next;
	}

	return [...new Set(out)];
}

/** The folders in `folder` (relative), symbolic links, dot folders and dependencies left out. */
async function childFolders(ports: Ports, root: string, folder: string, budget: {folders: number}): Promise<string[]> {
	return (await listFolder(ports, root, folder, budget)).folders;
}

/** One folder's files (by name) and subfolders (relative; links, dot folders and dependencies left out), within the budget. */
async function listFolder(ports: Ports, root: string, folder: string, budget: {folders: number}): Promise<{files: string[]; folders: string[]}> {
	if (budget.folders <= 0) return {files: [], folders: []};
	budget.folders--;
	const listing = await ports.fs.readDir(path.join(root, folder));
	if (!listing.ok) return {files: [], folders: []};
	return {
		files: listing.entries.filter(entry => !entry.isDirectory).map(entry => entry.name),
		folders: listing.entries
			.filter(entry => entry.isDirectory && !entry.isSymlink && !entry.name.startsWith('.') && !skipped.has(entry.name))
			.map(entry => join(folder, entry.name))
			.sort(),
	};
}

function join(folder: string, name: string): string {
	return folder ? `${folder}/${name}` : name;
}

/** Whether the pattern's segments match a folder's (for `!` exclusions). */
function matches(segments: readonly string[], parts: readonly string[]): boolean {
	if (segments.length === 0) return parts.length === 0;
	const [segment, ...rest] = segments;
	if (segment === '**') return matches(rest, parts) || (parts.length > 0 && matches(segments, parts.slice(1)));
	if (parts.length === 0) return false;
	return globSegmentRegExp(segment!).test(parts[0]!) && matches(rest, parts.slice(1));
}

async function isFile(ports: Ports, file: string): Promise<boolean> {
	const stat = await ports.fs.stat(file);
	return stat.ok && stat.kind === 'file';
}
