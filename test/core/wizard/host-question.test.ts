import {describe, expect, it} from 'vitest';
import type {AwaitedHost} from '../../../source/core/api/request-targets.js';
import type {Cause, ProbeResult} from '../../../source/core/types.js';
import {awaitedHosts, confirmedBaseUrls, hostQuestionFor, hostQuestionText} from '../../../source/core/wizard/host-question.js';
import type {KeyView} from '../../../source/core/wizard/key-views.js';
import {menuFor} from '../../../source/core/wizard/menu.js';
import {answerOf} from '../../../source/core/wizard/questions.js';
import {initialWizardState, runOptionsOf, stepContextOf, wizardReducer, type WizardAction, type WizardState} from '../../../source/core/wizard/reducer.js';
import {stepLead} from '../../../source/core/wizard/step-lead.js';
import {openQuestions, wizardSteps} from '../../../source/core/wizard/steps.js';
import {transcriptAnswers} from '../../../source/core/wizard/transcript-answers.js';
import {makeOptions} from '../../helpers/facts.js';

const host: AwaitedHost = {
	variable: 'OPENAI_BASE_URL',
	url: 'https://collector.example/v1',
	hostname: 'collector.example',
	source: 'file:.env:2',
	file: '.env',
	keys: [{sha256: 'aaaaaaaaaaaa', fingerprint: 'sk-proj-…wxyz'}],
};

const heldKey: KeyView = {
	sha256: 'aaaaaaaaaaaa',
	fingerprint: 'sk-proj-…wxyz',
	ending: '…wxyz',
	kind: 'project',
	kindLabel: 'OpenAI project key',
	defects: [],
	sources: ['process env OPENAI_API_KEY'],
	usedByApp: true,
	live: 'untested',
};

function liveResult(awaiting: AwaitedHost[]): ProbeResult {
	return {id: 'live-check', step: 3, status: 'warn', summary: 'held', durationMs: 1, data: {keys: [], baseUrl: host.url, baseUrlOk: true, scopeHeaders: [], networkUnreachable: false, awaitingConfirmation: awaiting}};
}

function apply(state: WizardState, ...actions: WizardAction[]): WizardState {
	return actions.reduce(wizardReducer, state);
}

/** A finished first run whose live check held the key back for `awaiting`, the screen on `step`. */
function finishedRun(awaiting: AwaitedHost[], step: 1 | 3 = 3, causes: Cause[] = []): WizardState {
	return apply(
		initialWizardState({}),
		{type: 'probe-finished', runId: 1, result: liveResult(awaiting)},
		{type: 'run-finished', runId: 1, causes, verdict: 'inconclusive'},
		...(step === 1 ? [] : [{type: 'navigated', to: {step}} as WizardAction]),
	);
}

const question = hostQuestionFor(host);
const answer = (value: 'yes' | 'no') => ({type: 'answered', answer: answerOf(question, value)!, advance: question.advances !== false}) as WizardAction;

describe('the host question is a question of step 3', () => {
	it('is asked from the live check’s held-back keys, in the issue’s words, with Yes once / No naming the host', () => {
		expect(awaitedHosts(new Map([['live-check', liveResult([host])]]))).toEqual([host]);
		expect(awaitedHosts(new Map([['live-check', liveResult([{...host, keys: []}])]]))).toEqual([]);
		expect(question).toMatchObject({id: 'host:https://collector.example/v1', step: 3, advances: false, reruns: true});
		expect(question.prompt).toBe("The project's .env sends the API to collector.example. Send your key sk-proj-…wxyz there?");
		expect(question.note).toContain('Nothing of yours has been sent there.');
		expect(question.choices.map(choice => choice.label)).toEqual(['Yes, send it there once', 'No, do not send it there']);
		expect(hostQuestionText({...host, keys: [...host.keys, {sha256: 'b', fingerprint: 'sk-…abcd'}, {sha256: 'c', fingerprint: 'sk-svcacct-…0000'}]})).toBe(
			"The project's .env sends the API to collector.example. Send your keys sk-proj-…wxyz, sk-…abcd and sk-svcacct-…0000 there?",
		);
	});

	it('step 3 asks it while it waits, one question per host; an answered host is not asked again', () => {
		const other: AwaitedHost = {...host, url: 'https://gw.example/v1', hostname: 'gw.example', variable: 'AZURE_OPENAI_ENDPOINT'};
		const state = finishedRun([host, other]);
		expect(openQuestions(3, stepContextOf(state)).map(open => open.id)).toEqual(['host:https://collector.example/v1', 'host:https://gw.example/v1']);
		const answered = apply(state, answer('no'));
		expect(openQuestions(3, stepContextOf(answered)).map(open => open.id)).toEqual(['host:https://gw.example/v1']);
		expect(wizardSteps[3].questions(stepContextOf(finishedRun([])))).toEqual([]);
	});
});

describe('the answers', () => {
	it('Yes records the answer and starts a new run that lets the confirmed host through; the screen stays on step 3', () => {
		const state = apply(finishedRun([host]), answer('yes'));
		expect(state.answers.given?.[question.id]).toMatchObject({value: 'yes', reruns: true, known: {url: host.url}});
		expect(state.run).toMatchObject({id: 2, reason: 'answer', finished: false});
		expect(state.screen).toEqual({kind: 'step', step: 3});
		expect(confirmedBaseUrls(state.answers.given)).toEqual([host.url]);
		expect(runOptionsOf(makeOptions({confirmedBaseUrls: ['https://mine.example/v1']}), state).confirmedBaseUrls).toEqual(['https://mine.example/v1', host.url]);
	});

	it('No records the answer only: no new run, nothing confirmed', () => {
		const before = finishedRun([host]);
		const state = apply(before, answer('no'));
		expect(state.answers.given?.[question.id]?.value).toBe('no');
		expect(state.run).toBe(before.run);
		expect(runOptionsOf(makeOptions(), state).confirmedBaseUrls).toBeUndefined();
	});

	it('the transcript records the question and each answer', () => {
		const yes = apply(finishedRun([host]), answer('yes'));
		expect(transcriptAnswers(yes.answers)).toEqual([
			{step: 3, question: "The project's .env sends the API to collector.example. Send your key sk-proj-…wxyz there?", answer: 'Yes, once: the checks ran again against that host'},
		]);
		expect(yes.log.at(-1)).toMatchObject({type: 'answer', answer: {question: question.id, value: 'yes'}});
		expect(transcriptAnswers(apply(finishedRun([host]), answer('no')).answers)[0]!.answer).toBe('No: nothing was sent there');
	});
});

describe('the screens that lead with the verdict point at it', () => {
	it('the menu offers Yes / No on step 3 right after the way on; skipping is the default, never Yes', () => {
		const state = finishedRun([host]);
		const items = menuFor(state, {question});
		expect(items[0]!.label).toBe('Next: 4 Library & docs (skip the question)');
		expect(items.slice(1, 3).map(item => item.action)).toEqual([
			{type: 'answer', question: question.id, value: 'yes'},
			{type: 'answer', question: question.id, value: 'no'},
		]);
	});

	it('the summary offers the way to step 3 while the host waits', () => {
		const summary = apply(finishedRun([host]), {type: 'navigated', to: 'summary'});
		const labels = menuFor(summary, {waiting: question}).map(item => item.label);
		expect(labels).toContain('Open 3 Live test (send your key to collector.example?)');
		expect(menuFor(summary, {}).map(item => item.label).some(label => label.includes('collector.example'))).toBe(false);
	});

	it('the first screen goes on to step 3 when nothing else is wrong, and asks no dashboard question about a key that was held back', () => {
		const state = finishedRun([host], 1);
		const context = stepContextOf(state, [heldKey]);
		expect(wizardSteps[1].next(context)).toEqual({kind: 'step', step: 3});
		expect(menuFor(state, {waiting: question}).map(item => item.label)).not.toContain('Open 3 Live test (send your key to collector.example?)');
		expect(openQuestions(1, context)).toEqual([]);
		// With no cause the lead says why; below a cause that leads, step 1 says it where the question would be.
		expect(wizardSteps[1].says!(context)).toBeUndefined();
		const malformed = {id: 'key-malformed', step: 2, confidence: 'high', title: 't', evidence: [], fix: [], snippets: []} as unknown as Cause;
		expect(wizardSteps[1].says!(stepContextOf(finishedRun([host], 1, [malformed]), [heldKey]))).toBe(
			'sk-proj-…wxyz was not tested: only .env names collector.example as the API host, so step 3 asks you first.',
		);
		// Once answered No, the key stays untested: the dashboard may settle it.
		const declined = stepContextOf(apply(state, {type: 'navigated', to: {step: 3}}, answer('no')), [heldKey]);
		expect(openQuestions(1, declined).map(open => open.id)).toEqual(['dashboard']);
	});

	it('the lead says why the key was not tested, before and after a No', () => {
		const state = finishedRun([host], 1);
		const lead = stepLead(1, stepContextOf(state, [heldKey]), {causes: [], running: 0});
		expect(lead).toMatchObject({tone: 'warn', title: 'Your key was not tested: only .env names collector.example as the API host, not you.'});
		expect(lead.fix).toContain("Answer step 3's question");
		const onStep3 = stepLead(3, stepContextOf(apply(state, {type: 'navigated', to: {step: 3}}), [heldKey]), {causes: [], running: 0});
		expect(onStep3.fix).toBeUndefined();
		const declined = apply(state, {type: 'navigated', to: {step: 3}}, answer('no'));
		expect(stepLead(undefined, stepContextOf(declined, [heldKey]), {causes: [], running: 0})).toMatchObject({
			title: 'Your key was not tested: you chose not to send it to collector.example.',
			evidence: 'To check against it later: key-wizard --base-url https://collector.example/v1',
		});
	});
});
