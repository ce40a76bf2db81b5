import OpenAI from 'openai';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startFakeOpenAIApi, type FakeOpenAIApi} from '../../source/runner/fake-openai-api.js';
import {makeJwt, makeProjectKey} from '../helpers/fake-keys.js';

/**
 * The official openai SDK (node, v6) against the stand-in must raise what it raises
 * against the real API: the same error class, status, code and request id.
 */
const keys = {
	good: makeProjectKey(701),
	revoked: makeProjectKey(702),
	restricted: makeProjectKey(703),
	quota: makeProjectKey(704),
	noOrganization: makeProjectKey(705),
	deactivated: makeProjectKey(706),
	ipBlocked: makeProjectKey(707),
};
let api: FakeOpenAIApi;

beforeAll(async () => {
	api = await startFakeOpenAIApi({
		keys: {
			[keys.good]: {organizationId: 'org-real', projectId: 'proj_real'},
			[keys.revoked]: {behaviour: 'revoked'},
			[keys.restricted]: {behaviour: 'restricted', scopes: []},
			[keys.quota]: {behaviour: 'quota'},
			[keys.noOrganization]: {behaviour: 'no-organization'},
			[keys.deactivated]: {behaviour: 'deactivated'},
			[keys.ipBlocked]: {behaviour: 'ip-not-authorized'},
		},
	});
});
afterAll(async () => api.close());

const client = (apiKey: string, extra: {organization?: string; project?: string} = {}) =>
	new OpenAI({apiKey, baseURL: api.baseUrl, maxRetries: 0, timeout: 5000, organization: extra.organization ?? null, project: extra.project ?? null});

async function failure(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
	try {
		await call;
	} catch (error) {
		if (error instanceof OpenAI.APIError) return error;
		throw error;
	}

	throw new Error('expected the call to fail');
}

describe('the official openai SDK against the stand-in', () => {
	test('a good key lists models', async () => {
		const page = await client(keys.good).models.list();
		expect(page.data.map(model => model.id)).toContain('gpt-4o-mini');
	});

	test.each([
		['revoked', keys.revoked, OpenAI.AuthenticationError, 401, 'invalid_api_key'],
		['no organization', keys.noOrganization, OpenAI.AuthenticationError, 401, 'no_organization'],
		['deactivated', keys.deactivated, OpenAI.AuthenticationError, 401, 'account_deactivated'],
		['IP not on the allowlist', keys.ipBlocked, OpenAI.AuthenticationError, 401, 'ip_not_authorized'],
		['a JWT', makeJwt(), OpenAI.AuthenticationError, 401, 'invalid_issuer'],
	] as const)('%s → %s %i %s', async (_name, key, errorClass, status, code) => {
		const error = await failure(client(key).models.list());
		expect(error).toBeInstanceOf(errorClass);
		expect(error.status).toBe(status);
		expect(error.code).toBe(code);
		expect(error.type).toBe('invalid_request_error');
		expect(error.requestID).toMatch(/^req_[0-9a-f]{32}$/);
	});

	test('the SDK prints the mask, never the key', async () => {
		const error = await failure(client(keys.revoked).models.list());
		expect(error.message).toBe(`401 Incorrect API key provided: ${keys.revoked.slice(0, 8)}${'*'.repeat(keys.revoked.length - 12)}${keys.revoked.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`);
	});

	test('organization and project headers the SDK sends are checked', async () => {
		const org = await failure(client(keys.good, {organization: 'org-other'}).models.list());
		expect(org).toBeInstanceOf(OpenAI.AuthenticationError);
		expect(org.code).toBe('mismatched_organization');
		const project = await failure(client(keys.good, {project: 'proj_other'}).models.list());
		expect(project.code).toBe('mismatched_project');
		const both = await client(keys.good, {organization: 'org-real', project: 'proj_real'}).models.list();
		expect(both.data.length).toBeGreaterThan(0);
	});

	test('a restricted key on /models: PermissionDeniedError 403, a string error, no code', async () => {
		const error = await failure(client(keys.restricted).models.list());
		expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
		expect(error.status).toBe(403);
		expect(error.code).toBeUndefined();
		expect(error.message).toMatch(/^403 "You have insufficient permissions for this operation\. Missing scopes: api\.model\.read\./);
	});

	test('a restricted key on chat: AuthenticationError 401, code null, Missing scopes: model.request', async () => {
		const error = await failure(client(keys.restricted).chat.completions.create({model: 'gpt-4o-mini', messages: [{role: 'user', content: 'hi'}]}));
		expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
		expect(error.code).toBeNull();
		expect(error.message).toContain('Missing scopes: model.request.');
	});

	test('out of quota on inference: RateLimitError 429 insufficient_quota', async () => {
		const error = await failure(client(keys.quota).chat.completions.create({model: 'gpt-4o-mini', messages: [{role: 'user', content: 'hi'}]}));
		expect(error).toBeInstanceOf(OpenAI.RateLimitError);
		expect(error.status).toBe(429);
		expect(error.code).toBe('insufficient_quota');
		expect(error.type).toBe('insufficient_quota');
	});

	test('a good key completes a chat', async () => {
		const completion = await client(keys.good).chat.completions.create({model: 'gpt-4o-mini', messages: [{role: 'user', content: 'hi'}]});
		expect(completion.choices[0]!.message.content).toBeTruthy();
	});
});
