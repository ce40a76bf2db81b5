import type {KeyFacts, ProbeResults, RunOptions} from '../types.js';

/** The probe that reads the app's pasted error. */
const errorProbe = 'error-triage';

/** The keys (sha256) whose value fits the mask in the app's error, in one run. */
export function keysNamedByError(keys: readonly KeyFacts[]): string[] {
	return keys.filter(key => key.matchesError === true).map(key => key.secret.sha256);
}

/**
 * After "Check again": the pasted error is from before the fix when every key it named
 * is gone from every source and a key works now. It then says nothing about the setup
 * as it is, and must not turn a fixed setup into a "new problem".
 */
export function pastedErrorIsStale(named: readonly string[] | undefined, after: readonly KeyFacts[]): boolean {
	if (!named || named.length === 0) return false;
	const now = new Set(after.map(key => key.secret.sha256));
	return named.every(sha256 => !now.has(sha256)) && after.some(key => key.live === 'valid');
}

/** Results and options as if no error had been pasted: the error-reading probe says it was set aside. */
export function withoutPastedError(results: ProbeResults, options: RunOptions, why: string): {results: ProbeResults; options: RunOptions} {
	const read = results.get(errorProbe);
	const kept = new Map(results);
	if (read) kept.set(errorProbe, {id: read.id, step: read.step, status: 'skip', summary: why, durationMs: read.durationMs});
	return {results: kept, options: {...options, errorText: undefined}};
}

/** What the error-reading probe says about an error from before the fix. */
export const staleErrorSummary = 'The error you pasted was from before the fix: its key is gone from every source and a key works now. Set aside.';

/** What the error-reading probe says once the pasted error was cleared. */
export const clearedErrorSummary = 'No error message given (the pasted one was cleared).';
