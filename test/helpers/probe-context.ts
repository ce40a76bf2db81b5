import {Secret} from '../../source/core/keys/secret.js';
import type {Ports} from '../../source/core/ports.js';
import type {KeyObservation, ProbeContext, ProbeResult, RunOptions} from '../../source/core/types.js';
import {makeOptions} from './facts.js';

/** A finished local probe that saw these keys: `[probeId, [value, source, variable?]...]`. */
export function sighting(id: string, keys: Array<[value: string, source: string, variable?: string]>): ProbeResult {
	const origin = id === 'dotenv' ? 'dotenv' : id === 'profiles' ? 'profile' : id === 'login-shell' ? 'login-shell' : 'env';
	const observations: KeyObservation[] = keys.map(([value, source, variable]) => ({secret: new Secret(value), source, origin, variable: variable ?? 'OPENAI_API_KEY'}));
	return {id, step: 2, status: 'pass', summary: id, durationMs: 1, keys: observations};
}

/** A probe context over these ports, options and earlier results. */
export function context(ports: Ports, results: ProbeResult[], options: Partial<RunOptions> = {}, signal = new AbortController().signal): ProbeContext {
	return {ports, options: makeOptions(options), signal, results: new Map(results.map(result => [result.id, result]))};
}
