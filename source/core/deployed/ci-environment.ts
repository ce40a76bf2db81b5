import type {Ports} from '../ports.js';
import {asRecord, asText} from './yaml-file.js';

/** The CI run key-wizard is part of, and what withholds secrets from it. */
export type CiRun = {
	/** `github-actions`, `gitlab`, `circleci`, `buildkite`, `jenkins`, `azure-pipelines`, `travis`, `bitbucket`, or `ci` when only CI is set. */
	provider: string;
	/** Readable name: GitHub Actions, GitLab CI… */
	label: string;
	/** The event or pipeline source (`pull_request`, `push`, `merge_request_event`). */
	event?: string;
	/** Reasons this run gets no secrets, in words (fork pull request, Dependabot, unprotected branch…). */
	withheld: string[];
	/** GitHub: the workflow file this run comes from (`.github/workflows/ci.yml`), and its job. */
	workflowFile?: string;
	job?: string;
};

const providers: ReadonlyArray<[string, string, string]> = [
	['GITHUB_ACTIONS', 'github-actions', 'GitHub Actions'],
	['GITLAB_CI', 'gitlab', 'GitLab CI'],
	['CIRCLECI', 'circleci', 'CircleCI'],
	['BUILDKITE', 'buildkite', 'Buildkite'],
	['JENKINS_URL', 'jenkins', 'Jenkins'],
	['TF_BUILD', 'azure-pipelines', 'Azure Pipelines'],
	['TRAVIS', 'travis', 'Travis CI'],
	['BITBUCKET_BUILD_NUMBER', 'bitbucket', 'Bitbucket Pipelines'],
	['CODEBUILD_BUILD_ID', 'codebuild', 'AWS CodeBuild'],
	['DRONE', 'drone', 'Drone'],
	['TEAMCITY_VERSION', 'teamcity', 'TeamCity'],
];

/**
 * The CI this process runs in, from the variables each CI sets, and why secrets may be
 * withheld: GitHub gives none to `pull_request` runs from forks (the event payload says
 * whether the head repository is a fork) nor Actions secrets to Dependabot; GitLab keeps
 * protected variables from unprotected branches and fork merge requests; CircleCI and
 * Travis withhold them from forked builds by default. Undefined outside CI.
 */
export async function detectCiRun(ports: Ports): Promise<CiRun | undefined> {
	const {env} = ports;
	const found = providers.find(([variable]) => env[variable] && env[variable] !== 'false');
	const ci = env.CI && env.CI !== 'false' && env.CI !== '0';
	if (!found && !ci) return undefined;
	const [, provider, label] = found ?? ['', 'ci', 'CI'];
	const run: CiRun = {provider, label, withheld: []};
	if (provider === 'github-actions') await github(ports, run);
	else if (provider === 'gitlab') gitlab(env, run);
	else if (provider === 'circleci' && env.CIRCLE_PR_REPONAME) run.withheld.push('this is a build of a pull request from a fork, and CircleCI passes no secrets to forked builds unless "Pass secrets to builds from forked pull requests" is on');
	else if (provider === 'travis' && env.TRAVIS_SECURE_ENV_VARS === 'false') run.withheld.push('Travis CI says secure variables are not available to this build (TRAVIS_SECURE_ENV_VARS=false), as for pull requests from forks');
	return run;
}

async function github(ports: Ports, run: CiRun): Promise<void> {
	const {env} = ports;
	run.event = env.GITHUB_EVENT_NAME;
	if (env.GITHUB_JOB) run.job = env.GITHUB_JOB;
	const ref = env.GITHUB_WORKFLOW_REF ?? '';
	const workflow = /\/(\.github\/workflows\/[^@]+)@/.exec(ref)?.[1];
	if (workflow) run.workflowFile = workflow;
	if (env.GITHUB_ACTOR === 'dependabot[bot]' || env.GITHUB_TRIGGERING_ACTOR === 'dependabot[bot]') {
		run.withheld.push('Dependabot started this run, and Dependabot runs get Dependabot secrets only, not Actions secrets');
	}

	if (run.event !== 'pull_request' && run.event !== 'pull_request_review' && run.event !== 'pull_request_review_comment') return;
	const payload = env.GITHUB_EVENT_PATH ? await ports.fs.readFile(env.GITHUB_EVENT_PATH, {maxBytes: 4 * 1024 * 1024}) : undefined;
	let head: string | undefined;
	let base = env.GITHUB_REPOSITORY;
	let fork: boolean | undefined;
	if (payload?.ok) {
		try {
			const pull = asRecord(asRecord(JSON.parse(new TextDecoder().decode(payload.bytes)))?.pull_request);
			const headRepo = asRecord(asRecord(pull?.head)?.repo);
			head = asText(headRepo?.full_name);
			base = asText(asRecord(asRecord(pull?.base)?.repo)?.full_name) ?? base;
			if (typeof headRepo?.fork === 'boolean') fork = headRepo.fork;
		} catch {}
	}

	if ((head && base && head !== base) || (fork === true && head !== base)) {
		run.withheld.push(`this is a pull_request run from the fork ${head ?? '(a fork)'}, and GitHub passes no secrets (other than GITHUB_TOKEN) to workflows triggered by pull requests from forks`);
	} else if (!payload?.ok && env.GITHUB_HEAD_REF && env.GITHUB_REPOSITORY) {
		run.withheld.push('this is a pull_request run; if the pull request comes from a fork, GitHub passes it no secrets');
	}
}

function gitlab(env: Readonly<Record<string, string | undefined>>, run: CiRun): void {
	run.event = env.CI_PIPELINE_SOURCE;
	const source = env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID;
	const target = env.CI_MERGE_REQUEST_PROJECT_ID;
	if (source && target && source !== target) run.withheld.push('this merge request pipeline runs for a fork, which gets none of the project\'s CI/CD variables');
	if (env.CI_COMMIT_REF_PROTECTED === 'false') run.withheld.push(`the branch ${env.CI_COMMIT_REF_NAME ?? ''} is not protected, so variables marked "Protect variable" are not passed to it`.replace('  ', ' '));
}
