import {validateHeaderValue} from 'node:http';
import {createServer, type AddressInfo, type Socket} from 'node:net';
import fc from 'fast-check';
import {afterAll, describe, expect, test} from 'vitest';
import {isSendableHeaderValue} from '../../source/core/api/header-value.js';
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
		const down = `127.0.0.2:${await closedPort('127.0.0.2')}`;
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

/** A raw TCP server on 127.0.0.1 that answers each request's first bytes with `reply(socket)`. */
async function rawServer(reply: (socket: Socket) => void): Promise<{url: string; connections: () => number}> {
	let connections = 0;
	const sockets = new Set<Socket>();
	const server = createServer(socket => {
		connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		socket.once('data', () => reply(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	servers.push({
		close: () => {
			for (const socket of sockets) socket.destroy();
			return new Promise<void>(resolve => server.close(() => resolve()));
		},
	} as ForwardProxy);
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/models`, connections: () => connections};
}

describe('createHttp on Node’s own http client', () => {
	test('the header rule the port checks first is exactly the one Node’s http enforces', () => {
		const anyCharacter = fc.oneof(fc.integer({min: 0, max: 0x2ff}), fc.constantFrom(0x7f, 0xa0, 0x200b, 0x2028, 0xfeff, 0x1f600)).map(code => String.fromCodePoint(code));
		fc.assert(
			fc.property(fc.array(anyCharacter, {maxLength: 12}).map(characters => characters.join('')), value => {
				let nodeSends = true;
				try {
					validateHeaderValue('authorization', value);
				} catch {
					nodeSends = false;
				}

				expect(isSendableHeaderValue(value)).toBe(nodeSends);
			}),
			{numRuns: 2000},
		);
	});

	test('response header names come back in lower case, repeated ones joined', async () => {
		const server = await rawServer(socket =>
			socket.end('HTTP/1.1 401 Unauthorized\r\nX-Request-ID: req_1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'),
		);
		const result = await createHttp({})(request(server.url));
		expect(result).toMatchObject({ok: true, status: 401, body: '{}', truncated: false, headers: {'x-request-id': 'req_1', 'set-cookie': 'a=1, b=2', 'content-type': 'application/json'}});
	});

	test('a body past maxBodyBytes: the first bytes kept, truncated, the connection dropped rather than pooled', async () => {
		const server = await rawServer(socket => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(100_000)}`));
		const http = createHttp({});
		const result = await http({...request(server.url), maxBodyBytes: 1000});
		expect(result).toMatchObject({ok: true, status: 200, truncated: true});
		expect(result.ok && result.body).toBe('x'.repeat(1000));
		await http({...request(server.url), maxBodyBytes: 1000});
		expect(server.connections()).toBe(2);
	});

	test('an answer cut short mid-body is a reset, not a verdict', async () => {
		const server = await rawServer(socket => socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"data": ['));
		const result = await createHttp({})(request(server.url));
		expect(result).toMatchObject({ok: false, failure: 'reset'});
		expect(result.ok ? '' : result.message).toMatch(/^The connection to 127\.0\.0\.1:\d+ was closed before an answer arrived\.$/);
	});

	test.each([
		['a status line that is not HTTP', 'HTTP/1.1 2OO OK\r\n\r\n'],
		['a header line without a colon', 'HTTP/1.1 200 OK\r\nContent-Type application/json\r\n\r\n'],
		['two different Content-Length values', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
	])('%s: a broken answer, named by the parser, no verdict', async (_name, answer) => {
		const server = await rawServer(socket => socket.end(answer));
		const result = await createHttp({})(request(server.url));
		expect(result).toMatchObject({ok: false, failure: 'bad-response'});
		expect(result.ok ? '' : result.message).toMatch(/^The answer from 127\.0\.0\.1:\d+ is not valid HTTP \((?!Parse Error)[^)]+\): no verdict on the key\.$/);
	});

	test('cancelled while the body trickles in: aborted, not a time-out', async () => {
		const server = await rawServer(socket => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{'));
		const controller = new AbortController();
		const pending = createHttp({})({...request(server.url), timeoutMs: 10_000, signal: controller.signal});
		setTimeout(() => controller.abort(), 50);
		expect(await pending).toMatchObject({ok: false, failure: 'aborted', message: 'Cancelled.'});
	});

	test('requests to one host in a run share one kept-alive connection; another run opens its own', async () => {
		const api = await track(startStandIn({accounts: {[key]: {}}}));
		const http = createHttp({});
		for (let index = 0; index < 3; index++) expect(await http(request(`${api.baseUrl}/models`))).toMatchObject({ok: true, status: 200});
		expect(api.connections).toBe(1);
		expect(await createHttp({})(request(`${api.baseUrl}/models`))).toMatchObject({ok: true, status: 200});
		expect(api.connections).toBe(2);
	});

	test('a URL that is neither http nor https: nothing sent, said plainly', async () => {
		const result = await createHttp({})(request('ftp://127.0.0.1/v1/models'));
		expect(result).toMatchObject({ok: false, failure: 'error', message: 'Not sent: the URL is neither http:// nor https://.'});
	});
});
