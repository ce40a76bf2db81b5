import {describe, expect, it} from 'vitest';
import {dotenvProbe} from '../../../source/core/probes/dotenv.js';
import {misnamedVarsProbe} from '../../../source/core/probes/misnamed-vars.js';
import {profilesProbe} from '../../../source/core/probes/profiles.js';
import type {ProbeResult} from '../../../source/core/types.js';
import {makeAnthropicKey, makeGoogleKey} from '../../helpers/fake-keys.js';
import {makePorts, type FakePortsOptions} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';
import {dotenvFixture, fixtureKeys, homeFiles} from '../local/fixtures.js';

const {KEY_A, KEY_B} = fixtureKeys;

/** Runs the probes misnamed-vars needs first, then misnamed-vars, on one fake world. */
async function run(options: FakePortsOptions) {
	const ports = makePorts(options);
	const results: ProbeResult[] = [];
	for (const probe of [dotenvProbe, profilesProbe]) {
		const outcome = await probe.run(context(ports, results));
		results.push({...outcome, id: probe.id, step: probe.step, durationMs: 1});
	}

	return misnamedVarsProbe.run(context(ports, results));
}

describe('misnamed-vars probe', () => {
	it('finds a near name in the environment, a .env file and a profile', async () => {
		const outcome = await run({
			env: {SHELL: '/bin/bash', OPENAI_KEY: KEY_A, openai_api_key: KEY_B, GENAI_API_KEY: makeGoogleKey(5), CLAUDE_KEY: makeAnthropicKey(6)},
			files: {'/home/dev/project/.env': dotenvFixture('misnamed.env'), ...homeFiles('bash-misnamed')},
		});
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.found.map(item => [item.source, item.variable, item.match])).toEqual([
			['env:OPENAI_KEY', 'OPENAI_KEY', 'known-misname'],
			['env:openai_api_key', 'openai_api_key', 'case'],
			['file:.env:1', 'OPENAI_KEY', 'known-misname'],
			['profile:~/.bash_profile:1', 'OPENAI_KEY', 'known-misname'],
		]);
		expect(outcome.keys!.map(key => [key.source, key.origin, key.variable])).toEqual([
			['env:OPENAI_KEY', 'env', 'OPENAI_KEY'],
			['env:openai_api_key', 'env', 'openai_api_key'],
		]);
		expect(outcome.summary).toBe("OPENAI_KEY, openai_api_key hold a key, but OPENAI_API_KEY is not set: OpenAI's SDKs read only OPENAI_API_KEY.");
		expect(JSON.stringify(outcome)).not.toContain(KEY_A.slice(8, 40));
	});

	it('passes when OPENAI_API_KEY is set too', async () => {
		const outcome = await run({env: {OPENAI_API_KEY: KEY_A, OPENAI_KEY: KEY_B}});
		expect(outcome).toMatchObject({status: 'pass', summary: 'OPENAI_KEY also holds a key; OPENAI_API_KEY is set, so SDKs use that.'});
	});

	it('ignores near names that hold no key, and other variables', async () => {
		const outcome = await run({env: {OPENAI_KEY: 'your-key-here', OPENAI_API_BASE: 'https://example.test/v1', AZURE_OPENAI_API_KEY: 'abc', OPENAI_ADMIN_KEY: KEY_A}});
		expect(outcome).toMatchObject({status: 'pass', summary: 'No variable with a name close to OPENAI_API_KEY holds a key.'});
		expect(outcome.keys).toEqual([]);
	});
});
