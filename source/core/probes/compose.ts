import {findComposeFiles, loadComposeProject, type ComposeFileFact, type ComposeProject, type ComposeService} from '../deployed/compose-project.js';
import {mentionsVariable, readEnvFiles, resolveServiceVariable, type EnvFileRead, type ServiceVariable} from '../deployed/compose-service-key.js';
import type {VariableReference} from '../deployed/compose-interpolate.js';
import {probeDeadline, timeLeft} from '../deployed/deadline.js';
import {toolEnv} from '../deployed/docker-cli.js';
import {asRecord, asText, parseYaml} from '../deployed/yaml-file.js';
import {Secret} from '../keys/secret.js';
import {listSome} from '../local/list-some.js';
import {keyVariable} from '../local/near-names.js';
import {showFromCwd} from '../local/paths.js';
import type {Ports} from '../ports.js';
import type {KeyObservation, ProbeDefinition, ProbeStatus} from '../types.js';

/** How a service gets OPENAI_API_KEY, key-free. */
export type ComposeKeyFact = Omit<ServiceVariable, 'value' | 'entry' | 'envFile'> & {
	sha256?: string;
	fingerprint?: string;
	/** The `environment` entry: file, line, form, and the text when it is only a variable reference. */
	entry?: {file: string; line?: number; form: 'list' | 'map'; written?: string};
	envFile?: {shown: string; line?: number};
};

/** One service of the compose project, as far as the key goes. */
export type ComposeServiceFact = Pick<ComposeService, 'name' | 'file' | 'line' | 'image' | 'containerName' | 'profiles' | 'usesSecrets'> & {
	/** Built from source here: the build context and Dockerfile, shown from the project folder (not absolute as the service's). */
	build?: ComposeService['build'];
	/** Its compose entry names OPENAI_API_KEY (environment, a reference, or an env_file that sets it). */
	mentionsKey: boolean;
	key: ComposeKeyFact;
	envFiles: Array<{shown: string; declaredIn: string; line?: number; required: boolean; exists: boolean; problem?: string}>;
};

/** What `docker compose config` said, as a second opinion. */
export type ComposeSecondOpinion = {
	tool: string;
	/** It printed a configuration. */
	ran: boolean;
	/** Why it refused (its own words, first line), or why it was not run. */
	message?: string;
	/** Its warnings (`The "X" variable is not set. Defaulting to a blank string.`). */
	warnings: string[];
	/** Services where its OPENAI_API_KEY and this reading differ, in words (fingerprints only). */
	disagreements: string[];
};

/** What the compose probe found. */
export type ComposeProbeData = {
	files: Array<Pick<ComposeFileFact, 'shown' | 'role' | 'problem'>>;
	/** The `.env` compose reads for `${VAR}`, shown from the project folder. */
	dotenv?: string;
	services: ComposeServiceFact[];
	/** When the files that feed the containers last changed (compose files, `.env`, env_files). */
	changes: Array<{shown: string; modifiedMs: number}>;
	secondOpinion?: ComposeSecondOpinion;
};

/** Step 2: the project's compose files, read and interpolated as `docker compose` would, and what each service gets for OPENAI_API_KEY. */
export const composeProbe: ProbeDefinition<ComposeProbeData> = {
	id: 'compose',
	step: 2,
	title: 'Compose files',
	checks: 'compose.yaml / docker-compose.yml: what each service gets for OPENAI_API_KEY, as compose interpolates it',
	async run({ports, options, signal}) {
		const deadline = probeDeadline(ports, options.timeoutMs);
		const found = await findComposeFiles(ports, ports.cwd);
		if (found.length === 0) return {status: 'skip', summary: 'No compose file in the project folder (compose.yaml, docker-compose.yml…).', data: {files: [], services: [], changes: []}};
		const project = await loadComposeProject(ports, ports.cwd, found);
		// Never where compose would fetch a remote include. Otherwise `docker compose config`
		// (a second opinion, the probe's slowest step) starts now and runs while the files are read.
		const remote = project.files.some(file => file.remoteInclude);
		const configRun = remote ? undefined : runComposeConfig(ports, signal, timeLeft(ports, deadline));
		const envFiles = await readEnvFiles(ports, project.services, project.lookup);
		const keys: KeyObservation[] = [];
		const services = project.services.map(service => serviceFact(service, project, envFiles, keys));
		const data: ComposeProbeData = {
			files: project.files.map(file => ({shown: file.shown, role: file.role, ...(file.problem ? {problem: file.problem} : {})})),
			...(project.dotenv ? {dotenv: project.dotenv.shown} : {}),
			services,
			changes: await changes(ports, project),
		};
		data.secondOpinion = configRun
			? secondOpinion(await configRun, services, keys)
			: {tool: 'docker compose', ran: false, message: 'not run: the compose file includes a remote resource that compose would fetch', warnings: [], disagreements: []};
		return summarise(data, keys);
	},
};

function serviceFact(service: ComposeProject['services'][number], project: ComposeProject, envFiles: ReadonlyMap<string, EnvFileRead>, keys: KeyObservation[]): ComposeServiceFact {
	const resolved = resolveServiceVariable(service, keyVariable, project.lookup, envFiles);
	const {value, entry, envFile, ...rest} = resolved;
	const key: ComposeKeyFact = {...rest};
	if (entry) key.entry = {file: entry.file, ...(entry.line === undefined ? {} : {line: entry.line}), form: entry.form, ...(writtenAs(entry.raw) ? {written: writtenAs(entry.raw)} : {})};
	if (envFile) key.envFile = {shown: envFile.ref.shown, ...(envFile.line === undefined ? {} : {line: envFile.line})};
	const source = `compose:${service.name}`;
	if (value !== undefined && value.trim() !== '') {
		const secret = new Secret(value);
		key.sha256 = secret.sha256;
		key.fingerprint = secret.fingerprint;
		keys.push({secret, source, origin: 'compose', variable: keyVariable});
	}

	const mentionsKey = mentionsVariable(service, keyVariable) || resolved.from === 'env_file';
	return {
		name: service.name,
		file: service.file,
		...(service.line === undefined ? {} : {line: service.line}),
		...(service.image ? {image: service.image} : {}),
		...(service.build ? {build: {context: showFromCwd(service.build.context, project.projectDir), dockerfile: showFromCwd(service.build.dockerfile, project.projectDir)}} : {}),
		...(service.containerName ? {containerName: service.containerName} : {}),
		profiles: service.profiles,
		usesSecrets: service.usesSecrets,
		mentionsKey,
		key,
		envFiles: service.envFiles.map(ref => {
			const read = envFiles.get(ref.absolute);
			return {
				shown: ref.shown,
				declaredIn: ref.declaredIn,
				...(ref.line === undefined ? {} : {line: ref.line}),
				required: ref.required,
				exists: read?.exists ?? false,
				...(read?.problem ? {problem: read.problem} : {}),
			};
		}),
	};
}

/** The entry's text when it is nothing but a variable reference (`${OPENAI_API_KEY}`, `${OPENAI_API_KEY:?msg}`): safe to show. */
function writtenAs(raw: string | null): string | undefined {
	if (raw === null) return undefined;
	const text = raw.trim();
	const quote = /^(["'])(.*)\1$/s.exec(text);
	const inner = quote ? quote[2]! : text;
	if (/^\$[A-Za-z_]\w*$/.test(inner) || /^\$\{[A-Za-z_]\w*(?:\??|:\?[^}$]*|\?[^}$]*)\}$/.test(inner)) return text;
	return undefined;
}

async function changes(ports: Ports, project: ComposeProject): Promise<ComposeProbeData['changes']> {
	const files = [
		...project.files.filter(file => !file.problem).map(file => ({shown: file.shown, absolute: file.absolute})),
		...(project.dotenv ? [{shown: project.dotenv.shown, absolute: project.dotenv.absolute}] : []),
		...project.services.flatMap(service => service.envFiles.map(ref => ({shown: ref.shown, absolute: ref.absolute}))),
	];
	const unique = [...new Map(files.map(file => [file.absolute, file])).values()];
	const out: ComposeProbeData['changes'] = [];
	for (const file of unique) {
		const stat = await ports.fs.stat(file.absolute);
		if (stat.ok && stat.kind === 'file') out.push({shown: file.shown, modifiedMs: stat.modifiedMs});
	}

	return out;
}

/** What `docker compose config` (or `docker-compose config`) said: its opinion, with the configuration it printed to compare once the files are read. */
type ComposeConfigRun = {opinion: ComposeSecondOpinion; stdout?: string};

/**
 * `docker compose config` (or `docker-compose config`) where installed: compose's own
 * reading of the same files. Its output holds the key's value: it stays in memory until
 * compared, and only hashes of it are kept; its warnings and refusal are key-free lines.
 */
async function runComposeConfig(ports: Ports, signal: AbortSignal, timeoutMs: number): Promise<ComposeConfigRun> {
	const env = toolEnv(ports);
	const attempts: Array<[string, string[]]> = [
		['docker', ['compose', 'config', '--format', 'json']],
		['docker-compose', ['config', '--format', 'json']],
	];
	const started = ports.now();
	for (const [file, args] of attempts) {
		const left = timeoutMs - (ports.now() - started);
		if (left < 100) break;
		const result = await ports.exec(file, args, {timeoutMs: left, signal, env, extendEnv: false, cwd: ports.cwd, maxBuffer: 8 * 1024 * 1024});
		const tool = file === 'docker' ? 'docker compose' : 'docker-compose';
		if (result.failure === 'not-found' || (file === 'docker' && /unknown command|is not a docker command|unknown shorthand flag/i.test(result.stderr))) continue;
		const warnings = [...new Set(result.stderr.split('\n').filter(line => /variable is not set|Defaulting to a blank string/i.test(line)).map(line => line.replace(/^.*?level=warning msg=|^WARN\[\d+\]\s*/, '').replace(/^"|"$/g, '').trim()))].slice(0, 10);
		if (result.failure === 'timeout' || result.failure === 'aborted') return {opinion: {tool, ran: false, message: `${tool} config did not finish in time`, warnings, disagreements: []}};
		if (!result.ok) {
			const reason = result.stderr.split('\n').map(line => line.trim()).filter(line => line && !/variable is not set/i.test(line)).at(-1) ?? result.message ?? 'failed';
			return {opinion: {tool, ran: false, message: reason.replace(/^(?:error|Error):\s*/, '').slice(0, 200), warnings, disagreements: []}};
		}

		return {opinion: {tool, ran: true, warnings, disagreements: []}, stdout: result.stdout};
	}

	return {opinion: {tool: 'docker compose', ran: false, message: 'neither docker compose nor docker-compose is installed', warnings: [], disagreements: []}};
}

/** The second opinion, with where compose's configuration disagrees with this reading. */
function secondOpinion({opinion, stdout}: ComposeConfigRun, services: readonly ComposeServiceFact[], keys: readonly KeyObservation[]): ComposeSecondOpinion {
	return stdout === undefined ? opinion : {...opinion, disagreements: compareWithConfig(stdout, services, keys)};
}

function compareWithConfig(stdout: string, services: readonly ComposeServiceFact[], keys: readonly KeyObservation[]): string[] {
	let config: unknown;
	try {
		config = JSON.parse(stdout);
	} catch {
		const parsed = parseYaml(stdout, 'compose config');
		config = parsed.ok ? parsed.docs[0]?.value : undefined;
	}

	const theirs = asRecord(asRecord(config)?.services);
	if (!theirs) return [];
	const disagreements: string[] = [];
	for (const service of services) {
		const environment = asRecord(asRecord(theirs[service.name])?.environment);
		if (!environment && !theirs[service.name]) continue;
		const value = environment && Object.prototype.hasOwnProperty.call(environment, keyVariable) ? asText(environment[keyVariable]) : undefined;
		const their = value === undefined ? undefined : new Secret(value);
		const ours = service.key.sha256;
		const theirState = their === undefined ? 'unset' : value!.trim() === '' ? 'empty' : 'value';
		const ourState = service.key.state === 'refused' ? 'unset' : service.key.state;
		if (theirState === ourState && (theirState !== 'value' || their!.sha256 === ours)) continue;
		const known = keys.find(key => key.secret.sha256 === their?.sha256);
		const theirWords = theirState === 'value' ? (known?.secret.fingerprint ?? their!.fingerprint) : theirState === 'empty' ? 'an empty value' : 'no OPENAI_API_KEY';
		const ourWords = ourState === 'value' ? service.key.fingerprint! : ourState === 'empty' ? 'an empty value' : 'no OPENAI_API_KEY';
		disagreements.push(`${service.name}: compose config gives ${theirWords}, this reading gives ${ourWords}`);
	}

	return disagreements;
}

function summarise(data: ComposeProbeData, keys: KeyObservation[]): {status: ProbeStatus; summary: string; details: string[]; data: ComposeProbeData; keys: KeyObservation[]} {
	const details: string[] = [];
	for (const file of data.files) if (file.problem) details.push(file.problem);
	const relevant = data.services.filter(service => service.mentionsKey);
	for (const service of data.services) {
		const line = describeService(service);
		if (line) details.push(line);
		for (const envFile of service.envFiles) {
			if (!envFile.exists && envFile.required) details.push(`${service.name}: env_file ${envFile.shown} (${envFile.declaredIn}${envFile.line ? `:${envFile.line}` : ''}) does not exist.`);
		}
	}

	const opinion = data.secondOpinion;
	if (opinion?.ran) details.push(opinion.disagreements.length > 0 ? `${opinion.tool} config disagrees: ${opinion.disagreements.join('; ')}.` : `${opinion.tool} config agrees.`);
	else if (opinion?.message) details.push(`${opinion.tool} config: ${opinion.message}.`);
	for (const warning of opinion?.warnings ?? []) details.push(`${opinion!.tool}: ${warning}`);

	const broken = data.files.filter(file => file.problem);
	const bad = relevant.filter(service => service.key.state !== 'value' || service.key.literalQuotes);
	const missingFiles = data.services.some(service => service.envFiles.some(file => !file.exists && file.required));
	const status: ProbeStatus = broken.length === data.files.length ? 'error' : bad.length > 0 || missingFiles ? 'fail' : broken.length > 0 || (opinion?.disagreements.length ?? 0) > 0 ? 'warn' : 'pass';
	const files = data.files.map(file => file.shown);
	if (broken.length === data.files.length) return {status, summary: broken[0]!.problem!, details, data, keys};
	const about = relevant.length > 0 ? relevant.map(service => `${service.name}: ${shortState(service)}`) : [`no service sets OPENAI_API_KEY (${data.services.length} service${data.services.length === 1 ? '' : 's'})`];
	return {status, summary: `${listSome(files, 3)}: ${listSome(about, 4)}.`, details, data, keys};
}

function shortState(service: ComposeServiceFact): string {
	const {key} = service;
	switch (key.state) {
		case 'value':
			return `OPENAI_API_KEY = ${key.fingerprint}${key.literalQuotes ? ' (with the quotes as part of the value)' : ''}`;
		case 'empty':
			return 'OPENAI_API_KEY empty';
		case 'refused':
			return 'compose refuses to start (a required variable is unset)';
		default:
			return 'no OPENAI_API_KEY';
	}
}

function describeService(service: ComposeServiceFact): string | undefined {
	const {key} = service;
	if (!service.mentionsKey && key.state === 'unset') return undefined;
	const where = key.entry ? `${key.entry.file}${key.entry.line ? `:${key.entry.line}` : ''} (${key.entry.form} form${key.passThrough ? ', passed through' : ''})` : key.envFile ? `env_file ${key.envFile.shown}${key.envFile.line ? `:${key.envFile.line}` : ''}` : 'nothing';
	const unset = unsetNames(key.references);
	return `${service.name}: ${shortState(service)}, set by ${where}${unset.length > 0 ? `; ${listSome(unset)} unset in the shell and the project's .env` : ''}.`;
}

/** The variables a value refers to that neither the shell nor the project's `.env` sets. */
export function unsetNames(references: readonly VariableReference[]): string[] {
	return [...new Set(references.filter(reference => !reference.set).map(reference => reference.name))];
}
