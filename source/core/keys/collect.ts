import type {KeyFacts, LiveStatus, ProbeResults} from '../types.js';

/** Per-key verdicts a live-check probe reports in its `data.keys`. */
export type LiveVerdicts = {keys: Array<{sha256: string; live: LiveStatus}>};

/** Per-key mask matches an error-triage probe reports in its `data.matches`. */
export type ErrorMatches = {maskFound: boolean; matches: Array<{sha256: string; matches: boolean}>};

/**
 * Groups every key observation of every probe by value (sha256), keeping the order in
 * which sources were found, and attaches the live-check and error-match verdicts.
 */
export function collectKeys(results: ProbeResults, probeOrder: readonly string[]): KeyFacts[] {
	const byHash = new Map<string, KeyFacts>();
	const ordered = [...results.values()].sort((a, b) => rank(probeOrder, a.id) - rank(probeOrder, b.id));
	for (const result of ordered) {
		for (const observation of result.keys ?? []) {
			const existing = byHash.get(observation.secret.sha256);
			if (existing) {
				if (!existing.observations.some(seen => seen.source === observation.source)) existing.observations.push(observation);
			} else {
				byHash.set(observation.secret.sha256, {secret: observation.secret, observations: [observation], live: 'untested'});
			}
		}
	}

	const live = results.get('live-check')?.data as LiveVerdicts | undefined;
	for (const verdict of live?.keys ?? []) {
		const key = byHash.get(verdict.sha256);
		if (key) key.live = verdict.live;
	}

	const triage = results.get('error-triage')?.data as ErrorMatches | undefined;
	if (triage?.maskFound) {
		for (const key of byHash.values()) {
			key.matchesError = triage.matches.some(match => match.sha256 === key.secret.sha256 && match.matches);
		}
	}

	return [...byHash.values()];
}

function rank(order: readonly string[], id: string): number {
	const index = order.indexOf(id);
	return index === -1 ? order.length : index;
}
