import type {JsonReport} from '../report/json-report.js';
import type {RecheckResult} from './compare-runs.js';
import type {GivenAnswer} from './questions.js';

/** Why a run of the probes started. */
export type RunReason = 'launch' | 'error-text' | 'check-again' | 'answer';

/** One finished run, as the transcript keeps it. */
export type RunRecord = {
	/** 1-based, in the order the runs finished. */
	number: number;
	reason: RunReason;
	/** The run as `--json` reports it: fingerprints only. */
	report: JsonReport;
	/** "Check again": how it compares with the run before. */
	recheck?: Pick<RecheckResult, 'outcome' | 'message'> & {fixed: string[]; remaining: string[]; added: string[]};
	/** The pasted error was from before the fix and was set aside in this run. */
	errorSetAside?: boolean;
};

/** One thing that happened in the session, in order. Every text is already redacted. */
export type SessionEvent =
	| {type: 'run'; run: RunRecord}
	| {type: 'answer'; answer: GivenAnswer}
	| {type: 'paste'; shown: string; containedKey: boolean}
	| {type: 'paste-cleared'}
	| {type: 'copy'; text: string; label: string; causeId?: string; result: string};

/** The runs of a session, in order. */
export function sessionRuns(log: readonly SessionEvent[]): RunRecord[] {
	return log.flatMap(event => (event.type === 'run' ? [event.run] : []));
}

/** How a run's reason reads in the transcript. */
export const runReasonWords: Record<RunReason, string> = {
	launch: 'first diagnosis',
	'error-text': 'with the pasted error',
	'check-again': 'check again',
	answer: 'after an answer',
};
