import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {chmod, chown, lstat, mkdir, readdir, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {createServer as createNetServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
	makeAdminKey,
	makeAnthropicKey,
	makeAzureKey,
	makeDeepSeekKey,
	makeEarlyProjectKey,
	makeGoogleKey,
	makeGroqKey,
	makeJwt,
	makeNoProjectKey,
	makeOpenRouterKey,
	makePerplexityKey,
	makeProjectKey,
	makeServiceAccountKey,
	makeUserKey,
	makeXaiKey,
} from '../helpers/fake-keys.js';
import {
	dropCli,
	giveToNobody,
	launch,
	leakedKey,
	makeWorld,
	modelsOk,
	openAIHeaders,
	processesOf,
	readIfThere,
	runToEnd,
	secretWindows,
	sha12,
	startLogger,
	terminalControl,
	until,
	writeFiles,
	type Answer,
	type Files,
	type Logged,
	type Logger,
	type Output,
	type World,
} from './attack-harness.js';
import {startForwardProxy, startStandIn, type ForwardProxy, type StandIn} from './openai-stand-in.js';

/**
 * Acceptance: the security corpus of issue 7, run as its evaluator would run it — the
 * BUILT CLI against realistic setups where a cloned project folder is the attacker:
 * `.env` files that name a collector (every form and place), proxies written without a
 * scheme and `no_proxy` forms, escape sequences in every outside text, tools planted
 * in the project, real signals with a look for leftover processes, `/dev/full`, `--save`
 * edge cases, keys that are common words, 300 keys, every key shape in every channel.
 * Each setup names the causes a knowledgeable human would name and those that must not
 * appear. Every run also holds the invariants: no stack trace, no hang, no terminal
 * control byte, no 10 characters of a key's secret part in any output, and no key in
 * any request but to a host the setup allows for it.
 */

const yours = makeProjectKey(9010);
const repos = makeProjectKey(9020);
const stale = makeProjectKey(9030);
const yourAzure = makeAzureKey(9040);
const reposAzure = makeAzureKey(9050);
const anthropic = makeAnthropicKey(9060);
const everyShape = [
	makeProjectKey(9100),
	makeEarlyProjectKey(9110),
	makeServiceAccountKey(9120),
	makeAdminKey(9130),
	makeUserKey(9140),
	makeNoProjectKey(9150),
	makeAnthropicKey(9160),
	makeOpenRouterKey(9170),
	makeGroqKey(9180),
	makeGoogleKey(9190),
	makeXaiKey(9200),
	makePerplexityKey(9210),
	makeDeepSeekKey(9220),
	makeAzureKey(9230),
	makeJwt('https://auth.openai.com', 9240),
];
const pool = Array.from({length: 300}, (_, index) => makeProjectKey(20_000 + index * 2));

/** Code that loads .env before the client is made: python-dotenv, the most common loader. */
const pythonApp = {'main.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n', 'requirements.txt': 'openai==1.54.3\npython-dotenv==1.0.1\n'};
/** A Next.js app: loads .env.local, .env.development… itself. */
const nextApp = {
	'package.json': JSON.stringify({name: 'web', scripts: {dev: 'next dev'}, dependencies: {next: '14.2.5', openai: '4.56.0', react: '18.3.1'}}),
	'app/api/chat/route.ts': "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function POST() { return Response.json(await client.models.list()); }\n",
};

/** The servers every case gets: the API the user may choose (127.0.0.1), a collector (127.0.0.2) and a proxy (127.0.0.3), all logging. */
type Servers = {
	api: StandIn;
	collector: Logger;
	proxy: Logger;
	/** api.openai.com itself, for cases with `realApi` (a TLS stand-in behind a forward proxy; `env` points the CLI at it). */
	real?: {api: StandIn; forward: ForwardProxy; env: Record<string, string>};
	/** More servers a case started (closed with the rest). */
	extra: Array<{close(): Promise<void>}>;
	local?: Logger;
};

/** What a case asks of one run. */
type Plan = {
	args?: string[];
	env?: Record<string, string>;
	mode?: '--json' | '--report';
	/** false: add --no-network. */
	network?: boolean;
	/** Add --save <out>/<name> and read what it wrote. */
	save?: string;
	asNobody?: boolean;
	stdoutTo?: string;
	/** Leave out the default --cwd. */
	noCwd?: boolean;
	cwd?: string;
};

/** What a run gave, for the checks. */
type Result = {
	output: Output;
	report?: Report;
	ids: string[];
	/** The transcript files --save wrote (Markdown and JSON), joined. */
	saved: string;
	world: World;
	servers: Servers;
};

type Report = {
	verdict: string;
	keys: Array<{fingerprint: string; sha256?: string; kind: string; sources: string[]; live: string}>;
	probes: Array<{id: string; status: string; summary: string}>;
	causes: Array<{id: string; evidence: string[]; fix: string[]; snippets: Array<{text: string}>}>;
};

/** A key may reach a server only when listed here for it. */
type Allowed = {api?: string[]; collector?: string[]; proxy?: string[]};

type Case = {
	name: string;
	/** The keys in play: none may be printed, and none may reach a server it is not allowed to. */
	keys: string[];
	/** Name of the project folder (outside text). */
	projectName?: string;
	project?: Files;
	parent?: Files;
	home?: Files;
	collectorAnswer?: (request: Logged) => Answer;
	proxyConnect?: Answer;
	/** Play api.openai.com (TLS, behind a forward proxy); the user's key in the environment is accepted there. */
	realApi?: boolean;
	prepare?: (world: World, servers: Servers) => Promise<void>;
	plan: (world: World, servers: Servers) => Plan;
	expect: {
		exit?: number | number[];
		verdict?: string;
		/** Causes that must be named (any one of a group given as 'a|b'). */
		causes?: string[];
		/** Causes that must not be named. */
		absent?: string[];
		/** No cause at all (a healthy setup). */
		healthy?: boolean;
		sentTo?: Allowed;
		/** Servers that must not even get a connection. */
		untouched?: Array<'api' | 'collector' | 'proxy'>;
		check?: (result: Result) => void | Promise<void>;
	};
};

function causeMatches(ids: string[], wanted: string): boolean {
	return wanted.split('|').some(id => ids.includes(id));
}

/** The text of every copyable command in a report (snippets), and curl lines in the text. */
function commands(result: Result): string {
	const snippets = result.report?.causes.flatMap(cause => cause.snippets.map(snippet => snippet.text)) ?? [];
	const lines = `${result.output.stdout}\n${result.saved}`.split('\n').filter(line => /\bcurl\s+(?:-\S+\s+)*['"]?https?:/.test(line));
	return [...snippets, ...lines].join('\n');
}

function probe(result: Result, id: string) {
	return result.report?.probes.find(item => item.id === id);
}

function keyOf(result: Result, value: string) {
	return result.report?.keys.find(entry => entry.sha256 === sha12(value));
}

/** Every key of `keys` that a logged request carries (whole, or 10 characters of its secret). */
function keysIn(text: string, keys: readonly string[]): string[] {
	return keys.filter(key => key.trim().length > 12 && (text.includes(key.trim()) || secretWindows(key).some(window => text.includes(window))));
}

function standInText(standIn: StandIn): string[] {
	return standIn.requests.map(request => `${request.method} ${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`);
}

const fingerprintTail = (key: string) => `…${key.trim().slice(-4)}`;
const stackTrace = /\n\s+at .+:\d+:\d+\)?/;
const servers: Servers['extra'] = [];
let certificate: {server: {key: string; cert: string}; caFile: string; folder: string} | undefined;

beforeAll(() => {
	try {
		const folder = mkdtempSync(path.join(tmpdir(), 'kw-attack-ca-'));
		const file = (name: string) => path.join(folder, name);
		const openssl = (...args: string[]) => execFileSync('openssl', args, {stdio: 'ignore'});
		openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '1', '-subj', '/CN=attack corpus CA');
		openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=api.openai.com');
		writeFileSync(file('ext.cnf'), 'subjectAltName=DNS:api.openai.com\n');
		openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '1', '-extfile', file('ext.cnf'));
		certificate = {server: {key: readFileSync(file('server.key'), 'utf8'), cert: readFileSync(file('server.pem'), 'utf8')}, caFile: file('ca.pem'), folder};
	} catch {
		certificate = undefined;
	}
});

afterAll(async () => {
	await Promise.all(servers.splice(0).map(server => server.close()));
	await dropCli();
	if (certificate) rmSync(certificate.folder, {recursive: true, force: true});
});

/** api.openai.com itself, played by a TLS stand-in behind a forward proxy on 127.0.0.4 that the CLI is told to use (no traffic leaves the machine). */
async function realApiHost(servers: Servers, accounts: string[]): Promise<{env: Record<string, string>; api: StandIn; forward: ForwardProxy}> {
	const api = await startStandIn({accounts: Object.fromEntries(accounts.map(key => [key, {}])), tls: certificate!.server});
	const forward = await startForwardProxy('forward', ['api.openai.com:443'], {host: '127.0.0.4', routes: {'api.openai.com:443': api.host}});
	servers.extra.push(api, forward);
	return {api, forward, env: {HTTPS_PROXY: forward.url, NODE_EXTRA_CA_CERTS: certificate!.caFile, CURL_CA_BUNDLE: certificate!.caFile}};
}

async function runCase(test: Case): Promise<Result> {
	const world = await makeWorld(test.projectName);
	const api = await startStandIn({accounts: {[yours]: {}, [repos]: {}, [pool[0]!]: {}}});
	const collector = await startLogger('127.0.0.2', test.collectorAnswer);
	const proxy = await startLogger('127.0.0.3', () => ({status: 502, body: 'proxy says no'}), test.proxyConnect);
	const servers: Servers = {api, collector, proxy, extra: []};
	try {
		if (test.realApi) servers.real = await realApiHost(servers, [yours]);
		await writeFiles(world.project, test.project);
		await writeFiles(world.parent, test.parent);
		await writeFiles(world.home, test.home);
		await test.prepare?.(world, servers);
		const plan = test.plan(world, servers);
		const mode = plan.mode ?? '--json';
		const args = [mode, ...(plan.noCwd ? [] : ['--cwd', world.project]), '--timeout', '4000', ...(plan.network === false ? ['--no-network'] : []), ...(plan.args ?? [])];
		const saveTarget = plan.save === undefined ? undefined : path.join(world.out, plan.save);
		if (saveTarget) args.push('--save', saveTarget);
		const output = await runToEnd({
			args,
			env: {PATH: '/usr/local/bin:/usr/bin:/bin', HOME: world.home, SHELL: '/bin/bash', LANG: 'C.UTF-8', ...servers.real?.env, ...plan.env},
			cwd: plan.cwd ?? world.project,
			asNobody: plan.asNobody,
			stdoutTo: plan.stdoutTo,
		});
		let report: Report | undefined;
		if (mode === '--json' && !plan.stdoutTo && output.stdout.trim().startsWith('{')) report = JSON.parse(output.stdout) as Report;
		const saved = saveTarget ? `${await readIfThere(saveTarget)}\n${await readIfThere(saveTarget.replace(/\.md$/, '') + '.json')}` : '';
		const ids = report ? report.causes.map(cause => cause.id) : [...output.stdout.matchAll(/\[([a-z0-9-]+), step \d/g)].map(match => match[1]!);
		const result: Result = {output, report, ids, saved, world, servers};
		judge(test, result);
		if (test.realApi) expect(servers.real!.api.requests.some(request => request.headers.authorization === `Bearer ${yours}`), 'api.openai.com never got the key').toBe(true);
		await test.expect.check?.(result);
		return result;
	} finally {
		await Promise.all([api.close(), collector.close(), proxy.close(), ...servers.extra.map(server => server.close())]);
		await execFileSync('chmod', ['-R', 'u+rwx', world.root]);
		await rm(world.root, {recursive: true, force: true});
	}
}

/** The invariants every run must hold, then the case's own expectations. */
function judge(test: Case, result: Result): void {
	const {output} = result;
	const context = `exit ${output.exitCode}; causes: ${result.ids.join(', ') || '(none)'}; stderr: ${output.stderr.slice(0, 400)}`;
	expect(output.timedOut, 'the CLI hung').toBe(false);
	expect(output.stderr, 'a stack trace on stderr').not.toMatch(stackTrace);
	expect(output.stderr, 'a runtime warning on stderr').not.toMatch(/\(node:\d+\)|Warning:/);
	const printed = `${output.stdout}\n${output.stderr}\n${result.saved}`;
	expect(leakedKey(printed, test.keys), 'a key is printed').toBeUndefined();
	expect(printed, 'a fingerprint redacted twice').not.toMatch(/\[part of|\[redacted[^\]]*\[/);
	const control = terminalControl.exec(`${output.stdout}${output.stderr}`);
	expect(control === null, `a terminal control character ${JSON.stringify(control?.[0])} in the output`).toBe(true);
	const allowed = test.expect.sentTo ?? {};
	const sent: Record<string, string[]> = {
		api: standInText(result.servers.api).flatMap(text => keysIn(text, test.keys)),
		collector: result.servers.collector.requests.flatMap(request => keysIn(`${request.head}\n${request.body}`, test.keys)),
		proxy: result.servers.proxy.requests.flatMap(request => keysIn(`${request.head}\n${request.body}`, test.keys)),
	};
	for (const [server, keys] of Object.entries(sent)) {
		for (const key of new Set(keys)) expect(allowed[server as keyof Allowed] ?? [], `key ${fingerprintTail(key)} reached the ${server}`).toContain(key);
	}

	for (const name of test.expect.untouched ?? []) {
		const server = result.servers[name];
		expect((server as {connections: number}).connections, `the ${name} got a connection`).toBe(0);
	}

	const exits = test.expect.exit === undefined ? undefined : [test.expect.exit].flat();
	if (exits) expect(exits, context).toContain(output.exitCode);
	if (test.expect.verdict) expect(result.report?.verdict, context).toBe(test.expect.verdict);
	for (const wanted of test.expect.causes ?? []) expect(causeMatches(result.ids, wanted), `${wanted} not named; ${context}`).toBe(true);
	for (const unwanted of test.expect.absent ?? []) expect(result.ids, context).not.toContain(unwanted);
	if (test.expect.healthy) expect(result.ids, context).toEqual([]);
}

// ---------------------------------------------------------------------------------------
// The corpus.
// ---------------------------------------------------------------------------------------

/** The report's live-check summary and the endpoint's, for the "host only a file names" cases. */
function expectWaitsForTheUser(result: Result, host: string): void {
	expect(commands(result), 'a copyable command aims at the unconfirmed host').not.toContain(host);
	expect(keyOf(result, yours)?.live ?? 'untested').not.toBe('valid');
}

const hostFromFile: Case[] = [
	{
		name: 'E1 project .env names a collector (OPENAI_BASE_URL, python-dotenv app): the user’s key waits; exit 3',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {exit: 3, verdict: 'inconclusive', untouched: ['collector'], check: result => expectWaitsForTheUser(result, '127.0.0.2')},
	},
	{
		name: 'E2 Next.js .env.local names the collector: same',
		keys: [yours],
		project: nextApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env.local': `OPENAI_BASE_URL=${collector.baseUrl}\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {exit: 3, untouched: ['collector'], check: result => expectWaitsForTheUser(result, '127.0.0.2')},
	},
	{
		name: 'E3 a parent folder’s .env (no .git) names the collector: same',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.parent, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {exit: 3, untouched: ['collector'], check: result => expectWaitsForTheUser(result, '127.0.0.2')},
	},
	{
		name: 'E4 the host is assembled with ${} references (GW=…; OPENAI_BASE_URL=http://${GW}/v1): same',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `GW=${collector.authority}\nOPENAI_BASE_URL=http://\${GW}/v1\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {exit: 3, untouched: ['collector'], check: result => expectWaitsForTheUser(result, '127.0.0.2')},
	},
	{
		name: 'E5 export, quotes and a comment: export OPENAI_BASE_URL="…" # gateway',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `# team gateway\nexport OPENAI_BASE_URL="${collector.baseUrl}" # gateway\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {exit: 3, untouched: ['collector'], check: result => expectWaitsForTheUser(result, '127.0.0.2')},
	},
	{
		name: 'E6 loopback included: .env names http://localhost:PORT (a local collector)',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, servers) => {
			const local = await startLogger('127.0.0.1');
			servers.extra.push(local);
			servers.local = local;
			await writeFiles(world.project, {'.env': `OPENAI_BASE_URL=http://localhost:${local.port}/v1\n`});
		},
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {
			exit: 3,
			check: result => {
				const local = result.servers.local!;
				expect(local.connections, 'the localhost collector got a connection').toBe(0);
			},
		},
	},
	{
		name: 'E7 AZURE_OPENAI_ENDPOINT only in .env; the user’s Azure key in the environment: not sent',
		keys: [yourAzure],
		project: {'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import AzureOpenAI\nclient = AzureOpenAI()\n'},
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `AZURE_OPENAI_ENDPOINT=http://${collector.authority}/\nOPENAI_API_VERSION=2024-10-21\n`}),
		plan: () => ({env: {AZURE_OPENAI_API_KEY: yourAzure}}),
		expect: {exit: 3, untouched: ['collector'], check: result => expect(commands(result)).not.toContain('127.0.0.2')},
	},
	{
		name: 'E8 .env holds its own Azure endpoint and key: that key may go there, the user’s OpenAI key never',
		keys: [yours, reposAzure],
		project: {'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import AzureOpenAI\nclient = AzureOpenAI()\n'},
		prepare: async (world, {collector}) =>
			writeFiles(world.project, {'.env': `AZURE_OPENAI_ENDPOINT=http://${collector.authority}/\nAZURE_OPENAI_API_KEY=${reposAzure}\nOPENAI_API_VERSION=2024-10-21\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {sentTo: {collector: [reposAzure]}},
	},
	{
		name: 'E9 .env holds the collector and its own key; the app (dotenv, no override) would send the user’s: only the repo’s key goes',
		keys: [yours, repos],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${repos}\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {exit: [1, 3], sentTo: {collector: [repos]}, check: result => expect(result.report?.verdict).not.toBe('ok')},
	},
	{
		name: 'E10 the committed .env names the host, the user’s .env.local holds the key: two files, so the key waits',
		keys: [yours],
		project: nextApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\n`, '.env.local': `OPENAI_API_KEY=${yours}\n`}),
		plan: () => ({}),
		expect: {exit: 3, untouched: ['collector'], check: result => expectWaitsForTheUser(result, '127.0.0.2')},
	},
	{
		name: 'E11 a parent folder owned by another user holds .env with a host and a key: no settings from it, said by the .env check',
		keys: [yours, repos],
		project: pythonApp,
		prepare: async (world, {collector}) => {
			await writeFiles(world.parent, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${repos}\n`});
			await chown(world.parent, 65_534, 65_534);
			await chown(path.join(world.parent, '.env'), 65_534, 65_534);
		},
		plan: () => ({env: {OPENAI_API_KEY: yours}, network: false}),
		expect: {untouched: ['collector'], check: result => expect(probe(result, 'dotenv')?.status).toBe('warn')},
	},
	{
		name: 'E12 a world-writable parent folder (a shared workspace) holds .env with a host and a key: ignored for settings, even the file’s own key',
		keys: [yours, repos],
		project: pythonApp,
		prepare: async (world, {collector}) => {
			await writeFiles(world.parent, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${repos}\n`});
			await chmod(world.parent, 0o1777);
		},
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {untouched: ['collector'], check: result => expect(probe(result, 'dotenv')?.status).toBe('warn')},
	},
	{
		name: 'E13 the project’s own .env is writable by anyone (mode 666): its host is not used',
		keys: [yours, repos],
		project: pythonApp,
		prepare: async (world, {collector}) => {
			await writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${repos}\n`});
			await chmod(path.join(world.project, '.env'), 0o666);
		},
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {untouched: ['collector'], check: result => expect(probe(result, 'dotenv')?.status).toBe('warn')},
	},
	{
		name: 'E14 .env is a symbolic link into a folder anyone may write: its host is not used',
		keys: [yours, repos],
		project: pythonApp,
		prepare: async (world, {collector}) => {
			const shared = path.join(world.root, 'shared');
			await mkdir(shared);
			await chmod(shared, 0o777);
			await writeFile(path.join(shared, 'team.env'), `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${repos}\n`);
			await symlink(path.join(shared, 'team.env'), path.join(world.project, '.env'));
		},
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {untouched: ['collector']},
	},
	{
		name: 'E15 a .env above the git root is not part of the project: not read at all',
		keys: [yours, repos],
		project: {...pythonApp, '.git/HEAD': 'ref: refs/heads/main\n', '.git/config': '[core]\n\trepositoryformatversion = 0\n\tbare = false\n', '.git/objects/.keep': '', '.git/refs/heads/.keep': ''},
		prepare: async (world, {collector}) => writeFiles(world.parent, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${repos}\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {untouched: ['collector'], check: result => expect(keyOf(result, repos), 'a key from above the git root is listed').toBeUndefined()},
	},
	{
		name: 'E16 the legacy OPENAI_API_BASE in .env is only reported (today’s SDKs ignore it)',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_API_BASE=${collector.baseUrl}\n`}),
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl]}),
		expect: {sentTo: {api: [yours]}, untouched: ['collector'], absent: ['key-invalid', 'base-url-mismatch']},
	},
	{
		name: 'E17 user’s OPENAI_BASE_URL in the environment beats the .env’s (dotenv keeps what is set): keys go to the user’s host; healthy',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\n`}),
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours, OPENAI_BASE_URL: api.baseUrl}}),
		expect: {exit: 0, healthy: true, sentTo: {api: [yours]}, untouched: ['collector']},
	},
	{
		name: 'E18 the user confirms the collector with --base-url: it is their choice, the key goes there (near-miss)',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\n`}),
		plan: ({}, {collector}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', collector.baseUrl]}),
		expect: {exit: 0, sentTo: {collector: [yours]}},
	},
	{
		name: 'E19 .env names api.openai.com itself (the default host): nothing to confirm, the key is checked there; healthy (near-miss)',
		keys: [yours],
		project: pythonApp,
		realApi: true,
		prepare: async world => writeFiles(world.project, {'.env': 'OPENAI_BASE_URL=https://api.openai.com/v1\n'}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {exit: 0, healthy: true},
	},
	{
		name: 'E20 userinfo dressed as the default host: http://api.openai.com@127.0.0.2:PORT/v1 in .env is the collector',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=http://api.openai.com@${collector.authority}/v1\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {untouched: ['collector'], check: result => expect(result.report?.verdict).not.toBe('ok')},
	},
	{
		name: 'E21 a repo’s own gateway and own key, no key of the user’s anywhere: checked there; healthy',
		keys: [repos],
		project: pythonApp,
		prepare: async (world, {api}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${api.baseUrl}\nOPENAI_API_KEY=${repos}\n`}),
		plan: () => ({}),
		expect: {exit: 0, healthy: true, sentTo: {api: [repos]}},
	},
	{
		name: 'E23 cp .env.example .env, then the user pastes their key: the same key is exported in the environment too, so it is the user’s, not the file’s',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${yours}\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {exit: 3, untouched: ['collector'], check: result => expectWaitsForTheUser(result, '127.0.0.2')},
	},
	{
		name: 'E24 the same, the key also in ~/.bashrc (not in this terminal): still the user’s',
		keys: [yours],
		project: pythonApp,
		home: {'.bashrc': `export OPENAI_API_KEY=${yours}\n`},
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=${yours}\n`}),
		plan: () => ({}),
		expect: {untouched: ['collector']},
	},
	{
		name: 'E25 AZURE_OPENAI_API_KEY=${MY_AZURE_KEY} beside the collector as endpoint: the expanded key is the user’s',
		keys: [yourAzure],
		project: {'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import AzureOpenAI\nclient = AzureOpenAI()\n'},
		prepare: async (world, {collector}) =>
			writeFiles(world.project, {'.env': `AZURE_OPENAI_ENDPOINT=http://${collector.authority}/\nAZURE_OPENAI_API_KEY=\${MY_AZURE_KEY}\nOPENAI_API_VERSION=2024-10-21\n`}),
		plan: () => ({env: {MY_AZURE_KEY: yourAzure}}),
		expect: {untouched: ['collector']},
	},
	{
		name: 'E26 OPENAI_BASE_URL=${OPENAI_BASE_URL:-http://collector} in .env: the user’s own OPENAI_BASE_URL wins, the default never applies',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=\${OPENAI_BASE_URL:-${collector.baseUrl}}\n`}),
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours, OPENAI_BASE_URL: api.baseUrl}}),
		expect: {exit: 0, healthy: true, sentTo: {api: [yours]}, untouched: ['collector']},
	},
	{
		name: 'E22 --report and the saved transcript of E1: no command aimed at the collector there either',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${collector.baseUrl}\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}, mode: '--report', save: 'session.md'}),
		expect: {exit: 3, untouched: ['collector'], check: result => expect(commands(result)).not.toContain('127.0.0.2')},
	},
];

/** A loopback base URL for the API (what the user chose). */
const loopbackApi = ({}: World, {api}: Servers) => api.baseUrl;

const proxies: Case[] = [
	{
		name: 'P1 http_proxy=host:port without a scheme, loopback API: never through the proxy; healthy',
		keys: [yours],
		plan: (world, servers) => ({env: {OPENAI_API_KEY: yours, http_proxy: servers.proxy.authority}, args: ['--base-url', loopbackApi(world, servers)]}),
		expect: {exit: 0, healthy: true, sentTo: {api: [yours]}, untouched: ['proxy']},
	},
	{
		name: 'P2 HTTP_PROXY and ALL_PROXY without a scheme, http://localhost API: never through the proxy',
		keys: [yours],
		plan: ({}, {api, proxy}) => ({env: {OPENAI_API_KEY: yours, HTTP_PROXY: proxy.authority, ALL_PROXY: proxy.authority}, args: ['--base-url', `http://localhost:${api.port}/v1`]}),
		expect: {exit: 0, healthy: true, sentTo: {api: [yours]}, untouched: ['proxy']},
	},
	{
		name: 'P3 http_proxy with a scheme, API at http://[::ffff:127.0.0.1]: loopback by address, no proxy',
		keys: [yours],
		plan: ({}, {api, proxy}) => ({env: {OPENAI_API_KEY: yours, http_proxy: `http://${proxy.authority}`}, args: ['--base-url', `http://[::ffff:127.0.0.1]:${api.port}/v1`]}),
		expect: {exit: 0, sentTo: {api: [yours]}, untouched: ['proxy']},
	},
	{
		name: 'P4 http_proxy without a scheme and a plain-HTTP API on another machine: refused, nothing sent, not even to the proxy',
		keys: [yours],
		plan: ({}, {proxy}) => ({env: {OPENAI_API_KEY: yours, http_proxy: proxy.authority}, args: ['--base-url', 'http://gateway.corp.example:8080/v1']}),
		expect: {causes: ['unsafe-base-url'], untouched: ['proxy']},
	},
	{
		name: 'P5 https_proxy=host:port (no scheme) that wants credentials: the proxy is used, 407 named; the proxy sees no key',
		keys: [yours],
		proxyConnect: {status: 407, headers: [['proxy-authenticate', 'Basic realm="corp"']], body: ''},
		plan: ({}, {proxy}) => ({env: {OPENAI_API_KEY: yours, https_proxy: proxy.authority}}),
		expect: {causes: ['proxy-interference'], absent: ['network-unreachable'], check: result => expect(result.servers.proxy.requests.some(request => request.method === 'CONNECT' && request.target === 'api.openai.com:443')).toBe(true)},
	},
	{
		name: 'P6 HTTPS_PROXY with NO_PROXY=.openai.com: the API is not proxied (no proxy-interference)',
		keys: [yours],
		proxyConnect: {status: 407, headers: [['proxy-authenticate', 'Basic realm="corp"']], body: ''},
		plan: ({}, {proxy}) => ({env: {OPENAI_API_KEY: yours, HTTPS_PROXY: `http://${proxy.authority}`, NO_PROXY: '.openai.com'}}),
		expect: {absent: ['proxy-interference'], untouched: ['proxy']},
	},
	{
		name: 'P7 NO_PROXY=openai.com (no leading dot) covers api.openai.com, as curl and Python read it',
		keys: [yours],
		proxyConnect: {status: 407, headers: [['proxy-authenticate', 'Basic realm="corp"']], body: ''},
		plan: ({}, {proxy}) => ({env: {OPENAI_API_KEY: yours, HTTPS_PROXY: `http://${proxy.authority}`, NO_PROXY: 'localhost,openai.com'}}),
		expect: {absent: ['proxy-interference'], untouched: ['proxy']},
	},
	{
		name: 'P8 no_proxy=* : nothing is proxied',
		keys: [yours],
		proxyConnect: {status: 407, headers: [['proxy-authenticate', 'Basic realm="corp"']], body: ''},
		plan: ({}, {proxy}) => ({env: {OPENAI_API_KEY: yours, https_proxy: proxy.authority, no_proxy: '*'}}),
		expect: {absent: ['proxy-interference'], untouched: ['proxy']},
	},
	{
		name: 'P9 the proxy’s password is a secret too: HTTPS_PROXY=http://user:pass@host:port (407) never prints it',
		keys: [yours],
		proxyConnect: {status: 407, headers: [['proxy-authenticate', 'Basic realm="corp"']], body: ''},
		plan: ({}, {proxy}) => ({env: {OPENAI_API_KEY: yours, HTTPS_PROXY: `http://jdoe:Pr0xyS3cretValue@${proxy.authority}`}, mode: '--report'}),
		expect: {
			causes: ['proxy-interference'],
			check: result => expect(`${result.output.stdout}${result.output.stderr}`).not.toContain('Pr0xyS3cretValue'),
		},
	},
	{
		name: 'P10 healthy through a forward proxy to api.openai.com (CONNECT only, key inside TLS)',
		keys: [yours],
		realApi: true,
		plan: () => ({env: {OPENAI_API_KEY: yours}}),
		expect: {exit: 0, healthy: true},
	},
];

const loopback: Case[] = [
	{
		name: 'L1 http://foo.localhost:PORT is not loopback by address: refused, no connection',
		keys: [yours],
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', `http://foo.localhost:${api.port}/v1`]}),
		expect: {causes: ['unsafe-base-url'], untouched: ['api']},
	},
	{
		name: 'L2 http://127.0.0.1.nip.io is a name, not an address: refused as unsafe (not a network error)',
		keys: [yours],
		plan: () => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', 'http://127.0.0.1.nip.io:8080/v1']}),
		expect: {causes: ['unsafe-base-url'], absent: ['network-unreachable']},
	},
	{
		name: 'L3 http://127.1:PORT is 127.0.0.1: checked; healthy',
		keys: [yours],
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', `http://127.1:${api.port}/v1`]}),
		expect: {exit: 0, healthy: true, sentTo: {api: [yours]}},
	},
	{
		name: 'L4 http://[::1]:PORT (IPv6 loopback) from the environment: checked; healthy',
		keys: [yours],
		prepare: async (_world, servers) => {
			const v6 = await startLogger('::1');
			servers.extra.push(v6);
			servers.local = v6;
		},
		plan: ({}, servers) => ({env: {OPENAI_API_KEY: yours, OPENAI_BASE_URL: servers.local!.baseUrl}}),
		expect: {exit: 0, check: result => expect(result.servers.local!.requests.length).toBeGreaterThan(0)},
	},
	{
		name: 'L5 http://0x7f000001:PORT (hex form of 127.0.0.1): loopback by address; healthy',
		keys: [yours],
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', `http://0x7f000001:${api.port}/v1`]}),
		expect: {exit: 0, sentTo: {api: [yours]}},
	},
	{
		name: 'L7 http://localhost.:PORT (a trailing dot is a name for DNS, not localhost itself): refused',
		keys: [yours],
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', `http://localhost.:${api.port}/v1`]}),
		expect: {causes: ['unsafe-base-url'], untouched: ['api']},
	},
	{
		name: 'L8 the user’s gateway answers 307 to another host: not followed, by the live check or by curl',
		keys: [yours],
		collectorAnswer: () => 'hang',
		prepare: async (_world, servers) => {
			const gateway = await startLogger('127.0.0.5', () => ({status: 307, headers: [['location', `${servers.collector.baseUrl}/models`], ['content-type', 'text/plain']], body: 'Temporary Redirect'}));
			servers.extra.push(gateway);
			servers.local = gateway;
		},
		plan: ({}, servers) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', servers.local!.baseUrl]}),
		expect: {untouched: ['collector'], absent: ['key-invalid'], check: result => expect(result.servers.local!.requests.length).toBeGreaterThan(0)},
	},
	{
		name: 'L6 http://10.1.2.3 (private, not loopback): refused with unsafe-base-url, no key sent',
		keys: [yours],
		plan: () => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', 'http://10.1.2.3:8000/v1']}),
		expect: {causes: ['unsafe-base-url'], exit: 1},
	},
];

const osc52 = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';
const csi = '\u001b[2J\u001b[31m';

const escapes: Case[] = [
	{
		name: 'T1 a folder name with OSC 52 and CSI, --report: nothing raw reaches the terminal',
		keys: [yours],
		projectName: `app${osc52}${csi}x`,
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${stale}\n`},
		plan: () => ({env: {OPENAI_API_KEY: yours}, mode: '--report', network: false}),
		expect: {causes: ['stale-env-shadows-dotenv']},
	},
	{
		name: 'T2 the same folder, --json',
		keys: [yours],
		projectName: `app${osc52}${csi}x`,
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${stale}\n`},
		plan: () => ({env: {OPENAI_API_KEY: yours}, network: false}),
		expect: {causes: ['stale-env-shadows-dotenv']},
	},
	{
		name: 'T3 .env values and names with escapes (a key with ESC glued on, an org id, a variable name), --report',
		keys: [yours],
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${yours}${csi}\nOPENAI_ORG_ID=${osc52}org-x\nX${csi}Y=1\n`},
		plan: () => ({mode: '--report', network: false}),
		expect: {causes: ['key-invisible-chars|key-malformed|key-whitespace']},
	},
	{
		name: 'T4 a profile line with escapes, --report',
		keys: [yours],
		home: {'.bashrc': `# ${osc52}\nexport OPENAI_API_KEY='${osc52}'\n`, '.profile': `. ~/.bashrc\n`},
		plan: () => ({mode: '--report', network: false}),
		expect: {},
	},
	{
		name: 'T5 --error with OSC 52 around a key mask, --report',
		keys: [yours],
		plan: () => ({env: {OPENAI_API_KEY: yours}, mode: '--report', network: false, args: ['--error', `${osc52}Error code: 401 - Incorrect API key provided: sk-proj-****${csi}abcd`]}),
		expect: {},
	},
	{
		name: 'T6 --cwd a missing folder whose name holds escapes: one clean line on stderr, exit 2',
		keys: [],
		plan: world => ({noCwd: true, args: ['--cwd', path.join(world.root, `nope${osc52}`)], network: false}),
		expect: {exit: 2, check: result => expect(result.output.stderr.trim().split('\n')).toHaveLength(1)},
	},
	{
		name: 'T7 --save to a name with escapes: the "saved to" line is clean, the file is there',
		keys: [yours],
		plan: () => ({env: {OPENAI_API_KEY: yours}, mode: '--report', network: false, save: `report${osc52}.md`}),
		expect: {exit: [1, 3], check: async result => expect((await readdir(result.world.out)).length).toBe(2)},
	},
	{
		name: 'T8 the server’s 401 body holds escapes: clean output, still key-invalid',
		keys: [yours],
		collectorAnswer: () => ({
			status: 401,
			headers: openAIHeaders(),
			body: JSON.stringify({error: {message: `Incorrect API key provided: ${osc52}sk-proj-********${csi}wxyz. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key'}}),
		}),
		plan: ({}, {collector}) => ({env: {OPENAI_API_KEY: yours}, mode: '--report', args: ['--base-url', collector.baseUrl]}),
		expect: {exit: 1, causes: ['key-invalid'], sentTo: {collector: [yours]}},
	},
	{
		name: 'T13 a gateway echoes the whole key back in its 401 (and in a header): never printed',
		keys: [yours],
		collectorAnswer: request => {
			const sent = /authorization: Bearer (\S+)/i.exec(request.head)?.[1] ?? '';
			return {status: 401, headers: [['content-type', 'application/json'], ['x-echo', sent]], body: JSON.stringify({error: {message: `Invalid token: ${sent}`, type: 'authentication_error', code: 'api_key_invalid'}})};
		},
		plan: ({}, {collector}) => ({env: {OPENAI_API_KEY: yours}, mode: '--report', save: 'echo.md', args: ['--base-url', collector.baseUrl]}),
		expect: {exit: 1, sentTo: {collector: [yours]}, causes: ['base-url-mismatch|key-invalid|proxy-interference']},
	},
	{
		name: 'T14 a gateway answers with a 5 MB body: read bounded, the run ends',
		keys: [yours],
		collectorAnswer: () => ({status: 401, headers: [['content-type', 'text/html']], body: `<html>${'x'.repeat(5 * 1024 * 1024)}</html>`}),
		plan: ({}, {collector}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', collector.baseUrl]}),
		expect: {exit: 1, sentTo: {collector: [yours]}},
	},
	{
		name: 'T15 the user’s API never answers: the run still ends within the time limit, inconclusive',
		keys: [yours],
		collectorAnswer: () => 'hang',
		plan: ({}, {collector}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', collector.baseUrl]}),
		expect: {exit: 3, verdict: 'inconclusive', sentTo: {collector: [yours]}, absent: ['key-invalid']},
	},
	{
		name: 'T9 a response header holds ESC: clean output, and no claim that the key could not be sent as a header',
		keys: [yours],
		collectorAnswer: () => ({...(modelsOk as Exclude<Answer, 'hang'>), headers: [...(modelsOk as Exclude<Answer, 'hang'>).headers!, ['x-debug', `\u001b[31mred\u001b]0;title\u0007`]]}),
		plan: ({}, {collector}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', collector.baseUrl]}),
		expect: {
			sentTo: {collector: [yours]},
			absent: ['key-whitespace', 'key-invisible-chars', 'key-malformed'],
			check: result => expect(result.output.stdout).not.toMatch(/refused to send the key/),
		},
	},
	{
		name: 'T10 C1 controls (8-bit CSI U+009B) in a folder name and a .env value',
		keys: [yours],
		projectName: 'app\u009b2Jx',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${stale}\nNOTE=\u009b31mred\n`},
		plan: () => ({env: {OPENAI_API_KEY: yours}, mode: '--report', network: false}),
		expect: {causes: ['stale-env-shadows-dotenv']},
	},
	{
		name: 'T11 a source file whose name holds escapes and a key in it: hardcoded-key named, clean output',
		keys: [repos],
		project: {[`src/conf${csi}.py`]: `from openai import OpenAI\nclient = OpenAI(api_key="${repos}")\n`},
		plan: () => ({mode: '--report', network: false}),
		expect: {causes: ['hardcoded-key']},
	},
	{
		name: 'T12 --container and --k8s-secret names with escapes: clean output, no crash',
		keys: [yours],
		plan: () => ({env: {OPENAI_API_KEY: yours}, mode: '--report', network: false, args: ['--container', `web${osc52}`]}),
		expect: {exit: [1, 2, 3]},
	},
];

/** Executables a cloned repository plants: each leaves a mark and stands in for a real tool. */
function planted(marker: string, names: string[], folders: string[]): Files {
	const script = (name: string) => `#!/bin/sh\necho "${name} $*" >> '${marker}'\ncat >> '${marker}' 2>/dev/null </dev/stdin &\nexit 0\n`;
	const files: Files = {};
	for (const folder of folders) for (const name of names) files[`${folder ? `${folder}/` : ''}${name}*`] = script(name);
	return files;
}

const toolNames = ['curl', 'timeout', 'bash', 'sh', 'zsh', 'git', 'docker', 'docker-compose', 'kubectl', 'python', 'python3', 'pip', 'pip3', 'env', 'sleep', 'fish', 'node', 'npm', 'which', 'uname', 'id', 'ps', 'aws', 'gcloud', 'az'];
const richProject = {
	...pythonApp,
	'compose.yaml': 'services:\n  web:\n    build: .\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n',
	Dockerfile: 'FROM python:3.12\nCOPY . .\n',
	'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web\n          env:\n            - name: OPENAI_API_KEY\n              valueFrom: {secretKeyRef: {name: openai, key: OPENAI_API_KEY}}\n',
	'package.json': JSON.stringify({name: 'x', dependencies: {openai: '4.56.0'}}),
};

async function gitInit(world: World): Promise<void> {
	const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], {cwd: world.project, stdio: 'ignore', env: {PATH: '/usr/bin:/bin', HOME: world.home}});
	git('init', '-q');
	git('add', '-A');
	git('commit', '-q', '-m', 'init');
}

const plantedTools: Case[] = [
	{
		name: 'X1 tools planted in the project and node_modules/.bin, PATH with relative entries first: none runs',
		keys: [yours],
		project: richProject,
		prepare: async world => {
			const marker = path.join(world.root, 'PLANTED-RAN');
			await writeFiles(world.project, planted(marker, toolNames, ['', 'node_modules/.bin', 'bin']));
			await gitInit(world);
		},
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours, PATH: '.:node_modules/.bin:bin:/usr/local/bin:/usr/bin:/bin'}, args: ['--base-url', api.baseUrl]}),
		expect: {sentTo: {api: [yours]}, check: async result => expect(await readIfThere(path.join(result.world.root, 'PLANTED-RAN'))).toBe('')},
	},
	{
		name: 'X2 the same tools on absolute PATH entries inside the project: none runs',
		keys: [yours],
		project: richProject,
		prepare: async world => {
			const marker = path.join(world.root, 'PLANTED-RAN');
			await writeFiles(world.project, planted(marker, toolNames, ['bin', 'node_modules/.bin', '']));
			await gitInit(world);
		},
		plan: (world, {api}) => ({
			env: {OPENAI_API_KEY: yours, PATH: `${world.project}/bin:${world.project}/node_modules/.bin:${world.project}:/usr/local/bin:/usr/bin:/bin`},
			args: ['--base-url', api.baseUrl],
		}),
		expect: {sentTo: {api: [yours]}, check: async result => expect(await readIfThere(path.join(result.world.root, 'PLANTED-RAN'))).toBe('')},
	},
	{
		name: 'X3 an empty PATH entry (it means the current folder) in front: none runs',
		keys: [yours],
		project: richProject,
		prepare: async world => writeFiles(world.project, planted(path.join(world.root, 'PLANTED-RAN'), toolNames, [''])),
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours, PATH: ':/usr/local/bin:/usr/bin:/bin'}, args: ['--base-url', api.baseUrl]}),
		expect: {sentTo: {api: [yours]}, check: async result => expect(await readIfThere(path.join(result.world.root, 'PLANTED-RAN'))).toBe('')},
	},
	{
		name: 'X4 a planted virtualenv (.venv/bin/python, venv/bin/pip): not executed',
		keys: [yours],
		project: pythonApp,
		prepare: async world => {
			const marker = path.join(world.root, 'PLANTED-RAN');
			await writeFiles(world.project, {
				...planted(marker, ['python', 'python3', 'pip', 'pip3'], ['.venv/bin', 'venv/bin']),
				'.venv/pyvenv.cfg': 'home = /usr/bin\nversion = 3.11.2\n',
				'venv/pyvenv.cfg': 'home = /usr/bin\nversion = 3.11.2\n',
				'.venv/lib/python3.11/site-packages/openai-1.54.3.dist-info/METADATA': 'Metadata-Version: 2.1\nName: openai\nVersion: 1.54.3\n',
			});
		},
		plan: () => ({env: {OPENAI_API_KEY: yours, VIRTUAL_ENV: '', PATH: '/usr/local/bin:/usr/bin:/bin'}, network: false}),
		expect: {check: async result => expect(await readIfThere(path.join(result.world.root, 'PLANTED-RAN'))).toBe('')},
	},
	{
		name: 'X5 a repository whose git config runs programs (fsmonitor, pager, diff.external, textconv, filters, hooks): none runs',
		keys: [yours, repos],
		project: {...pythonApp, 'notes.txt': `old key ${repos}\n`, '.gitattributes': '* diff=evil filter=evil\n'},
		prepare: async world => {
			const marker = path.join(world.root, 'PLANTED-RAN');
			await gitInit(world);
			const run = `!sh -c 'echo ran >> ${marker}'`;
			const config = path.join(world.project, '.git', 'config');
			const evil = `[core]\n\tfsmonitor = sh -c 'echo fsmonitor >> ${marker}'\n\tpager = sh -c 'echo pager >> ${marker}'\n\thooksPath = hooks\n\tsshCommand = sh -c 'echo ssh >> ${marker}'\n[diff]\n\texternal = sh -c 'echo diff >> ${marker}'\n[diff "evil"]\n\ttextconv = sh -c 'echo textconv >> ${marker}; cat'\n[filter "evil"]\n\tclean = sh -c 'echo clean >> ${marker}; cat'\n\tsmudge = sh -c 'echo smudge >> ${marker}; cat'\n\tprocess = sh -c 'echo process >> ${marker}'\n[alias]\n\tlog = ${run}\n\tls-files = ${run}\n[gpg]\n\tprogram = sh -c 'echo gpg >> ${marker}'\n[log]\n\tshowSignature = true\n`;
			await writeFile(config, `${readFileSync(config, 'utf8')}${evil}`);
			await writeFiles(world.project, planted(marker, ['post-checkout', 'pre-commit', 'post-index-change', 'reference-transaction', 'fsmonitor-watchman'], ['hooks', '.git/hooks']));
		},
		plan: () => ({env: {OPENAI_API_KEY: yours}, network: false}),
		expect: {causes: ['key-committed'], check: async result => expect(await readIfThere(path.join(result.world.root, 'PLANTED-RAN'))).toBe('')},
	},
	{
		name: 'X6 a compose file that includes a remote file: not fetched (the collector gets nothing)',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) =>
			writeFiles(world.project, {'compose.yaml': `include:\n  - ${collector.baseUrl}/compose.yaml\nservices:\n  web:\n    image: python:3.12\n    environment:\n      - OPENAI_API_KEY\n`}),
		plan: () => ({env: {OPENAI_API_KEY: yours}, network: false}),
		expect: {untouched: ['collector']},
	},
];

/** A server that takes connections and never answers. */
async function stalled(host = '127.0.0.1'): Promise<{port: number; close(): Promise<void>}> {
	const sockets = new Set<Socket>();
	const server: Server = createNetServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
	});
	await new Promise<void>(resolve => server.listen(0, host, resolve));
	return {
		port: (server.address() as {port: number}).port,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

async function signalCase(options: {signal: NodeJS.Signals; code: number; after: 'children' | number; twice?: boolean; mode?: string; deployed?: boolean; save?: boolean}) {
	const world = await makeWorld();
	const api = await stalled();
	const extra: Array<{close(): Promise<void>}> = [api];
	const marker = `KW_ATTACK_RUN=${Date.now()}-${Math.random()}`;
	try {
		await writeFiles(world.home, {'.bash_profile': 'sleep 311 >/dev/null 2>&1 &\nsleep 40\n'});
		await writeFiles(world.project, pythonApp);
		const args = [options.mode ?? '--json', '--cwd', world.project, '--base-url', `http://127.0.0.1:${api.port}/v1`, '--timeout', '30000'];
		const env: Record<string, string> = {PATH: '/usr/local/bin:/usr/bin:/bin', HOME: world.home, SHELL: '/bin/bash', OPENAI_API_KEY: yours, [marker.split('=')[0]!]: marker.split('=')[1]!};
		if (options.deployed) {
			// docker and kubectl that hang: a docker socket and a cluster that never answer.
			const socketPath = path.join(world.root, 'docker.sock');
			const held = new Set<Socket>();
			const dockerd = createNetServer(socket => {
				held.add(socket);
				socket.on('error', () => undefined);
			});
			await new Promise<void>(resolve => dockerd.listen(socketPath, resolve));
			extra.push({
				close: () => {
					for (const socket of held) socket.destroy();
					return new Promise(resolve => dockerd.close(() => resolve()));
				},
			});
			const cluster = await stalled();
			extra.push(cluster);
			await writeFiles(world.home, {
				'.kube/config': `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'http://127.0.0.1:${cluster.port}'}\ncontexts:\n- name: c\n  context: {cluster: c, user: u, namespace: default}\ncurrent-context: c\nusers:\n- name: u\n  user: {token: t}\n`,
			});
			env.DOCKER_HOST = `unix://${socketPath}`;
			args.push('--container', 'web', '--k8s-secret', 'default/openai');
		}

		if (options.save) args.push('--save', path.join(world.out, 'session.md'));
		const {child} = await launch({args, env, cwd: world.project});
		const needle = `127.0.0.1:${api.port}`;
		const value = marker.split('=')[1]!;
		if (options.after === 'children') {
			const ready = await until(() => {
				const running = processesOf(value, needle);
				// With a hanging docker, curl waits for the container's key (a share of the time limit) while the
				// login shell has its own, shorter limit: the signal comes while docker and the shell's job run
				// (kubectl, whichever step it is at, must be gone afterwards all the same).
				const others = options.deployed ? [/\/docker ps /] : [/curl /];
				return running.some(line => / sleep 311$/.test(line)) && others.every(pattern => running.some(line => pattern.test(line)));
			}, 20_000);
			expect(ready, `children never showed up: ${processesOf(value, needle).join('; ')}`).toBe(true);
		} else {
			await new Promise(resolve => setTimeout(resolve, options.after as number));
		}

		child.kill(options.signal);
		if (options.twice) setTimeout(() => child.kill(options.signal), 20);
		const result = await child;
		// A signal before the handlers are in place ends the process by the signal itself: the same status to a shell.
		expect([options.code, options.signal], String(result.stderr)).toContain(result.exitCode ?? result.signal);
		expect(String(result.stderr)).not.toMatch(stackTrace);
		expect(leakedKey(`${result.stdout}${result.stderr}`, [yours])).toBeUndefined();
		await until(() => processesOf(value, needle).length === 0, 3000);
		expect(processesOf(value, needle), 'processes left running after the CLI exited').toEqual([]);
		if (options.save) expect(await readdir(world.out), 'a half-written transcript was left').toEqual([]);
	} finally {
		await Promise.all(extra.map(server => server.close()));
		await rm(world.root, {recursive: true, force: true});
	}
}

async function outputCase(target: 'full' | 'closed', mode: '--json' | '--report') {
	const world = await makeWorld();
	const api = await startStandIn({accounts: {[yours]: {}}});
	try {
		const how = {
			args: [mode, '--cwd', world.project, '--base-url', api.baseUrl],
			env: {PATH: '/usr/local/bin:/usr/bin:/bin', HOME: world.home, SHELL: '/bin/bash', OPENAI_API_KEY: yours},
			cwd: world.project,
			stdoutTo: target === 'full' ? '/dev/full' : undefined,
		};
		const {child} = await launch(how);
		if (target === 'closed') child.stdout?.destroy();
		const result = await child;
		expect([0, 1, 3], 'a report that could not be written ended with the verdict').not.toContain(result.exitCode);
		expect(result.exitCode).toBe(4);
		const stderr = String(result.stderr).trim();
		expect(stderr.split('\n'), stderr).toHaveLength(1);
		expect(stderr).not.toMatch(stackTrace);
	} finally {
		await api.close();
		await rm(world.root, {recursive: true, force: true});
	}
}

const save: Case[] = [
	{
		name: 'V1 --save into a folder that does not exist: exit 2 before any key is sent, the real reason',
		keys: [yours],
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl], save: 'missing/sub/report.md'}),
		expect: {exit: 2, untouched: ['api'], check: result => expect(result.output.stderr).toMatch(/does not exist|no such/i)},
	},
	{
		name: 'V2 --save into a read-only folder (an ordinary user): exit 2 up front, not "already exists"',
		keys: [yours],
		prepare: async world => {
			await mkdir(path.join(world.out, 'ro'));
			await giveToNobody(world);
			await chmod(path.join(world.out, 'ro'), 0o555);
		},
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl], save: 'ro/report.md', asNobody: true}),
		expect: {exit: 2, untouched: ['api'], check: result => expect(result.output.stderr).not.toMatch(/already exists/)},
	},
	{
		name: 'V3 --save into a folder the user cannot read or search (mode 000): exit 2, the real reason',
		keys: [yours],
		prepare: async world => {
			await mkdir(path.join(world.out, 'locked'));
			await giveToNobody(world);
			await chmod(path.join(world.out, 'locked'), 0o000);
		},
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl], save: 'locked/report.md', asNobody: true}),
		expect: {exit: 2, untouched: ['api'], check: result => expect(result.output.stderr).not.toMatch(/already exists/)},
	},
	{
		name: 'V4 --save "": a usage error, no generated name, nothing sent',
		keys: [yours],
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl, '--save', '']}),
		expect: {exit: 2, untouched: ['api']},
	},
	{
		name: 'V5 --save onto an existing file: refused before the run, the file untouched',
		keys: [yours],
		prepare: async world => writeFile(path.join(world.out, 'report.md'), 'mine\n'),
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl], save: 'report.md'}),
		expect: {exit: 2, untouched: ['api'], check: result => expect(readFileSync(path.join(result.world.out, 'report.md'), 'utf8')).toBe('mine\n')},
	},
	{
		name: 'V6 --save where only the JSON twin exists (report.json): refused up front, the twin untouched',
		keys: [yours],
		prepare: async world => writeFile(path.join(world.out, 'report.json'), '{"mine":true}\n'),
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl], save: 'report.md'}),
		expect: {exit: 2, untouched: ['api'], check: result => expect(readFileSync(path.join(result.world.out, 'report.json'), 'utf8')).toBe('{"mine":true}\n')},
	},
	{
		name: 'V7 --save naming an existing folder: refused up front',
		keys: [yours],
		prepare: async world => mkdir(path.join(world.out, 'folder.md')),
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl], save: 'folder.md'}),
		expect: {exit: 2, untouched: ['api']},
	},
	{
		name: 'V8 --save onto a dangling symbolic link a repository planted: its target is never written',
		keys: [yours],
		prepare: async world => {
			await symlink(path.join(world.root, 'victim.md'), path.join(world.out, 'report.md'));
			await symlink(path.join(world.root, 'victim.json'), path.join(world.out, 'report.json'));
		},
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl], save: 'report.md'}),
		expect: {
			exit: 2,
			untouched: ['api'],
			check: result => {
				expect(existsSync(path.join(result.world.root, 'victim.md'))).toBe(false);
				expect(existsSync(path.join(result.world.root, 'victim.json'))).toBe(false);
			},
		},
	},
	{
		name: 'V9 --save with --json: both files, mode 0600, no key in them',
		keys: [yours, stale],
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${stale}\n`},
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl], save: 'run.md'}),
		expect: {
			sentTo: {api: [yours, stale]},
			causes: ['stale-env-shadows-dotenv|key-invalid'],
			check: async result => {
				for (const name of ['run.md', 'run.json']) expect((await stat(path.join(result.world.out, name))).mode & 0o777).toBe(0o600);
				expect(result.saved).toContain(fingerprintTail(yours));
			},
		},
	},
	{
		name: 'V10 an unreadable --cwd (mode 000, an ordinary user): "cannot read the project folder", exit 2',
		keys: [yours],
		prepare: async world => {
			await giveToNobody(world);
			await chmod(world.project, 0o000);
		},
		plan: () => ({env: {OPENAI_API_KEY: yours}, asNobody: true, network: false, cwd: '/'}),
		expect: {exit: 2, check: result => expect(result.output.stderr).toMatch(/cannot read the project folder/)},
	},
];

const words: Case[] = [
	{
		name: 'K1 OPENAI_API_KEY=models: a short value, no hash; /v1/models still printed whole',
		keys: [],
		plan: () => ({env: {OPENAI_API_KEY: 'models'}, mode: '--json', network: false}),
		expect: {
			exit: 1,
			causes: ['key-malformed|key-placeholder'],
			check: result => {
				const entry = result.report!.keys[0]!;
				expect(entry.sha256).toBeUndefined();
				expect(entry.fingerprint).toMatch(/6-character value/);
				expect(result.output.stdout).toContain('/v1/models');
			},
		},
	},
	{
		name: 'K2 OPENAI_API_KEY=Bearer: commands keep "Authorization: Bearer $OPENAI_API_KEY"',
		keys: [],
		plan: () => ({env: {OPENAI_API_KEY: 'Bearer'}, mode: '--report', network: false}),
		expect: {causes: ['key-malformed|key-placeholder|key-bearer-prefix'], check: result => expect(result.output.stdout).toContain('Bearer $OPENAI_API_KEY')},
	},
	{
		name: 'K3 OPENAI_API_KEY=OPENAI_API_KEY: a placeholder; the variable’s name still printed',
		keys: [],
		plan: () => ({env: {OPENAI_API_KEY: 'OPENAI_API_KEY'}, network: false}),
		expect: {causes: ['key-placeholder|key-malformed'], check: result => expect(result.output.stdout).toMatch(/unset OPENAI_API_KEY|OPENAI_API_KEY is|OPENAI_API_KEY=/)},
	},
	{
		name: 'K4 OPENAI_API_KEY=password and a proxy fix that says "password": no mangled text',
		keys: [],
		plan: () => ({env: {OPENAI_API_KEY: 'password'}, mode: '--report', network: false}),
		expect: {causes: ['key-placeholder|key-malformed'], check: result => expect(result.output.stdout).not.toMatch(/\[(?:part of|redacted|hidden)/)},
	},
	{
		name: 'K5 a 12-character value is no key (no hash), a 13-character one is reported as malformed',
		keys: [],
		project: {'.env': 'OPENAI_API_KEY=sk-abc123de4\n', 'main.py': 'from dotenv import load_dotenv\nload_dotenv()\n'},
		plan: () => ({env: {OPENAI_API_KEY: 'sk-abc123def'}, network: false}),
		expect: {
			causes: ['key-malformed'],
			check: result => {
				const short = result.report!.keys.find(entry => entry.fingerprint.includes('12-character'));
				expect(short?.sha256).toBeUndefined();
			},
		},
	},
	{
		name: 'K6 300 key lines in a .env: at most 10 distinct keys tested, the app’s key among them, the rest untested',
		keys: [yours],
		project: {...pythonApp, '.env': pool.map(key => `OPENAI_API_KEY=${key}`).join('\n') + '\n'},
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl]}),
		expect: {
			sentTo: {api: [yours, ...pool]},
			check: result => {
				const tested = new Set(result.servers.api.requests.map(request => String(request.headers.authorization ?? '')));
				expect(tested.size).toBeLessThanOrEqual(10);
				expect(tested.has(`Bearer ${yours}`)).toBe(true);
				expect(keyOf(result, yours)?.live).toBe('valid');
				expect(result.report!.keys.filter(entry => entry.live === 'untested').length).toBeGreaterThanOrEqual(290);
			},
		},
	},
	{
		name: 'K7 key lines cut at any plausible read limit (64 KiB … 1 MiB) are never keys',
		keys: [...pool.slice(1, 5)],
		project: Object.fromEntries(
			(['.env', '.env.local', '.env.development', '.env.production'] as const).map((name, index) => {
				const limit = [65_536, 131_072, 262_144, 1_048_576][index]!;
				const head = `# ${'x'.repeat(limit - 40)}\n`;
				return [name, `${head}POOL_KEY=${pool[index + 1]}\n`];
			}),
		),
		plan: () => ({network: false}),
		expect: {
			check: result => {
				const whole = new Set(pool.slice(1, 5).map(sha12));
				for (const entry of result.report!.keys) expect(entry.sha256 === undefined || whole.has(entry.sha256), `a cut key ${entry.fingerprint}`).toBe(true);
			},
		},
	},
	{
		name: 'K8 an Anthropic key in OPENAI_API_KEY: key-other-provider; its fingerprint intact in --json, --report and the transcript',
		keys: [anthropic],
		plan: () => ({env: {OPENAI_API_KEY: anthropic}, mode: '--report', network: false, save: 'a.md'}),
		expect: {
			causes: ['key-other-provider'],
			check: result => {
				const text = `${result.output.stdout}\n${result.saved}`;
				expect(text).toContain(`sk-ant-api03-…${anthropic.slice(-4)}`);
				expect(text).not.toMatch(/sk-ant-api03-…[^\s]*…/);
			},
		},
	},
	{
		name: 'K9 every key shape in env, .env, a profile and --error, --report and --save: nothing printed, no fingerprint mangled',
		keys: everyShape,
		project: {...pythonApp, '.env': everyShape.slice(5, 10).map((key, index) => `KEY_${index}=${key}`).join('\n') + '\n'},
		home: {'.profile': everyShape.slice(10).map((key, index) => `export OTHER_${index}='${key}'`).join('\n') + '\n'},
		plan: () => ({
			env: Object.fromEntries(everyShape.slice(0, 5).map((key, index) => [index === 0 ? 'OPENAI_API_KEY' : `OPENAI_API_KEY_${index}`, key])),
			mode: '--report',
			network: false,
			save: 'all.md',
			args: ['--error', `openai.AuthenticationError: Error code: 401 - Incorrect API key provided: ${everyShape[3]}; curl -H "Authorization: Bearer ${everyShape[6]}"`],
		}),
		expect: {},
	},
	{
		name: 'K10 the same keys, --json',
		keys: everyShape,
		project: {...pythonApp, '.env': everyShape.slice(5, 10).map((key, index) => `KEY_${index}=${key}`).join('\n') + '\n'},
		home: {'.profile': everyShape.slice(10).map((key, index) => `export OTHER_${index}='${key}'`).join('\n') + '\n'},
		plan: () => ({
			env: Object.fromEntries(everyShape.slice(0, 5).map((key, index) => [index === 0 ? 'OPENAI_API_KEY' : `OPENAI_API_KEY_${index}`, key])),
			network: false,
			args: ['--error', `Incorrect API key provided: ${everyShape[3]}`],
		}),
		expect: {},
	},
	{
		name: 'K11 the user’s key in the project folder’s name: paths in the output do not spell it',
		keys: [yours],
		projectName: `clone-${yours}`,
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${stale}\n`},
		plan: () => ({env: {OPENAI_API_KEY: stale}, mode: '--report', network: false}),
		expect: {},
	},
	{
		name: 'K12 OPENAI_ORG_ID with a control character: the org header is named, not the key',
		keys: [yours],
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours, OPENAI_ORG_ID: 'org-abc\u0001def'}, args: ['--base-url', api.baseUrl]}),
		expect: {
			sentTo: {api: [yours]},
			absent: ['key-whitespace', 'key-invisible-chars', 'key-malformed', 'key-invalid'],
			check: result => {
				expect(result.output.stdout).not.toMatch(/refused to send the key/);
				expect(keyOf(result, yours)?.live).toBe('valid');
			},
		},
	},
	{
		name: 'K13 a 401 invalid_api_key in other words than OpenAI’s exact text: key-invalid, not inconclusive',
		keys: [yours],
		collectorAnswer: () => ({
			status: 401,
			headers: openAIHeaders(),
			body: JSON.stringify({error: {message: 'Invalid API key. Please check the key and try again.', type: 'invalid_request_error', param: null, code: 'invalid_api_key'}}),
		}),
		plan: ({}, {collector}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', collector.baseUrl]}),
		expect: {exit: 1, verdict: 'problem', causes: ['key-invalid'], sentTo: {collector: [yours]}},
	},
];

/** Bad input: a clear line and exit 2, nothing sent, never a stack trace. */
const badInput: Case[] = [
	{name: 'B1 --timeout -5', keys: [yours], plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl, '--timeout', '-5']}), expect: {exit: 2, untouched: ['api']}},
	{name: 'B2 --timeout abc', keys: [yours], plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl, '--timeout', 'abc']}), expect: {exit: 2, untouched: ['api']}},
	{name: 'B3 an unknown flag', keys: [yours], plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl, '--exfiltrate']}), expect: {exit: 2, untouched: ['api']}},
	{
		name: 'B4 --base-url file:///etc/passwd: refused, nothing read or sent',
		keys: [yours],
		plan: () => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', 'file:///etc/passwd']}),
		expect: {exit: [1, 2], check: result => expect(result.output.stdout).not.toContain('root:x:0:0')},
	},
	{name: 'B5 --base-url with no value', keys: [yours], plan: () => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', '']}), expect: {exit: [1, 2]}},
	{
		name: 'B6 --cwd names a file: one line, exit 2',
		keys: [],
		prepare: async world => writeFile(path.join(world.root, 'plain.txt'), 'x'),
		plan: world => ({noCwd: true, args: ['--cwd', path.join(world.root, 'plain.txt')], network: false}),
		expect: {exit: 2, check: result => expect(result.output.stderr.trim().split('\n')).toHaveLength(1)},
	},
	{
		name: 'B7 OPENAI_BASE_URL in the environment with credentials (http://user:secret@127.0.0.2/v1): they are never printed',
		keys: [yours],
		plan: ({}, {collector}) => ({env: {OPENAI_API_KEY: yours, OPENAI_BASE_URL: `http://admin:Hunter2Secret@${collector.authority}/v1`}, mode: '--report'}),
		expect: {sentTo: {collector: [yours]}, check: result => expect(`${result.output.stdout}${result.output.stderr}`).not.toContain('Hunter2Secret')},
	},
];

const healthy: Case[] = [
	{
		name: 'H1 healthy: the user’s key, the user’s loopback API (--base-url)',
		keys: [yours],
		project: pythonApp,
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl]}),
		expect: {exit: 0, verdict: 'ok', healthy: true, sentTo: {api: [yours]}, untouched: ['collector', 'proxy']},
	},
	{
		name: 'H2 healthy: key in .env loaded by the app, the API from OPENAI_BASE_URL in the environment',
		keys: [yours],
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${yours}\n`},
		plan: ({}, {api}) => ({env: {OPENAI_BASE_URL: api.baseUrl}}),
		expect: {exit: 0, healthy: true, sentTo: {api: [yours]}},
	},
	{
		name: 'H3 healthy: a .env.example template naming a collector is no setting (nothing loads it)',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {collector}) => writeFiles(world.project, {'.env.example': `OPENAI_BASE_URL=${collector.baseUrl}\nOPENAI_API_KEY=sk-...\n`}),
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours}, args: ['--base-url', api.baseUrl]}),
		expect: {exit: 0, healthy: true, sentTo: {api: [yours]}, untouched: ['collector']},
	},
	{
		name: 'H4 healthy: .env and the environment name the same host (both the user’s)',
		keys: [yours],
		project: pythonApp,
		prepare: async (world, {api}) => writeFiles(world.project, {'.env': `OPENAI_BASE_URL=${api.baseUrl}\n`}),
		plan: ({}, {api}) => ({env: {OPENAI_API_KEY: yours, OPENAI_BASE_URL: api.baseUrl}}),
		expect: {exit: 0, healthy: true, sentTo: {api: [yours]}},
	},
];

describe('issue 7 attack corpus, through the built CLI', () => {
	const table = [...hostFromFile, ...proxies, ...loopback, ...escapes, ...plantedTools, ...save, ...words, ...badInput, ...healthy];
	it.each(table.map(test => [test.name, test] as const))('%s', async (_name, test) => {
		if (test.realApi && !certificate) return;
		await runCase(test);
	}, 90_000);

	it.each([
		['S1 SIGTERM while a login shell, its profile’s job and curl run (--json)', {signal: 'SIGTERM', code: 143, after: 'children'}],
		['S2 SIGHUP 150 ms after start, before the children are all up', {signal: 'SIGHUP', code: 129, after: 150}],
		['S3 SIGTERM twice, at once', {signal: 'SIGTERM', code: 143, after: 'children', twice: true}],
		['S4 SIGTERM while docker and kubectl hang (--container, --k8s-secret)', {signal: 'SIGTERM', code: 143, after: 'children', deployed: true}],
		['S5 SIGHUP during --report --save: no half-written transcript', {signal: 'SIGHUP', code: 129, after: 'children', mode: '--report', save: true}],
		['S6 SIGTERM 40 ms after start', {signal: 'SIGTERM', code: 143, after: 40}],
	] as const)('%s: nothing it started outlives it', async (_name, options) => {
		await signalCase(options as Parameters<typeof signalCase>[0]);
	}, 90_000);

	it.runIf(existsSync('/dev/full'))('O1 --json > /dev/full, healthy run: exit 4 and one line, never the verdict', async () => outputCase('full', '--json'));
	it.runIf(existsSync('/dev/full'))('O2 --report > /dev/full: exit 4 and one line', async () => outputCase('full', '--report'));
	it('O3 --json into a pipe closed at once: exit 4 and one line', async () => outputCase('closed', '--json'));
});
