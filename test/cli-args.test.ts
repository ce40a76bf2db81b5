import {describe, expect, it, test} from 'vitest';
import {helpText, parseCliArgs, parseExplainArgs} from '../source/cli-args.js';

const context = {env: {}, cwd: '/work/app', isTty: true};

describe('parseCliArgs', () => {
	it('defaults to the interactive wizard in a terminal, with the documented defaults', () => {
		const parsed = parseCliArgs([], context);
		expect(parsed).toMatchObject({
			mode: 'interactive',
			options: {cwd: '/work/app', baseUrl: 'https://api.openai.com/v1', baseUrlSource: 'default', network: true, timeoutMs: 5000, demo: false, containers: []},
		});
	});

	it.each([
		[['--json'], true, 'json'],
		[['--report'], true, 'report'],
		[[], false, 'report'],
		[['--json'], false, 'json'],
		[['--help'], true, 'help'],
		[['-h'], false, 'help'],
		[['--version'], true, 'version'],
	] as const)('%j with isTty=%s runs as %s', (argv, isTty, mode) => {
		expect(parseCliArgs(argv, {...context, isTty})).toMatchObject({mode});
	});

	it.each([
		[['--frobnicate'], /Unknown option --frobnicate/],
		[['--timeout', '0'], /--timeout must be a whole number/],
		[['--timeout', 'abc'], /--timeout must be a whole number/],
		[['--timeout', '1e3'], /--timeout must be a whole number/],
		[['--timeout'], /--timeout needs a value/],
		[['--base-url', 'not a url'], /--base-url is not a valid URL/],
		[['--base-url', 'ftp://example.com'], /must be an http\(s\) URL/],
		[['--base-url', 'https://user:pw@example.com/v1'], /must not contain a user name or password/],
		[['--json', '--report'], /cannot be used together/],
		[['--k8s-secret', 'Bad Name'], /--k8s-secret must look like/],
		[['--container', '$(rm -rf /)'], /--container must be a container name/],
		[['stray'], /Unexpected argument "stray"/],
		[['--save='], /--save= needs a file name/],
		[['--save', ''], /--save "" names no file/],
		[['--timeout', '-5'], /^--timeout needs a value; write a value that starts with "-" as --timeout=VALUE/],
		[['--timeout=-5'], /--timeout must be a whole number of milliseconds from 100 to 600000 \(got "-5"\)/],
	] as const)('%j is a usage error', (argv, message) => {
		const parsed = parseCliArgs(argv, context);
		expect(parsed).toHaveProperty('error');
		expect((parsed as {error: string}).error).toMatch(message);
		expect((parsed as {error: string}).error).not.toContain('\n');
	});

	it('takes the base URL from the flag, then OPENAI_BASE_URL, never from the legacy OPENAI_API_BASE (today\'s SDKs ignore it)', () => {
		const env = {OPENAI_BASE_URL: 'https://gateway.example/v1/', OPENAI_API_BASE: 'https://legacy.example/v1'};
		expect(parseCliArgs(['--base-url', 'http://127.0.0.1:9/v1'], {...context, env})).toMatchObject({options: {baseUrl: 'http://127.0.0.1:9/v1', baseUrlSource: 'flag'}});
		expect(parseCliArgs([], {...context, env})).toMatchObject({options: {baseUrl: 'https://gateway.example/v1', baseUrlSource: 'env:OPENAI_BASE_URL'}});
		expect(parseCliArgs([], {...context, env: {OPENAI_API_BASE: 'https://legacy.example/v1'}})).toMatchObject({options: {baseUrl: 'https://api.openai.com/v1', baseUrlSource: 'default'}});
	});

	it('passes a broken OPENAI_BASE_URL through as it is: it is part of the setup to diagnose, not a usage error', () => {
		for (const value of ['::nonsense', '"http://127.0.0.1:8080/v1"', '127.0.0.1:8080/v1', 'ftp://files.example/v1']) {
			expect(parseCliArgs(['--json'], {...context, env: {OPENAI_BASE_URL: value}})).toMatchObject({mode: 'json', options: {baseUrl: value, baseUrlSource: 'env:OPENAI_BASE_URL'}});
		}
	});

	it('rejects a bad --base-url even when OPENAI_BASE_URL is fine', () => {
		expect(parseCliArgs(['--base-url', 'nonsense'], {...context, env: {OPENAI_BASE_URL: 'https://api.openai.com/v1'}})).toEqual({error: expect.stringMatching(/^--base-url is not a valid URL/)});
	});

	it('parses --save with and without a file, repeatable --container, --k8s-secret parts and --no-network', () => {
		expect(parseCliArgs(['--save', '--json'], context)).toMatchObject({mode: 'json', save: ''});
		expect(parseCliArgs(['--save', 'out.md'], context)).toMatchObject({save: 'out.md'});
		expect(parseCliArgs(['--container', 'web', '--container', 'worker'], context)).toMatchObject({options: {containers: ['web', 'worker']}});
		expect(parseCliArgs(['--k8s-secret', 'prod/openai:api-key'], context)).toMatchObject({options: {k8sSecret: {namespace: 'prod', name: 'openai', key: 'api-key'}}});
		expect(parseCliArgs(['--k8s-secret', 'openai'], context)).toMatchObject({options: {k8sSecret: {name: 'openai'}}});
		expect(parseCliArgs(['--no-network', '--timeout', '250'], context)).toMatchObject({options: {network: false, timeoutMs: 250}});
		expect(parseCliArgs(['--cwd', 'sub', '--error', 'boom'], context)).toMatchObject({options: {cwd: '/work/app/sub', errorText: 'boom'}});
	});
});

describe('parseExplainArgs', () => {
	test.each([
		[['explain'], {mode: 'explain', json: false}],
		[['explain', 'key-missing'], {mode: 'explain', json: false, id: 'key-missing'}],
		[['explain', '--json'], {mode: 'explain', json: true}],
		[['explain', 'key-invalid', '--json'], {mode: 'explain', json: true, id: 'key-invalid'}],
	])('%j', (argv, expected) => {
		expect(parseExplainArgs(argv)).toEqual(expected);
	});

	test.each([
		[['explain', 'a', 'b'], /explain takes one cause id \(got 2: "a b"\)/],
		[['explain', '--no-network'], /explain takes a cause id and --json only \(got "--no-network"\)/],
		[['explain', '--x\u001B[2J'], /got "--x\?\[2J"/],
	])('%j is a usage error', (argv, message) => {
		expect(parseExplainArgs(argv)).toEqual({error: expect.stringMatching(message)});
	});

	test('other command lines are not explain’s', () => {
		expect(parseExplainArgs([])).toBeUndefined();
		expect(parseExplainArgs(['--json', 'explain'])).toBeUndefined();
	});

	test('--help mentions explain', () => {
		expect(helpText).toMatch(/\$ key-wizard explain \[ID\]/);
	});
});
