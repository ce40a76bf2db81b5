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
 * billed it; a gateway or relay said the key it got is wrong; or the host answered past
 * its credentials check. A missing value written as text (`undefined`) proves the opposite.
 */
export function appSentAKey(error: ErrorTriageData | undefined): boolean {
	if (!error || appHadNoKey(error)) return false;
	if (error.sent && error.sent.kind !== 'malformed') return true;
	if (error.sent && error.sent.malformedCode !== 'empty') return true;
	if (error.keyRefused || pastTheKeyCheck(error)) return true;
	return (error.code !== undefined && keyProvingCodes.has(error.code)) || error.missingScopes !== undefined || error.azureAccessDenied || error.azureTokenRejected;
}

/** Statuses a host gives to a request it refuses for its credentials, or before looking at them (a proxy's). */
const credentialStatuses = new Set([401, 403, 407]);

/**
 * The host answered the request itself, so it had accepted the key: a success, or an
 * API's error about the request (a 400 on a parameter, a 404 model_not_found, a 429 rate
 * limit, a 500 while processing). A bare status line or a page proves nothing (a web
 * server's 404 or 502 comes before any key is looked at).
 */
function pastTheKeyCheck(error: ErrorTriageData): boolean {
	const status = error.status;
	if (status === undefined || error.pageOrNoBody || error.foreignBody) return false;
	if (status >= 200 && status < 300) return true;
	// An API's body, read: its code or type (a 404 only with a code, or the API's model wording as openai-node's one-line message shows it: `Invalid URL` comes before the key check).
	const judged = status === 404 ? error.code !== undefined || /\bThe model `[^`\n]+` does not exist\b/.test(error.message ?? '') : error.code !== undefined || error.type !== undefined;
	return judged && ((status >= 400 && status < 500 && !credentialStatuses.has(status)) || status === 500);
}

/**
 * The app had no key: its client found none (`Missing credentials…`), the host says none
 * came (`You didn't provide an API key`), or the code sent a missing value as text
 * (`Incorrect API key provided: undefined`).
 */
export function appHadNoKey(error: ErrorTriageData): boolean {
	return error.keyMissingInApp || error.noKeySent || error.sent?.malformedCode === 'missing-value';
}
