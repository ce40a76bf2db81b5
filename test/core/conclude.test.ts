import {describe, expect, it} from 'vitest';
import {conclude, exitCodeOf, verdictOf} from '../../source/core/conclude.js';
import type {Rule} from '../../source/core/types.js';
import {makeOptions} from '../helpers/facts.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {sighting} from '../helpers/probe-context.js';
import type {ProbeResult} from '../../source/core/types.js';

/** The code probe's result for code that reads these names as the key (explicitly, or OPENAI_API_KEY through OpenAI()). */
function codeReading(...names: string[]): ProbeResult {
	const reads = names.map((name, index) => ({file: 'app.py', line: index + 1, name, how: `os.getenv("${name}")`, forClient: true, strict: false}));
	return {id: 'code', step: 2, status: 'pass', summary: '', durationMs: 1, data: {scan: {reads, clients: [], literals: [], loads: [], apiUses: [], partial: [], sourceFiles: 1, languages: ['python']}}};
}

/** A live check that accepted these keys. */
function liveValid(...keys: string[]): ProbeResult {
	return {id: 'live-check', step: 3, status: 'pass', summary: '', durationMs: 1, data: {keys: keys.map(key => ({sha256: sighting('env', [[key, 'x']]).keys![0]!.secret.sha256, live: 'valid'}))}};
}

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

	it('is never ok when the code reads the key from a source whose key was not the one that passed', () => {
		const good = makeProjectKey(62);
		const other = makeProjectKey(63);
		const order = ['env', 'misnamed-vars', 'code', 'live-check'];
		const envKey = sighting('env', [[good, 'env:OPENAI_API_KEY']]);
		const ok = conclude(new Map([['env', envKey], ['code', codeReading('OPENAI_API_KEY')], ['live-check', liveValid(good)]]), {OPENAI_API_KEY: good}, makeOptions(), order, []);
		expect(ok.verdict).toBe('ok');
		// The code reads MY_OPENAI_KEY, which holds another key that nobody checked: a working OPENAI_API_KEY proves nothing.
		const misnamed = {...sighting('misnamed-vars', [[other, 'env:MY_OPENAI_KEY', 'MY_OPENAI_KEY']]), id: 'misnamed-vars'};
		const unproven = conclude(new Map([['env', envKey], ['misnamed-vars', misnamed], ['code', codeReading('MY_OPENAI_KEY')], ['live-check', liveValid(good)]]), {OPENAI_API_KEY: good, MY_OPENAI_KEY: other}, makeOptions(), order, []);
		expect(unproven.verdict).toBe('inconclusive');
		const proven = conclude(new Map([['env', envKey], ['misnamed-vars', misnamed], ['code', codeReading('MY_OPENAI_KEY')], ['live-check', liveValid(good, other)]]), {OPENAI_API_KEY: good, MY_OPENAI_KEY: other}, makeOptions(), order, []);
		expect(proven.verdict).toBe('ok');
	});
});
