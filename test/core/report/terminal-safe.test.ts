import {describe, expect, test} from 'vitest';
import {terminalSafe, terminalSafeKeepingColour} from '../../../source/core/report/terminal-safe.js';

describe('terminalSafe', () => {
	test.each([
		['an OSC 52 clipboard write ended by BEL', 'a\u001B]52;c;ZWNobyBwd25lZA==\u0007b', 'ab'],
		['an OSC window title ended by ST', 'a\u001B]0;pwned\u001B\\b', 'ab'],
		['a DCS query', 'a\u001BP1$r\u001B\\b', 'ab'],
		['an APC string', 'a\u001B_payload\u001B\\b', 'ab'],
		['C1 OSC', 'a\u009D0;title\u009Cb', 'ab'],
		['a CSI colour and a cursor move', '\u001B[31mred\u001B[0m \u001B[2Aup', 'red up'],
		['C1 CSI', 'a\u009B2Jb', 'ab'],
		['a bare CR that would hide the line', 'shown\rhidden', 'shownhidden'],
		['CRLF', 'one\r\ntwo', 'one\ntwo'],
		['BEL, backspace, DEL', 'a\u0007b\u0008c\u007Fd', 'abcd'],
		['an unterminated OSC swallows to the end', 'ok\u001B]0;never ends', 'ok'],
	])('removes %s', (_name, input, expected) => {
		expect(terminalSafe(input)).toBe(expected);
	});

	test('keeps tabs, newlines and every printable character', () => {
		const text = 'Error code: 401 -\t{\'error\': {…}}\nsk-proj-…wxyz ✔ ✖ ü 日本';
		expect(terminalSafe(text)).toBe(text);
	});

	test('keepingColour keeps colour sequences and drops the rest', () => {
		expect(terminalSafeKeepingColour('\u001B[1mkey\u001B[22m \u001B]0;t\u0007x\u001B[2J')).toBe('\u001B[1mkey\u001B[22m x');
	});
});
