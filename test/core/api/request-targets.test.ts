import {describe, expect, test} from 'vitest';
import {candidateKeys} from '../../../source/core/api/candidate-keys.js';
import {requestTargets, targetOf} from '../../../source/core/api/request-targets.js';
import {makeAzureKey, makeProjectKey} from '../../helpers/fake-keys.js';
import {makeOptions} from '../../helpers/facts.js';
import {sighting} from '../../helpers/probe-context.js';

const openai = makeProjectKey(41);
const azure = makeAzureKey(42);
const results = new Map([['env', {...sighting('env', [[openai, 'env:OPENAI_API_KEY'], [azure, 'env:AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']]), id: 'env', step: 2 as const, durationMs: 1}]]);
const keys = candidateKeys(results, ['env']);
const env = {AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/'};

describe('requestTargets', () => {
	test('an OpenAI key goes to the base URL, the Azure client’s key to AZURE_OPENAI_ENDPOINT', () => {
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), env, results, keys);
		const [first, second] = keys.map(key => targetOf(targets, key));
		expect(first).toMatchObject({mode: 'openai', base: {hostname: 'api.openai.com'}});
		expect(second).toMatchObject({mode: 'azure', base: {hostname: 'res.openai.azure.com'}});
	});

	test('with --base-url, every key goes there (an Azure key too, and it is refused by the OpenAI rules there)', () => {
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1', baseUrlSource: 'flag'}), env, results, keys);
		expect(targets.azure).toBeUndefined();
		expect(keys.map(key => targetOf(targets, key))).toEqual([expect.objectContaining({mode: 'openai'}), expect.objectContaining({mode: 'openai'})]);
	});

	test('a plain-http endpoint to another machine is refused for the Azure key only', () => {
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), {AZURE_OPENAI_ENDPOINT: 'http://10.0.0.9/'}, results, keys);
		expect(targetOf(targets, keys[0]!)).toMatchObject({mode: 'openai'});
		expect(targetOf(targets, keys[1]!)).toEqual({refused: expect.stringContaining('AZURE_OPENAI_ENDPOINT is refused')});
	});

	test('the copyable command is Azure’s when every key is the Azure client’s, and never holds a key', () => {
		const azureOnly = candidateKeys(results, ['env'], variable => variable === 'AZURE_OPENAI_API_KEY');
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), env, results, azureOnly);
		expect(targets.command).toBe(`curl 'https://res.openai.azure.com/openai/deployments?api-version=2023-03-15-preview' -H "api-key: $AZURE_OPENAI_API_KEY"`);
		expect(requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), env, results, keys).command).not.toContain(openai);
	});

	test('a key only in .env.test (a test fixture) is not sent', () => {
		const fixture = new Map([['dotenv', {...sighting('dotenv', [['sk-test-dummy-value-123', 'file:.env.test:1']]), id: 'dotenv', step: 2 as const, durationMs: 1}]]);
		const [key] = candidateKeys(fixture, ['dotenv']);
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), {}, fixture, [key!]);
		expect(targetOf(targets, key!)).toEqual({refused: 'only in .env.test, which apps read in test runs only'});
	});
});
