import {describe, expect, test} from 'vitest';
import {maskLikeOpenAI} from '../../../source/core/keys/mask.js';
import {liveCheckProbe} from '../../../source/core/probes/live-check.js';
import type {Http, HttpRequest} from '../../../source/core/ports.js';
import {fakeApiHttp} from '../../helpers/fake-api-http.js';
import {makeAnthropicKey, makeAzureKey, makeProjectKey, makeServiceAccountKey, makeUserKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context, sighting} from '../../helpers/probe-context.js';

const good = makeProjectKey(101);
const stale = makeProjectKey(102);
const base = 'http://127.0.0.1:9/v1';

/** Asserts nothing the probe returns holds a key. */
function expectNoKey(outcome: unknown, ...keys: string[]) {
	const text = JSON.stringify(outcome);
	for (const key of keys) expect(text).not.toContain(key);
}

describe('live-check', () => {
	test('a working key: pass, the org and project it resolved to, OpenAI headers recognised', async () => {
		const http = fakeApiHttp({keys: {[good]: {organizationSlug: 'user-demo', projectId: 'proj_demo'}}});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.status).toBe('pass');
		expect(outcome.data!.keys).toEqual([expect.objectContaining({live: 'valid', status: 200, fromOpenAI: true, openaiOrganization: 'user-demo', openaiProject: 'proj_demo'})]);
		expect(outcome.summary).toContain('organization user-demo');
		expect(http.requests).toHaveLength(1);
		expect(http.requests[0]).toMatchObject({method: 'GET', url: `${base}/models`});
		expect(http.requests[0]!.headers.authorization).toBe(`Bearer ${good}`);
		expect(http.requests[0]!.headers['openai-organization']).toBeUndefined();
		expectNoKey(outcome, good);
	});

	test('a stale env key and a good .env key: each checked once, the stale one refused with its mask', async () => {
		const http = fakeApiHttp({keys: {[good]: {}}});
		const results = [sighting('env', [[stale, 'env:OPENAI_API_KEY']]), sighting('dotenv', [[good, 'file:.env:1'], [stale, 'file:.env.local:2']])];
		const outcome = await liveCheckProbe.run(context(makePorts({http}), results, {baseUrl: base}));
		expect(outcome.status).toBe('fail');
		const [first, second] = outcome.data!.keys;
		expect(first).toMatchObject({live: 'invalid', outcome: 'invalid-key', code: 'invalid_api_key', maskMatchesKey: true, sources: ['env:OPENAI_API_KEY', 'file:.env.local:2']});
		expect(second).toMatchObject({live: 'valid', sources: ['file:.env:1']});
		expect(http.requests).toHaveLength(2);
		expectNoKey(outcome, good, stale, maskLikeOpenAI(stale));
	});

	test('OPENAI_ORG_ID that does not match: refused, then confirmed by a check without the header', async () => {
		const http = fakeApiHttp({keys: {[good]: {organizationId: 'org-right'}}});
		const ports = makePorts({http, env: {OPENAI_ORG_ID: 'org-wrong'}});
		const outcome = await liveCheckProbe.run(context(ports, [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.keys[0]).toMatchObject({outcome: 'org-mismatch', code: 'mismatched_organization', live: 'valid', headersSent: ['OpenAI-Organization'], withoutScopeHeaders: {live: 'valid', status: 200}});
		expect(http.requests.map(request => request.headers['openai-organization'])).toEqual(['org-wrong', undefined]);
		expect(outcome.details!.join('\n')).toMatch(/Without the OpenAI-Organization header: 200/);
	});

	test.each([
		['both wrong', 'org-wrong', 'proj_other', ['org-mismatch', 'project-mismatch'], [['org-wrong', 'proj_other'], [undefined, 'proj_other'], [undefined, undefined]]],
		['only the organization wrong', 'org-wrong', 'proj_right', ['org-mismatch'], [['org-wrong', 'proj_right'], [undefined, 'proj_right']]],
		['only the project wrong', 'org-right', 'proj_other', ['project-mismatch'], [['org-right', 'proj_other'], ['org-right', undefined]]],
	] as const)('OPENAI_ORG_ID and OPENAI_PROJECT_ID, %s: each header to blame is found on its own', async (_name, org, project, faults, sent) => {
		const http = fakeApiHttp({keys: {[good]: {organizationId: 'org-right', projectId: 'proj_right'}}});
		const ports = makePorts({http, env: {OPENAI_ORG_ID: org, OPENAI_PROJECT_ID: project}});
		const outcome = await liveCheckProbe.run(context(ports, [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]).toMatchObject({live: 'valid', headerFaults: faults, withoutScopeHeaders: {live: 'valid'}});
		expect(http.requests.map(request => [request.headers['openai-organization'], request.headers['openai-project']])).toEqual(sent);
	});

	test('OPENAI_PROJECT_ID that does not match', async () => {
		const http = fakeApiHttp({keys: {[good]: {projectId: 'proj_right'}}});
		const outcome = await liveCheckProbe.run(context(makePorts({http, env: {OPENAI_PROJECT_ID: 'proj_other'}}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]).toMatchObject({outcome: 'project-mismatch', withoutScopeHeaders: {live: 'valid'}});
	});

	test.each([
		['no models-read, no model calls', ['model.request'].slice(1), false],
		['no models-read, but model calls allowed', ['model.request'], true],
	])('a restricted key (%s): valid, 403 on /models, and a free request says whether it may call models', async (_name, scopes, allowed) => {
		const http = fakeApiHttp({keys: {[good]: {behaviour: 'restricted', scopes}}});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.status).toBe('warn');
		expect(outcome.data!.keys[0]).toMatchObject({live: 'valid', outcome: 'restricted', status: 403, missingScopes: ['api.model.read'], inference: {allowed}});
		expect(http.requests[1]).toMatchObject({method: 'POST', url: `${base}/chat/completions`, body: '{}'});
	});

	test.each([
		['revoked', 'invalid-key', 'invalid_api_key'],
		['no-organization', 'no-organization', 'no_organization'],
		['deactivated', 'account-deactivated', 'account_deactivated'],
		['ip-not-authorized', 'ip-not-authorized', 'ip_not_authorized'],
	] as const)('%s → %s', async (behaviour, outcome, code) => {
		const http = fakeApiHttp({keys: {[good]: {behaviour}}});
		const result = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(result.status).toBe('fail');
		expect(result.data!.keys[0]).toMatchObject({live: 'invalid', outcome, code, fromOpenAI: true});
	});

	test('quota on every endpoint: the key works, the account is out of credit', async () => {
		const http = fakeApiHttp({keys: {[good]: {behaviour: 'quota', quotaOn: 'all'}}});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.status).toBe('warn');
		expect(outcome.data!.keys[0]).toMatchObject({live: 'valid', outcome: 'quota-exceeded', status: 429});
	});

	test('a session token: invalid_issuer', async () => {
		const token = `eyJ${'a'.repeat(20)}.eyJ${'b'.repeat(30)}.${'c'.repeat(40)}`;
		const http = fakeApiHttp({});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[token, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]).toMatchObject({live: 'invalid', outcome: 'invalid-issuer'});
	});

	test('a gateway’s foreign 401 is told apart from OpenAI’s', async () => {
		const http = fakeApiHttp({flavour: 'gateway', gatewayBody: 'html'});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]).toMatchObject({live: 'invalid', origin: 'gateway', fromOpenAI: false, outcome: 'rejected-elsewhere', bodyShape: 'html'});
		expect(outcome.summary).toContain('not from OpenAI');
	});

	test('Azure: the api-key header against the deployments list, with an api-version', async () => {
		const azureKey = makeAzureKey(7);
		const http = fakeApiHttp({flavour: 'azure', keys: {[azureKey]: {}}});
		const ports = makePorts({http, env: {AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:9', AZURE_OPENAI_API_KEY: azureKey}});
		const results = [sighting('env', [[azureKey, 'env:AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY'], [good, 'env:OPENAI_API_KEY']])];
		const outcome = await liveCheckProbe.run(context(ports, results, {baseUrl: 'http://127.0.0.1:9'}));
		const [azure, openai] = outcome.data!.keys;
		expect(azure).toMatchObject({mode: 'azure', live: 'valid', origin: 'azure'});
		expect(openai).toMatchObject({mode: 'azure', live: 'invalid', outcome: 'azure-denied'});
		expect(http.requests[0]!.url).toBe('http://127.0.0.1:9/openai/deployments?api-version=2023-03-15-preview');
		expect(http.requests[0]!.headers['api-key']).toBe(azureKey);
		expect(http.requests[0]!.headers.authorization).toBeUndefined();
		expect(outcome.data!.curlCommand).toBe(`curl 'http://127.0.0.1:9/openai/deployments?api-version=2023-03-15-preview' -H "api-key: $AZURE_OPENAI_API_KEY"`);
	});

	test('an Azure-only key is not sent to a base URL that is not its endpoint', async () => {
		const http = fakeApiHttp({});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[makeAzureKey(8), 'env:AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.status).toBe('skip');
		expect(http.requests).toHaveLength(0);
	});

	test('an Azure-only key goes to AZURE_OPENAI_ENDPOINT the way the Azure client sends it, while OpenAI keys keep the base URL', async () => {
		const azureKey = makeAzureKey(9);
		const http = fakeApiHttp({flavour: 'azure', keys: {[azureKey]: {}}});
		const ports = makePorts({http, env: {AZURE_OPENAI_ENDPOINT: 'http://127.0.0.2:9/', AZURE_OPENAI_API_KEY: azureKey, OPENAI_API_VERSION: '2024-10-21'}});
		const outcome = await liveCheckProbe.run(context(ports, [sighting('env', [[azureKey, 'env:AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]).toMatchObject({mode: 'azure', live: 'valid', url: 'http://127.0.0.2:9/openai/deployments?api-version=2023-03-15-preview'});
		expect(outcome.data!.azureEndpoint).toBe('http://127.0.0.2:9');
		expect(http.requests.map(request => [request.url, request.headers['api-key'] === azureKey, request.headers.authorization])).toEqual([
			['http://127.0.0.2:9/openai/deployments?api-version=2023-03-15-preview', true, undefined],
		]);
		expect(outcome.summary).toMatch(/works against 127\.0\.0\.2/);
	});

	test('with an explicit --base-url elsewhere, an Azure-only key is not sent to AZURE_OPENAI_ENDPOINT (the user named where keys go)', async () => {
		const azureKey = makeAzureKey(11);
		const http = fakeApiHttp({flavour: 'azure', keys: {[azureKey]: {}}});
		const ports = makePorts({http, env: {AZURE_OPENAI_ENDPOINT: 'http://127.0.0.2:9', AZURE_OPENAI_API_KEY: azureKey}});
		const outcome = await liveCheckProbe.run(context(ports, [sighting('env', [[azureKey, 'env:AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']])], {baseUrl: base, baseUrlSource: 'flag'}));
		expect(outcome.data!.keys[0]).toMatchObject({live: 'untested', untestedReason: expect.stringContaining('--base-url')});
		expect(http.requests).toHaveLength(0);
	});

	test('an AZURE_OPENAI_ENDPOINT that is plain http to another machine gets no key', async () => {
		const http = fakeApiHttp({});
		const ports = makePorts({http, env: {AZURE_OPENAI_ENDPOINT: 'http://10.1.2.3', AZURE_OPENAI_API_KEY: makeAzureKey(10)}});
		const outcome = await liveCheckProbe.run(context(ports, [sighting('env', [[makeAzureKey(10), 'env:AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]).toMatchObject({live: 'untested', untestedReason: expect.stringContaining('AZURE_OPENAI_ENDPOINT is refused')});
		expect(outcome.data!.azureEndpointRefused).toMatchObject({reason: 'plain-http'});
		expect(http.requests).toHaveLength(0);
	});

	test('an Azure resource key kept in OPENAI_API_KEY (AzureOpenAI(api_key=…)) is checked at AZURE_OPENAI_ENDPOINT, never at OpenAI', async () => {
		const azureKey = makeAzureKey(12);
		const http = fakeApiHttp({flavour: 'azure', keys: {[azureKey]: {}}});
		const ports = makePorts({http, env: {AZURE_OPENAI_ENDPOINT: 'http://127.0.0.2:9', OPENAI_API_KEY: azureKey}});
		const outcome = await liveCheckProbe.run(context(ports, [sighting('env', [[azureKey, 'env:OPENAI_API_KEY']])], {baseUrl: 'https://api.openai.com/v1'}));
		expect(outcome.data!.keys[0]).toMatchObject({mode: 'azure', live: 'valid'});
		expect(http.requests.map(request => new URL(request.url).host)).toEqual(['127.0.0.2:9']);
	});

	test('another provider’s key is never sent to api.openai.com, but is sent to a gateway', async () => {
		const anthropic = makeAnthropicKey(3);
		const http = fakeApiHttp({});
		const toOpenAI = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[anthropic, 'env:OPENAI_API_KEY']])], {baseUrl: 'https://api.openai.com/v1'}));
		expect(toOpenAI.data!.keys[0]).toMatchObject({live: 'untested', untestedReason: expect.stringContaining('Anthropic')});
		expect(http.requests).toHaveLength(0);
		await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[anthropic, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(http.requests).toHaveLength(1);
	});

	test('--no-network: nothing is sent, the copyable command is given', async () => {
		const http = fakeApiHttp({keys: {[good]: {}}});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {network: false}));
		expect(outcome.status).toBe('skip');
		expect(outcome.summary).toContain('curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"');
		expect(outcome.data!.keys[0]!.live).toBe('untested');
		expect(http.requests).toHaveLength(0);
	});

	test.each([
		['http://api.example.com/v1', 'fail', 'plain-http'],
		['http://10.1.2.3:8000/v1', 'fail', 'plain-http'],
		['ftp://api.openai.com/v1', 'fail', 'scheme'],
		['not a url', 'error', 'malformed'],
	] as const)('base URL %s: refused, no request at all', async (baseUrl, status, reason) => {
		const http = fakeApiHttp({keys: {[good]: {}}});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl}));
		expect(outcome.status).toBe(status);
		expect(outcome.data!.unsafeBaseUrl?.reason).toBe(reason);
		expect(outcome.summary).toContain('No key was sent');
		expect(http.requests).toHaveLength(0);
	});

	test('network failures: error, every key unreachable', async () => {
		const http: Http = async () => ({ok: false, failure: 'dns', message: 'Could not resolve api.openai.com (DNS lookup failed).', durationMs: 2});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[good, 'env:OPENAI_API_KEY']]), sighting('dotenv', [[stale, 'file:.env:1']])]));
		expect(outcome.status).toBe('error');
		expect(outcome.data!.networkUnreachable).toBe(true);
		expect(outcome.data!.keys.map(key => key.live)).toEqual(['error', 'error']);
		expect(outcome.summary).toContain('DNS');
	});

	test('a key with a trailing newline: the client refuses the header; the key without it is tried and works', async () => {
		const http = fakeApiHttp({keys: {[good]: {}}});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('dotenv', [[`${good}\n`, 'file:.env:1']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'invalid-header', trimmedKey: {live: 'valid', status: 200}});
		expect(outcome.details!.join('\n')).toContain('Without its surrounding whitespace: 200 (the key works)');
		// The API answered: a refused header is no sign of an unreachable network.
		expect(outcome.data!.networkUnreachable).toBe(false);
		expectNoKey(outcome, good);
	});

	test('a refused header with no retry possible is not a network failure either', async () => {
		const http: Http = async () => ({ok: false, failure: 'invalid-header', message: 'The HTTP client refused to send the key as a header.', durationMs: 1});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[`${good.slice(0, 40)}\u00a0${good.slice(40)}`, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'invalid-header'});
		expect(outcome.data!.networkUnreachable).toBe(false);
	});

	test('a newline key whose trimmed retry also gets no answer: the network is unreachable', async () => {
		const http: Http = async request =>
			/[\r\n]/.test(request.headers.authorization ?? '')
				? {ok: false, failure: 'invalid-header', message: 'The HTTP client refused to send the key as a header.', durationMs: 1}
				: {ok: false, failure: 'refused', message: '127.0.0.1:9 refused the connection.', durationMs: 1};
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[`${good}\n`, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]!.trimmedKey).toMatchObject({failure: 'refused'});
		expect(outcome.data!.networkUnreachable).toBe(true);
	});

	test('a proxy’s 407 to CONNECT (reported by the client as a failure) is read as the proxy’s answer', async () => {
		const http: Http = async () => ({ok: false, failure: 'proxy', message: 'The proxy could not be used (Proxy response (407) !== 200 when HTTP Tunneling).', durationMs: 1, proxy: 'http://proxy.corp:3128'});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])]));
		expect(outcome.data!.keys[0]).toMatchObject({status: 407, outcome: 'proxy-auth', origin: 'proxy', live: 'error', proxy: 'http://proxy.corp:3128'});
		expect(outcome.data!.networkUnreachable).toBe(false);
		expect(outcome.details!.join('\n')).toContain('Requests went through the proxy http://proxy.corp:3128.');
	});

	test('the legacy OPENAI_ORGANIZATION (LangChain) is tried once with a working key', async () => {
		const http = fakeApiHttp({keys: {[good]: {organizationId: 'org-current'}}});
		const outcome = await liveCheckProbe.run(context(makePorts({http, env: {OPENAI_ORGANIZATION: 'org-from-2023'}}), [sighting('env', [[good, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]!.outcome).toBe('valid');
		expect(outcome.data!.legacyOrganization).toMatchObject({organization: 'org-from-2023', live: 'invalid', outcome: 'org-mismatch'});
		expect(http.requests).toHaveLength(2);
	});

	test('no key found: skip, nothing sent', async () => {
		const http = fakeApiHttp({});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [])]));
		expect(outcome.status).toBe('skip');
		expect(http.requests).toHaveLength(0);
	});

	test('a few keys in flight at once, never all of them', async () => {
		let inFlight = 0;
		let most = 0;
		const answer = fakeApiHttp({});
		const http: Http = async (request: HttpRequest) => {
			most = Math.max(most, ++inFlight);
			await new Promise(resolve => setTimeout(resolve, 15));
			inFlight--;
			return answer(request);
		};

		const keys = [makeProjectKey(1), makeProjectKey(2), makeUserKey(3), makeServiceAccountKey(4), makeProjectKey(5), makeProjectKey(6), makeUserKey(7)];
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', keys.map((key, index) => [key, `file:.env:${index + 1}`]))], {baseUrl: base}));
		expect(outcome.data!.keys).toHaveLength(7);
		expect(most).toBeGreaterThan(1);
		expect(most).toBeLessThanOrEqual(4);
	});

	test('a server that never answers: the probe ends within its time limit, with a result', async () => {
		const http: Http = request =>
			new Promise(resolve => {
				const timer = setTimeout(() => resolve({ok: false, failure: 'timeout', message: `did not answer within ${request.timeoutMs} ms`, durationMs: request.timeoutMs}), request.timeoutMs);
				request.signal?.addEventListener('abort', () => clearTimeout(timer));
			});
		const started = performance.now();
		const keys = [makeProjectKey(11), makeProjectKey(12), makeProjectKey(13), makeProjectKey(14), makeProjectKey(15)];
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', keys.map((key, index) => [key, `file:.env:${index + 1}`]))], {baseUrl: base, timeoutMs: 400}));
		expect(performance.now() - started).toBeLessThan(400);
		expect(outcome.status).toBe('error');
		expect(outcome.data!.keys.filter(key => key.failure === 'timeout')).toHaveLength(4);
		expect(outcome.data!.keys[4]).toMatchObject({live: 'untested', untestedReason: expect.stringContaining('time limit')});
	});
});

describe('live-check: a key found only under a misnamed variable', () => {
	test.each([
		['a working key: renaming helps', {keys: {}} as const, 'valid'],
		['a dead key: renaming alone will not', {} as const, 'invalid'],
	])('%s', async (_name, api, live) => {
		const misnamed = makeProjectKey(151);
		const http = fakeApiHttp(live === 'valid' ? {keys: {[misnamed]: {}}} : api);
		const results = [sighting('env', []), sighting('misnamed-vars', [[misnamed, 'env:OPENAI_KEY', 'OPENAI_KEY']])];
		const outcome = await liveCheckProbe.run(context(makePorts({http}), results, {baseUrl: base}));
		expect(liveCheckProbe.needs).toContain('misnamed-vars');
		expect(outcome.summary).not.toBe('No key found to test.');
		expect(outcome.data!.keys).toEqual([expect.objectContaining({live, variables: ['OPENAI_KEY'], sources: ['env:OPENAI_KEY']})]);
		expect(http.requests).toHaveLength(1);
		expectNoKey(outcome, misnamed);
	});

	test('beside a key under OPENAI_API_KEY, only that one is sent', async () => {
		const http = fakeApiHttp({keys: {[good]: {}}});
		const results = [sighting('env', [[good, 'env:OPENAI_API_KEY']]), sighting('misnamed-vars', [[stale, 'env:OPENAI_KEY', 'OPENAI_KEY']])];
		const outcome = await liveCheckProbe.run(context(makePorts({http}), results, {baseUrl: base}));
		expect(outcome.data!.keys.map(key => key.sources)).toEqual([['env:OPENAI_API_KEY']]);
	});

	test('a key with a literal \\n at its end: the API names the key sent, nothing in between replaced it', async () => {
		const literal = `${makeProjectKey(152)}\\n`;
		const http = fakeApiHttp({});
		const outcome = await liveCheckProbe.run(context(makePorts({http}), [sighting('env', [[literal, 'env:OPENAI_API_KEY']])], {baseUrl: base}));
		expect(outcome.data!.keys[0]).toMatchObject({outcome: 'invalid-key', maskMatchesKey: true});
		expect(outcome.details!.join('\n')).not.toContain('something in between replaced it');
	});
});

describe('live-check: at most 10 distinct keys per run', () => {
	test('30 keys in .env files: 10 sent, the app’s key (the environment’s), the .env key its loader reads and the one the error names among them; the rest untested with the reason', async () => {
		const many = Array.from({length: 30}, (_, index) => makeProjectKey(5000 + index * 2));
		const envKey = makeProjectKey(4999);
		const named = many[27]!;
		const http = fakeApiHttp({keys: {}});
		const results = [
			sighting('env', [[envKey, 'env:OPENAI_API_KEY']]),
			sighting('dotenv', many.map((value, index) => [value, `file:.env.${index}:1`] as [string, string])),
		];
		const error = `Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${maskLikeOpenAI(named)}. You can find your API key at https://platform.openai.com/account/api-keys.', 'code': 'invalid_api_key'}}`;
		const outcome = await liveCheckProbe.run(context(makePorts({http}), results, {baseUrl: base, errorText: error}));
		const sentKeys = new Set(http.requests.map(request => request.headers.authorization!.slice('Bearer '.length)));
		expect(sentKeys.size).toBe(10);
		expect(sentKeys.has(envKey)).toBe(true);
		expect(sentKeys.has(named)).toBe(true);
		expect(outcome.data!.keys).toHaveLength(31);
		const untested = outcome.data!.keys.filter(key => key.live === 'untested');
		expect(untested).toHaveLength(21);
		for (const key of untested) expect(key.untestedReason).toMatch(/only 10 distinct keys are checked per run, the app's key and its rivals first/);
		expect(outcome.data!.notChecked).toBe(21);
		expect(outcome.details!.join('\n')).toContain('21 more keys were found and not checked');
		expectNoKey(outcome, envKey, ...many);
	});
});
