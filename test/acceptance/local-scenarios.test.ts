/**
 * Realistic local setups through the BUILT CLI (`npm run build` first): real `.env`
 * files and shell startup files in a temporary HOME, a real login shell, a controlled
 * environment. Every cause of the key's value and of where it comes from must be named
 * where it applies and nowhere else; healthy setups give no cause (exit 3 without
 * network); no output ever holds a key or a slice of one.
 */
import path from 'node:path';
import {rm} from 'node:fs/promises';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {
	makeAdminKey,
	makeAnthropicKey,
	makeDeepSeekKey,
	makeEarlyProjectKey,
	makeGoogleKey,
	makeGroqKey,
	makeJwt,
	makeKeyId,
	makeNoProjectKey,
	makeOpenRouterKey,
	makePerplexityKey,
	makeProjectKey,
	makeServiceAccountKey,
	makeUserKey,
	makeXaiKey,
} from '../helpers/fake-keys.js';
import {bashrcHead, buildScenario, crlf, debianProfile, findLeak, removeScenario, runScenario, snapshotCli, type BuiltScenario, type ExpectedKey, type Scenario} from './scenario.js';

const A = makeProjectKey(7001);
const B = makeProjectKey(7002);
const C = makeProjectKey(7003);
const USER = makeUserKey(7004);
const SVC = makeServiceAccountKey(7005);
const NONE = makeNoProjectKey(7006);
const ADMIN = makeAdminKey(7007);
const EARLY = makeEarlyProjectKey(7008);
const ANTHROPIC = makeAnthropicKey(7009);
const OPENROUTER = makeOpenRouterKey(7010);
const GROQ = makeGroqKey(7011);
const GOOGLE = makeGoogleKey(7012);
const XAI = makeXaiKey(7013);
const PERPLEXITY = makePerplexityKey(7014);
const DEEPSEEK = makeDeepSeekKey(7015);
const KEY_ID = makeKeyId(7016);
const CHATGPT_JWT = makeJwt('https://auth.openai.com', 7017);
const CODEX_JWT = makeJwt('https://auth.openai.com/', 7018);

const pythonApp = {
	'main.py': 'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\nprint(client.models.list())\n',
	'requirements.txt': 'openai==1.54.3\npython-dotenv==1.0.1\n',
	'.gitignore': '.env\n.venv/\n__pycache__/\n',
};
const nodeApp = {
	'package.json': JSON.stringify({name: 'app', type: 'module', dependencies: {dotenv: '^16.4.5', openai: '^4.73.0'}}, null, 2),
	'index.js': "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n",
	'.gitignore': 'node_modules/\n.env\n',
};
const nextApp = {
	'package.json': JSON.stringify({name: 'web', dependencies: {next: '15.0.3', react: '19.0.0', openai: '^4.73.0'}}, null, 2),
	'app/api/chat/route.ts': "import OpenAI from 'openai';\nconst client = new OpenAI();\n",
	'.gitignore': '.env*.local\n.env\n',
};
const otherSettings = 'DATABASE_URL=postgres://app:app@localhost:5432/app\nDEBUG=true\nPORT=8000\n';
const stockBashrc = {'.bashrc': bashrcHead, '.profile': debianProfile};

/** `{kind, sources}` for the expected `keys[]`. */
function key(kind: string, sources: string[], provider?: string): ExpectedKey {
	return {kind, sources, ...(provider ? {provider} : {})};
}

const causeScenarios: Scenario[] = [
	// key-missing
	{
		name: 'key-missing: a fresh machine, a python app and no key anywhere',
		project: pythonApp,
		home: stockBashrc,
		secrets: [],
		expect: {causes: ['key-missing'], keys: []},
	},
	{
		name: 'key-missing: only .env.example holds the line (never loaded), no .env',
		project: {...nodeApp, '.env.example': 'OPENAI_API_KEY=your-api-key-here\nPORT=3000\n'},
		home: stockBashrc,
		secrets: [],
		expect: {causes: ['key-missing'], keys: []},
	},
	{
		name: 'key-missing: zsh user, .env with other settings only',
		shell: 'zsh',
		project: {'.env': otherSettings},
		home: {'.zshrc': 'export PATH="$HOME/bin:$PATH"\nalias gs="git status"\n'},
		secrets: [],
		expect: {causes: ['key-missing'], keys: []},
	},
	{
		name: 'var-misnamed (medium): a Vite app keeps the key in VITE_OPENAI_API_KEY, which only browser code gets',
		project: {'package.json': JSON.stringify({name: 'web', dependencies: {vite: '^5.4.0', openai: '^4.73.0'}}, null, 2), '.env': `VITE_OPENAI_API_KEY=${A}\n`, 'src/main.ts': "import OpenAI from 'openai';\nconst client = new OpenAI({apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true});\n"},
		home: stockBashrc,
		secrets: [A],
		expect: {causes: ['var-misnamed'], keys: [key('project', ['file:.env:1'])]},
	},
	// key-empty
	{
		name: 'key-empty: CI job whose secret is not mapped (OPENAI_API_KEY="")',
		env: {OPENAI_API_KEY: '', CI: 'true', GITHUB_ACTIONS: 'true'},
		project: pythonApp,
		secrets: [],
		expect: {causes: ['key-empty'], allow: ['ci-secret-unavailable'], keys: []},
	},
	{
		name: 'key-empty: an empty OPENAI_API_KEY in the environment hides the real key in .env',
		env: {OPENAI_API_KEY: ''},
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: ['key-empty', 'stale-env-shadows-dotenv'], top: 'key-empty', keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'key-empty: .env has "OPENAI_API_KEY=" with nothing after it',
		project: {...nodeApp, '.env': `# OpenAI\nOPENAI_API_KEY=\n${otherSettings}`},
		secrets: [],
		expect: {causes: ['key-empty'], keys: []},
	},
	{
		name: 'key-empty: only spaces in the environment',
		env: {OPENAI_API_KEY: '   '},
		secrets: [],
		expect: {causes: ['key-empty'], keys: []},
	},
	// key-placeholder
	{
		name: 'key-placeholder: sk-... copied from the docs into the environment',
		env: {OPENAI_API_KEY: 'sk-...'},
		secrets: [],
		expect: {causes: ['key-placeholder'], keys: [key('placeholder', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-placeholder: .env copied from .env.example keeps your-api-key-here',
		project: {...pythonApp, '.env.example': 'OPENAI_API_KEY=your-api-key-here\n', '.env': 'OPENAI_API_KEY=your-api-key-here\n'},
		secrets: [],
		expect: {causes: ['key-placeholder'], keys: [key('placeholder', ['file:.env:1'])]},
	},
	{
		name: 'key-placeholder: .env holds <YOUR_OPENAI_KEY>',
		project: {...nodeApp, '.env': `${otherSettings}OPENAI_API_KEY=<YOUR_OPENAI_KEY>\n`},
		secrets: [],
		expect: {causes: ['key-placeholder'], keys: [key('placeholder', ['file:.env:4'])]},
	},
	{
		name: 'key-placeholder: ~/.bashrc exports sk-xxxxxxxx and the terminal has it',
		env: {OPENAI_API_KEY: 'sk-xxxxxxxx'},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY="sk-xxxxxxxx"\n`, '.profile': debianProfile},
		secrets: [],
		expect: {causes: ['key-placeholder'], keys: [key('placeholder', ['env:OPENAI_API_KEY', 'profile:~/.bashrc:10', 'login-shell:bash'])]},
	},
	{
		name: 'key-placeholder: YOUR_API_KEY in the environment hides the real key in .env',
		env: {OPENAI_API_KEY: 'YOUR_API_KEY'},
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: ['key-placeholder', 'stale-env-shadows-dotenv'], keys: [key('placeholder', ['env:OPENAI_API_KEY']), key('project', ['file:.env:1'])]},
	},
	// key-whitespace
	{
		name: 'key-whitespace: a trailing newline from `echo $KEY | base64` / `base64 -d`',
		env: {OPENAI_API_KEY: `${A}\n`},
		secrets: [A],
		expect: {causes: ['key-whitespace'], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-whitespace: a CRLF .env loaded with `export $(cat .env | xargs)` leaves \\r on the key',
		env: {OPENAI_API_KEY: `${A}\r`},
		project: {...pythonApp, '.env': crlf(`OPENAI_API_KEY=${A}\nDEBUG=true\n`)},
		secrets: [A],
		expect: {causes: ['key-whitespace'], keys: [key('project', ['env:OPENAI_API_KEY']), key('project', ['file:.env:1'])]},
	},
	{
		name: 'key-whitespace: a space kept inside the quotes in .env',
		project: {...nodeApp, '.env': `OPENAI_API_KEY="${A} "\n`},
		secrets: [A],
		expect: {causes: ['key-whitespace'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'key-whitespace: a leading space pasted into the IDE run configuration',
		env: {OPENAI_API_KEY: ` ${USER}`},
		secrets: [USER],
		expect: {causes: ['key-whitespace'], keys: [key('user', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-whitespace: ~/.bashrc saved with CRLF on WSL, the terminal has the key with \\r',
		env: {OPENAI_API_KEY: `${A}\r`},
		home: {'.bashrc': crlf(`export PATH="$HOME/bin:$PATH"\nexport OPENAI_API_KEY=${A}\n`), '.profile': debianProfile},
		secrets: [A],
		expect: {causes: ['key-whitespace']},
	},
	// key-quoted
	{
		name: 'key-quoted: compose-style double quotes inside single quotes in .env',
		project: {...pythonApp, '.env': `OPENAI_API_KEY='"${A}"'\n`},
		secrets: [A],
		expect: {causes: ['key-quoted'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'key-quoted: nested quotes in ~/.bashrc keep single quotes in the value',
		env: {OPENAI_API_KEY: `'${A}'`},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY="'${A}'"\n`, '.profile': debianProfile},
		secrets: [A],
		expect: {causes: ['key-quoted'], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.bashrc:10', 'login-shell:bash'])]},
	},
	{
		name: 'key-quoted: an IDE run configuration stored the quotes',
		env: {OPENAI_API_KEY: `"${SVC}"`},
		secrets: [SVC],
		expect: {causes: ['key-quoted'], keys: [key('service-account', ['env:OPENAI_API_KEY'])]},
	},
	// key-bearer-prefix
	{
		name: 'key-bearer-prefix: "Bearer sk-proj-…" copied from a curl header',
		env: {OPENAI_API_KEY: `Bearer ${A}`},
		secrets: [A],
		expect: {causes: ['key-bearer-prefix'], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-bearer-prefix: .env holds "Bearer …" in quotes',
		project: {...nodeApp, '.env': `OPENAI_API_KEY="Bearer ${B}"\n`},
		secrets: [B],
		expect: {causes: ['key-bearer-prefix'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'key-bearer-prefix: lower-case "bearer " before a legacy key',
		env: {OPENAI_API_KEY: `bearer ${USER}`},
		secrets: [USER],
		expect: {causes: ['key-bearer-prefix'], keys: [key('user', ['env:OPENAI_API_KEY'])]},
	},
	// key-invisible-chars
	{
		name: 'key-invisible-chars: a zero-width space inside the key (copied from a chat)',
		env: {OPENAI_API_KEY: `${A.slice(0, 40)}\u200b${A.slice(40)}`},
		secrets: [A],
		expect: {causes: ['key-invisible-chars'], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-invisible-chars: a non-breaking space at the end (copied from a web page)',
		env: {OPENAI_API_KEY: `${B}\u00a0`},
		secrets: [B],
		expect: {causes: ['key-invisible-chars'], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-invisible-chars: smart quotes typed by a notes app into .env',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=\u201c${A}\u201d\n`},
		secrets: [A],
		expect: {causes: ['key-invisible-chars'], keys: [key('project', ['file:.env:1'])]},
	},
	// key-malformed
	{
		name: 'key-malformed: the key id (key_…) instead of the secret',
		env: {OPENAI_API_KEY: KEY_ID},
		secrets: [],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-malformed: the organization id (org-…) in .env',
		project: {...pythonApp, '.env': 'OPENAI_API_KEY=org-Xk3bQ9tLm2VnR8sYp4HcJw7e\n'},
		secrets: [],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['file:.env:1'])]},
	},
	{
		name: 'key-malformed: the base URL pasted as the key',
		env: {OPENAI_API_KEY: 'https://api.openai.com/v1'},
		secrets: [],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-malformed: the whole line pasted as the value (OPENAI_API_KEY=OPENAI_API_KEY=sk-…)',
		project: {...nodeApp, '.env': `OPENAI_API_KEY=OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['file:.env:1'])]},
	},
	{
		name: 'key-malformed: a key cut short before its marker',
		env: {OPENAI_API_KEY: A.slice(0, 60)},
		secrets: [A],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-malformed: a key cut short after its marker (the last characters lost)',
		env: {OPENAI_API_KEY: A.slice(0, 120)},
		secrets: [A],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-malformed: the dashboard shortened form sk-proj-abc...wxyz',
		env: {OPENAI_API_KEY: `sk-proj-${A.slice(8, 11)}...${A.slice(-4)}`},
		secrets: [],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-malformed: a project id (proj_…) in the environment',
		env: {OPENAI_API_KEY: 'proj_Hq2Lw8RtYv4NmK9sXc3BdF6g'},
		secrets: [],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['env:OPENAI_API_KEY'])]},
	},
	// key-other-provider
	{
		name: 'key-other-provider: an Anthropic key in OPENAI_API_KEY',
		env: {OPENAI_API_KEY: ANTHROPIC},
		secrets: [ANTHROPIC],
		expect: {causes: ['key-other-provider'], keys: [key('other-provider', ['env:OPENAI_API_KEY'], 'anthropic')]},
	},
	{
		name: 'key-other-provider: an OpenRouter key in .env without the OpenRouter base URL',
		project: {...nodeApp, '.env': `OPENAI_API_KEY=${OPENROUTER}\n`},
		secrets: [OPENROUTER],
		expect: {causes: ['key-other-provider'], keys: [key('other-provider', ['file:.env:1'], 'openrouter')]},
	},
	{
		name: 'key-other-provider: a Groq key',
		env: {OPENAI_API_KEY: GROQ},
		secrets: [GROQ],
		expect: {causes: ['key-other-provider'], keys: [key('other-provider', ['env:OPENAI_API_KEY'], 'groq')]},
	},
	{
		name: 'key-other-provider: a Google (Gemini) key exported by ~/.zshrc',
		shell: 'zsh',
		env: {OPENAI_API_KEY: GOOGLE},
		home: {'.zshrc': `export OPENAI_API_KEY=${GOOGLE}\n`},
		secrets: [GOOGLE],
		expect: {causes: ['key-other-provider'], keys: [key('other-provider', ['env:OPENAI_API_KEY', 'profile:~/.zshrc:1', 'login-shell:zsh'], 'google')]},
	},
	{
		name: 'key-other-provider: an xAI key',
		env: {OPENAI_API_KEY: XAI},
		secrets: [XAI],
		expect: {causes: ['key-other-provider'], keys: [key('other-provider', ['env:OPENAI_API_KEY'], 'xai')]},
	},
	{
		name: 'key-other-provider: a Perplexity key in .env',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${PERPLEXITY}\n`},
		secrets: [PERPLEXITY],
		expect: {causes: ['key-other-provider'], keys: [key('other-provider', ['file:.env:1'], 'perplexity')]},
	},
	{
		name: 'key-other-provider: a DeepSeek key (sk- + 32, no OpenAI marker)',
		env: {OPENAI_API_KEY: DEEPSEEK},
		secrets: [DEEPSEEK],
		expect: {causes: ['key-other-provider'], keys: [key('other-provider', ['env:OPENAI_API_KEY'], 'deepseek')]},
	},
	// key-jwt
	{
		name: 'key-jwt: a ChatGPT session JWT in the environment',
		env: {OPENAI_API_KEY: CHATGPT_JWT},
		secrets: [CHATGPT_JWT],
		expect: {causes: ['key-jwt'], keys: [key('malformed', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-jwt: a Codex OAuth access token copied into .env',
		project: {...nodeApp, '.env': `OPENAI_API_KEY=${CODEX_JWT}\n`},
		secrets: [CODEX_JWT],
		expect: {causes: ['key-jwt'], keys: [key('malformed', ['file:.env:1'])]},
	},
	// key-admin
	{
		name: 'key-admin: an admin key in OPENAI_API_KEY',
		env: {OPENAI_API_KEY: ADMIN},
		secrets: [ADMIN],
		expect: {causes: ['key-admin'], keys: [key('admin', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-admin: an admin key in .env',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${ADMIN}\n`},
		secrets: [ADMIN],
		expect: {causes: ['key-admin'], keys: [key('admin', ['file:.env:1'])]},
	},
	// var-misnamed
	{
		name: 'var-misnamed: OPENAI_KEY in the environment, OPENAI_API_KEY unset',
		env: {OPENAI_KEY: A},
		secrets: [A],
		expect: {causes: ['var-misnamed'], keys: [key('project', ['env:OPENAI_KEY'])]},
	},
	{
		name: 'var-misnamed: OPENAI_API_TOKEN in .env',
		project: {...pythonApp, '.env': `OPENAI_API_TOKEN=${A}\n`},
		secrets: [A],
		expect: {causes: ['var-misnamed'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'var-misnamed: OPEN_AI_API_KEY exported by ~/.zshrc and present in the terminal',
		shell: 'zsh',
		env: {OPEN_AI_API_KEY: B},
		home: {'.zshrc': `export OPEN_AI_API_KEY="${B}"\n`},
		secrets: [B],
		expect: {causes: ['var-misnamed']},
	},
	{
		name: 'var-misnamed: lower-case openai_api_key in .env',
		project: {...nodeApp, '.env': `openai_api_key=${USER}\n`},
		secrets: [USER],
		expect: {causes: ['var-misnamed'], keys: [key('user', ['file:.env:1'])]},
	},
	{
		name: 'var-misnamed: a typo (OPENAI_API_KEYS) in the environment',
		env: {OPENAI_API_KEYS: C},
		secrets: [C],
		expect: {causes: ['var-misnamed'], keys: [key('project', ['env:OPENAI_API_KEYS'])]},
	},
	// stale-env-shadows-dotenv
	{
		name: 'stale-env-shadows-dotenv: an old key in the environment, the new one in a node project .env',
		env: {OPENAI_API_KEY: A},
		project: {...nodeApp, '.env': `OPENAI_API_KEY=${B}\n`},
		secrets: [A, B],
		expect: {causes: ['stale-env-shadows-dotenv'], keys: [key('project', ['env:OPENAI_API_KEY']), key('project', ['file:.env:1'])]},
	},
	{
		name: 'stale-env-shadows-dotenv: ~/.bashrc exports the old key, a python project .env has the new one',
		env: {OPENAI_API_KEY: A},
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${B}\n`},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY=${A}\n`, '.profile': debianProfile},
		secrets: [A, B],
		expect: {
			causes: ['stale-env-shadows-dotenv'],
			keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.bashrc:10', 'login-shell:bash']), key('project', ['file:.env:1'])],
		},
	},
	{
		name: 'stale-env-shadows-dotenv: Next.js with the new key in .env.local, an old one in the environment',
		env: {OPENAI_API_KEY: USER},
		project: {...nextApp, '.env.local': `OPENAI_API_KEY=${C}\n`},
		secrets: [USER, C],
		expect: {causes: ['stale-env-shadows-dotenv'], keys: [key('user', ['env:OPENAI_API_KEY']), key('project', ['file:.env.local:1'])]},
	},
	// dotenv-syntax
	{
		name: 'dotenv-syntax: spaces around "=" in .env',
		project: {...pythonApp, '.env': `OPENAI_API_KEY = ${A}\n`},
		secrets: [A],
		expect: {causes: ['dotenv-syntax'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'dotenv-syntax: an unclosed quote keeps the quote in the value',
		project: {...nodeApp, '.env': `OPENAI_API_KEY="${A}\nPORT=3000\n`},
		secrets: [A],
		expect: {causes: ['dotenv-syntax'], allow: ['key-quoted'], top: 'dotenv-syntax'},
	},
	{
		name: 'dotenv-syntax: two definitions with different keys in one .env',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\n${otherSettings}OPENAI_API_KEY=${B}\n`},
		secrets: [A, B],
		expect: {causes: ['dotenv-syntax'], keys: [key('project', ['file:.env:1']), key('project', ['file:.env:5'])]},
	},
	{
		name: 'dotenv-syntax: export in a .env the Makefile passes to docker run --env-file',
		project: {'.env': `export OPENAI_API_KEY=${A}\n`, Makefile: 'run:\n\tdocker run --rm --env-file .env app:latest\n', Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n'},
		secrets: [A],
		expect: {causes: ['dotenv-syntax'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'dotenv-syntax: a YAML habit, "OPENAI_API_KEY: sk-…"',
		project: {...pythonApp, '.env': `OPENAI_API_KEY: ${A}\n`},
		secrets: [A],
		expect: {causes: ['dotenv-syntax']},
	},
	// profile-not-loaded
	{
		name: 'profile-not-loaded: ~/.bashrc got the export after this terminal opened',
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY="${A}"\n`, '.profile': debianProfile},
		project: pythonApp,
		secrets: [A],
		expect: {causes: ['profile-not-loaded'], keys: [key('project', ['profile:~/.bashrc:10', 'login-shell:bash'])]},
	},
	{
		name: 'profile-not-loaded: ~/.zshrc got the export after this terminal opened',
		shell: 'zsh',
		home: {'.zshrc': `export PATH="$HOME/.local/bin:$PATH"\nexport OPENAI_API_KEY=${B}\n`},
		secrets: [B],
		expect: {causes: ['profile-not-loaded'], keys: [key('project', ['profile:~/.zshrc:2', 'login-shell:zsh'])]},
	},
	{
		name: 'profile-not-loaded: a zsh user put the export in ~/.bashrc, which zsh never reads',
		shell: 'zsh',
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY=${C}\n`, '.zshrc': 'autoload -Uz compinit && compinit\n'},
		secrets: [C],
		expect: {causes: ['profile-not-loaded'], keys: [key('project', ['profile:~/.bashrc:10'])]},
	},
	// profile-not-loaded, and the value a new terminal would hand the app (red-team local #1, #2, #6)
	{
		name: 'profile-not-loaded + key-admin: only ~/.zshrc exports an admin key, this terminal has none',
		shell: 'zsh',
		home: {'.zshrc': `export OPENAI_API_KEY=${ADMIN}\n`},
		secrets: [ADMIN],
		expect: {causes: ['profile-not-loaded', 'key-admin'], keys: [key('admin', ['profile:~/.zshrc:1', 'login-shell:zsh'])]},
	},
	{
		name: 'profile-not-loaded + key-jwt: ~/.zshrc exports a ChatGPT login token',
		shell: 'zsh',
		home: {'.zshrc': `export OPENAI_API_KEY=${CHATGPT_JWT}\n`},
		secrets: [CHATGPT_JWT],
		expect: {causes: ['profile-not-loaded', 'key-jwt'], keys: [key('malformed', ['profile:~/.zshrc:1', 'login-shell:zsh'])]},
	},
	{
		name: 'profile-not-loaded + key-whitespace: a CRLF ~/.bash_profile gives one key with its \\r, not two keys',
		home: {'.bash_profile': crlf(`export PATH="$HOME/bin:$PATH"\nexport OPENAI_API_KEY=${A}\n`)},
		secrets: [A],
		expect: {causes: ['profile-not-loaded', 'key-whitespace'], keys: [key('project', ['profile:~/.bash_profile:2', 'login-shell:bash'])]},
	},
	{
		name: 'profile-not-loaded + key-quoted: escaped quotes in ~/.bash_profile stay in the value',
		home: {'.bash_profile': `export OPENAI_API_KEY=\\"${B}\\"\n`},
		secrets: [B],
		expect: {causes: ['profile-not-loaded', 'key-quoted'], keys: [key('project', ['profile:~/.bash_profile:1', 'login-shell:bash'])]},
	},
	{
		name: 'profile-not-loaded: an alias named printenv in ~/.bashrc does not fool the login shell (no profile-missing-export)',
		home: {'.bashrc': `export OPENAI_API_KEY=${C}\nalias printenv="printenv | grep -v SECRET"\n`, '.bash_profile': 'shopt -s expand_aliases\n. ~/.bashrc\n'},
		secrets: [C],
		expect: {causes: ['profile-not-loaded'], keys: [key('project', ['profile:~/.bashrc:1', 'login-shell:bash'])]},
	},
	// stale-env-shadows-dotenv that every new terminal would bring (red-team local #3)
	{
		name: 'stale-env-shadows-dotenv: after unset, .env has the key but ~/.zshrc still exports an old one',
		shell: 'zsh',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\n`},
		home: {'.zshrc': `export OPENAI_API_KEY=${B}\n`},
		secrets: [A, B],
		expect: {causes: ['stale-env-shadows-dotenv'], keys: [key('project', ['file:.env:1']), key('project', ['profile:~/.zshrc:1', 'login-shell:zsh'])]},
	},
	// profile-conflict through a folder sourced in a loop (red-team local #5)
	{
		name: 'profile-conflict: ~/.bashrc exports one key, then a Fedora-style loop sources ~/.bashrc.d with another',
		env: {OPENAI_API_KEY: C},
		home: {
			'.bash_profile': '. ~/.bashrc\n',
			'.bashrc': `export OPENAI_API_KEY=${B}\nif [ -d ~/.bashrc.d ]; then\n\tfor rc in ~/.bashrc.d/*; do\n\t\tif [ -f "$rc" ]; then\n\t\t\t. "$rc"\n\t\tfi\n\tdone\nfi\nunset rc\n`,
			'.bashrc.d/openai.sh': `export OPENAI_API_KEY=${C}\n`,
		},
		secrets: [B, C],
		expect: {causes: ['profile-conflict'], keys: [key('project', ['profile:~/.bashrc:1']), key('project', ['env:OPENAI_API_KEY', 'profile:~/.bashrc.d/openai.sh:1', 'login-shell:bash'])]},
	},
	// low (red-team local #8)
	{
		name: 'key-bearer-prefix: the whole "Authorization: Bearer …" header pasted as the value',
		env: {OPENAI_API_KEY: `Authorization: Bearer ${A}`},
		secrets: [A],
		expect: {causes: ['key-bearer-prefix'], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'key-whitespace: a space inside the key',
		env: {OPENAI_API_KEY: `${B.slice(0, 40)} ${B.slice(40)}`},
		secrets: [B],
		expect: {causes: ['key-whitespace'], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	// profile-missing-export
	{
		name: 'profile-missing-export: ~/.bashrc assigns the key without export',
		home: {'.bashrc': `${bashrcHead}OPENAI_API_KEY=${A}\n`, '.profile': debianProfile},
		secrets: [A],
		expect: {causes: ['profile-missing-export'], keys: [key('project', ['profile:~/.bashrc:10'])]},
	},
	{
		name: 'profile-missing-export: ~/.zshrc assigns the key in quotes without export',
		shell: 'zsh',
		home: {'.zshrc': `OPENAI_API_KEY="${B}"\n`},
		secrets: [B],
		expect: {causes: ['profile-missing-export'], keys: [key('project', ['profile:~/.zshrc:1'])]},
	},
	{
		name: 'profile-missing-export: fish config uses set without -x',
		shell: 'fish',
		home: {'.config/fish/config.fish': `if status is-interactive\n    set -g fish_greeting\nend\nset OPENAI_API_KEY ${C}\n`},
		secrets: [C],
		expect: {causes: ['profile-missing-export'], keys: [key('project', ['profile:~/.config/fish/config.fish:4'])]},
	},
	// profile-conflict
	{
		name: 'profile-conflict: ~/.profile exports an old key, ~/.bashrc a new one',
		env: {OPENAI_API_KEY: B},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY=${B}\n`, '.profile': `${debianProfile}export OPENAI_API_KEY=${A}\n`},
		secrets: [A, B],
		expect: {causes: ['profile-conflict']},
	},
	{
		name: 'profile-conflict: ~/.zshenv and ~/.zshrc export different keys',
		shell: 'zsh',
		env: {OPENAI_API_KEY: B},
		home: {'.zshenv': `export OPENAI_API_KEY=${A}\n`, '.zshrc': `export OPENAI_API_KEY=${B}\n`},
		secrets: [A, B],
		expect: {causes: ['profile-conflict']},
	},
	{
		name: 'profile-conflict: two export lines in ~/.bashrc, the terminal still has the first',
		env: {OPENAI_API_KEY: A},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY=${A}\nexport EDITOR=vim\nexport OPENAI_API_KEY=${C}\n`, '.profile': debianProfile},
		secrets: [A, C],
		expect: {causes: ['profile-conflict', 'profile-not-loaded']},
	},
	{
		name: 'profile-conflict: ~/.profile and ~/.bashrc export different keys, this terminal has neither',
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY=${B}\n`, '.profile': `${debianProfile}export OPENAI_API_KEY=${A}\n`},
		secrets: [A, B],
		expect: {causes: ['profile-conflict', 'profile-not-loaded']},
	},
	// more realistic variants
	{
		name: 'profile-not-loaded: ~/.bashrc now exports a new key, this terminal still has the old one',
		env: {OPENAI_API_KEY: A},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY=${B}\n`, '.profile': debianProfile},
		secrets: [A, B],
		expect: {causes: ['profile-not-loaded'], keys: [key('project', ['env:OPENAI_API_KEY']), key('project', ['profile:~/.bashrc:10', 'login-shell:bash'])]},
	},
	{
		name: 'profile-not-loaded: ~/.zshrc now exports a new key, this terminal still has the old one',
		shell: 'zsh',
		env: {OPENAI_API_KEY: USER},
		home: {'.zshrc': `export OPENAI_API_KEY="${C}"\n`},
		secrets: [USER, C],
		expect: {causes: ['profile-not-loaded']},
	},
	{
		name: 'key-empty: ~/.bashrc exports OPENAI_API_KEY= with nothing after it',
		env: {OPENAI_API_KEY: ''},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY=\n`, '.profile': debianProfile},
		secrets: [],
		expect: {causes: ['key-empty'], keys: []},
	},
	{
		name: 'var-misnamed: ~/.bashrc exports OPENAI_KEY, nothing sets OPENAI_API_KEY',
		home: {'.bashrc': `${bashrcHead}export OPENAI_KEY=${A}\n`, '.profile': debianProfile},
		secrets: [A],
		expect: {causes: ['var-misnamed'], keys: [key('project', ['profile:~/.bashrc:10'])]},
	},
	{
		name: 'var-misnamed beside key-empty: OPENAI_API_KEY="" and OPENAI_KEY holds the key',
		env: {OPENAI_API_KEY: '', OPENAI_KEY: B},
		secrets: [B],
		expect: {causes: ['var-misnamed', 'key-empty'], keys: [key('project', ['env:OPENAI_KEY'])]},
	},
	{
		name: 'dotenv-syntax: Notepad saved .env with a byte-order mark before OPENAI_API_KEY',
		project: {...pythonApp, '.env': new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(`OPENAI_API_KEY=${A}\nDEBUG=true\n`)])},
		secrets: [A],
		expect: {causes: ['dotenv-syntax']},
	},
	{
		name: 'dotenv-syntax: PowerShell `echo … > .env` wrote UTF-16',
		project: {...pythonApp, '.env': new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${A}\r\n`, 'utf16le')]))},
		secrets: [A],
		expect: {causes: ['dotenv-syntax'], allow: ['key-missing']},
	},
	{
		name: 'key-malformed: a JavaScript habit, a semicolon after the key in .env',
		project: {...nodeApp, '.env': `OPENAI_API_KEY=${A};\n`},
		secrets: [A],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['file:.env:1'])]},
	},
	{
		name: 'key-missing: the only OPENAI_API_KEY line in .env is commented out',
		project: {...pythonApp, '.env': `# OPENAI_API_KEY=${A}\n${otherSettings}`},
		secrets: [A],
		expect: {causes: ['key-missing'], keys: []},
	},
	{
		name: 'key-quoted: single quotes inside double quotes in .env',
		project: {...pythonApp, '.env': `OPENAI_API_KEY="'${B}'"\n`},
		secrets: [B],
		expect: {causes: ['key-quoted'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'stale-env-shadows-dotenv: the new key quoted in .env, an old legacy key in the environment',
		env: {OPENAI_API_KEY: USER},
		project: {...pythonApp, '.env': `OPENAI_API_KEY="${A}"\n`},
		secrets: [USER, A],
		expect: {causes: ['stale-env-shadows-dotenv']},
	},
	{
		name: 'key-placeholder: the docs sample sk-1234567890abcdef left in .env',
		project: {...nodeApp, '.env': 'OPENAI_API_KEY=sk-1234567890abcdef\n'},
		secrets: [],
		expect: {causes: ['key-placeholder'], keys: [key('placeholder', ['file:.env:1'])]},
	},
	{
		name: 'key-placeholder: OPENAI_API_KEY_HERE from a README in the environment',
		env: {OPENAI_API_KEY: 'OPENAI_API_KEY_HERE'},
		secrets: [],
		expect: {causes: ['key-placeholder']},
	},
	{
		name: 'key-empty: .env has OPENAI_API_KEY="" (quoted nothing)',
		project: {...pythonApp, '.env': 'OPENAI_API_KEY=""\n'},
		secrets: [],
		expect: {causes: ['key-empty'], keys: []},
	},
	{
		name: 'profile-missing-export: ~/.bashrc sets the key without export and a later line exports PATH only',
		home: {'.bashrc': `${bashrcHead}OPENAI_API_KEY='${A}'\nexport PATH="$HOME/bin:$PATH"\n`, '.profile': debianProfile},
		secrets: [A],
		expect: {causes: ['profile-missing-export']},
	},
	{
		name: 'profile-not-loaded: ~/.bashrc now loads a key file with set -a; source …; set +a',
		home: {'.bashrc': `${bashrcHead}set -a\nsource ~/.config/openai.env\nset +a\n`, '.profile': debianProfile, '.config/openai.env': `OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: ['profile-not-loaded']},
	},
	{
		name: 'key-missing: ~/.bashrc has `export OPENAI_API_KEY = …` (spaces), which bash rejects',
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY = "${A}"\n`, '.profile': debianProfile},
		secrets: [A],
		expect: {causes: ['key-missing']},
	},
	{
		name: 'key-quoted and dotenv-syntax: run.sh passes a .env with a quoted key to docker run --env-file',
		project: {'.env': `OPENAI_API_KEY="${A}"\n`, 'run.sh': '#!/bin/sh\nset -e\ndocker build -t app .\ndocker run --rm --env-file .env -p 8000:8000 app\n', Dockerfile: 'FROM node:20-slim\n'},
		secrets: [A],
		expect: {causes: ['key-quoted', 'dotenv-syntax'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'key-placeholder: a node project with plain dotenv, which does not expand ${OPENAI_KEY} in .env',
		project: {...nodeApp, '.env': `OPENAI_KEY=${A}\nOPENAI_API_KEY=\${OPENAI_KEY}\n`},
		secrets: [A],
		expect: {causes: ['key-placeholder']},
	},
	{
		name: 'key-malformed: the real key pasted inside the template’s <…> in .env',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=<${B}>\n`},
		secrets: [B],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['file:.env:1'])]},
	},
	{
		name: 'profile-not-loaded: a macOS-style ~/.bash_profile got the export after this terminal opened',
		home: {'.bash_profile': `export PATH="/opt/homebrew/bin:$PATH"\nexport OPENAI_API_KEY="${B}"\n`},
		secrets: [B],
		expect: {causes: ['profile-not-loaded'], keys: [key('project', ['profile:~/.bash_profile:2', 'login-shell:bash'])]},
	},
	{
		name: 'key-whitespace: a CRLF .env that run.sh loads with `set -a; . ./.env` (the shell keeps the \\r)',
		project: {...pythonApp, '.env': crlf(`OPENAI_API_KEY=${A}\nDEBUG=true\n`), 'run.sh': '#!/bin/sh\nset -a\n. ./.env\nset +a\nexec python main.py\n'},
		secrets: [A],
		expect: {causes: ['key-whitespace'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'key-malformed: a python project whose .env has "#prod" glued to the key (python-dotenv keeps it)',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}#prod\n`},
		secrets: [A],
		expect: {causes: ['key-malformed'], keys: [key('malformed', ['file:.env:1'])]},
	},
	{
		name: 'key-quoted: a python project whose .env wraps the key in backticks (python-dotenv keeps them)',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=\`${B}\`\n`},
		secrets: [B],
		expect: {causes: ['key-quoted'], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'dotenv-syntax: the key pasted alone into .env, with no OPENAI_API_KEY= in front',
		project: {...pythonApp, '.env': `${A}\n`},
		secrets: [A],
		expect: {causes: ['dotenv-syntax'], keys: []},
	},
	{
		name: 'key-missing: ~/.bashrc exports a key and unsets it again later (no profile-not-loaded: a new terminal has none either)',
		project: pythonApp,
		home: {'.bash_profile': '. ~/.bashrc\n', '.bashrc': `export OPENAI_API_KEY=${A}\n# moved to direnv\nunset OPENAI_API_KEY\n`},
		secrets: [A],
		expect: {causes: ['key-missing'], keys: []},
	},
];

const healthyScenarios: Scenario[] = [
	{
		name: 'healthy: a local Ollama server set in .env (OPENAI_BASE_URL and the key "ollama"), loaded by python-dotenv',
		project: {...pythonApp, '.env': 'OPENAI_BASE_URL=http://localhost:11434/v1\nOPENAI_API_KEY=ollama\n'},
		home: stockBashrc,
		secrets: [],
		expect: {causes: [], keys: [key('malformed', ['file:.env:2'])]},
	},
	{
		name: 'healthy: an OpenRouter key and its base URL in .env.local of a Next.js app',
		project: {...nextApp, '.env.local': `OPENAI_BASE_URL=https://openrouter.ai/api/v1\nOPENAI_API_KEY=${OPENROUTER}\n`},
		secrets: [OPENROUTER],
		expect: {causes: [], keys: [key('other-provider', ['file:.env.local:2'], 'openrouter')]},
	},
	{
		name: 'healthy: the key in the environment only',
		env: {OPENAI_API_KEY: A},
		home: stockBashrc,
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'healthy: the key only in .env of a node project that loads dotenv',
		project: {...nodeApp, '.env': `OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'healthy: the key only in .env of a python project with python-dotenv',
		project: {...pythonApp, '.env': `${otherSettings}OPENAI_API_KEY=${SVC}\n`},
		home: stockBashrc,
		secrets: [SVC],
		expect: {causes: [], keys: [key('service-account', ['file:.env:4'])]},
	},
	{
		name: 'healthy: the key only in .env of a plain folder',
		project: {'.env': `OPENAI_API_KEY=${USER}\n`},
		secrets: [USER],
		expect: {causes: [], keys: [key('user', ['file:.env:1'])]},
	},
	{
		name: 'healthy: the same key in the environment and .env',
		env: {OPENAI_API_KEY: A},
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'file:.env:1'])]},
	},
	{
		name: 'healthy: ~/.bashrc exports the key and the terminal has it',
		env: {OPENAI_API_KEY: A},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY="${A}"\n`, '.profile': debianProfile},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.bashrc:10', 'login-shell:bash'])]},
	},
	{
		name: 'healthy: a Next.js project with the key in .env.local',
		project: {...nextApp, '.env': 'NEXT_PUBLIC_APP_NAME=web\n', '.env.local': `OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:.env.local:1'])]},
	},
	{
		name: 'healthy: .env with comments, blank lines, an inline comment and export (no docker)',
		project: {...pythonApp, '.env': `# Secrets for local development\n\n# OpenAI\nexport OPENAI_API_KEY=${A}  # personal project key\n\n${otherSettings}`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:.env:4'])]},
	},
	{
		name: 'healthy: .env with a multi-line private key before the OpenAI key',
		project: {
			...nodeApp,
			'.env': `GITHUB_APP_ID=123456\nGITHUB_PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx8h3Qm2Jf0bV\nq9Lz1aW7u0Y=\n-----END RSA PRIVATE KEY-----"\nOPENAI_API_KEY=${B}\n`,
		},
		secrets: [B],
		expect: {causes: [], keys: [key('project', ['file:.env:6'])]},
	},
	{
		name: 'healthy: a .env.example with a placeholder next to the real .env',
		project: {...pythonApp, '.env.example': 'OPENAI_API_KEY=sk-...\nOPENAI_ORG_ID=\n', '.env': `OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'healthy: the key in the environment, an empty OPENAI_ORG_ID line in .env, no org id set',
		env: {OPENAI_API_KEY: A},
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\nOPENAI_ORG_ID=\nOPENAI_PROJECT_ID=\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'file:.env:1'])]},
	},
	{
		name: 'healthy: a CRLF .env (no BOM) that python-dotenv reads',
		project: {...pythonApp, '.env': crlf(`# local\nOPENAI_API_KEY=${A}\nDEBUG=true\n`)},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:.env:2'])]},
	},
	{
		name: 'healthy: other providers’ keys in their own variables beside a good OPENAI_API_KEY',
		env: {OPENAI_API_KEY: A, ANTHROPIC_API_KEY: ANTHROPIC, GROQ_API_KEY: GROQ, GEMINI_API_KEY: GOOGLE, OPENROUTER_API_KEY: OPENROUTER},
		secrets: [A, ANTHROPIC, GROQ, GOOGLE, OPENROUTER],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'healthy: OPENAI_API_KEY beside OPENAI_ADMIN_KEY',
		env: {OPENAI_API_KEY: A, OPENAI_ADMIN_KEY: ADMIN},
		secrets: [A, ADMIN],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY']), key('admin', ['env:OPENAI_ADMIN_KEY'])]},
	},
	{
		name: 'healthy: zsh exports a service-account key in ~/.zshrc and the terminal has it',
		shell: 'zsh',
		env: {OPENAI_API_KEY: SVC},
		home: {'.zshrc': `export ZSH="$HOME/.oh-my-zsh"\nplugins=(git)\nexport OPENAI_API_KEY=${SVC}\n`},
		secrets: [SVC],
		expect: {causes: [], keys: [key('service-account', ['env:OPENAI_API_KEY', 'profile:~/.zshrc:3', 'login-shell:zsh'])]},
	},
	{
		name: 'healthy: .env with the key in double quotes',
		project: {...nodeApp, '.env': `OPENAI_API_KEY="${A}"\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'healthy: .env with the key in single quotes and trailing spaces after it',
		project: {...pythonApp, '.env': `OPENAI_API_KEY='${B}'\nMODEL=gpt-4o-mini   \n`},
		secrets: [B],
		expect: {causes: [], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'healthy: a monorepo package whose .env sits at the repository root',
		projectPath: 'code/mono/services/api',
		project: {'main.py': pythonApp['main.py'], 'requirements.txt': pythonApp['requirements.txt'], '../../.env': `OPENAI_API_KEY=${A}\n`, '../../.git/HEAD': 'ref: refs/heads/main\n'},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:../../.env:1'])]},
	},
	{
		name: 'healthy: ~/.bashrc reads the key from a file with $(cat …), the terminal has it',
		env: {OPENAI_API_KEY: A},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY="$(cat ~/.config/openai/key)"\n`, '.profile': debianProfile, '.config/openai/key': `${A}\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'login-shell:bash'])]},
	},
	{
		name: 'healthy: direnv .envrc exports the same key the environment has',
		env: {OPENAI_API_KEY: NONE},
		project: {'.envrc': `export OPENAI_API_KEY=${NONE}\n`},
		secrets: [NONE],
		expect: {causes: [], keys: [key('user', ['env:OPENAI_API_KEY', 'file:.envrc:1'])]},
	},
	{
		name: 'healthy: fish exports the key with set -gx and the terminal has it',
		shell: 'fish',
		env: {OPENAI_API_KEY: A},
		home: {'.config/fish/config.fish': `set -gx OPENAI_API_KEY ${A}\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.config/fish/config.fish:1'])]},
	},
	{
		name: 'healthy: an old key commented out in ~/.bashrc above the current one',
		env: {OPENAI_API_KEY: B},
		home: {'.bashrc': `${bashrcHead}# export OPENAI_API_KEY=${A}\nexport OPENAI_API_KEY=${B}\n`, '.profile': debianProfile},
		secrets: [A, B],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.bashrc:11', 'login-shell:bash'])]},
	},
	{
		name: 'healthy: an early short project key (56 characters) in the environment',
		env: {OPENAI_API_KEY: EARLY},
		secrets: [EARLY],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'healthy: ~/.profile exports the key for a bash user and the terminal has it',
		env: {OPENAI_API_KEY: USER},
		home: {'.profile': `${debianProfile}export OPENAI_API_KEY=${USER}\n`, '.bashrc': bashrcHead},
		secrets: [USER],
		expect: {causes: [], keys: [key('user', ['env:OPENAI_API_KEY', 'profile:~/.profile:13', 'login-shell:bash'])]},
	},
	{
		name: 'healthy: the environment key, and the same key in a CRLF .env',
		env: {OPENAI_API_KEY: C},
		project: {...pythonApp, '.env': crlf(`OPENAI_API_KEY=${C}\n`)},
		secrets: [C],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'file:.env:1'])]},
	},
	{
		name: 'healthy: OPENAI_BASE_URL and OPENAI_ORG_ID set correctly beside the key',
		env: {OPENAI_API_KEY: A, OPENAI_BASE_URL: 'https://api.openai.com/v1', OPENAI_ORG_ID: 'org-Xk3bQ9tLm2VnR8sYp4HcJw7e'},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'healthy: unrelated tokens (GitHub, Hugging Face) in the environment beside the key',
		env: {OPENAI_API_KEY: A, GITHUB_TOKEN: `ghp_${'Zq8'.repeat(12)}`, HF_TOKEN: `hf_${'Lp4x'.repeat(8)}`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'healthy: OPENAI_API_KEY and OPENAI_KEY hold the same key (a tool reads the other name)',
		env: {OPENAI_API_KEY: A, OPENAI_KEY: A},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'env:OPENAI_KEY'])]},
	},
	{
		name: 'healthy: Next.js .env.local overrides an older key in .env, as intended',
		project: {...nextApp, '.env': `OPENAI_API_KEY=${A}\n`, '.env.local': `OPENAI_API_KEY=${B}\n`},
		secrets: [A, B],
		expect: {causes: [], keys: [key('project', ['file:.env:1']), key('project', ['file:.env.local:1'])]},
	},
	{
		name: 'healthy: .env sets the same key twice',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\nDEBUG=true\nOPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:.env:1', 'file:.env:3'])]},
	},
	{
		name: 'healthy: the project .env has the key, an old ~/.env in HOME has another',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\n`},
		home: {'.env': `OPENAI_API_KEY=${B}\n`},
		secrets: [A, B],
		expect: {causes: []},
	},
	{
		name: 'healthy: a fish universal variable (set -Ux) and the terminal has it',
		shell: 'fish',
		env: {OPENAI_API_KEY: A},
		home: {'.config/fish/fish_variables': `# This file contains fish universal variable definitions.\n# VERSION: 3.0\nSETUVAR --export OPENAI_API_KEY:${A}\nSETUVAR fish_greeting:\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.config/fish/fish_variables:3'])]},
	},
	{
		name: 'healthy: zsh exports the key in ~/.zprofile and the terminal has it',
		shell: 'zsh',
		env: {OPENAI_API_KEY: B},
		home: {'.zprofile': `eval "$(/opt/homebrew/bin/brew shellenv 2>/dev/null)"\nexport OPENAI_API_KEY=${B}\n`},
		secrets: [B],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.zprofile:2', 'login-shell:zsh'])]},
	},
	{
		name: 'healthy: a python project with .env and a stray .env.local python-dotenv never reads',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\n`, '.env.local': `OPENAI_API_KEY=${B}\n`},
		secrets: [A, B],
		expect: {causes: []},
	},
	{
		name: 'healthy: direnv gives this project its own key, ~/.bashrc exports a personal one',
		env: {OPENAI_API_KEY: SVC},
		project: {...pythonApp, '.envrc': `export OPENAI_API_KEY=${SVC}\n`},
		home: {'.bashrc': `${bashrcHead}export OPENAI_API_KEY=${A}\n`, '.profile': debianProfile},
		secrets: [SVC, A],
		expect: {causes: []},
	},
	{
		name: 'healthy: ~/.bashrc loads a key file with set -a; source …; set +a, and the terminal has it',
		env: {OPENAI_API_KEY: A},
		home: {'.bashrc': `${bashrcHead}set -a\nsource ~/.config/openai.env\nset +a\n`, '.profile': debianProfile, '.config/openai.env': `OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: ~/.bashrc sources ~/.secrets, which exports the key, and the terminal has it',
		env: {OPENAI_API_KEY: B},
		home: {'.bashrc': `${bashrcHead}[ -f ~/.secrets ] && source ~/.secrets\n`, '.profile': debianProfile, '.secrets': `export OPENAI_API_KEY='${B}'\nexport GITHUB_TOKEN=ghp_x\n`},
		secrets: [B],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.secrets:1', 'login-shell:bash'])]},
	},
	{
		name: 'healthy: ~/.bashrc assigns the key, then exports it on the next line',
		env: {OPENAI_API_KEY: C},
		home: {'.bashrc': `${bashrcHead}OPENAI_API_KEY=${C}\nexport OPENAI_API_KEY\n`, '.profile': debianProfile},
		secrets: [C],
		expect: {causes: []},
	},
	{
		name: 'healthy: the key and another export on one line of ~/.zshrc, with a comment',
		shell: 'zsh',
		env: {OPENAI_API_KEY: A},
		home: {'.zshrc': `export OPENAI_API_KEY="${A}"; export OPENAI_MODEL=gpt-4o-mini # work\n`},
		secrets: [A],
		expect: {causes: []},
	},
	{
		name: 'healthy: a python project whose .env reuses a value with ${OPENAI_KEY} (python-dotenv expands it)',
		project: {...pythonApp, '.env': `OPENAI_KEY=${A}\nOPENAI_API_KEY=\${OPENAI_KEY}\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:.env:1', 'file:.env:2'])]},
	},
	{
		name: 'healthy: load_dotenv(override=True) in the code, an old key in the environment: .env wins (red-team local #4)',
		env: {OPENAI_API_KEY: B},
		project: {...pythonApp, 'main.py': 'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv(override=True)\nclient = OpenAI()\n', '.env': `OPENAI_API_KEY=${A}\n`},
		secrets: [A, B],
		expect: {causes: [], keys: [key('project', ['file:.env:1']), key('project', ['env:OPENAI_API_KEY'])]},
	},
	{
		name: 'healthy: a clean key in the environment, and the same key as "Bearer …" in .env (same key underneath)',
		env: {OPENAI_API_KEY: A},
		project: {...pythonApp, '.env': `OPENAI_API_KEY="Bearer ${A}"\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY']), key('project', ['file:.env:1'])]},
	},
	{
		name: 'healthy: only ~/.bashrc (no ~/.profile) exports the key, and the terminal has it',
		env: {OPENAI_API_KEY: A},
		home: {'.bashrc': `export OPENAI_API_KEY=${A}\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.bashrc:1', 'login-shell:bash'])]},
	},
	{
		name: 'healthy: a macOS-style ~/.bash_profile exports the key, and the terminal has it',
		env: {OPENAI_API_KEY: B},
		home: {'.bash_profile': `export PATH="/opt/homebrew/bin:$PATH"\nexport OPENAI_API_KEY="${B}"\n`},
		secrets: [B],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.bash_profile:2', 'login-shell:bash'])]},
	},
	{
		name: 'healthy: a node project whose .env has "#prod" glued to the key (node’s dotenv cuts it)',
		project: {...nodeApp, '.env': `OPENAI_API_KEY=${A}#prod\n`},
		secrets: [A],
		expect: {causes: [], keys: [key('project', ['file:.env:1'])]},
	},
	{
		name: 'healthy: ~/.bashrc exports the key, and a work key only inside a function (openai_work() { export …; }), which never runs at startup',
		env: {OPENAI_API_KEY: A},
		home: {'.bashrc': `export OPENAI_API_KEY=${A}\nopenai_work() {\n  export OPENAI_API_KEY=${B}\n}\nfunction openai_test { export OPENAI_API_KEY=${C}; }\n`},
		secrets: [A, B, C],
		expect: {causes: [], keys: [key('project', ['env:OPENAI_API_KEY', 'profile:~/.bashrc:1', 'login-shell:bash'])]},
	},
	{
		name: 'healthy: ~/.zshrc exported an old key and unsets it (moved to .env); the python app loads the new key from .env',
		shell: 'zsh',
		project: {...pythonApp, '.env': `OPENAI_API_KEY=${A}\n`},
		home: {'.zshenv': `export OPENAI_API_KEY=${B}\n`, '.zshrc': 'autoload -Uz compinit\n# the key lives in .env now\nunset OPENAI_API_KEY\n'},
		secrets: [A, B],
		expect: {causes: [], keys: [key('project', ['file:.env:1'])]},
	},
];

const scenarios = [...causeScenarios, ...healthyScenarios];
const built: BuiltScenario[] = [];
let cli: string;

beforeAll(async () => {
	cli = await snapshotCli();
});

afterAll(async () => {
	await Promise.all(built.map(item => removeScenario(item)));
	if (cli) await rm(path.dirname(cli), {recursive: true, force: true});
});

type ReportKey = {kind: string; sources: string[]; provider?: string; fingerprint: string; sha256: string};
type Report = {verdict: string; keys: ReportKey[]; causes: Array<{id: string; evidence: string[]}>; probes: Array<{id: string; status: string; summary: string}>};

function normalizeKeys(keys: ReadonlyArray<{kind: string; sources: string[]; provider?: string}>): string[] {
	return keys.map(item => `${item.kind}${item.provider ? `/${item.provider}` : ''} ${[...item.sources].sort().join(',')}`).sort();
}

describe.concurrent('realistic local setups through the built CLI (--json --no-network)', () => {
	it.for(scenarios.map(scenario => [scenario.name, scenario] as const))('%s', async ([, scenario], {expect}) => {
		const where = await buildScenario(scenario);
		built.push(where);
		const [json, text] = await Promise.all([runScenario(cli, scenario, where, '--json'), runScenario(cli, scenario, where, '--report')]);
		let report: Report;
		try {
			report = JSON.parse(json.stdout) as Report;
		} catch {
			throw new Error(`--json output does not parse (exit ${json.exitCode}): ${json.stdout.slice(0, 300)} ${json.stderr.slice(0, 300)}`);
		}

		const ids = report.causes.map(cause => cause.id);
		const context = `causes ${JSON.stringify(report.causes.map(cause => ({id: cause.id, evidence: cause.evidence})))}\nprobes ${JSON.stringify(report.probes.map(probe => `${probe.id} ${probe.status}: ${probe.summary}`))}`;
		const {causes, allow = [], top, keys} = scenario.expect;
		for (const id of causes) expect(ids, `missing ${id}\n${context}`).toContain(id);
		const unexpected = ids.filter(id => !causes.includes(id) && !allow.includes(id));
		expect(unexpected, `unexpected causes\n${context}`).toEqual([]);
		if (top) expect(ids[0], `top cause\n${context}`).toBe(top);
		expect(json.exitCode, context).toBe(causes.length > 0 ? 1 : 3);
		expect(report.verdict).toBe(causes.length > 0 ? 'problem' : 'inconclusive');
		if (keys) expect(normalizeKeys(report.keys), `keys ${JSON.stringify(report.keys)}`).toEqual(normalizeKeys(keys));
		expect(json.stderr).toBe('');

		expect(text.exitCode).toBe(json.exitCode);
		expect(text.stdout).toMatch(/Verdict: (PROBLEM|INCONCLUSIVE)/);
		expect(text.stderr).not.toMatch(/\n\s+at /);
		for (const [name, output] of [
			['--json stdout', json.stdout],
			['--json stderr', json.stderr],
			['--report stdout', text.stdout],
			['--report stderr', text.stderr],
		] as const) {
			expect(findLeak(output, scenario.secrets), `${name} shows a piece of a key`).toBeUndefined();
		}
	});
});
