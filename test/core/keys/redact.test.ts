import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {fingerprint, knownPrefixOf} from '../../../source/core/keys/fingerprint.js';
import {redact, redactWithoutQuickCheck} from '../../../source/core/keys/redact.js';
import {Secret} from '../../../source/core/keys/secret.js';
import {makeAnthropicKey, makeAzureKey, makeGroqKey, makeHuggingFaceToken, makeJwt, makeProjectKey, makeServiceAccountKey, makeUserKey} from '../../helpers/fake-keys.js';

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

describe('redact is idempotent and knows each provider’s public prefix', () => {
	it.each([
		['an Anthropic key', makeAnthropicKey(31)],
		['an Anthropic admin key', `sk-ant-admin01-${makeAnthropicKey(32).slice(13)}`],
		['a service-account key', makeServiceAccountKey(33)],
		['a project key', makeProjectKey(34)],
	])('the fingerprint of %s survives every later pass unchanged (no [part of [part of …]])', (_name, key) => {
		const secret = new Secret(key);
		const report = JSON.stringify({fingerprint: secret.fingerprint, evidence: [`${secret.fingerprint} (env:OPENAI_API_KEY) was refused`, `curl … -H "Authorization: Bearer ${key}"`]});
		const once = redact(report, [secret]);
		expect(once).not.toContain('[part of');
		expect(once).toContain(`"fingerprint":"${secret.fingerprint}"`);
		expect(redact(redact(once, [secret]), [secret])).toBe(once);
	});

	it('fast-check: redacting twice is redacting once, and no 10 characters of a known key’s secret part survive', () => {
		const keys = [makeProjectKey(41), makeAnthropicKey(42), makeServiceAccountKey(43), makeUserKey(44), makeAzureKey(45), makeJwt('https://auth.openai.com', 46)];
		const secrets = keys.map(key => new Secret(key));
		const piece = fc.oneof(
			fc.constantFrom(...keys),
			fc.constantFrom(...secrets.map(secret => secret.fingerprint)),
			fc.constantFrom(...keys).chain(key => fc.tuple(fc.nat(key.length), fc.integer({min: 12, max: 40})).map(([start, length]) => key.slice(start, start + length))),
			fc.constantFrom('Authorization: Bearer ', 'api-key: ', ' ', '\n', '"', 'https://api.openai.com/v1/models', '$OPENAI_API_KEY', '[part of ', ']', 'sk-ant-api03-', 'a 5-character value'),
			fc.string({maxLength: 12}),
		);
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 12}), parts => {
				const text = parts.join('');
				const once = redact(text, secrets);
				const leaked: string[] = [];
				for (const key of keys) {
					const secretPart = key.slice(knownPrefixOf(key).length);
					for (let start = 0; start + 10 <= secretPart.length; start++) if (once.includes(secretPart.slice(start, start + 10))) leaked.push(secretPart.slice(start, start + 10));
				}

				return redact(once, secrets) === once && leaked.length === 0;
			}),
			{numRuns: 300},
		);
	});
});

describe('the quick check in front of the patterns', () => {
	it('fast-check: gives what the patterns alone give, for text made of key shapes, masks, header names and their near misses', () => {
		const keys = [makeProjectKey(51), makeAnthropicKey(52), makeGroqKey(53), makeHuggingFaceToken(54), makeJwt('https://auth.openai.com', 55)];
		const secrets = [new Secret(keys[0]!)];
		const keyCharacter = fc.constantFrom(...'aZ09_-.'.split(''));
		const piece = fc.oneof(
			fc.constantFrom(...keys),
			fc.constantFrom(...keys).chain(key => fc.tuple(fc.nat(key.length), fc.integer({min: 1, max: 24})).map(([start, length]) => key.slice(start, start + length))),
			// Runs of key characters around the 10 the check asks for: of no key, and pieces of the known one set apart.
			fc.array(keyCharacter, {minLength: 8, maxLength: 13}).map(characters => characters.join('')),
			// Around the 32 a run needs to be hidden without known keys, with and without each kind of character.
			fc.array(fc.constantFrom(...'aZ09_-'.split('')), {minLength: 30, maxLength: 34}).map(characters => characters.join('')),
			fc.array(fc.constantFrom(...'abz'.split('')), {minLength: 30, maxLength: 34}).map(characters => characters.join('')),
			fc.array(fc.constantFrom(...'0123456789abcdefABCDEF'.split('')), {minLength: 30, maxLength: 34}).map(characters => characters.join('')),
			fc.tuple(fc.integer({min: 8, max: keys[0]!.length - 14}), fc.integer({min: 9, max: 13})).map(([start, length]) => ` ${keys[0]!.slice(start, start + length)} `),
			fc.constantFrom('sk-', 'rk-', 'eyJ', 'AIza', 'hf_', 'gsk_', 'xai-', 'pplx-', 'T3BlbkFJ', 'T3Blbk', '.', '***', '****', 'sk-VKMIs*****wjh3', '0123456789abcdef0123456789abcdef'),
			fc.constantFrom('Authorization: Bearer ', 'AUTHORIZATION=basic ', 'Proxy-Authorization: Bearer ', 'api-key: ', 'X-Api-Key: ', 'Ocp-Apim-Subscription-Key: ', 'authorisation: '),
			fc.constantFrom(' ', '\n', '\t', '"', "'", ':', '=', 'tok3n', '$OPENAI_API_KEY', 'api-key', 'api-keys', 'Authorization', 'bearer ', 'https://platform.openai.com/api-keys'),
			fc.string({maxLength: 12}),
		);
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 10}), fc.boolean(), (parts, withSecret) => {
				const text = parts.join('');
				const given = withSecret ? secrets : [];
				return redact(text, given) === redactWithoutQuickCheck(text, given);
			}),
			{numRuns: 2000},
		);
	});

	it('is passed by text that needs a pattern, and skips text that has nothing for them', () => {
		// Each of these changes only through the patterns, so the check must let it through.
		for (const text of [makeGroqKey(61), 'sk-VKMIs*****wjh3', 'Authorization: Bearer tok3n', 'api-key: tok3n', makeJwt('https://auth.openai.com', 62)]) {
			expect(redact(text)).not.toBe(text);
		}

		expect(redact('warn')).toBe('warn');
		expect(redact('No .env file in /tmp/x.')).toBe('No .env file in /tmp/x.');
		// Words of ten letters and more: without known keys, nothing for the patterns.
		const sentence = 'The environment of the Kubernetes deployment sets OPENAI_API_KEY from a secretKeyRef.';
		expect(redact(sentence)).toBe(sentence);
		const link = 'Create a key at https://platform.openai.com/api-keys (or copy the one you saved).';
		expect(redact(link)).toBe(link);
		// A run of 32 mixing cases and digits is hidden without known keys; with one, the 10-character pieces of it are looked for.
		expect(redact('token aB3dE6gH9jK2mN5pQ8sT1vW4yZ7aB3dE6gH here')).toBe('token [hidden key text] here');
	});
});

describe('values that are no key: short or plain words', () => {
	it.each([['models'], ['Bearer'], ['password'], ['OPENAI_API_KEY'], ['your-api-key-here'], ['changeme'], ['Your_OpenAI_Key']])(
		'%s as the "key" is not hidden inside unrelated text, so commands and names stay whole',
		value => {
			const text = 'curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY" # set OPENAI_API_KEY in .env; password reset; your-api-key-here; changeme; Your_OpenAI_Key';
			expect(redact(text, [new Secret(value)])).toBe(text);
		},
	);

	it('a value of 13+ characters that is no plain word is still hidden wherever it appears', () => {
		const custom = 'gw-Secret-2024-x';
		expect(redact(`token=${custom};`, [new Secret(custom)])).toBe(`token=${new Secret(custom).fingerprint};`);
	});

	it('a short credential after an auth header shows only its length, and stays so on the next pass', () => {
		const once = redact('Authorization: Bearer hunter2');
		expect(once).toBe('Authorization: Bearer a 7-character value');
		expect(redact(once)).toBe(once);
	});
});
