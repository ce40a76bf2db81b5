import path from 'node:path';
import {composeFileNames, composeOverrideNames} from '../deployed/compose-project.js';
import {classifyDockerFailure, dockerEndpoint, missingContainers, parseInspect, parsePsLines, toolEnv, type ContainerDetails, type ContainerSummary, type DockerProblem} from '../deployed/docker-cli.js';
import {probeDeadline, timeLeft} from '../deployed/deadline.js';
import {detectSelfContainer, type SelfContainer} from '../deployed/self-container.js';
import {Secret} from '../keys/secret.js';
import {listSome} from '../local/list-some.js';
import {holdsKeyLikeValue, keyVariable, nearNameMatch} from '../local/near-names.js';
import type {Ports} from '../ports.js';
import type {KeyObservation, ProbeDefinition, ProbeOutcome} from '../types.js';
import {isDockerfileName} from './dockerfile.js';
import {stripCredentials} from './env.js';

/** Most containers inspected without being named: a project has a handful. */
const maxDiscovered = 20;
/** Most containers listed for the wizard's picker. */
const maxListed = 100;

/** What one inspected container holds for the key; the value itself only as a Secret. */
export type ContainerKeyFact = {
	name: string;
	id: string;
	image: string;
	state: string;
	/** ISO time it was created: the environment it runs with was fixed then. */
	created?: string;
	/** Named with `--container` (else found through compose's labels for this project). */
	requested: boolean;
	composeService?: string;
	/** `value`, `empty` (set to nothing or blanks) or `unset`. */
	key: 'value' | 'empty' | 'unset';
	sha256?: string;
	fingerprint?: string;
	/** `container:web`. */
	source: string;
	/** Near-named variables holding a key (`OPENAI_KEY`…), by name and fingerprint. */
	nearNames: Array<{variable: string; fingerprint: string}>;
	/** The Azure client's pair is set instead (AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT). */
	azure: boolean;
	/** Other OpenAI variables set in it, by name (OPENAI_BASE_URL…). */
	openaiVariables: string[];
	/** Its own OPENAI_BASE_URL (credentials hidden): the app in it calls that host, not this machine's. */
	baseUrl?: string;
	/** Folders of this machine mounted into it (bind mounts), as paths. */
	bindSources: string[];
};

/** What the docker probe found. */
export type DockerProbeData = {
	/** Which daemon: `DOCKER_HOST=…`, `context NAME`, or the default socket. */
	endpoint: string;
	/** The daemon answered `docker ps`. */
	reachable: boolean;
	problem?: DockerProblem;
	/** key-wizard itself runs in a container: its own environment is that container's. */
	self: SelfContainer;
	/** Every container `docker ps -a` lists (for the wizard's picker), running first. */
	containers: ContainerSummary[];
	/** The containers inspected. */
	inspected: ContainerKeyFact[];
	/** `--container` names that no container has. */
	notFound: string[];
	/** When the project files that feed containers last changed (`.env`, compose files), to set against a container's creation time. */
	projectFiles: Array<{shown: string; modifiedMs: number}>;
};

/** Step 2: the key inside the app's containers (`--container`, or this project's compose containers), through `docker ps` and `docker inspect`. */
export const dockerProbe: ProbeDefinition<DockerProbeData> = {
	id: 'docker',
	step: 2,
	title: 'Docker containers',
	checks: 'docker inspect of the app’s containers: is OPENAI_API_KEY there, and which key',
	async run({ports, options, signal}) {
		const deadline = probeDeadline(ports, options.timeoutMs);
		const [self, endpoint] = await Promise.all([detectSelfContainer(ports), dockerEndpoint(ports)]);
		const data: DockerProbeData = {endpoint, reachable: false, self, containers: [], inspected: [], notFound: [], projectFiles: []};
		const selfLine = self.inside ? ` key-wizard itself runs in a container (${self.evidence.join('; ')}): the process environment above is that container's.` : '';
		const requested = options.containers;
		// docker is asked only when something says the app runs in a container: a flag, a docker
		// setting, or the project's compose file or Dockerfile. A plain project costs no docker start.
		if (requested.length === 0 && !(await containerSetup(ports))) {
			return {status: 'skip', summary: `No compose file or Dockerfile in the project, and no --container: containers not checked.${selfLine}`, data};
		}

		const env = toolEnv(ports);
		const ps = await ports.exec('docker', ['ps', '-a', '--no-trunc', '--format', '{{json .}}'], {timeoutMs: timeLeft(ports, deadline), signal, env, extendEnv: false, cwd: ports.cwd, maxBuffer: 4 * 1024 * 1024});
		if (!ps.ok) {
			const failure = classifyDockerFailure(ps, endpoint);
			data.problem = failure.problem;
			if (requested.length > 0) {
				return {status: failure.problem === 'timeout' ? 'timeout' : 'error', summary: `Cannot inspect ${listSome(requested)}: ${failure.message}${selfLine}`, data};
			}

			return {status: 'skip', summary: `Containers not checked: ${failure.message}${selfLine}`, data};
		}

		data.reachable = true;
		const listed = parsePsLines(ps.stdout);
		data.containers = [...listed.filter(item => item.state === 'running'), ...listed.filter(item => item.state !== 'running')].slice(0, maxListed);
		const ofProject = listed.filter(item => item.composeWorkingDir !== undefined && samePath(item.composeWorkingDir, ports.cwd));
		const targets = [...new Set([...requested, ...ofProject.slice(0, maxDiscovered).map(item => item.name).filter(name => !requested.includes(name))])];
		if (targets.length === 0) {
			const running = listed.filter(item => item.state === 'running').length;
			return {
				status: 'skip',
				summary: `The docker daemon (${endpoint}) runs ${running} container${running === 1 ? '' : 's'}; none belongs to this project's compose file, and none was named with --container.${selfLine}`,
				data,
			};
		}

		const inspect = await ports.exec('docker', ['inspect', '--type', 'container', ...targets], {timeoutMs: timeLeft(ports, deadline), signal, env, extendEnv: false, cwd: ports.cwd, maxBuffer: 8 * 1024 * 1024});
		const details = parseInspect(inspect.stdout);
		if (!inspect.ok && details.length === 0 && missingContainers(inspect.stderr).length === 0) {
			const failure = classifyDockerFailure(inspect, endpoint);
			data.problem = failure.problem;
			return {status: failure.problem === 'timeout' ? 'timeout' : 'error', summary: `docker inspect failed: ${failure.message}`, data};
		}

		const keys: KeyObservation[] = [];
		for (const container of details) {
			const wasRequested = requested.find(name => name === container.name || container.id.startsWith(name) || name.startsWith(container.id));
			data.inspected.push(keyFact(container, wasRequested !== undefined, keys));
		}

		data.notFound = requested.filter(name => !data.inspected.some(item => item.name === name || item.id.startsWith(name) || name.startsWith(item.id)));
		data.projectFiles = await projectFileTimes(ports);
		return summarise(data, keys, selfLine, requested);
	},
};

/** The project (or the environment) says the app may run in a container. */
async function containerSetup(ports: Ports): Promise<boolean> {
	if (ports.env.DOCKER_HOST?.trim() || ports.env.DOCKER_CONTEXT?.trim() || ports.env.COMPOSE_FILE?.trim()) return true;
	const listing = await ports.fs.readDir(ports.cwd);
	if (!listing.ok) return false;
	const names: ReadonlySet<string> = new Set([...composeFileNames, ...composeOverrideNames, '.dockerignore', '.devcontainer']);
	return listing.entries.some(entry => names.has(entry.name) || isDockerfileName(entry.name));
}

/** The modification times of the project files that usually feed a container's environment. */
async function projectFileTimes(ports: Ports): Promise<DockerProbeData['projectFiles']> {
	// `.env` is what compose interpolates and what `docker run --env-file .env` reads; the other .env.* files feed neither by default.
	const names: string[] = ['.env', ...composeFileNames, ...composeOverrideNames];
	const times = await Promise.all(names.map(async name => ({shown: name, stat: await ports.fs.stat(path.join(ports.cwd, name))})));
	return times.flatMap(({shown, stat}) => (stat.ok && stat.kind === 'file' ? [{shown, modifiedMs: stat.modifiedMs}] : []));
}

function samePath(a: string, b: string): boolean {
	return path.resolve(a) === path.resolve(b);
}

function keyFact(container: ContainerDetails, requested: boolean, keys: KeyObservation[]): ContainerKeyFact {
	const source = `container:${container.name || container.id}`;
	const values = new Map(container.env.map(entry => [entry.name, entry.value]));
	const value = values.get(keyVariable);
	const fact: ContainerKeyFact = {
		name: container.name || container.id,
		id: container.id,
		image: container.image,
		state: container.state,
		...(container.created ? {created: container.created} : {}),
		requested,
		...(container.labels['com.docker.compose.service'] ? {composeService: container.labels['com.docker.compose.service']} : {}),
		key: value === undefined ? 'unset' : value.trim() === '' ? 'empty' : 'value',
		source,
		nearNames: [],
		azure: Boolean(values.get('AZURE_OPENAI_API_KEY')?.trim() && values.get('AZURE_OPENAI_ENDPOINT')?.trim()),
		openaiVariables: [...values.keys()].filter(name => /^OPENAI_/.test(name) && name !== keyVariable),
		bindSources: container.mounts.filter(mount => mount.type === 'bind' && mount.source).map(mount => mount.source),
	};
	const baseUrl = values.get('OPENAI_BASE_URL')?.trim();
	if (baseUrl) fact.baseUrl = stripCredentials(baseUrl);
	if (value !== undefined && value.trim() !== '') {
		const secret = new Secret(value);
		fact.sha256 = secret.sha256;
		fact.fingerprint = secret.fingerprint;
		keys.push({secret, source, origin: 'container', variable: keyVariable});
	}

	const azureKey = values.get('AZURE_OPENAI_API_KEY');
	if (azureKey?.trim()) keys.push({secret: new Secret(azureKey), source, origin: 'container', variable: 'AZURE_OPENAI_API_KEY'});
	for (const [name, other] of values) {
		const near = nearNameMatch(name);
		if (near && holdsKeyLikeValue(other, near)) {
			const secret = new Secret(other);
			fact.nearNames.push({variable: name, fingerprint: secret.fingerprint});
			keys.push({secret, source, origin: 'container', variable: name});
		}
	}

	return fact;
}

function summarise(data: DockerProbeData, keys: KeyObservation[], selfLine: string, requested: readonly string[]): ProbeOutcome<DockerProbeData> {
	const details = data.inspected.map(item => `${item.name} (${item.state || 'unknown state'}${item.created ? `, created ${item.created.replace(/\.\d+Z$/, 'Z')}` : ''}): ${describeKey(item)}`);
	if (data.notFound.length > 0) {
		const running = data.containers.filter(item => item.state === 'running').map(item => item.name);
		details.push(`No container is named ${listSome(data.notFound)}${running.length > 0 ? `; running: ${listSome(running, 6)}` : '; no container is running'}.`);
	}

	const lacking = data.inspected.filter(item => item.key !== 'value' && !item.azure);
	const shown = data.inspected.map(item => `${item.name}: ${shortKey(item)}`);
	const found = shown.length > 0 ? `${listSome(shown, 4)}.` : '';
	if (data.notFound.length > 0 && data.notFound.length === requested.length && data.inspected.length === 0) {
		return {status: 'fail', summary: `No container named ${listSome(data.notFound)} on ${data.endpoint}.${selfLine}`, details, data, keys};
	}

	const status = data.notFound.length > 0 || lacking.some(item => item.requested) ? 'fail' : lacking.length > 0 ? 'warn' : 'pass';
	return {status, summary: `Inspected ${data.inspected.length} container${data.inspected.length === 1 ? '' : 's'}: ${found}${data.notFound.length > 0 ? ` Not found: ${listSome(data.notFound)}.` : ''}${selfLine}`, details, data, keys};
}

function shortKey(item: ContainerKeyFact): string {
	if (item.key === 'value') return `OPENAI_API_KEY = ${item.fingerprint}`;
	if (item.azure) return 'the Azure pair (AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT)';
	return item.key === 'empty' ? 'OPENAI_API_KEY is empty' : 'no OPENAI_API_KEY';
}

function describeKey(item: ContainerKeyFact): string {
	const near = item.nearNames.length > 0 ? `; ${item.nearNames.map(entry => `${entry.variable} = ${entry.fingerprint}`).join(', ')}` : '';
	return `${shortKey(item)}${near}`;
}
