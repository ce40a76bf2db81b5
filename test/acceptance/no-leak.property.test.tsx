import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildJsonReport, renderJsonReport} from '../../source/core/report/json-report.js';
import {renderMarkdownTranscript} from '../../source/core/report/markdown-transcript.js';
import {renderTextReport} from '../../source/core/report/text-report.js';
import type {RunOptions} from '../../source/core/types.js';
import {createClipboard} from '../../source/runner/clipboard.js';
import {realExec} from '../../source/runner/exec.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {startSession} from '../../source/runner/session.js';
import {WizardApp} from '../../source/ui/app.js';
import {cleanupRendered, renderAt} from '../helpers/render.js';
import {menuEntries} from '../ui/menu-entries.js';
import {
	makeAdminKey,
	makeAnthropicKey,
	makeAzureKey,
	makeDeepSeekKey,
	makeEarlyProjectKey,
	makeGoogleKey,
	makeGroqKey,
	makeHuggingFaceToken,
	makeJwt,
	makeNoProjectKey,
	makeOpenRouterKey,
	makePerplexityKey,
	makeProjectKey,
	makeServiceAccountKey,
	makeUserKey,
	makeXaiKey,
} from '../helpers/fake-keys.js';
import {startStandIn, type StandIn} from './openai-stand-in.js';

/**
 * The leak property: random keys of every known shape (reference §7), placed in random
 * sources — the process environment (right and misnamed variables), `.env` files, shell
 * profiles, the error the app printed (whole, split by a soft wrap, as its mask) — and no
 * output channel holds 10 characters in a row of a key's secret part (what follows its
 * public prefix): not `--json`, `--report`, the transcript and its JSON twin, stderr, the
 * wizard's frames, nor any request that leaves the process, but the one to the host the
 * user chose (a logging stand-in), and there only in the auth header. A proxy written
 * `host:port` on a second loopback address must not even get a connection. The wizard's
 * Copy is a channel too: every payload it writes, as the OSC 52 sequence (base64, which
 * the frames would not show) and as the system tool's stdin, is checked decoded.
 */

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Every key shape the tool knows, each from a seed. */
const shapes: Array<[string, (seed: number) => string]> = [
	['project', makeProjectKey],
	['early project', makeEarlyProjectKey],
	['user', makeUserKey],
	['service account', makeServiceAccountKey],
	['admin', makeAdminKey],
	['no project', makeNoProjectKey],
	['anthropic', makeAnthropicKey],
	['anthropic admin', seed => `sk-ant-admin01-${makeAnthropicKey(seed).slice(13)}`],
	['anthropic oauth', seed => `sk-ant-oat01-${makeAnthropicKey(seed).slice(13)}`],
	['openrouter', makeOpenRouterKey],
	['groq', makeGroqKey],
	['google', makeGoogleKey],
	['xai', makeXaiKey],
	['perplexity', makePerplexityKey],
	['deepseek', makeDeepSeekKey],
	['azure', makeAzureKey],
	['huggingface', makeHuggingFaceToken],
	['jwt', seed => makeJwt('https://auth.openai.com', seed)],
];

const publicPrefixes = ['sk-ant-api03-', 'sk-ant-admin01-', 'sk-ant-oat01-', 'sk-svcacct-', 'sk-admin-', 'sk-proj-', 'sk-None-', 'sk-or-v1-', 'sk-', 'gsk_', 'xai-', 'pplx-', 'hf_', 'AIza', 'eyJ'];

/** Every 10 characters in a row of the key's secret part. */
function secretWindows(key: string): string[] {
	const prefix = publicPrefixes.find(candidate => key.startsWith(candidate)) ?? '';
	const secret = key.slice(prefix.length);
	return Array.from({length: Math.max(0, secret.length - 9)}, (_, start) => secret.slice(start, start + 10));
}

/** The windows of any key found in `text`, for the failure message. */
function leaks(text: string, placed: readonly string[]): string[] {
	return placed.flatMap(key => secretWindows(key).filter(window => text.includes(window)).slice(0, 1).map(window => `${window} (of …${key.slice(-4)})`));
}

/** The text an OSC 52 sequence puts on the clipboard. */
function decodeOsc52(sequence: string): string {
	const match = /^\u001B\]52;c;([A-Za-z0-9+/=]*)\u0007$/.exec(sequence);
	return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : sequence;
}

/** Where a key is put. */
type Place = 'env' | 'env-azure' | 'env-misnamed' | 'dotenv' | 'dotenv-quoted' | 'dotenv-spaced' | 'dotenv-local' | 'profile' | 'error-whole' | 'error-echoed' | 'error-split' | 'error-mask';

type Scenario = {
	keys: Array<{value: string; places: Place[]; accepted: boolean}>;
	/** How the stand-in is named: --base-url, or OPENAI_BASE_URL in the environment. */
	baseUrlFrom: 'flag' | 'env';
	/** A proxy that must get nothing: the target is loopback. */
	proxy: 'none' | 'http_proxy host:port' | 'HTTPS_PROXY' | 'ALL_PROXY';
	trailingNewline: boolean;
};

const keyArbitrary = fc.record({
	shape: fc.constantFrom(...shapes),
	seed: fc.integer({min: 1, max: 2 ** 30}),
	places: fc.uniqueArray(fc.constantFrom<Place>('env', 'env-azure', 'env-misnamed', 'dotenv', 'dotenv-quoted', 'dotenv-spaced', 'dotenv-local', 'profile', 'error-whole', 'error-echoed', 'error-split', 'error-mask'), {minLength: 1, maxLength: 3}),
	accepted: fc.boolean(),
});

const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
	.record({
		keys: fc.array(keyArbitrary, {minLength: 1, maxLength: 3}),
		baseUrlFrom: fc.constantFrom<'flag' | 'env'>('flag', 'env'),
		proxy: fc.constantFrom<Scenario['proxy']>('none', 'http_proxy host:port', 'HTTPS_PROXY', 'ALL_PROXY'),
		trailingNewline: fc.boolean(),
	})
	.map(({keys, ...rest}) => ({
		...rest,
		keys: keys.map(({shape, seed, places, accepted}) => {
			// A key split by a soft wrap is caught as pieces of a key the tool knows: put it somewhere it is read, too.
			const known = places.some(place => !place.startsWith('error-'));
			return {value: shape[1](seed), places: places.includes('error-split') && !known ? [...places, 'dotenv' as const] : places, accepted};
		}),
	}));

/** The files, environment and error text a scenario makes, under `root`. */
async function materialise(scenario: Scenario, root: string, api: StandIn, trapPort: number) {
	const project = path.join(root, 'project');
	const home = path.join(root, 'home');
	await mkdir(project, {recursive: true});
	await mkdir(home, {recursive: true});
	const env: Record<string, string> = {PATH: process.env.PATH!, HOME: home, SHELL: '/bin/bash'};
	const dotenv: string[] = ['DEBUG=1'];
	const dotenvLocal: string[] = [];
	const profile: string[] = [];
	const errorParts: string[] = [];
	for (const {value, places} of scenario.keys) {
		const written = scenario.trailingNewline ? `${value}\n` : value;
		for (const place of places) {
			if (place === 'env') env.OPENAI_API_KEY = written;
			if (place === 'env-azure') env.AZURE_OPENAI_API_KEY = value;
			if (place === 'env-misnamed') env.OPENAI_KEY = value;
			if (place === 'dotenv') dotenv.push(`OPENAI_API_KEY=${value}`);
			if (place === 'dotenv-quoted') dotenv.push(`OPENAI_API_KEY="${value}"  # the team key`);
			if (place === 'dotenv-spaced') dotenv.push(`OPENAI_API_KEY = ${value}`);
			if (place === 'dotenv-local') dotenvLocal.push(`export OPENAI_API_KEY='${value}'`);
			if (place === 'profile') profile.push(`export OPENAI_API_KEY=${value}`);
			if (place === 'error-whole') errorParts.push(`  File "app.py", line 3, in <module>\n    client = OpenAI(api_key="${value}")`);
			// A relay that echoes the key it got, unmasked.
			if (place === 'error-echoed') errorParts.push(`openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Invalid key: ${value} (relay)', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`);
			if (place === 'error-split') errorParts.push(`key: ${value.slice(0, Math.floor(value.length / 2))}\r\n${value.slice(Math.floor(value.length / 2))}`);
			if (place === 'error-mask') errorParts.push(`Incorrect API key provided: ${value.length <= 8 ? value : `${value.slice(0, 8)}${'*'.repeat(value.length - 12)}${value.slice(-4)}`}.`);
		}
	}

	await writeFile(path.join(project, '.env'), `${dotenv.join('\n')}\n`);
	if (dotenvLocal.length > 0) await writeFile(path.join(project, '.env.local'), `${dotenvLocal.join('\n')}\n`);
	await writeFile(path.join(home, '.bash_profile'), `${profile.join('\n')}\n`);
	if (scenario.baseUrlFrom === 'env') env.OPENAI_BASE_URL = api.baseUrl;
	const trap = `127.0.0.2:${trapPort}`;
	if (scenario.proxy === 'http_proxy host:port') env.http_proxy = trap;
	if (scenario.proxy === 'HTTPS_PROXY') env.HTTPS_PROXY = `http://${trap}`;
	if (scenario.proxy === 'ALL_PROXY') env.ALL_PROXY = trap;
	for (const key of scenario.keys) if (key.accepted) accounts[key.value] = {};
	const errorText = errorParts.length > 0 ? `Traceback (most recent call last):\n${errorParts.join('\n')}` : undefined;
	return {project, home, env, errorText};
}

/** A TCP listener on 127.0.0.2 that counts connections: the proxy nothing may reach. */
async function startTrap(): Promise<{port: number; connections: () => number; close: () => Promise<void>}> {
	let connections = 0;
	const sockets = new Set<Socket>();
	const server: Server = createServer(socket => {
		connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.destroy();
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.2', resolve));
	return {
		port: (server.address() as {port: number}).port,
		connections: () => connections,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

/** Requests to the chosen host carry a key only in their auth header. */
function requestLeaks(api: StandIn, from: number, placed: readonly string[]): string[] {
	return api.requests.slice(from).flatMap(request => {
		const {authorization, 'api-key': apiKey, ...rest} = request.headers;
		return leaks(`${request.method} ${request.url}\n${JSON.stringify(rest)}\n${request.body}`, placed);
	});
}

let work: string;
let api: StandIn;
/** The stand-in reads its accounts at each request: a scenario's accepted keys are added here. */
const accounts: Record<string, object> = {};
let trap: Awaited<ReturnType<typeof startTrap>>;
let runs = 0;

beforeAll(async () => {
	work = await mkdtemp(path.join(tmpdir(), 'kw-no-leak-'));
	api = await startStandIn({accounts});
	trap = await startTrap();
});

afterAll(async () => {
	cleanupRendered();
	await api.close();
	await trap.close();
	await rm(work, {recursive: true, force: true});
});

describe('no output channel holds a key (fast-check)', () => {
	it('in process: --json, --report, the transcript and its JSON twin, every request', async () => {
		await fc.assert(
			fc.asyncProperty(scenarioArbitrary, async scenario => {
				const root = path.join(work, `in-process-${runs++}`);
				const {project, home, env, errorText} = await materialise(scenario, root, api, trap.port);
				const placed = scenario.keys.map(key => key.value);
				const ports = createRealPorts({cwd: project, home, env});
				const options: RunOptions = {
					cwd: project,
					baseUrl: api.baseUrl,
					baseUrlSource: scenario.baseUrlFrom === 'flag' ? 'flag' : 'env:OPENAI_BASE_URL',
					...(errorText === undefined ? {} : {errorText}),
					containers: [],
					network: true,
					timeoutMs: 4000,
					demo: false,
				};
				const before = api.requests.length;
				const trapBefore = trap.connections();
				const outcome = await startSession(ports, options).done;
				const report = buildJsonReport(outcome, outcome.probes, '0.0.0-test');
				const outputs = {
					json: renderJsonReport(report, outcome),
					report: renderTextReport(report, outcome.probes, outcome, {color: false}),
					transcript: renderMarkdownTranscript(report, outcome.probes, outcome, {date: '2026-01-01T00:00:00.000Z'}),
				};
				for (const [channel, text] of Object.entries(outputs)) expect(leaks(text, placed), channel).toEqual([]);
				expect(requestLeaks(api, before, placed), 'requests to the chosen host, outside the auth header').toEqual([]);
				for (const request of api.requests.slice(before)) expect(request.headers.host).toBe(api.host);
				expect(trap.connections() - trapBefore, 'connections to the proxy on 127.0.0.2').toBe(0);
			}),
			{numRuns: 25, seed: 20_261_203, endOnFailure: true},
		);
	}, 180_000);

	it('the wizard: every frame of a walk through the steps, every command it copies, and what it saves', async () => {
		// A clipboard tool that takes its stdin, as xclip does; the real clipboard port runs it.
		const clipboardBin = path.join(work, 'clipboard-bin');
		await mkdir(clipboardBin, {recursive: true});
		await writeFile(path.join(clipboardBin, 'xclip'), '#!/bin/sh\ncat >/dev/null\n', {mode: 0o755});
		await fc.assert(
			fc.asyncProperty(scenarioArbitrary, async scenario => {
				const root = path.join(work, `wizard-${runs++}`);
				const {project, home, env, errorText} = await materialise(scenario, root, api, trap.port);
				const placed = scenario.keys.map(key => key.value);
				// The wizard's frames are what is checked here: no shell, no curl (the headless runs cover them).
				const ports = {...createRealPorts({cwd: project, home, env: {...env, SHELL: ''}}), exec: async (file: string) => ({ok: false, stdout: '', stderr: '', failure: 'not-found' as const, message: `${file} is not installed.`, durationMs: 0})};
				const saved: string[] = [];
				// What Copy writes: the terminal's OSC 52 sequences and the clipboard tool's stdin.
				const terminal: string[] = [];
				const toolInputs: string[] = [];
				const clipboard = createClipboard({
					exec: async (file, args, execOptions) => {
						const result = await realExec(file, args, execOptions);
						// Counted once the tool is done: the wizard takes the next copy only then.
						if (execOptions.input !== undefined) toolInputs.push(execOptions.input);
						return result;
					},
					env: {PATH: clipboardBin, DISPLAY: ':0'},
					platform: 'linux',
					writeToTerminal: data => terminal.push(data),
					trusted: {projectDir: project, home},
				});
				const copied = () => terminal.length + toolInputs.length;
				let requested = 0;
				const options: RunOptions = {cwd: project, baseUrl: api.baseUrl, baseUrlSource: 'flag', ...(errorText === undefined ? {} : {errorText}), containers: [], network: true, timeoutMs: 4000, demo: false};
				const app = renderAt(
					<WizardApp
						ports={ports}
						options={options}
						version="9.9.9"
						startSession={startSession}
						save={async (markdown, json) => {
							saved.push(markdown, json);
							return {ok: true, markdownPath: 'a.md', jsonPath: 'a.json'};
						}}
						clipboard={clipboard}
						saveOnQuit
						color={false}
						animate={false}
					/>,
					{columns: 100},
				);
				/** Waits for a copy to land (both the OSC 52 sequence and the tool's stdin). */
				const landed = async (before: number) => {
					for (let waited = 0; copied() < before + 2 && waited < 5000; waited += 20) await new Promise(resolve => setTimeout(resolve, 20));
				};

				const settled = () => app.waitFor(frame => /^key-wizard /.test(frame) && !frame.split('\n')[0]!.includes('running') && !frame.split('\n')[0]!.includes('checking'), 20_000);
				try {
					// On every screen, copy each command it offers (c, then c2…c4), then take the first entry (the way on).
					for (let screen = 0; screen < 7; screen++) {
						const frame = await settled();
						const offered = menuEntries(frame).filter(entry => entry.label.startsWith('Copy:')).length;
						for (let number = 1; number <= Math.min(4, offered); number++) {
							requested += number === 1 ? 1 : 2;
							let before = copied();
							await app.press('c');
							await landed(before);
							if (number === 1) continue;
							before = copied();
							await app.press(String(number));
							await landed(before);
						}

						// A key with no meaning ends a lone `c`'s wait for a digit, so 1 is the menu's again.
						await app.press('x');
						await app.press('1');
					}

					await settled();
					// `q` quits, and with saveOnQuit (as `--save` gives) the transcript is written on the way out.
					await app.press('q');
					await app.waitUntilExit();
					expect(saved.length).toBeGreaterThan(0);
					const payloads = [...terminal.map(decodeOsc52), ...toolInputs];
					// Every copy went both ways, as one OSC 52 sequence and on the tool's stdin, with the same text.
					expect(requested).toBeGreaterThan(0);
					expect(terminal).toHaveLength(requested);
					expect(terminal.map(decodeOsc52)).toEqual(toolInputs);
					const frames = app.frames().join('\n');
					expect(leaks(frames, placed), 'wizard frames').toEqual([]);
					expect(leaks(payloads.join('\n'), placed), 'clipboard payloads (OSC 52 and the tool)').toEqual([]);
					expect(leaks(saved.join('\n'), placed), 'what the wizard saves').toEqual([]);
				} finally {
					app.unmount();
				}
			}),
			{numRuns: 6, seed: 20_261_204, endOnFailure: true},
		);
	}, 240_000);

	it('the built CLI: stdout and stderr of --json and --report, the saved transcript, with a real login shell and curl', async () => {
		const samples = fc.sample(scenarioArbitrary, {numRuns: 3, seed: 20_261_205});
		for (const scenario of samples) {
			const root = path.join(work, `cli-${runs++}`);
			const {project, home, env, errorText} = await materialise(scenario, root, api, trap.port);
			const placed = scenario.keys.map(key => key.value);
			const before = api.requests.length;
			const trapBefore = trap.connections();
			const transcript = path.join(root, 'session.md');
			const common = ['--cwd', project, '--timeout', '4000', ...(scenario.baseUrlFrom === 'flag' ? ['--base-url', api.baseUrl] : []), ...(errorText === undefined ? [] : ['--error', errorText])];
			const runsOfCli = await Promise.all([
				execa(process.execPath, [cli, '--json', ...common], {cwd: project, env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 60_000}),
				execa(process.execPath, [cli, '--report', '--save', transcript, ...common], {cwd: project, env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 60_000}),
			]);
			const saved = `${await readFile(transcript, 'utf8')}\n${await readFile(transcript.replace(/\.md$/, '.json'), 'utf8')}`;
			for (const [channel, text] of [
				['--json stdout', runsOfCli[0].stdout],
				['--json stderr', runsOfCli[0].stderr],
				['--report stdout', runsOfCli[1].stdout],
				['--report stderr', runsOfCli[1].stderr],
				['transcript', saved],
			] as const) {
				expect(leaks(text, placed), channel).toEqual([]);
			}

			expect(JSON.parse(runsOfCli[0].stdout).schemaVersion).toBe(1);
			expect(requestLeaks(api, before, placed)).toEqual([]);
			expect(trap.connections() - trapBefore).toBe(0);
		}
	}, 180_000);
});
