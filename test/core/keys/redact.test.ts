import {describe, expect, it} from 'vitest';
import {fingerprint} from '../../../source/core/keys/fingerprint.js';
import {redact} from '../../../source/core/keys/redact.js';
import {Secret} from '../../../source/core/keys/secret.js';
import {makeAnthropicKey, makeAzureKey, makeGroqKey, makeHuggingFaceToken, makeJwt, makeProjectKey, makeUserKey} from '../../helpers/fake-keys.js';

describe('redact', () => {
	it('replaces a known secret, and its trimmed form, with the fingerprint', () => {
		const value = `  ${makeProjectKey(1)}\n`;
		const secret = new Secret(value);
		const text = `sent ${value} and later ${value.trim()}.`;
		const out = redact(text, [secret]);
		expect(out).not.toContain(value.trim());
		expect(out).toContain(secret.fingerprint);
	});

	it.each([
		['a space', ' '],
		['a line break', '\n'],
		['a CRLF and indentation', '\r\n    '],
	])('hides both halves of a key split by %s, known or not, and gives neither a false fingerprint', (_name, gap) => {
		const key = makeProjectKey(21);
		const cut = 80;
		const text = `Incorrect API key provided: ${key.slice(0, cut)}${gap}${key.slice(cut)}. You can find…`;
		for (const secrets of [[new Secret(key)], []]) {
			const out = redact(text, secrets);
			for (let start = 8; start + 12 <= key.length - 4; start += 4) expect(out).not.toContain(key.slice(start, start + 12));
			expect(out).toContain('You can find');
		}

		expect(redact(text, [new Secret(key)])).toContain(`[part of sk-proj-…${key.slice(-4)}]`);
	});

	it('leaves request ids, ids, paths and words alone', () => {
		const text = 'req_6cfb1d85811789e0c6abd829168b670c org-GoodOrg1234567890abcdefg proj_Good1234567890abcdefgh /usr/lib/python3/site-packages/openai/_base_client.py ChatCompletionMessageToolCallParam 550e8400-e29b-41d4-a716-446655440000';
		expect(redact(text)).toBe(text);
	});

	it('replaces an unknown custom secret only when it is known', () => {
		const custom = 'my-gateway-secret-42';
		expect(redact(`token ${custom}`)).toContain(custom);
		expect(redact(`token ${custom}`, [new Secret(custom)])).not.toContain(custom);
	});

	it.each([
		['an OpenAI project key', makeProjectKey(2)],
		['a legacy user key', makeUserKey(3)],
		['an Anthropic key', makeAnthropicKey(4)],
		['a Groq key', makeGroqKey(5)],
		['a Hugging Face token', makeHuggingFaceToken(7)],
		['an Azure key', makeAzureKey(6)],
		['a JWT', makeJwt('https://auth.openai.com')],
	])('replaces anything shaped like %s, known or not', (_name, value) => {
		const out = redact(`Error: Bearer ${value} is not valid`);
		expect(out).not.toContain(value);
		expect(out).toContain(fingerprint(value).slice(0, 3));
	});

	it.each([
		['Authorization: Bearer custom.token-123'],
		['> authorization: bearer custom.token-123'],
		['Proxy-Authorization: Basic custom.token-123'],
		['api-key: custom.token-123'],
		['"Authorization": "Bearer custom.token-123"'],
	])('hides the credential after an auth header, whatever its shape: %s', line => {
		expect(redact(line)).not.toContain('custom.token-123');
	});

	it.each([
		['curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"'],
		['-H "api-key: $AZURE_OPENAI_API_KEY"'],
		['Authorization: Bearer <paste your new key>'],
		['in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or'],
	])('leaves a variable or placeholder after an auth header alone: %s', line => {
		expect(redact(line)).toBe(line);
	});

	it('keeps JSON whole: an escaped quote right after "Bearer " is no credential', () => {
		const json = JSON.stringify({summary: 'starts with "Authorization: Bearer " (the whole header was pasted)'});
		expect(redact(json)).toBe(json);
		expect(JSON.parse(redact(json))).toEqual({summary: 'starts with "Authorization: Bearer " (the whole header was pasted)'});
	});

	it.each([
		['sk-VKMIs***************************************wjh3', 'sk-…wjh3'],
		['sk-proj-********************************************qrst', 'sk-proj-…qrst'],
		['210***********************0344', '…0344'],
	])('shows the API key mask %s no wider than a fingerprint', (mask, shown) => {
		expect(redact(`Incorrect API key provided: ${mask}. You can find`)).toBe(`Incorrect API key provided: ${shown}. You can find`);
	});

	it('leaves fingerprints, hashes, variables and placeholders alone', () => {
		const text = 'sk-proj-…wxyz 9f2c1a7b03de $OPENAI_API_KEY <paste your new key> req_4e1cf3c0de2a49838af9b7e8959d366d';
		expect(redact(text)).toBe(text);
	});
});
