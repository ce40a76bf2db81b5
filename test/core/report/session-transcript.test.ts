import {describe, expect, it} from 'vitest';
import type {Conclusion} from '../../../source/core/conclude.js';
import {buildSessionJsonReport, renderJsonReport, type JsonReport} from '../../../source/core/report/json-report.js';
import {renderMarkdownTranscript} from '../../../source/core/report/markdown-transcript.js';
import type {Cause} from '../../../source/core/types.js';
import {answerOf, dashboardChoices} from '../../../source/core/wizard/questions.js';
import type {SessionEvent} from '../../../source/core/wizard/session-log.js';
import {makeFacts, observe} from '../../helpers/facts.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';

const oldKey = makeProjectKey(6201);
const newKey = makeProjectKey(6202);
const stale: Cause = {id: 'stale-env-shadows-dotenv', step: 2, confidence: 'high', title: 'An old key hides the key in .env', evidence: ['env has sk-proj-…old'], fix: ['unset it'], snippets: [{id: 'env-unset', label: 'Drop it', language: 'sh', text: 'unset OPENAI_API_KEY'}]};
const invalid: Cause = {id: 'key-invalid', step: 3, confidence: 'high', title: 'The API refuses the key', evidence: [], fix: [], snippets: []};
const report = (verdict: JsonReport['verdict'], causes: Cause[]): JsonReport => ({
	schemaVersion: 1,
	tool: {name: 'key-wizard', version: '9.9.9'},
	verdict,
	keys: [{fingerprint: `sk-proj-…${newKey.slice(-4)}`, sha256: 'abc', kind: 'project', sources: ['file:.env:2'], live: verdict === 'ok' ? 'valid' : 'invalid'}],
	probes: [{id: 'env', step: 2, status: 'pass', summary: 'ok', durationMs: 1}],
	causes,
});

const question = {id: 'dashboard', step: 1 as const, prompt: 'Does the dashboard list a key ending in …wxyz?', subject: 'sk-proj-…wxyz', choices: dashboardChoices};
const session: SessionEvent[] = [
	{type: 'run', run: {number: 1, reason: 'launch', report: report('problem', [stale, invalid])}},
	{type: 'answer', answer: answerOf(question, 'yes')!},
	{type: 'paste', shown: "Incorrect API key provided: sk-proj-…wxyz. `x`", containedKey: false},
	{type: 'run', run: {number: 2, reason: 'error-text', report: report('problem', [stale, invalid])}},
	{type: 'copy', text: 'unset OPENAI_API_KEY', label: 'Drop it', causeId: 'stale-env-shadows-dotenv', result: '✔ Copied to the clipboard: unset OPENAI_API_KEY'},
	{type: 'run', run: {number: 3, reason: 'check-again', report: report('ok', []), recheck: {outcome: 'gone', message: 'The problem is gone.', fixed: ['stale-env-shadows-dotenv', 'key-invalid'], remaining: [], added: []}, errorSetAside: true}},
];
const last = report('ok', []);
const conclusion: Conclusion = {keys: makeFacts([observe(newKey, 'file:.env:2')]).keys, causes: [], verdict: 'ok'};

describe('the transcript of a whole session', () => {
	const markdown = renderMarkdownTranscript(last, [], conclusion, {date: '2026-12-01T10:00:00.000Z', session});

	it('holds each run in order, the answers, the paste and the commands copied', () => {
		expect(markdown).toContain('Verdict: **ok** (after 3 runs)');
		const timeline = markdown.slice(markdown.indexOf('## The session, in order'), markdown.indexOf('## Keys'));
		const items = timeline.split('\n').filter(line => /^\d+\. /.test(line));
		expect(items).toEqual([
			'1. **Run 1, first diagnosis**: verdict **problem**. Causes: `stale-env-shadows-dotenv` (An old key hides the key in .env); `key-invalid` (The API refuses the key).',
			'2. **Answered** on step 1: Does the dashboard list a key ending in …wxyz? (key sk-proj-…wxyz) **Yes**',
			"3. **Pasted the app's error**: `Incorrect API key provided: sk-proj-…wxyz. 'x'`",
			'4. **Run 2, with the pasted error**: verdict **problem**. Causes: `stale-env-shadows-dotenv` (An old key hides the key in .env); `key-invalid` (The API refuses the key).',
			'5. **Copied** `unset OPENAI_API_KEY` (fix for `stale-env-shadows-dotenv`): ✔ Copied to the clipboard: unset OPENAI_API_KEY',
			'6. **Run 3, check again**: verdict **ok**. No cause found.',
		]);
	});

	it('gives each Check again its before → after per cause, and says when the pasted error was from before the fix', () => {
		expect(markdown).toContain('   Check again: gone. The problem is gone.');
		expect(markdown).toContain('   - `stale-env-shadows-dotenv` An old key hides the key in .env: found → gone');
		expect(markdown).toContain('   - `key-invalid` The API refuses the key: found → gone');
		expect(markdown).toContain('The error you pasted was from before the fix');
	});

	it('keeps the JSON twin’s schema version 1 fields for the last run and adds every run, the answers and the copies', () => {
		const json = JSON.parse(renderJsonReport(buildSessionJsonReport(last, session), conclusion));
		expect(json).toMatchObject({schemaVersion: 1, tool: {name: 'key-wizard', version: '9.9.9'}, verdict: 'ok', causes: []});
		expect(json.keys).toEqual(last.keys);
		expect(json.runs.map((run: {number: number; reason: string; verdict: string}) => [run.number, run.reason, run.verdict])).toEqual([
			[1, 'launch', 'problem'],
			[2, 'error-text', 'problem'],
			[3, 'check-again', 'ok'],
		]);
		expect(json.runs[0].causes.map((cause: Cause) => cause.id)).toEqual(['stale-env-shadows-dotenv', 'key-invalid']);
		expect(json.runs[2]).toMatchObject({recheck: {outcome: 'gone', fixed: ['stale-env-shadows-dotenv', 'key-invalid']}, errorSetAside: true});
		expect(json.runs[0].schemaVersion).toBeUndefined();
		expect(json.answers).toEqual([{step: 1, question: 'Does the dashboard list a key ending in …wxyz? (key sk-proj-…wxyz)', answer: 'Yes'}]);
		expect(json.copied).toEqual([{text: 'unset OPENAI_API_KEY', label: 'Drop it', cause: 'stale-env-shadows-dotenv'}]);
	});

	it('never holds a key, even one named only in an earlier run', () => {
		const leaky: SessionEvent[] = [...session, {type: 'copy', text: `echo ${oldKey}`, label: 'x', result: 'x'}];
		for (const text of [renderMarkdownTranscript(last, [], conclusion, {date: 'd', session: leaky}), renderJsonReport(buildSessionJsonReport(last, leaky), conclusion)]) {
			expect(text).not.toContain(oldKey);
			expect(text).not.toContain(oldKey.slice(8, -4));
		}
	});

	it('a transcript without a session (headless --save) is as before: no session section', () => {
		expect(renderMarkdownTranscript(last, [], conclusion, {date: 'd'})).not.toContain('## The session');
	});
});
