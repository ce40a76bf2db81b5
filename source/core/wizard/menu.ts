import {exitCodeOf, type Verdict} from '../conclude.js';
import type {StepNumber} from '../types.js';
import {stepContextOf, type WizardState} from './reducer.js';
import {stepTitles} from './step-titles.js';
import {hostChoices, type HostAnswer, type HostQuestion} from './host-question.js';
import {dashboardChoices, wizardSteps, type DashboardAnswer, type WizardScreen} from './steps.js';

/** What a menu entry does. */
export type MenuAction =
	| {type: 'continue'}
	| {type: 'back'}
	| {type: 'details'}
	| {type: 'check-again'}
	| {type: 'save'}
	| {type: 'summary'}
	| {type: 'open-step'; step: StepNumber}
	| {type: 'answer'; answer: DashboardAnswer; fingerprint: string}
	| {type: 'answer-host'; answer: HostAnswer; about: HostQuestion}
	| {type: 'quit'};

/** One entry of the navigation menu. */
export type MenuItem = {key: string; label: string; action: MenuAction};

/** Where a screen is, in words: `step 2: Sources`, `the summary`. */
export function describeScreen(screen: WizardScreen): string {
	if (screen.kind === 'step') return `step ${screen.step}: ${stepTitles[screen.step]}`;
	return screen.kind === 'summary' ? 'the summary' : 'the start';
}

/** What the menu needs besides the state. */
export type MenuInput = {
	/** The step of the most likely cause, offered on the summary. */
	topCauseStep?: StepNumber;
	/** The fingerprint step 1 asks about, when a key was found. */
	askAbout?: string;
	/** The screen has details to show (probes or causes). */
	hasDetails?: boolean;
	/** Step 3's question, while it waits for an answer: may the keys go to a host only a project file names? */
	hostQuestion?: HostQuestion;
};

/** The navigation menu of the current screen. */
export function menuFor(state: WizardState, input: MenuInput = {}): MenuItem[] {
	const items: MenuItem[] = [];
	const {screen} = state;
	const back: MenuItem = {key: 'back', label: `Back to ${describeScreen(state.history.at(-1) ?? {kind: 'paste'})}`, action: {type: 'back'}};
	const details: MenuItem = {key: 'details', label: state.showDetails ? 'Hide details' : 'Details', action: {type: 'details'}};
	const asking = screen.kind === 'step' && screen.step === 1 && input.askAbout !== undefined && !state.answers.dashboard;
	if (asking) {
		for (const choice of dashboardChoices) {
			items.push({key: `answer-${choice.value}`, label: choice.label, action: {type: 'answer', answer: choice.value, fingerprint: input.askAbout!}});
		}
	}

	const askingHost = input.hostQuestion !== undefined && screen.kind === 'step' && wizardSteps[screen.step].panels.includes('host-question');
	if (askingHost) {
		for (const choice of hostChoices) items.push({key: `host-${choice.value}`, label: choice.label, action: {type: 'answer-host', answer: choice.value, about: input.hostQuestion!}});
	}

	if (screen.kind === 'summary' && input.hostQuestion) {
		const step = (Object.values(wizardSteps).find(spec => spec.panels.includes('host-question')) ?? wizardSteps[3]).step;
		items.push({key: 'open-host-question', label: `Open ${describeScreen({kind: 'step', step})} (send your key to ${input.hostQuestion.hostname}?)`, action: {type: 'open-step', step}});
	}

	if (screen.kind === 'step') {
		const next = wizardSteps[screen.step].next(stepContextOf(state));
		items.push({key: 'continue', label: asking ? `Skip the question (on to ${describeScreen(next)})` : `Continue to ${describeScreen(next)}`, action: {type: 'continue'}});
		if (state.history.length > 0) items.push(back);
		if (input.hasDetails) items.push(details);
		if (!asking && next.kind !== 'summary') items.push({key: 'summary', label: 'Skip to the summary', action: {type: 'summary'}});
		if (asking) {
			items.push({key: 'quit', label: 'Quit', action: {type: 'quit'}});
			return items;
		}
	} else if (screen.kind === 'summary') {
		const previous = state.history.at(-1);
		const backGoesThere = previous?.kind === 'step' && previous.step === input.topCauseStep;
		if (input.topCauseStep !== undefined && !backGoesThere) {
			items.push({key: 'open-step', label: `Open ${describeScreen({kind: 'step', step: input.topCauseStep})} (most likely cause)`, action: {type: 'open-step', step: input.topCauseStep}});
		}

		if (input.hasDetails) items.push(details);
		if (state.history.length > 0) items.push(back);
	}

	if (screen.kind !== 'paste' && state.run.finished) {
		items.push({key: 'check-again', label: 'Check again', action: {type: 'check-again'}});
		if (state.save.status !== 'saving') items.push({key: 'save', label: 'Save transcript', action: {type: 'save'}});
	}

	items.push({key: 'quit', label: 'Quit', action: {type: 'quit'}});
	return items;
}

/** The exit code when the user quits: the verdict's, or inconclusive while checks still run and nothing is wrong yet. */
export function quitExitCode(finished: boolean, verdict: Verdict): 0 | 1 | 3 {
	if (finished) return exitCodeOf(verdict);
	return verdict === 'problem' ? 1 : 3;
}
