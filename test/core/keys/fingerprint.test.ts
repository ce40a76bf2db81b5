import {describe, expect, test} from 'vitest';
import {fingerprint} from '../../../source/core/keys/fingerprint.js';
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

	test('never more than the prefix and 4 characters, and never a short secret whole', () => {
		expect(fingerprint(makeAnthropicKey(3))).toMatch(/^sk-ant-api03-….{4}$/);
		expect(fingerprint('abcdefghij')).toBe('…ij');
		expect(fingerprint('abc')).toBe('…');
		expect(fingerprint('')).toBe('(empty)');
		expect(fingerprint('\n')).toBe('…');
	});

	test('control characters inside the last 4 are escaped, not printed', () => {
		expect(fingerprint(`${key.slice(0, -2)}\u0007x`)).toBe(`sk-proj-…${key.slice(-4, -2)}\\u0007x`);
	});
});
