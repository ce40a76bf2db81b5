import {describe, expect, it} from 'vitest';
import {keysNamedByError, pastedErrorIsStale, staleErrorSummary, withoutPastedError} from '../../../source/core/wizard/pasted-error.js';
import {makeFacts, makeOptions, observe} from '../../helpers/facts.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';

const oldKey = makeProjectKey(6101);
const newKey = makeProjectKey(6102);

describe('a pasted error after the fix', () => {
	const before = makeFacts([observe(oldKey), observe(newKey, 'file:.env:2')], {live: {[oldKey]: 'invalid', [newKey]: 'valid'}, matchesError: {[oldKey]: true, [newKey]: false}});
	const named = keysNamedByError(before.keys);

	it('knows which keys the error named', () => {
		expect(named).toEqual([before.keys[0]!.secret.sha256]);
	});

	it('is from before the fix when its key is gone from every source and a key works now', () => {
		const after = makeFacts([observe(newKey, 'file:.env:2')], {live: {[newKey]: 'valid'}});
		expect(pastedErrorIsStale(named, after.keys)).toBe(true);
	});

	it('still applies while its key is anywhere, or while no key works', () => {
		const stillThere = makeFacts([observe(oldKey, 'profile:~/.profile:2'), observe(newKey, 'file:.env:2')], {live: {[oldKey]: 'invalid', [newKey]: 'valid'}});
		expect(pastedErrorIsStale(named, stillThere.keys)).toBe(false);
		const nothingWorks = makeFacts([observe(newKey, 'file:.env:2')], {live: {[newKey]: 'invalid'}});
		expect(pastedErrorIsStale(named, nothingWorks.keys)).toBe(false);
	});

	it('says nothing when the error named no key found here', () => {
		const after = makeFacts([observe(newKey, 'file:.env:2')], {live: {[newKey]: 'valid'}});
		expect(pastedErrorIsStale([], after.keys)).toBe(false);
		expect(pastedErrorIsStale(undefined, after.keys)).toBe(false);
	});

	it('set aside, the error-reading probe says so and the options carry no error text', () => {
		const results = new Map([['error-triage', {id: 'error-triage', step: 3 as const, status: 'fail' as const, summary: 'The app sent a key found nowhere', durationMs: 4, data: {given: true}}]]);
		const without = withoutPastedError(results, makeOptions({errorText: 'Incorrect API key provided: sk-proj-****abcd'}), staleErrorSummary);
		expect(without.options.errorText).toBeUndefined();
		expect(without.results.get('error-triage')).toEqual({id: 'error-triage', step: 3, status: 'skip', summary: staleErrorSummary, durationMs: 4});
		expect(results.get('error-triage')!.status).toBe('fail');
	});
});
