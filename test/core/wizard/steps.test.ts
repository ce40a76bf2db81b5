import {describe, expect, it} from 'vitest';
import type {Cause, ProbeDefinition, StepNumber} from '../../../source/core/types.js';
import {stepTitles} from '../../../source/core/wizard/step-titles.js';
import {
	plannedChecksOfStep,
	probesOfStep,
	rotationApplies,
	stepOfTopCause,
	wizardSteps,
	type StepContext,
	type WizardScreen,
} from '../../../source/core/wizard/steps.js';

function cause(id: string, step: StepNumber): Cause {
	return {id, step, confidence: 'high', title: id, evidence: [], fix: [], snippets: []};
}

function probe(id: string, step: StepNumber): ProbeDefinition {
	return {id, step, title: id, checks: id, run: async () => ({status: 'pass', summary: id})};
}

const toStep = (step: StepNumber): WizardScreen => ({kind: 'step', step});
const summary: WizardScreen = {kind: 'summary'};
const noAnswers: StepContext['answers'] = {};
const dashboard = (answer: 'yes' | 'no' | 'unsure') => ({dashboard: {answer, fingerprint: 'sk-proj-…wxyz'}});

describe('the five-step table: where "Continue" goes', () => {
	const rows: Array<[string, StepNumber, StepContext, WizardScreen]> = [
		['step 1, "no": the key is gone, so rotate', 1, {answers: dashboard('no'), causes: [cause('stale-env-shadows-dotenv', 2)]}, toStep(5)],
		['step 1, "no" before any run finished', 1, {answers: dashboard('no')}, toStep(5)],
		['step 1, "no" about a key the API accepts: another project is open, no rotation; on to the top cause', 1, {answers: {dashboard: {answer: 'no' as const, fingerprint: 'sk-proj-…wxyz', keyWorks: true}}, causes: [cause('stale-env-shadows-dotenv', 2)]}, toStep(2)],
		['step 1, "yes", top cause at step 3: open step 3', 1, {answers: dashboard('yes'), causes: [cause('key-invalid', 3), cause('x', 2)]}, toStep(3)],
		['step 1, "not sure", top cause at step 4', 1, {answers: dashboard('unsure'), causes: [cause('base-url-mismatch', 4)]}, toStep(4)],
		['step 1, "yes", top cause at step 2', 1, {answers: dashboard('yes'), causes: [cause('stale-env-shadows-dotenv', 2)]}, toStep(2)],
		['step 1, "yes", no cause: walk on to step 2', 1, {answers: dashboard('yes'), causes: []}, toStep(2)],
		['step 1, no answer, run still going: step 2', 1, {answers: noAnswers}, toStep(2)],
		['step 2 always goes to the live test', 2, {answers: noAnswers, causes: [cause('key-invalid', 3)]}, toStep(3)],
		['step 3 goes to library & docs', 3, {answers: noAnswers}, toStep(4)],
		['step 4, nothing to rotate: summary', 4, {answers: dashboard('yes'), causes: [cause('stale-env-shadows-dotenv', 2)]}, summary],
		['step 4, the dashboard lacks the key: rotate', 4, {answers: dashboard('no'), causes: []}, toStep(5)],
		['step 4, the API rejects the key: rotate', 4, {answers: noAnswers, causes: [cause('key-invalid', 3)]}, toStep(5)],
		['step 4, an exposure cause: rotate', 4, {answers: noAnswers, causes: [cause('key-committed', 5)]}, toStep(5)],
		['step 4, the pasted error held a key: rotate', 4, {answers: {appError: {shown: 'sk-proj-…wxyz', containedKey: true}}}, toStep(5)],
		['step 5 ends on the summary', 5, {answers: dashboard('no')}, summary],
	];

	it.each(rows)('%s', (_name, step, context, expected) => {
		expect(wizardSteps[step].next(context)).toEqual(expected);
	});

	it('numbers and titles every step as the step bar shows them', () => {
		for (const step of [1, 2, 3, 4, 5] as const) {
			expect(wizardSteps[step].step).toBe(step);
			expect(wizardSteps[step].title).toBe(stepTitles[step]);
			expect(wizardSteps[step].heading.length).toBeGreaterThan(5);
		}

		expect(Object.values(stepTitles)).toEqual(['Dashboard', 'Sources', 'Live test', 'Library & docs', 'Rotate']);
	});

	it('asks the dashboard question on step 1 only and shows the sources table on step 2', () => {
		expect(wizardSteps[1].panels).toContain('dashboard-question');
		expect(wizardSteps[2].panels).toContain('sources');
		for (const step of [2, 3, 4, 5] as const) expect(wizardSteps[step].panels).not.toContain('dashboard-question');
	});
});

describe('stepOfTopCause and rotationApplies', () => {
	it.each<[string, StepContext, WizardScreen | undefined]>([
		['no run finished yet', {answers: noAnswers}, undefined],
		['no cause', {answers: noAnswers, causes: []}, undefined],
		['the first cause decides', {answers: noAnswers, causes: [cause('a', 4), cause('b', 2)]}, toStep(4)],
		['a step-1 cause is not a place to open', {answers: noAnswers, causes: [cause('a', 1)]}, undefined],
	])('%s', (_name, context, expected) => {
		expect(stepOfTopCause(context)).toEqual(expected);
	});

	it.each<[string, StepContext, boolean]>([
		['nothing', {answers: noAnswers, causes: [cause('stale-env-shadows-dotenv', 2)]}, false],
		['dashboard "not sure"', {answers: dashboard('unsure')}, false],
		['dashboard "no"', {answers: dashboard('no')}, true],
		['key-invalid', {answers: noAnswers, causes: [cause('key-invalid', 3)]}, true],
		['a paste without a key', {answers: {appError: {shown: 'Error code: 401', containedKey: false}}}, false],
	])('rotation applies: %s', (_name, context, expected) => {
		expect(rotationApplies(context)).toBe(expected);
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
