/**
 * The deployed rules, table-driven over whole fake worlds: every probe runs against
 * in-memory files, a fake docker and a fake kubectl, then the conclusion is drawn with
 * every rule. Each row lists exactly the causes it must give: the healthy rows none.
 */
import {describe, expect, it} from 'vitest';
import {conclude} from '../../../source/core/conclude.js';
import {allProbes} from '../../../source/core/probes/index.js';
import {runProbes} from '../../../source/core/run-probes.js';
import type {Cause, RunOptions} from '../../../source/core/types.js';
import {fakeDocker, fakeKubectl, fakeTools, type FakeContainer} from '../../helpers/fake-deployed.js';
import {makeAnthropicKey, makeProjectKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {makeOptions} from '../../helpers/facts.js';

const A = makeProjectKey(9701);
const B = makeProjectKey(9702);
const anthropic = makeAnthropicKey(9703);
const cwd = '/home/dev/project';
const b64 = (text: string) => Buffer.from(text).toString('base64');

type World = {
	env?: Record<string, string>;
	files?: Record<string, string>;
	/** Files outside the project, by absolute path. */
	system?: Record<string, string>;
	mtimes?: Record<string, number>;
	containers?: FakeContainer[];
	secrets?: Record<string, Record<string, string>>;
	options?: Partial<RunOptions>;
};

async function diagnoseWorld(world: World): Promise<Cause[]> {
	const files = {...Object.fromEntries(Object.entries(world.files ?? {}).map(([name, text]) => [`${cwd}/${name}`, text])), ...world.system};
	const ports = makePorts({
		cwd,
		env: world.env ?? {},
		files,
		mtimes: Object.fromEntries(Object.entries(world.mtimes ?? {}).map(([name, time]) => [`${cwd}/${name}`, time])),
		exec: fakeTools({docker: fakeDocker(world.containers ?? []), kubectl: fakeKubectl(world.secrets ?? {})}),
	});
	const options = makeOptions({cwd, network: false, ...world.options});
	const results = await runProbes(allProbes, ports, options, new AbortController().signal);
	const {causes} = conclude(results, ports.env, options, allProbes.map(probe => probe.id));
	const text = JSON.stringify(causes);
	for (const key of [A, B, anthropic]) expect(text).not.toContain(key.slice(10, 40));
	return causes;
}

const composeFile = (entry = '      - OPENAI_API_KEY=${OPENAI_API_KEY}') => `services:\n  web:\n    build: .\n    environment:\n${entry}\n  db:\n    image: postgres:16\n`;
const labels = (service: string) => ({'com.docker.compose.project': 'project', 'com.docker.compose.service': service, 'com.docker.compose.project.working_dir': cwd});
const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: openai\n                  key: api-key\n`;
const created = '2026-03-01T10:00:00.000000000Z';

const rows: Array<[string, World, string[]]> = [
	['healthy: compose passes the key the shell sets, the container has it', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': composeFile()}, containers: [{name: 'project-web-1', env: [`OPENAI_API_KEY=${A}`], labels: labels('web')}, {name: 'project-db-1', env: ['POSTGRES_PASSWORD=x'], labels: labels('db')}]}, []],
	['healthy: the key in compose\'s .env', {files: {'compose.yaml': composeFile(), '.env': `OPENAI_API_KEY=${A}\n`}}, []],
	['compose-unset-variable: nothing sets the variable compose interpolates', {files: {'compose.yaml': composeFile()}}, ['compose-unset-variable', 'key-missing']],
	['compose-unset-variable: ${VAR:?} refuses to start', {env: {OPENAI_KEY_PROD: ''}, files: {'compose.yaml': composeFile('      OPENAI_API_KEY: ${OPENAI_KEY_PROD:?set it}')}}, ['compose-unset-variable', 'key-missing']],
	['key-empty: the compose file writes the key empty for its service (map form), whatever the shell holds', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': composeFile('      OPENAI_API_KEY: ""')}}, ['key-empty']],
	['key-empty: the service\'s env_file sets the key to nothing', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': 'services:\n  web:\n    build: .\n    env_file: app.env\n', 'app.env': 'LOG_LEVEL=info\nOPENAI_API_KEY=\n'}}, ['key-empty']],
	['compose-literal-quotes: list form with quotes', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': composeFile('      - OPENAI_API_KEY="${OPENAI_API_KEY}"')}}, ['compose-literal-quotes']],
	['compose-env-file-missing', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': 'services:\n  web:\n    build: .\n    env_file: .env.production\n'}}, ['compose-env-file-missing']],
	['healthy: an optional env_file may be missing', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': 'services:\n  web:\n    build: .\n    env_file:\n      - path: .env.local\n        required: false\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n'}}, []],
	['container-key-missing: a named container without the key', {env: {OPENAI_API_KEY: A}, containers: [{name: 'bot', env: ['PATH=/usr/bin']}], options: {containers: ['bot']}}, ['container-key-missing']],
	['container-key-missing: the compose container lacks what the file now passes', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': composeFile()}, containers: [{name: 'project-web-1', env: ['OPENAI_API_KEY='], labels: labels('web')}]}, ['container-key-missing']],
	['container-key-missing: no service is wired to the key; the running one built from here lacks it', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': 'services:\n  web:\n    build: .\n  db:\n    image: postgres\n'}, containers: [{name: 'project-web-1', env: ['PORT=80'], labels: labels('web')}, {name: 'project-db-1', env: [], labels: labels('db')}]}, ['container-key-missing']],
	['healthy: the built service reads its key from a compose secret', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': 'services:\n  web:\n    build: .\n    secrets: [openai_key]\nsecrets:\n  openai_key:\n    file: ./openai.key\n'}, containers: [{name: 'project-web-1', env: ['PORT=80'], labels: labels('web')}]}, []],
	['healthy: a named container reads the key from OPENAI_API_KEY_FILE', {env: {OPENAI_API_KEY: A}, containers: [{name: 'bot', env: ['OPENAI_API_KEY_FILE=/run/secrets/openai']}], options: {containers: ['bot']}}, []],
	['healthy: the database container of the project has no key, and needs none', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': composeFile()}, containers: [{name: 'project-db-1', env: [], labels: labels('db')}]}, []],
	['container-key-differs: a named container with another key than the shell', {env: {OPENAI_API_KEY: A}, containers: [{name: 'bot', env: [`OPENAI_API_KEY=${B}`]}], options: {containers: ['bot']}}, ['container-key-differs']],
	['container-key-differs: created before .env changed', {files: {'compose.yaml': composeFile(), '.env': `OPENAI_API_KEY=${A}\n`}, mtimes: {'.env': Date.parse(created) + 3_600_000}, containers: [{name: 'project-web-1', env: [`OPENAI_API_KEY=${B}`], labels: labels('web'), created}]}, ['container-key-differs']],
	['healthy: a container with its own gateway and its key', {env: {OPENAI_API_KEY: A}, containers: [{name: 'bot', env: [`OPENAI_API_KEY=${B}`, 'OPENAI_BASE_URL=http://litellm:4000']}], options: {containers: ['bot']}}, []],
	['dockerfile-baked-key', {env: {OPENAI_API_KEY: A}, files: {Dockerfile: `FROM python:3.12\nENV OPENAI_API_KEY=${A}\nCOPY . .\n`}}, ['dockerfile-baked-key']],
	['k8s-secret-newline: --k8s-secret with a trailing newline', {env: {OPENAI_API_KEY: A}, secrets: {'team/openai': {OPENAI_API_KEY: `${A}\n`}}, options: {k8sSecret: {name: 'openai'}}}, ['k8s-secret-newline']],
	['k8s-secret-missing: --k8s-secret that does not exist', {env: {OPENAI_API_KEY: A}, options: {k8sSecret: {namespace: 'prod', name: 'openai'}}}, ['k8s-secret-missing']],
	['k8s-secret-missing: the key is not in the secret', {env: {OPENAI_API_KEY: A}, secrets: {'prod/openai': {token: A}}, options: {k8sSecret: {namespace: 'prod', name: 'openai', key: 'OPENAI_API_KEY'}}}, ['k8s-secret-missing']],
	['k8s-secret-missing: the manifests read a key their Secret does not define', {env: {OPENAI_API_KEY: A}, files: {'k8s/app.yaml': `${deployment}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\n  namespace: prod\ndata:\n  OPENAI_API_KEY: ${b64(A)}\n`}}, ['k8s-secret-missing']],
	['k8s-secret-newline: the manifest\'s Secret data was made with echo | base64', {env: {OPENAI_API_KEY: A}, files: {'k8s/app.yaml': `${deployment}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\n  namespace: prod\ndata:\n  api-key: ${b64(`${A}\n`)}\n`}}, ['k8s-secret-newline']],
	['healthy: the cluster\'s secret is clean', {env: {OPENAI_API_KEY: A}, files: {'k8s/app.yaml': deployment}, secrets: {'prod/openai': {'api-key': A}}}, []],
	['k8s-secret-missing (low): the manifests read a secret this cluster lacks, and define none', {env: {OPENAI_API_KEY: A}, files: {'k8s/app.yaml': deployment}}, ['k8s-secret-missing']],
	[
		'k8s-secret-missing: the manifests define the key under another secret name',
		{env: {OPENAI_API_KEY: A}, files: {'k8s/app.yaml': `${deployment}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: openai-key\n  namespace: prod\ndata:\n  api-key: ${b64(A)}\n`}, secrets: {'prod/openai-key': {'api-key': A}}},
		['k8s-secret-missing'],
	],
	['healthy: the manifests name a secret the project does not define, the cluster has it', {env: {OPENAI_API_KEY: A}, files: {'k8s/app.yaml': `${deployment}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: openai-key\n  namespace: prod\ndata:\n  api-key: ${b64(A)}\n`}, secrets: {'prod/openai': {'api-key': A}}}, []],
	// Where the app runs, its key is judged as the shell's would be.
	['key-placeholder: compose falls back to a template default', {files: {'compose.yaml': composeFile('      - OPENAI_API_KEY=${OPENAI_API_KEY:-sk-your-key-here}')}}, ['key-placeholder']],
	['key-quoted: the named container got the key in quotes (docker run --env-file)', {env: {OPENAI_API_KEY: A}, containers: [{name: 'bot', env: [`OPENAI_API_KEY="${A}"`]}], options: {containers: ['bot']}}, ['key-quoted', 'container-key-differs']],
	['key-other-provider: the named container holds another provider\'s key', {env: {OPENAI_API_KEY: A}, containers: [{name: 'bot', env: [`OPENAI_API_KEY=${anthropic}`]}], options: {containers: ['bot']}}, ['key-other-provider', 'container-key-differs']],
	['key-placeholder: the cluster secret the Deployment reads holds template text', {env: {OPENAI_API_KEY: A}, files: {'k8s/app.yaml': deployment}, secrets: {'prod/openai': {'api-key': 'sk-your-key-here'}}}, ['key-placeholder']],
	['healthy: a manifest Secret holds template text, the cluster the real key', {env: {OPENAI_API_KEY: A}, files: {'k8s/app.yaml': `${deployment}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\n  namespace: prod\nstringData:\n  api-key: <paste your key>\n`}, secrets: {'prod/openai': {'api-key': A}}}, []],
	['compose-literal-quotes only: docker inspect shows the same quotes', {env: {OPENAI_API_KEY: A}, files: {'compose.yaml': composeFile('      - OPENAI_API_KEY="${OPENAI_API_KEY}"')}, containers: [{name: 'project-web-1', env: [`OPENAI_API_KEY="${A}"`], labels: labels('web')}]}, ['compose-literal-quotes']],
	['healthy: compose hands OPENAI_KEY from the shell to the app as OPENAI_API_KEY', {env: {OPENAI_KEY: A}, files: {'compose.yaml': composeFile('      OPENAI_API_KEY: ${OPENAI_KEY}')}}, []],
	[
		'ci-secret-unavailable: GitHub Actions on a fork pull request, key empty',
		{env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/run/event.json', GITHUB_REPOSITORY: 'acme/app', OPENAI_API_KEY: ''}, system: {'/run/event.json': JSON.stringify({pull_request: {head: {repo: {full_name: 'fork/app', fork: true}}, base: {repo: {full_name: 'acme/app'}}}})}},
		['ci-secret-unavailable', 'key-empty'],
	],
	['ci-secret-unavailable: the workflow maps the secret to another name', {env: {OPENAI_API_KEY: A}, files: {'.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n        env:\n          OPENAI_TOKEN: ${{ secrets.OPENAI_API_KEY }}\n'}}, ['ci-secret-unavailable']],
	['healthy: a workflow mapping the secret, run locally', {env: {OPENAI_API_KEY: A}, files: {'.github/workflows/ci.yml': 'on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - run: pytest\n'}}, []],
	['healthy: key-wizard inside a container with the key', {env: {OPENAI_API_KEY: A}, system: {'/.dockerenv': ''}}, []],
];

describe('deployed rules over whole worlds', () => {
	it.each(rows)('%s', async (_name, world, expected) => {
		const causes = await diagnoseWorld(world);
		expect(causes.map(cause => cause.id).sort()).toEqual([...expected].sort());
	});

	it('ranks the runtime cause first: the container, not this shell', async () => {
		const causes = await diagnoseWorld({files: {'compose.yaml': composeFile()}});
		expect(causes[0]!.id).toBe('compose-unset-variable');
	});

	it('says "recreate it" with the times when .env changed after the container was created', async () => {
		const causes = await diagnoseWorld(rows.find(row => row[0].includes('created before'))![1]);
		const cause = causes.find(item => item.id === 'container-key-differs')!;
		expect(cause.confidence).toBe('high');
		expect(cause.evidence.join('\n')).toContain('.env changed after project-web-1 was created (2026-03-01T10:00:00Z)');
		expect(cause.snippets.map(snippet => snippet.text)).toContain('docker compose up -d --force-recreate web');
	});

	it('names a secret only the manifests point at with low confidence, and says the cluster may not be the app\'s', async () => {
		const causes = await diagnoseWorld({env: {OPENAI_API_KEY: A}, files: {'k8s/app.yaml': deployment}});
		const cause = causes.find(item => item.id === 'k8s-secret-missing')!;
		expect(cause.confidence).toBe('low');
		expect(cause.evidence.join('\n')).toContain('If the app runs in another cluster');
	});

	it('names the compose line that writes the key empty, and how to pass it instead', async () => {
		const causes = await diagnoseWorld(rows.find(row => row[0].includes('(map form)'))![1]);
		const cause = causes.find(item => item.id === 'key-empty')!;
		expect(cause.evidence.join('\n')).toMatch(/compose\.yaml:5 gives compose service web OPENAI_API_KEY as an empty value/);
		expect(cause.snippets.map(snippet => snippet.text)).toContain('docker compose up -d --force-recreate web');
	});

	it('says where to fix a value seen in a container: recreate it', async () => {
		const causes = await diagnoseWorld(rows.find(row => row[0].startsWith('key-quoted: the named container'))![1]);
		const cause = causes.find(item => item.id === 'key-quoted')!;
		expect(cause.evidence.join('\n')).toContain('container:bot');
		expect(cause.fix.join('\n')).toMatch(/recreate the container/);
	});

	it('every deployed rule has its meaning and docs filled', async () => {
		const {deployedRules, imageExposureRules} = await import('../../../source/core/diagnose/rules/deployed.js');
		for (const rule of [...deployedRules, ...imageExposureRules]) {
			expect(rule.meaning?.length ?? 0, rule.id).toBeGreaterThan(40);
			expect(rule.docs?.length, rule.id).toBeGreaterThan(0);
		}
	});
});
