import {describe, expect, test} from 'vitest';
import {curlNoProxyMatches, hideProxyCredentials, keepCurlOffProxy, proxyFor, proxyRoute, proxyRouteRefusal} from '../../../source/core/api/proxy-route.js';

const openai = 'https://api.openai.com/v1/models';
const loopback = 'http://127.0.0.1:8080/v1/models';

describe('proxyRoute reads the proxy variables as curl does', () => {
	test.each([
		['https target: https_proxy', openai, {https_proxy: 'http://p:1'}, 'http://p:1'],
		['https target: lower case before upper case', openai, {https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2'}, 'http://lower:1'],
		['https target: HTTPS_PROXY', openai, {HTTPS_PROXY: 'http://p:1'}, 'http://p:1'],
		['https target: http_proxy does not apply (curl reads https_proxy for https)', openai, {HTTP_PROXY: 'http://q:2', http_proxy: 'http://q:2'}, undefined],
		['https target: all_proxy is the fallback', openai, {ALL_PROXY: 'http://a:3'}, 'http://a:3'],
		['host:port without a scheme means http://host:port', openai, {https_proxy: 'proxy.corp:3128'}, 'http://proxy.corp:3128'],
		['user:password@host:port without a scheme', openai, {HTTPS_PROXY: 'me:pw@proxy.corp:3128'}, 'http://me:pw@proxy.corp:3128'],
		['an https:// proxy keeps its scheme', openai, {https_proxy: 'https://proxy.corp:8443'}, 'https://proxy.corp:8443'],
		['blank values are unset', openai, {https_proxy: '  ', ALL_PROXY: 'http://a:3'}, 'http://a:3'],
		['NO_PROXY by host', openai, {https_proxy: 'http://p:1', NO_PROXY: 'api.openai.com'}, undefined],
		['no_proxy with a leading dot', openai, {https_proxy: 'http://p:1', no_proxy: '.openai.com'}, undefined],
		['no_proxy domain without a dot covers its subdomains (curl)', openai, {https_proxy: 'http://p:1', no_proxy: 'openai.com'}, undefined],
		['no_proxy *.domain (proxy-from-env)', openai, {https_proxy: 'http://p:1', no_proxy: '*.openai.com'}, undefined],
		['no_proxy that only ends the same way', openai, {https_proxy: 'http://p:1', no_proxy: 'penai.com'}, 'http://p:1'],
		['no_proxy for another port', 'https://gw.corp:8443/v1/models', {https_proxy: 'http://p:1', no_proxy: 'gw.corp:9443'}, 'http://p:1'],
		['no_proxy for the same port', 'https://gw.corp:8443/v1/models', {https_proxy: 'http://p:1', no_proxy: 'gw.corp:8443'}, undefined],
		['no_proxy IPv4 CIDR (curl)', 'https://10.1.2.3/v1/models', {https_proxy: 'http://p:1', no_proxy: '10.0.0.0/8'}, undefined],
		['no_proxy IPv4 CIDR that does not cover', 'https://11.1.2.3/v1/models', {https_proxy: 'http://p:1', no_proxy: '10.0.0.0/8'}, 'http://p:1'],
		['NO_PROXY *', openai, {https_proxy: 'http://p:1', NO_PROXY: '*'}, undefined],
		['no proxy at all', openai, {}, undefined],
	] as const)('%s', (_name, url, env, expected) => {
		expect(proxyFor(url, env)).toBe(expected);
	});

	test.each([
		['http_proxy host:port', {http_proxy: '127.0.0.2:3128'}],
		['HTTP_PROXY with a scheme', {HTTP_PROXY: 'http://proxy.corp:3128'}],
		['ALL_PROXY', {ALL_PROXY: 'socks5://proxy.corp:1080'}],
		['a proxy on this machine', {http_proxy: 'http://127.0.0.1:3128'}],
	])('a loopback target never goes through a proxy: %s', (_name, env) => {
		for (const url of [loopback, 'http://localhost:4000/v1/models', 'http://[::1]:4000/v1/models', 'http://[::ffff:127.0.0.1]:4000/v1/models', 'https://127.0.0.1:8443/v1/models']) {
			const route = proxyRoute(url, env);
			expect(route.kind).toBe('direct');
			expect(proxyRouteRefusal(url, env)).toBeUndefined();
		}
	});

	test('foo.localhost is a name, not a loopback address: it takes the proxy', () => {
		expect(proxyRoute('https://foo.localhost/v1/models', {https_proxy: 'proxy.corp:3128'})).toMatchObject({kind: 'proxy', url: 'http://proxy.corp:3128', schemeless: true, variable: 'https_proxy'});
	});

	test('the route names the proxy with its credentials hidden', () => {
		const route = proxyRoute(openai, {HTTPS_PROXY: 'me:s3cret@proxy.corp:3128'});
		expect(route).toMatchObject({kind: 'proxy', shown: 'http://***@proxy.corp:3128', variable: 'HTTPS_PROXY'});
		expect(JSON.stringify({...route, url: undefined})).not.toContain('s3cret');
	});

	test('a value that is no proxy URL is invalid, not "no proxy"', () => {
		expect(proxyRoute(openai, {https_proxy: 'ftp://proxy.corp:21'})).toMatchObject({kind: 'invalid', variable: 'https_proxy'});
		expect(proxyRoute(openai, {https_proxy: 'http://[bad'})).toMatchObject({kind: 'invalid'});
	});

	test('a bypassed proxy is still named, for the report', () => {
		expect(proxyRoute(loopback, {http_proxy: 'proxy.corp:3128'})).toEqual({kind: 'direct', why: 'loopback', bypassed: 'http://proxy.corp:3128'});
		expect(proxyRoute(openai, {https_proxy: 'proxy.corp:3128', no_proxy: 'openai.com'})).toEqual({kind: 'direct', why: 'no_proxy', bypassed: 'http://proxy.corp:3128'});
	});

	test('reading the injected environment leaves process.env as it was', () => {
		const before = process.env;
		proxyRoute(openai, {https_proxy: 'proxy.corp:3128', no_proxy: 'example.com'});
		expect(process.env).toBe(before);
	});
});

describe('curlNoProxyMatches', () => {
	test.each([
		['api.openai.com', 'openai.com', true],
		['api.openai.com', '.openai.com.', true],
		['openai.com', 'openai.com', true],
		['API.OpenAI.com', 'openai.com', true],
		['notopenai.com', 'openai.com', false],
		['api.openai.com', 'localhost, 127.0.0.1 ,openai.com', true],
		['10.2.3.4', '10.2.0.0/16', true],
		['10.3.3.4', '10.2.0.0/16', false],
		['10.2.3.4', '10.2.3.4', true],
		['[::1]', '::1', true],
		['anything', '*', true],
		['anything', '', false],
	])('%s in %j: %s', (host, list, expected) => {
		expect(curlNoProxyMatches(host, list)).toBe(expected);
	});
});

describe('proxyRouteRefusal', () => {
	test('an https target tunnels (CONNECT): the proxy sees no key, nothing to refuse', () => {
		expect(proxyRouteRefusal(openai, {HTTPS_PROXY: 'http://proxy.corp.example:3128'})).toBeUndefined();
	});

	test('a plain-http target that is not this machine would be refused through a proxy', () => {
		const refusal = proxyRouteRefusal('http://gw.corp.example/v1/models', {http_proxy: 'me:pw@proxy.corp.example:3128'});
		expect(refusal).toContain('http://***@proxy.corp.example:3128');
		expect(refusal).not.toContain('pw');
	});

	test('hideProxyCredentials', () => {
		expect(hideProxyCredentials('http://user:pass@host:1')).toBe('http://***@host:1');
		expect(hideProxyCredentials('user:pass@host:1')).toBe('***@host:1');
		expect(hideProxyCredentials('http://host:1')).toBe('http://host:1');
		expect(hideProxyCredentials('host:1/a@b')).toBe('host:1/a@b');
		expect(hideProxyCredentials('http://me:p@ss@host:1')).toBe('http://***@host:1');
	});
});

describe('keepCurlOffProxy: the copyable command keeps a loopback target off the shell’s proxy', () => {
	const command = 'curl http://127.0.0.1:8080/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"';
	test('with a proxy that would apply: --noproxy *', () => {
		expect(keepCurlOffProxy(command, 'http://127.0.0.1:8080/v1', {http_proxy: 'proxy.corp:3128'})).toBe(`curl --noproxy '*' http://127.0.0.1:8080/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"`);
	});

	test.each([
		['no proxy set', 'http://127.0.0.1:8080/v1', {}],
		['a proxy for https only', 'http://127.0.0.1:8080/v1', {https_proxy: 'proxy.corp:3128'}],
		['a remote host (its route is the proxy, as the user’s own curl takes it)', 'https://api.openai.com/v1', {https_proxy: 'proxy.corp:3128'}],
	])('unchanged: %s', (_name, url, env) => {
		expect(keepCurlOffProxy(command, url, env)).toBe(command);
	});
});
