import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeAzureKey, makeProjectKey} from '../helpers/fake-keys.js';
import {cleanUp, expectNoLeak, keyEntry, runCli, runTextReport, type Run} from './live-harness.js';
import {startStandIn, type Recorded, type StandIn, type StandInOptions} from './openai-stand-in.js';

/**
 * Acceptance: who chooses the host. The built CLI (`--json`, `--report --save`) against a
 * loopback stand-in that logs every request it gets, headers and all, playing the host a
 * cloned repository's .env names. No key of the user's may reach it until the user names
 * it (--base-url); a key from that same .env may.
 */

const yours = makeProjectKey(4501);
const repos = makeProjectKey(4502);
const yourAzure = makeAzureKey(4503);
const allKeys = [yours, repos, yourAzure];
const python = {'main.py': 'from dotenv import load_dotenv\nload_dotenv()\n'};
const servers: StandIn[] = [];
const folders: string[] = [];

async function serve(options: StandInOptions = {}): Promise<StandIn> {
	const standIn = await startStandIn(options);
	servers.push(standIn);
	return standIn;
}

afterAll(async () => {
	await Promise.all(servers.map(server => server.close()));
	await Promise.all(folders.map(folder => rm(folder, {recursive: true, force: true})));
	await cleanUp();
});

/** Every header of every request the server got, as text. */
function headersOf(requests: readonly Recorded[]): string {
	return requests.map(request => JSON.stringify(request.headers)).join('\n');
}

function probe(run: Run, id: string) {
	return run.report.probes.find(item => item.id === id)!;
}

describe('a host only the project’s .env names', () => {
	it('--json: the user’s key never reaches it (no request, not even curl); inconclusive, exit 3, and the way to confirm is named', async () => {
		const collector = await serve({accounts: {[yours]: {}}});
		const run = await runCli({env: {OPENAI_API_KEY: yours}, files: {...python, '.env': `OPENAI_BASE_URL=${collector.baseUrl}\n`}, baseUrl: null});
		expect(collector.requests).toHaveLength(0);
		expect(collector.connections).toBe(0);
		expect({verdict: run.report.verdict, exitCode: run.exitCode, causes: run.ids}).toEqual({verdict: 'inconclusive', exitCode: 3, causes: []});
		expect(keyEntry(run, yours).live).toBe('untested');
		expect(probe(run, 'live-check').summary).toContain(`To send it there, answer Yes to the wizard's question in step 3, or rerun with --base-url ${collector.baseUrl}.`);
		expect(probe(run, 'endpoint')).toMatchObject({status: 'warn', summary: expect.stringContaining('only .env (a project file, not you) chose 127.0.0.1')});
		expect(run.stdout).not.toMatch(/curl [^"\n]*127\.0\.0\.1/);
		expectNoLeak(run, allKeys);
	});

	it('--report (and the saved transcript): the same, in words', async () => {
		const collector = await serve({accounts: {[yours]: {}}});
		const run = await runTextReport({env: {OPENAI_API_KEY: yours}, files: {...python, '.env': `OPENAI_BASE_URL=${collector.baseUrl}\n`}, baseUrl: null});
		expect(collector.connections).toBe(0);
		expect(run.exitCode).toBe(3);
		expect(run.stdout).toContain('Verdict: INCONCLUSIVE');
		expect(run.stdout).toContain(`rerun with --base-url ${collector.baseUrl}`);
		expect(run.stdout).toMatch(/not sent \(waits for your word: only \.env names 127\.0\.0\.1/);
		expect(run.stdout).not.toMatch(/curl [^"\n]*127\.0\.0\.1/);
		expectNoLeak(run, allKeys);
	});

	it('a key from that same .env goes there, in its header; the user’s own key still does not', async () => {
		const collector = await serve({accounts: {[yours]: {}, [repos]: {}}});
		const run = await runCli({env: {OPENAI_API_KEY: yours}, files: {...python, '.env': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${repos}\n`}, baseUrl: null});
		expect(collector.requests.length).toBeGreaterThan(0);
		expect(collector.requests.every(request => request.headers.authorization === `Bearer ${repos}`)).toBe(true);
		expect(headersOf(collector.requests)).not.toContain(yours);
		expect(keyEntry(run, repos).live).toBe('valid');
		expect(keyEntry(run, yours).live).toBe('untested');
		expect(run.report.verdict).not.toBe('ok');
		expectNoLeak(run, allKeys);
	});

	it('a .env line that only refers to the user’s key (OPENAI_API_KEY=${OPENAI_API_KEY}) does not make it the file’s own', async () => {
		const collector = await serve({accounts: {[yours]: {}}});
		const run = await runCli({env: {OPENAI_API_KEY: yours}, files: {...python, '.env': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=\${OPENAI_API_KEY}\n`}, baseUrl: null});
		expect(collector.connections).toBe(0);
		expect(keyEntry(run, yours)).toMatchObject({live: 'untested', sources: ['env:OPENAI_API_KEY', 'file:.env:2']});
		expect(run.exitCode).toBe(3);
		expectNoLeak(run, allKeys);
	});

	it('named by the user with --base-url, it gets the key (the way to confirm it headless)', async () => {
		const collector = await serve({accounts: {[yours]: {}}});
		const run = await runCli({env: {OPENAI_API_KEY: yours}, files: {...python, '.env': `OPENAI_BASE_URL=${collector.baseUrl}\n`}, baseUrl: collector.baseUrl});
		expect(collector.requests.some(request => request.headers.authorization === `Bearer ${yours}`)).toBe(true);
		expect({verdict: run.report.verdict, exitCode: run.exitCode}).toEqual({verdict: 'ok', exitCode: 0});
		expectNoLeak(run, allKeys);
	});

	it('OPENAI_BASE_URL in the process environment is the user’s choice: the key goes there', async () => {
		const gateway = await serve({accounts: {[yours]: {}}});
		const run = await runCli({env: {OPENAI_API_KEY: yours, OPENAI_BASE_URL: gateway.baseUrl}, files: python, baseUrl: null});
		expect(gateway.requests.some(request => request.headers.authorization === `Bearer ${yours}`)).toBe(true);
		expect(run.exitCode).toBe(0);
	});

	it('AZURE_OPENAI_ENDPOINT only in .env: the user’s Azure key is not sent there; exit 3', async () => {
		const azure = await serve({flavour: 'azure', azureKeys: [yourAzure]});
		const run = await runCli({
			env: {AZURE_OPENAI_API_KEY: yourAzure},
			files: {'.env': `AZURE_OPENAI_ENDPOINT=http://${azure.host}/\nOPENAI_API_VERSION=2024-10-21\n`, 'app.py': 'from dotenv import load_dotenv\nfrom openai import AzureOpenAI\nload_dotenv()\nclient = AzureOpenAI()\n'},
			baseUrl: null,
		});
		expect(azure.connections).toBe(0);
		expect(keyEntry(run, yourAzure).live).toBe('untested');
		expect({verdict: run.report.verdict, exitCode: run.exitCode}).toMatchObject({verdict: 'inconclusive', exitCode: 3});
		expect(probe(run, 'live-check').summary).toContain(`rerun with --base-url http://${azure.host}`);
		expectNoLeak(run, allKeys);
	});
});

describe('a .env in a folder anyone can write to (a shared /tmp)', () => {
	it('gives no settings to the projects under it: its OPENAI_BASE_URL is not the base URL, and it is said', async () => {
		const collector = await serve({accounts: {[yours]: {}}});
		const shared = await mkdtemp(path.join(tmpdir(), 'kw-shared-'));
		folders.push(shared);
		await chmod(shared, 0o1777);
		const project = path.join(shared, 'app');
		await mkdir(project);
		await writeFile(path.join(project, 'main.py'), python['main.py']);
		await writeFile(path.join(shared, '.env'), `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${repos}\n`);
		// --no-network: with the planted host ignored, the default host is api.openai.com, which tests never call.
		const run = await runCli({env: {OPENAI_API_KEY: yours}, args: ['--cwd', project, '--no-network'], baseUrl: null});
		expect(collector.connections).toBe(0);
		expect(probe(run, 'dotenv')).toMatchObject({status: 'warn', summary: expect.stringContaining('settings in ../.env ignored: .. can be written by every user of this machine')});
		expect(probe(run, 'endpoint').summary).toMatch(/^https:\/\/api\.openai\.com\/v1/);
		expect(keyEntry(run, repos).sources).toEqual(['file:../.env:2']);
		expectNoLeak(run, allKeys);
	});
});
