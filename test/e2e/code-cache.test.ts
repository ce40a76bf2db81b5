import {cp, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeProjectKey} from '../helpers/fake-keys.js';

// The built CLI keeps the core's compiled code in the user's cache folder: a new output
// channel, so it gets the same proof as the others that no key reaches it.
// The build leaves its own cache in dist/chunks/code-cache/ (left out of the npm package):
// the tests of the user's cache run a copy of dist without it, as an installed package is.
const dist = fileURLToPath(new URL('../../dist', import.meta.url));
const hasTmux = (await execa('tmux', ['-V'], {reject: false})).exitCode === 0;
if (!hasTmux) console.warn('the code cache\'s wizard e2e skipped: tmux is not installed (apt-get install tmux).');
let installed: string;
let project: string;
let home: string;

beforeAll(async () => {
	project = await mkdtemp(path.join(tmpdir(), 'kw-e2e-cache-project-'));
	home = await mkdtemp(path.join(tmpdir(), 'kw-e2e-cache-home-'));
	installed = await mkdtemp(path.join(tmpdir(), 'kw-e2e-cache-installed-'));
	await cp(dist, installed, {recursive: true, filter: source => path.basename(source) !== 'code-cache'});
});

afterAll(async () => {
	await rm(project, {recursive: true, force: true});
	await rm(home, {recursive: true, force: true});
	await rm(installed, {recursive: true, force: true});
});

async function runCli(args: string[], env: Record<string, string> = {}, cli = path.join(installed, 'cli.js')) {
	return execa(process.execPath, [cli, ...args], {
		cwd: project,
		env: {PATH: process.env.PATH!, HOME: home, SHELL: '/bin/sh', ...env},
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		timeout: 60_000,
	});
}

/** The kinds of runs a cache file's header line names (runner/code-cache.ts). */
function kindsIn(bytes: Buffer): string[] {
	const line = bytes.subarray(0, bytes.indexOf(10)).toString('latin1');
	expect(line).toMatch(/^key-wizard code cache 1:/);
	return line.slice('key-wizard code cache 1:'.length).trim().split(',');
}

/** The report without what changes from run to run (each probe's duration). */
const withoutDurations = (stdout: string) => JSON.stringify(JSON.parse(stdout), (name, value: unknown) => (name === 'durationMs' ? 0 : value));

describe('core.cjs as the build writes it', () => {
	it('is ASCII (the loader reads it as latin1), its regular expressions above ASCII escaped, and they still read a relay\'s Chinese error', async () => {
		const bytes = await readFile(path.join(dist, 'chunks/core.cjs'));
		expect(bytes.findIndex(byte => byte > 0x7f)).toBe(-1);
		// The relay texts of parse-app-error.ts (额度不足: out of credit), escaped rather than dropped.
		expect(bytes.toString('latin1')).toContain(String.raw`\u989d\u5ea6`);
		const result = await runCli(['--json', '--no-network', '--error', '401 额度不足'], {}, path.join(dist, 'cli.js'));
		expect(JSON.parse(result.stdout).causes.map((cause: {id: string}) => cause.id)).toContain('quota-exceeded');
	});
});

describe('the code cache of the built CLI', () => {
	it('comes from the build for the Node that built it: a run of the kind it was made from (--demo --json) writes none in a fresh home', async () => {
		const freshHome = await mkdtemp(path.join(tmpdir(), 'kw-e2e-cache-fresh-'));
		try {
			const built = await readdir(path.join(dist, 'chunks/code-cache'));
			expect(built.filter(name => name.endsWith(`-${process.version}-${process.arch}.v8cache`))).toHaveLength(1);
			expect(kindsIn(await readFile(path.join(dist, 'chunks/code-cache', built[0]!)))).toContain('json');
			const demo = await runCli(['--demo', '--json'], {HOME: freshHome}, path.join(dist, 'cli.js'));
			expect(demo.stderr).toBe('');
			expect(JSON.parse(demo.stdout).causes.length).toBeGreaterThan(0);
			expect(await readdir(freshHome)).toEqual([]);
		} finally {
			await rm(freshHome, {recursive: true, force: true});
		}
	});

	it('is written again in the user\'s folder by a run of a kind the cache lacks (--report after the build\'s --json), with both kinds, then no more', async () => {
		const cacheFolder = await mkdtemp(path.join(tmpdir(), 'kw-e2e-cache-kinds-'));
		await writeFile(path.join(project, 'compose.yaml'), 'services:\n  api:\n    image: app\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n');
		try {
			const builtFolder = path.join(dist, 'chunks/code-cache');
			const [builtName] = await readdir(builtFolder);
			const builtBytes = await readFile(path.join(builtFolder, builtName!));
			const report = await runCli(['--report', '--no-network'], {KEY_WIZARD_CACHE_DIR: cacheFolder}, path.join(dist, 'cli.js'));
			expect(report.stderr).toBe('');
			const userCache = path.join(cacheFolder, builtName!);
			const kinds = kindsIn(await readFile(userCache));
			expect(kinds).toEqual(expect.arrayContaining(['report', 'probe:compose', ...kindsIn(builtBytes)]));
			// What the first run compiled is in it: the compose reader, the text report.
			expect((await stat(userCache)).size).toBeGreaterThan(builtBytes.length);
			expect((await readFile(path.join(builtFolder, builtName!))).equals(builtBytes)).toBe(true);
			const written = (await stat(userCache)).mtimeMs;

			const again = await runCli(['--report', '--no-network'], {KEY_WIZARD_CACHE_DIR: cacheFolder}, path.join(dist, 'cli.js'));
			expect(again.stdout).toBe(report.stdout);
			expect((await stat(userCache)).mtimeMs).toBe(written);
		} finally {
			await rm(path.join(project, 'compose.yaml'), {force: true});
			await rm(cacheFolder, {recursive: true, force: true});
		}
	});

	it('is written on the first run into ~/.cache/key-wizard, used by the next, and changes nothing in the report', async () => {
		const first = await runCli(['--json', '--no-network']);
		const folder = path.join(home, '.cache', 'key-wizard');
		const names = await readdir(folder);
		expect(names).toHaveLength(1);
		expect(names[0]).toMatch(/^core-[\da-f]{20}-\d+-\d+-v\d+\.\d+\.\d+-\w+\.v8cache$/);
		const file = path.join(folder, names[0]!);
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		const written = (await stat(file)).mtimeMs;

		const second = await runCli(['--json', '--no-network']);
		expect(second.exitCode).toBe(first.exitCode);
		expect(second.stderr).toBe('');
		expect(withoutDurations(second.stdout)).toBe(withoutDurations(first.stdout));
		expect(await readdir(folder)).toEqual(names);
		expect((await stat(file)).mtimeMs).toBe(written);
	});

	it('holds no key, nor any piece of one, after runs that read keys from the environment, .env and a pasted error', async () => {
		const cacheFolder = await mkdtemp(path.join(tmpdir(), 'kw-e2e-cache-'));
		const environmentKey = makeProjectKey(211);
		const dotenvKey = makeProjectKey(212);
		const pastedKey = makeProjectKey(213);
		await writeFile(path.join(project, '.env'), `OPENAI_API_KEY=${dotenvKey}\n`);
		try {
			const error = `Error: 401 Incorrect API key provided: ${pastedKey}. You can find your API key at https://platform.openai.com/account/api-keys.`;
			const json = await runCli(['--json', '--no-network', '--error', error], {OPENAI_API_KEY: environmentKey, KEY_WIZARD_CACHE_DIR: cacheFolder});
			expect(JSON.parse(json.stdout).keys.length).toBeGreaterThan(0);
			await runCli(['--report', '--no-network'], {OPENAI_API_KEY: environmentKey, KEY_WIZARD_CACHE_DIR: cacheFolder});
			const names = await readdir(cacheFolder);
			expect(names.length).toBeGreaterThan(0);
			for (const name of names) {
				const bytes = await readFile(path.join(cacheFolder, name));
				// The search can see strings at all: the source's own literals are there, in one byte per character.
				expect(bytes.toString('latin1')).toContain('OPENAI_API_KEY');
				// V8 keeps a string in one byte per character or in UTF-16: look for both.
				for (const text of [bytes.toString('latin1'), bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')]) {
					for (const key of [environmentKey, dotenvKey, pastedKey]) {
						const middle = key.slice(8, -4);
						for (let start = 0; start + 12 <= middle.length; start += 4) expect(text.includes(middle.slice(start, start + 12))).toBe(false);
					}
				}
			}
		} finally {
			await rm(path.join(project, '.env'), {force: true});
			await rm(cacheFolder, {recursive: true, force: true});
		}
	});

	it('keeps yaml.cjs compiled too, once a project has a YAML file: its own cache, used by the next run, with no piece of the key written there', async () => {
		const cacheFolder = await mkdtemp(path.join(tmpdir(), 'kw-e2e-cache-yaml-'));
		const composeKey = makeProjectKey(214);
		await writeFile(path.join(project, 'compose.yaml'), `services:\n  api:\n    image: app\n    environment:\n      OPENAI_API_KEY: ${composeKey}\n`);
		try {
			const first = await runCli(['--json', '--no-network'], {KEY_WIZARD_CACHE_DIR: cacheFolder});
			expect(JSON.parse(first.stdout).keys.flatMap((key: {sources: string[]}) => key.sources)).toContain('compose:api');
			const yamlCache = (await readdir(cacheFolder)).find(name => name.startsWith('yaml-'));
			expect(yamlCache).toMatch(/^yaml-[\da-f]{20}-\d+-\d+-v\d+\.\d+\.\d+-\w+\.v8cache$/);
			const written = (await stat(path.join(cacheFolder, yamlCache!))).mtimeMs;

			const second = await runCli(['--json', '--no-network'], {KEY_WIZARD_CACHE_DIR: cacheFolder});
			expect(withoutDurations(second.stdout)).toBe(withoutDurations(first.stdout));
			expect((await stat(path.join(cacheFolder, yamlCache!))).mtimeMs).toBe(written);

			const bytes = await readFile(path.join(cacheFolder, yamlCache!));
			// The search can see strings at all: the parser's own literals are there.
			expect(bytes.toString('latin1')).toContain('tag:yaml.org,2002:');
			const middle = composeKey.slice(8, -4);
			for (const text of [bytes.toString('latin1'), bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')]) {
				for (let start = 0; start + 12 <= middle.length; start += 4) expect(text.includes(middle.slice(start, start + 12))).toBe(false);
			}
		} finally {
			await rm(path.join(project, 'compose.yaml'), {force: true});
			await rm(cacheFolder, {recursive: true, force: true});
		}
	});

	it.skipIf(!hasTmux)('names a wizard run, with the causes its session found, once the wizard quits (tmux)', async () => {
		const cacheFolder = await mkdtemp(path.join(tmpdir(), 'kw-e2e-cache-wizard-'));
		const socket = `kw-cache-${process.pid}`;
		const tmux = (...args: string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], {reject: false});
		await writeFile(path.join(project, '.env'), 'OPENAI_API_KEY=your-api-key-here\n');
		try {
			const script = path.join(cacheFolder, 'run.sh');
			await writeFile(script, ['#!/bin/sh', `cd '${project}'`, `'${process.execPath}' '${path.join(dist, 'cli.js')}' --no-network`, 'echo "KW-EXIT=$?"', 'sleep 600', ''].join('\n'), {mode: 0o700});
			await tmux('new-session', '-d', '-s', 'cache', '-x', '80', '-y', '24', 'env', '-i', `HOME=${home}`, `PATH=${process.env.PATH}`, 'TERM=xterm-256color', 'LANG=C.UTF-8', 'SHELL=/bin/sh', `KEY_WIZARD_CACHE_DIR=${cacheFolder}`, script);
			const waitFor = async (text: string, unless?: string) => {
				const started = Date.now();
				for (;;) {
					const screen = (await tmux('capture-pane', '-p', '-t', 'cache')).stdout;
					if (screen.includes(text) && !(unless && screen.includes(unless))) return;
					if (Date.now() - started > 20_000) throw new Error(`Timed out waiting for ${text}; the screen:\n${screen}`);
					await new Promise(resolve => setTimeout(resolve, 50));
				}
			};

			// The whole diagnosis on screen (no check still running): a session stopped halfway names nothing.
			await waitFor('Keys found (1)', 'running');
			await tmux('send-keys', '-t', 'cache', 'q');
			await waitFor('KW-EXIT=1');
			const [name] = (await readdir(cacheFolder)).filter(file => file.startsWith('core-'));
			expect(kindsIn(await readFile(path.join(cacheFolder, name!)))).toEqual(expect.arrayContaining(['wizard', 'cause:key-placeholder', 'probe:dotenv']));
		} finally {
			await tmux('kill-server');
			await rm(path.join(project, '.env'), {force: true});
			await rm(cacheFolder, {recursive: true, force: true});
		}
	});

	it('runs as before where the cache folder cannot be written, and with caching off', async () => {
		const readOnlyHome = await mkdtemp(path.join(tmpdir(), 'kw-e2e-cache-ro-'));
		// A file where ~/.cache would be: no folder can be made there, whoever runs the test.
		await writeFile(path.join(readOnlyHome, '.cache'), '');
		try {
			const blocked = await runCli(['--json', '--no-network'], {HOME: readOnlyHome});
			const off = await runCli(['--json', '--no-network'], {KEY_WIZARD_CACHE_DIR: 'off'});
			const normal = await runCli(['--json', '--no-network']);
			expect(blocked.stderr).toBe('');
			expect(off.stderr).toBe('');
			expect(blocked.exitCode).toBe(normal.exitCode);
			expect(withoutDurations(off.stdout)).toBe(withoutDurations(normal.stdout));
			expect(JSON.parse(blocked.stdout).verdict).toBe(JSON.parse(normal.stdout).verdict);
			expect(await readdir(readOnlyHome)).toEqual(['.cache']);
		} finally {
			await rm(readOnlyHome, {recursive: true, force: true});
		}
	});
});
