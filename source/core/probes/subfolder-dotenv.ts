import path from 'node:path';
import {shellQuote} from '../api/request-plan.js';
import {Secret} from '../keys/secret.js';
import {scanDotenv} from '../local/dotenv-scan.js';
import {hostSettingVariables} from '../local/app-settings.js';
import {readTextFile} from '../local/file-text.js';
import {manifestFacts, type Framework} from '../local/js-manifest.js';
import {listSome} from '../local/list-some.js';
import {keyVariable} from '../local/near-names.js';
import {holdsHome} from '../local/paths.js';
import {findAppFolders, findWorkspace} from '../local/workspaces.js';
import type {Ports} from '../ports.js';
import type {KeyObservation, ProbeDefinition} from '../types.js';
import {dotenvFileNames, dotenvMaxBytes, loaderFileNames} from './dotenv.js';

/** One line of an app folder's `.env` that sets OPENAI_API_KEY; never the value. */
export type AppFolderDefinitionFact = {
	/** `file:apps/api/.env:3`. */
	source: string;
	line: number;
	sha256?: string;
	fingerprint?: string;
	empty: boolean;
	/** The line parses, and it is the last of its name in the file (the one loaders keep). */
	effective: boolean;
};

/** One `.env` file of an app folder. */
export type AppFolderFileFact = {
	/** Relative to the workspace root: `apps/api/.env`. */
	shown: string;
	definitions: AppFolderDefinitionFact[];
	/** Host settings it also sets (OPENAI_BASE_URL…), by name. */
	hostSettings: string[];
	problem?: string;
};

/** One app folder (a workspace package, or `backend/` with its own manifest) and the `.env` files in it. */
export type AppFolderFact = {
	/** `apps/api`. */
	dir: string;
	/** Which of its `.env` files its loader reads, first wins: `Next.js` (.env.local…), or `dotenv` (.env). */
	loader: {name: string; order: string[]};
	/** Its package.json loads `.env` itself: a framework (Next.js, Vite, Nuxt…) or a script (`node --env-file`, dotenv-cli). */
	loadsItself: boolean;
	files: AppFolderFileFact[];
};

/** How the app folders were found: a workspace manifest's list, or the folders below that hold an app's own manifest. */
export type AppFolders =
	| {kind: 'workspace'; manifest: string; tool: string; packages: string[]; cut?: string; refused: string[]}
	| {kind: 'subfolders'; packages: string[]; cut?: string};

/** What the subfolder probe found. */
export type SubfolderDotenvData = {
	/** Absent when the folder is no monorepo root and holds no app below it to look at. */
	found?: AppFolders;
	/** The app folders with `.env` files. */
	packages: AppFolderFact[];
};

/**
 * Step 2: run at a monorepo's root, the apps are its packages (apps/api, apps/web), each
 * run by the package manager in its own folder, where it loads its own `.env`; run at the
 * top of a repository with no key of its own, the apps may live in `backend/` or
 * `services/api/`. The `.env` files of every such app folder, and the key each one's loader gets.
 */
export const subfolderDotenvProbe: ProbeDefinition<SubfolderDotenvData> = {
	id: 'subfolder-dotenv',
	step: 2,
	title: 'Apps in subfolders',
	checks: 'a monorepo’s packages (pnpm-workspace.yaml, package.json workspaces, lerna.json), or app folders below a folder with no key of its own: their .env files',
	async run({ports}) {
		const found = await appFolders(ports);
		if (!found) return {status: 'skip', summary: 'Not a monorepo root, and no app folder below to look at (the key has a place here, or this is your home folder).', data: {packages: []}};
		const keys: KeyObservation[] = [];
		const packages = (await Promise.all(found.packages.map(dir => readPackage(ports, dir, keys)))).filter(item => item.files.length > 0);
		const data: SubfolderDotenvData = {found, packages};
		return {...describe(data), data, keys};
	},
};

/**
 * A workspace's packages, always; else, where neither the environment nor a `.env` file of
 * this folder sets the key, the folders below that hold an app's manifest. A folder that
 * has its own key is the app: its subfolders' keys would only be rivals it never loads.
 */
async function appFolders(ports: Ports): Promise<AppFolders | undefined> {
	const workspace = await findWorkspace(ports, ports.cwd);
	if (workspace) return {kind: 'workspace', ...workspace};
	if (ports.env[keyVariable] !== undefined || (await folderSetsKey(ports))) return undefined;
	// The home folder (or one that holds it) is no app's folder: its subfolders are all your projects.
	if (holdsHome(ports.cwd, ports.home)) return undefined;
	const below = await findAppFolders(ports, ports.cwd);
	return below.packages.length > 0 ? {kind: 'subfolders', ...below} : undefined;
}

async function folderSetsKey(ports: Ports): Promise<boolean> {
	const listing = await ports.fs.readDir(ports.cwd);
	const present = new Set(listing.ok ? listing.entries.filter(entry => !entry.isDirectory).map(entry => entry.name) : []);
	const reads = await Promise.all(
		dotenvFileNames.filter(name => present.has(name)).map(name => readTextFile(ports, path.join(ports.cwd, name), name, dotenvMaxBytes)),
	);
	return reads.some(read => read.ok && scanDotenv(read.text, variable => variable === keyVariable, read).definitions.length > 0);
}

async function readPackage(ports: Ports, dir: string, keys: KeyObservation[]): Promise<AppFolderFact> {
	const folder = path.join(ports.cwd, dir);
	const listing = await ports.fs.readDir(folder);
	const present = new Set(listing.ok ? listing.entries.filter(entry => !entry.isDirectory).map(entry => entry.name) : []);
	const names = dotenvFileNames.filter(name => present.has(name));
	if (names.length === 0) return {dir, loader: loaderOf(undefined, dir, names), loadsItself: false, files: []};
	const manifest = present.has('package.json') ? await readTextFile(ports, path.join(folder, 'package.json'), `${dir}/package.json`, 512 * 1024) : undefined;
	const files = await Promise.all(names.map(name => readFile(ports, dir, name, keys)));
	const facts = manifest?.ok ? manifestFacts(manifest.text) : {framework: undefined, scriptsLoadEnv: false};
	return {dir, loader: loaderOf(facts.framework, dir, names), loadsItself: Boolean(facts.framework) || facts.scriptsLoadEnv, files};
}

async function readFile(ports: Ports, dir: string, name: string, keys: KeyObservation[]): Promise<AppFolderFileFact> {
	const shown = `${dir}/${name}`;
	const read = await readTextFile(ports, path.join(ports.cwd, dir, name), shown, dotenvMaxBytes);
	if (!read.ok) return {shown, definitions: [], hostSettings: [], problem: read.message};
	const scan = scanDotenv(read.text, variable => variable === keyVariable || hostSettingVariables.has(variable), read);
	const definitions = scan.definitions
		.filter(definition => definition.name === keyVariable)
		.map(definition => {
			const source = `file:${shown}:${definition.line}`;
			const value = definition.value;
			const empty = value === undefined || value.trim() === '';
			const fact: AppFolderDefinitionFact = {source, line: definition.line, empty, effective: definition.effective && value !== undefined};
			if (value !== undefined && !empty) {
				const secret = new Secret(value);
				keys.push({secret, source, origin: 'dotenv', variable: keyVariable});
				fact.sha256 = secret.sha256;
				fact.fingerprint = secret.fingerprint;
			}

			return fact;
		});
	const settings = [...new Set(scan.definitions.filter(definition => hostSettingVariables.has(definition.name) && definition.value?.trim()).map(definition => definition.name))];
	return {shown, definitions, hostSettings: settings};
}

/** The package's `.env` files its loader reads, first wins, in the order the project folder's loader uses. */
function loaderOf(framework: Framework, dir: string, names: readonly string[]): AppFolderFact['loader'] {
	return {name: framework ?? 'dotenv', order: loaderFileNames(framework).filter(name => names.includes(name)).map(name => `${dir}/${name}`)};
}

/** The key each package's loader gets: the first file in its order with a line that sets OPENAI_API_KEY. */
export function packageKey(item: AppFolderFact): {file: AppFolderFileFact; definition: AppFolderDefinitionFact} | undefined {
	for (const shown of item.loader.order) {
		const file = item.files.find(candidate => candidate.shown === shown);
		const definition = file?.definitions.find(candidate => candidate.effective);
		if (file && definition) return {file, definition};
	}

	return undefined;
}

/** The app folders whose loader gets a key (not an empty one), with the file and line it comes from. */
export function foldersWithKey(packages: readonly AppFolderFact[]): Array<{item: AppFolderFact; file: AppFolderFileFact; definition: AppFolderDefinitionFact}> {
	return packages.flatMap(item => {
		const chosen = packageKey(item);
		return chosen && !chosen.definition.empty ? [{item, ...chosen}] : [];
	});
}

/** `apps/api/.env:3`. */
export function placeOf({file, definition}: {file: AppFolderFileFact; definition: AppFolderDefinitionFact}): string {
	return `${file.shown}:${definition.line}`;
}

function describe(data: SubfolderDotenvData): {status: 'pass' | 'warn' | 'skip'; summary: string; details: string[]} {
	const found = data.found!;
	const count = `${found.packages.length}${found.cut ? ` (${found.cut}: the first ones)` : ''}`;
	const root =
		found.kind === 'workspace'
			? `${found.tool} workspace (${found.manifest}), ${count} package${found.packages.length === 1 ? '' : 's'}`
			: `no key in this folder; ${count} app folder${found.packages.length === 1 ? '' : 's'} below it (${listSome(found.packages, 3)})`;
	const details = data.packages.flatMap(item => {
		const chosen = packageKey(item);
		const lines = item.files.map(file => {
			if (file.problem) return `${file.shown}: ${file.problem}`;
			const keyLines = file.definitions.map(definition => `line ${definition.line}: ${definition.empty ? 'empty' : definition.fingerprint ?? 'does not parse'}`);
			const read = item.loader.order.includes(file.shown) ? `read by ${item.loader.name}` : `not read by ${item.loader.name}`;
			const hosts = file.hostSettings.length > 0 ? `; also sets ${file.hostSettings.join(', ')}` : '';
			return `${file.shown} (${read}): ${keyLines.length > 0 ? `OPENAI_API_KEY at ${keyLines.join(', ')}` : 'no OPENAI_API_KEY'}${hosts}`;
		});
		if (chosen && !chosen.definition.empty) lines.push(`${item.dir} gets ${chosen.definition.fingerprint} from ${chosen.file.shown}${item.loadsItself ? ` (${item.loader.name} loads it)` : ' when its code loads .env'}.`);
		return lines;
	});
	if (found.kind === 'workspace' && found.refused.length > 0) details.push(`Not followed (outside the folder): ${listSome(found.refused, 4)}.`);
	const withKey = foldersWithKey(data.packages);
	if (withKey.length === 0) {
		return {status: data.packages.length > 0 ? 'pass' : 'skip', summary: `${root}: no ${found.kind === 'workspace' ? 'package' : 'app folder'}'s .env sets OPENAI_API_KEY.`, details};
	}

	const distinct = new Set(withKey.map(({definition}) => definition.sha256));
	const where = listSome(withKey.map(placeOf), 3);
	if (distinct.size > 1) {
		return {
			status: 'warn',
			summary: `${root}: their .env files set ${distinct.size} different keys (${where}). Run key-wizard in the folder of the app that fails (${withKey.slice(0, 3).map(({item}) => `--cwd ${shellQuote(item.dir)}`).join(' or ')}).`,
			details,
		};
	}

	return {status: 'pass', summary: `${root}: ${where} set${withKey.length === 1 ? 's' : ''} OPENAI_API_KEY for ${listSome(withKey.map(({item}) => item.dir), 3)}, which runs in its own folder.`, details};
}
