import {describe, expect, it} from 'vitest';
import type {Cause, ProbeResult, StepNumber} from '../../../source/core/types.js';
import type {JsonReport} from '../../../source/core/report/json-report.js';
import {answerOf, dashboardChoices, type Question} from '../../../source/core/wizard/questions.js';
import {describePaste, errorTextForRuns, initialWizardState, runOptionsOf, wizardReducer, type WizardAction, type WizardState} from '../../../source/core/wizard/reducer.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {makeOptions} from '../../helpers/facts.js';

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
const finish = (runId: number, causes: Cause[] = [], verdict: 'ok' | 'problem' | 'inconclusive' = causes.length > 0 ? 'problem' : 'ok', extra: Partial<Extract<WizardAction, {type: 'run-finished'}>> = {}): WizardAction => ({type: 'run-finished', runId, causes, verdict, ...extra});
const question: Question = {id: 'dashboard', step: 1, prompt: 'Does the dashboard list a key ending in …wxyz?', subject: fingerprint, choices: dashboardChoices};
const answer = (value: 'yes' | 'no' | 'unsure'): WizardAction => ({type: 'answered', answer: answerOf(question, value)!});
const report = (verdict: 'ok' | 'problem', causes: Cause[] = []): JsonReport => ({schemaVersion: 1, tool: {name: 'key-wizard', version: '1'}, verdict, keys: [], probes: [], causes});
const toStep = (step: StepNumber): WizardAction => ({type: 'navigated', to: {step}});

describe('the wizard reducer', () => {
	it('opens on the diagnosis (step 1), never on a text box; --error gives the text at once', () => {
		expect(start().screen).toEqual({kind: 'step', step: 1});
		expect(start().run).toMatchObject({id: 1, reason: 'launch', finished: false});
		const withError = initialWizardState({errorText: 'Error code: 401'});
		expect(withError.screen).toEqual({kind: 'step', step: 1});
		expect(withError.errorText).toBe('Error code: 401');
		expect(withError.answers.appError).toEqual({shown: 'Error code: 401', containedKey: false});
		expect(initialWizardState({errorText: '   '}).errorText).toBeUndefined();
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
			actions: [{type: 'navigated', to: 'paste'}, {type: 'pasted', text: 'Error code: 401'}, {type: 'probe-started', runId: 1, probeId: 'env'}, {type: 'probe-finished', runId: 1, result: result('env')}, finish(1, [cause('key-invalid', 3)])],
			expect(state) {
				expect(state.run.id).toBe(2);
				expect(state.run.running).toEqual([]);
				expect(state.run.results.size).toBe(0);
				expect(state.run.finished).toBe(false);
				expect(state.lastRun).toBeUndefined();
			},
		},
		{
			name: 'the paste box is a visit: an empty paste goes back where it was opened, without a new run',
			actions: [toStep(3), {type: 'navigated', to: 'paste'}, {type: 'pasted', text: '  '}],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 3});
				expect(state.history).toEqual([{kind: 'step', step: 1}]);
				expect(state.run.id).toBe(1);
				expect(state.errorText).toBeUndefined();
			},
		},
		{
			name: 'a pasted error reruns every probe with it, records it redacted, and goes back',
			actions: [toStep(3), {type: 'navigated', to: 'paste'}, {type: 'pasted', text: 'Error code: 401 - incorrect key'}],
			expect(state) {
				expect(state.run).toMatchObject({id: 2, reason: 'error-text', finished: false});
				expect(state.errorText).toBe('Error code: 401 - incorrect key');
				expect(state.answers.appError).toEqual({shown: 'Error code: 401 - incorrect key', containedKey: false});
				expect(state.screen).toEqual({kind: 'step', step: 3});
				expect(state.log).toEqual([{type: 'paste', shown: 'Error code: 401 - incorrect key', containedKey: false}]);
			},
		},
		{
			name: 'pasting the same text again does not rerun',
			actions: [{type: 'navigated', to: 'paste'}, {type: 'pasted', text: 'same'}, {type: 'navigated', to: 'paste'}, {type: 'pasted', text: 'same'}],
			expect(state) {
				expect(state.run.id).toBe(2);
				expect(state.screen).toEqual({kind: 'step', step: 1});
			},
		},
		{
			name: '"no" on step 1 records the answer and goes to rotate (step 5)',
			actions: [finish(1, [cause('stale-env-shadows-dotenv', 2)]), answer('no')],
			expect(state) {
				expect(state.answers.given?.dashboard).toMatchObject({question: 'dashboard', value: 'no', subject: fingerprint});
				expect(state.screen).toEqual({kind: 'step', step: 5});
				expect(state.followRun).toBe(false);
				expect(state.log.map(event => event.type)).toEqual(['answer']);
			},
		},
		{
			name: 'an answer that does not advance stays on its step',
			actions: [finish(1, [cause('key-invalid', 3)]), {type: 'answered', answer: answerOf(question, 'yes')!, advance: false}],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 1});
				expect(state.answers.given?.dashboard?.value).toBe('yes');
			},
		},
		{
			name: 'an answer that changes what the checks may do (a confirmed host) runs them again',
			actions: [finish(1, [cause('key-invalid', 3)]), {type: 'answered', answer: answerOf({id: 'host', step: 3, prompt: 'Send your key there?', choices: [{value: 'once', label: 'Yes once', transcript: 'Yes, once'}], reruns: true, advances: false}, 'once')!}],
			expect(state) {
				expect(state.run).toMatchObject({id: 2, reason: 'answer', finished: false});
				expect(state.run.baseline?.causes.map(entry => entry.id)).toEqual(['key-invalid']);
				expect(state.answers.given?.host).toMatchObject({value: 'once', reruns: true});
				expect(runOptionsOf(makeOptions(), state).errorText).toBeUndefined();
			},
		},
		{
			name: '"yes" after the run finished opens the step behind the top cause',
			actions: [finish(1, [cause('key-invalid', 3)]), answer('yes')],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 3});
				expect(state.history).toEqual([{kind: 'step', step: 1}]);
			},
		},
		{
			name: 'Continue from the first screen while probes run goes to step 2, then follows the top cause when they finish',
			actions: [{type: 'navigated', to: 'next'}, finish(1, [cause('base-url-mismatch', 4)])],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 4});
				expect(state.history.at(-1)).toEqual({kind: 'step', step: 2});
				expect(state.followRun).toBe(false);
			},
		},
		{
			name: 'once the user navigates, a finishing run no longer moves them',
			actions: [{type: 'navigated', to: 'next'}, {type: 'navigated', to: 'next'}, finish(1, [cause('base-url-mismatch', 4)])],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 3});
			},
		},
		{
			name: 'a finishing run never moves the user off the first screen',
			actions: [finish(1, [cause('key-invalid', 3)])],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 1});
				expect(state.lastRun?.causes.map(entry => entry.id)).toEqual(['key-invalid']);
			},
		},
		{
			name: 'Continue follows the table; Back returns along the way taken',
			actions: [finish(1), {type: 'navigated', to: 'next'}, {type: 'navigated', to: 'next'}, {type: 'navigated', to: 'back'}],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 2});
				expect(state.history).toEqual([{kind: 'step', step: 1}]);
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
			name: 'Continue on the summary changes nothing',
			actions: [{type: 'navigated', to: 'summary'}, {type: 'navigated', to: 'next'}],
			expect(state) {
				expect(state.screen).toEqual({kind: 'summary'});
			},
		},
		{
			name: 'the key help is a visit: Back returns, and it never stays in the way back',
			actions: [toStep(2), {type: 'navigated', to: 'help'}, {type: 'navigated', to: 'summary'}, {type: 'navigated', to: 'back'}],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 2});
				expect(state.history).toEqual([{kind: 'step', step: 1}]);
			},
		},
		{
			name: 'opening a step from the summary goes there and Back returns to the summary',
			actions: [{type: 'navigated', to: 'summary'}, toStep(2)],
			expect(state) {
				expect(state.screen).toEqual({kind: 'step', step: 2});
				expect(state.history.at(-1)).toEqual({kind: 'summary'});
			},
		},
		{
			name: 'details toggle, and reset when the screen changes',
			actions: [{type: 'details-toggled'}],
			expect(state) {
				expect(state.showDetails).toBe(true);
				expect(wizardReducer(state, {type: 'navigated', to: 'next'}).showDetails).toBe(false);
				expect(wizardReducer(state, {type: 'details-toggled'}).showDetails).toBe(false);
			},
		},
		{
			name: 'check again starts a new run compared with the last one',
			actions: [finish(1, [cause('stale-env-shadows-dotenv', 2)]), {type: 'run-restarted', reason: 'check-again'}],
			expect(state) {
				expect(state.run).toMatchObject({id: 2, reason: 'check-again', finished: false, running: []});
				expect(state.run.results.size).toBe(0);
				expect(state.run.baseline?.causes.map(entry => entry.id)).toEqual(['stale-env-shadows-dotenv']);
				expect(state.recheck).toBeUndefined();
			},
		},
		{
			name: 'when the check-again run finishes, it says the problem is gone, and the log keeps both runs with before → after',
			actions: [
				finish(1, [cause('stale-env-shadows-dotenv', 2)], 'problem', {report: report('problem', [cause('stale-env-shadows-dotenv', 2)])}),
				{type: 'run-restarted', reason: 'check-again'},
				finish(2, [], 'ok', {report: report('ok')}),
			],
			expect(state) {
				expect(state.recheck?.outcome).toBe('gone');
				expect(state.recheck?.fixed.map(entry => entry.id)).toEqual(['stale-env-shadows-dotenv']);
				const runs = state.log.flatMap(event => (event.type === 'run' ? [event.run] : []));
				expect(runs.map(run => [run.number, run.reason, run.report.verdict])).toEqual([
					[1, 'launch', 'problem'],
					[2, 'check-again', 'ok'],
				]);
				expect(runs[1]!.recheck).toMatchObject({outcome: 'gone', fixed: ['stale-env-shadows-dotenv'], remaining: [], added: []});
			},
		},
		{
			name: 'a pasted-error rerun is not a "check again" and gives no comparison',
			actions: [finish(1, [cause('key-invalid', 3)]), {type: 'navigated', to: 'paste'}, {type: 'pasted', text: 'Error code: 401'}, finish(2, [])],
			expect(state) {
				expect(state.recheck).toBeUndefined();
				expect(state.lastRun?.causes).toEqual([]);
			},
		},
		{
			name: 'a pasted error from before the fix is set aside: later runs leave it out until another is pasted',
			actions: [
				{type: 'navigated', to: 'paste'},
				{type: 'pasted', text: 'Incorrect API key provided: sk-proj-****wxyz'},
				finish(2, [cause('key-invalid', 3)], 'problem', {errorKeys: ['old']}),
				{type: 'run-restarted', reason: 'check-again'},
				finish(3, [], 'ok', {errorSetAside: true}),
			],
			expect(state) {
				expect(state.run.baseline?.errorKeys).toEqual(['old']);
				expect(state.errorSetAside).toBe(true);
				expect(state.recheck?.outcome).toBe('gone');
				expect(errorTextForRuns(state)).toBeUndefined();
				expect(state.errorText).toBe('Incorrect API key provided: sk-proj-****wxyz');
				const replaced = apply(state, {type: 'navigated', to: 'paste'}, {type: 'pasted', text: 'Incorrect API key provided: sk-proj-****abcd'});
				expect(replaced.errorSetAside).toBe(false);
				expect(errorTextForRuns(replaced)).toBe('Incorrect API key provided: sk-proj-****abcd');
				const cleared = apply(state, {type: 'paste-cleared'});
				expect(cleared.errorText).toBeUndefined();
				expect(cleared.answers.appError).toBeUndefined();
				expect(cleared.errorSetAside).toBe(false);
				expect(cleared.log.at(-1)).toEqual({type: 'paste-cleared'});
			},
		},
		{
			name: 'a copy says what happened and goes into the log',
			actions: [{type: 'copy-started'}],
			expect(state) {
				expect(state.copying).toBe(true);
				const done = wizardReducer(state, {type: 'copy-finished', text: 'unset OPENAI_API_KEY', label: 'Drop it', causeId: 'stale-env-shadows-dotenv', notice: {tone: 'pass', text: '✔ Copied to the clipboard: unset OPENAI_API_KEY'}});
				expect(done.copying).toBe(false);
				expect(done.notice).toEqual({tone: 'pass', text: '✔ Copied to the clipboard: unset OPENAI_API_KEY'});
				expect(done.log).toEqual([{type: 'copy', text: 'unset OPENAI_API_KEY', label: 'Drop it', causeId: 'stale-env-shadows-dotenv', result: '✔ Copied to the clipboard: unset OPENAI_API_KEY'}]);
			},
		},
		{
			name: 'records saving and says where it went',
			actions: [{type: 'save-started'}],
			expect(state) {
				expect(state.save).toEqual({status: 'saving'});
				const saved = wizardReducer(state, {type: 'save-finished', outcome: {ok: true, markdownPath: '/t/a.md', jsonPath: '/t/a.json'}});
				expect(saved.save).toEqual({status: 'saved', markdownPath: '/t/a.md', jsonPath: '/t/a.json'});
				expect(saved.notice?.text).toBe('Saved the redacted transcript to /t/a.md (and /t/a.json).');
				const failed = wizardReducer(state, {type: 'save-finished', outcome: {ok: false, message: 'a.md already exists'}});
				expect(failed.save).toEqual({status: 'failed', message: 'a.md already exists'});
				expect(failed.notice).toEqual({tone: 'fail', text: 'Not saved: a.md already exists'});
			},
		},
	];

	it.each(rows)('$name', row => {
		row.expect(apply(start(), ...row.actions));
	});

	it('never mutates the state it is given', () => {
		const before = apply(start(), {type: 'probe-started', runId: 1, probeId: 'env'});
		const frozen = JSON.stringify({...before, run: {...before.run, results: [...before.run.results]}});
		apply(before, {type: 'probe-finished', runId: 1, result: result('env')}, finish(1, [cause('key-invalid', 3)]), answer('yes'), {type: 'details-toggled'}, {type: 'copy-started'});
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
