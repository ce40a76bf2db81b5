import {dotenvCandidate} from '../keys/effective.js';
import {maskFitsKey, parseMaskFromText} from '../keys/mask.js';
import type {DotenvProbeData} from '../probes/dotenv.js';
import type {ProbeResults} from '../types.js';
import type {CandidateKey} from './candidate-keys.js';

/** Distinct keys the live check sends per run, at most: a `.env` of 300 key lines is not 300 requests. */
export const maxLiveKeys = 10;

/**
 * The keys in the order they deserve a live check: the one the app's error names by its
 * mask; then the app's own (the process environment's OPENAI_API_KEY, the `.env` line its
 * loader reads); then their rivals (every other OPENAI_API_KEY: profiles, the login shell,
 * other `.env` lines); then the rest (Azure's variable, test fixtures). Stable within a rank.
 */
export function byLivePriority(keys: readonly CandidateKey[], results: ProbeResults, errorText?: string): CandidateKey[] {
	const mask = errorText ? parseMaskFromText(errorText) : undefined;
	const dotenv = results.get('dotenv')?.data as DotenvProbeData | undefined;
	const appDotenvSource = dotenv?.loader ? dotenvCandidate(dotenv)?.definition.source : undefined;
	const rank = (key: CandidateKey): number => {
		if (mask !== undefined && maskFitsKey(mask, key.secret.reveal())) return 0;
		if (key.sources.some(source => source === 'env:OPENAI_API_KEY' || source === appDotenvSource)) return 1;
		if (key.variables.includes('OPENAI_API_KEY')) return 2;
		return 3;
	};

	return keys
		.map((key, index) => ({key, index, rank: rank(key)}))
		.sort((a, b) => a.rank - b.rank || a.index - b.index)
		.map(({key}) => key);
}

/** The first `limit` keys by live priority, and the rest (in the order found), for a check that takes only so many. */
export function splitByLivePriority(
	keys: readonly CandidateKey[],
	results: ProbeResults,
	limit: number,
	errorText?: string,
): {chosen: Set<CandidateKey>; rest: CandidateKey[]} {
	const chosen = new Set(byLivePriority(keys, results, errorText).slice(0, limit));
	return {chosen, rest: keys.filter(key => !chosen.has(key))};
}
