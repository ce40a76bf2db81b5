import type {Verdict} from '../conclude.js';
import type {Cause, ProbeDefinition, StepNumber} from '../types.js';
import type {AwaitedHost} from '../api/request-targets.js';
import {hostQuestionFor, hostQuestionId} from './host-question.js';
import {keyToAskAbout, type KeyView} from './key-views.js';
import {dashboardKnown, dashboardQuestionFor, saidKeyIsGone, type GivenAnswer, type Question} from './questions.js';
import {stepTitles} from './step-titles.js';

export {apiKeysPage, azurePortalPage, dashboardChoices, dashboardNoAdvice, dashboardPrompt} from './questions.js';

/** Where the wizard is: one of the five steps, the summary (the cause list), the paste box or the key help. */
export type WizardScreen = {kind: 'step'; step: StepNumber} | {kind: 'summary'} | {kind: 'paste'} | {kind: 'help'};

/** What the user told the wizard. */
export type WizardAnswers = {
	/** Answers to the steps' questions, by question id. */
	given?: Readonly<Record<string, GivenAnswer>>;
	/** The paste box: what was pasted, redacted, and whether it held a full key. */
	appError?: {shown: string; containedKey: boolean};
};

/** What the branching reads: the answers and, once a run has finished, what it found. */
export type StepContext = {
	answers: WizardAnswers;
	/** Causes of the last finished run, most likely first; undefined until one finishes. */
	causes?: readonly Cause[];
	/** The last finished run's verdict. */
	verdict?: Verdict;
	/** Every key found so far, as the screens show them. */
	keys?: readonly KeyView[];
	/** Hosts only a project file names that the live check held the user's keys back from. */
	awaitingHosts?: readonly AwaitedHost[];
};

/** Blocks a step shows after what it leads with, in this order. */
export type StepPanel = 'keys' | 'questions' | 'sources' | 'live-keys' | 'app-error' | 'curl' | 'docs' | 'rotate';

/**
 * A check a step will run once its probe exists. Listed as "not checked yet" until a
 * probe whose id is in `coveredBy` is registered: never shown as a pass.
 */
export type PlannedCheck = {label: string; detail: string; coveredBy: readonly string[]};

/** One row of the five-step table. */
export type StepSpec = {
	step: StepNumber;
	/** Short title for the step bar. */
	title: string;
	/** What the step does, as a heading. */
	heading: string;
	/** One or two sentences under the heading (with the details). */
	intro: string;
	/**
	 * What the screen leads with: the causes of this step, or (for the first screen) the
	 * verdict and the most likely cause wherever it is.
	 */
	lead: 'step-causes' | 'verdict';
	/** What the lead says when the step found nothing wrong. */
	clear: string;
	panels: readonly StepPanel[];
	planned: readonly PlannedCheck[];
	/** The questions this step asks now; only where the answer changes something. */
	questions(context: StepContext): Question[];
	/** What the step says instead of asking, when it already knows the answer. */
	says?(context: StepContext): string | undefined;
	/** Offer the paste box here (the app's error names the key it sent). */
	offersPaste(context: StepContext): boolean;
	/** Where "Continue" goes from here. */
	next(context: StepContext): WizardScreen;
};

const step = (number: StepNumber): WizardScreen => ({kind: 'step', step: number});
const summary: WizardScreen = {kind: 'summary'};

/** The answer given to a question, if any. */
export function givenAnswer(context: Pick<StepContext, 'answers'>, question: string): GivenAnswer | undefined {
	return context.answers.given?.[question];
}

/** Why a key should be replaced: it was exposed, or it is dead and no other key works; `none` otherwise. */
export function rotationReason(context: StepContext): 'exposed' | 'dead' | 'none' {
	if (context.answers.appError?.containedKey) return 'exposed';
	const causes = context.causes ?? [];
	if (causes.some(cause => cause.step === 5)) return 'exposed';
	const anotherWorks = (context.keys ?? []).some(key => key.live === 'valid');
	const dead = saidKeyIsGone(givenAnswer(context, 'dashboard')) || causes.some(cause => cause.id === 'key-invalid');
	return dead && !anotherWorks ? 'dead' : 'none';
}

/** True when rotating the key is advice that applies: exposed, or dead with no working key. */
export function rotationApplies(context: StepContext): boolean {
	return rotationReason(context) !== 'none';
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

/** The hosts only a project file names whose question still waits for an answer. */
export function hostsAwaitingAnswer(context: StepContext): AwaitedHost[] {
	return (context.awaitingHosts ?? []).filter(host => !givenAnswer(context, hostQuestionId(host.url)));
}

/**
 * Where the first screen leads once a run has finished: the step of the most likely cause,
 * else step 3 while a host question waits there; undefined when neither applies.
 */
export function stepThatNeedsYou(context: StepContext): WizardScreen | undefined {
	return stepOfTopCause(context) ?? (context.causes !== undefined && hostsAwaitingAnswer(context).length > 0 ? step(3) : undefined);
}

/** The unanswered host that holds back this key (by sha256), if any. */
function hostHolding(context: StepContext, key: KeyView | undefined): AwaitedHost | undefined {
	return key ? hostsAwaitingAnswer(context).find(host => host.keys.some(held => held.sha256 === key.sha256)) : undefined;
}

/** The verdict is unsure: nothing confirmed, or the most likely cause is only a guess. */
export function verdictIsUnsure(context: StepContext): boolean {
	if (context.causes === undefined) return false;
	if (context.verdict === 'inconclusive') return true;
	const top = context.causes[0];
	return top !== undefined && top.confidence !== 'high';
}

/** The five-step table: every branch of the wizard lives here. */
export const wizardSteps: Record<StepNumber, StepSpec> = {
	1: {
		step: 1,
		title: stepTitles[1],
		heading: 'Verify the key on the dashboard',
		intro: 'Compare the keys found on this machine with the keys listed on the API keys page of the project your app uses.',
		lead: 'verdict',
		clear: 'No problem found: a key passed the live check.',
		panels: ['keys', 'questions'],
		planned: [],
		questions(context) {
			// Asked only once the live check has spoken: a key that works needs no look-up.
			if (context.causes === undefined) return [];
			const keys = context.keys ?? [];
			const askAbout = keyToAskAbout(keys);
			// A key held back for step 3's host question was not tested: the dashboard cannot settle that.
			if (hostHolding(context, askAbout)) return [];
			const question = dashboardQuestionFor(keys, askAbout);
			return question ? [question] : [];
		},
		says(context) {
			if (context.causes === undefined) return undefined;
			const askAbout = keyToAskAbout(context.keys ?? []);
			const held = hostHolding(context, askAbout);
			// With no cause to lead, the screen already leads with why the key was not tested.
			if (held && askAbout) return context.causes.length === 0 ? undefined : `${askAbout.fingerprint} was not tested: only ${held.file} names ${held.hostname} as the API host, so step 3 asks you first.`;
			return dashboardKnown(askAbout);
		},
		offersPaste: context => !context.answers.appError && verdictIsUnsure(context),
		next(context) {
			if (saidKeyIsGone(givenAnswer(context, 'dashboard'))) return step(5);
			return stepThatNeedsYou(context) ?? step(2);
		},
	},
	2: {
		step: 2,
		title: stepTitles[2],
		heading: 'Confirm how the key reaches your app',
		intro: 'Every place on this machine that can set OPENAI_API_KEY, and which one the app’s runtime actually gets.',
		lead: 'step-causes',
		clear: 'Nothing wrong in how the key reaches the app.',
		panels: ['sources'],
		planned: [
			{label: 'Containers', detail: 'docker inspect, compose files, Dockerfile ENV/ARG', coveredBy: ['containers', 'docker', 'compose', 'dockerfile']},
			{label: 'Kubernetes', detail: 'the --k8s-secret: present, its key, a trailing newline', coveredBy: ['kubernetes', 'k8s-secret']},
			{label: 'CI and serverless settings', detail: 'workflows mapping the secret into env, fork PR rules', coveredBy: ['ci', 'ci-settings']},
			{label: 'Code that reads the key', detail: 'the variable the code reads, whether it loads .env', coveredBy: ['code', 'code-reads-key']},
		],
		questions: () => [],
		offersPaste: () => false,
		next: () => step(3),
	},
	3: {
		step: 3,
		title: stepTitles[3],
		heading: 'Test the key directly',
		intro: 'Each distinct key is sent to the API’s /models endpoint, the same request curl would make; the answer says whether the key itself works.',
		lead: 'step-causes',
		clear: 'The API gave no sign of a problem with the keys it was sent.',
		panels: ['questions', 'live-keys', 'app-error', 'curl'],
		planned: [],
		// A host only a project file names: the user's keys go there only after a Yes.
		questions: context => (context.awaitingHosts ?? []).map(hostQuestionFor),
		offersPaste: () => true,
		next: () => step(4),
	},
	4: {
		step: 4,
		title: stepTitles[4],
		heading: 'Library and docs specifics',
		intro: 'The client library, the base URL, proxies, organization and project settings: what changes where and how the key is sent.',
		lead: 'step-causes',
		clear: 'Nothing wrong in the base URL, proxy, organization or project settings.',
		panels: ['docs'],
		planned: [
			{label: 'OpenAI client library versions', detail: 'python and node openai packages, legacy API use', coveredBy: ['library', 'library-versions']},
		],
		questions: () => [],
		offersPaste: () => false,
		next: context => (rotationApplies(context) ? step(5) : summary),
	},
	5: {
		step: 5,
		title: stepTitles[5],
		heading: 'Rotate keys',
		intro: 'When a key is revoked or has been exposed (committed, baked into an image, pasted), replace it.',
		lead: 'step-causes',
		clear: 'No rotation needed: no key was found exposed.',
		panels: ['rotate'],
		planned: [
			{label: 'Exposure scan', detail: 'keys in source files, git history, .gitignore, image layers', coveredBy: ['exposure', 'exposure-scan']},
		],
		questions: () => [],
		offersPaste: () => false,
		next: () => summary,
	},
};

/** The questions of a step still waiting for an answer. */
export function openQuestions(stepNumber: StepNumber, context: StepContext): Question[] {
	return wizardSteps[stepNumber].questions(context).filter(question => !givenAnswer(context, question.id));
}

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
