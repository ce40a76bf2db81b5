import {analyzeKey} from '../keys/anatomy.js';
import {redact} from '../keys/redact.js';
import type {Conclusion, Verdict} from '../conclude.js';
import type {Cause, KeyKind, LiveStatus, ProbeResult, ProbeStatus, StepNumber} from '../types.js';

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

/**
 * The report as text, with every known key (and anything key-shaped) redacted once more.
 * Each string is redacted before it is written as JSON: redacting the written text could
 * cut a JSON escape in half (a file name with a control character before a key-shaped
 * word) and leave output that does not parse. JSON.stringify escapes C0 controls but
 * leaves DEL and the C1 controls (U+0080–U+009F, which some terminals obey) raw: those
 * are escaped too, so the JSON is safe to print.
 */
export function renderJsonReport(report: JsonReport, conclusion: Conclusion): string {
	const secrets = conclusion.keys.map(key => key.secret);
	const json = JSON.stringify(report, (_name, value: unknown) => (typeof value === 'string' ? redact(value, secrets) : value), 2);
	return json.replace(/[\u007f-\u009f]/g, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
