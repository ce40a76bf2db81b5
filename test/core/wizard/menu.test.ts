import {describe, expect, it} from 'vitest';
import {menuFor, quitExitCode} from '../../../source/core/wizard/menu.js';
import {initialWizardState, wizardReducer, type WizardAction, type WizardState} from '../../../source/core/wizard/reducer.js';

const apply = (...actions: WizardAction[]): WizardState => actions.reduce(wizardReducer, initialWizardState({}));
const skip: WizardAction = {type: 'answered', question: 'app-error', text: ''};
const finished: WizardAction = {type: 'run-finished', runId: 1, causes: [], verdict: 'inconclusive'};
const labels = (state: WizardState, input = {}) => menuFor(state, input).map(item => item.label);

describe('the navigation menu', () => {
	it('offers only Quit on the paste box (Enter and Esc belong to the box)', () => {
		expect(labels(apply())).toEqual(['Quit']);
	});

	it('asks the dashboard question on step 1 first, with a way past it', () => {
		const items = menuFor(apply(skip), {askAbout: 'sk-proj-…wxyz'});
		expect(items.map(item => item.label)).toEqual([
			'Yes, it is listed',
			'No, it is not listed',
			'Not sure',
			'Skip the question (on to step 2: Sources)',
			'Back to the start',
			'Quit',
		]);
		expect(items[1]!.action).toEqual({type: 'answer', answer: 'no', fingerprint: 'sk-proj-…wxyz'});
	});

	it('names where Continue leads, from the step table', () => {
		const state = apply(skip, finished, {type: 'navigated', to: {step: 4}});
		expect(labels(state, {hasDetails: true})).toEqual(['Continue to the summary', 'Back to step 1: Dashboard', 'Details', 'Check again', 'Save transcript', 'Quit']);
		const step2 = apply(skip, finished, {type: 'navigated', to: {step: 2}});
		expect(labels(step2, {hasDetails: true})).toEqual(['Continue to step 3: Live test', 'Back to step 1: Dashboard', 'Details', 'Skip to the summary', 'Check again', 'Save transcript', 'Quit']);
	});

	it('offers Check again and Save transcript only once the run finished', () => {
		const running = apply(skip, {type: 'navigated', to: {step: 2}});
		expect(labels(running, {hasDetails: true})).not.toContain('Check again');
		expect(labels(running, {hasDetails: true})).not.toContain('Save transcript');
		expect(labels(apply(skip, {type: 'navigated', to: {step: 2}}, finished), {hasDetails: true})).toContain('Check again');
	});

	it('offers the step behind the top cause on the summary, and Hide details when they show', () => {
		const state = apply(skip, finished, {type: 'navigated', to: 'summary'}, {type: 'details-toggled'});
		expect(labels(state, {topCauseStep: 2, hasDetails: true})).toEqual(['Open step 2: Sources (most likely cause)', 'Hide details', 'Back to step 1: Dashboard', 'Check again', 'Save transcript', 'Quit']);
	});

	it('hides Save transcript while a save is in progress', () => {
		const state = apply(skip, finished, {type: 'save-started'});
		expect(labels(state)).not.toContain('Save transcript');
	});
});

describe('quitExitCode', () => {
	it.each([
		[true, 'ok', 0],
		[true, 'problem', 1],
		[true, 'inconclusive', 3],
		[false, 'problem', 1],
		[false, 'ok', 3],
		[false, 'inconclusive', 3],
	] as const)('finished %s, verdict %s → %i', (finishedRun, verdict, code) => {
		expect(quitExitCode(finishedRun, verdict)).toBe(code);
	});
});
