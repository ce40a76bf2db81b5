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
	test('a plain-http target goes to HTTP_PROXY in absolute form (as curl and httpx send it), not through CONNECT', async () => {
		const api = await track(startStandIn({accounts: {[key]: {}}}));
		const proxy = await track(startForwardProxy('forward', [api.host]));
		const result = await createHttp({HTTP_PROXY: proxy.url})(request(`${api.baseUrl}/models`));
		expect(result).toMatchObject({ok: true, status: 200, proxy: proxy.url});
		expect(proxy.records.map(record => [record.kind, record.target])).toEqual([['absolute', api.host]]);
	});

	test('a proxy’s 407 to an absolute-form request is a proxy failure that names 407, not a refused header', async () => {
		const api = await track(startStandIn({accounts: {[key]: {}}}));
		const proxy = await track(startForwardProxy('require-auth'));
		const result = await createHttp({HTTP_PROXY: proxy.url})(request(`${api.baseUrl}/models`));
		expect(result.ok).toBe(false);
		expect(result).toMatchObject({failure: 'proxy'});
		expect(!result.ok && result.message).toMatch(/\b407\b/);
		expect(api.requests).toHaveLength(0);
	});

	test('a proxy that refuses the connection is named as the one that refused, not the API', async () => {
		const api = await track(startStandIn({accounts: {[key]: {}}}));
		const down = `http://127.0.0.1:${await closedPort()}`;
		const result = await createHttp({HTTP_PROXY: down})(request(`${api.baseUrl}/models`));
		expect(result).toMatchObject({ok: false, failure: 'refused', proxy: down});
		expect(!result.ok && result.message).toBe(`The proxy ${down} refused the connection.`);
	});

	test('a plain-http target behind another host’s proxy: nothing is sent, no connection made', async () => {
		const api = await track(startStandIn({accounts: {[key]: {}}}));
		const result = await createHttp({HTTP_PROXY: 'http://proxy.corp.invalid:3128'})(request(`${api.baseUrl}/models`));
		expect(result).toMatchObject({ok: false, failure: 'proxy'});
		expect(!result.ok && result.message).toContain('unencrypted');
		expect(api.connections).toBe(0);
	});
});
