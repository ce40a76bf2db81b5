/**
 * The deployed probes against real parts: a real docker daemon (containers created with
 * and without the key, a compose project's labels), the real kubectl against a loopback
 * fake API server, and fake docker binaries only for the failure modes (a hung docker,
 * garbage, a denied socket). Then the rules over what they found.
 */
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {conclude} from '../../source/core/conclude.js';
import {dockerProbe, type DockerProbeData} from '../../source/core/probes/docker.js';
import {allProbes} from '../../source/core/probes/index.js';
import {kubernetesProbe, type KubernetesProbeData} from '../../source/core/probes/kubernetes.js';
import {runProbes} from '../../source/core/run-probes.js';
import type {ProbeOutcome, RunOptions} from '../../source/core/types.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {docker, dockerDaemon, testImage, type DockerDaemon} from '../helpers/docker-daemon.js';
import {makeOptions} from '../helpers/facts.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {startFakeKubeApi, writeKubeconfig, type FakeKubeApi} from '../helpers/fake-kube-api.js';
import {context} from '../helpers/probe-context.js';

const A = makeProjectKey(9101);
const B = makeProjectKey(9102);
const root = mkdtempSync(path.join(tmpdir(), 'kw-deployed-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));

function noKeyIn(outcome: ProbeOutcome, ...keys: string[]): void {
	const text = JSON.stringify({summary: outcome.summary, details: outcome.details, data: outcome.data, keys: outcome.keys});
	for (const key of keys) expect(text).not.toContain(key.slice(8, 40));
}

function project(name: string, files: Record<string, string> = {}): string {
	const dir = path.join(root, name);
	mkdirSync(dir, {recursive: true});
	for (const [file, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(dir, file)), {recursive: true});
		writeFileSync(path.join(dir, file), text);
	}

	return dir;
}

function ports(cwd: string, env: Record<string, string>) {
	return createRealPorts({cwd, home: root, env: {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, ...env}});
}

describe('docker probe with a real docker daemon', () => {
	let daemon: DockerDaemon | undefined;
	let skip = '';
	const app = project('compose-app', {'compose.yaml': 'services:\n  web:\n    build: .\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n'});
	const prefix = `kw${process.pid}`;

	beforeAll(async () => {
		const started = await dockerDaemon();
		if ('skip' in started) {
			skip = started.skip;
			return;
		}

		daemon = started;
		await docker(daemon, ['create', '--name', `${prefix}-with-key`, '-e', `OPENAI_API_KEY=${A}`, testImage]);
		await docker(daemon, ['create', '--name', `${prefix}-no-key`, '-e', 'PORT=8000', testImage]);
		await docker(daemon, ['create', '--name', `${prefix}-empty-key`, '-e', 'OPENAI_API_KEY=', '-e', `OPENAI_KEY=${B}`, testImage]);
		await docker(daemon, ['run', '-d', '--name', `${prefix}-web-1`, '--label', 'com.docker.compose.project=compose-app', '--label', 'com.docker.compose.service=web', '--label', `com.docker.compose.project.working_dir=${app}`, '-e', `OPENAI_API_KEY=${B}`, testImage]);
	}, 120_000);

	it('inspects containers named with --container: the key, an empty one, none, and a near name', async context_ => {
		if (!daemon) return context_.skip(skip);
		const cwd = project('plain');
		const outcome = (await dockerProbe.run(context(ports(cwd, {DOCKER_HOST: daemon.host}), [], {containers: [`${prefix}-with-key`, `${prefix}-no-key`, `${prefix}-empty-key`, `${prefix}-gone`]}))) as ProbeOutcome<DockerProbeData>;
		const data = outcome.data!;
		expect(data.reachable).toBe(true);
		expect(data.inspected.map(item => [item.name, item.key, item.requested])).toEqual([
			[`${prefix}-with-key`, 'value', true],
			[`${prefix}-no-key`, 'unset', true],
			[`${prefix}-empty-key`, 'empty', true],
		]);
		expect(data.inspected[2]!.nearNames.map(item => item.variable)).toEqual(['OPENAI_KEY']);
		expect(data.notFound).toEqual([`${prefix}-gone`]);
		expect(outcome.status).toBe('fail');
		expect(outcome.keys!.filter(key => key.variable === 'OPENAI_API_KEY').map(key => [key.source, key.secret.reveal() === A])).toEqual([[`container:${prefix}-with-key`, true]]);
		expect(data.inspected[0]!.created).toMatch(/^\d{4}-\d\d-\d\dT/);
		noKeyIn(outcome, A, B);
	});

	it("finds this project's compose containers by their working_dir label, without --container", async context_ => {
		if (!daemon) return context_.skip(skip);
		const outcome = (await dockerProbe.run(context(ports(app, {DOCKER_HOST: daemon.host}), []))) as ProbeOutcome<DockerProbeData>;
		expect(outcome.data!.inspected.map(item => [item.name, item.composeService, item.requested, item.state])).toEqual([[`${prefix}-web-1`, 'web', false, 'running']]);
		expect(outcome.data!.containers.some(item => item.name === `${prefix}-no-key`)).toBe(true);
		noKeyIn(outcome, A, B);
	});

	it('names container-key-differs when the running compose container has another key than the shell gives compose', async context_ => {
		if (!daemon) return context_.skip(skip);
		const env = {DOCKER_HOST: daemon.host, OPENAI_API_KEY: A};
		const options: RunOptions = makeOptions({cwd: app, network: false, timeoutMs: 8000});
		const results = await runProbes(allProbes, ports(app, env), options, new AbortController().signal);
		const conclusion = conclude(results, env, options, allProbes.map(probe => probe.id));
		expect(conclusion.causes.map(cause => cause.id)).toContain('container-key-differs');
		const cause = conclusion.causes.find(item => item.id === 'container-key-differs')!;
		expect(cause.evidence.join('\n')).toContain(`${prefix}-web-1`);
		expect(cause.snippets.map(snippet => snippet.text)).toContain('docker compose up -d --force-recreate web');
		expect(JSON.stringify(conclusion.causes)).not.toContain(A.slice(8, 40));
	});

	it('names container-key-missing for a named container without the key', async context_ => {
		if (!daemon) return context_.skip(skip);
		const cwd = project('plain-missing');
		const env = {DOCKER_HOST: daemon.host, OPENAI_API_KEY: A};
		const options = makeOptions({cwd, network: false, containers: [`${prefix}-no-key`]});
		const results = await runProbes(allProbes, ports(cwd, env), options, new AbortController().signal);
		const conclusion = conclude(results, env, options, allProbes.map(probe => probe.id));
		expect(conclusion.causes.map(cause => cause.id)).toEqual(['container-key-missing']);
		expect(conclusion.causes[0]!.snippets.map(snippet => snippet.text).join('\n')).toContain('-e OPENAI_API_KEY');
	});

	it('is healthy when the named container has the shell\'s key', async context_ => {
		if (!daemon) return context_.skip(skip);
		const cwd = project('plain-healthy');
		const env = {DOCKER_HOST: daemon.host, OPENAI_API_KEY: A};
		const options = makeOptions({cwd, network: false, containers: [`${prefix}-with-key`]});
		const results = await runProbes(allProbes, ports(cwd, env), options, new AbortController().signal);
		expect(conclude(results, env, options, allProbes.map(probe => probe.id)).causes).toEqual([]);
	});

	it('says no daemon answers when DOCKER_HOST points at nothing', async () => {
		const cwd = project('no-daemon');
		const outcome = (await dockerProbe.run(context(ports(cwd, {DOCKER_HOST: `unix://${path.join(root, 'nothing.sock')}`}), [], {containers: ['web']}))) as ProbeOutcome<DockerProbeData>;
		expect(outcome.status).toBe('error');
		expect(outcome.data!.problem).toBe('daemon-down');
		expect(outcome.summary).toContain('nothing.sock');
	});
});

describe('docker failure modes (fake docker binaries)', () => {
	const bin = path.join(root, 'fake-bin');
	mkdirSync(bin, {recursive: true});
	const fake = (name: string, script: string) => {
		const dir = path.join(bin, name);
		mkdirSync(dir, {recursive: true});
		writeFileSync(path.join(dir, 'docker'), `#!/bin/sh\n${script}\n`);
		chmodSync(path.join(dir, 'docker'), 0o755);
		return dir;
	};

	const withFake = (dir: string) => createRealPorts({cwd: root, home: root, env: {PATH: `${dir}:${process.env.PATH}`, HOME: root}});

	it('bounds a hung docker by the time limit', async () => {
		const dir = fake('hangs', 'sleep 30');
		const outcome = await dockerProbe.run(context(withFake(dir), [], {containers: ['web'], timeoutMs: 1500}));
		expect(outcome.status).toBe('timeout');
		expect(outcome.summary).toContain('did not answer in time');
	});

	it('reads a denied socket as a permission problem, with the fix', async () => {
		const dir = fake('denied', 'echo "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \\"http://%2Fvar%2Frun%2Fdocker.sock/v1.47/containers/json\\": dial unix /var/run/docker.sock: connect: permission denied" >&2; exit 1');
		const outcome = (await dockerProbe.run(context(withFake(dir), [], {containers: ['web']}))) as ProbeOutcome<DockerProbeData>;
		expect(outcome.data!.problem).toBe('permission');
		expect(outcome.summary).toContain('docker group');
	});

	it('survives garbage output: no container, no crash', async () => {
		const dir = fake('garbage', 'printf "\\033]0;pwned\\007{not json\\n\\377\\376garbage\\n"; exit 0');
		const outcome = (await dockerProbe.run(context(withFake(dir), [], {containers: ['web']}))) as ProbeOutcome<DockerProbeData>;
		expect(['error', 'fail']).toContain(outcome.status);
		expect(outcome.data!.inspected).toEqual([]);
	});
});

describe('kubernetes probe with the real kubectl and a loopback API server', () => {
	let api: FakeKubeApi;
	let kubeconfig: string;
	beforeAll(async () => {
		api = await startFakeKubeApi([
			{namespace: 'default', name: 'openai', data: {'api-key': `${A}\n`}},
			{namespace: 'prod', name: 'openai', data: {OPENAI_API_KEY: A}},
			{namespace: 'default', name: 'other', data: {token: 'x'}},
		]);
		api.forbidden.add('default/locked');
		kubeconfig = writeKubeconfig(path.join(root, 'kube'), api.url);
	});
	afterAll(async () => api?.close());

	const run = async (secret: RunOptions['k8sSecret'], env: Record<string, string> = {}) =>
		(await kubernetesProbe.run(context(ports(project('kube'), {KUBECONFIG: kubeconfig, ...env}), [], {k8sSecret: secret, timeoutMs: 8000}))) as ProbeOutcome<KubernetesProbeData>;

	it('decodes the secret in memory and sees the trailing newline', async () => {
		const outcome = await run({name: 'openai', key: 'api-key'});
		const check = outcome.data!.checks[0]!;
		expect(check).toMatchObject({namespace: 'default', name: 'openai', key: 'api-key', state: 'found', requested: true});
		expect(check.value?.trailing).toBe('\\n');
		expect(outcome.keys!.map(key => [key.source, key.secret.reveal() === `${A}\n`])).toEqual([['k8s:default/openai:api-key', true]]);
		expect(outcome.status).toBe('fail');
		noKeyIn(outcome, A);
	});

	it('finds OPENAI_API_KEY in a namespace given with the name, and passes a clean value', async () => {
		const outcome = await run({namespace: 'prod', name: 'openai'});
		expect(outcome.data!.checks[0]).toMatchObject({namespace: 'prod', key: 'OPENAI_API_KEY', state: 'found'});
		expect(outcome.data!.checks[0]!.value?.trailing).toBeUndefined();
		expect(outcome.status).toBe('pass');
	});

	it('tells a missing secret from a missing key, and a forbidden one from both', async () => {
		expect((await run({name: 'nope'})).data!.checks[0]).toMatchObject({state: 'secret-missing', problem: 'not-found'});
		expect((await run({name: 'other', key: 'api-key'})).data!.checks[0]).toMatchObject({state: 'key-missing', keys: ['token']});
		const locked = await run({name: 'locked'});
		expect(locked.data!.checks[0]).toMatchObject({state: 'unreadable', problem: 'forbidden'});
		expect(locked.status).toBe('error');
	});

	it('reports an unreachable cluster as a finding, within the time limit', async () => {
		const dead = writeKubeconfig(path.join(root, 'kube-dead'), 'http://127.0.0.1:1');
		const outcome = await run({name: 'openai'}, {KUBECONFIG: dead});
		expect(outcome.data!.checks[0]).toMatchObject({state: 'unreadable', problem: 'unreachable'});
		expect(outcome.status).toBe('error');
	});

	it('without a context, says so', async () => {
		const outcome = await run({name: 'openai'}, {KUBECONFIG: path.join(root, 'no-such-kubeconfig')});
		expect(outcome.data!.cluster?.problem).toBe('no-context');
		expect(outcome.status).toBe('error');
	});
});
