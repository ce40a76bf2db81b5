import {describe, expect, it} from 'vitest';
import {describeBaseUrl, docLinks, rotateSnippets} from '../../../source/core/wizard/guidance.js';

describe('guidance', () => {
	it('says where the base URL came from', () => {
		expect(describeBaseUrl({url: 'https://api.openai.com/v1', source: 'default'})).toBe('https://api.openai.com/v1 (the default)');
		expect(describeBaseUrl({url: 'https://gw.example/v1', source: 'flag'})).toBe('https://gw.example/v1 (from --base-url)');
		expect(describeBaseUrl({url: 'https://gw.example/v1', source: 'env:OPENAI_BASE_URL'})).toBe('https://gw.example/v1 (from OPENAI_BASE_URL)');
		expect(describeBaseUrl({url: 'https://gw.example/v1', source: 'file:.env.local:2'})).toBe('https://gw.example/v1 (from OPENAI_BASE_URL in .env.local:2)');
	});

	it('adds the Azure docs only for an Azure setup', () => {
		const labels = (url: string, env: Record<string, string> = {}) => docLinks({baseUrl: url}, env).map(link => link.label);
		expect(labels('https://api.openai.com/v1')).not.toContain('Azure OpenAI authentication');
		expect(labels('https://my.openai.azure.com/openai')).toContain('Azure OpenAI authentication');
		expect(labels('https://api.openai.com/v1', {AZURE_OPENAI_API_KEY: 'x'})).toContain('Azure OpenAI authentication');
	});

	it('installs the new key with a placeholder only', () => {
		for (const snippet of rotateSnippets) expect(snippet.text).toContain('<paste your new key>');
	});
});
