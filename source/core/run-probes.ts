import {setMaxListeners} from 'node:events';
import {redact} from './keys/redact.js';
import {terminalSafe} from './report/terminal-safe.js';
import type {Ports} from './ports.js';
import type {ProbeContext, ProbeDefinition, ProbeOutcome, ProbeResult, RunOptions} from './types.js';

/** Callbacks of a probe run. */
export type ProbeRunListener = {
	/** A probe started (its dependencies have finished). */
	onStart?(id: string): void;
	/** A probe finished; called once per probe, in finishing order. */
	onResult?(result: ProbeResult): void;
};

/**
 * Starts every probe at once; a probe with `needs` starts the moment those finish.
 * Each probe runs under `options.timeoutMs` (a probe past it becomes `timeout` and its
 * signal is aborted so it kills its commands); a throw becomes `error`. Never rejects.
 * Aborting `signal` aborts every probe still running.
 */
export async function runProbes(
	probes: readonly ProbeDefinition[],
	ports: Ports,
	options: RunOptions,
	signal: AbortSignal,
	listener: ProbeRunListener = {},
): Promise<Map<string, ProbeResult>> {
	// Each probe listens for the run's abort (its own time limit, the probes it waits for):
	// with twenty-odd probes that is more than EventTarget's default warning threshold of 10.
	setMaxListeners(0, signal);
	const results = new Map<string, ProbeResult>();
	const running = new Map<string, Promise<ProbeResult>>();
	const byId = new Map(probes.map(probe => [probe.id, probe]));
	// One listener on the run's signal however many probes run (Node warns past ten): it aborts each probe's own controller.
	const probeControllers = new Set<AbortController>();
	let abortProbes = () => undefined as void;
	// Settles when the run is aborted, after each running probe's controller: every probe races it.
	const cancelled = new Promise<ProbeOutcome>(resolve => {
		abortProbes = () => {
			for (const controller of probeControllers) controller.abort(signal.reason);
			resolve({status: 'skip', summary: 'Cancelled.'});
		};
	});
	signal.addEventListener('abort', abortProbes, {once: true});

	const start = (probe: ProbeDefinition): Promise<ProbeResult> => {
		const existing = running.get(probe.id);
		if (existing) return existing;
		const promise = (async () => {
			const needs = (probe.needs ?? []).filter(id => byId.has(id));
			await Promise.all(needs.map(id => start(byId.get(id)!)));
			const finishedOrAfter = async (id: string, atMostMs: number) => {
				const other = byId.get(id);
				if (!other || other.id === probe.id) return results.get(id);
				await settledOrAfter(start(other), atMostMs, signal);
				return results.get(id);
			};
			const result = await runOne(probe, ports, options, {parentSignal: signal, probeControllers, cancelled}, results, listener, finishedOrAfter);
			results.set(probe.id, result);
			listener.onResult?.(result);
			return result;
		})();
		running.set(probe.id, promise);
		return promise;
	};

	try {
		await Promise.all(probes.map(probe => start(probe)));
	} finally {
		signal.removeEventListener('abort', abortProbes);
	}

	return results;
}

/** What each probe of a run shares: the run's signal, the set of running probes' controllers, and the promise that settles when the run is aborted. */
type RunControl = {parentSignal: AbortSignal; probeControllers: Set<AbortController>; cancelled: Promise<ProbeOutcome>};

// One reason for every probe that ends on its own: what listens for it (the commands a
// probe left running) needs no stack of its own, and each of a run's probes made one.
const probeFinished = new Error('probe finished');

async function runOne(
	probe: ProbeDefinition,
	ports: Ports,
	options: RunOptions,
	{parentSignal, probeControllers, cancelled}: RunControl,
	results: ReadonlyMap<string, ProbeResult>,
	listener: ProbeRunListener,
	finishedOrAfter?: ProbeContext['finishedOrAfter'],
): Promise<ProbeResult> {
	const started = ports.now();
	const finish = (outcome: ProbeOutcome): ProbeResult => {
		// What a probe says is shown as it is: its own keys, and anything key-shaped, are hidden first.
		const secrets = (outcome.keys ?? []).map(observation => observation.secret);
		return {
			...outcome,
			summary: terminalSafe(redact(outcome.summary, secrets)),
			...(outcome.details ? {details: outcome.details.map(line => terminalSafe(redact(line, secrets)))} : {}),
			// A source names a file or variable: a folder or variable name is outside text too.
			...(outcome.keys ? {keys: outcome.keys.map(observation => ({...observation, source: terminalSafe(observation.source)}))} : {}),
			id: probe.id,
			step: probe.step,
			durationMs: Math.max(0, Math.round(ports.now() - started)),
		};
	};

	if (parentSignal.aborted) {
		return finish({status: 'skip', summary: 'Cancelled before it started.'});
	}

	listener.onStart?.(probe.id);
	const controller = new AbortController();
	// A probe may run many commands or requests at once, each listening for this signal.
	setMaxListeners(0, controller.signal);
	probeControllers.add(controller);
	let timer: NodeJS.Timeout | undefined;
	const limit = new Promise<ProbeOutcome>(resolve => {
		timer = setTimeout(() => {
			controller.abort(new Error('probe time limit'));
			resolve({status: 'timeout', summary: `No answer within ${options.timeoutMs} ms; stopped.`});
		}, options.timeoutMs);
	});
	try {
		const outcome = await Promise.race([
			probe.run({ports, options, signal: controller.signal, results, ...(finishedOrAfter ? {finishedOrAfter} : {})}).catch(
				(error: unknown): ProbeOutcome => ({
					status: 'error',
					summary: `The check failed: ${describeError(error)}`,
				}),
			),
			limit,
			cancelled,
		]);
		return finish(outcome);
	} finally {
		clearTimeout(timer);
		probeControllers.delete(controller);
		if (!controller.signal.aborted) controller.abort(probeFinished);
	}
}

/** Resolves when `promise` settles, after `ms`, or on abort, whichever comes first. */
async function settledOrAfter(promise: Promise<unknown>, ms: number, signal: AbortSignal): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	let onAbort: (() => void) | undefined;
	try {
		await Promise.race([
			promise,
			new Promise<void>(resolve => {
				timer = setTimeout(resolve, ms);
				onAbort = () => resolve();
				signal.addEventListener('abort', onAbort, {once: true});
			}),
		]);
	} finally {
		clearTimeout(timer);
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}

/** One line from an unknown thrown value; never includes a stack. */
export function describeError(error: unknown): string {
	const text = error instanceof Error ? error.message || error.name : String(error);
	// A library's message may quote a header value: never let a key-shaped string through.
	return redact(text.split('\n')[0]!).slice(0, 200);
}
