import {describe, expect, test} from 'vitest';
import {analyzeKey, analyzeKeyFully, baseUrlJudgesKeyFormat, providerOfBaseUrl, type KeyAnatomy} from '../../../source/core/keys/anatomy.js';
import {
	makeAdminKey,
	makeAnthropicKey,
	makeAzureKey,
	makeDeepSeekKey,
	makeEarlyProjectKey,
	makeGoogleKey,
	makeGroqKey,
	makeJwt,
	makeKeyId,
	makeLongProjectKey,
	makeNoProjectKey,
	makeOpenRouterKey,
	makePerplexityKey,
	makeHuggingFaceToken,
	makeProjectKey,
	makeServiceAccountKey,
	makeUserKey,
	makeXaiKey,
	seededRandom,
} from '../../helpers/fake-keys.js';

const project = makeProjectKey(101);
const user = makeUserKey(102);

type Row = [name: string, value: string, expected: Partial<KeyAnatomy> & {defects: KeyAnatomy['defects']}];

const kinds: Row[] = [
	['project key (164)', project, {kind: 'project', provider: 'openai', label: 'OpenAI project key', defects: []}],
	['early project key (56)', makeEarlyProjectKey(), {kind: 'project', provider: 'openai', defects: []}],
	['long project key (172)', makeLongProjectKey(), {kind: 'project', provider: 'openai', defects: []}],
	['legacy user key (51)', user, {kind: 'user', provider: 'openai', defects: []}],
	['key without a project (sk-None-)', makeNoProjectKey(), {kind: 'user', provider: 'openai', label: 'OpenAI key without a project', defects: []}],
	['service-account key', makeServiceAccountKey(), {kind: 'service-account', provider: 'openai', label: 'OpenAI service-account key', defects: []}],
	['service-account key (sk-service-)', makeServiceAccountKey().replace('sk-svcacct-', 'sk-service-'), {kind: 'service-account', defects: []}],
	['admin key', makeAdminKey(), {kind: 'admin', provider: 'openai', label: 'OpenAI admin key', defects: []}],
	['Anthropic key', makeAnthropicKey(), {kind: 'other-provider', provider: 'anthropic', label: 'Anthropic key', defects: []}],
	['Anthropic OAuth token', `sk-ant-oat01-${makeAnthropicKey().slice(13)}`, {kind: 'other-provider', provider: 'anthropic', label: 'Anthropic OAuth token', defects: []}],
	['OpenRouter key', makeOpenRouterKey(), {kind: 'other-provider', provider: 'openrouter', defects: []}],
	['Groq key', makeGroqKey(), {kind: 'other-provider', provider: 'groq', defects: []}],
	['Google key', makeGoogleKey(), {kind: 'other-provider', provider: 'google', defects: []}],
	['xAI key', makeXaiKey(), {kind: 'other-provider', provider: 'xai', defects: []}],
	['Perplexity key', makePerplexityKey(), {kind: 'other-provider', provider: 'perplexity', defects: []}],
	['Hugging Face token', makeHuggingFaceToken(), {kind: 'other-provider', provider: 'huggingface', defects: []}],
	['Azure AI services key of 84 characters', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0hIj3kLm6nOp9qRs2tUv5wXy8zAb1dEf4hIj7kLm0nOp3q', {kind: 'other-provider', provider: 'azure', defects: []}],
	['DeepSeek-shaped key', makeDeepSeekKey(), {kind: 'other-provider', provider: 'deepseek', defects: []}],
	['Azure key (32 hex)', makeAzureKey(), {kind: 'other-provider', provider: 'azure', defects: []}],
	['JWT', makeJwt('https://auth.openai.com'), {kind: 'malformed', jwt: {issuer: 'https://auth.openai.com'}, label: 'a JWT / OAuth token', defects: []}],
	['JWT with an unreadable payload', `eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.${'a'.repeat(20)}`, {kind: 'malformed', jwt: {}, defects: []}],
	['key id', makeKeyId(), {kind: 'malformed', label: 'an OpenAI key id (key_…), not the secret', defects: []}],
	['organization id', 'org-AbCdEf0123456789xyzABCDE', {kind: 'malformed', malformedReason: 'an organization id (org-…), not a key', defects: []}],
	['project id', 'proj_AbCdEf0123456789xyz', {kind: 'malformed', malformedReason: 'a project id (proj_…), not a key', defects: []}],
	['URL', 'https://api.openai.com/v1', {kind: 'malformed', malformedReason: 'a URL, not a key', defects: []}],
	['sentence', 'You are a helpful assistant that answers in one step.', {kind: 'malformed', label: 'a sentence', defects: []}],
	['cut-short sk- value', project.slice(0, 30), {kind: 'malformed', malformedReason: 'cut short: 30 characters, OpenAI keys are 51+', defects: []}],
	['project key cut before its marker', project.slice(0, 60), {kind: 'malformed', malformedReason: 'cut short: 60 characters and no T3BlbkFJ marker; sk-proj-… keys are 132+', defects: []}],
	['project key that lost its last characters', project.slice(0, 120), {kind: 'malformed', malformedReason: 'cut short: 30 characters after T3BlbkFJ but 74 before it; OpenAI keys have as many after it as before', defects: []}],
	['admin key that lost its last characters', makeAdminKey().slice(0, -9), {kind: 'malformed', malformedReason: 'cut short: 49 characters after T3BlbkFJ but 58 before it; OpenAI keys have as many after it as before', defects: []}],
	['a project key with 100 KB pasted onto its end', `${project}${'A'.repeat(102_400)}`, {kind: 'malformed', label: 'a key with text run onto its end', defects: []}],
	['a legacy key with a log line run onto it', `${user}ERROR20241127connectionresetbypeerretrying`, {kind: 'malformed', label: 'a key with text run onto its end', defects: []}],
	['legacy key cut just after its marker', user.slice(0, 40), {kind: 'malformed', malformedReason: 'cut short: 9 characters after T3BlbkFJ but 20 before it; OpenAI keys have as many after it as before', defects: []}],
	['early project key that lost its last character', makeEarlyProjectKey().slice(0, -1), {kind: 'malformed', malformedReason: 'cut short: 19 characters after T3BlbkFJ but 20 before it; OpenAI keys have as many after it as before', defects: []}],
	['legacy key named by its owner (sk-name-…)', `sk-Keyshade-${user.slice(3, 20)}${user.slice(23)}`, {kind: 'user', provider: 'openai', defects: []}],
	['sk- value without the marker', `sk-${'Ab1'.repeat(20)}`, {kind: 'malformed', malformedReason: 'no T3BlbkFJ marker, which every OpenAI secret contains', defects: []}],
	['a character no key has', `${project.slice(0, 40)}/${project.slice(40)}`, {kind: 'malformed', malformedReason: 'contains "/", which no OpenAI key has', defects: []}],
	['two keys run together', project + user, {kind: 'malformed', malformedReason: 'two keys run together in one value', defects: []}],
	['dashboard redacted form', 'sk-abc...def', {kind: 'malformed', label: 'a redacted key (sk-abc...def)', defects: []}],
	['the text undefined', 'undefined', {kind: 'malformed', malformedReason: 'the text "undefined": a missing value was turned into text', defects: []}],
	['the text None', 'None', {kind: 'malformed', label: 'the text "None"', defects: []}],
	['a short unknown value', 'DEADBEEF', {kind: 'malformed', label: 'not an OpenAI key', defects: []}],
	['a JSON object', '{"api_key": "abc"}', {kind: 'malformed', label: 'a JSON object', defects: []}],
	['a key left inside the template\'s <…>', `<${project}>`, {kind: 'malformed', malformedReason: "the key is wrapped in <…>, the template's brackets kept around it", defects: []}],
	['another provider\'s key inside […]', `[${makeGroqKey()}]`, {kind: 'malformed', label: 'a key wrapped in […]', defects: []}],
	['a Stripe key', `sk_live_${'a1B2'.repeat(6)}`, {kind: 'malformed', label: 'a Stripe key', defects: []}],
];

const pastedLines: Row[] = [
	['apiKey: label', `apiKey: ${project}`, {kind: 'malformed', label: 'a pasted line (apiKey: …)', defects: []}],
	['OPENAI_API_KEY= line', `OPENAI_API_KEY=${project}`, {kind: 'malformed', label: 'a pasted line (OPENAI_API_KEY=…)', defects: []}],
	['export line', `export OPENAI_API_KEY=${user}`, {kind: 'malformed', label: 'a pasted line (OPENAI_API_KEY=…)', defects: []}],
];

const placeholders: Array<[string]> = [
	['YOUR_OPENAI_API_KEY'],
	['YOUR_API_KEY'],
	['your-api-key'],
	['sk-your-key-here'],
	['sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
	['sk-proj-xxxxxxxx'],
	['sk-...'],
	['sk-…'],
	['...'],
	['…'],
	['<your key>'],
	['<paste your new key>'],
	['[YOUR KEY]'],
	['changeme'],
	['CHANGE_ME'],
	['replace_me'],
	['TODO'],
	['xxxxxxxxxxxx'],
	['************'],
	['0000000000'],
	['sk-1234'],
	['sk-'],
	['${OPENAI_API_KEY}'],
	['$OPENAI_API_KEY'],
	['${{ secrets.OPENAI_API_KEY }}'],
	['Paste your key here'],
	['••••••••••••'],
	['OPENAI_API_KEY'],
	['OPENAI_API_KEY_HERE'],
	['api-key-goes-here'],
	['sk-dummy-key'],
	['sk-no-key-required'],
	['sk-<your-key>'],
	['sk-...your-key...'],
	['sk-1234567890abcdef'],
	['sk-abcdef1234567890abcdef1234567890abcdef12'],
];

const defects: Row[] = [
	['trailing newline', `${project}\n`, {kind: 'project', defects: ['whitespace']}],
	['CRLF', `${project}\r\n`, {kind: 'project', defects: ['whitespace']}],
	['leading and trailing spaces', `  ${project} `, {kind: 'project', defects: ['whitespace']}],
	['tab', `\t${user}`, {kind: 'user', defects: ['whitespace']}],
	['double quotes', `"${project}"`, {kind: 'project', defects: ['quoted']}],
	['single quotes', `'${project}'`, {kind: 'project', defects: ['quoted']}],
	['one stray quote', `${project}"`, {kind: 'project', defects: ['quoted']}],
	['nested quotes', `"'${project}'"`, {kind: 'project', defects: ['quoted']}],
	['space, quotes and newline', ` "${project}"\n`, {kind: 'project', defects: ['whitespace', 'quoted']}],
	['Bearer prefix', `Bearer ${project}`, {kind: 'project', defects: ['bearer-prefix']}],
	['the whole Authorization header', `Authorization: Bearer ${project}`, {kind: 'project', defects: ['bearer-prefix']}],
	['a space inside the key', `${project.slice(0, 40)} ${project.slice(40)}`, {kind: 'project', defects: ['whitespace']}],
	['a tab inside the key', `${project.slice(0, 40)}\t${project.slice(40)}`, {kind: 'project', defects: ['whitespace']}],
	['bearer in lower case, quoted', `"bearer ${project}"`, {kind: 'project', defects: ['quoted', 'bearer-prefix']}],
	['NBSP at the end', `${project}\u00a0`, {kind: 'project', defects: ['invisible-chars']}],
	['zero-width space inside', `${project.slice(0, 50)}\u200b${project.slice(50)}`, {kind: 'project', defects: ['invisible-chars']}],
	['byte-order mark at the start', `\ufeff${project}`, {kind: 'project', defects: ['invisible-chars']}],
	['smart quotes', `\u201c${project}\u201d`, {kind: 'project', defects: ['invisible-chars']}],
	['replacement characters (invalid UTF-8)', `${project}\ufffd\ufffd`, {kind: 'project', defects: ['invisible-chars']}],
	['en dash in place of a hyphen', `sk\u2013proj-${project.slice(8)}`, {kind: 'malformed', defects: ['invisible-chars']}],
	['bell character inside', `${project.slice(0, 20)}\u0007${project.slice(20)}`, {kind: 'project', defects: ['control-chars']}],
	['line break inside', `${project.slice(0, 80)}\n${project.slice(80)}`, {kind: 'project', defects: ['control-chars']}],
	['NUL at the end', `${project}\u0000`, {kind: 'project', defects: ['control-chars']}],
	['DEL inside', `${project.slice(0, 9)}\u007f${project.slice(9)}`, {kind: 'project', defects: ['control-chars']}],
	['everything at once', `\u00a0 "Bearer ${project}\u200b"\r\n`, {kind: 'project', defects: ['whitespace', 'quoted', 'bearer-prefix', 'invisible-chars']}],
	['quoted placeholder', '"YOUR_API_KEY"', {kind: 'placeholder', defects: ['quoted']}],
	['Anthropic key with a newline', `${makeAnthropicKey()}\n`, {kind: 'other-provider', provider: 'anthropic', defects: ['whitespace']}],
	['JWT with a newline', `${makeJwt('https://accounts.example.com')}\n`, {kind: 'malformed', jwt: {issuer: 'https://accounts.example.com'}, defects: ['whitespace']}],
];

const empties: Row[] = [
	['empty', '', {kind: 'malformed', defects: ['empty']}],
	['only spaces and a newline', '  \n', {kind: 'malformed', defects: ['empty', 'whitespace']}],
	['only quotes', '""', {kind: 'malformed', defects: ['empty', 'quoted']}],
	['only Bearer', 'Bearer ', {kind: 'malformed', defects: ['empty', 'whitespace', 'bearer-prefix']}],
	['only zero-width spaces', '\u200b\u200b', {kind: 'malformed', defects: ['empty', 'invisible-chars']}],
];

describe('analyzeKey', () => {
	test.each(kinds)('kind: %s', (_name, value, expected) => {
		expect(analyzeKey(value)).toMatchObject(expected);
	});

	test.each(pastedLines)('pasted line: %s', (_name, value, expected) => {
		const anatomy = analyzeKey(value);
		expect(anatomy).toMatchObject(expected);
		expect(anatomy.malformedReason).toMatch(/^a whole line was pasted .*, not just the key/);
	});

	test('a pasted line says what the key after its label is', () => {
		expect(analyzeKey(`OPENAI_API_KEY=${project}`).malformedReason).toContain('the value after it is an OpenAI project key');
		expect(analyzeKey(`api_key: ${makeGroqKey()}`).malformedReason).toContain('the value after it is a Groq key');
	});

	test.each(placeholders)('placeholder: %j', value => {
		const anatomy = analyzeKey(value);
		expect(anatomy.kind).toBe('placeholder');
		expect(anatomy.defects).toEqual([]);
		expect(anatomy.malformedReason).toBeUndefined();
	});

	test.each(defects)('defects: %s', (_name, value, expected) => {
		expect(analyzeKey(value)).toMatchObject(expected);
	});

	test.each(empties)('empty: %s', (_name, value, expected) => {
		expect(analyzeKey(value)).toMatchObject(expected);
	});

	test('never rejects an OpenAI key for its length alone', () => {
		const random = seededRandom(7);
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
		const part = (length: number) => Array.from({length}, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
		for (const side of [10, 20, 58, 74, 90, 200]) {
			expect(analyzeKey(`sk-proj-${part(side)}T3BlbkFJ${part(side)}`).kind).toBe('project');
			expect(analyzeKey(`sk-svcacct-${part(side)}T3BlbkFJ${part(side)}`).kind).toBe('service-account');
			expect(analyzeKey(`sk-None-${part(side)}T3BlbkFJ${part(side)}`).kind).toBe('user');
		}
	});

	test('a DeepSeek-shaped value with the OpenAI marker is OpenAI', () => {
		expect(analyzeKey(`sk-${'a'.repeat(12)}T3BlbkFJ${'b'.repeat(12)}`)).toMatchObject({kind: 'user', provider: 'openai'});
	});

	test('100 KB of garbage is classified quickly and described briefly', () => {
		const random = seededRandom(99);
		const garbage = Array.from({length: 100_000}, () => String.fromCodePoint(Math.floor(random() * 0x2fff))).join('');
		const started = performance.now();
		const analysis = analyzeKeyFully(garbage);
		expect(performance.now() - started).toBeLessThan(2000);
		expect(['malformed', 'placeholder']).toContain(analysis.anatomy.kind);
		expect(analysis.anatomy.defects).toEqual(expect.arrayContaining(['invisible-chars', 'control-chars']));
		expect(analysis.defectDetails.length).toBeLessThanOrEqual(14);
		for (const detail of analysis.defectDetails) expect(detail.text.length).toBeLessThan(200);
	});

	test('100 KB of replacement characters (a binary file read as text)', () => {
		const analysis = analyzeKeyFully('\ufffd'.repeat(100_000));
		expect(analysis.anatomy).toMatchObject({kind: 'malformed', defects: ['empty', 'invisible-chars']});
		expect(analysis.defectDetails).toEqual([{defect: 'invisible-chars', text: 'contains 100000 × replacement character (bytes that were not valid UTF-8) (U+FFFD) inside'}]);
	});
});

describe('defect details', () => {
	const rows: Array<[string, string, string[]]> = [
		['trailing newline', `${project}\n`, ['ends with a newline (\\n)']],
		['CRLF', `${project}\r\n`, ['ends with a Windows line ending (\\r\\n)']],
		['carriage return', `${project}\r`, ['ends with a carriage return (\\r)']],
		['spaces', `  ${project} `, ['starts with 2 spaces', 'ends with a space']],
		['tab', `${project}\t`, ['ends with a tab']],
		['quotes', `"${project}"`, ['is wrapped in quotes ("…")']],
		['nested quotes', `"'${project}'"`, [`is wrapped in quotes ("'…'")`]],
		['leading quote only', `'${project}`, ["starts with a quote (')"]],
		['Bearer', `Bearer ${project}`, ['starts with "Bearer "']],
		['Authorization header', `Authorization: Bearer ${project}`, ['starts with "Authorization: Bearer " (the whole header was pasted)']],
		['space inside', `${project.slice(0, 40)} ${project.slice(40)}`, ['has a space inside the key']],
		['tab inside', `${project.slice(0, 40)}\t${project.slice(40)}`, ['has a tab inside the key']],
		['NBSP', `${project}\u00a0`, ['contains a non-breaking space (U+00A0) at the end']],
		['zero-width spaces', `${project.slice(0, 9)}\u200b\u200b${project.slice(9)}`, ['contains 2 × zero-width space (U+200B) inside']],
		['smart quotes', `\u201c${project}\u201d`, ['contains a curly quote (U+201C) at the start', 'contains a curly quote (U+201D) at the end']],
		['replacement character', `${project}\ufffd`, ['contains a replacement character (bytes that were not valid UTF-8) (U+FFFD) inside']],
		['inner line break', `${project.slice(0, 9)}\n${project.slice(9)}`, ['contains a line break (U+000A) inside']],
		['escape character', `${project.slice(0, 9)}\u001b${project.slice(9)}`, ['contains an escape character (U+001B) inside']],
	];

	test.each(rows)('%s', (_name, value, expected) => {
		expect(analyzeKeyFully(value).defectDetails.map(detail => detail.text)).toEqual(expected);
	});

	test('the core fingerprint shows the key inside the wrapping', () => {
		expect(analyzeKeyFully(` "Bearer ${project}"\r\n`).coreFingerprint).toBe(`sk-proj-…${project.slice(-4)}`);
		expect(analyzeKeyFully('""').coreFingerprint).toBe('(empty)');
	});

	test('details follow the order of the defects', () => {
		const analysis = analyzeKeyFully(`\u200b"Bearer ${project}"\n`);
		expect(analysis.anatomy.defects).toEqual(['whitespace', 'quoted', 'bearer-prefix', 'invisible-chars']);
		expect(analysis.defectDetails.map(detail => detail.defect)).toEqual(['whitespace', 'quoted', 'bearer-prefix', 'invisible-chars']);
	});
});

describe('notAKeyAnywhere and malformedCode', () => {
	test.each([
		['a URL', 'https://example.com/v1', 'url', true],
		['a sentence', 'hello there world', 'sentence', true],
		['a key id', makeKeyId(), 'key-id', true],
		['a pasted line', `OPENAI_API_KEY=${project}`, 'pasted-line', true],
		['a cut-short key', project.slice(0, 20), 'cut-short', false],
		['an unknown value (a gateway key?)', 'EMPTY', 'unknown', false],
		['a JWT', makeJwt(), 'jwt', false],
	] as const)('%s', (_name, value, code, anywhere) => {
		const analysis = analyzeKeyFully(value);
		expect(analysis.malformedCode).toBe(code);
		expect(analysis.notAKeyAnywhere).toBe(anywhere);
	});

	test('placeholders are no key anywhere; clean keys and other providers may be keys', () => {
		expect(analyzeKeyFully('YOUR_API_KEY').notAKeyAnywhere).toBe(true);
		expect(analyzeKeyFully(project).notAKeyAnywhere).toBe(false);
		expect(analyzeKeyFully(makeOpenRouterKey()).notAKeyAnywhere).toBe(false);
	});
});

describe('base URLs', () => {
	test.each([
		['https://api.openai.com/v1', undefined, true],
		['https://eu.api.openai.com/v1', undefined, true],
		['https://openrouter.ai/api/v1', 'openrouter', true],
		['https://api.anthropic.com/v1/', 'anthropic', true],
		['https://api.groq.com/openai/v1', 'groq', true],
		['https://generativelanguage.googleapis.com/v1beta/openai/', 'google', true],
		['https://my-resource.openai.azure.com/openai', undefined, false],
		['http://localhost:4000', undefined, false],
		['https://llm-gateway.internal.example/v1', undefined, false],
	] as const)('%s', (baseUrl, provider, judges) => {
		expect(providerOfBaseUrl(baseUrl)).toBe(provider);
		expect(baseUrlJudgesKeyFormat(baseUrl)).toBe(judges);
	});

	test('the demo server judges formats like OpenAI', () => {
		expect(baseUrlJudgesKeyFormat('http://127.0.0.1:4010/v1', true)).toBe(true);
	});
});

describe('no key text in what analyzeKey returns', () => {
	const secrets = [project, user, makeServiceAccountKey(), makeAdminKey(), makeAnthropicKey(), makeOpenRouterKey(), makeDeepSeekKey(), makeAzureKey(), makeJwt(), makeGroqKey()];
	const wrappers = [
		(key: string) => key,
		(key: string) => ` "${key}"\n`,
		(key: string) => `Bearer ${key}`,
		(key: string) => `OPENAI_API_KEY=${key}`,
		(key: string) => `apiKey: ${key}`,
		(key: string) => key.slice(0, 30),
		(key: string) => `${key.slice(0, 40)}/${key.slice(40)}`,
		(key: string) => `${key}\u200b`,
		(key: string) => key + key,
	];

	test('no 10-character piece of any key appears in labels, reasons or details', () => {
		for (const secret of secrets) {
			const pieces = Array.from({length: secret.length - 9}, (_, index) => secret.slice(index, index + 10));
			for (const wrap of wrappers) {
				const analysis = analyzeKeyFully(wrap(secret));
				const texts = [analysis.anatomy.label, analysis.anatomy.malformedReason ?? '', analysis.anatomy.jwt?.issuer ?? '', ...analysis.defectDetails.map(detail => detail.text)];
				for (const text of texts) {
					for (const piece of pieces) expect(text).not.toContain(piece);
				}
			}
		}
	});
});
