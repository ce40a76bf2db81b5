import path from 'node:path';
import {parse as parseDotenv} from 'dotenv';
import {copiesWholeContext, parseDockerfile, type DockerfileAssignment} from '../deployed/dockerfile-parse.js';
import {isIgnored, parseDockerignore} from '../deployed/dockerignore.js';
import {analyzeKeyFully} from '../keys/anatomy.js';
import {Secret} from '../keys/secret.js';
import {readTextFile} from '../local/file-text.js';
import {listSome} from '../local/list-some.js';
import {keyVariable, nearNameMatch} from '../local/near-names.js';
import {holdsHome, showFromCwd} from '../local/paths.js';
import type {Ports} from '../ports.js';
import type {KeyObservation, ProbeDefinition} from '../types.js';
import {dotenvFileNames} from './dotenv.js';

/** Largest Dockerfile read. */
const maxBytes = 1024 * 1024;
/** Folders looked into for Dockerfiles below the project folder (one or two levels down). */
const maxFolders = 60;
const skippedFolders = new Set(['node_modules', '.git', '.venv', 'venv', 'vendor', 'dist', 'build', '__pycache__', '.next', 'target', '.tox']);

/** A key baked into the image by `ENV`/`ARG` with a value; the value only as a fingerprint. */
export type BakedKey = {
	file: string;
	line: number;
	instruction: 'ENV' | 'ARG';
	variable: string;
	stage: string;
	fingerprint: string;
	sha256: string;
	/** `dockerfile:Dockerfile:12`. */
	source: string;
	kindLabel: string;
};

/** A build that copies the whole context while a `.env` with a key is not excluded. */
export type EnvShipped = {file: string; line: number; envFile: string; fingerprint?: string; dockerignore?: string};

/** What the Dockerfile probe found. */
export type DockerfileProbeData = {
	files: Array<{shown: string; problem?: string; stages?: number}>;
	baked: BakedKey[];
	/** `ENV OPENAI_API_KEY=$OPENAI_API_KEY`: the build argument's value is written into the image. */
	fromBuildArg: Array<{file: string; line: number; variable: string}>;
	shipsEnv: EnvShipped[];
};

/** Step 2 (and 5): Dockerfiles that bake a key into the image, and builds that ship `.env` in it. */
export const dockerfileProbe: ProbeDefinition<DockerfileProbeData> = {
	id: 'dockerfile',
	step: 2,
	title: 'Dockerfiles',
	checks: 'ENV/ARG OPENAI_API_KEY with a value, and COPY . while .dockerignore lets .env in',
	async run({ports}) {
		const data: DockerfileProbeData = {files: [], baked: [], fromBuildArg: [], shipsEnv: []};
		// Two levels below the home folder are all your projects: none of their Dockerfiles is this app's.
		if (holdsHome(ports.cwd, ports.home)) return {status: 'skip', summary: 'This is your home folder (or one that holds it), not a project: Dockerfiles not read.', data};
		const found = await findDockerfiles(ports);
		if (found.length === 0) return {status: 'skip', summary: 'No Dockerfile in the project folder.', data};
		const keys: KeyObservation[] = [];
		for (const absolute of found) await readOne(ports, absolute, data, keys);
		const details = [
			...data.files.filter(file => file.problem).map(file => file.problem!),
			...data.baked.map(item => `${item.file}:${item.line}: ${item.instruction} ${item.variable} = ${item.fingerprint} (${item.kindLabel}) is written into the image.`),
			...data.fromBuildArg.map(item => `${item.file}:${item.line}: ENV ${item.variable} takes the build argument's value: whatever --build-arg passes is stored in the image.`),
			...data.shipsEnv.map(item => `${item.file}:${item.line}: COPY of the whole build context takes ${item.envFile}${item.fingerprint ? ` (${item.fingerprint})` : ''}; ${item.dockerignore ? `${item.dockerignore} does not exclude it` : 'there is no .dockerignore'}.`),
		];
		const names = data.files.map(file => file.shown);
		if (data.baked.length > 0) {
			return {status: 'fail', summary: `${listSome(data.baked.map(item => `${item.file}:${item.line}`))} bake${data.baked.length === 1 ? 's' : ''} a key into the image (${listSome([...new Set(data.baked.map(item => item.fingerprint))])}).`, details, data, keys};
		}

		if (data.shipsEnv.length > 0 || data.fromBuildArg.length > 0) {
			const shipped = data.shipsEnv.map(item => `${item.file} copies ${item.envFile} into the image`);
			const args = data.fromBuildArg.map(item => `${item.file}:${item.line} stores the build argument ${item.variable} in the image`);
			return {status: 'warn', summary: `${listSome([...shipped, ...args], 3)}.`, details, data, keys};
		}

		return {status: 'pass', summary: `${listSome(names, 4)}: no key written in, and .env stays out of the image.`, details, data, keys};
	},
};

/** Dockerfiles in the project folder and up to two levels below it. */
async function findDockerfiles(ports: Ports): Promise<string[]> {
	const out: string[] = [];
	const queue: Array<{dir: string; depth: number}> = [{dir: ports.cwd, depth: 0}];
	let folders = 0;
	while (queue.length > 0 && folders < maxFolders) {
		const {dir, depth} = queue.shift()!;
		folders++;
		const listing = await ports.fs.readDir(dir);
		if (!listing.ok) continue;
		for (const entry of listing.entries.slice(0, 2000)) {
			if (entry.isFile && isDockerfileName(entry.name)) out.push(path.join(dir, entry.name));
			else if (entry.isDirectory && !entry.isSymlink && depth < 2 && !skippedFolders.has(entry.name) && !entry.name.startsWith('.')) queue.push({dir: path.join(dir, entry.name), depth: depth + 1});
		}
	}

	return out.slice(0, 40);
}

/** `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile`. */
export function isDockerfileName(name: string): boolean {
	return /^(?:Dockerfile|dockerfile|Containerfile)(?:\.[\w.-]+)?$/.test(name) && !/\.dockerignore$/.test(name) || /^[\w.-]+\.(?:Dockerfile|dockerfile)$/.test(name);
}

/** A variable worth watching: the key's name and its near names, or any value that is a real key. */
function watched(name: string, value: string | undefined): boolean {
	if (name === keyVariable || name === 'AZURE_OPENAI_API_KEY' || name === 'OPENAI_ADMIN_KEY' || nearNameMatch(name)) return true;
	return value !== undefined && isRealKey(value);
}

function isRealKey(value: string): boolean {
	const analysis = analyzeKeyFully(value);
	return !analysis.notAKeyAnywhere && analysis.anatomy.kind !== 'placeholder' && analysis.anatomy.kind !== 'malformed' && value.trim() !== '';
}

async function readOne(ports: Ports, absolute: string, data: DockerfileProbeData, keys: KeyObservation[]): Promise<void> {
	const shown = showFromCwd(absolute, ports.cwd);
	const read = await readTextFile(ports, absolute, shown, maxBytes);
	if (!read.ok) {
		data.files.push({shown, problem: read.message});
		return;
	}

	const facts = parseDockerfile(read.text, watched);
	data.files.push({shown, stages: facts.stages, ...(read.truncated ? {problem: `${shown} was read only in part (over 1 MB).`} : {})});
	for (const assignment of facts.assignments) recordAssignment(shown, assignment, data, keys);
	const wholeContext = facts.copies.find(copy => copy.sources.some(copiesWholeContext));
	const explicit = facts.copies.filter(copy => copy.sources.some(source => dotenvFileNames.includes(path.basename(source) as (typeof dotenvFileNames)[number])));
	if (!wholeContext && explicit.length === 0) return;
	const context = path.dirname(absolute);
	const ignore = await dockerignoreFor(ports, absolute);
	for (const name of dotenvFileNames) {
		const envPath = path.join(context, name);
		if (!(await ports.fs.exists(envPath))) continue;
		const copy = explicit.find(item => item.sources.some(source => path.basename(source) === name)) ?? wholeContext;
		if (!copy) continue;
		if (copy === wholeContext && ignore && isIgnored(ignore.rules, name)) continue;
		const secret = await keyIn(ports, envPath);
		// A .env without a key ships no key: only one that holds it is worth a warning.
		if (!secret) continue;
		data.shipsEnv.push({file: shown, line: copy.line, envFile: showFromCwd(envPath, ports.cwd), fingerprint: secret.fingerprint, ...(ignore ? {dockerignore: ignore.shown} : {})});
	}
}

function recordAssignment(shown: string, assignment: DockerfileAssignment, data: DockerfileProbeData, keys: KeyObservation[]): void {
	if (assignment.value === undefined || assignment.value.trim() === '') return;
	if (assignment.reference) {
		if (assignment.instruction === 'ENV' && (assignment.variable === keyVariable || nearNameMatch(assignment.variable))) data.fromBuildArg.push({file: shown, line: assignment.line, variable: assignment.variable});
		return;
	}

	if (!isRealKey(assignment.value)) return;
	const secret = new Secret(assignment.value);
	const source = `dockerfile:${shown}:${assignment.line}`;
	data.baked.push({
		file: shown,
		line: assignment.line,
		instruction: assignment.instruction,
		variable: assignment.variable,
		stage: assignment.stage,
		fingerprint: secret.fingerprint,
		sha256: secret.sha256,
		source,
		kindLabel: analyzeKeyFully(assignment.value).anatomy.label,
	});
	keys.push({secret, source, origin: 'dockerfile', variable: assignment.variable});
}

/** The ignore file the builder reads for this Dockerfile: `<Dockerfile>.dockerignore`, else the context's `.dockerignore`. */
async function dockerignoreFor(ports: Ports, dockerfile: string): Promise<{shown: string; rules: ReturnType<typeof parseDockerignore>} | undefined> {
	for (const candidate of [`${dockerfile}.dockerignore`, path.join(path.dirname(dockerfile), '.dockerignore')]) {
		const read = await readTextFile(ports, candidate, showFromCwd(candidate, ports.cwd), 256 * 1024);
		if (read.ok) return {shown: showFromCwd(candidate, ports.cwd), rules: parseDockerignore(read.text)};
	}

	return undefined;
}

async function keyIn(ports: Ports, envPath: string): Promise<Secret | undefined> {
	const read = await readTextFile(ports, envPath, envPath, 256 * 1024);
	if (!read.ok) return undefined;
	const value = parseDotenv(read.text)[keyVariable];
	return value?.trim() ? new Secret(value) : undefined;
}
