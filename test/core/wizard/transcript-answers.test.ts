import {describe, expect, it} from 'vitest';
import {answerOf, dashboardChoices, dashboardNoAdvice, type Question} from '../../../source/core/wizard/questions.js';
import {describePaste} from '../../../source/core/wizard/reducer.js';
import {transcriptAnswers} from '../../../source/core/wizard/transcript-answers.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';

const question = (known?: Record<string, string>): Question => ({
	id: 'dashboard',
	step: 1,
	prompt: 'Does the dashboard list a key ending in …wxyz?',
	subject: 'sk-proj-…wxyz',
	choices: dashboardChoices.map(choice => (choice.value === 'no' ? {...choice, advice: dashboardNoAdvice({known})} : choice)),
	...(known ? {known} : {}),
});

describe('transcriptAnswers', () => {
	it('records nothing when nothing was answered', () => {
		expect(transcriptAnswers({})).toEqual([]);
	});

	it('records the dashboard answer with the key’s fingerprint, under step 1', () => {
		const [entry] = transcriptAnswers({given: {dashboard: answerOf(question(), 'no')!}});
		expect(entry).toEqual({
			step: 1,
			question: 'Does the dashboard list a key ending in …wxyz? (key sk-proj-…wxyz)',
			answer: 'No: the key was deleted or belongs to another account or project',
		});
	});

	it('a "no" while another key works says which one works', () => {
		const [entry] = transcriptAnswers({given: {dashboard: answerOf(question({workingKey: 'sk-proj-…abcd (.env:2)'}), 'no')!}});
		expect(entry!.answer).toMatch(/another key found here works: sk-proj-…abcd \(\.env:2\)/);
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
});
