import {exitCodeOf, type Verdict} from '../conclude.js';
import type {StepNumber} from '../types.js';
import type {Copyable} from './copyables.js';
import type {Question} from './questions.js';
import {stepContextOf, type WizardState} from './reducer.js';
import {stepTitles} from './step-titles.js';
import {sameScreen, wizardSteps, type WizardScreen} from './steps.js';

/** What a menu entry does. */
export type MenuAction =
	| {type: 'continue'}
	| {type: 'back'}
	| {type: 'details'}
	| {type: 'check-again'}
	| {type: 'save'}
	| {type: 'summary'}
	| {type: 'open-step'; step: StepNumber}
	| {type: 'answer'; question: string; value: string}
	| {type: 'copy'; number: number}
	| {type: 'paste'}
	| {type: 'clear-paste'}
	| {type: 'help'}
	| {type: 'quit'};

/** One entry of the navigation menu. */
export type MenuItem = {key: string; label: string; action: MenuAction};

/** Where a screen is, in words: `step 2: Sources`, `the summary`. */
export function describeScreen(screen: WizardScreen): string {
	if (screen.kind === 'step') return `step ${screen.step}: ${stepTitles[screen.step]}`;
	if (screen.kind === 'summary') return 'the summary';
	return screen.kind === 'paste' ? 'the paste box' : 'the key help';
}

/** A screen in the few words a compact menu entry has room for: `3 Live test`, `the summary`. */
export function shortScreen(screen: WizardScreen): string {
	return screen.kind === 'step' ? `${screen.step} ${stepTitles[screen.step]}` : describeScreen(screen);
}

/** What the menu needs besides the state. */
export type MenuInput = {
	/** The step of the most likely cause, offered on the summary. */
	topCauseStep?: StepNumber;
	/** The question this screen asks now, if any. */
	question?: Question;
	/** The screen has details to show (probes or causes). */
	hasDetails?: boolean;
	/** What the screen offers to copy, lead command first. */
	copyables?: readonly Copyable[];
	/** Offer the paste box here. */
	offerPaste?: boolean;
	/** A question another step asks that waits for an answer (one with a `short` form): the menu offers the way to it. */
	waiting?: Question;
};

/**
 * The navigation menu of the current screen, most useful first: the way on, the fix to
 * copy, the question's answers, Check again, then the rest.
 */
export function menuFor(state: WizardState, input: MenuInput = {}): MenuItem[] {
	const {screen} = state;
	if (screen.kind === 'paste' || screen.kind === 'help') return [];
	const items: MenuItem[] = [];
	const copies = (input.copyables ?? []).map(
		(copyable): MenuItem => ({key: `copy-${copyable.number}`, label: copyable.menuLabel, action: {type: 'copy', number: copyable.number}}),
	);
	const answers = (input.question?.choices ?? []).map(
		(choice): MenuItem => ({key: `answer-${input.question!.id}-${choice.value}`, label: choice.label, action: {type: 'answer', question: input.question!.id, value: choice.value}}),
	);

	let leadsTo: WizardScreen | undefined;
	if (screen.kind === 'step') {
		const next = wizardSteps[screen.step].next(stepContextOf(state));
		const nextWords = next.kind === 'summary' ? 'Next: all causes (summary)' : `Next: ${shortScreen(next)}`;
		items.push({key: 'continue', label: input.question ? `${nextWords} (skip the question)` : nextWords, action: {type: 'continue'}});
		leadsTo = next;
	} else {
		const previous = state.history.at(-1);
		const backGoesThere = previous?.kind === 'step' && previous.step === input.topCauseStep;
		if (input.topCauseStep !== undefined && !backGoesThere) {
			items.push({key: 'open-step', label: `Open ${shortScreen({kind: 'step', step: input.topCauseStep})} (most likely cause)`, action: {type: 'open-step', step: input.topCauseStep}});
			leadsTo = {kind: 'step', step: input.topCauseStep};
		}
	}

	// A question elsewhere that holds the checks back (a host to confirm): the way to it, unless the first entry goes there.
	const waiting = input.waiting;
	const here = screen.kind === 'step' && waiting?.step === screen.step;
	if (waiting?.short && !here && !(leadsTo && sameScreen(leadsTo, {kind: 'step', step: waiting.step}))) {
		items.push({key: 'open-question', label: `Open ${shortScreen({kind: 'step', step: waiting.step})} (${waiting.short})`, action: {type: 'open-step', step: waiting.step}});
	}

	items.push(...copies.slice(0, 1), ...answers, ...copies.slice(1));
	if (state.run.finished) items.push({key: 'check-again', label: 'Check again', action: {type: 'check-again'}});
	if (state.errorSetAside) {
		items.push({key: 'paste', label: 'Paste a new error', action: {type: 'paste'}}, {key: 'clear-paste', label: 'Clear the pasted error', action: {type: 'clear-paste'}});
	} else if (input.offerPaste) {
		items.push({key: 'paste', label: state.errorText ? 'Paste another error' : 'Paste the app’s error', action: {type: 'paste'}});
	}

	if (input.hasDetails) items.push({key: 'details', label: state.showDetails ? 'Hide details' : 'Details', action: {type: 'details'}});
	if (screen.kind === 'step') {
		const next = wizardSteps[screen.step].next(stepContextOf(state));
		if (next.kind !== 'summary') items.push({key: 'summary', label: 'All causes', action: {type: 'summary'}});
	}

	if (state.run.finished && state.save.status !== 'saving') items.push({key: 'save', label: 'Save transcript', action: {type: 'save'}});
	const previous = state.history.at(-1);
	if (previous) items.push({key: 'back', label: `Back: ${shortScreen(previous)}`, action: {type: 'back'}});
	items.push({key: 'quit', label: 'Quit', action: {type: 'quit'}});
	return items;
}

/** The exit code when the user quits: the verdict's, or inconclusive while checks still run and nothing is wrong yet. */
export function quitExitCode(finished: boolean, verdict: Verdict): 0 | 1 | 3 {
	if (finished) return exitCodeOf(verdict);
	return verdict === 'problem' ? 1 : 3;
}
