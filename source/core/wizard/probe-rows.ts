import {terminalSafe} from '../report/terminal-safe.js';
import type {ProbeDefinition, ProbeResult, ProbeResults, StepNumber} from '../types.js';
import type {RunState} from './reducer.js';
import {probesOfStep} from './steps.js';

/** A probe as a step lists it: waiting for another probe, running, or finished. */
export type ProbeRow =
	| {id: string; title: string; checks: string; state: 'waiting' | 'running'}
	| {id: string; title: string; checks: string; state: 'finished'; result: ProbeResult};

/**
 * The rows of a step's probe list, in registry order. A summary or detail may quote
 * outside text (a file's value, a server's answer): it is made terminal-safe here, since
 * the screen keeps OSC sequences, which could write the clipboard or retitle the window.
 */
export function probeRows(step: StepNumber, probes: readonly ProbeDefinition[], run: RunState): ProbeRow[] {
	return probesOfStep(step, probes).map(probe => {
		const base = {id: probe.id, title: probe.title, checks: probe.checks};
		const found = run.results.get(probe.id);
		const result = found && {...found, summary: terminalSafe(found.summary), ...(found.details ? {details: found.details.map(terminalSafe)} : {})};
		if (result) return {...base, state: 'finished', result};
		return {...base, state: run.running.includes(probe.id) ? 'running' : 'waiting'};
	});
}

/** Finished results in display order: by step, then registry order (as the session orders them). */
export function orderedResults(results: ProbeResults, probes: readonly ProbeDefinition[]): ProbeResult[] {
	const order = probes.map(probe => probe.id);
	const rank = (id: string) => {
		const index = order.indexOf(id);
		return index === -1 ? order.length : index;
	};

	return [...results.values()].sort((a, b) => a.step - b.step || rank(a.id) - rank(b.id));
}
