import {describe, expect, it} from 'vitest';
import {conclude, exitCodeOf, verdictOf} from '../../source/core/conclude.js';
import type {Rule} from '../../source/core/types.js';
import {makeOptions} from '../helpers/facts.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {sighting} from '../helpers/probe-context.js';

describe('conclude', () => {
	it('hides a key a careless rule put into a cause, in every text of it', () => {
		const key = makeProjectKey(61);
		const leaky: Rule = {
			id: 'key-invalid',
			step: 3,
			title: `Bad ${key}`,
			fix: [`replace ${key}`],
			evaluate: () => ({confidence: 'high', evidence: [`saw ${key}`], snippets: [{id: 's', label: key, language: 'sh', text: `export OPENAI_API_KEY=${key}`}]}),
		};
		const results = new Map([['env', sighting('env', [[key, 'env:OPENAI_API_KEY']])]]);
		const {causes} = conclude(results, {}, makeOptions(), ['env'], [leaky]);
		expect(JSON.stringify(causes)).not.toContain(key.slice(8, 40));
		expect(causes[0]!.evidence[0]).toBe(`saw sk-proj-…${key.slice(-4)}`);
	});

	it.each([
		[[{id: 'key-invalid'}], 'valid', 'problem', 1],
		[[{id: 'network-unreachable'}], 'error', 'inconclusive', 3],
		[[], 'valid', 'ok', 0],
		[[], 'untested', 'inconclusive', 3],
	] as const)('causes %j with a %s key: %s, exit %i', (causes, live, verdict, code) => {
		const result = verdictOf(causes as never, [{live} as never]);
		expect(result).toBe(verdict);
		expect(exitCodeOf(result)).toBe(code);
	});
});
