/**
 * The login-shell probe against real shells: a temporary HOME holding real startup
 * files, real bash (and zsh when installed), real timeout. Then the local
 * probes end to end on real files, through the rules.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {diagnose} from '../../source/core/diagnose/diagnose.js';
import {localSourcesRules} from '../../source/core/diagnose/rules/local-sources.js';
import {collectKeys} from '../../source/core/keys/collect.js';
import {dotenvProbe} from '../../source/core/probes/dotenv.js';
import {envProbe} from '../../source/core/probes/env.js';
import {loginShellProbe, type LoginShellData} from '../../source/core/probes/login-shell.js';
import {misnamedVarsProbe} from '../../source/core/probes/misnamed-vars.js';
import {profilesProbe} from '../../source/core/probes/profiles.js';
import {runProbes} from '../../source/core/run-probes.js';
import type {ProbeOutcome} from '../../source/core/types.js';
import {processesOf, until} from '../helpers/processes.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {makeOptions} from '../helpers/facts.js';
import {context} from '../helpers/probe-context.js';
import {dotenvFixture, fixtureKeys, writeHome} from '../core/local/fixtures.js';

const {KEY_A} = fixtureKeys;
const root = mkdtempSync(path.join(tmpdir(), 'kw-login-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));

function which(command: string): string | undefined {
	const found = spawnSync('sh', ['-c', `command -v ${command}`], {encoding: 'utf8'});
	return found.status === 0 ? found.stdout.trim() : undefined;
}

const bash = which('bash')!;
const zsh = which('zsh');

let homes = 0;
/** A fresh temporary HOME holding a fixture's startup files. */
function homeWith(fixture: string): string {
	const home = path.join(root, `home-${homes++}-${fixture}`);
	mkdirSync(home, {recursive: true});
	writeHome(fixture, home);
	return home;
}

/** The environment a terminal would start the tool with: no key unless given. */
function environment(home: string, shell: string, extra: Record<string, string> = {}): Record<string, string> {
	return {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, SHELL: shell, LANG: 'C.UTF-8', ...extra};
}

async function probe(fixture: string, extra: Record<string, string> = {}, shell = bash, timeoutMs = 5000): Promise<ProbeOutcome<LoginShellData>> {
	const home = homeWith(fixture);
	const ports = createRealPorts({cwd: home, home, env: environment(home, shell, extra)});
	return loginShellProbe.run(context(ports, [], {timeoutMs}));
}

function noKeyIn(outcome: ProbeOutcome): void {
	const text = JSON.stringify({summary: outcome.summary, details: outcome.details, data: outcome.data, keys: outcome.keys});
	expect(text).not.toContain(KEY_A.slice(8, 40));
}

describe('login-shell probe with a real bash', () => {
	it('reads ~/.bashrc through ~/.profile, past the interactive guard, and reads the value over the pipe', async () => {
		const outcome = await probe('bash-export');
		expect(outcome.status).toBe('warn');
		expect(outcome.data).toMatchObject({ran: true, interactive: true, set: true, exported: true, relation: 'only-login-shell', process: 'unset'});
		expect(outcome.keys!.map(key => [key.source, key.secret.reveal() === KEY_A])).toEqual([['login-shell:bash', true]]);
		noKeyIn(outcome);
	});

	it('sees the same key as this process', async () => {
		const outcome = await probe('bash-export', {OPENAI_API_KEY: KEY_A});
		expect(outcome).toMatchObject({status: 'pass', data: {relation: 'same'}});
	});

	it('does not pass this process\'s key down to the fresh shell', async () => {
		const outcome = await probe('empty-home', {OPENAI_API_KEY: KEY_A});
		expect(outcome).toMatchObject({status: 'warn', data: {relation: 'only-process', set: false}});
		expect(outcome.summary).toBe('OPENAI_API_KEY is set only in this terminal: a new bash terminal, and services, will not have it.');
	});

	it('ends with ~/.bashrc, as a Linux terminal does, even when ~/.profile sources it first and exports another key after', async () => {
		const home = homeWith('empty-home');
		writeFileSync(path.join(home, '.profile'), `. "$HOME/.bashrc"\nexport OPENAI_API_KEY=${fixtureKeys.KEY_B}\n`);
		writeFileSync(path.join(home, '.bashrc'), `export OPENAI_API_KEY=${KEY_A}\n`);
		const ports = createRealPorts({cwd: home, home, env: environment(home, bash)});
		const outcome = await loginShellProbe.run(context(ports, [], {timeoutMs: 5000}));
		expect(outcome.data).toMatchObject({ran: true, interactive: true, exported: true});
		expect(outcome.keys!.map(key => key.secret.reveal() === KEY_A)).toEqual([true]);
	});

	it('reads ~/.bashrc in an interactive login bash even when no login file sources it', async () => {
		const outcome = await probe('bash-profile-skips-bashrc');
		expect(outcome.data).toMatchObject({ran: true, interactive: true, exported: true, relation: 'only-login-shell'});
		expect(outcome.keys![0]!.secret.reveal()).toBe(KEY_A);
	});

	it('tells a shell variable from an exported one', async () => {
		const outcome = await probe('bash-no-export');
		expect(outcome).toMatchObject({status: 'warn', data: {set: true, exported: false}});
		expect(outcome.keys).toEqual([]);
	});

	it('ignores what profiles print, even a fake marker', async () => {
		const outcome = await probe('bash-noisy', {OPENAI_API_KEY: KEY_A});
		expect(outcome).toMatchObject({status: 'pass', data: {relation: 'same'}});
	});

	it('does not wait on a profile that reads stdin', async () => {
		const started = performance.now();
		const outcome = await probe('bash-reads', {OPENAI_API_KEY: KEY_A});
		expect(outcome.data).toMatchObject({relation: 'same'});
		expect(performance.now() - started).toBeLessThan(2500);
	});

	it('stops a profile that runs sleep 100, and leaves no sleep behind', async () => {
		const started = performance.now();
		const outcome = await probe('bash-sleeps', {}, bash, 2000);
		const elapsed = performance.now() - started;
		expect(elapsed).toBeLessThan(2000);
		// timeout(1) killed the sleep; the rest of the profile ran, so the answer still came.
		expect(outcome.status).toBe('warn');
		expect(outcome.data).toMatchObject({interrupted: true, relation: 'only-login-shell'});
		expect(outcome.details).toContain('A startup command was stopped after 1.2 s (it waited for input or ran long); the rest of the files ran.');
		// Only this test's processes (their HOME is this fixture's), not another test's sleep; a
		// killed process may take a moment to be scheduled and end on a loaded machine, a leaked one lives 100 s.
		const sleeping = () => processesOf('-bash-sleeps', undefined).filter(line => / sleep 100$/.test(line));
		await until(() => sleeping().length === 0, 2000);
		expect(sleeping()).toEqual([]);
	});

	it('ends a profile stuck in a loop as a timeout', async () => {
		const started = performance.now();
		const outcome = await probe('bash-spins', {}, bash, 2000);
		expect(performance.now() - started).toBeLessThan(2000);
		expect(outcome.status).toBe('timeout');
		expect(outcome.summary).toBe('The bash login shell did not finish its startup files within 1.2 s (one waits for input or runs a long command); stopped.');
	});

	it('says when a profile exits before the check', async () => {
		const outcome = await probe('bash-exits');
		expect(outcome).toMatchObject({status: 'warn', summary: 'The bash login shell ended before the check ran (exit code 3): a startup file may call exit or exec another program.'});
	});

	it('without timeout, runs a plain login bash that still reads ~/.bashrc, as a Linux terminal does', async () => {
		const home = homeWith('bash-profile-skips-bashrc');
		const ports = createRealPorts({cwd: home, home, env: environment(home, bash)});
		const exec = ports.exec;
		const calls: string[] = [];
		ports.exec = (file, args, options) => {
			calls.push(file);
			return exec(file === 'timeout' ? 'kw-no-such-timeout' : file, args, options);
		};

		const outcome = await loginShellProbe.run(context(ports, [], {timeoutMs: 5000}));
		expect(calls).toEqual(['timeout', bash]);
		expect(outcome.data).toMatchObject({interactive: false, relation: 'only-login-shell'});
		expect(outcome.keys![0]!.secret.reveal()).toBe(KEY_A);
	});

	it('reports a $SHELL that does not exist', async () => {
		const outcome = await probe('empty-home', {}, path.join(root, 'no-such-bash'));
		expect(outcome).toMatchObject({status: 'warn', summary: expect.stringMatching(/which does not exist/)});
		const missing = await probe('empty-home', {}, '/usr/local/nowhere/bash');
		expect(missing).toMatchObject({status: 'warn', summary: 'SHELL is /usr/local/nowhere/bash, which does not exist: new terminals cannot start it (they fall back to another shell or fail).'});
	});
});

describe.skipIf(!zsh)(`login-shell probe with a real zsh${zsh ? '' : ' (skipped: zsh is not installed; apt-get install -y zsh)'}`, () => {
	it('reads ~/.zshrc in an interactive login zsh', async () => {
		const outcome = await probe('zsh-export', {}, zsh!);
		expect(outcome.data).toMatchObject({ran: true, shell: 'zsh', exported: true, relation: 'only-login-shell'});
		expect(outcome.keys![0]!.secret.reveal()).toBe(KEY_A);
	});

	it('ends with the key ~/.zshrc sets after ~/.zshenv', async () => {
		const outcome = await probe('zsh-conflict', {}, zsh!);
		expect(outcome.keys![0]!.secret.reveal()).toBe(fixtureKeys.KEY_B);
	});
});

describe('the local probes end to end on real files', () => {
	const localProbes = [envProbe, dotenvProbe, profilesProbe, loginShellProbe, misnamedVarsProbe];

	async function diagnoseReal(fixture: string, extra: Record<string, string>, dotenv?: Uint8Array) {
		const home = homeWith(fixture);
		const project = path.join(home, 'project');
		mkdirSync(path.join(project, '.git'), {recursive: true});
		if (dotenv) writeFileSync(path.join(project, '.env'), dotenv);
		const ports = createRealPorts({cwd: project, home, env: environment(home, bash, extra)});
		const results = await runProbes(localProbes, ports, makeOptions({cwd: project}), new AbortController().signal);
		const keys = collectKeys(results, localProbes.map(item => item.id));
		return {results, keys, causes: diagnose({options: makeOptions({cwd: project}), env: ports.env, results, keys}, localSourcesRules)};
	}

	it('a profile edited after this terminal opened: profile-not-loaded, with the line', async () => {
		const {causes, keys} = await diagnoseReal('bash-export', {});
		expect(causes.map(cause => cause.id)).toEqual(['profile-not-loaded']);
		expect(causes[0]!.evidence[0]).toMatch(/^A fresh bash login shell gets OPENAI_API_KEY = sk-proj-….{4} from ~\/\.bashrc:8\.$/);
		expect(keys.map(key => key.observations.map(observation => observation.source))).toEqual([['profile:~/.bashrc:8', 'login-shell:bash']]);
	});

	it('a healthy setup: the same key in the profile, a new terminal, this process and .env', async () => {
		const {causes, results} = await diagnoseReal('bash-export', {OPENAI_API_KEY: KEY_A}, dotenvFixture('healthy.env'));
		expect(causes).toEqual([]);
		expect([...results.values()].map(result => [result.id, result.status]).sort()).toEqual([
			['dotenv', 'pass'],
			['env', 'pass'],
			['login-shell', 'pass'],
			['misnamed-vars', 'pass'],
			['profiles', 'pass'],
		]);
	});

	it('an unexported profile line: profile-missing-export, confirmed by the shell', async () => {
		const {causes} = await diagnoseReal('bash-no-export', {});
		expect(causes.map(cause => cause.id)).toEqual(['profile-missing-export']);
		expect(causes[0]!.evidence).toContain('A fresh bash login shell has OPENAI_API_KEY as a shell variable, but not in the environment it gives programs.');
	});
});
