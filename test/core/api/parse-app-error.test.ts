import {describe, expect, test} from 'vitest';
import {openAIMessages} from '../../../source/core/api/openai-errors.js';
import {parseAppError} from '../../../source/core/api/parse-app-error.js';
import {Secret} from '../../../source/core/keys/secret.js';
import {maskLikeOpenAI, maskMatches} from '../../../source/core/keys/mask.js';
import {makeProjectKey, makeUserKey} from '../../helpers/fake-keys.js';

const key = makeProjectKey(77);
const mask = maskLikeOpenAI(key);
const incorrect = openAIMessages.incorrectKey(mask);

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

describe('parseAppError: what it means beyond the status', () => {
	test.each([
		['python ≥ 2.34', 'openai.OpenAIError: Missing credentials. Please pass an `api_key`, `workload_identity`, `admin_api_key`, or set the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable.'],
		['python 1.x', 'openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable'],
		['node 4.x', "OpenAIError: The OPENAI_API_KEY environment variable is missing or empty; either provide it, or instantiate the OpenAI client with an apiKey option, like new OpenAI({ apiKey: 'My API Key' })."],
		['node 5–6', 'OpenAIError: Missing credentials. Please pass an `apiKey`, or set the `OPENAI_API_KEY` environment variable.'],
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
		expect(performance.now() - started).toBeLessThan(500);
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
