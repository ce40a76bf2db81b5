/**
 * Acceptance for reading the app's error like an expert: the built CLI with `--error`,
 * with and without a key in the environment, `--no-network` and against the loopback
 * stand-in of the API. The key the app sent is judged from its mask; a key found only as
 * OPENAI_KEY is tested; a literal \n is named; no output shows a key or a mask.
 */
import {execFileSync} from 'node:child_process';
import {afterAll, describe, expect, it} from 'vitest';
import {makeOpenAIKey, makeOpenRouterKey, makeProjectKey} from '../helpers/fake-keys.js';
import {cleanUp, expectCauses, expectKeysOnlyInAuth, expectNoLeak, keyEntry, runCli, runTextReport, type Run} from './live-harness.js';
import {openAIMask, startStandIn, texts, type StandIn, type StandInOptions} from './openai-stand-in.js';

const here = makeProjectKey(6001);
const sent = makeOpenAIKey('sk-proj-', 74, 6002);
const misnamed = makeProjectKey(6003);
const router = makeOpenRouterKey(6004);
const allKeys = [here, sent, misnamed, router];
const account = {organization: 'org-Acme1234567890abcdefghij', organizationSlug: 'acme', project: 'proj_Acme1234567890abcdefgh'};

const hasCurl = (() => {
	try {
		execFileSync('curl', ['--version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
})();

const servers: StandIn[] = [];
async function serve(options: StandInOptions = {}): Promise<StandIn> {
	const standIn = await startStandIn(options);
	servers.push(standIn);
	return standIn;
}

afterAll(async () => {
	await Promise.all(servers.map(server => server.close()));
	await cleanUp();
});

const python = (message: string, code: string | null, status = 401) =>
	`openai.AuthenticationError: Error code: ${status} - {'error': {'message': '${message.replace(/'/g, "\\'")}', 'type': 'invalid_request_error', 'param': None, 'code': ${code === null ? 'None' : `'${code}'`}}}`;
const node = (message: string) => `AuthenticationError: 401 ${message}\n    at APIError.generate (file:///app/node_modules/openai/error.mjs:44:20)`;

function cause(run: Run, id: string) {
	const found = run.report.causes.find(candidate => candidate.id === id);
	if (!found) throw new Error(`no ${id} among ${run.ids.join(', ')}`);
	return found;
}

describe('--error --no-network: the key the app sent, from its mask', () => {
	it('a project key cut short, no key here: key-malformed says how many characters are missing; the app has a key from elsewhere, not key-missing', async () => {
		const run = await runCli({args: ['--no-network'], error: node(texts.incorrectKey(openAIMask(sent.slice(0, 150))))});
		expectCauses(run, {include: ['key-malformed', 'app-uses-other-key'], exclude: ['key-missing'], top: 'key-malformed'});
		expect(cause(run, 'key-malformed').evidence[0]).toContain('the key sent has 150 characters');
		expect(cause(run, 'key-malformed').evidence[0]).toContain('14 missing against a 164-character key');
		expect(cause(run, 'app-uses-other-key')).toMatchObject({confidence: 'medium'});
		expect(run.exitCode).toBe(1);
		expectNoLeak(run, allKeys);
	});

	it('the same error with a key in the environment: app-uses-other-key is sure, the key here does not match', async () => {
		const run = await runCli({args: ['--no-network'], env: {OPENAI_API_KEY: here}, error: node(texts.incorrectKey(openAIMask(sent.slice(0, 150))))});
		expectCauses(run, {include: ['key-malformed', 'app-uses-other-key'], exclude: ['key-missing']});
		expect(cause(run, 'app-uses-other-key')).toMatchObject({confidence: 'high'});
		expect(keyEntry(run, here).matchesError).toBe(false);
		expectNoLeak(run, allKeys);
	});

	it('"undefined" as the key: the code read an unset variable (key-missing), never a key named undefined', async () => {
		for (const env of [{}, {OPENAI_API_KEY: here}] as Array<Record<string, string>>) {
			const run = await runCli({args: ['--no-network'], env, error: node(texts.incorrectKey('undefined'))});
			expectCauses(run, {include: ['key-missing'], exclude: ['key-invalid', 'key-malformed', 'app-uses-other-key']});
			expectNoLeak(run, allKeys);
		}
	});

	it("python's Illegal header value b'Bearer ': key-empty, with a key here or not", async () => {
		for (const env of [{}, {OPENAI_API_KEY: here}] as Array<Record<string, string>>) {
			const run = await runCli({args: ['--no-network'], env, error: "httpx.LocalProtocolError: Illegal header value b'Bearer '\n\nopenai.APIConnectionError: Connection error."});
			expectCauses(run, {include: ['key-empty'], exclude: ['network-unreachable', 'app-uses-other-key']});
		}
	});

	it('an OpenRouter key sent to OpenAI: key-other-provider, and the base URL that should pair with it', async () => {
		const run = await runCli({args: ['--no-network'], error: python(texts.incorrectKey(openAIMask(router)), 'invalid_api_key')});
		expectCauses(run, {include: ['key-other-provider', 'base-url-mismatch'], exclude: ['key-invalid', 'key-missing']});
		expect(cause(run, 'key-other-provider').snippets.map(snippet => snippet.text)).toContain('export OPENAI_BASE_URL="https://openrouter.ai/api/v1"');
		expectNoLeak(run, allKeys);
	});

	it('a quota error is no key problem, a 407 is a proxy: never key-invalid', async () => {
		const quota = await runCli({args: ['--no-network'], error: python(texts.quota, 'insufficient_quota', 429)});
		expectCauses(quota, {include: ['quota-exceeded'], exclude: ['key-invalid', 'key-missing']});
		const proxy = await runCli({args: ['--no-network'], env: {OPENAI_API_KEY: here}, error: 'AxiosError: Request failed with status code 407'});
		expectCauses(proxy, {include: ['proxy-interference'], exclude: ['key-invalid']});
	});

	it('--report and the saved transcript show the sent key by fingerprint and length only', async () => {
		const run = await runTextReport({args: ['--no-network'], env: {OPENAI_API_KEY: here}, error: node(texts.incorrectKey(openAIMask(sent)))});
		expect(run.stdout).toContain(`sk-proj-…${sent.slice(-4)}, OpenAI project key, 164 characters`);
		expect(run.stdout).not.toContain(sent.slice(0, 12));
		expectNoLeak(run, allKeys);
	});
});

describe('against the loopback stand-in of the API', () => {
	it('the app sent a well-formed key found nowhere here while the key here works: key-invalid for the key sent, app-uses-other-key', async () => {
		const api = await serve({accounts: {[here]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: here}, baseUrl: api.baseUrl, error: python(texts.incorrectKey(openAIMask(sent)), 'invalid_api_key')});
		expect(keyEntry(run, here)).toMatchObject({live: 'valid', matchesError: false});
		expectCauses(run, {include: ['key-invalid', 'app-uses-other-key']});
		expect(cause(run, 'key-invalid').fix[0]).toContain(`Make the app use sk-proj-…${here.slice(-4)}`);
		expectNoLeak(run, allKeys);
		expectKeysOnlyInAuth(api, allKeys, 'openai');
	});

	it('a key ending in a literal \\n (copied out of JSON): key-malformed names it, and nothing "replaced" the key in between', async () => {
		const api = await serve({accounts: {[here]: account}});
		const literal = `${here}\\n`;
		const run = await runCli({env: {OPENAI_API_KEY: literal}, baseUrl: api.baseUrl});
		expectCauses(run, {include: ['key-malformed'], exclude: ['proxy-interference']});
		expect(cause(run, 'key-malformed').evidence.join(' ')).toMatch(/ends with a literal \\n/);
		expectNoLeak(run, [literal, ...allKeys]);
		expectKeysOnlyInAuth(api, [literal], 'openai');
	});

	it('a working key found only as OPENAI_KEY is tested: renaming it is all it takes', async () => {
		const api = await serve({accounts: {[misnamed]: account}});
		const run = await runCli({env: {OPENAI_KEY: misnamed}, baseUrl: api.baseUrl});
		expect(keyEntry(run, misnamed)).toMatchObject({live: 'valid', sources: ['env:OPENAI_KEY']});
		expectCauses(run, {include: ['var-misnamed'], exclude: ['key-invalid', 'key-missing']});
		expect(cause(run, 'var-misnamed').evidence.join(' ')).toContain('renaming OPENAI_KEY to OPENAI_API_KEY is all it takes');
		expect(run.report.probes.find(probe => probe.id === 'live-check')?.summary).not.toBe('No key found to test.');
		expectNoLeak(run, allKeys);
		expectKeysOnlyInAuth(api, allKeys, 'openai');
	});

	it('a dead key found only as OPENAI_KEY: renaming alone will not help, and key-invalid says why', async () => {
		const api = await serve({accounts: {[here]: account}});
		const run = await runCli({env: {OPENAI_KEY: misnamed}, baseUrl: api.baseUrl});
		expect(keyEntry(run, misnamed).live).toBe('invalid');
		expectCauses(run, {include: ['var-misnamed', 'key-invalid']});
		expect(cause(run, 'var-misnamed').evidence.join(' ')).toContain('renaming OPENAI_KEY alone will not help');
		expectNoLeak(run, allKeys);
	});

	it.skipIf(!hasCurl)(`a restricted key: the real curl’s line says valid but restricted, not works${hasCurl ? '' : ' (skipped: curl is not installed)'}`, async () => {
		const api = await serve({accounts: {[here]: {...account, state: 'restricted'}}});
		const run = await runCli({env: {OPENAI_API_KEY: here}, baseUrl: api.baseUrl});
		const curl = run.report.probes.find(probe => probe.id === 'curl')!;
		expect(curl.status).toBe('warn');
		expect(curl.summary).not.toMatch(/works/);
		expect(curl.summary).toMatch(/403 from OpenAI: the key is valid but restricted/);
	});
});
