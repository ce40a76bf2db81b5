import {describe, expect, test} from 'vitest';
import {openAIMessages} from '../../../source/core/api/openai-errors.js';
import {diagnose} from '../../../source/core/diagnose/diagnose.js';
import {allRules} from '../../../source/core/diagnose/rules/index.js';
import {liveApiRules} from '../../../source/core/diagnose/rules/live-api.js';
import {codeRules} from '../../../source/core/diagnose/rules/code.js';
import {collectKeys} from '../../../source/core/keys/collect.js';
import {maskLikeOpenAI} from '../../../source/core/keys/mask.js';
import {Secret} from '../../../source/core/keys/secret.js';
import type {Http} from '../../../source/core/ports.js';
import {endpointProbe} from '../../../source/core/probes/endpoint.js';
import {errorTriageProbe} from '../../../source/core/probes/error-triage.js';
import {liveCheckProbe} from '../../../source/core/probes/live-check.js';
import type {Cause, Facts, ProbeDefinition, ProbeResult, RunOptions} from '../../../source/core/types.js';
import type {FakeApiOptions} from '../../../source/runner/fake-openai-api.js';
import {fakeApiHttp} from '../../helpers/fake-api-http.js';
import {makeAzureKey, makeJwt, makeProjectKey} from '../../helpers/fake-keys.js';
import {makeFacts, makeOptions, observe} from '../../helpers/facts.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context, sighting} from '../../helpers/probe-context.js';

const good = makeProjectKey(501);
const stale = makeProjectKey(502);
const elsewhere = makeProjectKey(503);
const azureKey = makeAzureKey(504);
const jwt = makeJwt('https://auth.openai.com', 505);
const loopback = 'http://127.0.0.1:9/v1';

type Setup = {
	env?: Record<string, string>;
	dotenv?: string;
	api?: FakeApiOptions;
	http?: Http;
	options?: Partial<RunOptions>;
};

/** Runs the real probes against the in-memory stand-in and diagnoses with this group's rules. */
async function causesFor(setup: Setup): Promise<{causes: Cause[]; facts: Facts}> {
	const env = setup.env ?? {};
	const ports = makePorts({env, http: setup.http ?? fakeApiHttp(setup.api ?? {})});
	const options = makeOptions({baseUrl: loopback, ...setup.options});
	const envKeys: Array<[string, string, string]> = Object.entries(env)
		.filter(([name]) => name === 'OPENAI_API_KEY' || name === 'AZURE_OPENAI_API_KEY')
		.map(([name, value]) => [value, `env:${name}`, name]);
	const results: ProbeResult[] = [sighting('env', envKeys), sighting('dotenv', setup.dotenv ? [[setup.dotenv, 'file:.env:1']] : [])];
	for (const probe of [liveCheckProbe, errorTriageProbe, endpointProbe] as ProbeDefinition[]) {
		const outcome = await probe.run(context(ports, results, options));
		results.push({...outcome, id: probe.id, step: probe.step, durationMs: 1});
	}

	const map = new Map(results.map(result => [result.id, result]));
	const facts: Facts = {options, env, results: map, keys: collectKeys(map, ['env', 'dotenv'])};
	// dotenv-not-loaded lives with the code rules; it still reads the app's error.
	return {causes: diagnose(facts, [...liveApiRules, ...codeRules.filter(rule => rule.id === 'dotenv-not-loaded')]), facts};
}

const python = (message: string, code: string | null) => `openai.AuthenticationError: Error code: 401 - {'error': {'message': "${message}", 'type': 'invalid_request_error', 'param': None, 'code': ${code ? `'${code}'` : 'None'}}}`;
const dnsFailure: Http = async () => ({ok: false, failure: 'dns', message: 'Could not resolve api.openai.com (DNS lookup failed).', durationMs: 1});
const proxyDown: Http = async () => ({ok: false, failure: 'refused', message: 'The proxy http://127.0.0.1:3128 refused the connection.', durationMs: 1, proxy: 'http://127.0.0.1:3128'});

const table: Array<[name: string, setup: Setup, expected: string[]]> = [
	['healthy: a working key', {env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {}}}}, []],
	['healthy: the org id matches', {env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-a'}, api: {keys: {[good]: {organizationId: 'org-a'}}}}, []],
	['healthy: the key only in .env', {dotenv: good, api: {keys: {[good]: {}}}}, []],
	['healthy: LangChain’s OPENAI_ORGANIZATION names the right org', {env: {OPENAI_API_KEY: good, OPENAI_ORGANIZATION: 'org-a'}, api: {keys: {[good]: {organizationId: 'org-a'}}}}, []],
	['healthy: restricted key that may call models', {env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {behaviour: 'restricted', scopes: ['model.request']}}}}, []],
	['healthy: --no-network and no error', {env: {OPENAI_API_KEY: good}, options: {network: false}}, []],
	['a revoked key', {env: {OPENAI_API_KEY: stale}, api: {}}, ['key-invalid']],
	['a good env key, a dead key in .env: still named (override loaders, IDEs, services read it)', {env: {OPENAI_API_KEY: good}, dotenv: stale, api: {keys: {[good]: {}}}}, ['key-invalid']],
	['a stale env key shadows a good .env key', {env: {OPENAI_API_KEY: stale}, dotenv: good, api: {keys: {[good]: {}}}}, ['key-invalid']],
	// The quotes are why the API refused it (key-quoted, compose-literal-quotes), not the key: no "make a new key".
	['healthy for key-invalid: a quoted copy of the working key is refused', {env: {OPENAI_API_KEY: good}, dotenv: `"${good}"`, api: {keys: {[good]: {}}}}, []],
	['OPENAI_ORG_ID of another org', {env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-b'}, api: {keys: {[good]: {organizationId: 'org-a'}}}}, ['org-mismatch']],
	['OPENAI_PROJECT_ID of another project', {env: {OPENAI_API_KEY: good, OPENAI_PROJECT_ID: 'proj_b'}, api: {keys: {[good]: {projectId: 'proj_a'}}}}, ['project-mismatch']],
	['OPENAI_ORG_ID and OPENAI_PROJECT_ID both of others: both named', {env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-b', OPENAI_PROJECT_ID: 'proj_b'}, api: {keys: {[good]: {organizationId: 'org-a', projectId: 'proj_a'}}}}, ['org-mismatch', 'project-mismatch']],
	['both set, only the project wrong: only project-mismatch', {env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-a', OPENAI_PROJECT_ID: 'proj_b'}, api: {keys: {[good]: {organizationId: 'org-a', projectId: 'proj_a'}}}}, ['project-mismatch']],
	['both set, only the org wrong: only org-mismatch', {env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-b', OPENAI_PROJECT_ID: 'proj_a'}, api: {keys: {[good]: {organizationId: 'org-a', projectId: 'proj_a'}}}}, ['org-mismatch']],
	['no organization', {env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {behaviour: 'no-organization'}}}}, ['no-organization']],
	['deactivated account', {env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {behaviour: 'deactivated'}}}}, ['account-deactivated']],
	['a good env key, a .env key of a deactivated account: still named', {env: {OPENAI_API_KEY: good}, dotenv: stale, api: {keys: {[good]: {}, [stale]: {behaviour: 'deactivated'}}}}, ['account-deactivated']],
	['IP allowlist', {env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {behaviour: 'ip-not-authorized'}}}}, ['ip-not-authorized']],
	['restricted key that may not call models', {env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {behaviour: 'restricted', scopes: []}}}}, ['insufficient-scopes']],
	['out of quota', {env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {behaviour: 'quota', quotaOn: 'all'}}}}, ['quota-exceeded']],
	['network down', {env: {OPENAI_API_KEY: good}, http: dnsFailure}, ['network-unreachable']],
	['the proxy in HTTP_PROXY is down: proxy-interference beside network-unreachable', {env: {OPENAI_API_KEY: good, HTTP_PROXY: 'http://127.0.0.1:3128'}, http: proxyDown}, ['network-unreachable', 'proxy-interference']],
	['plain http to a remote host', {env: {OPENAI_API_KEY: good}, options: {baseUrl: 'http://gateway.example/v1', baseUrlSource: 'env:OPENAI_BASE_URL'}}, ['unsafe-base-url']],
	['an OpenAI key sent to a gateway that refuses it', {env: {OPENAI_API_KEY: good}, api: {flavour: 'gateway'}}, ['base-url-mismatch']],
	['a proxy that wants credentials', {env: {OPENAI_API_KEY: good, HTTPS_PROXY: 'http://proxy.corp:3128'}, api: {flavour: 'proxy'}}, ['proxy-interference']],
	['a loopback http base URL and another host’s HTTP_PROXY: never through the proxy, checked directly, healthy', {env: {OPENAI_API_KEY: good, HTTP_PROXY: 'http://proxy.corp:3128', http_proxy: 'proxy.corp:3128'}, api: {keys: {[good]: {}}}}, []],
	['a loopback http base URL behind a loopback HTTP_PROXY: checked, healthy', {env: {OPENAI_API_KEY: good, HTTP_PROXY: 'http://127.0.0.1:3128'}, api: {keys: {[good]: {}}}}, []],
	['an OpenAI key sent to Azure', {env: {OPENAI_API_KEY: good, AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:9'}, api: {flavour: 'azure'}, options: {baseUrl: 'http://127.0.0.1:9'}}, ['azure-endpoint']],
	['an Azure key in OPENAI_API_KEY for api.openai.com', {env: {OPENAI_API_KEY: azureKey}, api: {}, options: {baseUrl: 'https://api.openai.com/v1'}}, ['azure-endpoint']],
	['a stale OPENAI_API_BASE', {env: {OPENAI_API_KEY: good, OPENAI_API_BASE: 'https://old-relay.example/v1'}, api: {keys: {[good]: {}}}}, ['legacy-env-vars']],
	['LangChain’s OPENAI_ORGANIZATION names another org', {env: {OPENAI_API_KEY: good, OPENAI_ORGANIZATION: 'org-old'}, api: {keys: {[good]: {organizationId: 'org-a'}}}}, ['legacy-env-vars']],
	['a session token: key-jwt is the anatomy rule’s, not named twice', {env: {OPENAI_API_KEY: jwt}, api: {}}, []],
	// From the app's error alone.
	[
		'the app sends a well-formed key found nowhere here: OpenAI refused that key, and the app reads another source',
		{env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {}}}, options: {errorText: python(openAIMessages.incorrectKey(maskLikeOpenAI(elsewhere)), 'invalid_api_key')}},
		['app-uses-other-key', 'key-invalid'],
	],
	[
		'the app’s invalid_api_key names a key that works here: the app talks to another host, the key is not bad',
		{env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {}}}, options: {errorText: python(openAIMessages.incorrectKey(maskLikeOpenAI(good)), 'invalid_api_key')}},
		['base-url-mismatch'],
	],
	['the app’s error names the stale env key', {env: {OPENAI_API_KEY: stale}, dotenv: good, options: {network: false, errorText: python(openAIMessages.incorrectKey(maskLikeOpenAI(stale)), 'invalid_api_key')}}, ['key-invalid']],
	['the app got invalid_issuer though no local key is a token', {env: {OPENAI_API_KEY: good}, options: {network: false, errorText: python(openAIMessages.invalidIssuer, 'invalid_issuer')}}, ['key-jwt']],
	['the app got mismatched_organization', {env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-b'}, options: {network: false, errorText: `Error: 401 ${openAIMessages.mismatchedOrganization}`}}, ['org-mismatch']],
	['the app got Azure’s Access denied', {env: {OPENAI_API_KEY: good}, options: {network: false, errorText: `Error code: 401 - {'error': {'code': '401', 'message': '${openAIMessages.azureAccessDenied}'}}`}}, ['azure-endpoint']],
	['the app got a relay’s 401 while the base URL is OpenAI', {env: {OPENAI_API_KEY: good}, options: {network: false, baseUrl: 'https://api.openai.com/v1', errorText: `Error code: 401 - {'error': {'message': 'Invalid API key', 'type': 'authentication_error', 'code': 'api_key_invalid'}}`}}, ['base-url-mismatch']],
	['a relay’s error borrowing invalid_api_key but not OpenAI’s shape: not key-invalid', {env: {OPENAI_API_KEY: good}, options: {network: false, baseUrl: 'https://api.openai.com/v1', errorText: `Error code: 401 - {'error': {'message': '无效的令牌 (request id: 20240101)', 'type': 'one_api_error', 'code': 'invalid_api_key'}}`}}, ['base-url-mismatch']],
	['the error shows the app called a LiteLLM host while the base URL here is OpenAI’s: base-url-mismatch', {env: {OPENAI_API_KEY: good}, options: {network: false, baseUrl: 'https://api.openai.com/v1', errorText: `httpx - INFO - HTTP Request: POST https://litellm.acme.dev/v1/chat/completions "HTTP/1.1 401 Unauthorized"\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': 'Authentication Error, Invalid proxy server token passed. Received API Key = sk-...abcd', 'type': 'auth_error', 'param': 'None', 'code': '401'}}`}}, ['base-url-mismatch']],
	['the app has no key although this shell has one', {env: {OPENAI_API_KEY: good}, options: {network: false, errorText: 'openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable'}}, ['key-missing']],
	['node: Missing credentials, the key only in .env: the app never loads .env', {dotenv: good, api: {keys: {[good]: {}}}, options: {errorText: 'OpenAIError: Missing credentials. Please pass an `apiKey`, or set the `OPENAI_API_KEY` environment variable.'}}, ['dotenv-not-loaded']],
	['python: api_key option must be set, the key only in .env, verdict not ok', {dotenv: good, api: {keys: {[good]: {}}}, options: {errorText: 'openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable'}}, ['dotenv-not-loaded']],
	['the API’s 401 “You didn’t provide an API key”, the key only in .env: dotenv-not-loaded', {dotenv: good, api: {keys: {[good]: {}}}, options: {errorText: python(openAIMessages.missingKey, null)}}, ['dotenv-not-loaded']],
	['the API’s 401 “You didn’t provide an API key” while this shell has a key: key-missing, not app-uses-other-key', {env: {OPENAI_API_KEY: good}, api: {keys: {[good]: {}}}, options: {errorText: python(openAIMessages.missingKey, null)}}, ['key-missing']],
	['healthy: the key only in .env and no error from the app', {dotenv: good, api: {keys: {[good]: {}}}}, []],
	['the app got 429 insufficient_quota', {env: {OPENAI_API_KEY: good}, options: {network: false, errorText: `RateLimitError: 429 ${openAIMessages.insufficientQuota}`}}, ['quota-exceeded']],
	['the app got a 407', {env: {OPENAI_API_KEY: good}, options: {network: false, errorText: 'httpcore.ProxyError: 407 Proxy Authentication Required'}}, ['proxy-interference']],
	['the app got Missing scopes', {env: {OPENAI_API_KEY: good}, options: {network: false, errorText: python(openAIMessages.missingScopesOnInference('model.request'), null)}}, ['insufficient-scopes']],
];

describe('live-api rules', () => {
	test.each(table)('%s', async (_name, setup, expected) => {
		const {causes} = await causesFor(setup);
		expect(causes.map(cause => cause.id).sort()).toEqual([...expected].sort());
		const text = JSON.stringify(causes);
		for (const key of [good, stale, elsewhere, azureKey, jwt]) {
			expect(text).not.toContain(key);
			expect(text).not.toContain(maskLikeOpenAI(key));
		}

		for (const cause of causes) {
			expect(cause.evidence.length).toBeGreaterThan(0);
			expect(cause.fix.length).toBeGreaterThan(0);
		}
	});

	test('with every rule, key-jwt is named once: by the anatomy rule for a token, by this rule when no local key is one', async () => {
		const token = await causesFor({env: {OPENAI_API_KEY: jwt}, api: {}});
		expect(diagnose(token.facts, allRules).filter(cause => cause.id === 'key-jwt')).toHaveLength(1);
		const fromApp = await causesFor({env: {OPENAI_API_KEY: good}, options: {network: false, errorText: python(openAIMessages.invalidIssuer, 'invalid_issuer')}});
		expect(diagnose(fromApp.facts, allRules).filter(cause => cause.id === 'key-jwt')).toHaveLength(1);
	});

	test('a live check cut off at its time limit (a loaded machine, a stalled server) is network-unreachable, not silence', () => {
		const facts = makeFacts([observe(good)], {results: [{id: 'live-check', step: 3, status: 'timeout', summary: 'No answer within 1500 ms; stopped.', durationMs: 1500}], options: {timeoutMs: 1500}});
		const causes = diagnose(facts, liveApiRules);
		expect(causes.map(cause => cause.id)).toEqual(['network-unreachable']);
		expect(causes[0]!.evidence[0]).toMatch(/no answer within 1500 ms/);
	});

	test('key-invalid beside a key of this machine that works: no "make a new key", the fix is to use the working one', async () => {
		const {causes} = await causesFor({env: {OPENAI_API_KEY: stale}, dotenv: good, api: {keys: {[good]: {}}}});
		const invalid = causes.find(cause => cause.id === 'key-invalid')!;
		expect(invalid.evidence.join('\n')).toMatch(/works: no new key is needed/);
		expect(invalid.fix.join('\n')).toMatch(/Make the app use sk-proj-…/);
		expect(invalid.snippets.map(snippet => snippet.id)).not.toContain('dotenv-new-key');
	});

	test('org-mismatch confirmed by the check without the header is high confidence and says so', async () => {
		const {causes} = await causesFor({env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-b'}, api: {keys: {[good]: {organizationId: 'org-a'}}}});
		expect(causes[0]).toMatchObject({id: 'org-mismatch', confidence: 'high'});
		expect(causes[0]!.evidence.join('\n')).toMatch(/without the OpenAI-Organization header: 200, the key itself works/);
		expect(causes[0]!.snippets[0]!.text).toBe('unset OPENAI_ORG_ID OPENAI_ORGANIZATION');
	});

	test('a dead key the app does not use here is named at medium confidence, and said to be unused here', async () => {
		const {causes} = await causesFor({env: {OPENAI_API_KEY: good}, dotenv: stale, api: {keys: {[good]: {}}}});
		expect(causes[0]).toMatchObject({id: 'key-invalid', confidence: 'medium'});
		expect(causes[0]!.evidence.join('\n')).toContain('The app does not get this one from here, but whatever reads file:.env:1');
	});

	test('a proxy that gives no answer is medium confidence; a 407 beside it makes it high', async () => {
		const down = await causesFor({env: {OPENAI_API_KEY: good, HTTP_PROXY: 'http://127.0.0.1:3128'}, http: proxyDown});
		expect(down.causes.find(cause => cause.id === 'proxy-interference')).toMatchObject({confidence: 'medium'});
		const also407 = await causesFor({env: {OPENAI_API_KEY: good, HTTP_PROXY: 'http://127.0.0.1:3128'}, http: proxyDown, options: {errorText: 'httpcore.ProxyError: 407 Proxy Authentication Required'}});
		expect(also407.causes.find(cause => cause.id === 'proxy-interference')).toMatchObject({confidence: 'high'});
	});

	test('key-invalid names the key by fingerprint and source, and hands over the curl command', async () => {
		const {causes} = await causesFor({env: {OPENAI_API_KEY: stale}, api: {}});
		const evidence = causes[0]!.evidence.join('\n');
		expect(evidence).toContain(`sk-proj-…${stale.slice(-4)} (env:OPENAI_API_KEY)`);
		expect(evidence).toContain('401 invalid_api_key from OpenAI');
		expect(evidence).toMatch(/request id req_[0-9a-f]{32}/);
		expect(causes[0]!.snippets.map(snippet => snippet.text)).toContain(`curl ${loopback}/models -H "Authorization: Bearer $OPENAI_API_KEY"`);
	});

	test('app-uses-other-key waits when keys exist that the triage could not compare', async () => {
		const {facts} = await causesFor({env: {OPENAI_API_KEY: good}, options: {network: false, errorText: python(openAIMessages.incorrectKey(maskLikeOpenAI(elsewhere)), 'invalid_api_key')}});
		const containerKey = makeProjectKey(599);
		const withContainer: Facts = {...facts, keys: [...facts.keys, {secret: new Secret(containerKey), observations: [], live: 'untested'}]};
		expect(diagnose(withContainer, liveApiRules).map(cause => cause.id)).not.toContain('app-uses-other-key');
	});
});
