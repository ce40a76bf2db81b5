import {effectiveKey} from '../keys/effective.js';
import {factsBaseUrl} from '../local/app-settings.js';
import {keyVariable} from '../local/near-names.js';
import type {ComposeProbeData, ComposeServiceFact} from '../probes/compose.js';
import type {ContainerKeyFact, DockerProbeData} from '../probes/docker.js';
import type {DockerfileProbeData} from '../probes/dockerfile.js';
import type {DotenvProbeData} from '../probes/dotenv.js';
import type {KubernetesProbeData} from '../probes/kubernetes.js';
import type {Facts, KeyObservation} from '../types.js';

/** The probe data that says where the app runs. */
type Runtime = {docker?: DockerProbeData; compose?: ComposeProbeData; dockerfile?: DockerfileProbeData; kubernetes?: KubernetesProbeData; dotenv?: DotenvProbeData};

function runtime(facts: Pick<Facts, 'results'>): Runtime {
	const data = <T>(id: string) => facts.results.get(id)?.data as T | undefined;
	return {docker: data('docker'), compose: data('compose'), dockerfile: data('dockerfile'), kubernetes: data('kubernetes'), dotenv: data('dotenv')};
}

/** The compose service a container was created for, when this project's compose file has it. */
export function composeServiceOf(compose: ComposeProbeData | undefined, container: ContainerKeyFact): ComposeServiceFact | undefined {
	return container.composeService ? compose?.services.find(service => service.name === container.composeService) : undefined;
}

/**
 * A container whose key matters: named with --container, holding an OpenAI variable, or
 * this project's compose container meant to get the key (its service is wired to it,
 * or, when no service is, it is built from this project while this machine has a key).
 */
export function containerIsApp(facts: Facts, container: ContainerKeyFact): boolean {
	if (container.requested) return true;
	if (container.nearNames.length > 0 || container.openaiVariables.length > 0) return true;
	const {compose, dotenv, dockerfile} = runtime(facts);
	const service = composeServiceOf(compose, container);
	if (service?.mentionsKey) return true;
	// No service is wired to the key at all, while this machine has one: a service built from this
	// project is the app, unless it may read the key another way (compose secrets, a .env copied into the image).
	const anyWired = compose?.services.some(item => item.mentionsKey) ?? false;
	const keyHere = effectiveKey(facts).state === 'key' || Boolean(dotenv?.files.some(file => file.definitions.some(definition => definition.variable === keyVariable && !definition.empty)));
	return Boolean(service?.build) && !anyWired && keyHere && !service!.usesSecrets && (dockerfile?.shipsEnv.length ?? 0) === 0;
}

/**
 * The OPENAI_API_KEY sightings the app gets where it runs, beside this machine's own:
 * the key in the app's containers (docker inspect), the key compose hands a service
 * wired to it, and the cluster secret a workload reads (or `--k8s-secret` names). The
 * value causes (template text, another provider's key, quotes, blanks…) judge these as
 * they judge the key in this shell. Left out: what a more precise cause already names
 * (quotes compose's list form adds, a secret's trailing newline), a container that calls
 * another host with that host's key, and manifests' own values (often templates).
 */
export function deployedKeyObservations(facts: Facts): KeyObservation[] {
	const {docker, compose, kubernetes} = runtime(facts);
	const bySource = new Map<string, KeyObservation>();
	for (const key of facts.keys) {
		for (const observation of key.observations) if (observation.variable === keyVariable) bySource.set(observation.source, observation);
	}

	const baseUrl = factsBaseUrl(facts).url.replace(/\/+$/, '');
	const sources: string[] = [];
	for (const container of docker?.inspected ?? []) {
		if (container.key !== 'value' || !containerIsApp(facts, container)) continue;
		if (container.baseUrl && container.baseUrl.replace(/\/+$/, '') !== baseUrl) continue;
		if (composeServiceOf(compose, container)?.key.literalQuotes) continue;
		sources.push(container.source);
	}

	for (const service of compose?.services ?? []) {
		if (service.mentionsKey && service.key.state === 'value' && !service.key.literalQuotes) sources.push(`compose:${service.name}`);
	}

	for (const check of kubernetes?.checks ?? []) {
		if (check.state !== 'found' || !check.value || check.value.trailing || check.value.leading) continue;
		if (check.requested || check.usedBy.length > 0) sources.push(check.source);
	}

	return [...new Set(sources)].flatMap(source => {
		const observation = bySource.get(source);
		return observation ? [observation] : [];
	});
}

/**
 * The compose services wired to the key that compose hands an empty OPENAI_API_KEY although
 * no variable is left unset or empty (`OPENAI_API_KEY: ""`, an env_file's `OPENAI_API_KEY=`):
 * the file itself writes it empty. Empty by interpolation is compose-unset-variable's.
 */
export function composeEmptyKeys(facts: Pick<Facts, 'results'>): ComposeServiceFact[] {
	const {compose} = runtime(facts);
	return (compose?.services ?? []).filter(service => service.mentionsKey && service.key.state === 'empty' && service.key.references.every(reference => reference.set && !reference.empty));
}

/**
 * A near name (`OPENAI_KEY`) the project's compose file hands to a service as its
 * OPENAI_API_KEY (`OPENAI_API_KEY: ${OPENAI_KEY}`): the app in the container gets the key
 * under the right name, so holding it under that name here is by design.
 */
export function composeMapsName(facts: Pick<Facts, 'results'>, name: string): boolean {
	const {compose} = runtime(facts);
	return (compose?.services ?? []).some(service => service.key.state === 'value' && service.key.references.some(reference => reference.name === name && reference.set && !reference.empty));
}

/** Where to fix a value seen where the app runs, by its report-form source; undefined for this machine's sources. */
export function deployedFixLine(source: string): string | undefined {
	const container = /^container:(.+)$/.exec(source)?.[1];
	if (container) return `Fix the value where ${container} gets it (docker run -e / --env-file, compose environment: or env_file:), then recreate the container: it keeps the environment it was created with.`;
	const service = /^compose:(.+)$/.exec(source)?.[1];
	if (service) return `Fix the value compose gives ${service} (its environment: or env_file: entry, the shell or the project's .env), then docker compose up -d --force-recreate ${service}.`;
	const secret = /^k8s:([^/]+)\/([^:]+)(?::(.+))?$/.exec(source);
	if (secret) return `Fix key ${secret[3] ?? keyVariable} of secret ${secret[2]} in namespace ${secret[1]}, then restart the pods that read it (kubectl rollout restart).`;
	return undefined;
}
