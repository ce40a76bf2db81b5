import type {Cause, ProbeDefinition, StepNumber} from '../types.js';
import type {HostAnswerRecord} from './host-question.js';
import {stepTitles} from './step-titles.js';

/** Where the wizard is: the paste box, one of the five steps, or the summary. */
export type WizardScreen = {kind: 'paste'} | {kind: 'step'; step: StepNumber} | {kind: 'summary'};

/** The answers to step 1's question. */
export type DashboardAnswer = 'yes' | 'no' | 'unsure';

/** What the user told the wizard. */
export type WizardAnswers = {
	/** Step 1: does the dashboard list a key with this ending? */
	/** `keyWorks`: the live check had already accepted the key asked about when the answer came. */
	dashboard?: {answer: DashboardAnswer; fingerprint: string; keyWorks?: boolean};
	/** The paste box: what was pasted, redacted, and whether it held a full key. */
	appError?: {shown: string; containedKey: boolean};
	/** Step 3: may the keys go to a host only a project file names? One answer per host. */
	hosts?: readonly HostAnswerRecord[];
};

/** What the branching reads: the answers and, once a run has finished, its causes. */
export type StepContext = {
	answers: WizardAnswers;
	/** Causes of the last finished run, most likely first; undefined until one finishes. */
	causes?: readonly Cause[];
};

/** Blocks a step shows besides its probes, in this order. */
export type StepPanel = 'keys' | 'dashboard-question' | 'sources' | 'host-question' | 'live-keys' | 'curl' | 'docs' | 'rotate';

/**
 * A check a step will run once its probe exists. Listed as "not checked yet" until a
 * probe whose id is in `coveredBy` is registered: never shown as a pass.
 */
export type PlannedCheck = {label: string; detail: string; coveredBy: readonly string[]};

/** A choice of step 1's question. */
export type DashboardChoice = {value: DashboardAnswer; label: string; transcript: string};

/** One row of the five-step table. */
export type StepSpec = {
	step: StepNumber;
	/** Short title for the step bar. */
	title: string;
	/** What the step does, as a heading. */
	heading: string;
	/** One or two sentences under the heading. */
	intro: string;
	panels: readonly StepPanel[];
	planned: readonly PlannedCheck[];
	/** Where "Continue" goes from here. */
	next(context: StepContext): WizardScreen;
};

/** The API keys page the dashboard question points at. */
export const apiKeysPage = 'https://platform.openai.com/api-keys';

/** Step 1's question about the key with a given ending. */
export function dashboardQuestion(ending: string, azure = false): string {
	return azure ? `Does the Azure portal (the resource's Keys and Endpoint page) show a key ending in ${ending}?` : `Does the dashboard list a key ending in ${ending}?`;
}

/** Where an Azure OpenAI resource's keys are listed. */
export const azurePortalPage = 'https://portal.azure.com (your Azure OpenAI resource → Keys and Endpoint)';

/** The choices of step 1's question. */
export const dashboardChoices: readonly DashboardChoice[] = [
	{value: 'yes', label: 'Yes, it is listed', transcript: 'Yes'},
	{value: 'no', label: 'No, it is not listed', transcript: 'No: the key was deleted or belongs to another account or project'},
	{value: 'unsure', label: 'Not sure', transcript: 'Not sure'},
];

/** What the wizard says after a "no" on step 1 (a key the API accepts exists, so another page is open). */
export function dashboardNoAdvice(keyWorks = false): string {
	return keyWorks
		? 'The API accepts this key, so it exists: the dashboard page you are looking at is probably another organization or project. Switch to the project the app uses (the selector at the top of the page) and look again; there is no need for a new key.'
		: 'The dashboard does not list this key: it was deleted or revoked, or it belongs to another account, organization or project. Make a new key (step 5) and install it where the app reads it.';
}

/** A "no" on step 1 about a key the API does not accept: the key is gone, rotation applies. */
function saidKeyIsGone(context: StepContext): boolean {
	return context.answers.dashboard?.answer === 'no' && context.answers.dashboard.keyWorks !== true;
}

const step = (number: StepNumber): WizardScreen => ({kind: 'step', step: number});
const summary: WizardScreen = {kind: 'summary'};

/** True when rotating the key is advice that applies: revoked, exposed, or a step-5 cause. */
export function rotationApplies(context: StepContext): boolean {
	if (saidKeyIsGone(context)) return true;
	if (context.answers.appError?.containedKey) return true;
	return (context.causes ?? []).some(cause => cause.step === 5 || cause.id === 'key-invalid');
}

/**
 * The step behind the most likely cause, once a run has finished; undefined when there
 * is none (or it belongs to step 1, which asks rather than checks).
 */
export function stepOfTopCause(context: StepContext): WizardScreen | undefined {
	const top = context.causes?.[0];
	if (!top || top.step === 1) return undefined;
	return step(top.step);
}

/** The five-step table: every branch of the wizard lives here. */
export const wizardSteps: Record<StepNumber, StepSpec> = {
	1: {
		step: 1,
		title: stepTitles[1],
		heading: 'Verify the key on the dashboard',
		intro: 'Compare the keys found on this machine with the keys listed on the API keys page of the project your app uses.',
		panels: ['keys', 'dashboard-question'],
		planned: [],
		next(context) {
			if (saidKeyIsGone(context)) return step(5);
			return stepOfTopCause(context) ?? step(2);
		},
	},
	2: {
		step: 2,
		title: stepTitles[2],
		heading: 'Confirm how the key reaches your app',
		intro: 'Every place on this machine that can set OPENAI_API_KEY, and which one the app’s runtime actually gets.',
		panels: ['sources'],
		planned: [
			{label: 'Containers', detail: 'docker inspect, compose files, Dockerfile ENV/ARG', coveredBy: ['containers', 'docker', 'compose', 'dockerfile']},
			{label: 'Kubernetes', detail: 'the --k8s-secret: present, its key, a trailing newline', coveredBy: ['kubernetes', 'k8s-secret']},
			{label: 'CI and serverless settings', detail: 'workflows mapping the secret into env, fork PR rules', coveredBy: ['ci', 'ci-settings']},
			{label: 'Code that reads the key', detail: 'the variable the code reads, whether it loads .env', coveredBy: ['code', 'code-reads-key']},
		],
		next: () => step(3),
	},
	3: {
		step: 3,
		title: stepTitles[3],
		heading: 'Test the key directly',
		intro: 'Each distinct key is sent to the API’s /models endpoint, the same request curl would make; the answer says whether the key itself works.',
		panels: ['host-question', 'live-keys', 'curl'],
		planned: [],
		next: () => step(4),
	},
	4: {
		step: 4,
		title: stepTitles[4],
		heading: 'Library and docs specifics',
		intro: 'The client library, the base URL, proxies, organization and project settings: what changes where and how the key is sent.',
		panels: ['docs'],
		planned: [
			{label: 'OpenAI client library versions', detail: 'python and node openai packages, legacy API use', coveredBy: ['library', 'library-versions']},
		],
		next: context => (rotationApplies(context) ? step(5) : summary),
	},
	5: {
		step: 5,
		title: stepTitles[5],
		heading: 'Rotate keys',
		intro: 'When a key is revoked or has been exposed (committed, baked into an image, pasted), replace it.',
		panels: ['rotate'],
		planned: [
			{label: 'Exposure scan', detail: 'keys in source files, git history, .gitignore, image layers', coveredBy: ['exposure', 'exposure-scan']},
		],
		next: () => summary,
	},
};

/** The step numbers in order. */
export const stepNumbers: readonly StepNumber[] = [1, 2, 3, 4, 5];

/** The probes a step shows: those registered for that step, in registry order. */
export function probesOfStep(stepNumber: StepNumber, probes: readonly ProbeDefinition[]): ProbeDefinition[] {
	return probes.filter(probe => probe.step === stepNumber);
}

/** The planned checks of a step that no registered probe covers yet. */
export function plannedChecksOfStep(stepNumber: StepNumber, probes: readonly ProbeDefinition[]): PlannedCheck[] {
	const registered = new Set(probes.map(probe => probe.id));
	return wizardSteps[stepNumber].planned.filter(check => !check.coveredBy.some(id => registered.has(id)));
}

/** Two screens are the same place. */
export function sameScreen(a: WizardScreen, b: WizardScreen): boolean {
	if (a.kind !== b.kind) return false;
	return a.kind !== 'step' || a.step === (b as {step: StepNumber}).step;
}
