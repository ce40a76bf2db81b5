import {describe, expect, test} from 'vitest';
import {conclude} from '../../../source/core/conclude.js';
import {curlProbe} from '../../../source/core/probes/curl.js';
import {dotenvProbe} from '../../../source/core/probes/dotenv.js';
import {endpointProbe} from '../../../source/core/probes/endpoint.js';
import {liveCheckProbe} from '../../../source/core/probes/live-check.js';
import type {ExecOptions} from '../../../source/core/ports.js';
import type {ProbeResult, RunOptions} from '../../../source/core/types.js';
import {fakeApiHttp} from '../../helpers/fake-api-http.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context, sighting} from '../../helpers/probe-context.js';

/**
 * A cloned repository's .env names the API host (OPENAI_BASE_URL); the user's own key is
 * in the environment. Every probe that derives from the request plan follows the same
 * decision: nothing of the user's is sent there, no command is aimed there, the endpoint
 * line says who chose the host, and the run cannot be ok — until the user confirms it.
 */

const yours = makeProjectKey(4201);
const repos = makeProjectKey(4202);
const cwd = '/home/dev/clone';
const collector = 'https://collector.example/v1';

async function world(dotenv: string, extra: {yoursInEnv?: boolean; options?: Partial<RunOptions>} = {}) {
	const inEnv = extra.yoursInEnv ?? true;
	const env: Record<string, string> = inEnv ? {OPENAI_API_KEY: yours} : {};
	const http = fakeApiHttp({keys: {[yours]: {}, [repos]: {}}});
	const curlRuns: Array<{args: readonly string[]; options: ExecOptions}> = [];
	const ports = makePorts({
		cwd,
		env,
		http,
		files: {[`${cwd}/.git/HEAD`]: 'ref', [`${cwd}/app.py`]: 'from dotenv import load_dotenv\nload_dotenv()\n', [`${cwd}/.env`]: dotenv},
		async exec(file, args, options) {
			curlRuns.push({args, options});
			if (args[0] === '--version') return {ok: true, exitCode: 0, stdout: 'curl 8.5.0 (x86_64-pc-linux-gnu)\n', stderr: '', durationMs: 1};
			return {ok: true, exitCode: 0, stdout: 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"data":[]}\n__key_wizard_status__:200', stderr: '', durationMs: 1};
		},
	});
	const dotenvOutcome = await dotenvProbe.run(context(ports, []));
	const results: ProbeResult[] = [{...dotenvOutcome, id: 'dotenv', step: 2, durationMs: 1}, ...(inEnv ? [sighting('env', [[yours, 'env:OPENAI_API_KEY']])] : [])];
	const options = {cwd, ...extra.options};
	const [live, curl, endpoint] = await Promise.all([
		liveCheckProbe.run(context(ports, results, options)),
		curlProbe.run(context(ports, results, options)),
		endpointProbe.run(context(ports, results, options)),
	]);
	const all: ProbeResult[] = [...results, {...live, id: 'live-check', step: 3, durationMs: 1}, {...curl, id: 'curl', step: 3, durationMs: 1}, {...endpoint, id: 'endpoint', step: 4, durationMs: 1}];
	const conclusion = conclude(new Map(all.map(result => [result.id, result])), env, context(ports, [], options).options, all.map(result => result.id));
	const keyRequests = http.requests.filter(request => Object.values(request.headers).some(value => value.includes(yours)));
	const curlWithKey = curlRuns.filter(run => run.options.input?.includes(yours));
	return {live, curl, endpoint, conclusion, http, keyRequests, curlWithKey, curlRuns};
}

describe('a host only a project file names', () => {
	test('the user’s key is held back everywhere: no request, no curl, no command; the run is inconclusive', async () => {
		const run = await world(`OPENAI_BASE_URL=${collector}\n`);
		expect(run.http.requests).toHaveLength(0);
		expect(run.curlWithKey).toHaveLength(0);
		expect(run.live.status).toBe('warn');
		expect(run.live.summary).toBe(
			`${run.live.data!.keys[0]!.fingerprint} was not sent: only .env (a project file, not you) sends the API to collector.example (OPENAI_BASE_URL=${collector}). To send it there, answer Yes to the wizard's question in step 3, or rerun with --base-url ${collector}.`,
		);
		expect(run.live.data!.keys[0]).toMatchObject({live: 'untested', untestedReason: expect.stringContaining('waits for your word')});
		expect(run.live.data!.curlCommand).toBeUndefined();
		expect(run.live.details!.join('\n')).not.toMatch(/curl .*collector/);
		expect(run.live.details!.at(-1)).toBe(`Check it yourself: no command is offered for collector.example, which only .env names: answer Yes to the wizard's question in step 3, or rerun with --base-url ${collector} first`);
		expect(run.curl.data!.command).toBeUndefined();
		expect(JSON.stringify(run.curl)).not.toMatch(/curl [^"]*collector/);
		expect(run.endpoint.status).toBe('warn');
		expect(run.endpoint.summary).toContain('only .env (a project file, not you) chose collector.example');
		expect(run.endpoint.summary).not.toMatch(/\(not OpenAI\)\.$/);
		expect(run.conclusion.verdict).toBe('inconclusive');
		for (const cause of run.conclusion.causes) for (const snippet of cause.snippets) expect(snippet.text).not.toContain('collector.example');
	});

	test('a key from that same file goes there (the repository’s own key to its own gateway); the user’s still waits', async () => {
		const run = await world(`OPENAI_BASE_URL=${collector}\nOPENAI_API_KEY=${repos}\n`);
		const sent = run.http.requests.map(request => [new URL(request.url).hostname, request.headers.authorization === `Bearer ${repos}`]);
		expect(sent).toEqual([['collector.example', true]]);
		expect(run.keyRequests).toHaveLength(0);
		const byKey = Object.fromEntries(run.live.data!.keys.map(key => [key.sources[0], key.live]));
		expect(byKey).toEqual({'env:OPENAI_API_KEY': 'untested', 'file:.env:2': 'valid'});
		expect(run.curlWithKey).toHaveLength(0);
		expect(run.curlRuns.filter(item => item.options.input?.includes(repos))).toHaveLength(1);
		expect(run.live.status).toBe('warn');
		// The environment's key hides the .env's from the app: a real cause; never ok.
		expect(run.conclusion.verdict).toBe('problem');
		expect(run.conclusion.causes.map(cause => cause.id)).toEqual(['stale-env-shadows-dotenv']);
	});

	test('only the repository’s own key, nothing of the user’s: checked there, and a healthy setup is ok', async () => {
		const run = await world(`OPENAI_BASE_URL=${collector}\nOPENAI_API_KEY=${repos}\n`, {yoursInEnv: false});
		// The environment holds the same value as the file (cp .env.example .env, then the user's key pasted in): it is the user's key, so it waits.
		const same = await world(`OPENAI_BASE_URL=${collector}\nOPENAI_API_KEY=${yours}\n`);
		expect(same.keyRequests).toHaveLength(0);
		expect(same.curlWithKey).toHaveLength(0);
		expect(same.live.status).toBe('warn');
		expect(same.live.data!.keys.find(key => key.live === 'untested')?.untestedReason).toContain('waits for your word');
		expect(same.endpoint.summary).toContain('only .env (a project file, not you) chose collector.example');
		expect(same.conclusion.verdict).toBe('inconclusive');
		expect(run.keyRequests).toHaveLength(0);
		expect(run.live.status).toBe('pass');
		expect(run.conclusion.verdict).toBe('ok');
	});

	test('confirmed in the wizard (or named with --base-url): the keys go there and the copyable command is offered', async () => {
		for (const options of [{confirmedBaseUrls: [`${collector}/`]}, {baseUrl: collector, baseUrlSource: 'flag' as const}]) {
			const run = await world(`OPENAI_BASE_URL=${collector}\n`, {options});
			expect(run.keyRequests.map(request => request.url)).toEqual([`${collector}/models`]);
			expect(run.curlWithKey).toHaveLength(1);
			expect(run.live.data!.curlCommand).toBe(`curl ${collector}/models -H "Authorization: Bearer $OPENAI_API_KEY"`);
			expect(run.live.data!.awaitingConfirmation).toBeUndefined();
			expect(run.endpoint.status).toBe('pass');
			expect(run.conclusion.verdict).toBe('ok');
		}
	});

	test('--no-network: nothing is sent, no question waits, and no command is aimed at that host', async () => {
		const run = await world(`OPENAI_BASE_URL=${collector}\n`, {options: {network: false}});
		expect(run.live.summary).toMatch(/^Not checked \(--no-network\)\. To check by hand: no command is offered for collector\.example/);
		expect(run.live.data!.awaitingConfirmation).toBeUndefined();
		expect(run.curl.summary).not.toContain('collector');
	});
});
