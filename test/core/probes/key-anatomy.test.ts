import {Secret} from '../../../source/core/keys/secret.js';
import {describe, expect, test} from 'vitest';
import {envProbe} from '../../../source/core/probes/env.js';
import {keyAnatomyProbe, type KeyAnatomyData} from '../../../source/core/probes/key-anatomy.js';
import {runProbes} from '../../../source/core/run-probes.js';
import type {KeyObservation, ProbeOutcome, ProbeResult, RunOptions} from '../../../source/core/types.js';
import {makeOptions, observe} from '../../helpers/facts.js';
import {makeAdminKey, makeAnthropicKey, makeJwt, makeOpenRouterKey, makeProjectKey, makeUserKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';

const project = makeProjectKey(301);
const stale = makeProjectKey(302);
const user = makeUserKey(303);
const anthropic = makeAnthropicKey(304);
const admin = makeAdminKey(305);
const jwt = makeJwt('https://auth.openai.com', 306);
const last4 = (value: string) => value.slice(-4);

/** A finished source probe that saw these keys. */
function sourceResult(id: string, keys: KeyObservation[]): ProbeResult {
	return {id, step: 2, durationMs: 1, status: 'pass', summary: 'found', keys};
}

async function run(
	bySource: Partial<Record<'env' | 'dotenv' | 'profiles' | 'login-shell' | 'containers', KeyObservation[]>>,
	options: Partial<RunOptions> = {},
	env: Record<string, string> = {},
): Promise<ProbeOutcome<KeyAnatomyData>> {
	const results = new Map(Object.entries(bySource).map(([id, keys]) => [id, sourceResult(id, keys)]));
	return keyAnatomyProbe.run({ports: makePorts({env}), options: makeOptions(options), signal: new AbortController().signal, results});
}

describe('key-anatomy probe', () => {
	test('declares what it reads', () => {
		expect(keyAnatomyProbe).toMatchObject({id: 'key-anatomy', step: 2, needs: ['env', 'dotenv', 'subfolder-dotenv', 'profiles', 'login-shell']});
	});

	test('another provider’s key with the base URL at that provider is clean; LiteLLM’s sk-1234 at a local gateway is a warn at most', async () => {
		const openRouter = makeOpenRouterKey(9);
		const paired = await run({env: [observe(openRouter)]}, {baseUrl: 'https://openrouter.ai/api/v1', baseUrlSource: 'env:OPENAI_BASE_URL'});
		expect(paired.status).toBe('pass');
		const litellm = await run({env: [observe('sk-1234')]}, {baseUrl: 'http://127.0.0.1:4000', baseUrlSource: 'env:OPENAI_BASE_URL'});
		expect(litellm.status).toBe('warn');
		const atOpenAI = await run({env: [observe(openRouter)]});
		expect(atOpenAI.status).toBe('fail');
	});

	test('no key anywhere: skip', async () => {
		const outcome = await run({env: [], dotenv: []});
		expect(outcome.status).toBe('skip');
		expect(outcome.summary).toBe('No key found to inspect.');
		expect(outcome.data).toEqual({keys: []});
	});

	test('one clean project key seen twice: pass, one detail line with both sources', async () => {
		const outcome = await run({env: [observe(project)], dotenv: [observe(project, 'file:.env:3')]});
		expect(outcome.status).toBe('pass');
		expect(outcome.summary).toBe('1 key, all clean: OpenAI project key.');
		expect(outcome.details).toEqual([`sk-proj-…${last4(project)}  OpenAI project key  (env:OPENAI_API_KEY, file:.env:3)`]);
		expect(outcome.data!.keys).toHaveLength(1);
		expect(outcome.data!.keys[0]).toMatchObject({
			fingerprint: `sk-proj-…${last4(project)}`,
			anatomy: {kind: 'project', provider: 'openai', defects: []},
			sources: ['env:OPENAI_API_KEY', 'file:.env:3'],
		});
		expect(outcome.data!.keys[0]!.sha256).toMatch(/^[0-9a-f]{12}$/);
	});

	test('the key the app uses ends with a newline: fail, with the defect in words', async () => {
		const outcome = await run({env: [observe(`${project}\n`)]});
		expect(outcome.status).toBe('fail');
		expect(outcome.summary).toContain('The key the app uses needs attention.');
		expect(outcome.summary).toContain('ends with a newline (\\n)');
		// The fingerprint shows the last 4 a dashboard shows, not the newline: the defect is said in words.
		expect(new Secret(`${project}\n`).fingerprint).toBe(`sk-proj-…${last4(project)}`);
		expect(outcome.details).toEqual([`sk-proj-…${last4(project)}  OpenAI project key  (env:OPENAI_API_KEY) — ends with a newline (\\n)`]);
		expect(outcome.data!.keys[0]!.anatomy.defects).toEqual(['whitespace']);
	});

	test('a bad key in a file the app does not use: warn, not fail', async () => {
		const outcome = await run({env: [observe(project)], dotenv: [observe(`"${stale}"`, 'file:.env:2')]});
		expect(outcome.status).toBe('warn');
		expect(outcome.summary).toBe(
			`A key the app does not use needs attention. file:.env:2 (sk-proj-…${last4(stale)}): is wrapped in quotes ("…").`,
		);
		expect(outcome.details).toHaveLength(2);
	});

	test('no key in this process, and a new terminal would bring an admin key: fail, named as the new terminal\'s key', async () => {
		const admin = makeAdminKey(61);
		const outcome = await run({env: [], 'login-shell': [observe(admin, 'login-shell:zsh')], profiles: [observe(admin, 'profile:~/.zshrc:1')]});
		expect(outcome.status).toBe('fail');
		expect(outcome.summary).toMatch(/^The key a new terminal would give the app needs attention\. /);
	});

	test('a placeholder in .env with nothing in the environment: fail (the app reads .env)', async () => {
		const outcome = await run({env: [], dotenv: [observe('YOUR_OPENAI_API_KEY', 'file:.env:1')]});
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.keys[0]!.anatomy.kind).toBe('placeholder');
		expect(outcome.details![0]).toContain('template text, not a key');
	});

	test("another provider's key sent to OpenAI: fail", async () => {
		const outcome = await run({env: [observe(anthropic)]});
		expect(outcome.status).toBe('fail');
		expect(outcome.summary).toContain('Anthropic key, not an OpenAI key');
	});

	test("another provider's key at a gateway: warn, the gateway may accept it", async () => {
		const outcome = await run({env: [observe(anthropic)]}, {baseUrl: 'http://localhost:4000', baseUrlSource: 'env:OPENAI_BASE_URL'});
		expect(outcome.status).toBe('warn');
		expect(outcome.summary).toContain("not in OpenAI's format; fine if http://localhost:4000 accepts it");
	});

	test('a JWT: the issuer in the detail line', async () => {
		const outcome = await run({env: [observe(jwt)]});
		expect(outcome.status).toBe('fail');
		expect(outcome.details![0]).toContain('a JWT / OAuth token (issuer https://auth.openai.com)');
	});

	test('an admin key in OPENAI_ADMIN_KEY is what it should be; in OPENAI_API_KEY it is not', async () => {
		const right = await run({env: [observe(user), observe(admin, 'env:OPENAI_ADMIN_KEY')]});
		expect(right.status).toBe('pass');
		expect(right.summary).toBe('2 keys, all clean: OpenAI user key (legacy sk-…), OpenAI admin key.');
		const wrong = await run({env: [observe(admin)]});
		expect(wrong.status).toBe('fail');
		expect(wrong.summary).toContain('an OpenAI admin key, which cannot call models');
	});

	test('reads only the probes it waits for, so its result never depends on timing', async () => {
		const outcome = await run({env: [observe(project)], containers: [observe(`Bearer ${stale}`, 'container:web', {origin: 'container'})]});
		expect(outcome.status).toBe('pass');
		expect(outcome.data!.keys.map(key => key.sources)).toEqual([['env:OPENAI_API_KEY']]);
	});

	test('a malformed value: the reason in the detail line', async () => {
		const outcome = await run({env: [observe('https://api.openai.com/v1')]});
		expect(outcome.status).toBe('fail');
		expect(outcome.details![0]).toMatch(/a URL: a URL, not a key {2}\(env:OPENAI_API_KEY\)$/);
	});

	test('no key value in the summary, the details or the data', async () => {
		const values = [`${project}\n`, `"${stale}"`, `Bearer ${user}`, anthropic, jwt, `OPENAI_API_KEY=${admin}`];
		const outcome = await run({
			env: [observe(values[0]!)],
			dotenv: values.slice(1, 4).map((value, index) => observe(value, `file:.env:${index + 1}`)),
			profiles: [observe(values[4]!, 'profile:~/.bashrc:3'), observe(values[5]!, 'profile:~/.zshrc:9')],
		});
		const text = JSON.stringify({summary: outcome.summary, details: outcome.details, data: outcome.data});
		for (const secret of [project, stale, user, anthropic, jwt, admin]) {
			// Past the prefix the fingerprint shows, no 10 characters of a key appear.
			for (let index = 14; index + 10 <= secret.length; index++) expect(text).not.toContain(secret.slice(index, index + 10));
		}

		expect(outcome.data!.keys).toHaveLength(6);
	});
});

describe('key-anatomy after the real env probe', () => {
	test('a key with a CRLF ending in the environment fails, through the runner', async () => {
		const ports = makePorts({env: {OPENAI_API_KEY: `${project}\r\n`}});
		const results = await runProbes([envProbe, keyAnatomyProbe], ports, makeOptions(), new AbortController().signal);
		const anatomy = results.get('key-anatomy')!;
		expect(anatomy.status).toBe('fail');
		expect(anatomy.details![0]).toContain('ends with a Windows line ending (\\r\\n)');
		expect((anatomy.data as KeyAnatomyData).keys[0]!.anatomy).toMatchObject({kind: 'project', defects: ['whitespace']});
	});

	test('a clean key in the environment passes, through the runner', async () => {
		const ports = makePorts({env: {OPENAI_API_KEY: user}});
		const results = await runProbes([keyAnatomyProbe, envProbe], ports, makeOptions(), new AbortController().signal);
		expect(results.get('key-anatomy')).toMatchObject({status: 'pass', summary: '1 key, all clean: OpenAI user key (legacy sk-…).'});
	});
});
