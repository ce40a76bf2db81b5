import {collectKeys} from './keys/collect.js';
import {diagnose} from './diagnose/diagnose.js';
import {allRules} from './diagnose/rules/index.js';
import type {Cause, KeyFacts, ProbeResults, Rule, RunOptions} from './types.js';

/** The overall answer of a run, as in the JSON report. */
export type Verdict = 'ok' | 'problem' | 'inconclusive';

/** Keys, causes and verdict drawn from a set of probe results. */
export type Conclusion = {keys: KeyFacts[]; causes: Cause[]; verdict: Verdict};

/** Causes that say "could not check", not "something is wrong". */
const inconclusiveCauses = new Set(['network-unreachable']);

/**
 * Draws the conclusion from finished probe results: keys grouped by value, the causes
 * that apply (most likely first) and the verdict. Pure; the wizard calls it as results
 * arrive, the headless modes once at the end.
 */
export function conclude(
	results: ProbeResults,
	env: Readonly<Record<string, string | undefined>>,
	options: RunOptions,
	probeOrder: readonly string[],
	rules: readonly Rule[] = allRules,
): Conclusion {
	const keys = collectKeys(results, probeOrder);
	const causes = diagnose({options, env, results, keys}, rules);
	return {keys, causes, verdict: verdictOf(causes, keys)};
}

/** `problem` when a real cause was found, `ok` when none was and a key passed the live check, else `inconclusive`. */
export function verdictOf(causes: readonly Cause[], keys: readonly KeyFacts[]): Verdict {
	if (causes.some(cause => !inconclusiveCauses.has(cause.id))) return 'problem';
	if (keys.some(key => key.live === 'valid')) return 'ok';
	return 'inconclusive';
}

/** Exit codes from DESIGN.md: 0 ok, 1 problem, 3 inconclusive. */
export function exitCodeOf(verdict: Verdict): 0 | 1 | 3 {
	return verdict === 'ok' ? 0 : verdict === 'problem' ? 1 : 3;
}
