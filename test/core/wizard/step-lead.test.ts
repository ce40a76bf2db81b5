import {describe, expect, it} from 'vitest';
import type {Cause, StepNumber} from '../../../source/core/types.js';
import {causeSnippets, copyLabel, copyNumberOf, numberCopyables} from '../../../source/core/wizard/copyables.js';
import type {KeyView} from '../../../source/core/wizard/key-views.js';
import {firstCommand, stepLead} from '../../../source/core/wizard/step-lead.js';
import type {StepContext} from '../../../source/core/wizard/steps.js';

function cause(id: string, step: StepNumber, overrides: Partial<Cause> = {}): Cause {
	return {id, step, confidence: 'high', title: `${id} title`, evidence: [`${id} evidence`, 'more'], fix: [`${id} fix`, 'then this'], snippets: [], ...overrides};
}

const key = (overrides: Partial<KeyView> = {}): KeyView => ({sha256: 'a', fingerprint: 'sk-proj-…wxyz', ending: '…wxyz', kind: 'project', kindLabel: 'OpenAI project key', defects: [], sources: [], usedByApp: true, live: 'invalid', ...overrides});
const stale = cause('stale-env-shadows-dotenv', 2, {
	snippets: [
		{id: 'python', label: 'Python: let .env win', language: 'python', text: 'load_dotenv(override=True)'},
		{id: 'env-unset', label: 'Drop it', language: 'sh', text: 'unset OPENAI_API_KEY'},
	],
});
const invalid = cause('key-invalid', 3, {snippets: [{id: 'curl', label: 'Check', language: 'sh', text: 'curl https://api.openai.com/v1/models'}]});
const done = (causes: Cause[], keys: KeyView[] = [key()], verdict: StepContext['verdict'] = causes.length > 0 ? 'problem' : 'ok'): StepContext => ({answers: {}, causes, keys, verdict});

describe('stepLead: every screen leads with what its step found', () => {
	it('the first screen leads with the most likely cause wherever it is: title, one line of evidence, the first fix, its command', () => {
		const lead = stepLead(1, done([stale, invalid]), {causes: [stale, invalid], running: 0});
		expect(lead).toMatchObject({tone: 'fail', title: 'stale-env-shadows-dotenv title', evidence: 'stale-env-shadows-dotenv evidence', fix: 'stale-env-shadows-dotenv fix', more: 0});
		expect(lead.command?.text).toBe('unset OPENAI_API_KEY');
		expect(lead.cause).toBe(stale);
	});

	it('a step leads with its own causes only, and counts the others at the step', () => {
		const other = cause('profile-conflict', 2, {confidence: 'medium'});
		const lead = stepLead(3, done([stale, invalid]), {causes: [stale, other, invalid], running: 0});
		expect(lead.title).toBe('key-invalid title');
		expect(lead.command?.text).toBe('curl https://api.openai.com/v1/models');
		expect(stepLead(2, done([stale, other]), {causes: [stale, other], running: 0}).more).toBe(1);
	});

	it('a low-confidence cause, or one that says the check could not run, is a warning', () => {
		expect(stepLead(2, done([]), {causes: [cause('x', 2, {confidence: 'low'})], running: 0}).tone).toBe('warn');
		expect(stepLead(3, done([]), {causes: [cause('network-unreachable', 3)], running: 0}).tone).toBe('warn');
	});

	it('while checks run and nothing is found yet, it says so', () => {
		expect(stepLead(2, {answers: {}}, {causes: [], running: 3})).toMatchObject({tone: 'running', title: 'Checking… 3 checks running'});
	});

	it('a step with nothing wrong says so in one line', () => {
		expect(stepLead(4, done([stale]), {causes: [stale], running: 0})).toMatchObject({tone: 'pass', title: 'Nothing wrong in the base URL, proxy, organization or project settings.'});
	});

	it('the first screen says no problem and names the key that works, or why nothing was confirmed', () => {
		expect(stepLead(1, done([], [key({live: 'valid'})]), {causes: [], running: 0}).title).toBe('No problem found: sk-proj-…wxyz passed the live check.');
		const unsure = stepLead(1, done([], [key({live: 'untested'})], 'inconclusive'), {causes: [], running: 0});
		expect(unsure).toMatchObject({tone: 'warn', title: 'Nothing found wrong, but no live check confirmed a working key.'});
	});

	it('step 5 leads with what applies: no rotation needed, or the ordered steps to replace a dead or exposed key', () => {
		const working = stepLead(5, done([stale], [key(), key({sha256: 'b', fingerprint: 'sk-proj-…abcd', live: 'valid'})]), {causes: [stale], running: 0});
		expect(working).toMatchObject({tone: 'pass', title: 'No rotation needed: no key was found exposed, and sk-proj-…abcd works.'});
		const dead = stepLead(5, done([invalid]), {causes: [invalid], running: 0});
		expect(dead.tone).toBe('fail');
		expect(dead.title).toMatch(/^Replace sk-proj-…wxyz: it is gone/);
		expect(dead.fix).toMatch(/create a new secret key/);
		expect(dead.command?.text).toBe("export OPENAI_API_KEY='<paste your new key>'");
		const exposed = stepLead(5, {answers: {appError: {shown: 'x', containedKey: true}}, causes: [], keys: [key({live: 'valid'})], verdict: 'ok'}, {causes: [], running: 0});
		expect(exposed.title).toMatch(/The text you pasted held a full key/);
		const committed = cause('key-committed', 5);
		expect(stepLead(5, done([committed]), {causes: [committed], running: 0}).title).toBe('key-committed title');
	});

	it('the summary leads like the first screen', () => {
		expect(stepLead(undefined, done([invalid, stale]), {causes: [invalid, stale], running: 0}).title).toBe('key-invalid title');
	});

	it('the first command of a fix is its first shell snippet, else its first snippet', () => {
		expect(firstCommand(stale)?.id).toBe('env-unset');
		expect(firstCommand({snippets: [{id: 'p', label: 'p', language: 'python', text: 'x'}]})?.id).toBe('p');
		expect(firstCommand({snippets: []})).toBeUndefined();
	});
});

describe('copyables', () => {
	it('numbers what a screen offers to copy in order, the lead’s command first, each text once', () => {
		const copyables = numberCopyables([{snippet: stale.snippets[1]!, causeId: stale.id}, ...causeSnippets([stale, invalid])]);
		expect(copyables.map(copyable => [copyable.number, copyable.snippet.text, copyable.causeId])).toEqual([
			[1, 'unset OPENAI_API_KEY', 'stale-env-shadows-dotenv'],
			[2, 'load_dotenv(override=True)', 'stale-env-shadows-dotenv'],
			[3, 'curl https://api.openai.com/v1/models', 'key-invalid'],
		]);
		expect(copyNumberOf(copyables, 'curl https://api.openai.com/v1/models')).toBe(3);
		expect(copyNumberOf(copyables, 'nothing')).toBeUndefined();
	});

	it('labels a one-line command by itself and a longer text by its label', () => {
		expect(copyLabel({label: 'Drop it', text: 'unset OPENAI_API_KEY'})).toBe('Copy: unset OPENAI_API_KEY');
		expect(copyLabel({label: 'Python: load .env', text: 'from dotenv import load_dotenv\nload_dotenv()'})).toBe('Copy: Python: load .env');
	});
});
