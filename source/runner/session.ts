import {conclude, type Conclusion} from '../core/conclude.js';
import {allProbes} from '../core/probes/index.js';
import {runProbes, type ProbeRunListener} from '../core/run-probes.js';
import type {Ports} from '../core/ports.js';
import {allRules} from '../core/diagnose/rules/index.js';
import type {ProbeDefinition, ProbeResult, Rule, RunOptions} from '../core/types.js';

/** What one full run of the probes ends with. */
export type SessionOutcome = Conclusion & {
	/** Finished probes in display order (by step, then table order). */
	probes: ProbeResult[];
	results: Map<string, ProbeResult>;
};

/** The conclusion from the probes finished so far, and the ones it does not have yet. */
export type PartialOutcome = SessionOutcome & {
	/** Probes still running or waiting for others, in table order: their rows say "still checking…". */
	pending: string[];
	/** Every probe has finished: the same conclusion `done` gives. */
	complete: boolean;
};

/** A running session: its outcome, a look at it before the end, and a way to stop it. */
export type RunningSession = {
	done: Promise<SessionOutcome>;
	/**
	 * Concludes from the probes finished so far (a slow login shell need not hold up the
	 * diagnosis): call it from the listener's `onResult` to update the verdict and causes in place.
	 */
	snapshot(): PartialOutcome;
	abort(reason?: string): void;
};

/** How the most likely cause moved between two conclusions, when it did (for a short note on screen). */
export type TopCauseChange = {from?: string; to?: string};

/**
 * Starts every probe now, concurrently, and concludes when all have finished.
 * The same engine feeds the wizard (through the listener) and the headless modes.
 */
export function startSession(
	ports: Ports,
	options: RunOptions,
	listener: ProbeRunListener = {},
	probes: readonly ProbeDefinition[] = allProbes,
	rules: readonly Rule[] = allRules,
): RunningSession {
	const controller = new AbortController();
	const order = probes.map(probe => probe.id);
	const finished = new Map<string, ProbeResult>();
	const outcomeOf = (results: Map<string, ProbeResult>): SessionOutcome => {
		const ordered = [...results.values()].sort((a, b) => a.step - b.step || order.indexOf(a.id) - order.indexOf(b.id));
		return {...conclude(results, ports.env, options, order, rules), probes: ordered, results};
	};

	const recording: ProbeRunListener = {
		...listener,
		onResult(result) {
			finished.set(result.id, result);
			listener.onResult?.(result);
		},
	};
	const done = runProbes(probes, ports, options, controller.signal, recording).then(outcomeOf);
	return {
		done,
		snapshot() {
			const results = new Map(finished);
			const pending = order.filter(id => !results.has(id));
			return {...outcomeOf(results), pending, complete: pending.length === 0};
		},
		abort: reason => controller.abort(new Error(reason ?? 'aborted')),
	};
}

/** The change of the most likely cause from `before` to `after`; undefined when it stayed. */
export function topCauseChange(before: Pick<Conclusion, 'causes'>, after: Pick<Conclusion, 'causes'>): TopCauseChange | undefined {
	const from = before.causes[0]?.id;
	const to = after.causes[0]?.id;
	if (from === to) return undefined;
	return {...(from ? {from} : {}), ...(to ? {to} : {})};
}
