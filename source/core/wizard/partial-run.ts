import {fileKeySourceProbes} from '../api/candidate-keys.js';
import type {Cause} from '../types.js';

/**
 * Causes that claim something is absent (no key anywhere, nothing loads `.env`) and the
 * checks that must have finished before a run may claim it. The slow login shell is not
 * among them: the wizard shows its diagnosis without waiting for it, and updates in place.
 */
const claimsAfter: Readonly<Record<string, readonly string[]>> = {
	'key-missing': [...fileKeySourceProbes, 'misnamed-vars', 'compose', 'docker', 'kubernetes', 'dockerfile', 'serverless', 'code'],
	'dotenv-not-loaded': [...fileKeySourceProbes, 'code', 'dotenv-loading'],
};

/** The causes a run still in progress may show: none that claims an absence some running check could still disprove. */
export function causesWhileRunning(causes: readonly Cause[], running: readonly string[]): Cause[] {
	if (running.length === 0) return [...causes];
	const pending = new Set(running);
	return causes.filter(cause => !(claimsAfter[cause.id] ?? []).some(id => pending.has(id)));
}
