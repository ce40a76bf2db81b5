import {analyzeKey} from '../keys/anatomy.js';
import {redact} from '../keys/redact.js';
import type {Conclusion, Verdict} from '../conclude.js';
import type {Cause, KeyKind, LiveStatus, ProbeResult, ProbeStatus, StepNumber} from '../types.js';
import type {RunReason, SessionEvent} from '../wizard/session-log.js';
import {transcriptAnswer} from '../wizard/transcript-answers.js';

/** The `--json` report, schema version 1 (DESIGN.md). */
export type JsonReport = {
	schemaVersion: 1;
	tool: {name: 'key-wizard'; version: string};
	verdict: Verdict;
	keys: Array<{
		fingerprint: string;
		/** Absent for a value of 12 characters or fewer: the hash of a short word is no secret. */
		sha256?: string;
		kind: KeyKind;
		provider?: string;
		sources: string[];
		live: LiveStatus;
		matchesError?: boolean;
	}>;
	probes: Array<{id: string; step: StepNumber; status: ProbeStatus; summary: string; durationMs: number}>;
	causes: Cause[];
};

/** Builds the JSON report from a conclusion and the probe results in display order. */
export function buildJsonReport(conclusion: Conclusion, probes: readonly ProbeResult[], version: string): JsonReport {
	return {
		schemaVersion: 1,
		tool: {name: 'key-wizard', version},
		verdict: conclusion.verdict,
		keys: conclusion.keys.map(key => {
			const anatomy = analyzeKey(key.secret.reveal());
			return {
				fingerprint: key.secret.fingerprint,
				...(key.secret.short ? {} : {sha256: key.secret.sha256}),
				kind: anatomy.kind,
				...(anatomy.kind === 'other-provider' && anatomy.provider ? {provider: anatomy.provider} : {}),
				sources: key.observations.map(observation => observation.source),
				live: key.live,
				...(key.matchesError === undefined ? {} : {matchesError: key.matchesError}),
			};
		}),
		probes: probes.map(probe => ({id: probe.id, step: probe.step, status: probe.status, summary: probe.summary, durationMs: probe.durationMs})),
		causes: conclusion.causes,
	};
}

/** One run of a wizard session in the saved JSON: the run's report and how it came about. */
export type SessionRunJson = Omit<JsonReport, 'schemaVersion' | 'tool'> & {
	number: number;
	reason: RunReason;
	/** "Check again": the cause ids fixed, still there and new, compared with the run before. */
	recheck?: {outcome: string; message: string; fixed: string[]; remaining: string[]; added: string[]};
	/** The pasted error was from before the fix and was left out of this run's conclusion. */
	errorSetAside?: boolean;
};

/**
 * The JSON saved beside a wizard session's transcript: schema version 1's fields for the
 * last run at the top level, then every run in order, the answers given and the commands copied.
 */
export type SessionJsonReport = JsonReport & {
	runs: SessionRunJson[];
	answers: Array<{step: number; question: string; answer: string}>;
	copied: Array<{text: string; label: string; cause?: string}>;
};

/** Builds the session JSON from the last run's report and the session's log. */
export function buildSessionJsonReport(last: JsonReport, log: readonly SessionEvent[]): SessionJsonReport {
	const runs: SessionRunJson[] = [];
	const answers: SessionJsonReport['answers'] = [];
	const copied: SessionJsonReport['copied'] = [];
	for (const event of log) {
		if (event.type === 'run') {
			const {schemaVersion: _version, tool: _tool, ...report} = event.run.report;
			runs.push({number: event.run.number, reason: event.run.reason, ...report, ...(event.run.recheck ? {recheck: event.run.recheck} : {}), ...(event.run.errorSetAside ? {errorSetAside: true} : {})});
		} else if (event.type === 'answer') {
			answers.push(transcriptAnswer(event.answer));
		} else if (event.type === 'copy') {
			copied.push({text: event.text, label: event.label, ...(event.causeId ? {cause: event.causeId} : {})});
		}
	}

	return {...last, runs, answers, copied};
}

/**
 * The report as text, with every known key (and anything key-shaped) redacted once more.
 * Each string is redacted before it is written as JSON: redacting the written text could
 * cut a JSON escape in half (a file name with a control character before a key-shaped
 * word) and leave output that does not parse. JSON.stringify escapes C0 controls but
 * leaves DEL and the C1 controls (U+0080–U+009F, which some terminals obey) raw: those
 * are escaped too, so the JSON is safe to print.
 */
export function renderJsonReport(report: JsonReport | SessionJsonReport, conclusion: Conclusion): string {
	const secrets = conclusion.keys.map(key => key.secret);
	const json = JSON.stringify(report, (_name, value: unknown) => (typeof value === 'string' ? redact(value, secrets) : value), 2);
	return json.replace(/[\u007f-\u009f]/g, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
