import {describe, expect, it} from 'vitest';
import type {Cause} from '../../../source/core/types.js';
import {causesWhileRunning} from '../../../source/core/wizard/partial-run.js';

const cause = (id: string): Cause => ({id, step: 2, title: id, confidence: 'high', evidence: [], fix: [], snippets: []}) as unknown as Cause;
const causes = [cause('key-missing'), cause('dotenv-not-loaded'), cause('key-whitespace')];

describe('causes a run still in progress may show', () => {
	it('all of them once nothing runs', () => {
		expect(causesWhileRunning(causes, []).map(item => item.id)).toEqual(['key-missing', 'dotenv-not-loaded', 'key-whitespace']);
	});

	it('no "key missing" while .env or a place where the app runs is still being read; a defect of a key found stays', () => {
		expect(causesWhileRunning(causes, ['dotenv']).map(item => item.id)).toEqual(['key-whitespace']);
		expect(causesWhileRunning(causes, ['compose']).map(item => item.id)).toEqual(['dotenv-not-loaded', 'key-whitespace']);
	});

	it('the slow login shell holds nothing back: the diagnosis does not wait for it', () => {
		expect(causesWhileRunning(causes, ['login-shell']).map(item => item.id)).toEqual(['key-missing', 'dotenv-not-loaded', 'key-whitespace']);
	});

	it('"nothing loads .env" waits for the code scan and the loader check', () => {
		expect(causesWhileRunning(causes, ['dotenv-loading']).map(item => item.id)).toEqual(['key-missing', 'key-whitespace']);
	});
});
