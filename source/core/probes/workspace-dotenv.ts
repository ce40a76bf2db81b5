import path from 'node:path';
import {Secret} from '../keys/secret.js';
import {scanDotenv} from '../local/dotenv-scan.js';
import {readTextFile} from '../local/file-text.js';
import {manifestFacts, type Framework} from '../local/js-manifest.js';
import {listSome} from '../local/list-some.js';
import {findWorkspace} from '../local/workspaces.js';
import type {Ports} from '../ports.js';
import type {KeyObservation, ProbeDefinition} from '../types.js';
import {dotenvFileNames, dotenvMaxBytes} from './dotenv.js';

const keyVariable = 'OPENAI_API_KEY';

/** Settings in a package's `.env` that send its key to another host than the one chosen for this run. */
const hostSettings = new Set(['OPENAI_BASE_URL', 'OPENAI_API_BASE', 'AZURE_OPENAI_ENDPOINT']);

/** One line of a workspace package's `.env` that sets OPENAI_API_KEY; never the value. */
export type WorkspaceDefinitionFact = {
	/** `file:apps/api/.env:3`. */
	source: string;
	line: number;
	sha256?: string;
	fingerprint?: string;
	empty: boolean;
	/** The line parses, and it is the last of its name in the file (the one loaders keep). */
	effective: boolean;
};

/** One `.env` file of a workspace package. */
export type WorkspaceFileFact = {
	/** Relative to the workspace root: `apps/api/.env`. */
	shown: string;
	definitions: WorkspaceDefinitionFact[];
	/** Host settings it also sets (OPENAI_BASE_URL…), by name. */
	hostSettings: string[];
	problem?: string;
};

/** One package of the workspace and the `.env` files in its folder. */
export type WorkspacePackageFact = {
	/** `apps/api`. */
	dir: string;
	/** Which of its `.env` files its loader reads, first wins: `Next.js` (.env.local…), or `dotenv` (.env). */
	loader: {name: string; order: string[]};
	/** Its package.json loads `.env` itself: a framework (Next.js, Vite, Nuxt…) or a script (`node --env-file`, dotenv-cli). */
	loadsItself: boolean;
	files: WorkspaceFileFact[];
};

/** What the workspace probe found. */
export type WorkspaceDotenvData = {
	/** The monorepo this folder is the root of; absent when it is none. */
	workspace?: {manifest: string; tool: string; packages: string[]; cut?: string; refused: string[]};
	packages: WorkspacePackageFact[];
};

/**
 * Step 2: run at a monorepo's root, the apps are in its packages (apps/api, apps/web), and
 * the package manager runs each one in its own folder, where it loads its own `.env`. The
 * `.env` files of every package that has some, and the key each package's loader gets.
 */
export const workspaceDotenvProbe: ProbeDefinition<WorkspaceDotenvData> = {
	id: 'workspace-dotenv',
	step: 2,
	title: 'Workspace packages',
	checks: 'at a monorepo root (pnpm-workspace.yaml, package.json workspaces, lerna.json): the .env files in each package’s folder',
	async run({ports}) {
		const workspace = await findWorkspace(ports, ports.cwd);
		if (!workspace) return {status: 'skip', summary: 'Not a monorepo root (no pnpm-workspace.yaml, no workspaces in package.json, no lerna.json).', data: {packages: []}};
		const keys: KeyObservation[] = [];
		const packages = (await Promise.all(workspace.packages.map(dir => readPackage(ports, dir, keys)))).filter(item => item.files.length > 0);
		const data: WorkspaceDotenvData = {workspace: {...workspace}, packages};
		return {...describe(data), data, keys};
	},
};

async function readPackage(ports: Ports, dir: string, keys: KeyObservation[]): Promise<WorkspacePackageFact> {
	const folder = path.join(ports.cwd, dir);
	const [listing, manifest] = await Promise.all([ports.fs.readDir(folder), readTextFile(ports, path.join(folder, 'package.json'), `${dir}/package.json`, 512 * 1024)]);
	const present = new Set(listing.ok ? listing.entries.filter(entry => !entry.isDirectory).map(entry => entry.name) : []);
	const names = dotenvFileNames.filter(name => present.has(name));
	const files = await Promise.all(names.map(name => readFile(ports, dir, name, keys)));
	const facts = manifest.ok ? manifestFacts(manifest.text) : {framework: undefined, scriptsLoadEnv: false};
	return {dir, loader: loaderOf(facts.framework, dir, names), loadsItself: Boolean(facts.framework) || facts.scriptsLoadEnv, files};
}

async function readFile(ports: Ports, dir: string, name: string, keys: KeyObservation[]): Promise<WorkspaceFileFact> {
	const shown = `${dir}/${name}`;
	const read = await readTextFile(ports, path.join(ports.cwd, dir, name), shown, dotenvMaxBytes);
	if (!read.ok) return {shown, definitions: [], hostSettings: [], problem: read.message};
	const scan = scanDotenv(read.text, variable => variable === keyVariable || hostSettings.has(variable), read);
	const definitions = scan.definitions
		.filter(definition => definition.name === keyVariable)
		.map(definition => {
			const source = `file:${shown}:${definition.line}`;
			const value = definition.value;
			const empty = value === undefined || value.trim() === '';
			const fact: WorkspaceDefinitionFact = {source, line: definition.line, empty, effective: definition.effective && value !== undefined};
			if (value !== undefined && !empty) {
				const secret = new Secret(value);
				keys.push({secret, source, origin: 'dotenv', variable: keyVariable});
				fact.sha256 = secret.sha256;
				fact.fingerprint = secret.fingerprint;
			}

			return fact;
		});
	const settings = [...new Set(scan.definitions.filter(definition => hostSettings.has(definition.name) && definition.value?.trim()).map(definition => definition.name))];
	return {shown, definitions, hostSettings: settings};
}

/** The package's `.env` files its loader reads, first wins, as `describeLoader` orders them for a project folder. */
function loaderOf(framework: Framework, dir: string, names: readonly string[]): WorkspacePackageFact['loader'] {
	const order = !framework ? ['.env'] : framework === 'Vite' ? ['.env.development.local', '.env.development', '.env.local', '.env'] : ['.env.development.local', '.env.local', '.env.development', '.env'];
	return {name: framework ?? 'dotenv', order: order.filter(name => names.includes(name)).map(name => `${dir}/${name}`)};
}

/** The key each package's loader gets: the first file in its order with a line that sets OPENAI_API_KEY. */
export function packageKey(item: WorkspacePackageFact): {file: WorkspaceFileFact; definition: WorkspaceDefinitionFact} | undefined {
	for (const shown of item.loader.order) {
		const file = item.files.find(candidate => candidate.shown === shown);
		const definition = file?.definitions.find(candidate => candidate.effective);
		if (file && definition) return {file, definition};
	}

	return undefined;
}

function describe(data: WorkspaceDotenvData): {status: 'pass' | 'warn' | 'skip'; summary: string; details: string[]} {
	const workspace = data.workspace!;
	const root = `${workspace.tool} workspace (${workspace.manifest}), ${workspace.packages.length} package${workspace.packages.length === 1 ? '' : 's'}${workspace.cut ? ` (${workspace.cut}: the first ones)` : ''}`;
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
	if (workspace.refused.length > 0) details.push(`Not followed (outside the folder): ${listSome(workspace.refused, 4)}.`);
	const withKey = data.packages.filter(item => packageKey(item) && !packageKey(item)!.definition.empty);
	if (withKey.length === 0) {
		return {status: data.packages.length > 0 ? 'pass' : 'skip', summary: `${root}: no package's .env sets OPENAI_API_KEY.`, details};
	}

	const distinct = new Set(withKey.map(item => packageKey(item)!.definition.sha256));
	const where = listSome(withKey.map(item => packageKey(item)!.definition.source.replace(/^file:/, '')), 3);
	if (distinct.size > 1) {
		return {
			status: 'warn',
			summary: `${root}: its packages' .env files set ${distinct.size} different keys (${where}). Run key-wizard in the folder of the app that fails (${withKey.slice(0, 3).map(item => `--cwd ${item.dir}`).join(' or ')}).`,
			details,
		};
	}

	return {status: 'pass', summary: `${root}: ${where} set${withKey.length === 1 ? 's' : ''} OPENAI_API_KEY for ${listSome(withKey.map(item => item.dir), 3)}, which runs in its own folder.`, details};
}
