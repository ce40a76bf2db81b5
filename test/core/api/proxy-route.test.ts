import {describe, expect, test} from 'vitest';
import {hideProxyCredentials, proxyFor, proxyRouteRefusal} from '../../../source/core/api/proxy-route.js';

describe('proxyFor', () => {
	test.each([
		['https target: HTTPS_PROXY', 'https://api.openai.com/v1/models', {HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://q:2'}, 'http://p:1'],
		['https target falls back to HTTP_PROXY', 'https://api.openai.com/v1/models', {HTTP_PROXY: 'http://q:2'}, 'http://q:2'],
		['http target: HTTPS_PROXY does not apply', 'http://127.0.0.1:8080/v1/models', {HTTPS_PROXY: 'http://p:1'}, undefined],
		['http target: HTTP_PROXY', 'http://127.0.0.1:8080/v1/models', {HTTP_PROXY: 'http://q:2'}, 'http://q:2'],
		['NO_PROXY by host', 'http://127.0.0.1:8080/v1/models', {HTTP_PROXY: 'http://q:2', NO_PROXY: 'localhost,127.0.0.1'}, undefined],
		['NO_PROXY by domain suffix', 'https://api.openai.com/v1/models', {HTTPS_PROXY: 'http://p:1', no_proxy: '.openai.com'}, undefined],
		['NO_PROXY for another port', 'http://127.0.0.1:8080/v1/models', {HTTP_PROXY: 'http://q:2', NO_PROXY: '127.0.0.1:9090'}, 'http://q:2'],
		['NO_PROXY *', 'https://api.openai.com/v1/models', {HTTPS_PROXY: 'http://p:1', NO_PROXY: '*'}, undefined],
	] as const)('%s', (_name, url, env, expected) => {
		expect(proxyFor(url, env)).toBe(expected);
	});
});

describe('proxyRouteRefusal: plain HTTP leaves this machine only through nothing', () => {
	test('a plain-http target through another host’s proxy is refused, credentials hidden', () => {
		const refusal = proxyRouteRefusal('http://127.0.0.1:8080/v1/models', {HTTP_PROXY: 'http://me:pw@proxy.corp.example:3128'});
		expect(refusal).toContain('http://***@proxy.corp.example:3128');
		expect(refusal).toContain('NO_PROXY');
		expect(refusal).not.toContain('pw');
	});

	test.each([
		['a loopback proxy', 'http://127.0.0.1:8080/v1/models', {HTTP_PROXY: 'http://127.0.0.1:3128'}],
		['an IPv6 loopback proxy', 'http://localhost:8080/v1/models', {HTTP_PROXY: 'http://[::1]:3128'}],
		['NO_PROXY exempts the host', 'http://127.0.0.1:8080/v1/models', {HTTP_PROXY: 'http://proxy.corp.example:3128', NO_PROXY: '127.0.0.1'}],
		['an https target tunnels (CONNECT): the proxy sees no key', 'https://api.openai.com/v1/models', {HTTPS_PROXY: 'http://proxy.corp.example:3128'}],
		['no proxy at all', 'http://127.0.0.1:8080/v1/models', {}],
	] as const)('allowed: %s', (_name, url, env) => {
		expect(proxyRouteRefusal(url, env)).toBeUndefined();
	});

	test('hideProxyCredentials', () => {
		expect(hideProxyCredentials('http://user:pass@host:1')).toBe('http://***@host:1');
		expect(hideProxyCredentials('http://host:1')).toBe('http://host:1');
	});
});
