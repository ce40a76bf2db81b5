import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Ports} from '../../source/core/ports.js';
import type {RunOptions} from '../../source/core/types.js';
import {startFakeOpenAIApi, type FakeOpenAIApi} from '../../source/runner/fake-openai-api.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {makeOptions} from '../helpers/facts.js';
import {makeProjectKey} from '../helpers/fake-keys.js';

/** A realistic broken machine on disk: a temporary HOME with startup files, a project, an environment, and a loopback API that knows the working key. */
export type BrokenSetup = {
	name: string;
	/** The cause that must come first. */
	top: string;
	home: string;
	project: string;
	/** The environment the app's terminal has (PATH, HOME, SHELL and the setup's own). */
	env: Record<string, string>;
	/** The key the API accepts, and every value that must never be shown. */
	workingKey: string;
	secrets: string[];
	api: FakeOpenAIApi;
	/** Real ports (the disk, real shells, real HTTP) pointed at this setup. */
	ports(): Ports;
	options(): RunOptions;
	close(): Promise<void>;
};

const pythonApp = 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\nprint(client.models.list())\n';

type Recipe = {
	name: string;
	top: string;
	build(paths: {home: string; project: string}, keys: {working: string; old: string}): Promise<Record<string, string>>;
};

/** The recipes: each a setup people really end up with. */
export const brokenRecipes: readonly Recipe[] = [
	{
		name: 'stale profile key shadows .env',
		top: 'stale-env-shadows-dotenv',
		async build({home, project}, {working, old}) {
			await writeFile(path.join(home, '.profile'), `# an old key, exported long ago\nexport OPENAI_API_KEY=${old}\n`);
			await writeFile(path.join(project, '.env'), `OPENAI_API_KEY=${working}\n`);
			await writeFile(path.join(project, 'app.py'), pythonApp);
			return {OPENAI_API_KEY: old};
		},
	},
	{
		name: 'key with a trailing newline',
		top: 'key-whitespace',
		async build({project}, {working}) {
			await writeFile(path.join(project, 'app.py'), 'from openai import OpenAI\nclient = OpenAI()\n');
			return {OPENAI_API_KEY: `${working}\n`};
		},
	},
	{
		name: 'placeholder in .env',
		top: 'key-placeholder',
		async build({project}) {
			await writeFile(path.join(project, '.env'), 'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n');
			await writeFile(path.join(project, 'app.py'), pythonApp);
			return {};
		},
	},
];

let seed = 8800;

/** Builds one broken setup on disk and starts its loopback API. */
export async function buildBrokenSetup(recipe: Recipe): Promise<BrokenSetup> {
	const root = await mkdtemp(path.join(tmpdir(), 'kw-broken-'));
	const home = path.join(root, 'home', 'dev');
	const project = path.join(home, 'code', 'my app');
	await mkdir(project, {recursive: true});
	await chmod(root, 0o700);
	const working = makeProjectKey(seed++);
	const old = makeProjectKey(seed++);
	const own = await recipe.build({home, project}, {working, old});
	const api = await startFakeOpenAIApi({keys: {[working]: {organizationSlug: 'user-test', projectId: 'proj_test'}}});
	const env: Record<string, string> = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...(existsSync('/bin/bash') ? {SHELL: '/bin/bash'} : {}), LANG: 'C.UTF-8', ...own};
	return {
		name: recipe.name,
		top: recipe.top,
		home,
		project,
		env,
		workingKey: working,
		secrets: [working, old],
		api,
		ports: () => createRealPorts({env, cwd: project, home}),
		options: () => makeOptions({cwd: project, baseUrl: api.baseUrl, baseUrlSource: 'flag', timeoutMs: 8000}),
		async close() {
			await api.close();
			await rm(root, {recursive: true, force: true});
		},
	};
}
