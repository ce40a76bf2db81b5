import {mapLimit} from '../api/candidate-keys.js';
import {probeDeadline, timeLeft} from '../deployed/deadline.js';
import {readManifests, type KubeManifests, type ManifestKeyRef} from '../deployed/kube-manifests.js';
import {currentContext, getSecret, kubectlRunner, type KubeContext, type KubeProblem} from '../deployed/kubectl.js';
import {analyzeKeyFully} from '../keys/anatomy.js';
import {escapeVisible} from '../keys/fingerprint.js';
import {Secret} from '../keys/secret.js';
import {listSome} from '../local/list-some.js';
import {keyVariable} from '../local/near-names.js';
import type {KeyObservation, ProbeDefinition, ProbeStatus} from '../types.js';

/** Most secrets the project's manifests name that are read from the cluster without being asked for. */
const maxReferenced = 5;

/** What a secret value looks like, never the value: fingerprint, hash, and blanks around it. */
export type SecretValueFact = {
	sha256: string;
	fingerprint: string;
	/** What surrounds the key: `\n` at the end (`echo | base64`), other blanks. */
	trailing?: string;
	leading?: string;
	/** Other defects of the value, in words. */
	defects: string[];
	kindLabel: string;
};

/** One secret looked up in the cluster. */
export type ClusterSecretCheck = {
	namespace: string;
	name: string;
	/** Named with `--k8s-secret` (else named by the project's manifests). */
	requested: boolean;
	/** The key read; undefined when the secret has several and none could be chosen. */
	key?: string;
	keyGiven: boolean;
	state: 'found' | 'secret-missing' | 'key-missing' | 'unreadable' | 'key-unclear';
	problem?: KubeProblem;
	message?: string;
	/** The secret's keys, by name. */
	keys: string[];
	value?: SecretValueFact;
	/** `k8s:default/openai:api-key`. */
	source: string;
	/** Workloads that read it for OPENAI_API_KEY (`Deployment/api`). */
	usedBy: string[];
};

/** A workload's reference that the project's own Secret does not fill. */
export type ManifestMismatch = {workload: string; file: string; line?: number; secret: string; key: string; via: 'secretKeyRef' | 'envFrom'; secretFile: string; keys: string[]};

/** A workload's reference to a secret the manifests do not define, while they define another that holds the key: the names do not line up. */
export type ManifestNameMismatch = {workload: string; file: string; line?: number; secret: string; key: string; via: 'secretKeyRef' | 'envFrom'; candidates: Array<{name: string; file: string}>};

/** A Secret the project's manifests (or kustomize) define, with the key the app reads. */
export type ManifestSecretFact = {name: string; namespace?: string; file: string; line?: number; keys: string[]; generated: boolean; value?: SecretValueFact & {key: string; line?: number; source: string}};

/** What the Kubernetes probe found. */
export type KubernetesProbeData = {
	manifests: Array<{shown: string; problem?: string}>;
	/** Workload containers and how each gets OPENAI_API_KEY. */
	workloads: Array<{workload: string; namespace?: string; file: string; line?: number; container: string; via: ManifestKeyRef['via']; secret?: string; key?: string; optional?: boolean; literal?: {fingerprint: string; sha256: string}}>;
	secrets: ManifestSecretFact[];
	mismatches: ManifestMismatch[];
	nameMismatches?: ManifestNameMismatch[];
	/** The secrets the manifests reference that they do not define (created by hand or by another tool). */
	external: Array<{secret: string; key: string; namespace?: string; usedBy: string[]}>;
	context?: KubeContext;
	/** Why the cluster was not asked. */
	cluster?: {problem: KubeProblem; message: string};
	checks: ClusterSecretCheck[];
};

/** Step 2: Kubernetes secrets (`--k8s-secret`, and those the project's manifests reference) and the manifests that wire them to OPENAI_API_KEY. */
export const kubernetesProbe: ProbeDefinition<KubernetesProbeData> = {
	id: 'kubernetes',
	step: 2,
	title: 'Kubernetes',
	checks: 'the secret the pods read OPENAI_API_KEY from: present, the key in it, a trailing newline',
	async run({ports, options, signal}) {
		const deadline = probeDeadline(ports, options.timeoutMs);
		const manifests = await readManifests(ports, keyVariable);
		const keys: KeyObservation[] = [];
		const data = manifestFacts(manifests, keys);
		const requested = options.k8sSecret;
		const targets = [
			...(requested ? [{namespace: requested.namespace, name: requested.name, key: requested.key, requested: true, usedBy: [] as string[]}] : []),
			...data.external.filter(item => !(requested && requested.name === item.secret)).slice(0, maxReferenced).map(item => ({namespace: item.namespace, name: item.secret, key: item.key, requested: false, usedBy: item.usedBy})),
		];
		if (targets.length > 0) {
			const run = kubectlRunner(ports, signal);
			const context = await currentContext(run, timeLeft(ports, deadline));
			if (context.ok) {
				data.context = context.context;
				data.checks = await mapLimit(targets, 3, async target => {
					const namespace = target.namespace ?? context.context.namespace;
					const read = await getSecret(run, namespace, target.name, timeLeft(ports, deadline));
					return checkOf(target, namespace, read, keys);
				});
			} else {
				data.cluster = {problem: context.problem, message: context.message};
			}
		}

		return summarise(data, keys, Boolean(requested));
	},
};

function manifestFacts(manifests: KubeManifests, keys: KeyObservation[]): KubernetesProbeData {
	const data: KubernetesProbeData = {manifests: manifests.files, workloads: [], secrets: [], mismatches: [], nameMismatches: [], external: [], checks: []};
	const wanted = new Map<string, Set<string>>();
	for (const workload of manifests.workloads) {
		const name = `${workload.kind}/${workload.name}`;
		const {key} = workload;
		const row: KubernetesProbeData['workloads'][number] = {workload: name, ...(workload.namespace ? {namespace: workload.namespace} : {}), file: workload.file, ...(workload.line === undefined ? {} : {line: workload.line}), container: workload.container, via: key.via};
		if (key.via === 'secretKeyRef' || key.via === 'envFrom') {
			Object.assign(row, {secret: key.secret, key: key.key, optional: key.optional});
			const set = wanted.get(key.secret) ?? new Set<string>();
			set.add(key.key);
			wanted.set(key.secret, set);
		} else if (key.via === 'literal' && key.value.trim()) {
			const secret = new Secret(key.value);
			const source = `k8s-file:${workload.file}:${key.line ?? workload.line ?? 0}`;
			row.literal = {fingerprint: secret.fingerprint, sha256: secret.sha256};
			keys.push({secret, source, origin: 'kubernetes', variable: keyVariable});
		}

		data.workloads.push(row);
	}

	for (const secret of manifests.secrets) {
		const fact: ManifestSecretFact = {name: secret.name, ...(secret.namespace ? {namespace: secret.namespace} : {}), file: secret.file, ...(secret.line === undefined ? {} : {line: secret.line}), keys: secret.keys.map(item => item.key), generated: secret.generated};
		const keyName = [...(wanted.get(secret.name) ?? [])].find(name => secret.keys.some(item => item.key === name)) ?? secret.keys.find(item => item.key === keyVariable)?.key;
		const entry = secret.keys.find(item => item.key === keyName);
		if (entry && entry.value.trim()) {
			const source = `k8s-file:${secret.file}:${entry.line ?? secret.line ?? 0}`;
			const secretValue = new Secret(entry.value);
			fact.value = {...valueFact(secretValue), key: entry.key, ...(entry.line === undefined ? {} : {line: entry.line}), source};
			keys.push({secret: secretValue, source, origin: 'kubernetes', variable: keyVariable});
		}

		data.secrets.push(fact);
	}

	const external = new Map<string, KubernetesProbeData['external'][number]>();
	for (const workload of manifests.workloads) {
		const {key} = workload;
		if (key.via !== 'secretKeyRef' && key.via !== 'envFrom') continue;
		const defined = manifests.secrets.find(secret => secret.name === key.secret && (secret.namespace ?? workload.namespace) === (workload.namespace ?? secret.namespace));
		const name = `${workload.kind}/${workload.name}`;
		if (defined) {
			if (!key.optional && !defined.keys.some(item => item.key === key.key)) {
				data.mismatches.push({workload: name, file: workload.file, ...(key.line === undefined ? {} : {line: key.line}), secret: key.secret, key: key.key, via: key.via, secretFile: defined.file, keys: defined.keys.map(item => item.key)});
			}

			continue;
		}

		// The project defines the key under another secret's name: the reference was meant for it.
		const candidates = manifests.secrets.filter(secret => secret.keys.some(item => item.key === key.key || item.key === keyVariable));
		if (!key.optional && candidates.length > 0) {
			data.nameMismatches!.push({workload: name, file: workload.file, ...(key.line === undefined ? {} : {line: key.line}), secret: key.secret, key: key.key, via: key.via, candidates: candidates.slice(0, 3).map(secret => ({name: secret.name, file: secret.file}))});
		}

		const id = `${workload.namespace ?? ''}/${key.secret}:${key.key}`;
		const existing = external.get(id);
		if (existing) existing.usedBy.push(name);
		else external.set(id, {secret: key.secret, key: key.key, ...(workload.namespace ? {namespace: workload.namespace} : {}), usedBy: [name]});
	}

	data.external = [...external.values()];
	return data;
}

/** Fingerprint, hash and the blanks around a secret's value, never the value. */
export function valueFact(secret: Secret): SecretValueFact {
	const value = secret.reveal();
	const analysis = analyzeKeyFully(value);
	const trailing = /\s+$/.exec(value)?.[0];
	const leading = /^\s+/.exec(value)?.[0];
	return {
		sha256: secret.sha256,
		fingerprint: secret.fingerprint,
		...(trailing ? {trailing: escapeVisible(trailing)} : {}),
		...(leading ? {leading: escapeVisible(leading)} : {}),
		defects: analysis.defectDetails.filter(detail => detail.defect !== 'whitespace').map(detail => detail.text),
		kindLabel: analysis.anatomy.label,
	};
}

type Target = {namespace?: string; name: string; key?: string; requested: boolean; usedBy: string[]};

function checkOf(target: Target, namespace: string, read: Awaited<ReturnType<typeof getSecret>>, keys: KeyObservation[]): ClusterSecretCheck {
	const base = {namespace, name: target.name, requested: target.requested, keyGiven: target.key !== undefined, usedBy: target.usedBy};
	const source = (key: string | undefined) => `k8s:${namespace}/${target.name}${key ? `:${key}` : ''}`;
	if (!read.ok) {
		const state = read.problem === 'not-found' ? 'secret-missing' : 'unreadable';
		return {...base, ...(target.key ? {key: target.key} : {}), state, problem: read.problem, message: read.message, keys: [], source: source(target.key)};
	}

	const names = Object.keys(read.secret.data);
	const key = target.key ?? chooseKey(names);
	if (!key) return {...base, state: 'key-unclear', keys: names, source: source(undefined), message: `The secret holds ${names.length === 0 ? 'no keys' : `${names.length} keys (${listSome(names, 6)})`}; name the one the app reads: --k8s-secret ${namespace}/${target.name}:KEY.`};
	if (!Object.prototype.hasOwnProperty.call(read.secret.data, key)) return {...base, key, state: 'key-missing', keys: names, source: source(key)};
	const value = read.secret.data[key]!;
	if (value.trim() === '') return {...base, key, state: 'found', keys: names, source: source(key)};
	const secret = new Secret(value);
	keys.push({secret, source: source(key), origin: 'kubernetes', variable: keyVariable});
	return {...base, key, state: 'found', keys: names, value: valueFact(secret), source: source(key)};
}

/** The key to read when none was named: OPENAI_API_KEY, the only one, or one whose name says it. */
function chooseKey(names: readonly string[]): string | undefined {
	if (names.includes(keyVariable)) return keyVariable;
	if (names.length === 1) return names[0];
	const named = names.filter(name => /openai|api[-_.]?key/i.test(name));
	return named.length === 1 ? named[0] : undefined;
}

function summarise(data: KubernetesProbeData, keys: KeyObservation[], requested: boolean): {status: ProbeStatus; summary: string; details: string[]; data: KubernetesProbeData; keys: KeyObservation[]} {
	const details: string[] = [];
	for (const file of data.manifests) if (file.problem) details.push(file.problem);
	for (const workload of data.workloads) {
		const how = workload.via === 'none' ? 'does not set OPENAI_API_KEY' : workload.via === 'literal' ? `sets OPENAI_API_KEY to ${workload.literal?.fingerprint ?? 'a value'} in the manifest` : workload.via === 'configMap' ? 'reads OPENAI_API_KEY from a ConfigMap' : `reads OPENAI_API_KEY from secret ${workload.secret}, key ${workload.key}${workload.optional ? ' (optional)' : ''}`;
		details.push(`${workload.file}: ${workload.workload} container ${workload.container} ${how}.`);
	}

	for (const mismatch of data.mismatches) details.push(`${mismatch.file}${mismatch.line ? `:${mismatch.line}` : ''}: ${mismatch.workload} reads key ${mismatch.key} of secret ${mismatch.secret}, but ${mismatch.secretFile} defines only ${listSome(mismatch.keys, 6) || 'no keys'}.`);
	for (const mismatch of data.nameMismatches ?? []) details.push(`${mismatch.file}${mismatch.line ? `:${mismatch.line}` : ''}: ${mismatch.workload} reads secret ${mismatch.secret}, which the manifests do not define; they define ${listSome(mismatch.candidates.map(item => item.name))} with the key.`);
	for (const secret of data.secrets) if (secret.value?.trailing) details.push(`${secret.file}${secret.value.line ? `:${secret.value.line}` : ''}: secret ${secret.name} key ${secret.value.key} (${secret.value.fingerprint}) ends with ${secret.value.trailing}.`);
	if (data.context) details.push(`Cluster: context ${data.context.context}${data.context.server ? ` (${data.context.server})` : ''}, namespace ${data.context.namespace}.`);
	if (data.cluster) details.push(data.cluster.message);
	for (const check of data.checks) details.push(describeCheck(check));

	const hasManifests = data.workloads.length > 0 || data.secrets.length > 0;
	if (!hasManifests && data.checks.length === 0 && !data.cluster) {
		const broken = data.manifests.filter(file => file.problem);
		if (broken.length > 0) return {status: 'warn', summary: broken[0]!.problem!, details, data, keys};
		return {status: 'skip', summary: 'No Kubernetes manifests in the project folder, and no --k8s-secret given.', details, data, keys};
	}

	const bad = data.checks.filter(check => check.state === 'secret-missing' || check.state === 'key-missing' || check.value?.trailing || check.value?.leading);
	const requestedCheck = data.checks.find(check => check.requested);
	const newline = data.secrets.some(secret => secret.value?.trailing || secret.value?.leading);
	let status: ProbeStatus;
	if (requested && data.cluster) status = data.cluster.problem === 'timeout' ? 'timeout' : 'error';
	else if (bad.length > 0 || data.mismatches.length > 0 || newline) status = 'fail';
	else if (unresolvedNameMismatches(data).length > 0) status = 'fail';
	else if (data.checks.some(check => check.state === 'unreadable' || check.state === 'key-unclear') || data.manifests.some(file => file.problem)) status = requestedCheck?.state === 'unreadable' ? 'error' : 'warn';
	else status = 'pass';
	const summary = requestedCheck ? describeCheck(requestedCheck) : data.checks.length > 0 ? listSome(data.checks.map(describeCheck), 2) : data.cluster && requested ? data.cluster.message : `${data.workloads.length} workload container${data.workloads.length === 1 ? '' : 's'} and ${data.secrets.length} secret${data.secrets.length === 1 ? '' : 's'} in the manifests${data.mismatches.length > 0 ? `; ${data.mismatches.length} reference${data.mismatches.length === 1 ? '' : 's'} to a key the secret does not have` : ''}${newline ? '; a secret value ends with a newline' : ''}.`;
	return {status, summary, details, data, keys};
}

/** The name mismatches the cluster does not make good: no secret of that name with the key was found there. */
export function unresolvedNameMismatches(data: KubernetesProbeData): ManifestNameMismatch[] {
	return (data.nameMismatches ?? []).filter(mismatch => !data.checks.some(check => check.name === mismatch.secret && check.state === 'found' && check.key === mismatch.key));
}

function describeCheck(check: ClusterSecretCheck): string {
	const name = `${check.namespace}/${check.name}${check.key ? `:${check.key}` : ''}`;
	switch (check.state) {
		case 'secret-missing':
			return `Secret ${check.namespace}/${check.name} does not exist in the cluster.`;
		case 'key-missing':
			return `Secret ${check.namespace}/${check.name} has no key ${check.key} (it has ${listSome(check.keys, 6) || 'no keys'}).`;
		case 'key-unclear':
		case 'unreadable':
			return check.message ?? `Secret ${name} could not be read.`;
		default:
			if (!check.value) return `Secret ${name} is empty.`;
			return `Secret ${name} = ${check.value.fingerprint}${check.value.trailing ? `, ending with ${check.value.trailing}` : ''}${check.value.leading ? `, starting with ${check.value.leading}` : ''}.`;
	}
}
