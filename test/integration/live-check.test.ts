import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {liveApiRules} from '../../source/core/diagnose/rules/live-api.js';
import {diagnose} from '../../source/core/diagnose/diagnose.js';
import {collectKeys} from '../../source/core/keys/collect.js';
import {liveCheckProbe, type LiveCheckData} from '../../source/core/probes/live-check.js';
import type {ProbeOutcome, ProbeResult, RunOptions} from '../../source/core/types.js';
import {startFakeOpenAIApi, type FakeApiOptions, type FakeOpenAIApi} from '../../source/runner/fake-openai-api.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {makeOptions} from '../helpers/facts.js';
import {makeProjectKey, makeUserKey} from '../helpers/fake-keys.js';
import {context, sighting} from '../helpers/probe-context.js';
import {startForwardProxy, type ForwardProxy} from '../acceptance/openai-stand-in.js';

const good = makeProjectKey(801);
const stale = makeProjectKey(802);
const servers: FakeOpenAIApi[] = [];

async function serve(options: FakeApiOptions): Promise<FakeOpenAIApi> {
	const api = await startFakeOpenAIApi(options);
	servers.push(api);
	return api;
}

const proxies: ForwardProxy[] = [];
async function track(proxy: Promise<ForwardProxy>): Promise<ForwardProxy> {
	proxies.push(await proxy);
	return proxies.at(-1)!;
}

afterAll(async () => {
	await Promise.all([...servers, ...proxies].map(server => server.close()));
});

/** The live check with the real HTTP port, against a real loopback server. */
async function check(baseUrl: string, keys: Array<[string, string]>, options: Partial<RunOptions> = {}, env: Record<string, string> = {}): Promise<ProbeOutcome<LiveCheckData>> {
	const ports = createRealPorts({env: {PATH: process.env.PATH, ...env}, cwd: tmpdir(), home: tmpdir()});
	return liveCheckProbe.run(context(ports, [sighting('env', keys)], {baseUrl, ...options}));
}

describe('live check through the real HTTP port', () => {
	test('a stale key and a good one: refused and working, the key never leaves in the clear except in its header', async () => {
		const api = await serve({keys: {[good]: {organizationSlug: 'user-team', projectId: 'proj_team'}}});
		const outcome = await check(api.baseUrl, [[stale, 'env:OPENAI_API_KEY'], [good, 'file:.env:1']]);
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.keys.map(key => [key.live, key.fromOpenAI])).toEqual([
			['invalid', true],
			['valid', true],
		]);
		expect(outcome.data!.keys[1]).toMatchObject({openaiOrganization: 'user-team', openaiProject: 'proj_team'});
		expect(api.requests.every(request => request.method === 'GET' && request.path === '/v1/models')).toBe(true);
		const text = JSON.stringify(outcome);
		expect(text).not.toContain(good);
		expect(text).not.toContain(stale);
	});

	// How fast this is, is measured by `npm run bench` (in-process.bench.ts), not asserted here.
	test('five keys checked together through the real HTTP port, each with its own answer', async () => {
		const keys = [makeProjectKey(811), makeProjectKey(812), makeUserKey(813), makeProjectKey(814), makeProjectKey(815)];
		const api = await serve({keys: Object.fromEntries(keys.slice(0, 4).map(key => [key, {}]))});
		const outcome = await check(api.baseUrl, keys.map((key, index) => [key, `file:.env:${index + 1}`]));
		expect(outcome.data!.keys.map(key => key.live)).toEqual(['valid', 'valid', 'valid', 'valid', 'invalid']);
	});

	test('a server that never answers: timeout within the probe’s limit', async () => {
		const api = await serve({flavour: 'stall'});
		const started = performance.now();
		const outcome = await check(api.baseUrl, [[good, 'env:OPENAI_API_KEY']], {timeoutMs: 800});
		expect(performance.now() - started).toBeLessThan(800);
		expect(outcome.status).toBe('error');
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'timeout'});
		expect(outcome.data!.networkUnreachable).toBe(true);
	});

	test('a server that sends one byte a second: stopped at the limit', async () => {
		const api = await serve({flavour: 'trickle'});
		const started = performance.now();
		const outcome = await check(api.baseUrl, [[good, 'env:OPENAI_API_KEY']], {timeoutMs: 1500});
		expect(performance.now() - started).toBeLessThan(1500);
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'timeout'});
	});

	test('a 10 MB body is cut at the cap and read as no verdict', async () => {
		const api = await serve({flavour: 'huge'});
		const outcome = await check(api.baseUrl, [[good, 'env:OPENAI_API_KEY']], {timeoutMs: 3000});
		expect(outcome.data!.keys[0]).toMatchObject({status: 200, live: 'error', outcome: 'unexpected'});
		expect(outcome.status).toBe('error');
	});

	test('invalid JSON with a 200 is not taken as a pass', async () => {
		const api = await serve({flavour: 'invalid-json'});
		const outcome = await check(api.baseUrl, [[good, 'env:OPENAI_API_KEY']]);
		expect(outcome.data!.keys[0]).toMatchObject({status: 200, live: 'error', outcome: 'unexpected', bodyShape: 'invalid-json'});
	});

	test('a key with a newline: the real client refuses the header, which is a finding, not a crash', async () => {
		const api = await serve({keys: {[good]: {}}});
		const outcome = await check(api.baseUrl, [[`${good}\n`, 'file:.env:1']]);
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'invalid-header', trimmedKey: {live: 'valid', status: 200}});
		expect(outcome.summary).toMatch(/refused to send the key as a header/);
		expect(api.requests).toHaveLength(1);
	});

	test('a proxy that wants credentials (HTTPS_PROXY written host:port): the 407 is named, the key never reached it', async () => {
		const proxy = await track(startForwardProxy('require-auth', [], {host: '127.0.0.2'}));
		const base = 'https://api.openai.com/v1';
		const outcome = await check(base, [[good, 'env:OPENAI_API_KEY']], {}, {HTTPS_PROXY: `127.0.0.2:${proxy.port}`});
		expect(outcome.data!.keys[0]).toMatchObject({status: 407, outcome: 'proxy-auth', proxy: `http://127.0.0.2:${proxy.port}`});
		// An https target tunnels: the proxy is asked to CONNECT and never sees a header of the request.
		expect(proxy.records.map(record => `${record.method} ${record.target}`)).toEqual(['CONNECT api.openai.com:443']);
		expect(JSON.stringify(proxy.records)).not.toContain(good.slice(8, 40));
		const results = new Map<string, ProbeResult>([
			['env', sighting('env', [[good, 'env:OPENAI_API_KEY']])],
			['live-check', {...outcome, id: 'live-check', step: 3, durationMs: 1}],
		]);
		const causes = diagnose({options: makeOptions({baseUrl: base}), env: {OPENAI_API_KEY: good}, results, keys: collectKeys(results, ['env'])}, liveApiRules);
		expect(causes.map(cause => cause.id)).toEqual(['proxy-interference']);
	});

	test('a loopback base URL never goes through the proxy (HTTP_PROXY and http_proxy both set): checked directly', async () => {
		const proxy = await track(startForwardProxy('require-auth', [], {host: '127.0.0.2'}));
		const api = await serve({keys: {[good]: {}}});
		const outcome = await check(api.baseUrl, [[good, 'env:OPENAI_API_KEY']], {}, {HTTP_PROXY: proxy.url, http_proxy: `127.0.0.2:${proxy.port}`});
		expect(outcome.data!.keys[0]).toMatchObject({live: 'valid'});
		expect(outcome.data!.proxy).toBeUndefined();
		expect(proxy.connections).toBe(0);
	});

	test('a redirect is not followed: the key never reaches the host it points to', async () => {
		const target = await serve({keys: {[good]: {}}});
		const redirecting = createServer((_request, response) => {
			response.writeHead(307, {location: `${target.baseUrl}/models`});
			response.end();
		});
		await new Promise<void>(resolve => redirecting.listen(0, '127.0.0.1', resolve));
		try {
			const address = redirecting.address() as AddressInfo;
			const outcome = await check(`http://127.0.0.1:${address.port}/v1`, [[good, 'env:OPENAI_API_KEY']]);
			expect(outcome.data!.keys[0]).toMatchObject({status: 307, outcome: 'redirect', live: 'error'});
			expect(target.requests).toHaveLength(0);
		} finally {
			await new Promise(resolve => redirecting.close(resolve));
		}
	});

	test('a refused connection', async () => {
		const api = await serve({});
		const url = api.baseUrl;
		await api.close();
		const outcome = await check(url, [[good, 'env:OPENAI_API_KEY']]);
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'refused'});
		expect(outcome.data!.networkUnreachable).toBe(true);
	});
});

describe('a bad certificate', () => {
	let folder = '';
	let tls: {key: string; cert: string} | undefined;
	const hasOpenssl = (() => {
		try {
			execFileSync('openssl', ['version'], {stdio: 'ignore'});
			return true;
		} catch {
			return false;
		}
	})();

	beforeAll(() => {
		if (!hasOpenssl) return;
		folder = mkdtempSync(path.join(tmpdir(), 'kw-tls-'));
		const key = path.join(folder, 'key.pem');
		const cert = path.join(folder, 'cert.pem');
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
		tls = {key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8')};
	});
	afterAll(() => {
		if (folder) rmSync(folder, {recursive: true, force: true});
	});

	test.skipIf(!hasOpenssl)('a self-signed certificate is refused: tls, the key not sent', async () => {
		const api = await serve({tls: tls!, keys: {[good]: {}}});
		expect(api.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:/);
		const outcome = await check(api.baseUrl, [[good, 'env:OPENAI_API_KEY']]);
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'tls'});
		expect(api.requests).toHaveLength(0);
	});
});
