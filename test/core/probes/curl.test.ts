import {describe, expect, test} from 'vitest';
import {curlArguments, curlProbe, failureFromExitCode, parseCurlStdout} from '../../../source/core/probes/curl.js';
import type {Exec, ExecOptions} from '../../../source/core/ports.js';
import {makeAnthropicKey, makeProjectKey} from '../../helpers/fake-keys.js';
import {commandNotFound, makePorts} from '../../helpers/fake-ports.js';
import {context, sighting} from '../../helpers/probe-context.js';

const key = makeProjectKey(201);
const openAIHeaders = 'HTTP/2 200\r\ncontent-type: application/json\r\nx-request-id: req_0123456789abcdef0123456789abcdef\r\nopenai-version: 2020-10-01\r\nopenai-processing-ms: 20\r\nopenai-organization: user-x\r\n\r\n';

/** A scripted curl: `--version` answers, the check prints what `respond` returns. */
function scriptedCurl(respond: (args: readonly string[], options: ExecOptions) => {stdout: string; exitCode?: number; stderr?: string}) {
	const calls: Array<{args: readonly string[]; options: ExecOptions}> = [];
	const exec: Exec = async (_file, args, options) => {
		calls.push({args, options});
		if (args[0] === '--version') return {ok: true, exitCode: 0, stdout: 'curl 8.5.0 (x86_64-pc-linux-gnu) libcurl/8.5.0\n', stderr: '', durationMs: 3};
		const out = respond(args, options);
		const exitCode = out.exitCode ?? 0;
		return {ok: exitCode === 0, exitCode, stdout: out.stdout, stderr: out.stderr ?? '', durationMs: 5};
	};

	return {exec, calls};
}

describe('curl', () => {
	test('the key goes in on stdin, never in the argument list; the answer is read like the live check', async () => {
		const curl = scriptedCurl(() => ({stdout: `${openAIHeaders}{"object":"list","data":[]}\n__key_wizard_status__:200`}));
		const ports = makePorts({exec: curl.exec, env: {PATH: '/usr/bin', HTTPS_PROXY: 'http://proxy:3128', HOME: '/home/dev', OPENAI_API_KEY: key}});
		const outcome = await curlProbe.run(context(ports, [sighting('env', [[key, 'env:OPENAI_API_KEY']])]));
		expect(outcome.status).toBe('pass');
		expect(outcome.summary).toBe(`${outcome.data!.keys[0]!.fingerprint} works: 200 (curl 8.5.0).`);
		const check = curl.calls[1]!;
		expect(check.args.join(' ')).not.toContain(key);
		expect(check.args).toEqual(expect.arrayContaining(['-q', '--header', '@-', '--max-redirs', '0', '--proto', '=https', 'https://api.openai.com/v1/models']));
		expect(check.args).not.toContain('-L');
		expect(check.options.input).toBe(`accept: application/json\nauthorization: Bearer ${key}\n`);
		// Only what curl needs from the environment; never the key variable itself.
		expect(check.options.extendEnv).toBe(false);
		// The proxy as this tool's own route took it, in the one variable curl reads for https.
		expect(check.options.env).toEqual({PATH: '/usr/bin', https_proxy: 'http://proxy:3128'});
		expect(check.args).not.toContain('--noproxy');
		expect(outcome.data!.command).toBe('curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"');
		expect(JSON.stringify(outcome)).not.toContain(key);
	});

	test('plain http is allowed to curl only for a loopback base URL', () => {
		expect(curlArguments({url: 'http://127.0.0.1:1/v1/models'}, {protocol: 'http:'}, 2)).toEqual(expect.arrayContaining(['--proto', '=https,http', '--max-time', '2.0']));
	});

	test('a loopback base URL never goes through a proxy: curl gets --noproxy * and no proxy variable', async () => {
		for (const proxy of [{http_proxy: 'http://user:secret@proxy.corp.example:3128'}, {http_proxy: '127.0.0.2:3128'}, {ALL_PROXY: 'proxy.corp.example:3128'}]) {
			const curl = scriptedCurl(() => ({stdout: `${openAIHeaders}{"object":"list","data":[]}\n__key_wizard_status__:200`}));
			const outcome = await curlProbe.run(context(makePorts({exec: curl.exec, env: {PATH: '/usr/bin', ...proxy}}), [sighting('env', [[key, 'env:OPENAI_API_KEY']])], {baseUrl: 'http://127.0.0.1:8080/v1'}));
			expect(outcome.status).toBe('pass');
			const check = curl.calls[1]!;
			expect(check.args).toEqual(expect.arrayContaining(['--noproxy', '*']));
			expect(check.options.env).toEqual({PATH: '/usr/bin'});
			expect(JSON.stringify(outcome)).not.toContain('secret');
		}
	});

	test('an https_proxy written host:port goes to curl as http://host:port, the route the live check takes', async () => {
		const curl = scriptedCurl(() => ({stdout: `${openAIHeaders}{"object":"list","data":[]}\n__key_wizard_status__:200`}));
		await curlProbe.run(context(makePorts({exec: curl.exec, env: {PATH: '/usr/bin', HTTPS_PROXY: 'proxy.corp:3128', http_proxy: 'other:1'}}), [sighting('env', [[key, 'env:OPENAI_API_KEY']])]));
		expect(curl.calls[1]!.options.env).toEqual({PATH: '/usr/bin', https_proxy: 'http://proxy.corp:3128'});
	});

	test('a models list cut at --max-filesize (exit 63) still says the key works', async () => {
		const curl = scriptedCurl(() => ({stdout: `${openAIHeaders}{"object":"list","data":[{"id":"gpt-4o-mini","object":"model"},{"id":"gpt`, exitCode: 63, stderr: 'curl: (63) Exceeded the maximum allowed file size (1048576) with 1048577 bytes'}));
		const outcome = await curlProbe.run(context(makePorts({exec: curl.exec}), [sighting('env', [[key, 'env:OPENAI_API_KEY']])]));
		expect(outcome.data!.keys[0]).toMatchObject({live: 'valid', status: 200});
		expect(outcome.status).toBe('pass');
	});

	test('not installed: skip with the command to run elsewhere', async () => {
		const ports = makePorts({exec: async file => commandNotFound(file)});
		const outcome = await curlProbe.run(context(ports, [sighting('env', [[key, 'env:OPENAI_API_KEY']])]));
		expect(outcome.status).toBe('skip');
		expect(outcome.summary).toContain('curl is not installed');
		expect(outcome.summary).toContain('$OPENAI_API_KEY');
	});

	test('a refused key', async () => {
		const body = JSON.stringify({error: {message: 'Incorrect API key provided: x. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key'}});
		const curl = scriptedCurl(() => ({stdout: `${openAIHeaders.replace('200', '401')}${body}\n__key_wizard_status__:401`}));
		const outcome = await curlProbe.run(context(makePorts({exec: curl.exec}), [sighting('env', [[key, 'env:OPENAI_API_KEY']])]));
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.keys[0]).toMatchObject({live: 'invalid', code: 'invalid_api_key', fromOpenAI: true});
	});

	test('a 407 from a proxy on CONNECT: curl exits 56 but its headers still tell', async () => {
		const curl = scriptedCurl(() => ({
			stdout: 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n\n__key_wizard_status__:000',
			exitCode: 56,
			stderr: 'curl: (56) CONNECT tunnel failed, response 407\n',
		}));
		const outcome = await curlProbe.run(context(makePorts({exec: curl.exec}), [sighting('env', [[key, 'env:OPENAI_API_KEY']])]));
		expect(outcome.data!.keys[0]).toMatchObject({status: 407, outcome: 'proxy-auth', origin: 'proxy'});
	});

	test('DNS failure', async () => {
		const curl = scriptedCurl(() => ({stdout: '\n__key_wizard_status__:000', exitCode: 6, stderr: 'curl: (6) Could not resolve host: api.openai.com\n'}));
		const outcome = await curlProbe.run(context(makePorts({exec: curl.exec}), [sighting('env', [[key, 'env:OPENAI_API_KEY']])]));
		expect(outcome.status).toBe('error');
		expect(outcome.data!.keys[0]).toMatchObject({live: 'error', failure: 'dns', exitCode: 6, message: 'Could not resolve host: api.openai.com'});
	});

	test('keys with a line break, and other providers’ keys for OpenAI, are not given to curl', async () => {
		const curl = scriptedCurl(() => ({stdout: ''}));
		const outcome = await curlProbe.run(context(makePorts({exec: curl.exec}), [sighting('env', [[`${key}\r\n`, 'env:OPENAI_API_KEY'], [makeAnthropicKey(2), 'file:.env:1']])]));
		expect(outcome.status).toBe('skip');
		expect(outcome.data!.keys.map(result => result.untestedReason)).toEqual([expect.stringContaining('line break'), expect.stringContaining('Anthropic')]);
		expect(curl.calls).toHaveLength(1);
	});

	test('--no-network and unsafe base URLs: curl never runs', async () => {
		const curl = scriptedCurl(() => ({stdout: ''}));
		const results = [sighting('env', [[key, 'env:OPENAI_API_KEY']])];
		expect((await curlProbe.run(context(makePorts({exec: curl.exec}), results, {network: false}))).status).toBe('skip');
		expect((await curlProbe.run(context(makePorts({exec: curl.exec}), results, {baseUrl: 'http://example.com/v1'}))).status).toBe('skip');
		expect(curl.calls).toHaveLength(0);
	});
});

describe('parseCurlStdout', () => {
	test('takes the last header block (a proxy’s 200 Connection established comes first) and the body', () => {
		const parsed = parseCurlStdout(`HTTP/1.1 200 Connection established\r\n\r\n${openAIHeaders}{"a":1}\n__key_wizard_status__:200`);
		expect(parsed).toMatchObject({status: 200, body: '{"a":1}', headers: {'openai-organization': 'user-x'}});
	});

	test('no header block: undefined', () => {
		expect(parseCurlStdout('\n__key_wizard_status__:000')).toBeUndefined();
	});

	test.each([
		[6, 'dns'],
		[7, 'refused'],
		[28, 'timeout'],
		[60, 'tls'],
		[35, 'tls'],
		[56, 'reset'],
		[5, 'proxy'],
		[2, 'error'],
	] as const)('exit code %i → %s', (code, failure) => {
		expect(failureFromExitCode(code)).toBe(failure);
	});
});

describe('curl: a restricted key', () => {
	test('a 403 with missing scopes is "valid but restricted", not "works"', async () => {
		const body = JSON.stringify({error: 'You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Viewer, Member, Owner), and if you\'re using a restricted API key, that it has the necessary scopes.'});
		const curl = scriptedCurl(() => ({stdout: `${openAIHeaders.replace('HTTP/2 200', 'HTTP/2 403')}${body}\n__key_wizard_status__:403`}));
		const outcome = await curlProbe.run(context(makePorts({exec: curl.exec, env: {PATH: '/usr/bin'}}), [sighting('env', [[key, 'env:OPENAI_API_KEY']])]));
		expect(outcome.status).toBe('warn');
		expect(outcome.summary).not.toMatch(/works/);
		expect(outcome.summary).toBe(`${outcome.data!.keys[0]!.fingerprint}: 403 from OpenAI: the key is valid but restricted (missing scope api.model.read) (curl 8.5.0).`);
	});
});
