import {describe, expect, test} from 'vitest';
import {classifyResponse, hasOpenAIHeaders, readBody} from '../../../source/core/api/classify-response.js';
import {codeFromMessage, openAIMessages} from '../../../source/core/api/openai-errors.js';
import {maskLikeOpenAI} from '../../../source/core/keys/mask.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';

/** Headers of a genuine api.openai.com answer (reference §4). */
const openai = {
	'content-type': 'application/json; charset=utf-8',
	'x-request-id': 'req_4e1cf3c0de2a49838af9b7e8959d366d',
	'openai-version': '2020-10-01',
	'openai-processing-ms': '31',
};
const error = (message: string, code: string | null, type = 'invalid_request_error') => JSON.stringify({error: {message, type, param: null, code}});
const key = makeProjectKey(41);

describe('classifyResponse: OpenAI answers (reference §1–2)', () => {
	test.each([
		['200 with the org and project it resolved to', 200, {...openai, 'openai-organization': 'user-abc', 'openai-project': 'proj_1'}, '{"object":"list","data":[]}', 'valid', 'valid', undefined],
		['401 invalid_api_key', 401, openai, error(openAIMessages.incorrectKey(maskLikeOpenAI(key)), 'invalid_api_key'), 'invalid-key', 'invalid', 'invalid_api_key'],
		['401 mismatched_organization', 401, openai, error(openAIMessages.mismatchedOrganization, 'mismatched_organization'), 'org-mismatch', 'invalid', 'mismatched_organization'],
		['401 invalid_organization with an empty message (2023 capture)', 401, openai, error('', 'invalid_organization'), 'invalid-organization', 'invalid', 'invalid_organization'],
		['401 mismatched_project', 401, openai, error(openAIMessages.mismatchedProject, 'mismatched_project'), 'project-mismatch', 'invalid', 'mismatched_project'],
		['401 no_organization', 401, openai, error(openAIMessages.noOrganization, 'no_organization'), 'no-organization', 'invalid', 'no_organization'],
		['401 account_deactivated', 401, openai, error(openAIMessages.accountDeactivated, 'account_deactivated'), 'account-deactivated', 'invalid', 'account_deactivated'],
		['401 invalid_issuer', 401, openai, error(openAIMessages.invalidIssuer, 'invalid_issuer'), 'invalid-issuer', 'invalid', 'invalid_issuer'],
		['401 ip_not_authorized', 401, openai, error(openAIMessages.ipNotAuthorized, 'ip_not_authorized'), 'ip-not-authorized', 'invalid', 'ip_not_authorized'],
		['401 Missing scopes on inference (object, code null)', 401, openai, error(openAIMessages.missingScopesOnInference('model.request'), null), 'missing-scopes', 'valid', undefined],
		['403 string error on /models: restricted but valid', 403, openai, JSON.stringify({error: openAIMessages.missingScopesOnModels('api.model.read')}), 'restricted', 'valid', undefined],
		['429 insufficient_quota: the key works', 429, openai, error(openAIMessages.insufficientQuota, 'insufficient_quota', 'insufficient_quota'), 'quota-exceeded', 'valid', 'insufficient_quota'],
		['429 rate limit', 429, openai, error(openAIMessages.rateLimited, 'rate_limit_exceeded', 'requests'), 'rate-limited', 'valid', 'rate_limit_exceeded'],
		['401 classic missing key', 401, {...openai, 'www-authenticate': 'Bearer realm="OpenAI API"'}, error(openAIMessages.missingKey, null), 'no-key-sent', 'error', undefined],
		['401 Missing bearer or basic', 401, openai, error(openAIMessages.missingBearerOrBasic, null), 'no-key-sent', 'error', undefined],
		['401 Missing bearer', 401, openai, error(openAIMessages.missingBearer, null), 'no-key-sent', 'error', undefined],
		['500', 500, openai, error('The server had an error while processing your request.', null, 'server_error'), 'server-error', 'error', undefined],
		['401 in another wording, code null: "Invalid API key."', 401, openai, error('Invalid API key.', null), 'invalid-key', 'invalid', 'invalid_api_key'],
		['401 in another wording, code null: "The API key you supplied is not valid"', 401, openai, error('The API key you supplied is not valid', null), 'invalid-key', 'invalid', 'invalid_api_key'],
		['401 invalid_api_key with a message of its own', 401, openai, error('Your key was rotated; use the new one.', 'invalid_api_key'), 'invalid-key', 'invalid', 'invalid_api_key'],
	] as const)('%s', (_name, status, headers, body, outcome, live, code) => {
		const answer = classifyResponse({status, headers, body});
		expect(answer.origin).toBe('openai');
		expect(answer.outcome).toBe(outcome);
		expect(answer.live).toBe(live);
		expect(answer.code).toBe(code);
		expect(answer.requestId).toBe('req_4e1cf3c0de2a49838af9b7e8959d366d');
	});

	test('the mask in invalid_api_key is kept for matching, and the message never holds the key', () => {
		const answer = classifyResponse({status: 401, headers: openai, body: error(openAIMessages.incorrectKey(maskLikeOpenAI(key)), 'invalid_api_key')});
		expect(answer.mask).toBe(maskLikeOpenAI(key));
		expect(answer.message).not.toContain(key);
	});

	test('the scopes a 403 names are listed', () => {
		const answer = classifyResponse({status: 403, headers: openai, body: JSON.stringify({error: openAIMessages.missingScopesOnModels('api.model.read')})});
		expect(answer.missingScopes).toEqual(['api.model.read']);
		expect(answer.bodyShape).toBe('string-error');
	});

	test('a client that dropped the code: the message still names it', () => {
		const answer = classifyResponse({status: 401, headers: openai, body: JSON.stringify({error: {message: openAIMessages.mismatchedOrganization, type: 'invalid_request_error', param: null, code: null}})});
		expect(answer.outcome).toBe('org-mismatch');
	});
});

describe('classifyResponse: answers that are not OpenAI’s (reference §4)', () => {
	test.each([
		['407 from a proxy', 407, {'proxy-authenticate': 'Basic realm="corp"'}, '', 'proxy', 'proxy-auth', 'error'],
		['a relay’s JSON 401', 401, {'content-type': 'application/json'}, JSON.stringify({error: {message: 'Invalid API key', type: 'authentication_error', code: 'api_key_invalid'}}), 'gateway', 'rejected-elsewhere', 'invalid'],
		['an openresty HTML 401', 401, {'content-type': 'text/html', server: 'openresty'}, '<html><head><title>401 Authorization Required</title></head></html>', 'gateway', 'rejected-elsewhere', 'invalid'],
		['an empty 401', 401, {}, '', 'gateway', 'rejected-elsewhere', 'invalid'],
		['a Chinese relay message', 401, {'content-type': 'application/json'}, JSON.stringify({error: {message: '无效的令牌', type: 'new_api_error'}}), 'gateway', 'rejected-elsewhere', 'invalid'],
		['Azure: Access denied with apim-request-id', 401, {'apim-request-id': '0f1e2d3c-0000-4000-8000-000000000000', 'content-type': 'application/json'}, JSON.stringify({error: {code: '401', message: openAIMessages.azureAccessDenied}}), 'azure', 'azure-denied', 'invalid'],
		['Azure with code Unauthorized', 401, {'content-type': 'application/json'}, JSON.stringify({error: {code: 'Unauthorized', message: openAIMessages.azureAccessDenied}}), 'azure', 'azure-denied', 'invalid'],
		['OpenRouter’s 401 (a numeric code, no type) is a gateway’s, not Azure’s', 401, {'content-type': 'application/json'}, '{"error":{"message":"User not found.","code":401}}', 'gateway', 'rejected-elsewhere', 'invalid'],
		['Azure 200', 200, {'apim-request-id': 'x'}, '{"data":[],"object":"list"}', 'azure', 'valid', 'valid'],
		['Azure 404 after the key was accepted', 404, {'apim-request-id': 'x'}, JSON.stringify({error: {code: '404', message: 'Resource not found'}}), 'azure', 'valid', 'valid'],
		['a gateway that accepts the key (LiteLLM, no OpenAI headers)', 200, {'content-type': 'application/json'}, '{"object":"list","data":[]}', 'gateway', 'valid', 'valid'],
	] as const)('%s', (_name, status, headers, body, origin, outcome, live) => {
		const answer = classifyResponse({status, headers, body});
		expect(answer.origin).toBe(origin);
		expect(answer.outcome).toBe(outcome);
		expect(answer.live).toBe(live);
	});

	test('OpenAI’s body without OpenAI’s headers: relayed or rewritten by something in between', () => {
		const answer = classifyResponse({status: 401, headers: {'content-type': 'application/json'}, body: error(openAIMessages.incorrectKey('sk-abc*******wxyz'), 'invalid_api_key')});
		expect(answer.origin).toBe('gateway');
		expect(answer.headersMissing).toBe(true);
		expect(answer.outcome).toBe('invalid-key');
	});

	test('the captured invalid_api_key 401 with only content-type and OpenAI’s request id is OpenAI’s (reference §2.2)', () => {
		for (const id of ['req_4e1cf3c0de2a49838af9b7e8959d366d', '4e1cf3c0de2a49838af9b7e8959d366d']) {
			const answer = classifyResponse({status: 401, headers: {'content-type': 'application/json; charset=utf-8', 'x-request-id': id}, body: error(openAIMessages.incorrectKey(maskLikeOpenAI(key)), 'invalid_api_key')});
			expect(answer).toMatchObject({origin: 'openai', outcome: 'invalid-key', headersMissing: false});
		}

		// A gateway's own id (a UUID) with a relay's body stays a gateway's answer, and so does OpenAI's shape under a UUID.
		const uuid = {'content-type': 'application/json', 'x-request-id': '0f1e2d3c-4b5a-4968-8776-655443322110'};
		expect(classifyResponse({status: 401, headers: uuid, body: JSON.stringify({error: {message: 'Invalid API key', type: 'authentication_error', code: 'api_key_invalid'}})}).origin).toBe('gateway');
		expect(classifyResponse({status: 401, headers: uuid, body: error(openAIMessages.incorrectKey('sk-abc*******wxyz'), 'invalid_api_key')})).toMatchObject({origin: 'gateway', headersMissing: true});
		expect(classifyResponse({status: 401, headers: {'x-request-id': 'req_4e1cf3c0de2a49838af9b7e8959d366d'}, body: '<html><title>401</title></html>'}).origin).toBe('gateway');
	});

	test('cf-ray and server: cloudflare alone do not make an answer OpenAI’s', () => {
		expect(hasOpenAIHeaders({'cf-ray': '8a1b2c3d4e5f6a7b-FRA', server: 'cloudflare'})).toBe(false);
		expect(hasOpenAIHeaders({'x-request-id': 'req_1', 'openai-version': '2020-10-01'})).toBe(true);
	});

	test('a 200 that is no models list is no verdict: a captive portal’s HTML, a garbled body', () => {
		expect(classifyResponse({status: 200, headers: {'content-type': 'text/html'}, body: '<html><title>Sign in to Wi-Fi</title></html>'})).toMatchObject({outcome: 'unexpected', live: 'error', origin: 'gateway'});
		expect(classifyResponse({status: 200, headers: openai, body: '{"object": "list", "da'})).toMatchObject({outcome: 'unexpected', live: 'error', bodyShape: 'invalid-json'});
	});

	test('invalid JSON and truncated bodies do not throw', () => {
		expect(classifyResponse({status: 200, headers: openai, body: '{"object": "list", "da', truncated: true})).toMatchObject({outcome: 'valid', bodyShape: 'invalid-json', truncated: true});
		expect(readBody('not json at all')).toEqual({shape: 'text', message: 'not json at all'});
		expect(readBody('[1,2]').shape).toBe('foreign-json');
	});
});

describe('classifyResponse: redirects', () => {
	test('a redirect is never followed and says where it pointed', () => {
		expect(classifyResponse({status: 301, headers: {location: 'https://elsewhere.example/v1/models'}, body: ''})).toMatchObject({outcome: 'redirect', live: 'error', redirectHost: 'elsewhere.example'});
	});
});

describe('codeFromMessage: a refused key in every wording, and the code named outright', () => {
	test.each([
		['Incorrect API key provided: sk-proj-****abcd.', 'invalid_api_key'],
		['Invalid API key', 'invalid_api_key'],
		['invalid api-key', 'invalid_api_key'],
		['The API key is not valid', 'invalid_api_key'],
		['API key has been revoked', 'invalid_api_key'],
		["AuthenticationError: 401 The key is not valid {\n  code: 'invalid_api_key',\n  param: null\n}", 'invalid_api_key'],
		['{"code":"mismatched_project"}', 'mismatched_project'],
		["You didn't provide an API key.", undefined],
		['The OPENAI_API_KEY environment variable is missing or empty', undefined],
		['Rate limit reached for requests', undefined],
	])('%j → %s', (message, code) => {
		expect(codeFromMessage(message)).toBe(code);
	});
});
