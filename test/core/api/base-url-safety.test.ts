import {describe, expect, test} from 'vitest';
import {checkBaseUrl, isLoopbackHost, sameOrigin} from '../../../source/core/api/base-url-safety.js';

describe('checkBaseUrl: the key goes only over HTTPS, or plain HTTP to this machine', () => {
	test.each([
		['https://api.openai.com/v1', 'openai', false],
		['https://api.openai.com/v1/', 'openai', false],
		['https://eu.api.openai.com/v1', 'openai', false],
		['https://my-res.openai.azure.com', 'azure', false],
		['https://my-res.cognitiveservices.azure.com/openai/v1', 'azure', false],
		['https://openrouter.ai/api/v1', 'other', false],
		['http://127.0.0.1:8080/v1', 'other', true],
		['http://127.5.6.7/v1', 'other', true],
		['http://localhost:4000', 'other', true],
		['http://[::1]:4000/v1', 'other', true],
	] as const)('%s is allowed', (url, kind, loopback) => {
		const checked = checkBaseUrl(url);
		expect(checked.ok).toBe(true);
		if (!checked.ok) return;
		expect(checked.kind).toBe(kind);
		expect(checked.loopback).toBe(loopback);
		expect(checked.url.endsWith('/')).toBe(false);
	});

	test.each([
		['http://api.openai.com/v1', 'plain-http'],
		['http://10.0.0.5:4000/v1', 'plain-http'],
		['http://127.0.0.1.evil.example/v1', 'plain-http'],
		['http://localhost.evil.example/v1', 'plain-http'],
		['ftp://api.openai.com/v1', 'scheme'],
		['file:///etc/passwd', 'scheme'],
		['https://user:secret@gateway.example/v1', 'credentials'],
		['api.openai.com/v1', 'malformed'],
		['not a url', 'malformed'],
		['', 'malformed'],
	] as const)('%s is refused (%s)', (url, reason) => {
		const checked = checkBaseUrl(url);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.reason).toBe(reason);
		expect(checked.message).not.toContain('secret');
	});

	test.each([
		['"https://gateway.example/v1"', /quotes are part of the value.*without them it is https:\/\/gateway\.example\/v1/],
		["'http://127.0.0.1:8080/v1'", /quotes are part of the value/],
		['api.openai.com/v1', /has no scheme: write https:\/\//],
		['not a url', /^The base URL "not a url" is not a valid URL\.$/],
	])('a malformed %s says what is wrong with it', (url, message) => {
		const checked = checkBaseUrl(url);
		expect(checked).toMatchObject({ok: false, reason: 'malformed'});
		expect(checked.ok ? '' : checked.message).toMatch(message);
	});

	test.each([
		['127.255.255.254', true],
		['127.0.0.1', true],
		['127.1', true],
		['0x7f.0.0.1', true],
		['2130706433', true],
		['localhost', true],
		['LOCALHOST', true],
		['::1', true],
		['[::1]', true],
		['[0:0:0:0:0:0:0:1]', true],
		['[::ffff:127.0.0.1]', true],
		['[::ffff:7f00:1]', true],
		['::ffff:127.3.2.1', true],
		['128.0.0.1', false],
		['127.0.0.256', false],
		['0.0.0.0', false],
		['foo.localhost', false],
		['localhost.', false],
		['localhost.evil.example', false],
		['127.0.0.1.nip.io', false],
		['[::ffff:10.0.0.1]', false],
		['[::127.0.0.1]', false],
		['[::2]', false],
		['[fe80::1]', false],
		['', false],
		['127.0.0.1@evil.example', false],
	])('loopback is judged by address: %s → %s', (host, loopback) => {
		expect(isLoopbackHost(host)).toBe(loopback);
	});

	test.each([
		['http://foo.localhost:8080/v1', false],
		['http://[::ffff:127.0.0.1]:8080/v1', true],
		['http://127.1:8080/v1', true],
	])('plain http to %s is allowed only for a loopback address', (url, allowed) => {
		const checked = checkBaseUrl(url);
		expect(checked.ok).toBe(allowed);
		if (!checked.ok) expect(checked.reason).toBe('plain-http');
	});

	test('sameOrigin keeps requests on the base URL’s scheme, host and port', () => {
		const base = checkBaseUrl('https://api.openai.com/v1');
		if (!base.ok) throw new Error('expected ok');
		expect(sameOrigin(base, 'https://api.openai.com/v1/models')).toBe(true);
		expect(sameOrigin(base, 'https://api.openai.com:8443/v1/models')).toBe(false);
		expect(sameOrigin(base, 'https://evil.example/v1/models')).toBe(false);
	});
});
