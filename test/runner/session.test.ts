import {afterEach, describe, expect, it} from 'vitest';
import type {ProbeDefinition} from '../../source/core/types.js';
import {kindsOfRun} from '../../source/runner/code-cache.js';
import {startSession} from '../../source/runner/session.js';
import {makeOptions} from '../helpers/facts.js';
import {makePorts} from '../helpers/fake-ports.js';

/** Probes that stay in flight together until released: as many listeners on the session's stop signal at once as there are probes. */
function waitingProbes(count: number, release: Promise<void>): ProbeDefinition[] {
	return Array.from({length: count}, (_, index) => ({
		id: `probe-${index}`,
		step: 2 as const,
		title: `probe ${index}`,
		checks: 'nothing',
		async run() {
			await release;
			return {status: 'pass' as const, summary: 'done'};
		},
	}));
}

describe('startSession', () => {
	const warnings: Error[] = [];
	const onWarning = (warning: Error) => warnings.push(warning);
	afterEach(() => {
		process.off('warning', onWarning);
		warnings.length = 0;
	});

	it('twenty probes in flight at once raise no MaxListenersExceededWarning (it would reach stderr)', async () => {
		process.on('warning', onWarning);
		let release!: () => void;
		const released = new Promise<void>(resolve => (release = resolve));
		const session = startSession(makePorts(), makeOptions({network: false}), {}, waitingProbes(20, released), []);
		await new Promise(resolve => setTimeout(resolve, 50));
		release();
		const outcome = await session.done;
		await new Promise(resolve => setImmediate(resolve));
		expect(outcome.probes).toHaveLength(20);
		expect(warnings.map(warning => warning.name)).not.toContain('MaxListenersExceededWarning');
	});

	it('names its probes that had something to check for the code cache once it ends, and nothing when it was stopped halfway', async () => {
		const probe = (id: string, status: 'pass' | 'skip', wait?: Promise<void>): ProbeDefinition => ({id, step: 2, title: id, checks: id, run: async () => (await wait, {status, summary: id})});
		await startSession(makePorts(), makeOptions({network: false}), {}, [probe('kinds-ran', 'pass'), probe('kinds-skipped', 'skip')], []).done;
		expect(kindsOfRun()).toContain('probe:kinds-ran');
		expect(kindsOfRun()).not.toContain('probe:kinds-skipped');

		const stopped = startSession(makePorts(), makeOptions({network: false}), {}, [probe('kinds-quick', 'pass'), probe('kinds-never', 'pass', new Promise(() => undefined))], []);
		await new Promise(resolve => setTimeout(resolve, 20));
		stopped.abort('quit');
		await stopped.done;
		expect(kindsOfRun()).not.toContain('probe:kinds-quick');
	});
});
