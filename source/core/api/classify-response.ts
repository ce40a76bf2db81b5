import {redact} from '../keys/redact.js';
import type {LiveStatus} from '../types.js';
import {parseMaskFromText} from '../keys/mask.js';
import {codeFromMessage, hideKeyMasks, missingScopes, saysAzureAccessDenied, saysNoKeySent} from './openai-errors.js';
import {isRecord} from './parse-literal.js';

/** Who answered, judged by headers and body shape (reference §4). */
export type ResponseOrigin = 'openai' | 'azure' | 'proxy' | 'gateway';

/** What the answer means for the key. */
export type ResponseOutcome =
	| 'valid'
	| 'restricted'
	| 'invalid-key'
	| 'org-mismatch'
	| 'invalid-organization'
	| 'project-mismatch'
	| 'no-organization'
	| 'account-deactivated'
	| 'invalid-issuer'
	| 'ip-not-authorized'
	| 'missing-scopes'
	| 'no-key-sent'
	| 'quota-exceeded'
	| 'rate-limited'
	| 'server-error'
	| 'proxy-auth'
	| 'rejected-elsewhere'
	| 'unauthorized'
	| 'azure-denied'
	| 'not-found'
	| 'redirect'
	| 'unexpected';

/** The shape of the body. */
export type BodyShape = 'openai-error' | 'string-error' | 'azure-error' | 'foreign-json' | 'success-json' | 'html' | 'empty' | 'text' | 'invalid-json';

/** One HTTP answer, read like an expert would. */
export type Classification = {
	outcome: ResponseOutcome;
	origin: ResponseOrigin;
	live: LiveStatus;
	status: number;
	/** `error.code` (or, when the client dropped it, the code the message implies). */
	code?: string;
	type?: string;
	/** The API's message, one line, key-free. */
	message?: string;
	bodyShape: BodyShape;
	/** OpenAI's request id (`x-request-id`), or Azure's `apim-request-id`. */
	requestId?: string;
	/** The organization and project the key resolved to (200 responses from OpenAI). */
	organization?: string;
	project?: string;
	/** The key mask in an `invalid_api_key` message: compared with keys, never shown. */
	mask?: string;
	missingScopes?: string[];
	/** The response lacked OpenAI's headers though the body claims to be OpenAI's. */
	headersMissing: boolean;
	/** The body was cut at the size limit. */
	truncated: boolean;
	/** Where a redirect pointed (host only); it was not followed. */
	redirectHost?: string;
};

/** The parts of an HTTP response the classifier reads. */
export type ResponseInput = {status: number; headers: Readonly<Record<string, string>>; body: string; truncated?: boolean};

const outcomeByCode: Record<string, ResponseOutcome> = {
	invalid_api_key: 'invalid-key',
	mismatched_organization: 'org-mismatch',
	invalid_organization: 'invalid-organization',
	mismatched_project: 'project-mismatch',
	no_organization: 'no-organization',
	account_deactivated: 'account-deactivated',
	invalid_issuer: 'invalid-issuer',
	ip_not_authorized: 'ip-not-authorized',
	insufficient_quota: 'quota-exceeded',
};

const liveByOutcome: Record<ResponseOutcome, LiveStatus> = {
	valid: 'valid',
	restricted: 'valid',
	'missing-scopes': 'valid',
	'quota-exceeded': 'valid',
	'rate-limited': 'valid',
	'invalid-key': 'invalid',
	'org-mismatch': 'invalid',
	'invalid-organization': 'invalid',
	'project-mismatch': 'invalid',
	'no-organization': 'invalid',
	'account-deactivated': 'invalid',
	'invalid-issuer': 'invalid',
	'ip-not-authorized': 'invalid',
	'azure-denied': 'invalid',
	'rejected-elsewhere': 'invalid',
	unauthorized: 'invalid',
	'no-key-sent': 'error',
	'server-error': 'error',
	'proxy-auth': 'error',
	'not-found': 'error',
	redirect: 'error',
	unexpected: 'error',
};

/** True when the headers carry OpenAI's own markers: a request id and one of its other headers. */
export function hasOpenAIHeaders(headers: Readonly<Record<string, string>>): boolean {
	return headers['x-request-id'] !== undefined && ['openai-processing-ms', 'openai-version', 'x-openai-proxy-wasm'].some(name => headers[name] !== undefined);
}

/**
 * True for a request id in OpenAI's own forms: `req_` + 32 hex today, plain 32 hex in
 * older captures (reference §4). Gateways stamp UUIDs or ids of their own.
 */
export function isOpenAIRequestId(id: string | undefined): boolean {
	return id !== undefined && /^(?:req_)?[0-9a-f]{32}$/i.test(id.trim());
}

/**
 * Classifies one answer to the live check: who sent it (OpenAI, Azure, a proxy, a
 * gateway) from its headers and body shape, and what it means for the key.
 */
export function classifyResponse(response: ResponseInput): Classification {
	const {status, headers} = response;
	const body = readBody(response.body, headers['content-type']);
	const fromOpenAIHeaders = hasOpenAIHeaders(headers);
	const azureHeaders = headers['apim-request-id'] !== undefined;
	const message = body.message === undefined ? undefined : oneLine(body.message);
	const code = body.code ?? (message === undefined ? undefined : codeFromMessage(message));
	const base = {
		status,
		bodyShape: body.shape,
		type: body.type,
		message,
		truncated: response.truncated ?? false,
		requestId: headers['x-request-id'] ?? headers['apim-request-id'],
		headersMissing: false,
	};

	if (status === 407) return finish({...base, code, origin: 'proxy', outcome: 'proxy-auth'});

	const azure = azureHeaders || body.shape === 'azure-error' || (message !== undefined && saysAzureAccessDenied(message));
	if (azure && !fromOpenAIHeaders) {
		if (status >= 200 && status < 300) return finish({...base, code, origin: 'azure', outcome: 'valid'});
		// Azure checks the key before the route: a 404 after it means the key was accepted.
		if (status === 404 && azureHeaders && !saysAzureAccessDenied(message ?? '')) return finish({...base, code, origin: 'azure', outcome: 'valid'});
		if (status === 401 || status === 403) return finish({...base, code, origin: 'azure', outcome: 'azure-denied'});
		return finish({...base, code, origin: 'azure', outcome: status >= 500 ? 'server-error' : 'unexpected'});
	}

	const openAIBody = body.shape === 'openai-error' || body.shape === 'string-error';
	// The captured invalid_api_key 401 carries only content-type and x-request-id (reference §2.2):
	// OpenAI's request-id form with OpenAI's error shape is OpenAI's answer too.
	const openAIMarked = fromOpenAIHeaders || (openAIBody && isOpenAIRequestId(headers['x-request-id']));
	const origin: ResponseOrigin = openAIMarked && (openAIBody || body.shape === 'success-json' || status >= 500) ? 'openai' : 'gateway';
	const withOrigin = {...base, code, origin, headersMissing: origin === 'gateway' && openAIBody};

	if (status >= 200 && status < 300) {
		// A models list is JSON; a 200 HTML page is a captive portal or a proxy's login page, not a verdict.
		const listed = body.shape === 'success-json' || (response.truncated === true && /^\s*[{[]/.test(response.body));
		if (!listed) return finish({...withOrigin, outcome: 'unexpected'});
		return finish({...withOrigin, outcome: 'valid', organization: headers['openai-organization'], project: headers['openai-project']});
	}

	if (status >= 500) return finish({...withOrigin, outcome: 'server-error'});
	// Redirects are never followed: the key goes to the base URL's host only.
	if (status >= 300 && status < 400) return finish({...withOrigin, outcome: 'redirect', ...(headers.location ? {redirectHost: hostOf(headers.location)} : {})});

	// A 401 in another shape (HTML, empty, a relay's JSON) was not written by OpenAI.
	if ((status === 401 || status === 403) && !openAIBody) return finish({...withOrigin, outcome: 'rejected-elsewhere'});

	const scopes = message === undefined ? undefined : missingScopes(message);
	if (scopes && (status === 401 || status === 403)) {
		return finish({...withOrigin, missingScopes: scopes, outcome: body.shape === 'string-error' ? 'restricted' : 'missing-scopes'});
	}

	const byCode = code === undefined ? undefined : outcomeByCode[code];
	if (byCode && status !== 429) {
		const mask = byCode === 'invalid-key' && body.message !== undefined ? parseMaskFromText(body.message, 'decoded') : undefined;
		return finish({...withOrigin, outcome: byCode, mask});
	}

	if (status === 429) return finish({...withOrigin, outcome: code === 'insufficient_quota' || body.type === 'insufficient_quota' ? 'quota-exceeded' : 'rate-limited'});
	if (status === 401 && message !== undefined && saysNoKeySent(message)) return finish({...withOrigin, outcome: 'no-key-sent'});
	if (status === 401) return finish({...withOrigin, outcome: origin === 'openai' ? 'unauthorized' : 'rejected-elsewhere'});
	if (status === 403) return finish({...withOrigin, outcome: origin === 'openai' ? 'unexpected' : 'rejected-elsewhere'});
	if (status === 404) return finish({...withOrigin, outcome: 'not-found'});
	return finish({...withOrigin, outcome: 'unexpected'});
}

function finish(partial: Omit<Classification, 'live'>): Classification {
	const clean = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)) as Omit<Classification, 'live'>;
	return {...clean, live: liveByOutcome[partial.outcome]};
}

type ReadBody = {shape: BodyShape; message?: string; code?: string; type?: string};

/** Reads the body's shape and, for error bodies, message, code and type. */
export function readBody(text: string, contentType = ''): ReadBody {
	const trimmed = text.trim();
	if (trimmed === '') return {shape: 'empty'};
	if (/^<(?:!doctype|html|head|body)/i.test(trimmed) || /text\/html/i.test(contentType)) {
		const title = /<title>([^<]{1,200})<\/title>/i.exec(trimmed)?.[1] ?? /<h1>([^<]{1,200})<\/h1>/i.exec(trimmed)?.[1];
		return {shape: 'html', message: title?.trim()};
	}

	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return {shape: 'text', message: trimmed.slice(0, 300)};
	let parsed: unknown;
	try {
		parsed = JSON.parse(trimmed);
	} catch {
		return {shape: 'invalid-json'};
	}

	if (!isRecord(parsed)) return {shape: 'foreign-json'};
	const error = parsed.error;
	if (typeof error === 'string') return {shape: 'string-error', message: error};
	if (isRecord(error)) {
		const message = typeof error.message === 'string' ? error.message : undefined;
		const code = typeof error.code === 'string' ? error.code : typeof error.code === 'number' ? String(error.code) : undefined;
		const type = typeof error.type === 'string' ? error.type : undefined;
		// Azure / API Management: a code that is a string ("401", "Unauthorized"), no type. A
		// number there is someone else's (OpenRouter answers {"message": …, "code": 401}).
		if (type === undefined && typeof error.code === 'string' && /^(?:\d{3}|Unauthorized|PermissionDenied|AuthenticationFailed)$/i.test(error.code)) {
			return {shape: 'azure-error', message, code};
		}

		// OpenAI's shape: message, type, param and code keys all present (code may be null).
		if (message !== undefined && 'type' in error && 'code' in error && ('param' in error || type === 'invalid_request_error') && !isForeignType(type)) {
			return {shape: 'openai-error', message, code, type};
		}

		return {shape: 'foreign-json', message, code, type};
	}

	if (Array.isArray(parsed.data) || parsed.object === 'list') return {shape: 'success-json'};
	const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.msg === 'string' ? parsed.msg : typeof parsed.detail === 'string' ? parsed.detail : undefined;
	return {shape: 'foreign-json', message};
}

// OpenAI uses invalid_request_error (and insufficient_quota, server_error…) as types; relays use these.
function isForeignType(type: string | undefined): boolean {
	return type === 'authentication_error' || type === 'new_api_error' || type === 'one_api_error';
}

function oneLine(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return redact(hideKeyMasks(line.length > 400 ? `${line.slice(0, 400)}…` : line));
}

function hostOf(location: string): string {
	try {
		return new URL(location, 'http://relative.invalid').host;
	} catch {
		return 'an invalid location';
	}
}
