import {terminalSafe} from '../report/terminal-safe.js';
import {redact} from '../keys/redact.js';
import type {Secret} from '../keys/secret.js';
import {readBody} from './classify-response.js';
import {parseMaskFromText} from '../keys/mask.js';
import {codeFromMessage, hideKeyMasks, missingScopes, saysAzureAccessDenied, saysNoKeySent} from './openai-errors.js';
import {findObjectLiteral, isRecord} from './parse-literal.js';

/** Which client printed the error. */
export type AppErrorForm = 'python-sdk' | 'node-sdk' | 'json' | 'curl' | 'text' | 'empty';

/** What the app's error message says, read the way its client prints it. */
export type AppError = {
	form: AppErrorForm;
	status?: number;
	code?: string;
	type?: string;
	/** The API's message, one line, key-free. */
	message?: string;
	/** The key mask from `Incorrect API key provided: …`: compared with keys, never shown. */
	mask?: string;
	requestId?: string;
	/** The SDK refused to start: no key configured (`Missing credentials…`, `api_key client option must be set`). */
	keyMissingInApp: boolean;
	/** The API says no key was sent (`You didn't provide an API key`, `Missing bearer…`). */
	noKeySent: boolean;
	/** The client never got an answer (`Connection error`, an illegal header value). */
	connectionError: boolean;
	/** The client rejected the header itself (whitespace or a newline in the key). */
	illegalHeader: boolean;
	/** Azure's `Access denied due to invalid subscription key or wrong API endpoint`. */
	azureAccessDenied: boolean;
	/** A proxy asked for credentials (407). */
	proxyAuth: boolean;
	/** The body is not in OpenAI's shape (a relay's JSON, an HTML page). */
	foreignBody: boolean;
	missingScopes?: string[];
};

const maxInput = 64 * 1024;

/** The status the API gives with each code, for bodies pasted without their status. */
const statusByCode: Record<string, number> = {
	invalid_api_key: 401,
	mismatched_organization: 401,
	invalid_organization: 401,
	mismatched_project: 401,
	no_organization: 401,
	account_deactivated: 401,
	invalid_issuer: 401,
	ip_not_authorized: 401,
	insufficient_quota: 429,
};

/**
 * Parses the error text an app printed: the python SDK form
 * (`Error code: 401 - {'error': {…}}`), the node SDK form (`401 Incorrect API key…`),
 * raw JSON, or curl output (`HTTP/2 401` headers and a body). Never throws.
 */
export function parseAppError(input: string, secrets: readonly Secret[] = []): AppError {
	// A long paste (a stack trace, a log) keeps its start and its end, where errors are printed.
	const bounded = input.length > maxInput ? `${input.slice(0, maxInput / 2)}\n${input.slice(-maxInput / 2)}` : input;
	const text = terminalSafe(bounded);
	const result: AppError = {
		form: 'empty',
		keyMissingInApp: false,
		noKeySent: false,
		connectionError: false,
		illegalHeader: false,
		azureAccessDenied: false,
		proxyAuth: false,
		foreignBody: false,
	};
	if (text.trim() === '') return result;

	const python = /Error code: (\d{3}) - /.exec(text);
	const curlStatus = [...text.matchAll(/^(?:<\s*)?HTTP\/[\d.]+ (\d{3})\b/gm)].at(-1);
	const node = /(?:^|\n|(?:Error|Exception)\b[^\n]{0,40}?:\s*)([1-5]\d\d) (?!-)(\S[^\n]*)/.exec(text);
	const object = findObjectLiteral(text, python ? python.index : 0);

	if (python) {
		result.form = 'python-sdk';
		result.status = Number(python[1]);
	} else if (curlStatus) {
		result.form = 'curl';
		result.status = Number(curlStatus[1]);
	} else if (object && isRecord(object.error)) {
		result.form = 'json';
	} else if (node) {
		result.form = 'node-sdk';
		result.status = Number(node[1]);
	} else {
		result.form = object ? 'json' : 'text';
	}

	let message: string | undefined;
	if (object) {
		const body = readBody(JSON.stringify(object));
		message = body.message;
		result.code = body.code;
		result.type = body.type;
		result.foreignBody = body.shape === 'foreign-json';
		if (result.status === undefined && typeof object.status === 'number') result.status = object.status;
		if (result.status === undefined && isRecord(object.error) && /^\d{3}$/.test(String(object.error.code ?? ''))) result.status = Number(object.error.code);
	}

	if (message === undefined && result.form === 'node-sdk' && node) {
		message = node[2]!.trim();
		if (/^<(?:!doctype|html)/i.test(message) || message === 'status code (no body)') result.foreignBody = true;
	}

	if (result.form === 'curl' && /<html|<title>/i.test(text)) result.foreignBody = true;
	if (message === undefined) message = firstRelevantLine(text);

	result.requestId = /\b(req_[0-9a-f]{16,})\b/i.exec(text)?.[1] ?? /request[ _-]?id["']?\s*[:=]\s*["']?([\w-]{8,})/i.exec(text)?.[1];
	result.code ??= codeFromMessage(message ?? '') ?? codeFromMessage(text);
	result.mask = parseMaskFromText(text);
	if (result.status === undefined && result.code !== undefined) result.status = statusByCode[result.code];
	if (result.status === undefined && result.mask) result.status = 401;
	result.missingScopes = missingScopes(message ?? '') ?? missingScopes(text);
	result.keyMissingInApp = /Missing credentials\. Please pass|api_key client option must be set|OPENAI_API_KEY environment variable is missing or empty|No API key provided\. You can set your API key|Could not resolve authentication method/i.test(text);
	result.noKeySent = saysNoKeySent(text);
	result.illegalHeader = /Illegal header value|not a legal HTTP header value|Invalid character in header content|Newline or carriage return detected in headers|invalid header value/i.test(text);
	result.connectionError = result.illegalHeader || /\bConnection error\.?|APIConnectionError|ECONNREFUSED|ENOTFOUND|getaddrinfo|Could not resolve host|Failed to connect|ETIMEDOUT/i.test(text);
	result.azureAccessDenied = saysAzureAccessDenied(text);
	result.proxyAuth = result.status === 407 || /407 Proxy Authentication Required|ProxyError/i.test(text);
	if (result.status === undefined && result.proxyAuth) result.status = 407;
	result.message = message === undefined ? undefined : oneLine(message, secrets);
	return dropUndefined(result);
}

function firstRelevantLine(text: string): string | undefined {
	const lines = text.split(/\r?\n/).map(line => line.trim()).filter(Boolean);
	return lines.find(line => /error|denied|invalid|incorrect|unauthori[sz]ed|missing|quota|forbidden/i.test(line)) ?? lines[0];
}

function oneLine(text: string, secrets: readonly Secret[]): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return redact(hideKeyMasks(line.length > 400 ? `${line.slice(0, 400)}…` : line), secrets);
}

function dropUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
