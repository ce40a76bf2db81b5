import path from 'node:path';
import {parse as parseDotenv} from 'dotenv';
import {readTextFile} from '../local/file-text.js';
import {showFromCwd} from '../local/paths.js';
import type {Ports} from '../ports.js';
import {interpolate, type VariableLookup} from './compose-interpolate.js';
import {asRecord, asText, parseYaml, type YamlDoc} from './yaml-file.js';

/** The compose file names `docker compose` looks for, in its order of preference. */
export const composeFileNames = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;

/** The override files `docker compose` adds on top of the main file, first one found. */
export const composeOverrideNames = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'] as const;

/** Largest compose or env file read. */
export const composeMaxBytes = 2 * 1024 * 1024;

/** One `environment` entry of a service. */
export type ComposeEnvEntry = {
	name: string;
	/** The value as written (before interpolation); null for a pass-through (`- NAME`, `NAME:` with no value). */
	raw: string | null;
	form: 'list' | 'map';
	/** The compose file that holds it, shown from the project folder, and its line. */
	file: string;
	line?: number;
};

/** One `env_file` entry of a service. */
export type ComposeEnvFileRef = {
	/** As written, after interpolation. */
	path: string;
	absolute: string;
	shown: string;
	/** `required: false` lets the file be missing (compose 2.24+). */
	required: boolean;
	/** `format: raw`: values are taken literally, quotes and all. */
	raw: boolean;
	/** The compose file that names it, and the line. */
	declaredIn: string;
	line?: number;
};

/** A service as compose would run it, once override files and `extends` are merged. */
export type ComposeService = {
	name: string;
	/** The compose file that defines it first, and the line. */
	file: string;
	line?: number;
	image?: string;
	/** The build context and Dockerfile, absolute, when it is built from source. */
	build?: {context: string; dockerfile: string};
	containerName?: string;
	/** Compose profiles: a service with profiles starts only when one is enabled. */
	profiles: string[];
	/** It mounts compose `secrets:` (files under /run/secrets): the app may read its key from one. */
	usesSecrets: boolean;
	environment: Map<string, ComposeEnvEntry>;
	envFiles: ComposeEnvFileRef[];
};

/** A compose file read (or not). */
export type ComposeFileFact = {
	shown: string;
	absolute: string;
	role: 'main' | 'override' | 'extends' | 'listed';
	/** Why it could not be used, with line and column for a YAML error. */
	problem?: string;
	/** Names an `include:` of a remote resource (git, OCI): `docker compose config` would fetch it. */
	remoteInclude?: boolean;
};

/** The compose project found in the project folder. */
export type ComposeProject = {
	files: ComposeFileFact[];
	/** The project folder compose uses (the first file's folder). */
	projectDir: string;
	/** The `.env` compose reads for interpolation, when it exists. */
	dotenv?: {shown: string; absolute: string; values: Record<string, string>};
	services: ComposeService[];
	/** Where compose looks variables up: the shell first, then the project's `.env`. */
	lookup: VariableLookup;
	/** `name:` of the project, when the file sets one. */
	name?: string;
};

/** The compose files to read: `COMPOSE_FILE` when set (in the environment or the project's `.env`), else the first standard name and its override. */
export async function findComposeFiles(ports: Ports, cwd: string): Promise<Array<{absolute: string; role: 'main' | 'override' | 'listed'}>> {
	const listed = ports.env.COMPOSE_FILE ?? (await dotenvValue(ports, path.join(cwd, '.env'), 'COMPOSE_FILE'));
	if (listed?.trim()) {
		const separator = ports.env.COMPOSE_PATH_SEPARATOR || (ports.platform === 'win32' ? ';' : ':');
		return listed
			.split(separator)
			.map(item => item.trim())
			.filter(Boolean)
			.slice(0, 20)
			.map(item => ({absolute: path.resolve(cwd, item), role: 'listed' as const}));
	}

	const out: Array<{absolute: string; role: 'main' | 'override'}> = [];
	for (const name of composeFileNames) {
		const absolute = path.join(cwd, name);
		if (await isFile(ports, absolute)) {
			out.push({absolute, role: 'main'});
			break;
		}
	}

	if (out.length === 0) return out;
	for (const name of composeOverrideNames) {
		const absolute = path.join(cwd, name);
		if (await isFile(ports, absolute)) {
			out.push({absolute, role: 'override'});
			break;
		}
	}

	return out;
}

async function isFile(ports: Ports, absolute: string): Promise<boolean> {
	return (await ports.fs.exists(absolute)) && !(await ports.fs.isDirectory(absolute));
}

async function dotenvValue(ports: Ports, absolute: string, name: string): Promise<string | undefined> {
	const read = await readTextFile(ports, absolute, absolute, 64 * 1024);
	return read.ok ? parseDotenv(read.text)[name] : undefined;
}

/** A raw service mapping and where it came from. */
type RawService = {value: Record<string, unknown>; file: string; absolute: string; doc: YamlDoc; name: string};

/**
 * Reads the compose files (main, override, `extends` targets), merges them as compose
 * does (environment by name, later files winning; env_file lists appended) and resolves
 * `extends`. Files that cannot be read or parsed are listed with the reason; the others
 * still count.
 */
export async function loadComposeProject(ports: Ports, cwd: string, found: ReadonlyArray<{absolute: string; role: ComposeFileFact['role']}>): Promise<ComposeProject> {
	const projectDir = found[0] ? path.dirname(found[0].absolute) : cwd;
	const dotenvPath = path.join(projectDir, '.env');
	const dotenvRead = await readTextFile(ports, dotenvPath, showFromCwd(dotenvPath, cwd), composeMaxBytes);
	const dotenvValues: Record<string, string> = dotenvRead.ok ? expandDotenv(parseDotenv(dotenvRead.text), name => ports.env[name]) : {};
	const lookup: VariableLookup = name => ports.env[name] ?? (Object.prototype.hasOwnProperty.call(dotenvValues, name) ? dotenvValues[name] : undefined);
	const files: ComposeFileFact[] = [];
	const docs = new Map<string, YamlDoc | undefined>();
	const load = async (absolute: string, role: ComposeFileFact['role']): Promise<YamlDoc | undefined> => {
		if (docs.has(absolute)) return docs.get(absolute);
		const shown = showFromCwd(absolute, cwd);
		const fact: ComposeFileFact = {shown, absolute, role};
		files.push(fact);
		docs.set(absolute, undefined);
		const read = await readTextFile(ports, absolute, shown, composeMaxBytes);
		if (!read.ok) {
			fact.problem = read.message;
			return undefined;
		}

		if (read.truncated) {
			fact.problem = `${shown} is larger than ${composeMaxBytes / 1024 / 1024} MB; not read.`;
			return undefined;
		}

		const parsed = parseYaml(read.text, shown);
		if (!parsed.ok) {
			fact.problem = parsed.message;
			return undefined;
		}

		const doc = parsed.docs[0]!;
		if (doc.value !== null && doc.value !== undefined && !asRecord(doc.value)) {
			fact.problem = `${shown}: the top level is not a mapping of compose keys (services:…).`;
			return undefined;
		}

		fact.remoteInclude = remoteIncludes(asRecord(doc.value)?.include);
		docs.set(absolute, doc);
		return doc;
	};

	let name: string | undefined;
	const merged = new Map<string, ComposeService>();
	for (const file of found) {
		const doc = await load(file.absolute, file.role);
		const top = asRecord(doc?.value);
		if (!doc || !top) continue;
		name = asText(top.name) ?? name;
		const services = asRecord(top.services) ?? {};
		for (const [serviceName, value] of Object.entries(services).slice(0, 200)) {
			const raw = asRecord(value);
			if (!raw) continue;
			const service = await resolveService({value: raw, file: showFromCwd(file.absolute, cwd), absolute: file.absolute, doc, name: serviceName}, load, cwd, lookup, 0);
			const existing = merged.get(serviceName);
			merged.set(serviceName, existing ? mergeServices(existing, service) : service);
		}
	}

	return {
		files,
		projectDir,
		...(dotenvRead.ok ? {dotenv: {shown: showFromCwd(dotenvPath, cwd), absolute: dotenvPath, values: dotenvValues}} : {}),
		services: [...merged.values()],
		lookup,
		...(name ? {name} : {}),
	};
}

/** Compose expands `${VAR}` inside `.env` values, from the shell and the lines above. */
function expandDotenv(values: Record<string, string>, fromShell: (name: string) => string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(values)) {
		if (!value.includes('$')) {
			out[name] = value;
			continue;
		}

		const expanded = interpolate(value, variable => fromShell(variable) ?? (Object.prototype.hasOwnProperty.call(out, variable) ? out[variable] : undefined));
		out[name] = expanded.ok ? expanded.value : value;
	}

	return out;
}

function remoteIncludes(include: unknown): boolean {
	const items = Array.isArray(include) ? include : include === undefined ? [] : [include];
	return items.some(item => {
		const record = asRecord(item);
		const paths = record ? [record.path].flat() : [item];
		return paths.some(entry => typeof entry === 'string' && /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|oci:)/i.test(entry));
	});
}

async function resolveService(
	raw: RawService,
	load: (absolute: string, role: ComposeFileFact['role']) => Promise<YamlDoc | undefined>,
	cwd: string,
	lookup: VariableLookup,
	depth: number,
): Promise<ComposeService> {
	const own = normalizeService(raw, cwd, lookup);
	const extendsValue = raw.value.extends;
	if (extendsValue === undefined || depth > 8) return own;
	const spec = asRecord(extendsValue);
	const baseName = spec ? asText(spec.service) : asText(extendsValue);
	if (!baseName) return own;
	const fileText = spec ? asText(spec.file) : undefined;
	const baseAbsolute = fileText ? path.resolve(path.dirname(raw.absolute), expandText(fileText, lookup)) : raw.absolute;
	const doc = fileText ? await load(baseAbsolute, 'extends') : raw.doc;
	const base = asRecord(asRecord(asRecord(doc?.value)?.services)?.[baseName]);
	if (!doc || !base || (baseAbsolute === raw.absolute && baseName === raw.name)) return own;
	const resolvedBase = await resolveService({value: base, file: showFromCwd(baseAbsolute, cwd), absolute: baseAbsolute, doc, name: baseName}, load, cwd, lookup, depth + 1);
	const combined = mergeServices({...resolvedBase, name: own.name, file: own.file, ...(own.line === undefined ? {} : {line: own.line})}, own);
	return combined;
}

/** Later values win: environment by name, env_file lists appended, build/image replaced. */
function mergeServices(base: ComposeService, over: ComposeService): ComposeService {
	const environment = new Map(base.environment);
	for (const [name, entry] of over.environment) environment.set(name, entry);
	const envFiles = [...base.envFiles];
	for (const ref of over.envFiles) if (!envFiles.some(existing => existing.absolute === ref.absolute)) envFiles.push(ref);
	return {
		...base,
		...(over.image ? {image: over.image} : {}),
		...(over.build ? {build: over.build} : {}),
		...(over.containerName ? {containerName: over.containerName} : {}),
		profiles: over.profiles.length > 0 ? over.profiles : base.profiles,
		usesSecrets: base.usesSecrets || over.usesSecrets,
		environment,
		envFiles,
	};
}

function normalizeService(raw: RawService, cwd: string, lookup: VariableLookup): ComposeService {
	const {value, doc, file, absolute, name} = raw;
	const dir = path.dirname(absolute);
	const at = (...rest: Array<string | number>) => doc.lineOf(['services', name, ...rest]);
	const environment = new Map<string, ComposeEnvEntry>();
	const env = value.environment;
	if (Array.isArray(env)) {
		env.slice(0, 1000).forEach((item, index) => {
			const text = asText(item);
			if (text === undefined) return;
			const equals = text.indexOf('=');
			const entryName = equals === -1 ? text : text.slice(0, equals);
			environment.set(entryName, {name: entryName, raw: equals === -1 ? null : text.slice(equals + 1), form: 'list', file, ...lineField(at('environment', index))});
		});
	} else if (asRecord(env)) {
		for (const [entryName, entryValue] of Object.entries(asRecord(env)!).slice(0, 1000)) {
			environment.set(entryName, {name: entryName, raw: entryValue === null || entryValue === undefined ? null : (asText(entryValue) ?? JSON.stringify(entryValue)), form: 'map', file, ...lineField(at('environment', entryName))});
		}
	}

	const envFiles: ComposeEnvFileRef[] = [];
	const envFileValue = value.env_file;
	const items = Array.isArray(envFileValue) ? envFileValue : envFileValue === undefined || envFileValue === null ? [] : [envFileValue];
	items.slice(0, 50).forEach((item, index) => {
		const record = asRecord(item);
		const written = record ? asText(record.path) : asText(item);
		if (!written) return;
		const expanded = expandText(written, lookup);
		const absoluteFile = path.resolve(dir, expanded);
		envFiles.push({
			path: expanded,
			absolute: absoluteFile,
			shown: showFromCwd(absoluteFile, cwd),
			required: record ? record.required !== false && record.required !== 'false' : true,
			raw: record ? asText(record.format) === 'raw' : false,
			declaredIn: file,
			...lineField(Array.isArray(envFileValue) ? at('env_file', index) : at('env_file')),
		});
	});

	const build = buildOf(value.build, dir, lookup);
	const profiles = Array.isArray(value.profiles) ? value.profiles.map(asText).filter((item): item is string => Boolean(item)) : [];
	const image = asText(value.image);
	const containerName = asText(value.container_name);
	return {
		name,
		file,
		...lineField(doc.lineOf(['services', name])),
		...(image ? {image: expandText(image, lookup)} : {}),
		...(build ? {build} : {}),
		...(containerName ? {containerName: expandText(containerName, lookup)} : {}),
		profiles,
		usesSecrets: Array.isArray(value.secrets) && value.secrets.length > 0,
		environment,
		envFiles,
	};
}

function buildOf(value: unknown, dir: string, lookup: VariableLookup): {context: string; dockerfile: string} | undefined {
	const record = asRecord(value);
	const contextText = record ? (asText(record.context) ?? '.') : asText(value);
	if (contextText === undefined) return undefined;
	// A git URL or another remote context has no Dockerfile here.
	if (/^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i.test(contextText)) return undefined;
	const context = path.resolve(dir, expandText(contextText, lookup));
	const dockerfileText = record ? asText(record.dockerfile) : undefined;
	return {context, dockerfile: path.resolve(context, dockerfileText ? expandText(dockerfileText, lookup) : 'Dockerfile')};
}

function expandText(text: string, lookup: VariableLookup): string {
	const result = interpolate(text, lookup);
	return result.ok ? result.value : text;
}

function lineField(line: number | undefined): {line?: number} {
	return line === undefined ? {} : {line};
}
