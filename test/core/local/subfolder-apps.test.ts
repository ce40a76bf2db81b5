import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {collectKeys} from '../../../source/core/keys/collect.js';
import {effectiveKey} from '../../../source/core/keys/effective.js';
import {findWorkspace} from '../../../source/core/local/workspaces.js';
import {subfolderDotenvProbe} from '../../../source/core/probes/subfolder-dotenv.js';
import {context} from '../../helpers/probe-context.js';
import {createRealPorts} from '../../../source/runner/real-ports.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {diagnoseProject, projectRoot} from '../../helpers/fake-project.js';
import {makeOptions} from '../../helpers/facts.js';
import {sourceRows} from '../../../source/core/wizard/key-views.js';

const A = makeProjectKey(9301);
const B = makeProjectKey(9302);
const pkg = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({name, ...extra});
const inRoot = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, text]) => [`${projectRoot}/${name}`, text]));

describe('findWorkspace', () => {
	it('reads the packages pnpm, npm/yarn/bun and lerna list, only folders with a package.json', async () => {
		const packages = {'apps/api/package.json': pkg('api'), 'apps/web/package.json': pkg('web'), 'apps/notes/readme.md': 'x', 'packages/ui/package.json': pkg('ui'), 'tools/x/package.json': pkg('x')};
		const pnpm = await findWorkspace(makePorts({cwd: projectRoot, files: inRoot({...packages, 'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - packages/*\n'})}), projectRoot);
		expect(pnpm).toEqual({manifest: 'pnpm-workspace.yaml', tool: 'pnpm', packages: ['apps/api', 'apps/web', 'packages/ui'], refused: []});
		const npm = await findWorkspace(makePorts({cwd: projectRoot, files: inRoot({...packages, 'package.json': pkg('root', {workspaces: ['apps/web', 'tools/*']})})}), projectRoot);
		expect(npm).toMatchObject({manifest: 'package.json', tool: 'npm, yarn or bun', packages: ['apps/web', 'tools/x']});
		const yarn = await findWorkspace(makePorts({cwd: projectRoot, files: inRoot({...packages, 'package.json': pkg('root', {workspaces: {packages: ['**']}})})}), projectRoot);
		expect(yarn?.packages.sort()).toEqual(['apps/api', 'apps/web', 'packages/ui', 'tools/x']);
		const lerna = await findWorkspace(makePorts({cwd: projectRoot, files: inRoot({...packages, 'lerna.json': JSON.stringify({packages: ['packages/*']})})}), projectRoot);
		expect(lerna).toMatchObject({manifest: 'lerna.json', packages: ['packages/ui']});
	});

	it('is no workspace without a list, and survives a manifest that does not parse', async () => {
		const setups: Array<Record<string, string>> = [{'package.json': pkg('app')}, {'pnpm-workspace.yaml': 'packages: [unclosed\n'}, {'package.json': '{not json'}, {'lerna.json': '{"packages": "apps/*"}'}, {}];
		for (const files of setups) {
			expect(await findWorkspace(makePorts({cwd: projectRoot, files: inRoot(files)}), projectRoot)).toBeUndefined();
		}
	});

	it('honours exclusions, and never leaves the folder: .. and absolute patterns are refused', async () => {
		const files = inRoot({'apps/api/package.json': pkg('api'), 'apps/legacy/package.json': pkg('legacy'), 'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "!apps/legacy"\n  - "../*"\n  - "/etc"\n  - "apps/../../x"\n'});
		files['/home/dev/other/package.json'] = pkg('other');
		const found = await findWorkspace(makePorts({cwd: projectRoot, files}), projectRoot);
		expect(found).toEqual({manifest: 'pnpm-workspace.yaml', tool: 'pnpm', packages: ['apps/api'], refused: ['../*', '/etc', 'apps/../../x']});
	});

	it('is bounded: a pattern that matches thousands of folders is cut and says so', async () => {
		const files: Record<string, string> = {'pnpm-workspace.yaml': 'packages:\n  - "**"\n'};
		for (let index = 0; index < 400; index++) files[`p${index}/package.json`] = pkg(`p${index}`);
		const found = await findWorkspace(makePorts({cwd: projectRoot, files: inRoot(files)}), projectRoot);
		expect(found!.packages.length).toBeLessThanOrEqual(50);
		expect(found!.cut).toMatch(/more than 50 packages/);
	});

	it.runIf(process.platform !== 'win32')('does not follow a symbolic link out of the folder to a package elsewhere', async () => {
		const base = await mkdtemp(path.join(tmpdir(), 'kw-ws-'));
		try {
			const root = path.join(base, 'repo');
			await mkdir(path.join(root, 'apps', 'api'), {recursive: true});
			await mkdir(path.join(base, 'elsewhere', 'secret-app'), {recursive: true});
			await writeFile(path.join(root, 'pnpm-workspace.yaml'), 'packages:\n  - "apps/*"\n  - "linked/*"\n');
			await writeFile(path.join(root, 'apps', 'api', 'package.json'), pkg('api'));
			await writeFile(path.join(base, 'elsewhere', 'secret-app', 'package.json'), pkg('secret'));
			await writeFile(path.join(base, 'elsewhere', 'secret-app', '.env'), `OPENAI_API_KEY=${B}\n`);
			await symlink(path.join(base, 'elsewhere'), path.join(root, 'linked'));
			await symlink(path.join(base, 'elsewhere', 'secret-app'), path.join(root, 'apps', 'sneaky'));
			const found = await findWorkspace(createRealPorts({cwd: root, home: base}), root);
			expect(found?.packages).toEqual(['apps/api']);
		} finally {
			await rm(base, {recursive: true, force: true});
		}
	});
});

describe('the key a monorepo root hands its apps (subfolder-dotenv probe and the effective key)', () => {
	const root = {'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n', 'package.json': pkg('mono')};
	const api = {'apps/api/package.json': pkg('api', {dependencies: {dotenv: '^16.4.5'}}), 'apps/api/src/index.ts': "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst openai = new OpenAI();\n"};

	async function winnerOf(files: Record<string, string>, env: Record<string, string> = {}) {
		const outcome = await diagnoseProject({files, env});
		const facts = {options: makeOptions({network: false}), env, results: outcome.results, keys: collectKeys(outcome.results, [...outcome.results.keys()])};
		return {effective: effectiveKey(facts), outcome};
	}

	it('names the package key its code loads, as the key the app gets', async () => {
		const {effective, outcome} = await winnerOf({...root, ...api, 'apps/api/.env': `OPENAI_API_KEY=${A}\n`});
		expect(effective).toMatchObject({state: 'key', source: 'file:apps/api/.env:1', origin: 'dotenv'});
		expect(effective.reason).toContain('root of a pnpm workspace (pnpm-workspace.yaml)');
		expect(effective.reason).toContain('in apps/api, its code loads apps/api/.env');
		expect(outcome.causes.map(cause => cause.id)).not.toContain('key-missing');
		expect(outcome.results.get('subfolder-dotenv')).toMatchObject({status: 'pass', summary: expect.stringContaining('apps/api/.env:1 sets OPENAI_API_KEY for apps/api')});
		expect(JSON.stringify([...outcome.results.values()].map(result => [result.summary, result.details]))).not.toContain(A.slice(8, 40));
	});

	it('a Next.js package: .env.local comes before .env, as Next.js reads them', async () => {
		const files = {...root, 'apps/web/package.json': pkg('web', {dependencies: {next: '15.0.3'}}), 'apps/web/.env': `OPENAI_API_KEY=${B}\n`, 'apps/web/.env.local': `OPENAI_API_KEY=${A}\n`};
		const {effective} = await winnerOf(files);
		expect(effective).toMatchObject({state: 'key', source: 'file:apps/web/.env.local:1'});
		expect(effective.reason).toContain('Next.js reads apps/web/.env.local');
	});

	it('names no key when packages set different ones, when none loads its .env, or when its .env names its own host', async () => {
		const differ = await winnerOf({...root, ...api, 'apps/api/.env': `OPENAI_API_KEY=${A}\n`, 'apps/web/package.json': pkg('web', {dependencies: {next: '15'}}), 'apps/web/.env.local': `OPENAI_API_KEY=${B}\n`});
		expect(differ.effective.state).toBe('none');
		expect(differ.effective.reason).toContain('set different keys');
		expect(differ.outcome.results.get('subfolder-dotenv')).toMatchObject({status: 'warn', summary: expect.stringContaining('--cwd apps/api')});

		const unloaded = await winnerOf({...root, 'apps/api/package.json': pkg('api'), 'apps/api/index.js': "const OpenAI = require('openai');\nnew OpenAI();\n", 'apps/api/.env': `OPENAI_API_KEY=${A}\n`});
		expect(unloaded.effective).toMatchObject({state: 'none', reason: expect.stringContaining('no code in apps/api was seen loading .env')});

		const hosted = await winnerOf({...root, ...api, 'apps/api/.env': `OPENAI_API_KEY=${A}\nOPENAI_BASE_URL=https://gateway.example/v1\n`});
		expect(hosted.effective).toMatchObject({state: 'none', reason: expect.stringContaining('also sets OPENAI_BASE_URL: run key-wizard in apps/api')});
	});

	it('step 2’s table calls each package’s key its app’s, not unused, when the packages set different keys', async () => {
		const {outcome} = await winnerOf({...root, ...api, 'apps/api/.env': `OPENAI_API_KEY=${A}\n`, 'apps/web/package.json': pkg('web', {dependencies: {next: '15'}}), 'apps/web/.env': `OPENAI_API_KEY=${A}\n`, 'apps/web/.env.local': `OPENAI_API_KEY=${B}\n`});
		const facts = {options: makeOptions({network: false}), env: {}, results: outcome.results, keys: collectKeys(outcome.results, [...outcome.results.keys()])};
		const rows = sourceRows(facts);
		expect(rows.map(row => [row.raw, row.wins, row.ownAppsKey]).sort()).toEqual([
			['file:apps/api/.env:1', false, true],
			['file:apps/web/.env.local:1', false, true],
			// Next.js reads .env.local first: apps/web/.env is not what its app gets.
			['file:apps/web/.env:1', false, false],
		].sort());
	});

	it('the environment, and a root .env, still come first', async () => {
		const fromEnv = await winnerOf({...root, ...api, 'apps/api/.env': `OPENAI_API_KEY=${A}\n`}, {OPENAI_API_KEY: B});
		expect(fromEnv.effective).toMatchObject({state: 'key', source: 'env:OPENAI_API_KEY'});
		const fromRoot = await winnerOf({...root, ...api, '.env': `OPENAI_API_KEY=${B}\n`, 'apps/api/.env': `OPENAI_API_KEY=${A}\n`});
		expect(fromRoot.effective).toMatchObject({state: 'key', source: 'file:.env:1'});
	});
});

describe('apps in folders of their own, with no workspace manifest (backend/, frontend/)', () => {
	const backend = {'backend/pyproject.toml': '[project]\nname = "api"\ndependencies = ["openai>=1.40", "python-dotenv"]\n', 'backend/app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n'};
	const frontend = {'frontend/package.json': pkg('frontend', {devDependencies: {vite: '^5'}}), 'frontend/src/main.ts': 'console.log(1);\n'};

	async function run(files: Record<string, string>, env: Record<string, string> = {}) {
		const outcome = await diagnoseProject({files, env});
		const facts = {options: makeOptions({network: false}), env, results: outcome.results, keys: collectKeys(outcome.results, [...outcome.results.keys()])};
		return {effective: effectiveKey(facts), outcome, probe: outcome.results.get('subfolder-dotenv')!};
	}

	it('run from the top of the repository, the backend’s own .env is the key its load_dotenv() finds', async () => {
		const {effective, outcome, probe} = await run({'README.md': '# app\n', ...backend, ...frontend, 'backend/.env': `OPENAI_API_KEY=${A}\n`});
		expect(probe).toMatchObject({status: 'pass', summary: expect.stringContaining('backend/.env:1 sets OPENAI_API_KEY for backend')});
		expect(effective).toMatchObject({state: 'key', source: 'file:backend/.env:1'});
		expect(effective.reason).toContain('the apps here live in folders of their own (backend, frontend)');
		expect(outcome.causes.map(cause => cause.id)).not.toContain('key-missing');
	});

	it('a folder with its own key is the app: the folders below are not read', async () => {
		const files = {...backend, 'backend/.env': `OPENAI_API_KEY=${B}\n`, '.env': `OPENAI_API_KEY=${A}\n`};
		for (const [setup, env] of [[files, {}], [{...backend, 'backend/.env': `OPENAI_API_KEY=${B}\n`}, {OPENAI_API_KEY: A}]] as const) {
			const {probe, effective} = await run(setup, env);
			expect(probe).toMatchObject({status: 'skip', data: {packages: []}});
			expect(probe.keys ?? []).toEqual([]);
			expect(effective.source).not.toContain('backend/');
		}
	});

	it('a Node backend whose code never loads .env gives no key, and says why', async () => {
		const {effective} = await run({'backend/package.json': pkg('api'), 'backend/index.js': "const OpenAI = require('openai');\nnew OpenAI();\n", 'backend/.env': `OPENAI_API_KEY=${A}\n`});
		expect(effective).toMatchObject({state: 'none', reason: expect.stringContaining('no code in backend was seen loading .env')});
	});
});

describe('the home folder is no app folder', () => {
	it('run from home (or /home), the projects below are not read for keys', async () => {
		for (const cwd of ['/home/dev', '/home', '/']) {
			const files = {'/home/dev/code/api/pyproject.toml': '[project]\nname = "api"\n', '/home/dev/code/api/.env': `OPENAI_API_KEY=${A}\n`, '/home/dev/web/package.json': pkg('web'), '/home/dev/web/.env': `OPENAI_API_KEY=${B}\n`};
			const outcome = await subfolderDotenvProbe.run(context(makePorts({cwd, home: '/home/dev', files}), []));
			expect(outcome).toMatchObject({status: 'skip', data: {packages: []}});
			expect(outcome.keys ?? []).toEqual([]);
		}
	});
});

describe('a folder name from the project in a suggested command', () => {
	it('is quoted for the shell, so copying --cwd runs nothing the name holds', async () => {
		const files = {
			'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n',
			'apps/api $(touch x)/package.json': pkg('api'),
			'apps/api $(touch x)/.env': `OPENAI_API_KEY=${A}\n`,
			'apps/web/package.json': pkg('web', {dependencies: {next: '15'}}),
			'apps/web/.env.local': `OPENAI_API_KEY=${B}\n`,
		};
		const outcome = await subfolderDotenvProbe.run(context(makePorts({cwd: projectRoot, files: inRoot(files)}), []));
		expect(outcome.summary).toContain("--cwd 'apps/api $(touch x)' or --cwd apps/web");
	});
});
