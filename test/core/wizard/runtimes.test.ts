import {describe, expect, it} from 'vitest';
import {causesForRuntime, containerPickerItems, runtimeQuestion, runtimeSnippets, secretPickerItems} from '../../../source/core/wizard/runtimes.js';
import {plannedChecksOfStep} from '../../../source/core/wizard/steps.js';
import {allProbes} from '../../../source/core/probes/index.js';
import type {Cause, ProbeResult} from '../../../source/core/types.js';

const result = (id: string, data: unknown): ProbeResult => ({id, step: 2, status: 'pass', summary: id, durationMs: 1, data});
const self = {inside: false, evidence: []};
const docker = (inspected: unknown[] = [], containers: unknown[] = []) => result('docker', {endpoint: 'unix:///var/run/docker.sock', reachable: true, self, containers, inspected, notFound: [], projectFiles: []});
const cause = (id: string): Cause => ({id, step: 2, confidence: 'high', title: id, evidence: [], fix: [], snippets: []});

describe('runtimeQuestion', () => {
	it('only this machine: nothing to ask', () => {
		const question = runtimeQuestion(new Map([['docker', docker()]]), {containers: []});
		expect(question).toMatchObject({preselected: 'local', ask: false});
		expect(question.choices.map(choice => choice.id)).toEqual(['local']);
	});

	it('a running compose container of the project pre-selects compose', () => {
		const results = new Map([
			['docker', docker([{name: 'app-web-1', composeService: 'web', requested: false}])],
			['compose', result('compose', {files: [{shown: 'compose.yaml', role: 'main'}], services: [], changes: []})],
			['dockerfile', result('dockerfile', {files: [{shown: 'Dockerfile'}], baked: [], fromBuildArg: [], shipsEnv: []})],
		]);
		const question = runtimeQuestion(results, {containers: []});
		expect(question.choices.map(choice => choice.id)).toEqual(['local', 'compose', 'docker']);
		expect(question).toMatchObject({preselected: 'compose', ask: true});
		expect(question.choices.find(choice => choice.id === 'compose')!.probes).toContain('compose');
	});

	it('flags and CI decide first', () => {
		expect(runtimeQuestion(new Map([['docker', docker([{name: 'bot', requested: true}])]]), {containers: ['bot']}).preselected).toBe('docker');
		expect(runtimeQuestion(new Map(), {containers: [], k8sSecret: {name: 'openai'}}).preselected).toBe('kubernetes');
		const ci = result('ci', {run: {provider: 'github-actions', label: 'GitHub Actions', withheld: []}, keyInEnv: 'unset', workflows: []});
		expect(runtimeQuestion(new Map([['ci', ci]]), {containers: []}).preselected).toBe('ci');
	});
});

describe('narrowing by the answer', () => {
	const causes = [cause('container-key-missing'), cause('compose-unset-variable'), cause('k8s-secret-newline'), cause('stale-env-shadows-dotenv'), cause('key-invalid'), cause('dockerfile-baked-key')];
	it.each([
		['local', ['stale-env-shadows-dotenv', 'key-invalid', 'dockerfile-baked-key']],
		['docker', ['container-key-missing', 'key-invalid', 'dockerfile-baked-key']],
		['compose', ['container-key-missing', 'compose-unset-variable', 'key-invalid', 'dockerfile-baked-key']],
		['kubernetes', ['k8s-secret-newline', 'key-invalid', 'dockerfile-baked-key']],
	] as const)('%s keeps %j', (runtime, kept) => {
		expect(causesForRuntime(causes, runtime).map(item => item.id)).toEqual(kept);
	});

	it('gives the snippets for the answer', () => {
		const results = new Map([['compose', result('compose', {files: [], changes: [], services: [{name: 'web', mentionsKey: true, profiles: [], envFiles: [], key: {}}]})]]);
		expect(runtimeSnippets('compose', results).map(snippet => snippet.text)).toEqual(['services:\n  web:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY:?set OPENAI_API_KEY}', 'docker compose up -d --force-recreate web']);
		expect(runtimeSnippets('docker', new Map())[0]!.text).toBe('docker run -d -e OPENAI_API_KEY <image>');
	});
});

describe('pickers', () => {
	it('lists this project\'s containers first, then the running ones', () => {
		const items = containerPickerItems(
			{endpoint: '', reachable: true, self, inspected: [], notFound: [], projectFiles: [], containers: [
				{id: 'a1', name: 'other', image: 'x', state: 'running', status: ''},
				{id: 'b2', name: 'old', image: 'y', state: 'exited', status: ''},
				{id: 'c3', name: 'app-web-1', image: 'app', state: 'exited', status: '', composeService: 'web', composeProject: 'app', composeWorkingDir: '/p'},
			]},
			'/p',
		);
		expect(items.map(item => item.value)).toEqual(['app-web-1', 'other', 'old']);
		expect(items[0]!.label).toContain('this project');
	});

	it('lists the secrets the manifests read the key from', () => {
		const items = secretPickerItems({manifests: [], secrets: [], mismatches: [], external: [], checks: [], workloads: [{workload: 'Deployment/api', namespace: 'prod', file: 'k8s/a.yaml', container: 'api', via: 'secretKeyRef', secret: 'openai', key: 'api-key'}]});
		expect(items).toEqual([{key: 'prod/openai:api-key', value: 'prod/openai:api-key', label: 'prod/openai:api-key · read by Deployment/api'}]);
	});
});

describe('no step lists as "not checked yet" what the deployed and code probes cover', () => {
	it('leaves no planned row in any step', () => {
		for (const step of [1, 2, 3, 4, 5] as const) expect(plannedChecksOfStep(step, allProbes).map(check => check.label)).toEqual([]);
	});
});
