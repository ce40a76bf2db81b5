import {describe, expect, it} from 'vitest';
import type {Cause, ProbeDefinition, StepNumber} from '../../../source/core/types.js';
import type {KeyView} from '../../../source/core/wizard/key-views.js';
import {answerOf, dashboardNoAdvice, type GivenAnswer} from '../../../source/core/wizard/questions.js';
import {stepTitles} from '../../../source/core/wizard/step-titles.js';
import {
	openQuestions,
	plannedChecksOfStep,
	probesOfStep,
	rotationApplies,
	rotationReason,
	stepOfTopCause,
	verdictIsUnsure,
	wizardSteps,
	type StepContext,
	type WizardScreen,
} from '../../../source/core/wizard/steps.js';

function cause(id: string, step: StepNumber, confidence: Cause['confidence'] = 'high'): Cause {
	return {id, step, confidence, title: id, evidence: [], fix: [], snippets: []};
}

function probe(id: string, step: StepNumber): ProbeDefinition {
	return {id, step, title: id, checks: id, run: async () => ({status: 'pass', summary: id})};
}

/** A key as the screens show it. */
function keyView(overrides: Partial<KeyView> = {}): KeyView {
	return {sha256: 'a', fingerprint: 'sk-proj-…wxyz', ending: '…wxyz', kind: 'project', kindLabel: 'OpenAI project key', defects: [], sources: ['process env OPENAI_API_KEY'], usedByApp: true, live: 'invalid', ...overrides};
}

const toStep = (step: StepNumber): WizardScreen => ({kind: 'step', step});
const summary: WizardScreen = {kind: 'summary'};
const noAnswers: StepContext['answers'] = {};
const given = (value: 'yes' | 'no' | 'unsure', known?: Record<string, string>): StepContext['answers'] => {
	const answer: GivenAnswer = {question: 'dashboard', step: 1, prompt: 'Does the dashboard list a key ending in …wxyz?', value, label: value, transcript: value, subject: 'sk-proj-…wxyz', ...(known ? {known} : {})};
	return {given: {dashboard: answer}};
};

describe('the five-step table: where "Continue" goes', () => {
	const rows: Array<[string, StepNumber, StepContext, WizardScreen]> = [
		['step 1, "no": the key is gone, so rotate', 1, {answers: given('no'), causes: [cause('stale-env-shadows-dotenv', 2)]}, toStep(5)],
		['step 1, "no" before any run finished', 1, {answers: given('no')}, toStep(5)],
		['step 1, "no" while another key found works: no new key, on to the top cause', 1, {answers: given('no', {workingKey: 'sk-proj-…abcd (.env:2)'}), causes: [cause('stale-env-shadows-dotenv', 2)]}, toStep(2)],
		['step 1, "yes", top cause at step 3: open step 3', 1, {answers: given('yes'), causes: [cause('key-invalid', 3), cause('x', 2)]}, toStep(3)],
		['step 1, "not sure", top cause at step 4', 1, {answers: given('unsure'), causes: [cause('base-url-mismatch', 4)]}, toStep(4)],
		['step 1, no answer, top cause at step 2', 1, {answers: noAnswers, causes: [cause('stale-env-shadows-dotenv', 2)]}, toStep(2)],
		['step 1, "yes", no cause: walk on to step 2', 1, {answers: given('yes'), causes: []}, toStep(2)],
		['step 1, no answer, run still going: step 2', 1, {answers: noAnswers}, toStep(2)],
		['step 2 always goes to the live test', 2, {answers: noAnswers, causes: [cause('key-invalid', 3)]}, toStep(3)],
		['step 3 goes to library & docs', 3, {answers: noAnswers}, toStep(4)],
		['step 4, nothing to rotate: summary', 4, {answers: given('yes'), causes: [cause('stale-env-shadows-dotenv', 2)]}, summary],
		['step 4, the dashboard lacks the key: rotate', 4, {answers: given('no'), causes: []}, toStep(5)],
		['step 4, the API rejects the key and none works: rotate', 4, {answers: noAnswers, causes: [cause('key-invalid', 3)], keys: [keyView()]}, toStep(5)],
		['step 4, the API rejects one key but another works: no rotation', 4, {answers: noAnswers, causes: [cause('key-invalid', 3)], keys: [keyView(), keyView({sha256: 'b', live: 'valid'})]}, summary],
		['step 4, an exposure cause: rotate', 4, {answers: noAnswers, causes: [cause('key-committed', 5)]}, toStep(5)],
		['step 4, the pasted error held a key: rotate', 4, {answers: {appError: {shown: 'sk-proj-…wxyz', containedKey: true}}}, toStep(5)],
		['step 5 ends on the summary', 5, {answers: given('no')}, summary],
	];

	it.each(rows)('%s', (_name, step, context, expected) => {
		expect(wizardSteps[step].next(context)).toEqual(expected);
	});

	it('numbers and titles every step as the step bar shows them', () => {
		for (const step of [1, 2, 3, 4, 5] as const) {
			expect(wizardSteps[step].step).toBe(step);
			expect(wizardSteps[step].title).toBe(stepTitles[step]);
			expect(wizardSteps[step].heading.length).toBeGreaterThan(5);
			expect(wizardSteps[step].clear.length).toBeGreaterThan(5);
		}

		expect(Object.values(stepTitles)).toEqual(['Dashboard', 'Sources', 'Live test', 'Library & docs', 'Rotate']);
	});

	it('leads the first screen with the verdict and every other step with its own causes', () => {
		expect(wizardSteps[1].lead).toBe('verdict');
		for (const step of [2, 3, 4, 5] as const) expect(wizardSteps[step].lead).toBe('step-causes');
		expect(wizardSteps[1].panels).toContain('questions');
		expect(wizardSteps[2].panels).toContain('sources');
		expect(wizardSteps[3].panels).toEqual(expect.arrayContaining(['live-keys', 'app-error', 'curl']));
	});
});

describe('step 1 asks about the dashboard only where the answer changes something', () => {
	const finished = (keys: KeyView[], causes: Cause[] = [cause('key-invalid', 3)]): StepContext => ({answers: noAnswers, causes, keys});

	it('asks about a refused key, once the live check has spoken', () => {
		const [question] = openQuestions(1, finished([keyView()]));
		expect(question).toMatchObject({id: 'dashboard', step: 1, prompt: 'Does the dashboard list a key ending in …wxyz?', subject: 'sk-proj-…wxyz', link: 'https://platform.openai.com/api-keys'});
		expect(question!.choices.map(choice => choice.label)).toEqual(['Yes, …wxyz is listed', 'No, …wxyz is not listed', 'Not sure']);
		expect(openQuestions(1, {answers: noAnswers, keys: [keyView()]})).toEqual([]);
	});

	it('asks about a key that could not be tested', () => {
		expect(openQuestions(1, finished([keyView({live: 'untested'})]))).toHaveLength(1);
		expect(openQuestions(1, finished([keyView({live: 'error'})]))).toHaveLength(1);
	});

	it('says what it knows instead about a key that works, another provider’s key, a placeholder, or no key', () => {
		for (const [keys, says] of [
			[[keyView({live: 'valid'})], /The API accepts sk-proj-…wxyz, the key the app gets/],
			[[keyView({kind: 'other-provider', kindLabel: 'Anthropic key', fingerprint: 'sk-ant-…wxyz'})], /sk-ant-…wxyz is an Anthropic key, not an OpenAI secret key/],
			[[keyView({kind: 'placeholder', kindLabel: 'placeholder text', fingerprint: 'sk-xxxx…xxxx'})], /not an OpenAI secret key/],
			[[], /No key found on this machine/],
		] as const) {
			const context = finished([...keys]);
			expect(openQuestions(1, context)).toEqual([]);
			expect(wizardSteps[1].says!(context)).toMatch(says);
		}
	});

	it('asks an Azure key about the Azure portal', () => {
		const [question] = openQuestions(1, finished([keyView({kind: 'malformed', azure: true})]));
		expect(question!.prompt).toMatch(/^Does the Azure portal/);
	});

	it('a "no" while another found key works does not send the user to make a new key', () => {
		const context = finished([keyView(), keyView({sha256: 'b', fingerprint: 'sk-proj-…abcd', live: 'valid', usedByApp: false, sources: ['.env:2']})]);
		const [question] = openQuestions(1, context);
		const answer = answerOf(question!, 'no')!;
		expect(answer.known).toEqual({workingKey: 'sk-proj-…abcd (.env:2)'});
		expect(answer.advice).toMatch(/another key found here works: sk-proj-…abcd \(\.env:2\).*no need for a new key/);
		expect(answer.advice).not.toMatch(/Make a new key/);
		expect(wizardSteps[1].next({...context, answers: {given: {dashboard: answer}}})).toEqual(toStep(3));
	});

	it('a "no" with no other working key says to make a new key (step 5)', () => {
		expect(dashboardNoAdvice({})).toMatch(/Make a new key \(step 5\)/);
	});

	it('does not ask again once answered', () => {
		const context = finished([keyView()]);
		const answer = answerOf(openQuestions(1, context)[0]!, 'yes')!;
		expect(openQuestions(1, {...context, answers: {given: {dashboard: answer}}})).toEqual([]);
	});
});

describe('stepOfTopCause, rotation and an unsure verdict', () => {
	it.each<[string, StepContext, WizardScreen | undefined]>([
		['no run finished yet', {answers: noAnswers}, undefined],
		['no cause', {answers: noAnswers, causes: []}, undefined],
		['the first cause decides', {answers: noAnswers, causes: [cause('a', 4), cause('b', 2)]}, toStep(4)],
		['a step-1 cause is not a place to open', {answers: noAnswers, causes: [cause('a', 1)]}, undefined],
	])('%s', (_name, context, expected) => {
		expect(stepOfTopCause(context)).toEqual(expected);
	});

	it.each<[string, StepContext, 'exposed' | 'dead' | 'none']>([
		['nothing', {answers: noAnswers, causes: [cause('stale-env-shadows-dotenv', 2)]}, 'none'],
		['dashboard "not sure"', {answers: given('unsure')}, 'none'],
		['dashboard "no"', {answers: given('no')}, 'dead'],
		['key-invalid and no key works', {answers: noAnswers, causes: [cause('key-invalid', 3)], keys: [keyView()]}, 'dead'],
		['key-invalid beside a working key', {answers: noAnswers, causes: [cause('key-invalid', 3)], keys: [keyView(), keyView({sha256: 'b', live: 'valid'})]}, 'none'],
		['an exposure cause, even with a working key', {answers: noAnswers, causes: [cause('key-committed', 5)], keys: [keyView({live: 'valid'})]}, 'exposed'],
		['a paste that held a key', {answers: {appError: {shown: 'x', containedKey: true}}}, 'exposed'],
		['a paste without a key', {answers: {appError: {shown: 'Error code: 401', containedKey: false}}}, 'none'],
	])('rotation: %s', (_name, context, reason) => {
		expect(rotationReason(context)).toBe(reason);
		expect(rotationApplies(context)).toBe(reason !== 'none');
	});

	it.each<[string, StepContext, boolean]>([
		['still running', {answers: noAnswers}, false],
		['inconclusive', {answers: noAnswers, causes: [], verdict: 'inconclusive'}, true],
		['a high-confidence cause', {answers: noAnswers, causes: [cause('a', 2)], verdict: 'problem'}, false],
		['only a medium-confidence guess', {answers: noAnswers, causes: [cause('a', 2, 'medium')], verdict: 'problem'}, true],
		['ok', {answers: noAnswers, causes: [], verdict: 'ok'}, false],
	])('the verdict is unsure: %s', (_name, context, unsure) => {
		expect(verdictIsUnsure(context)).toBe(unsure);
		expect(wizardSteps[1].offersPaste(context)).toBe(unsure);
	});

	it('offers the paste box on step 3 always, and on the first screen only until an error was given', () => {
		expect(wizardSteps[3].offersPaste({answers: noAnswers})).toBe(true);
		expect(wizardSteps[1].offersPaste({answers: {appError: {shown: 'x', containedKey: false}}, causes: [], verdict: 'inconclusive'})).toBe(false);
		for (const step of [2, 4, 5] as const) expect(wizardSteps[step].offersPaste({answers: noAnswers, causes: [], verdict: 'inconclusive'})).toBe(false);
	});
});

describe('which probes a step lists', () => {
	const registry = [probe('env', 2), probe('live-check', 3), probe('dotenv', 2), probe('endpoint', 4)];

	it('lists the probes of the step, in registry order', () => {
		expect(probesOfStep(2, registry).map(entry => entry.id)).toEqual(['env', 'dotenv']);
		expect(probesOfStep(3, registry).map(entry => entry.id)).toEqual(['live-check']);
		expect(probesOfStep(1, registry)).toEqual([]);
	});

	it('lists planned checks as not checked yet until a probe covering them is registered', () => {
		const step2 = plannedChecksOfStep(2, registry).map(check => check.label);
		expect(step2).toEqual(['Containers', 'Kubernetes', 'CI and serverless settings', 'Code that reads the key']);
		const withContainers = plannedChecksOfStep(2, [...registry, probe('containers', 2)]).map(check => check.label);
		expect(withContainers).not.toContain('Containers');
		expect(withContainers).toContain('Kubernetes');
		expect(plannedChecksOfStep(4, registry).map(check => check.label)).toEqual(['OpenAI client library versions']);
		expect(plannedChecksOfStep(5, [...registry, probe('exposure', 5)])).toEqual([]);
		expect(plannedChecksOfStep(3, registry)).toEqual([]);
	});
});
