import {terminalSafe} from '../report/terminal-safe.js';
import {redact} from '../keys/redact.js';
import type {Secret} from '../keys/secret.js';
import {readBody} from './classify-response.js';
import {parseMaskFromText} from '../keys/mask.js';
import {codeFromMessage, hideKeyMasks, missingScopes, saysAzureAccessDenied, saysNoKeySent} from './openai-errors.js';
import {findObjectLiteral, isRecord} from './parse-literal.js';
import {readHeaderRefusal, type HeaderRefusal} from './header-refusal.js';

/** Why a client got no answer at all, by what its error names. */
export type NetworkFailure = 'tls' | 'dns' | 'refused' | 'reset' | 'timeout';

/** Which client printed the error. */
export type AppErrorForm = 'python-sdk' | 'node-sdk' | 'go-sdk' | 'json' | 'log' | 'curl' | 'text' | 'empty';

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
	/** The client never reached the API, and the text says why (a name that did not resolve, a certificate, a time-out…). */
	networkFailure?: NetworkFailure;
	/** The host says the credential it got is wrong (an invalid, unknown or expired key or token): the app sent one. */
	keyRefused: boolean;
	/** What that client shows of the header it refused: the key in it (a Secret, never shown) or the character it names. */
	headerRefusal?: HeaderRefusal;
	/** Azure's `Access denied due to invalid subscription key or wrong API endpoint`. */
	azureAccessDenied: boolean;
	/** Azure refused an Entra ID (AAD) token: issued for another resource or tenant, expired, or its identity lacks the role. */
	azureTokenRejected: boolean;
	/** A proxy asked for credentials (407). */
	proxyAuth: boolean;
	/** The body is not in OpenAI's shape (a relay's JSON or wording, an HTML page). */
	foreignBody: boolean;
	/** The answer was an HTML page or had no body at all: a web server or proxy in between wrote it, not an API. */
	pageOrNoBody: boolean;
	/** The host the app called, when the text names the request's URL (an httpx log line, Go's `POST "…"`). */
	calledHost?: string;
	/** That URL without query or credentials (`https://litellm.acme.dev/v1/chat/completions`). */
	calledUrl?: string;
	missingScopes?: string[];
	/** The text is a CI job's log (GitHub Actions, GitLab CI…). */
	ciLog: boolean;
	/** The CI log shows the job's environment with OPENAI_API_KEY empty: the secret was not passed. */
	ciKeyEmpty: boolean;
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
 * the Go SDK form (`POST "…": 401 Unauthorized {…}`), raw JSON, a structured log line
 * holding the error, or curl output (`HTTP/2 401` headers and a body). Never throws.
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
		keyRefused: false,
		azureAccessDenied: false,
		azureTokenRejected: false,
		proxyAuth: false,
		foreignBody: false,
		pageOrNoBody: false,
		ciLog: false,
		ciKeyEmpty: false,
	};
	if (text.trim() === '') return result;

	const python = /Error code: (\d{3}) - /.exec(text);
	const curlStatus = [...text.matchAll(/^(?:<\s*)?HTTP\/[\d.]+ (\d{3})\b/gm)].at(-1);
	const node = /(?:^|\n|(?:Error|Exception)\b[^\n]{0,40}?:\s*)([1-5]\d\d) (?!-)(\S[^\n]*)/.exec(text);
	// openai-go: `POST "https://api.openai.com/v1/chat/completions": 401 Unauthorized {` and the inner error object.
	const go = /\b[A-Z]{3,7} "https?:\/\/[^"\s]+": ([1-5]\d\d) [A-Za-z][^{\n]*/.exec(text);
	const object = findObjectLiteral(text, python ? python.index : go ? go.index : 0, saysSomething);
	const read = object ? readErrorObject(object) : undefined;

	if (python) {
		result.form = 'python-sdk';
		result.status = Number(python[1]);
	} else if (curlStatus) {
		result.form = 'curl';
		result.status = Number(curlStatus[1]);
	} else if (go) {
		result.form = 'go-sdk';
		result.status = Number(go[1]);
	} else if (read?.kind === 'log') {
		result.form = 'log';
	} else if (read && read.kind !== 'foreign') {
		result.form = 'json';
	} else if (node) {
		result.form = 'node-sdk';
		result.status = Number(node[1]);
	} else {
		result.form = object ? 'json' : 'text';
	}

	let message: string | undefined;
	if (read) {
		message = read.message;
		result.code = read.code;
		result.type = read.type;
		result.foreignBody = read.foreign;
		result.status ??= read.status;
	}

	if (message === undefined && result.form === 'node-sdk' && node) {
		message = node[2]!.trim();
		if (/^<(?:!doctype|html)/i.test(message) || message === 'status code (no body)') result.foreignBody = result.pageOrNoBody = true;
	}

	if (/<html[\s>]|<title>[^<]*<\/title>|<!doctype html/i.test(text)) result.foreignBody = result.pageOrNoBody = true;
	if (message === undefined) message = firstRelevantLine(text);

	// The refused value is compared and analysed, never shown: read it before the control characters it may hold (a CR) are cleaned away.
	const refusal = readHeaderRefusal(bounded);
	const hidden = refusal?.secret ? [...secrets, refusal.secret] : secrets;
	result.requestId = /\b(req_[0-9a-f]{16,})\b/i.exec(text)?.[1] ?? /request[ _-]?id["']?\s*[:=]\s*["']?([\w-]{8,})/i.exec(text)?.[1];
	result.code ??= codeFromMessage(message ?? '') ?? codeFromMessage(text);
	// A message read out of its JSON or python literal is already decoded: its backslashes are the app's.
	result.mask = (read?.message === undefined ? undefined : parseMaskFromText(read.message, 'decoded')) ?? parseMaskFromText(text);
	if (result.status === undefined && result.code !== undefined) result.status = statusByCode[result.code];
	if (result.status === undefined && result.mask) result.status = 401;
	result.status ??= statusInWords(text);
	if (saysGateway(text)) result.foreignBody = true;
	// Relays' own "out of credit" (one-api / new-api): the quota, not the key.
	if (result.code === undefined || result.foreignBody) {
		if (/额度(?:已用尽|不足)|余额不足|insufficient_user_quota|quota (?:exceeded|exhausted)/i.test(text)) result.code = 'insufficient_quota';
	}
	const called = calledUrl(text);
	if (called) {
		result.calledHost = called.host;
		result.calledUrl = redact(called.url, hidden);
	}

	result.missingScopes = missingScopes(message ?? '') ?? missingScopes(text);
	result.keyMissingInApp = keyMissingTexts.some(pattern => pattern.test(text));
	result.noKeySent = saysNoKeySent(text) || noCredentialsTexts.some(pattern => pattern.test(text));
	if (refusal) result.headerRefusal = refusal;
	result.illegalHeader = refusal !== undefined;
	result.connectionError = result.illegalHeader || /\bConnection error\.?|APIConnectionError|Error communicating with OpenAI|ECONNREFUSED|ENOTFOUND|getaddrinfo|Could not resolve host|Failed to connect|ETIMEDOUT/i.test(text);
	result.azureAccessDenied = saysAzureAccessDenied(text);
	result.azureTokenRejected = azureTokenTexts.some(pattern => pattern.test(text));
	result.keyRefused = !result.noKeySent && !result.keyMissingInApp && (codeFromMessage(message ?? '') === 'invalid_api_key' || result.azureAccessDenied || keyRefusedTexts.some(pattern => pattern.test(text)));
	result.proxyAuth = result.status === 407 || proxyAuthTexts.some(pattern => pattern.test(text));
	if (result.status === undefined && result.proxyAuth) result.status = 407;
	if (!result.illegalHeader && !result.proxyAuth && result.status === undefined) result.networkFailure = networkFailureTexts.find(([pattern]) => pattern.test(text))?.[1];
	result.ciLog = ciLogTexts.some(pattern => pattern.test(text));
	// GitHub Actions prints each step's env: a secret shows as ***, a missing one as nothing.
	result.ciKeyEmpty = result.ciLog && /^[^\S\n]*(?:\d{4}-\d\d-\d\dT[\d:.]+Z[^\S\n]+)?[^\S\n]*OPENAI_API_KEY:[^\S\n]*$/m.test(text);
	result.message = message === undefined ? undefined : oneLine(message, hidden);
	return dropUndefined(result);
}

/**
 * Gateways' and other hosts' "no key was sent" (the API's own are in openai-errors):
 * OpenRouter, Azure API Management, LiteLLM, Anthropic-shaped gateways.
 */
const noCredentialsTexts: readonly RegExp[] = [
	/No auth credentials found/i,
	/Access denied due to missing subscription key/i,
	/No api key passed in/i,
	/\bx-api-key header is required/i,
	// The API's answer to an Authorization header with nothing usable in it (an empty secret in CI, openai/evals#328).
	/Invalid authorization header/i,
	/Missing Authentication header|Authorization header (?:is )?missing|missing (?:the )?Authorization header/i,
];

/**
 * Hosts saying the credential they got is wrong, beyond OpenAI's own `invalid_api_key`
 * wordings: relays' (one-api / new-api `无效的令牌`, an expired or disabled token), LiteLLM
 * proxy's, gateways' `Invalid bearer token`, Anthropic-shaped gateways' `invalid x-api-key`.
 */
const keyRefusedTexts: readonly RegExp[] = [
	/无效的令牌|令牌(?:已过期|已被禁用|状态不可用|不可用)/u,
	/Invalid proxy server token passed|LiteLLM Virtual Key expected/i,
	/Invalid bearer token|invalid x-api-key|\b(?:token|api[ _-]?key) (?:is )?(?:invalid|expired|revoked)\b|Invalid authentication credentials/i,
];

/** A proxy asking for credentials, however the client words it: `407 Proxy Authentication Required`, curl's `CONNECT tunnel failed, response 407`. */
const proxyAuthTexts: readonly RegExp[] = [
	/Proxy Authentication Required|ProxyError/i,
	/\btunnel(?:ing)?(?: connection)? failed\b[^\n]{0,20}\b407\b/i,
	/\bproxy\b[^\n]{0,80}\b407\b|\b407\b[^\n]{0,80}\bproxy\b/i,
];

/**
 * What a client names when it never reached the API, most telling first (a TLS failure
 * is printed inside a `ConnectError`): a certificate an intercepting proxy forged, a name
 * that did not resolve, a refused or reset connection, a time-out.
 */
const networkFailureTexts: ReadonlyArray<readonly [RegExp, NetworkFailure]> = [
	[
		/CERTIFICATE_VERIFY_FAILED|certificate verify failed|self[- ]signed certificate|unable to (?:get local issuer|verify the first) certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|CERT_HAS_EXPIRED|x509: certificate|PKIX path building failed|unable to find valid certification path|SSLCertVerificationError/i,
		'tls',
	],
	[/Temporary failure in name resolution|Name or service not known|nodename nor servname|\bENOTFOUND\b|\bEAI_AGAIN\b|Could not resolve host|\bno such host\b|NameResolutionError|Failed to resolve|UnknownHostException/i, 'dns'],
	[/\bECONNREFUSED\b|Connection refused|actively refused it|Failed to connect to/i, 'refused'],
	[/\bECONNRESET\b|Connection reset by peer|socket hang up|RemoteDisconnected|Server disconnected without sending a response/i, 'reset'],
	[/\bETIMEDOUT\b|\btimed out\b|APITimeoutError|ConnectTimeout|ReadTimeout|i\/o timeout|context deadline exceeded|Client\.Timeout exceeded|UND_ERR_CONNECT_TIMEOUT|SocketTimeoutException/i, 'timeout'],
];

/** Azure OpenAI refusing an Entra ID (AAD) token: issued for another audience or tenant, expired, or lacking the role. */
const azureTokenTexts: readonly RegExp[] = [
	/Access token is missing, invalid, audience is incorrect/i,
	/Principal does not have access to API\/Operation/i,
	/Token tenant [\w-]+ does not match resource tenant/i,
];

/** Lines only CI runners print. */
const ciLogTexts: readonly RegExp[] = [
	/^(?:\d{4}-\d\d-\d\dT[\d:.]+Z\s+)?##\[(?:error|group|endgroup|warning)\]/m,
	/^::(?:error|warning|group)(?: [^:\n]*)?::/m,
	/\bshell: \/usr\/bin\/bash -e \{0\}/,
	/Running with gitlab-runner|\bJob failed: exit code\b|Current runner version:/i,
	/\bGITHUB_(?:ACTIONS|WORKFLOW|RUN_ID)\b|\bCI_JOB_ID\b|\bCIRCLE_JOB\b|\bBUILDKITE\b/,
];

/** What the client libraries print when they found no key and never sent a request. */
const keyMissingTexts: readonly RegExp[] = [
	// openai-python ≥ 1 and openai-node ≥ 5 (`Missing credentials. Please pass an \`api_key\`…`), openai-python 1.x.
	/Missing credentials\. Please pass|api_key client option must be set/i,
	// openai-node 4.x.
	/OPENAI_API_KEY environment variable is missing or empty/i,
	// openai-python 0.x (`No API key provided. You can set your API key in code using…`).
	/No API key provided\b/i,
	/Could not resolve authentication method/i,
	// LangChain (python, pydantic validator): `Did not find openai_api_key, please add an environment variable \`OPENAI_API_KEY\`…`.
	/Did not find \w*api_key, please add an environment variable `\w*API_KEY`/i,
	// LangChain JS (`OpenAI or Azure OpenAI API key or Token Provider not found`) and the Vercel AI SDK's LoadAPIKeyError.
	/Azure OpenAI API key (?:or Token Provider )?not found|OpenAI API key is missing\. Pass it using/i,
	// The app's own check, or a read of the unset variable: python's `KeyError: 'OPENAI_API_KEY'`, "OPENAI_API_KEY is not set".
	/KeyError: ['"]OPENAI_API_KEY['"]/,
	/\bOPENAI_API_KEY\b(?: environment variable)?(?: is| was)? (?:not set|unset|missing|not defined|undefined|not found|required|not provided)\b/i,
	/\b(?:missing|no|please set|must set|set the|provide (?:an? |the )?)(?: the)? (?:environment variable |env var )?[`'"]?OPENAI_API_KEY\b(?![=:])/i,
	// .NET clients: `ArgumentNullException: Value cannot be null. (Parameter 'apiKey')`.
	/Value cannot be null\.? \(Parameter '(?:apiKey|key|credential|openAIApiKey)'\)/i,
];

/**
 * Wordings only gateways and relays use (reference §4 rule 5): one-api / new-api's
 * `无效的令牌` and their `(request id: <digits>)` suffix, LiteLLM proxy's `Authentication
 * Error, Invalid proxy server token passed`, `Invalid bearer token`.
 */
const gatewayTexts: readonly RegExp[] = [
	/无效的令牌|令牌(?:已过期|已被禁用|状态不可用|额度已用尽|不可用)|未提供令牌|该令牌/u,
	/\(request id: \d{12,}\)/i,
	/Authentication Error, |Invalid proxy server token passed|LiteLLM Virtual Key expected|LiteLLM_VerificationToken/i,
	/Invalid bearer token/i,
];

function saysGateway(text: string): boolean {
	return gatewayTexts.some(pattern => pattern.test(text));
}

// Types OpenAI never uses, seen in relays' bodies (LiteLLM proxy, one-api, new-api, Anthropic-shaped gateways).
const foreignTypes = new Set(['auth_error', 'authentication_error', 'new_api_error', 'one_api_error', 'permission_error']);

/** How the object found in the text reads: an API body, a client's error object, a log line, or none of OpenAI's. */
type ReadObject = {kind: 'body' | 'client-error' | 'log' | 'foreign'; status?: number; code?: string; type?: string; message?: string; foreign: boolean};

// Fields where loggers and error dumps keep the error: pino/bunyan `err`, winston `error`, `exception`, a `cause`.
const errorFields = ['err', 'error', 'exception', 'exc', 'cause', 'body', 'response', 'data'] as const;
const maxObjectDepth = 6;
const stringErrorFields = new Set<string>(['err', 'error', 'exception', 'exc']);

// An object worth reading: not `{}` or a stray literal (`Headers {}` in a node stack dump).
function saysSomething(object: Record<string, unknown>): boolean {
	return ['error', 'err', 'message', 'msg', 'detail', 'code', 'exception', 'type'].some(field => object[field] !== undefined && object[field] !== null);
}

/**
 * Reads an object pasted as the error: OpenAI's body (`{"error": {…}}`), the inner error
 * object a client printed alone (openai-go, python's `e.body`), a client's serialised
 * error (`{message, status, code, stack}`), or a structured log line (pino, winston,
 * bunyan) holding one of those: the error is found inside, not the log's own message.
 */
function readErrorObject(object: Record<string, unknown>, depth = 0): ReadObject {
	const log = depth === 0 && isLogLine(object);
	if (log || isClientError(object)) {
		const own = clientErrorFields(object, log);
		let inner: ReadObject | undefined;
		if (depth < maxObjectDepth) {
			for (const field of errorFields) {
				const value = object[field];
				if (isRecord(value)) {
					inner = readErrorObject(value, depth + 1);
					if (inner.kind !== 'foreign') break;
				} else if (typeof value === 'string' && value.trim() !== '' && stringErrorFields.has(field)) {
					inner = {kind: log ? 'client-error' : 'body', message: value, foreign: false};
					break;
				}
			}
		}

		const usable = inner && inner.kind !== 'foreign' ? inner : undefined;
		const message = usable?.message ?? own.message;
		const leadingStatus = message === undefined ? undefined : /^([1-5]\d\d) (?=\S)/.exec(message);
		return {
			kind: log ? 'log' : 'client-error',
			status: own.status ?? usable?.status ?? (leadingStatus ? Number(leadingStatus[1]) : undefined),
			code: usable?.code ?? own.code,
			type: usable?.type ?? own.type,
			message: leadingStatus ? message!.slice(leadingStatus[0].length) : message,
			foreign: usable?.foreign ?? false,
		};
	}

	const wrapped = 'error' in object ? object : isInnerError(object) ? {error: object} : undefined;
	const body = readBody(JSON.stringify(wrapped ?? object));
	const foreign = body.shape === 'foreign-json' || (body.code !== undefined && /^\d+$/.test(body.code) && body.shape !== 'azure-error') || foreignTypes.has(body.type ?? '');
	let status = typeof object.status === 'number' ? object.status : undefined;
	const error = wrapped?.error;
	if (status === undefined && isRecord(error) && /^\d{3}$/.test(String(error.code ?? ''))) status = Number(error.code);
	return {kind: wrapped && body.shape !== 'foreign-json' ? 'body' : 'foreign', status, code: body.code, type: body.type, message: body.message, foreign};
}

// OpenAI's error object printed without its `{"error": …}` wrapper: message, type and code keys.
function isInnerError(object: Record<string, unknown>): boolean {
	return typeof object.message === 'string' && 'type' in object && 'code' in object && ('param' in object || object.type === 'invalid_request_error');
}

function isLogLine(object: Record<string, unknown>): boolean {
	return ['level', 'msg', 'severity', 'levelname', '@timestamp', 'log.level', 'event'].some(field => field in object) && !('param' in object);
}

// Node's and its HTTP clients' own error codes (`ERR_BAD_REQUEST`, `ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`): not an API's code.
const nodeErrorCode = /^(?:ERR_[A-Z_]+|E[A-Z]{3,}|UND_ERR_[A-Z_]+)$/;

// A client's error serialised: its message with a stack, a status or an error class name; or an HTTP client's error object as Node prints it (axios: `code: 'ERR_BAD_REQUEST'`, `response: {…}`, `isAxiosError`), never a body.
function isClientError(object: Record<string, unknown>): boolean {
	if (object.isAxiosError === true || (typeof object.code === 'string' && nodeErrorCode.test(object.code) && !('error' in object))) return true;
	if (typeof object.message !== 'string' && typeof object.stack !== 'string') return false;
	const status = object.status ?? object.statusCode ?? object.status_code;
	return typeof object.stack === 'string' || typeof status === 'number' || isClassName(object.name) || isClassName(object.type);
}

function isClassName(value: unknown): boolean {
	return typeof value === 'string' && /^[A-Z]\w*(?:Error|Exception)$/.test(value);
}

function clientErrorFields(object: Record<string, unknown>, log: boolean): {status?: number; code?: string; type?: string; message?: string} {
	const rawStatus = object.status ?? object.statusCode ?? object.status_code;
	const status = typeof rawStatus === 'number' ? rawStatus : typeof rawStatus === 'string' && /^\d{3}$/.test(rawStatus) ? Number(rawStatus) : undefined;
	const code = typeof object.code === 'string' && !/^\d+$/.test(object.code) && !nodeErrorCode.test(object.code) ? object.code : undefined;
	// pino's serializer puts the class name in `type`; only OpenAI's own types are kept.
	const type = typeof object.type === 'string' && !isClassName(object.type) ? object.type : undefined;
	const message = log ? pickString(object.message, object.msg) : pickString(object.message);
	return {status: status !== undefined && status >= 100 && status <= 599 ? status : undefined, code: log ? undefined : code, type: log ? undefined : type, message};
}

function pickString(...values: unknown[]): string | undefined {
	return values.find((value): value is string => typeof value === 'string' && value.trim() !== '');
}

const reasonPhrases = 'OK|Unauthorized|Forbidden|Proxy Authentication Required|Too Many Requests|Not Found|Bad Request|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout';

/** Statuses written outside the SDKs' forms, first match wins. */
const statusPatterns: readonly RegExp[] = [
	// `HTTP/1.1 401 Unauthorized`, requests' `401 Client Error: Unauthorized for url: …`.
	new RegExp(`\\b([1-5]\\d\\d) (?:Client Error: |Server Error: )?(?:${reasonPhrases})\\b`),
	// urllib3's debug line: `"POST /v1/chat/completions HTTP/1.1" 401 139`.
	/HTTP\/[\d.]+" ([1-5]\d\d)\b/,
	// aiohttp: `ClientResponseError: 401, message='Unauthorized'`.
	/\b([1-5]\d\d), message=/,
	// A dump's field: `status: 401`, `statusCode: 401`, `"status_code": 401`.
	/\bstatus(?:[ _]?code)?["']?\s*[:=]\s*([1-5]\d\d)\b/i,
	// axios and others: `Request failed with status code 407`; go-openai: `error, status code: 401`.
	/\bstatus code:?\s*([1-5]\d\d)\b/i,
	// curl: `CONNECT tunnel failed, response 407`, and with -f `The requested URL returned error: 401`.
	/\btunnel failed, response ([1-5]\d\d)\b|\breturned error:? ([1-5]\d\d)\b/i,
	// .NET ClientResultException `HTTP 401 (invalid_request_error: invalid_api_key)`, retrofit `HTTP 401 `.
	/\bHTTP ([1-5]\d\d)\b(?!\.)/,
];

/** The status a text states outside the SDKs' forms, for texts in none of them: the last one a pattern finds (a log's last request is the one that failed). */
function statusInWords(text: string): number | undefined {
	for (const pattern of statusPatterns) {
		const found = [...text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))].at(-1);
		if (found) return Number(found.slice(1).find(group => group !== undefined));
	}

	return undefined;
}

/**
 * The URL of the request the text reports, last one first (a log's last request is the one
 * that failed): httpx's `HTTP Request: POST https://…`, Go's `POST "https://…"`, requests'
 * `for url: https://…`, a `url: '…'` field, urllib3's `https://host:443 "POST /v1/… HTTP/1.1"`,
 * curl -v's `Connected to host`. Query and credentials are dropped.
 */
function calledUrl(text: string): {host: string; url: string} | undefined {
	const found: Array<{index: number; url: string}> = [];
	const collect = (pattern: RegExp, toUrl: (match: RegExpExecArray) => string) => {
		for (const match of text.matchAll(pattern)) found.push({index: match.index, url: toUrl(match as RegExpExecArray)});
	};

	collect(/\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) "?(https?:\/\/[^\s"'`<>]+)/g, match => match[1]!);
	collect(/\bfor url:\s*(https?:\/\/[^\s"'<>]+)/gi, match => match[1]!);
	// A field of an error dump (`url: '…'`, aiohttp's `url=URL('…')`), lower case: a `Troubleshooting URL:` is a docs link.
	collect(/(?<![\w-])(?:url|request_url|requestUrl)["']?\s*[:=]\s*(?:URL\()?["'`]?(https?:\/\/[^\s"'`<>)]+)/g, match => match[1]!);
	collect(/(https?:\/\/[^\s"'/<>]+)\s+"(?:GET|POST|PUT|PATCH|DELETE) (\/[^\s"]*) HTTP\/[\d.]+"/g, match => `${match[1]}${match[2]}`);
	collect(/^\*\s+Connected to ([\w.-]+)(?: \([^)]*\))? port (\d+)/gm, match => `${match[2] === '80' ? 'http' : 'https'}://${match[1]}${match[2] === '80' || match[2] === '443' ? '' : `:${match[2]}`}`);
	const last = found.sort((a, b) => a.index - b.index).at(-1);
	if (!last) return undefined;
	try {
		const url = new URL(last.url.replace(/[.,:;]+$/, ''));
		if (url.host === '') return undefined;
		return {host: url.host, url: `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`};
	} catch {
		return undefined;
	}
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
