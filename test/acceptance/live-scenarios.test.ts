import {execFileSync} from 'node:child_process';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeAzureKey, makeJwt, makeOpenRouterKey, makeProjectKey, makeServiceAccountKey, makeUserKey} from '../helpers/fake-keys.js';
import {cleanUp, expectCauses, expectKeysOnlyInAuth, expectNoLeak, expectProxyOnlyToward, keyEntry, runCli, runTextReport, type Run} from './live-harness.js';
import {closedPort, openAIMask, startForwardProxy, startStandIn, texts, type ForwardProxy, type ForwardProxyOptions, type StandIn, type StandInOptions} from './openai-stand-in.js';

/**
 * Acceptance: realistic setups through the built CLI's `--json` against an independent
 * loopback stand-in of the OpenAI API (and of gateways, Azure, proxies): the causes of
 * step 3 and 4, verdicts and exit codes, `keys[].live` and `keys[].matchesError`, no key
 * ever printed, and no key ever sent anywhere but the base URL's host, in its header.
 */

const good = makeProjectKey(4001);
const goodUser = makeUserKey(4003);
const stale = makeProjectKey(4005);
const serviceAccount = makeServiceAccountKey(4007);
const azureKey = makeAzureKey(4009);
const otherAzureKey = makeAzureKey(4010);
const jwt = makeJwt('https://auth.openai.com', 4011);
const openRouter = makeOpenRouterKey(4013);
const allKeys = [good, goodUser, stale, serviceAccount, azureKey, otherAzureKey, jwt, openRouter];

const organization = 'org-GoodOrg1234567890abcdefg';
const project = 'proj_Good1234567890abcdefgh';
const account = {organization, organizationSlug: 'acme-ai', project};

const servers: Array<StandIn | ForwardProxy> = [];

async function serve(options: StandInOptions = {}): Promise<StandIn> {
	const standIn = await startStandIn(options);
	servers.push(standIn);
	return standIn;
}

async function proxy(mode: 'require-auth' | 'forward', targets: string[] = [], options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
	const started = await startForwardProxy(mode, targets, options);
	servers.push(started);
	return started;
}

/** A test CA and a certificate for api.openai.com signed by it (openssl), so a TLS stand-in can play the API behind a proxy. */
let apiCertificate: {server: {key: string; cert: string}; caFile: string; folder: string} | undefined;
beforeAll(() => {
	try {
		const folder = mkdtempSync(path.join(tmpdir(), 'kw-ca-'));
		const file = (name: string) => path.join(folder, name);
		const openssl = (...args: string[]) => execFileSync('openssl', args, {stdio: 'ignore'});
		openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '1', '-subj', '/CN=key-wizard test CA');
		openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=api.openai.com');
		writeFileSync(file('ext.cnf'), 'subjectAltName=DNS:api.openai.com\n');
		openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '1', '-extfile', file('ext.cnf'));
		apiCertificate = {server: {key: readFileSync(file('server.key'), 'utf8'), cert: readFileSync(file('server.pem'), 'utf8')}, caFile: file('ca.pem'), folder};
	} catch {
		apiCertificate = undefined;
	}
});

/** The CLI (and its curl) trust the test CA. */
const trustApiCertificate = () => ({NODE_EXTRA_CA_CERTS: apiCertificate!.caFile, CURL_CA_BUNDLE: apiCertificate!.caFile});
const apiViaProxy = 'api.openai.com:443';

afterAll(async () => {
	await Promise.all(servers.map(server => server.close()));
	await cleanUp();
	if (apiCertificate) rmSync(apiCertificate.folder, {recursive: true, force: true});
});

/** What every scenario must hold: no key printed, keys only in the auth header of requests to the base URL's host. */
function expectSafe(run: Run, standIns: StandIn[], mode: 'openai' | 'azure' | 'either' = 'either'): void {
	expectNoLeak(run, allKeys);
	for (const standIn of standIns) expectKeysOnlyInAuth(standIn, allKeys, mode);
	expect(run.report.schemaVersion).toBe(1);
}

/** The live check's own requests (curl's are recorded too; they carry curl's user agent). */
function liveRequests(standIn: StandIn) {
	return standIn.requests.filter(request => request.headers['user-agent'] === 'key-wizard');
}

function verdict(run: Run, expected: 'ok' | 'problem' | 'inconclusive', exitCode: 0 | 1 | 3): void {
	expect({verdict: run.report.verdict, exitCode: run.exitCode, causes: run.ids}).toMatchObject({verdict: expected, exitCode});
}

const pythonError = (status: number, message: string, code: string | null, type = 'invalid_request_error') =>
	`openai.AuthenticationError: Error code: ${status} - {'error': {'message': '${message.replace(/'/g, "\\'")}', 'type': '${type}', 'param': None, 'code': ${code === null ? 'None' : `'${code}'`}}}`;
const jsonBody = (message: string, code: string | null) => JSON.stringify({error: {message, type: 'invalid_request_error', param: null, code}}, null, 4);

describe('healthy setups: no cause', () => {
	it('a valid project key: verdict ok, exit 0, live valid', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		verdict(run, 'ok', 0);
		expect(run.ids).toEqual([]);
		expect(keyEntry(run, good)).toMatchObject({live: 'valid', kind: 'project', sources: ['env:OPENAI_API_KEY']});
		expect(keyEntry(run, good).matchesError).toBeUndefined();
		expect(liveRequests(api).map(request => `${request.method} ${request.url}`)).toEqual(['GET /v1/models']);
		expect(run.report.probes.find(probe => probe.id === 'live-check')?.summary).toContain('acme-ai');
		expectSafe(run, [api], 'openai');
	});

	it('a valid key with OPENAI_ORG_ID and OPENAI_PROJECT_ID matching it: no cause, both headers sent', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: organization, OPENAI_PROJECT_ID: project}, baseUrl: api.baseUrl});
		verdict(run, 'ok', 0);
		const [first] = liveRequests(api);
		expect(first?.headers).toMatchObject({'openai-organization': organization, 'openai-project': project});
		expectSafe(run, [api], 'openai');
	});

	it('a legacy user key and a service-account key, both valid: ok', async () => {
		const api = await serve({accounts: {[goodUser]: account, [serviceAccount]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: serviceAccount}, files: {'.env': `OPENAI_API_KEY=${serviceAccount}\n`}, baseUrl: api.baseUrl});
		verdict(run, 'ok', 0);
		expect(keyEntry(run, serviceAccount).live).toBe('valid');
		const second = await runCli({env: {OPENAI_API_KEY: goodUser}, baseUrl: api.baseUrl});
		verdict(second, 'ok', 0);
		expect(keyEntry(second, goodUser)).toMatchObject({live: 'valid', kind: 'user'});
		expectSafe(run, [api]);
		expectSafe(second, [api]);
	});

	it('http_proxy written host:port and a plain-http loopback base URL: checked directly, the proxy on 127.0.0.2 gets not one connection', async () => {
		const api = await serve({accounts: {[good]: account}});
		const trap = await proxy('forward', [api.host], {host: '127.0.0.2'});
		const hostPort = `127.0.0.2:${trap.port}`;
		const run = await runCli({env: {OPENAI_API_KEY: good, http_proxy: hostPort, HTTP_PROXY: hostPort, ALL_PROXY: hostPort}, baseUrl: api.baseUrl});
		verdict(run, 'ok', 0);
		expect(trap.connections).toBe(0);
		expect(trap.records).toEqual([]);
		// Both the live check and the real curl asked the stand-in directly.
		expect(api.requests.length).toBeGreaterThanOrEqual(liveRequests(api).length);
		expect(liveRequests(api)).toHaveLength(1);
		expect(run.report.probes.find(probe => probe.id === 'endpoint')?.status).toBe('pass');
		expectSafe(run, [api], 'openai');
	});

	it('a working proxy in HTTPS_PROXY written host:port (curl reads it as http://): api.openai.com reached only through CONNECT, no cause', async () => {
		const api = await serve({accounts: {[good]: account}, tls: apiCertificate!.server});
		const forward = await proxy('forward', ['api.openai.com:443'], {host: '127.0.0.2', routes: {'api.openai.com:443': api.host}});
		const run = await runCli({env: {OPENAI_API_KEY: good, HTTPS_PROXY: `127.0.0.2:${forward.port}`, ...trustApiCertificate()}, baseUrl: null});
		verdict(run, 'ok', 0);
		expect(new Set(forward.records.map(record => `${record.method} ${record.target}`))).toEqual(new Set(['CONNECT api.openai.com:443']));
		for (const record of forward.records) for (const key of allKeys) expect(JSON.stringify(record.headers)).not.toContain(key.slice(8, 30));
		expect(api.requests.length).toBeGreaterThanOrEqual(1);
		for (const request of api.requests) expect(request.headers.host).toBe('api.openai.com');
		expect(run.report.probes.find(probe => probe.id === 'endpoint')?.summary).toContain(`requests go through the proxy http://127.0.0.2:${forward.port}`);
		expect(run.report.probes.find(probe => probe.id === 'curl')?.status).toBe('pass');
		expectNoLeak(run, allKeys);
	});

	it('NO_PROXY lists the loopback host: the 407 proxy is bypassed and never sees a request', async () => {
		const api = await serve({accounts: {[good]: account}});
		const guard = await proxy('require-auth');
		const run = await runCli({env: {OPENAI_API_KEY: good, HTTP_PROXY: guard.url, http_proxy: guard.url, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost'}, baseUrl: api.baseUrl});
		verdict(run, 'ok', 0);
		expect(guard.connections).toBe(0);
		expectSafe(run, [api]);
	});

	it('HTTPS_PROXY alone does not apply to a plain-http loopback base URL', async () => {
		const api = await serve({accounts: {[good]: account}});
		const guard = await proxy('require-auth');
		const run = await runCli({env: {OPENAI_API_KEY: good, HTTPS_PROXY: guard.url, https_proxy: guard.url}, baseUrl: api.baseUrl});
		verdict(run, 'ok', 0);
		expect(guard.connections).toBe(0);
		expectSafe(run, [api]);
	});

	it('OPENAI_ORGANIZATION equal to OPENAI_ORG_ID: no legacy-env-vars', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: organization, OPENAI_ORGANIZATION: organization}, baseUrl: api.baseUrl});
		verdict(run, 'ok', 0);
		expectSafe(run, [api]);
	});

	it('OPENAI_BASE_URL instead of --base-url: the same healthy answer', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_BASE_URL: api.baseUrl}, baseUrl: null});
		verdict(run, 'ok', 0);
		expect(liveRequests(api)).toHaveLength(1);
		expectSafe(run, [api]);
	});

	it('a healthy Azure setup (endpoint, key, api-version): ok, the key only in api-key', async () => {
		const api = await serve({flavour: 'azure', azureKeys: [azureKey]});
		const run = await runCli({
			env: {AZURE_OPENAI_API_KEY: azureKey, AZURE_OPENAI_ENDPOINT: `http://${api.host}`, OPENAI_API_VERSION: '2024-10-21'},
			baseUrl: `http://${api.host}`,
		});
		verdict(run, 'ok', 0);
		expect(run.ids).toEqual([]);
		expect(keyEntry(run, azureKey).live).toBe('valid');
		const [first] = liveRequests(api);
		expect(first?.headers.authorization).toBeUndefined();
		expect(first?.headers['api-key']).toBe(azureKey);
		expect(first?.url).toMatch(/\/openai\/deployments\?api-version=/);
		expectSafe(run, [api], 'azure');
	});

	it('a healthy Azure setup with no --base-url at all: the key is checked at AZURE_OPENAI_ENDPOINT, ok, no key-missing', async () => {
		const api = await serve({flavour: 'azure', azureKeys: [azureKey]});
		const run = await runCli({env: {AZURE_OPENAI_API_KEY: azureKey, AZURE_OPENAI_ENDPOINT: `http://${api.host}/`, OPENAI_API_VERSION: '2024-10-21'}, baseUrl: null});
		verdict(run, 'ok', 0);
		expect(run.ids).toEqual([]);
		expect(keyEntry(run, azureKey).live).toBe('valid');
		expect(liveRequests(api).map(request => request.url)).toEqual([expect.stringMatching(/^\/openai\/deployments\?api-version=/)]);
		expectSafe(run, [api], 'azure');
	});

	it('Azure through AZURE_OPENAI_ENDPOINT beside an OpenAI-style /v1 base URL: the deployments list at the endpoint', async () => {
		const api = await serve({flavour: 'azure', azureKeys: [azureKey]});
		const run = await runCli({env: {AZURE_OPENAI_API_KEY: azureKey, AZURE_OPENAI_ENDPOINT: `http://${api.host}/`, OPENAI_API_VERSION: '2024-10-21'}, baseUrl: api.baseUrl});
		expect(keyEntry(run, azureKey).live).toBe('valid');
		expect(liveRequests(api).map(request => request.url)).toEqual([expect.stringMatching(/^\/openai\/deployments\?api-version=/)]);
		expectCauses(run, {exclude: ['azure-endpoint', 'base-url-mismatch']});
		expectSafe(run, [api], 'azure');
	});

	it('a restricted key that may still call models (403 on /models, 400 on inference): valid, no insufficient-scopes', async () => {
		const api = await serve({accounts: {[good]: {...account, state: 'restricted-may-infer'}}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		expect(keyEntry(run, good).live).toBe('valid');
		expectCauses(run, {exclude: ['insufficient-scopes', 'key-invalid']});
		verdict(run, 'ok', 0);
		expectSafe(run, [api], 'openai');
	});
});

describe('what the API says (step 3)', () => {
	it('key-invalid: a well-formed key the API does not know, named first', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: stale}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['key-invalid'], top: 'key-invalid', exclude: ['base-url-mismatch', 'proxy-interference', 'network-unreachable']});
		expect(keyEntry(run, stale).live).toBe('invalid');
		expectSafe(run, [api], 'openai');
	});

	it('key-invalid when the 401 carries only content-type and x-request-id (as captured)', async () => {
		const api = await serve({flavour: 'openai-bare-401', accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: stale}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['key-invalid'], top: 'key-invalid', exclude: ['base-url-mismatch', 'proxy-interference']});
		expectSafe(run, [api], 'openai');
	});

	it('key-invalid for a dead key in .env beside a good env key: medium, the good key still valid', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, files: {'.env': `OPENAI_API_KEY=${stale}\n`}, baseUrl: api.baseUrl});
		expect(keyEntry(run, good).live).toBe('valid');
		expect(keyEntry(run, stale).live).toBe('invalid');
		expectCauses(run, {include: ['key-invalid']});
		expect(run.report.causes.find(cause => cause.id === 'key-invalid')?.confidence).toBe('medium');
		verdict(run, 'problem', 1);
		expectSafe(run, [api], 'openai');
	});

	it('org-mismatch: OPENAI_ORG_ID names another organization; the key itself works without it', async () => {
		const api = await serve({accounts: {[good]: account}, organizations: ['org-Other000000000000000000']});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-Other000000000000000000'}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['org-mismatch'], top: 'org-mismatch', exclude: ['key-invalid']});
		const sent = liveRequests(api);
		expect(sent[0]?.headers['openai-organization']).toBe('org-Other000000000000000000');
		expect(sent.some(request => request.headers['openai-organization'] === undefined)).toBe(true);
		expectSafe(run, [api], 'openai');
	});

	it('org-mismatch from invalid_organization (an org id that does not exist, empty message)', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'Personal'}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['org-mismatch'], top: 'org-mismatch', exclude: ['key-invalid']});
		expectSafe(run, [api], 'openai');
	});

	it('project-mismatch: OPENAI_PROJECT_ID names another project', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_PROJECT_ID: 'proj_Other00000000000000000'}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['project-mismatch'], top: 'project-mismatch', exclude: ['key-invalid', 'org-mismatch']});
		expectSafe(run, [api], 'openai');
	});

	it('no-organization', async () => {
		const api = await serve({accounts: {[good]: {...account, state: 'no-organization'}}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['no-organization'], top: 'no-organization', exclude: ['key-invalid']});
		expect(keyEntry(run, good).live).toBe('invalid');
		expectSafe(run, [api], 'openai');
	});

	it('account-deactivated', async () => {
		const api = await serve({accounts: {[good]: {...account, state: 'deactivated'}}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['account-deactivated'], top: 'account-deactivated', exclude: ['key-invalid']});
		expectSafe(run, [api], 'openai');
	});

	it('ip-not-authorized, by its code (the message text is not OpenAI-captured)', async () => {
		const api = await serve({accounts: {[good]: {...account, state: 'ip-blocked'}}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['ip-not-authorized'], top: 'ip-not-authorized', exclude: ['key-invalid']});
		expectSafe(run, [api], 'openai');
	});

	it('insufficient-scopes: 403 with a string error on /models and no inference either; the key is valid', async () => {
		const api = await serve({accounts: {[good]: {...account, state: 'restricted'}}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['insufficient-scopes'], top: 'insufficient-scopes', exclude: ['key-invalid', 'base-url-mismatch', 'proxy-interference']});
		expect(keyEntry(run, good).live).toBe('valid');
		expectSafe(run, [api], 'openai');
	});

	it('quota-exceeded: 429 insufficient_quota on /models; the key is valid', async () => {
		const api = await serve({accounts: {[good]: {...account, state: 'quota-everywhere'}}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['quota-exceeded'], top: 'quota-exceeded', exclude: ['key-invalid']});
		expect(keyEntry(run, good).live).toBe('valid');
		expectSafe(run, [api], 'openai');
	});

	it('quota-exceeded from the app’s python error while /models works', async () => {
		const api = await serve({accounts: {[good]: {...account, state: 'quota-on-inference'}}});
		const error = `openai.RateLimitError: Error code: 429 - {'error': {'message': '${texts.quota}', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}`;
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['quota-exceeded'], top: 'quota-exceeded', exclude: ['key-invalid', 'app-uses-other-key']});
		expectSafe(run, [api], 'openai');
	});

	it('key-jwt from invalid_issuer: a session token in OPENAI_API_KEY', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: jwt}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['key-jwt'], exclude: ['key-invalid', 'base-url-mismatch']});
		expectSafe(run, [api], 'openai');
	});

	it('key-jwt from the app’s invalid_issuer error alone (node form)', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error: `AuthenticationError: 401 ${texts.invalidIssuer}`});
		expectCauses(run, {include: ['key-jwt']});
		verdict(run, 'problem', 1);
		expectSafe(run, [api], 'openai');
	});

	it('network-unreachable alone: a closed port → inconclusive, exit 3', async () => {
		const port = await closedPort();
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: `http://127.0.0.1:${port}/v1`});
		verdict(run, 'inconclusive', 3);
		expect(run.ids).toEqual(['network-unreachable']);
		expect(keyEntry(run, good).live).toBe('error');
		expectSafe(run, []);
	});

	it('unsafe-base-url: plain http to another host sends nothing, through no proxy and to no server', async () => {
		const trap = await proxy('forward', []);
		const run = await runCli({
			env: {OPENAI_API_KEY: good, HTTP_PROXY: trap.url, http_proxy: trap.url, HTTPS_PROXY: trap.url, https_proxy: trap.url, ALL_PROXY: trap.url},
			baseUrl: 'http://llm-gateway.corp.example:8080/v1',
		});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['unsafe-base-url'], top: 'unsafe-base-url', exclude: ['network-unreachable', 'key-invalid']});
		expect(trap.connections).toBe(0);
		expect(keyEntry(run, good).live).toBe('untested');
		expectSafe(run, []);
	});

	it('unsafe-base-url from OPENAI_BASE_URL to a private address: nothing sent', async () => {
		const trap = await proxy('forward', []);
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_BASE_URL: 'http://10.20.30.40/v1', HTTP_PROXY: trap.url, http_proxy: trap.url}, baseUrl: null});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['unsafe-base-url'], top: 'unsafe-base-url'});
		expect(trap.connections).toBe(0);
		expectSafe(run, []);
	});

	it('500 from OpenAI: no verdict on the key, no cause, inconclusive', async () => {
		const api = await serve({flavour: 'openai-500'});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		expectCauses(run, {exclude: ['key-invalid', 'base-url-mismatch', 'proxy-interference']});
		expect(keyEntry(run, good).live).toBe('error');
		verdict(run, 'inconclusive', 3);
		expectSafe(run, [api], 'openai');
	});

	it('503 overloaded: inconclusive, the key not judged', async () => {
		const api = await serve({flavour: 'openai-503'});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		expect(keyEntry(run, good).live).toBe('error');
		expectCauses(run, {exclude: ['key-invalid']});
		verdict(run, 'inconclusive', 3);
		expectSafe(run, [api]);
	});

	it('a 502 HTML page from a CDN: not a verdict on the key', async () => {
		const api = await serve({flavour: 'cloudflare-502'});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		expect(keyEntry(run, good).live).toBe('error');
		expectCauses(run, {exclude: ['key-invalid']});
		expect(run.exitCode).not.toBe(0);
		expectSafe(run, [api]);
	});

	it('a redirect is not followed: the other server never hears of the key', async () => {
		const elsewhere = await serve({accounts: {[good]: account}});
		const api = await serve({flavour: 'redirect', redirectTo: `http://${elsewhere.host}/v1/models`});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		expect(elsewhere.connections).toBe(0);
		expect(keyEntry(run, good).live).not.toBe('valid');
		expect(run.exitCode).not.toBe(0);
		expectSafe(run, [api]);
	});
});

describe('gateways, proxies, Azure, legacy settings (step 4)', () => {
	it.each([
		['a relay’s JSON (authentication_error / api_key_invalid, its own request id)', 'gateway-json'],
		['an openresty HTML page', 'gateway-html'],
		['an empty body', 'gateway-empty'],
		['plain text', 'gateway-text'],
	] as const)('base-url-mismatch: a gateway at the base URL answers 401 with %s', async (_label, flavour) => {
		const api = await serve({flavour});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['base-url-mismatch'], exclude: ['key-invalid', 'network-unreachable']});
		expect(keyEntry(run, good).live).toBe('invalid');
		expectSafe(run, [api]);
	});

	it('base-url-mismatch from OPENAI_BASE_URL pointing at a gateway', async () => {
		const api = await serve({flavour: 'gateway-json'});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_BASE_URL: api.baseUrl}, baseUrl: null});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['base-url-mismatch'], exclude: ['key-invalid']});
		expectSafe(run, [api]);
	});

	it('base-url-mismatch from the app’s error alone: a relay’s body while the base URL is OpenAI (no network)', async () => {
		const trap = await proxy('forward', []);
		const run = await runCli({
			env: {OPENAI_API_KEY: good, HTTPS_PROXY: trap.url, https_proxy: trap.url},
			baseUrl: null,
			args: ['--no-network'],
			error: `AuthenticationError: 401 ${texts.gatewayJson}`,
		});
		expectCauses(run, {include: ['base-url-mismatch'], exclude: ['key-invalid']});
		expect(trap.connections).toBe(0);
		expectSafe(run, []);
	});

	it('proxy-interference: HTTPS_PROXY answers 407 to CONNECT for api.openai.com; the key is not judged invalid', async () => {
		const guard = await proxy('require-auth', [], {host: '127.0.0.2'});
		const run = await runCli({env: {OPENAI_API_KEY: good, HTTPS_PROXY: guard.url, https_proxy: guard.url, ...trustApiCertificate()}, baseUrl: null});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['proxy-interference'], top: 'proxy-interference', exclude: ['key-invalid', 'base-url-mismatch']});
		expect(keyEntry(run, good).live).not.toBe('invalid');
		expect(guard.records.length).toBeGreaterThan(0);
		expect(guard.records.every(record => record.kind === 'connect')).toBe(true);
		expectProxyOnlyToward(guard, apiViaProxy, allKeys);
		expectNoLeak(run, allKeys);
	});

	it('proxy-interference: credentials in https_proxy (host:port, no scheme) that the proxy still refuses (407) are never printed', async () => {
		const guard = await proxy('require-auth', [], {host: '127.0.0.2'});
		const withCredentials = `alice:Pr0xyPassw0rd@127.0.0.2:${guard.port}`;
		const run = await runCli({env: {OPENAI_API_KEY: good, https_proxy: withCredentials, ...trustApiCertificate()}, baseUrl: null});
		expectCauses(run, {include: ['proxy-interference'], top: 'proxy-interference', exclude: ['key-invalid']});
		expect(guard.records[0]?.headers['proxy-authorization']).toBe(`Basic ${Buffer.from('alice:Pr0xyPassw0rd').toString('base64')}`);
		expect(`${run.stdout}${run.stderr}`).not.toContain('Pr0xyPassw0rd');
		expectProxyOnlyToward(guard, apiViaProxy, allKeys);
		expectNoLeak(run, allKeys);
	});

	it('proxy-interference (medium) beside network-unreachable: HTTPS_PROXY points at a proxy that is down', async () => {
		const down = `http://127.0.0.2:${await closedPort('127.0.0.2')}`;
		const run = await runCli({env: {OPENAI_API_KEY: good, HTTPS_PROXY: down, https_proxy: down, ...trustApiCertificate()}, baseUrl: null});
		expectCauses(run, {include: ['proxy-interference', 'network-unreachable'], exclude: ['key-invalid']});
		expect(run.report.causes.find(cause => cause.id === 'proxy-interference')?.evidence.join('\n')).toContain(`The proxy ${down} refused the connection.`);
		verdict(run, 'problem', 1);
		expectNoLeak(run, allKeys);
	});

	it('proxy-interference: a foreign 401 (an HTML page) answers for api.openai.com through the proxy', async () => {
		const api = await serve({flavour: 'gateway-html', tls: apiCertificate!.server});
		const forward = await proxy('forward', [apiViaProxy], {host: '127.0.0.2', routes: {[apiViaProxy]: api.host}});
		const run = await runCli({env: {OPENAI_API_KEY: good, HTTPS_PROXY: forward.url, https_proxy: forward.url, ...trustApiCertificate()}, baseUrl: null});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['proxy-interference'], exclude: ['key-invalid']});
		expectProxyOnlyToward(forward, apiViaProxy, allKeys);
		expectNoLeak(run, allKeys);
	});

	it('proxy-interference from the app’s error: 407 Proxy Authentication Required', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error: "httpcore.ProxyError: 407 Proxy Authentication Required"});
		expectCauses(run, {include: ['proxy-interference'], exclude: ['key-invalid']});
		verdict(run, 'problem', 1);
		expectSafe(run, [api]);
	});

	it('azure-endpoint: an OpenAI key sent to the Azure endpoint gets Azure’s 401 (apim-request-id)', async () => {
		const api = await serve({flavour: 'azure', azureKeys: [azureKey]});
		const run = await runCli({env: {OPENAI_API_KEY: good, AZURE_OPENAI_ENDPOINT: `http://${api.host}`, OPENAI_API_VERSION: '2024-10-21'}, baseUrl: `http://${api.host}`});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['azure-endpoint'], exclude: ['key-invalid']});
		expect(keyEntry(run, good).live).toBe('invalid');
		expectSafe(run, [api], 'azure');
	});

	it('azure-endpoint: the wrong resource’s Azure key', async () => {
		const api = await serve({flavour: 'azure', azureKeys: [azureKey]});
		const run = await runCli({env: {AZURE_OPENAI_API_KEY: otherAzureKey, AZURE_OPENAI_ENDPOINT: `http://${api.host}/`, OPENAI_API_VERSION: '2024-10-21'}, baseUrl: `http://${api.host}/openai`});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['azure-endpoint']});
		expect(keyEntry(run, otherAzureKey).live).toBe('invalid');
		expectSafe(run, [api], 'azure');
	});

	it('azure-endpoint: an Azure key in OPENAI_API_KEY sent to OpenAI gets invalid_api_key; no key-invalid', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: azureKey}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['azure-endpoint'], top: 'azure-endpoint', exclude: ['key-invalid']});
		expectSafe(run, [api], 'openai');
	});

	it('azure-endpoint with the `210***…0344`-style mask in the app’s error: matchesError on the Azure key', async () => {
		const api = await serve({accounts: {[good]: account}});
		const mask = `${azureKey.slice(0, 3)}${'*'.repeat(23)}${azureKey.slice(-4)}`;
		const error = pythonError(401, texts.incorrectKey(mask), 'invalid_api_key');
		// Anything aimed at the real Azure host would go through HTTPS_PROXY: the trap proves nothing was.
		const trap = await proxy('forward', []);
		const run = await runCli({env: {OPENAI_API_KEY: azureKey, AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com/', HTTPS_PROXY: trap.url, https_proxy: trap.url}, baseUrl: api.baseUrl, error});
		expect(trap.connections).toBe(0);
		expect(keyEntry(run, azureKey).matchesError).toBe(true);
		expectCauses(run, {include: ['azure-endpoint'], exclude: ['app-uses-other-key']});
		verdict(run, 'problem', 1);
		expectSafe(run, [api]);
	});

	it('azure-endpoint from Azure’s “Access denied” text in the app’s error', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error: `openai.AuthenticationError: Error code: 401 - {'error': {'code': '401', 'message': '${texts.azureDenied}'}}`});
		expectCauses(run, {include: ['azure-endpoint'], exclude: ['key-invalid']});
		verdict(run, 'problem', 1);
		expectSafe(run, [api]);
	});

	it('legacy-env-vars: a stale OPENAI_API_BASE beside OPENAI_BASE_URL (nothing sent to the stale host)', async () => {
		const api = await serve({accounts: {[good]: account}});
		const trap = await proxy('forward', []);
		const run = await runCli({
			env: {OPENAI_API_KEY: good, OPENAI_BASE_URL: api.baseUrl, OPENAI_API_BASE: 'https://old-relay.example.com/v1', HTTPS_PROXY: trap.url, https_proxy: trap.url},
			baseUrl: null,
		});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['legacy-env-vars'], exclude: ['key-invalid']});
		expect(keyEntry(run, good).live).toBe('valid');
		expect(trap.connections).toBe(0);
		expectSafe(run, [api]);
	});

	it('legacy-env-vars: a stale OPENAI_ORGANIZATION the API refuses for a working key', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_ORGANIZATION: 'org-Old00000000000000000000'}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['legacy-env-vars'], exclude: ['key-invalid', 'org-mismatch']});
		expect(keyEntry(run, good).live).toBe('valid');
		expectSafe(run, [api], 'openai');
	});

	it('legacy-env-vars: OPENAI_ORGANIZATION disagrees with OPENAI_ORG_ID', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: organization, OPENAI_ORGANIZATION: 'org-Old00000000000000000000'}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['legacy-env-vars'], exclude: ['org-mismatch', 'key-invalid']});
		expectSafe(run, [api], 'openai');
	});
});

describe('the app’s error: which key it sent (matchesError)', () => {
	const mask = openAIMask(stale);
	const forms: Array<[string, string]> = [
		['python SDK dict repr', pythonError(401, texts.incorrectKey(mask), 'invalid_api_key')],
		['node SDK', `AuthenticationError: 401 ${texts.incorrectKey(mask)}\n    at APIError.generate (node_modules/openai/core/error.js:49:20)`],
		['raw JSON body', jsonBody(texts.incorrectKey(mask), 'invalid_api_key')],
		[
			'curl -i output',
			`HTTP/2 401 \r\ndate: Tue, 02 Sep 2025 10:00:00 GMT\r\ncontent-type: application/json; charset=utf-8\r\nx-request-id: req_0123456789abcdef0123456789abcdef\r\nopenai-version: 2020-10-01\r\nopenai-processing-ms: 12\r\n\r\n${jsonBody(texts.incorrectKey(mask), 'invalid_api_key')}\n`,
		],
	];

	it.each(forms)('%s: the stale env key matches, the good .env key does not', async (_form, error) => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: stale}, files: {'.env': `OPENAI_API_KEY=${good}\n`}, baseUrl: api.baseUrl, error});
		expect(keyEntry(run, stale)).toMatchObject({matchesError: true, live: 'invalid'});
		expect(keyEntry(run, good)).toMatchObject({matchesError: false, live: 'valid'});
		expectCauses(run, {include: ['key-invalid'], exclude: ['app-uses-other-key']});
		verdict(run, 'problem', 1);
		expectSafe(run, [api], 'openai');
	});

	it('three keys (env, .env, ~/.profile): the mask names the profile’s key only, each checked live', async () => {
		const api = await serve({accounts: {[good]: account}});
		const profileKey = makeProjectKey(4021);
		const run = await runCli({
			env: {OPENAI_API_KEY: stale},
			files: {'.env': `OPENAI_API_KEY=${good}\n`},
			homeFiles: {'.profile': `export OPENAI_API_KEY=${profileKey}\n`},
			baseUrl: api.baseUrl,
			error: `AuthenticationError: 401 ${texts.incorrectKey(openAIMask(profileKey))}`,
		});
		expect([keyEntry(run, stale).matchesError, keyEntry(run, good).matchesError, keyEntry(run, profileKey).matchesError]).toEqual([false, false, true]);
		expect([keyEntry(run, stale).live, keyEntry(run, good).live, keyEntry(run, profileKey).live]).toEqual(['invalid', 'valid', 'invalid']);
		expectCauses(run, {include: ['key-invalid'], exclude: ['app-uses-other-key']});
		expect(new Set(liveRequests(api).map(request => request.headers.authorization)).size).toBe(3);
		expectNoLeak(run, [profileKey]);
		expectSafe(run, [api], 'openai');
	});

	it('the mask names a key in a misnamed variable (OPENAI_KEY) the app’s code reads; a mask of a third key is app-uses-other-key', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_KEY: stale}, baseUrl: api.baseUrl, error: pythonError(401, texts.incorrectKey(openAIMask(stale)), 'invalid_api_key')});
		expect(keyEntry(run, stale).matchesError).toBe(true);
		expect(keyEntry(run, good).matchesError).toBe(false);
		expectCauses(run, {exclude: ['app-uses-other-key']});
		const third = makeProjectKey(4031);
		const other = await runCli({env: {OPENAI_API_KEY: good, OPENAI_KEY: stale}, baseUrl: api.baseUrl, error: pythonError(401, texts.incorrectKey(openAIMask(third)), 'invalid_api_key')});
		expectCauses(other, {include: ['app-uses-other-key']});
		expect([keyEntry(other, good).matchesError, keyEntry(other, stale).matchesError]).toEqual([false, false]);
		expectSafe(run, [api]);
		expectSafe(other, [api]);
	});

	it('a pasted curl -v session with the literal key in its Authorization line: matched, and the pasted key never echoed', async () => {
		const api = await serve({accounts: {[good]: account}});
		const pasted = makeProjectKey(4041);
		const error = [
			`$ curl -v ${api.baseUrl}/models -H "Authorization: Bearer ${pasted}"`,
			'> GET /v1/models HTTP/1.1',
			`> Authorization: Bearer ${pasted}`,
			'>',
			'< HTTP/1.1 401 Unauthorized',
			'< content-type: application/json; charset=utf-8',
			'< x-request-id: req_0123456789abcdef0123456789abcdef',
			'<',
			jsonBody(texts.incorrectKey(openAIMask(pasted)), 'invalid_api_key'),
		].join('\n');
		const run = await runCli({env: {OPENAI_API_KEY: good}, files: {'.env': `OPENAI_API_KEY=${pasted}\n`}, baseUrl: api.baseUrl, error});
		expect(keyEntry(run, pasted).matchesError).toBe(true);
		expect(keyEntry(run, good).matchesError).toBe(false);
		expectCauses(run, {include: ['key-invalid'], exclude: ['app-uses-other-key']});
		expectNoLeak(run, [pasted]);
		const unknown = makeProjectKey(4043);
		const other = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error: error.replaceAll(pasted, unknown).replace(openAIMask(pasted), openAIMask(unknown))});
		expectCauses(other, {include: ['app-uses-other-key']});
		expectNoLeak(other, [unknown]);
		expectSafe(run, [api]);
	});

	it('the older `sk-****…ZXY` mask (3 and 3 shown, star count not the length) names the legacy key', async () => {
		const api = await serve({accounts: {[good]: account}});
		const old = `${goodUser.slice(0, 3)}${'*'.repeat(33)}${goodUser.slice(-3)}`;
		const run = await runCli({env: {OPENAI_API_KEY: goodUser}, files: {'.env': `OPENAI_API_KEY=${good}\n`}, baseUrl: api.baseUrl, error: `Incorrect API key provided: ${old}. You can find your API key at https://platform.openai.com/account/api-keys.`});
		expect(keyEntry(run, goodUser).matchesError).toBe(true);
		expect(keyEntry(run, good).matchesError).toBe(false);
		expectCauses(run, {include: ['key-invalid'], exclude: ['app-uses-other-key']});
		expectSafe(run, [api]);
	});

	it('a short value shown whole (`fake`) matches the key `fake`, and `fake` is not printed back', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: 'fake'}, baseUrl: api.baseUrl, error: `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: fake. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`});
		expect(keyEntry(run, 'fake').matchesError).toBe(true);
		expectCauses(run, {exclude: ['app-uses-other-key']});
		expect(run.ids.length).toBeGreaterThan(0);
		expect(run.stdout).not.toMatch(/provided: fake\b/);
		verdict(run, 'problem', 1);
		expectSafe(run, [api]);
	});

	it('the app’s invalid_api_key names a key that works at the base URL: base-url-mismatch, not key-invalid', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error: pythonError(401, texts.incorrectKey(openAIMask(good)), 'invalid_api_key')});
		expect(keyEntry(run, good)).toMatchObject({matchesError: true, live: 'valid'});
		expectCauses(run, {include: ['base-url-mismatch'], exclude: ['key-invalid', 'app-uses-other-key']});
		verdict(run, 'problem', 1);
		expectSafe(run, [api], 'openai');
	});

	it('app-uses-other-key: the mask fits none of the keys found (and matchesError is false on each); the well-formed key sent is key-invalid', async () => {
		const api = await serve({accounts: {[good]: account}});
		const other = makeProjectKey(4999);
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error: pythonError(401, texts.incorrectKey(openAIMask(other)), 'invalid_api_key')});
		expectCauses(run, {include: ['app-uses-other-key', 'key-invalid']});
		// The key refused is the one the app sent, not the working key here.
		expect(run.report.causes.find(cause => cause.id === 'key-invalid')!.evidence.join(' ')).toContain(`sk-proj-…${other.slice(-4)}, OpenAI project key, 164 characters`);
		expect(keyEntry(run, good)).toMatchObject({matchesError: false, live: 'valid'});
		verdict(run, 'problem', 1);
		expectNoLeak(run, [other]);
		expectSafe(run, [api]);
	});

	it('app-uses-other-key: an OpenRouter-shaped mask while this machine has only an OpenAI key', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error: `401 ${texts.incorrectKey(openAIMask(openRouter))}`});
		expectCauses(run, {include: ['app-uses-other-key']});
		expect(keyEntry(run, good).matchesError).toBe(false);
		expectSafe(run, [api]);
	});

	it('key-missing in the app: the API says no key was sent while this shell has one (no mask, so no other key)', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error: `Error code: 401 - {'error': {'message': "${texts.missingKey}", 'type': 'invalid_request_error', 'param': None, 'code': None}}`});
		expectCauses(run, {include: ['key-missing'], exclude: ['key-invalid', 'app-uses-other-key']});
		verdict(run, 'problem', 1);
		expectSafe(run, [api]);
	});

	it.each([
		['node ≥ 5.18', 'OpenAIError: Missing credentials. Please pass an `apiKey`, or set the `OPENAI_API_KEY` environment variable.'],
		['python 1.x–2.33', 'openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable'],
	])('key-missing in the app: the SDK found no key (%s) while this shell has one that works', async (_sdk, error) => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error});
		// No mask was printed, so no key can fit it: the app's runtime has no key at all.
		expectCauses(run, {include: ['key-missing'], exclude: ['key-invalid', 'app-uses-other-key']});
		expect(keyEntry(run, good)).toMatchObject({live: 'valid'});
		verdict(run, 'problem', 1);
		expectSafe(run, [api]);
	});

	it('an OpenRouter key sent to the OpenAI stand-in: named as another provider’s key, matchesError from its mask', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: openRouter}, baseUrl: api.baseUrl, error: `401 ${texts.incorrectKey(openAIMask(openRouter))}`});
		expect(keyEntry(run, openRouter)).toMatchObject({kind: 'other-provider', matchesError: true});
		expectCauses(run, {include: ['key-other-provider'], exclude: ['app-uses-other-key', 'key-invalid']});
		verdict(run, 'problem', 1);
		expectSafe(run, [api]);
	});

	it('org-mismatch from the app’s python error, with the live check confirming it', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({
			env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-Other000000000000000000'},
			baseUrl: api.baseUrl,
			error: pythonError(401, texts.mismatchedOrganization, 'mismatched_organization'),
		});
		expectCauses(run, {include: ['org-mismatch'], top: 'org-mismatch', exclude: ['app-uses-other-key', 'key-invalid']});
		verdict(run, 'problem', 1);
		expectSafe(run, [api]);
	});

	it('a trailing newline in the key and the SDK’s “Connection error.”: key-whitespace, the newline never sent', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: `${good}\n`}, baseUrl: api.baseUrl, error: 'openai.APIConnectionError: Connection error.'});
		expectCauses(run, {include: ['key-whitespace'], exclude: ['network-unreachable']});
		for (const request of api.requests) expect(String(request.headers.authorization ?? '')).not.toMatch(/[\r\n]/);
		verdict(run, 'problem', 1);
		expectSafe(run, [api]);
	});
});

describe('many keys', () => {
	it('a .env of 300 key lines: at most 10 keys reach the live check and 6 curl, the environment’s first; the rest are listed as untested', async () => {
		const api = await serve({accounts: {[good]: account}});
		const lines = Array.from({length: 300}, (_, index) => `OPENAI_API_KEY=${makeProjectKey(90_000 + index * 2)}`);
		const run = await runCli({env: {OPENAI_API_KEY: good}, files: {'.env': `${lines.join('\n')}\n`}, baseUrl: api.baseUrl});
		const sentByLiveCheck = new Set(liveRequests(api).map(request => request.headers.authorization));
		const sentByCurl = new Set(api.requests.filter(request => String(request.headers['user-agent']).startsWith('curl/')).map(request => request.headers.authorization));
		expect(sentByLiveCheck.size).toBe(10);
		expect(sentByCurl.size).toBeLessThanOrEqual(6);
		expect(sentByLiveCheck.has(`Bearer ${good}`)).toBe(true);
		expect(keyEntry(run, good).live).toBe('valid');
		expect(run.report.keys.length).toBeGreaterThanOrEqual(290);
		expect(run.report.keys.filter(key => key.live === 'untested').length).toBeGreaterThanOrEqual(run.report.keys.length - 10);
		expect(run.exitCode).not.toBe(0);
		expectNoLeak(run, [good]);
	});
});

describe('an organization or project id that no client can send', () => {
	it.each([
		['OPENAI_ORG_ID', 'org-\u0001GoodOrg', 'OpenAI-Organization', 'org-mismatch'],
		['OPENAI_PROJECT_ID', 'proj_Good\nx', 'OpenAI-Project', 'project-mismatch'],
	])('%s with a control character: that header is named, the key is checked without it and works', async (variable, value, header, cause) => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, [variable]: value}, baseUrl: api.baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: [cause], exclude: ['key-whitespace', 'key-invalid', 'network-unreachable']});
		expect(keyEntry(run, good).live).toBe('valid');
		expect(run.stdout).not.toMatch(/refused to send the key as a header/);
		expect(run.report.probes.find(probe => probe.id === 'live-check')?.summary).toContain(`refused to send the ${header} header`);
		for (const request of liveRequests(api)) expect(request.headers[header.toLowerCase()]).toBeUndefined();
		expectSafe(run, [api], 'openai');
	});
});

describe('over HTTPS, with a test certificate the CLI is told to trust', () => {
	let folder: string;
	let certificate: string;
	let tls: {key: string; cert: string};
	beforeAll(() => {
		folder = mkdtempSync(path.join(tmpdir(), 'kw-live-tls-'));
		const keyFile = path.join(folder, 'key.pem');
		certificate = path.join(folder, 'cert.pem');
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certificate, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
		tls = {key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certificate, 'utf8')};
	});
	afterAll(() => rmSync(folder, {recursive: true, force: true}));
	const trust = () => ({NODE_EXTRA_CA_CERTS: certificate, CURL_CA_BUNDLE: certificate});

	it('a valid key over HTTPS: ok', async () => {
		const api = await serve({tls, accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, ...trust()}, baseUrl: api.baseUrl});
		verdict(run, 'ok', 0);
		expectSafe(run, [api], 'openai');
	});

	it('an https loopback base URL never goes through HTTPS_PROXY, working or not: checked directly, ok', async () => {
		const api = await serve({tls, accounts: {[good]: account}});
		const forward = await proxy('forward', [api.host]);
		const guard = await proxy('require-auth');
		for (const through of [forward, guard]) {
			const run = await runCli({env: {OPENAI_API_KEY: good, HTTPS_PROXY: through.url, https_proxy: through.url, ALL_PROXY: through.url, ...trust()}, baseUrl: api.baseUrl});
			verdict(run, 'ok', 0);
			expect(through.connections).toBe(0);
			expectSafe(run, [api], 'openai');
		}
	});

	it('network-unreachable: a certificate the CLI does not trust (TLS failure) → inconclusive, the key never sent', async () => {
		const api = await serve({tls, accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl});
		verdict(run, 'inconclusive', 3);
		expect(run.ids).toEqual(['network-unreachable']);
		expect(api.requests).toHaveLength(0);
		expectSafe(run, [api]);
	});
});

describe('a plain-http loopback base URL and a proxy on another host', () => {
	it('the key never goes through the proxy (clear text off this machine): checked directly, ok', async () => {
		const api = await serve({accounts: {[good]: account}});
		const remote = 'http://proxy.corp.invalid:3128';
		const run = await runCli({env: {OPENAI_API_KEY: good, HTTP_PROXY: remote, http_proxy: 'proxy.corp.invalid:3128'}, baseUrl: api.baseUrl});
		verdict(run, 'ok', 0);
		expect(liveRequests(api)).toHaveLength(1);
		expectSafe(run, [api]);
	});
});

describe('only the base URL’s host, whatever else the environment names', () => {
	it('OPENAI_BASE_URL, OPENAI_API_BASE and AZURE_OPENAI_ENDPOINT point at other loopback servers: --base-url wins, they get nothing', async () => {
		const api = await serve({accounts: {[good]: account}});
		const [viaEnv, legacy, azure] = await Promise.all([serve({accounts: {[good]: account}}), serve({accounts: {[good]: account}}), serve({flavour: 'azure', azureKeys: [azureKey]})]);
		const run = await runCli({
			env: {OPENAI_API_KEY: good, AZURE_OPENAI_API_KEY: azureKey, OPENAI_BASE_URL: viaEnv.baseUrl, OPENAI_API_BASE: legacy.baseUrl, AZURE_OPENAI_ENDPOINT: `http://${azure.host}`},
			baseUrl: api.baseUrl,
		});
		expect([viaEnv.connections, legacy.connections, azure.connections]).toEqual([0, 0, 0]);
		expect(keyEntry(run, good).live).toBe('valid');
		expect(keyEntry(run, azureKey).live).toBe('untested');
		expect(liveRequests(api).every(request => request.headers.authorization === `Bearer ${good}`)).toBe(true);
		expectSafe(run, [api], 'openai');
	});

	it('loopback is judged by address: http://foo.localhost is refused (nothing sent), http://[::ffff:127.0.0.1] and http://127.1 are checked', async () => {
		const api = await serve({accounts: {[good]: account}});
		const named = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: `http://kw-test.localhost:${api.port}/v1`});
		expectCauses(named, {include: ['unsafe-base-url']});
		expect(keyEntry(named, good).live).toBe('untested');
		expect(api.connections).toBe(0);
		for (const host of ['[::ffff:127.0.0.1]', '127.1']) {
			const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: `http://${host}:${api.port}/v1`});
			verdict(run, 'ok', 0);
		}

		expectSafe(named, []);
	});

	it('http://localhost as the base URL is loopback too: checked, ok', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: `http://localhost:${api.port}/v1`});
		verdict(run, 'ok', 0);
		for (const request of api.requests) expect(request.headers.host).toBe(`localhost:${api.port}`);
	});
});

describe('servers that misbehave', () => {
	const raw: Server[] = [];
	afterAll(async () => {
		for (const server of raw) server.closeAllConnections();
		await Promise.all(raw.map(server => new Promise(resolve => server.close(resolve))));
	});

	async function misbehave(handler: Parameters<typeof createServer>[1]): Promise<string> {
		const server = createServer(handler!);
		raw.push(server);
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	}

	it('a server that never answers: network-unreachable, inconclusive, within the time limit', async () => {
		const baseUrl = await misbehave(() => undefined);
		const started = Date.now();
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl, args: ['--timeout', '1500']});
		verdict(run, 'inconclusive', 3);
		expect(run.ids).toEqual(['network-unreachable']);
		expect(Date.now() - started).toBeLessThan(10_000);
		expectNoLeak(run, allKeys);
	});

	it('a 10 MB models list: the key works, the body is cut, nothing hangs', async () => {
		const baseUrl = await misbehave((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json', 'x-request-id': `req_${'a'.repeat(32)}`, 'openai-version': '2020-10-01', 'openai-processing-ms': '9'});
			response.end(`{"object":"list","data":[${'{"id":"gpt-4o-mini","object":"model"},'.repeat(260_000)}{}]}`);
		});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl});
		verdict(run, 'ok', 0);
		expect(run.report.probes.find(probe => probe.id === 'curl')?.status).toBe('pass');
		expectNoLeak(run, allKeys);
	});

	it('a response header with an escape sequence: a broken answer (inconclusive), never "refused to send the key as a header"', async () => {
		const {createServer: createTcpServer} = await import('node:net');
		const server = createTcpServer(socket => socket.once('data', () => socket.end(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Note: a\u001b]52;c;aGk=\u0007b\r\nContent-Length: 2\r\n\r\n{}`)));
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		try {
			const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`});
			verdict(run, 'inconclusive', 3);
			expect(keyEntry(run, good).live).toBe('error');
			expect(run.stdout).not.toMatch(/refused to send the key/);
			expect(run.report.probes.find(probe => probe.id === 'live-check')?.summary).toMatch(/is not valid HTTP/);
			expect(run.stdout).not.toMatch(/[\u0007\u001b]/);
			expectNoLeak(run, allKeys);
		} finally {
			server.close();
		}
	});

	it.each([
		['Invalid API key.', null],
		['The API key you supplied is not valid.', null],
		['Incorrect API key.', 'invalid_api_key'],
	])('a 401 in OpenAI’s shape that says %j (code %s): key-invalid, never inconclusive', async (message, code) => {
		const baseUrl = await misbehave((_request, response) => {
			response.writeHead(401, {'content-type': 'application/json; charset=utf-8', 'x-request-id': `req_${'c'.repeat(32)}`, 'openai-version': '2020-10-01', 'openai-processing-ms': '4'});
			response.end(JSON.stringify({error: {message, type: 'invalid_request_error', param: null, code}}));
		});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl});
		verdict(run, 'problem', 1);
		expectCauses(run, {include: ['key-invalid']});
		expect(keyEntry(run, good).live).toBe('invalid');
		expectNoLeak(run, allKeys);
	});

	it('invalid JSON with a 200: not a verdict on the key', async () => {
		const baseUrl = await misbehave((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json', 'x-request-id': `req_${'b'.repeat(32)}`, 'openai-version': '2020-10-01'});
			response.end('{"object":"list","data":[{"id":');
		});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl});
		expect(keyEntry(run, good).live).toBe('error');
		verdict(run, 'inconclusive', 3);
		expectNoLeak(run, allKeys);
	});
});

describe('the text report and the saved transcript leak nothing either', () => {
	it.each([
		['a stale env key named by the app’s python error, a good .env key', 'openai', () => ({env: {OPENAI_API_KEY: stale}, files: {'.env': `OPENAI_API_KEY=${good}\n`}, error: pythonError(401, texts.incorrectKey(openAIMask(stale)), 'invalid_api_key')})],
		['a gateway’s HTML 401', 'gateway-html', () => ({env: {OPENAI_API_KEY: good}})],
		['an Azure key sent to OpenAI, with the old mask in the app’s error', 'openai', () => ({env: {OPENAI_API_KEY: azureKey}, error: `Incorrect API key provided: ${azureKey.slice(0, 3)}${'*'.repeat(23)}${azureKey.slice(-4)}.`})],
		['a JWT and a newline key', 'openai', () => ({env: {OPENAI_API_KEY: jwt}, files: {'.env': `OPENAI_API_KEY=${goodUser}\r\n`}})],
	] as const)('%s', async (_label, flavour, setup) => {
		const api = await serve({flavour, accounts: {[good]: account}});
		const run = await runTextReport({...setup(), baseUrl: api.baseUrl});
		expect(run.stdout).toContain('Verdict');
		expect(run.exitCode).toBe(1);
		expectNoLeak(run, allKeys);
		expectKeysOnlyInAuth(api, allKeys);
	});
});

describe('setups an independent red-team run found wrong', () => {
	it('only the legacy OPENAI_API_BASE set: it is not the base URL (today’s SDKs ignore it), no key goes to its host', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_API_BASE: api.baseUrl}, baseUrl: null, args: ['--no-network']});
		expect(run.ids).toContain('legacy-env-vars');
		expect(run.ids).not.toContain('unsafe-base-url');
		expect(api.requests).toHaveLength(0);
		expectSafe(run, [api]);
	});

	it.each([
		['literal quotes (compose list form)', (url: string) => `"${url}"`, /quotes are part of the value/],
		['no scheme', (url: string) => url.replace(/^http:\/\//, ''), /no scheme/],
	])('a broken OPENAI_BASE_URL, %s: a report that names it, not a usage error, and nothing sent', async (_name, breakIt, hint) => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_BASE_URL: breakIt(api.baseUrl)}, baseUrl: null});
		verdict(run, 'problem', 1);
		expect(run.ids).toEqual(['unsafe-base-url']);
		expect(run.report.causes[0]!.evidence.join('\n')).toMatch(hint);
		expect(api.requests).toHaveLength(0);
		expectSafe(run, [api]);
	});

	it('OPENAI_ORG_ID and OPENAI_PROJECT_ID both of others: org-mismatch and project-mismatch, the key itself valid', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_ORG_ID: 'org-Other123456789012345678', OPENAI_PROJECT_ID: 'proj_Other12345678901234567'}, baseUrl: api.baseUrl});
		expectCauses(run, {include: ['org-mismatch', 'project-mismatch'], exclude: ['key-invalid']});
		expect(keyEntry(run, good).live).toBe('valid');
		expectSafe(run, [api]);
	});

	it('the app’s “api_key client option must be set” with the key only in .env: dotenv-not-loaded, never ok', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({
			files: {'.env': `OPENAI_API_KEY=${good}\n`, 'main.py': 'from openai import OpenAI\nclient = OpenAI()\n'},
			baseUrl: api.baseUrl,
			error: 'openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable',
		});
		verdict(run, 'problem', 1);
		expect(run.ids).toEqual(['dotenv-not-loaded']);
		expectSafe(run, [api]);
	});

	it('node’s “Missing credentials” while this shell has the key: key-missing (the app runs elsewhere), not app-uses-other-key', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, baseUrl: api.baseUrl, error: 'OpenAIError: Missing credentials. Please pass an `apiKey`, or set the `OPENAI_API_KEY` environment variable.'});
		expect(run.ids).toEqual(['key-missing']);
		expectSafe(run, [api]);
	});

	it('a relay’s 401 text borrowing invalid_api_key, the base URL at the relay: base-url-mismatch without key-invalid', async () => {
		const api = await serve({flavour: 'gateway-json'});
		const run = await runCli({
			env: {OPENAI_API_KEY: good},
			baseUrl: api.baseUrl,
			error: `Error code: 401 - {'error': {'message': '无效的令牌 (request id: 2024112701)', 'type': 'one_api_error', 'code': 'invalid_api_key'}}`,
		});
		expectCauses(run, {include: ['base-url-mismatch'], exclude: ['key-invalid']});
		expectSafe(run, [api]);
	});
});

describe('Azure setups without --base-url', () => {
	it('a wrong AZURE_OPENAI_API_KEY at its endpoint: azure-endpoint, never key-missing', async () => {
		const api = await serve({flavour: 'azure', azureKeys: [azureKey]});
		const run = await runCli({env: {AZURE_OPENAI_API_KEY: otherAzureKey, AZURE_OPENAI_ENDPOINT: `http://${api.host}`, OPENAI_API_VERSION: '2024-10-21'}, baseUrl: null});
		expectCauses(run, {include: ['azure-endpoint'], exclude: ['key-missing', 'key-invalid']});
		expect(keyEntry(run, otherAzureKey).live).toBe('invalid');
		expectSafe(run, [api], 'azure');
	});

	it('AZURE_OPENAI_API_KEY without AZURE_OPENAI_ENDPOINT: azure-endpoint says the endpoint is missing; nothing is sent', async () => {
		const run = await runCli({env: {AZURE_OPENAI_API_KEY: azureKey}, baseUrl: null, args: ['--no-network']});
		expectCauses(run, {include: ['azure-endpoint'], exclude: ['key-missing']});
		expect(run.report.causes.find(cause => cause.id === 'azure-endpoint')!.evidence.join('\n')).toMatch(/AZURE_OPENAI_ENDPOINT is not/);
		expectNoLeak(run, allKeys);
	});
});

describe('settings a loaded .env gives the app, besides the key', () => {
	it('OPENAI_BASE_URL and a gateway key in .env: the key goes to that gateway only, and a healthy setup stays healthy', async () => {
		const api = await serve({accounts: {[openRouter]: account}});
		const run = await runCli({
			files: {'.env': `OPENAI_BASE_URL=${api.baseUrl}\nOPENAI_API_KEY=${openRouter}\n`, 'main.py': 'from dotenv import load_dotenv\nload_dotenv()\n'},
			baseUrl: null,
		});
		verdict(run, 'ok', 0);
		expect(run.ids).toEqual([]);
		expect(keyEntry(run, openRouter).live).toBe('valid');
		expect(liveRequests(api)).toHaveLength(1);
		expectSafe(run, [api]);
	});

	it('the environment’s OPENAI_BASE_URL wins over the one in .env', async () => {
		const [envApi, dotenvApi] = await Promise.all([serve({accounts: {[good]: account}}), serve({accounts: {[good]: account}})]);
		const run = await runCli({env: {OPENAI_API_KEY: good, OPENAI_BASE_URL: envApi.baseUrl}, files: {'.env': `OPENAI_BASE_URL=${dotenvApi.baseUrl}\n`}, baseUrl: null});
		verdict(run, 'ok', 0);
		expect(dotenvApi.connections).toBe(0);
		expectSafe(run, [envApi, dotenvApi]);
	});

	it('a stale OPENAI_ORG_ID in .env is sent as the SDK sends it: org-mismatch', async () => {
		const api = await serve({accounts: {[good]: account}});
		const run = await runCli({env: {OPENAI_API_KEY: good}, files: {'.env': 'OPENAI_ORG_ID=org-Stale1234567890abcdefghij\n'}, baseUrl: api.baseUrl});
		expectCauses(run, {include: ['org-mismatch'], exclude: ['key-invalid']});
		expect(run.report.causes.find(cause => cause.id === 'org-mismatch')!.evidence.join('\n')).toContain('OPENAI_ORG_ID=org-Stale1234567890abcdefghij');
		expectSafe(run, [api]);
	});

	it('the Azure sample layout, all in .env (endpoint, key, api-version): checked at the endpoint, ok', async () => {
		const api = await serve({flavour: 'azure', azureKeys: [azureKey]});
		const run = await runCli({
			files: {'.env': `AZURE_OPENAI_ENDPOINT=http://${api.host}/\nAZURE_OPENAI_API_KEY=${azureKey}\nOPENAI_API_VERSION=2024-10-21\n`, 'app.py': 'from dotenv import load_dotenv\nfrom openai import AzureOpenAI\nload_dotenv()\nclient = AzureOpenAI()\n'},
			baseUrl: null,
		});
		verdict(run, 'ok', 0);
		expect(keyEntry(run, azureKey)).toMatchObject({live: 'valid', sources: ['file:.env:2']});
		expectSafe(run, [api], 'azure');
	});
});

describe('Azure endpoints and keys in other places', () => {
	it('AZURE_OPENAI_ENDPOINT over plain http to another machine: unsafe-base-url, nothing sent', async () => {
		const run = await runCli({env: {AZURE_OPENAI_API_KEY: azureKey, AZURE_OPENAI_ENDPOINT: 'http://myres.openai.azure.com/', OPENAI_API_VERSION: '2024-10-21'}, baseUrl: null});
		expect(run.ids).toContain('unsafe-base-url');
		expect(keyEntry(run, azureKey).live).toBe('untested');
		expectNoLeak(run, allKeys);
	});

	it('an Azure resource key kept in OPENAI_API_KEY with AZURE_OPENAI_ENDPOINT set: checked at the endpoint, healthy', async () => {
		const api = await serve({flavour: 'azure', azureKeys: [azureKey]});
		const run = await runCli({env: {OPENAI_API_KEY: azureKey, AZURE_OPENAI_ENDPOINT: `http://${api.host}/`, OPENAI_API_VERSION: '2024-10-21'}, baseUrl: null});
		expect(keyEntry(run, azureKey).live).toBe('valid');
		verdict(run, 'ok', 0);
		expect(run.report.probes.filter(probe => probe.status === 'fail' || probe.status === 'warn').map(probe => probe.id)).not.toContain('key-anatomy');
		expect(run.report.probes.find(probe => probe.id === 'endpoint')!.status).toBe('pass');
		expectSafe(run, [api], 'azure');
	});
});
