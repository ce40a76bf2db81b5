/**
 * An evaluator's corpus for "where the app runs" (issue 9), written from the issue, the
 * cause catalog and the API reference rather than from the implementation: realistic
 * docker, compose, Dockerfile, Kubernetes and CI setups run through the BUILT CLI
 * (`npm run build` first) with a real docker daemon, the real kubectl against a loopback
 * Kubernetes API, and a loopback stand-in of the OpenAI API that accepts the one good key.
 * Each setup names the causes a knowledgeable human would name, the ones that may also
 * appear, and (by leaving them out) the ones that must not; healthy setups must get no
 * cause and exit 0. No key, nor a 12-character slice of one, may appear in any output.
 */
import {mkdir, rm, symlink, utimes, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {docker, dockerDaemon, testImage, type DockerDaemon} from '../helpers/docker-daemon.js';
import {makeAnthropicKey, makeProjectKey, makeServiceAccountKey} from '../helpers/fake-keys.js';
import {startFakeKubeApi, writeKubeconfig, type FakeKubeApi, type FakeSecret} from '../helpers/fake-kube-api.js';
import {expectKeysOnlyInAuth} from './live-harness.js';
import {startStandIn, type StandIn} from './openai-stand-in.js';
import {buildScenario, findLeak, removeScenario, snapshotCli, type BuiltScenario, type ScenarioFiles} from './scenario.js';

/** The key that works (the stand-in accepts it). */
const GOOD = makeProjectKey(7101);
/** An older key of the same account, revoked since (the stand-in refuses it). */
const STALE = makeProjectKey(7202);
/** A second working key (a service account's). */
const OTHER = makeServiceAccountKey(7303);
const ANTHROPIC = makeAnthropicKey(7404);
const allKeys = [GOOD, STALE, OTHER, ANTHROPIC];
const tag = `kwcorpus${process.pid}`;
/** KW_CORPUS_OFFLINE=1 runs the corpus with --no-network and the default base URL instead of the stand-in: a healthy setup is then inconclusive (3). */
const offline = process.env.KW_CORPUS_OFFLINE === '1';

type Container = {
	name: string;
	env?: string[];
	/** Labels docker compose would set, for a service of this project (or of `workingDir`). */
	compose?: {service: string; workingDir?: string};
	/** Created, never started (an app that exited on its 401). */
	stopped?: boolean;
};

type Expectation = {
	/** Causes that must be named. */
	causes?: string[];
	/** Groups of which at least one cause must be named (two true readings of the setup). */
	anyOf?: string[][];
	/** Causes that may also be named. Anything else named is wrong. */
	allow?: string[];
	/** The exit code (or the codes that are right); healthy setups must exit 0, others default to 1. */
	exit?: number | number[];
	/** A probe must warn (or fail) with a summary that matches. */
	warns?: RegExp;
};

type CorpusSetup = {
	name: string;
	/** The user's shell environment beyond PATH, HOME and SHELL; `{root}` and `{project}` are replaced. */
	env?: Record<string, string>;
	/** Project files. */
	files?: ScenarioFiles;
	/** Files outside the project, relative to the scenario's root (a CI runner's event payload). */
	outside?: ScenarioFiles;
	/** Written after the containers are created (the key changed after the container was made). */
	filesAfter?: ScenarioFiles;
	containers?: Container[];
	/** Secrets in the cluster the kube context points at. */
	secrets?: FakeSecret[];
	forbidden?: string[];
	args?: string[];
	docker?: 'daemon' | 'down' | 'absent';
	kube?: 'fake' | 'unreachable' | 'absent';
	healthy?: true;
	/** The expectation needs the live check's answer (a revoked key): not run offline. */
	online?: true;
	expect?: Expectation;
};

const lf = (...lines: string[]) => `${lines.join('\n')}\n`;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A GitHub Actions job that runs the app, with `env` lines (already indented) at the job level. */
function workflow(on: string, jobEnv: string[] = [], steps: string[] = ['      - run: npm test']): string {
	return lf('name: test', `on: ${on}`, 'jobs:', '  test:', '    runs-on: ubuntu-latest', ...(jobEnv.length > 0 ? ['    env:', ...jobEnv] : []), '    steps:', '      - uses: actions/checkout@v4', '      - run: npm ci', ...steps);
}

const mapSecret = '      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}';

const deployment = (secretName: string, key: string, extra: string[] = []) =>
	lf(
		'apiVersion: apps/v1',
		'kind: Deployment',
		'metadata:',
		'  name: api',
		'spec:',
		'  replicas: 2',
		'  selector:',
		'    matchLabels: {app: api}',
		'  template:',
		'    metadata:',
		'      labels: {app: api}',
		'    spec:',
		'      containers:',
		'        - name: api',
		'          image: ghcr.io/acme/api:1.4.2',
		'          env:',
		'            - name: PORT',
		'              value: "8000"',
		'            - name: OPENAI_API_KEY',
		'              valueFrom:',
		'                secretKeyRef:',
		`                  name: ${secretName}`,
		`                  key: ${key}`,
		...extra,
	);

const corpus: CorpusSetup[] = [
	// ── docker containers (a real daemon) ────────────────────────────────────────────
	{
		name: 'docker: --container holds the same key as the shell (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: [`OPENAI_API_KEY=${GOOD}`, 'PORT=8000']}],
		args: ['--container', '{c:web}'],
		healthy: true,
	},
	{
		name: 'docker: --container created without the key',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: ['PORT=8000', 'NODE_ENV=production']}],
		args: ['--container', '{c:web}'],
		expect: {causes: ['container-key-missing']},
	},
	{
		name: 'docker: --container with OPENAI_API_KEY= (empty, docker run -e OPENAI_API_KEY= …)',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: ['OPENAI_API_KEY=']}],
		args: ['--container', '{c:web}'],
		expect: {causes: ['container-key-missing'], allow: ['key-empty']},
	},
	{
		name: 'docker: --container still holds the revoked key, the shell has the new one',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: [`OPENAI_API_KEY=${STALE}`]}],
		args: ['--container', '{c:web}'],
		expect: {causes: ['container-key-differs'], allow: ['key-invalid']},
	},
	{
		name: 'docker: --container holds an old key, the project .env was changed after it was created',
		containers: [{name: 'web', env: [`OPENAI_API_KEY=${STALE}`]}],
		filesAfter: {'.env': `OPENAI_API_KEY=${GOOD}\n`},
		args: ['--container', '{c:web}'],
		expect: {causes: ['container-key-differs'], allow: ['key-invalid']},
	},
	{
		name: 'docker: a stopped container (exited on its 401) with the old key',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'worker', env: [`OPENAI_API_KEY=${STALE}`], stopped: true}],
		args: ['--container', '{c:worker}'],
		expect: {causes: ['container-key-differs'], allow: ['key-invalid']},
	},
	{
		name: 'docker: two containers named, the worker lacks the key',
		env: {OPENAI_API_KEY: GOOD},
		containers: [
			{name: 'web', env: [`OPENAI_API_KEY=${GOOD}`]},
			{name: 'worker', env: ['QUEUE=default']},
		],
		args: ['--container', '{c:web}', '--container', '{c:worker}'],
		expect: {causes: ['container-key-missing']},
	},
	{
		name: 'docker: the container has OPENAI_KEY instead of OPENAI_API_KEY',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: [`OPENAI_KEY=${GOOD}`]}],
		args: ['--container', '{c:web}'],
		expect: {anyOf: [['container-key-missing', 'var-misnamed']]},
	},
	{
		name: 'docker: the container got the key with a carriage return (docker run --env-file of a CRLF file)',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: [`OPENAI_API_KEY=${GOOD}\r`]}],
		args: ['--container', '{c:web}'],
		expect: {causes: ['key-whitespace'], allow: ['container-key-differs']},
	},
	{
		name: 'docker: the container got the key in quotes (docker run --env-file keeps them)',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: [`OPENAI_API_KEY="${GOOD}"`]}],
		args: ['--container', '{c:web}'],
		expect: {causes: ['key-quoted'], allow: ['container-key-differs']},
	},
	{
		name: 'docker: the container holds an Anthropic key',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: [`OPENAI_API_KEY=${ANTHROPIC}`]}],
		args: ['--container', '{c:web}'],
		expect: {causes: ['key-other-provider'], allow: ['container-key-differs']},
	},
	{
		name: 'docker: the container holds the template text from .env.example',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: ['OPENAI_API_KEY=sk-your-key-here']}],
		args: ['--container', '{c:web}'],
		expect: {causes: ['key-placeholder'], allow: ['container-key-differs', 'container-key-missing']},
	},
	{
		name: 'docker: same key in the container and .env, .env touched later (healthy: nothing to recreate)',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: [`OPENAI_API_KEY=${GOOD}`]}],
		filesAfter: {'.env': `OPENAI_API_KEY=${GOOD}\nDEBUG=1\n`},
		args: ['--container', '{c:web}'],
		healthy: true,
	},
	{
		name: 'docker: --container names no container on the daemon (a finding, no container cause)',
		env: {OPENAI_API_KEY: GOOD},
		args: ['--container', '{c:nosuch}'],
		expect: {allow: [], exit: [0, 3], warns: /nosuch|no such|not found|no container/i},
	},
	{
		name: 'compose+docker: the running service container predates the new key in .env',
		files: {'compose.yaml': lf('services:', '  web:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}')},
		containers: [{name: 'web', env: [`OPENAI_API_KEY=${STALE}`], compose: {service: 'web'}}],
		filesAfter: {'.env': `OPENAI_API_KEY=${GOOD}\n`},
		expect: {causes: ['container-key-differs'], allow: ['key-invalid']},
	},
	{
		name: 'compose+docker: the service never gets the key (no environment, no env_file)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  web:', '    build: .', '    ports:', '      - "8000:8000"'), Dockerfile: lf('FROM python:3.12-slim', 'COPY app.py .', 'CMD ["python", "app.py"]')},
		containers: [{name: 'web', env: ['PORT=8000'], compose: {service: 'web'}}],
		expect: {causes: ['container-key-missing']},
	},
	{
		name: 'compose+docker: app and database containers, the app has the key (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'compose.yaml': lf(
				'services:',
				'  web:',
				'    build: .',
				'    environment:',
				'      - OPENAI_API_KEY=${OPENAI_API_KEY}',
				'    depends_on: [db]',
				'  db:',
				'    image: postgres:16',
				'    environment:',
				'      POSTGRES_PASSWORD: example',
			),
		},
		containers: [
			{name: 'web', env: [`OPENAI_API_KEY=${GOOD}`], compose: {service: 'web'}},
			{name: 'db', env: ['POSTGRES_PASSWORD=example'], compose: {service: 'db'}},
		],
		healthy: true,
	},
	{
		name: "docker: another project's container lacks the key (not this app: healthy)",
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'other', env: ['PORT=9000'], compose: {service: 'web', workingDir: '/srv/other-project'}}],
		healthy: true,
	},
	{
		name: 'docker: the daemon is down, --container given (a finding, never a crash)',
		env: {OPENAI_API_KEY: GOOD},
		docker: 'down',
		args: ['--container', 'web'],
		expect: {allow: [], exit: [0, 3], warns: /daemon|connect|socket|reach/i},
	},
	{
		name: 'docker: no docker CLI, --container refused with exit 2',
		env: {OPENAI_API_KEY: GOOD},
		docker: 'absent',
		args: ['--container', 'web'],
		expect: {allow: [], exit: 2},
	},

	// ── compose files ────────────────────────────────────────────────────────────────
	{
		name: 'compose: list form passes ${OPENAI_API_KEY}, the shell sets it (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}', '      - LOG_LEVEL=info')},
		healthy: true,
	},
	{
		name: 'compose: list form ${OPENAI_API_KEY}, neither shell nor .env sets it',
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}')},
		expect: {causes: ['compose-unset-variable'], allow: ['key-missing']},
	},
	{
		name: 'compose: ${OPENAI_API_KEY} fed by the .env next to compose.yaml (healthy)',
		files: {
			'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}'),
			'.env': `COMPOSE_PROJECT_NAME=acme\nOPENAI_API_KEY=${GOOD}\n`,
		},
		healthy: true,
	},
	{
		name: 'compose: map form ${OPENAI_API_KEY}, unset',
		env: {OTHER_SETTING: '1'},
		files: {'docker-compose.yml': lf('version: "3.8"', 'services:', '  bot:', '    image: acme/bot:latest', '    environment:', '      OPENAI_API_KEY: ${OPENAI_API_KEY}', '      MODEL: gpt-4o-mini')},
		expect: {causes: ['compose-unset-variable'], allow: ['key-missing']},
	},
	{
		name: 'compose: ${OPENAI_API_KEY:-} (empty default), unset',
		files: {'compose.yml': lf('services:', '  api:', '    build: .', '    environment:', '      OPENAI_API_KEY: ${OPENAI_API_KEY:-}')},
		expect: {causes: ['compose-unset-variable'], allow: ['key-missing', 'key-empty']},
	},
	{
		name: 'compose: ${OPENAI_API_KEY:-sk-your-key-here} (a template default), unset',
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY:-sk-your-key-here}')},
		expect: {anyOf: [['key-placeholder', 'compose-unset-variable']], allow: ['key-missing']},
	},
	{
		name: 'compose: ${OPENAI_API_KEY:?…} while the shell does not set it (compose refuses to start)',
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY:?set OPENAI_API_KEY in .env}')},
		expect: {causes: ['compose-unset-variable'], allow: ['key-missing']},
	},
	{
		name: 'compose: ${OPENAI_API_KEY:?…} with the shell setting it (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY:?set OPENAI_API_KEY}')},
		healthy: true,
	},
	{
		name: 'compose: list form keeps literal quotes around a written-in key',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', `      - OPENAI_API_KEY="${GOOD}"`)},
		expect: {causes: ['compose-literal-quotes'], allow: ['hardcoded-key', 'key-quoted']},
	},
	{
		name: 'compose: list form keeps literal quotes around ${OPENAI_API_KEY}',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY="${OPENAI_API_KEY}"')},
		expect: {causes: ['compose-literal-quotes'], allow: ['key-quoted']},
	},
	{
		name: 'compose: list entry quoted as a whole YAML string (healthy: YAML removes those quotes)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - "OPENAI_API_KEY=${OPENAI_API_KEY}"')},
		healthy: true,
	},
	{
		name: 'compose: map form with YAML quotes around ${OPENAI_API_KEY} (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      OPENAI_API_KEY: "${OPENAI_API_KEY}"')},
		healthy: true,
	},
	{
		name: 'compose: env_file: .env (string form) and no .env',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    env_file: .env')},
		expect: {causes: ['compose-env-file-missing']},
	},
	{
		name: 'compose: env_file list, the second file is missing',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    env_file:', '      - .env', '      - .env.production'), '.env': 'LOG_LEVEL=debug\n'},
		expect: {causes: ['compose-env-file-missing']},
	},
	{
		name: 'compose: env_file object with required: false missing, the key in the other file (healthy)',
		files: {
			'compose.yaml': lf('services:', '  api:', '    build: .', '    env_file:', '      - path: ./default.env', '        required: true', '      - path: ./override.env', '        required: false'),
			'default.env': `OPENAI_API_KEY=${GOOD}\n`,
		},
		healthy: true,
	},
	{
		name: 'compose: env_file: .env holds the key, the shell does not (healthy)',
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    env_file: .env'), '.env': `OPENAI_API_KEY=${GOOD}\n`},
		healthy: true,
	},
	{
		name: 'compose: env_file in a subfolder holds the key (healthy)',
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    env_file:', '      - ./config/api.env'), 'config/api.env': `OPENAI_API_KEY=${GOOD}\nPORT=8000\n`},
		healthy: true,
	},
	{
		name: 'compose: the override file adds ${OPENAI_API_KEY}, unset',
		files: {
			'compose.yaml': lf('services:', '  api:', '    image: acme/api:1.0'),
			'compose.override.yaml': lf('services:', '  api:', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}'),
		},
		expect: {causes: ['compose-unset-variable'], allow: ['key-missing']},
	},
	{
		name: 'compose: docker-compose.override.yml names a missing env_file',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'docker-compose.yml': lf('services:', '  api:', '    image: acme/api:1.0', '    environment:', '      - OPENAI_API_KEY'),
			'docker-compose.override.yml': lf('services:', '  api:', '    env_file: ./secrets/dev.env'),
		},
		expect: {causes: ['compose-env-file-missing']},
	},
	{
		name: 'compose: $$ escapes in a command, the key passed from the shell (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    command: sh -c \'echo "key ends $${OPENAI_API_KEY: -4}" && exec python app.py\'', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}')},
		healthy: true,
	},
	{
		name: 'compose: OPENAI_API_KEY: ${OPENAI_KEY} and the shell sets OPENAI_KEY (healthy: compose renames it)',
		env: {OPENAI_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      OPENAI_API_KEY: ${OPENAI_KEY}')},
		healthy: true,
	},
	{
		name: 'compose: OPENAI_API_KEY: ${OPENAI_KEY} and nothing sets OPENAI_KEY',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      OPENAI_API_KEY: ${OPENAI_KEY}')},
		expect: {causes: ['compose-unset-variable']},
	},
	{
		name: 'compose: anchors and a merge key carry ${OPENAI_API_KEY}, unset',
		files: {
			'compose.yaml': lf(
				'x-ai-env: &ai-env',
				'  OPENAI_API_KEY: ${OPENAI_API_KEY}',
				'  OPENAI_MODEL: gpt-4o-mini',
				'services:',
				'  worker:',
				'    image: acme/worker:2',
				'    environment:',
				'      <<: *ai-env',
				'      QUEUE: default',
			),
		},
		expect: {causes: ['compose-unset-variable'], allow: ['key-missing']},
	},
	{
		name: 'compose: extends a service in another file that passes ${OPENAI_API_KEY}, unset',
		files: {
			'compose.yaml': lf('services:', '  api:', '    extends:', '      file: common.yml', '      service: base', '    ports: ["8000:8000"]'),
			'common.yml': lf('services:', '  base:', '    image: acme/api:1.0', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}'),
		},
		expect: {causes: ['compose-unset-variable'], allow: ['key-missing']},
	},
	{
		name: 'compose: malformed YAML (a finding with line and column, never a crash)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}', '     ports: [8000:8000', '  db: {image: postgres')},
		expect: {allow: [], exit: [0, 3], warns: /compose\.yaml:\d+:\d+/},
	},
	{
		name: 'compose: COMPOSE_FILE points at deploy/compose.prod.yml, which needs an unset variable',
		env: {COMPOSE_FILE: 'deploy/compose.prod.yml'},
		files: {'deploy/compose.prod.yml': lf('services:', '  api:', '    image: acme/api:1.0', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}')},
		expect: {causes: ['compose-unset-variable'], allow: ['key-missing']},
	},
	{
		name: 'compose: bare `- OPENAI_API_KEY` passed through, the shell lacks it',
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY')},
		expect: {anyOf: [['compose-unset-variable', 'key-missing']], allow: ['key-missing', 'compose-unset-variable']},
	},
	{
		name: 'compose: bare `- OPENAI_API_KEY` passed through from the shell (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY')},
		healthy: true,
	},
	{
		name: 'compose: the .env compose reads has the key in quotes (healthy: compose removes them)',
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}'), '.env': `OPENAI_API_KEY="${GOOD}"\n`},
		healthy: true,
	},
	{
		name: 'compose: only a database service, nothing about OpenAI, shell has the key (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  db:', '    image: postgres:16', '    environment:', '      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-example}')},
		healthy: true,
	},
	{
		name: 'compose: .env sets OPENAI_API_KEY= (empty), compose interpolates it',
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}'), '.env': 'OPENAI_API_KEY=\nDEBUG=1\n'},
		expect: {anyOf: [['compose-unset-variable', 'key-empty']], allow: ['compose-unset-variable', 'key-empty', 'key-missing']},
	},
	{
		name: 'compose: the shell exports an old key that wins over .env in ${OPENAI_API_KEY}',
		online: true,
		env: {OPENAI_API_KEY: STALE},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}'), '.env': `OPENAI_API_KEY=${GOOD}\n`},
		expect: {anyOf: [['stale-env-shadows-dotenv', 'key-invalid']], allow: ['stale-env-shadows-dotenv', 'key-invalid']},
	},

	// ── Dockerfiles ──────────────────────────────────────────────────────────────────
	{
		name: 'Dockerfile: ENV OPENAI_API_KEY=<key>',
		env: {OPENAI_API_KEY: GOOD},
		files: {Dockerfile: lf('FROM node:20-alpine', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', `ENV OPENAI_API_KEY=${GOOD}`, 'COPY src ./src', 'CMD ["node", "src/index.js"]'), '.dockerignore': 'node_modules\n.env\n'},
		expect: {causes: ['dockerfile-baked-key'], allow: ['hardcoded-key', 'key-committed']},
	},
	{
		name: 'Dockerfile: legacy ENV OPENAI_API_KEY <key> (space form)',
		env: {OPENAI_API_KEY: GOOD},
		files: {Dockerfile: lf('FROM python:3.12-slim', `ENV OPENAI_API_KEY ${GOOD}`, 'COPY app.py .', 'CMD ["python", "app.py"]')},
		expect: {causes: ['dockerfile-baked-key'], allow: ['hardcoded-key', 'key-committed']},
	},
	{
		name: 'Dockerfile: ARG OPENAI_API_KEY=<key> default',
		env: {OPENAI_API_KEY: GOOD},
		files: {Dockerfile: lf('FROM python:3.12-slim', `ARG OPENAI_API_KEY=${GOOD}`, 'RUN python -c "print(1)"', 'CMD ["python", "app.py"]')},
		expect: {causes: ['dockerfile-baked-key'], allow: ['hardcoded-key', 'key-committed']},
	},
	{
		// No value in the file: the key lands in the image only if a build passes it, so a warning, or the cause, are both fair readings.
		name: 'Dockerfile: ARG then ENV OPENAI_API_KEY=$OPENAI_API_KEY (a build argument stored in the image: at least a warning)',
		env: {OPENAI_API_KEY: GOOD},
		files: {Dockerfile: lf('FROM node:20', 'ARG OPENAI_API_KEY', 'ENV OPENAI_API_KEY=$OPENAI_API_KEY', 'COPY . .', 'CMD ["npm", "start"]'), '.dockerignore': '.env\nnode_modules\n'},
		expect: {allow: ['dockerfile-baked-key'], exit: [0, 1], warns: /build argument OPENAI_API_KEY/},
	},
	{
		name: 'Dockerfile: the key in a continued ENV line of the second stage of Dockerfile.prod',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'Dockerfile.prod': lf('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', '', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/dist ./dist', 'ENV NODE_ENV=production \\', `    OPENAI_API_KEY=${GOOD} \\`, '    PORT=8080', 'CMD ["node", "dist/server.js"]'),
			'.dockerignore': '.env*\nnode_modules\n',
		},
		expect: {causes: ['dockerfile-baked-key'], allow: ['hardcoded-key', 'key-committed']},
	},
	{
		name: 'Dockerfile: COPY . . with a .dockerignore that excludes .env (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {Dockerfile: lf('FROM python:3.12-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["python", "app.py"]'), '.dockerignore': '.git\n**/.env\n__pycache__\n', '.env': `OPENAI_API_KEY=${GOOD}\n`},
		healthy: true,
	},
	{
		name: 'Dockerfile: COPY . . and no .dockerignore while .env holds the key (a warning, no cause)',
		env: {OPENAI_API_KEY: GOOD},
		files: {Dockerfile: lf('FROM python:3.12-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["python", "app.py"]'), '.env': `OPENAI_API_KEY=${GOOD}\n`},
		expect: {allow: [], exit: [0, 3], warns: /copies \.env into the image/},
	},
	{
		name: 'Dockerfile: ENV OPENAI_API_KEY="" (a blank default, overridden at run time: no baked key)',
		env: {OPENAI_API_KEY: GOOD},
		files: {Dockerfile: lf('FROM python:3.12-slim', 'ENV OPENAI_API_KEY=""', 'ENV PYTHONUNBUFFERED=1', 'CMD ["python", "app.py"]')},
		healthy: true,
	},
	{
		name: 'Dockerfile: a BuildKit secret mount (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {Dockerfile: lf('# syntax=docker/dockerfile:1', 'FROM python:3.12-slim', 'RUN --mount=type=secret,id=openai_key,env=OPENAI_API_KEY python warm_cache.py', 'CMD ["python", "app.py"]')},
		healthy: true,
	},

	// ── Kubernetes (the real kubectl, a loopback API server) ──────────────────────────
	{
		name: 'k8s: --k8s-secret with a clean value (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		secrets: [{namespace: 'default', name: 'openai-ok', data: {OPENAI_API_KEY: GOOD}}],
		args: ['--k8s-secret', 'openai-ok'],
		healthy: true,
	},
	{
		name: 'k8s: --k8s-secret made with echo | base64 (trailing newline)',
		env: {OPENAI_API_KEY: GOOD},
		secrets: [{namespace: 'default', name: 'openai-nl', data: {OPENAI_API_KEY: `${GOOD}\n`}}],
		args: ['--k8s-secret', 'openai-nl'],
		expect: {causes: ['k8s-secret-newline'], allow: ['key-whitespace']},
	},
	{
		name: 'k8s: --k8s-secret with a CRLF ending (made on Windows)',
		env: {OPENAI_API_KEY: GOOD},
		secrets: [{namespace: 'default', name: 'openai-crlf', data: {'api-key': `${GOOD}\r\n`}}],
		args: ['--k8s-secret', 'openai-crlf:api-key'],
		expect: {causes: ['k8s-secret-newline'], allow: ['key-whitespace']},
	},
	{
		name: 'k8s: --k8s-secret names a secret that does not exist',
		env: {OPENAI_API_KEY: GOOD},
		args: ['--k8s-secret', 'openai-absent'],
		expect: {causes: ['k8s-secret-missing']},
	},
	{
		name: 'k8s: --k8s-secret NAME:KEY names a key the secret lacks',
		env: {OPENAI_API_KEY: GOOD},
		secrets: [{namespace: 'default', name: 'openai-keys', data: {OPENAI_API_KEY: GOOD}}],
		args: ['--k8s-secret', 'openai-keys:openai-api-key'],
		expect: {causes: ['k8s-secret-missing']},
	},
	{
		name: 'k8s: --k8s-secret NS/NAME in another namespace (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		secrets: [{namespace: 'prod', name: 'openai-prod', data: {OPENAI_API_KEY: GOOD}}],
		args: ['--k8s-secret', 'prod/openai-prod'],
		healthy: true,
	},
	{
		name: 'k8s: --k8s-secret you may not read (403): a finding, not "missing"',
		env: {OPENAI_API_KEY: GOOD},
		secrets: [{namespace: 'default', name: 'openai-locked', data: {OPENAI_API_KEY: GOOD}}],
		forbidden: ['default/openai-locked'],
		args: ['--k8s-secret', 'openai-locked'],
		expect: {allow: [], exit: [0, 3], warns: /forbidden|permission|not allowed|cannot|denied/i},
	},
	{
		name: 'k8s: the context points at a cluster that does not answer (a finding, never a hang)',
		env: {OPENAI_API_KEY: GOOD},
		kube: 'unreachable',
		args: ['--k8s-secret', 'openai'],
		expect: {allow: [], exit: [0, 3], warns: /reach|connect|refused|unavailable|answer/i},
	},
	{
		name: 'k8s: no kubectl, --k8s-secret refused with exit 2',
		env: {OPENAI_API_KEY: GOOD},
		kube: 'absent',
		args: ['--k8s-secret', 'openai'],
		expect: {allow: [], exit: 2},
	},
	{
		name: 'k8s manifests: the Deployment reads a secret the cluster has (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'k8s/deployment.yaml': deployment('openai-live', 'OPENAI_API_KEY')},
		secrets: [{namespace: 'default', name: 'openai-live', data: {OPENAI_API_KEY: GOOD}}],
		healthy: true,
	},
	{
		name: 'k8s manifests: the Deployment reads key api-key, the cluster secret only has OPENAI_API_KEY',
		env: {OPENAI_API_KEY: GOOD},
		files: {'k8s/deployment.yaml': deployment('openai-keyname', 'api-key')},
		secrets: [{namespace: 'default', name: 'openai-keyname', data: {OPENAI_API_KEY: GOOD}}],
		expect: {causes: ['k8s-secret-missing']},
	},
	{
		name: 'k8s manifests: the Deployment reads a secret that neither the manifests nor the cluster have',
		env: {OPENAI_API_KEY: GOOD},
		files: {'deploy/app.yaml': deployment('openai-nowhere', 'OPENAI_API_KEY')},
		expect: {causes: ['k8s-secret-missing']},
	},
	{
		name: 'k8s manifests: Secret stringData written as a YAML | block (trailing newline)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'k8s/deployment.yaml': deployment('openai-block', 'OPENAI_API_KEY'),
			'k8s/secret.yaml': lf('apiVersion: v1', 'kind: Secret', 'metadata:', '  name: openai-block', 'type: Opaque', 'stringData:', '  OPENAI_API_KEY: |', `    ${GOOD}`),
		},
		expect: {causes: ['k8s-secret-newline'], allow: ['key-whitespace', 'key-committed', 'hardcoded-key']},
	},
	{
		name: 'k8s manifests: Secret data from `echo $KEY | base64` (trailing newline)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'k8s/secret.yaml': lf('apiVersion: v1', 'kind: Secret', 'metadata:', '  name: openai-echo', 'data:', `  OPENAI_API_KEY: ${b64(`${GOOD}\n`)}`),
			'k8s/deployment.yaml': deployment('openai-echo', 'OPENAI_API_KEY'),
		},
		expect: {causes: ['k8s-secret-newline'], allow: ['key-whitespace', 'key-committed', 'hardcoded-key']},
	},
	{
		name: 'k8s manifests: the Deployment names secret openai, the manifest Secret is openai-key',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'k8s/secret.yaml': lf('apiVersion: v1', 'kind: Secret', 'metadata:', '  name: openai-key', 'type: Opaque', 'data:', `  OPENAI_API_KEY: ${b64(GOOD)}`),
			'k8s/deployment.yaml': deployment('openai-misnamed', 'OPENAI_API_KEY'),
		},
		expect: {causes: ['k8s-secret-missing'], allow: ['key-committed', 'hardcoded-key']},
	},
	{
		name: 'k8s manifests: envFrom secretRef, the cluster secret has OPENAI_API_KEY (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'manifests/worker.yaml': lf(
				'apiVersion: batch/v1',
				'kind: CronJob',
				'metadata:',
				'  name: digest',
				'spec:',
				'  schedule: "0 6 * * *"',
				'  jobTemplate:',
				'    spec:',
				'      template:',
				'        spec:',
				'          restartPolicy: OnFailure',
				'          containers:',
				'            - name: digest',
				'              image: ghcr.io/acme/digest:3',
				'              envFrom:',
				'                - secretRef:',
				'                    name: openai-envfrom',
			),
		},
		secrets: [{namespace: 'default', name: 'openai-envfrom', data: {OPENAI_API_KEY: GOOD, SLACK_WEBHOOK: 'https://hooks.example/x'}}],
		healthy: true,
	},
	{
		name: 'k8s manifests: a Helm chart template (names are templated: no false alarm)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'chart/Chart.yaml': lf('apiVersion: v2', 'name: api', 'version: 0.1.0'),
			'chart/values.yaml': lf('openai:', '  existingSecret: ""'),
			'chart/templates/deployment.yaml': lf(
				'apiVersion: apps/v1',
				'kind: Deployment',
				'metadata:',
				'  name: {{ include "api.fullname" . }}',
				'spec:',
				'  template:',
				'    spec:',
				'      containers:',
				'        - name: api',
				'          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
				'          env:',
				'            - name: OPENAI_API_KEY',
				'              valueFrom:',
				'                secretKeyRef:',
				'                  name: {{ .Release.Name }}-openai',
				'                  key: api-key',
			),
		},
		healthy: true,
	},
	{
		name: 'k8s manifests: Deployment and a clean Secret that line up, same secret in the cluster (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'k8s/deployment.yaml': deployment('openai-aligned', 'OPENAI_API_KEY'),
			'k8s/secret.yaml': lf('apiVersion: v1', 'kind: Secret', 'metadata:', '  name: openai-aligned', 'type: Opaque', 'stringData:', '  OPENAI_API_KEY: $(OPENAI_API_KEY)'),
		},
		secrets: [{namespace: 'default', name: 'openai-aligned', data: {OPENAI_API_KEY: GOOD}}],
		healthy: true,
	},
	{
		name: 'k8s: the cluster secret holds the revoked key while the shell has the new one',
		online: true,
		env: {OPENAI_API_KEY: GOOD},
		files: {'k8s/deployment.yaml': deployment('openai-old', 'OPENAI_API_KEY')},
		secrets: [{namespace: 'default', name: 'openai-old', data: {OPENAI_API_KEY: STALE}}],
		expect: {anyOf: [['key-invalid']], allow: ['key-invalid']},
	},

	// ── CI ───────────────────────────────────────────────────────────────────────────
	{
		name: 'GitHub workflow maps the secret into the job env on push (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/test.yml': workflow('[push]', [mapSecret])},
		healthy: true,
	},
	{
		name: 'GitHub workflow maps the secret at the top level env (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/ci.yaml': lf('name: ci', 'on:', '  push:', '    branches: [main]', 'env:', '  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: pytest -q')},
		healthy: true,
	},
	{
		name: 'GitHub workflow uses $OPENAI_API_KEY in a step and maps nothing',
		env: {OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/smoke.yml': workflow('[push]', [], ['      - name: smoke test', '        run: |', '          curl -fsS https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"'])},
		expect: {causes: ['ci-secret-unavailable']},
	},
	{
		name: 'GitHub workflow references secrets.OPENAI_API_KEY only in an if:, never in env',
		env: {OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/test.yml': workflow('[push]', [], ["      - if: ${{ secrets.OPENAI_API_KEY != '' }}", '        run: pytest tests/integration'])},
		expect: {causes: ['ci-secret-unavailable']},
	},
	{
		name: 'GitHub workflow maps the secret to OPENAI_KEY, the SDK reads OPENAI_API_KEY',
		env: {OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/test.yml': workflow('[push]', ['      OPENAI_KEY: ${{ secrets.OPENAI_API_KEY }}'], ['      - run: python -m pytest'])},
		expect: {causes: ['ci-secret-unavailable']},
	},
	{
		name: 'GitHub reusable workflow called without secrets: inherit',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'.github/workflows/main.yml': lf('on: [push]', 'jobs:', '  call:', '    uses: ./.github/workflows/reusable.yml'),
			'.github/workflows/reusable.yml': lf('on:', '  workflow_call:', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    env:', mapSecret, '    steps:', '      - run: npm test'),
		},
		expect: {causes: ['ci-secret-unavailable']},
	},
	{
		name: 'GitHub reusable workflow called with secrets: inherit (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'.github/workflows/main.yml': lf('on: [push]', 'jobs:', '  call:', '    uses: ./.github/workflows/reusable.yml', '    secrets: inherit'),
			'.github/workflows/reusable.yml': lf('on:', '  workflow_call:', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    env:', mapSecret, '    steps:', '      - run: npm test'),
		},
		healthy: true,
	},
	{
		name: "GitHub workflow passes the secret as an action's input (healthy: the action takes it by with:)",
		env: {OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/review.yml': lf('on: [push]', 'jobs:', '  review:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: acme/ai-review-action@v2', '        with:', '          openai_api_key: ${{ secrets.OPENAI_API_KEY }}')},
		healthy: true,
	},
	{
		name: 'GitHub workflow YAML is malformed (a finding, never a crash)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/broken.yml': lf('on: [push', 'jobs:', '  test:', '    steps:', '    - run: npm test', '      env: {OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}')},
		expect: {allow: [], exit: [0, 3], warns: /broken\.yml:\d+/},
	},
	{
		name: 'in GitHub Actions: a pull request from a fork, the secret arrives empty',
		env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '{root}/runner/event.json', GITHUB_REPOSITORY: 'acme/app', GITHUB_ACTOR: 'contributor', OPENAI_API_KEY: ''},
		outside: {'runner/event.json': JSON.stringify({action: 'opened', number: 42, pull_request: {number: 42, head: {ref: 'fix-typo', repo: {full_name: 'contributor/app', fork: true}}, base: {ref: 'main', repo: {full_name: 'acme/app', fork: false}}}, repository: {full_name: 'acme/app'}})},
		files: {'.github/workflows/test.yml': workflow('[push, pull_request]', [mapSecret])},
		expect: {causes: ['ci-secret-unavailable'], allow: ['key-empty', 'key-missing']},
	},
	{
		name: 'in GitHub Actions: a Dependabot pull request, the secret arrives empty',
		env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTOR: 'dependabot[bot]', GITHUB_REPOSITORY: 'acme/app', OPENAI_API_KEY: ''},
		files: {'.github/workflows/test.yml': workflow('[push, pull_request]', [mapSecret])},
		expect: {causes: ['ci-secret-unavailable'], allow: ['key-empty', 'key-missing']},
	},
	{
		name: 'in GitHub Actions on push: the workflow never maps the secret, no key',
		env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'acme/app', GITHUB_REF: 'refs/heads/main'},
		files: {'.github/workflows/test.yml': workflow('[push]', [], ['      - run: python -m pytest'])},
		expect: {causes: ['ci-secret-unavailable'], allow: ['key-missing']},
	},
	{
		name: 'in GitHub Actions on push with the key mapped and working (healthy)',
		env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'acme/app', GITHUB_REF: 'refs/heads/main', OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/test.yml': workflow('[push, pull_request]', [mapSecret])},
		healthy: true,
	},
	{
		name: 'in GitHub Actions: a same-repository pull request with the key mapped and working (healthy)',
		env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '{root}/runner/event.json', GITHUB_REPOSITORY: 'acme/app', GITHUB_ACTOR: 'maintainer', OPENAI_API_KEY: GOOD},
		outside: {'runner/event.json': JSON.stringify({action: 'synchronize', number: 7, pull_request: {number: 7, head: {ref: 'feature', repo: {full_name: 'acme/app', fork: false}}, base: {ref: 'main', repo: {full_name: 'acme/app', fork: false}}}})},
		files: {'.github/workflows/test.yml': workflow('[push, pull_request]', [mapSecret])},
		healthy: true,
	},
	{
		name: 'in GitHub Actions: the secret holds a revoked key (key-invalid, not a CI secret problem)',
		online: true,
		env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'acme/app', OPENAI_API_KEY: STALE},
		files: {'.github/workflows/test.yml': workflow('[push]', [mapSecret])},
		expect: {causes: ['key-invalid']},
	},
	{
		name: 'in GitLab CI on an unprotected branch: the protected variable is not given',
		env: {CI: 'true', GITLAB_CI: 'true', CI_COMMIT_REF_NAME: 'feature/summary', CI_COMMIT_REF_PROTECTED: 'false', CI_PIPELINE_SOURCE: 'push', CI_PROJECT_PATH: 'acme/app'},
		files: {'.gitlab-ci.yml': lf('test:', '  image: python:3.12', '  script:', '    - pip install -r requirements.txt', '    - pytest')},
		expect: {anyOf: [['ci-secret-unavailable', 'key-missing']], allow: ['ci-secret-unavailable', 'key-missing']},
	},

	// ── where the app runs, and this machine has no key of its own ──────────────────
	{
		name: 'docker: only the container has the key, this shell has none (healthy: the app runs there)',
		containers: [{name: 'web', env: [`OPENAI_API_KEY=${GOOD}`]}],
		args: ['--container', '{c:web}'],
		healthy: true,
	},
	{
		name: 'compose+docker: compose now passes the key, the container was created before that',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: ['PORT=8000'], compose: {service: 'web'}}],
		filesAfter: {'compose.yaml': lf('services:', '  web:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}')},
		expect: {causes: ['container-key-missing']},
	},
	{
		name: 'compose+docker: list-form quotes, confirmed by docker inspect (one cause, not three)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  web:', '    build: .', '    environment:', '      - OPENAI_API_KEY="${OPENAI_API_KEY}"')},
		containers: [{name: 'web', env: [`OPENAI_API_KEY="${GOOD}"`], compose: {service: 'web'}}],
		expect: {causes: ['compose-literal-quotes']},
	},
	{
		name: 'compose+docker: the service reads the key from a compose secret file (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'compose.yaml': lf('services:', '  web:', '    build: .', '    environment:', '      OPENAI_API_KEY_FILE: /run/secrets/openai_key', '    secrets: [openai_key]', 'secrets:', '  openai_key:', '    environment: OPENAI_API_KEY'),
		},
		containers: [{name: 'web', env: ['OPENAI_API_KEY_FILE=/run/secrets/openai_key'], compose: {service: 'web'}}],
		healthy: true,
	},
	{
		name: 'compose: env_file read with format: raw keeps the quotes of the file',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    env_file:', '      - path: ./api.env', '        format: raw'), 'api.env': `OPENAI_API_KEY="${GOOD}"\n`},
		expect: {causes: ['compose-literal-quotes'], allow: ['key-quoted']},
	},
	{
		name: 'k8s: the key lives only in the cluster secret the Deployment reads (healthy: the app runs there)',
		files: {'k8s/deployment.yaml': deployment('openai-only', 'OPENAI_API_KEY')},
		secrets: [{namespace: 'default', name: 'openai-only', data: {OPENAI_API_KEY: GOOD}}],
		healthy: true,
	},
	{
		name: 'k8s: the cluster secret the Deployment reads holds template text',
		env: {OPENAI_API_KEY: GOOD},
		files: {'k8s/deployment.yaml': deployment('openai-template', 'OPENAI_API_KEY')},
		secrets: [{namespace: 'default', name: 'openai-template', data: {OPENAI_API_KEY: 'sk-your-key-here'}}],
		expect: {causes: ['key-placeholder']},
	},
	{
		name: 'Dockerfile: the key baked into services/api/Dockerfile of a monorepo',
		env: {OPENAI_API_KEY: GOOD},
		files: {'services/api/Dockerfile': lf('FROM python:3.12-slim', 'WORKDIR /srv', `ENV OPENAI_API_KEY="${GOOD}"`, 'COPY . .', 'CMD ["gunicorn", "app:app"]')},
		expect: {causes: ['dockerfile-baked-key'], allow: ['hardcoded-key', 'key-committed']},
	},
	{
		name: 'serverless.yml takes the key from SSM (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'serverless.yml': lf('service: summarizer', 'provider:', '  name: aws', '  runtime: python3.12', '  environment:', '    OPENAI_API_KEY: ${ssm:/summarizer/openai-api-key}', 'functions:', '  summarize:', '    handler: handler.summarize')},
		healthy: true,
	},
	{
		name: 'GitHub workflow maps the secret in a step env (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/eval.yml': workflow('[push]', [], ['      - name: evals', '        run: python -m evals.run', '        env:', '          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}'])},
		healthy: true,
	},
	{
		// Run on this machine, a workflow that runs on pull requests is at most a warning; a cause is a fair reading too.
		name: 'GitHub workflow on pull_request using the secret, checked on this machine',
		env: {OPENAI_API_KEY: GOOD},
		files: {'.github/workflows/review.yml': workflow('[pull_request]', [mapSecret], ['      - run: python review.py'])},
		expect: {allow: ['ci-secret-unavailable'], exit: [0, 1]},
	},
	{
		name: 'in GitLab CI with the variable set and working (healthy)',
		env: {CI: 'true', GITLAB_CI: 'true', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_REF_PROTECTED: 'true', CI_PIPELINE_SOURCE: 'push', CI_PROJECT_PATH: 'acme/app', OPENAI_API_KEY: GOOD},
		files: {'.gitlab-ci.yml': lf('test:', '  image: python:3.12', '  script:', '    - pytest')},
		healthy: true,
	},

	// ── more corners ─────────────────────────────────────────────────────────────────
	{
		name: 'docker: --container given as an id prefix, the container lacks the key',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: ['PORT=8000']}],
		args: ['--container', '{id:web}'],
		expect: {causes: ['container-key-missing']},
	},
	{
		name: 'docker: the container key holds a terminal escape sequence (never printed raw)',
		env: {OPENAI_API_KEY: GOOD},
		containers: [{name: 'web', env: [`OPENAI_API_KEY=\u001b[31m${GOOD}\u001b[0m`]}],
		args: ['--container', '{c:web}'],
		expect: {anyOf: [['key-invisible-chars', 'key-malformed']], allow: ['key-invisible-chars', 'key-malformed', 'container-key-differs']},
	},
	{
		name: 'compose: map form sets OPENAI_API_KEY: "" (the service gets an empty key)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      OPENAI_API_KEY: ""')},
		expect: {anyOf: [['key-empty', 'compose-unset-variable', 'container-key-missing']], allow: ['key-empty', 'compose-unset-variable', 'container-key-missing']},
	},
	{
		name: 'compose: the env_file sets OPENAI_API_KEY= to nothing (the service gets an empty key, whatever the shell holds)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    env_file: [app.env]'), 'app.env': 'LOG_LEVEL=info\nOPENAI_API_KEY=\n'},
		expect: {causes: ['key-empty']},
	},
	{
		name: "compose: env_file with the key in single quotes (healthy: compose removes them)",
		files: {'compose.yaml': lf('services:', '  api:', '    build: .', '    env_file: [app.env]'), 'app.env': `# app settings\nOPENAI_API_KEY='${GOOD}'\nLOG_LEVEL=info\n`},
		healthy: true,
	},
	{
		name: 'k8s: --k8s-secret with several keys and none named for the app (a finding: name the key)',
		env: {OPENAI_API_KEY: GOOD},
		secrets: [{namespace: 'default', name: 'app-secrets', data: {DATABASE_URL: 'postgres://db/app', SLACK_TOKEN: 'xoxb-1', SENTRY_DSN: 'https://sentry.example/1'}}],
		args: ['--k8s-secret', 'app-secrets'],
		expect: {allow: [], exit: [0, 3], warns: /name the one the app reads|--k8s-secret default\/app-secrets:KEY/},
	},
	{
		name: 'k8s: --k8s-secret whose OPENAI_API_KEY is empty',
		env: {OPENAI_API_KEY: GOOD},
		secrets: [{namespace: 'default', name: 'openai-blank', data: {OPENAI_API_KEY: ''}}],
		args: ['--k8s-secret', 'openai-blank'],
		expect: {anyOf: [['k8s-secret-missing', 'key-empty']], allow: ['k8s-secret-missing', 'key-empty']},
	},
	{
		name: 'in GitHub Actions: the workflow maps a misspelled secret, the key arrives empty',
		env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'acme/app', OPENAI_API_KEY: ''},
		files: {'.github/workflows/test.yml': workflow('[push]', ['      OPENAI_API_KEY: ${{ secrets.OPENAI_APIKEY }}'])},
		expect: {causes: ['ci-secret-unavailable'], allow: ['key-empty']},
	},
	{
		name: 'in CircleCI: a build of a fork pull request, no key',
		env: {CI: 'true', CIRCLECI: 'true', CIRCLE_BRANCH: 'pull/12', CIRCLE_PR_REPONAME: 'app', CIRCLE_PR_USERNAME: 'contributor', CIRCLE_PROJECT_REPONAME: 'app'},
		files: {'.circleci/config.yml': lf('version: 2.1', 'jobs:', '  test:', '    docker:', '      - image: cimg/python:3.12', '    steps:', '      - checkout', '      - run: pytest')},
		expect: {causes: ['ci-secret-unavailable'], allow: ['key-missing']},
	},
	{
		name: 'in Jenkins with the key missing',
		env: {JENKINS_URL: 'https://ci.example/', BUILD_NUMBER: '42', JOB_NAME: 'app'},
		files: {Jenkinsfile: lf('pipeline {', '  agent any', '  stages {', "    stage('test') { steps { sh 'pytest' } }", '  }', '}')},
		expect: {anyOf: [['ci-secret-unavailable', 'key-missing']], allow: ['ci-secret-unavailable', 'key-missing']},
	},

	// ── everything at once ───────────────────────────────────────────────────────────
	{
		name: 'compose, Dockerfile, manifests and a workflow, all wired right (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      OPENAI_API_KEY: ${OPENAI_API_KEY:?set OPENAI_API_KEY}', '  redis:', '    image: redis:7'),
			Dockerfile: lf('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["node", "server.js"]'),
			'.dockerignore': 'node_modules\n.env\n.env.*\n.git\n',
			'k8s/deployment.yaml': deployment('openai-all', 'OPENAI_API_KEY'),
			'.github/workflows/test.yml': workflow('[push]', [mapSecret]),
			'.env.example': 'OPENAI_API_KEY=sk-your-key-here\n',
		},
		secrets: [{namespace: 'default', name: 'openai-all', data: {OPENAI_API_KEY: GOOD}}],
		healthy: true,
	},
	{
		name: 'a plain project with no deployment files and a working key (healthy)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'README.md': '# app\n'},
		healthy: true,
	},
	{
		name: 'a 20 MB manifest next to a compose file (bounded, no crash)',
		env: {OPENAI_API_KEY: GOOD},
		files: {
			'k8s/huge.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\ndata:\n  blob: "${'x'.repeat(20 * 1024 * 1024)}"\n`,
			'compose.yaml': lf('services:', '  api:', '    build: .', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY}'),
		},
		healthy: true,
	},
	{
		name: 'a compose service name with a terminal escape sequence (nothing raw reaches the output)',
		env: {OPENAI_API_KEY: GOOD},
		files: {'compose.yaml': lf('services:', '  "api\u001b]0;owned\u0007\u001b[2J":', '    build: .', '    env_file: missing.env')},
		expect: {causes: ['compose-env-file-missing']},
	},
];

type Outcome = {name: string; verdict: 'right' | 'wrong'; got: string[]; exit: number | undefined; problems: string[]};

let cli: string;
let daemon: DockerDaemon | undefined;
let dockerSkip = '';
let kube: FakeKubeApi;
let standIn: StandIn;
const outcomes: Outcome[] = [];
/** Container name → the first 12 characters of its id, for setups that name a container by id. */
const ids = new Map<string, string>();
const scratch: string[] = [];

beforeAll(async () => {
	cli = await snapshotCli();
	const started = await dockerDaemon();
	if ('skip' in started) dockerSkip = started.skip;
	else daemon = started;
	kube = await startFakeKubeApi(corpus.flatMap(setup => setup.secrets ?? []));
	for (const setup of corpus) for (const entry of setup.forbidden ?? []) kube.forbidden.add(entry);
	standIn = await startStandIn({accounts: {[GOOD]: {}, [OTHER]: {}}});
}, 180_000);

afterAll(async () => {
	await standIn?.close();
	await kube?.close();
	if (daemon) {
		const ids = await docker(daemon, ['ps', '-aq', '--filter', `label=kwcorpus=${tag}`]).catch(() => '');
		if (ids) await docker(daemon, ['rm', '-f', ...ids.split('\n')]).catch(() => '');
	}

	await Promise.all(scratch.map(folder => rm(folder, {recursive: true, force: true})));
	if (process.env.KW_CORPUS_SUMMARY) {
		const right = outcomes.filter(outcome => outcome.verdict === 'right').length;
		const lines = outcomes.map(outcome => `${outcome.verdict === 'right' ? 'RIGHT' : 'WRONG'} | ${outcome.name} | got: ${outcome.got.join(', ') || '(none)'} | exit ${outcome.exit}${outcome.problems.length > 0 ? ` | ${outcome.problems.join('; ')}` : ''}`);
		await writeFile(process.env.KW_CORPUS_SUMMARY, `${right}/${outcomes.length} right\n${lines.join('\n')}\n`);
	}
}, 120_000);

/** A PATH folder with the usual tools but without `drop` (docker or kubectl). */
async function pathWithout(root: string, drop: string): Promise<string> {
	const bin = path.join(root, 'bin');
	await mkdir(bin, {recursive: true});
	for (const tool of ['sh', 'bash', 'curl', 'timeout', 'git', 'env', 'docker', 'kubectl', 'python3', 'sleep', 'cat']) {
		if (tool === drop) continue;
		const found = await execa('sh', ['-c', `command -v ${tool}`], {reject: false});
		if (found.exitCode === 0 && found.stdout.startsWith('/')) await symlink(found.stdout.trim(), path.join(bin, tool));
	}

	return bin;
}

function fill(text: string, built: BuiltScenario, index: number): string {
	return text
		.replaceAll('{root}', built.root)
		.replaceAll('{project}', built.project)
		.replace(/\{c:([\w-]+)\}/g, (_, name: string) => `${tag}-${index}-${name}`)
		.replace(/\{id:([\w-]+)\}/g, (_, name: string) => ids.get(`${tag}-${index}-${name}`) ?? name);
}

async function createContainers(setup: CorpusSetup, built: BuiltScenario, index: number): Promise<void> {
	for (const container of setup.containers ?? []) {
		const name = `${tag}-${index}-${container.name}`;
		const args = [container.stopped ? 'create' : 'run', ...(container.stopped ? [] : ['-d']), '--name', name, '--label', `kwcorpus=${tag}`];
		if (container.compose) {
			const workingDir = container.compose.workingDir ?? built.project;
			const project = path.basename(workingDir);
			for (const [label, value] of Object.entries({
				'com.docker.compose.project': project,
				'com.docker.compose.service': container.compose.service,
				'com.docker.compose.container-number': '1',
				'com.docker.compose.oneoff': 'False',
				'com.docker.compose.project.working_dir': workingDir,
				'com.docker.compose.project.config_files': path.join(workingDir, 'compose.yaml'),
				'com.docker.compose.version': '2.29.7',
			})) {
				args.push('--label', `${label}=${value}`);
			}
		}

		for (const entry of container.env ?? []) args.push('-e', entry);
		ids.set(name, (await docker(daemon!, [...args, testImage])).slice(0, 12));
	}
}

async function writeFiles(base: string, files: ScenarioFiles): Promise<void> {
	for (const [relative, content] of Object.entries(files)) {
		const full = path.join(base, relative);
		await mkdir(path.dirname(full), {recursive: true});
		await writeFile(full, content);
	}
}

/** Judges one run: the causes named against the expectation. */
function judge(setup: CorpusSetup, ids: string[], exit: number | undefined): string[] {
	const problems: string[] = [];
	const ok = offline ? 3 : 0;
	if (setup.healthy) {
		if (ids.length > 0) problems.push(`healthy setup got ${ids.join(', ')}`);
		if (exit !== ok) problems.push(`healthy setup exited ${exit}, not ${ok}`);
		return problems;
	}

	const expectation = setup.expect ?? {};
	const required = expectation.causes ?? [];
	for (const id of required) if (!ids.includes(id)) problems.push(`missing ${id}`);
	for (const group of expectation.anyOf ?? []) if (!group.some(id => ids.includes(id))) problems.push(`missing one of ${group.join(' / ')}`);
	const allowed = new Set([...required, ...(expectation.anyOf ?? []).flat(), ...(expectation.allow ?? [])]);
	for (const id of ids) if (!allowed.has(id)) problems.push(`unexpected ${id}`);
	const wanted = [expectation.exit ?? 1].flat().map(code => (code === 0 ? ok : code));
	if (exit === undefined || !wanted.includes(exit)) problems.push(`exit ${exit}, not ${wanted.join(' or ')}`);
	return problems;
}

describe('deployed corpus: realistic container, compose, cluster and CI setups through the built CLI', () => {
	for (const [index, setup] of corpus.entries()) {
		it(setup.name, async context => {
			const needsDaemon = (setup.containers?.length ?? 0) > 0 || setup.args?.includes('--container') === true;
			if (needsDaemon && !daemon && setup.docker !== 'down' && setup.docker !== 'absent') return context.skip(dockerSkip);
			if (offline && setup.online) return context.skip('needs the live check');
			const built = await buildScenario({name: setup.name, secrets: [], expect: {causes: []}, project: setup.files});
			scratch.push(built.root);
			await writeFiles(built.root, setup.outside ?? {});
			if (daemon && setup.containers) await createContainers(setup, built, index);
			if (setup.filesAfter) {
				await writeFiles(built.project, setup.filesAfter);
				// Later than the container's creation even on a coarse clock.
				const later = new Date(Date.now() + 2000);
				for (const file of Object.keys(setup.filesAfter)) await utimes(path.join(built.project, file), later, later);
			}

			const env: Record<string, string> = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: built.home, SHELL: '/bin/bash'};
			for (const [name, value] of Object.entries(setup.env ?? {})) env[name] = fill(value, built, index);
			if (setup.docker === 'down') env.DOCKER_HOST = `unix://${path.join(built.root, 'no-daemon.sock')}`;
			else if (daemon) env.DOCKER_HOST = daemon.host;
			if (setup.docker === 'absent') env.PATH = await pathWithout(built.root, 'docker');
			if (setup.kube === 'absent') env.PATH = await pathWithout(built.root, 'kubectl');
			const kubeServer = setup.kube === 'unreachable' ? 'http://127.0.0.1:9' : kube.url;
			env.KUBECONFIG = writeKubeconfig(path.join(built.root, 'kube'), kubeServer);

			const args = ['--json', '--cwd', built.project, ...(offline ? ['--no-network'] : ['--base-url', standIn.baseUrl]), '--timeout', '10000', ...(setup.args ?? []).map(arg => fill(arg, built, index))];
			const result = await execa(process.execPath, [cli, ...args], {cwd: built.project, env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 90_000});
			const output = `${result.stdout}\n${result.stderr}`;
			const leak = findLeak(output, allKeys);
			const problems: string[] = [];
			if (leak) problems.push(`a key slice is printed (${leak.length} characters)`);
			if (result.timedOut) problems.push('hung');
			let ids: string[] = [];
			let report: {causes: Array<{id: string}>; probes: Array<{id: string; status: string; summary: string}>} | undefined;
			if (setup.expect?.exit === 2) {
				if (result.stdout.trim() !== '') problems.push('a usage error printed a report');
				if (result.stderr.trim().split('\n').length !== 1) problems.push(`stderr is not one line: ${result.stderr.slice(0, 200)}`);
			} else {
				try {
					report = JSON.parse(result.stdout) as typeof report;
					ids = report!.causes.map(cause => cause.id);
				} catch {
					problems.push(`not JSON (exit ${result.exitCode}): ${result.stderr.slice(0, 300)}`);
				}

				if (/\bat [\w.<>]+ \(|TypeError|ReferenceError/.test(result.stderr)) problems.push('a stack trace on stderr');
			}

			problems.push(...judge(setup, ids, result.exitCode));
			const warns = setup.expect?.warns;
			if (warns && report && !report.probes.some(probe => (probe.status === 'warn' || probe.status === 'fail' || probe.status === 'error') && warns.test(probe.summary))) {
				problems.push(`no probe warns ${warns}: ${report.probes.map(probe => `${probe.id}=${probe.status}: ${probe.summary}`).join(' | ')}`);
			}

			if (output.includes('\u001b')) problems.push('a raw escape character in the output');
			expectKeysOnlyInAuth(standIn, allKeys, 'openai');
			if (process.env.KW_CORPUS_DUMP) await writeFile(path.join(process.env.KW_CORPUS_DUMP, `${index}.json`), result.stdout || result.stderr);
			outcomes.push({name: setup.name, verdict: problems.length === 0 ? 'right' : 'wrong', got: ids, exit: result.exitCode, problems});
			expect(problems, `${setup.name}: got ${ids.join(', ') || '(none)'}`).toEqual([]);
			await removeScenario(built);
		}, 120_000);
	}
});
