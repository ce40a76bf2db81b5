import {describe, expect, it} from 'vitest';
import type {Cause, ProbeResult, StepNumber} from '../../../source/core/types.js';
import {describePaste, initialWizardState, wizardReducer, type WizardAction, type WizardState} from '../../../source/core/wizard/reducer.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';

const fingerprint = 'sk-proj-…wxyz';

function cause(id: string, step: StepNumber): Cause {
	return {id, step, confidence: 'high', title: `${id} title`, evidence: [], fix: [], snippets: []};
}

function result(id: string, step: StepNumber = 2): ProbeResult {
	return {id, step, status: 'pass', summary: `${id} done`, durationMs: 1};
}

function apply(state: WizardState, ...actions: WizardAction[]): WizardState {
	return actions.reduce(wizardReducer, state);
}

const start = () => initialWizardState({});
const skipPaste: WizardAction = {type: 'answered', question: 'app-error', text: ''};
const finish = (runId: number, causes: Cause[] = [], verdict: 'ok' | 'problem' | 'inconclusive' = causes.length > 0 ? 'problem' : 'ok'): WizardAction => ({type: 'run-finished', runId, causes, verdict});
const answer = (value: 'yes' | 'no' | 'unsure'): WizardAction => ({type: 'answered', question: 'dashboard', answer: value, fingerprint});

describe('the wizard reducer', () => {
	it('opens on the paste box, or on step 1 when --error gave the text', () => {
		expect(start().screen).toEqual({kind: 'paste'});
		expect(start().run).toMatchObject({id: 1, reason: 'launch', finished: false});
		const withError = initialWizardState({errorText: 'Error code: 401'});
		expect(withError.screen).toEqual({kind: 'step', step: 1});
		expect(withError.errorText).toBe('Error code: 401');
		expect(withError.answers.appError).toEqual({shown: 'Error code: 401', containedKey: false});
		expect(initialWizardState({errorText: '   '}).screen).toEqual({kind: 'paste'});
	});

	const rows: Array<{name: string; actions: WizardAction[]; expect(state: WizardState): void}> = [
		{
			name: 'records probes of the current run as they start and finish',
			actions: [
				{type: 'probe-started', runId: 1, probeId: 'env'},
				{type: 'probe-started', runId: 1, probeId: 'dotenv'},
				{type: 'probe-finished', runId: 1, result: result('env')},
			],
			expect(state) {
				expect(state.run.running).toEqual(['dotenv']);
				expect([...state.run.results.keys()]).toEqual(['env']);
			},
		},
		{
			name: 'ignores every action of an older run',
			actions: [{type: 'answered', question: 'app-error', text: 'Error code: 401'}, {type: 'probe-started', runId: 1, probeId: 'env'}, {type: 'probe-finished', runId: 1, result: result('env')}, finish(1, [cause('key-invalid', 3)])],
			expect(state) {
				expect(state.run.id).toBe(2);
				expect(state.run.running).toEqual([]);
				expect(state.run.results.size).toBe(0);
				expect(state.run.finished).toBe(false);
				expect(state.lastRun).toBeUndefined();
			},
		},
		{
			name: 'an empty paste skips to step 1 without a new run',
			actions: [skipPaste],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 1});
				expect(state.history).toEqual([{kind: 'paste'}]);
				expect(state.run.id).toBe(1);
				expect(state.errorText).toBeUndefined();
			},
		},
		{
			name: 'a pasted error reruns every probe with it, and records it redacted',
			actions: [{type: 'answered', question: 'app-error', text: 'Error code: 401 - incorrect key'}],
			expect(state) {
				expect(state.run).toMatchObject({id: 2, reason: 'error-text', finished: false});
				expect(state.errorText).toBe('Error code: 401 - incorrect key');
				expect(state.answers.appError).toEqual({shown: 'Error code: 401 - incorrect key', containedKey: false});
				expect(state.screen).toEqual({kind: 'step', step: 1});
			},
		},
		{
			name: 'pasting the same text again does not rerun',
			actions: [{type: 'answered', question: 'app-error', text: 'same'}, {type: 'navigated', to: 'back'}, {type: 'answered', question: 'app-error', text: 'same'}],
			expect(state) {
				expect(state.run.id).toBe(2);
				expect(state.screen).toEqual({kind: 'step', step: 1});
			},
		},
		{
			name: '"no" on step 1 records the answer and goes to rotate (step 5)',
			actions: [skipPaste, finish(1, [cause('stale-env-shadows-dotenv', 2)]), answer('no')],
			expect(state) {
				expect(state.answers.dashboard).toEqual({answer: 'no', fingerprint});
				expect(state.screen).toEqual({kind: 'step', step: 5});
				expect(state.followRun).toBe(false);
			},
		},
		{
			name: '"yes" after the run finished opens the step behind the top cause',
			actions: [skipPaste, finish(1, [cause('key-invalid', 3)]), answer('yes')],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 3});
				expect(state.history).toEqual([{kind: 'paste'}, {kind: 'step', step: 1}]);
			},
		},
		{
			name: '"yes" while probes run goes to step 2, then follows the top cause when they finish',
			actions: [skipPaste, answer('yes'), finish(1, [cause('base-url-mismatch', 4)])],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 4});
				expect(state.history.at(-1)).toEqual({kind: 'step', step: 2});
				expect(state.followRun).toBe(false);
			},
		},
		{
			name: 'once the user navigates, a finishing run no longer moves them',
			actions: [skipPaste, answer('yes'), {type: 'navigated', to: 'next'}, finish(1, [cause('base-url-mismatch', 4)])],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 3});
			},
		},
		{
			name: 'a finishing run never moves the user off step 1 or the paste box',
			actions: [finish(1, [cause('key-invalid', 3)])],
			expect(state) {
				expect(state.screen).toEqual({kind: 'paste'});
				expect(state.lastRun?.causes.map(entry => entry.id)).toEqual(['key-invalid']);
			},
		},
		{
			name: 'Continue follows the table; Back returns along the way taken',
			actions: [skipPaste, finish(1), answer('unsure'), {type: 'navigated', to: 'next'}, {type: 'navigated', to: 'next'}, {type: 'navigated', to: 'back'}],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 3});
				expect(state.history).toEqual([{kind: 'paste'}, {kind: 'step', step: 1}, {kind: 'step', step: 2}]);
			},
		},
		{
			name: 'Back with nowhere to go changes nothing',
			actions: [{type: 'navigated', to: 'back'}],
			expect(state) {
				expect(state).toEqual(start());
			},
		},
		{
			name: 'Continue on the summary or the paste box changes nothing',
			actions: [{type: 'navigated', to: 'next'}, skipPaste, {type: 'navigated', to: 'summary'}, {type: 'navigated', to: 'next'}],
			expect(state) {
				expect(state.screen).toEqual({kind: 'summary'});
			},
		},
		{
			name: 'opening a step from the summary goes there and Back returns to the summary',
			actions: [skipPaste, {type: 'navigated', to: 'summary'}, {type: 'navigated', to: {step: 2}}],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 2});
				expect(state.history.at(-1)).toEqual({kind: 'summary'});
			},
		},
		{
			name: 'details toggle, and reset when the screen changes',
			actions: [skipPaste, {type: 'details-toggled'}],
			expect(state) {
				expect(state.showDetails).toBe(true);
				expect(wizardReducer(state, {type: 'navigated', to: 'next'}).showDetails).toBe(false);
				expect(wizardReducer(state, {type: 'details-toggled'}).showDetails).toBe(false);
			},
		},
		{
			name: 'check again starts a new run compared with the last one',
			actions: [skipPaste, finish(1, [cause('stale-env-shadows-dotenv', 2)]), {type: 'run-restarted', reason: 'check-again'}],
			expect(state) {
				expect(state.run).toMatchObject({id: 2, reason: 'check-again', finished: false, running: []});
				expect(state.run.results.size).toBe(0);
				expect(state.run.baseline?.causes.map(entry => entry.id)).toEqual(['stale-env-shadows-dotenv']);
				expect(state.recheck).toBeUndefined();
			},
		},
		{
			name: 'when the check-again run finishes, it says the problem is gone',
			actions: [skipPaste, finish(1, [cause('stale-env-shadows-dotenv', 2)]), {type: 'run-restarted', reason: 'check-again'}, finish(2, [], 'ok')],
			expect(state) {
				expect(state.recheck?.outcome).toBe('gone');
				expect(state.recheck?.fixed.map(entry => entry.id)).toEqual(['stale-env-shadows-dotenv']);
			},
		},
		{
			name: 'a pasted-error rerun is not a "check again" and gives no comparison',
			actions: [finish(1, [cause('key-invalid', 3)]), {type: 'answered', question: 'app-error', text: 'Error code: 401'}, finish(2, [])],
			expect(state) {
				expect(state.recheck).toBeUndefined();
				expect(state.lastRun?.causes).toEqual([]);
			},
		},
		{
			name: 'records saving and where it went',
			actions: [{type: 'save-started'}],
			expect(state) {
				expect(state.save).toEqual({status: 'saving'});
				expect(wizardReducer(state, {type: 'save-finished', outcome: {ok: true, markdownPath: '/t/a.md', jsonPath: '/t/a.json'}}).save).toEqual({status: 'saved', markdownPath: '/t/a.md', jsonPath: '/t/a.json'});
				expect(wizardReducer(state, {type: 'save-finished', outcome: {ok: false, message: 'a.md already exists'}}).save).toEqual({status: 'failed', message: 'a.md already exists'});
			},
		},
	];

	it.each(rows)('$name', row => {
		row.expect(apply(start(), ...row.actions));
	});

	it('never mutates the state it is given', () => {
		const before = apply(start(), skipPaste, {type: 'probe-started', runId: 1, probeId: 'env'});
		const frozen = JSON.stringify({...before, run: {...before.run, results: [...before.run.results]}});
		apply(before, {type: 'probe-finished', runId: 1, result: result('env')}, finish(1, [cause('key-invalid', 3)]), answer('yes'), {type: 'details-toggled'});
		expect(JSON.stringify({...before, run: {...before.run, results: [...before.run.results]}})).toBe(frozen);
	});
});

describe('describePaste', () => {
	it('shows an error with only the API’s key mask as a fingerprint, without a key warning', () => {
		const text = "Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-********************wxyz.'}}";
		expect(describePaste(text)).toEqual({shown: text.replace('sk-proj-********************wxyz', 'sk-proj-…wxyz'), containedKey: false});
	});

	it('replaces a full key with its fingerprint and says the paste held one', () => {
		const key = makeProjectKey(42);
		const pasted = describePaste(`my key is ${key} and it fails`);
		expect(pasted.containedKey).toBe(true);
		expect(pasted.shown).not.toContain(key);
		expect(pasted.shown).toContain(`sk-proj-…${key.slice(-4)}`);
	});
});
