import {describe, expect, it} from 'vitest';
import {diagnose} from '../../../source/core/diagnose/diagnose.js';
import {allRules} from '../../../source/core/diagnose/rules/index.js';
import {localSourcesRules} from '../../../source/core/diagnose/rules/local-sources.js';
import {collectKeys} from '../../../source/core/keys/collect.js';
import {effectiveKey, localSourceRows} from '../../../source/core/keys/effective.js';
import type {Exec} from '../../../source/core/ports.js';
import {dotenvProbe} from '../../../source/core/probes/dotenv.js';
import {envProbe} from '../../../source/core/probes/env.js';
import {loginShellProbe} from '../../../source/core/probes/login-shell.js';
import {misnamedVarsProbe} from '../../../source/core/probes/misnamed-vars.js';
import {profilesProbe} from '../../../source/core/probes/profiles.js';
import {runProbes} from '../../../source/core/run-probes.js';
import type {Cause, Confidence, Facts, LiveStatus} from '../../../source/core/types.js';
import {makeOptions} from '../../helpers/facts.js';
import {makeOpenRouterKey, makeProjectKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {dotenvFixture, fixtureKeys, homeFiles} from '../local/fixtures.js';

const {KEY_A, KEY_B} = fixtureKeys;
const KEY_C = makeProjectKey(404);
const home = '/home/dev';
const project = `${home}/project`;
const localProbes = [envProbe, dotenvProbe, profilesProbe, loginShellProbe, misnamedVarsProbe];

/** A local setup: the environment, files, what a fresh login shell has, and live-check verdicts. */
type Setup = {
	env?: Record<string, string>;
	shell?: string;
	/** Project files by name (`.env`) → content. */
	project?: Record<string, string | Uint8Array>;
	/** A home fixture under test/fixtures/homes. */
	home?: string;
	/** Extra files by absolute path. */
	files?: Record<string, string | Uint8Array>;
	/** OPENAI_API_KEY in a fresh login shell; `exported: false` for a plain shell variable. */
	login?: {value: string; exported?: boolean};
	live?: Array<[value: string, status: LiveStatus]>;
};

function loginShell(login: Setup['login']): Exec {
	return async (_file, args) => {
		const marker = /'(__KW_[0-9a-f]+):begin:'/.exec(args.at(-1)!)![1]!;
		const exported = login !== undefined && login.exported !== false;
		const stdout = `\n${marker}:begin:${login ? 1 : 0}\n${exported ? `${login!.value}\n` : ''}\n${marker}:end:${exported ? 0 : 1}\n`;
		return {ok: true, exitCode: 0, stdout, stderr: '', durationMs: 5};
	};
}

/** Runs the real local probes on a fake world and builds the facts the rules read. */
async function factsFor(setup: Setup): Promise<Facts> {
	const files: Record<string, string | Uint8Array> = {'/bin/bash': '', '/usr/bin/zsh': '', [`${project}/.git/HEAD`]: 'ref', ...setup.files};
	for (const [name, content] of Object.entries(setup.project ?? {})) files[`${project}/${name}`] = content;
	if (setup.home) Object.assign(files, homeFiles(setup.home, home));
	const ports = makePorts({cwd: project, home, env: {SHELL: setup.shell ?? '/bin/bash', PATH: '/usr/bin', ...setup.env}, files, exec: loginShell(setup.login)});
	const options = makeOptions({cwd: project});
	const results = await runProbes(localProbes, ports, options, new AbortController().signal);
	const keys = collectKeys(results, localProbes.map(probe => probe.id));
	for (const [value, status] of setup.live ?? []) {
		const key = keys.find(item => item.secret.reveal() === value);
		if (key) key.live = status;
	}

	return {options, env: ports.env, results, keys};
}

function ids(causes: readonly Cause[]): string[] {
	return causes.map(cause => cause.id);
}

function expectNoKeyIn(causes: readonly Cause[]): void {
	const text = JSON.stringify(causes);
	for (const key of [KEY_A, KEY_B, KEY_C]) expect(text).not.toContain(key.slice(8, 30));
}

const healthy: Array<[title: string, setup: Setup]> = [
	['the same key in the environment and .env', {env: {OPENAI_API_KEY: KEY_A}, project: {'.env': dotenvFixture('healthy.env')}}],
	['a key only in .env (the app loads it)', {project: {'.env': dotenvFixture('healthy.env')}}],
	['a working key in the environment and a placeholder in .env', {env: {OPENAI_API_KEY: KEY_A}, project: {'.env': dotenvFixture('placeholder.env')}}],
	['the environment key comes from the profile, and a new terminal gets it too', {env: {OPENAI_API_KEY: KEY_A}, home: 'bash-export', login: {value: KEY_A}}],
	['the key set only in this terminal (a warning, not a cause)', {env: {OPENAI_API_KEY: KEY_A}}],
	['a key exported in this terminal that works, the profile still has another', {env: {OPENAI_API_KEY: KEY_B}, home: 'bash-export', login: {value: KEY_A}, live: [[KEY_B, 'valid']]}],
	['a per-project key from direnv, another key in the profile', {env: {OPENAI_API_KEY: KEY_B}, project: {'.envrc': `export OPENAI_API_KEY=${KEY_B}\n`}, home: 'bash-export', login: {value: KEY_A}}],
	['a placeholder in the profile, a real key in this terminal', {env: {OPENAI_API_KEY: KEY_A}, files: {[`${home}/.bashrc`]: 'export OPENAI_API_KEY=your-api-key-here\n'}, login: {value: 'your-api-key-here'}}],
	['an environment key that works, and another key in .env', {env: {OPENAI_API_KEY: KEY_B}, project: {'.env': dotenvFixture('healthy.env')}, live: [[KEY_B, 'valid']]}],
	['export and CRLF in .env (every dotenv loader reads them)', {project: {'.env': dotenvFixture('export.env'), '.env.local': dotenvFixture('crlf.env')}}],
	['the same key in the environment and a CRLF .env', {env: {OPENAI_API_KEY: KEY_A}, project: {'.env': dotenvFixture('crlf.env')}}],
	['quotes, comments and a multi-line value elsewhere in .env', {project: {'.env': dotenvFixture('multiline.env'), '.env.local': dotenvFixture('comments.env')}}],
	[
		'a Next.js project with the key in .env.local',
		{project: {'package.json': JSON.stringify({dependencies: {next: '15.0.0'}}), '.env.local': dotenvFixture('healthy.env'), '.env': 'NEXT_PUBLIC_SITE=x\n'}},
	],
	['a near-named variable beside OPENAI_API_KEY', {env: {OPENAI_API_KEY: KEY_A, OPENAI_KEY: KEY_B}}],
	[
		'a placeholder line in the profile replaced by the real key later',
		{env: {OPENAI_API_KEY: KEY_A}, files: {[`${home}/.bashrc`]: `export OPENAI_API_KEY="your-api-key-here"\nexport OPENAI_API_KEY=${KEY_A}\n`}, login: {value: KEY_A}},
	],
	['the same key in .env twice', {project: {'.env': dotenvFixture('duplicates-same.env')}}],
	['the key in fish universal variables, and in the environment', {env: {OPENAI_API_KEY: KEY_A}, shell: '/usr/bin/fish', home: 'fish-universal'}],
	[
		'python code loads .env with override=True, the environment has an old key',
		{env: {OPENAI_API_KEY: KEY_B}, project: {'.env': dotenvFixture('healthy.env'), 'main.py': 'from dotenv import load_dotenv\nload_dotenv(override=True)\n'}},
	],
	[
		"node code loads .env with require('dotenv').config({ override: true }), a new terminal brings an old key",
		{project: {'.env': dotenvFixture('healthy.env'), 'src/index.js': "require('dotenv').config({ override: true });\n"}, files: {[`${home}/.bashrc`]: `export OPENAI_API_KEY=${KEY_B}\n`}, login: {value: KEY_B}},
	],
	['a clean key in the environment, the same key as "Bearer …" in .env', {env: {OPENAI_API_KEY: KEY_A}, project: {'.env': `OPENAI_API_KEY="Bearer ${KEY_A}"\n`}}],
	['a clean key in the environment, the same key quoted twice in .env', {env: {OPENAI_API_KEY: KEY_A}, project: {'.env': `OPENAI_API_KEY="'${KEY_A}'"\n`}}],
	['no key here, the profile and .env hold the same key', {project: {'.env': dotenvFixture('healthy.env')}, home: 'bash-export', login: {value: KEY_A}}],
];

describe('local-source rules on healthy setups', () => {
	it.each(healthy)('%s: no cause', async (_title, setup) => {
		const facts = await factsFor(setup);
		expect(ids(diagnose(facts, localSourcesRules))).toEqual([]);
		// Nor from any other rule: a healthy local setup is healthy for the whole table.
		expect(ids(diagnose(facts, allRules))).toEqual([]);
	});
});

type Row = [title: string, setup: Setup, expected: Array<[id: string, confidence: Confidence]>, evidence?: RegExp];

const table: Row[] = [
	['nothing anywhere', {home: 'empty-home'}, [['key-missing', 'high']], /^No shell startup file sets it \(1 read\)\.$/],
	[
		'the environment’s OpenAI key hides an OpenRouter key in .env that comes with its OPENROUTER base URL',
		{env: {OPENAI_API_KEY: KEY_A}, home: 'empty-home', project: {'.env': `OPENAI_BASE_URL=https://openrouter.ai/api/v1\nOPENAI_API_KEY=${makeOpenRouterKey(12)}\n`, 'main.py': 'from dotenv import load_dotenv\nload_dotenv()\n'}},
		[['stale-env-shadows-dotenv', 'medium']],
		/^\.env:2 sets sk-or-v1-…/,
	],
	[
		'no key found, but a .env held binary data and was not parsed: key-missing only at medium, saying so',
		{home: 'empty-home', project: {'.env': new Uint8Array([0x4f, 0x50, 0x00, 0x01, 0x02, 0x0a, 0x4f, 0x50])}},
		[['key-missing', 'medium']],
		/^\.env could not be read \(.*binary.*\): it may set OPENAI_API_KEY where this check could not see\.$/,
	],
	[
		'no key here (after unset), .env has the key, the profile exports an old one: every new terminal shadows .env',
		{project: {'.env': dotenvFixture('healthy.env')}, files: {[`${home}/.bashrc`]: `export OPENAI_API_KEY=${KEY_B}\n`}, login: {value: KEY_B}},
		[['stale-env-shadows-dotenv', 'medium']],
		/^A fresh bash login shell gets sk-proj-….{4}: every new terminal has it in its environment\.$/,
	],
	[
		'the same old key in ~/.bashrc, but the user\'s shell (tcsh) never reads it: no shadow',
		{project: {'.env': dotenvFixture('healthy.env')}, files: {[`${home}/.bashrc`]: `export OPENAI_API_KEY=${KEY_B}\n`}, shell: '/bin/tcsh', live: [[KEY_A, 'valid']]},
		[],
	],
	[
		'a profile line with spaces around "=", which bash rejects',
		{files: {[`${home}/.bashrc`]: `export PATH="$HOME/bin:$PATH"\nexport OPENAI_API_KEY = "${KEY_A}"\n`}},
		[['key-missing', 'high']],
		/^~\/\.bashrc:2 has spaces around "=" \(export OPENAI_API_KEY = …\), which sh reads as export errors, so the variable is never set\.$/,
	],
	[
		'an empty variable in the environment hides the .env key: key-empty, and the shadowing it causes',
		{env: {OPENAI_API_KEY: ''}, project: {'.env': dotenvFixture('healthy.env')}},
		[
			['key-empty', 'high'],
			['stale-env-shadows-dotenv', 'medium'],
		],
		/^\.env:2 sets sk-proj-….{4}, but dotenv loaders .* keep a variable that already exists in the environment, even an empty one: the empty value wins/,
	],
	['an empty line in .env and nothing in the environment', {project: {'.env': dotenvFixture('empty.env')}}, [['key-empty', 'high']], /^\.env:1 sets OPENAI_API_KEY to an empty value/],
	['whitespace in the environment, set empty by the profile', {env: {OPENAI_API_KEY: '  '}, home: 'bash-empty'}, [['key-empty', 'high']], /^~\/\.bash_profile:1 sets it to an empty value\.$/],
	['OPENAI_KEY in the environment', {env: {OPENAI_KEY: KEY_A}}, [['var-misnamed', 'high']], /^OPENAI_KEY holds sk-proj-….{4} in this process's environment, but OPENAI_API_KEY is not set\.$/],
	['OPENAI_KEY in .env', {project: {'.env': dotenvFixture('misnamed.env')}}, [['var-misnamed', 'high']], /^OPENAI_KEY holds sk-proj-….{4} in \.env:1/],
	['a typo in the profile', {files: {[`${home}/.bashrc`]: `export OPNEAI_API_KEY=${KEY_A}\n`}}, [['var-misnamed', 'high']], /^OPNEAI_API_KEY holds sk-proj-….{4} in ~\/\.bashrc:1/],
	['OPENAI_KEY the live check accepted: renaming is all it takes', {env: {OPENAI_KEY: KEY_A}, live: [[KEY_A, 'valid']]}, [['var-misnamed', 'high']], /^The live check accepted sk-proj-….{4}: renaming OPENAI_KEY to OPENAI_API_KEY is all it takes\.$/],
	['OPENAI_KEY the live check rejected: renaming alone will not help', {env: {OPENAI_KEY: KEY_A}, live: [[KEY_A, 'invalid']]}, [['var-misnamed', 'high']], /^The live check rejected sk-proj-….{4}: renaming OPENAI_KEY alone will not help/],
	[
		'a different key in the environment than in .env',
		{env: {OPENAI_API_KEY: KEY_B}, project: {'.env': dotenvFixture('healthy.env')}},
		[['stale-env-shadows-dotenv', 'medium']],
		/^Dotenv loaders .* keep a variable that already exists in the environment, so the app gets sk-proj-….{4} and the \.env key is never used\.$/,
	],
	[
		'the environment key fails and the .env key works',
		{env: {OPENAI_API_KEY: KEY_B}, project: {'.env': dotenvFixture('healthy.env')}, home: 'bash-conflict', live: [[KEY_B, 'invalid'], [KEY_A, 'valid']]},
		[['stale-env-shadows-dotenv', 'high'], ['profile-conflict', 'high']],
		/^That key is exported by ~\/\.bashrc:3\.$/,
	],
	['spaces around "=" in .env', {project: {'.env': dotenvFixture('spaces.env')}}, [['dotenv-syntax', 'high']], /^\.env:1: has spaces around "="/],
	['an unclosed quote in .env', {project: {'.env': dotenvFixture('unclosed.env')}}, [['dotenv-syntax', 'high']], /^\.env:1: the opening " has no closing "/],
	['two different keys in one .env', {project: {'.env': dotenvFixture('duplicates.env')}}, [['dotenv-syntax', 'high']], /^\.env:1: also set on line 3 with a different value; the last one \(line 3\) wins\.$/],
	['a byte-order mark before the key', {project: {'.env': dotenvFixture('bom.env')}}, [['dotenv-syntax', 'high']], /python-dotenv reads this first name with an invisible character/],
	['NAME: value in .env', {project: {'.env': dotenvFixture('colon.env')}}, [['dotenv-syntax', 'high']], /uses "NAME: value"/],
	['a line without "="', {project: {'.env': dotenvFixture('no-equals.env')}}, [['dotenv-syntax', 'high']], /^\.env:1: the line has no "=" after the name/],
	['a UTF-16 .env', {project: {'.env': dotenvFixture('utf16.env')}}, [['dotenv-syntax', 'high']], /UTF-16/],
	[
		'export in a .env the Makefile passes to docker run --env-file',
		{project: {'.env': dotenvFixture('export.env'), Makefile: 'up:\n\tdocker run --env-file .env app\n'}},
		[['dotenv-syntax', 'high']],
		/^\.env:1: starts with "export ", and Makefile passes \.env to docker run --env-file, which rejects that line\.$/,
	],
	['a malformed .env.production the app does not read in development', {env: {OPENAI_API_KEY: KEY_A}, project: {'.env.production': dotenvFixture('spaces.env')}}, [['dotenv-syntax', 'medium']]],
	[
		'the profile exports the key, this terminal predates it',
		{home: 'bash-export', login: {value: KEY_A}},
		[['profile-not-loaded', 'high']],
		/^A fresh bash login shell gets OPENAI_API_KEY = sk-proj-….{4} from ~\/\.bashrc:8\.$/,
	],
	[
		'/etc/environment sets the key, this session started before',
		{files: {'/etc/environment': `PATH="/usr/bin"\nOPENAI_API_KEY="${KEY_A}"\n`}, home: 'empty-home', login: {value: KEY_A}},
		[['profile-not-loaded', 'high']],
		/^A fresh bash login shell gets OPENAI_API_KEY = sk-proj-….{4} from \/etc\/environment:2\.$/,
	],
	[
		'the key sits in ~/.bashrc but the shell is zsh',
		{shell: '/usr/bin/zsh', files: {[`${home}/.bashrc`]: `export OPENAI_API_KEY=${KEY_A}\n`, [`${home}/.zshrc`]: 'setopt autocd\n'}},
		[['profile-not-loaded', 'high']],
		/^~\/\.bashrc:1 sets OPENAI_API_KEY \(sk-proj-….{4}\), but that file is read by interactive non-login bash/,
	],
	[
		'~/.bashrc exports the key, but the bash login files never source it',
		{home: 'bash-profile-skips-bashrc'},
		[['profile-not-loaded', 'high']],
		/^A fresh bash login shell does not get it: login shells \(macOS Terminal, ssh\) read ~\/\.bash_profile or ~\/\.profile, which do not source ~\/\.bashrc here\.$/,
	],
	[
		'this terminal has a rejected key, the profile now gives a working one',
		{env: {OPENAI_API_KEY: KEY_B}, home: 'bash-export', login: {value: KEY_A}, live: [[KEY_B, 'invalid'], [KEY_A, 'valid']]},
		[['profile-not-loaded', 'high']],
		/^A new terminal gets sk-proj-….{4} from ~\/\.bashrc:8, and the live check accepted it: the profile changed after this terminal opened \(or the key was set here by hand\), so the app started from here sends the old key\.$/,
	],
	[
		'this terminal has an old key, the profile now exports another (nothing checked live)',
		{env: {OPENAI_API_KEY: KEY_B}, home: 'bash-export', login: {value: KEY_A}},
		[['profile-not-loaded', 'medium']],
		/^This terminal has OPENAI_API_KEY = sk-proj-….{4}\.$/,
	],
	[
		'an unexported profile line with the key this terminal already has, read with a \\r (key-whitespace, not a missing export)',
		{env: {OPENAI_API_KEY: `${KEY_A}\r`}, home: 'bash-no-export', login: {value: KEY_A, exported: false}},
		[],
	],
	[
		'this terminal has a CRLF-read key, the profile the same key without the \\r (key-whitespace, not a stale terminal)',
		{env: {OPENAI_API_KEY: `${KEY_A}\r`}, home: 'bash-export'},
		[],
	],
	[
		'this terminal has the key ~/.bashrc exports; only a login shell ends with ~/.profile\'s other key',
		{
			env: {OPENAI_API_KEY: KEY_B},
			files: {[`${home}/.profile`]: `. "$HOME/.bashrc"\nexport OPENAI_API_KEY=${KEY_A}\n`, [`${home}/.bashrc`]: `export OPENAI_API_KEY=${KEY_B}\n`},
			login: {value: KEY_A},
		},
		[['profile-conflict', 'medium']],
		/^A new bash terminal reads ~\/\.profile, then ~\/\.bashrc in that order, and the last line that sets OPENAI_API_KEY \(~\/\.bashrc:1\) wins\.$/,
	],
	[
		'the profile assigns the key without export',
		{home: 'bash-no-export', login: {value: KEY_A, exported: false}},
		[['profile-missing-export', 'high']],
		/^~\/\.bashrc:2 sets OPENAI_API_KEY = sk-proj-….{4} with "OPENAI_API_KEY=…", which does not export it\.$/,
	],
	['fish set -g without -x', {shell: '/usr/bin/fish', files: {[`${home}/.config/fish/config.fish`]: `set -g OPENAI_API_KEY ${KEY_A}\n`}}, [['profile-missing-export', 'high']], /with "set \(no -x\)"/],
	[
		'two keys in zsh startup files',
		{env: {OPENAI_API_KEY: KEY_B}, shell: '/usr/bin/zsh', home: 'zsh-conflict', login: {value: KEY_B}},
		[['profile-conflict', 'medium']],
		/^A new zsh terminal reads ~\/\.zshenv, then ~\/\.zshrc in that order, and the last line that sets OPENAI_API_KEY \(~\/\.zshrc:2\) wins\.$/,
	],
	[
		'an old key in this terminal, a new one in .env and another in the profile',
		{env: {OPENAI_API_KEY: KEY_C}, project: {'.env': dotenvFixture('healthy.env')}, home: 'bash-export', login: {value: KEY_B}, live: [[KEY_C, 'invalid']]},
		[['stale-env-shadows-dotenv', 'high'], ['profile-not-loaded', 'medium']],
	],
];

describe('local-source rules', () => {
	it.each(table)('%s', async (_title, setup, expected, evidence) => {
		const facts = await factsFor(setup);
		const causes = diagnose(facts, localSourcesRules);
		expect(causes.map(cause => [cause.id, cause.confidence])).toEqual(expected);
		if (evidence) expect(causes[0]!.evidence).toEqual(expect.arrayContaining([expect.stringMatching(evidence)]));
		for (const cause of causes) {
			expect(cause.fix.length).toBeGreaterThan(0);
			expect(cause.evidence.length).toBeGreaterThan(0);
		}

		expectNoKeyIn(causes);
	});

	it('loads a session file with set -a, since it is read at login, not by shells', async () => {
		const facts = await factsFor({files: {'/etc/environment': `OPENAI_API_KEY=${KEY_A}\n`}, home: 'empty-home', login: {value: KEY_A}});
		const [cause] = diagnose(facts, localSourcesRules);
		expect(cause!.fix).toEqual(['/etc/environment is read when you log in: log out and back in (or load it in this terminal as below), then start the app again.']);
		expect(cause!.snippets.map(snippet => snippet.text)).toEqual(['set -a; . /etc/environment; set +a']);
	});

	it('names key-quoted too when the project passes a quoted .env line to docker run --env-file: the container gets the quotes', async () => {
		const facts = await factsFor({project: {'.env': `OPENAI_API_KEY="${KEY_A}"\n`, 'run.sh': '#!/bin/sh\ndocker run --env-file .env app\n'}});
		const causes = diagnose(facts, allRules);
		expect(ids(causes)).toEqual(['dotenv-syntax', 'key-quoted']);
		expect(causes[1]!.evidence).toEqual([
			expect.stringMatching(/^file:\.env:1 \(sk-proj-….{4}\): the value is quoted, and run\.sh passes \.env to docker run --env-file, which keeps the quotes as part of the value$/),
		]);
		expect(causes[1]!.fix).toContain('Drop the quotes around the value on .env:1: docker run --env-file passes them into the container as part of the key.');
		expectNoKeyIn(causes);
		// Without docker, dotenv strips one pair of quotes: healthy.
		const plain = await factsFor({project: {'.env': `OPENAI_API_KEY="${KEY_A}"\n`}});
		expect(ids(diagnose(plain, allRules))).toEqual([]);
	});

	it('names key-whitespace for a CRLF .env the project loads with the shell (the \\r stays in the key), and nothing when only dotenv reads it', async () => {
		const crlfEnv = `OPENAI_API_KEY=${KEY_A}\r\nDEBUG=1\r\n`;
		const facts = await factsFor({project: {'.env': crlfEnv, 'run.sh': '#!/bin/sh\nset -a\n. ./.env\nset +a\nexec python main.py\n'}});
		const causes = diagnose(facts, allRules);
		expect(ids(causes)).toEqual(['key-whitespace']);
		expect(causes[0]!.evidence).toEqual([expect.stringMatching(/^file:\.env:1 \(sk-proj-….{4}\): Windows line endings \(CRLF\), and run\.sh loads \.env with the shell, which keeps the \\r at the end of the value$/)]);
		expect(causes[0]!.snippets.map(snippet => snippet.text)).toContain('dos2unix .env');
		expectNoKeyIn(causes);
		const dotenvOnly = await factsFor({project: {'.env': crlfEnv, 'main.py': 'from dotenv import load_dotenv\nload_dotenv()\n'}});
		expect(ids(diagnose(dotenvOnly, allRules))).toEqual([]);
	});

	it('gives snippets that never hold a key', async () => {
		const facts = await factsFor({env: {OPENAI_API_KEY: ''}, project: {'.env': dotenvFixture('healthy.env')}});
		const [cause] = diagnose(facts, localSourcesRules);
		expect(cause!.snippets.map(snippet => snippet.id)).toEqual(['env-unset', 'python-dotenv-override', 'node-dotenv-override']);
		expect(cause!.snippets.map(snippet => snippet.text).join('\n')).not.toMatch(/sk-/);
	});
});

describe('effectiveKey', () => {
	it.each<[string, Setup, string, string | undefined, RegExp]>([
		['the environment wins over .env', {env: {OPENAI_API_KEY: KEY_B}, project: {'.env': dotenvFixture('healthy.env')}}, 'key', 'env:OPENAI_API_KEY', /keep a variable that already exists.*; \.env:2 is not used$/],
		['an empty environment variable still wins', {env: {OPENAI_API_KEY: ''}, project: {'.env': dotenvFixture('healthy.env')}}, 'empty', 'env:OPENAI_API_KEY', /even an empty one/],
		['.env without the environment', {project: {'.env': dotenvFixture('healthy.env')}}, 'key', 'file:.env:2', /read \.env in the project folder$/],
		['the last of two lines in .env', {project: {'.env': dotenvFixture('duplicates.env')}}, 'key', 'file:.env:3', /dotenv loaders/],
		[
			'.env.local before .env in a Next.js project',
			{project: {'package.json': '{"dependencies":{"next":"15"}}', '.env': dotenvFixture('healthy.env'), '.env.local': `OPENAI_API_KEY=${KEY_B}\n`}},
			'key',
			'file:.env.local:1',
			/Next\.js reads .* and the first one that sets a variable wins$/,
		],
		['a .env above the git root', {files: {[`${home}/.env`]: dotenvFixture('healthy.env')}, project: {'main.py': ''}}, 'none', undefined, /^OPENAI_API_KEY is not in the environment, and there is no \.env file the app loads$/],
		['a .env without the key', {project: {'.env': 'DEBUG=1\n'}}, 'none', undefined, /^OPENAI_API_KEY is not in the environment, and \.env \(what dotenv reads\) does not set it$/],
	])('%s', async (_title, setup, state, source, reason) => {
		const facts = await factsFor(setup);
		const winner = effectiveKey(facts);
		expect(winner.state).toBe(state);
		expect(winner.source).toBe(source);
		expect(winner.reason).toMatch(reason);
	});

	it('gives the sources view one row per place, with fingerprint, defects and the winner', async () => {
		const facts = await factsFor({
			env: {OPENAI_API_KEY: KEY_B, OPENAI_KEY: KEY_C},
			project: {'.env': dotenvFixture('duplicates.env'), '.env.local': dotenvFixture('empty.env')},
			files: {[`${home}/.bashrc`]: 'export OPENAI_API_KEY="$(pass show openai)"\nOPENAI_API_KEY=" sk-x"\n'},
			login: {value: KEY_A},
		});
		const rows = localSourceRows(facts);
		expect(rows.map(row => [row.source, row.variable, row.value, row.wins])).toEqual([
			['env:OPENAI_API_KEY', 'OPENAI_API_KEY', 'key', true],
			['file:.env:1', 'OPENAI_API_KEY', 'key', false],
			['file:.env:3', 'OPENAI_API_KEY', 'key', false],
			['file:.env.local:1', 'OPENAI_API_KEY', 'empty', false],
			['profile:~/.bashrc:1', 'OPENAI_API_KEY', 'computed', false],
			['profile:~/.bashrc:2', 'OPENAI_API_KEY', 'key', false],
			['login-shell:bash', 'OPENAI_API_KEY', 'key', false],
			['env:OPENAI_KEY', 'OPENAI_KEY', 'key', false],
		]);
		const row = (source: string) => rows.find(item => item.source === source)!;
		expect(row('env:OPENAI_API_KEY').why).toMatch(/^OPENAI_API_KEY is set in the environment the app starts from/);
		expect(row('file:.env:1').defects).toEqual(['also set on line 3 with a different value; the last one (line 3) wins', 'overridden by a later line in the same file']);
		expect(row('profile:~/.bashrc:1').defects).toEqual(['computed by a command when the shell starts']);
		expect(row('profile:~/.bashrc:2').defects).toEqual(['not exported (assignment): programs started from the shell do not get it', 'starts with a space']);
		expect(row('env:OPENAI_KEY').why).toBe('OPENAI_KEY is not OPENAI_API_KEY: SDKs do not read it');
		expect(row('file:.env:3').fingerprint).toMatch(/^sk-proj-…/);
		expectNoKeyIn([{id: 'rows', step: 2, confidence: 'low', title: '', evidence: [JSON.stringify(rows)], fix: [], snippets: []}]);
	});

	it('lists what the app passes over, and why', async () => {
		const facts = await factsFor({env: {OPENAI_API_KEY: KEY_B}, project: {'.env': dotenvFixture('duplicates.env')}, home: 'bash-export', login: {value: KEY_A}});
		const winner = effectiveKey(facts);
		expect(winner.passedOver.map(item => [item.source, item.why.split(',')[0]])).toEqual([
			['file:.env:1', 'the environment already has OPENAI_API_KEY'],
			['file:.env:3', 'the environment already has OPENAI_API_KEY'],
			['profile:~/.bashrc:8', 'a startup file shapes new terminals; the app gets the environment of the terminal (or service) it starts from'],
			['login-shell:bash', 'what a new terminal gets; the app started from this one gets this environment'],
		]);
	});
});
