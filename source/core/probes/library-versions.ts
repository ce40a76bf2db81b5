import path from 'node:path';
import {libraryBehaviour} from '../code/library-behaviour.js';
import {
	parseInstalledPackageJson,
	parseNodeLock,
	parsePackageJson,
	parsePipfileLock,
	parsePipShow,
	parsePyproject,
	parseRequirements,
	parseTomlLock,
	type LibraryName,
	type LibrarySighting,
} from '../code/library-versions.js';
import {bestSighting, outdatedLibraries} from '../code/outdated.js';
import {readTextFile} from '../local/file-text.js';
import type {Ports} from '../ports.js';
import type {ProbeDefinition, ProbeStatus} from '../types.js';
import type {CodeProbeData} from './code.js';

/** What the project's Python said about its installed openai, when it was asked. */
export type PipShow = {python: string; outcome: 'found' | 'not-installed' | 'no-python' | 'no-pip' | 'failed'; message?: string};

/**
 * Asks Python's own package metadata for openai's version, as `pip show openai` would
 * answer, without importing pip (its import alone takes half a second or more).
 */
const installedVersionScript = [
	'import sys',
	'from importlib import metadata',
	'try:',
	"    print('Version: ' + metadata.version('openai'))",
	'except metadata.PackageNotFoundError:',
	"    sys.exit('openai: package not found')",
].join('\n');

/** What the library probe found. */
export type LibraryVersionsData = {
	sightings: LibrarySighting[];
	pip?: PipShow;
	/** LangChain's OpenAI integration is declared, installed or imported. */
	langchain: boolean;
};

/** Manifests and lock files read in the project folder, by name. */
const readers: ReadonlyArray<[RegExp, (text: string, file: string) => LibrarySighting[]]> = [
	[/^requirements[\w.-]*\.(?:txt|in)$/, parseRequirements],
	[/^(?:pyproject\.toml|Pipfile)$/, parsePyproject],
	[/^(?:poetry|uv)\.lock$/, parseTomlLock],
	[/^Pipfile\.lock$/, parsePipfileLock],
	[/^package\.json$/, parsePackageJson],
	[/^(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lock)$/, parseNodeLock],
];

const installedNode: ReadonlyArray<[string, LibraryName]> = [
	['node_modules/openai/package.json', 'openai-node'],
	['node_modules/@langchain/openai/package.json', 'langchain-js'],
];

/** Virtual environments whose site-packages say which openai runs. */
const venvFolders = ['.venv', 'venv', 'env'];

/**
 * Step 4: the OpenAI client libraries the project uses and their versions: declared
 * (requirements, pyproject, package.json), locked (poetry.lock, uv.lock, Pipfile.lock,
 * package-lock, yarn, pnpm, bun) and installed (node_modules, a virtualenv's
 * site-packages, the installed version as the project's Python sees it), with what each does with the key.
 */
export const libraryVersionsProbe: ProbeDefinition<LibraryVersionsData> = {
	id: 'library-versions',
	step: 4,
	title: 'OpenAI libraries',
	checks: 'openai and LangChain versions declared, locked and installed, and the API your code is written for',
	needs: ['code'],
	async run({ports, options, signal, results}) {
		const scan = (results.get('code')?.data as CodeProbeData | undefined)?.scan;
		const listing = await ports.fs.readDir(ports.cwd);
		const names = listing.ok ? listing.entries.filter(entry => !entry.isDirectory).map(entry => entry.name) : [];
		const sightings: LibrarySighting[] = [];
		const reads = names.flatMap(name => readers.filter(([pattern]) => pattern.test(name)).map(([, parse]) => ({name, parse})));
		for (const {name, parse} of reads) {
			const read = await readTextFile(ports, path.join(ports.cwd, name), name, 8 * 1024 * 1024);
			if (read.ok) sightings.push(...parse(read.text, name));
		}

		for (const [file, library] of installedNode) {
			const read = await readTextFile(ports, path.join(ports.cwd, file), file, 256 * 1024);
			if (read.ok) sightings.push(...parseInstalledPackageJson(read.text, library, file));
		}

		sightings.push(...(await venvSightings(ports)));
		const python = scan?.languages.includes('python') || sightings.some(item => item.library.endsWith('python')) || names.some(name => /^(?:requirements.*\.txt|pyproject\.toml|Pipfile|setup\.py)$/.test(name));
		let pip: PipShow | undefined;
		if (python && !sightings.some(item => item.library === 'openai-python' && item.level === 'installed')) {
			// Python starts slowly (a second or more on a busy machine): most of the probe's time limit.
			const shown = await pipShow(ports, options.timeoutMs * 0.75, signal);
			pip = shown.pip;
			sightings.push(...shown.sightings);
		}

		const langchain = Boolean(scan?.langchain) || sightings.some(item => item.library.startsWith('langchain'));
		const data: LibraryVersionsData = {sightings, langchain, ...(pip ? {pip} : {})};
		return {...describe(data, scan), data};
	},
};

async function venvSightings(ports: Ports): Promise<LibrarySighting[]> {
	const out: LibrarySighting[] = [];
	for (const venv of venvFolders) {
		for (const lib of ['lib', 'Lib']) {
			const libDir = path.join(ports.cwd, venv, lib);
			const versions = await ports.fs.readDir(libDir);
			if (!versions.ok) continue;
			const sitePackages = versions.entries.filter(entry => /^python\d/.test(entry.name)).map(entry => path.join(libDir, entry.name, 'site-packages'));
			if (lib === 'Lib') sitePackages.push(path.join(libDir, 'site-packages'));
			for (const dir of sitePackages) {
				const listing = await ports.fs.readDir(dir);
				if (!listing.ok) continue;
				for (const entry of listing.entries) {
					const match = /^(openai|langchain_openai)-([\w.+]+)\.dist-info$/.exec(entry.name);
					if (match) out.push({library: match[1] === 'openai' ? 'openai-python' : 'langchain-python', version: match[2]!, source: `${venv}/ (installed)`, level: 'installed'});
				}
			}
		}
	}

	return out;
}

/**
 * openai's installed version as `python3` (then `python`) sees it, through importlib.metadata
 * (what pip show reads too), run from the file system's root with PYTHONSAFEPATH so that no
 * module of the project folder can be imported in the standard library's place.
 */
async function pipShow(ports: Ports, timeoutMs: number, signal: AbortSignal): Promise<{pip: PipShow; sightings: LibrarySighting[]}> {
	for (const python of ['python3', 'python']) {
		const result = await ports.exec(python, ['-c', installedVersionScript], {
			cwd: path.parse(ports.cwd).root,
			timeoutMs,
			signal,
			env: {PYTHONSAFEPATH: '1', PYTHONDONTWRITEBYTECODE: '1'},
		});
		if (result.failure === 'not-found') continue;
		if (result.ok) {
			const sightings = parsePipShow(result.stdout, `${python}'s site-packages`);
			return {pip: {python, outcome: sightings.length > 0 ? 'found' : 'failed'}, sightings};
		}

		if (/package not found/i.test(result.stderr)) return {pip: {python, outcome: 'not-installed'}, sightings: []};
		return {pip: {python, outcome: 'failed', message: result.message ?? `exit ${result.exitCode ?? '?'}`}, sightings: []};
	}

	return {pip: {python: 'python3', outcome: 'no-python'}, sightings: []};
}

const libraryWords: Record<LibraryName, string> = {'openai-python': 'openai (Python)', 'openai-node': 'openai (Node)', 'langchain-python': 'LangChain (Python)', 'langchain-js': 'LangChain.js'};

function describe(data: LibraryVersionsData, scan: CodeProbeData['scan'] | undefined): {status: ProbeStatus; summary: string; details: string[]} {
	const details: string[] = [];
	const found: string[] = [];
	for (const library of Object.keys(libraryWords) as LibraryName[]) {
		const best = bestSighting(data.sightings, library);
		if (!best) continue;
		found.push(`${libraryWords[library]} ${best.version ?? best.spec} (${best.level}, ${best.source})`);
		for (const other of data.sightings.filter(item => item.library === library && item !== best)) details.push(`${libraryWords[library]}: ${other.version ?? other.spec} ${other.level} in ${other.source}.`);
		const behaviour = libraryBehaviour(library, best.version);
		details.push(`${behaviour.name}: whitespace — ${behaviour.whitespace} Empty key — ${behaviour.emptyKey}`);
	}

	if (data.pip?.outcome === 'not-installed') details.push(`openai is not installed for ${data.pip.python}.`);
	else if (data.pip?.outcome === 'no-python') details.push('No python on PATH: the installed openai version could not be asked.');
	else if (data.pip?.outcome === 'no-pip' || data.pip?.outcome === 'failed') details.push(`${data.pip.python} did not say which openai it has installed${data.pip.message ? ` (${data.pip.message})` : ''}.`);
	if (data.langchain) details.push('LangChain reads OPENAI_API_BASE (before OPENAI_BASE_URL) and OPENAI_ORGANIZATION as well as OPENAI_ORG_ID: stale values reach it, not the plain SDK.');
	const outdated = outdatedLibraries(data.sightings, scan);
	for (const item of outdated.slice(1)) details.push(outdatedWords(item));
	if (found.length === 0) return {status: outdated.length > 0 ? 'fail' : 'pass', summary: outdated.length > 0 ? outdatedWords(outdated[0]!) : 'No OpenAI client library declared, locked or installed in the project folder.', details};
	// The first problem is in the summary; the others follow in the details.
	return {status: outdated.length > 0 ? 'fail' : 'pass', summary: `${found.join('; ')}.${outdated.length > 0 ? ` ${outdatedWords(outdated[0]!)}` : ''}`, details};
}

/** One line about an outdated library or code, key-free. */
export function outdatedWords(item: ReturnType<typeof outdatedLibraries>[number]): string {
	const version = item.sighting ? `${item.sighting.version ?? item.sighting.spec} (${item.sighting.source})` : 'no pinned version (an install gets the newest)';
	if (item.problem === 'old-code') return `${item.code} is the old API, which ${item.library === 'openai-python' ? 'openai ≥ 1.0' : 'openai ≥ 4'} removed; the library is ${version}.`;
	if (item.problem === 'new-code') return `${item.code} needs ${item.library === 'openai-python' ? 'openai ≥ 1.0' : 'openai ≥ 4'}, but the library is ${version}.`;
	return `${libraryWords[item.library]} ${version} is older than ${item.library === 'openai-python' ? '1.0' : '4'}.`;
}
