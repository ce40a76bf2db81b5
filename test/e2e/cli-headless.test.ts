import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeAnthropicKey, makeProjectKey} from '../helpers/fake-keys.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let project: string;
let home: string;

beforeAll(async () => {
	project = await mkdtemp(path.join(tmpdir(), 'kw-e2e-project-'));
	home = await mkdtemp(path.join(tmpdir(), 'kw-e2e-home-'));
});

afterAll(async () => {
	await rm(project, {recursive: true, force: true});
	await rm(home, {recursive: true, force: true});
});

/** Runs the built CLI headless with a controlled environment and stdin closed. */
async function runCli(args: string[], env: Record<string, string> = {}, cwd = project) {
	return execa(process.execPath, [cli, ...args], {
		cwd,
		env: {PATH: process.env.PATH!, HOME: home, SHELL: '/bin/sh', ...env},
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		timeout: 60_000,
	});
}

/** Every way a key could be shown partially: the whole, the trimmed, and its long middle. */
function expectNoKey(output: string, key: string): void {
	expect(output).not.toContain(key);
	expect(output).not.toContain(key.trim());
	const core = key.trim();
	if (core.length > 24) expect(output).not.toContain(core.slice(8, core.length - 4));
	// Nor any 12-character piece of its middle (a key split by a line break shows in halves).
	const middle = core.slice(8, -4);
	for (let start = 0; start + 12 <= middle.length; start++) expect(output).not.toContain(middle.slice(start, start + 12));
}

describe('the built CLI, headless', () => {
	it('prints a schema v1 JSON report and exits 1 when no key is set', async () => {
		const result = await runCli(['--json', '--no-network']);
		const report = JSON.parse(result.stdout);
		expect(result.exitCode).toBe(1);
		expect(report).toMatchObject({schemaVersion: 1, tool: {name: 'key-wizard'}, verdict: 'problem'});
		expect(report.causes.map((cause: {id: string}) => cause.id)).toContain('key-missing');
		for (const probe of report.probes) expect(Object.keys(probe).sort()).toEqual(['durationMs', 'id', 'status', 'step', 'summary']);
	});

	it('names a healthy key only by fingerprint and sha256 in --json and --report, and exits 3 without network', async () => {
		const key = makeProjectKey(101);
		const json = await runCli(['--json', '--no-network'], {OPENAI_API_KEY: key});
		const report = JSON.parse(json.stdout);
		expect(json.exitCode).toBe(3);
		expect(report.verdict).toBe('inconclusive');
		expect(report.causes).toEqual([]);
		expect(report.keys).toEqual([
			expect.objectContaining({fingerprint: `sk-proj-…${key.slice(-4)}`, kind: 'project', sources: ['env:OPENAI_API_KEY'], live: 'untested'}),
		]);
		expect(report.keys[0].sha256).toMatch(/^[0-9a-f]{12}$/);
		const text = await runCli(['--report', '--no-network'], {OPENAI_API_KEY: key});
		expect(text.stdout).toContain('Verdict: INCONCLUSIVE');
		expect(text.stdout).not.toMatch(/\u001B\[/);
		for (const output of [json.stdout, json.stderr, text.stdout, text.stderr]) expectNoKey(output, key);
	});

	it('names another provider’s key and never prints it', async () => {
		const key = makeAnthropicKey(7);
		const result = await runCli(['--json', '--no-network'], {OPENAI_API_KEY: key});
		const report = JSON.parse(result.stdout);
		expect(result.exitCode).toBe(1);
		expect(report.keys[0]).toMatchObject({kind: 'other-provider', provider: 'anthropic'});
		expect(report.causes.map((cause: {id: string}) => cause.id)).toContain('key-other-provider');
		expectNoKey(result.stdout + result.stderr, key);
	});

	it.each([
		['control characters', `${'sk-proj-'}abc\u0001\u0007def${'x'.repeat(60)}`],
		['100 KB of text', 'lorem ipsum '.repeat(8600)],
		['a trailing CRLF', `${makeProjectKey(9)}\r\n`],
	])('survives a key with %s: clear report, no stack trace, no key', async (_name, key) => {
		const result = await runCli(['--report', '--no-network'], {OPENAI_API_KEY: key});
		expect([1, 3]).toContain(result.exitCode);
		expect(result.stdout).toContain('Verdict');
		expect(result.stderr).not.toMatch(/\n\s+at /);
		expectNoKey(result.stdout + result.stderr, key);
	});

	it('survives invalid UTF-8 in OPENAI_API_KEY', async () => {
		// Only a shell can put raw bytes into the environment.
		const result = await execa('bash', ['-c', `export OPENAI_API_KEY=$(printf 'sk-proj-\\xff\\xfe\\x80abc'); exec "${process.execPath}" "${cli}" --json --no-network`], {
			cwd: project,
			env: {PATH: process.env.PATH!, HOME: home, SHELL: '/bin/sh'},
			extendEnv: false,
			reject: false,
			stdin: 'ignore',
		});
		const report = JSON.parse(result.stdout);
		expect(result.exitCode).toBe(1);
		expect(report.causes.length).toBeGreaterThan(0);
		expect(result.stderr).toBe('');
	});

	it.each([
		[['--timeout', '0']],
		[['--timeout', 'abc']],
		[['--base-url', 'no-scheme']],
		[['--unknown-flag']],
	])('%j: one clear line on stderr, exit 2', async args => {
		const result = await runCli(args);
		expect(result.exitCode).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(/^key-wizard: /);
	});

	it.each([
		['the key this shell has', true],
		['a key found nowhere here', false],
	])('an error pasted with %s split by a soft wrap leaks no half of it on any channel', async (_name, known) => {
		const {readFile} = await import('node:fs/promises');
		const key = makeProjectKey(known ? 61 : 62);
		// As a soft-wrapped terminal copy gives it: a line break (or a space) inside the key.
		const error = `Traceback (most recent call last):\n  client = OpenAI(api_key="${key.slice(0, 80)}\r\n${key.slice(80)}")\nopenai.AuthenticationError: Error code: 401 - key: ${key.slice(0, 70)} ${key.slice(70)}`;
		const env: Record<string, string> = known ? {OPENAI_API_KEY: key} : {OPENAI_API_KEY: makeProjectKey(63)};
		const folder = await mkdtemp(path.join(tmpdir(), 'kw-split-'));
		const target = path.join(folder, 'split.md');
		const [json, report] = await Promise.all([
			runCli(['--json', '--no-network', '--error', error], env),
			runCli(['--report', '--no-network', '--error', error, '--save', target], env),
		]);
		const saved = `${await readFile(target, 'utf8')}\n${await readFile(path.join(folder, 'split.json'), 'utf8')}`;
		for (const output of [json.stdout, json.stderr, report.stdout, report.stderr, saved]) expectNoKey(output, key);
		await rm(folder, {recursive: true, force: true});
	});

	it('prints help and version', async () => {
		const help = await runCli(['--help']);
		expect(help.exitCode).toBe(0);
		expect(help.stdout).toContain('--k8s-secret [NS/]NAME[:KEY]');
		const version = await runCli(['--version']);
		expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
	});

	it('falls back to the plain-text report when stdout is a pipe', async () => {
		const result = await runCli(['--no-network'], {OPENAI_API_KEY: makeProjectKey(3)});
		expect(result.stdout).toContain('key-wizard');
		expect(result.stdout).toContain('Step 2: Sources');
	});

	it('saves a redacted transcript with mode 0600 and refuses to overwrite it', async () => {
		const key = makeProjectKey(44);
		const target = path.join(project, 'session.md');
		const first = await runCli(['--json', '--no-network', '--save', target], {OPENAI_API_KEY: key});
		expect(first.stderr).toContain('Saved the redacted transcript');
		const {readFile, stat} = await import('node:fs/promises');
		const markdown = await readFile(target, 'utf8');
		expect(markdown).toContain('# key-wizard session');
		expectNoKey(markdown, key);
		expectNoKey(await readFile(path.join(project, 'session.json'), 'utf8'), key);
		expect((await stat(target)).mode & 0o777).toBe(0o600);
		await writeFile(path.join(project, 'marker'), '');
		const second = await runCli(['--json', '--no-network', '--save', target], {OPENAI_API_KEY: key});
		expect(second.exitCode).toBe(2);
		expect(second.stderr).toMatch(/session\.md already exists; key-wizard never overwrites a file/);
		// Refused before any check ran: no report, one line.
		expect(second.stdout).toBe('');
		expect(second.stderr.trim().split('\n')).toHaveLength(1);
		expect(await readFile(target, 'utf8')).toBe(markdown);
		// The JSON name beside it counts too.
		const jsonOnly = await runCli(['--json', '--no-network', '--save', path.join(project, 'session')], {OPENAI_API_KEY: key});
		expect(jsonOnly.exitCode).toBe(2);
		expect(jsonOnly.stderr).toContain('session.json already exists');
	});

	it('a default transcript name that is taken steps aside instead of failing', async () => {
		const {readdir} = await import('node:fs/promises');
		const folder = await mkdtemp(path.join(tmpdir(), 'kw-save-'));
		const key = makeProjectKey(45);
		const runs = await Promise.all([1, 2, 3].map(() => runCli(['--json', '--no-network', '--save'], {OPENAI_API_KEY: key}, folder)));
		for (const run of runs) expect(run.stderr).toContain('Saved the redacted transcript');
		const names = (await readdir(folder)).filter(name => name.startsWith('key-wizard-'));
		expect(names.filter(name => name.endsWith('.md'))).toHaveLength(3);
		expect(names.filter(name => name.endsWith('.json'))).toHaveLength(3);
		await rm(folder, {recursive: true, force: true});
	});
});
