import {describe, expect, it} from 'vitest';
import {dockerProbe, type DockerProbeData} from '../../../source/core/probes/docker.js';
import type {Exec} from '../../../source/core/ports.js';
import type {ProbeOutcome} from '../../../source/core/types.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {fakeDocker} from '../../helpers/fake-deployed.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';

const A = makeProjectKey(9301);
const cwd = '/home/dev/project';

async function probe(exec: Exec, containers: string[] = [], extra: Parameters<typeof makePorts>[0] = {}): Promise<ProbeOutcome<DockerProbeData>> {
	return (await dockerProbe.run(context(makePorts({cwd, exec, ...extra}), [], {containers}))) as ProbeOutcome<DockerProbeData>;
}

describe('docker probe', () => {
	it('runs docker ps and inspect with argument arrays, the user environment and a time limit', async () => {
		const calls: string[][] = [];
		await probe(fakeDocker([{name: 'web', env: ['PATH=/bin']}], calls), ['web']);
		expect(calls).toEqual([
			['docker', 'ps', '-a', '--no-trunc', '--format', '{{json .}}'],
			['docker', 'inspect', '--type', 'container', 'web'],
		]);
	});

	it('inspects only the named containers and this project\'s compose containers', async () => {
		const outcome = await probe(
			fakeDocker([
				{name: 'web', env: [`OPENAI_API_KEY=${A}`], labels: {'com.docker.compose.project.working_dir': cwd, 'com.docker.compose.service': 'web', 'com.docker.compose.project': 'project'}},
				{name: 'other-app', env: ['OPENAI_API_KEY='], labels: {'com.docker.compose.project.working_dir': '/home/dev/elsewhere', 'com.docker.compose.service': 'web'}},
				{name: 'redis', env: [], state: 'exited'},
			]),
			[],
			{files: {[`${cwd}/compose.yaml`]: 'services: {}\n'}},
		);
		expect(outcome.data!.inspected.map(item => [item.name, item.composeService, item.requested, item.key])).toEqual([['web', 'web', false, 'value']]);
		expect(outcome.data!.containers.map(item => item.name)).toEqual(['web', 'other-app', 'redis']);
		expect(outcome.status).toBe('pass');
		expect(JSON.stringify(outcome.data)).not.toContain(A.slice(10, 40));
	});

	it('notes the Azure pair, near names, a base URL and bind mounts', async () => {
		const outcome = await probe(
			fakeDocker([{name: 'api', env: ['AZURE_OPENAI_API_KEY=0123456789abcdef0123456789abcdef', 'AZURE_OPENAI_ENDPOINT=https://x.openai.azure.com', `OPENAI_KEY=${A}`, 'OPENAI_BASE_URL=https://user:pw@gw.example/v1'], mounts: [{Type: 'bind', Source: cwd, Destination: '/app'}]}]),
			['api'],
		);
		const fact = outcome.data!.inspected[0]!;
		expect(fact).toMatchObject({key: 'unset', azure: true, baseUrl: 'https://***@gw.example/v1', bindSources: [cwd]});
		expect(fact.nearNames.map(item => item.variable)).toEqual(['OPENAI_KEY']);
	});

	it('a named container that does not exist is a finding that lists the running ones', async () => {
		const outcome = await probe(fakeDocker([{name: 'web-1', env: []}]), ['web']);
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.notFound).toEqual(['web']);
		expect(outcome.summary).toContain('No container named web');
	});

	it('docker missing: skip without --container, error with it', async () => {
		expect((await probe(async file => ({ok: false, stdout: '', stderr: '', failure: 'not-found', message: `${file} is not installed`, durationMs: 0}))).status).toBe('skip');
		const named = await probe(async file => ({ok: false, stdout: '', stderr: '', failure: 'not-found', message: `${file} is not installed`, durationMs: 0}), ['web']);
		expect(named.status).toBe('error');
		expect(named.data!.problem).toBe('not-installed');
	});

	it('names the daemon: DOCKER_HOST, DOCKER_CONTEXT, or the context in ~/.docker/config.json', async () => {
		const down = async () => ({ok: false, exitCode: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon at tcp://10.0.0.5:2375. Is the docker daemon running?', durationMs: 1});
		expect((await probe(down, [], {env: {DOCKER_HOST: 'tcp://10.0.0.5:2375'}})).data!.endpoint).toBe('DOCKER_HOST=tcp://10.0.0.5:2375');
		expect((await probe(down, [], {env: {DOCKER_CONTEXT: 'colima'}})).data!.endpoint).toBe('context colima (DOCKER_CONTEXT)');
		const dockerfile = {[`${cwd}/Dockerfile`]: 'FROM x\n'};
		expect((await probe(down, [], {files: {...dockerfile, '/home/dev/.docker/config.json': '{"currentContext": "desktop-linux"}'}})).data!.endpoint).toBe('context desktop-linux');
		expect((await probe(down, [], {files: dockerfile})).data!.problem).toBe('daemon-down');
	});

	it('a plain project (no compose file, no Dockerfile, no flag) never starts docker', async () => {
		const calls: string[][] = [];
		const outcome = await probe(fakeDocker([], calls), [], {files: {[`${cwd}/main.py`]: ''}});
		expect(calls).toEqual([]);
		expect(outcome.status).toBe('skip');
	});

	it('says when key-wizard itself runs in a container', async () => {
		const outcome = await probe(fakeDocker([]), [], {files: {'/.dockerenv': '', '/proc/1/cgroup': '0::/\n'}});
		expect(outcome.data!.self).toEqual({inside: true, kind: 'docker', evidence: ['/.dockerenv exists']});
		expect(outcome.summary).toContain('runs in a container');
		const pod = await probe(fakeDocker([]), [], {env: {KUBERNETES_SERVICE_HOST: '10.96.0.1'}, files: {'/proc/1/cgroup': '12:memory:/kubepods/burstable/pod1\n'}});
		expect(pod.data!.self.kind).toBe('kubernetes');
		expect((await probe(fakeDocker([]), [], {files: {'/proc/1/cgroup': '0::/init.scope\n'}})).data!.self.inside).toBe(false);
	});
});
