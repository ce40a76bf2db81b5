import {describe, expect, it} from 'vitest';
import {fullScanLimits, quickScanLimits, scanCode} from '../../../source/core/code/code-scan.js';
import {dotenvUseForRun, dotenvUseOf} from '../../../source/core/code/dotenv-use.js';
import type {Exec, ExecResult} from '../../../source/core/ports.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {context} from '../../helpers/probe-context.js';

const root = '/home/dev/project';
const key = makeProjectKey(8701);

function gitAnswering(stdout: string): {exec: Exec; calls: string[][]} {
	const calls: string[][] = [];
	const exec: Exec = async (file, args) => {
		calls.push([file, ...args]);
		const result: ExecResult = {ok: true, exitCode: 0, stdout, stderr: '', durationMs: 1};
		return result;
	};
	return {exec, calls};
}

describe('scanCode', () => {
	it('walks the folders when git is missing, skipping dependencies, virtual environments and builds', async () => {
		const ports = makePorts({
			cwd: root,
			files: {
				[`${root}/node_modules/dotenv/example.js`]: "require('dotenv').config({override: true})\n",
				[`${root}/.venv/lib/site.py`]: 'load_dotenv(override=True)\n',
				[`${root}/dist/app.js`]: 'process.env.OPENAI_KEY\n',
				[`${root}/README.md`]: 'load_dotenv(override=True)\n',
				[`${root}/app/settings.py`]: 'import os\nfrom dotenv import load_dotenv\n\nload_dotenv(override=True)\n',
				[`${root}/.git/HEAD`]: 'ref: refs/heads/main\n',
			},
		});
		const scan = await scanCode(ports, root, fullScanLimits);
		expect(scan).toMatchObject({via: 'walk', gitProblem: 'git is not installed', sourceFiles: 1, read: 2, partial: []});
		expect(dotenvUseOf(scan)).toEqual({sourceFiles: 1, load: {file: 'app/settings.py', line: 4, call: 'load_dotenv(override=True)', walksUp: true}, override: {file: 'app/settings.py', line: 4, call: 'load_dotenv(override=True)'}});
		expect(scan.reads).toEqual([]);
	});

	it('lists through git ls-files with its safe options, tracked and untracked apart', async () => {
		const {exec, calls} = gitAnswering(['H main.py', '? notes.py', 'H node_modules/x/index.js', 'H config.json', ''].join('\0'));
		const ports = makePorts({cwd: root, exec, files: {[`${root}/.git/HEAD`]: 'ref: refs/heads/main\n', [`${root}/main.py`]: 'from openai import OpenAI\nclient = OpenAI()\n', [`${root}/notes.py`]: `api_key = "${key}"\n`, [`${root}/config.json`]: `{"api_key": "${key}"}\n`}});
		const scan = await scanCode(ports, root, fullScanLimits);
		expect(calls[0]).toEqual(['git', '--no-pager', '--no-optional-locks', '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'log.showSignature=false', '-c', 'core.quotePath=false', 'ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard']);
		expect(scan.via).toBe('git');
		expect(scan.listed).toBe(3);
		expect(scan.literals.map(literal => [literal.file, literal.tracked, literal.fileKind, literal.secret.fingerprint])).toEqual([
			['notes.py', false, 'source', 'sk-proj-…' + key.slice(-4)],
			['config.json', true, 'config', 'sk-proj-…' + key.slice(-4)],
		]);
		expect(scan.clients).toEqual([expect.objectContaining({file: 'main.py', implicitKey: 'OPENAI_API_KEY'})]);
		expect(JSON.stringify(scan)).not.toContain(key.slice(8, 40));
	});

	it('is bounded: at most maxFiles, shallowest first, and says it was cut', async () => {
		const files: Record<string, string> = {};
		for (let index = 0; index < 50; index++) files[`${root}/pkg/m${String(index).padStart(2, '0')}.py`] = 'x = 1\n';
		files[`${root}/z.py`] = 'load_dotenv()\n';
		const scan = await scanCode(makePorts({cwd: root, files}), root, {...quickScanLimits, maxFiles: 20});
		expect(scan.read).toBe(20);
		expect(scan.loads.map(load => load.file)).toEqual(['z.py']);
		expect(scan.partial.join()).toContain('51 files, the first 20');
	});

	it('stops at its time limit and says how far it got', async () => {
		const files: Record<string, string> = {};
		for (let index = 0; index < 600; index++) files[`${root}/m${index}.py`] = 'x = 1\n';
		let clock = 0;
		// Every look at the clock moves it on 100 ms: the 250 ms budget runs out part-way through.
		const ports = makePorts({cwd: root, files, now: () => (clock += 100)});
		const scan = await scanCode(ports, root, {...quickScanLimits, maxFiles: 1000, maxDirs: 10});
		expect(scan.read).toBeLessThan(600);
		expect(scan.partial.join()).toMatch(/the time limit/);
	});

	it('when git runs out of time, still reads the project folder’s own files and says it was cut', async () => {
		let clock = 0;
		const exec: Exec = async () => {
			clock += 10_000;
			return {ok: false, stdout: '', stderr: '', failure: 'timeout', message: 'git did not finish in time.', durationMs: 10_000};
		};
		const ports = makePorts({cwd: root, exec, now: () => clock, files: {[`${root}/.git/HEAD`]: 'ref: refs/heads/main\n', [`${root}/main.py`]: 'from dotenv import load_dotenv\nload_dotenv()\n', [`${root}/pkg/deep.py`]: 'import os\n'}});
		const scan = await scanCode(ports, root, fullScanLimits);
		expect(scan).toMatchObject({via: 'walk', gitProblem: 'git did not answer in time'});
		expect(scan.loads.map(load => load.file)).toEqual(['main.py']);
		expect(scan.partial.join()).toContain('the time limit');
	});

	it('does not start git where no .git is in the folder or above it, and walks', async () => {
		const {exec, calls} = gitAnswering('H main.py\0');
		const ports = makePorts({cwd: root, exec, files: {[`${root}/main.py`]: 'from dotenv import load_dotenv\nload_dotenv()\n'}});
		const scan = await scanCode(ports, root, fullScanLimits);
		expect(calls).toEqual([]);
		expect(scan).toMatchObject({via: 'walk', gitProblem: 'not a git repository'});
		expect(scan.loads.map(load => load.file)).toEqual(['main.py']);
	});

	it('starts git for a .git folder or file above the project, or for GIT_DIR', async () => {
		const files = {[`${root}/main.py`]: 'import os\n'};
		for (const setup of [
			{files: {...files, '/home/dev/.git/HEAD': 'ref: refs/heads/main\n'}},
			// A worktree or submodule has a .git file.
			{files: {...files, [`${root}/.git`]: 'gitdir: /elsewhere/.git/worktrees/project\n'}},
			{files, env: {GIT_DIR: '/elsewhere/.git'}},
		]) {
			const {exec, calls} = gitAnswering('H main.py\0');
			const scan = await scanCode(makePorts({cwd: root, exec, ...setup}), root, fullScanLimits);
			expect(calls.map(call => call.at(-6))).toEqual(['ls-files']);
			expect(scan.via).toBe('git');
		}
	});

	it('says which files it skipped: too large, binary, minified', async () => {
		const big = new Uint8Array(5 * 1024 * 1024).fill(0x61);
		const ports = makePorts({
			cwd: root,
			files: {
				[`${root}/data/big.txt`]: big,
				[`${root}/data/weights.bin`]: big,
				[`${root}/data/blob.dat`]: new Uint8Array([0, 1, 2, ...Buffer.from(`api_key="${key}"`)]),
				[`${root}/public/bundle.js`]: `(function(){${'var a=1;'.repeat(2000)}return process.env.OPENAI_KEY})()`,
				[`${root}/app.py`]: 'import os\n',
			},
		});
		const scan = await scanCode(ports, root, fullScanLimits);
		expect(scan.skipped.large.map(item => item.file).sort()).toEqual(['data/big.txt', 'data/weights.bin']);
		expect(scan.skipped.binary).toBe(1);
		expect(scan.skipped.generated).toBe(1);
		expect(scan.literals).toEqual([]);
		expect(scan.reads).toEqual([]);
	});

	it.each([
		['env_file: .env', 'services:\n  app:\n    env_file: .env\n', 3],
		['env_file as a list', 'services:\n  app:\n    env_file:\n      - ./.env\n', 3],
		['the long env_file form', 'services:\n  app:\n    env_file:\n      - path: ./.env\n        required: false\n', 3],
		['${OPENAI_API_KEY}, which compose fills from .env', 'services:\n  app:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n', 4],
	])('docker compose hands .env to the container: %s', async (_name, compose, line) => {
		const scan = await scanCode(makePorts({cwd: root, files: {[`${root}/compose.yaml`]: compose}}), root, fullScanLimits);
		expect(scan.loads).toEqual([expect.objectContaining({file: 'compose.yaml', line})]);
	});

	it.each([
		['package.json', '{"scripts": {"dev": "node -r dotenv/config src/index.js"}}', 'node -r dotenv/config'],
		['nodemon.json', '{"exec": "node --import dotenv/config src/index.js"}', 'node -r dotenv/config'],
		['Gemfile', "source 'https://rubygems.org'\ngem 'rails'\ngem 'dotenv-rails', groups: [:development]\n", 'dotenv-rails (Rails loads .env)'],
		['composer.json', '{"require": {"laravel/framework": "^11.0"}}', 'Laravel (it loads .env itself)'],
	])('%s loads .env for the app', async (name, content, call) => {
		const scan = await scanCode(makePorts({cwd: root, files: {[`${root}/${name}`]: content}}), root, fullScanLimits);
		expect(scan.loads).toEqual([expect.objectContaining({file: name, call})]);
	});

	it('a Flask app with python-dotenv declared loads .env itself', async () => {
		const scan = await scanCode(makePorts({cwd: root, files: {[`${root}/app.py`]: 'import os\n\nfrom flask import Flask\napp = Flask(__name__)\n', [`${root}/requirements.txt`]: 'flask==3.0.3\npython-dotenv==1.0.1\n'}}), root, fullScanLimits);
		expect(scan).toMatchObject({flask: {file: 'app.py', line: 3}, pythonDotenv: true});
	});

	it('a compose file that neither names .env nor interpolates the key loads nothing', async () => {
		const scan = await scanCode(makePorts({cwd: root, files: {[`${root}/docker-compose.yml`]: 'services:\n  app:\n    env_file: app.env\n  db:\n    image: postgres\n'}}), root, fullScanLimits);
		expect(scan.loads).toEqual([]);
	});

	it('notes .env loaded after the client that needs it', async () => {
		const ports = makePorts({cwd: root, files: {[`${root}/app.py`]: 'from openai import OpenAI\nclient = OpenAI()\n\nfrom dotenv import load_dotenv\nload_dotenv()\n'}});
		expect((await scanCode(ports, root, fullScanLimits)).loadAfterClient).toEqual([{file: 'app.py', load: 5, client: 2}]);
	});
});

describe('dotenvUseForRun', () => {
	it('takes the code probe’s scan when it finishes in time', async () => {
		const ports = makePorts({cwd: root, files: {[`${root}/a.py`]: 'load_dotenv(override=True)\n'}});
		const scan = await scanCode(ports, root, fullScanLimits);
		const asked: Array<[string, number]> = [];
		const use = await dotenvUseForRun({
			...context(ports, []),
			finishedOrAfter: async (id, atMostMs) => {
				asked.push([id, atMostMs]);
				return {id: 'code', step: 2, status: 'pass', summary: '', durationMs: 1, data: {scan: {...scan, loads: []}}};
			},
		});
		expect(asked).toEqual([['code', 300]]);
		// The scan handed over (with its loads removed) is the one used, not a look of its own.
		expect(use).toEqual({sourceFiles: 1});
	});

	it('looks for itself, quickly, when the code probe has not finished', async () => {
		const ports = makePorts({cwd: root, files: {[`${root}/a.py`]: 'load_dotenv(override=True)\n'}});
		const use = await dotenvUseForRun({...context(ports, []), finishedOrAfter: async () => undefined});
		expect(use.override).toEqual({file: 'a.py', line: 1, call: 'load_dotenv(override=True)'});
	});
});

describe('scanCode on files written to make a scanner slow', () => {
	it('stays linear: long dotted runs after sk-, unclosed braces, thousands of loads, reads on one huge line', async () => {
		const ports = makePorts({
			cwd: root,
			files: {
				[`${root}/a.js`]: `const x = "sk-${'a.'.repeat(100_000)}";\n`,
				[`${root}/b.js`]: `import {${'config '.repeat(30_000)}\n`,
				[`${root}/c.py`]: 'load_dotenv(\n'.repeat(20_000),
				[`${root}/d.js`]: `${'let a = 1;\n'.repeat(64)}${'process.env.OPENAI_X + '.repeat(8000)}0;\n`,
				[`${root}/e.py`]: `load_dotenv(${'('.repeat(50_000)}\n`,
				[`${root}/f.txt`]: `${'api_key='.repeat(20_000)}"sk-${'b'.repeat(40)}"\n`,
			},
		});
		const scan = await scanCode(ports, root, fullScanLimits);
		expect(scan.partial).toEqual([]);
		expect(scan.read).toBe(6);
		expect(scan.loads.length).toBeLessThanOrEqual(100);
		expect(scan.reads.length).toBeLessThanOrEqual(50);
	});
});
