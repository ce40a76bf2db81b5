import {fingerprint} from '../keys/fingerprint.js';

/**
 * What the OpenAI API says when it refuses a key: the exact texts from
 * reference/openai-api-auth.md §1–2, and how to tell each case from its message when
 * a client dropped the `code` (openai-node prints only `${status} ${message}`).
 */

/** Where the API tells you to find your key, as in every captured message. */
export const apiKeysPageUrl = 'https://platform.openai.com/account/api-keys';

/** The API's own texts, exactly as captured (ip_not_authorized: code only, see below). */
export const openAIMessages = {
	missingKey: `You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from ${apiKeysPageUrl}.`,
	missingBearerOrBasic: 'Missing bearer or basic authentication in header',
	missingBearer: 'Missing bearer authentication in header',
	incorrectKey: (mask: string) => `Incorrect API key provided: ${mask}. You can find your API key at ${apiKeysPageUrl}.`,
	mismatchedOrganization: 'OpenAI-Organization header should match organization for API key',
	mismatchedProject: 'OpenAI-Project header should match project for API key',
	noSuchOrganization: (organization: string) => `No such organization: ${organization}.`,
	noOrganization: 'You must be a member of an organization to use the API. Please contact us through our help center at help.openai.com.',
	accountDeactivated: 'This key is associated with a deactivated account. If you feel this is an error, contact us through our help center at help.openai.com.',
	invalidIssuer: 'Your authentication token is not from a valid issuer.',
	// The reference found the code (docs) but no captured message text; this wording is ours.
	ipNotAuthorized: 'Your IP address is not authorized to make requests to this organization or project. Ask an owner to add it to the IP allowlist.',
	missingScopesOnModels: (scope: string) =>
		`You have insufficient permissions for this operation. Missing scopes: ${scope}. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Viewer, Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.`,
	missingScopesOnInference: (scope: string) =>
		`You have insufficient permissions for this operation. Missing scopes: ${scope}. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.`,
	insufficientQuota:
		'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
	rateLimited: 'Rate limit reached for requests. Please try again later.',
	missingModel: 'you must provide a model parameter',
	azureAccessDenied:
		'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
} as const;

/** OpenAI error codes that concern authentication, as the API spells them. */
export type AuthErrorCode =
	| 'invalid_api_key'
	| 'mismatched_organization'
	| 'invalid_organization'
	| 'mismatched_project'
	| 'no_organization'
	| 'account_deactivated'
	| 'invalid_issuer'
	| 'ip_not_authorized'
	| 'insufficient_quota';

/** Message patterns that identify a case when the code is missing, first match wins (`by-name`: the code the text names). */
const messagePatterns: ReadonlyArray<readonly [RegExp, AuthErrorCode | 'by-name']> = [
	[/Incorrect API key provided/i, 'invalid_api_key'],
	[/OpenAI-Organization header should match/i, 'mismatched_organization'],
	[/No such organization/i, 'invalid_organization'],
	[/OpenAI-Project header should match/i, 'mismatched_project'],
	[/must be a member of an organization/i, 'no_organization'],
	[/deactivated|has been deleted or deactivated/i, 'account_deactivated'],
	[/not from a valid issuer/i, 'invalid_issuer'],
	[/\bIP(?: address)?\b.{0,40}\bnot (?:authori[sz]ed|allowed)|ip_not_authorized/i, 'ip_not_authorized'],
	[/exceeded your current quota/i, 'insufficient_quota'],
	// The code itself, printed beside another wording (node's `code: 'invalid_api_key'`, a log's `"code":"…"`).
	[/\b(invalid_api_key|mismatched_organization|invalid_organization|mismatched_project|no_organization|account_deactivated|invalid_issuer|insufficient_quota)\b/, 'by-name'],
	// Other wordings of a refused key, which relays and newer endpoints use.
	[/\b(?:invalid|incorrect|wrong)\b[^.\n]{0,20}\bapi[ _-]?key\b|\bapi[ _-]?key\b[^.\n]{0,30}\b(?:is not valid|not valid|is invalid|invalid|incorrect|has been revoked)\b/i, 'invalid_api_key'],
];

/** The error code a message implies, for clients that print only the message. */
export function codeFromMessage(message: string): AuthErrorCode | undefined {
	for (const [pattern, code] of messagePatterns) {
		const found = pattern.exec(message);
		if (found) return code === 'by-name' ? (found[1] as AuthErrorCode) : code;
	}

	return undefined;
}

/** True for any of the API's "no key was sent" wordings (reference §2.1). */
export function saysNoKeySent(message: string): boolean {
	return /You didn't provide an API key|Missing bearer (?:or basic )?authentication in header/i.test(message);
}

/** The scopes a "Missing scopes: a, b." message names. */
export function missingScopes(message: string): string[] | undefined {
	const found = /Missing scopes?:\s*([\w.,\s-]+?)\.(?:\s|$)/i.exec(message);
	if (!found) return undefined;
	return found[1]!.split(/[,\s]+/).filter(Boolean);
}

/**
 * True for Azure OpenAI's 401 text and Azure API Management's shorter one in front of it
 * (`Access denied due to invalid subscription key. Make sure to provide a valid key…`).
 */
export function saysAzureAccessDenied(message: string): boolean {
	return /Access denied due to invalid subscription key/i.test(message);
}

/**
 * Replaces every key mask (`sk-proj-****…21sA`) in a message with its fingerprint form
 * (`sk-proj-…21sA`): a mask shows more of a key than a fingerprint, so it is never shown.
 */
export function hideKeyMasks(text: string): string {
	return text.replace(/[^\s'"]*\*{3,}[^\s'",]*?(?=[.,]?(?:\s|$|['"]))/g, mask => fingerprint(mask));
}
