import type {Facts, KeyObservation} from '../types.js';

/**
 * The key observations the app's runtime actually uses, most likely first.
 * A variable already in the process environment wins over `.env` (dotenv loaders keep
 * existing variables); without one, the `.env` key is used.
 */
export function effectiveKeyObservations(facts: Facts): KeyObservation[] {
	const all = facts.keys.flatMap(key => key.observations).filter(observation => observation.variable === 'OPENAI_API_KEY');
	for (const origin of ['demo', 'env', 'dotenv'] as const) {
		const found = all.filter(observation => observation.origin === origin);
		if (found.length > 0) return found;
	}

	return [];
}
