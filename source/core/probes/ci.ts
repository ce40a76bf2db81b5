import path from 'node:path';
import {detectCiRun, type CiRun} from '../deployed/ci-environment.js';
import {analyzeWorkflow, keySecretsIn, type WorkflowFacts} from '../deployed/github-workflows.js';
import {asRecord, parseYaml} from '../deployed/yaml-file.js';
import {readTextFile} from '../local/file-text.js';
import {listSome} from '../local/list-some.js';
import {keyVariable} from '../local/near-names.js';
import {showFromCwd} from '../local/paths.js';
import type {Ports} from '../ports.js';
import type {ProbeDefinition, ProbeStatus} from '../types.js';

const maxWorkflows = 60;
const maxBytes = 512 * 1024;

/** What the CI probe found. */
export type CiProbeData = {
	/** The CI run this process is part of; undefined outside CI. */
	run?: CiRun;
	/** OPENAI_API_KEY in this process: what the CI job handed it. */
	keyInEnv: 'set' | 'empty' | 'unset';
	workflows: WorkflowFacts[];
	/** `.gitlab-ci.yml`: the jobs whose scripts use $OPENAI_API_KEY (GitLab's variables live in the project settings). */
	gitlab?: {file: string; problem?: string; jobsUsingKey: string[]};
};

/** Step 2: the CI this runs in (fork pull requests get no secrets) and the workflows that should map the secret into the job's env. */
export const ciProbe: ProbeDefinition<CiProbeData> = {
	id: 'ci',
	step: 2,
	title: 'CI settings',
	checks: 'GitHub Actions / GitLab CI: the secret mapped into the job’s env, fork pull requests',
	async run({ports}) {
		const [run, workflows, gitlab] = await Promise.all([detectCiRun(ports), readWorkflows(ports), readGitlab(ports)]);
		const value = ports.env[keyVariable];
		const data: CiProbeData = {...(run ? {run} : {}), keyInEnv: value === undefined ? 'unset' : value.trim() === '' ? 'empty' : 'set', workflows, ...(gitlab ? {gitlab} : {})};
		const findings = workflows.flatMap(workflow => workflow.findings);
		const details = [
			...workflows.filter(workflow => workflow.problem).map(workflow => workflow.problem!),
			...findings.map(finding => `${finding.file}${finding.line ? `:${finding.line}` : ''}: ${finding.text}.`),
			...forkNotes(workflows),
			...(run ? [`Running in ${run.label}${run.event ? ` (${run.event})` : ''}; OPENAI_API_KEY is ${data.keyInEnv} here.`, ...run.withheld.map(reason => `Secrets are withheld: ${reason}.`)] : []),
			...(gitlab?.problem ? [gitlab.problem] : gitlab && gitlab.jobsUsingKey.length > 0 ? [`${gitlab.file}: ${listSome(gitlab.jobsUsingKey)} use $OPENAI_API_KEY; it must be a CI/CD variable of the project (Settings → CI/CD → Variables), not protected unless those branches are.`] : []),
		];
		const lacking = run && data.keyInEnv !== 'set';
		let status: ProbeStatus;
		if (!run && workflows.length === 0 && !gitlab) return {status: 'skip', summary: 'Not running in CI, and no GitHub Actions workflow or .gitlab-ci.yml in the project.', details, data};
		if (lacking || findings.length > 0) status = 'fail';
		else if (workflows.some(workflow => workflow.problem) || forkNotes(workflows).length > 0) status = 'warn';
		else status = 'pass';
		const parts: string[] = [];
		if (run) parts.push(`${run.label}${run.event ? ` (${run.event})` : ''}: OPENAI_API_KEY is ${data.keyInEnv}${run.withheld.length > 0 ? `; secrets are withheld (${run.withheld[0]!.split(',')[0]})` : ''}`);
		if (workflows.length > 0) {
			const withKey = workflows.filter(workflow => workflow.jobsWithKey.length > 0).map(workflow => workflow.file);
			const unread = workflows.filter(workflow => workflow.problem);
			const read = workflows.length - unread.length;
			parts.push(findings.length > 0 ? `${findings.length} workflow problem${findings.length === 1 ? '' : 's'}: ${findings[0]!.text}` : withKey.length > 0 ? `${listSome(withKey)} map${withKey.length === 1 ? 's' : ''} the secret into the job's env` : read > 0 ? `${read} workflow${read === 1 ? '' : 's'}, none using the key` : `no workflow could be read`);
			// A workflow that does not parse is one GitHub refuses too: say which, with line and column.
			if (unread.length > 0) parts.push(unread[0]!.problem!.replace(/\.$/, ''));
		}

		if (gitlab && !run) parts.push(gitlab.jobsUsingKey.length > 0 ? `${gitlab.file}: ${listSome(gitlab.jobsUsingKey)} use $OPENAI_API_KEY` : `${gitlab.file} does not use the key`);
		return {status, summary: `${parts.join('; ')}.`, details, data};
	},
};

function forkNotes(workflows: readonly WorkflowFacts[]): string[] {
	return workflows
		.filter(workflow => workflow.pullRequest && workflow.unguardedJobs.length > 0)
		.map(workflow => `${workflow.file} runs ${listSome(workflow.unguardedJobs)} on pull_request: on pull requests from forks GitHub passes no secrets, so OPENAI_API_KEY is empty there.`);
}

async function readWorkflows(ports: Ports): Promise<WorkflowFacts[]> {
	const dir = path.join(ports.cwd, '.github', 'workflows');
	const listing = await ports.fs.readDir(dir);
	if (!listing.ok) return [];
	const names = listing.entries.filter(entry => entry.isFile && /\.ya?ml$/i.test(entry.name)).map(entry => entry.name).sort().slice(0, maxWorkflows);
	const texts = new Map<string, string>();
	const out: WorkflowFacts[] = [];
	for (const name of names) {
		const absolute = path.join(dir, name);
		const shown = showFromCwd(absolute, ports.cwd);
		const read = await readTextFile(ports, absolute, shown, maxBytes);
		if (!read.ok || read.truncated) {
			out.push({file: shown, problem: read.ok ? `${shown} is over 512 KB; not read.` : read.message, triggers: [], pullRequest: false, pullRequestTarget: false, jobsWithKey: [], unguardedJobs: [], secretNames: [], findings: []});
			continue;
		}

		texts.set(`./.github/workflows/${name}`, read.text);
	}

	for (const [reference, text] of texts) {
		const shown = reference.slice(2);
		out.push(analyzeWorkflow(text, shown, called => (texts.has(called) ? keySecretsIn(texts.get(called)!) : undefined)));
	}

	return out.sort((a, b) => a.file.localeCompare(b.file));
}

async function readGitlab(ports: Ports): Promise<CiProbeData['gitlab']> {
	const absolute = path.join(ports.cwd, '.gitlab-ci.yml');
	const read = await readTextFile(ports, absolute, '.gitlab-ci.yml', maxBytes);
	if (!read.ok) return read.code === 'not-found' ? undefined : {file: '.gitlab-ci.yml', problem: read.message, jobsUsingKey: []};
	const parsed = parseYaml(read.text, '.gitlab-ci.yml');
	if (!parsed.ok) return {file: '.gitlab-ci.yml', problem: parsed.message, jobsUsingKey: []};
	const top = asRecord(parsed.docs[0]?.value) ?? {};
	const jobsUsingKey = Object.entries(top)
		.filter(([name, job]) => !name.startsWith('.') && asRecord(job) && JSON.stringify(job).includes(keyVariable))
		.map(([name]) => name)
		.slice(0, 20);
	return {file: '.gitlab-ci.yml', jobsUsingKey};
}
