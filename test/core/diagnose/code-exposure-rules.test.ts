import {describe, expect, test} from 'vitest';
import {makeProjectKey, makeUserKey} from '../../helpers/fake-keys.js';
import {diagnoseProject, type FakeProject} from '../../helpers/fake-project.js';

const A = makeProjectKey(8601);
const B = makeProjectKey(8602);
const OLD = makeUserKey(8603);

const pyLoads = {'main.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n', '.gitignore': '.env\n'};
const pyNoLoader = {'main.py': 'from openai import OpenAI\n\nclient = OpenAI()\n'};
const repo = {tracked: ['main.py', '.gitignore'], ignored: ['.env']};

const table: Array<[name: string, project: FakeProject, expected: string[]]> = [
	// healthy
	['healthy: python loads its ignored .env', {files: {...pyLoads, '.env': `OPENAI_API_KEY=${A}\n`}, git: repo}, []],
	['healthy: the key in the environment, code reads it', {env: {OPENAI_API_KEY: A}, files: pyNoLoader, git: {tracked: ['main.py']}}, []],
	['healthy: a test file with a fake key', {env: {OPENAI_API_KEY: A}, files: {...pyNoLoader, 'tests/test_main.py': 'client = OpenAI(api_key="sk-test-0123456789abcdefghij")\n'}}, []],
	['healthy: the code passes ACME_CREDENTIAL, set in the environment', {env: {ACME_CREDENTIAL: A}, files: {'app.py': 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["ACME_CREDENTIAL"])\n'}}, []],
	['healthy: the code reads OPENAI_KEY and OPENAI_KEY is set', {env: {OPENAI_KEY: A}, files: {'app.py': 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["OPENAI_KEY"])\n'}}, []],
	['healthy: a fallback chain of names', {env: {OPENAI_API_KEY: A}, files: {'app.py': 'import os\nkey = os.getenv("OPENAI_KEY") or os.getenv("OPENAI_API_KEY")\n'}}, []],
	['healthy: no code, the key in .env (a warning, no cause)', {files: {'.env': `OPENAI_API_KEY=${A}\n`}}, []],
	['healthy: a placeholder .env.example tracked', {files: {...pyLoads, '.env': `OPENAI_API_KEY=${A}\n`, '.env.example': 'OPENAI_API_KEY=sk-...\n'}, git: {...repo, tracked: [...repo.tracked, '.env.example']}}, []],
	['healthy: a Flask app with python-dotenv declared', {files: {'app.py': 'from flask import Flask\nfrom openai import OpenAI\napp = Flask(__name__)\nclient = OpenAI()\n', 'requirements.txt': 'flask\npython-dotenv\nopenai\n', '.env': `OPENAI_API_KEY=${A}\n`}}, []],
	['healthy: node -r dotenv/config in the start script', {files: {'index.js': "import OpenAI from 'openai';\nconst client = new OpenAI();\n", 'package.json': '{"scripts":{"start":"node -r dotenv/config index.js"},"dependencies":{"openai":"^4.73.0","dotenv":"^16.0.0"}}', '.env': `OPENAI_API_KEY=${A}\n`}}, []],
	['healthy: dotenv_values() passed to the client', {files: {'app.py': 'from dotenv import dotenv_values\nfrom openai import OpenAI\nconfig = dotenv_values()\nclient = OpenAI(api_key=config["OPENAI_API_KEY"])\n', '.env': `OPENAI_API_KEY=${A}\n`}}, []],
	['healthy: an Anthropic client beside OpenAI, its key not set here', {env: {OPENAI_API_KEY: A}, files: {'app.py': 'import os\nfrom anthropic import Anthropic\nfrom openai import OpenAI\nclaude = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\nclient = OpenAI()\n'}}, []],
	['healthy: load_dotenv(".env.local") and the key in .env.local', {files: {'app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv(".env.local")\nclient = OpenAI()\n', '.env.local': `OPENAI_API_KEY=${A}\n`}}, []],
	['healthy: node --env-file=.env.local in the start script', {files: {'index.js': "import OpenAI from 'openai';\nconst client = new OpenAI();\n", 'package.json': '{"scripts":{"start":"node --env-file=.env.local index.js"},"dependencies":{"openai":"^4.73.0"}}', '.env.local': `OPENAI_API_KEY=${A}\n`}}, []],
	['healthy: main() loads .env, then creates the client', {files: {'app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\ndef main():\n    load_dotenv()\n    client = OpenAI()\n', '.env': `OPENAI_API_KEY=${A}\n`}}, []],
	['healthy: a dummy key for a local server named in the call', {env: {OPENAI_API_KEY: A}, files: {'app.py': 'from openai import OpenAI\nclient = OpenAI(base_url="http://localhost:11434/v1", api_key="your-api-key")\n'}}, []],
	['healthy: Astro server code reads import.meta.env.OPENAI_API_KEY (Astro hands server code every variable)', {files: {'package.json': '{"dependencies":{"astro":"^4.16.0","openai":"^4.73.0"}}', 'src/pages/api/ask.ts': "import OpenAI from 'openai';\nconst c = new OpenAI({apiKey: import.meta.env.OPENAI_API_KEY});\n", '.env': `OPENAI_API_KEY=${A}\n`}}, []],
	// dotenv-not-loaded
	['dotenv-not-loaded: load_dotenv() in main(), after the client is created on import', {files: {'app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nclient = OpenAI()\n\ndef main():\n    load_dotenv()\n', '.env': `OPENAI_API_KEY=${A}\n`}}, ['dotenv-not-loaded']],
	['dotenv-not-loaded: load_dotenv(".env.local") while the key is only in .env', {files: {'app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv(".env.local")\nclient = OpenAI()\n', '.env': `OPENAI_API_KEY=${A}\n`}}, ['dotenv-not-loaded']],
	['dotenv-not-loaded: Vite code reads import.meta.env.OPENAI_API_KEY (Vite hands over only VITE_ names)', {files: {'package.json': '{"devDependencies":{"vite":"^5.4.0"},"dependencies":{"openai":"^4.73.0"}}', 'src/main.js': "import OpenAI from 'openai';\nconst c = new OpenAI({apiKey: import.meta.env.OPENAI_API_KEY, dangerouslyAllowBrowser: true});\n", '.env': `OPENAI_API_KEY=${A}\n`}}, ['dotenv-not-loaded']],
	['dotenv-not-loaded: python never loads .env', {files: {...pyNoLoader, '.env': `OPENAI_API_KEY=${A}\n`}}, ['dotenv-not-loaded']],
	['dotenv-not-loaded: node reads process.env without a loader', {files: {'index.js': "import OpenAI from 'openai';\nconst c = new OpenAI({apiKey: process.env.OPENAI_API_KEY});\n", 'package.json': '{"name":"x","dependencies":{"openai":"^4.73.0"}}', '.env': `OPENAI_API_KEY=${A}\n`}}, ['dotenv-not-loaded']],
	['dotenv-not-loaded: the code reads OPENAI_KEY, which only an unloaded .env sets', {files: {'app.py': 'import os\nkey = os.environ["OPENAI_KEY"]\n', '.env': `OPENAI_KEY=${A}\n`}}, ['dotenv-not-loaded']],
	['dotenv-not-loaded: the code passes ACME_CREDENTIAL to the client, which only an unloaded .env sets', {files: {'app.py': 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["ACME_CREDENTIAL"])\n', '.env': `ACME_CREDENTIAL=${A}\n`}}, ['dotenv-not-loaded']],
	// code-reads-other-var
	['code-reads-other-var: os.environ["OPENAI_KEY"], OPENAI_API_KEY set', {env: {OPENAI_API_KEY: A}, files: {'app.py': 'import os\nkey = os.environ["OPENAI_KEY"]\n'}}, ['code-reads-other-var']],
	['code-reads-other-var: AzureOpenAI() reads AZURE_OPENAI_API_KEY, only OPENAI_API_KEY set', {env: {OPENAI_API_KEY: A}, files: {'app.py': 'from openai import AzureOpenAI\nclient = AzureOpenAI(api_version="2024-06-01")\n'}}, ['code-reads-other-var']],
	// outdated-library
	['outdated-library: openai==0.28 in requirements', {env: {OPENAI_API_KEY: A}, files: {'app.py': 'import openai\nprint(openai.ChatCompletion.create(model="gpt-3.5-turbo"))\n', 'requirements.txt': 'openai==0.28.1\n'}}, ['outdated-library']],
	['outdated-library: v1 code with openai<1 pinned', {env: {OPENAI_API_KEY: A}, files: {...pyNoLoader, 'requirements.txt': 'openai<1\n'}}, ['outdated-library']],
	// exposure
	['hardcoded-key: a key in the code, no git', {env: {OPENAI_API_KEY: B}, files: {'app.py': `from openai import OpenAI\nclient = OpenAI(api_key="${A}")\n`}}, ['hardcoded-key']],
	['hardcoded-key: template text passed as the key wins over the exported key', {env: {OPENAI_API_KEY: A}, files: {'app.py': 'from openai import OpenAI\nclient = OpenAI(api_key="sk-your-api-key-here")\n'}}, ['hardcoded-key']],
	['hardcoded-key + key-committed: tracked', {env: {OPENAI_API_KEY: A}, files: {'settings.py': `OPENAI_API_KEY = "${A}"\n`}, git: {tracked: ['settings.py']}}, ['hardcoded-key', 'key-committed']],
	['key-committed: a key in a tracked README (not code)', {env: {OPENAI_API_KEY: A}, files: {...pyNoLoader, 'README.md': `Use ${OLD}\n`}, git: {tracked: ['main.py', 'README.md']}}, ['key-committed']],
	['key-committed: a key only in the history', {files: {...pyLoads, '.env': `OPENAI_API_KEY=${A}\n`}, git: {...repo, log: `commit abc1234 2026-01-02\n--- /dev/null\n+++ b/.env\n+OPENAI_API_KEY=${OLD}\n`}}, ['key-committed']],
	['key-committed + dotenv-not-ignored: .env tracked', {files: {...pyLoads, '.gitignore': '', '.env': `OPENAI_API_KEY=${A}\n`}, git: {tracked: ['main.py', '.env']}}, ['key-committed', 'dotenv-not-ignored']],
	['dotenv-not-ignored: .env untracked, not ignored, no commits', {files: {...pyLoads, '.gitignore': '', '.env': `OPENAI_API_KEY=${A}\n`}, git: {tracked: [], empty: true}}, ['dotenv-not-ignored']],
];

describe('code and exposure rules over whole fake projects', () => {
	test.each(table)('%s', async (_name, project, expected) => {
		const {causes, verdict} = await diagnoseProject(project);
		expect(causes.map(cause => cause.id).sort()).toEqual([...expected].sort());
		expect(verdict).toBe(expected.length > 0 ? 'problem' : 'inconclusive');
		const text = JSON.stringify(causes);
		for (const key of [A, B, OLD]) expect(text).not.toContain(key.slice(8, 40));
	});

	test('hardcoded-key says the key in the code wins over a different environment key', async () => {
		const {causes} = await diagnoseProject({env: {OPENAI_API_KEY: B}, files: {'app.py': `from openai import OpenAI\nclient = OpenAI(api_key="${A}")\n`}});
		const cause = causes.find(item => item.id === 'hardcoded-key')!;
		expect(cause.evidence.join('\n')).toContain(`app.py:2 holds sk-proj-…${A.slice(-4)} as api_key`);
		expect(cause.evidence.join('\n')).toMatch(/differs from the key the environment gives the app .*a key passed in code wins/);
		expect(cause.confidence).toBe('high');
	});

	test('key-committed names each fingerprint where it is exposed, and how to purge it', async () => {
		const {causes} = await diagnoseProject({files: {...pyLoads, '.env': `OPENAI_API_KEY=${A}\n`}, git: {...repo, shallow: true, log: `commit abc1234 2026-01-02\n--- /dev/null\n+++ b/.env\n+OPENAI_API_KEY=${OLD}\n`}});
		const cause = causes.find(item => item.id === 'key-committed')!;
		expect(cause.evidence).toEqual([`sk-…${OLD.slice(-4)} is in commit abc1234 .env.`, 'This is a shallow clone: older commits were not searched.']);
		expect(cause.snippets.map(snippet => snippet.id)).toEqual(['git-filter-repo', 'bfg']);
	});

	test('dotenv-not-loaded is medium when the code never reads the key', async () => {
		const {causes} = await diagnoseProject({files: {'util.py': 'def add(a, b):\n    return a + b\n', '.env': `OPENAI_API_KEY=${A}\n`}});
		expect(causes).toEqual([expect.objectContaining({id: 'dotenv-not-loaded', confidence: 'medium'})]);
	});

	test('key-missing names the variable the code reads when it is not OPENAI_API_KEY', async () => {
		const {causes} = await diagnoseProject({files: {'app.py': 'import os\nkey = os.environ["OPENAI_KEY"]\n'}});
		expect(causes.map(cause => cause.id)).toEqual(['key-missing']);
		expect(causes[0]!.evidence).toContain('The code reads the key from OPENAI_KEY (app.py:2), not from OPENAI_API_KEY.');
		expect(causes[0]!.fix[0]).toBe('Set the variable the code reads (OPENAI_KEY), or change the code to read OPENAI_API_KEY.');
	});

	test('var-misnamed stays when the code reads OPENAI_API_KEY and the key sits under OPENAI_KEY', async () => {
		const {causes} = await diagnoseProject({env: {OPENAI_KEY: A}, files: pyNoLoader});
		expect(causes.map(cause => cause.id)).toEqual(['var-misnamed']);
	});
});

describe('app-uses-other-key beside leaked keys', () => {
	test('a key seen only in the git history does not hide that the app sends none of the keys found', async () => {
		const {makeOptions} = await import('../../helpers/facts.js');
		const {maskLikeOpenAI} = await import('../../../source/core/keys/mask.js');
		const {openAIMessages} = await import('../../../source/core/api/openai-errors.js');
		const {runProbes} = await import('../../../source/core/run-probes.js');
		const {allProbes} = await import('../../../source/core/probes/index.js');
		const {conclude} = await import('../../../source/core/conclude.js');
		const {makePorts} = await import('../../helpers/fake-ports.js');
		const {scriptedGit, projectRoot} = await import('../../helpers/fake-project.js');
		const elsewhere = makeProjectKey(8604);
		const errorText = `openai.AuthenticationError: Error code: 401 - {'error': {'message': '${openAIMessages.incorrectKey(maskLikeOpenAI(elsewhere))}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`;
		const files = {[`${projectRoot}/.git/HEAD`]: 'ref: refs/heads/main\n', [`${projectRoot}/main.py`]: 'from openai import OpenAI\nclient = OpenAI()\n'};
		const ports = makePorts({cwd: projectRoot, env: {OPENAI_API_KEY: A}, files, exec: scriptedGit(['main.py'], {tracked: ['main.py'], log: `commit abc1234 2026-01-02\n+++ b/old.py\n+KEY = "${OLD}"\n`})});
		const options = makeOptions({network: false, errorText});
		const results = await runProbes(allProbes, ports, options, new AbortController().signal);
		const {causes} = conclude(results, ports.env, options, allProbes.map(probe => probe.id));
		expect(causes.map(cause => cause.id)).toContain('app-uses-other-key');
		expect(causes.map(cause => cause.id)).toContain('key-committed');
	});
});
