import type {ProbeDefinition, ProbeResult, ProbeResults, StepNumber} from '../types.js';
import type {RunState} from './reducer.js';
import {probesOfStep} from './steps.js';

/** A probe as a step lists it: waiting for another probe, running, or finished. */
export type ProbeRow =
	| {id: string; title: string; checks: string; state: 'waiting' | 'running'}
	| {id: string; title: string; checks: string; state: 'finished'; result: ProbeResult};

/** The rows of a step's probe list, in registry order. */
export function probeRows(step: StepNumber, probes: readonly ProbeDefinition[], run: RunState): ProbeRow[] {
	return probesOfStep(step, probes).map(probe => {
		const base = {id: probe.id, title: probe.title, checks: probe.checks};
		const result = run.results.get(probe.id);
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
