import {describe, expect, it} from 'vitest';
import type {Cause} from '../../../source/core/types.js';
import {numberCopyables} from '../../../source/core/wizard/copyables.js';
import {menuFor, quitExitCode} from '../../../source/core/wizard/menu.js';
import {dashboardChoices, type Question} from '../../../source/core/wizard/questions.js';
import {initialWizardState, wizardReducer, type WizardAction, type WizardState} from '../../../source/core/wizard/reducer.js';

const apply = (...actions: WizardAction[]): WizardState => actions.reduce(wizardReducer, initialWizardState({}));
const finished: WizardAction = {type: 'run-finished', runId: 1, causes: [], verdict: 'inconclusive'};
const labels = (state: WizardState, input = {}) => menuFor(state, input).map(item => item.label);
const question: Question = {id: 'dashboard', step: 1, prompt: 'Does the dashboard list a key ending in …wxyz?', subject: 'sk-proj-…wxyz', choices: dashboardChoices};
const stale: Cause = {
	id: 'stale-env-shadows-dotenv',
	step: 2,
	confidence: 'high',
	title: 'An old key hides the key in .env',
	evidence: [],
	fix: [],
	snippets: [
		{id: 'env-unset', label: 'Drop it', language: 'sh', text: 'unset OPENAI_API_KEY'},
		{id: 'python', label: 'Python: let .env win', language: 'python', text: 'from dotenv import load_dotenv\nload_dotenv(override=True)'},
	],
};

describe('the navigation menu', () => {
	it('leads with the way on, then the fix to copy, then the question’s answers', () => {
		const copyables = numberCopyables(stale.snippets.map(snippet => ({snippet, causeId: stale.id})));
		const items = menuFor(apply(finished), {question, copyables, hasDetails: false});
		expect(items.map(item => item.label)).toEqual([
			'Next: 2 Sources (skip the question)',
			'Copy: unset OPENAI_API_KEY',
			'Yes, it is listed',
			'No, it is not listed',
			'Not sure',
			'Copy: Python: let .env win',
			'Check again',
			'All causes',
			'Save transcript',
			'Quit',
		]);
		expect(items[1]!.action).toEqual({type: 'copy', number: 1});
		expect(items[3]!.action).toEqual({type: 'answer', question: 'dashboard', value: 'no'});
		expect(items[5]!.action).toEqual({type: 'copy', number: 2});
	});

	it('names where Continue leads, from the step table, and the way back', () => {
		const state = apply(finished, {type: 'navigated', to: {step: 4}});
		expect(labels(state, {hasDetails: true})).toEqual(['Next: all causes (summary)', 'Check again', 'Details', 'Save transcript', 'Back: 1 Dashboard', 'Quit']);
		const step2 = apply(finished, {type: 'navigated', to: {step: 2}});
		expect(labels(step2, {hasDetails: true})).toEqual(['Next: 3 Live test', 'Check again', 'Details', 'All causes', 'Save transcript', 'Back: 1 Dashboard', 'Quit']);
	});

	it('offers Check again and Save transcript only once the run finished', () => {
		const running = apply({type: 'navigated', to: {step: 2}});
		expect(labels(running, {hasDetails: true})).not.toContain('Check again');
		expect(labels(running, {hasDetails: true})).not.toContain('Save transcript');
		expect(labels(apply({type: 'navigated', to: {step: 2}}, finished), {hasDetails: true})).toContain('Check again');
	});

	it('offers the paste box where the step table says, and to clear or replace an error set aside', () => {
		expect(labels(apply(finished, {type: 'navigated', to: {step: 3}}), {offerPaste: true})).toContain('Paste the app’s error');
		const setAside = apply(
			{type: 'navigated', to: 'paste'},
			{type: 'pasted', text: 'Error code: 401'},
			{type: 'run-finished', runId: 2, causes: [], verdict: 'problem'},
			{type: 'run-restarted', reason: 'check-again'},
			{type: 'run-finished', runId: 3, causes: [], verdict: 'ok', errorSetAside: true},
		);
		const items = labels(setAside, {offerPaste: true});
		expect(items).toContain('Paste a new error');
		expect(items).toContain('Clear the pasted error');
		expect(items).not.toContain('Paste another error');
	});

	it('offers the step behind the top cause on the summary, and Hide details when they show', () => {
		const state = apply(finished, {type: 'navigated', to: 'summary'}, {type: 'details-toggled'});
		expect(labels(state, {topCauseStep: 2, hasDetails: true})).toEqual(['Open 2 Sources (most likely cause)', 'Check again', 'Hide details', 'Save transcript', 'Back: 1 Dashboard', 'Quit']);
	});

	it('has no menu on the paste box or the key help (their keys are their own)', () => {
		expect(labels(apply({type: 'navigated', to: 'paste'}))).toEqual([]);
		expect(labels(apply({type: 'navigated', to: 'help'}))).toEqual([]);
	});

	it('hides Save transcript while a save is in progress', () => {
		const state = apply(finished, {type: 'save-started'});
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
