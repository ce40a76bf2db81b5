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

	it('adds each client library’s own docs after the general ones, a link shared by two only once', () => {
		const migration = {label: 'Migrating to openai 1.x', url: 'https://github.com/openai/openai-python/discussions/742'};
		const links = docLinks({baseUrl: 'https://api.openai.com/v1'}, {}, [{docs: [migration, {label: 'Python library', url: 'https://github.com/openai/openai-python'}]}, {docs: [migration]}]);
		expect(links.filter(link => link.url === migration.url)).toHaveLength(1);
		expect(links.filter(link => link.url === 'https://github.com/openai/openai-python')).toHaveLength(1);
		expect(links.at(-1)).toEqual(migration);
	});

	it('installs the new key with a placeholder only', () => {
		for (const snippet of rotateSnippets) expect(snippet.text).toContain('<paste your new key>');
	});
});
