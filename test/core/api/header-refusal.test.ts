import {describe, expect, test} from 'vitest';
import {readHeaderRefusal} from '../../../source/core/api/header-refusal.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';

const key = makeProjectKey(8801);

describe('readHeaderRefusal: the value a client printed', () => {
	test.each([
		['h11 / httpx, empty', "httpx.LocalProtocolError: Illegal header value b'Bearer '", ''],
		['h11, a trailing newline (python bytes repr)', `h11._util.LocalProtocolError: Illegal header value b'Bearer ${key}\\n'`, `${key}\n`],
		['http.client, a carriage return', `ValueError: Invalid header value b'Bearer ${key}\\r'`, `${key}\r`],
		['requests', `requests.exceptions.InvalidHeader: Invalid leading whitespace, reserved character(s), or return character(s) in header value: 'Bearer ${key}\\n'`, `${key}\n`],
		['old Go, %q', `net/http: invalid header field value "Bearer ${key}\\n" for key Authorization`, `${key}\n`],
		['.NET', `System.FormatException: The format of value 'Bearer ${key} ' is invalid.`, `${key} `],
		['undici, raw', `TypeError: Headers.append: "Bearer ${key}\n" is an invalid header value.`, `${key}\n`],
		['node-fetch, raw', `TypeError: Bearer ${key}\n is not a legal HTTP header value`, `${key}\n`],
		['Guzzle', `InvalidArgumentException: "Bearer ${key}\n" is not valid header value`, `${key}\n`],
	])('%s', (_name, text, value) => {
		const refusal = readHeaderRefusal(text)!;
		expect(refusal.secret?.reveal()).toBe(value);
		expect(refusal.fault).toBe(value.trim() === '' ? 'empty' : 'unknown');
		// The Secret never prints the value.
		expect(JSON.stringify(refusal)).not.toContain(key.slice(8, 40));
	});
});

describe('readHeaderRefusal: the character a client named', () => {
	test.each([
		['OkHttp, a line break', 'java.lang.IllegalArgumentException: Unexpected char 0x0a at 171 in Authorization value', 'whitespace', /a line break \(0x0a\) at position 171/],
		['OkHttp, a curly quote', 'Unexpected char 0x201c at 7 in Authorization value', 'non-ascii', /a curly quote \(U\+201C\) at position 7/],
		['python latin-1', "UnicodeEncodeError: 'latin-1' codec can't encode character '\\u2019' in position 7: ordinal not in range(256)", 'non-ascii', /a curly quote \(U\+2019\) at position 7/],
		['python ascii, several', "UnicodeEncodeError: 'ascii' codec can't encode characters in position 7-8: ordinal not in range(128)", 'non-ascii', /positions 7 to 8/],
		['aiohttp', 'ValueError: Newline or carriage return detected in headers. Potential header injection attack.', 'whitespace', /newline/],
		['Go', 'net/http: invalid header field value for "Authorization"', 'whitespace', /control character/],
		['node http', 'TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["Authorization"]', 'unknown', /control or non-Latin-1/],
	])('%s', (_name, text, fault, detail) => {
		const refusal = readHeaderRefusal(text)!;
		expect(refusal.secret).toBeUndefined();
		expect(refusal.fault).toBe(fault);
		expect(refusal.detail).toMatch(detail);
	});

	test('no refusal in other texts', () => {
		expect(readHeaderRefusal('openai.AuthenticationError: Error code: 401')).toBeUndefined();
		expect(readHeaderRefusal('')).toBeUndefined();
	});
});
