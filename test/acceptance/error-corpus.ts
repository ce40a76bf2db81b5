/**
 * A corpus of error texts as users paste them into public issue trackers, written from
 * the documented formats (shared/reference/openai-api-auth.md §2, §3.3, §4) with masks
 * built by OpenAI's rule, each with the causes a knowledgeable human would name and the
 * readings that would be clear mistakes. `error-corpus.test.ts` runs every entry through
 * the built CLI with no key in the environment, with another key, and (where the error
 * masks a key) with the very key the app sent.
 */
import {
	makeAdminKey,
	makeAnthropicKey,
	makeAzureKey,
	makeDeepSeekKey,
	makeEarlyProjectKey,
	makeGroqKey,
	makeJwt,
	makeKeyId,
	makeLongProjectKey,
	makeNoProjectKey,
	makeOpenAIKey,
	makeOpenRouterKey,
	makeProjectKey,
	makeRelayKey,
	makeServiceAccountKey,
	makeUserKey,
	seededRandom,
} from '../helpers/fake-keys.js';
import {openAIMask, texts} from './openai-stand-in.js';

/** What a reading must hold. A nested array names alternatives: one of them must be named. */
export type Expectation = {
	named?: Array<string | string[]>;
	not?: string[];
	/** No cause at all (a healthy setup). */
	healthy?: boolean;
	/** May be named only at low confidence: a hedge for a paste edited by hand (a mask shortened or x'd out), never a verdict. */
	low?: string[];
};

/** The worlds one error text is read in. */
export type Variant = 'no key' | 'other key' | 'same key';

/** One pasted error and what it proves. */
export type CorpusCase = {
	id: string;
	/** Which client, library or log printed it. */
	source: string;
	error: string;
	/**
	 * The value the app sent, when the error shows it (masked or whole). Its variants:
	 * with no key here the error proves the app has one (never key-missing); with another
	 * key here that key is not the app's (app-uses-other-key); with this very key here
	 * (`same: true`) it is the app's.
	 */
	sent?: string;
	same?: boolean;
	/** Holds in every variant. */
	expect: Expectation;
	noKey?: Expectation;
	otherKey?: Expectation;
	sameKey?: Expectation;
	/** Variables set in every variant besides the key (CI, an organization id). */
	env?: Record<string, string>;
	/** Files in the project folder. */
	files?: Record<string, string>;
	/** Leave out the variants that make no sense for this text. */
	skip?: Variant[];
};

/** The key found here in the "other key" variant. */
export const otherKey = makeProjectKey(8001);

const accountPage = 'https://platform.openai.com/account/api-keys';
const requestId = 'req_4e1cf3c0de2a49838af9b7e8959d366d';

/** Python's repr of a str: single quotes unless the text holds one and no double quote. */
function pyStr(text: string): string {
	if (text.includes("'") && !text.includes('"')) return `"${text}"`;
	return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function pyValue(value: string | null): string {
	return value === null ? 'None' : pyStr(value);
}

/** openai-python ≥ 1: `Error code: 401 - {'error': {…}}`. */
function pyBody(status: number, message: string, code: string | null, type = 'invalid_request_error'): string {
	return `Error code: ${status} - {'error': {'message': ${pyStr(message)}, 'type': ${pyStr(type)}, 'param': None, 'code': ${pyValue(code)}}}`;
}

const pyFrames = `Traceback (most recent call last):
  File "/home/dev/app/main.py", line 14, in <module>
    completion = client.chat.completions.create(
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/home/dev/app/.venv/lib/python3.11/site-packages/openai/_utils/_utils.py", line 279, in wrapper
    return func(*args, **kwargs)
           ^^^^^^^^^^^^^^^^^^^^^
  File "/home/dev/app/.venv/lib/python3.11/site-packages/openai/resources/chat/completions.py", line 859, in create
    return self._post(
           ^^^^^^^^^^^
  File "/home/dev/app/.venv/lib/python3.11/site-packages/openai/_base_client.py", line 1037, in _request
    raise self._make_status_error_from_response(err.response) from None
`;

function python(exception: string, status: number, message: string, code: string | null, type?: string): string {
	return `${pyFrames}openai.${exception}: ${pyBody(status, message, code, type)}`;
}

/** openai-node 4+ as Node prints an uncaught error (util.inspect with its properties). */
function nodeSdk(exception: string, status: number, message: string, code: string | null, type = 'invalid_request_error'): string {
	const quoted = `'${message.replaceAll("'", "\\'")}'`;
	return `/home/dev/app/node_modules/openai/error.js:44
            return new ${exception}(status, error, message, headers);
                   ^

${exception}: ${status} ${message}
    at APIError.generate (/home/dev/app/node_modules/openai/error.js:44:20)
    at OpenAI.makeStatusError (/home/dev/app/node_modules/openai/core.js:293:33)
    at OpenAI.makeRequest (/home/dev/app/node_modules/openai/core.js:337:30)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async main (file:///home/dev/app/index.js:6:20) {
  status: ${status},
  headers: {
    'alt-svc': 'h3=":443"; ma=86400',
    'cf-ray': '8b0f0a2c1d3e4f5a-FRA',
    connection: 'keep-alive',
    'content-type': 'application/json; charset=utf-8',
    server: 'cloudflare',
    'x-request-id': '${requestId}'
  },
  request_id: '${requestId}',
  error: {
    message: ${quoted},
    type: '${type}',
    param: null,
    code: ${code === null ? 'null' : `'${code}'`}
  },
  code: ${code === null ? 'null' : `'${code}'`},
  param: null,
  type: '${type}'
}

Node.js v20.11.1`;
}

const incorrect = (mask: string) => texts.incorrectKey(mask);

/** A value of `length` characters from `alphabet`, seeded. */
function filler(alphabet: string, length: number, seed: number): string {
	const random = seededRandom(seed);
	let out = '';
	for (let index = 0; index < length; index++) out += alphabet[Math.floor(random() * alphabet.length)];
	return out;
}

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// The values apps sent, one per case (seeded: the same every run).
const proj = makeProjectKey(8101);
const user = makeUserKey(8103);
const svcacct = makeServiceAccountKey(8105);
const none = makeNoProjectKey(8107);
const early = makeEarlyProjectKey(8109);
const long = makeLongProjectKey(8111);
const proj132 = makeOpenAIKey('sk-proj-', 58, 8113);
const projNode = makeProjectKey(8115);
const projGo = makeProjectKey(8117);
const projGoOfficial = makeProjectKey(8119);
const projJava = makeProjectKey(8121);
const projPhp = makeProjectKey(8123);
const projLangchain = makeProjectKey(8125);
const projLlama = makeProjectKey(8127);
const projAxios = makeProjectKey(8129);
const projLangchainJs = makeProjectKey(8131);
const cut = makeProjectKey(8133).slice(0, 150);
const svcacct64 = `sk-svcacct-${filler(alnum, 53, 8135)}`;
const router = makeOpenRouterKey(8137);
const anthropic = makeAnthropicKey(8139);
const deepseek = makeDeepSeekKey(8141);
const groq = makeGroqKey(8143);
const azure = makeAzureKey(8145);
const azure84 = `${filler(alnum, 52, 8147)}JQQJ99BFACYeBjFXJ3w3AAAAACOG${filler(alnum, 4, 8149)}`;
const relay = makeRelayKey(8151);
const url = `https://${filler(alnum, 8, 8153)}.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01`;
const label = `apiKey: ${makeProjectKey(8155)}`;
const exportLine = `export OPENAI_API_KEY=${makeProjectKey(8157)}`;
const sentence = 'You are a helpful assistant. Think step by step.';
const keyId = makeKeyId(8159);
const quoted = `"${makeProjectKey(8161)}"`;
const bearer = `Bearer ${makeProjectKey(8163)}`;
const literalNewline = `${makeProjectKey(8165)}\\n`;
const jwt = makeJwt('https://auth.openai.com', 8167);
const admin = makeAdminKey(8169);
const oldWidth = makeUserKey(8171);
const stale = makeProjectKey(8173);
const fresh = makeProjectKey(8175);
const whitespaceKey = `${makeProjectKey(8177)}\n`;
const crKey = `${makeProjectKey(8179)}\r`;
const nodeFetchKey = `${makeProjectKey(8181)}\n`;
const placeholderSk = `sk-${'x'.repeat(48)}`;
const projRuby = makeProjectKey(8183);
const projRust = makeProjectKey(8185);
const projSpring = makeProjectKey(8187);
const projCurl = makeProjectKey(8189);
const kod = `kod-${filler('0123456789abcdef', 36, 8191)}`;
const azureOld = makeAzureKey(8193);

/** Every value the corpus puts in an error or the environment: none may be printed. */
export const corpusSecrets = [
	otherKey, proj, user, svcacct, none, early, long, proj132, projNode, projGo, projGoOfficial, projJava, projPhp, projLangchain, projLlama,
	projAxios, projLangchainJs, cut, svcacct64, router, anthropic, deepseek, groq, azure, azure84, relay, makeProjectKey(8155),
	makeProjectKey(8157), keyId, makeProjectKey(8161), makeProjectKey(8163), makeProjectKey(8165), jwt, admin, oldWidth, stale, fresh,
	whitespaceKey, crKey, nodeFetchKey, projRuby, projRust, projSpring, projCurl, kod, azureOld,
];

const notKeyVerdicts = ['key-invalid', 'key-malformed', 'key-placeholder', 'key-whitespace', 'key-empty', 'key-other-provider', 'app-uses-other-key'];
const notAuth = [...notKeyVerdicts, 'key-missing', 'proxy-interference', 'azure-endpoint', 'base-url-mismatch'];

const missingText = texts.missingKey;
const quota = texts.quota;

/** The corpus. */
export const corpus: CorpusCase[] = [
	// ── A well-formed OpenAI key, refused: key-invalid, in every client's wording ──
	{
		id: 'python1-project-key-invalid',
		source: 'openai-python 1.x traceback',
		error: python('AuthenticationError', 401, incorrect(openAIMask(proj)), 'invalid_api_key'),
		sent: proj,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed', 'proxy-interference', 'key-placeholder']},
	},
	{
		id: 'python0-legacy-user-key',
		source: 'openai-python 0.28 traceback',
		error: `Traceback (most recent call last):
  File "app.py", line 7, in <module>
    response = openai.ChatCompletion.create(
  File "/usr/local/lib/python3.10/site-packages/openai/api_requestor.py", line 765, in _interpret_response_line
    raise self.handle_error_response(
openai.error.AuthenticationError: ${incorrect(openAIMask(user))}`,
		sent: user,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed', 'proxy-interference']},
	},
	{
		id: 'python2-service-account-key',
		source: 'openai-python 2.x, one log line',
		error: `ERROR:root:chat failed: ${pyBody(401, incorrect(openAIMask(svcacct)), 'invalid_api_key')}`,
		sent: svcacct,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'node6-no-project-key',
		source: 'openai-node 6 uncaught error',
		error: nodeSdk('AuthenticationError', 401, incorrect(openAIMask(none)), 'invalid_api_key'),
		sent: none,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'node4-project-key-one-line',
		source: 'openai-node 4 (Continue\'s issue template)',
		error: `Error: 401 ${incorrect(openAIMask(projNode))}`,
		sent: projNode,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'early-project-key-56',
		source: 'openai-python 1.x, an April 2024 project key (56 characters)',
		error: python('AuthenticationError', 401, incorrect(openAIMask(early)), 'invalid_api_key'),
		sent: early,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'project-key-172',
		source: 'a 172-character project key (a captured length)',
		error: `Error: 401 ${incorrect(openAIMask(long))}`,
		sent: long,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'project-key-132',
		source: 'a 132-character project key (the 58/58 variant)',
		error: python('AuthenticationError', 401, incorrect(openAIMask(proj132)), 'invalid_api_key'),
		sent: proj132,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'go-openai',
		source: 'sashabaranov/go-openai',
		error: `2024/05/02 10:11:12 ChatCompletion error: error, status code: 401, status: 401 Unauthorized, message: ${incorrect(openAIMask(projGo))}\nexit status 1`,
		sent: projGo,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'openai-go',
		source: 'openai/openai-go',
		error: `panic: POST "https://api.openai.com/v1/chat/completions": 401 Unauthorized {
    "message": "${incorrect(openAIMask(projGoOfficial))}",
    "type": "invalid_request_error",
    "param": null,
    "code": "invalid_api_key"
  }

goroutine 1 [running]:
main.main()
	/home/dev/app/main.go:21 +0x2a5
exit status 2`,
		sent: projGoOfficial,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'dotnet-openai',
		source: 'OpenAI .NET 2.x (System.ClientModel)',
		error: `Unhandled exception. System.ClientModel.ClientResultException: HTTP 401 (invalid_request_error: invalid_api_key)

${incorrect(openAIMask(svcacct))}
   at OpenAI.ClientPipelineExtensions.ProcessMessageAsync(ClientPipeline pipeline, PipelineMessage message, RequestOptions options)
   at OpenAI.Chat.ChatClient.CompleteChatAsync(IEnumerable\`1 messages, ChatCompletionOptions options, CancellationToken cancellationToken)
   at Program.<Main>$(String[] args) in /home/dev/app/Program.cs:line 9`,
		sent: svcacct,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'java-openai',
		source: 'openai-java',
		error: `Exception in thread "main" com.openai.errors.UnauthorizedException: 401: {"message":"${incorrect(openAIMask(projJava))}","type":"invalid_request_error","param":null,"code":"invalid_api_key"}
	at com.openai.errors.UnauthorizedException$Builder.build(UnauthorizedException.kt:82)
	at com.openai.core.handlers.ErrorHandler$withErrorHandler$1.handle(ErrorHandler.kt:48)
	at com.example.App.main(App.java:17)`,
		sent: projJava,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'php-openai',
		source: 'openai-php/client',
		error: `PHP Fatal error:  Uncaught OpenAI\\Exceptions\\ErrorException: ${incorrect(openAIMask(projPhp))} in /var/www/vendor/openai-php/client/src/Transporters/HttpTransporter.php:131
Stack trace:
#0 /var/www/vendor/openai-php/client/src/Transporters/HttpTransporter.php(57): OpenAI\\Transporters\\HttpTransporter->throwIfJsonError()
#1 /var/www/app.php(12): OpenAI\\Resources\\Chat->create()
#2 {main}
  thrown in /var/www/vendor/openai-php/client/src/Transporters/HttpTransporter.php on line 131`,
		sent: projPhp,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'node3-axios-data',
		source: 'openai-node 3 (axios), error.response.data printed',
		error: `Error: Request failed with status code 401
    at createError (/app/node_modules/axios/lib/core/createError.js:16:15)
    at settle (/app/node_modules/axios/lib/core/settle.js:17:12)
{ error:
   { message: '${incorrect(openAIMask(projAxios))}',
     type: 'invalid_request_error',
     param: null,
     code: 'invalid_api_key' } }`,
		sent: projAxios,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed', 'proxy-interference']},
	},
	{
		id: 'langchain-python',
		source: 'LangChain (langchain_openai) traceback',
		error: `Traceback (most recent call last):
  File "/app/chain.py", line 22, in <module>
    print(chain.invoke({"question": q}))
  File "/app/.venv/lib/python3.12/site-packages/langchain_core/runnables/base.py", line 3024, in invoke
    input = context.run(step.invoke, input, config)
  File "/app/.venv/lib/python3.12/site-packages/langchain_openai/chat_models/base.py", line 907, in _generate
    response = self.client.create(**payload)
  File "/app/.venv/lib/python3.12/site-packages/openai/_base_client.py", line 1047, in _request
    raise self._make_status_error_from_response(err.response) from None
openai.AuthenticationError: ${pyBody(401, incorrect(openAIMask(projLangchain)), 'invalid_api_key')}`,
		sent: projLangchain,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'langchain-js',
		source: 'LangChain.js (@langchain/openai)',
		error: `Error: 401 ${incorrect(openAIMask(projLangchainJs))}

Troubleshooting URL: https://js.langchain.com/docs/troubleshooting/errors/MODEL_AUTHENTICATION/

    at Function.generate (/app/node_modules/openai/error.js:44:20)
    at OpenAI.makeStatusError (/app/node_modules/openai/core.js:293:33) {
  lc_error_code: 'MODEL_AUTHENTICATION'
}`,
		sent: projLangchainJs,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'llamaindex-retry-log',
		source: 'LlamaIndex retry warnings',
		error: `WARNING:llama_index.embeddings.openai.utils:Retrying llama_index.embeddings.openai.base.get_embeddings in 0.8 seconds as it raised AuthenticationError: ${pyBody(401, incorrect(openAIMask(projLlama)), 'invalid_api_key')}.
WARNING:llama_index.embeddings.openai.utils:Retrying llama_index.embeddings.openai.base.get_embeddings in 1.6 seconds as it raised AuthenticationError: ${pyBody(401, incorrect(openAIMask(projLlama)), 'invalid_api_key')}.`,
		sent: projLlama,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'old-mask-width',
		source: 'an older mask width (sk- + 33 stars + 3), re-masked by a log',
		error: `openai.error.AuthenticationError: Incorrect API key provided: sk-${'*'.repeat(33)}${oldWidth.slice(-3)}. You can find your API key at ${accountPage}.`,
		sent: oldWidth,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'remasked-short-stars',
		source: 'a log that re-masks with 10 stars',
		error: `[app] 401 from OpenAI: Incorrect API key provided: ${proj.slice(0, 8)}${'*'.repeat(10)}${proj.slice(-4)}. You can find your API key at ${accountPage}.`,
		sent: proj,
		same: true,
		// Without the key here, 8 + 10 + 4 characters is all the mask says: a cut key is a fair reading.
		expect: {named: ['key-invalid']},
		sameKey: {not: ['key-malformed']},
	},

	// ── The mask shows what the key is ──
	{
		id: 'project-key-cut-short',
		source: 'openai-node 4, a project key cut at 150 characters',
		error: `Error: 401 ${incorrect(openAIMask(cut))}`,
		sent: cut,
		same: true,
		expect: {named: ['key-malformed'], not: ['proxy-interference'], low: ['key-invalid']},
	},
	{
		id: 'svcacct-64',
		source: 'a service-account key of 64 characters',
		error: python('AuthenticationError', 401, incorrect(openAIMask(svcacct64)), 'invalid_api_key'),
		sent: svcacct64,
		same: true,
		expect: {named: ['key-malformed'], low: ['key-invalid']},
	},
	{
		id: 'url-as-key',
		source: 'Continue: an endpoint URL pasted as the key',
		error: `Error: 401 ${incorrect(openAIMask(url))}`,
		sent: url,
		expect: {named: [['key-malformed', 'azure-endpoint']], not: ['key-invalid', 'key-placeholder']},
	},
	{
		id: 'label-as-key',
		source: 'Continue: a pasted "apiKey: …" line',
		error: `401 ${incorrect(openAIMask(label))}`,
		sent: label,
		expect: {named: ['key-malformed'], not: ['key-invalid']},
	},
	{
		id: 'export-line-as-key',
		source: 'an export line pasted into a settings field',
		error: python('AuthenticationError', 401, incorrect(openAIMask(exportLine)), 'invalid_api_key'),
		sent: exportLine,
		expect: {named: ['key-malformed'], not: ['key-invalid']},
	},
	{
		id: 'sentence-as-key',
		source: 'Continue: the system prompt pasted as the key',
		error: `Error: 401 ${incorrect(openAIMask(sentence))}`,
		sent: sentence,
		expect: {named: ['key-malformed'], not: ['key-invalid', 'key-placeholder']},
	},
	{
		id: 'key-id-as-key',
		source: 'Continue: the key id (key_…) instead of the secret',
		error: `Error: 401 ${incorrect(openAIMask(keyId))}`,
		sent: keyId,
		same: true,
		expect: {named: ['key-malformed'], not: ['key-invalid']},
	},
	{
		id: 'short-word-toxic',
		source: 'Continue: a 5-letter word',
		error: `Error: 401 ${incorrect('Toxic')}`,
		sent: 'Toxic',
		expect: {named: [['key-malformed', 'key-placeholder']], not: ['key-invalid']},
	},
	{
		id: 'short-digits',
		source: 'BricksLLM: 1234',
		error: python('AuthenticationError', 401, incorrect('1234'), 'invalid_api_key'),
		sent: '1234',
		expect: {named: [['key-malformed', 'key-placeholder']], not: ['key-invalid']},
	},
	{
		id: 'placeholder-sk-x',
		source: 'a template sk-xxxx… value',
		error: `Error: 401 ${incorrect(openAIMask(placeholderSk))}`,
		sent: placeholderSk,
		same: true,
		expect: {named: ['key-placeholder'], not: ['key-malformed'], low: ['key-invalid']},
	},
	{
		id: 'placeholder-your-api-key',
		source: 'README value your-api-key',
		error: python('AuthenticationError', 401, incorrect(openAIMask('your-api-key')), 'invalid_api_key'),
		sent: 'your-api-key',
		same: true,
		expect: {named: ['key-placeholder'], not: ['key-invalid']},
	},
	{
		id: 'placeholder-unexpanded',
		source: 'an unexpanded ${OPENAI_API_KEY} (systemd / docker --env-file)',
		error: `Error: 401 ${incorrect(openAIMask('${OPENAI_API_KEY}'))}`,
		sent: '${OPENAI_API_KEY}',
		expect: {named: ['key-placeholder'], not: ['key-invalid']},
	},
	{
		id: 'placeholder-angle',
		source: '<your-openai-api-key> copied from a docs page',
		error: `Error: 401 ${incorrect(openAIMask('<your-openai-api-key>'))}`,
		sent: '<your-openai-api-key>',
		expect: {named: ['key-placeholder'], not: ['key-invalid']},
	},
	{
		id: 'windows-set-quotes',
		source: 'Windows cmd set OPENAI_API_KEY="sk-…" keeps the quotes',
		error: python('AuthenticationError', 401, incorrect(openAIMask(quoted)), 'invalid_api_key'),
		sent: quoted,
		expect: {named: ['key-quoted'], not: ['key-invalid']},
	},
	{
		id: 'bearer-stored',
		source: 'the key stored with "Bearer " in front',
		error: `Error: 401 ${incorrect(openAIMask(bearer))}`,
		sent: bearer,
		expect: {named: ['key-bearer-prefix'], not: ['key-invalid']},
	},
	{
		id: 'literal-backslash-n',
		source: 'a key copied out of JSON with a literal \\n',
		error: python('AuthenticationError', 401, incorrect(openAIMask(literalNewline)), 'invalid_api_key'),
		sent: literalNewline,
		same: true,
		expect: {named: ['key-malformed'], not: ['proxy-interference', 'key-invalid']},
	},
	{
		id: 'jwt-invalid-key',
		source: 'a ChatGPT session token as the key',
		error: python('AuthenticationError', 401, incorrect(openAIMask(jwt)), 'invalid_api_key'),
		sent: jwt,
		same: true,
		expect: {named: ['key-jwt'], not: ['key-invalid']},
	},
	{
		id: 'admin-key-inference',
		source: 'an admin key used for chat completions',
		error: `Error: 401 ${incorrect(openAIMask(admin))}`,
		sent: admin,
		same: true,
		expect: {named: ['key-admin'], not: ['key-malformed']},
	},

	// ── Another provider's key sent to OpenAI ──
	{
		id: 'openrouter-key-litellm',
		source: 'LiteLLM, an OpenRouter key sent to OpenAI',
		error: `litellm.exceptions.AuthenticationError: litellm.AuthenticationError: AuthenticationError: OpenAIException - ${pyBody(401, incorrect(openAIMask(router)), 'invalid_api_key')}`,
		sent: router,
		same: true,
		expect: {named: [['key-other-provider', 'base-url-mismatch']], not: ['key-invalid', 'key-malformed']},
	},
	{
		id: 'anthropic-key',
		source: 'an Anthropic key sent to OpenAI',
		error: python('AuthenticationError', 401, incorrect(openAIMask(anthropic)), 'invalid_api_key'),
		sent: anthropic,
		same: true,
		expect: {named: [['key-other-provider', 'base-url-mismatch']], not: ['key-invalid']},
	},
	{
		id: 'deepseek-key',
		source: 'a DeepSeek key (sk- + 32) sent to OpenAI',
		error: `Error: 401 ${incorrect(openAIMask(deepseek))}`,
		sent: deepseek,
		same: true,
		expect: {named: [['key-other-provider', 'base-url-mismatch', 'key-malformed']], not: ['key-invalid']},
	},
	{
		id: 'groq-key',
		source: 'a Groq key sent to OpenAI',
		error: `Error: 401 ${incorrect(openAIMask(groq))}`,
		sent: groq,
		same: true,
		expect: {named: [['key-other-provider', 'base-url-mismatch']], not: ['key-invalid']},
	},
	{
		id: 'azure-key-to-openai',
		source: 'openai-python #1209: an Azure key sent to api.openai.com',
		error: python('AuthenticationError', 401, incorrect(openAIMask(azure)), 'invalid_api_key'),
		sent: azure,
		same: true,
		expect: {named: ['azure-endpoint'], not: ['key-invalid']},
	},
	{
		id: 'azure-84-key-to-openai',
		source: 'an 84-character Azure AI key sent to api.openai.com',
		error: `Error: 401 ${incorrect(openAIMask(azure84))}`,
		sent: azure84,
		same: true,
		expect: {named: ['azure-endpoint'], not: ['key-invalid']},
	},
	{
		id: 'relay-hex-key',
		source: 'jupyter-ai: a relay\'s 64-hex key sent to api.openai.com (base URL ignored)',
		error: python('AuthenticationError', 401, incorrect(openAIMask(relay)), 'invalid_api_key'),
		sent: relay,
		same: true,
		expect: {named: [['base-url-mismatch', 'key-other-provider']], not: ['key-invalid']},
	},

	// ── Errors without a mask ──
	{
		id: 'undefined-node',
		source: 'openai-node 3 with apiKey: process.env.OPENAI_KEY (unset)',
		error: `Error: 401 ${incorrect('undefined')}`,
		expect: {named: ['key-missing'], not: ['key-invalid', 'key-malformed', 'app-uses-other-key', 'key-placeholder']},
	},
	{
		id: 'none-python',
		source: 'openai-python 0.x with api_key=os.getenv("OPENAI_KEY") (unset)',
		error: `openai.error.AuthenticationError: ${incorrect('None')}`,
		expect: {named: ['key-missing'], not: ['key-invalid', 'key-malformed', 'app-uses-other-key', 'key-placeholder']},
	},
	{
		id: 'no-key-provided',
		source: 'openai-python 1.x, no Authorization header sent',
		error: python('AuthenticationError', 401, missingText, null),
		expect: {named: [['key-missing', 'key-empty']], not: ['key-invalid', 'app-uses-other-key']},
	},
	{
		id: 'missing-bearer-responses',
		source: 'Codex /v1/responses',
		error: `stream error: unexpected status 401 Unauthorized: {"error":{"message":"Missing bearer or basic authentication in header","type":"invalid_request_error","param":null,"code":null}}`,
		expect: {named: [['key-missing', 'key-empty']], not: ['key-invalid', 'app-uses-other-key']},
	},
	{
		id: 'python1-client-option',
		source: 'openai-python 1.x constructor',
		error: `Traceback (most recent call last):
  File "/home/dev/app/main.py", line 4, in <module>
    client = OpenAI()
  File "/home/dev/app/.venv/lib/python3.11/site-packages/openai/_client.py", line 98, in __init__
    raise OpenAIError(
openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable`,
		expect: {named: [['key-missing', 'key-empty']], not: ['key-invalid', 'app-uses-other-key', 'proxy-interference']},
	},
	{
		id: 'python2-missing-credentials',
		source: 'openai-python ≥ 2.34 constructor',
		error: 'openai.OpenAIError: Missing credentials. Please pass an `api_key`, `workload_identity`, `admin_api_key`, or set the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable.',
		expect: {named: [['key-missing', 'key-empty']], not: ['key-invalid', 'app-uses-other-key']},
	},
	{
		id: 'node4-env-missing',
		source: 'openai-node 4 constructor',
		error: `OpenAIError: The OPENAI_API_KEY environment variable is missing or empty; either provide it, or instantiate the OpenAI client with an apiKey option, like new OpenAI({ apiKey: 'My API Key' }).
    at new OpenAI (file:///app/node_modules/openai/index.mjs:47:19)
    at file:///app/index.js:3:16`,
		expect: {named: [['key-missing', 'key-empty']], not: ['key-invalid', 'app-uses-other-key']},
	},
	{
		id: 'python0-no-key',
		source: 'openai-python 0.x',
		error: "openai.error.AuthenticationError: No API key provided. You can set your API key in code using 'openai.api_key = <API-KEY>', or you can set the environment variable OPENAI_API_KEY=<API-KEY>). If your API key is stored in a file, you can point the openai module at it with 'openai.api_key_path = <PATH>'. You can generate API keys in the OpenAI web interface. See https://platform.openai.com/account/api-keys for details.",
		expect: {named: [['key-missing', 'key-empty']], not: ['key-invalid', 'app-uses-other-key']},
	},
	{
		id: 'h11-bearer-empty',
		source: 'LangChain with OPENAI_API_KEY="" (httpx/h11)',
		error: `Traceback (most recent call last):
  File "/app/.venv/lib/python3.11/site-packages/httpx/_transports/default.py", line 69, in map_httpcore_exceptions
    yield
  File "/app/.venv/lib/python3.11/site-packages/h11/_headers.py", line 158, in normalize_and_validate
    raise LocalProtocolError("Illegal header value {!r}".format(value))
h11._util.LocalProtocolError: Illegal header value b'Bearer '

The above exception was the direct cause of the following exception:

httpx.LocalProtocolError: Illegal header value b'Bearer '

The above exception was the direct cause of the following exception:

openai.APIConnectionError: Connection error.`,
		expect: {named: ['key-empty'], not: ['key-invalid', 'network-unreachable', 'key-whitespace', 'app-uses-other-key']},
	},
	{
		id: 'h11-key-with-newline',
		source: 'openai-python with a key ending in \\n (echo | base64 secret): h11 shows the header',
		error: `h11._util.LocalProtocolError: Illegal header value b'Bearer ${whitespaceKey.trim()}\\n'

The above exception was the direct cause of the following exception:

httpx.LocalProtocolError: Illegal header value b'Bearer ${whitespaceKey.trim()}\\n'

The above exception was the direct cause of the following exception:

openai.APIConnectionError: Connection error.`,
		sent: whitespaceKey,
		same: true,
		expect: {named: ['key-whitespace'], not: ['key-invalid', 'network-unreachable', 'key-empty']},
	},
	{
		id: 'undici-invalid-header',
		source: 'Node fetch (undici) with a key ending in \\r (CRLF .env)',
		error: `TypeError: Headers.append: "Bearer ${crKey}" is an invalid header value.
    at webidl.errors.exception (node:internal/deps/undici/undici:3564:14)
    at Headers.append (node:internal/deps/undici/undici:8654:31)`,
		sent: crKey,
		same: true,
		expect: {named: ['key-whitespace'], not: ['key-invalid', 'network-unreachable']},
	},
	{
		id: 'node-fetch-not-legal',
		source: 'openai-node 4 (node-fetch) with an explicit apiKey ending in a newline',
		error: `APIConnectionError: Connection error.
    at OpenAI.makeRequest (/app/node_modules/openai/core.js:304:19) {
  status: undefined,
  headers: undefined,
  error: undefined,
  cause: TypeError: Bearer ${nodeFetchKey.trim()}
   is not a legal HTTP header value
      at validateValue (/app/node_modules/node-fetch/lib/index.js:631:9)
}`,
		sent: nodeFetchKey,
		same: true,
		expect: {named: ['key-whitespace'], not: ['key-invalid', 'network-unreachable']},
	},
	{
		id: 'go-invalid-header-field',
		source: 'Go net/http',
		error: 'Post "https://api.openai.com/v1/chat/completions": net/http: invalid header field value for "Authorization"',
		expect: {named: [['key-whitespace', 'key-malformed', 'key-invisible-chars']], not: ['key-invalid', 'network-unreachable']},
	},
	{
		id: 'axios-invalid-char',
		source: 'openai-node 3 (axios): Invalid character in header content',
		error: `TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["Authorization"]
    at ClientRequest.setHeader (node:_http_outgoing:647:3)
    at new ClientRequest (node:_http_client:291:14)`,
		expect: {named: [['key-whitespace', 'key-malformed', 'key-invisible-chars']], not: ['key-invalid', 'network-unreachable']},
	},
	{
		id: 'python-unicode-header',
		source: 'httpx with a zero-width space in the key',
		error: `  File "/app/.venv/lib/python3.11/site-packages/httpx/_models.py", line 79, in _normalize_header_value
    return value.encode(encoding or "ascii")
UnicodeEncodeError: 'ascii' codec can't encode character '\\u200b' in position 58: ordinal not in range(128)`,
		expect: {named: ['key-invisible-chars'], not: ['key-invalid', 'network-unreachable']},
	},

	// ── What the API says besides the key ──
	{
		id: 'quota-python',
		source: 'openai-python 1.x 429 insufficient_quota',
		error: python('RateLimitError', 429, quota, 'insufficient_quota', 'insufficient_quota'),
		expect: {named: ['quota-exceeded'], not: [...notKeyVerdicts, 'key-missing', 'proxy-interference']},
	},
	{
		id: 'quota-node',
		source: 'openai-node 4 429',
		error: nodeSdk('RateLimitError', 429, quota, 'insufficient_quota', 'insufficient_quota'),
		expect: {named: ['quota-exceeded'], not: [...notKeyVerdicts, 'key-missing', 'proxy-interference']},
	},
	{
		id: 'quota-langchain-retry',
		source: 'LangChain 0.0.x retry log (openai 0.x)',
		error: `Retrying langchain.llms.openai.completion_with_retry.<locals>._completion_with_retry in 4.0 seconds as it raised RateLimitError: ${quota}.`,
		expect: {named: ['quota-exceeded'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'org-mismatch',
		source: 'fish-ai#62 with OPENAI_ORG_ID set',
		error: python('AuthenticationError', 401, texts.mismatchedOrganization, 'mismatched_organization'),
		env: {OPENAI_ORG_ID: 'org-Zq7mB2xYvR9tL4nK8pW3sD1f'},
		expect: {named: ['org-mismatch'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'project-mismatch',
		source: 'OPENAI_PROJECT_ID=flipsync',
		error: python('AuthenticationError', 401, texts.mismatchedProject, 'mismatched_project'),
		env: {OPENAI_PROJECT_ID: 'flipsync'},
		expect: {named: ['project-mismatch'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'no-organization',
		source: 'OpenHands#2562',
		error: python('AuthenticationError', 401, texts.noOrganization, 'no_organization'),
		expect: {named: ['no-organization'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'deactivated-nextchat',
		source: 'NextChat#4175 wording',
		error: '{"error":{"message":"The OpenAI account associated with this API key has been deactivated. If you are the developer for this OpenAI app, please check your email for more information. If you are seeing this error while using another app or site, please reach out to them for more help.","type":"invalid_request_error","param":null,"code":"account_deactivated"},"status":401}',
		expect: {named: ['account-deactivated'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'invalid-issuer',
		source: 'ragas#1047',
		error: python('AuthenticationError', 401, texts.invalidIssuer, 'invalid_issuer'),
		expect: {named: ['key-jwt'], not: ['key-invalid', 'key-missing', 'proxy-interference']},
	},
	{
		id: 'ip-not-authorized',
		source: 'an IP allowlist (code only; no captured text)',
		error: nodeSdk('AuthenticationError', 401, texts.ipNotAuthorized, 'ip_not_authorized'),
		expect: {named: ['ip-not-authorized'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'scopes-inference',
		source: 'a restricted key on chat completions',
		error: python('AuthenticationError', 401, texts.scopesOnInference, null),
		expect: {named: ['insufficient-scopes'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'scopes-models-curl',
		source: 'curl /v1/models with a restricted key (403, string error)',
		error: `$ curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\n{"error":"${texts.scopesOnModels}"}`,
		expect: {named: ['insufficient-scopes'], not: [...notKeyVerdicts, 'key-missing']},
	},

	// ── Gateways, relays, Azure, proxies ──
	{
		id: 'one-api-invalid-token',
		source: 'one-api relay (base URL set to the relay)',
		error: python('AuthenticationError', 401, '无效的令牌 (request id: 2024051210241234567890123)', null, 'one_api_error'),
		expect: {named: ['base-url-mismatch'], not: ['key-invalid', 'key-missing', 'proxy-interference']},
	},
	{
		id: 'litellm-proxy-token',
		source: 'LiteLLM proxy refusing a virtual key',
		error: `openai.AuthenticationError: Error code: 401 - {'error': {'message': "Authentication Error, Invalid proxy server token passed. Received API Key = sk-...8f2c, Key Hash (Token) =6e1f0a. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\`", 'type': 'auth_error', 'param': 'None', 'code': '401'}}`,
		expect: {named: ['base-url-mismatch'], not: ['key-invalid', 'key-missing', 'key-malformed', 'key-placeholder']},
	},
	{
		id: 'gateway-json',
		source: 'a gateway\'s own JSON (authentication_error / api_key_invalid)',
		error: `AuthenticationError: 401 Invalid API key\n${texts.gatewayJson}`,
		expect: {named: ['base-url-mismatch'], not: ['key-invalid', 'key-missing']},
	},
	{
		id: 'openrouter-no-auth',
		source: 'OpenRouter without a key',
		error: `AuthenticationError: 401 No auth credentials found\n    at APIError.generate (/app/node_modules/openai/error.js:44:20) {\n  status: 401,\n  error: { message: 'No auth credentials found', code: 401 }\n}`,
		expect: {named: [['key-missing', 'key-empty']], not: ['key-invalid', 'app-uses-other-key']},
	},
	{
		id: 'azure-resource-401',
		source: 'Azure OpenAI resource (BotSharp#386)',
		error: `openai.AuthenticationError: Error code: 401 - {'error': {'code': '401', 'message': '${texts.azureDenied}'}}`,
		expect: {named: ['azure-endpoint'], not: ['key-invalid', 'key-missing', 'proxy-interference']},
	},
	{
		id: 'azure-apim-401',
		source: 'Azure API Management in front of Azure OpenAI',
		error: `openai.AuthenticationError: Error code: 401 - {'statusCode': 401, 'message': 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'}`,
		expect: {named: ['azure-endpoint'], not: ['key-invalid', 'key-missing']},
	},
	{
		id: 'azure-dotnet',
		source: 'Azure.AI.OpenAI (.NET)',
		error: `Azure.RequestFailedException: ${texts.azureDenied}
Status: 401 (PermissionDenied)
ErrorCode: 401

Content:
{"error":{"code":"401","message":"${texts.azureDenied}"}}

Headers:
apim-request-id: 0f3c2d9e-5b1a-4c7e-9d2f-8a6b4e1c3f70
Date: Tue, 14 May 2024 08:30:11 GMT`,
		expect: {named: ['azure-endpoint'], not: ['key-invalid', 'key-missing']},
	},
	{
		id: 'azure-entra-audience',
		source: 'Azure OpenAI with an Entra token for another resource',
		error: python('AuthenticationError', 401, 'Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.', '401'),
		expect: {named: ['azure-endpoint'], not: ['key-invalid', 'key-missing', 'key-jwt']},
	},
	{
		id: 'proxy-407-httpx',
		source: 'openai-python behind a corporate proxy (httpcore.ProxyError)',
		error: `httpcore.ProxyError: 407 Proxy Authentication Required

The above exception was the direct cause of the following exception:

httpx.ProxyError: 407 Proxy Authentication Required

The above exception was the direct cause of the following exception:

openai.APIConnectionError: Connection error.`,
		expect: {named: ['proxy-interference'], not: [...notKeyVerdicts, 'base-url-mismatch']},
	},
	{
		id: 'proxy-407-axios',
		source: 'axios 407',
		error: `AxiosError: Request failed with status code 407
    at settle (/app/node_modules/axios/dist/node/axios.cjs:1966:12) {
  code: 'ERR_BAD_REQUEST',
  response: { status: 407, statusText: 'Proxy Authentication Required' }
}`,
		expect: {named: ['proxy-interference'], not: [...notKeyVerdicts, 'base-url-mismatch']},
	},
	{
		id: 'proxy-407-java',
		source: 'Java HttpClient through a proxy',
		error: 'java.io.IOException: Unable to tunnel through proxy. Proxy returns "HTTP/1.1 407 Proxy Authentication Required"\n\tat java.base/sun.net.www.protocol.http.HttpURLConnection.doTunneling0(HttpURLConnection.java:2311)',
		expect: {named: ['proxy-interference'], not: [...notKeyVerdicts, 'base-url-mismatch']},
	},
	{
		id: 'proxy-407-curl',
		source: 'curl through a proxy',
		error: 'curl: (56) CONNECT tunnel failed, response 407',
		expect: {named: ['proxy-interference'], not: [...notKeyVerdicts, 'base-url-mismatch']},
	},
	{
		id: 'html-401-openresty',
		source: 'openai-python: an HTML 401 page (non-JSON body is the message)',
		error: `openai.AuthenticationError: ${texts.openresty401}`,
		expect: {named: [['proxy-interference', 'base-url-mismatch']], not: ['key-invalid']},
	},
	{
		id: 'html-401-corporate',
		source: 'a corporate web gateway\'s login page',
		error: `AuthenticationError: 401 <!DOCTYPE html><html><head><title>Authentication Required</title></head><body><h1>Access to this site requires authentication</h1><p>Your request was blocked by the web gateway. Please sign in.</p></body></html>`,
		expect: {named: [['proxy-interference', 'base-url-mismatch']], not: ['key-invalid']},
	},
	{
		id: 'node-no-body',
		source: 'openai-node: 401 status code (no body)',
		error: 'AuthenticationError: 401 status code (no body)\n    at APIError.generate (/app/node_modules/openai/error.js:44:20)',
		expect: {named: [['proxy-interference', 'base-url-mismatch']], not: ['key-invalid']},
	},

	// ── CI logs ──
	{
		id: 'ci-actions-constructor',
		source: 'a GitHub Actions log (fork pull request)',
		error: `2024-06-03T10:22:31.1234567Z ##[group]Run python scripts/review.py
2024-06-03T10:22:31.1234567Z python scripts/review.py
2024-06-03T10:22:31.1234567Z shell: /usr/bin/bash -e {0}
2024-06-03T10:22:31.1234567Z env:
2024-06-03T10:22:31.1234567Z   OPENAI_API_KEY: 
2024-06-03T10:22:31.1234567Z ##[endgroup]
2024-06-03T10:22:33.9876543Z Traceback (most recent call last):
2024-06-03T10:22:33.9876543Z   File "/home/runner/work/app/app/scripts/review.py", line 6, in <module>
2024-06-03T10:22:33.9876543Z     client = OpenAI()
2024-06-03T10:22:33.9876543Z openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable
2024-06-03T10:22:34.0012345Z ##[error]Process completed with exit code 1.`,
		expect: {named: ['ci-secret-unavailable', ['key-empty', 'key-missing']], not: ['key-invalid', 'app-uses-other-key']},
	},
	{
		id: 'ci-bearer-empty-in-ci',
		source: 'key-wizard run in GitHub Actions with an empty secret, h11 error',
		error: "httpx.LocalProtocolError: Illegal header value b'Bearer '\n\nopenai.APIConnectionError: Connection error.",
		env: {CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', OPENAI_API_KEY: ''},
		skip: ['other key', 'same key'],
		expect: {named: ['key-empty', 'ci-secret-unavailable'], not: ['key-invalid', 'network-unreachable']},
	},

	// ── Where the app's key comes from, with files ──
	{
		id: 'stale-env-shadows-dotenv',
		source: 'TradingAgents#641: an exported old key hides the .env one',
		error: python('AuthenticationError', 401, incorrect(openAIMask(stale)), 'invalid_api_key'),
		sent: stale,
		env: {OPENAI_API_KEY: stale},
		files: {'.env': `OPENAI_API_KEY=${fresh}\n`, 'main.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n'},
		skip: ['other key', 'same key'],
		expect: {named: ['stale-env-shadows-dotenv'], not: ['app-uses-other-key', 'key-missing']},
	},
	{
		id: 'dotenv-not-loaded',
		source: 'a .env nothing loads, python constructor error',
		error: 'openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable',
		files: {'.env': `OPENAI_API_KEY=${fresh}\n`, 'main.py': 'import os\nfrom openai import OpenAI\nclient = OpenAI()\n'},
		skip: ['other key', 'same key'],
		expect: {named: ['dotenv-not-loaded'], not: ['key-invalid', 'app-uses-other-key']},
	},

	// ── More clients and threads (reference §2, §5) ──
	{
		id: 'ruby-openai',
		source: 'ruby-openai (Faraday) with the body printed',
		error: `/usr/local/bundle/gems/faraday-2.9.0/lib/faraday/response/raise_error.rb:30:in 'on_complete': the server responded with status 401 (Faraday::UnauthorizedError)
{"error"=>{"message"=>"${incorrect(openAIMask(projRuby))}", "type"=>"invalid_request_error", "param"=>nil, "code"=>"invalid_api_key"}}`,
		sent: projRuby,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed', 'proxy-interference']},
	},
	{
		id: 'rust-async-openai',
		source: 'async-openai (Rust) Debug print',
		error: `Error: ApiError(ApiError { message: "${incorrect(openAIMask(projRust))}", type: Some("invalid_request_error"), param: None, code: Some("invalid_api_key") })`,
		sent: projRust,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'spring-ai',
		source: 'Spring AI',
		error: `org.springframework.ai.retry.NonTransientAiException: 401 - {
    "error": {
        "message": "${incorrect(openAIMask(projSpring))}",
        "type": "invalid_request_error",
        "param": null,
        "code": "invalid_api_key"
    }
}
	at org.springframework.ai.retry.RetryUtils$1.handleError(RetryUtils.java:63)`,
		sent: projSpring,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'curl-verbose-full-key',
		source: 'curl -v output pasted whole (the Authorization line shows the key)',
		error: `> GET /v1/models HTTP/2
> Host: api.openai.com
> user-agent: curl/8.5.0
> accept: */*
> authorization: Bearer ${projCurl}
>
< HTTP/2 401
< date: Tue, 14 May 2024 08:30:11 GMT
< content-type: application/json; charset=utf-8
< x-request-id: ${requestId}
< server: cloudflare
<
{
    "error": {
        "message": "${incorrect(openAIMask(projCurl))}",
        "type": "invalid_request_error",
        "param": null,
        "code": "invalid_api_key"
    }
}`,
		sent: projCurl,
		same: true,
		expect: {named: ['key-invalid'], not: ['key-malformed']},
	},
	{
		id: 'unknown-prefix-kod',
		source: 'continue#11409: a kod-… value of another service',
		error: `Error: 401 ${incorrect(openAIMask(kod))}`,
		sent: kod,
		expect: {named: [['key-malformed', 'key-other-provider', 'base-url-mismatch']], not: ['key-invalid']},
	},
	{
		id: 'azure-loose-mask-1209',
		source: 'openai-python #1209: an Azure key, mask 3***…5',
		error: `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${azureOld.slice(0, 1)}${'*'.repeat(33)}${azureOld.slice(-1)}. You can find your API key at ${accountPage}.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`,
		sent: azureOld,
		same: true,
		expect: {named: ['azure-endpoint'], not: ['key-invalid']},
	},
	{
		id: 'literal-dots',
		source: 'karakeep#336: a commented-out compose line left the literal ... as the key',
		error: python('AuthenticationError', 401, incorrect('...'), 'invalid_api_key'),
		sent: '...',
		expect: {named: [['key-placeholder', 'key-malformed']], not: ['key-invalid']},
	},
	{
		id: 'no-such-organization-legacy',
		source: 'zsh_codex#5 (openai 0.x)',
		error: 'openai.error.AuthenticationError: No such organization: Personal.',
		env: {OPENAI_ORGANIZATION: 'Personal'},
		expect: {named: ['org-mismatch'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'litellm-no-such-organization-null',
		source: 'aider#3717 (litellm wraps a 400)',
		error: `litellm.BadRequestError: OpenAIException - Error code: 400 - {'error': {'message': 'No such organization: null.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_organization'}}`,
		expect: {named: ['org-mismatch'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'empty-invalid-organization',
		source: 'chatgpt-vscode#91: an empty message with invalid_organization',
		error: '{\n  "error": {\n    "message": "",\n    "type": "invalid_request_error",\n    "param": null,\n    "code": "invalid_organization"\n  }\n}',
		expect: {named: ['org-mismatch'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'deactivated-deleted-account',
		source: 'AutoGPT#6230',
		error: 'openai.error.AuthenticationError: You do not have an account because it has been deleted or deactivated. If you believe this was an error, please contact us through our help center at help.openai.com.',
		expect: {named: ['account-deactivated'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'deactivated-via-relay',
		source: 'one-api#271: the upstream account deactivated, quoted by the relay',
		error: python('AuthenticationError', 401, 'Your OpenAI account has been deactivated, please check your email for more information. If you feel this is an error, contact us through our help center at help.openai.com. (request id: 20230517093021847263915)', 'account_deactivated', 'one_api_error'),
		expect: {named: ['account-deactivated'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'relay-quota',
		source: 'new-api: the relay token is out of credit',
		error: python('RateLimitError', 429, '该令牌额度已用尽 (request id: 20240612101112131415161)', null, 'new_api_error'),
		expect: {named: ['quota-exceeded'], not: [...notKeyVerdicts, 'key-missing']},
	},
	{
		id: 'gateway-invalid-bearer',
		source: 'openclaude#1357: a gateway\'s Invalid bearer token',
		error: 'Error: 401 {"error":"Invalid bearer token"}',
		expect: {named: ['base-url-mismatch'], not: ['key-invalid', 'key-missing']},
	},
	{
		id: 'proxy-407-requests',
		source: 'ragas#940: requests through a proxy (openai 0.x)',
		error: "openai.error.APIConnectionError: Error communicating with OpenAI: HTTPSConnectionPool(host='api.openai.com', port=443): Max retries exceeded with url: /v1/embeddings (Caused by ProxyError('Cannot connect to proxy.', OSError('Tunnel connection failed: 407 Proxy Authentication Required')))",
		expect: {named: ['proxy-interference'], not: [...notKeyVerdicts, 'base-url-mismatch']},
	},
	{
		id: 'langchain-did-not-find',
		source: 'LangChain (pydantic validator)',
		error: `pydantic.v1.error_wrappers.ValidationError: 1 validation error for OpenAIEmbeddings
__root__
  Did not find openai_api_key, please add an environment variable \`OPENAI_API_KEY\` which contains it, or pass \`openai_api_key\` as a named parameter. (type=value_error)`,
		expect: {named: [['key-missing', 'key-empty']], not: ['key-invalid', 'app-uses-other-key']},
	},
	{
		id: 'vercel-ai-sdk',
		source: 'Vercel AI SDK',
		error: "AI_LoadAPIKeyError: OpenAI API key is missing. Pass it using the 'apiKey' parameter or the OPENAI_API_KEY environment variable.",
		expect: {named: [['key-missing', 'key-empty']], not: ['key-invalid', 'app-uses-other-key']},
	},
	{
		id: 'ci-actions-node',
		source: 'a GitHub Actions log of an AI review action (openai-node 4)',
		error: `2024-02-11T08:01:12.3456789Z ##[group]Run anc95/ChatGPT-CodeReview@main
2024-02-11T08:01:12.3456789Z env:
2024-02-11T08:01:12.3456789Z   GITHUB_TOKEN: ***
2024-02-11T08:01:12.3456789Z   OPENAI_API_KEY: 
2024-02-11T08:01:12.3456789Z ##[endgroup]
2024-02-11T08:01:14.1234567Z ##[error]The OPENAI_API_KEY environment variable is missing or empty; either provide it, or instantiate the OpenAI client with an apiKey option, like new OpenAI({ apiKey: 'My API Key' }).`,
		expect: {named: ['ci-secret-unavailable', ['key-empty', 'key-missing']], not: ['key-invalid', 'app-uses-other-key']},
	},

	// ── Healthy setups and near-misses: no key cause ──
	{
		id: 'healthy-bad-request',
		source: 'openai-python 400 on a parameter (the key worked)',
		error: python('BadRequestError', 400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'unsupported_parameter'),
		expect: {healthy: true},
	},
	{
		id: 'healthy-model-not-found',
		source: 'openai-node 404 model_not_found',
		error: nodeSdk('NotFoundError', 404, 'The model `gpt-4.5-preview` does not exist or you do not have access to it.', 'model_not_found'),
		expect: {healthy: true},
	},
	{
		id: 'healthy-rate-limit',
		source: 'a 429 rate limit (not quota)',
		error: python('RateLimitError', 429, 'Rate limit reached for gpt-4o in organization org-Zq7mB2xYvR9tL4nK8pW3sD1f on tokens per min (TPM): Limit 30000, Used 29500, Requested 1200. Please try again in 1.4s. Visit https://platform.openai.com/account/rate-limits to learn more.', 'rate_limit_exceeded', 'tokens'),
		expect: {healthy: true},
	},
	{
		id: 'healthy-server-error',
		source: 'a 500 from the API',
		error: python('InternalServerError', 500, texts.serverError, null, 'server_error'),
		expect: {healthy: true},
	},
	{
		id: 'healthy-model-not-found-one-line',
		source: 'openai-node 404 as its message alone (console.error(err.message))',
		error: 'NotFoundError: 404 The model `gpt-4.5-preview` does not exist or you do not have access to it.',
		expect: {healthy: true},
	},
	{
		id: 'healthy-request-log',
		source: 'httpx request log with 200 OK',
		error: 'INFO:httpx:HTTP Request: POST https://api.openai.com/v1/chat/completions "HTTP/1.1 200 OK"',
		expect: {healthy: true},
	},
	{
		id: 'near-miss-app-proven-key',
		source: 'a 400 from the API with no key here: the app has a working key elsewhere',
		error: python('BadRequestError', 400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.", 'context_length_exceeded'),
		skip: ['other key', 'same key'],
		expect: {not: [...notAuth]},
	},
	{
		id: 'near-miss-dns',
		source: 'openai-python Connection error from DNS (not a header problem)',
		error: `httpcore.ConnectError: [Errno -3] Temporary failure in name resolution

The above exception was the direct cause of the following exception:

httpx.ConnectError: [Errno -3] Temporary failure in name resolution

The above exception was the direct cause of the following exception:

openai.APIConnectionError: Connection error.`,
		expect: {named: ['network-unreachable'], not: [...notKeyVerdicts, 'proxy-interference']},
	},
	{
		id: 'near-miss-tls',
		source: 'an intercepting proxy\'s certificate',
		error: `httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)

The above exception was the direct cause of the following exception:

openai.APIConnectionError: Connection error.`,
		expect: {named: [['network-unreachable', 'proxy-interference']], not: notKeyVerdicts},
	},
	{
		id: 'near-miss-timeout',
		source: 'openai-python timeout',
		error: 'openai.APITimeoutError: Request timed out.',
		expect: {not: notKeyVerdicts},
	},
	{
		id: 'near-miss-region',
		source: 'a 403 unsupported country',
		error: python('PermissionDeniedError', 403, 'Country, region, or territory not supported', 'unsupported_country_region_territory', 'request_forbidden'),
		expect: {not: [...notKeyVerdicts, 'insufficient-scopes']},
	},
	{
		id: 'near-miss-axios-bare-401',
		source: 'openai-node 3 (axios): only "status code 401", data hidden as [Object]',
		error: `Error: Request failed with status code 401
    at createError (/app/node_modules/axios/lib/core/createError.js:16:15)
    at settle (/app/node_modules/axios/lib/core/settle.js:17:12) {
  response: {
    status: 401,
    statusText: 'Unauthorized',
    data: { error: [Object] }
  },
  isAxiosError: true
}`,
		expect: {not: ['proxy-interference', 'quota-exceeded', 'key-whitespace', 'key-placeholder', 'key-malformed', 'app-uses-other-key']},
	},
];
