import type {Verdict} from '../conclude.js';
import type {Cause} from '../types.js';

/** What a finished run concluded, kept to compare with the next one. */
export type FinishedRun = {
	causes: readonly Cause[];
	verdict: Verdict;
	/** The keys (sha256) that fit the mask in the pasted error, in this run. */
	errorKeys?: readonly string[];
};

/** How a "check again" run compares with the run before it. */
export type RecheckResult = {
	/** `gone`: no cause left and a key works; `unconfirmed`: no cause left but nothing confirmed a key; `better`: some causes fixed; `same`; `worse`: new causes. */
	outcome: 'gone' | 'unconfirmed' | 'better' | 'same' | 'worse';
	fixed: Cause[];
	remaining: Cause[];
	added: Cause[];
	/** One line for the screen. */
	message: string;
};

/** Compares the causes before and after "check again" (by cause id). */
export function compareRuns(before: FinishedRun, after: FinishedRun): RecheckResult {
	const beforeIds = new Set(before.causes.map(cause => cause.id));
	const afterIds = new Set(after.causes.map(cause => cause.id));
	const fixed = before.causes.filter(cause => !afterIds.has(cause.id));
	const remaining = after.causes.filter(cause => beforeIds.has(cause.id));
	const added = after.causes.filter(cause => !beforeIds.has(cause.id));
	const titles = (causes: readonly Cause[]) => causes.map(cause => cause.title).join('; ');

	if (after.verdict !== 'problem') {
		if (after.verdict === 'ok') {
			const message = before.verdict === 'problem' ? 'The problem is gone: no cause found now, and a key passed the live check.' : 'Still no problem found, and a key passed the live check.';
			return {outcome: 'gone', fixed, remaining, added, message};
		}

		return {
			outcome: 'unconfirmed',
			fixed,
			remaining,
			added,
			message: 'No cause found now, but the live check could not confirm a working key.',
		};
	}

	if (added.length > 0) {
		const fixedPart = fixed.length > 0 ? ` Fixed: ${titles(fixed)}.` : '';
		return {outcome: 'worse', fixed, remaining, added, message: `New problem: ${titles(added)}.${fixedPart}`};
	}

	if (fixed.length > 0) {
		return {outcome: 'better', fixed, remaining, added, message: `Fixed: ${titles(fixed)}. Still there: ${titles(remaining)}.`};
	}

	const count = remaining.length === 1 ? 'the same cause' : `the same ${remaining.length} causes`;
	return {outcome: 'same', fixed, remaining, added, message: `The problem is still there: ${count}.`};
}
