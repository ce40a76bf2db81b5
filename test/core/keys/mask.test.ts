import {describe, expect, test} from 'vitest';
import {maskFitsKey, maskInFingerprintForm, maskLikeOpenAI, maskMatches, parseMaskFromText} from '../../../source/core/keys/mask.js';
import {makeAzureKey, makeKeyId, makeOpenRouterKey, makeProjectKey, makeUserKey, seededRandom} from '../../helpers/fake-keys.js';

const random = seededRandom(2024);
const filler = (length: number) => Array.from({length}, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[Math.floor(random() * 62)]).join('');

/** A value with the given head and tail and total length, like the captured keys. */
const shaped = (head: string, length: number, tail: string) => `${head}${filler(length - head.length - tail.length)}${tail}`;

describe('maskLikeOpenAI (reference §2.2 captures)', () => {
	test.each([
		['legacy key, 51', shaped('sk-VKMIs', 51, 'wjh3'), `sk-VKMIs${'*'.repeat(39)}wjh3`],
		['project key, 164', shaped('sk-proj-', 164, '21sA'), `sk-proj-${'*'.repeat(152)}21sA`],
		['OpenRouter key, 73', shaped('sk-or-v1', 73, 'de5d'), `sk-or-v1${'*'.repeat(61)}de5d`],
		['a URL', shaped('https://', 92, 'lETQ'), `https://${'*'.repeat(80)}lETQ`],
		['a key id, 20', shaped('key_8Tjw', 20, 'rtUb'), 'key_8Tjw********rtUb'],
		['8 characters come back whole', 'DEADBEEF', 'DEADBEEF'],
		['7 characters', 'invalid', 'invalid'],
		['5 characters', 'Toxic', 'Toxic'],
		['4 characters', 'fake', 'fake'],
		['4 digits', '1234', '1234'],
		['empty', '', ''],
	])('%s', (_name, value, mask) => {
		expect(maskLikeOpenAI(value)).toBe(mask);
		// One star per hidden character: the mask is as long as the value.
		expect([...maskLikeOpenAI(value)].length).toBe([...value].length);
	});

	test('a trailing newline is part of the last four', () => {
		const key = makeProjectKey(3);
		expect(maskLikeOpenAI(`${key}\n`).endsWith(`${key.slice(-3)}\n`)).toBe(true);
		expect(maskLikeOpenAI(`${key}\n`)).toHaveLength(key.length + 1);
	});
});

describe('parseMaskFromText', () => {
	const legacyMask = `sk-VKMIs${'*'.repeat(39)}wjh3`;
	const projectMask = `sk-proj-${'*'.repeat(152)}21sA`;
	const tail = 'You can find your API key at https://platform.openai.com/account/api-keys.';
	test.each([
		['plain message', `Incorrect API key provided: ${legacyMask}. ${tail}`, legacyMask],
		['node SDK form', `401 Incorrect API key provided: ${projectMask}. ${tail}`, projectMask],
		[
			'python dict repr',
			`openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${projectMask}. ${tail}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`,
			projectMask,
		],
		[
			'JSON body',
			JSON.stringify({error: {message: `Incorrect API key provided: ${legacyMask}. ${tail}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key'}}),
			legacyMask,
		],
		['JSON body with an escaped newline in the mask', `{"error":{"message":"Incorrect API key provided: sk-proj-${'*'.repeat(153)}1sA\\n. ${tail}"}}`, `sk-proj-${'*'.repeat(153)}1sA\n`],
		['python repr with a \\x escape', `{'message': 'Incorrect API key provided: sk-proj-${'*'.repeat(153)}1sA\\x0d. ${tail}'}`, `sk-proj-${'*'.repeat(153)}1sA\r`],
		['JSON unicode escape', `"Incorrect API key provided: sk-proj-${'*'.repeat(153)}1sA\\u200b. ${tail}"`, `sk-proj-${'*'.repeat(153)}1sA\u200b`],
		['raw newline (node prints the message as is)', `401 Incorrect API key provided: sk-proj-${'*'.repeat(153)}1sA\n. ${tail}`, `sk-proj-${'*'.repeat(153)}1sA\n`],
		['short value in full', `Incorrect API key provided: DEADBEEF. ${tail}`, 'DEADBEEF'],
		['pasted sentence (contains spaces, ends with a period)', `Incorrect API key provided: You are ${'*'.repeat(60)}tep.. ${tail}`, `You are ${'*'.repeat(60)}tep.`],
		['placeholder with dots', `Incorrect API key provided: sk-.... ${tail}`, 'sk-...'],
		['a key id', `Incorrect API key provided: key_8Tjw********rtUb. ${tail}`, 'key_8Tjw********rtUb'],
		['message cut after the mask', `Incorrect API key provided: ${legacyMask}.`, legacyMask],
		['message cut inside JSON', `{"message": "Incorrect API key provided: ${legacyMask}", "code": "invalid_api_key"}`, legacyMask],
		['old help-center form', `Incorrect API key provided: sk-${'*'.repeat(33)}ZXY. ${tail}`, `sk-${'*'.repeat(33)}ZXY`],
	])('%s', (_name, text, mask) => {
		expect(parseMaskFromText(text)).toBe(mask);
	});

	test.each([
		['no message', '401 Unauthorized'],
		['another 401', "You didn't provide an API key. You need to provide your API key in an Authorization header"],
		['empty', ''],
	])('none in %s', (_name, text) => {
		expect(parseMaskFromText(text)).toBeUndefined();
	});
});

describe('maskMatches', () => {
	const user = makeUserKey(11);
	const project = makeProjectKey(12);
	const azure = makeAzureKey(13);
	type Row = [name: string, mask: string, value: string, expected: {matches: boolean; exactLength: boolean}];
	const rows: Row[] = [
		['its own legacy mask', maskLikeOpenAI(user), user, {matches: true, exactLength: true}],
		['its own project mask', maskLikeOpenAI(project), project, {matches: true, exactLength: true}],
		['another project key', maskLikeOpenAI(makeProjectKey(14)), project, {matches: false, exactLength: false}],
		['same ends, one character longer: a client or log re-masked it, still a match', maskLikeOpenAI(project), `${project.slice(0, -4)}x${project.slice(-4)}`, {matches: true, exactLength: false}],
		['same head, another tail', `${project.slice(0, 8)}${'*'.repeat(152)}zzzz`, project, {matches: false, exactLength: false}],
		['the value with a trailing newline against the clean key', maskLikeOpenAI(`${project}\n`), project, {matches: false, exactLength: false}],
		['the value with a trailing newline against itself', maskLikeOpenAI(`${project}\n`), `${project}\n`, {matches: true, exactLength: true}],
		['old form: first 3 and last 3, star count unrelated', `sk-${'*'.repeat(33)}${user.slice(-3)}`, user, {matches: true, exactLength: false}],
		['old form with another tail', `sk-${'*'.repeat(33)}ZZZ`, user, {matches: false, exactLength: false}],
		['Azure form from an issue (first 1, last 1)', `${azure[0]}${'*'.repeat(33)}${azure.at(-1)}`, azure, {matches: true, exactLength: false}],
		['Azure form, first 3 and last 4, exact', `${azure.slice(0, 3)}${'*'.repeat(25)}${azure.slice(-4)}`, azure, {matches: true, exactLength: true}],
		['hand-shortened with an ellipsis', `${project.slice(0, 8)}…${project.slice(-4)}`, project, {matches: true, exactLength: false}],
		['hand-shortened with three dots', `${user.slice(0, 8)}...${user.slice(-4)}`, user, {matches: true, exactLength: false}],
		['a short value shown whole', 'DEADBEEF', 'DEADBEEF', {matches: true, exactLength: true}],
		['a short value that differs', 'DEADBEEF', 'DEADBEEG', {matches: false, exactLength: false}],
		['a short mask of stars only matches itself', 'sk-****', 'sk-proj-abcdef', {matches: false, exactLength: false}],
		['only stars', '*'.repeat(40), project, {matches: false, exactLength: false}],
		['stars broken by text', `sk-proj-${'*'.repeat(10)}ab${'*'.repeat(10)}21sA`, project, {matches: false, exactLength: false}],
		['key id', maskLikeOpenAI(makeKeyId(5)), makeKeyId(5), {matches: true, exactLength: true}],
		['OpenRouter mask against an OpenAI key', maskLikeOpenAI(makeOpenRouterKey(6)), project, {matches: false, exactLength: false}],
		['10 characters (head and tail overlap)', maskLikeOpenAI('abcdefghij'), 'abcdefghij', {matches: true, exactLength: true}],
	];

	test.each(rows)('%s', (_name, mask, value, expected) => {
		expect(maskMatches(mask, value)).toEqual(expected);
	});
});

describe('maskFitsKey: the mask covers the raw value the app sent', () => {
	const project = makeProjectKey(21);
	const user = makeUserKey(22);
	type Row = [name: string, sent: string, found: string, fits: boolean];
	const rows: Row[] = [
		['the key as found', project, project, true],
		['docker --env-file keeps double quotes: found unquoted by dotenv', `"${project}"`, project, true],
		['single quotes kept', `'${user}'`, user, true],
		['quotes kept, found with them', `"${project}"`, `"${project}"`, true],
		['a trailing newline the app read, found trimmed', `${project}\n`, project, true],
		['CRLF from a Windows .env', `${project}\r\n`, project, true],
		['a leading space', ` ${user}`, user, true],
		['quotes and a trailing space', `"${project}" `, project, true],
		['found with a newline, sent clean', project, `${project}\n`, true],
		['found quoted, sent clean', user, `"${user}"`, true],
		['quotes around another key', `"${makeProjectKey(23)}"`, project, false],
		['quoted key one character longer', `"${project}x"`, project, false],
		['only the opening quote kept (the value runs on)', `"${project}`, project, true],
		['a short value in quotes', '"fake"', 'fake', true],
		['a short value, another one', '"fake"', 'fakes', false],
	];

	test.each(rows)('%s', (_name, sent, found, fits) => {
		expect(maskFitsKey(maskLikeOpenAI(sent), found)).toBe(fits);
	});

	test('the wrapping never makes an empty value fit', () => {
		expect(maskFitsKey('""', '')).toBe(false);
		expect(maskFitsKey(maskLikeOpenAI(`"${project}"`), '""')).toBe(false);
	});
});

describe('maskInFingerprintForm', () => {
	const project = makeProjectKey(31);
	test.each([
		['current form', maskLikeOpenAI(project), `sk-proj-…${project.slice(-4)}`],
		['quotes kept around the value', maskLikeOpenAI(`"${project}"`), `"sk-…${project.slice(-3)}"`],
		['a trailing newline', maskLikeOpenAI(`${project}\n`), `sk-proj-…${project.slice(-3)}\\n`],
		['a pasted sentence shows no head', `You are ${'*'.repeat(60)}tep.`, '…tep.'],
		['hand-shortened', `${project.slice(0, 8)}…${project.slice(-4)}`, `sk-proj-…${project.slice(-4)}`],
	])('%s', (_name, mask, shown) => {
		expect(maskInFingerprintForm(mask)).toBe(shown);
	});

	test('shows no more of the key than its fingerprint', () => {
		const shown = maskInFingerprintForm(maskLikeOpenAI(`"${project}"`));
		expect(shown).not.toContain(project.slice(0, 9));
		expect(shown).not.toContain('*');
	});
});
