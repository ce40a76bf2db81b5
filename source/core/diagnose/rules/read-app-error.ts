import {describeSent} from '../../keys/mask-anatomy.js';
import type {ErrorTriageData} from '../../probes/error-triage.js';
import type {Facts} from '../../types.js';

/** The app's error, when one was given (`--error`, or pasted in the wizard). */
export function appError(facts: Facts): ErrorTriageData | undefined {
	const data = facts.results.get('error-triage')?.data as ErrorTriageData | undefined;
	return data?.given ? data : undefined;
}

/** What the app's own error said, as one evidence line. */
export function appSaid(error: ErrorTriageData): string {
	const what = [error.status, error.code ?? error.type].filter(Boolean).join(' ');
	return `The app's error: ${what || 'an error'}${error.message ? ` — "${clip(error.message)}"` : ''}.`;
}

function clip(text: string): string {
	return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** The error shows the key the app sent, and it is none of the keys found here. */
export function sentKeyNotHere(error: ErrorTriageData): boolean {
	return error.sent !== undefined && !error.matches.some(match => match.matches);
}

/** `sk-proj-…21sA: a cut-short key (…)`: the key the app sent, in one line. */
export function sentKeyLine(error: ErrorTriageData): string {
	return `The app's error shows the key it sent: ${error.maskShown ?? 'a value'}, ${error.sent ? describeSent(error.sent) : 'which it does not describe'}.`;
}

/** Codes the API gives only to a request that carried a key it could read. */
const keyProvingCodes = new Set(['invalid_api_key', 'mismatched_organization', 'invalid_organization', 'mismatched_project', 'no_organization', 'account_deactivated', 'ip_not_authorized', 'insufficient_quota', 'invalid_issuer']);

/**
 * The app's error proves the app had a key (any value): the API masked it, judged it, or
 * billed it. A missing value written as text (`undefined`) proves the opposite.
 */
export function appSentAKey(error: ErrorTriageData | undefined): boolean {
	if (!error || appHadNoKey(error)) return false;
	if (error.sent && error.sent.kind !== 'malformed') return true;
	if (error.sent && error.sent.malformedCode !== 'empty') return true;
	return (error.code !== undefined && keyProvingCodes.has(error.code)) || error.missingScopes !== undefined || error.azureAccessDenied || error.azureTokenRejected;
}

/**
 * The app had no key: its client found none (`Missing credentials…`), the host says none
 * came (`You didn't provide an API key`), or the code sent a missing value as text
 * (`Incorrect API key provided: undefined`).
 */
export function appHadNoKey(error: ErrorTriageData): boolean {
	return error.keyMissingInApp || error.noKeySent || error.sent?.malformedCode === 'missing-value';
}
