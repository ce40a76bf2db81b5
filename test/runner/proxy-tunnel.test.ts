import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {connect, createServer as createTcpServer, type AddressInfo, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {HttpResult} from '../../source/core/ports.js';
import {createHttp} from '../../source/runner/http.js';
import {startForwardProxy, type ForwardProxy} from '../acceptance/openai-stand-in.js';
import {bundleChildScript} from '../helpers/child-script.js';
import {makeProjectKey} from '../helpers/fake-keys.js';

const key = makeProjectKey(9201);
const openai = 'https://api.openai.com/v1/models';
const request = (url: string, timeoutMs = 3000) => ({url, method: 'GET' as const, headers: {authorization: `Bearer ${key}`}, timeoutMs});
const closers: Array<() => unknown> = [];
afterAll(async () => {
	for (const close of closers.reverse()) await close();
});

function listen(server: Server | ReturnType<typeof createTcpServer>, host = '127.0.0.1'): Promise<number> {
	return new Promise(resolve => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

/** A proxy on 127.0.0.2 that runs `onConnect` for each CONNECT it is sent, and tracks its sockets. */
async function rawProxy(onConnect: (socket: Socket) => void): Promise<{port: number; open: Set<Socket>; closed: number}> {
	const state = {port: 0, open: new Set<Socket>(), closed: 0};
	const server = createTcpServer(socket => {
		state.open.add(socket);
		socket.on('close', () => {
			state.open.delete(socket);
			state.closed++;
		});
		socket.on('error', () => undefined);
		socket.once('data', () => onConnect(socket));
	});
	state.port = await listen(server, '127.0.0.2');
	closers.push(() => {
		for (const socket of state.open) socket.destroy();
		return new Promise(resolve => server.close(resolve));
	});
	return state;
}

async function track(proxy: Promise<ForwardProxy>): Promise<ForwardProxy> {
	const started = await proxy;
	closers.push(() => started.close());
	return started;
}

/** What one TLS or plain server of the child test saw. */
type Seen = {connections: number; hosts: string[]; authorizations: string[]};

/** A server that answers 200 `{}` and keeps idle connections for a minute, so only the client can let the process go. */
async function keepingServer(tls?: {key: string; cert: string}): Promise<{port: number; seen: Seen}> {
	const seen: Seen = {connections: 0, hosts: [], authorizations: []};
	const handler = (incoming: IncomingMessage, response: import('node:http').ServerResponse) => {
		seen.hosts.push(incoming.headers.host ?? '');
		seen.authorizations.push(incoming.headers.authorization ?? '');
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{}');
	};
	const server: Server = tls ? createHttpsServer(tls, handler) : createServer(handler);
	server.keepAliveTimeout = 60_000;
	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		seen.connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const port = await listen(server);
	closers.push(() => {
		for (const socket of sockets) socket.destroy();
		return new Promise(resolve => server.close(resolve));
	});
	return {port, seen};
}

/** An HTTPS proxy (TLS to the proxy itself) that tunnels CONNECT to `route` and counts the tunnels. */
async function httpsProxy(tls: {key: string; cert: string}, route: number): Promise<{port: number; tunnels: string[]}> {
	const tunnels: string[] = [];
	const server = createHttpsServer(tls);
	const sockets = new Set<Socket>();
	server.on('connect', (incoming: IncomingMessage, client: Socket) => {
		tunnels.push(incoming.url ?? '');
		const upstream = connect(route, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection established\r\n\r\n');
			upstream.pipe(client);
			client.pipe(upstream);
		});
		for (const socket of [upstream, client]) {
			sockets.add(socket);
			socket.on('error', () => undefined);
			socket.on('close', () => sockets.delete(socket));
		}
	});
	const port = await listen(server, '127.0.0.2');
	closers.push(() => {
		for (const socket of sockets) socket.destroy();
		return new Promise(resolve => server.close(resolve));
	});
	return {port, tunnels};
}

let folder = '';
let child = '';
let certificates: {ca: string; api: {key: string; cert: string}; proxy: {key: string; cert: string}} | undefined;

beforeAll(async () => {
	folder = mkdtempSync(path.join(tmpdir(), 'kw-tunnel-'));
	closers.push(() => rmSync(folder, {recursive: true, force: true}));
	child = path.join(folder, 'http-child.mjs');
	await bundleChildScript({file: path.join(import.meta.dirname, '../helpers/http-child.ts')}, child);
	const file = (name: string) => path.join(folder, name);
	const openssl = (...args: string[]) => execFileSync('openssl', args, {stdio: 'ignore'});
	openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '1', '-subj', '/CN=key-wizard tunnel test CA');
	const issue = (name: string, subject: string, altNames: string) => {
		openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${subject}`);
		writeFileSync(file(`${name}.cnf`), `subjectAltName=${altNames}\n`);
		openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file(`${name}.pem`), '-days', '1', '-extfile', file(`${name}.cnf`));
		return {key: readFileSync(file(`${name}.key`), 'utf8'), cert: readFileSync(file(`${name}.pem`), 'utf8')};
	};

	certificates = {ca: file('ca.pem'), api: issue('api', 'api.openai.com', 'DNS:api.openai.com,IP:127.0.0.1'), proxy: issue('proxy', '127.0.0.2', 'IP:127.0.0.2')};
});

describe('the CONNECT tunnel, at the edges', () => {
	test('a proxy that takes the connection and never answers CONNECT: a timeout within the limit, and the socket to it closed', async () => {
		const proxy = await rawProxy(() => undefined);
		const result = await createHttp({https_proxy: `http://127.0.0.2:${proxy.port}`})(request(openai, 400));
		expect(result).toMatchObject({ok: false, failure: 'timeout', proxy: `http://127.0.0.2:${proxy.port}`});
		expect(result.ok ? '' : result.message).toBe(`No answer from api.openai.com through the proxy http://127.0.0.2:${proxy.port} within 400 ms.`);
		await expect.poll(() => proxy.open.size).toBe(0);
		expect(proxy.closed).toBe(1);
	});

	test('a 403 to CONNECT: the proxy named as the one that refused, its status by the standard phrase, never its own text', async () => {
		const proxy = await rawProxy(socket => socket.end('HTTP/1.1 403 \u001b]52;c;aGk=\u0007 go away\r\nContent-Length: 0\r\n\r\n'));
		const result = await createHttp({HTTPS_PROXY: `127.0.0.2:${proxy.port}`})(request(openai));
		expect(result).toMatchObject({ok: false, failure: 'proxy'});
		expect(result.ok ? '' : result.message).toBe(`The proxy http://127.0.0.2:${proxy.port} refused to open a tunnel to api.openai.com:443 (403 Forbidden); nothing was sent through it.`);
	});

	test('a proxy that closes without answering: the connection through it was closed, no verdict', async () => {
		const proxy = await rawProxy(socket => socket.destroy());
		const result = await createHttp({https_proxy: `127.0.0.2:${proxy.port}`})(request(openai));
		expect(result).toMatchObject({ok: false, failure: 'reset'});
		expect(result.ok ? '' : result.message).toBe(`The connection through the proxy http://127.0.0.2:${proxy.port} to api.openai.com was closed before an answer arrived.`);
	});

	test('an answer to CONNECT that is not HTTP: the proxy’s failure, not a broken answer from the API', async () => {
		const proxy = await rawProxy(socket => socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n'));
		const result = await createHttp({https_proxy: `127.0.0.2:${proxy.port}`})(request(openai));
		expect(result).toMatchObject({ok: false, failure: 'proxy'});
		expect(result.ok ? '' : result.message).toMatch(new RegExp(`^The proxy http://127\\.0\\.0\\.2:${proxy.port} did not answer CONNECT api\\.openai\\.com:443 in HTTP \\((?!Parse Error)[^)]+\\); nothing was sent through it\\.$`));
	});

	test('credentials in the proxy URL go to the proxy as Proxy-Authorization, and never into a message', async () => {
		const proxy = await track(startForwardProxy('require-auth', [], {host: '127.0.0.2'}));
		const result = await createHttp({https_proxy: `http://al%40ice:p%3Ass@127.0.0.2:${proxy.port}`})(request(openai));
		expect(result).toMatchObject({ok: false, failure: 'proxy', proxy: `http://***@127.0.0.2:${proxy.port}`});
		expect(proxy.records[0]?.headers['proxy-authorization']).toBe(`Basic ${Buffer.from('al@ice:p:ss').toString('base64')}`);
		expect(JSON.stringify(result)).not.toMatch(/p%3Ass|p:ss/);
	});

	test('an https proxy whose own certificate is not trusted: the proxy named, nothing sent through it', async () => {
		const secure = await keepingServer(certificates!.api);
		const tlsProxy = await httpsProxy(certificates!.proxy, secure.port);
		const result = await createHttp({HTTPS_PROXY: `https://127.0.0.2:${tlsProxy.port}`})(request(openai));
		expect(result).toMatchObject({ok: false, failure: 'proxy', proxy: `https://127.0.0.2:${tlsProxy.port}`});
		expect(result.ok ? '' : result.message).toMatch(new RegExp(`^The proxy https://127\\.0\\.0\\.2:${tlsProxy.port} could not be used to reach api\\.openai\\.com:443 \\(.*certificate.*\\); nothing was sent through it\\.$`));
		expect(tlsProxy.tunnels).toEqual([]);
		expect(secure.seen.connections).toBe(0);
	});

	test('cancelled while the proxy is still deciding: aborted, and the socket to the proxy closed', async () => {
		const proxy = await rawProxy(() => undefined);
		const controller = new AbortController();
		const pending = createHttp({https_proxy: `127.0.0.2:${proxy.port}`})({...request(openai, 10_000), signal: controller.signal});
		await expect.poll(() => proxy.open.size).toBe(1);
		controller.abort();
		expect(await pending).toMatchObject({ok: false, failure: 'aborted', message: 'Cancelled.'});
		await expect.poll(() => proxy.open.size).toBe(0);
	});
});

describe('keep-alive within a run, and nothing left holding the process after it', () => {
	/** Runs the child with the test CA trusted through NODE_EXTRA_CA_CERTS; a watchdog kills it if it does not end by itself. */
	function runChild(groups: Array<{env: Record<string, string>; urls: string[]}>): Promise<{results: HttpResult[]; code: number | null; killedByWatchdog: boolean; stderr: string}> {
		return new Promise(resolve => {
			const started = spawn(process.execPath, [child, JSON.stringify(groups)], {env: {PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_EXTRA_CA_CERTS: certificates!.ca}});
			let stdout = '';
			let stderr = '';
			let killedByWatchdog = false;
			const watchdog = setTimeout(() => {
				killedByWatchdog = true;
				started.kill('SIGKILL');
			}, 20_000);
			started.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
			started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
			started.on('close', code => {
				clearTimeout(watchdog);
				resolve({results: stdout ? (JSON.parse(stdout) as HttpResult[]) : [], code, killedByWatchdog, stderr});
			});
		});
	}

	test('direct http and https, an http proxy and an https proxy: each run reuses its connections, and the process ends by itself with them open', async () => {
		const plain = await keepingServer();
		const secure = await keepingServer(certificates!.api);
		const forward = await track(startForwardProxy('forward', ['api.openai.com:443'], {host: '127.0.0.2', routes: {'api.openai.com:443': `127.0.0.1:${secure.port}`}}));
		const tlsProxy = await httpsProxy(certificates!.proxy, secure.port);
		const run = await runChild([
			{env: {}, urls: [1, 2, 3].map(n => `http://127.0.0.1:${plain.port}/v1/models?n=${n}`)},
			{env: {}, urls: [1, 2].map(n => `https://127.0.0.1:${secure.port}/v1/models?n=${n}`)},
			{env: {https_proxy: `127.0.0.2:${forward.port}`}, urls: [openai, openai]},
			{env: {HTTPS_PROXY: `https://127.0.0.2:${tlsProxy.port}`}, urls: [openai, openai]},
		]);
		expect({killedByWatchdog: run.killedByWatchdog, code: run.code, stderr: run.stderr}).toEqual({killedByWatchdog: false, code: 0, stderr: ''});
		expect(run.results.map(result => (result.ok ? result.status : result.message))).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200]);
		expect(run.results.slice(5).map(result => result.proxy)).toEqual([`http://127.0.0.2:${forward.port}`, `http://127.0.0.2:${forward.port}`, `https://127.0.0.2:${tlsProxy.port}`, `https://127.0.0.2:${tlsProxy.port}`]);
		// Three requests on one connection; two over one TLS session; two through one tunnel per proxy.
		expect(plain.seen.connections).toBe(1);
		expect(forward.records.map(record => `${record.method} ${record.target}`)).toEqual(['CONNECT api.openai.com:443']);
		expect(tlsProxy.tunnels).toEqual(['api.openai.com:443']);
		expect(secure.seen.connections).toBe(3);
		expect(secure.seen.hosts).toEqual([`127.0.0.1:${secure.port}`, `127.0.0.1:${secure.port}`, 'api.openai.com', 'api.openai.com', 'api.openai.com', 'api.openai.com']);
		// The key went only inside TLS to the target: the proxy saw CONNECT and nothing of the request.
		expect(JSON.stringify(forward.records)).not.toContain('kw-child-test');
		expect(secure.seen.authorizations.every(value => value === 'Bearer kw-child-test')).toBe(true);
	});
});
