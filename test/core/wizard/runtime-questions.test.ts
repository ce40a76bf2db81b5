import {describe, expect, it} from 'vitest';
import type {Cause, ProbeResult, ProbeResults} from '../../../source/core/types.js';
import type {DockerProbeData} from '../../../source/core/probes/docker.js';
import type {KubernetesProbeData} from '../../../source/core/probes/kubernetes.js';
import {answerOf, type GivenAnswer} from '../../../source/core/wizard/questions.js';
import {causesInView, runtimeQuestions, runtimeRunOptions} from '../../../source/core/wizard/runtime-questions.js';

const cwd = '/home/dev/shop';
const launch = {containers: [] as string[], cwd};

function results(data: Record<string, unknown>): ProbeResults {
	return new Map(Object.entries(data).map(([id, value]) => [id, {id, step: 2, status: 'pass', summary: '', durationMs: 1, data: value} as ProbeResult]));
}

function docker(overrides: Partial<DockerProbeData> = {}): DockerProbeData {
	return {endpoint: 'the default socket', reachable: true, self: {inside: false, evidence: []}, containers: [], inspected: [], notFound: [], projectFiles: [], ...overrides} as DockerProbeData;
}

function container(name: string, state = 'running', composeWorkingDir?: string) {
	return {id: `${name}-id`, name, image: `${name}:latest`, state, ...(composeWorkingDir ? {composeWorkingDir, composeProject: 'shop', composeService: name} : {})} as DockerProbeData['containers'][number];
}

function kubernetes(overrides: Partial<KubernetesProbeData> = {}): KubernetesProbeData {
	return {manifests: [], workloads: [], secrets: [], mismatches: [], external: [], checks: [], ...overrides};
}

function answered(questionId: string, value: string, given: Record<string, GivenAnswer> = {}, from = runtimeQuestions(results({}), launch, given)): Record<string, GivenAnswer> {
	const question = from.find(candidate => candidate.id === questionId);
	if (!question) throw new Error(`no question ${questionId}`);
	return {...given, [questionId]: answerOf(question, value)!};
}

const cause = (id: string, step: Cause['step'] = 2): Cause => ({id, step, title: id, confidence: 'high', evidence: [], fix: [], snippets: []}) as unknown as Cause;

describe('step 2 asks where the app runs only when the project shows more than one place', () => {
	it('asks nothing before a run finished, and nothing for a plain project', () => {
		expect(runtimeQuestions(undefined, launch, {})).toEqual([]);
		expect(runtimeQuestions(results({docker: docker()}), launch, {})).toEqual([]);
	});

	it('a Dockerfile in the project: this machine or a container, this machine first, and no rerun', () => {
		const found = results({dockerfile: {files: [{shown: 'Dockerfile'}]}, docker: docker()});
		const [question] = runtimeQuestions(found, launch, {});
		expect(question).toMatchObject({id: 'runtime', step: 2, advances: false});
		expect(question!.reruns).toBeFalsy();
		expect(question!.choices.map(choice => choice.value)).toEqual(['local', 'docker']);
		expect(question!.note).toContain('Dockerfile in the project');
	});

	it('compose containers of this project running: compose is the first choice', () => {
		const found = results({docker: docker({containers: [container('api', 'running', cwd)], inspected: [{name: 'api', composeService: 'api', requested: false} as never]}), compose: {files: [{shown: 'compose.yaml'}], services: []}});
		const [question] = runtimeQuestions(found, launch, {});
		expect(question!.choices[0]!.value).toBe('compose');
	});
});

describe('the container picker', () => {
	const found = results({dockerfile: {files: [{shown: 'Dockerfile'}]}, docker: docker({containers: [container('cache', 'exited'), container('web'), container('worker')]})});
	const asked = runtimeQuestions(found, launch, {});

	it('is asked once the user says the app runs in a container none of which was inspected; running ones first; picking one reruns', () => {
		const given = answered('runtime', 'docker', {}, asked);
		const picker = runtimeQuestions(found, launch, given).find(question => question.id === 'container');
		expect(picker).toMatchObject({step: 2, reruns: true, advances: false});
		expect(picker!.choices.map(choice => choice.value)).toEqual(['web', 'worker', 'cache']);
		expect(picker!.choices[0]!.label).toContain('web · running · web:latest');
	});

	it('is not asked for this machine, nor when --container named one', () => {
		expect(runtimeQuestions(found, launch, answered('runtime', 'local', {}, asked)).some(question => question.id === 'container')).toBe(false);
		expect(runtimeQuestions(found, {...launch, containers: ['web']}, answered('runtime', 'docker', {}, asked)).some(question => question.id === 'container')).toBe(false);
	});

	it('offers only names docker accepts, and an answer that is none never reaches docker', () => {
		const odd = results({dockerfile: {files: [{shown: 'Dockerfile'}]}, docker: docker({containers: [container('--format={{json .}}'), container('web')]})});
		const given = answered('runtime', 'docker', {}, runtimeQuestions(odd, launch, {}));
		expect(runtimeQuestions(odd, launch, given).find(question => question.id === 'container')!.choices.map(choice => choice.value)).toEqual(['web']);
		expect(runtimeRunOptions({container: {question: 'container', step: 2, prompt: '', value: '-v', label: '', transcript: ''}})).toEqual({});
	});

	it('the container picked goes into the next run as --container would', () => {
		const given = answered('runtime', 'docker', {}, asked);
		const picked = answered('container', 'worker', given, runtimeQuestions(found, launch, given));
		expect(runtimeRunOptions(picked)).toEqual({containers: ['worker']});
		expect(runtimeRunOptions({})).toEqual({});
	});
});

describe('the secret picker', () => {
	const workload = (secret: string, namespace?: string) => ({workload: 'Deployment/api', file: 'k8s/api.yaml', container: 'api', via: 'secretKeyRef', secret, key: 'api-key', ...(namespace ? {namespace} : {})}) as KubernetesProbeData['workloads'][number];

	it('offers the secrets the manifests read the key from, and the pick becomes --k8s-secret', () => {
		const found = results({kubernetes: kubernetes({workloads: [workload('openai', 'prod')]}), dockerfile: {files: [{shown: 'Dockerfile'}]}});
		const given = answered('runtime', 'kubernetes', {}, runtimeQuestions(found, launch, {}));
		const picker = runtimeQuestions(found, launch, given).find(question => question.id === 'k8s-secret');
		expect(picker!.choices.map(choice => choice.value)).toEqual(['prod/openai:api-key']);
		const picked = answered('k8s-secret', 'prod/openai:api-key', given, runtimeQuestions(found, launch, given));
		expect(runtimeRunOptions(picked)).toEqual({k8sSecret: {namespace: 'prod', name: 'openai', key: 'api-key'}});
	});

	it('never offers a name kubectl would not accept (the manifests are the project’s), nor one already read', () => {
		const found = results({
			kubernetes: kubernetes({workloads: [workload('--kubeconfig=/tmp/evil'), workload('Bad_Name'), workload('read-already')], checks: [{name: 'read-already'} as never]}),
			dockerfile: {files: [{shown: 'Dockerfile'}]},
		});
		const given = answered('runtime', 'kubernetes', {}, runtimeQuestions(found, launch, {}));
		expect(runtimeQuestions(found, launch, given).some(question => question.id === 'k8s-secret')).toBe(false);
		expect(runtimeRunOptions({'k8s-secret': {question: 'k8s-secret', step: 2, prompt: '', value: '--kubeconfig=/x', label: '', transcript: ''}})).toEqual({});
	});
});

describe('the causes in view follow the answer', () => {
	const all = [cause('profile-not-loaded'), cause('container-key-differs'), cause('k8s-secret-newline'), cause('key-invalid', 3)];
	const runtimeAnswer = (value: string): Record<string, GivenAnswer> => ({runtime: {question: 'runtime', step: 2, prompt: '', value, label: '', transcript: ''}});

	it('all of them before an answer', () => {
		expect(causesInView(all, {})).toEqual(all);
	});

	it('in Kubernetes: this machine’s profiles and the containers’ causes step aside; the key’s own stay', () => {
		expect(causesInView(all, runtimeAnswer('kubernetes')).map(item => item.id)).toEqual(['k8s-secret-newline', 'key-invalid']);
	});

	it('on this machine: the deployed causes step aside', () => {
		expect(causesInView(all, runtimeAnswer('local')).map(item => item.id)).toEqual(['profile-not-loaded', 'key-invalid']);
	});
});
