import {existsSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {checkCommand, loginShellProbe, parseCheckOutput, type LoginShellData} from '../../../source/core/probes/login-shell.js';
import type {Exec, ExecOptions, ExecResult} from '../../../source/core/ports.js';
import type {ProbeOutcome, ProbeResult} from '../../../source/core/types.js';
import {Secret} from '../../../source/core/keys/secret.js';
import type {ProfilesProbeData} from '../../../source/core/probes/profiles.js';
import {commandNotFound, makePorts, type FakePortsOptions} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';
import {fixtureKeys} from '../local/fixtures.js';

const {KEY_A, KEY_B} = fixtureKeys;

/** What the fake login shell has after its startup files. */
type ShellState = {value?: string; exported?: boolean; noise?: string; exitCode?: number; answer?: boolean; durationMs?: number};

type Call = {file: string; args: readonly string[]; options: ExecOptions};

/**
 * A fake exec that behaves like `timeout … $SHELL -lic CMD`: it finds the marker
 * in the command and prints what a shell in `state` would print, after some noise.
 */
function fakeShell(state: ShellState, calls: Call[] = [], overrides: Record<string, (call: Call) => ExecResult> = {}): Exec {
	return async (file, args, options) => {
		const call = {file, args, options};
		calls.push(call);
		if (overrides[file]) return overrides[file](call);
		const command = args.at(-1)!;
		const marker = /'(__KW_[0-9a-f]+):begin:'/.exec(command)![1]!;
		let stdout = state.noise ?? '';
		if (state.answer !== false) {
			const set = state.value !== undefined;
			const exported = set && state.exported !== false;
			stdout += `\n${marker}:begin:${set ? 1 : 0}\n${exported ? `${state.value}\n` : ''}\n${marker}:end:${exported ? 0 : 1}\n`;
		}

		const exitCode = state.exitCode ?? 0;
		return {ok: exitCode === 0, exitCode, stdout, stderr: 'bash: no job control in this shell\n', durationMs: state.durationMs ?? 20};
	};
}

async function run(state: ShellState, options: FakePortsOptions = {}, calls: Call[] = [], timeoutMs = 5000): Promise<ProbeOutcome<LoginShellData>> {
	const ports = makePorts({env: {SHELL: '/bin/bash', PATH: '/usr/bin:/bin', ...options.env}, files: {'/bin/bash': '', '/usr/bin/zsh': '', '/home/dev/.profile': '', ...options.files}, exec: options.exec ?? fakeShell(state, calls), platform: options.platform});
	return loginShellProbe.run(context(ports, [], {timeoutMs}));
}

describe('login-shell probe', () => {
	it('starts the shell from / when HOME does not exist, as a terminal still would', async () => {
		const calls: Call[] = [];
		const ports = makePorts({env: {SHELL: '/bin/bash', PATH: '/usr/bin:/bin', HOME: '/nonexistent'}, home: '/nonexistent', files: {'/bin/bash': ''}, exec: fakeShell({value: KEY_A}, calls)});
		const outcome = await loginShellProbe.run(context(ports, [], {timeoutMs: 5000}));
		expect(calls[0]!.options).toMatchObject({cwd: '/'});
		expect(outcome.data!.ran).toBe(true);
	});

	it('asks the file system what the start needs (the shell, /etc/environment, HOME) at once, not one after another', async () => {
		const calls: Call[] = [];
		const base = makePorts({env: {SHELL: '/bin/bash', PATH: '/usr/bin:/bin'}, files: {'/bin/bash': '', '/etc/environment': 'LANG=C.UTF-8\n'}, exec: fakeShell({value: KEY_A}, calls)});
		// Each answer waits until all three were asked: asked in turn, they would never be answered.
		const asked = new Set<string>();
		let allAsked: () => void = () => undefined;
		const three = new Promise<void>(resolve => {
			allAsked = resolve;
		});
		const held = async <T>(path: string, answer: () => Promise<T>): Promise<T> => {
			asked.add(path);
			if (asked.size === 3) allAsked();
			await Promise.race([three, new Promise(resolve => setTimeout(resolve, 2000))]);
			return answer();
		};

		const fs = {
			...base.fs,
			exists: (path: string) => held(path, () => base.fs.exists(path)),
			isDirectory: (path: string) => held(path, () => base.fs.isDirectory(path)),
			stat: (path: string) => held(path, () => base.fs.stat(path)),
			readFile: (path: string, options: {maxBytes: number}) => held(path, () => base.fs.readFile(path, options)),
		};
		const started = performance.now();
		const outcome = await loginShellProbe.run(context({...base, fs}, [], {timeoutMs: 5000}));
		expect([...asked].sort()).toEqual(['/bin/bash', '/etc/environment', '/home/dev']);
		expect(performance.now() - started).toBeLessThan(1500);
		expect(outcome.data!.ran).toBe(true);
		expect(calls).toHaveLength(1);
	});

	it('starts the shell as a new terminal would: new session, time limit, login + interactive, clean environment', async () => {
		const calls: Call[] = [];
		await run({value: KEY_A}, {env: {OPENAI_API_KEY: KEY_A}, files: {'/etc/environment': 'LANG=C.UTF-8\n'}}, calls);
		expect(calls).toHaveLength(1);
		const [call] = calls;
		expect(call!.file).toBe('timeout');
		expect(call!.args.slice(0, 7)).toEqual(['-k', '0.5', '3.0', '/bin/bash', '-l', '-i', '-c']);
		expect(call!.options).toMatchObject({extendEnv: false, cwd: '/home/dev', timeoutMs: 4200});
		expect(call!.options.env).toMatchObject({TERM: 'dumb', HOME: '/home/dev', PATH: '/usr/bin:/bin'});
		// The shell must show what the startup files give, not inherit this process's key.
		expect(call!.options.env).not.toHaveProperty('OPENAI_API_KEY');
		expect(call!.args.join(' ')).not.toContain(KEY_A);
	});

	it('gives the shell what /etc/environment sets, as PAM does at login', async () => {
		const calls: Call[] = [];
		await run({value: KEY_B}, {files: {'/etc/environment': `OPENAI_API_KEY="${KEY_B}"\n`}}, calls);
		expect(calls[0]!.options.env!.OPENAI_API_KEY).toBe(KEY_B);
	});

	it.each<[string, ShellState, Record<string, string>, string, string, LoginShellData['relation']]>([
		['same key', {value: KEY_A, noise: 'Welcome!\n'}, {OPENAI_API_KEY: KEY_A}, 'pass', 'A new bash terminal gets the same key as this one (sk-proj-…', 'same'],
		['different key', {value: KEY_B}, {OPENAI_API_KEY: KEY_A}, 'warn', 'A new bash terminal gets sk-proj-…', 'different'],
		['only in the profile', {value: KEY_A}, {}, 'warn', 'A new bash terminal gets OPENAI_API_KEY (sk-proj-…', 'only-login-shell'],
		['only in this process', {}, {OPENAI_API_KEY: KEY_A}, 'warn', 'OPENAI_API_KEY is set only in this terminal: a new bash terminal, and services, will not have it.', 'only-process'],
		['in neither', {}, {}, 'pass', 'A new bash terminal does not set OPENAI_API_KEY either.', 'neither'],
		['set but not exported', {value: KEY_A, exported: false}, {}, 'warn', 'A new bash terminal sets OPENAI_API_KEY without exporting it', 'neither'],
		['exported empty', {value: ''}, {OPENAI_API_KEY: KEY_A}, 'warn', 'A new bash terminal gets OPENAI_API_KEY set to an empty value.', 'only-process'],
	])('%s', async (_title, state, env, status, summary, relation) => {
		const outcome = await run(state, {env});
		expect(outcome.status).toBe(status);
		expect(outcome.summary.startsWith(summary)).toBe(true);
		expect(outcome.data!.relation).toBe(relation);
		const text = JSON.stringify(outcome);
		expect(text).not.toContain(KEY_A.slice(8, 40));
		expect(text).not.toContain(KEY_B.slice(8, 40));
	});

	it('reads the value into a Secret for the live check, with the source login-shell:bash', async () => {
		const outcome = await run({value: KEY_A}, {env: {}});
		expect(outcome.keys!.map(key => [key.source, key.origin, key.variable, key.secret.reveal() === KEY_A])).toEqual([['login-shell:bash', 'login-shell', 'OPENAI_API_KEY', true]]);
		expect(outcome.data).toMatchObject({ran: true, set: true, exported: true, interactive: true});
	});

	it('ignores a fake marker printed by a profile', async () => {
		const noise = `\n__KW_0000000000000000:begin:1\n${KEY_B}\n\n__KW_0000000000000000:end:0\n`;
		const outcome = await run({value: KEY_A, noise}, {env: {OPENAI_API_KEY: KEY_A}});
		expect(outcome.data!.relation).toBe('same');
	});

	it('calls a profile that never finishes a timeout', async () => {
		const outcome = await run({answer: false, exitCode: 124, durationMs: 3000});
		expect(outcome.status).toBe('timeout');
		expect(outcome.summary).toBe('The bash login shell did not finish its startup files within 3 s (one waits for input or runs a long command); stopped.');
	});

	it('still uses the answer when only one startup command was stopped', async () => {
		const outcome = await run({value: KEY_A, exitCode: 124, durationMs: 3000}, {env: {OPENAI_API_KEY: KEY_A}});
		expect(outcome.status).toBe('warn');
		expect(outcome.data).toMatchObject({interrupted: true, relation: 'same'});
		expect(outcome.details).toContain('A startup command was stopped after 3 s (it waited for input or ran long); the rest of the files ran.');
	});

	it('does not wait for a command whose output never closes', async () => {
		const hang: Exec = () => new Promise(() => {});
		const started = performance.now();
		const outcome = await run({}, {exec: hang}, [], 500);
		expect(outcome.status).toBe('timeout');
		expect(performance.now() - started).toBeLessThan(2500);
	});

	it('says when a startup file exits before the check', async () => {
		const outcome = await run({answer: false, exitCode: 3});
		expect(outcome.status).toBe('warn');
		expect(outcome.summary).toBe('The bash login shell ended before the check ran (exit code 3): a startup file may call exit or exec another program.');
	});

	it('falls back to a plain login shell where timeout is missing', async () => {
		const calls: Call[] = [];
		const exec = fakeShell({value: KEY_A}, calls, {timeout: call => commandNotFound(call.file)});
		const outcome = await run({}, {exec, env: {OPENAI_API_KEY: KEY_A}});
		expect(calls.map(call => [call.file, ...call.args.slice(0, 2)])).toEqual([['timeout', '-k', '0.5'], ['/bin/bash', '-l', '-c']]);
		expect(outcome.data).toMatchObject({relation: 'same', interactive: false});
		expect(outcome.details).toContain('Started as a non-interactive login shell (bash -l), with ~/.bashrc read explicitly as a new terminal would.');
		expect(calls[1]!.args.at(-1)).toMatch(/^if \[ -r "\$HOME\/\.bashrc" \]; then \. "\$HOME\/\.bashrc" >\/dev\/null 2>&1; fi; command printf/);
	});

	it('runs the shell directly, not interactively, on macOS, reading ~/.zshrc itself', async () => {
		const calls: Call[] = [];
		const outcome = await run({value: KEY_A}, {platform: 'darwin', env: {SHELL: '/usr/bin/zsh'}}, calls);
		expect(calls.map(call => [call.file, ...call.args.slice(0, 2)])).toEqual([['/usr/bin/zsh', '-l', '-c']]);
		expect(calls[0]!.args.at(-1)).toContain('if [ -r "${ZDOTDIR:-$HOME}/.zshrc" ]; then . "${ZDOTDIR:-$HOME}/.zshrc" >/dev/null 2>&1; fi; ');
		expect(outcome.details).toContain('Started as a non-interactive login shell (zsh -l), with ~/.zshrc read explicitly as a new terminal would.');
	});

	it('leaves ~/.bashrc to bash itself on macOS, where terminals start login shells', async () => {
		const calls: Call[] = [];
		await run({value: KEY_A}, {platform: 'darwin'}, calls);
		expect(calls[0]!.args.at(-1)).toMatch(/^command printf/);
	});

	it.each<[string, FakePortsOptions, string, string]>([
		['SHELL unset', {env: {SHELL: ''}}, 'skip', 'SHELL is not set, so there is no login shell to start.'],
		['a SHELL that does not exist', {env: {SHELL: '/usr/local/bin/nosuchshell'}}, 'warn', 'SHELL is /usr/local/bin/nosuchshell, which does not exist'],
		['a missing bash', {env: {SHELL: '/opt/bin/bash'}}, 'warn', 'SHELL is /opt/bin/bash, which does not exist'],
		['tcsh', {env: {SHELL: '/bin/tcsh'}, files: {'/bin/tcsh': ''}}, 'skip', 'Your shell (tcsh) cannot run a one-off command as a login shell here'],
		['Windows', {platform: 'win32'}, 'skip', 'Windows has no login shell to start'],
	])('%s', async (_title, options, status, summary) => {
		const calls: Call[] = [];
		const outcome = await run({value: KEY_A}, options, calls);
		expect(outcome.status).toBe(status);
		expect(outcome.summary.startsWith(summary)).toBe(true);
		expect(calls).toEqual([]);
	});
});

describe('parseCheckOutput', () => {
	const marker = '__KW_abcdef0123456789';
	it.each([
		['exported', `noise\n${marker}:begin:1\nvalue\n\n${marker}:end:0\n`, {set: true, exported: true, value: 'value'}],
		['exported empty', `\n${marker}:begin:1\n\n\n${marker}:end:0\n`, {set: true, exported: true, value: ''}],
		['a value with a newline inside', `\n${marker}:begin:1\nab\ncd\n\n${marker}:end:0\n`, {set: true, exported: true, value: 'ab\ncd'}],
		['set, not exported', `\n${marker}:begin:1\n\n${marker}:end:1\n`, {set: true, exported: false}],
		['unset', `\n${marker}:begin:0\n\n${marker}:end:1\n`, {set: false, exported: false}],
		['printenv missing', `\n${marker}:begin:1\n\n${marker}:end:127\n`, {set: true, exported: false}],
	])('%s', (_title, stdout, expected) => {
		expect(parseCheckOutput(stdout, marker)).toEqual(expected);
	});

	it('gives nothing without both markers', () => {
		expect(parseCheckOutput(`\n${marker}:begin:1\nvalue\n`, marker)).toBeUndefined();
		expect(parseCheckOutput('just noise', marker)).toBeUndefined();
	});

	it('prints only a marker, a flag, the exported value and a status', () => {
		expect(checkCommand('sh', marker)).toBe(
			`command printf '\\n%s' '${marker}:begin:'; case "\${OPENAI_API_KEY+x}" in x) command printf 1;; *) command printf 0;; esac; command printf '\\n'; command printenv OPENAI_API_KEY; command printf '\\n%s:%s\\n' '${marker}:end' "$?"`,
		);
		expect(checkCommand('fish', marker)).toContain('if set -q OPENAI_API_KEY; command printf 1; else; command printf 0; end');
	});

	it('reaches the real printenv and printf past aliases and functions a profile defines, in bash, zsh, sh and dash', async () => {
		const overrides = `alias printenv='echo fake'; printenv() { echo fake; }; printf() { echo fake; }; export OPENAI_API_KEY=${KEY_A}; `;
		for (const shell of ['/bin/bash', '/usr/bin/zsh', '/bin/sh', '/bin/dash'].filter(file => existsSync(file))) {
			const result = spawnSync(shell, ['-c', checkCommand('sh', marker, overrides)], {encoding: 'utf8'});
			expect(parseCheckOutput(result.stdout, marker), shell).toEqual({set: true, exported: true, value: KEY_A});
		}
	});
});

describe('login-shell probe beside the startup files as read', () => {
	const profilesSaying = (value: string): ProbeResult => {
		const secret = new Secret(value);
		const data: ProfilesProbeData = {
			files: [],
			definitions: [],
			order: ['~/.bashrc'],
			outcome: {set: true, exported: true, source: 'profile:~/.bashrc:3', sha256: secret.sha256, fingerprint: secret.fingerprint, empty: false},
			unfollowed: [],
			broken: [],
		};
		return {id: 'profiles', step: 2, status: 'pass', summary: 'profiles', durationMs: 1, data};
	};

	const runWith = async (shellValue: string, predicted: string) => {
		const ports = makePorts({env: {SHELL: '/bin/bash', PATH: '/usr/bin:/bin'}, files: {'/bin/bash': ''}, exec: fakeShell({value: shellValue})});
		return loginShellProbe.run(context(ports, [profilesSaying(predicted)]));
	};

	it('trusts the shell and says so when the files, read as written, suggest another key', async () => {
		const outcome = await runWith(`${KEY_A}\r`, KEY_A);
		expect(outcome.data?.fingerprint).toBe(new Secret(`${KEY_A}\r`).fingerprint);
		expect(outcome.summary).toContain(`Read as written, ~/.bashrc:3 suggests ${new Secret(KEY_A).fingerprint}; the shell itself gives ${new Secret(`${KEY_A}\r`).fingerprint}, and that is what a new terminal gets.`);
	});

	it('adds nothing when both agree', async () => {
		const outcome = await runWith(KEY_B, KEY_B);
		expect(outcome.summary).not.toContain('Read as written');
	});
});
