import {execFileSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {afterAll, describe, expect, test} from 'vitest';
import {curlProbe} from '../../source/core/probes/curl.js';
import {liveCheckProbe} from '../../source/core/probes/live-check.js';
import type {RunOptions} from '../../source/core/types.js';
import {startFakeOpenAIApi, type FakeApiOptions, type FakeOpenAIApi} from '../../source/runner/fake-openai-api.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {context, sighting} from '../helpers/probe-context.js';
import {startForwardProxy} from '../acceptance/openai-stand-in.js';

const hasCurl = (() => {
	try {
		execFileSync('curl', ['--version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
})();

const good = makeProjectKey(901);
const stale = makeProjectKey(902);
const servers: FakeOpenAIApi[] = [];
afterAll(async () => {
	await Promise.all(servers.map(server => server.close()));
});

async function serve(options: FakeApiOptions): Promise<FakeOpenAIApi> {
	const api = await startFakeOpenAIApi(options);
	servers.push(api);
	return api;
}

const ports = (env: Record<string, string | undefined> = {}) => createRealPorts({env: {PATH: process.env.PATH, ...env}, cwd: tmpdir(), home: tmpdir()});
const keys = [sighting('env', [[stale, 'env:OPENAI_API_KEY']]), sighting('dotenv', [[good, 'file:.env:1']])];

describe.skipIf(!hasCurl)('the real curl', () => {
	test('agrees with the live check, key by key', async () => {
		const api = await serve({keys: {[good]: {organizationSlug: 'user-team'}}});
		const options: Partial<RunOptions> = {baseUrl: api.baseUrl};
		const curl = await curlProbe.run(context(ports(), keys, options));
		const live = await liveCheckProbe.run(context(ports(), keys, options));
		expect(curl.data!.available).toBe(true);
		expect(curl.data!.version).toMatch(/^curl \d+\.\d+/);
		expect(curl.data!.keys.map(key => [key.live, key.status, key.fromOpenAI])).toEqual([
			['invalid', 401, true],
			['valid', 200, true],
		]);
		expect(curl.data!.keys.map(key => key.live)).toEqual(live.data!.keys.map(key => key.live));
		expect(curl.status).toBe('fail');
		expect(curl.data!.command).toBe(`curl ${api.baseUrl}/models -H "Authorization: Bearer $OPENAI_API_KEY"`);
		// curl sent the headers it read from stdin, and only those.
		const sent = api.requests.filter(request => request.headers['user-agent']?.startsWith('curl/'));
		expect(sent).toHaveLength(2);
		expect(sent.map(request => request.headers.authorization).sort()).toEqual([curl.data!.keys[0]!.fingerprint, curl.data!.keys[1]!.fingerprint].sort());
		expect(JSON.stringify(curl)).not.toContain(good);
	});

	test('the key never shows in the process list while curl runs', async () => {
		const api = await serve({flavour: 'stall'});
		const running = curlProbe.run(context(ports(), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: api.baseUrl, timeoutMs: 1500}));
		let seenCurl = false;
		for (let poll = 0; poll < 20 && !seenCurl; poll++) {
			await new Promise(resolve => setTimeout(resolve, 50));
			const list = execFileSync('ps', ['-eo', 'args'], {encoding: 'utf8'});
			expect(list).not.toContain(good);
			seenCurl = list.split('\n').some(line => /^(?:\S*\/)?curl /.test(line) && line.includes(api.baseUrl));
		}

		expect(seenCurl).toBe(true);
		const outcome = await running;
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'timeout'});
	});

	test('a loopback base URL never goes through http_proxy (written host:port, as curl reads it): the proxy sees nothing', async () => {
		const proxy = await startForwardProxy('forward', [], {host: '127.0.0.2'});
		try {
			const api = await serve({keys: {[good]: {}}});
			const outcome = await curlProbe.run(context(ports({http_proxy: `127.0.0.2:${proxy.port}`, ALL_PROXY: proxy.url}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: api.baseUrl}));
			expect(outcome.data!.keys[0]).toMatchObject({live: 'valid', status: 200});
			expect(proxy.connections).toBe(0);
			expect(api.requests).toHaveLength(1);
		} finally {
			await proxy.close();
		}
	});

	test('an https base URL goes through https_proxy written host:port, tunnelled: the proxy gets only CONNECT', async () => {
		const proxy = await startForwardProxy('require-auth', [], {host: '127.0.0.2'});
		try {
			const outcome = await curlProbe.run(context(ports({https_proxy: `127.0.0.2:${proxy.port}`}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: 'https://api.openai.com/v1'}));
			expect(outcome.data!.keys[0]).toMatchObject({status: 407, outcome: 'proxy-auth'});
			expect(proxy.records.map(record => `${record.method} ${record.target}`)).toEqual(['CONNECT api.openai.com:443']);
			expect(JSON.stringify(proxy.records)).not.toContain(good.slice(8, 40));
		} finally {
			await proxy.close();
		}
	});

	test('a refused connection: the exit code says so', async () => {
		const api = await serve({});
		const url = api.baseUrl;
		await api.close();
		const outcome = await curlProbe.run(context(ports(), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: url}));
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'refused', exitCode: 7});
	});
});

test('curl missing from PATH: a clear skip, never a crash', async () => {
	const outcome = await curlProbe.run(context(ports({PATH: '/nonexistent'}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: 'http://127.0.0.1:9/v1'}));
	expect(outcome.status).toBe('skip');
	expect(outcome.summary).toContain('curl is not installed');
});
