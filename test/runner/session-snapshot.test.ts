import {describe, expect, it} from 'vitest';
import {startSession, topCauseChange, type PartialOutcome} from '../../source/runner/session.js';
import type {ProbeDefinition, Rule} from '../../source/core/types.js';
import {makeOptions} from '../helpers/facts.js';
import {makePorts} from '../helpers/fake-ports.js';

/** A probe that passes at once, and a "login shell" that finishes only when the test says so. */
function probes() {
	let finishShell: (stale: boolean) => void = () => undefined;
	const shellAnswer = new Promise<boolean>(resolve => {
		finishShell = resolve;
	});
	const fast: ProbeDefinition = {id: 'env', step: 1, title: 'env', checks: 'env', run: async () => ({status: 'fail', summary: 'the variable is empty'})};
	const shell: ProbeDefinition = {
		id: 'login-shell',
		step: 1,
		title: 'login shell',
		checks: 'a fresh login shell',
		run: async () => ((await shellAnswer) ? {status: 'fail', summary: 'a stale key in .bashrc'} : {status: 'pass', summary: 'same key'}),
	};
	return {list: [fast, shell], finishShell};
}

/** Two rules: one from the fast probe, one (more likely, listed first) from the shell. */
const rules: Rule[] = [
	{id: 'stale-key-in-profile', step: 1, title: 'A stale key in a profile', fix: [], evaluate: facts => (facts.results.get('login-shell')?.status === 'fail' ? {confidence: 'high', evidence: ['.bashrc']} : undefined)},
	{id: 'empty-key', step: 1, title: 'The key is empty', fix: [], evaluate: facts => (facts.results.get('env')?.status === 'fail' ? {confidence: 'medium', evidence: ['env']} : undefined)},
];

describe('a session looked at before every probe has finished', () => {
	it('concludes from the finished probes, names the ones still running, and updates when the slow one ends', async () => {
		const {list, finishShell} = probes();
		const seen: PartialOutcome[] = [];
		const session = startSession(makePorts(), makeOptions(), {onResult: () => seen.push(session.snapshot())}, list, rules);
		await new Promise(resolve => setTimeout(resolve, 20));
		const early = session.snapshot();
		expect(early.pending).toEqual(['login-shell']);
		expect(early.complete).toBe(false);
		expect(early.probes.map(probe => probe.id)).toEqual(['env']);
		expect(early.causes.map(cause => cause.id)).toEqual(['empty-key']);
		expect(early.verdict).toBe('problem');

		finishShell(true);
		const outcome = await session.done;
		const last = seen.at(-1)!;
		expect(last.complete).toBe(true);
		expect(last.pending).toEqual([]);
		expect(last.causes.map(cause => cause.id)).toEqual(outcome.causes.map(cause => cause.id));
		expect(outcome.causes.map(cause => cause.id)).toEqual(['stale-key-in-profile', 'empty-key']);
		expect(topCauseChange(early, outcome)).toEqual({from: 'empty-key', to: 'stale-key-in-profile'});
	});

	it('says nothing changed when the slow probe confirms the early answer', async () => {
		const {list, finishShell} = probes();
		const session = startSession(makePorts(), makeOptions(), {}, list, rules);
		await new Promise(resolve => setTimeout(resolve, 20));
		const early = session.snapshot();
		finishShell(false);
		expect(topCauseChange(early, await session.done)).toBeUndefined();
		expect(topCauseChange({causes: []}, early)).toEqual({to: 'empty-key'});
	});
});
