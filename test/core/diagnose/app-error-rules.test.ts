/**
 * From the error text an app printed to the causes named: every client's form (python
 * 0.x/1.x, node 3/4+, Go, .NET, Java, PHP, LangChain, LiteLLM, OpenRouter, Azure, relays,
 * proxies, CI logs), written from the documented formats (reference §2.0, §3.3, §4) with
 * masks built from fake keys. Each text runs through the real triage probe and every
 * rule, once with no key on this machine and once with a key in the environment.
 */
import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {openAIMessages} from '../../../source/core/api/openai-errors.js';
import {conclude, type Conclusion} from '../../../source/core/conclude.js';
import {maskLikeOpenAI} from '../../../source/core/keys/mask.js';
import {errorTriageProbe} from '../../../source/core/probes/error-triage.js';
import {buildJsonReport, renderJsonReport} from '../../../source/core/report/json-report.js';
import {renderMarkdownTranscript} from '../../../source/core/report/markdown-transcript.js';
import {renderTextReport} from '../../../source/core/report/text-report.js';
import type {ProbeResult} from '../../../source/core/types.js';
import {makeOptions} from '../../helpers/facts.js';
import {
	makeAnthropicKey,
	makeAzureKey,
	makeGroqKey,
	makeJwt,
	makeKeyId,
	makeOpenAIKey,
	makeOpenRouterKey,
	makeProjectKey,
	makeRelayKey,
} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context, sighting} from '../../helpers/probe-context.js';

/** The key on this machine in the "with a key" runs: a healthy project key, never the one the errors show. */
const here = makeProjectKey(9001);

/** Runs the triage and every rule, as `--error TEXT --no-network` does. */
async function diagnoseError(errorText: string, env: Record<string, string>): Promise<{conclusion: Conclusion; probes: ProbeResult[]}> {
	const options = makeOptions({errorText, network: false});
	const probes: ProbeResult[] = [sighting('env', env.OPENAI_API_KEY ? [[env.OPENAI_API_KEY, 'env:OPENAI_API_KEY']] : [])];
	const outcome = await errorTriageProbe.run(context(makePorts({env}), probes, options));
	probes.push({...outcome, id: 'error-triage', step: 3, durationMs: 1});
	const conclusion = conclude(new Map(probes.map(probe => [probe.id, probe])), env, options, probes.map(probe => probe.id));
	return {conclusion, probes};
}

const incorrect = (value: string) => openAIMessages.incorrectKey(maskLikeOpenAI(value));
const pyRepr = (message: string) => (message.includes("'") ? JSON.stringify(message) : `'${message}'`);
/** openai-python ≥ 1: `Error code: 401 - {dict repr}`. */
const python1 = (message: string, code: string | null, status = 401, type = 'invalid_request_error') =>
	`Traceback (most recent call last):\n  File "app.py", line 9, in <module>\nopenai.AuthenticationError: Error code: ${status} - {'error': {'message': ${pyRepr(message)}, 'type': '${type}', 'param': None, 'code': ${code ? `'${code}'` : 'None'}}}`;
/** openai-python 0.x: the class and the message. */
const python0 = (message: string, errorClass = 'AuthenticationError') => `openai.error.${errorClass}: ${message}`;
/** openai-node ≥ 4: `${status} ${message}`. */
const node4 = (message: string, status = 401) => `AuthenticationError: ${status} ${message}\n    at APIError.generate (file:///app/node_modules/openai/error.mjs:44:20)`;
/** openai-go: the request line and the inner error object. */
const go = (message: string, code: string) => `POST "https://api.openai.com/v1/chat/completions": 401 Unauthorized {\n    "message": ${JSON.stringify(message)},\n    "type": "invalid_request_error",\n    "param": null,\n    "code": "${code}"\n}`;
/** go-openai (sashabaranov). */
const goOpenai = (message: string) => `error, status code: 401, status: 401 Unauthorized, message: ${message}`;
/** The official .NET library. */
const dotnet = (message: string, code: string) => `System.ClientModel.ClientResultException: HTTP 401 (invalid_request_error: ${code})\n\n${message}`;
/** A JVM client printing the body. */
const java = (message: string, code: string) => `com.openai.errors.UnauthorizedException: 401: {"error":{"message":${JSON.stringify(message)},"type":"invalid_request_error","param":null,"code":"${code}"}}`;
/** openai-php. */
const php = (message: string) => `PHP Fatal error:  Uncaught OpenAI\\Exceptions\\ErrorException: ${message} in /app/vendor/openai-php/client/src/Transporters/HttpTransporter.php:132`;
/** LiteLLM wrapping the SDK's error. */
const litellm = (message: string, code: string, status = 401, errorClass = 'AuthenticationError') => `litellm.${errorClass}: ${errorClass}: OpenAIException - Error code: ${status} - {'error': {'message': ${pyRepr(message)}, 'type': 'invalid_request_error', 'param': None, 'code': '${code}'}}`;

type Row = {
	name: string;
	text: string;
	/** Causes named with no key on this machine. */
	alone: string[];
	/** Causes named with a healthy, different key in the environment (defaults to `alone`). */
	withKey?: string[];
	/** Causes that would be a misreading, in both runs. */
	never?: string[];
};

const project = makeOpenAIKey('sk-proj-', 74, 9101);
const rows: Row[] = [
	// The key the app sent, by the anatomy of its mask.
	{name: 'python 1.x: a well-formed project key refused', text: python1(incorrect(project), 'invalid_api_key'), alone: ['key-invalid', 'app-uses-other-key'], never: ['key-missing', 'key-malformed']},
	{name: 'python 0.x: a legacy key refused', text: python0(incorrect(makeOpenAIKey('sk-', 20, 9102))), alone: ['key-invalid', 'app-uses-other-key'], never: ['key-missing']},
	{name: 'node 4: a service-account key refused', text: node4(incorrect(makeOpenAIKey('sk-svcacct-', 74, 9103))), alone: ['key-invalid', 'app-uses-other-key']},
	{name: 'openai-go: an admin key refused (it cannot call models)', text: go(incorrect(makeOpenAIKey('sk-admin-', 58, 9104)), 'invalid_api_key'), alone: ['key-admin', 'key-invalid', 'app-uses-other-key']},
	{name: 'node 4: a project key cut to 120 characters', text: node4(incorrect(project.slice(0, 120))), alone: ['key-malformed', 'app-uses-other-key', 'key-invalid'], never: ['key-missing']},
	{name: 'go-openai: a 64-character sk-svcacct- key', text: goOpenai(incorrect(makeOpenAIKey('sk-svcacct-', 74, 9105).slice(0, 64))), alone: ['key-malformed', 'app-uses-other-key', 'key-invalid']},
	{name: '.NET: a key id instead of the secret', text: dotnet(incorrect(makeKeyId(9106)), 'invalid_api_key'), alone: ['key-malformed', 'app-uses-other-key'], never: ['key-invalid']},
	{name: 'Java: a URL pasted as the key', text: java(openAIMessages.incorrectKey(`https://${'*'.repeat(80)}lETQ`), 'invalid_api_key'), alone: ['key-malformed', 'app-uses-other-key'], never: ['key-invalid']},
	{name: 'PHP: a pasted label', text: php(openAIMessages.incorrectKey(`apiKey: ${'*'.repeat(152)}vJkA`)), alone: ['key-malformed', 'app-uses-other-key'], never: ['key-invalid']},
	{name: 'node 4: a sentence', text: node4(openAIMessages.incorrectKey(`You are ${'*'.repeat(104)}tep.`)), alone: ['key-malformed', 'app-uses-other-key']},
	{name: 'node 4: a 5-letter word, echoed whole', text: node4(openAIMessages.incorrectKey('Toxic')), alone: ['key-malformed', 'app-uses-other-key'], never: ['key-invalid']},
	{name: 'a literal \\n copied out of JSON (a JSON body)', text: JSON.stringify({error: {message: incorrect(`${project}\\n`), type: 'invalid_request_error', param: null, code: 'invalid_api_key'}}), alone: ['key-malformed'], never: ['proxy-interference', 'key-whitespace']},
	{name: 'a real newline kept in the key (python repr escapes it)', text: python1(incorrect(`${project}\n`).replace('\n', '\\n'), 'invalid_api_key'), alone: ['key-whitespace'], never: ['key-malformed']},
	{name: 'Windows set VAR="…" kept the quotes', text: node4(incorrect(`"${project}"`)), alone: ['key-quoted'], never: ['key-invalid']},
	{name: 'placeholder text', text: python1(incorrect('your-api-key-here'), 'invalid_api_key'), alone: ['key-placeholder'], never: ['key-invalid', 'key-missing']},
	{name: 'sk-xxxxxx, echoed whole', text: node4(openAIMessages.incorrectKey('sk-xxxxxx')), alone: ['key-placeholder'], never: ['key-invalid']},
	{name: 'an unexpanded ${VAR}', text: node4(incorrect('${OPENAI_API_KEY}')), alone: ['key-placeholder'], never: ['key-invalid']},
	{name: '"undefined": the code read an unset variable', text: node4(openAIMessages.incorrectKey('undefined')), alone: ['key-missing'], never: ['key-invalid', 'key-malformed', 'app-uses-other-key']},
	{name: 'None from python', text: python1(openAIMessages.incorrectKey('None'), 'invalid_api_key'), alone: ['key-missing'], never: ['key-invalid', 'app-uses-other-key']},
	{name: 'a JWT sent as the key', text: node4(incorrect(makeJwt('https://auth.openai.com', 9107))), alone: ['key-jwt'], never: ['key-invalid']},
	{name: 'an OpenRouter key sent to OpenAI (continue#12788)', text: node4(incorrect(makeOpenRouterKey(9108))), alone: ['key-other-provider', 'base-url-mismatch'], never: ['key-invalid']},
	{name: 'LangChain: an Anthropic key sent to OpenAI', text: python1(incorrect(makeAnthropicKey(9109)), 'invalid_api_key'), alone: ['key-other-provider'], never: ['key-invalid']},
	{name: 'a Groq key sent to OpenAI', text: node4(incorrect(makeGroqKey(9110))), alone: ['key-other-provider'], never: ['key-invalid']},
	{name: 'a relay’s 64-hex key sent to OpenAI', text: node4(incorrect(makeRelayKey(9111))), alone: ['base-url-mismatch'], never: ['key-invalid']},
	{name: 'an Azure key sent to OpenAI (openai-python#508)', text: python1(incorrect(makeAzureKey(9112)), 'invalid_api_key'), alone: ['azure-endpoint'], never: ['key-invalid']},
	{name: 'an Azure key in the old loose mask (openai-python#1209)', text: python1(openAIMessages.incorrectKey(`3${'*'.repeat(33)}5`), 'invalid_api_key'), alone: ['azure-endpoint'], never: ['key-invalid']},
	// Errors that carry no mask.
	{name: 'httpx: Illegal header value b\'Bearer \'', text: "httpx.LocalProtocolError: Illegal header value b'Bearer '\n\nThe above exception was the direct cause of the following exception:\n\nopenai.APIConnectionError: Connection error.", alone: ['key-empty'], withKey: ['key-empty'], never: ['network-unreachable', 'app-uses-other-key']},
	{name: 'h11: the key with a trailing newline', text: `h11._util.LocalProtocolError: Illegal header value b'Bearer ${project}\\n'`, alone: ['key-whitespace'], never: ['key-empty']},
	{name: 'Go: invalid header field value for "Authorization"', text: 'Post "https://api.openai.com/v1/chat/completions": net/http: invalid header field value for "Authorization"', alone: ['key-whitespace']},
	{name: 'node-fetch: … is not a legal HTTP header value', text: `APIConnectionError: Connection error.\n  cause: TypeError: Bearer ${project}\n is not a legal HTTP header value`, alone: ['key-whitespace']},
	{name: 'python: a curly quote the latin-1 codec cannot encode', text: "UnicodeEncodeError: 'latin-1' codec can't encode character '\\u201c' in position 7: ordinal not in range(256)", alone: ['key-invisible-chars']},
	{name: 'OkHttp: Unexpected char 0x0a', text: 'java.lang.IllegalArgumentException: Unexpected char 0x0a at 171 in Authorization value', alone: ['key-whitespace']},
	{name: 'axios: status code 407', text: 'AxiosError: Request failed with status code 407', alone: ['proxy-interference'], never: ['key-invalid']},
	{name: 'requests: 407 through the tunnel', text: "requests.exceptions.ProxyError: HTTPSConnectionPool(host='api.openai.com', port=443): Max retries exceeded (Caused by ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 407 Proxy Authentication Required')))", alone: ['proxy-interference'], never: ['key-invalid']},
	{name: 'fetch: a 407 response', text: 'Error: 407 status code (no body)', alone: ['proxy-interference'], never: ['key-invalid']},
	{name: 'Azure Entra: audience is incorrect', text: "openai.AuthenticationError: Error code: 401 - {'statusCode': 401, 'message': 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'}", alone: ['azure-endpoint'], never: ['key-missing', 'key-invalid']},
	{name: 'Azure: Access denied, wrong key or endpoint', text: python1(openAIMessages.azureAccessDenied, '401').replace("'type': 'invalid_request_error', 'param': None, ", ''), alone: ['azure-endpoint'], never: ['key-invalid']},
	{name: 'OpenRouter: No auth credentials found', text: "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'No auth credentials found', 'code': 401}}", alone: ['key-missing'], never: ['base-url-mismatch', 'key-invalid']},
	{name: 'the API: no key provided', text: python1(openAIMessages.missingKey, null), alone: ['key-missing'], never: ['key-invalid']},
	{name: 'the Responses API: Missing bearer or basic authentication', text: node4(openAIMessages.missingBearerOrBasic), alone: ['key-missing'], never: ['key-invalid']},
	{name: 'python 1.x: api_key client option must be set', text: 'openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable', alone: ['key-missing']},
	{name: 'node 4: OPENAI_API_KEY environment variable is missing or empty', text: "OpenAIError: The OPENAI_API_KEY environment variable is missing or empty; either provide it, or instantiate the OpenAI client with an apiKey option, like new OpenAI({ apiKey: 'My API Key' }).", alone: ['key-missing']},
	{name: 'python: KeyError on os.environ', text: 'Traceback (most recent call last):\n  File "main.py", line 3, in <module>\n    key = os.environ["OPENAI_API_KEY"]\nKeyError: \'OPENAI_API_KEY\'', alone: ['key-missing']},
	{name: 'python 0.x: No API key provided', text: python0("No API key provided. You can set your API key in code using 'openai.api_key = <API-KEY>', or you can set the environment variable OPENAI_API_KEY=<API-KEY>)."), alone: ['key-missing']},
	{
		name: 'GitHub Actions: the secret is not passed (env shows it empty)',
		text: '2024-05-01T10:00:00.0000000Z ##[group]Run python review.py\n2024-05-01T10:00:00.0000000Z env:\n2024-05-01T10:00:00.0000000Z   OPENAI_API_KEY: \n2024-05-01T10:00:00.0000000Z ##[endgroup]\nopenai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable\n##[error]Process completed with exit code 1.',
		alone: ['ci-secret-unavailable', 'key-missing'],
	},
	{name: 'a CI log with an empty header', text: "##[group]Run pytest\n##[endgroup]\nhttpx.LocalProtocolError: Illegal header value b'Bearer '", alone: ['key-empty', 'ci-secret-unavailable']},
	// What the API says, read from every client's form.
	{name: 'LiteLLM: out of quota is no key problem', text: litellm(openAIMessages.insufficientQuota, 'insufficient_quota', 429, 'RateLimitError'), alone: ['quota-exceeded'], never: ['key-invalid', 'key-missing']},
	{name: 'python 0.x: RateLimitError quota', text: python0(openAIMessages.insufficientQuota, 'RateLimitError'), alone: ['quota-exceeded'], never: ['key-invalid', 'key-missing']},
	{name: 'mismatched organization', text: python1(openAIMessages.mismatchedOrganization, 'mismatched_organization'), alone: ['org-mismatch'], never: ['key-invalid', 'key-missing']},
	{name: 'no organization', text: node4(openAIMessages.noOrganization), alone: ['no-organization'], never: ['key-invalid']},
	{name: 'deactivated account', text: node4(openAIMessages.accountDeactivated), alone: ['account-deactivated'], never: ['key-invalid']},
	{name: 'missing scopes on inference', text: python1(openAIMessages.missingScopesOnInference('model.request'), null), alone: ['insufficient-scopes'], never: ['key-invalid']},
	{name: 'invalid issuer', text: python1(openAIMessages.invalidIssuer, 'invalid_issuer'), alone: ['key-jwt'], never: ['key-invalid']},
	{name: 'a relay’s own wording', text: "openai.AuthenticationError: Error code: 401 - {'error': {'message': '无效的令牌 (request id: 2024050110000012345678)', 'type': 'new_api_error', 'param': '', 'code': 'invalid_api_key'}}", alone: ['base-url-mismatch'], never: ['key-invalid']},
	{name: 'node 3 (axios), the body printed by util.inspect', text: `Error: Request failed with status code 401\n  data: {\n    error: {\n      message: '${incorrect(makeOpenAIKey('sk-', 20, 9120))}',\n      type: 'invalid_request_error',\n      param: null,\n      code: 'invalid_api_key'\n    }\n  }`, alone: ['key-invalid'], never: ['key-missing']},
	{name: 'Rust async-openai', text: `ApiError(ApiError { message: ${JSON.stringify(incorrect(project))}, type: Some("invalid_request_error"), param: None, code: Some("invalid_api_key") })`, alone: ['key-invalid', 'app-uses-other-key']},
	{name: 'OpenAI-DotNet: an Azure key in the first-3 / last-4 mask', text: `System.Net.Http.HttpRequestException: CreateChatCompletionAsync Failed! HTTP status code: Unauthorized | Response body: ${JSON.stringify({error: {message: openAIMessages.incorrectKey(`210${'*'.repeat(25)}0344`), type: 'invalid_request_error', param: null, code: 'invalid_api_key'}})}`, alone: ['azure-endpoint'], never: ['key-invalid']},
	{name: 'a mask shortened by hand to sk-proj-****: a refused project key, not a cut one', text: node4(openAIMessages.incorrectKey('sk-proj-****')), alone: ['key-invalid'], never: ['key-malformed', 'key-placeholder']},
	{name: 'x’s typed over the key: a template, or a redaction (key-invalid low)', text: node4(openAIMessages.incorrectKey(`sk-proj-${'*'.repeat(152)}xxxx`)), alone: ['key-placeholder', 'key-invalid']},
	{name: 'Invalid authorization header in a CI job (openai/evals#328)', text: '##[group]Run oaieval gpt-3.5-turbo test\n##[endgroup]\nopenai.error.AuthenticationError: Invalid authorization header', alone: ['key-missing', 'ci-secret-unavailable'], never: ['key-invalid']},
	{name: 'a relay out of credit is quota, not a key/host mix-up', text: "openai.PermissionDeniedError: Error code: 403 - {'error': {'message': '该令牌额度已用尽 (request id: 20240501100000123456789)', 'type': 'new_api_error', 'param': '', 'code': 'insufficient_user_quota'}}", alone: ['quota-exceeded'], never: ['key-invalid', 'base-url-mismatch', 'key-missing']},
	{name: 'an openresty page in place of JSON', text: 'AuthenticationError: 401 <html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body><center><h1>401 Authorization Required</h1></center><hr><center>openresty</center></body></html>', alone: ['base-url-mismatch', 'proxy-interference'], never: ['key-invalid']},
	// What the error-corpus run through the built CLI found (test/acceptance/error-corpus.ts).
	{name: 'Azure API Management’s shorter Access denied', text: "openai.AuthenticationError: Error code: 401 - {'statusCode': 401, 'message': 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'}", alone: ['azure-endpoint'], never: ['key-invalid', 'key-missing']},
	{name: 'curl: CONNECT tunnel failed, response 407', text: 'curl: (56) CONNECT tunnel failed, response 407', alone: ['proxy-interference'], never: ['key-invalid', 'base-url-mismatch']},
	{name: 'httpx: DNS failed before any request', text: 'httpx.ConnectError: [Errno -3] Temporary failure in name resolution\n\nThe above exception was the direct cause of the following exception:\n\nopenai.APIConnectionError: Connection error.', alone: ['network-unreachable'], never: ['key-invalid', 'key-whitespace', 'app-uses-other-key']},
	{name: 'an intercepting proxy’s certificate', text: 'httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)\n\nopenai.APIConnectionError: Connection error.', alone: ['network-unreachable'], never: ['key-invalid', 'app-uses-other-key']},
	{name: 'a gateway’s Invalid bearer token: the app sent a key', text: 'Error: 401 {"error":"Invalid bearer token"}', alone: ['base-url-mismatch'], never: ['key-missing', 'key-invalid']},
	{name: 'LiteLLM proxy refusing its virtual key', text: "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Authentication Error, Invalid proxy server token passed. Unable to find token in cache', 'type': 'auth_error', 'param': 'None', 'code': '401'}}", alone: ['base-url-mismatch'], never: ['key-missing', 'key-invalid']},
	{name: 'undici refusing a key whose carriage return the paste lost', text: `TypeError: Headers.append: "Bearer ${project}" is an invalid header value.\n    at Headers.append (node:internal/deps/undici/undici:8654:31)`, alone: ['key-whitespace'], never: ['key-invalid', 'network-unreachable', 'key-missing']},
];

describe('from the app’s error text to causes', () => {
	test.each(rows.map(row => [row.name, row] as const))('%s', async (_name, row) => {
		const alone = await diagnoseError(row.text, {});
		const withKey = await diagnoseError(row.text, {OPENAI_API_KEY: here});
		const ids = (conclusion: Conclusion) => conclusion.causes.map(cause => cause.id);
		for (const id of row.alone) expect(ids(alone.conclusion)).toContain(id);
		for (const id of row.withKey ?? row.alone.filter(id => id !== 'key-missing')) expect(ids(withKey.conclusion)).toContain(id);
		for (const id of row.never ?? []) {
			expect(ids(alone.conclusion)).not.toContain(id);
			expect(ids(withKey.conclusion)).not.toContain(id);
		}

		// One cause per id, even where two rules name it.
		expect(new Set(ids(withKey.conclusion)).size).toBe(withKey.conclusion.causes.length);
	});
});

describe('with the key the error names found here', () => {
	const kinds: Array<[name: string, key: string, expected: string[], never: string[]]> = [
		['a legacy key, 51', makeOpenAIKey('sk-', 20, 9301), ['key-invalid'], ['app-uses-other-key', 'key-malformed']],
		['an early project key, 56', makeOpenAIKey('sk-proj-', 20, 9302), ['key-invalid'], ['app-uses-other-key', 'key-malformed']],
		['a project key, 132', makeOpenAIKey('sk-proj-', 58, 9303), ['key-invalid'], ['app-uses-other-key', 'key-malformed']],
		['a project key, 164', makeOpenAIKey('sk-proj-', 74, 9304), ['key-invalid'], ['app-uses-other-key', 'key-malformed']],
		['a service-account key, 167', makeOpenAIKey('sk-svcacct-', 74, 9305), ['key-invalid'], ['app-uses-other-key', 'key-malformed']],
		['an admin key, 133', makeOpenAIKey('sk-admin-', 58, 9306), ['key-admin', 'key-invalid'], ['app-uses-other-key']],
		['an OpenRouter key', makeOpenRouterKey(9307), ['key-other-provider'], ['app-uses-other-key', 'key-invalid']],
		['a project key cut short when it was set', makeOpenAIKey('sk-proj-', 74, 9308).slice(0, 120), ['key-malformed'], ['app-uses-other-key', 'key-invalid']],
		['a key with a literal \\n', `${makeOpenAIKey('sk-proj-', 74, 9309)}\\n`, ['key-malformed'], ['app-uses-other-key', 'proxy-interference']],
	];

	test.each(kinds)('%s: the key here is the one sent, judged on its full value', async (_name, key, expected, never) => {
		const {conclusion} = await diagnoseError(node4(incorrect(key)), {OPENAI_API_KEY: key});
		expect(conclusion.keys[0]!.matchesError).toBe(true);
		const ids = conclusion.causes.map(cause => cause.id);
		for (const id of expected) expect(ids).toContain(id);
		for (const id of never) expect(ids).not.toContain(id);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe('what the error proves', () => {
	test.each([
		['a 400 on a parameter', python1("This model's maximum context length is 128000 tokens.", 'context_length_exceeded', 400)],
		['a 404 model_not_found', node4('The model `gpt-4.5-preview` does not exist or you do not have access to it.', 404).replace('AuthenticationError', 'NotFoundError')],
		['a 429 rate limit', python1('Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000.', 'rate_limit_exceeded', 429, 'tokens')],
		['a 200 in a request log', 'INFO:httpx:HTTP Request: POST https://api.openai.com/v1/chat/completions "HTTP/1.1 200 OK"'],
	])('the host answered past its key check (%s): the app has a key, nothing is wrong with it', async (_name, text) => {
		const {conclusion} = await diagnoseError(text, {});
		const ids = conclusion.causes.map(cause => cause.id);
		for (const id of ['key-missing', 'key-invalid', 'app-uses-other-key']) expect(ids).not.toContain(id);
	});

	test.each([
		['a web server’s bare 404', 'Error: 404 404 page not found'],
		['an API 404 without a code (the URL, before any key check)', 'NotFoundError: 404 Invalid URL (POST /v1/chat/completion)'],
	])('a status that comes before the key check proves no key (%s)', async (_name, text) => {
		const {conclusion} = await diagnoseError(text, {});
		expect(conclusion.causes.map(cause => cause.id)).not.toContain('app-uses-other-key');
	});

	test('a mask with no key on this machine: the app has a key from elsewhere, not "key-missing"', async () => {
		const {conclusion} = await diagnoseError(python1(incorrect(project), 'invalid_api_key'), {});
		const other = conclusion.causes.find(cause => cause.id === 'app-uses-other-key')!;
		expect(other.confidence).toBe('medium');
		expect(other.evidence.join(' ')).toMatch(/sends a key this machine does not have: it runs elsewhere \(a container, CI, an IDE/);
		expect(conclusion.causes.map(cause => cause.id)).not.toContain('key-missing');
	});

	test('a key here that differs: app-uses-other-key is sure, and key-invalid speaks for the key sent', async () => {
		const {conclusion} = await diagnoseError(python1(incorrect(project), 'invalid_api_key'), {OPENAI_API_KEY: here});
		expect(conclusion.causes.find(cause => cause.id === 'app-uses-other-key')?.confidence).toBe('high');
		const invalid = conclusion.causes.find(cause => cause.id === 'key-invalid')!;
		expect(invalid.evidence.join(' ')).toContain(`sk-proj-…${project.slice(-4)}, OpenAI project key, 164 characters`);
	});

	test('a first-3 / last-4 mask that counts an Azure key’s 32 characters is sure; one that does not is a guess', async () => {
		const exact = await diagnoseError(python1(openAIMessages.incorrectKey(`210${'*'.repeat(25)}0344`), 'invalid_api_key'), {});
		expect(exact.conclusion.causes.find(cause => cause.id === 'azure-endpoint')?.confidence).toBe('high');
		const guessed = await diagnoseError(python1(openAIMessages.incorrectKey(`3${'*'.repeat(33)}5`), 'invalid_api_key'), {});
		expect(guessed.conclusion.causes.find(cause => cause.id === 'azure-endpoint')?.confidence).toBe('medium');
	});

	test('the cut-short key says how many characters are missing, and names the hand-shortened reading low', async () => {
		const {conclusion} = await diagnoseError(node4(incorrect(project.slice(0, 150))), {});
		const malformed = conclusion.causes.find(cause => cause.id === 'key-malformed')!;
		expect(malformed.confidence).toBe('high');
		expect(malformed.title).toBe('The app sends something that is not an OpenAI secret key');
		expect(malformed.evidence[0]).toContain('the key sent has 150 characters, sk-proj- (project) keys have 56, 132, 164 or 172: 14 missing against a 164-character key');
		expect(conclusion.causes.find(cause => cause.id === 'key-invalid')?.confidence).toBe('low');
	});

	test('a mask re-masked by a log (same ends, another star count) still names the key found here', async () => {
		const remasked = `${here.slice(0, 8)}${'*'.repeat(20)}${here.slice(-4)}`;
		const {conclusion, probes} = await diagnoseError(node4(openAIMessages.incorrectKey(remasked)), {OPENAI_API_KEY: here});
		expect(conclusion.keys[0]!.matchesError).toBe(true);
		expect(conclusion.causes.map(cause => cause.id)).not.toContain('app-uses-other-key');
		expect(conclusion.causes.map(cause => cause.id)).not.toContain('key-malformed');
		expect(probes.at(-1)!.details!.join('\n')).toContain('though the mask counts another length (re-masked by a client or a log)');
	});

	test('a found key the app received with quotes: key-quoted, though the key here has none', async () => {
		const {conclusion} = await diagnoseError(node4(incorrect(`"${here}"`)), {OPENAI_API_KEY: here});
		const quoted = conclusion.causes.find(cause => cause.id === 'key-quoted')!;
		expect(quoted.evidence.join(' ')).toContain('found here without that: whatever loads the key for the app adds it');
		expect(conclusion.causes.map(cause => cause.id)).not.toContain('key-invalid');
	});

	test('a CI variable and an empty key: the secret is not passed, as a medium alternative', async () => {
		const options = makeOptions({errorText: "httpx.LocalProtocolError: Illegal header value b'Bearer '", network: false});
		const probes: ProbeResult[] = [sighting('env', [])];
		const env = {CI: 'true'};
		probes.push({...(await errorTriageProbe.run(context(makePorts({env}), probes, options))), id: 'error-triage', step: 3, durationMs: 1});
		const {causes} = conclude(new Map(probes.map(probe => [probe.id, probe])), env, options, ['env', 'error-triage']);
		expect(causes.find(cause => cause.id === 'ci-secret-unavailable')?.confidence).toBe('medium');
		expect(causes[0]!.id).not.toBe('ci-secret-unavailable');
	});
});

describe('no output shows more of a key than its fingerprint', () => {
	const keyChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
	const part = (min: number, max: number) => fc.array(keyChars, {minLength: min, maxLength: max}).map(chars => chars.join(''));
	const sentKeys = fc.oneof(
		fc.tuple(fc.constantFrom('sk-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-'), part(20, 80), part(10, 80)).map(([prefix, head, tail]) => `${prefix}${head}T3BlbkFJ${tail}`),
		fc.tuple(fc.constantFrom('sk-or-v1-', 'sk-ant-api03-', 'gsk_', 'AIza', 'https://', 'apiKey: ', ''), part(20, 100)).map(([prefix, rest]) => `${prefix}${rest}`),
	);
	const forms = fc.constantFrom(python1, (message: string) => node4(message), (message: string) => go(message, 'invalid_api_key'), (message: string) => java(message, 'invalid_api_key'), goOpenai);
	const wraps = fc.constantFrom(['', ''], ['"', '"'], ['', '\n'], [' ', ''], ['Bearer ', '']);

	test('the mask of any key, in any client’s form, in --json, --report and the transcript', async () => {
		await fc.assert(
			fc.asyncProperty(sentKeys, forms, wraps, fc.boolean(), async (key, form, [lead, trail], keyHere) => {
				const mask = maskLikeOpenAI(`${lead}${key}${trail}`);
				const text = form(openAIMessages.incorrectKey(mask), 'invalid_api_key');
				const {conclusion, probes} = await diagnoseError(text, keyHere ? {OPENAI_API_KEY: key} : {});
				const report = buildJsonReport(conclusion, probes, '0.0.0');
				const outputs = [
					renderJsonReport(report, conclusion),
					renderTextReport(report, probes, conclusion, {color: false}),
					renderMarkdownTranscript(report, probes, conclusion, {date: '2026-01-01'}),
					JSON.stringify(probes.at(-1)!.details),
				].join('\n');
				expect(outputs).not.toContain(mask);
				expect(outputs).not.toMatch(/\*{4,}/);
				expect(outputs).not.toContain(key.slice(8, -4));
				// The first 8 characters show more than a known prefix unless the prefix is that long.
				if (!/^(?:sk-proj-|sk-admin-|sk-svcacct-|sk-or-v1-|sk-ant-api03-|https:\/\/|apiKey: )/.test(key)) expect(outputs).not.toContain(key.slice(0, 8));
			}),
			{numRuns: 80},
		);
	});
});
