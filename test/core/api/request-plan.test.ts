import {describe, expect, test} from 'vitest';
import {checkBaseUrl, type SafeBaseUrl} from '../../../source/core/api/base-url-safety.js';
import {planModelsRequest, reasonNotToSend, requestHeaders, requestMode, scopeFromEnv, shellQuote} from '../../../source/core/api/request-plan.js';
import {makeAnthropicKey, makeAzureKey, makeProjectKey} from '../../helpers/fake-keys.js';

const base = (url: string): SafeBaseUrl => {
	const checked = checkBaseUrl(url);
	if (!checked.ok) throw new Error(checked.message);
	return checked;
};

describe('planModelsRequest', () => {
	test('OpenAI: GET {base}/models with Bearer and the scope headers the SDKs send', () => {
		const plan = planModelsRequest(base('https://api.openai.com/v1/'), 'openai', 'OPENAI_API_KEY', {organization: 'org-a', project: 'proj_b'});
		expect(plan.url).toBe('https://api.openai.com/v1/models');
		const key = makeProjectKey(3);
		expect(requestHeaders(plan, key)).toMatchObject({authorization: `Bearer ${key}`, 'openai-organization': 'org-a', 'openai-project': 'proj_b'});
		expect(plan.curlCommand).toBe('curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY" -H "OpenAI-Organization: $OPENAI_ORG_ID" -H "OpenAI-Project: $OPENAI_PROJECT_ID"');
		expect(plan.curlCommand).not.toContain(key);
	});

	test('Azure: api-key header against the deployments list with an api-version; no OpenAI scope headers', () => {
		const plan = planModelsRequest(base('https://res.openai.azure.com/openai/deployments/gpt4o'), 'azure', 'OPENAI_API_KEY', {organization: 'org-a'});
		expect(plan.url).toBe('https://res.openai.azure.com/openai/deployments?api-version=2023-03-15-preview');
		const key = makeAzureKey(1);
		const headers = requestHeaders(plan, key);
		expect(headers['api-key']).toBe(key);
		expect(headers.authorization).toBeUndefined();
		expect(headers['openai-organization']).toBeUndefined();
		expect(plan.curlCommand).toContain('"api-key: $OPENAI_API_KEY"');
	});

	test('Azure chosen through AZURE_OPENAI_ENDPOINT beside an OpenAI-style /v1 base URL: the deployments list at the endpoint’s root', () => {
		expect(planModelsRequest(base('http://127.0.0.1:9000/v1'), 'azure', 'AZURE_OPENAI_API_KEY', {}).url).toBe('http://127.0.0.1:9000/openai/deployments?api-version=2023-03-15-preview');
		expect(planModelsRequest(base('https://apim.example.azure-api.net/team-a/openai'), 'azure', 'AZURE_OPENAI_API_KEY', {}).url).toBe('https://apim.example.azure-api.net/team-a/openai/deployments?api-version=2023-03-15-preview');
	});

	test('Azure v1 API lists models like OpenAI', () => {
		expect(planModelsRequest(base('https://res.openai.azure.com/openai/v1'), 'azure', 'OPENAI_API_KEY', {}).url).toBe('https://res.openai.azure.com/openai/v1/models');
	});

	test('a URL with shell characters is quoted in the copyable command', () => {
		expect(shellQuote("http://127.0.0.1:8080/a b'c")).toBe(`'http://127.0.0.1:8080/a b'\\''c'`);
	});
});

describe('scopeFromEnv, requestMode, reasonNotToSend', () => {
	test('OPENAI_ORG_ID / OPENAI_PROJECT_ID trimmed; empty or legacy OPENAI_ORGANIZATION ignored', () => {
		expect(scopeFromEnv({OPENAI_ORG_ID: ' org-a\n', OPENAI_PROJECT_ID: '', OPENAI_ORGANIZATION: 'org-old'})).toEqual({organization: 'org-a'});
	});

	test('Azure mode for Azure hosts and for the endpoint AZURE_OPENAI_ENDPOINT names', () => {
		expect(requestMode(base('https://res.openai.azure.com'), {})).toBe('azure');
		expect(requestMode(base('http://127.0.0.1:9000'), {AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:9000/'})).toBe('azure');
		expect(requestMode(base('http://127.0.0.1:9000'), {AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com'})).toBe('openai');
		expect(requestMode(base('https://api.openai.com/v1'), {})).toBe('openai');
	});

	test('another provider’s key is never handed to OpenAI; an Azure-only key only to its endpoint', () => {
		expect(reasonNotToSend(makeAnthropicKey(1), ['OPENAI_API_KEY'], base('https://api.openai.com/v1'), 'openai')).toMatch(/Anthropic/);
		expect(reasonNotToSend(makeAnthropicKey(1), ['OPENAI_API_KEY'], base('https://gateway.example/v1'), 'openai')).toBeUndefined();
		expect(reasonNotToSend(makeAzureKey(2), ['AZURE_OPENAI_API_KEY'], base('https://api.openai.com/v1'), 'openai')).toMatch(/Azure/);
		expect(reasonNotToSend(makeProjectKey(2), ['OPENAI_API_KEY'], base('https://api.openai.com/v1'), 'openai')).toBeUndefined();
	});
});
