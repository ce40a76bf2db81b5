import {conclude, type Conclusion} from '../core/conclude.js';
import {allProbes} from '../core/probes/index.js';
import {runProbes, type ProbeRunListener} from '../core/run-probes.js';
import type {Ports} from '../core/ports.js';
import {allRules} from '../core/diagnose/rules/index.js';
import {kindsOfSession, noteKindsOfRun} from './code-cache.js';
import {withListingsOnce} from './session-listings.js';
import type {ProbeDefinition, ProbeResult, Rule, RunOptions} from '../core/types.js';

/** What one full run of the probes ends with. */
export type SessionOutcome = Conclusion & {
	/** Finished probes in display order (by step, then table order). */
	probes: ProbeResult[];
	results: Map<string, ProbeResult>;
};

/** A running session: its outcome, and a way to stop it. The wizard concludes from each result as it comes (see ui/hooks/use-wizard.ts). */
export type RunningSession = {
	done: Promise<SessionOutcome>;
	abort(reason?: string): void;
};

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
	const done = runProbes(probes, withListingsOnce(ports), options, controller.signal, listener).then(results => {
		const ordered = [...results.values()].sort((a, b) => a.step - b.step || order.indexOf(a.id) - order.indexOf(b.id));
		const outcome = {...conclude(results, ports.env, options, order, rules), probes: ordered, results};
		// What the core's code cache should hold after this run (runner/code-cache.ts); a stopped session's partial outcome says nothing.
		if (!controller.signal.aborted) noteKindsOfRun(kindsOfSession(outcome));
		return outcome;
	});
	return {done, abort: reason => controller.abort(new Error(reason ?? 'aborted'))};
}
