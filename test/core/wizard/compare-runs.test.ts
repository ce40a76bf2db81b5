import {describe, expect, it} from 'vitest';
import type {Cause, StepNumber} from '../../../source/core/types.js';
import {compareRuns, type FinishedRun} from '../../../source/core/wizard/compare-runs.js';

function cause(id: string, step: StepNumber = 2): Cause {
	return {id, step, confidence: 'high', title: `${id} title`, evidence: [], fix: [], snippets: []};
}

const problem = (...ids: string[]): FinishedRun => ({causes: ids.map(id => cause(id)), verdict: 'problem'});
const ok: FinishedRun = {causes: [], verdict: 'ok'};
const inconclusive: FinishedRun = {causes: [], verdict: 'inconclusive'};

describe('compareRuns: did "check again" fix it?', () => {
	it.each<[string, FinishedRun, FinishedRun, string, RegExp]>([
		['every cause gone and a key works', problem('stale-env-shadows-dotenv'), ok, 'gone', /^The problem is gone/],
		['no cause before or after, a key works', ok, ok, 'gone', /^Still no problem found/],
		['causes gone but nothing confirmed a key', problem('key-invalid'), inconclusive, 'unconfirmed', /could not confirm/],
		['one of two fixed', problem('a', 'b'), problem('b'), 'better', /^Fixed: a title\. Still there: b title\.$/],
		['the same cause', problem('a'), problem('a'), 'same', /^The problem is still there: the same cause\.$/],
		['the same causes', problem('a', 'b'), problem('b', 'a'), 'same', /the same 2 causes/],
		['a new cause appeared', problem('a'), problem('c'), 'worse', /^New problem: c title\. Fixed: a title\.$/],
		['broken after working', ok, problem('c'), 'worse', /^New problem: c title\.$/],
	])('%s', (_name, before, after, outcome, message) => {
		const result = compareRuns(before, after);
		expect(result.outcome).toBe(outcome);
		expect(result.message).toMatch(message);
	});

	it('lists fixed, remaining and added causes by id', () => {
		const result = compareRuns(problem('a', 'b'), problem('b', 'c'));
		expect(result.fixed.map(entry => entry.id)).toEqual(['a']);
		expect(result.remaining.map(entry => entry.id)).toEqual(['b']);
		expect(result.added.map(entry => entry.id)).toEqual(['c']);
	});
});
