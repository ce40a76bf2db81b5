import {describe, expect, it} from 'vitest';
import type {Exec} from '../../../source/core/ports.js';
import {libraryVersionsProbe, type LibraryVersionsData} from '../../../source/core/probes/library-versions.js';
import {exposureProbe, type ExposureData} from '../../../source/core/probes/exposure.js';
import {runProbes} from '../../../source/core/run-probes.js';
import {Secret} from '../../../source/core/keys/secret.js';
import type {ProbeDefinition, RunOptions} from '../../../source/core/types.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {commandNotFound, makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';
import {diagnoseProject, projectRoot} from '../../helpers/fake-project.js';

const A = makeProjectKey(8301);

function pip(answers: Record<string, {stdout?: string; stderr?: string; exitCode: number} | 'missing'>): {exec: Exec; calls: Array<{file: string; args: readonly string[]; cwd?: string; env?: Record<string, string | undefined>}>} {
	const calls: Array<{file: string; args: readonly string[]; cwd?: string; env?: Record<string, string | undefined>}> = [];
	const exec: Exec = async (file, args, options) => {
		calls.push({file, args, ...(options.cwd ? {cwd: options.cwd} : {}), ...(options.env ? {env: options.env} : {})});
		const answer = answers[file] ?? 'missing';
		if (answer === 'missing') return {ok: false, stdout: '', stderr: '', failure: 'not-found', message: `${file} is not installed.`, durationMs: 0};
		return {ok: answer.exitCode === 0, exitCode: answer.exitCode, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', durationMs: 1};
	};
	return {exec, calls};
}

describe('library-versions probe', () => {
	it('asks python for the installed version (importlib.metadata, not pip, which takes half a second to import) from the file system root, with PYTHONSAFEPATH, when no virtualenv says the version', async () => {
		const {exec, calls} = pip({python3: {stdout: 'Name: openai\nVersion: 2.34.1\n', exitCode: 0}});
		const ports = makePorts({cwd: projectRoot, exec, files: {[`${projectRoot}/requirements.txt`]: 'openai>=1\n'}});
		const outcome = await libraryVersionsProbe.run(context(ports, []));
		expect(calls).toEqual([{file: 'python3', args: ['-c', expect.stringContaining("metadata.version('openai')")], cwd: '/', env: expect.objectContaining({PYTHONSAFEPATH: '1'})}]);
		expect(calls[0]!.args[1]).not.toMatch(/\bpip\b/);
		expect((outcome.data as LibraryVersionsData).sightings).toContainEqual({library: 'openai-python', version: '2.34.1', source: "python3's site-packages", level: 'installed'});
		expect(outcome.summary).toBe("openai (Python) 2.34.1 (installed, python3's site-packages).");
	});

	it('falls back to python, and says so when there is no python at all', async () => {
		const none = pip({});
		const outcome = await libraryVersionsProbe.run(context(makePorts({cwd: projectRoot, exec: none.exec, files: {[`${projectRoot}/main.py`]: 'import os\n', [`${projectRoot}/requirements.txt`]: 'openai==1.2.0\n'}}), []));
		expect(none.calls.map(call => call.file)).toEqual(['python3', 'python']);
		expect(outcome.details).toContain('No python on PATH: the installed openai version could not be asked.');
		expect(outcome.status).toBe('pass');
		const notInstalled = pip({python3: {stderr: 'openai: package not found\n', exitCode: 1}});
		const second = await libraryVersionsProbe.run(context(makePorts({cwd: projectRoot, exec: notInstalled.exec, files: {[`${projectRoot}/requirements.txt`]: 'openai\n'}}), []));
		expect((second.data as LibraryVersionsData).pip).toEqual({python: 'python3', outcome: 'not-installed'});
	});

	it('reads a virtualenv’s site-packages and a Node install without running anything', async () => {
		const {exec, calls} = pip({python3: {stdout: 'Version: 9.9.9\n', exitCode: 0}});
		const ports = makePorts({
			cwd: projectRoot,
			exec,
			files: {
				[`${projectRoot}/.venv/lib/python3.12/site-packages/openai-1.54.3.dist-info/METADATA`]: 'x',
				[`${projectRoot}/node_modules/openai/package.json`]: '{"version":"4.73.0"}',
				[`${projectRoot}/package.json`]: '{"dependencies":{"openai":"^4.0.0"}}',
			},
		});
		const outcome = await libraryVersionsProbe.run(context(ports, []));
		expect(calls).toEqual([]);
		expect((outcome.data as LibraryVersionsData).sightings.filter(item => item.level === 'installed').map(item => [item.library, item.version])).toEqual([
			['openai-node', '4.73.0'],
			['openai-python', '1.54.3'],
		]);
	});
});

describe('exposure probe', () => {
	it('reads the shell histories ($HISTFILE too) and warns with the habit that avoids it', async () => {
		const ports = makePorts({
			cwd: projectRoot,
			env: {HISTFILE: '/home/dev/.history/bash'},
			files: {'/home/dev/.zsh_history': `: 1700000000:0;export OPENAI_API_KEY=${A}\n`, '/home/dev/.history/bash': `OPENAI_API_KEY=${A} python app.py\n`},
		});
		const outcome = await exposureProbe.run(context(ports, []));
		expect((outcome.data as ExposureData).shellHistory.map(item => [item.file, item.line])).toEqual([
			['~/.zsh_history', 1],
			['~/.history/bash', 1],
		]);
		expect(outcome.status).toBe('warn');
		expect(outcome.details?.join('\n')).toContain('read -s OPENAI_API_KEY');
		expect(outcome.keys?.map(key => [key.source, key.origin])).toEqual([
			['history:~/.zsh_history:1', 'history'],
			['history:~/.history/bash:1', 'history'],
		]);
		expect(JSON.stringify({summary: outcome.summary, details: outcome.details})).not.toContain(A.slice(8, 40));
	});

	it('says there is no repository without starting git where no .git is above the project', async () => {
		const started: string[] = [];
		const outcome = await exposureProbe.run(context(makePorts({cwd: projectRoot, exec: async file => (started.push(file), commandNotFound(file))}), []));
		expect(started).toEqual([]);
		expect(outcome).toMatchObject({status: 'pass', summary: 'No leaked key found: no git check (not a git repository); no key in shell history.'});
	});

	it('searches the history at once, while the code scan still runs, and still judges the .env files with what the .env probe found', async () => {
		const order: string[] = [];
		let historyAsked: () => void = () => undefined;
		const asked = new Promise<void>(resolve => {
			historyAsked = resolve;
		});
		const ports = makePorts({
			cwd: projectRoot,
			files: {[`${projectRoot}/.git/HEAD`]: 'ref: refs/heads/main\n'},
			async exec(_file, args) {
				const command = args.find(arg => ['rev-parse', 'log', 'check-ignore', 'ls-files'].includes(arg))!;
				order.push(command);
				if (command === 'log') historyAsked();
				const stdout = command === 'rev-parse' ? `${projectRoot}\n\n\nfalse\n` : '';
				// check-ignore exit 1: the .env file is not ignored.
				return {ok: command !== 'check-ignore' && command !== 'ls-files', exitCode: command === 'check-ignore' || command === 'ls-files' ? 1 : 0, stdout, stderr: '', durationMs: 1};
			},
		});
		// The scan ends once git's history was asked for (or after 3 s, which fails the order below).
		const scan: ProbeDefinition = {id: 'code', step: 4, title: 'code', checks: 'code', async run() {
			await Promise.race([asked, new Promise(resolve => setTimeout(resolve, 3000))]);
			order.push('scan done');
			return {status: 'pass', summary: 'scanned'};
		}};
		const dotenv: ProbeDefinition = {id: 'dotenv', step: 2, title: '.env', checks: '.env', async run() {
			const secret = new Secret(A);
			return {
				status: 'pass',
				summary: 'set',
				keys: [{secret, source: 'file:.env:1', origin: 'dotenv', variable: 'OPENAI_API_KEY'}],
				data: {files: [{shown: '.env', kind: 'dotenv', definitions: [{source: 'file:.env:1', sha256: secret.sha256, fingerprint: secret.fingerprint}]}]},
			};
		}};
		const options: RunOptions = {cwd: projectRoot, baseUrl: 'https://api.openai.com/v1', baseUrlSource: 'default', containers: [], network: false, timeoutMs: 5000, demo: false};
		const results = await runProbes([scan, dotenv, exposureProbe as ProbeDefinition], ports, options, new AbortController().signal);
		expect(order.slice(0, 3)).toEqual(['rev-parse', 'log', 'scan done']);
		expect((results.get('exposure')!.data as ExposureData).dotenvFiles).toEqual([expect.objectContaining({file: '.env', ignored: false, tracked: false})]);
	});

	it('says git is missing instead of failing', async () => {
		const outcome = await exposureProbe.run(context(makePorts({cwd: projectRoot, files: {[`${projectRoot}/.git/HEAD`]: 'ref: refs/heads/main\n'}}), []));
		expect(outcome).toMatchObject({status: 'pass', summary: 'No leaked key found: no git check (git is not installed); no key in shell history.'});
	});
});

describe('who loads .env (dotenv-loading probe), through whole fake projects', () => {
	it.each([
		['a load in the code', {'main.py': 'from dotenv import load_dotenv\nload_dotenv()\n'}, 'pass', '.env:1 reaches the app: main.py:2 calls load_dotenv().'],
		['no code to tell by', {}, 'warn', '.env:1 sets the key, and there is no code here to tell whether the app loads it: SDKs never read .env themselves.'],
		['code that never loads it', {'main.py': 'from openai import OpenAI\nclient = OpenAI()\n'}, 'fail', "Nothing loads .env, so the app never gets .env:1's key: no load_dotenv(), dotenv/config, --env-file, framework or script that loads .env was found."],
		['a framework that loads it', {'package.json': '{"dependencies":{"next":"15.0.0"}}', 'app/page.tsx': 'export default function Page() { return null; }\n'}, 'pass', '.env:1 reaches the app: Next.js loads .env itself.'],
	] as const)('%s', async (_name, files, status, summary) => {
		const {results} = await diagnoseProject({files: {...files, '.env': `OPENAI_API_KEY=${A}\n`}});
		expect(results.get('dotenv-loading')).toMatchObject({status, summary});
	});
});

describe('the code probe in the home folder', () => {
	it('scans no code there (every project is below it, none is the app), and says where to run instead', async () => {
		const {codeProbe} = await import('../../../source/core/probes/code.js');
		const files = {'/home/dev/old/test.py': `api_key = "${A}"\n`, '/home/dev/web/app.js': "require('dotenv').config();\n"};
		for (const cwd of ['/home/dev', '/home', '/']) {
			const outcome = await codeProbe.run(context(makePorts({cwd, home: '/home/dev', files}), []));
			expect(outcome).toMatchObject({status: 'skip', summary: expect.stringContaining('This is your home folder')});
			expect(outcome.keys ?? []).toEqual([]);
		}

		const inProject = await codeProbe.run(context(makePorts({cwd: '/home/dev/old', home: '/home/dev', files}), []));
		expect(inProject.keys?.map(key => key.source)).toEqual(['file:test.py:1']);
	});

	it('reads no Dockerfile or Kubernetes manifest of the projects below it either', async () => {
		const {dockerfileProbe} = await import('../../../source/core/probes/dockerfile.js');
		const {kubernetesProbe} = await import('../../../source/core/probes/kubernetes.js');
		const manifest = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\nstringData:\n  OPENAI_API_KEY: ' + A + '\n';
		const files = {'/home/dev/api/Dockerfile': `FROM python:3.12\nENV OPENAI_API_KEY=${A}\n`, '/home/dev/api/k8s/secret.yaml': manifest};
		const home = makePorts({cwd: '/home/dev', home: '/home/dev', files});
		expect(await dockerfileProbe.run(context(home, []))).toMatchObject({status: 'skip', summary: expect.stringContaining('This is your home folder')});
		expect((await kubernetesProbe.run(context(home, []))).keys ?? []).toEqual([]);
		const project = makePorts({cwd: '/home/dev/api', home: '/home/dev', files});
		expect((await dockerfileProbe.run(context(project, []))).keys?.length).toBeGreaterThan(0);
		expect((await kubernetesProbe.run(context(project, []))).keys?.length).toBeGreaterThan(0);
	});
});
