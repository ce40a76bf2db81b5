import {effectiveKeyObservations} from '../keys/effective.js';
import type {Facts} from '../types.js';
import {appKeyReads} from './facts-view.js';

/**
 * True when the project's code reads the key and none of the keys it would get passed
 * the live check: the names it reads (OPENAI_API_KEY through the source the app's
 * runtime gets, other names through the keys seen under them). A run may then never
 * be "ok", whatever other key works.
 */
export function appKeyUnproven(facts: Facts): boolean {
	const names = new Set(appKeyReads(facts).map(read => read.name));
	if (names.size === 0) return false;
	const valid = new Set(facts.keys.filter(key => key.live === 'valid').map(key => key.secret.sha256));
	for (const name of names) {
		if (name === 'OPENAI_API_KEY') {
			if (effectiveKeyObservations(facts).some(observation => valid.has(observation.secret.sha256))) return false;
			continue;
		}

		if (facts.keys.some(key => valid.has(key.secret.sha256) && key.observations.some(observation => observation.variable === name && observation.origin !== 'code' && observation.origin !== 'history'))) return false;
	}

	return true;
}
