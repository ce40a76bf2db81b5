import {describe, expect, it} from 'vitest';
import {analyzeWorkflow} from '../../../source/core/deployed/github-workflows.js';
import {ciProbe, type CiProbeData} from '../../../source/core/probes/ci.js';
import type {ProbeOutcome} from '../../../source/core/types.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';

const cwd = '/home/dev/project';
const workflow = (jobs: string, on = 'on: [push, pull_request]') => `name: test\n${on}\njobs:\n${jobs}`;

describe('GitHub workflows', () => {
	it('a job that maps the secret into env is fine; on pull_request it is noted as unguarded', () => {
		const facts = analyzeWorkflow(workflow('  test:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - run: pytest\n'), '.github/workflows/test.yml');
		expect(facts).toMatchObject({findings: [], jobsWithKey: ['test'], unguardedJobs: ['test'], pullRequest: true, secretNames: ['OPENAI_API_KEY']});
	});

	it('a fork guard on the job is recognised', () => {
		const facts = analyzeWorkflow(workflow("  test:\n    if: github.event.pull_request.head.repo.full_name == github.repository\n    steps:\n      - run: pytest\n        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n"), 'w.yml');
		expect(facts.unguardedJobs).toEqual([]);
	});

	it.each([
		['referenced but never mapped', "  test:\n    steps:\n      - name: Check\n        if: ${{ secrets.OPENAI_API_KEY != '' }}\n        run: pytest\n", 'referenced-not-mapped'],
		['mapped to another name', '  test:\n    steps:\n      - run: pytest\n        env:\n          OPENAI_KEY: ${{ secrets.OPENAI_API_KEY }}\n', 'mapped-to-other-name'],
		['used but not mapped', `  test:\n    steps:\n      - name: Smoke\n        run: 'curl -H "Authorization: Bearer $OPENAI_API_KEY" https://api.openai.com/v1/models'\n`, 'used-not-mapped'],
	])('%s', (_name, jobs, problem) => {
		const facts = analyzeWorkflow(workflow(jobs), '.github/workflows/ci.yml');
		expect(facts.findings.map(finding => finding.problem)).toEqual([problem]);
		expect(facts.findings[0]!.line).toBeGreaterThan(3);
	});

	it('a step writing it to $GITHUB_ENV hands it to later steps; inline use in run works', () => {
		const exported = analyzeWorkflow(workflow('  test:\n    steps:\n      - run: echo "OPENAI_API_KEY=${{ secrets.OPENAI_API_KEY }}" >> $GITHUB_ENV\n      - run: python app.py $OPENAI_API_KEY\n'), 'w.yml');
		expect(exported.findings).toEqual([]);
	});

	it('a reusable workflow called without secrets: inherit', () => {
		const caller = workflow('  call:\n    uses: ./.github/workflows/eval.yml\n');
		const facts = analyzeWorkflow(caller, '.github/workflows/main.yml', path => (path === './.github/workflows/eval.yml' ? ['OPENAI_API_KEY'] : undefined));
		expect(facts.findings.map(finding => finding.problem)).toEqual(['reusable-without-secrets']);
		const inherits = analyzeWorkflow(workflow('  call:\n    uses: ./.github/workflows/eval.yml\n    secrets: inherit\n'), 'm.yml', () => ['OPENAI_API_KEY']);
		expect(inherits.findings).toEqual([]);
	});

	it('a broken workflow gives its line and column', () => {
		expect(analyzeWorkflow('on: push\njobs:\n  a: [\n', 'w.yml').problem).toMatch(/^w\.yml:\d+:\d+: /);
	});
});

async function probe(env: Record<string, string>, files: Record<string, string> = {}): Promise<ProbeOutcome<CiProbeData>> {
	return (await ciProbe.run(context(makePorts({cwd, env, files}), []))) as ProbeOutcome<CiProbeData>;
}

describe('CI probe', () => {
	it('GitHub Actions on a pull request from a fork: secrets are withheld', async () => {
		const outcome = await probe(
			{CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/run/event.json', GITHUB_REPOSITORY: 'acme/app', OPENAI_API_KEY: ''},
			{'/run/event.json': JSON.stringify({pull_request: {head: {repo: {full_name: 'someone/app', fork: true}}, base: {repo: {full_name: 'acme/app'}}}})},
		);
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.run).toMatchObject({provider: 'github-actions', event: 'pull_request'});
		expect(outcome.data!.run!.withheld[0]).toContain('fork someone/app');
		expect(outcome.data!.keyInEnv).toBe('empty');
	});

	it('a same-repository pull request withholds nothing', async () => {
		const outcome = await probe(
			{CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/run/event.json', GITHUB_REPOSITORY: 'acme/app', OPENAI_API_KEY: 'x'},
			{'/run/event.json': JSON.stringify({pull_request: {head: {repo: {full_name: 'acme/app', fork: false}}, base: {repo: {full_name: 'acme/app'}}}})},
		);
		expect(outcome.data!.run!.withheld).toEqual([]);
		expect(outcome.status).toBe('pass');
	});

	it('Dependabot, GitLab protected variables and fork merge requests', async () => {
		expect((await probe({GITHUB_ACTIONS: 'true', GITHUB_ACTOR: 'dependabot[bot]', GITHUB_EVENT_NAME: 'push'})).data!.run!.withheld[0]).toContain('Dependabot');
		const gitlab = await probe({GITLAB_CI: 'true', CI_COMMIT_REF_PROTECTED: 'false', CI_COMMIT_REF_NAME: 'feature', CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '2', CI_MERGE_REQUEST_PROJECT_ID: '1'});
		expect(gitlab.data!.run!.withheld).toHaveLength(2);
	});

	it('reads .github/workflows and .gitlab-ci.yml outside CI', async () => {
		const outcome = await probe({}, {
			[`${cwd}/.github/workflows/ci.yml`]: workflow('  test:\n    steps:\n      - run: pytest\n        env:\n          OPENAI_KEY: ${{ secrets.OPENAI_API_KEY }}\n'),
			[`${cwd}/.gitlab-ci.yml`]: 'test:\n  script:\n    - python eval.py --key "$OPENAI_API_KEY"\n',
		});
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.workflows[0]!.findings[0]!.problem).toBe('mapped-to-other-name');
		expect(outcome.data!.gitlab).toEqual({file: '.gitlab-ci.yml', jobsUsingKey: ['test']});
	});

	it('a workflow that does not parse is named in the summary, with line and column, not counted as "none using the key"', async () => {
		const outcome = await probe({}, {[`${cwd}/.github/workflows/broken.yml`]: 'on: [push\njobs:\n  test:\n'});
		expect(outcome.status).toBe('warn');
		expect(outcome.summary).toMatch(/^no workflow could be read; \.github\/workflows\/broken\.yml:\d+:\d+: /);
	});

	it('nothing to read and not in CI: skip', async () => {
		expect((await probe({})).status).toBe('skip');
	});
});
