import path from 'node:path';
import type {ExecResult, Ports} from '../ports.js';
import {asRecord, asText} from './yaml-file.js';

/** A container as `docker ps` lists it: what the wizard's picker shows. */
export type ContainerSummary = {
	id: string;
	name: string;
	image: string;
	/** `running`, `exited`, `created`… */
	state: string;
	/** `Up 3 minutes`, `Exited (1) 2 hours ago`. */
	status: string;
	/** The compose service and project folder, from compose's labels. */
	composeService?: string;
	composeProject?: string;
	composeWorkingDir?: string;
};

/** What `docker inspect` says about one container; the key's value only ever becomes a Secret. */
export type ContainerDetails = {
	id: string;
	name: string;
	image: string;
	/** ISO time the container was created: its environment was fixed then. */
	created?: string;
	state: string;
	env: Array<{name: string; value: string}>;
	labels: Record<string, string>;
	mounts: Array<{type: string; source: string; destination: string}>;
};

/** Why a docker command gave no answer, in a word. */
export type DockerProblem = 'not-installed' | 'daemon-down' | 'permission' | 'timeout' | 'no-such-container' | 'error';

/** Reads `docker ps --format '{{json .}}'` output, one JSON object a line; lines that are not are skipped. */
export function parsePsLines(stdout: string): ContainerSummary[] {
	const out: ContainerSummary[] = [];
	for (const line of stdout.split('\n')) {
		if (!line.trim().startsWith('{')) continue;
		let row: Record<string, unknown> | undefined;
		try {
			row = asRecord(JSON.parse(line));
		} catch {
			continue;
		}

		if (!row) continue;
		const labels = parseLabelList(asText(row.Labels) ?? '');
		const id = asText(row.ID) ?? '';
		const name = (asText(row.Names) ?? '').split(',')[0] ?? '';
		if (!id && !name) continue;
		out.push({
			id: id.slice(0, 12),
			name,
			image: asText(row.Image) ?? '',
			state: (asText(row.State) ?? '').toLowerCase(),
			status: asText(row.Status) ?? '',
			...composeLabels(labels),
		});
	}

	return out;
}

/** `a=1,b=2` as docker ps prints labels; a value holding a comma stays whole when the next part is no `name=`. */
export function parseLabelList(text: string): Record<string, string> {
	const labels: Record<string, string> = {};
	let last: string | undefined;
	for (const part of text.split(',')) {
		const match = /^([A-Za-z0-9_.\-/]+)=(.*)$/s.exec(part);
		if (match) {
			last = match[1]!;
			labels[last] = match[2]!;
		} else if (last !== undefined) {
			labels[last] += `,${part}`;
		}
	}

	return labels;
}

function composeLabels(labels: Record<string, string>): Pick<ContainerSummary, 'composeService' | 'composeProject' | 'composeWorkingDir'> {
	const service = labels['com.docker.compose.service'];
	const project = labels['com.docker.compose.project'];
	const workingDir = labels['com.docker.compose.project.working_dir'];
	return {...(service ? {composeService: service} : {}), ...(project ? {composeProject: project} : {}), ...(workingDir ? {composeWorkingDir: workingDir} : {})};
}

/** Reads `docker inspect` output (a JSON array); anything else gives an empty list. */
export function parseInspect(stdout: string): ContainerDetails[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(stdout);
	} catch {
		return [];
	}

	if (!Array.isArray(parsed)) return [];
	const out: ContainerDetails[] = [];
	for (const item of parsed.slice(0, 100)) {
		const record = asRecord(item);
		if (!record) continue;
		const config = asRecord(record.Config) ?? {};
		const state = asRecord(record.State) ?? {};
		const env = (Array.isArray(config.Env) ? config.Env : []).flatMap(entry => {
			const text = asText(entry);
			if (text === undefined) return [];
			const equals = text.indexOf('=');
			return equals === -1 ? [{name: text, value: ''}] : [{name: text.slice(0, equals), value: text.slice(equals + 1)}];
		});
		const labels: Record<string, string> = {};
		for (const [name, value] of Object.entries(asRecord(config.Labels) ?? {})) {
			const text = asText(value);
			if (text !== undefined) labels[name] = text;
		}

		const mounts = (Array.isArray(record.Mounts) ? record.Mounts : []).flatMap(mount => {
			const entry = asRecord(mount);
			return entry ? [{type: asText(entry.Type) ?? '', source: asText(entry.Source) ?? '', destination: asText(entry.Destination) ?? ''}] : [];
		});
		const created = asText(record.Created);
		out.push({
			id: (asText(record.Id) ?? '').slice(0, 12),
			name: (asText(record.Name) ?? '').replace(/^\//, ''),
			image: asText(config.Image) ?? asText(record.Image) ?? '',
			...(created ? {created} : {}),
			state: (asText(state.Status) ?? '').toLowerCase(),
			env,
			labels,
			mounts,
		});
	}

	return out;
}

/** The containers `docker inspect` could not find (`Error: No such object: web`). */
export function missingContainers(stderr: string): string[] {
	return [...stderr.matchAll(/No such (?:object|container): ([^\s]+)/g)].map(match => match[1]!);
}

/** What a failed docker command means, with one key-free line. */
export function classifyDockerFailure(result: ExecResult, endpoint: string): {problem: DockerProblem; message: string} {
	const stderr = result.stderr;
	if (result.failure === 'not-found') return {problem: 'not-installed', message: 'The docker CLI is not installed (not found on PATH).'};
	if (result.failure === 'timeout') return {problem: 'timeout', message: `docker did not answer in time (daemon ${endpoint}); stopped.`};
	if (result.failure === 'aborted') return {problem: 'timeout', message: 'docker was stopped (cancelled).'};
	if (/permission denied/i.test(stderr)) return {problem: 'permission', message: `Permission denied on the docker socket (${endpoint}): add yourself to the docker group (then log in again) or use rootless docker.`};
	if (/Cannot connect to the Docker daemon|error during connect|Is the docker daemon running|connection refused|no such file or directory/i.test(stderr)) {
		return {problem: 'daemon-down', message: `No docker daemon answers at ${endpoint}: start Docker (Docker Desktop, or sudo systemctl start docker).`};
	}

	if (missingContainers(stderr).length > 0) return {problem: 'no-such-container', message: 'No such container.'};
	const first = stderr.split('\n').find(line => line.trim()) ?? result.message ?? 'failed';
	return {problem: 'error', message: `docker failed: ${first.trim().slice(0, 160)}`};
}

/**
 * Which daemon docker talks to, as the CLI decides: `DOCKER_HOST`, else `DOCKER_CONTEXT`,
 * else the current context in the docker config (`DOCKER_CONFIG`, `~/.docker`), else the
 * default socket. Only names it; docker itself resolves it from the same environment.
 */
export async function dockerEndpoint(ports: Ports): Promise<string> {
	const host = ports.env.DOCKER_HOST?.trim();
	if (host) return `DOCKER_HOST=${host.replace(/\/\/[^@/]*@/, '//***@')}`;
	const context = ports.env.DOCKER_CONTEXT?.trim();
	if (context) return `context ${context} (DOCKER_CONTEXT)`;
	const configDir = ports.env.DOCKER_CONFIG?.trim() || path.join(ports.home, '.docker');
	const read = await ports.fs.readFile(path.join(configDir, 'config.json'), {maxBytes: 256 * 1024});
	if (read.ok) {
		try {
			const current = asText(asRecord(JSON.parse(new TextDecoder().decode(read.bytes)))?.currentContext);
			if (current && current !== 'default') return `context ${current}`;
		} catch {}
	}

	return ports.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

/** The environment docker and compose run with: the ports' environment, as the user's shell has it. */
export function toolEnv(ports: Ports): Record<string, string | undefined> {
	return {...ports.env};
}
