import {nearNameMatch} from '../local/near-names.js';
import {asRecord, asText, parseYaml, type YamlDoc} from './yaml-file.js';

/** Why a workflow's job does not get the key into its steps. */
export type WorkflowProblem =
	/** `secrets.OPENAI_API_KEY` appears, but no step's `env` (nor a `run`, a `with:` or a reusable workflow's `secrets:`) gets it. */
	| 'referenced-not-mapped'
	/** The secret is mapped, but to another variable name than OPENAI_API_KEY. */
	| 'mapped-to-other-name'
	/** A step uses $OPENAI_API_KEY, and nothing in its job puts the secret in its environment. */
	| 'used-not-mapped'
	/** A job calls a reusable workflow that reads the secret, without `secrets: inherit` or passing it. */
	| 'reusable-without-secrets';

/** One problem found in a workflow file, key-free. */
export type WorkflowFinding = {problem: WorkflowProblem; file: string; line?: number; job: string; text: string};

/** A workflow and what it does with the key. */
export type WorkflowFacts = {
	file: string;
	problem?: string;
	name?: string;
	/** Events it runs on. */
	triggers: string[];
	/** Runs on `pull_request` (from forks too: no secrets then), or `pull_request_target` (secrets, base code). */
	pullRequest: boolean;
	pullRequestTarget: boolean;
	/** Jobs whose steps get OPENAI_API_KEY from a secret. */
	jobsWithKey: string[];
	/** Jobs that get the key and have no guard against fork pull requests. */
	unguardedJobs: string[];
	/** The secret names it reads for the key (`OPENAI_API_KEY`). */
	secretNames: string[];
	findings: WorkflowFinding[];
};

const secretReference = /secrets(?:\.([A-Za-z_][\w]*)|\[\s*['"]([A-Za-z_][\w]*)['"]\s*\])/g;
const keyVariable = 'OPENAI_API_KEY';

/** The OpenAI-looking secret names a text refers to (`secrets.OPENAI_API_KEY`, `secrets['OPENAI_KEY']`). */
export function keySecretsIn(text: string): string[] {
	const names = new Set<string>();
	for (const match of text.matchAll(secretReference)) {
		const name = match[1] ?? match[2]!;
		if (/OPEN_?AI/i.test(name) && !/ORG|ORGANIZATION|PROJECT|BASE|URL|ENDPOINT|VERSION/i.test(name)) names.add(name);
	}

	return [...names];
}

/** Reads one workflow file (`.github/workflows/*.yml`). `reusable` gives the key secrets another local workflow reads. */
export function analyzeWorkflow(text: string, file: string, reusable: (path: string) => string[] | undefined = () => undefined): WorkflowFacts {
	const facts: WorkflowFacts = {file, triggers: [], pullRequest: false, pullRequestTarget: false, jobsWithKey: [], unguardedJobs: [], secretNames: keySecretsIn(text), findings: []};
	const parsed = parseYaml(text, file);
	if (!parsed.ok) return {...facts, problem: parsed.message};
	const doc = parsed.docs[0]!;
	const top = asRecord(doc.value);
	if (!top) return facts;
	const name = asText(top.name);
	if (name) facts.name = name;
	// YAML 1.1 reads a bare `on:` key as true; GitHub means the event list.
	const on = top.on ?? top.true;
	facts.triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(item => asText(item) ?? '').filter(Boolean) : Object.keys(asRecord(on) ?? {});
	facts.pullRequest = facts.triggers.includes('pull_request');
	facts.pullRequestTarget = facts.triggers.includes('pull_request_target');
	const workflowEnv = envMappings(top.env);
	for (const [jobId, jobValue] of Object.entries(asRecord(top.jobs) ?? {}).slice(0, 200)) {
		const job = asRecord(jobValue);
		if (!job) continue;
		analyzeJob(jobId, job, workflowEnv, doc, facts, reusable);
	}

	return facts;
}

type EnvMapping = {name: string; secrets: string[]; mentions: boolean};

function envMappings(value: unknown): EnvMapping[] {
	return Object.entries(asRecord(value) ?? {}).map(([name, raw]) => {
		const text = asText(raw) ?? '';
		return {name, secrets: keySecretsIn(text), mentions: text.includes(keyVariable)};
	});
}

function analyzeJob(jobId: string, job: Record<string, unknown>, workflowEnv: EnvMapping[], doc: YamlDoc, facts: WorkflowFacts, reusable: (path: string) => string[] | undefined): void {
	const jobLine = doc.lineOf(['jobs', jobId]);
	const at = (extra: {line?: number}) => ({file: facts.file, job: jobId, ...(extra.line === undefined ? (jobLine === undefined ? {} : {line: jobLine}) : {line: extra.line})});
	const jobText = JSON.stringify(job);
	const jobSecrets = keySecretsIn(jobText);
	const guard = /head\.repo\.(?:full_name|fork)|github\.repository|github\.event\.pull_request\.head\.repo/.test(asText(job.if) ?? '');
	const uses = asText(job.uses);
	if (uses) {
		const called = uses.startsWith('./') ? reusable(uses.replace(/@.*$/, '')) : undefined;
		const passes = job.secrets === 'inherit' || Object.keys(asRecord(job.secrets) ?? {}).some(name => name === keyVariable || keySecretsIn(asText(asRecord(job.secrets)![name]) ?? '').length > 0);
		if (called && called.length > 0 && !passes) {
			facts.findings.push({
				problem: 'reusable-without-secrets',
				...at({}),
				text: `job ${jobId} calls ${uses}, which reads secrets.${called[0]}, without \`secrets: inherit\` or passing it: a called workflow gets no secrets unless the caller hands them over`,
			});
		}

		return;
	}

	const jobEnv = envMappings(job.env);
	const steps = Array.isArray(job.steps) ? job.steps : [];
	const mapsKey = (env: EnvMapping[]) => env.some(entry => entry.name === keyVariable && (entry.secrets.length > 0 || entry.mentions));
	let exportedEarlier = false;
	let anyStepGetsKey = mapsKey(workflowEnv) || mapsKey(jobEnv);
	let inlineOrInput = false;
	const usedWithout: number[] = [];
	steps.slice(0, 500).forEach((value, index) => {
		const step = asRecord(value);
		if (!step) return;
		const stepEnv = envMappings(step.env);
		const run = asText(step.run) ?? '';
		const withText = JSON.stringify(step.with ?? {});
		const gets = mapsKey(workflowEnv) || mapsKey(jobEnv) || mapsKey(stepEnv) || exportedEarlier;
		if (gets) anyStepGetsKey = true;
		if (keySecretsIn(run).length > 0 || keySecretsIn(withText).length > 0) inlineOrInput = true;
		// `echo "OPENAI_API_KEY=…" >> $GITHUB_ENV` hands it to the later steps.
		if (/OPENAI_API_KEY\s*=.*GITHUB_ENV|GITHUB_ENV.*OPENAI_API_KEY/s.test(run)) exportedEarlier = true;
		if (!gets && new RegExp(`\\$\\{?${keyVariable}\\b|${keyVariable}`).test(run) && !new RegExp(`(?:export\\s+)?${keyVariable}=`).test(run)) usedWithout.push(index);
	});

	if (anyStepGetsKey || inlineOrInput) {
		facts.jobsWithKey.push(jobId);
		if (!guard) facts.unguardedJobs.push(jobId);
	}

	const wrongNames = [...workflowEnv, ...jobEnv, ...steps.flatMap(step => envMappings(asRecord(step)?.env))].filter(entry => entry.name !== keyVariable && entry.secrets.length > 0 && (nearNameMatch(entry.name) !== undefined || /OPEN_?AI/i.test(entry.name)));
	if (!anyStepGetsKey && wrongNames.length > 0) {
		const wrong = wrongNames[0]!;
		facts.findings.push({problem: 'mapped-to-other-name', ...at({}), text: `job ${jobId} maps secrets.${wrong.secrets[0]} to ${wrong.name}, but the OpenAI SDKs read OPENAI_API_KEY`});
		return;
	}

	if (usedWithout.length > 0 && !anyStepGetsKey) {
		const index = usedWithout[0]!;
		const step = asRecord(steps[index]);
		const label = asText(step?.name) ?? `step ${index + 1}`;
		facts.findings.push({problem: 'used-not-mapped', ...at({line: doc.lineOf(['jobs', jobId, 'steps', index])}), text: `job ${jobId}, "${label}" uses $OPENAI_API_KEY, but no env: of the step, the job or the workflow maps the secret to it, so it is empty`});
		return;
	}

	if (jobSecrets.length > 0 && !anyStepGetsKey && !inlineOrInput) {
		facts.findings.push({problem: 'referenced-not-mapped', ...at({}), text: `job ${jobId} refers to secrets.${jobSecrets[0]}, but never maps it into a step's env: (env: OPENAI_API_KEY: \${{ secrets.${jobSecrets[0]} }})`});
	}
}
