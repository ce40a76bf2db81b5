/**
 * Realistic projects through the BUILT CLI (`npm run build` first): real source files,
 * real git repositories (commits, history, .gitignore, a shallow clone, no commits),
 * shell history files, no git or python on PATH. The code, library and exposure causes
 * must be named where they apply and nowhere else (a project whose code loads its
 * ignored `.env` is healthy); no output ever holds a key or a slice of one.
 */
import {mkdir, open, rm, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {makeProjectKey, makeServiceAccountKey, makeUserKey} from '../helpers/fake-keys.js';
import {bashrcHead, buildScenario, debianProfile, findLeak, removeScenario, runScenario, snapshotCli, type BuiltScenario, type Scenario, type ScenarioFiles} from './scenario.js';

const A = makeProjectKey(9101);
const B = makeProjectKey(9102);
const OLD = makeUserKey(9103);
const SVC = makeServiceAccountKey(9104);

/** A scenario plus what happens to the project after its files are written: git commands and later files. */
type CodeScenario = Scenario & {steps?: Array<{git?: string[]; files?: ScenarioFiles; remove?: string[]}>; cloneShallow?: boolean};

const gitEnv = {GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null'};
const init = {git: ['init', '-q', '-b', 'main']};
const commitAll = (message: string) => [{git: ['add', '-A']}, {git: ['commit', '-qm', message]}];
const stockHome = {'.bashrc': bashrcHead, '.profile': debianProfile};

const pyLoads = {
	'app/main.py': 'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n\n\ndef ask(prompt):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])\n',
	'requirements.txt': 'openai==1.54.3\npython-dotenv==1.0.1\n',
	'.gitignore': '.env\n.venv/\n__pycache__/\n',
};
const pyNoLoader = {
	'main.py': 'import os\nfrom openai import OpenAI\n\nclient = OpenAI()\nprint(client.models.list())\n',
	'requirements.txt': 'openai>=1.40\n',
	'.gitignore': '.env\n__pycache__/\n',
};
const nodeLoads = {
	'package.json': JSON.stringify({name: 'bot', type: 'module', dependencies: {dotenv: '^16.4.5', openai: '^4.73.0'}}, null, 2),
	'package-lock.json': JSON.stringify({name: 'bot', lockfileVersion: 3, packages: {'': {name: 'bot'}, 'node_modules/openai': {version: '4.73.0'}, 'node_modules/dotenv': {version: '16.4.5'}}}, null, 2),
	'src/index.js': "import 'dotenv/config';\nimport OpenAI from 'openai';\n\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n",
	'.gitignore': 'node_modules/\n.env\n',
};
const nodeNoLoader = {
	'package.json': JSON.stringify({name: 'bot', type: 'module', scripts: {start: 'node src/index.js'}, dependencies: {openai: '^4.73.0'}}, null, 2),
	'src/index.js': "import OpenAI from 'openai';\n\nconst client = new OpenAI({apiKey: process.env.OPENAI_API_KEY});\nconsole.log(await client.models.list());\n",
	'.gitignore': 'node_modules/\n.env\n',
};

const healthy: CodeScenario[] = [
	{
		name: 'healthy: a python app that loads its ignored .env, in a git repository with history',
		project: {...pyLoads, '.env': `OPENAI_API_KEY=${A}\n`, 'tests/test_main.py': 'from unittest import mock\n\ndef test_client(monkeypatch):\n    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")\n    assert True\n', '.env.example': 'OPENAI_API_KEY=sk-...\n'},
		home: stockHome,
		steps: [init, ...commitAll('first'), {files: {'README.md': '# app\n\nCopy .env.example to .env and put your key there.\n'}}, ...commitAll('docs')],
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: a node app with import "dotenv/config" and a locked openai 4',
		project: {...nodeLoads, '.env': `OPENAI_API_KEY=${A}\nPORT=3000\n`},
		home: stockHome,
		steps: [init, ...commitAll('init')],
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: the key exported in the environment, the code reads it with os.environ',
		env: {OPENAI_API_KEY: A},
		project: {'bot.py': 'import os\nimport openai\n\nclient = openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n', 'pyproject.toml': '[project]\nname = "bot"\ndependencies = [\n  "openai>=1.30",\n]\n'},
		home: stockHome,
		steps: [init, ...commitAll('init')],
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: a Next.js app reads .env.local itself',
		project: {
			'package.json': JSON.stringify({name: 'web', dependencies: {next: '15.0.3', react: '19.0.0', openai: '^4.73.0'}}, null, 2),
			'app/api/chat/route.ts': "import OpenAI from 'openai';\n\nconst client = new OpenAI();\nexport async function POST() {\n  return Response.json(await client.models.list());\n}\n",
			'.gitignore': '.env*.local\n.next/\nnode_modules/\n',
			'.env.local': `OPENAI_API_KEY=${A}\n`,
		},
		home: stockHome,
		steps: [init, ...commitAll('init')],
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: node --env-file=.env in the start script, no loader in the code',
		project: {...nodeNoLoader, 'package.json': JSON.stringify({name: 'bot', type: 'module', scripts: {start: 'node --env-file=.env src/index.js'}, dependencies: {openai: '^4.73.0'}}, null, 2), '.env': `OPENAI_API_KEY=${A}\n`},
		home: stockHome,
		steps: [init, ...commitAll('init')],
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: python-decouple reads .env itself',
		project: {'settings.py': 'from decouple import config\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=config("OPENAI_API_KEY"))\n', 'requirements.txt': 'openai\npython-decouple\n', '.gitignore': '.env\n', '.env': `OPENAI_API_KEY=${A}\n`},
		home: stockHome,
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: docker compose hands .env to the container; no loader in the code',
		project: {...pyNoLoader, 'compose.yaml': 'services:\n  app:\n    build: .\n    env_file: .env\n', Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n', '.dockerignore': '.env\n', '.env': `OPENAI_API_KEY=${A}\n`},
		home: stockHome,
		steps: [init, ...commitAll('init')],
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy (a warning only): a key typed into ~/.bash_history',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': 'from openai import OpenAI\nclient = OpenAI()\n'},
		home: {...stockHome, '.bash_history': `ls\ncd code/app\nexport OPENAI_API_KEY=${A}\npython main.py\n`},
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: no git and no python on PATH, the key in the environment',
		env: {OPENAI_API_KEY: A, PATH: '/nonexistent'},
		project: {'main.py': 'import os\nfrom openai import OpenAI\nclient = OpenAI()\n', 'requirements.txt': 'openai==1.54.3\n'},
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: the only .env has no code to tell by (a warning names the loaders)',
		project: {'.env': `OPENAI_API_KEY=${A}\n`},
		home: stockHome,
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: minified bundles, a binary file with sk- inside, a symlink loop and a 2 GB sparse file',
		env: {OPENAI_API_KEY: A},
		project: {
			'src/app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
			'static/vendor.min.js': `!function(){var e="${'x'.repeat(120)}";${'var a=1;'.repeat(20_000)}}();\n`,
			'static/bundle.js': `(function(){${'var o={};'.repeat(3000)}console.log(process.env.OPENAI_KEY)})();\n`,
			'data/model.bin': new Uint8Array([0, 1, 2, ...Buffer.from(`api_key="${makeProjectKey(9199)}"`), 0, 0]),
		},
		home: stockHome,
		steps: [init, ...commitAll('init')],
		secrets: [A, makeProjectKey(9199)],
		expect: {causes: []},
	},
];

const causes: CodeScenario[] = [
	{
		name: 'dotenv-not-loaded: a python app that never calls load_dotenv(), the key only in .env',
		project: {...pyNoLoader, '.env': `OPENAI_API_KEY=${A}\n`},
		home: stockHome,
		steps: [init, ...commitAll('init')],
		secrets: [A],
		expect: {causes: ['dotenv-not-loaded'], top: 'dotenv-not-loaded'},
	},
	{
		name: 'dotenv-not-loaded: a node app without dotenv, the key only in .env',
		project: {...nodeNoLoader, '.env': `OPENAI_API_KEY=${A}\n`},
		home: stockHome,
		secrets: [A],
		expect: {causes: ['dotenv-not-loaded']},
	},
	{
		name: 'code-reads-other-var: the code reads OPENAI_KEY, the environment sets OPENAI_API_KEY',
		env: {OPENAI_API_KEY: A},
		project: {'app.py': 'import os\nimport requests\n\nheaders = {"Authorization": f"Bearer {os.environ[\'OPENAI_KEY\']}"}\nprint(requests.get("https://api.openai.com/v1/models", headers=headers).status_code)\n'},
		home: stockHome,
		secrets: [A],
		expect: {causes: ['code-reads-other-var']},
	},
	{
		name: 'code-reads-other-var: new OpenAI({apiKey: process.env.OPENAI_SECRET}) with the key in .env as OPENAI_API_KEY',
		project: {...nodeLoads, 'src/index.js': "import 'dotenv/config';\nimport OpenAI from 'openai';\n\nconst client = new OpenAI({apiKey: process.env.OPENAI_SECRET});\n", '.env': `OPENAI_API_KEY=${A}\n`},
		home: stockHome,
		secrets: [A],
		expect: {causes: ['code-reads-other-var']},
	},
	{
		name: 'hardcoded-key: a key pasted into the code, no git',
		env: {OPENAI_API_KEY: B},
		project: {'main.py': `from openai import OpenAI\n\nclient = OpenAI(api_key="${A}")\n`},
		home: stockHome,
		secrets: [A, B],
		expect: {causes: ['hardcoded-key']},
	},
	{
		name: 'hardcoded-key: a file whose name holds terminal escapes and a key-shaped word',
		env: {OPENAI_API_KEY: B},
		project: {[`src/\u001b]52;c;aGVsbG8=\u0007${makeProjectKey(9198).slice(0, 60)}.py`]: `from openai import OpenAI\nclient = OpenAI(api_key="${A}")\n`},
		home: stockHome,
		secrets: [A, B, makeProjectKey(9198)],
		expect: {causes: ['hardcoded-key']},
	},
	{
		name: 'hardcoded-key and key-committed: the key in a committed config module',
		env: {OPENAI_API_KEY: A},
		project: {'config.py': `OPENAI_API_KEY = "${A}"\n`, 'main.py': 'from openai import OpenAI\nfrom config import OPENAI_API_KEY\nclient = OpenAI(api_key=OPENAI_API_KEY)\n', '.gitignore': '.env\n'},
		home: stockHome,
		steps: [init, ...commitAll('init')],
		secrets: [A],
		expect: {causes: ['hardcoded-key', 'key-committed']},
	},
	{
		name: 'key-committed and dotenv-not-ignored: .env committed, no .gitignore',
		project: {...pyLoads, '.gitignore': '__pycache__/\n', '.env': `OPENAI_API_KEY=${A}\n`},
		home: stockHome,
		steps: [init, ...commitAll('init')],
		secrets: [A],
		expect: {causes: ['key-committed', 'dotenv-not-ignored']},
	},
	{
		name: 'key-committed: .env committed once, removed and ignored since: the key is in the history',
		project: {...pyLoads, '.gitignore': '__pycache__/\n', '.env': `OPENAI_API_KEY=${OLD}\n`},
		home: stockHome,
		steps: [init, ...commitAll('init'), {git: ['rm', '-q', '--cached', '.env']}, {files: {'.gitignore': '.env\n__pycache__/\n', '.env': `OPENAI_API_KEY=${A}\n`}}, ...commitAll('stop tracking .env')],
		secrets: [A, OLD],
		expect: {causes: ['key-committed']},
	},
	{
		name: 'key-committed: a shallow clone whose last commit holds a service-account key',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': 'from openai import OpenAI\nclient = OpenAI()\n', 'deploy/notes.md': `Service key: ${SVC}\n`},
		home: stockHome,
		steps: [init, ...commitAll('one'), {files: {'CHANGELOG.md': '- two\n'}}, ...commitAll('two')],
		cloneShallow: true,
		secrets: [A, SVC],
		expect: {causes: ['key-committed']},
	},
	{
		name: 'dotenv-not-ignored: a repository with no commits yet and an unignored .env',
		project: {...pyLoads, '.gitignore': '__pycache__/\n', '.env': `OPENAI_API_KEY=${A}\n`},
		home: stockHome,
		steps: [init],
		secrets: [A],
		expect: {causes: ['dotenv-not-ignored']},
	},
	{
		name: 'outdated-library: openai==0.28.1 and openai.ChatCompletion, the key exported',
		env: {OPENAI_API_KEY: A},
		project: {'chat.py': 'import os\nimport openai\n\nopenai.api_key = os.getenv("OPENAI_API_KEY")\nprint(openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[]))\n', 'requirements.txt': 'openai==0.28.1\n'},
		home: stockHome,
		secrets: [A],
		expect: {causes: ['outdated-library']},
	},
	{
		name: 'outdated-library: openai.Completion code with openai 1.x locked in poetry.lock',
		env: {OPENAI_API_KEY: A},
		project: {'gen.py': 'import openai\n\nprint(openai.Completion.create(engine="davinci", prompt="hi"))\n', 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\nopenai = "^1.3"\n', 'poetry.lock': '[[package]]\nname = "openai"\nversion = "1.35.10"\ndescription = "x"\n'},
		home: stockHome,
		secrets: [A],
		expect: {causes: ['outdated-library']},
	},
	{
		name: 'outdated-library: node openai 3 (new OpenAIApi(new Configuration(…)))',
		env: {OPENAI_API_KEY: A},
		project: {
			'package.json': JSON.stringify({name: 'old-bot', dependencies: {openai: '^3.3.0'}}, null, 2),
			'index.js': "const {Configuration, OpenAIApi} = require('openai');\nconst openai = new OpenAIApi(new Configuration({apiKey: process.env.OPENAI_API_KEY}));\n",
		},
		home: stockHome,
		secrets: [A],
		expect: {causes: ['outdated-library']},
	},
];

const scenarios = [...causes, ...healthy];
const built: BuiltScenario[] = [];
let cli: string;

beforeAll(async () => {
	cli = await snapshotCli();
});

afterAll(async () => {
	await Promise.all(built.map(item => removeScenario(item)));
	if (cli) await rm(path.dirname(cli), {recursive: true, force: true});
});

async function applySteps(scenario: CodeScenario, where: BuiltScenario): Promise<BuiltScenario> {
	const git = (cwd: string, args: string[]) => execa('git', args, {cwd, env: gitEnv, stdin: 'ignore'});
	for (const step of scenario.steps ?? []) {
		if (step.git) await git(where.project, step.git);
		for (const file of step.remove ?? []) await rm(path.join(where.project, file), {force: true});
		for (const [relative, content] of Object.entries(step.files ?? {})) {
			await mkdir(path.dirname(path.join(where.project, relative)), {recursive: true});
			await writeFile(path.join(where.project, relative), content);
		}
	}

	if (!scenario.cloneShallow) return where;
	const clone = path.join(path.dirname(where.project), 'clone');
	await git(path.dirname(where.project), ['clone', '-q', '--depth', '1', `file://${where.project}`, clone]);
	return {...where, project: clone};
}

type Report = {verdict: string; causes: Array<{id: string; evidence: string[]}>; probes: Array<{id: string; status: string; summary: string}>};

describe.concurrent('realistic projects: code, libraries, leaked keys (built CLI, --json --no-network)', () => {
	it.for(scenarios.map(scenario => [scenario.name, scenario] as const))('%s', async ([, scenario], {expect}) => {
		const base = await buildScenario(scenario);
		built.push(base);
		const where = await applySteps(scenario, base);
		// Untracked, after the commits: git would hash a 2 GB file it was asked to add.
		if (scenario.name.includes('2 GB sparse')) {
			const handle = await open(path.join(where.project, 'data/huge.db'), 'w');
			await handle.truncate(2 * 1024 ** 3);
			await handle.close();
			await symlink('.', path.join(where.project, 'data/loop'));
			await symlink('self', path.join(where.project, 'data/self'));
		}

		const [json, text] = await Promise.all([runScenario(cli, scenario, where, '--json'), runScenario(cli, scenario, where, '--report')]);
		let report: Report;
		try {
			report = JSON.parse(json.stdout) as Report;
		} catch {
			throw new Error(`--json output does not parse (exit ${json.exitCode}): ${json.stdout.slice(0, 300)} ${json.stderr.slice(0, 300)}`);
		}

		const ids = report.causes.map(cause => cause.id);
		const context = `causes ${JSON.stringify(report.causes.map(cause => ({id: cause.id, evidence: cause.evidence})))}\nprobes ${JSON.stringify(report.probes.map(probe => `${probe.id} ${probe.status}: ${probe.summary}`))}`;
		const {causes: expected, allow = [], top} = scenario.expect;
		for (const id of expected) expect(ids, `missing ${id}\n${context}`).toContain(id);
		expect(ids.filter(id => !expected.includes(id) && !allow.includes(id)), `unexpected causes\n${context}`).toEqual([]);
		if (top) expect(ids[0], `top cause\n${context}`).toBe(top);
		expect(report.verdict, context).toBe(expected.length > 0 ? 'problem' : 'inconclusive');
		expect(json.exitCode, context).toBe(expected.length > 0 ? 1 : 3);
		expect(json.stderr).toBe('');
		expect(text.exitCode).toBe(json.exitCode);
		expect(text.stderr).not.toMatch(/\n\s+at /);
		// A file name is outside text: no escape sequence of it reaches the terminal.
		expect(text.stdout).not.toContain('\u001b');
		expect(text.stdout).not.toContain('\u0007');
		for (const [name, output] of [
			['--json stdout', json.stdout],
			['--report stdout', text.stdout],
			['--report stderr', text.stderr],
		] as const) {
			expect(findLeak(output, scenario.secrets), `${name} shows a piece of a key`).toBeUndefined();
		}
	});
});
