import {describe, expect, test} from 'vitest';
import {openAIMessages} from '../../../source/core/api/openai-errors.js';
import {maskLikeOpenAI} from '../../../source/core/keys/mask.js';
import {errorTriageProbe} from '../../../source/core/probes/error-triage.js';
import {makeOpenRouterKey, makeProjectKey, makeUserKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context, sighting} from '../../helpers/probe-context.js';

const envKey = makeProjectKey(301);
const dotenvKey = makeProjectKey(302);
const results = [sighting('env', [[envKey, 'env:OPENAI_API_KEY']]), sighting('dotenv', [[dotenvKey, 'file:.env:1']])];
const pythonError = (value: string) =>
	`openai.AuthenticationError: Error code: 401 - {'error': {'message': '${openAIMessages.incorrectKey(maskLikeOpenAI(value))}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`;

describe('error-triage', () => {
	test('no error given: skip', async () => {
		const outcome = await errorTriageProbe.run(context(makePorts(), results));
		expect(outcome.status).toBe('skip');
		expect(outcome.data).toMatchObject({given: false, maskFound: false, matches: []});
	});

	test('the mask names the env key that shadows .env', async () => {
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText: pythonError(envKey)}));
		expect(outcome.data).toMatchObject({maskFound: true, status: 401, code: 'invalid_api_key', form: 'python-sdk'});
		expect(outcome.data!.matches.map(match => match.matches)).toEqual([true, false]);
		expect(outcome.summary).toContain('env:OPENAI_API_KEY');
		expect(JSON.stringify(outcome)).not.toContain(envKey);
		expect(JSON.stringify(outcome)).not.toContain(maskLikeOpenAI(envKey));
	});

	test('a mask that fits no key found here: fail, shown only as a fingerprint and length', async () => {
		const elsewhere = makeProjectKey(399);
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText: `AuthenticationError: 401 ${openAIMessages.incorrectKey(maskLikeOpenAI(elsewhere))}`}));
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.matches.every(match => !match.matches)).toBe(true);
		expect(outcome.data!.maskShown).toBe(`sk-proj-…${elsewhere.slice(-4)}`);
		expect(outcome.data!.maskLength).toBe(164);
		expect(outcome.summary).toContain('none of the 2 keys');
	});

	test('a key in a misnamed variable (OPENAI_KEY) is compared too: the app’s code may read just that one', async () => {
		const misnamed = makeProjectKey(303);
		const withMisnamed = [...results, sighting('misnamed-vars', [[misnamed, 'env:OPENAI_KEY', 'OPENAI_KEY']])];
		const outcome = await errorTriageProbe.run(context(makePorts(), withMisnamed, {errorText: pythonError(misnamed)}));
		expect(outcome.data!.matches.map(match => [match.sources[0], match.matches])).toEqual([
			['env:OPENAI_API_KEY', false],
			['file:.env:1', false],
			['env:OPENAI_KEY', true],
		]);
		expect(errorTriageProbe.needs).toContain('misnamed-vars');
	});

	test('a key with a trailing newline still matches the mask of its trimmed value', async () => {
		const withNewline = `${makeUserKey(5)}\n`;
		const outcome = await errorTriageProbe.run(context(makePorts(), [sighting('dotenv', [[withNewline, 'file:.env:2']])], {errorText: pythonError(withNewline.trim())}));
		expect(outcome.data!.matches[0]!.matches).toBe(true);
	});

	test('another provider’s key sent to OpenAI shows in the mask', async () => {
		const router = makeOpenRouterKey(4);
		const outcome = await errorTriageProbe.run(context(makePorts(), [sighting('env', [[router, 'env:OPENAI_API_KEY']])], {errorText: pythonError(router)}));
		expect(outcome.data!.matches[0]!.matches).toBe(true);
	});

	test.each([
		[`Error: 401 ${openAIMessages.mismatchedOrganization}`, {code: 'mismatched_organization', maskFound: false}],
		['openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable', {keyMissingInApp: true}],
		[`RateLimitError: 429 ${openAIMessages.insufficientQuota}`, {status: 429, code: 'insufficient_quota'}],
		['openai.APIConnectionError: Connection error.', {connectionError: true}],
	])('%s', async (errorText, expected) => {
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText}));
		expect(outcome.status).toBe('warn');
		expect(outcome.data).toMatchObject(expected);
	});

	test('docker --env-file kept the quotes: the mask of "sk-proj-…" names the .env key found without them', async () => {
		const quotedErrorKey = `"${dotenvKey}"`;
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText: pythonError(quotedErrorKey)}));
		expect(outcome.data!.matches.map(match => [match.sources[0], match.matches])).toEqual([
			['env:OPENAI_API_KEY', false],
			['file:.env:1', true],
		]);
		expect(outcome.status).toBe('warn');
		expect(outcome.summary).toContain('file:.env:1');
		expect(outcome.data!.maskShown).toBe(`"sk-…${dotenvKey.slice(-3)}"`);
		expect(outcome.data!.maskLength).toBe(dotenvKey.length + 2);
		expect(JSON.stringify(outcome)).not.toContain(maskLikeOpenAI(quotedErrorKey));
		expect(JSON.stringify(outcome)).not.toContain(dotenvKey);
	});

	test.each([
		[
			'openai-go',
			`POST "https://api.openai.com/v1/chat/completions": 401 Unauthorized {\n    "message": "${openAIMessages.incorrectKey(maskLikeOpenAI(envKey))}",\n    "type": "invalid_request_error",\n    "param": null,\n    "code": "invalid_api_key"\n}`,
		],
		[
			'a pino log line',
			JSON.stringify({level: 50, time: 1736849523000, err: {type: 'AuthenticationError', message: `401 ${openAIMessages.incorrectKey(maskLikeOpenAI(envKey))}`, stack: 'Error: …', status: 401, code: 'invalid_api_key'}, msg: 'chat completion failed'}),
		],
	])('%s: OpenAI’s own answer, naming the env key', async (_name, errorText) => {
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText}));
		expect(outcome.data).toMatchObject({status: 401, code: 'invalid_api_key', foreignBody: false, maskFound: true});
		expect(outcome.data!.matches.map(match => match.matches)).toEqual([true, false]);
		expect(outcome.summary).not.toContain('not in OpenAI');
	});

	test('a LiteLLM proxy’s answer, with the URL httpx logged: foreign, and the host called is kept for the rules', async () => {
		const errorText = `INFO:httpx:HTTP Request: POST https://litellm.acme.dev/v1/chat/completions "HTTP/1.1 401 Unauthorized"\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': 'Authentication Error, Invalid proxy server token passed. Received API Key = sk-...${envKey.slice(-4)}, Key Hash (Token) =${'ab'.repeat(32)}.', 'type': 'auth_error', 'param': 'None', 'code': '401'}}`;
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText}));
		expect(outcome.data).toMatchObject({status: 401, foreignBody: true, calledHost: 'litellm.acme.dev', maskFound: false});
		expect(outcome.summary).toBe("The app's error: 401 auth_error not in OpenAI's error shape (a gateway or proxy answered?).");
		expect(outcome.details).toContain('The app called https://litellm.acme.dev/v1/chat/completions.');
	});

	test('one-api’s 无效的令牌 is a relay’s answer', async () => {
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText: 'AuthenticationError: 401 无效的令牌 (request id: 20250114101010123456789)'}));
		expect(outcome.data).toMatchObject({status: 401, foreignBody: true});
	});

	test('old LangChain’s “Did not find openai_api_key”: the client found no key', async () => {
		const errorText =
			'pydantic.v1.error_wrappers.ValidationError: 1 validation error for ChatOpenAI\n__root__\n  Did not find openai_api_key, please add an environment variable `OPENAI_API_KEY` which contains it, or pass `openai_api_key` as a named parameter. (type=value_error)';
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText}));
		expect(outcome.data).toMatchObject({keyMissingInApp: true, maskFound: false});
		expect(outcome.summary).toBe("The app's error: the client library found no key at all (it never sent a request).");
	});

	test('text it cannot read says so', async () => {
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText: 'it does not work'}));
		expect(outcome.summary).toBe('Could not read a status or error code from the text given.');
	});
});

describe('error-triage: what the key the app sent is', () => {
	test('the mask’s anatomy is kept, key-free, beside the matches', async () => {
		const cut = makeProjectKey(311).slice(0, 100);
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText: pythonError(cut)}));
		expect(outcome.data!.sent).toMatchObject({kind: 'malformed', malformedCode: 'cut-short', length: 100, form: 'openai'});
		expect(outcome.summary).toContain('the key sent has 100 characters');
		expect(outcome.details).toContain(`The key the app sent: ${outcome.data!.sent!.malformedReason}.`);
		expect(JSON.stringify(outcome)).not.toContain(cut.slice(0, 20));
	});

	test('no key here at all: the summary says so instead of "none of the 0 keys"', async () => {
		const outcome = await errorTriageProbe.run(context(makePorts(), [], {errorText: pythonError(makeProjectKey(312))}));
		expect(outcome.summary).toMatch(/no key was found on this machine/);
	});

	test('a header value the client printed is the whole key: compared with the keys here by its core', async () => {
		const errorText = `h11._util.LocalProtocolError: Illegal header value b'Bearer ${envKey}\\n'`;
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText}));
		expect(outcome.data).toMatchObject({illegalHeader: true, maskFound: true, sent: {kind: 'project', defects: ['whitespace']}});
		expect(outcome.data!.matches.map(match => match.matches)).toEqual([true, false]);
		expect(JSON.stringify(outcome)).not.toContain(envKey.slice(8, 40));
	});

	test('an empty header value: no key was sent, the fault says so', async () => {
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText: "httpx.LocalProtocolError: Illegal header value b'Bearer '"}));
		expect(outcome.data).toMatchObject({maskFound: false, headerFault: 'empty', illegalHeader: true});
		expect(outcome.data!.sent).toBeUndefined();
	});

	test('a character a client named, without the value', async () => {
		const outcome = await errorTriageProbe.run(context(makePorts(), results, {errorText: 'Unexpected char 0x0a at 171 in Authorization value'}));
		expect(outcome.data).toMatchObject({headerFault: 'whitespace', headerDetail: expect.stringContaining('a line break (0x0a) at position 171')});
	});
});
