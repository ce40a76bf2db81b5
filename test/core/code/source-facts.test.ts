import {describe, expect, it} from 'vitest';
import {isKeyName, loadTarget, sourceFacts} from '../../../source/core/code/source-facts.js';

describe('sourceFacts: where the key is read', () => {
	it.each([
		['python os.getenv', 'import os\nkey = os.getenv("OPENAI_API_KEY")\n', 'python', 'OPENAI_API_KEY', 2, false],
		['python os.environ[…]', "import os\nkey = os.environ['OPENAI_KEY']\n", 'python', 'OPENAI_KEY', 2, true],
		['python os.environ.get', 'import os\nos.environ.get("GPT_TOKEN")\n', 'python', 'GPT_TOKEN', 2, false],
		['python, any name passed as api_key', 'import os\nclient = OpenAI(api_key=os.getenv("MY_SERVICE_CREDENTIAL"))\n', 'python', 'MY_SERVICE_CREDENTIAL', 2, false],
		['node process.env.X', 'const key = process.env.OPENAI_API_KEY;\n', 'javascript', 'OPENAI_API_KEY', 1, false],
		['node process.env["X"]', "const key = process.env['OPENAI_SECRET_KEY'];\n", 'javascript', 'OPENAI_SECRET_KEY', 1, false],
		['vite import.meta.env', 'new OpenAI({apiKey: import.meta.env.VITE_OPENAI_API_KEY})\n', 'javascript', 'VITE_OPENAI_API_KEY', 1, false],
		['deno', 'const key = Deno.env.get("OPENAI_API_KEY");\n', 'javascript', 'OPENAI_API_KEY', 1, false],
		['destructured', 'const {PORT, OPENAI_API_KEY} = process.env;\n', 'javascript', 'OPENAI_API_KEY', 1, false],
		['go', 'key := os.Getenv("OPENAI_API_KEY")\n', 'go', 'OPENAI_API_KEY', 1, false],
		['ruby', 'key = ENV.fetch("OPENAI_ACCESS_TOKEN")\n', 'ruby', 'OPENAI_ACCESS_TOKEN', 1, true],
		['a notebook cell (escaped quotes in JSON)', '{"source": ["import os\\n", "key = os.getenv(\\"OPENAI_API_KEY\\")\\n"]}\n', 'python', 'OPENAI_API_KEY', 1, false],
	])('%s', (_name, text, language, name, line, strict) => {
		const reads = sourceFacts(text, language as never).reads;
		expect(reads).toEqual([expect.objectContaining({name, line, strict})]);
	});

	it('leaves other variables and commented-out reads alone', () => {
		const facts = sourceFacts('import os\n# os.getenv("OPENAI_KEY")\ndb = os.getenv("DATABASE_URL")\nport = process.env.PORT\n', 'python');
		expect(facts.reads).toEqual([]);
	});

	it('reads process.env["X"] once, not twice', () => {
		expect(sourceFacts('const k = process.env["OPENAI_API_KEY"];\n', 'javascript').reads).toHaveLength(1);
	});

	it('counts another provider’s key only when it goes to an OpenAI client', () => {
		expect(sourceFacts('import os\nclaude = Anthropic(api_key=os.getenv("ANTHROPIC_API_KEY"))\n', 'python').reads).toEqual([]);
		const groq = sourceFacts('import os\nclient = OpenAI(\n    base_url="https://api.groq.com/openai/v1",\n    api_key=os.environ.get("GROQ_API_KEY"),\n)\n', 'python').reads;
		expect(groq).toEqual([expect.objectContaining({name: 'GROQ_API_KEY', line: 4, forClient: true})]);
	});

	it('marks a read handed to the client as its key', () => {
		const [read] = sourceFacts('client = OpenAI(api_key=os.environ.get("OPENAI_KEY"))\n', 'python').reads;
		expect(read).toMatchObject({forClient: true, how: 'os.environ.get("OPENAI_KEY")'});
		const [header] = sourceFacts('headers = {"Authorization": f"Bearer {os.getenv(\'OPENAI_KEY\')}"}\n', 'python').reads;
		expect(header?.forClient).toBe(true);
	});

	it.each([
		['OPENAI_API_KEY', true],
		['OPENAI_KEY', true],
		['OPEN_AI_TOKEN', true],
		['GPT_SECRET', true],
		['OPENAI_ADMIN_KEY', false],
		['OPENAI_BASE_URL', false],
		['OPENAI_ORG_ID', false],
		['DATABASE_URL', false],
	])('isKeyName(%s) = %s', (name, expected) => {
		expect(isKeyName(name)).toBe(expected);
	});
});

describe('sourceFacts: clients and the key they read themselves', () => {
	it.each([
		['python OpenAI()', 'from openai import OpenAI\nclient = OpenAI()\n', 'python', 'openai-python', 'OPENAI_API_KEY'],
		['python AsyncAzureOpenAI()', 'from openai import AsyncAzureOpenAI\nclient = AsyncAzureOpenAI(api_version="2024-06-01")\n', 'python', 'openai-python', 'AZURE_OPENAI_API_KEY'],
		['node new OpenAI()', "import OpenAI from 'openai';\nconst client = new OpenAI();\n", 'javascript', 'openai-node', 'OPENAI_API_KEY'],
		['LangChain ChatOpenAI', 'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o")\n', 'python', 'langchain-python', 'OPENAI_API_KEY'],
		['LangChain.js', "import {ChatOpenAI} from '@langchain/openai';\nconst llm = new ChatOpenAI({model: 'gpt-4o'});\n", 'javascript', 'langchain-js', 'OPENAI_API_KEY'],
	])('%s', (_name, text, language, library, implicitKey) => {
		expect(sourceFacts(text, language as never).clients).toEqual([expect.objectContaining({library, implicitKey, line: 2})]);
	});

	it('a client given a key reads nothing itself', () => {
		const [client] = sourceFacts('from openai import OpenAI\nclient = OpenAI(\n    api_key=settings.key,\n)\n', 'python').clients;
		expect(client?.implicitKey).toBeUndefined();
	});

	it('ChatOpenAI is not taken for OpenAI', () => {
		const facts = sourceFacts('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI()\n', 'python');
		expect(facts.clients.map(client => client.call)).toEqual(['ChatOpenAI()']);
	});

	it.each([
		['python v0', 'import openai\nopenai.api_key = "x"\nopenai.ChatCompletion.create(model="gpt-3.5-turbo")\n', 'python-v0', 'openai.ChatCompletion'],
		['python v0 errors', 'import openai\ntry:\n    pass\nexcept openai.error.AuthenticationError:\n    pass\n', 'python-v0', 'openai.error'],
		['python v1', 'from openai import OpenAI\nclient = OpenAI()\n', 'python-v1', 'from openai import OpenAI'],
		['node v3', "const {Configuration, OpenAIApi} = require('openai');\nconst api = new OpenAIApi(new Configuration({apiKey: process.env.OPENAI_API_KEY}));\n", 'node-v3', 'new OpenAIApi(new Configuration(…))'],
		['node v4', "import OpenAI from 'openai';\nconst client = new OpenAI();\n", 'node-v4', 'new OpenAI()'],
	])('API generation: %s', (_name, text, generation, form) => {
		const language = generation.startsWith('python') ? 'python' : 'javascript';
		expect(sourceFacts(text, language).apiUses).toContainEqual(expect.objectContaining({generation, form}));
	});

	it('v0 code that never sets openai.api_key reads OPENAI_API_KEY when imported', () => {
		const facts = sourceFacts('import openai\nopenai.Completion.create(engine="davinci")\n', 'python');
		expect(facts.clients).toContainEqual(expect.objectContaining({implicitKey: 'OPENAI_API_KEY'}));
	});

	it('finds LangChain by its imports', () => {
		expect(sourceFacts('import os\n\nfrom langchain_openai import ChatOpenAI\n', 'python').langchain).toBe(3);
		expect(sourceFacts("import {ChatOpenAI} from '@langchain/openai';\n", 'javascript').langchain).toBe(1);
	});
});

describe('sourceFacts: loading .env', () => {
	it.each([
		['python load_dotenv', 'from dotenv import load_dotenv\nload_dotenv()\n', 2, 'load_dotenv()', true, false],
		['python, with find_dotenv() first', 'import dotenv\n\ndotenv.load_dotenv(dotenv.find_dotenv(), verbose=True,\n    override = True)\n', 3, 'load_dotenv(override=True)', true, true],
		['python, dotenv_values into os.environ', 'import os\nfrom dotenv import dotenv_values\nos.environ.update(dotenv_values(".env"))\n', 3, 'os.environ.update(dotenv_values(…))', false, true],
		['node, dotenv/config import', "import 'dotenv/config';\nimport OpenAI from 'openai';\n", 1, "import 'dotenv/config'", false, false],
		['node, dotenv.config with override', "import dotenv from 'dotenv';\ndotenv.config({override: true});\n", 2, "dotenv's config({override: true})", false, true],
		['node, require with a path', "require('dotenv').config({ path: '.env', override: true })\n", 1, "dotenv's config({override: true})", false, true],
		['node, process.loadEnvFile', 'process.loadEnvFile();\n', 1, "dotenv's config()", false, false],
		['python dotenv_values() into a dict', 'from dotenv import dotenv_values\nconfig = dotenv_values()\nclient = OpenAI(api_key=config["OPENAI_API_KEY"])\n', 2, 'dotenv_values()', true, false],
		['python Dynaconf', 'from dynaconf import Dynaconf\nsettings = Dynaconf(load_dotenv=True)\n', 2, 'Dynaconf(load_dotenv=True)', false, false],
		['deno std/dotenv', 'import "jsr:@std/dotenv/load";\n', 1, "Deno's std/dotenv/load", false, false],
		['django-environ', 'import environ\nenv = environ.Env()\nenviron.Env.read_env()\n', 3, 'django-environ read_env()', false, false],
		['go', 'func main() {\n\tgodotenv.Load()\n}\n', 2, 'a dotenv loader (Go, Ruby, PHP or Rust)', false, false],
	])('%s', (_name, text, line, call, walksUp, override) => {
		const language = /^(?:python|django)/.test(_name) ? 'python' : _name === 'go' ? 'go' : 'javascript';
		expect(sourceFacts(text, language).loads[0]).toMatchObject({line, call, walksUp, override});
	});

	it.each([
		['the default load_dotenv()', 'load_dotenv()\n'],
		['override=False', 'load_dotenv(override=False)\n'],
		['a commented-out call', '# load_dotenv(override=True)\nload_dotenv()\n'],
		['a commented-out node call', "// require('dotenv').config({override: true})\nrequire('dotenv').config()\n"],
	])('no override: %s', (_name, text) => {
		expect(sourceFacts(text, 'python').loads.some(load => load.override)).toBe(false);
	});

	it('tells loads into the environment from reads into a settings object or a dict', () => {
		const settingsOnly = (text: string) => sourceFacts(text, 'python').loads.map(load => [load.call, Boolean(load.settingsOnly)]);
		expect(settingsOnly('class Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env")\n')).toEqual([['pydantic-settings env_file', true]]);
		expect(settingsOnly('from decouple import config\nkey = config("OPENAI_API_KEY")\n')).toEqual([["python-decouple's config()", true]]);
		expect(settingsOnly('from dotenv import dotenv_values\nvalues = dotenv_values(".env")\n')).toEqual([['dotenv_values()', true]]);
		expect(settingsOnly('import os\nfrom dotenv import dotenv_values\nos.environ.update(dotenv_values(".env"))\n')).toEqual([['os.environ.update(dotenv_values(…))', false]]);
		expect(settingsOnly('import environ\nenviron.Env.read_env()\n')).toEqual([['django-environ read_env()', false]]);
		expect(settingsOnly('from dotenv import load_dotenv\nload_dotenv()\n')).toEqual([['load_dotenv()', false]]);
	});

	it('an override-looking call that loads nothing is no load', () => {
		expect(sourceFacts('settings.update(override=True)\n', 'python').loads).toEqual([]);
	});

	it('marks a top-level load and an import that runs first', () => {
		const python = sourceFacts('from openai import OpenAI\nclient = OpenAI()\nfrom dotenv import load_dotenv\nload_dotenv()\n', 'python');
		expect(python.loads[0]).toMatchObject({topLevel: true, hoisted: false, line: 4});
		expect(python.clients[0]).toMatchObject({topLevel: true, line: 2});
		const node = sourceFacts("import OpenAI from 'openai';\nconst client = new OpenAI();\nimport 'dotenv/config';\n", 'javascript');
		expect(node.loads[0]).toMatchObject({hoisted: true});
	});
});

describe('loadTarget: which files a .env loader call reads', () => {
	it.each([
		['', {}],
		['find_dotenv()', {}],
		['override=True, verbose=True', {}],
		['{override: true}', {}],
		['".env.local"', {files: ['.env.local']}],
		["{path: ['.env.local', '.env']}", {files: ['.env.local', '.env']}],
		['BASE_DIR / ".env.prod"', {files: ['.env.prod']}],
		['"../config/prod.env", override=True', {files: ['../config/prod.env']}],
		['dotenv_path', {dynamic: true}],
		['os.path.join(here, name)', {dynamic: true}],
	] as const)('%s', (args, expected) => {
		expect(loadTarget(args)).toEqual(expected);
	});

	it('a file-named call records its files and no longer walks up', () => {
		const [load] = sourceFacts('from dotenv import load_dotenv\nload_dotenv(".env.local")\n', 'python').loads;
		expect(load).toMatchObject({files: ['.env.local'], walksUp: false});
	});

	it('template text handed to the client as its key is kept (a named host aside)', () => {
		expect(sourceFacts('from openai import OpenAI\nclient = OpenAI(api_key="sk-your-key-here")\n', 'python').keyArguments).toEqual([{line: 2, value: 'sk-your-key-here', call: 'OpenAI(api_key=…)'}]);
		expect(sourceFacts('from openai import OpenAI\nclient = OpenAI(base_url="http://localhost:8000/v1", api_key="sk-your-key-here")\n', 'python').keyArguments).toEqual([]);
	});
});
