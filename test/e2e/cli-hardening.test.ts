import {createHash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startStandIn, type StandIn} from '../acceptance/openai-stand-in.js';
import {makeAnthropicKey, makeProjectKey} from '../helpers/fake-keys.js';

/**
 * The built CLI run the way an attacker's repository or a careless shell would run it:
 * escape sequences in every piece of outside text, tools planted in the project folder,
 * a --save that cannot be kept, a full disk behind stdout, words for keys.
 */

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const key = makeProjectKey(7401);
let work: string;
let home: string;
let api: StandIn;

beforeAll(async () => {
	work = await mkdtemp(path.join(tmpdir(), 'kw-hardening-'));
	// Other users (the tests that run as nobody) must reach what is inside.
	await chmod(work, 0o755);
	home = path.join(work, 'home');
	await mkdir(home, {mode: 0o755});
	api = await startStandIn({accounts: {[key]: {}}});
});

afterAll(async () => {
	await api.close();
	await rm(work, {recursive: true, force: true});
});

type Options = {cwd?: string; env?: Record<string, string>; asOtherUser?: boolean; stdoutTo?: string};

/** Runs the built CLI with a controlled environment; as `nobody` when asked and this is root (root ignores permissions). */
async function run(args: string[], options: Options = {}) {
	const env = {PATH: process.env.PATH!, HOME: home, SHELL: '/bin/sh', ...options.env};
	const asNobody = options.asOtherUser === true && process.getuid?.() === 0;
	let command = [process.execPath, cli, ...args];
	// The shell opens the file as stdout itself, as `key-wizard --json > /dev/full` does.
	if (options.stdoutTo) command = ['sh', '-c', `exec "$0" "$@" > '${options.stdoutTo}'`, ...command];
	const [file, ...rest] = asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command] : command;
	return execa(file!, rest, {cwd: options.cwd ?? work, env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 60_000});
}

/** Raw control characters that drive a terminal: ESC, BEL, the C1 controls (CSI, OSC, DCS…). */
const terminalControls = /[\u0007\u001b\u0080-\u009f]/;

describe('outside text never reaches the terminal raw (finding 1)', () => {
	const osc52 = '\u001b]52;c;cm0gLXJmIH4=\u0007';
	const csi = '\u001b[2J\u009b31m';

	it('a --cwd that is no folder, named with escape sequences: the error line is clean', async () => {
		const result = await run(['--report', '--cwd', path.join(work, `missing${osc52}`)]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/^key-wizard: --cwd .*missing.* is not a folder\.$/);
		expect(result.stderr).not.toMatch(terminalControls);
	});

	it('a --save path with escape sequences: the "Saved …" line and the --save errors are clean, the file is where asked', async () => {
		const folder = path.join(work, `out${csi}`);
		await mkdir(folder);
		const saved = await run(['--report', '--no-network', '--save', path.join(folder, `t${osc52}.md`)], {env: {OPENAI_API_KEY: key}});
		expect(saved.stderr).toMatch(/^Saved the redacted transcript to /);
		expect(saved.stderr).not.toMatch(terminalControls);
		expect((await readdir(folder)).sort()).toEqual([`t${osc52}.json`, `t${osc52}.md`]);
		const missing = await run(['--json', '--no-network', '--save', path.join(work, `gone${osc52}`, 'x.md')]);
		expect(missing.exitCode).toBe(2);
		expect(missing.stderr).toContain('does not exist');
		expect(missing.stderr).not.toMatch(terminalControls);
	});

	it('a project folder, .env values and comments, a profile line and the --error text full of escape sequences: no channel carries one', async () => {
		const project = path.join(work, `proj${osc52}`);
		await mkdir(path.join(project, `sub${csi}`), {recursive: true});
		await writeFile(path.join(project, '.env'), `# ${osc52} comment\nOPENAI_API_KEY=${key}\nOPENAI_BASE_URL=http://x${osc52}.example/v1\nOPENAI_ORG_ID=org-${csi}x\nBROKEN ${osc52}\n`);
		const profileHome = path.join(work, `home${csi}`);
		await mkdir(profileHome);
		await writeFile(path.join(profileHome, '.profile'), `export OPENAI_API_KEY=${key}${osc52}\nsource ~/.config/${osc52}/keys.sh\n`);
		const error = `openai.AuthenticationError: Error code: 401 - ${osc52}{'error': {'message': 'Incorrect API key provided: sk-proj-****${key.slice(-4)}${csi}', 'code': 'invalid_api_key'}}`;
		const dump = path.join(work, `dump${csi}.md`);
		for (const mode of ['--json', '--report']) {
			const result = await run([mode, '--no-network', '--cwd', project, '--error', error, ...(mode === '--report' ? ['--save', dump] : [])], {env: {HOME: profileHome, OPENAI_API_KEY: `${key}${csi}`}});
			expect([1, 3]).toContain(result.exitCode);
			expect(result.stdout.length).toBeGreaterThan(100);
			expect(result.stdout).not.toMatch(terminalControls);
			expect(result.stderr).not.toMatch(terminalControls);
		}

		const transcript = `${await readFile(dump, 'utf8')}${await readFile(dump.replace(/\.md$/, '.json'), 'utf8')}`;
		expect(transcript).not.toMatch(terminalControls);
	});
});

describe('tools come only from absolute PATH entries outside the project (finding 9)', () => {
	it('a curl, timeout and bash planted in the project (node_modules/.bin first on PATH, and .) never run; the real ones do', async () => {
		const project = path.join(work, 'planted');
		const bin = path.join(project, 'node_modules', '.bin');
		await mkdir(bin, {recursive: true});
		for (const folder of [project, bin]) {
			for (const tool of ['curl', 'timeout', 'bash', 'sh', 'printenv']) {
				await writeFile(path.join(folder, tool), `#!/bin/sh\ncat > "${folder}/stolen-${tool}"\nexit 0\n`);
				await chmod(path.join(folder, tool), 0o755);
			}
		}

		const result = await run(['--json', '--cwd', project, '--base-url', api.baseUrl], {cwd: project, env: {PATH: `${bin}:.:${process.env.PATH}`, SHELL: '/bin/bash', OPENAI_API_KEY: key}});
		const stolen = [...(await readdir(project)), ...(await readdir(bin))].filter(name => name.startsWith('stolen-'));
		expect(stolen).toEqual([]);
		const report = JSON.parse(result.stdout) as {probes: Array<{id: string; status: string; summary: string}>};
		expect(report.probes.find(probe => probe.id === 'curl')).toMatchObject({status: 'pass'});
		expect(report.probes.find(probe => probe.id === 'login-shell')?.status).not.toBe('error');
		expect(api.requests.some(request => String(request.headers['user-agent']).startsWith('curl/'))).toBe(true);
	});
});

describe('--save is checked before any check runs, with the real reason (finding 7)', () => {
	const sentBefore = () => api.requests.length;

	it.each([
		['a missing folder', async () => path.join(work, 'no-such-folder', 'report.md'), /the folder .*no-such-folder does not exist/],
		[
			'a read-only folder',
			async () => {
				const folder = path.join(work, 'read-only');
				await mkdir(folder, {recursive: true});
				await chmod(folder, 0o555);
				return path.join(folder, 'report.md');
			},
			/cannot write in the folder .*read-only \(permission denied\)/,
		],
		[
			'an unreadable folder (mode 000): not "already exists"',
			async () => {
				const folder = path.join(work, 'unreadable');
				await mkdir(folder, {recursive: true});
				await chmod(folder, 0o000);
				return path.join(folder, 'report.md');
			},
			/cannot write in the folder .*unreadable \(permission denied\)/,
		],
	])('%s: exit 2, one line, no key sent', async (_name, target, reason) => {
		const before = sentBefore();
		const result = await run(['--json', '--base-url', api.baseUrl, '--save', await target()], {env: {OPENAI_API_KEY: key}, asOtherUser: true});
		expect(result.exitCode).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr.split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(reason);
		expect(result.stderr).not.toContain('already exists');
		expect(api.requests.length).toBe(before);
	});

	it('--save "" is a usage error, not a generated name', async () => {
		const result = await run(['--json', '--no-network', '--save', '']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/--save "" names no file/);
	});

	it('--save alone in a folder this user cannot write to: refused up front', async () => {
		const folder = path.join(work, 'cwd-read-only');
		await mkdir(folder, {recursive: true});
		await chmod(folder, 0o555);
		const result = await run(['--json', '--no-network', '--save'], {cwd: folder, asOtherUser: true});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/cannot write in the folder/);
	});
});

describe('a report that cannot be written is an error (finding 8)', () => {
	it.runIf(existsSync('/dev/full'))('--json > /dev/full: one line on stderr, exit 4 (never the verdict)', async () => {
		for (const args of [['--json', '--no-network'], ['--report', '--no-network'], ['--version']]) {
			const result = await run(args, {env: {OPENAI_API_KEY: key}, stdoutTo: '/dev/full'});
			expect(result.exitCode, args.join(' ')).toBe(4);
			expect(result.stderr).toMatch(/^key-wizard: could not write the report to standard output \(no space left on the device\)/);
			expect(result.stderr.split('\n')).toHaveLength(1);
		}
	});
});

describe('values that are no key (findings 4 and 5)', () => {
	it.each([['models'], ['Bearer'], ['password'], ['OPENAI_API_KEY']])('OPENAI_API_KEY=%s: commands and names stay whole, a short value shows only its length and no sha256', async word => {
		const result = await run(['--json', '--no-network'], {env: {OPENAI_API_KEY: word}});
		const report = JSON.parse(result.stdout) as {keys: Array<{fingerprint: string; sha256?: string}>; causes: Array<{snippets: Array<{text: string}>}>; probes: Array<{summary: string}>};
		expect(result.stdout).toContain('curl https://api.openai.com/v1/models -H \\"Authorization: Bearer $OPENAI_API_KEY\\"');
		expect(result.stdout).not.toMatch(/\/v1\/…|…\/models/);
		if (word.length <= 12) {
			expect(report.keys[0]).toEqual(expect.objectContaining({fingerprint: `${word.length === 8 ? 'an' : 'a'} ${word.length}-character value`}));
			expect(report.keys[0]!.sha256).toBeUndefined();
			expect(result.stdout).not.toContain(createHash('sha256').update(word).digest('hex').slice(0, 12));
			expect(result.stdout).not.toMatch(new RegExp(`…${word.slice(-2)}\\b`));
		}
	});

	it('an Anthropic key: its fingerprint is whole in --json, --report and the transcript (no [part of [part of …]])', async () => {
		const anthropic = makeAnthropicKey(7402);
		const target = path.join(work, 'anthropic.md');
		const json = await run(['--json', '--no-network'], {env: {OPENAI_API_KEY: anthropic}});
		const text = await run(['--report', '--no-network', '--save', target], {env: {OPENAI_API_KEY: anthropic}});
		const saved = `${await readFile(target, 'utf8')}${await readFile(target.replace(/\.md$/, '.json'), 'utf8')}`;
		const fingerprint = `sk-ant-api03-…${anthropic.slice(-4)}`;
		for (const output of [json.stdout, text.stdout, saved]) {
			expect(output).toContain(fingerprint);
			expect(output).not.toContain('[part of');
			expect(output).not.toContain(anthropic.slice(13, 23));
		}
	});
});
