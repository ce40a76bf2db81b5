import {describe, expect, test} from 'vitest';
import {openAIMessages} from '../../../source/core/api/openai-errors.js';
import {parseAppError} from '../../../source/core/api/parse-app-error.js';
import {Secret} from '../../../source/core/keys/secret.js';
import {maskLikeOpenAI, maskMatches} from '../../../source/core/keys/mask.js';
import {makeProjectKey, makeUserKey, seededRandom} from '../../helpers/fake-keys.js';

const key = makeProjectKey(77);
const mask = maskLikeOpenAI(key);
const incorrect = openAIMessages.incorrectKey(mask);
const random = seededRandom(404);
/** A LiteLLM virtual key (`sk-` and 22 characters), as LiteLLM proxies hand out. */
const virtualKey = `sk-${Array.from({length: 22}, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 62)]).join('')}`;
const keyHash = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + 'e'.repeat(8);
const inner = (message: string, code: string | null) => `{\n    "message": ${JSON.stringify(message)},\n    "type": "invalid_request_error",\n    "param": null,\n    "code": ${JSON.stringify(code)}\n}`;

describe('parseAppError: the forms apps print', () => {
	test('python SDK: Error code: 401 - {dict repr}', () => {
		const text = `Traceback (most recent call last):\n  File "app.py", line 4, in <module>\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': '${incorrect}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`;
		const parsed = parseAppError(text);
		expect(parsed).toMatchObject({form: 'python-sdk', status: 401, code: 'invalid_api_key', type: 'invalid_request_error'});
		expect(parsed.mask).toBe(mask);
		expect(maskMatches(parsed.mask!, key).matches).toBe(true);
	});

	test('python SDK with a message in double quotes (it holds an apostrophe)', () => {
		const text = `openai.AuthenticationError: Error code: 401 - {'error': {'message': "${openAIMessages.missingScopesOnInference('model.request')}", 'type': 'invalid_request_error', 'param': None, 'code': None}}`;
		const parsed = parseAppError(text);
		expect(parsed).toMatchObject({form: 'python-sdk', status: 401, missingScopes: ['model.request']});
		expect(parsed.code).toBeUndefined();
	});

	test('node SDK: 401 Incorrect API key provided: …', () => {
		const parsed = parseAppError(`AuthenticationError: 401 ${incorrect}\n    at APIError.generate (node_modules/openai/core/error.js:45:20)`);
		expect(parsed).toMatchObject({form: 'node-sdk', status: 401, code: 'invalid_api_key'});
		expect(parsed.mask).toBe(mask);
	});

	test('node SDK: a code only its message shows', () => {
		expect(parseAppError(`Error: 401 ${openAIMessages.mismatchedOrganization}`)).toMatchObject({form: 'node-sdk', status: 401, code: 'mismatched_organization'});
		expect(parseAppError(`RateLimitError: 429 ${openAIMessages.insufficientQuota}`)).toMatchObject({status: 429, code: 'insufficient_quota'});
	});

	test('node SDK: no body, or an HTML page, is not OpenAI', () => {
		expect(parseAppError('Error: 401 status code (no body)')).toMatchObject({status: 401, foreignBody: true});
		expect(parseAppError('AuthenticationError: 401 <html><head><title>401 Authorization Required</title></head></html>')).toMatchObject({status: 401, foreignBody: true});
	});

	test('raw JSON body', () => {
		const parsed = parseAppError(JSON.stringify({error: {message: openAIMessages.invalidIssuer, type: 'invalid_request_error', param: null, code: 'invalid_issuer'}}));
		expect(parsed).toMatchObject({form: 'json', status: 401, code: 'invalid_issuer'});
	});

	test('curl -i output with headers', () => {
		const text = [
			'HTTP/2 401',
			'date: Thu, 26 Nov 2026 10:00:00 GMT',
			'content-type: application/json; charset=utf-8',
			'x-request-id: req_0123456789abcdef0123456789abcdef',
			'',
			JSON.stringify({error: {message: incorrect, type: 'invalid_request_error', param: null, code: 'invalid_api_key'}}),
		].join('\r\n');
		const parsed = parseAppError(text);
		expect(parsed).toMatchObject({form: 'curl', status: 401, code: 'invalid_api_key', requestId: 'req_0123456789abcdef0123456789abcdef'});
		expect(parsed.mask).toBe(mask);
	});

	test('a relay’s body is flagged as foreign', () => {
		expect(parseAppError(`Error code: 401 - {'error': {'message': 'Invalid API key', 'type': 'authentication_error', 'code': 'api_key_invalid'}}`)).toMatchObject({foreignBody: true, code: 'api_key_invalid'});
	});
});

describe('parseAppError: OpenAI errors inside other prints (not a foreign body)', () => {
	type Row = [name: string, text: string, expected: Record<string, unknown>];
	const nodeError = {type: 'AuthenticationError', message: `401 ${incorrect}`, stack: `Error: 401 ${incorrect}\n    at APIError.generate (file:///app/node_modules/openai/error.mjs:44:20)`, status: 401, code: 'invalid_api_key'};
	const rows: Row[] = [
		[
			'openai-go: the request line, then the inner error object pretty-printed',
			`POST "https://api.openai.com/v1/chat/completions": 401 Unauthorized ${inner(incorrect, 'invalid_api_key')}`,
			{form: 'go-sdk', status: 401, code: 'invalid_api_key', type: 'invalid_request_error', mask, calledHost: 'api.openai.com'},
		],
		[
			'openai-go inside a log.Fatal line, 429 quota',
			`2025/01/14 10:12:03 POST "https://api.openai.com/v1/responses": 429 Too Many Requests ${inner(openAIMessages.insufficientQuota, 'insufficient_quota')}\nexit status 1`,
			{form: 'go-sdk', status: 429, code: 'insufficient_quota'},
		],
		[
			"python's e.body printed alone (no error wrapper)",
			`{'message': '${incorrect}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}`,
			{form: 'json', status: 401, code: 'invalid_api_key', mask},
		],
		[
			'pino: the SDK error in err, the log message in msg',
			JSON.stringify({level: 50, time: 1736849523000, pid: 4242, hostname: 'web-1', err: nodeError, msg: 'chat completion failed'}),
			{form: 'log', status: 401, code: 'invalid_api_key', mask},
		],
		[
			'bunyan: err with name and stack, status only in the message',
			JSON.stringify({name: 'api', hostname: 'web-1', pid: 7, level: 50, err: {message: `401 ${incorrect}`, name: 'AuthenticationError', stack: `AuthenticationError: 401 ${incorrect}\n    at …`}, msg: 'request failed', time: '2025-01-14T10:12:03.000Z', v: 0}),
			{form: 'log', status: 401, code: 'invalid_api_key', mask},
		],
		[
			"winston: the SDK error's fields (status, error object) under error",
			JSON.stringify({level: 'error', message: 'chat completion failed', timestamp: '2025-01-14T10:12:03.000Z', error: {status: 401, error: {message: incorrect, type: 'invalid_request_error', param: null, code: 'invalid_api_key'}, code: 'invalid_api_key', param: null, type: 'invalid_request_error'}}),
			{form: 'log', status: 401, code: 'invalid_api_key', type: 'invalid_request_error', mask},
		],
		[
			'winston: the error as a string',
			JSON.stringify({level: 'error', message: 'OpenAI call failed', error: `429 ${openAIMessages.insufficientQuota}`}),
			{form: 'log', status: 429, code: 'insufficient_quota'},
		],
		[
			'a node stack dump with `Headers {}` is not a body',
			`AuthenticationError: 401 ${incorrect}\n    at APIError.generate (file:///app/node_modules/openai/core/error.mjs:41:20) {\n  status: 401,\n  headers: Headers {},\n  requestID: 'req_5f0c9a1e2b3d4c5e6f708192a3b4c5d6'\n}`,
			{form: 'node-sdk', status: 401, code: 'invalid_api_key', requestId: 'req_5f0c9a1e2b3d4c5e6f708192a3b4c5d6'},
		],
		[
			"httpx's request line before OpenAI's own body",
			`INFO:httpx:HTTP Request: POST https://api.openai.com/v1/chat/completions "HTTP/1.1 401 Unauthorized"\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': '${incorrect}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`,
			{form: 'python-sdk', status: 401, code: 'invalid_api_key', calledHost: 'api.openai.com', calledUrl: 'https://api.openai.com/v1/chat/completions'},
		],
	];

	test.each(rows)('%s', (_name, text, expected) => {
		const parsed = parseAppError(text);
		expect(parsed).toMatchObject({...expected, foreignBody: false});
		// The API's message, not the log's own line.
		expect(parsed.message).not.toMatch(/chat completion failed|request failed|OpenAI call failed/);
		if (expected.mask) expect(parsed.message).toMatch(/^Incorrect API key provided: sk-proj-…/);
	});
});

describe('parseAppError: gateways and relays are not OpenAI (reference §4 rule 5)', () => {
	type Row = [name: string, text: string, expected: Record<string, unknown>];
	const rows: Row[] = [
		['one-api / new-api in the node form', 'AuthenticationError: 401 无效的令牌 (request id: 20250114101010123456789)', {form: 'node-sdk', status: 401}],
		['one-api body as raw JSON', '{"error":{"message":"无效的令牌 (request id: 2025011410101012345678)","type":"","param":"","code":""}}', {form: 'json'}],
		['new-api body in the python form', "openai.AuthenticationError: Error code: 401 - {'error': {'message': '该令牌状态不可用', 'type': 'new_api_error', 'param': '', 'code': None}}", {form: 'python-sdk', status: 401}],
		['one-api relaying an English message adds its request-id suffix', `Error: 401 ${openAIMessages.accountDeactivated} (request id: 2025011410101012345678901)`, {status: 401}],
		[
			'LiteLLM proxy in the python form (auth_error, code "401")',
			`openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Authentication Error, Invalid proxy server token passed. Received API Key = sk-...${virtualKey.slice(-4)}, Key Hash (Token) =${keyHash}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\`', 'type': 'auth_error', 'param': 'None', 'code': '401'}}`,
			{form: 'python-sdk', status: 401, type: 'auth_error'},
		],
		['LiteLLM proxy in the node form', `AuthenticationError: 401 Authentication Error, Invalid proxy server token passed. Received API Key = sk-...${virtualKey.slice(-4)}, Key Hash (Token) =${keyHash}.`, {form: 'node-sdk', status: 401}],
		['an Anthropic-shaped gateway', `Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`, {status: 401}],
		['Invalid bearer token', 'openai.AuthenticationError: Invalid bearer token', {}],
		[
			'httpx names the gateway the app called',
			`INFO:httpx:HTTP Request: POST https://litellm.acme.dev/v1/chat/completions "HTTP/1.1 401 Unauthorized"\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': 'Authentication Error, Invalid proxy server token passed. Received API Key = sk-...${virtualKey.slice(-4)}, Key Hash (Token) =${keyHash}.', 'type': 'auth_error', 'param': 'None', 'code': '401'}}`,
			{status: 401, calledHost: 'litellm.acme.dev', calledUrl: 'https://litellm.acme.dev/v1/chat/completions'},
		],
	];

	test.each(rows)('%s', (_name, text, expected) => {
		const parsed = parseAppError(text, [new Secret(virtualKey)]);
		expect(parsed).toMatchObject({...expected, foreignBody: true});
		expect(JSON.stringify(parsed)).not.toContain(virtualKey);
	});
});

describe('parseAppError: the URL the app called', () => {
	test.each([
		['requests HTTPError', 'requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://oneapi.relay.cn/v1/chat/completions', 'oneapi.relay.cn', 401],
		['urllib3 debug line', 'DEBUG:urllib3.connectionpool:https://litellm.acme.dev:443 "POST /v1/chat/completions HTTP/1.1" 401 139', 'litellm.acme.dev', 401],
		['Vercel AI SDK dump', `AI_APICallError: ${incorrect}\n    at file:///app/node_modules/@ai-sdk/provider-utils/dist/index.mjs:599:14 {\n  url: 'https://openrouter.ai/api/v1/chat/completions',\n  statusCode: 401,\n}`, 'openrouter.ai', 401],
		['aiohttp', "aiohttp.client_exceptions.ClientResponseError: 401, message='Unauthorized', url=URL('http://127.0.0.1:4000/v1/chat/completions')", '127.0.0.1:4000', 401],
		['curl -v', '*   Trying 10.0.0.5:443...\n* Connected to gateway.internal (10.0.0.5) port 443\n> POST /v1/chat/completions HTTP/2\n> Host: gateway.internal\n>\n< HTTP/2 401\n<\n{"detail":"Unauthorized"}', 'gateway.internal', 401],
		['the last of several requests is the one that failed', 'INFO:httpx:HTTP Request: GET https://api.openai.com/v1/models "HTTP/1.1 200 OK"\nINFO:httpx:HTTP Request: POST https://proxy.corp.example/v1/chat/completions "HTTP/1.1 401 Unauthorized"', 'proxy.corp.example', 401],
	])('%s', (_name, text, host, status) => {
		expect(parseAppError(text)).toMatchObject({calledHost: host, status});
	});

	test('a docs link is not a request', () => {
		const parsed = parseAppError(`AuthenticationError: 401 ${incorrect}\n\nTroubleshooting URL: https://js.langchain.com/docs/troubleshooting/errors/MODEL_AUTHENTICATION/\n`);
		expect(parsed.calledHost).toBeUndefined();
		expect(parsed.foreignBody).toBe(false);
	});

	test('query and credentials are dropped from the URL, and no key is kept', () => {
		const parsed = parseAppError(`INFO:httpx:HTTP Request: POST https://user:${key}@relay.example/v1/chat/completions?api-key=${key} "HTTP/1.1 401 Unauthorized"`, [new Secret(key)]);
		expect(parsed).toMatchObject({calledHost: 'relay.example', calledUrl: 'https://relay.example/v1/chat/completions'});
		expect(JSON.stringify(parsed)).not.toContain(key);
		expect(JSON.stringify(parsed)).not.toContain(key.slice(8, 40));
	});
});

describe('parseAppError: what it means beyond the status', () => {
	test.each([
		['python ≥ 2.34', 'openai.OpenAIError: Missing credentials. Please pass an `api_key`, `workload_identity`, `admin_api_key`, or set the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable.'],
		['python 1.x', 'openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable'],
		['node 4.x', "OpenAIError: The OPENAI_API_KEY environment variable is missing or empty; either provide it, or instantiate the OpenAI client with an apiKey option, like new OpenAI({ apiKey: 'My API Key' })."],
		['node 5–6', 'OpenAIError: Missing credentials. Please pass an `apiKey`, or set the `OPENAI_API_KEY` environment variable.'],
		[
			'LangChain python (pydantic validator)',
			'pydantic.v1.error_wrappers.ValidationError: 1 validation error for ChatOpenAI\n__root__\n  Did not find openai_api_key, please add an environment variable `OPENAI_API_KEY` which contains it, or pass `openai_api_key` as a named parameter. (type=value_error)',
		],
		['LangChain JS', 'Error: OpenAI or Azure OpenAI API key or Token Provider not found\n    at new ChatOpenAI (file:///app/node_modules/@langchain/openai/dist/chat_models.js:1201:19)'],
		['Vercel AI SDK', "AI_LoadAPIKeyError: OpenAI API key is missing. Pass it using the 'apiKey' parameter or the OPENAI_API_KEY environment variable."],
	])('the SDK found no key (%s)', (_name, text) => {
		expect(parseAppError(text).keyMissingInApp).toBe(true);
	});

	test('the API says no key was sent', () => {
		expect(parseAppError(`Error code: 401 - {'error': {'message': "${openAIMessages.missingKey}", 'type': 'invalid_request_error', 'param': None, 'code': None}}`)).toMatchObject({noKeySent: true, status: 401});
	});

	test('connection errors from an illegal header value (whitespace in the key)', () => {
		const parsed = parseAppError("openai.APIConnectionError: Connection error.\nh11._util.LocalProtocolError: Illegal header value b'Bearer sk-abc\\n'");
		expect(parsed).toMatchObject({connectionError: true, illegalHeader: true});
		expect(parseAppError('APIConnectionError: Connection error.')).toMatchObject({connectionError: true, illegalHeader: false});
	});

	test('Azure’s Access denied', () => {
		const parsed = parseAppError(`Error code: 401 - {'error': {'code': '401', 'message': '${openAIMessages.azureAccessDenied}'}}`);
		expect(parsed).toMatchObject({status: 401, azureAccessDenied: true});
	});

	test('a 407 from a proxy', () => {
		expect(parseAppError('httpcore.ProxyError: 407 Proxy Authentication Required')).toMatchObject({proxyAuth: true, status: 407});
	});
});

describe('parseAppError: what the corpus of pasted errors showed', () => {
	test('Azure API Management’s own wording is Azure’s access denied', () => {
		expect(parseAppError("Error code: 401 - {'statusCode': 401, 'message': 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'}")).toMatchObject({status: 401, azureAccessDenied: true, keyRefused: true});
	});

	test.each([
		['curl', 'curl: (56) CONNECT tunnel failed, response 407'],
		['a proxy named before its status', 'Error: the proxy answered 407 to CONNECT api.openai.com:443'],
	])('a 407 however the client words it (%s)', (_name, text) => {
		expect(parseAppError(text)).toMatchObject({proxyAuth: true, status: 407});
		expect(parseAppError(text).networkFailure).toBeUndefined();
	});

	test.each([
		['tls', 'httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain'],
		['tls', 'Error: unable to get local issuer certificate\n  code: UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
		['tls', 'Post "https://api.openai.com/v1/chat/completions": tls: failed to verify certificate: x509: certificate signed by unknown authority'],
		['dns', 'httpx.ConnectError: [Errno -3] Temporary failure in name resolution'],
		['dns', 'Error: getaddrinfo ENOTFOUND api.openai.com'],
		['dns', 'dial tcp: lookup api.openai.com: no such host'],
		['refused', 'Error: connect ECONNREFUSED 127.0.0.1:4000'],
		['reset', 'APIConnectionError: Connection error.\n  cause: Error: socket hang up'],
		['timeout', 'openai.APITimeoutError: Request timed out.'],
		['timeout', 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)'],
	] as const)('the app never reached the host (%s)', (kind, text) => {
		expect(parseAppError(text).networkFailure).toBe(kind);
	});

	test('an answered request or a refused header is no network failure', () => {
		expect(parseAppError('Error: 401 Unauthorized (the request timed out once, then was retried)').networkFailure).toBeUndefined();
		expect(parseAppError("httpx.LocalProtocolError: Illegal header value b'Bearer '\nopenai.APIConnectionError: Connection error.").networkFailure).toBeUndefined();
	});

	test.each([
		['one-api / new-api', "Error code: 401 - {'error': {'message': '无效的令牌 (request id: 2024051210241234567890123)', 'type': 'one_api_error'}}"],
		['a gateway', 'Error: 401 {"error":"Invalid bearer token"}'],
		['LiteLLM proxy', "Error code: 401 - {'error': {'message': 'Authentication Error, Invalid proxy server token passed.', 'type': 'auth_error', 'param': 'None', 'code': '401'}}"],
		['OpenAI', incorrect],
	])('a host saying the credential it got is wrong (%s): a key was sent', (_name, text) => {
		expect(parseAppError(text).keyRefused).toBe(true);
	});

	test('no key sent is not a key refused', () => {
		expect(parseAppError(`Error code: 401 - {'error': {'message': "${openAIMessages.missingKey}", 'code': None}}`).keyRefused).toBe(false);
		expect(parseAppError('Error: 404 404 page not found').keyRefused).toBe(false);
	});

	test('a log’s last status is the one that failed', () => {
		const log = 'INFO:httpx:HTTP Request: GET https://api.openai.com/v1/models "HTTP/1.1 200 OK"\nINFO:httpx:HTTP Request: POST https://api.openai.com/v1/chat/completions "HTTP/1.1 401 Unauthorized"';
		expect(parseAppError(log).status).toBe(401);
	});

	test("an axios error as Node prints it: its ERR_ code is the client's, not the API's", () => {
		const dump = `AxiosError: Request failed with status code 401\n    at settle (/app/node_modules/axios/lib/core/settle.js:19:12) {\n  code: 'ERR_BAD_REQUEST',\n  config: {\n    headers: [Object]\n  },\n  response: {\n    status: 401,\n    data: { error: [Object] }\n  }\n}`;
		const parsed = parseAppError(dump);
		expect(parsed.status).toBe(401);
		expect(parsed.code).not.toBe('ERR_BAD_REQUEST');
	});
});

describe('parseAppError: bad input', () => {
	test('empty and unrelated text', () => {
		expect(parseAppError('   ')).toMatchObject({form: 'empty'});
		const parsed = parseAppError('hello world');
		expect(parsed.form).toBe('text');
		expect(parsed.status).toBeUndefined();
	});

	test('a pasted full key never comes back in the message', () => {
		const pasted = makeUserKey(5);
		const parsed = parseAppError(`Error: something failed with key ${pasted}`, [new Secret(pasted)]);
		expect(JSON.stringify(parsed)).not.toContain(pasted);
	});

	test('100 KB of noise is parsed quickly and bounded', () => {
		const noise = `${'x{y} '.repeat(20_000)}Error code: 401 - {'error': {'message': 'm', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`;
		const started = performance.now();
		const parsed = parseAppError(noise);
		expect(performance.now() - started).toBeLessThan(3000);
		expect(parsed.status).toBe(401);
	});

	test('control characters and ANSI colours are tolerated', () => {
		expect(parseAppError(`\u001b[31mError code: 401\u001b[0m - {'error': {'message': '${incorrect}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}\u0000`)).toMatchObject({status: 401, code: 'invalid_api_key'});
	});
});

describe('masks are compared, never shown', () => {
	test('the message keeps the fingerprint form of the mask only', () => {
		const parsed = parseAppError(`AuthenticationError: 401 ${incorrect}`);
		expect(parsed.message).toBe(`Incorrect API key provided: sk-proj-…${key.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`);
		expect(parsed.mask).toBe(mask);
	});
});

describe('parseAppError: every client’s wording', () => {
	type Row = [name: string, text: string, expected: Record<string, unknown>];
	const rows: Row[] = [
		['axios: status code 407', 'AxiosError: Request failed with status code 407', {status: 407, proxyAuth: true}],
		['go-openai: status code and reason', `error, status code: 401, status: 401 Unauthorized, message: ${incorrect}`, {status: 401, code: 'invalid_api_key', mask}],
		['.NET: HTTP 401 (type: code)', `System.ClientModel.ClientResultException: HTTP 401 (invalid_request_error: invalid_api_key)\n\n${incorrect}`, {status: 401, code: 'invalid_api_key', mask}],
		['Azure Entra token refused', "Error code: 401 - {'statusCode': 401, 'message': 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'}", {status: 401, azureTokenRejected: true}],
		['OpenRouter: No auth credentials found', "Error code: 401 - {'error': {'message': 'No auth credentials found', 'code': 401}}", {status: 401, noKeySent: true}],
		['Azure APIM: missing subscription key', 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.', {noKeySent: true}],
		['python KeyError', "KeyError: 'OPENAI_API_KEY'", {keyMissingInApp: true}],
		['an app’s own check', 'Error: OPENAI_API_KEY environment variable is not set', {keyMissingInApp: true}],
		['python 0.x without the hint', 'openai.error.AuthenticationError: No API key provided.', {keyMissingInApp: true}],
		['.NET ArgumentNullException', "System.ArgumentNullException: Value cannot be null. (Parameter 'apiKey')", {keyMissingInApp: true}],
		['an openresty page', '401 <html><head><title>401 Authorization Required</title></head></html>', {status: 401, foreignBody: true, pageOrNoBody: true}],
		['a GitHub Actions log', '##[group]Run node review.js\n##[endgroup]\nError: 401', {ciLog: true, ciKeyEmpty: false}],
		['a GitHub Actions env with the key empty', '2024-05-01T10:00:00.0000000Z ##[group]Run node review.js\n2024-05-01T10:00:00.0000000Z env:\n2024-05-01T10:00:00.0000000Z   OPENAI_API_KEY: \n##[endgroup]', {ciLog: true, ciKeyEmpty: true}],
		['a GitHub Actions env with the key set', '##[group]Run node review.js\n  env:\n    OPENAI_API_KEY: ***\n##[endgroup]', {ciLog: true, ciKeyEmpty: false}],
		['Guzzle’s request line with backticks', `Client error: \`GET https://api.openai.com/v1/models\` resulted in a \`401 Unauthorized\` response`, {status: 401, calledHost: 'api.openai.com', calledUrl: 'https://api.openai.com/v1/models'}],
	];

	test.each(rows)('%s', (_name, text, expected) => {
		expect(parseAppError(text)).toMatchObject(expected);
	});

	test('a header value a client refused is read, and hidden from the message', () => {
		const parsed = parseAppError(`h11._util.LocalProtocolError: Illegal header value b'Bearer ${key}\\n'`);
		expect(parsed.illegalHeader).toBe(true);
		expect(parsed.headerRefusal?.secret?.reveal()).toBe(`${key}\n`);
		expect(parsed.message).not.toContain(key.slice(8, 30));
	});

	test('a literal backslash-n in a decoded JSON message stays two characters; an escaped newline is one', () => {
		const literal = parseAppError(JSON.stringify({error: {message: openAIMessages.incorrectKey(maskLikeOpenAI(`${key}\\n`)), type: 'invalid_request_error', param: null, code: 'invalid_api_key'}}));
		expect(literal.mask!.endsWith('\\n')).toBe(true);
		const newline = parseAppError(JSON.stringify({error: {message: openAIMessages.incorrectKey(maskLikeOpenAI(`${key}\n`)), type: 'invalid_request_error', param: null, code: 'invalid_api_key'}}));
		expect(newline.mask!.endsWith('\n')).toBe(true);
		// node prints the message as it is: a literal \n stays literal.
		expect(parseAppError(`401 ${openAIMessages.incorrectKey(maskLikeOpenAI(`${key}\\n`))}`).mask!.endsWith('\\n')).toBe(true);
	});
});
