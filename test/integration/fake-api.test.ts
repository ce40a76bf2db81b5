import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {openAIMessages} from '../../source/core/api/openai-errors.js';
import {maskLikeOpenAI} from '../../source/core/keys/mask.js';
import {createHttp} from '../../source/runner/http.js';
import {startFakeOpenAIApi, type FakeOpenAIApi} from '../../source/runner/fake-openai-api.js';
import {makeAzureKey, makeJwt, makeProjectKey} from '../helpers/fake-keys.js';

const good = makeProjectKey(601);
const revoked = makeProjectKey(602);
const restricted = makeProjectKey(603);
const http = createHttp({});
let api: FakeOpenAIApi;

beforeAll(async () => {
	api = await startFakeOpenAIApi({
		keys: {
			[good]: {organizationId: 'org-real', organizationSlug: 'user-abc', projectId: 'proj_real'},
			[revoked]: {behaviour: 'revoked'},
			[restricted]: {behaviour: 'restricted', scopes: []},
		},
	});
});
afterAll(async () => api.close());

const get = (path: string, headers: Record<string, string> = {}) => http({url: `${api.baseUrl}${path}`, method: 'GET', headers, timeoutMs: 2000});
const bearer = (key: string) => ({authorization: `Bearer ${key}`});

/** The body as the real API writes it, built here from the reference's texts, not from the server's code. */
const errorBody = (message: string, code: string | null) => ({error: {message, type: 'invalid_request_error', param: null, code}});

describe('the stand-in answers like the OpenAI API (reference §1–4)', () => {
	test('listens on 127.0.0.1 only', () => {
		expect(api.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	test('200: models list, OpenAI headers, the org slug and project the key resolved to', async () => {
		const result = await get('/models', bearer(good));
		if (!result.ok) throw new Error(result.message);
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(result.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
		expect(result.headers['openai-version']).toBe('2020-10-01');
		expect(result.headers['openai-processing-ms']).toMatch(/^\d+$/);
		expect(result.headers['openai-organization']).toBe('user-abc');
		expect(result.headers['openai-project']).toBe('proj_real');
		expect(JSON.parse(result.body)).toMatchObject({object: 'list', data: expect.arrayContaining([expect.objectContaining({object: 'model'})])});
	});

	test('401 invalid_api_key with the mask: first 8, one * per hidden character, last 4', async () => {
		const result = await get('/models', bearer(revoked));
		if (!result.ok) throw new Error(result.message);
		expect(result.status).toBe(401);
		const mask = `${revoked.slice(0, 8)}${'*'.repeat(revoked.length - 12)}${revoked.slice(-4)}`;
		expect(JSON.parse(result.body)).toEqual(errorBody(`Incorrect API key provided: ${mask}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_api_key'));
		expect(result.headers['openai-organization']).toBeUndefined();
		expect(result.body).not.toContain(revoked);
	});

	test('short values come back whole', async () => {
		const result = await get('/models', bearer('fake'));
		if (!result.ok) throw new Error(result.message);
		expect(JSON.parse(result.body).error.message).toBe('Incorrect API key provided: fake. You can find your API key at https://platform.openai.com/account/api-keys.');
	});

	test('no key: 401, www-authenticate, the /models wording', async () => {
		const result = await get('/models');
		if (!result.ok) throw new Error(result.message);
		expect(result.status).toBe(401);
		expect(result.headers['www-authenticate']).toBe('Bearer realm="OpenAI API"');
		expect(JSON.parse(result.body)).toEqual(errorBody('Missing bearer authentication in header', null));
	});

	test('no key on chat/completions: the classic wording', async () => {
		const result = await http({url: `${api.baseUrl}/chat/completions`, method: 'POST', headers: {'content-type': 'application/json', authorization: 'Bearer '}, body: '{}', timeoutMs: 2000});
		if (!result.ok) throw new Error(result.message);
		expect(JSON.parse(result.body).error.message).toBe(openAIMessages.missingKey);
		expect(JSON.parse(result.body).error.message).toMatch(/^You didn't provide an API key\. You need to provide your API key in an Authorization header using Bearer auth/);
	});

	test.each([
		['org-other', 'OpenAI-Organization header should match organization for API key', 'mismatched_organization'],
		['Personal', 'No such organization: Personal.', 'invalid_organization'],
	])('OpenAI-Organization %s', async (organization, message, code) => {
		const result = await get('/models', {...bearer(good), 'openai-organization': organization});
		if (!result.ok) throw new Error(result.message);
		expect(result.status).toBe(401);
		expect(JSON.parse(result.body)).toEqual(errorBody(message, code));
	});

	test('OpenAI-Project of another project', async () => {
		const result = await get('/models', {...bearer(good), 'openai-project': 'proj_other'});
		if (!result.ok) throw new Error(result.message);
		expect(JSON.parse(result.body)).toEqual(errorBody('OpenAI-Project header should match project for API key', 'mismatched_project'));
	});

	test('a restricted key: 403 with a string error on /models, 401 Missing scopes on inference', async () => {
		const models = await get('/models', bearer(restricted));
		if (!models.ok) throw new Error(models.message);
		expect(models.status).toBe(403);
		expect(JSON.parse(models.body)).toEqual({
			error:
				"You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Viewer, Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.",
		});
		const chat = await http({url: `${api.baseUrl}/chat/completions`, method: 'POST', headers: {...bearer(restricted), 'content-type': 'application/json'}, body: '{"model":"gpt-4o-mini"}', timeoutMs: 2000});
		if (!chat.ok) throw new Error(chat.message);
		expect(chat.status).toBe(401);
		expect(JSON.parse(chat.body).error).toMatchObject({code: null, message: expect.stringContaining('Missing scopes: model.request.')});
	});

	test('a JWT: invalid_issuer', async () => {
		const result = await get('/models', bearer(makeJwt()));
		if (!result.ok) throw new Error(result.message);
		expect(JSON.parse(result.body)).toEqual(errorBody('Your authentication token is not from a valid issuer.', 'invalid_issuer'));
	});

	test('an unknown path: 404 Invalid URL', async () => {
		const result = await get('/nope', bearer(good));
		if (!result.ok) throw new Error(result.message);
		expect(result.status).toBe(404);
		expect(JSON.parse(result.body).error.message).toBe(`Invalid URL (GET /v1/nope)`);
	});

	test('the record keeps header names and a key hash, never the key', () => {
		const text = JSON.stringify(api.requests);
		expect(text).not.toContain(good);
		expect(api.requests.some(request => request.keySha256?.length === 12)).toBe(true);
	});

	test('the mask function agrees with the lead’s mask module', () => {
		expect(`${revoked.slice(0, 8)}${'*'.repeat(revoked.length - 12)}${revoked.slice(-4)}`).toBe(maskLikeOpenAI(revoked));
	});
});

describe('flavours', () => {
	test('gateway: a foreign 401, no OpenAI headers', async () => {
		const gateway = await startFakeOpenAIApi({flavour: 'gateway'});
		try {
			const result = await http({url: `${gateway.baseUrl}/models`, method: 'GET', headers: bearer(good), timeoutMs: 2000});
			if (!result.ok) throw new Error(result.message);
			expect(result.status).toBe(401);
			expect(result.headers['x-request-id']).toBeUndefined();
			expect(JSON.parse(result.body)).toEqual({error: {message: 'Invalid API key', type: 'authentication_error', code: 'api_key_invalid'}});
		} finally {
			await gateway.close();
		}
	});

	test('proxy: 407 with Proxy-Authenticate', async () => {
		const proxy = await startFakeOpenAIApi({flavour: 'proxy'});
		try {
			const result = await http({url: `${proxy.baseUrl}/models`, method: 'GET', headers: bearer(good), timeoutMs: 2000});
			if (!result.ok) throw new Error(result.message);
			expect(result.status).toBe(407);
			expect(result.headers['proxy-authenticate']).toBe('Basic realm="proxy"');
		} finally {
			await proxy.close();
		}
	});

	test('Azure: api-key header, deployments with api-version, Access denied with apim-request-id', async () => {
		const azureKey = makeAzureKey(9);
		const azure = await startFakeOpenAIApi({flavour: 'azure', keys: {[azureKey]: {}}});
		try {
			const ok = await http({url: `${azure.origin}/openai/deployments?api-version=2023-03-15-preview`, method: 'GET', headers: {'api-key': azureKey}, timeoutMs: 2000});
			if (!ok.ok) throw new Error(ok.message);
			expect(ok.status).toBe(200);
			const denied = await http({url: `${azure.origin}/openai/deployments?api-version=2023-03-15-preview`, method: 'GET', headers: bearer(good), timeoutMs: 2000});
			if (!denied.ok) throw new Error(denied.message);
			expect(denied.status).toBe(401);
			expect(denied.headers['apim-request-id']).toMatch(/^[0-9a-f-]{36}$/);
			expect(JSON.parse(denied.body)).toEqual({
				error: {
					code: '401',
					message:
						'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
				},
			});
		} finally {
			await azure.close();
		}
	});
});
