import {afterEach, describe, expect, it} from 'vitest';
import type {ProbeDefinition, Rule} from '../../source/core/types.js';
import {startSession} from '../../source/runner/session.js';
import {WizardApp} from '../../source/ui/app.js';
import {makePorts} from '../helpers/fake-ports.js';
import {makeOptions} from '../helpers/facts.js';
import {cleanupRendered, renderAt} from '../helpers/render.js';

afterEach(cleanupRendered);

/**
 * A login shell that takes its time (a .bashrc loading nvm): the wizard shows the diagnosis
 * of the checks that finished, marks the slow row "still checking…", and when the slow
 * check ends and moves the most likely cause, updates in place and says so.
 */
function world(slowMs: number) {
	let releaseSlow: () => void = () => undefined;
	const slowDone = new Promise<void>(resolve => {
		releaseSlow = resolve;
	});
	const fast: ProbeDefinition = {id: 'env', step: 2, title: 'Process environment', checks: 'OPENAI_API_KEY in this process', run: async () => ({status: 'warn', summary: 'OPENAI_API_KEY is set in .env only.'})};
	const slow: ProbeDefinition = {
		id: 'login-shell',
		step: 2,
		title: 'A fresh login shell',
		checks: 'what a new terminal would export',
		async run({signal}) {
			await Promise.race([slowDone, new Promise(resolve => setTimeout(resolve, slowMs)), new Promise(resolve => signal.addEventListener('abort', resolve, {once: true}))]);
			return {status: 'fail', summary: 'A new terminal exports an old key from ~/.bashrc.'};
		},
	};
	const rules: Rule[] = [
		{id: 'dotenv-not-loaded', step: 4, title: 'Nothing loads .env', fix: ['Load it.'], evaluate: facts => (facts.results.get('env')?.status === 'warn' ? {confidence: 'medium', evidence: ['.env only']} : undefined)},
		{id: 'profile-conflict', step: 2, title: 'Two startup files set different keys', fix: ['Keep one.'], evaluate: facts => (facts.results.get('login-shell')?.status === 'fail' ? {confidence: 'high', evidence: ['~/.bashrc exports an old key']} : undefined)},
	];
	return {probes: [fast, slow], rules, releaseSlow, ports: makePorts({}), options: makeOptions({network: false})};
}

describe('the wizard never waits on a slow login shell', () => {
	it('diagnoses from the finished checks, marks the slow one still checking, then updates in place with a note', async () => {
		const setup = world(60_000);
		const app = renderAt(<WizardApp ports={setup.ports} options={setup.options} version="9.9.9" startSession={startSession} probes={setup.probes} rules={setup.rules} color={false} animate={false} />, {columns: 100, rows: 40});
		const early = await app.waitFor(frame => frame.includes('Nothing loads .env'));
		expect(early).toContain('1 check running');
		await app.press(']');
		const step2 = await app.waitFor(frame => frame.includes('Step 2 of 5') && frame.includes('still checking… A fresh login shell'));
		expect(step2).not.toContain('Two startup files set different keys');

		setup.releaseSlow();
		const updated = await app.waitFor(frame => frame.replace(/\s+/g, ' ').includes('Updated: A fresh login shell finished; the most likely cause is now “Two startup files set different keys”.'));
		expect(updated).toContain('✖ Two startup files set different keys');
		expect(updated).not.toContain('still checking…');
	});

	it('no note when the slow check leaves the most likely cause where it was', async () => {
		const setup = world(60_000);
		setup.rules.pop();
		const app = renderAt(<WizardApp ports={setup.ports} options={setup.options} version="9.9.9" startSession={startSession} probes={setup.probes} rules={setup.rules} color={false} animate={false} />, {columns: 100, rows: 40});
		await app.waitFor(frame => frame.includes('Nothing loads .env') && frame.includes('1 check running'));
		setup.releaseSlow();
		const done = await app.waitFor(frame => frame.includes('Nothing loads .env') && !frame.includes('running'));
		expect(done).not.toContain('Updated:');
	});
});
