import path from 'node:path';
import {parse as parseDotenv} from 'dotenv';
import {formatBytes, readTextFile} from '../local/file-text.js';
import {holdsHome, showFromCwd} from '../local/paths.js';
import type {Ports} from '../ports.js';
import {composeFileNames, composeOverrideNames} from './compose-project.js';
import {asRecord, asText, parseYaml, type YamlDoc} from './yaml-file.js';

/** Largest manifest read; a bigger one is named and skipped. */
export const manifestMaxBytes = 2 * 1024 * 1024;
const maxFiles = 200;
/** Most manifest bytes read in all: a repository of generated YAML stops here. */
const totalBudget = 24 * 1024 * 1024;
const maxFolders = 80;
const skippedFolders = new Set(['node_modules', '.git', '.github', '.venv', 'venv', 'vendor', 'dist', 'build', '__pycache__', 'target', 'templates']);
/** YAML files that are never manifests: lock files, CI files, tool configs. */
const notManifests = /^(?:\.gitlab-ci|pnpm-lock|pnpm-workspace|\.pre-commit-config|mkdocs|\.golangci|codecov|\.readthedocs|environment|conda|serverless|template|openapi|swagger|action|dependabot)\.ya?ml$/i;
const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

/** How a container gets OPENAI_API_KEY. */
export type ManifestKeyRef =
	| {via: 'secretKeyRef'; secret: string; key: string; optional: boolean; line?: number}
	| {via: 'envFrom'; secret: string; key: string; optional: boolean; line?: number}
	| {via: 'literal'; value: string; line?: number}
	| {via: 'configMap'; configMap: string; key?: string; line?: number}
	| {via: 'none'};

/** One container of a workload, and how it gets the key. */
export type ManifestWorkload = {kind: string; name: string; namespace?: string; file: string; line?: number; container: string; key: ManifestKeyRef};

/** One key of a Secret defined in the project (a manifest or kustomize's secretGenerator); the value stays in memory. */
export type ManifestSecretKey = {key: string; value: string; line?: number};

/** A Secret the project defines. */
export type ManifestSecret = {name: string; namespace?: string; file: string; line?: number; keys: ManifestSecretKey[]; generated: boolean};

/** Everything read from the project's Kubernetes manifests. */
export type KubeManifests = {
	files: Array<{shown: string; problem?: string}>;
	workloads: ManifestWorkload[];
	secrets: ManifestSecret[];
};

/** Finds and reads the project's manifests (YAML with `apiVersion` and `kind`) and kustomizations. */
export async function readManifests(ports: Ports, variable: string): Promise<KubeManifests> {
	const out: KubeManifests = {files: [], workloads: [], secrets: []};
	const candidates = await findYamlFiles(ports);
	let budget = totalBudget;
	for (const absolute of candidates) {
		const shown = showFromCwd(absolute, ports.cwd);
		const kustomization = /^kustomization\.ya?ml$/i.test(path.basename(absolute));
		const read = await readTextFile(ports, absolute, shown, manifestMaxBytes);
		if (!read.ok) {
			out.files.push({shown, problem: read.message});
			continue;
		}

		const looksLikeManifest = kustomization || (/^\s*apiVersion\s*:/m.test(read.text) && /^\s*kind\s*:/m.test(read.text));
		// Other YAML (lock files, OpenAPI specs, CI files) is not a manifest: passed over without a word.
		if (!looksLikeManifest) continue;
		if (read.truncated || budget - read.size < 0) {
			out.files.push({shown, problem: read.truncated ? `${shown} is ${formatBytes(read.size)}, over the ${formatBytes(manifestMaxBytes)} read for a manifest; not read.` : `${shown} was not read: the manifests read so far already add up to ${formatBytes(totalBudget)}.`});
			continue;
		}

		budget -= read.size;
		// A Helm template is not YAML until rendered.
		if (read.text.includes('{{')) continue;
		const parsed = parseYaml(read.text, shown, {multi: true});
		if (!parsed.ok) {
			out.files.push({shown, problem: parsed.message});
			continue;
		}

		out.files.push({shown});
		for (const doc of parsed.docs) {
			if (kustomization) await readKustomization(ports, absolute, shown, doc, out);
			else readDocument(shown, doc, variable, out);
		}
	}

	return out;
}

async function findYamlFiles(ports: Ports): Promise<string[]> {
	// The home folder holds every project of yours: none of their manifests is this app's.
	if (holdsHome(ports.cwd, ports.home)) return [];
	const out: string[] = [];
	const queue: Array<{dir: string; depth: number}> = [{dir: ports.cwd, depth: 0}];
	const composeNames = new Set<string>([...composeFileNames, ...composeOverrideNames]);
	let folders = 0;
	while (queue.length > 0 && folders < maxFolders && out.length < maxFiles) {
		const {dir, depth} = queue.shift()!;
		folders++;
		const listing = await ports.fs.readDir(dir);
		if (!listing.ok) continue;
		for (const entry of listing.entries.slice(0, 2000)) {
			if (entry.isFile && /\.ya?ml$/i.test(entry.name) && !composeNames.has(entry.name) && !notManifests.test(entry.name)) out.push(path.join(dir, entry.name));
			else if (entry.isDirectory && !entry.isSymlink && depth < 3 && !skippedFolders.has(entry.name) && !entry.name.startsWith('.')) queue.push({dir: path.join(dir, entry.name), depth: depth + 1});
		}
	}

	return out.slice(0, maxFiles);
}

function readDocument(shown: string, doc: YamlDoc, variable: string, out: KubeManifests): void {
	const top = asRecord(doc.value);
	if (!top) return;
	const kind = asText(top.kind);
	if (kind === 'List' && Array.isArray(top.items)) {
		top.items.slice(0, 500).forEach((item, index) => readObject(shown, item, ['items', index], doc, variable, out));
		return;
	}

	readObject(shown, top, [], doc, variable, out);
}

function readObject(shown: string, value: unknown, at: Array<string | number>, doc: YamlDoc, variable: string, out: KubeManifests): void {
	const object = asRecord(value);
	const kind = asText(object?.kind);
	if (!object || !kind) return;
	const metadata = asRecord(object.metadata) ?? {};
	const name = asText(metadata.name) ?? '(unnamed)';
	const namespace = asText(metadata.namespace);
	if (kind === 'Secret') {
		const keys: ManifestSecretKey[] = [];
		for (const [key, encoded] of Object.entries(asRecord(object.data) ?? {})) {
			const text = asText(encoded);
			if (text === undefined) continue;
			keys.push({key, value: Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8'), ...line(doc.lineOf([...at, 'data', key]))});
		}

		// stringData wins over data for the same key, as the API server merges them.
		for (const [key, plain] of Object.entries(asRecord(object.stringData) ?? {})) {
			const text = asText(plain);
			if (text === undefined) continue;
			const existing = keys.findIndex(item => item.key === key);
			const entry = {key, value: text, ...line(doc.lineOf([...at, 'stringData', key]))};
			if (existing === -1) keys.push(entry);
			else keys[existing] = entry;
		}

		out.secrets.push({name, ...(namespace ? {namespace} : {}), file: shown, ...line(doc.lineOf([...at, 'metadata', 'name'])), keys, generated: false});
		return;
	}

	if (!workloadKinds.has(kind)) return;
	const specPath = kind === 'Pod' ? ['spec'] : kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
	let spec: unknown = object;
	for (const step of specPath) spec = asRecord(spec)?.[step];
	const podSpec = asRecord(spec);
	if (!podSpec) return;
	for (const group of ['containers', 'initContainers'] as const) {
		const containers = Array.isArray(podSpec[group]) ? (podSpec[group] as unknown[]) : [];
		containers.slice(0, 50).forEach((item, index) => {
			const container = asRecord(item);
			if (!container) return;
			const containerPath = [...at, ...specPath, group, index];
			out.workloads.push({
				kind,
				name,
				...(namespace ? {namespace} : {}),
				file: shown,
				...line(doc.lineOf([...at, 'metadata', 'name'])),
				container: asText(container.name) ?? `#${index + 1}`,
				key: keyRef(container, containerPath, doc, variable),
			});
		});
	}
}

function keyRef(container: Record<string, unknown>, at: Array<string | number>, doc: YamlDoc, variable: string): ManifestKeyRef {
	const env = Array.isArray(container.env) ? container.env : [];
	// The last entry of a name wins, as the kubelet sets them in order.
	for (let index = env.length - 1; index >= 0; index--) {
		const entry = asRecord(env[index]);
		if (asText(entry?.name) !== variable) continue;
		const where = line(doc.lineOf([...at, 'env', index]));
		const from = asRecord(entry!.valueFrom);
		const secretRef = asRecord(from?.secretKeyRef);
		if (secretRef) return {via: 'secretKeyRef', secret: asText(secretRef.name) ?? '', key: asText(secretRef.key) ?? '', optional: secretRef.optional === true, ...where};
		const configRef = asRecord(from?.configMapKeyRef);
		if (configRef) {
			const key = asText(configRef.key);
			return {via: 'configMap', configMap: asText(configRef.name) ?? '', ...(key ? {key} : {}), ...where};
		}

		const value = asText(entry!.value);
		if (value !== undefined) return {via: 'literal', value, ...where};
	}

	const envFrom = Array.isArray(container.envFrom) ? container.envFrom : [];
	for (let index = envFrom.length - 1; index >= 0; index--) {
		const entry = asRecord(envFrom[index]);
		const prefix = asText(entry?.prefix) ?? '';
		if (!variable.startsWith(prefix)) continue;
		const secretRef = asRecord(entry?.secretRef);
		if (secretRef) return {via: 'envFrom', secret: asText(secretRef.name) ?? '', key: variable.slice(prefix.length), optional: secretRef.optional === true, ...line(doc.lineOf([...at, 'envFrom', index]))};
		const configRef = asRecord(entry?.configMapRef);
		if (configRef) return {via: 'configMap', configMap: asText(configRef.name) ?? '', ...line(doc.lineOf([...at, 'envFrom', index]))};
	}

	return {via: 'none'};
}

/** kustomize's `secretGenerator`: literals, env files and files become a Secret's keys. */
async function readKustomization(ports: Ports, absolute: string, shown: string, doc: YamlDoc, out: KubeManifests): Promise<void> {
	const top = asRecord(doc.value);
	if (!top) return;
	const namespace = asText(top.namespace);
	const generators = Array.isArray(top.secretGenerator) ? top.secretGenerator : [];
	const dir = path.dirname(absolute);
	for (const [index, item] of generators.slice(0, 50).entries()) {
		const generator = asRecord(item);
		const name = asText(generator?.name);
		if (!generator || !name) continue;
		const keys: ManifestSecretKey[] = [];
		for (const literal of Array.isArray(generator.literals) ? generator.literals : []) {
			const text = asText(literal);
			const equals = text?.indexOf('=') ?? -1;
			if (text && equals > 0) keys.push({key: text.slice(0, equals), value: text.slice(equals + 1)});
		}

		for (const envFile of [...(Array.isArray(generator.envs) ? generator.envs : []), ...(generator.env ? [generator.env] : [])]) {
			const file = asText(envFile);
			if (!file) continue;
			const read = await readTextFile(ports, path.resolve(dir, file), file, 256 * 1024);
			if (read.ok) for (const [key, value] of Object.entries(parseDotenv(read.text))) keys.push({key, value});
		}

		for (const fileEntry of Array.isArray(generator.files) ? generator.files : []) {
			const text = asText(fileEntry);
			if (!text) continue;
			const equals = text.indexOf('=');
			const key = equals > 0 ? text.slice(0, equals) : path.basename(text);
			const file = equals > 0 ? text.slice(equals + 1) : text;
			// A file's whole content is the value, trailing newline included: the classic trap.
			const read = await readTextFile(ports, path.resolve(dir, file), file, 256 * 1024);
			if (read.ok) keys.push({key, value: read.text});
		}

		out.secrets.push({name, ...(namespace ? {namespace} : {}), file: shown, ...line(doc.lineOf(['secretGenerator', index])), keys, generated: true});
	}
}

function line(value: number | undefined): {line?: number} {
	return value === undefined ? {} : {line: value};
}
