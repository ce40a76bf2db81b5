/**
 * Realistic container, compose, cluster and CI setups through the BUILT CLI (`npm run
 * build` first), with a real docker daemon and the real kubectl against a loopback API
 * server: each cause where it applies, none on the healthy setups, no key (or a slice of
 * one) in any byte of `--json` or `--report`, and the flags refused when their tool is
 * missing.
 */
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {docker, dockerDaemon, testImage, type DockerDaemon} from '../helpers/docker-daemon.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {startFakeKubeApi, writeKubeconfig, type FakeKubeApi} from '../helpers/fake-kube-api.js';
import {buildScenario, findLeak, removeScenario, snapshotCli, type BuiltScenario, type ScenarioFiles} from './scenario.js';

const A = makeProjectKey(9801);
const B = makeProjectKey(9802);
const prefix = `kwa${process.pid}`;

type Setup = {
	name: string;
	project?: ScenarioFiles;
	env?: Record<string, string>;
	args?: string[];
	/** Creates the containers the setup needs (the project folder is known by then). */
	containers?: (daemon: DockerDaemon, built: BuiltScenario) => Promise<void>;
	needs?: Array<'docker' | 'kube'>;
	causes: string[];
	allow?: string[];
	top?: string;
};

const compose = (entry: string) => `services:\n  web:\n    build: .\n    environment:\n${entry}\n  db:\n    image: postgres:16\n`;
const labels = (dir: string, service: string) => ['--label', 'com.docker.compose.project=app', '--label', `com.docker.compose.service=${service}`, '--label', `com.docker.compose.project.working_dir=${dir}`];
const pythonApp = {'main.py': 'import os\nfrom openai import OpenAI\nclient = OpenAI()\n', 'requirements.txt': 'openai==1.54.3\n'};

const setups: Setup[] = [
	{
		name: 'container-key-missing: docker run without -e, named with --container',
		project: {...pythonApp, Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n', '.dockerignore': '.env\n'},
		env: {OPENAI_API_KEY: A},
		args: ['--container', `${prefix}-bot`],
		needs: ['docker'],
		containers: async daemon => void (await docker(daemon, ['create', '--name', `${prefix}-bot`, '-e', 'PYTHONUNBUFFERED=1', testImage])),
		causes: ['container-key-missing'],
	},
	{
		name: 'container-key-differs: the compose container still has the old key after .env changed',
		project: {...pythonApp, 'compose.yaml': compose('      - OPENAI_API_KEY=${OPENAI_API_KEY}'), '.env': `OPENAI_API_KEY=${A}\n`},
		needs: ['docker'],
		containers: async (daemon, built) => void (await docker(daemon, ['run', '-d', '--name', `${prefix}-web-1`, ...labels(built.project, 'web'), '-e', `OPENAI_API_KEY=${B}`, testImage])),
		causes: ['container-key-differs'],
		top: 'container-key-differs',
	},
	{
		name: 'healthy: compose passes the key the shell sets, and the running container has it',
		project: {...pythonApp, 'compose.yaml': compose('      OPENAI_API_KEY: ${OPENAI_API_KEY}')},
		env: {OPENAI_API_KEY: A},
		needs: ['docker'],
		containers: async (daemon, built) => {
			await docker(daemon, ['run', '-d', '--name', `${prefix}-ok-web-1`, ...labels(built.project, 'web'), '-e', `OPENAI_API_KEY=${A}`, testImage]);
			await docker(daemon, ['create', '--name', `${prefix}-ok-db-1`, ...labels(built.project, 'db'), '-e', 'POSTGRES_PASSWORD=x', testImage]);
		},
		causes: [],
	},
	{
		name: 'compose-unset-variable: ${OPENAI_API_KEY} with the key only in .env.local',
		project: {...pythonApp, 'compose.yaml': compose('      - OPENAI_API_KEY=${OPENAI_API_KEY}'), '.env.local': `OPENAI_API_KEY=${A}\n`},
		causes: ['compose-unset-variable'],
		allow: ['key-missing', 'dotenv-not-loaded'],
		top: 'compose-unset-variable',
	},
	{
		name: 'compose-literal-quotes: - OPENAI_API_KEY="${OPENAI_API_KEY}"',
		project: {...pythonApp, 'compose.yaml': compose('      - OPENAI_API_KEY="${OPENAI_API_KEY}"')},
		env: {OPENAI_API_KEY: A},
		causes: ['compose-literal-quotes'],
	},
	{
		name: 'compose-env-file-missing: env_file names a file nobody created',
		project: {...pythonApp, 'compose.yaml': 'services:\n  web:\n    build: .\n    env_file:\n      - .env.docker\n'},
		env: {OPENAI_API_KEY: A},
		causes: ['compose-env-file-missing'],
	},
	{
		name: 'healthy: anchors, merge keys, extends and an override file',
		project: {
			...pythonApp,
			'compose.yaml': 'x-env: &env\n  OPENAI_API_KEY: ${OPENAI_API_KEY:?set it}\nservices:\n  base:\n    image: app\n    environment:\n      <<: *env\n  web:\n    extends: base\n',
			'compose.override.yaml': 'services:\n  web:\n    environment:\n      DEBUG: "1"\n',
		},
		env: {OPENAI_API_KEY: A},
		causes: [],
	},
	{
		name: 'dockerfile-baked-key: ENV OPENAI_API_KEY=sk-… in the Dockerfile',
		project: {...pythonApp, Dockerfile: `FROM python:3.12-slim\nENV OPENAI_API_KEY=${A}\nCOPY . /app\n`, '.dockerignore': '.env*\n'},
		env: {OPENAI_API_KEY: A},
		causes: ['dockerfile-baked-key'],
	},
	{
		name: 'k8s-secret-newline: the secret was made with echo | base64',
		env: {OPENAI_API_KEY: A},
		args: ['--k8s-secret', 'default/openai:api-key'],
		needs: ['kube'],
		causes: ['k8s-secret-newline'],
	},
	{
		name: 'k8s-secret-missing: the secret the manifests read is not in the namespace',
		project: {'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: openai-prod\n                  key: OPENAI_API_KEY\n'},
		env: {OPENAI_API_KEY: A},
		args: ['--k8s-secret', 'openai-prod'],
		needs: ['kube'],
		causes: ['k8s-secret-missing'],
	},
	{
		name: 'healthy: a clean secret in the cluster',
		env: {OPENAI_API_KEY: A},
		args: ['--k8s-secret', 'prod/openai'],
		needs: ['kube'],
		causes: [],
	},
	{
		name: 'ci-secret-unavailable: a GitHub Actions run for a pull request from a fork',
		project: {...pythonApp, '.github/workflows/test.yml': 'on: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - run: pytest\n', 'event.json': JSON.stringify({pull_request: {head: {repo: {full_name: 'someone/app', fork: true}}, base: {repo: {full_name: 'acme/app'}}}})},
		env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_REPOSITORY: 'acme/app', OPENAI_API_KEY: ''},
		causes: ['ci-secret-unavailable'],
		allow: ['key-empty'],
	},
];

let cli: string;
let daemon: DockerDaemon | undefined;
let dockerSkip = '';
let api: FakeKubeApi;

beforeAll(async () => {
	cli = await snapshotCli();
	const started = await dockerDaemon();
	if ('skip' in started) dockerSkip = started.skip;
	else daemon = started;
	api = await startFakeKubeApi([
		{namespace: 'default', name: 'openai', data: {'api-key': `${A}\n`}},
		{namespace: 'prod', name: 'openai', data: {OPENAI_API_KEY: A}},
	]);
}, 180_000);
afterAll(async () => api?.close());

async function runCli(built: BuiltScenario, setup: Setup, mode: '--json' | '--report', extraEnv: Record<string, string>) {
	const env: Record<string, string> = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: built.home, SHELL: '/bin/bash', ...extraEnv, ...setup.env};
	if (env.GITHUB_ACTIONS) env.GITHUB_EVENT_PATH = path.join(built.project, 'event.json');
	return execa(process.execPath, [cli, mode, '--no-network', '--cwd', built.project, ...(setup.args ?? [])], {env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 90_000});
}

describe('deployed setups through the built CLI', () => {
	for (const setup of setups) {
		it(setup.name, async context => {
			if (setup.needs?.includes('docker') && !daemon) return context.skip(dockerSkip);
			const built = await buildScenario({name: setup.name, project: setup.project ?? {}, secrets: [A, B], expect: {causes: setup.causes}});
			try {
				const extraEnv: Record<string, string> = {};
				// Every setup talks to the test daemon and cluster, so a healthy one proves they add nothing of their own.
				if (daemon) extraEnv.DOCKER_HOST = daemon.host;
				extraEnv.KUBECONFIG = writeKubeconfig(path.join(built.root, 'kube'), api.url);
				if (setup.containers && daemon) await setup.containers(daemon, built);
				const json = await runCli(built, setup, '--json', extraEnv);
				expect(json.stderr).toBe('');
				const report = JSON.parse(json.stdout) as {verdict: string; causes: Array<{id: string}>};
				const ids = report.causes.map(cause => cause.id);
				for (const id of setup.causes) expect(ids, json.stdout).toContain(id);
				for (const id of ids) expect([...setup.causes, ...(setup.allow ?? [])], `unexpected cause ${id}`).toContain(id);
				if (setup.top) expect(ids[0]).toBe(setup.top);
				expect(json.exitCode).toBe(setup.causes.length > 0 ? 1 : 3);
				const text = await runCli(built, setup, '--report', extraEnv);
				expect(findLeak(json.stdout + json.stderr + text.stdout + text.stderr, [A, B])).toBeUndefined();
			} finally {
				await removeScenario(built);
			}
		});
	}

	it('refuses --container and --k8s-secret with exit 2 when docker and kubectl are missing', async () => {
		const built = await buildScenario({name: 'no tools', secrets: [], expect: {causes: []}});
		try {
			for (const args of [['--container', 'web'], ['--k8s-secret', 'openai']]) {
				const result = await execa(process.execPath, [cli, '--json', '--cwd', built.project, ...args], {env: {PATH: path.join(built.root, 'empty-bin'), HOME: built.home}, extendEnv: false, reject: false, stdin: 'ignore'});
				expect(result.exitCode).toBe(2);
				expect(result.stdout).toBe('');
				expect(result.stderr.trim().split('\n')).toHaveLength(1);
				expect(result.stderr).toMatch(/^key-wizard: --(container|k8s-secret) needs (docker|kubectl), which is not installed/);
			}
		} finally {
			await removeScenario(built);
		}
	});
});
