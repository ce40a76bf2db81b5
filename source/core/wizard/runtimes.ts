import {listSome} from '../local/list-some.js';
import type {CiProbeData} from '../probes/ci.js';
import type {ComposeProbeData} from '../probes/compose.js';
import type {DockerProbeData} from '../probes/docker.js';
import type {DockerfileProbeData} from '../probes/dockerfile.js';
import type {KubernetesProbeData} from '../probes/kubernetes.js';
import type {ServerlessProbeData} from '../probes/serverless.js';
import {platformLabels} from '../probes/serverless.js';
import {
	composeEnvironmentSnippet,
	composeRecreateSnippet,
	dockerRunSnippet,
	githubEnvSnippet,
	kubectlRestartSnippet,
	kubectlSecretSnippet,
	serverlessSnippets,
} from '../snippets/deployed.js';
import type {Cause, ProbeResults, RunOptions, Snippet} from '../types.js';

/** Where the app may run: step 2's question. */
export type RuntimeId = 'local' | 'docker' | 'compose' | 'kubernetes' | 'ci' | 'serverless';

/** One answer to "where does the app run?", with what made it plausible. */
export type RuntimeChoice = {id: RuntimeId; label: string; why: string; probes: readonly string[]};

/** Step 2's question: the plausible places, the one pre-selected, and whether to ask at all. */
export type RuntimeQuestion = {choices: RuntimeChoice[]; preselected: RuntimeId; ask: boolean};

/** The probes each answer shows. */
export const runtimeProbes: Record<RuntimeId, readonly string[]> = {
	local: ['env', 'dotenv', 'profiles', 'login-shell', 'misnamed-vars'],
	docker: ['docker', 'dockerfile'],
	compose: ['compose', 'docker', 'dockerfile'],
	kubernetes: ['kubernetes'],
	ci: ['ci'],
	serverless: ['serverless'],
};

const labels: Record<RuntimeId, string> = {
	local: 'On this machine (a terminal, an IDE, a service)',
	docker: 'In a Docker container',
	compose: 'With docker compose',
	kubernetes: 'In Kubernetes',
	ci: 'In CI',
	serverless: 'As a serverless function',
};

function dataOf<T>(results: ProbeResults, id: string): T | undefined {
	return results.get(id)?.data as T | undefined;
}

/**
 * Which places the app plausibly runs in, from what the probes found (containers of this
 * project, compose and Dockerfiles, manifests or `--k8s-secret`, CI, serverless files),
 * which one to pre-select, and whether there is anything to ask (more than one).
 */
export function runtimeQuestion(results: ProbeResults, options: Pick<RunOptions, 'containers' | 'k8sSecret'>): RuntimeQuestion {
	const docker = dataOf<DockerProbeData>(results, 'docker');
	const compose = dataOf<ComposeProbeData>(results, 'compose');
	const dockerfile = dataOf<DockerfileProbeData>(results, 'dockerfile');
	const kubernetes = dataOf<KubernetesProbeData>(results, 'kubernetes');
	const ci = dataOf<CiProbeData>(results, 'ci');
	const serverless = dataOf<ServerlessProbeData>(results, 'serverless');
	const choices: RuntimeChoice[] = [];
	const add = (id: RuntimeId, why: string) => choices.push({id, label: labels[id], why, probes: runtimeProbes[id]});
	add('local', docker?.self.inside ? `key-wizard runs in a container itself (${docker.self.evidence[0]})` : 'this terminal and its startup files');
	const composeContainers = (docker?.inspected ?? []).filter(item => item.composeService && !item.requested);
	const composeFiles = (compose?.files ?? []).map(file => file.shown);
	if (composeFiles.length > 0 || composeContainers.length > 0) {
		add('compose', composeContainers.length > 0 ? `${listSome(composeContainers.map(item => item.name))} of this project run${composeContainers.length === 1 ? 's' : ''}` : `${listSome(composeFiles)} in the project`);
	}

	const named = (docker?.inspected ?? []).filter(item => item.requested);
	const dockerfiles = (dockerfile?.files ?? []).map(file => file.shown);
	if (options.containers.length > 0 || named.length > 0 || dockerfiles.length > 0 || (docker?.containers.length ?? 0) > 0) {
		add('docker', options.containers.length > 0 ? `--container ${listSome(options.containers)}` : dockerfiles.length > 0 ? `${listSome(dockerfiles)} in the project` : `${docker!.containers.length} container${docker!.containers.length === 1 ? '' : 's'} on ${docker!.endpoint}`);
	}

	const workloads = kubernetes?.workloads.length ?? 0;
	if (options.k8sSecret || workloads > 0 || (kubernetes?.secrets.length ?? 0) > 0) {
		add('kubernetes', options.k8sSecret ? `--k8s-secret ${options.k8sSecret.namespace ? `${options.k8sSecret.namespace}/` : ''}${options.k8sSecret.name}` : `${workloads} workload container${workloads === 1 ? '' : 's'} in the manifests`);
	}

	if (ci?.run || (ci?.workflows.length ?? 0) > 0 || ci?.gitlab) add('ci', ci?.run ? `running in ${ci.run.label} now` : `${listSome([...(ci?.workflows.map(item => item.file) ?? []), ...(ci?.gitlab ? [ci.gitlab.file] : [])])} in the project`);
	if ((serverless?.configs.length ?? 0) > 0) add('serverless', listSome(serverless!.configs.map(config => `${platformLabels[config.platform]} (${config.file})`)));
	return {choices, preselected: preselect(choices, options, ci, composeContainers.length > 0), ask: choices.length > 1};
}

function preselect(choices: readonly RuntimeChoice[], options: Pick<RunOptions, 'containers' | 'k8sSecret'>, ci: CiProbeData | undefined, composeRunning: boolean): RuntimeId {
	const has = (id: RuntimeId) => choices.some(choice => choice.id === id);
	if (ci?.run) return 'ci';
	if (options.containers.length > 0 && has('docker')) return 'docker';
	if (options.k8sSecret && has('kubernetes')) return 'kubernetes';
	if (composeRunning) return 'compose';
	return 'local';
}

/** Which runtimes a cause belongs to; causes not listed apply everywhere. */
const causeRuntimes: Record<string, readonly RuntimeId[]> = {
	'container-key-missing': ['docker', 'compose'],
	'container-key-differs': ['docker', 'compose'],
	'compose-unset-variable': ['compose'],
	'compose-literal-quotes': ['compose'],
	'compose-env-file-missing': ['compose'],
	'k8s-secret-newline': ['kubernetes'],
	'k8s-secret-missing': ['kubernetes'],
	'ci-secret-unavailable': ['ci'],
};

/** This machine's own sources matter little when the app runs elsewhere (its environment is not the app's). */
const localOnly = new Set(['profile-not-loaded', 'profile-missing-export', 'profile-conflict', 'stale-env-shadows-dotenv']);

/** The causes that apply once the user said where the app runs, most likely first as before. */
export function causesForRuntime(causes: readonly Cause[], runtime: RuntimeId): Cause[] {
	return causes.filter(cause => {
		const where = causeRuntimes[cause.id];
		if (where) return where.includes(runtime);
		return runtime === 'local' || !localOnly.has(cause.id);
	});
}

/** How to set the key where the app runs: the snippets for the answer given. */
export function runtimeSnippets(runtime: RuntimeId, results: ProbeResults): Snippet[] {
	const docker = dataOf<DockerProbeData>(results, 'docker');
	const compose = dataOf<ComposeProbeData>(results, 'compose');
	const kubernetes = dataOf<KubernetesProbeData>(results, 'kubernetes');
	switch (runtime) {
		case 'docker': {
			const container = docker?.inspected.find(item => item.requested) ?? docker?.inspected[0];
			return [dockerRunSnippet(container?.image, container?.name)];
		}

		case 'compose': {
			const service = compose?.services.find(item => item.mentionsKey) ?? compose?.services.find(item => item.build) ?? compose?.services[0];
			return [composeEnvironmentSnippet(service?.name), composeRecreateSnippet(service?.name)];
		}

		case 'kubernetes': {
			const workload = kubernetes?.workloads.find(item => item.secret);
			const check = kubernetes?.checks[0];
			return [kubectlSecretSnippet(check?.namespace ?? workload?.namespace, check?.name ?? workload?.secret, check?.key ?? workload?.key), kubectlRestartSnippet(check?.namespace ?? workload?.namespace, workload?.workload)];
		}

		case 'ci':
			return [githubEnvSnippet(dataOf<CiProbeData>(results, 'ci')?.workflows.flatMap(item => item.secretNames)[0])];
		case 'serverless': {
			const config = dataOf<ServerlessProbeData>(results, 'serverless')?.configs[0];
			return config ? serverlessSnippets(config.platform, config.functions[0]) : [];
		}

		default:
			return [];
	}
}

/** One item of step 2's container or secret picker. */
export type PickerItem = {key: string; label: string; value: string};

/** The containers to pick from: this project's first, then the running ones, then the rest. */
export function containerPickerItems(docker: DockerProbeData | undefined, cwd: string): PickerItem[] {
	const containers = docker?.containers ?? [];
	const ofProject = (item: DockerProbeData['containers'][number]) => item.composeWorkingDir === cwd;
	const sorted = [...containers].sort((a, b) => Number(ofProject(b)) - Number(ofProject(a)) || Number(b.state === 'running') - Number(a.state === 'running'));
	return sorted.map(item => ({
		key: item.id || item.name,
		value: item.name || item.id,
		label: `${item.name} · ${item.state || 'unknown'} · ${item.image}${item.composeService ? ` · compose ${item.composeProject ?? ''}/${item.composeService}` : ''}${ofProject(item) ? ' · this project' : ''}`,
	}));
}

/** The secrets to pick from: those the project's manifests read OPENAI_API_KEY from. */
export function secretPickerItems(kubernetes: KubernetesProbeData | undefined): PickerItem[] {
	const seen = new Map<string, PickerItem>();
	for (const workload of kubernetes?.workloads ?? []) {
		if (!workload.secret) continue;
		const value = `${workload.namespace ? `${workload.namespace}/` : ''}${workload.secret}${workload.key ? `:${workload.key}` : ''}`;
		if (!seen.has(value)) seen.set(value, {key: value, value, label: `${value} · read by ${workload.workload}`});
	}

	return [...seen.values()];
}
