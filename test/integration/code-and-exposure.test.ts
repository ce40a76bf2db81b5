/**
 * The code scan, the library probe and the exposure probe against real parts: real git
 * repositories in temporary folders (tracked, untracked and ignored files, history, a
 * shallow clone, no commits, a hostile .git/config), a generated 200 000-file tree,
 * symlink loops, and the real python for `pip show`. Nothing leaves this machine.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {fullScanLimits, scanCode} from '../../source/core/code/code-scan.js';
import {codeProbe} from '../../source/core/probes/code.js';
import {dotenvProbe} from '../../source/core/probes/dotenv.js';
import {exposureProbe, type ExposureData} from '../../source/core/probes/exposure.js';
import {libraryVersionsProbe, type LibraryVersionsData} from '../../source/core/probes/library-versions.js';
import type {ProbeDefinition, ProbeOutcome, ProbeResult} from '../../source/core/types.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {makeProjectKey, makeUserKey} from '../helpers/fake-keys.js';
import {context} from '../helpers/probe-context.js';

const root = mkdtempSync(path.join(tmpdir(), 'kw-code-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));
const A = makeProjectKey(8401);
const OLD = makeUserKey(8402);
const gitEnv = {...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null'};
const hasGit = spawnSync('git', ['--version']).status === 0;

function project(name: string, files: Record<string, string>): string {
	const dir = path.join(root, name);
	for (const [file, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(dir, file)), {recursive: true});
		writeFileSync(path.join(dir, file), content);
	}

	return dir;
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, {cwd, env: gitEnv, stdio: 'pipe'});

/** Runs probes in order, each seeing the earlier results, as the runner would. */
async function runAll(cwd: string, probes: ProbeDefinition[], env: Record<string, string> = {}): Promise<Map<string, ProbeResult>> {
	const ports = createRealPorts({cwd, home: path.join(root, 'home'), env: {PATH: process.env.PATH ?? '', ...env}});
	const results: ProbeResult[] = [];
	for (const probe of probes) {
		// A generous time limit: these tests check what is found, not how fast (a loaded machine starts python slowly).
		const outcome: ProbeOutcome = await probe.run(context(ports, results, {cwd, timeoutMs: 30_000}));
		results.push({...outcome, id: probe.id, step: probe.step, durationMs: 1});
	}

	return new Map(results.map(result => [result.id, result]));
}

function text(results: Map<string, ProbeResult>): string {
	return JSON.stringify([...results.values()].map(result => ({summary: result.summary, details: result.details, data: result.data})));
}

describe.skipIf(!hasGit)('with real git', () => {
	it('lists tracked and untracked files, leaves ignored ones out, and finds keys in tracked files and the history', async () => {
		const dir = project('repo', {'main.py': 'from openai import OpenAI\nclient = OpenAI()\n', '.gitignore': '.env\nbuild/\n', '.env': `OPENAI_API_KEY=${A}\n`, 'build/out.py': `api_key = "${A}"\n`, 'config.py': `API_KEY = "${OLD}"\n`});
		git(dir, 'init', '-q', '-b', 'main');
		git(dir, 'add', '-A');
		git(dir, 'commit', '-qm', 'one');
		writeFileSync(path.join(dir, 'config.py'), 'import os\nAPI_KEY = os.environ["OPENAI_API_KEY"]\n');
		writeFileSync(path.join(dir, 'scratch.py'), `# try ${A}\n`);
		git(dir, 'commit', '-qam', 'no key in code');
		const results = await runAll(dir, [codeProbe, dotenvProbe, exposureProbe] as ProbeDefinition[]);
		const scan = (results.get('code')!.data as {scan: Awaited<ReturnType<typeof scanCode>>}).scan;
		expect(scan.via).toBe('git');
		expect(scan.literals.map(literal => [literal.file, literal.tracked])).toEqual([['scratch.py', false]]);
		const exposure = results.get('exposure')!.data as ExposureData;
		// Once per file and key, the newest commit first: the one that removed it.
		expect(exposure.historyKeys.map(item => [item.file, item.added, item.secret.fingerprint])).toEqual([['config.py', false, `sk-…${OLD.slice(-4)}`]]);
		expect(exposure.dotenvFiles).toEqual([{file: '.env', keys: [expect.objectContaining({source: 'file:.env:1'})], ignored: true, tracked: false}]);
		expect(text(results)).not.toContain(A.slice(10, 40));
		expect(text(results)).not.toContain(OLD.slice(10, 40));
	});

	it('a project in a monorepo folder: history paths and the root .env are shown from the project', async () => {
		const repo = project('mono', {'apps/web/config.py': `KEY = "${OLD}"\n`, 'apps/web/app.py': 'import os\n', '.env': `OPENAI_API_KEY=${A}\n`, '.gitignore': 'node_modules/\n'});
		git(repo, 'init', '-q', '-b', 'main');
		git(repo, 'add', 'apps', '.gitignore');
		git(repo, 'commit', '-qm', 'one');
		const exposure = (await runAll(path.join(repo, 'apps', 'web'), [codeProbe, dotenvProbe, exposureProbe] as ProbeDefinition[])).get('exposure')!.data as ExposureData;
		expect(exposure.repository).toBe('../..');
		expect(exposure.historyKeys.map(item => item.file)).toEqual(['config.py']);
		expect(exposure.dotenvFiles).toEqual([expect.objectContaining({file: '../../.env', ignored: false, tracked: false})]);
	});

	it('a shallow clone says how far the history goes; a repository with no commits has none', async () => {
		const origin = project('origin', {'notes.md': `key: ${OLD}\n`});
		git(origin, 'init', '-q', '-b', 'main');
		git(origin, 'add', '-A');
		git(origin, 'commit', '-qm', 'one');
		writeFileSync(path.join(origin, 'notes.md'), 'no key\n');
		git(origin, 'commit', '-qam', 'two');
		const clone = path.join(root, 'clone');
		git(root, 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
		const shallow = (await runAll(clone, [codeProbe, dotenvProbe, exposureProbe] as ProbeDefinition[])).get('exposure')!;
		expect(shallow.data).toMatchObject({shallow: true, historyKeys: []});
		expect(shallow.details?.join('\n')).toContain('A shallow clone');

		const empty = project('empty', {'.env': `OPENAI_API_KEY=${A}\n`, 'app.py': 'import os\n'});
		git(empty, 'init', '-q', '-b', 'main');
		const fresh = (await runAll(empty, [codeProbe, dotenvProbe, exposureProbe] as ProbeDefinition[])).get('exposure')!;
		expect(fresh.data).toMatchObject({history: {searched: true, commits: 0}, dotenvFiles: [{file: '.env', ignored: false, tracked: false}]});
		expect(fresh.status).toBe('fail');
	});

	it('never runs what a hostile .git/config or .gitattributes names', async () => {
		const dir = project('hostile', {'app.py': 'import os\n', '.gitattributes': '*.py diff=evil\n', '.env': `OPENAI_API_KEY=${A}\n`});
		git(dir, 'init', '-q', '-b', 'main');
		git(dir, 'add', '-A');
		git(dir, 'commit', '-qm', `one ${'x'}`);
		const marker = path.join(root, 'hostile-ran');
		const script = path.join(root, 'evil.sh');
		writeFileSync(script, `#!/bin/sh\ntouch ${marker}\ncat "$1" 2>/dev/null\n`, {mode: 0o755});
		for (const [name, value] of [['core.fsmonitor', script], ['diff.evil.textconv', script], ['diff.external', script], ['core.pager', script], ['log.showSignature', 'true'], ['gpg.program', script]]) git(dir, 'config', name!, value!);
		writeFileSync(path.join(dir, 'app.py'), `import os\nkey = "${OLD}"\n`);
		git(dir, '-c', 'core.fsmonitor=false', 'commit', '-qam', 'two');
		if (existsSync(marker)) rmSync(marker);
		await runAll(dir, [codeProbe, dotenvProbe, exposureProbe] as ProbeDefinition[]);
		expect(existsSync(marker)).toBe(false);
	});

	it('bounds a 200 000-file tree and says the scan is partial, through git and without it', async () => {
		const dir = path.join(root, 'huge');
		mkdirSync(dir);
		// Hard links to a few empty files (a file takes at most 65 000 links): 200 000 names without writing 200 000 files.
		const empties = Array.from({length: 8}, (_, index) => path.join(root, `empty${index}.py`));
		for (const empty of empties) writeFileSync(empty, '');
		for (let folder = 0; folder < 400; folder++) {
			const sub = path.join(dir, 'gen', `d${folder}`);
			mkdirSync(sub, {recursive: true});
			for (let file = 0; file < 500; file++) linkSync(empties[folder % 8]!, path.join(sub, `f${file}.py`));
		}

		writeFileSync(path.join(dir, 'main.py'), 'from dotenv import load_dotenv\nload_dotenv()\n');
		git(dir, 'init', '-q', '-b', 'main');
		const ports = createRealPorts({cwd: dir, home: path.join(root, 'home'), env: {PATH: process.env.PATH ?? ''}});
		const viaGit = await scanCode(ports, dir, fullScanLimits);
		expect(viaGit.via).toBe('git');
		expect(viaGit.listed).toBe(200_001);
		expect(viaGit.partial.join()).toContain('200001 files, the first 20000');
		expect(viaGit.loads.map(load => load.file)).toEqual(['main.py']);
		const noGit = {...createRealPorts({cwd: dir}), exec: async () => ({ok: false, stdout: '', stderr: '', failure: 'not-found' as const, message: 'git is not installed.', durationMs: 0})};
		const walked = await scanCode(noGit, dir, fullScanLimits);
		expect(walked.via).toBe('walk');
		expect(walked.partial.length).toBeGreaterThan(0);
		expect(walked.loads.map(load => load.file)).toEqual(['main.py']);
	}, 180_000);
});

describe('symlink loops and special files', () => {
	it('never follows a folder link, and a link to itself is only unreadable', async () => {
		const dir = project('links', {'src/app.py': 'from openai import OpenAI\nclient = OpenAI()\n'});
		symlinkSync('..', path.join(dir, 'src', 'up'));
		symlinkSync('loop-b', path.join(dir, 'loop-a'));
		symlinkSync('loop-a', path.join(dir, 'loop-b'));
		spawnSync('mkfifo', [path.join(dir, 'pipe.py')]);
		const noGit = {...createRealPorts({cwd: dir}), exec: async () => ({ok: false, stdout: '', stderr: '', failure: 'not-found' as const, message: 'git is not installed.', durationMs: 0})};
		const scan = await scanCode(noGit, dir, fullScanLimits);
		expect(scan).toMatchObject({via: 'walk', sourceFiles: 1, partial: []});
		if (hasGit) {
			git(dir, 'init', '-q', '-b', 'main');
			const viaGit = await scanCode(createRealPorts({cwd: dir, env: {PATH: process.env.PATH ?? ''}}), dir, fullScanLimits);
			expect(viaGit).toMatchObject({via: 'git', sourceFiles: 1, partial: []});
		}
	});
});

const python = ['python3', 'python'].find(command => spawnSync(command, ['-c', 'import importlib.metadata']).status === 0);

describe.skipIf(!python)(`the installed openai through the real ${python ?? 'python (not installed: skipped)'}`, () => {
	it('reads the installed openai version, and no module of the project folder runs in the standard library’s or pip’s place', async () => {
		const site = project('site', {'openai-0.28.1.dist-info/METADATA': 'Metadata-Version: 2.1\nName: openai\nVersion: 0.28.1\n', 'openai-0.28.1.dist-info/RECORD': ''});
		const marker = path.join(root, 'pip-hijacked');
		const dir = project('pyapp', {'app.py': 'import openai\nopenai.ChatCompletion.create(model="x")\n', 'requirements.txt': 'openai\n', 'pip/__init__.py': `open(${JSON.stringify(marker)}, "w").write("ran")\n`, 'pip/__main__.py': `open(${JSON.stringify(marker)}, "w").write("ran")\n`, 'importlib/__init__.py': `open(${JSON.stringify(marker)}, "w").write("ran")\n`, 'importlib/metadata.py': `open(${JSON.stringify(marker)}, "w").write("ran")\n`, 'sys.py': `open(${JSON.stringify(marker)}, "w").write("ran")\n`});
		const previous = process.env.PYTHONPATH;
		process.env.PYTHONPATH = site;
		try {
			const results = await runAll(dir, [codeProbe, libraryVersionsProbe] as ProbeDefinition[]);
			const data = results.get('library-versions')!.data as LibraryVersionsData;
			expect(data.sightings, JSON.stringify(data.pip)).toContainEqual({library: 'openai-python', version: '0.28.1', source: `${python}'s site-packages`, level: 'installed'});
			expect(results.get('library-versions')!.status).toBe('fail');
		} finally {
			if (previous === undefined) delete process.env.PYTHONPATH;
			else process.env.PYTHONPATH = previous;
		}

		expect(existsSync(marker)).toBe(false);
	});
});
