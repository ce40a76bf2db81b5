import {parse} from 'dotenv';
import {describe, expect, it} from 'vitest';
import {scanDotenv, type DotenvDefectCode} from '../../../source/core/local/dotenv-scan.js';
import {decodeText} from '../../../source/core/local/file-text.js';
import {nearNameMatch} from '../../../source/core/local/near-names.js';
import {dotenvFixture, fixtureKeys} from './fixtures.js';

const wanted = (name: string) => name === 'OPENAI_API_KEY' || nearNameMatch(name) !== undefined;
const {KEY_A, KEY_B} = fixtureKeys;

function scanFixture(name: string) {
	const bytes = dotenvFixture(name);
	const decoded = decodeText(bytes, name, false, bytes.length);
	if (!decoded.ok) throw new Error(decoded.message);
	return {decoded, scan: scanDotenv(decoded.text, wanted, decoded)};
}

type Expected = {name?: string; line: number; value?: string; effective: boolean; defects: DotenvDefectCode[]};

const table: Array<[fixture: string, expected: Expected[]]> = [
	['healthy.env', [{line: 2, value: KEY_A, effective: true, defects: []}]],
	['crlf.env', [{line: 2, value: KEY_A, effective: true, defects: ['crlf']}]],
	['bom.env', [{line: 1, value: KEY_A, effective: true, defects: ['bom']}]],
	['bom-comment-first.env', [{line: 2, value: KEY_A, effective: true, defects: []}]],
	['quotes.env', [{line: 1, value: KEY_A, effective: true, defects: []}]],
	['single-quotes.env', [{line: 1, value: KEY_A, effective: true, defects: []}]],
	['export.env', [{line: 1, value: KEY_A, effective: true, defects: ['export-prefix']}]],
	['multiline.env', [{line: 5, value: KEY_A, effective: true, defects: []}]],
	['comments.env', [{line: 2, value: KEY_A, effective: true, defects: []}]],
	[
		'duplicates.env',
		[
			{line: 1, value: KEY_A, effective: false, defects: ['duplicate']},
			{line: 3, value: KEY_B, effective: true, defects: ['duplicate']},
		],
	],
	[
		'duplicates-same.env',
		[
			{line: 1, value: KEY_A, effective: false, defects: []},
			{line: 2, value: KEY_A, effective: true, defects: []},
		],
	],
	['spaces.env', [{line: 1, value: KEY_A, effective: true, defects: ['space-around-equals']}]],
	['unclosed.env', [{line: 1, value: `"${KEY_A}`, effective: true, defects: ['unclosed-quote']}]],
	['runaway-quote.env', [{line: 1, value: `"${KEY_A}`, effective: true, defects: ['unclosed-quote']}]],
	['multiline-key.env', [{line: 1, value: `${KEY_A}\n`, effective: true, defects: ['multiline-value']}]],
	['text-after-quote.env', [{line: 1, value: `"${KEY_A}" trailing`, effective: true, defects: ['text-after-quote']}]],
	['colon.env', [{line: 1, value: KEY_A, effective: true, defects: ['colon-separator']}]],
	['no-equals.env', [{line: 1, effective: false, defects: ['not-parsed']}]],
	['invalid-utf8.env', [{line: 1, value: KEY_A, effective: true, defects: []}]],
	['utf16.env', [{line: 1, value: KEY_A, effective: true, defects: ['utf-16', 'crlf']}]],
	['misnamed.env', [{name: 'OPENAI_KEY', line: 1, value: KEY_A, effective: true, defects: []}]],
	['empty.env', [{line: 1, value: '', effective: true, defects: ['empty-value']}]],
];

describe('scanDotenv on the tricky fixtures', () => {
	it.each(table)('%s', (fixture, expected) => {
		const {scan} = scanFixture(fixture);
		expect(
			scan.definitions.map(definition => ({
				name: definition.name,
				line: definition.line,
				value: definition.value,
				effective: definition.effective,
				defects: definition.defects.map(defect => defect.code).sort(),
			})),
		).toEqual(expected.map(item => ({name: item.name ?? 'OPENAI_API_KEY', line: item.line, value: item.value, effective: item.effective, defects: [...item.defects].sort()})));
	});

	it.each(table.filter(([, expected]) => expected.some(item => item.effective)))('%s: the value kept is what the dotenv package parses from the whole file', fixture => {
		const {decoded, scan} = scanFixture(fixture);
		const effective = scan.definitions.filter(definition => definition.effective);
		for (const definition of effective) expect(definition.value).toBe(parse(decoded.text.replace(/\r\n?/g, '\n'))[definition.name]);
	});

	it('keeps every defect message free of the value', () => {
		for (const [fixture] of table) {
			const {scan} = scanFixture(fixture);
			const messages = scan.definitions.flatMap(definition => definition.defects.map(defect => defect.message)).join('\n');
			expect(messages).not.toContain(KEY_A.slice(10, 30));
			expect(messages).not.toContain(KEY_B.slice(10, 30));
		}
	});

	it('does not take a definition-shaped line inside another multi-line value for a definition', () => {
		const {scan} = scanFixture('multiline.env');
		expect(scan.definitions.map(definition => definition.line)).toEqual([5]);
		expect(scan.values.PRIVATE_KEY).toContain('OPENAI_API_KEY=not-a-definition');
	});

	it('takes a key alone on a line (pasted without its name) for an OPENAI_API_KEY line dotenv skips, and nothing else for one', () => {
		const traits = {encoding: 'utf-8', lineEndings: 'lf'} as const;
		const text = `# keys\n${KEY_A}\nBASE64_BLOB=QUJDREVGR0g=\nsk-...\nnot a key\nDEBUG=1\n`;
		const scan = scanDotenv(text, wanted, traits);
		expect(scan.definitions).toEqual([
			{name: 'OPENAI_API_KEY', line: 2, endLine: 2, effective: false, defects: [{code: 'not-parsed', message: 'the line holds a key with no "OPENAI_API_KEY=" in front, so dotenv loaders skip it'}]},
		]);
		expect(JSON.stringify(scan.definitions)).not.toContain(KEY_A.slice(8, 30));
	});

	it('says which duplicate wins and on which lines the others are', () => {
		const {scan} = scanFixture('duplicates.env');
		expect(scan.definitions[0]!.defects[0]!.message).toBe('also set on line 3 with a different value; the last one (line 3) wins');
	});
});

describe('scanDotenv on junk', () => {
	it.each([
		['60 000 key lines', (index: number) => `OPENAI_API_KEY=value${index}`],
		['60 000 unclosed quotes', (index: number) => `OPENAI_API_KEY="value${index}`],
	])('%s: bounded, and the winning line is still the last', (_title, line) => {
		const text = Array.from({length: 60_000}, (_, index) => line(index)).join('\n');
		// A guard against quadratic work (minutes), not a benchmark: loaded machines are slow.
		const started = performance.now();
		const scan = scanDotenv(text, wanted, {encoding: 'utf-8', lineEndings: 'lf'});
		expect(performance.now() - started).toBeLessThan(10_000);
		expect(scan.definitions).toHaveLength(400);
		expect(scan.definitions.at(-1)).toMatchObject({line: 60_000, effective: true, value: scan.values.OPENAI_API_KEY});
		expect(scan.definitions[0]!.defects.find(defect => defect.code === 'duplicate')!.message).toBe(
			'also set on lines 2, 3, 4, 5, 6 and 59994 more with a different value; the last one (line 60000) wins',
		);
	});
});

describe('decodeText', () => {
	it('calls NUL bytes binary, and names git-crypt', () => {
		const bytes = dotenvFixture('binary.env');
		const decoded = decodeText(bytes, '.env', false, bytes.length);
		expect(decoded).toMatchObject({ok: false, code: 'binary'});
		expect(!decoded.ok && decoded.message).toContain('git-crypt');
	});

	it('reports invalid UTF-8 and still decodes the rest', () => {
		const bytes = dotenvFixture('invalid-utf8.env');
		const decoded = decodeText(bytes, '.env', false, bytes.length);
		expect(decoded).toMatchObject({ok: true, invalidUtf8: true, encoding: 'utf-8'});
		expect(decoded.ok && decoded.text).toContain(KEY_A);
	});

	it('does not call a character split by the read limit invalid', () => {
		const bytes = new TextEncoder().encode('DEBUG=1\nCITY=Montréal');
		const cut = bytes.subarray(0, bytes.length - 3);
		expect(decodeText(cut, '.env', true, bytes.length)).toMatchObject({ok: true, invalidUtf8: false, text: 'DEBUG=1\n'});
	});

	it('drops the line cut at the read limit: a key cut short is no key', () => {
		const text = `DEBUG=1\nOPENAI_API_KEY=${KEY_A}\n`;
		const bytes = new TextEncoder().encode(text);
		const cut = bytes.subarray(0, bytes.length - 20);
		expect(decodeText(cut, '.env', true, bytes.length)).toMatchObject({ok: true, truncated: true, text: 'DEBUG=1\n'});
		expect(decodeText(bytes, '.env', false, bytes.length)).toMatchObject({ok: true, text});
	});

	it('reads a UTF-16 file with its byte-order mark, and a UTF-8 BOM', () => {
		const utf16 = dotenvFixture('utf16.env');
		expect(decodeText(utf16, '.env', false, utf16.length)).toMatchObject({ok: true, encoding: 'utf-16le', lineEndings: 'crlf', text: `OPENAI_API_KEY=${KEY_A}\r\n`});
		const bom = dotenvFixture('bom.env');
		expect(decodeText(bom, '.env', false, bom.length)).toMatchObject({ok: true, encoding: 'utf-8-bom', text: `OPENAI_API_KEY=${KEY_A}\nDEBUG=1\n`});
	});
});
