import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {fingerprint} from '../../../source/core/keys/fingerprint.js';
import {maskFit, maskFitsKey, maskInFingerprintForm, maskLikeOpenAI} from '../../../source/core/keys/mask.js';
import {describeSent, readSentKey, readSentValue, type SentKey} from '../../../source/core/keys/mask-anatomy.js';
import {
	makeAnthropicKey,
	makeAzureKey,
	makeDeepSeekKey,
	makeGoogleKey,
	makeGroqKey,
	makeJwt,
	makeKeyId,
	makeOpenAIKey,
	makeOpenRouterKey,
	makeRelayKey,
	makeXaiKey,
} from '../../helpers/fake-keys.js';

type Expect = Partial<Pick<SentKey, 'kind' | 'provider' | 'malformedCode' | 'length' | 'form' | 'guessed'>> & {reason?: RegExp; defects?: string[]};

/** Every OpenAI kind at every length its keys have: well-formed, with the exact length the mask gives. */
const wellFormed: Array<[name: string, key: string, kind: SentKey['kind']]> = [
	['legacy user key, 51', makeOpenAIKey('sk-', 20, 1), 'user'],
	['early project key, 56', makeOpenAIKey('sk-proj-', 20, 2), 'project'],
	['project key, 132', makeOpenAIKey('sk-proj-', 58, 3), 'project'],
	['project key, 164', makeOpenAIKey('sk-proj-', 74, 4), 'project'],
	['project key, 172', makeOpenAIKey('sk-proj-', 78, 5), 'project'],
	['service-account key, 135', makeOpenAIKey('sk-svcacct-', 58, 6), 'service-account'],
	['service-account key, 167', makeOpenAIKey('sk-svcacct-', 74, 7), 'service-account'],
	['sk-service- key, 167', makeOpenAIKey('sk-service-', 74, 8), 'service-account'],
	['admin key, 133', makeOpenAIKey('sk-admin-', 58, 9), 'admin'],
	['admin key, 165', makeOpenAIKey('sk-admin-', 74, 10), 'admin'],
	['key without a project (no fixed length), 164', makeOpenAIKey('sk-None-', 74, 11), 'user'],
	['key without a project, 120', makeOpenAIKey('sk-None-', 52, 12), 'user'],
];

describe('readSentKey: an OpenAI key of every kind and length is well-formed', () => {
	test.each(wellFormed)('%s', (_name, key, kind) => {
		const sent = readSentKey(maskLikeOpenAI(key));
		expect(sent).toMatchObject({form: 'openai', length: key.length, kind, provider: 'openai', judged: true, defects: []});
		expect(sent.malformedCode).toBeUndefined();
	});
});

describe('readSentKey: a known kind at a wrong length is cut short or runs on, by how much', () => {
	const project = makeOpenAIKey('sk-proj-', 74, 21);
	const service = makeOpenAIKey('sk-svcacct-', 74, 22);
	const admin = makeOpenAIKey('sk-admin-', 58, 23);
	const rows: Array<[name: string, value: string, expected: Expect]> = [
		['a project key cut to 100', project.slice(0, 100), {malformedCode: 'cut-short', length: 100, reason: /has 100 characters.*32 missing against a 132-character key/}],
		['a project key cut to 150', project.slice(0, 150), {malformedCode: 'cut-short', reason: /14 missing against a 164-character key/}],
		['a project key cut to 40', project.slice(0, 40), {malformedCode: 'cut-short', reason: /16 missing against a 56-character key/}],
		['a project key with 3 characters run on', `${project}abc`, {malformedCode: 'runs-on', length: 167, reason: /3 too many against a 164-character key/}],
		['a 64-character sk-svcacct- key', service.slice(0, 64), {malformedCode: 'cut-short', length: 64, reason: /64 characters, sk-svcacct- \(service-account\) keys have 135 or 167: 71 missing/}],
		['a service-account key run on by 10', `${service}0123456789`, {malformedCode: 'runs-on', reason: /10 too many against a 167-character key/}],
		['an admin key cut by 1', admin.slice(0, -1), {malformedCode: 'cut-short', reason: /1 missing against a 133-character key/}],
	];

	test.each(rows)('%s', (_name, value, expected) => {
		const {reason, ...rest} = expected;
		const sent = readSentKey(maskLikeOpenAI(value));
		expect(sent).toMatchObject({kind: 'malformed', form: 'openai', ...rest});
		expect(sent.malformedReason).toMatch(reason!);
		expect(sent.expectedLengths).toBeDefined();
	});

	test('a legacy-looking sk- value at another length than 51 is another service’s sk- key', () => {
		const sent = readSentKey(maskLikeOpenAI(`sk-${'Ab3'.repeat(10)}Xy`));
		expect(sent).toMatchObject({kind: 'malformed', mayBelongElsewhere: true, length: 35});
		expect(sent.malformedReason).toMatch(/legacy sk- keys have 51.*another service's sk- key/);
	});
});

describe('readSentKey: what the value is, whatever the stars hide', () => {
	const project = makeOpenAIKey('sk-proj-', 74, 31);
	const rows: Array<[name: string, mask: string, expected: Expect]> = [
		['a URL (continue#10250)', `https://${'*'.repeat(80)}lETQ`, {kind: 'malformed', malformedCode: 'url'}],
		['a pasted label (apiKey: …)', `apiKey: ${'*'.repeat(152)}vJkA`, {kind: 'malformed', malformedCode: 'pasted-line', reason: /apiKey: …/}],
		['an export line', maskLikeOpenAI(`export OPENAI_API_KEY=${project}`), {kind: 'malformed', malformedCode: 'pasted-line', reason: /\(export …\)/}],
		['a NAME=value line', maskLikeOpenAI(`OPENAI_API_KEY=${project}`), {kind: 'malformed', malformedCode: 'pasted-line', reason: /\(OPENAI_A…\)/}],
		['an upper-case head that names no variable is not shown', maskLikeOpenAI(`AB_CDEFGHIJKLMNOPQRSTUVWXYZ0123456789`), {kind: 'malformed', malformedCode: 'unknown'}],
		['a sentence', `You are ${'*'.repeat(104)}tep.`, {kind: 'malformed', malformedCode: 'sentence', reason: /^a sentence or several words, not a key$/}],
		['a key id', maskLikeOpenAI(makeKeyId(32)), {kind: 'malformed', malformedCode: 'key-id'}],
		['an organization id', maskLikeOpenAI('org-AbCdEfGhIjKlMnOpQrStUvWx'), {kind: 'malformed', malformedCode: 'org-id'}],
		['a JWT (its dots hidden)', maskLikeOpenAI(makeJwt('https://auth.openai.com', 33)), {kind: 'malformed', malformedCode: 'jwt'}],
		['a literal \\n copied out of JSON', maskLikeOpenAI(`${project}\\n`), {kind: 'malformed', malformedCode: 'literal-escape', reason: /ends with a literal \\n/}],
		['an unknown 14-character value (nextcloud#194)', '8kaL5ja$**oQnP', {kind: 'malformed', length: 14}],
		['placeholder: your-api-key-here', maskLikeOpenAI('your-api-key-here'), {kind: 'placeholder'}],
		['placeholder: YOUR_OPENAI_API_KEY_HERE', maskLikeOpenAI('YOUR_OPENAI_API_KEY_HERE'), {kind: 'placeholder'}],
		['placeholder: sk- and 48 x', maskLikeOpenAI(`sk-${'x'.repeat(48)}`), {kind: 'placeholder'}],
		['placeholder: sk-proj- and x filler', maskLikeOpenAI(`sk-proj-${'x'.repeat(40)}`), {kind: 'placeholder'}],
		['placeholder: an unexpanded ${VAR}', maskLikeOpenAI('${OPENAI_API_KEY}'), {kind: 'placeholder'}],
		['placeholder: <your-api-key-goes-here>', maskLikeOpenAI('<your-api-key-goes-here>'), {kind: 'placeholder'}],
		['a real key in the template’s brackets', maskLikeOpenAI(`<${project}>`), {kind: 'malformed', malformedCode: 'wrapped'}],
		['OpenRouter key sent to OpenAI (continue#12788)', maskLikeOpenAI(makeOpenRouterKey(34)), {kind: 'other-provider', provider: 'openrouter'}],
		['Anthropic key', maskLikeOpenAI(makeAnthropicKey(35)), {kind: 'other-provider', provider: 'anthropic'}],
		['Groq key', maskLikeOpenAI(makeGroqKey(36)), {kind: 'other-provider', provider: 'groq'}],
		['Google key', maskLikeOpenAI(makeGoogleKey(37)), {kind: 'other-provider', provider: 'google'}],
		['xAI key', maskLikeOpenAI(makeXaiKey(38)), {kind: 'other-provider', provider: 'xai'}],
		['DeepSeek-shaped key', maskLikeOpenAI(makeDeepSeekKey(39)), {kind: 'other-provider', provider: 'deepseek'}],
		['Azure key, 32 hex', maskLikeOpenAI(makeAzureKey(40)), {kind: 'other-provider', provider: 'azure', length: 32}],
		['Azure key, 84 characters', maskLikeOpenAI('Ab3dE'.repeat(16) + 'Zz12'), {kind: 'other-provider', provider: 'azure', length: 84}],
		['Azure key in the old loose form (openai-python#1209)', `3${'*'.repeat(33)}5`, {kind: 'other-provider', provider: 'azure', form: 'loose'}],
		['a relay’s 64-hex key', maskLikeOpenAI(makeRelayKey(41)), {kind: 'other-provider', provider: 'relay'}],
		['the old help-center form, first 3 and last 3', `sk-${'*'.repeat(33)}ZXY`, {kind: 'user', provider: 'openai', form: 'loose'}],
		['a hand-shortened project mask', `sk-proj-…${project.slice(-4)}`, {kind: 'project', form: 'loose'}],
		['a mask shortened by hand to its prefix: a key of unknown length, not a cut one', 'sk-proj-****', {kind: 'project', form: 'loose', guessed: true}],
	];

	test.each(rows)('%s', (_name, mask, expected) => {
		const {reason, ...rest} = expected;
		const sent = readSentKey(mask);
		expect(sent).toMatchObject(rest);
		if (reason) expect(sent.malformedReason).toMatch(reason);
		// The head of a value with no known prefix is never repeated (it may be a secret's start).
		if (sent.malformedCode === 'unknown') expect(`${sent.label} ${sent.malformedReason}`).not.toContain(mask.slice(0, 8));
	});
});

describe('readSentKey: a template only by its last 4 characters', () => {
	test("at a real key's exact length it may be a real key redacted by hand", () => {
		const sent = readSentKey(`sk-proj-${'*'.repeat(152)}xxxx`);
		expect(sent.kind).toBe('placeholder');
		expect(sent.mayBeRedacted).toBe(true);
	});

	test('at another length, or with template words beyond the prefix, it is a template', () => {
		expect(readSentKey(`sk-proj-${'*'.repeat(40)}xxxx`).mayBeRedacted).toBeUndefined();
		expect(readSentKey(maskLikeOpenAI('your-api-key-here')).mayBeRedacted).toBeUndefined();
	});
});

describe('readSentKey: what wraps the key sent', () => {
	const project = makeOpenAIKey('sk-proj-', 74, 51);
	const rows: Array<[name: string, value: string, defects: string[], kind: SentKey['kind']]> = [
		['double quotes kept (Windows set VAR="…")', `"${project}"`, ['quoted'], 'project'],
		['single quotes kept', `'${project}'`, ['quoted'], 'project'],
		['a trailing newline', `${project}\n`, ['whitespace'], 'project'],
		['a Windows line ending', `${project}\r\n`, ['whitespace'], 'project'],
		['a leading space', ` ${project}`, ['whitespace'], 'project'],
		['curly quotes from a document', `\u201c${project}\u201d`, ['invisible-chars'], 'project'],
		['a service-account key in quotes', `"${makeOpenAIKey('sk-svcacct-', 74, 52)}"`, ['quoted'], 'service-account'],
	];

	test.each(rows)('%s', (_name, value, defects, kind) => {
		const sent = readSentKey(maskLikeOpenAI(value));
		expect(sent).toMatchObject({kind, defects, judged: true});
		// The wrapping does not count against the key's own length.
		expect(sent.malformedCode).toBeUndefined();
	});

	test('"Bearer " in front: the wrapping is known, too little of the key shows to judge it', () => {
		const sent = readSentKey(maskLikeOpenAI(`Bearer ${project}`));
		expect(sent).toMatchObject({defects: ['bearer-prefix'], judged: false});
		expect(describeSent(sent)).toBe('a value that starts with "Bearer "');
	});
});

describe('readSentValue: values OpenAI echoes whole, and header values a client printed', () => {
	const rows: Array<[value: string, expected: Expect]> = [
		['undefined', {kind: 'malformed', malformedCode: 'missing-value'}],
		['None', {kind: 'malformed', malformedCode: 'missing-value'}],
		['null', {kind: 'malformed', malformedCode: 'missing-value'}],
		['Toxic', {kind: 'malformed', reason: /^a 5-character value, far too short for a key$/}],
		['DEADBEEF', {kind: 'malformed', reason: /^an 8-character value/}],
		['invalid', {kind: 'malformed', reason: /^a 7-character value/}],
		['fake', {kind: 'placeholder'}],
		['1234', {kind: 'placeholder'}],
		['xxx', {kind: 'placeholder'}],
		['sk-xxxxxx', {kind: 'placeholder'}],
		['sk-...', {kind: 'placeholder'}],
		['<sk-…>', {kind: 'placeholder'}],
		['placeholder', {kind: 'placeholder'}],
		['your-api-key', {kind: 'placeholder'}],
	];

	test.each(rows)('%j', (value, expected) => {
		const {reason, ...rest} = expected;
		const sent = readSentKey(value);
		expect(sent).toMatchObject({form: 'whole', length: value.length, ...rest});
		if (reason) expect(sent.malformedReason).toMatch(reason);
		// A short value is never shown: it could be a short secret.
		if (sent.kind === 'malformed' && sent.malformedCode !== 'missing-value') expect(`${sent.label} ${sent.malformedReason}`).not.toContain(value);
	});

	test('a whole key with a trailing newline, as a client printed the header value', () => {
		const key = makeOpenAIKey('sk-proj-', 74, 61);
		expect(readSentValue(`${key}\n`)).toMatchObject({kind: 'project', defects: ['whitespace'], form: 'whole'});
	});
});

/** Keys of every kind, as fast-check arbitraries: OpenAI's shapes and others'. */
const keyChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
const body = (min: number, max: number) => fc.array(keyChars, {minLength: min, maxLength: max}).map(chars => chars.join(''));
const anyKey = fc.oneof(
	fc.tuple(fc.constantFrom('sk-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-None-'), body(20, 80), body(20, 80)).map(([prefix, head, tail]) => `${prefix}${head}T3BlbkFJ${tail}`),
	fc.tuple(fc.constantFrom('sk-or-v1-', 'sk-ant-api03-', 'gsk_', 'AIza', 'xai-', ''), body(9, 120)).map(([prefix, rest]) => `${prefix}${rest}`),
	fc.string({minLength: 1, maxLength: 60}),
);
const wrapped = fc.tuple(fc.constantFrom('', '"', "'", ' '), anyKey, fc.constantFrom('', '"', "'", '\n', '\r\n', ' ')).map(([lead, key, trail]) => ({found: key, sent: `${lead}${key}${trail}`}));

describe('properties', () => {
	test('a mask built from any found key by OpenAI’s rule always matches it, with its exact length', () => {
		fc.assert(
			fc.property(anyKey, key => {
				expect(maskFitsKey(maskLikeOpenAI(key), key)).toBe(true);
				expect(maskFit(maskLikeOpenAI(key), key).exactLength).toBe(true);
			}),
			{numRuns: 500},
		);
	});

	test('the mask of a key sent with quotes or blanks a loader kept still matches the key as found', () => {
		fc.assert(
			fc.property(wrapped, ({found, sent}) => {
				fc.pre(found.trim() !== '' && found.trim() === found && !/["'`]/.test(found.slice(0, 1) + found.slice(-1)));
				expect(maskFitsKey(maskLikeOpenAI(sent), found)).toBe(true);
			}),
			{numRuns: 500},
		);
	});

	test('what the reading says of a masked key never shows more than its fingerprint', () => {
		fc.assert(
			fc.property(wrapped, ({found, sent}) => {
				const mask = maskLikeOpenAI(sent);
				const reading = readSentKey(mask);
				const said = [describeSent(reading), reading.label, reading.malformedReason ?? '', ...reading.defectDetails.map(detail => detail.text), maskInFingerprintForm(mask)].join('\n');
				expect(said).not.toContain('***');
				if (found.length > 12) {
					// Never the mask, nor the key's start past its known prefix, nor its middle.
					expect(said).not.toContain(mask);
					const fingerprintHead = fingerprint(found).split('…')[0]!;
					const head = found.slice(0, 8);
					if (!fingerprintHead.startsWith(head) && /^[\w-]{8}$/.test(head)) expect(said).not.toContain(head);
					if (found.length > 20) expect(said).not.toContain(found.slice(8, -4));
				}
			}),
			{numRuns: 500},
		);
	});
});
