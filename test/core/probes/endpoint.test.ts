import {describe, expect, test} from 'vitest';
import {endpointProbe, normaliseUrl} from '../../../source/core/probes/endpoint.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';

const run = (env: Record<string, string>, options = {}) => endpointProbe.run(context(makePorts({env}), [], options));

describe('endpoint', () => {
	test('a plain setup: pass, default base URL, no headers', async () => {
		const outcome = await run({});
		expect(outcome.status).toBe('pass');
		expect(outcome.summary).toBe('https://api.openai.com/v1.');
		expect(outcome.data).toMatchObject({safe: true, hostKind: 'openai', disagreements: [], proxies: {}});
	});

	test('OPENAI_API_BASE pointing elsewhere than the SDKs go', async () => {
		const outcome = await run({OPENAI_API_BASE: 'https://old-relay.example/v1'});
		expect(outcome.status).toBe('warn');
		expect(outcome.data!.disagreements).toEqual([{variable: 'OPENAI_API_BASE', value: 'https://old-relay.example/v1', current: 'https://api.openai.com/v1 (the default)'}]);
	});

	test('OPENAI_API_BASE equal to OPENAI_BASE_URL up to a trailing slash agrees', async () => {
		const outcome = await run({OPENAI_API_BASE: 'https://gw.example/v1/', OPENAI_BASE_URL: 'https://gw.example/v1'}, {baseUrl: 'https://gw.example/v1', baseUrlSource: 'env:OPENAI_BASE_URL'});
		expect(outcome.data!.disagreements).toEqual([]);
	});

	test('OPENAI_ORGANIZATION disagreeing with OPENAI_ORG_ID', async () => {
		const outcome = await run({OPENAI_ORGANIZATION: 'org-old', OPENAI_ORG_ID: 'org-new'});
		expect(outcome.data!.disagreements).toEqual([{variable: 'OPENAI_ORGANIZATION', value: 'org-old', current: 'OPENAI_ORG_ID=org-new'}]);
		expect(outcome.data).toMatchObject({organization: 'org-new', legacyOrganization: 'org-old'});
	});

	test('proxies are reported without their credentials', async () => {
		const outcome = await run({HTTPS_PROXY: 'http://alice:s3cret@proxy.corp:3128', NO_PROXY: 'localhost,.corp'});
		expect(outcome.status).toBe('warn');
		expect(outcome.data!.proxies).toEqual({HTTPS_PROXY: 'http://***@proxy.corp:3128'});
		expect(JSON.stringify(outcome)).not.toContain('s3cret');
	});

	test('a base URL with a password in it is refused, and shown without it', async () => {
		const url = 'http://admin:Hunter2Secret@gw.example/v1';
		const outcome = await run({OPENAI_BASE_URL: url}, {baseUrl: url, baseUrlSource: 'env:OPENAI_BASE_URL'});
		expect(outcome.data).toMatchObject({safe: false, baseUrl: 'http://***@gw.example/v1', sdkBaseUrl: 'http://gw.example/v1'});
		expect(JSON.stringify(outcome)).not.toContain('Hunter2Secret');
	});

	test('Azure settings, and OPENAI_CUSTOM_HEADERS that override auth (names only)', async () => {
		const outcome = await run({
			AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com',
			OPENAI_API_VERSION: '2024-10-21',
			OPENAI_CUSTOM_HEADERS: 'X-Team: a\nOpenAI-Organization: org-x\nAuthorization: Bearer nope',
		});
		expect(outcome.data!.azure).toMatchObject({endpoint: 'https://res.openai.azure.com', endpointHost: 'res.openai.azure.com', apiVersion: '2024-10-21'});
		expect(outcome.data!.customAuthHeaders).toEqual(['OpenAI-Organization', 'Authorization']);
		expect(JSON.stringify(outcome)).not.toContain('nope');
		expect(outcome.summary).toContain('AZURE_OPENAI_ENDPOINT is set but no AZURE_OPENAI_API_KEY, and the base URL is not Azure');
	});

	test('an unsafe base URL fails here too', async () => {
		const outcome = await run({}, {baseUrl: 'http://gateway.example/v1', baseUrlSource: 'env:OPENAI_BASE_URL'});
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.safe).toBe(false);
	});

	test('normaliseUrl', () => {
		expect(normaliseUrl(' HTTPS://API.openai.com/v1/ ')).toBe('https://api.openai.com/v1');
	});
});
