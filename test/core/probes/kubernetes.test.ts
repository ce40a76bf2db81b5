import {describe, expect, it} from 'vitest';
import {kubernetesProbe, type KubernetesProbeData} from '../../../source/core/probes/kubernetes.js';
import type {Exec} from '../../../source/core/ports.js';
import type {ProbeOutcome, RunOptions} from '../../../source/core/types.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {fakeKubectl} from '../../helpers/fake-deployed.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';

const A = makeProjectKey(9401);
const cwd = '/home/dev/project';
const b64 = (text: string) => Buffer.from(text).toString('base64');

const deployment = (secret: string, key: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1
          env:
            - name: OPENAI_API_KEY
              valueFrom:
                secretKeyRef:
                  name: ${secret}
                  key: ${key}
`;

async function probe(files: Record<string, string>, exec: Exec, k8sSecret?: RunOptions['k8sSecret']): Promise<ProbeOutcome<KubernetesProbeData>> {
	const ports = makePorts({cwd, exec, files: Object.fromEntries(Object.entries(files).map(([name, text]) => [`${cwd}/${name}`, text]))});
	return (await kubernetesProbe.run(context(ports, [], {k8sSecret}))) as ProbeOutcome<KubernetesProbeData>;
}

describe('kubernetes probe: manifests', () => {
	it('a reference to a secret the manifests do not define, while another Secret holds the key: the names do not line up', async () => {
		const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai-key\n  namespace: prod\ndata:\n  api-key: ${b64(A)}\n`;
		const missing = await probe({'k8s/app.yaml': `${deployment('openai', 'api-key')}---\n${secret}`}, fakeKubectl({}));
		expect(missing.data!.nameMismatches).toEqual([expect.objectContaining({workload: 'Deployment/api', secret: 'openai', key: 'api-key', candidates: [{name: 'openai-key', file: 'k8s/app.yaml'}]})]);
		expect(missing.status).toBe('fail');
		// The cluster has the secret by that name (made by hand): nothing is wrong.
		const made = await probe({'k8s/app.yaml': `${deployment('openai', 'api-key')}---\n${secret}`}, fakeKubectl({'prod/openai': {'api-key': A}}));
		expect(made.status).toBe('pass');
		// Unrelated Secrets (a database password) say nothing about the name.
		const unrelated = await probe({'k8s/app.yaml': `${deployment('openai', 'api-key')}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\nstringData:\n  password: x\n`}, fakeKubectl({'prod/openai': {'api-key': A}}));
		expect(unrelated.data!.nameMismatches).toEqual([]);
	});

	it('reads secretKeyRef and the Secret that fills it; a trailing newline in data is seen, never shown', async () => {
		const outcome = await probe(
			{
				'k8s/deployment.yaml': deployment('openai', 'api-key'),
				'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\n  namespace: prod\ndata:\n  api-key: ${b64(`${A}\n`)}\n`,
			},
			fakeKubectl({}),
		);
		const data = outcome.data!;
		expect(data.workloads).toEqual([{workload: 'Deployment/api', namespace: 'prod', file: 'k8s/deployment.yaml', line: 4, container: 'api', via: 'secretKeyRef', secret: 'openai', key: 'api-key', optional: false}]);
		expect(data.secrets[0]).toMatchObject({name: 'openai', keys: ['api-key'], value: {key: 'api-key', trailing: '\\n', line: 7}});
		expect(data.external).toEqual([]);
		expect(outcome.status).toBe('fail');
		expect(outcome.keys!.map(key => key.secret.reveal() === `${A}\n`)).toEqual([true]);
		expect(JSON.stringify({s: outcome.summary, d: outcome.details, data})).not.toContain(A.slice(10, 40));
	});

	it('flags a key the Secret does not define; stringData with a | block keeps its newline', async () => {
		const outcome = await probe(
			{
				'deploy/all.yaml': `${deployment('openai', 'OPENAI_API_KEY')}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\n  namespace: prod\nstringData:\n  api-key: |\n    ${A}\n`,
			},
			fakeKubectl({}),
		);
		expect(outcome.data!.mismatches).toEqual([{workload: 'Deployment/api', file: 'deploy/all.yaml', line: 13, secret: 'openai', key: 'OPENAI_API_KEY', via: 'secretKeyRef', secretFile: 'deploy/all.yaml', keys: ['api-key']}]);
	});

	it('envFrom with a prefix, kustomize secretGenerator from a file with a final newline', async () => {
		const outcome = await probe(
			{
				'k8s/kustomization.yaml': 'namespace: prod\nresources:\n  - deployment.yaml\nsecretGenerator:\n  - name: openai\n    files:\n      - OPENAI_API_KEY=openai.key\n',
				'k8s/openai.key': `${A}\n`,
				'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          envFrom:\n            - secretRef:\n                name: openai\n',
			},
			fakeKubectl({}),
		);
		expect(outcome.data!.workloads[0]).toMatchObject({via: 'envFrom', secret: 'openai', key: 'OPENAI_API_KEY'});
		expect(outcome.data!.secrets[0]).toMatchObject({name: 'openai', generated: true, value: {trailing: '\\n'}});
	});

	it('a 20 MB manifest is named and skipped; a broken one gives its line and column', async () => {
		const huge = `apiVersion: v1\nkind: ConfigMap\ndata:\n${'  k: v\n'.repeat(3_500_000)}`;
		const outcome = await probe({'k8s/huge.yaml': huge, 'k8s/bad.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: x\n'}, fakeKubectl({}));
		const problems = outcome.data!.manifests.map(file => file.problem);
		expect(problems.find(problem => problem?.includes('huge.yaml'))).toMatch(/huge\.yaml is 2\d(\.\d)? MB, over the 2 MB .*not read/);
		expect(problems.find(problem => problem?.includes('bad.yaml'))).toMatch(/^k8s\/bad\.yaml:\d+:\d+: /);
	});

	it('other YAML (a lock file, a config that does not parse) is passed over without a word', async () => {
		const outcome = await probe({'pnpm-lock.yaml': `lockfileVersion: '9.0'\n${'  x: y\n'.repeat(600_000)}`, 'docs/mkdocs-ish.yaml': 'nav: [\n', 'config/app.yml': 'port: 80\n'}, fakeKubectl({}));
		expect(outcome.status).toBe('skip');
		expect(outcome.data!.manifests).toEqual([]);
	});

	it('no manifests and no flag: skip, and kubectl is never run', async () => {
		const calls: string[][] = [];
		expect((await probe({'README.md': '#'}, fakeKubectl({}, calls))).status).toBe('skip');
		expect(calls).toEqual([]);
	});
});

describe('kubernetes probe: the cluster', () => {
	it('--k8s-secret NAME uses the context namespace and picks OPENAI_API_KEY', async () => {
		const calls: string[][] = [];
		const outcome = await probe({}, fakeKubectl({'team/openai': {OPENAI_API_KEY: A, other: 'x'}}, calls), {name: 'openai'});
		expect(outcome.data!.checks[0]).toMatchObject({namespace: 'team', name: 'openai', key: 'OPENAI_API_KEY', state: 'found', requested: true});
		expect(outcome.status).toBe('pass');
		expect(calls[1]).toEqual(['kubectl', 'get', 'secret', 'openai', '--namespace', 'team', '--output', 'json', expect.stringMatching(/^--request-timeout=\d+s$/)]);
	});

	it('several keys and none named: asks for NAME:KEY', async () => {
		const outcome = await probe({}, fakeKubectl({'team/creds': {a: '1', b: '2'}}), {name: 'creds'});
		expect(outcome.data!.checks[0]).toMatchObject({state: 'key-unclear'});
		expect(outcome.status).toBe('warn');
	});

	it('reads the secrets the manifests reference but do not define', async () => {
		const outcome = await probe({'k8s/deployment.yaml': deployment('openai', 'api-key')}, fakeKubectl({'prod/openai': {'api-key': ` ${A}`}}));
		expect(outcome.data!.checks[0]).toMatchObject({namespace: 'prod', name: 'openai', key: 'api-key', requested: false, usedBy: ['Deployment/api'], value: {leading: ' '}});
	});
});
