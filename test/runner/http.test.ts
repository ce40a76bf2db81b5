import {createServer, type AddressInfo} from 'node:net';
import {afterAll, describe, expect, test} from 'vitest';
import {createHttp} from '../../source/runner/http.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {closedPort, startForwardProxy, startStandIn, type ForwardProxy, type StandIn} from '../acceptance/openai-stand-in.js';

const key = makeProjectKey(9101);
const servers: Array<StandIn | ForwardProxy> = [];
afterAll(async () => {
	await Promise.all(servers.map(server => server.close()));
});

async function track<T extends StandIn | ForwardProxy>(server: Promise<T>): Promise<T> {
	const started = await server;
	servers.push(started);
	return started;
}

const request = (url: string) => ({url, method: 'GET' as const, headers: {authorization: `Bearer ${key}`}, timeoutMs: 3000});

describe('createHttp and proxies', () => {
	const openai = 'https://api.openai.com/v1/models';

	test('a loopback target never goes through a proxy, even one written host:port as curl reads it', async () => {
		const api = await track(startStandIn({accounts: {[key]: {}}}));
		const proxy = await track(startForwardProxy('forward', [api.host], {host: '127.0.0.2'}));
		const hostPort = `127.0.0.2:${proxy.port}`;
		const result = await createHttp({http_proxy: hostPort, HTTP_PROXY: hostPort, ALL_PROXY: hostPort})(request(`${api.baseUrl}/models`));
		expect(result).toMatchObject({ok: true, status: 200});
		expect(result.proxy).toBeUndefined();
		expect(proxy.connections).toBe(0);
		expect(api.requests).toHaveLength(1);
	});

	test('an https target goes through https_proxy written host:port, in a CONNECT tunnel: the proxy sees no key', async () => {
		const proxy = await track(startForwardProxy('require-auth', [], {host: '127.0.0.2'}));
		const result = await createHttp({https_proxy: `127.0.0.2:${proxy.port}`})(request(openai));
		expect(result).toMatchObject({ok: false, failure: 'proxy', proxy: `http://127.0.0.2:${proxy.port}`});
		expect(!result.ok && result.message).toMatch(/\b407\b/);
		expect(proxy.records.map(record => [record.kind, record.target])).toEqual([['connect', 'api.openai.com:443']]);
		expect(JSON.stringify(proxy.records)).not.toContain(key.slice(8, 30));
	});

	test('a proxy that refuses the connection is named as the one that refused, not the API', async () => {
		const down = `127.0.0.2:${await closedPort()}`;
		const result = await createHttp({HTTPS_PROXY: down})(request(openai));
		expect(result).toMatchObject({ok: false, failure: 'refused', proxy: `http://${down}`});
		expect(!result.ok && result.message).toBe(`The proxy http://${down} refused the connection.`);
	});

	test('a SOCKS proxy: nothing sent, and the reason named', async () => {
		const result = await createHttp({ALL_PROXY: 'socks5://127.0.0.2:1080'})(request(openai));
		expect(result).toMatchObject({ok: false, failure: 'proxy'});
		expect(!result.ok && result.message).toContain('SOCKS');
	});
});

describe('createHttp names the header it could not send, and tells a broken answer from a refused key', () => {
	test.each([
		['OPENAI_ORG_ID with a control character', {authorization: `Bearer ${key}`, 'openai-organization': 'org-\u0001abc'}, 'openai-organization'],
		['OPENAI_PROJECT_ID with a line break', {authorization: `Bearer ${key}`, 'openai-project': 'proj_abc\n'}, 'openai-project'],
		['a key with a trailing newline', {authorization: `Bearer ${key}\n`}, 'authorization'],
	])('%s: nothing sent, the header named', async (_name, headers, header) => {
		const api = await track(startStandIn({accounts: {[key]: {}}}));
		const result = await createHttp({})({url: `${api.baseUrl}/models`, method: 'GET', headers, timeoutMs: 3000});
		expect(result).toMatchObject({ok: false, failure: 'invalid-header', header});
		const message = result.ok ? '' : result.message;
		if (header === 'authorization') expect(message).toMatch(/refused to send the key as a header/);
		else expect(message).toBe(`The HTTP client refused to send the ${header} header: its value holds characters a header may not contain (a line break, a control or non-ASCII character); the key was not sent with it.`);
		expect(api.connections).toBe(0);
	});

	test('a response header with an escape sequence is a broken answer, not a refused key', async () => {
		const server = createServer(socket =>
			socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Evil: a\u001b]52;c;aGk=\u0007b\r\nContent-Length: 2\r\n\r\n{}')),
		);
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		try {
			const port = (server.address() as AddressInfo).port;
			const result = await createHttp({})(request(`http://127.0.0.1:${port}/v1/models`));
			expect(result).toMatchObject({ok: false, failure: 'bad-response'});
			expect(result.ok ? '' : result.message).toMatch(/^The answer from 127\.0\.0\.1:\d+ is not valid HTTP \(.+\): no verdict on the key\.$/);
			expect(result.ok ? '' : result.message).not.toContain('\u001b');
		} finally {
			server.close();
		}
	});
});
