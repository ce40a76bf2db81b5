import {getEventListeners} from 'node:events';
import {describe, expect, it} from 'vitest';
import {runProbes} from '../../source/core/run-probes.js';
import type {Ports} from '../../source/core/ports.js';
import type {ProbeDefinition, ProbeResult, RunOptions} from '../../source/core/types.js';

const ports = {env: {}, cwd: '/p', home: '/h', platform: 'linux', now: () => performance.now()} as unknown as Ports;
const options: RunOptions = {cwd: '/p', baseUrl: 'https://api.openai.com/v1', baseUrlSource: 'default', containers: [], network: true, timeoutMs: 200, demo: false};

const sleep = (ms: number, signal?: AbortSignal) =>
	new Promise<void>((resolve, reject) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => {
			clearTimeout(timer);
			reject(new Error('aborted'));
		});
	});

function probe(id: string, run: ProbeDefinition['run'], needs?: string[]): ProbeDefinition {
	return {id, step: 2, title: id, checks: id, needs, run};
}

describe('runProbes', () => {
	it('starts independent probes together, so the slowest sets the pace, not their sum', async () => {
		const started = performance.now();
		const results = await runProbes(
			[probe('a', async () => (await sleep(300), {status: 'pass', summary: 'a'})), probe('b', async () => (await sleep(300), {status: 'pass', summary: 'b'}))],
			ports,
			options,
			new AbortController().signal,
		);
		// One after the other would take 600 ms; together, 300 and some scheduling.
		expect(performance.now() - started).toBeLessThan(550);
		expect([...results.keys()].sort()).toEqual(['a', 'b']);
	});

	it('starts a probe after the probes it needs and hands it their results', async () => {
		const seen: string[] = [];
		const results = await runProbes(
			[
				probe('reader', async ({results: done}) => ({status: 'pass', summary: `saw ${done.get('source')?.summary}`}), ['source', 'not-registered']),
				probe('source', async () => (await sleep(30), seen.push('source'), {status: 'pass', summary: 'the source'})),
			],
			ports,
			options,
			new AbortController().signal,
		);
		expect(results.get('reader')?.summary).toBe('saw the source');
	});

	it('waits for another probe only up to the bound it gives, then goes on with what has finished', async () => {
		const seen: Record<string, string[]> = {};
		const reader = (id: string, atMostMs: number): ProbeDefinition =>
			probe(id, async ({results: done, finishedOrAfter}) => {
				await finishedOrAfter!('shell', atMostMs);
				seen[id] = [...done.keys()];
				return {status: 'pass', summary: id};
			});
		const started = performance.now();
		const results = await runProbes(
			[probe('shell', async () => (await sleep(150), {status: 'pass', summary: 'shell'})), reader('impatient', 20), reader('patient', 1000)],
			ports,
			{...options, timeoutMs: 2000},
			new AbortController().signal,
		);
		expect(seen.impatient).not.toContain('shell');
		expect(seen.patient).toContain('shell');
		expect(results.get('impatient')!.durationMs).toBeLessThan(100);
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('lets a probe start at once and wait, at its end, for another probe’s result', async () => {
		const startedAt: Record<string, number> = {};
		const origin = performance.now();
		const results = await runProbes(
			[
				probe('files', async () => (await sleep(60), {status: 'pass', summary: 'files'})),
				{
					...probe('shell', async ({finishedOrAfter}) => {
						startedAt.shell = performance.now() - origin;
						const files = await finishedOrAfter!('files', 1000);
						return {status: 'pass', summary: `saw ${files?.summary}`};
					}),
				},
			],
			ports,
			{...options, timeoutMs: 2000},
			new AbortController().signal,
		);
		expect(startedAt.shell).toBeLessThan(50);
		expect(results.get('shell')!.summary).toBe('saw files');
	});

	it('turns a probe past its time limit into a timeout and aborts its signal', async () => {
		let aborted = false;
		const results = await runProbes(
			[
				probe('hangs', async ({signal}) => {
					signal.addEventListener('abort', () => (aborted = true));
					await new Promise(() => {});
					return {status: 'pass', summary: 'never'};
				}),
			],
			ports,
			{...options, timeoutMs: 50},
			new AbortController().signal,
		);
		expect(results.get('hangs')).toMatchObject({status: 'timeout', summary: expect.stringContaining('50 ms')});
		expect(aborted).toBe(true);
	});

	it('turns a throw into an error result with one line and no stack', async () => {
		const results = await runProbes(
			[
				probe('throws', async () => {
					throw new Error('disk on fire\n    at somewhere (file.js:1:1)');
				}),
			],
			ports,
			options,
			new AbortController().signal,
		);
		expect(results.get('throws')).toMatchObject({status: 'error', summary: 'The check failed: disk on fire'});
	});

	it('keeps a key out of the summary of a probe that throws with one in its message', async () => {
		const key = `sk-proj-${'Ab3'.repeat(25)}T3BlbkFJ${'Xy9'.repeat(25)}`;
		const results = await runProbes(
			[
				probe('throws', async () => {
					throw new TypeError(`Bearer ${key} is not a legal HTTP header value`);
				}),
			],
			ports,
			options,
			new AbortController().signal,
		);
		expect(results.get('throws')!.summary).not.toContain(key.slice(8, 40));
		expect(results.get('throws')!.summary).toContain('is not a legal HTTP header value');
	});

	it('stops every running probe when the run is aborted, and reports each once', async () => {
		const controller = new AbortController();
		const reported: ProbeResult[] = [];
		const pending = runProbes(
			[probe('slow', async ({signal}) => (await sleep(10_000, signal), {status: 'pass', summary: 'late'})), probe('fast', async () => ({status: 'pass', summary: 'quick'}))],
			ports,
			{...options, timeoutMs: 20_000},
			controller.signal,
			{onResult: result => reported.push(result)},
		);
		setTimeout(() => controller.abort(), 30);
		const results = await pending;
		expect(results.get('slow')?.status).toBe('skip');
		expect(results.get('fast')?.status).toBe('pass');
		expect(reported.map(result => result.id).sort()).toEqual(['fast', 'slow']);
	});

	it('twenty-five probes at once hang one listener on the run’s signal (Node warns past ten), and an abort still stops each', async () => {
		const controller = new AbortController();
		const listening: number[] = [];
		const waiting = Array.from({length: 25}, (_, index) =>
			probe(`p${index}`, async ({signal}) => {
				listening.push(getEventListeners(controller.signal, 'abort').length);
				await sleep(5000, signal);
				return {status: 'pass', summary: 'never'};
			}),
		);
		const pending = runProbes(waiting, ports, {...options, timeoutMs: 10_000}, controller.signal);
		await expect.poll(() => listening.length).toBe(25);
		expect(Math.max(...listening)).toBe(1);
		controller.abort();
		const results = await pending;
		expect([...results.values()].map(result => result.status)).toEqual(Array.from({length: 25}, () => 'skip'));
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});
});
