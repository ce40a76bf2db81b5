/**
 * An evaluator's corpus for issue 10 (the project's code, its OpenAI libraries, keys that
 * leaked), written from the issue, the cause catalog and the API reference rather than
 * from the implementation. Each row is a realistic project (Python scripts, FastAPI,
 * Django, Flask, notebooks, poetry/uv/pip; Express, Next.js, Vite, `--env-file`, Deno,
 * Bun, monorepos; LangChain; keys in code, in history, in a `.env` git does not ignore;
 * openai 0.x code on 1.x and the reverse, node openai 3), built on disk with real git
 * history, run through the BUILT CLI (`--json` and `--report`) against a loopback
 * stand-in of the OpenAI API that accepts every real key of the row. Per row: the causes
 * a knowledgeable human names (all must appear), the ones that may also appear, and
 * nothing else; the verdict (`ok` only for a healthy project); no key in any output.
 */
import {mkdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {makeAnthropicKey, makeProjectKey, makeServiceAccountKey, makeUserKey} from '../helpers/fake-keys.js';
import {startStandIn, type StandIn} from './openai-stand-in.js';
import {bashrcHead, buildScenario, debianProfile, findLeak, removeScenario, snapshotCli, type BuiltScenario, type ScenarioFiles} from './scenario.js';

const A = makeProjectKey(7001);
const B = makeProjectKey(7011);
const C = makeUserKey(7021);
const D = makeServiceAccountKey(7031);
const E = makeProjectKey(7041);
const ANT = makeAnthropicKey(7051);
const real = [A, B, C, D, E];

/** One step after the files are written: a git command, files written, files removed. */
type Step = {git?: string[]; files?: ScenarioFiles; remove?: string[]};

/** One realistic project and what a knowledgeable human says about it. */
type Row = {
	name: string;
	env?: Record<string, string>;
	project?: ScenarioFiles;
	home?: ScenarioFiles;
	projectPath?: string;
	/** Git commands (run in `gitRoot`, the project folder unless said) and later files. */
	steps?: Step[];
	gitRoot?: string;
	/** Clone the repository with --depth 1 and run the CLI in the clone. */
	shallow?: boolean;
	/** Causes that must be named. */
	causes: string[];
	/** At least one of each group must be named. */
	oneOf?: string[][];
	/** Causes that may also be named (a second reading that is also true). */
	allow?: string[];
	/** A probe with status warn whose summary matches. */
	warn?: RegExp;
	/** What the product still gets wrong here: the row is listed as a todo, not run. */
	todo?: string;
};

const gitEnv = {GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com', GIT_CONFIG_NOSYSTEM: '1'};
const init: Step = {git: ['init', '-q', '-b', 'main']};
const commit = (message: string): Step[] => [{git: ['add', '-A']}, {git: ['commit', '-qm', message]}];
const repo = (message = 'init'): Step[] => [init, ...commit(message)];
const home = {'.bashrc': bashrcHead, '.profile': debianProfile};
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A Jupyter notebook with one code cell per string. */
function notebook(...cells: string[]): string {
	return json({
		cells: cells.map(source => ({cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: source.split(/(?<=\n)/)})),
		metadata: {kernelspec: {display_name: 'Python 3', language: 'python', name: 'python3'}, language_info: {name: 'python', version: '3.11.7'}},
		nbformat: 4,
		nbformat_minor: 5,
	});
}

const pyIgnore = '.env\n.venv/\n__pycache__/\n*.pyc\n';
const nodeIgnore = 'node_modules/\n.env\n.env*.local\ndist/\n';
const lock = (name: string, deps: Record<string, string>) =>
	json({name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: {'': {name, version: '1.0.0', dependencies: Object.fromEntries(Object.keys(deps).map(dep => [dep, `^${deps[dep]}`]))}, ...Object.fromEntries(Object.entries(deps).map(([dep, version]) => [`node_modules/${dep}`, {version, resolved: `https://registry.npmjs.org/${dep}/-/${dep}-${version}.tgz`}]))}});
const pkg = (name: string, extra: Record<string, unknown>) => json({name, version: '1.0.0', private: true, ...extra});

const chatPy = (client = 'client') =>
	`\n\ndef ask(prompt: str) -> str:\n    response = ${client}.chat.completions.create(\n        model="gpt-4o-mini",\n        messages=[{"role": "user", "content": prompt}],\n    )\n    return response.choices[0].message.content\n`;

const healthy: Row[] = [
	{
		name: 'H01 python script: load_dotenv() and an ignored .env, pip requirements',
		project: {
			'main.py': `import os\n\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n${chatPy()}\n\nif __name__ == "__main__":\n    print(ask("Say hi"))\n`,
			'requirements.txt': 'openai==1.54.3\npython-dotenv==1.0.1\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H02 python: key exported in the shell, code reads os.environ["OPENAI_API_KEY"]',
		env: {OPENAI_API_KEY: A},
		project: {'bot.py': `import os\nimport openai\n\nclient = openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n${chatPy()}`, 'pyproject.toml': '[project]\nname = "bot"\nversion = "0.1.0"\ndependencies = ["openai>=1.30"]\n'},
		home: {...home, '.bashrc': `${bashrcHead}\nexport OPENAI_API_KEY=${A}\n`},
		steps: repo(),
		causes: [],
	},
	{
		name: 'H03 FastAPI with pydantic-settings reading .env (env_file=".env")',
		project: {
			'app/config.py': 'from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8")\n\n    openai_api_key: str\n    model: str = "gpt-4o-mini"\n\n\nsettings = Settings()\n',
			'app/main.py': 'from fastapi import FastAPI\nfrom openai import OpenAI\n\nfrom app.config import settings\n\napp = FastAPI()\nclient = OpenAI(api_key=settings.openai_api_key)\n\n\n@app.post("/chat")\ndef chat(prompt: str):\n    r = client.chat.completions.create(model=settings.model, messages=[{"role": "user", "content": prompt}])\n    return {"answer": r.choices[0].message.content}\n',
			'requirements.txt': 'fastapi==0.115.4\nuvicorn[standard]==0.32.0\npydantic-settings==2.6.1\nopenai==1.54.3\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H04 Django with django-environ: Env.read_env() in settings.py',
		project: {
			'manage.py': '#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n',
			'mysite/settings.py': 'from pathlib import Path\n\nimport environ\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nenv = environ.Env(DEBUG=(bool, False))\nenviron.Env.read_env(BASE_DIR / ".env")\n\nSECRET_KEY = env("DJANGO_SECRET_KEY")\nDEBUG = env("DEBUG")\nOPENAI_API_KEY = env("OPENAI_API_KEY")\nINSTALLED_APPS = ["django.contrib.contenttypes", "chat"]\n',
			'chat/views.py': 'from django.conf import settings\nfrom django.http import JsonResponse\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=settings.OPENAI_API_KEY)\n\n\ndef chat(request):\n    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": request.GET["q"]}])\n    return JsonResponse({"answer": r.choices[0].message.content})\n',
			'requirements.txt': 'Django==5.1.3\ndjango-environ==0.11.2\nopenai==1.54.3\n',
			'.gitignore': pyIgnore,
			'.env': `DJANGO_SECRET_KEY=dev-only-not-secret\nDEBUG=True\nOPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H05 Flask app with python-dotenv installed (flask run and app.run() load .env)',
		project: {
			'app.py': 'from flask import Flask, request\nfrom openai import OpenAI\n\napp = Flask(__name__)\nclient = OpenAI()\n\n\n@app.post("/chat")\ndef chat():\n    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": request.json["prompt"]}])\n    return {"answer": r.choices[0].message.content}\n\n\nif __name__ == "__main__":\n    app.run(debug=True)\n',
			'requirements.txt': 'Flask==3.0.3\npython-dotenv==1.0.1\nopenai==1.54.3\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: "H06 Express (CommonJS) with require('dotenv').config() and a locked openai 4",
		project: {
			'package.json': pkg('chat-api', {main: 'server.js', scripts: {start: 'node server.js'}, dependencies: {dotenv: '^16.4.5', express: '^4.21.1', openai: '^4.73.0'}}),
			'package-lock.json': lock('chat-api', {dotenv: '16.4.5', express: '4.21.1', openai: '4.73.0'}),
			'server.js': "require('dotenv').config();\nconst express = require('express');\nconst OpenAI = require('openai');\n\nconst app = express();\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n\napp.post('/chat', express.json(), async (req, res) => {\n  const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: req.body.prompt }] });\n  res.json(r.choices[0].message);\n});\n\napp.listen(3000);\n",
			'.gitignore': nodeIgnore,
			'.env': `PORT=3000\nOPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H07 node script started with node --env-file=.env from package.json',
		project: {
			'package.json': pkg('summarize', {type: 'module', scripts: {start: 'node --env-file=.env src/index.js'}, dependencies: {openai: '^4.67.3'}}),
			'src/index.js': "import OpenAI from 'openai';\n\nconst client = new OpenAI();\nconst r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });\nconsole.log(r.choices[0].message.content);\n",
			'.gitignore': nodeIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H08 Next.js app router: .env.local read by Next itself',
		project: {
			'package.json': pkg('web', {scripts: {dev: 'next dev', build: 'next build', start: 'next start'}, dependencies: {next: '15.0.3', react: '19.0.0', 'react-dom': '19.0.0', openai: '^4.73.0'}}),
			'next.config.mjs': '/** @type {import(\'next\').NextConfig} */\nconst nextConfig = {};\nexport default nextConfig;\n',
			'app/api/chat/route.ts': "import OpenAI from 'openai';\n\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n\nexport async function POST(req: Request) {\n  const { prompt } = await req.json();\n  const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });\n  return Response.json(r.choices[0].message);\n}\n",
			'.gitignore': '/node_modules\n/.next/\n.env*.local\n',
			'.env.local': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H09 Vite + React: the code reads import.meta.env.VITE_OPENAI_API_KEY, which .env sets (works, ships the key to browsers)',
		project: {
			'package.json': pkg('vite-chat', {type: 'module', scripts: {dev: 'vite', build: 'vite build'}, dependencies: {react: '^18.3.1', openai: '^4.73.0'}, devDependencies: {vite: '^5.4.10'}}),
			'vite.config.ts': "import { defineConfig } from 'vite';\nimport react from '@vitejs/plugin-react';\n\nexport default defineConfig({ plugins: [react()] });\n",
			'src/openai.ts': "import OpenAI from 'openai';\n\nexport const openai = new OpenAI({\n  apiKey: import.meta.env.VITE_OPENAI_API_KEY,\n  dangerouslyAllowBrowser: true,\n});\n",
			'.gitignore': nodeIgnore,
			'.env': `VITE_OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		// The app works, but a VITE_ variable ships the key to every browser: var-misnamed names it on
		// purpose (local-scenarios' "a Vite app keeps the key in VITE_OPENAI_API_KEY"), the code probe warns.
		causes: ['var-misnamed'],
		warn: /public build variable/,
	},
	{
		name: "H10 pnpm monorepo run from the root: apps/api loads its own .env with import 'dotenv/config'",
		projectPath: 'code/mono',
		project: {
			'package.json': pkg('mono', {scripts: {dev: 'pnpm -r dev'}}),
			'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n',
			'.gitignore': 'node_modules\n.env\n',
			'apps/api/package.json': pkg('@mono/api', {type: 'module', scripts: {dev: 'tsx watch src/index.ts'}, dependencies: {dotenv: '^16.4.5', openai: '^4.73.0'}}),
			'apps/api/src/index.ts': "import 'dotenv/config';\nimport OpenAI from 'openai';\n\nconst openai = new OpenAI();\nexport const models = () => openai.models.list();\n",
			'apps/api/.env': `OPENAI_API_KEY=${A}\n`,
			'packages/ui/package.json': pkg('@mono/ui', {dependencies: {react: '^18.3.1'}}),
			'packages/ui/index.tsx': 'export const Button = () => null;\n',
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H11 Jupyter notebook: load_dotenv() in a cell, .env ignored',
		project: {
			'analysis.ipynb': notebook('import os\nfrom dotenv import load_dotenv\nload_dotenv()\n', 'from openai import OpenAI\nclient = OpenAI()\n', 'client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])\n'),
			'requirements.txt': 'jupyterlab\nopenai>=1.40\npython-dotenv\n',
			'.gitignore': `${pyIgnore}.ipynb_checkpoints/\n`,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H12 LangChain RAG app: load_dotenv() then ChatOpenAI()',
		project: {
			'rag.py': 'from dotenv import load_dotenv\n\nload_dotenv()\n\nfrom langchain_openai import ChatOpenAI, OpenAIEmbeddings\nfrom langchain_core.prompts import ChatPromptTemplate\n\nllm = ChatOpenAI(model="gpt-4o-mini", temperature=0)\nembeddings = OpenAIEmbeddings()\nprompt = ChatPromptTemplate.from_template("Answer: {question}")\nchain = prompt | llm\n',
			'requirements.txt': 'langchain==0.3.7\nlangchain-openai==0.2.8\nlangchain-core==0.3.15\npython-dotenv==1.0.1\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H13 poetry project: load_dotenv(find_dotenv()), poetry.lock with openai 1.35',
		project: {
			'pyproject.toml': '[tool.poetry]\nname = "summarizer"\nversion = "0.1.0"\ndescription = ""\nauthors = ["Dev <dev@example.com>"]\n\n[tool.poetry.dependencies]\npython = "^3.11"\nopenai = "^1.35"\npython-dotenv = "^1.0.1"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
			'poetry.lock': '[[package]]\nname = "openai"\nversion = "1.35.3"\ndescription = "The official Python library for the openai API"\noptional = false\npython-versions = ">=3.7.1"\n\n[[package]]\nname = "python-dotenv"\nversion = "1.0.1"\ndescription = "Read key-value pairs from a .env file and set them as environment variables"\noptional = false\npython-versions = ">=3.8"\n\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "0000"\n',
			'summarizer/__init__.py': '',
			'summarizer/cli.py': `from dotenv import find_dotenv, load_dotenv\nfrom openai import OpenAI\n\nload_dotenv(find_dotenv())\nclient = OpenAI()\n${chatPy()}`,
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: "H14 TypeScript: import * as dotenv from 'dotenv'; dotenv.config({ path: '.env' })",
		project: {
			'package.json': pkg('ts-bot', {type: 'module', scripts: {build: 'tsc', start: 'node dist/index.js'}, dependencies: {dotenv: '^16.4.5', openai: '^4.73.0'}, devDependencies: {typescript: '^5.6.3'}}),
			'tsconfig.json': json({compilerOptions: {target: 'ES2022', module: 'NodeNext', outDir: 'dist', strict: true}}),
			'src/index.ts': "import * as dotenv from 'dotenv';\nimport OpenAI from 'openai';\n\ndotenv.config({ path: '.env' });\n\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY! });\nconsole.log(await openai.models.list());\n",
			'.gitignore': nodeIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H15 python: dotenv_values(".env") handed to OpenAI(api_key=…)',
		project: {
			'main.py': `from dotenv import dotenv_values\nfrom openai import OpenAI\n\nconfig = dotenv_values(".env")\nclient = OpenAI(api_key=config["OPENAI_API_KEY"])\n${chatPy()}`,
			'requirements.txt': 'openai==1.54.3\npython-dotenv==1.0.1\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H16 placeholders only: README, docs and a committed .env.example; key exported in the environment',
		env: {OPENAI_API_KEY: A},
		project: {
			'README.md': '# Chat bot\n\n```sh\nexport OPENAI_API_KEY="sk-..."\ncp .env.example .env   # then put your key in .env\n```\n\nOr in code (not recommended): `OpenAI(api_key="sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")`.\n',
			'docs/setup.md': 'Set `OPENAI_API_KEY=sk-proj-XXXXXXXXXXXXXXXXXXXXXXXX` in your shell, or `OPENAI_API_KEY=<your key>`.\n',
			'.env.example': 'OPENAI_API_KEY=sk-your-key-here\nMODEL=gpt-4o-mini\n',
			'main.py': `import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ.get("OPENAI_API_KEY"))\n${chatPy()}`,
			'requirements.txt': 'openai~=1.54\n',
			'.gitignore': pyIgnore,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H17 uv project, key exported in ~/.profile and present in the environment',
		env: {OPENAI_API_KEY: D},
		project: {
			'pyproject.toml': '[project]\nname = "agent"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = ["openai>=1.51.2"]\n',
			'uv.lock': 'version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "agent"\nversion = "0.1.0"\nsource = { virtual = "." }\ndependencies = [{ name = "openai" }]\n\n[[package]]\nname = "openai"\nversion = "1.51.2"\nsource = { registry = "https://pypi.org/simple" }\n',
			'src/agent/__init__.py': `from openai import OpenAI\n\nclient = OpenAI()\n${chatPy()}`,
			'.gitignore': '.venv\n',
		},
		home: {...home, '.profile': `${debianProfile}\nexport OPENAI_API_KEY="${D}"\n`},
		steps: repo(),
		causes: [],
	},
	{
		name: 'H18 node script: key in the environment, new OpenAI() with no options',
		env: {OPENAI_API_KEY: A},
		project: {
			'package.json': pkg('cli', {type: 'module', bin: {ask: 'ask.mjs'}, dependencies: {openai: '^4.77.0'}}),
			'ask.mjs': "#!/usr/bin/env node\nimport OpenAI from 'openai';\n\nconst client = new OpenAI();\nconst r = await client.responses.create({ model: 'gpt-4o-mini', input: process.argv[2] });\nconsole.log(r.output_text);\n",
			'.gitignore': 'node_modules\n',
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H19 the same key in the environment and in an unloaded .env: the app gets it from the environment',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': `from openai import OpenAI\n\nclient = OpenAI()\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore, '.env': `OPENAI_API_KEY=${A}\n`},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H20 python-decouple: config("OPENAI_API_KEY") reads .env itself',
		project: {
			'main.py': `from decouple import config\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=config("OPENAI_API_KEY"))\n${chatPy()}`,
			'requirements.txt': 'openai==1.54.3\npython-decouple==3.8\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H21 node: process.loadEnvFile() (Node 21.7+)',
		project: {
			'package.json': pkg('loader', {type: 'module', engines: {node: '>=22'}, dependencies: {openai: '^4.73.0'}}),
			'index.mjs': "import OpenAI from 'openai';\n\nprocess.loadEnvFile();\nconst client = new OpenAI();\nconsole.log((await client.models.list()).data.length);\n",
			'.gitignore': nodeIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H22 Deno: import "jsr:@std/dotenv/load" and Deno.env.get',
		project: {
			'deno.json': json({tasks: {start: 'deno run --allow-net --allow-env --allow-read main.ts'}, imports: {openai: 'npm:openai@^4.73.0'}}),
			'main.ts': 'import "jsr:@std/dotenv/load";\nimport OpenAI from "openai";\n\nconst client = new OpenAI({ apiKey: Deno.env.get("OPENAI_API_KEY") });\nconsole.log(await client.models.list());\n',
			'.gitignore': '.env\n',
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H23 Bun app: bun reads .env by itself',
		project: {
			'package.json': pkg('bun-bot', {module: 'index.ts', type: 'module', scripts: {start: 'bun run index.ts'}, dependencies: {openai: '^4.73.0'}, devDependencies: {'@types/bun': 'latest'}}),
			'bun.lock': '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "bun-bot",\n      "dependencies": {\n        "openai": "^4.73.0",\n      },\n    },\n  },\n  "packages": {\n    "openai": ["openai@4.73.0", "", {}, "sha512-0000"],\n  }\n}\n',
			'index.ts': 'import OpenAI from "openai";\n\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n',
			'.gitignore': nodeIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H24 the key exported as OPENAI_KEY and the code reads os.getenv("OPENAI_KEY")',
		env: {OPENAI_KEY: A},
		project: {'main.py': `import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.getenv("OPENAI_KEY"))\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H25 Anthropic and OpenAI side by side: ANTHROPIC_API_KEY read for the Anthropic client',
		env: {OPENAI_API_KEY: A, ANTHROPIC_API_KEY: ANT},
		project: {
			'llm.py': 'import os\n\nfrom anthropic import Anthropic\nfrom openai import OpenAI\n\nclaude = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\ngpt = OpenAI()\n',
			'requirements.txt': 'anthropic==0.39.0\nopenai==1.54.3\n',
			'.gitignore': pyIgnore,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H26 the key typed into ~/.bash_history: a warning, no cause',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': `from openai import OpenAI\n\nclient = OpenAI()\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore},
		home: {...home, '.bash_history': `cd code/app\npip install -r requirements.txt\nexport OPENAI_API_KEY=${A}\npython main.py\n`},
		steps: repo(),
		causes: [],
		warn: /histor/i,
	},
	{
		name: 'H27 .env ignored by the global gitignore (~/.config/git/ignore), not the project one',
		project: {'main.py': `from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\npython-dotenv\n', '.gitignore': '__pycache__/\n', '.env': `OPENAI_API_KEY=${A}\n`},
		home: {...home, '.config/git/ignore': '.env\n.DS_Store\n'},
		steps: [init, {git: ['add', '-A']}, {git: ['commit', '-qm', 'init']}],
		causes: [],
	},
	{
		name: 'H28 no git at all: load_dotenv() and a .env',
		project: {'main.py': `from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\npython-dotenv\n', '.env': `OPENAI_API_KEY=${A}\n`},
		home,
		causes: [],
	},
	{
		name: 'H29 openai 1.x module-level client: openai.api_key = os.environ[...] with openai.chat.completions',
		env: {OPENAI_API_KEY: A},
		project: {
			'main.py': 'import os\n\nimport openai\n\nopenai.api_key = os.environ["OPENAI_API_KEY"]\n\nr = openai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])\nprint(r.choices[0].message.content)\n',
			'requirements.txt': 'openai==1.40.0\n',
			'.gitignore': pyIgnore,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H30 key-shaped strings only in node_modules and an ignored build folder',
		env: {OPENAI_API_KEY: A},
		project: {
			'package.json': pkg('svc', {type: 'module', dependencies: {openai: '^4.73.0'}}),
			'src/index.js': "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport default client;\n",
			'node_modules/openai/package.json': json({name: 'openai', version: '4.73.0'}),
			'node_modules/some-sdk/test/fixture.js': `module.exports = { apiKey: "${B}" };\n`,
			'dist/index.js': `var c=new OpenAI({apiKey:"${B}"});\n`,
			'.gitignore': nodeIgnore,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H31 load_dotenv() in config.py, imported by main.py before the client is built',
		project: {
			'config.py': 'import os\n\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\nOPENAI_API_KEY = os.getenv("OPENAI_API_KEY")\nMODEL = os.getenv("MODEL", "gpt-4o-mini")\n',
			'main.py': `from openai import OpenAI\n\nimport config\n\nclient = OpenAI(api_key=config.OPENAI_API_KEY)\n${chatPy()}`,
			'requirements.txt': 'openai==1.54.3\npython-dotenv==1.0.1\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\nMODEL=gpt-4o\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},
	{
		name: 'H32 Turborepo run from the root: apps/web is Next.js with apps/web/.env.local',
		projectPath: 'code/turbo',
		project: {
			'package.json': pkg('turbo-root', {workspaces: ['apps/*'], devDependencies: {turbo: '^2.2.3'}}),
			'turbo.json': json({tasks: {dev: {cache: false}}}),
			'.gitignore': 'node_modules\n.env*.local\n.next\n',
			'apps/web/package.json': pkg('web', {dependencies: {next: '15.0.3', openai: '^4.73.0'}}),
			'apps/web/app/api/ask/route.ts': "import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport async function GET() {\n  return Response.json(await openai.models.list());\n}\n",
			'apps/web/.env.local': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
	},	{
		name: 'H33 run from the top of a repository whose Python backend/ loads its own backend/.env (frontend/ is Vite, no workspace manifest)',
		projectPath: 'code/fullstack',
		project: {
			'README.md': '# fullstack\n',
			'.gitignore': '.env\nnode_modules\n.venv\n',
			'backend/pyproject.toml': '[project]\nname = "api"\ndependencies = ["openai>=1.40", "python-dotenv>=1.0"]\n',
			'backend/app/main.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n',
			'backend/.env': `OPENAI_API_KEY=${A}\n`,
			'frontend/package.json': pkg('frontend', {devDependencies: {vite: '^5.4.0'}}),
			'frontend/src/main.ts': "document.querySelector('#app')!.textContent = 'hi';\n",
		},
		home,
		steps: repo(),
		causes: [],
	},

];

const problems: Row[] = [
	{
		name: 'P43 pydantic-settings reads .env into its Settings object, and OpenAI() looks in the environment',
		project: {
			'app/config.py': 'from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env")\n\n    openai_api_key: str\n\n\nsettings = Settings()\n',
			'app/main.py': 'from openai import OpenAI\n\nfrom app.config import settings\n\nclient = OpenAI()\n',
			'requirements.txt': 'pydantic-settings==2.6.1\nopenai==1.54.3\n',
			'.gitignore': '.env\n',
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['dotenv-not-loaded'],
	},
	{
		name: "P44 python-decouple reads .env for config(), and the client is created without api_key",
		project: {
			'main.py': 'from decouple import config\nfrom openai import OpenAI\n\nMODEL = config("MODEL", default="gpt-4o-mini")\nclient = OpenAI()\n',
			'requirements.txt': 'python-decouple==3.8\nopenai==1.54.3\n',
			'.gitignore': '.env\n',
			'.env': `OPENAI_API_KEY=${A}\nMODEL=gpt-4o\n`,
		},
		home,
		steps: repo(),
		causes: ['dotenv-not-loaded'],
	},
	{
		name: 'P01 python script with the key only in an ignored .env and no loader',
		project: {'main.py': `import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ.get("OPENAI_API_KEY"))\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore, '.env': `OPENAI_API_KEY=${A}\n`},
		home,
		steps: repo(),
		causes: ['dotenv-not-loaded'],
	},
	{
		name: 'P02 Express without dotenv, key only in .env',
		project: {
			'package.json': pkg('api', {main: 'index.js', scripts: {start: 'node index.js'}, dependencies: {express: '^4.21.1', openai: '^4.73.0'}}),
			'index.js': "const express = require('express');\nconst { OpenAI } = require('openai');\n\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nconst app = express();\napp.get('/models', async (_req, res) => res.json(await openai.models.list()));\napp.listen(8080);\n",
			'.gitignore': nodeIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['dotenv-not-loaded'],
	},
	{
		name: 'P03 Django reading os.environ.get in settings.py, .env beside manage.py, nothing loads it',
		project: {
			'manage.py': '#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n',
			'mysite/settings.py': 'import os\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev")\nOPENAI_API_KEY = os.environ.get("OPENAI_API_KEY")\n',
			'chat/services.py': 'from django.conf import settings\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=settings.OPENAI_API_KEY)\n',
			'requirements.txt': 'Django==5.1.3\nopenai==1.54.3\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['dotenv-not-loaded'],
	},
	{
		name: 'P04 python reads os.getenv("OPENAI_KEY") while OPENAI_API_KEY is exported',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': `import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.getenv("OPENAI_KEY"))\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore},
		home,
		steps: repo(),
		causes: ['code-reads-other-var'],
	},
	{
		name: 'P05 node with dotenv reads process.env.OPENAI_SECRET; .env sets OPENAI_API_KEY',
		project: {
			'package.json': pkg('bot', {type: 'module', dependencies: {dotenv: '^16.4.5', openai: '^4.73.0'}}),
			'src/bot.js': "import 'dotenv/config';\nimport OpenAI from 'openai';\n\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_SECRET });\nexport default openai;\n",
			'.gitignore': nodeIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['code-reads-other-var'],
	},
	{
		name: 'P06 Next.js reads process.env.NEXT_PUBLIC_OPENAI_API_KEY; .env.local sets OPENAI_API_KEY',
		project: {
			'package.json': pkg('web', {dependencies: {next: '14.2.18', react: '18.3.1', openai: '^4.73.0'}}),
			'lib/openai.ts': "import OpenAI from 'openai';\n\nexport const openai = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n",
			'.gitignore': '/node_modules\n.env*.local\n',
			'.env.local': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['code-reads-other-var'],
	},
	{
		name: 'P07 LangChain ChatOpenAI(openai_api_key=os.getenv("OPENAI_KEY")) with OPENAI_API_KEY exported',
		env: {OPENAI_API_KEY: A},
		project: {'chain.py': 'import os\n\nfrom langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4o-mini", openai_api_key=os.getenv("OPENAI_KEY"))\nprint(llm.invoke("hi").content)\n', 'requirements.txt': 'langchain-openai==0.2.8\n', '.gitignore': pyIgnore},
		home,
		steps: repo(),
		causes: ['code-reads-other-var'],
	},
	{
		name: 'P08 from os import getenv; OpenAI(api_key=getenv("MY_OPENAI_KEY")) with OPENAI_API_KEY exported',
		env: {OPENAI_API_KEY: A},
		project: {'app.py': `from os import getenv\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=getenv("MY_OPENAI_KEY"))\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore},
		home,
		steps: repo(),
		causes: ['code-reads-other-var'],
	},
	{
		name: 'P09 the key exported as OPENAI_KEY, the code reads os.environ["OPENAI_API_KEY"]',
		env: {OPENAI_KEY: A},
		project: {'main.py': `import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore},
		home,
		steps: repo(),
		causes: [],
		oneOf: [['var-misnamed', 'code-reads-other-var']],
		allow: ['var-misnamed', 'code-reads-other-var'],
	},
	{
		name: 'P10 key written into main.py, no git',
		project: {'main.py': `from openai import OpenAI\n\nclient = OpenAI(api_key="${A}")\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n'},
		home,
		causes: ['hardcoded-key'],
	},
	{
		name: 'P11 key written into a committed JS file',
		project: {
			'package.json': pkg('bot', {type: 'module', dependencies: {openai: '^4.73.0'}}),
			'src/openai.js': `import OpenAI from 'openai';\n\nexport const openai = new OpenAI({\n  apiKey: '${B}',\n});\n`,
			'.gitignore': nodeIgnore,
		},
		home,
		steps: repo(),
		causes: ['hardcoded-key', 'key-committed'],
	},
	{
		name: 'P12 a literal key in an untracked file wins over a different exported key',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': `from openai import OpenAI\n\nclient = OpenAI()\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore},
		home,
		steps: [...repo(), {files: {'scratch.py': `import openai\n\nclient = openai.OpenAI(api_key="${E}")\nprint(client.models.list())\n`}}],
		causes: ['hardcoded-key'],
	},
	{
		name: 'P13 TypeScript config exports the key as a constant, committed',
		project: {
			'package.json': pkg('svc', {type: 'module', dependencies: {openai: '^4.73.0'}}),
			'src/config.ts': `export const OPENAI_API_KEY = "${C}";\nexport const MODEL = "gpt-4o-mini";\n`,
			'src/client.ts': "import OpenAI from 'openai';\nimport { OPENAI_API_KEY } from './config';\n\nexport const client = new OpenAI({ apiKey: OPENAI_API_KEY });\n",
			'.gitignore': nodeIgnore,
		},
		home,
		steps: repo(),
		causes: ['hardcoded-key', 'key-committed'],
	},
	{
		name: 'P14 key in a committed YAML config file',
		project: {
			'config/settings.yaml': `openai:\n  api_key: ${A}\n  model: gpt-4o-mini\nlogging:\n  level: INFO\n`,
			'app.py': 'import yaml\nfrom openai import OpenAI\n\ncfg = yaml.safe_load(open("config/settings.yaml"))\nclient = OpenAI(api_key=cfg["openai"]["api_key"])\n',
			'requirements.txt': 'openai==1.54.3\nPyYAML==6.0.2\n',
			'.gitignore': pyIgnore,
		},
		home,
		steps: repo(),
		causes: ['key-committed'],
		allow: ['hardcoded-key'],
	},
	{
		name: 'P15 notebook sets os.environ["OPENAI_API_KEY"] = "<key>" in a committed cell',
		project: {
			'explore.ipynb': notebook(`import os\nos.environ["OPENAI_API_KEY"] = "${A}"\n`, 'from openai import OpenAI\nclient = OpenAI()\nclient.models.list()\n'),
			'requirements.txt': 'openai\njupyter\n',
		},
		home,
		steps: repo(),
		causes: ['hardcoded-key', 'key-committed'],
	},
	{
		name: 'P16 .env committed once, then untracked and ignored: the key stays in history',
		project: {'main.py': `from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\npython-dotenv\n', '.env': `OPENAI_API_KEY=${A}\n`},
		home,
		steps: [...repo('first'), {git: ['rm', '-q', '--cached', '.env']}, {files: {'.gitignore': pyIgnore}}, ...commit('stop tracking .env')],
		causes: ['key-committed'],
	},
	{
		name: 'P17 a key written in code in an old commit, replaced by os.environ since',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': `import openai\n\nclient = openai.OpenAI(api_key="${B}")\n`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore},
		home,
		steps: [...repo('prototype'), {files: {'main.py': `import os\n\nimport openai\n\nclient = openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n`}}, ...commit('read the key from the environment')],
		causes: ['key-committed'],
	},
	{
		name: 'P18 .env with a key, untracked but not ignored (no .gitignore entry)',
		project: {'main.py': `from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\npython-dotenv\n', '.gitignore': '__pycache__/\n'},
		home,
		steps: [...repo(), {files: {'.env': `OPENAI_API_KEY=${A}\n`}}],
		causes: ['dotenv-not-ignored'],
	},
	{
		name: 'P19 .env committed and not ignored',
		project: {
			'package.json': pkg('bot', {type: 'module', dependencies: {dotenv: '^16.4.5', openai: '^4.73.0'}}),
			'index.js': "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst openai = new OpenAI();\nconsole.log(await openai.models.list());\n",
			'.gitignore': 'node_modules/\n',
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['key-committed', 'dotenv-not-ignored'],
	},
	{
		name: 'P20 .env.production with a second key committed beside an ignored .env',
		project: {
			'package.json': pkg('bot', {type: 'module', dependencies: {dotenv: '^16.4.5', openai: '^4.73.0'}}),
			'index.js': "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst openai = new OpenAI();\nconsole.log(await openai.models.list());\n",
			'.gitignore': 'node_modules/\n.env\n',
			'.env': `OPENAI_API_KEY=${A}\n`,
			'.env.production': `OPENAI_API_KEY=${B}\n`,
		},
		home,
		steps: repo(),
		causes: ['key-committed', 'dotenv-not-ignored'],
	},
	{
		name: 'P21 backend/.env not ignored: the root .gitignore only ignores /.env',
		project: {
			'backend/app.py': `from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n${chatPy()}`,
			'backend/requirements.txt': 'openai==1.54.3\npython-dotenv\n',
			'frontend/package.json': pkg('frontend', {dependencies: {react: '^18.3.1'}}),
			'.gitignore': '/.env\nnode_modules/\n',
		},
		home,
		steps: [...repo(), {files: {'backend/.env': `OPENAI_API_KEY=${A}\n`}}],
		// Run from the repository's root, the .env probe does not read backend/.env (the monorepo rows' limit): no key for the app here.
		allow: ['key-missing'],
		causes: ['dotenv-not-ignored'],
	},
	{
		name: 'P22 a repository with no commits: .env with a key, not ignored',
		project: {'main.py': `from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\npython-dotenv\n', '.env': `OPENAI_API_KEY=${A}\n`},
		home,
		steps: [init],
		causes: ['dotenv-not-ignored'],
	},
	{
		name: 'P23 shallow clone whose tip holds a key in config.py',
		env: {OPENAI_API_KEY: A},
		project: {'config.py': `OPENAI_API_KEY = "${B}"\n`, 'main.py': 'from openai import OpenAI\n\nfrom config import OPENAI_API_KEY\n\nclient = OpenAI(api_key=OPENAI_API_KEY)\n', 'requirements.txt': 'openai==1.54.3\n'},
		home,
		steps: [...repo('one'), {files: {'README.md': '# bot\n'}}, ...commit('two')],
		shallow: true,
		causes: ['hardcoded-key', 'key-committed'],
	},
	{
		name: 'P24 openai 0.x code (openai.ChatCompletion) with openai==1.30.1 pinned',
		env: {OPENAI_API_KEY: A},
		project: {
			'bot.py': 'import os\n\nimport openai\n\nopenai.api_key = os.getenv("OPENAI_API_KEY")\n\nresponse = openai.ChatCompletion.create(\n    model="gpt-3.5-turbo",\n    messages=[{"role": "user", "content": "Hello"}],\n)\nprint(response["choices"][0]["message"]["content"])\n',
			'requirements.txt': 'openai==1.30.1\n',
			'.gitignore': pyIgnore,
		},
		home,
		steps: repo(),
		causes: ['outdated-library'],
	},
	{
		name: 'P25 openai 1.x code (from openai import OpenAI) with openai==0.28.1 pinned',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': `from openai import OpenAI\n\nclient = OpenAI()\n${chatPy()}`, 'requirements.txt': 'openai==0.28.1\ntiktoken==0.5.1\n', '.gitignore': pyIgnore},
		home,
		steps: repo(),
		causes: ['outdated-library'],
	},
	{
		name: 'P26 node openai 3: new OpenAIApi(new Configuration(...)) with openai ^3.3.0',
		env: {OPENAI_API_KEY: A},
		project: {
			'package.json': pkg('gpt-bot', {main: 'index.js', dependencies: {openai: '^3.3.0'}}),
			'package-lock.json': lock('gpt-bot', {openai: '3.3.0'}),
			'index.js': "const { Configuration, OpenAIApi } = require('openai');\n\nconst configuration = new Configuration({ apiKey: process.env.OPENAI_API_KEY });\nconst openai = new OpenAIApi(configuration);\n\nopenai.createChatCompletion({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: 'Hello' }] }).then(r => console.log(r.data.choices[0].message));\n",
			'.gitignore': 'node_modules/\n',
		},
		home,
		steps: repo(),
		causes: ['outdated-library'],
	},
	{
		name: 'P27 node openai 3 code with openai 4 installed in node_modules',
		env: {OPENAI_API_KEY: A},
		project: {
			'package.json': pkg('gpt-bot', {main: 'index.js', dependencies: {openai: '^4.20.0'}}),
			'node_modules/openai/package.json': json({name: 'openai', version: '4.20.1', main: 'index.js'}),
			'index.js': "const { Configuration, OpenAIApi } = require('openai');\n\nconst openai = new OpenAIApi(new Configuration({ apiKey: process.env.OPENAI_API_KEY }));\nopenai.listModels().then(r => console.log(r.data));\n",
			'.gitignore': 'node_modules/\n',
		},
		home,
		steps: repo(),
		causes: ['outdated-library'],
	},
	{
		name: 'P28 openai.Completion code, unpinned requirement, openai 1.51 installed in .venv',
		env: {OPENAI_API_KEY: A},
		project: {
			'complete.py': 'import openai\n\nr = openai.Completion.create(engine="text-davinci-003", prompt="Say hi", max_tokens=5)\nprint(r.choices[0].text)\n',
			'requirements.txt': 'openai\n',
			'.venv/pyvenv.cfg': 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n',
			'.venv/lib/python3.11/site-packages/openai-1.51.0.dist-info/METADATA': 'Metadata-Version: 2.3\nName: openai\nVersion: 1.51.0\nSummary: The official Python library for the openai API\n',
			'.venv/lib/python3.11/site-packages/openai/__init__.py': '',
			'.venv/lib/python3.11/site-packages/openai/version.py': '__version__ = "1.51.0"\n',
			'.gitignore': pyIgnore,
		},
		home,
		steps: repo(),
		causes: ['outdated-library'],
	},
	{
		name: 'P29 poetry project pinned to openai ^0.27.8 (poetry.lock 0.27.8), v0 code',
		env: {OPENAI_API_KEY: A},
		project: {
			'pyproject.toml': '[tool.poetry]\nname = "legacy"\nversion = "0.1.0"\ndescription = ""\nauthors = []\n\n[tool.poetry.dependencies]\npython = "^3.10"\nopenai = "^0.27.8"\n',
			'poetry.lock': '[[package]]\nname = "openai"\nversion = "0.27.8"\ndescription = "Python client library for the OpenAI API"\noptional = false\npython-versions = ">=3.7.1"\n\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.10"\ncontent-hash = "0000"\n',
			'legacy/chat.py': 'import os\n\nimport openai\n\nopenai.api_key = os.environ["OPENAI_API_KEY"]\nresp = openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[{"role": "user", "content": "hi"}])\n',
			'.gitignore': pyIgnore,
		},
		home,
		steps: repo(),
		causes: ['outdated-library'],
	},
	{
		name: 'P30 Vite code reads import.meta.env.OPENAI_API_KEY: Vite hands client code only VITE_ variables',
		project: {
			'package.json': pkg('vite-chat', {type: 'module', scripts: {dev: 'vite'}, dependencies: {openai: '^4.73.0'}, devDependencies: {vite: '^5.4.10'}}),
			'vite.config.js': "import { defineConfig } from 'vite';\nexport default defineConfig({});\n",
			'src/main.js': "import OpenAI from 'openai';\n\nconst openai = new OpenAI({ apiKey: import.meta.env.OPENAI_API_KEY, dangerouslyAllowBrowser: true });\nexport default openai;\n",
			'.gitignore': nodeIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: [],
		oneOf: [['dotenv-not-loaded', 'code-reads-other-var']],
		allow: ['dotenv-not-loaded', 'code-reads-other-var'],
	},
	{
		name: 'P31 load_dotenv() after the client is created, key only in .env',
		project: {
			'main.py': 'import os\n\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nclient = OpenAI()\n\n\ndef main():\n    load_dotenv()\n    print(client.models.list())\n\n\nif __name__ == "__main__":\n    main()\n',
			'requirements.txt': 'openai==1.54.3\npython-dotenv\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['dotenv-not-loaded'],
	},
	{
		name: 'P32 a placeholder passed in code wins over the exported key',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': `from openai import OpenAI\n\nclient = OpenAI(api_key="sk-your-api-key-here")\n${chatPy()}`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore},
		home,
		steps: repo(),
		causes: [],
		oneOf: [['key-placeholder', 'hardcoded-key']],
		allow: ['key-placeholder', 'hardcoded-key'],
	},
	{
		name: 'P33 node --env-file=.env in the start script, the key only in .env.local',
		project: {
			'package.json': pkg('svc', {type: 'module', scripts: {start: 'node --env-file=.env index.js'}, dependencies: {openai: '^4.73.0'}}),
			'index.js': "import OpenAI from 'openai';\nconst openai = new OpenAI();\nconsole.log(await openai.models.list());\n",
			'.gitignore': nodeIgnore,
			'.env': 'PORT=8080\n',
			'.env.local': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['dotenv-not-loaded'],
	},
	{
		name: 'P34 VS Code launch.json with the key in "env", committed',
		project: {
			'.vscode/launch.json': json({version: '0.2.0', configurations: [{name: 'Python: main', type: 'debugpy', request: 'launch', program: '${workspaceFolder}/main.py', env: {OPENAI_API_KEY: A}}]}),
			'main.py': `from openai import OpenAI\n\nclient = OpenAI()\n${chatPy()}`,
			'requirements.txt': 'openai==1.54.3\n',
			'.gitignore': pyIgnore,
		},
		home,
		steps: repo(),
		causes: ['key-committed'],
		allow: ['hardcoded-key', 'key-missing'],
	},
	{
		name: 'P35 a scratch file with a key, committed then deleted',
		env: {OPENAI_API_KEY: A},
		project: {'main.py': `from openai import OpenAI\n\nclient = OpenAI()\n${chatPy()}`, 'scratch.py': `import openai\nopenai.api_key = "${C}"\n`, 'requirements.txt': 'openai==1.54.3\n', '.gitignore': pyIgnore},
		home,
		steps: [...repo('wip'), {git: ['rm', '-q', 'scratch.py']}, ...commit('remove scratch')],
		causes: ['key-committed'],
	},
	{
		name: 'P36 Next.js: .env.local not ignored (the .gitignore has only .env)',
		project: {
			'package.json': pkg('web', {dependencies: {next: '15.0.3', openai: '^4.73.0'}}),
			'app/api/chat/route.ts': "import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport async function GET() {\n  return Response.json(await openai.models.list());\n}\n",
			'.gitignore': '/node_modules\n.env\n',
		},
		home,
		steps: [...repo(), {files: {'.env.local': `OPENAI_API_KEY=${A}\n`}}],
		causes: ['dotenv-not-ignored'],
	},
	{
		name: 'P37 Django settings.py with OPENAI_API_KEY = "<key>", committed',
		project: {
			'mysite/settings.py': `from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nSECRET_KEY = "django-insecure-abc"\nDEBUG = True\nOPENAI_API_KEY = "${A}"\n`,
			'chat/views.py': 'from django.conf import settings\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=settings.OPENAI_API_KEY)\n',
			'requirements.txt': 'Django==5.1.3\nopenai==1.54.3\n',
			'.gitignore': pyIgnore,
		},
		home,
		steps: repo(),
		causes: ['hardcoded-key', 'key-committed'],
	},
	{
		name: 'P38 openai 0.28 script with openai.api_key = "<key>", no git',
		project: {'gpt.py': `import openai\n\nopenai.api_key = "${C}"\nprint(openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[{"role": "user", "content": "hi"}]))\n`, 'requirements.txt': 'openai==0.28.1\n'},
		home,
		causes: ['hardcoded-key', 'outdated-library'],
	},
	{
		name: 'P39 Express loads dotenv but reads process.env["OPENAI_TOKEN"]; .env sets OPENAI_API_KEY',
		project: {
			'package.json': pkg('api', {dependencies: {dotenv: '^16.4.5', express: '^4.21.1', openai: '^4.73.0'}}),
			'src/server.ts': "import dotenv from 'dotenv';\nimport OpenAI from 'openai';\n\ndotenv.config();\nconst openai = new OpenAI({ apiKey: process.env['OPENAI_TOKEN'] });\nexport default openai;\n",
			'.gitignore': nodeIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['code-reads-other-var'],
	},
	{
		name: 'P40 FastAPI with no loader: os.environ["OPENAI_API_KEY"], the key only in .env, uvicorn started by hand',
		project: {
			'app/main.py': 'import os\n\nfrom fastapi import FastAPI\nfrom openai import AsyncOpenAI\n\napp = FastAPI()\nclient = AsyncOpenAI(api_key=os.environ["OPENAI_API_KEY"])\n\n\n@app.get("/models")\nasync def models():\n    return await client.models.list()\n',
			'requirements.txt': 'fastapi==0.115.4\nuvicorn==0.32.0\nopenai==1.54.3\n',
			'.gitignore': pyIgnore,
			'.env': `OPENAI_API_KEY=${A}\n`,
		},
		home,
		steps: repo(),
		causes: ['dotenv-not-loaded'],
	},
	{
		name: 'P41 a notebook with the key in openai.api_key, committed, with openai 1.x requirements',
		project: {'nb/demo.ipynb': notebook(`import openai\nopenai.api_key = "${D}"\n`, 'resp = openai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])\n'), 'requirements.txt': 'openai>=1.0\n'},
		home,
		steps: repo(),
		causes: ['hardcoded-key', 'key-committed'],
	},
	{
		name: 'P42 monorepo package: the key in the repository root .env, Next.js app in apps/web run from there',
		projectPath: 'code/mono2/apps/web',
		gitRoot: 'code/mono2',
		project: {
			'package.json': pkg('web', {dependencies: {next: '15.0.3', openai: '^4.73.0'}}),
			'app/api/ask/route.ts': "import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport async function GET() {\n  return Response.json(await openai.models.list());\n}\n",
		},
		home: {...home, 'code/mono2/.gitignore': 'node_modules\n.env\n', 'code/mono2/.env': `OPENAI_API_KEY=${A}\n`, 'code/mono2/package.json': pkg('mono2', {workspaces: ['apps/*']})},
		steps: repo(),
		causes: ['dotenv-not-loaded'],
	},
];

const rows = [...healthy, ...problems].filter(row => !row.todo);
const todos = [...healthy, ...problems].filter(row => row.todo);

let cli: string;
let standIn: StandIn;
const built: BuiltScenario[] = [];
/** What each row got, written to $CORPUS_RESULTS (one JSON line per row) when set: the evaluator's table. */
const outcomes: string[] = [];

beforeAll(async () => {
	cli = await snapshotCli();
	standIn = await startStandIn({accounts: Object.fromEntries(real.map(key => [key, {state: 'ok' as const}]))});
});

afterAll(async () => {
	await standIn?.close();
	if (process.env.CORPUS_RESULTS) await writeFile(process.env.CORPUS_RESULTS, outcomes.join('\n'));
	// CORPUS_KEEP=1 keeps the projects to look at by hand (their folders are in the results).
	if (!process.env.CORPUS_KEEP) await Promise.all(built.map(item => removeScenario(item)));
	if (cli) await rm(path.dirname(cli), {recursive: true, force: true});
});

async function prepare(row: Row): Promise<BuiltScenario> {
	const where = await buildScenario({name: row.name, project: row.project, home: row.home, projectPath: row.projectPath, secrets: [], expect: {causes: []}});
	built.push(where);
	const gitRoot = row.gitRoot ? path.join(where.home, row.gitRoot) : where.project;
	// The developer's own git: their HOME, so their global ignore file counts as it does for them.
	const git = (args: string[], cwd = gitRoot) => execa('git', args, {cwd, env: {...gitEnv, HOME: where.home}, stdin: 'ignore'});
	for (const step of row.steps ?? []) {
		if (step.git) await git(step.git);
		for (const file of step.remove ?? []) await rm(path.join(where.project, file), {force: true});
		for (const [relative, content] of Object.entries(step.files ?? {})) {
			await mkdir(path.dirname(path.join(where.project, relative)), {recursive: true});
			await writeFile(path.join(where.project, relative), content);
		}
	}

	if (!row.shallow) return where;
	const clone = path.join(path.dirname(where.project), 'clone');
	await git(['clone', '-q', '--depth', '1', `file://${where.project}`, clone], path.dirname(where.project));
	return {...where, project: clone};
}

async function run(where: BuiltScenario, row: Row, mode: '--json' | '--report') {
	const result = await execa(process.execPath, [cli, mode, '--base-url', standIn.baseUrl, '--timeout', '15000', '--cwd', where.project], {
		cwd: where.project,
		env: {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: where.home, SHELL: '/bin/bash', ...row.env},
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		timeout: 60_000,
	});
	return {exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut};
}

type Report = {verdict: string; causes: Array<{id: string; evidence: string[]}>; probes: Array<{id: string; status: string; summary: string}>};

describe.concurrent('evaluator corpus for issue 10: realistic projects through the built CLI', () => {
	for (const row of todos) it.todo(`${row.name}: ${row.todo}`);
	// Two runs of the built CLI per row, five rows at a time on a shared machine: bounded, with room.
	it.for(rows.map(row => [row.name, row] as const))('%s', {timeout: 120_000}, async ([, row], {expect}) => {
		const where = await prepare(row);
		// One after the other: two runs at once on a loaded machine would only measure the load.
		const jsonRun = await run(where, row, '--json');
		const textRun = await run(where, row, '--report');
		expect(jsonRun.timedOut).toBe(false);
		let report: Report;
		try {
			report = JSON.parse(jsonRun.stdout) as Report;
		} catch {
			throw new Error(`--json output does not parse (exit ${jsonRun.exitCode}): ${jsonRun.stdout.slice(0, 300)} ${jsonRun.stderr.slice(0, 300)}`);
		}

		const ids = report.causes.map(cause => cause.id);
		outcomes.push(JSON.stringify({name: row.name, project: where.project, expected: row.causes, oneOf: row.oneOf, allow: row.allow, got: ids, verdict: report.verdict, exit: jsonRun.exitCode, evidence: report.causes.map(cause => `${cause.id}: ${cause.evidence.join(' | ')}`), probes: report.probes.filter(probe => ['code', 'dotenv-loading', 'library-versions', 'exposure', 'dotenv'].includes(probe.id)).map(probe => `${probe.id} ${probe.status}: ${probe.summary}`)}));
		const context = `causes ${JSON.stringify(report.causes.map(cause => ({id: cause.id, evidence: cause.evidence})), null, 1)}\nprobes ${JSON.stringify(report.probes.map(probe => `${probe.id} ${probe.status}: ${probe.summary}`), null, 1)}`;
		const allowed = new Set([...row.causes, ...(row.allow ?? [])]);
		for (const id of row.causes) expect(ids, `missing ${id}\n${context}`).toContain(id);
		for (const group of row.oneOf ?? []) expect(ids.some(id => group.includes(id)), `none of ${group.join(', ')}\n${context}`).toBe(true);
		expect(ids.filter(id => !allowed.has(id)), `causes that must not appear\n${context}`).toEqual([]);
		const problem = row.causes.length > 0 || (row.oneOf?.length ?? 0) > 0;
		expect(report.verdict, context).toBe(problem ? 'problem' : 'ok');
		expect(jsonRun.exitCode, context).toBe(problem ? 1 : 0);
		if (row.warn) expect(report.probes.some(probe => probe.status === 'warn' && row.warn!.test(probe.summary)), `no warning matching ${row.warn}\n${context}`).toBe(true);
		expect(jsonRun.stderr).toBe('');
		expect(textRun.exitCode, `--report and --json disagree\n${context}\n--report:\n${String(textRun.stdout).slice(0, 4000)}`).toBe(jsonRun.exitCode);
		expect(textRun.stderr).not.toMatch(/\n\s+at /);
		for (const [name, output] of [
			['--json stdout', jsonRun.stdout],
			['--report stdout', textRun.stdout],
			['--report stderr', textRun.stderr],
		] as const) {
			expect(findLeak(output, [...real, ANT]), `${name} shows a piece of a key`).toBeUndefined();
		}
	});
});
