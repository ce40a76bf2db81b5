import {describe, expect, test} from 'vitest';
import {fingerprint, isShortValue} from '../../../source/core/keys/fingerprint.js';
import {Secret} from '../../../source/core/keys/secret.js';
import {makeAnthropicKey, makeProjectKey} from '../../helpers/fake-keys.js';

const key = makeProjectKey(77);
const last4 = key.slice(-4);

describe('fingerprint', () => {
	test.each([
		['the key', key],
		['a trailing newline', `${key}\n`],
		['a Windows line ending', `${key}\r\n`],
		['surrounding spaces and a tab', `  ${key}\t`],
		['a zero-width space or BOM at an end', `\ufeff${key}\u200b`],
		['double quotes kept as part of the value', `"${key}"`],
		['single quotes and a newline outside them', `'${key}'\n`],
	])('shows the prefix and the last 4 a dashboard shows for %s', (_name, value) => {
		expect(fingerprint(value)).toBe(`sk-proj-…${last4}`);
	});

	test('never more than the prefix and 4 characters', () => {
		expect(fingerprint(makeAnthropicKey(3))).toMatch(/^sk-ant-api03-….{4}$/);
		expect(fingerprint('abcdefghijklmnopqrstu')).toBe('…rstu');
		expect(fingerprint('')).toBe('(empty)');
	});

	test.each([
		['models', 'a 6-character value'],
		['Bearer', 'a 6-character value'],
		['password', 'an 8-character value'],
		['sk-proj-', 'an 8-character value'],
		['hello', 'a 5-character value'],
		['"hello"\n', 'a 5-character value'],
		['abcdefghijkl', 'a 12-character value'],
		['abcdefghijk', 'an 11-character value'],
		['\n', 'a 1-character value'],
	])('a value of 12 characters or fewer is no key: %j shows only its length', (value, shown) => {
		expect(fingerprint(value)).toBe(shown);
		expect(isShortValue(value)).toBe(true);
		expect(new Secret(value).short).toBe(true);
	});

	test('13 characters make a key-sized value again', () => {
		expect(isShortValue('abcdefghijklm')).toBe(false);
		expect(fingerprint('abcdefghijklm')).toBe('…lm');
	});

	test('control characters inside the last 4 are escaped, not printed', () => {
		expect(fingerprint(`${key.slice(0, -2)}\u0007x`)).toBe(`sk-proj-…${key.slice(-4, -2)}\\u0007x`);
	});
});
