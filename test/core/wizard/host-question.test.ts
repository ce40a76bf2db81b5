import {describe, expect, it} from 'vitest';
import type {AwaitedHost} from '../../../source/core/api/request-targets.js';
import type {ProbeResult} from '../../../source/core/types.js';
import {confirmedBaseUrls, hostAnswerNote, hostQuestionOf, hostQuestionText, pendingHostQuestion, type HostQuestion} from '../../../source/core/wizard/host-question.js';
import {menuFor} from '../../../source/core/wizard/menu.js';
import {initialWizardState, wizardReducer, type WizardAction, type WizardState} from '../../../source/core/wizard/reducer.js';
import {transcriptAnswers} from '../../../source/core/wizard/transcript-answers.js';

const host: AwaitedHost = {
	variable: 'OPENAI_BASE_URL',
	url: 'https://collector.example/v1',
	hostname: 'collector.example',
	source: 'file:.env:2',
	file: '.env',
	keys: [{sha256: 'aaaaaaaaaaaa', fingerprint: 'sk-proj-…wxyz'}],
};

function liveResult(awaiting: AwaitedHost[]): ProbeResult {
	return {id: 'live-check', step: 3, status: 'warn', summary: 'held', durationMs: 1, data: {keys: [], baseUrl: host.url, baseUrlOk: true, scopeHeaders: [], networkUnreachable: false, awaitingConfirmation: awaiting}};
}

const question = hostQuestionOf(new Map([['live-check', liveResult([host])]]))!;

function apply(state: WizardState, ...actions: WizardAction[]): WizardState {
	return actions.reduce(wizardReducer, state);
}

const atStep3 = (): WizardState => apply(initialWizardState({}), {type: 'answered', question: 'app-error', text: ''}, {type: 'navigated', to: {step: 3}});

describe('the host question as data', () => {
	it('is asked from the live check’s held-back keys, in the issue’s words', () => {
		expect(question).toEqual({url: host.url, hostname: 'collector.example', file: '.env', variable: 'OPENAI_BASE_URL', source: 'file:.env:2', fingerprints: ['sk-proj-…wxyz']});
		expect(hostQuestionText(question)).toBe("The project's .env sends the API to collector.example. Send your key sk-proj-…wxyz there?");
		expect(hostQuestionText({...question, fingerprints: ['sk-proj-…wxyz', 'sk-…abcd', 'sk-svcacct-…0000']})).toBe(
			"The project's .env sends the API to collector.example. Send your keys sk-proj-…wxyz, sk-…abcd and sk-svcacct-…0000 there?",
		);
		expect(hostQuestionOf(new Map([['live-check', liveResult([])]]))).toBeUndefined();
		expect(hostQuestionOf(new Map())).toBeUndefined();
	});

	it('waits until answered for that host; a Yes makes a confirmed base URL for the run options', () => {
		const results = new Map([['live-check', liveResult([host])]]);
		expect(pendingHostQuestion(results, [])).toEqual(question);
		expect(pendingHostQuestion(results, [{...question, answer: 'no'}])).toBeUndefined();
		expect(confirmedBaseUrls([{...question, answer: 'no'}])).toEqual([]);
		expect(confirmedBaseUrls([{...question, answer: 'yes'}])).toEqual([host.url]);
		expect(hostAnswerNote({...question, answer: 'no'})).toContain('key-wizard --base-url https://collector.example/v1');
	});
});

describe('the reducer and the menu', () => {
	it('Yes records the answer and starts a new run (every check again, with the host confirmed); the screen stays', () => {
		const state = apply(atStep3(), {type: 'answered', question: 'host', answer: 'yes', about: question});
		expect(state.answers.hosts).toEqual([{...question, answer: 'yes'}]);
		expect(state.run).toMatchObject({id: 2, reason: 'host-confirmed', finished: false});
		expect(state.screen).toEqual({kind: 'step', step: 3});
	});

	it('No records the answer only: no new run, nothing sent', () => {
		const before = atStep3();
		const state = apply(before, {type: 'answered', question: 'host', answer: 'no', about: question});
		expect(state.answers.hosts).toEqual([{...question, answer: 'no'}]);
		expect(state.run).toBe(before.run);
	});

	it('step 3 offers Yes once / No first while the question waits; the summary offers the way to it', () => {
		const labels = (state: WizardState, hostQuestion?: HostQuestion) => menuFor(state, {hostQuestion}).map(item => item.label);
		expect(labels(atStep3(), question).slice(0, 2)).toEqual(['Yes, send it there once (this session only)', 'No, do not send it there']);
		expect(menuFor(atStep3(), {hostQuestion: question})[0]!.action).toEqual({type: 'answer-host', answer: 'yes', about: question});
		expect(labels(atStep3())).not.toContain('No, do not send it there');
		const step2 = apply(atStep3(), {type: 'navigated', to: {step: 2}});
		expect(labels(step2, question)).not.toContain('No, do not send it there');
		const summary = apply(atStep3(), {type: 'navigated', to: 'summary'});
		expect(labels(summary, question)).toContain('Open step 3: Live test (send your key to collector.example?)');
	});

	it('the transcript records the question and the answer', () => {
		expect(transcriptAnswers({hosts: [{...question, answer: 'yes'}]})).toEqual([
			{step: 3, question: "The project's .env sends the API to collector.example. Send your key sk-proj-…wxyz there?", answer: 'Yes, once: the checks ran again against that host'},
		]);
	});
});
