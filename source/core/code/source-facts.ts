import type {Language} from './file-kinds.js';
import {lineIndex, withoutCommentLines} from './line-index.js';

/** A place where the code reads an environment variable that holds (or feeds) the key. */
export type EnvRead = {
	name: string;
	line: number;
	/** The expression, key-free: `os.getenv("OPENAI_KEY")`, `process.env.OPENAI_KEY`. */
	how: string;
	/** The value goes straight into the client's api key (`api_key=…`, `apiKey: …`, `openai.api_key = …`). */
	forClient: boolean;
	/** A read that fails loudly when the variable is missing (`os.environ["X"]`) rather than giving none. */
	strict: boolean;
};

/** The client libraries the scan tells apart. */
export type ClientLibrary = 'openai-python' | 'openai-node' | 'langchain-python' | 'langchain-js';

/** A client constructed in the code. */
export type ClientUse = {
	line: number;
	library: ClientLibrary;
	/** The call, shortened: `OpenAI()`, `new AzureOpenAI({…})`. */
	call: string;
	/** The variable the client reads itself because the call passes no key. */
	implicitKey?: 'OPENAI_API_KEY' | 'AZURE_OPENAI_API_KEY';
	/** At the top level of the file (runs on import), not inside a function. */
	topLevel: boolean;
};

/** Which generation of the OpenAI client API a line is written for. */
export type ApiGeneration = 'python-v0' | 'python-v1' | 'node-v3' | 'node-v4';

/** One use of an API that belongs to one generation of the client. */
export type ApiUse = {line: number; form: string; generation: ApiGeneration};

/** A call that loads `.env` into the environment. */
export type DotenvLoad = {
	line: number;
	/** Key-free words: `load_dotenv()`, `dotenv's config()`. */
	call: string;
	/** python-dotenv's search climbs parent folders. */
	walksUp: boolean;
	/** The call lets `.env` win over the environment (`override=True`). */
	override: boolean;
	topLevel: boolean;
	/** An ES module import (`import 'dotenv/config'`): it runs before the importing module's own code. */
	hoisted: boolean;
	/** The files the call names (`.env.local`, `../.env`), as written; none named: the loader's default, `.env`. */
	files?: string[];
	/** The call is pointed at a path the scan cannot read (a variable, a template): it may load any file. */
	dynamic?: boolean;
	/** It hands `.env` to a container (docker compose): an app run on this machine does not get it that way. */
	container?: boolean;
	/**
	 * It reads `.env` into a settings object or a dict (pydantic-settings' env_file,
	 * python-decouple's config, dotenv_values()), never into the environment: a client that
	 * takes its key from the environment (`OpenAI()`) does not see it.
	 */
	settingsOnly?: boolean;
};

/** A string literal handed to the client as its key (`OpenAI(api_key="…")`, `openai.api_key = "…"`), with no other host named. */
export type KeyArgument = {
	line: number;
	/** The literal's text (a placeholder is what the callers keep; never shown, only its fingerprint). */
	value: string;
	/** Where it goes, key-free: `OpenAI(api_key=…)`. */
	call: string;
};

/** What one source file says about the key, `.env` and the client. */
export type SourceFacts = {
	reads: EnvRead[];
	clients: ClientUse[];
	/** String literals given to an OpenAI client as its key. */
	keyArguments: KeyArgument[];
	apiUses: ApiUse[];
	loads: DotenvLoad[];
	/** The first line that imports LangChain's OpenAI integration. */
	langchain?: number;
};

/** True for names that hold an OpenAI-style key: OPENAI_API_KEY, OPENAI_KEY, GPT_TOKEN… (not admin keys). */
export function isKeyName(name: string): boolean {
	return /OPEN_?AI|GPT|LLM/i.test(name) && /KEY|TOKEN|SECRET/i.test(name) && !/ADMIN|ORG|PROJECT|BASE|VERSION|TYPE|MODEL|URL|ENDPOINT/i.test(name);
}

const q = String.raw`\\?["'\x60]`;
/** `os.getenv("X")`, `os.environ["X"]`, `environ.get("X")`, `ENV.fetch("X")`, `Deno.env.get("X")`, `env::var("X")`… */
const callRead = new RegExp(
	String.raw`(\b(?:os\.)?(?:getenv|Getenv|LookupEnv)|\b(?:os\.)?environ(?:\.get)?|\bENV(?:\.fetch)?|\$_(?:ENV|SERVER)|\benv::var|\bDeno\.env\.get|\bSystem\.getenv|\bGetEnvironmentVariable|\bdecouple\.config|(?<![.\w])env(?:\.str)?)\s*[\[(]\s*${q}([A-Za-z_]\w*)${q}`,
	'g',
);
/** `process.env.X`, `process.env["X"]`, `import.meta.env.X`, `Bun.env.X`. */
const memberRead = /\b(process\.env|import\.meta\.env|Bun\.env)(?:\.([A-Za-z_]\w*)|\[\s*\\?["'`]([A-Za-z_]\w*)\\?["'`]\s*\])/g;
/** `const {OPENAI_API_KEY, …} = process.env`. */
const destructuredRead = /\{([^{}]{1,400})\}\s*=\s*(process\.env|import\.meta\.env|Bun\.env)\b/g;
/** Words before a read, on its line, that hand the value to a client as its key. */
/** An OpenAI client call (or the module key) opened before a position and not closed yet. */
const openAiCallOpen = /(?:\b(?:Async)?(?:Azure)?(?:Chat)?OpenAI(?:Embeddings)?\s*\(|\bnew\s+Configuration\s*\(|\bopenai\.api_key\s*=)[^()]*(?:\([^()]*\)[^()]*)*$/;
const keyArgument = /(?:\bapi_?key|\bapiKey|\bopenAIApiKey|\bopenai_api_key|\bopenai\.api_key|Bearer)\s*["']?\s*[=:]?\s*[^=:,;]{0,40}$/;

const pythonClient = /\b((?:Async)?(?:Azure)?OpenAI|(?:Azure)?ChatOpenAI|(?:Azure)?OpenAIEmbeddings)\s*\(/g;
const nodeClient = /\bnew\s+((?:Azure)?OpenAI|(?:Azure)?ChatOpenAI|OpenAIEmbeddings|Configuration)\s*\(/g;
const keyInCall = /\b(?:api_key|apiKey|openai_api_key|openAIApiKey|azure_ad_token(?:_provider)?|azureADTokenProvider|api-key)\b/;
/** A string literal as a client's key argument: `api_key="…"`, `apiKey: '…'`. */
const literalKeyArgument = /\b(api_key|apiKey|openai_api_key|openAIApiKey)\s*[=:]\s*\\?(["'`])([^"'`\n\\]{0,200})\\?\2/;
/** A call (or file) that names its own host: a local server or gateway takes any text as its key. */
const namesHost = /\b(?:base_url|baseURL|openai_api_base|api_base|basePath|azure_endpoint|endpoint|baseUrl)\b/;
/** The key given in a statement: `openai.api_key = "…"`, `os.environ["OPENAI_API_KEY"] = "…"`, `process.env.OPENAI_API_KEY = '…'`. */
const literalKeyStatement = /(\bopenai\.api_key|\bos\.environ\[\s*\\?["']OPENAI_API_KEY\\?["']\s*\]|\bprocess\.env(?:\.OPENAI_API_KEY|\[\s*\\?["']OPENAI_API_KEY\\?["']\s*\]))\s*=\s*\\?(["'`])([^"'`\n\\]{0,200})\\?\2/g;

const apiForms: ReadonlyArray<{pattern: RegExp; generation: ApiGeneration; form: string; language: Language}> = [
	{pattern: /\bopenai\.(ChatCompletion|Completion|Embedding|Image|Moderation|Edit|FineTune|Engine|Audio)\.(?:a?create|list|retrieve|transcribe|translate)\b/, generation: 'python-v0', form: 'openai.$1', language: 'python'},
	{pattern: /\bopenai\.error\.\w+|\bfrom\s+openai\.error\s+import\b/, generation: 'python-v0', form: 'openai.error', language: 'python'},
	{pattern: /\bfrom\s+openai\s+import\s+[^\n]*\b(?:Async)?(?:Azure)?OpenAI\b/, generation: 'python-v1', form: 'from openai import OpenAI', language: 'python'},
	{pattern: /\.chat\.completions\.(?:a?create|parse|stream)\b|\.responses\.create\b/, generation: 'python-v1', form: 'client.chat.completions.create', language: 'python'},
	{pattern: /\bnew\s+(?:Configuration|OpenAIApi)\s*\(|\bcreate(?:Chat)?Completion\s*\(/, generation: 'node-v3', form: 'new OpenAIApi(new Configuration(…))', language: 'javascript'},
	{pattern: /\bnew\s+(?:Azure)?OpenAI\s*\(|\.chat\.completions\.(?:create|parse|stream)\b|\.responses\.create\b/, generation: 'node-v4', form: 'new OpenAI()', language: 'javascript'},
];

/**
 * Calls that load a `.env` into the environment (the SDKs never read it themselves):
 * python-dotenv, django-environ, python-decouple, pydantic-settings' env_file; node's
 * dotenv (config, dotenv/config, configDotenv), dotenvx, process.loadEnvFile, NestJS
 * config; notebook magics; Go, Ruby, PHP and Rust loaders.
 */
const loadForms: ReadonlyArray<{pattern: RegExp; call: string; walksUp?: boolean; hoisted?: boolean; dynamic?: boolean; settingsOnly?: boolean}> = [
	{pattern: /\b(?:load_dotenv|find_dotenv)\s*\(/g, call: 'load_dotenv()', walksUp: true},
	{pattern: /\bdotenv_values\s*\(\s*\)/g, call: 'dotenv_values()', walksUp: true, settingsOnly: true},
	{pattern: /\bdotenv_values\s*\(/g, call: 'dotenv_values()', settingsOnly: true},
	{pattern: /\bload_dotenv\s*=\s*True\b/g, call: 'Dynaconf(load_dotenv=True)', dynamic: true},
	// django-environ reads the .env beside the calling file into os.environ; decouple searches up from it and keeps what it reads to itself.
	{pattern: /\bread_env\s*\(/g, call: 'django-environ read_env()', dynamic: true},
	{pattern: /\bfrom\s+decouple\s+import\b|\bimport\s+decouple\b/g, call: "python-decouple's config()", dynamic: true, settingsOnly: true},
	{pattern: /\benv_file\s*=/g, call: 'pydantic-settings env_file', settingsOnly: true},
	{pattern: /^\s*import\s+['"](?:dotenv\/config|@dotenvx\/dotenvx\/config)['"]/gm, call: "import 'dotenv/config'", hoisted: true},
	{pattern: /['"]dotenv\/config['"]|\bdotenv['"]?\)?\s*\.config\s*\(|\bconfigDotenv\s*\(|@dotenvx\/dotenvx|\bprocess\.loadEnvFile\s*\(|\bConfigModule\.forRoot\s*\(/g, call: "dotenv's config()"},
	{pattern: /\bimport\s*\{[^}]{0,200}?\bconfig\b[^}]{0,200}\}\s*from\s*['"]dotenv['"][^\n]*\n[\s\S]*?\bconfig\s*\(/g, call: "dotenv's config()"},
	{pattern: /%(?:load_ext\s+)?dotenv\b/g, call: 'the %dotenv notebook magic'},
	{pattern: /['"](?:jsr:)?@std\/dotenv\/load(?:\.ts)?['"]|deno\.land\/std[@\w./]*\/dotenv\/load\.ts/g, call: "Deno's std/dotenv/load"},
	{pattern: /\bgodotenv\.(?:Load|Overload)\s*\(|\bDotenv(?:::createImmutable|::createUnsafeImmutable|\.load)\b|require\s+['"]dotenv\/load['"]|\bdotenvy?::dotenv\s*\(/g, call: 'a dotenv loader (Go, Ruby, PHP or Rust)'},
];

/**
 * The forms that make `.env` win: python-dotenv's `load_dotenv(…, override=True)`,
 * `os.environ.update(dotenv_values(…))`, node's `dotenv.config({…, override: true})`.
 */
const overrideForms: ReadonlyArray<{pattern: RegExp; call: string}> = [
	{pattern: /\bload_dotenv\s*\((?:[^()]|\([^()]{0,200}\)){0,400}?\boverride\s*=\s*True\b/g, call: 'load_dotenv(override=True)'},
	{pattern: /\bos\.environ\.update\(\s*(?:dotenv\.)?dotenv_values\s*\(/g, call: 'os.environ.update(dotenv_values(…))'},
	{pattern: /\b(?:config|configDotenv)\s*\(\s*\{[^{}]{0,400}?\boverride\s*:\s*(?:true|!0)\b/g, call: "dotenv's config({override: true})"},
];

/** Findings of one kind kept from one file at most: enough to judge, never enough to make a hostile file slow. */
const maxPerFile = 50;

/** A quick test on the raw text: does it touch the environment, `.env` or OpenAI at all? */
const relevant = /env|Env|ENV|decouple|openai|OpenAI|api_key|apiKey|Configuration/;

/** Reads what one source file does with the key, `.env` and the OpenAI client. Comment lines are ignored. */
export function sourceFacts(text: string, language: Language | undefined): SourceFacts {
	const facts: SourceFacts = {reads: [], clients: [], keyArguments: [], apiUses: [], loads: []};
	if (!relevant.test(text)) return facts;
	const code = withoutCommentLines(text);
	const lineOf = lineIndex(code);
	// At most 200 characters before a position: a huge line must not make every read slow.
	const lineText = (position: number) => code.slice(Math.max(code.lastIndexOf('\n', position - 1) + 1, position - 200), position);
	const topLevel = (position: number) => !/^[ \t]/.test(code.slice(code.lastIndexOf('\n', position - 1) + 1));

	const addRead = (name: string, position: number, how: string, strict: boolean) => {
		if (facts.reads.length >= maxPerFile) return;
		// A value handed over as an api key counts when it goes to an OpenAI client (or holds an OpenAI-style name):
		// Anthropic(api_key=os.getenv("ANTHROPIC_API_KEY")) is another provider's business.
		const forClient = keyArgument.test(lineText(position)) && (isKeyName(name) || openAiCallOpen.test(code.slice(Math.max(0, position - 400), position)));
		if (!forClient && !isKeyName(name)) return;
		facts.reads.push({name, line: lineOf(position), how, forClient, strict});
	};

	for (const match of code.matchAll(callRead)) {
		const fn = match[1]!;
		const subscript = match[0].includes('[');
		// os.environ["X"] raises KeyError, ENV.fetch raises, env::var returns an error: never a silent None.
		const strict = (subscript && /environ$/.test(fn)) || /ENV\.fetch|env::var/.test(fn);
		addRead(match[2]!, match.index, `${fn}${subscript ? `["${match[2]}"]` : `("${match[2]}")`}`, strict);
	}

	for (const match of code.matchAll(memberRead)) addRead((match[2] ?? match[3])!, match.index, `${match[1]}.${match[2] ?? match[3]}`, false);
	for (const match of code.matchAll(destructuredRead)) {
		for (const part of match[1]!.split(',')) {
			const name = /^\s*([A-Za-z_]\w*)/.exec(part)?.[1];
			if (name) addRead(name, match.index, `{${name}} = ${match[2]}`, false);
		}
	}

	const langchain = /\bfrom\s+langchain(?:_openai|_community|\.\w+)*\s+import\b|\bimport\s+langchain|['"]@?langchain\/(?:openai|community)['"]|['"]langchain\//.exec(code);
	if (langchain) facts.langchain = lineOf(langchain.index);
	if (language === 'python' || language === 'javascript') {
		const pattern = language === 'python' ? pythonClient : nodeClient;
		for (const match of code.matchAll(pattern)) {
			if (facts.clients.length >= maxPerFile) break;
			const name = match[1]!;
			if (language === 'python' && /^(?:Async)?(?:Azure)?OpenAI$/.test(name) && !/\bopenai\b/.test(code)) continue;
			if (name === 'Configuration' && !/\bOpenAIApi\b/.test(code)) continue;
			const args = callArguments(code, match.index + match[0].length);
			const isLangchain = /ChatOpenAI|Embeddings/.test(name) || (langchain !== null && !/\bfrom\s+openai\s+import|['"]openai['"]/.test(code));
			const library: ClientLibrary = language === 'python' ? (isLangchain ? 'langchain-python' : 'openai-python') : isLangchain ? 'langchain-js' : 'openai-node';
			const client: ClientUse = {line: lineOf(match.index), library, call: `${language === 'javascript' ? 'new ' : ''}${name}(${args.trim() ? '…' : ''})`, topLevel: topLevel(match.index)};
			if (!keyInCall.test(args) && name !== 'Configuration') client.implicitKey = /Azure/.test(name) ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
			facts.clients.push(client);
			const literal = literalKeyArgument.exec(args);
			if (literal && !/Azure/.test(name) && !namesHost.test(args)) facts.keyArguments.push({line: client.line, value: literal[3]!, call: `${client.call.replace(/\(.*\)$/, '')}(${literal[1]}=…)`});
		}

		// The module's key, set in code: unless the file points the module at another host too.
		if (!/\bopenai\.(?:api_base|base_url)\s*=|\bOPENAI_(?:BASE_URL|API_BASE)\b/.test(code)) {
			for (const match of code.matchAll(literalKeyStatement)) {
				if (facts.keyArguments.length >= maxPerFile) break;
				facts.keyArguments.push({line: lineOf(match.index), value: match[3]!, call: `${match[1]!.replace(/\\/g, '')} = …`});
			}
		}

		for (const {pattern, generation, form, language: only} of apiForms) {
			if (only !== language) continue;
			const match = pattern.exec(code);
			if (match) facts.apiUses.push({line: lineOf(match.index), form: form.replace('$1', match[1] ?? ''), generation});
		}

		// openai < 1 reads OPENAI_API_KEY when imported: a module-level call uses it unless the code sets openai.api_key.
		if (facts.apiUses.some(use => use.generation === 'python-v0') && !/\bopenai\.api_key\s*=/.test(code)) {
			const use = facts.apiUses.find(item => item.generation === 'python-v0')!;
			facts.clients.push({line: use.line, library: 'openai-python', call: use.form, implicitKey: 'OPENAI_API_KEY', topLevel: false});
		}
	}

	for (const {pattern, call, walksUp, hoisted, dynamic, settingsOnly} of loadForms) {
		for (const match of code.matchAll(pattern)) {
			if (facts.loads.length >= maxPerFile) break;
			const line = lineOf(match.index);
			if (facts.loads.some(load => load.line === line)) continue;
			const end = match.index + match[0].length;
			// What the call is pointed at: its arguments, or the rest of the line after `env_file =`.
			const args = match[0].endsWith('(') ? callArguments(code, end) : match[0].endsWith('=') ? code.slice(end, end + 200).split('\n')[0]! : '';
			const target = dynamic ? {dynamic: true} : loadTarget(args);
			facts.loads.push({
				line,
				call,
				walksUp: (walksUp ?? false) && target.files === undefined && !target.dynamic,
				override: false,
				topLevel: topLevel(match.index),
				hoisted: (hoisted ?? false) || (language === 'javascript' && /^\s*import\b/.test(lineText(match.index))),
				...target,
				...(settingsOnly ? {settingsOnly: true} : {}),
			});
		}
	}

	for (const {pattern, call} of overrideForms) {
		for (const match of code.matchAll(pattern)) {
			if (facts.loads.length >= maxPerFile) break;
			const line = lineOf(match.index);
			const load = facts.loads.find(item => item.line === line);
			// os.environ.update(dotenv_values(…)) puts the dict into the environment after all.
			if (load) {
				Object.assign(load, {override: true, call});
				delete load.settingsOnly;
			}
			else facts.loads.push({line, call, walksUp: call.startsWith('load_dotenv'), override: true, topLevel: topLevel(match.index), hoisted: false});
		}
	}

	facts.loads.sort((a, b) => a.line - b.line);
	return facts;
}

/** A string literal in code (quotes escaped in a notebook's JSON too). */
const stringLiteral = /\\?["'`]([^"'`\n]{1,200}?)\\?["'`]/g;
/** A file name a `.env` loader reads: `.env`, `.env.local`, `config/.env.prod`, `prod.env`. */
const envFileName = /(?:^|[\\/])(\.env(?:\.[\w-]+)*|[\w-]+\.env)$/;
/** Arguments that change how a loader reads, not which file: python-dotenv's, node dotenv's, pydantic's. */
const readingOptions =
	/\b(?:override|verbose|encoding|interpolate|usecwd|raise_error_if_not_found|debug|quiet|processEnv|DOTENV_KEY|env_file_encoding|extra|case_sensitive)\s*[=:]\s*(?:\{[^{}]*\}|[^,)}\n]*)/g;

/**
 * Which files a `.env` loader call reads, from its arguments: the file names it is given
 * (`load_dotenv(".env.local")`, `config({path: ['.env.local', '.env']})`,
 * `env_file=(".env", ".env.prod")`), nothing for the loader's default `.env`
 * (`load_dotenv()`, `load_dotenv(find_dotenv())`, `config({override: true})`), or
 * `dynamic` when it is given a path the scan cannot read (a variable, a template).
 */
export function loadTarget(args: string): {files?: string[]; dynamic?: boolean} {
	const files: string[] = [];
	for (const match of args.matchAll(stringLiteral)) {
		const name = envFileName.exec(match[1]!.trim())?.[1];
		if (name) files.push(match[1]!.trim());
	}

	if (files.length > 0) return {files: [...new Set(files)]};
	const rest = args
		.replace(readingOptions, '')
		.replace(/\b\w+\s*[=:]\s*(?:true|false|True|False|None|null|!0|!1)\b/g, '')
		.replace(/\b(?:dotenv\.)?find_dotenv\s*\(\s*\)/g, '')
		.replace(/[\s,(){}[\]]/g, '');
	return rest === '' ? {} : {dynamic: true};
}

/** The file name part of a path a loader is given: `.env.local` from `../config/.env.local`. */
export function envFileBase(file: string): string {
	return file.split(/[\\/]/).pop() ?? file;
}

/** The text of a call's arguments up to its closing parenthesis (at most 2000 characters). */
function callArguments(code: string, start: number): string {
	let depth = 1;
	const end = Math.min(code.length, start + 2000);
	for (let index = start; index < end; index++) {
		const char = code[index];
		if (char === '(') depth++;
		else if (char === ')' && --depth === 0) return code.slice(start, index);
	}

	return code.slice(start, end);
}
