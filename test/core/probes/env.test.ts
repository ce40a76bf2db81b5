import {describe, expect, it} from 'vitest';
import {envProbe, stripCredentials} from '../../../source/core/probes/env.js';
import {makeAzureKey, makeProjectKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';

const run = (env: Record<string, string>) => envProbe.run(context(makePorts({env}), []));

describe('env probe', () => {
	it('passes with a key set and reports it only as a fingerprint', async () => {
		const key = makeProjectKey(11);
		const outcome = await run({OPENAI_API_KEY: key});
		expect(outcome).toMatchObject({status: 'pass', summary: `OPENAI_API_KEY is set (sk-proj-…${key.slice(-4)}).`});
		expect(outcome.keys).toHaveLength(1);
		expect(outcome.keys![0]).toMatchObject({source: 'env:OPENAI_API_KEY', origin: 'env', variable: 'OPENAI_API_KEY'});
		expect(JSON.stringify(outcome)).not.toContain(key);
	});

	it('warns, not fails, when the key is unset: a .env file or the runtime may provide it', async () => {
		const outcome = await run({});
		expect(outcome.status).toBe('warn');
		expect(outcome.data).toMatchObject({keySet: false, keyEmpty: false});
		expect(outcome.keys).toEqual([]);
	});

	it.each([[''], ['   '], ['\n']])('fails when the key is set but empty (%j): it hides any .env value', async value => {
		const outcome = await run({OPENAI_API_KEY: value});
		expect(outcome).toMatchObject({status: 'fail', data: {keySet: true, keyEmpty: true}});
		expect(outcome.keys).toEqual([]);
	});

	it('lists related settings by name, keeps non-secret values, and never keeps a secret value', async () => {
		const azure = makeAzureKey(3);
		const outcome = await run({
			OPENAI_API_KEY: makeProjectKey(12),
			OPENAI_BASE_URL: 'https://gateway.example/v1',
			OPENAI_ORG_ID: 'org-abc',
			AZURE_OPENAI_API_KEY: azure,
			HTTPS_PROXY: 'http://user:secret@proxy.example:3128',
		});
		expect(outcome.summary).toContain('Also set: OPENAI_BASE_URL, OPENAI_ORG_ID, AZURE_OPENAI_API_KEY, HTTPS_PROXY.');
		expect(outcome.data!.settings).toEqual({OPENAI_BASE_URL: 'https://gateway.example/v1', OPENAI_ORG_ID: 'org-abc', HTTPS_PROXY: 'http://***@proxy.example:3128'});
		expect(outcome.keys!.map(key => key.source)).toEqual(['env:OPENAI_API_KEY', 'env:AZURE_OPENAI_API_KEY']);
		expect(JSON.stringify(outcome.data)).not.toContain(azure);
		expect(JSON.stringify(outcome.data)).not.toContain('secret@');
	});

	it.each([
		[{CI: 'true', GITHUB_ACTIONS: 'true'}, true, 'github-actions'],
		[{CI: '1', GITLAB_CI: 'true'}, true, 'gitlab'],
		[{CI: 'false'}, false, undefined],
		[{}, false, undefined],
	])('tells CI (%j)', async (env, ci, provider) => {
		const outcome = await run(env as Record<string, string>);
		expect(outcome.data).toMatchObject({ci});
		expect(outcome.data!.ciProvider).toBe(provider);
	});

	it('strips credentials from proxy URLs', () => {
		expect(stripCredentials('https://u:p@host:1')).toBe('https://***@host:1');
		expect(stripCredentials('http://host:8080')).toBe('http://host:8080');
	});

	it('an Azure app: the Azure client’s two variables set and no OPENAI_API_KEY is a pass, said as such', async () => {
		const outcome = await envProbe.run(context(makePorts({env: {AZURE_OPENAI_API_KEY: makeAzureKey(3), AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/', OPENAI_API_VERSION: '2024-10-21'}}), []));
		expect(outcome.status).toBe('pass');
		expect(outcome.summary).toBe("AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT are set (the Azure client's); OPENAI_API_KEY is not. Also set: OPENAI_API_VERSION.");
	});
});
