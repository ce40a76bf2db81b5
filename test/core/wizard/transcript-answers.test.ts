import {describe, expect, it} from 'vitest';
import {describePaste} from '../../../source/core/wizard/reducer.js';
import {transcriptAnswers} from '../../../source/core/wizard/transcript-answers.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';

describe('transcriptAnswers', () => {
	it('records nothing when nothing was answered', () => {
		expect(transcriptAnswers({})).toEqual([]);
	});

	it('records the dashboard answer with the key’s fingerprint, under step 1', () => {
		const [entry] = transcriptAnswers({dashboard: {answer: 'no', fingerprint: 'sk-proj-…wxyz'}});
		expect(entry).toEqual({
			step: 1,
			question: 'Does the dashboard list a key ending in …wxyz? (key sk-proj-…wxyz)',
			answer: 'No: the key was deleted or belongs to another account or project',
		});
	});

	it('records the pasted error redacted on one line, and says when it held a key', () => {
		const key = makeProjectKey(9);
		const [entry] = transcriptAnswers({appError: describePaste(`AuthenticationError:\n401 with ${key}`)});
		expect(entry!.step).toBe(3);
		expect(entry!.answer).not.toContain(key);
		expect(entry!.answer).toContain(`AuthenticationError: 401 with sk-proj-…${key.slice(-4)}`);
		expect(entry!.answer).toMatch(/treat that key as exposed/);
	});

	it('clips a very long paste', () => {
		const [entry] = transcriptAnswers({appError: describePaste('x '.repeat(5000))});
		expect(entry!.answer.length).toBeLessThan(700);
	});

	it('a "no" about a key the API accepts says another page was open, not that the key is gone', () => {
		const [entry] = transcriptAnswers({dashboard: {answer: 'no', fingerprint: 'sk-proj-…wxyz', keyWorks: true}});
		expect(entry!.answer).toMatch(/the API accepts the key: another organization or project/);
	});
});
