import {collectKeys} from './keys/collect.js';
import {redact} from './keys/redact.js';
import {terminalSafe} from './report/terminal-safe.js';
import {readableSources} from './report/readable-sources.js';
import type {Secret} from './keys/secret.js';
import {diagnose} from './diagnose/diagnose.js';
import {allRules} from './diagnose/rules/index.js';
import type {LiveCheckData} from './probes/live-check.js';
import {appKeyUnproven} from './code/app-key.js';
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
	const facts = {options, env, results, keys};
	const causes = diagnose(facts, rules).map(cause => redactCause(cause, keys.map(key => key.secret)));
	const verdict = verdictOf(causes, keys, keysAwaitConfirmation(results));
	// Code that reads the key is healthy only when the key it gets is the one that passed.
	return {keys, causes, verdict: verdict === 'ok' && appKeyUnproven(facts) ? 'inconclusive' : verdict};
}

/** The live check held keys back from a host only a project file chose: the user has not said whether they may go there. */
export function keysAwaitConfirmation(results: ProbeResults): boolean {
	const data = results.get('live-check')?.data as LiveCheckData | undefined;
	return (data?.awaitingConfirmation ?? []).some(host => host.keys.length > 0);
}

/** Every text of a cause with the known keys (and anything key-shaped) hidden: the wizard shows them as they are. */
function redactCause(cause: Cause, secrets: readonly Secret[]): Cause {
	const hide = (text: string) => terminalSafe(redact(text, secrets));
	return {
		...cause,
		title: hide(cause.title),
		evidence: cause.evidence.map(line => hide(readableSources(line))),
		fix: cause.fix.map(line => hide(readableSources(line))),
		snippets: cause.snippets.map(snippet => ({...snippet, label: hide(snippet.label), text: hide(snippet.text)})),
	};
}

/**
 * `problem` when a real cause was found; `ok` when none was, a key passed the live check
 * and no key waits for the user to confirm where it may go; else `inconclusive`.
 */
export function verdictOf(causes: readonly Cause[], keys: readonly KeyFacts[], awaitingConfirmation = false): Verdict {
	if (causes.some(cause => !inconclusiveCauses.has(cause.id))) return 'problem';
	if (!awaitingConfirmation && keys.some(key => key.live === 'valid')) return 'ok';
	return 'inconclusive';
}

/** Exit codes from DESIGN.md: 0 ok, 1 problem, 3 inconclusive. */
export function exitCodeOf(verdict: Verdict): 0 | 1 | 3 {
	return verdict === 'ok' ? 0 : verdict === 'problem' ? 1 : 3;
}
