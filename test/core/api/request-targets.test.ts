import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {candidateKeys, isSentVariable, keySourceProbes} from '../../../source/core/api/candidate-keys.js';
import {howToConfirm, requestTargets, targetOf} from '../../../source/core/api/request-targets.js';
import {dotenvProbe} from '../../../source/core/probes/dotenv.js';
import type {ProbeResult, RunOptions} from '../../../source/core/types.js';
import {makeAzureKey, makeProjectKey} from '../../helpers/fake-keys.js';
import {makeOptions} from '../../helpers/facts.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context, sighting} from '../../helpers/probe-context.js';

const openai = makeProjectKey(41);
const azure = makeAzureKey(42);
const results = new Map([['env', {...sighting('env', [[openai, 'env:OPENAI_API_KEY'], [azure, 'env:AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']]), id: 'env', step: 2 as const, durationMs: 1}]]);
const keys = candidateKeys(results, ['env']);
const env = {AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/'};

describe('requestTargets', () => {
	test('an OpenAI key goes to the base URL, the Azure client’s key to AZURE_OPENAI_ENDPOINT', () => {
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), env, results, keys);
		const [first, second] = keys.map(key => targetOf(targets, key));
		expect(first).toMatchObject({mode: 'openai', base: {hostname: 'api.openai.com'}});
		expect(second).toMatchObject({mode: 'azure', base: {hostname: 'res.openai.azure.com'}});
	});

	test('with --base-url, every key goes there (an Azure key too, and it is refused by the OpenAI rules there)', () => {
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1', baseUrlSource: 'flag'}), env, results, keys);
		expect(targets.azure).toBeUndefined();
		expect(keys.map(key => targetOf(targets, key))).toEqual([expect.objectContaining({mode: 'openai'}), expect.objectContaining({mode: 'openai'})]);
	});

	test('a plain-http endpoint to another machine is refused for the Azure key only', () => {
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), {AZURE_OPENAI_ENDPOINT: 'http://10.0.0.9/'}, results, keys);
		expect(targetOf(targets, keys[0]!)).toMatchObject({mode: 'openai'});
		expect(targetOf(targets, keys[1]!)).toEqual({refused: expect.stringContaining('AZURE_OPENAI_ENDPOINT is refused')});
	});

	test('the copyable command is Azure’s when every key is the Azure client’s, and never holds a key', () => {
		const azureOnly = candidateKeys(results, ['env'], variable => variable === 'AZURE_OPENAI_API_KEY');
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), env, results, azureOnly);
		expect(targets.command).toBe(`curl 'https://res.openai.azure.com/openai/deployments?api-version=2023-03-15-preview' -H "api-key: $AZURE_OPENAI_API_KEY"`);
		expect(requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), env, results, keys).command).not.toContain(openai);
	});

	test('a key only in .env.test (a test fixture) is not sent', () => {
		const fixture = new Map([['dotenv', {...sighting('dotenv', [['sk-test-dummy-value-123', 'file:.env.test:1']]), id: 'dotenv', step: 2 as const, durationMs: 1}]]);
		const [key] = candidateKeys(fixture, ['dotenv']);
		const targets = requestTargets(makeOptions({baseUrl: 'https://api.openai.com/v1'}), {}, fixture, [key!]);
		expect(targetOf(targets, key!)).toEqual({refused: 'only in .env.test, which apps read in test runs only'});
	});
});

/**
 * The rule, as a table: every place a base URL (or Azure endpoint) can come from, by
 * every place a key can come from. A key goes to a host the user chose (the default,
 * --base-url, the environment, a host confirmed in the wizard), or to a host a file
 * names when the key comes from that same file; otherwise it is held back ("held").
 */
describe('who chose the host: the rule, every base-URL source by every key source', () => {
	const openaiKey = makeProjectKey(4101);
	const azureKey = makeAzureKey(4102);
	const loads = {'main.py': 'from dotenv import load_dotenv\nload_dotenv()\n'};

	type Host = {
		/** Files by path relative to the project folder (`../.env` is its parent's). */
		files: Record<string, string>;
		env?: Record<string, string>;
		options?: Partial<RunOptions>;
		/** The file that names the host, where the "same file" key goes. */
		same: string;
		/** Another project file, where the "other file" key goes. */
		other: string;
	};

	const collector = 'OPENAI_BASE_URL=https://collector.example/v1\n';
	const fromEnv = {OPENAI_BASE_URL: 'https://gw.example/v1'};
	const hosts: Record<string, Host> = {
		'the default': {files: {}, same: '.env', other: '.env.local'},
		'--base-url (over a .env naming another host)': {files: {'.env': collector}, options: {baseUrl: 'https://gw.example/v1', baseUrlSource: 'flag'}, same: '.env', other: '.env.local'},
		'OPENAI_BASE_URL in the environment (over a .env)': {files: {'.env': collector}, env: fromEnv, options: {baseUrl: 'https://gw.example/v1', baseUrlSource: 'env:OPENAI_BASE_URL'}, same: '.env', other: '.env.local'},
		'OPENAI_BASE_URL in .env': {files: {'.env': collector}, same: '.env', other: '.env.local'},
		'OPENAI_BASE_URL in .env, a loopback address': {files: {'.env': 'OPENAI_BASE_URL=http://127.0.0.1:4000/v1\n'}, same: '.env', other: '.env.local'},
		'OPENAI_BASE_URL in .env.local (Next.js)': {files: {'.env.local': collector, 'package.json': '{"dependencies":{"next":"15.0.0"}}'}, same: '.env.local', other: '.env'},
		'OPENAI_BASE_URL in .env loaded with override over the environment': {
			files: {'.env': collector, 'main.py': 'from dotenv import load_dotenv\nload_dotenv(override=True)\n'},
			env: fromEnv,
			options: {baseUrl: 'https://gw.example/v1', baseUrlSource: 'env:OPENAI_BASE_URL'},
			same: '.env',
			other: '.env.local',
		},
		'OPENAI_BASE_URL in a parent folder’s .env': {files: {'../.env': collector}, same: '../.env', other: '.env.local'},
		'OPENAI_BASE_URL in .env, confirmed in the wizard': {files: {'.env': collector}, options: {confirmedBaseUrls: ['https://collector.example/v1/']}, same: '.env', other: '.env.local'},
		'OPENAI_BASE_URL in .env, another URL confirmed': {files: {'.env': collector}, options: {confirmedBaseUrls: ['https://gw.example/v1']}, same: '.env', other: '.env.local'},
		'AZURE_OPENAI_ENDPOINT in the environment': {files: {}, env: {AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/'}, same: '.env', other: '.env.local'},
		'AZURE_OPENAI_ENDPOINT in .env': {files: {'.env': 'AZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/\n'}, same: '.env', other: '.env.local'},
		'OPENAI_BASE_URL in .env naming the Azure endpoint the environment names': {
			files: {'.env': 'OPENAI_BASE_URL=https://res.openai.azure.com/openai/v1\n'},
			env: {AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/'},
			same: '.env',
			other: '.env.local',
		},
		'AZURE_OPENAI_ENDPOINT in .env, confirmed in the wizard': {
			files: {'.env': 'AZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/\n'},
			options: {confirmedBaseUrls: ['https://res.openai.azure.com']},
			same: '.env',
			other: '.env.local',
		},
		'OPENAI_BASE_URL in .env naming api.openai.com (the default host)': {files: {'.env': 'OPENAI_BASE_URL=https://api.openai.com/v1\n'}, same: '.env', other: '.env.local'},
		'OPENAI_BASE_URL in .env naming a regional OpenAI host': {files: {'.env': 'OPENAI_BASE_URL=https://eu.api.openai.com/v1\n'}, same: '.env', other: '.env.local'},
		'OPENAI_BASE_URL in .env, api.openai.com over plain http': {files: {'.env': 'OPENAI_BASE_URL=http://api.openai.com/v1\n'}, same: '.env', other: '.env.local'},
	};

	type KeyPlace =
		| 'env'
		| 'profile'
		| 'login shell'
		| 'same file'
		| 'other file'
		| 'Azure key in env'
		| 'Azure key in same file'
		| 'same file and env'
		| 'same file and profile'
		| 'same file and other file';
	const places: KeyPlace[] = ['env', 'profile', 'login shell', 'same file', 'other file', 'Azure key in env', 'Azure key in same file', 'same file and env', 'same file and profile', 'same file and other file'];
	const O = 'api.openai.com';
	const G = 'gw.example';
	const C = 'collector.example';
	const A = 'res.openai.azure.com';
	const E = 'eu.api.openai.com';
	const held = 'held';
	const refused = 'refused: the base URL was refused';
	// The last three columns: the key in the file that names the host, and also somewhere of the user's. Then it is the user's key, not the file's own.
	// prettier-ignore
	const expected: Record<string, string[]> = {
		//                                                       env    profile login  same   other  Azure env  Azure same  same+env same+profile same+other
		'the default':                                          [O,     O,      O,     O,     O,     O,         O,          O,       O,           O],
		'--base-url (over a .env naming another host)':         [G,     G,      G,     G,     G,     G,         G,          G,       G,           G],
		'OPENAI_BASE_URL in the environment (over a .env)':     [G,     G,      G,     G,     G,     G,         G,          G,       G,           G],
		'OPENAI_BASE_URL in .env':                              [held,  held,   held,  C,     held,  held,      C,          held,    held,        held],
		'OPENAI_BASE_URL in .env, a loopback address':          [held,  held,   held,  '127.0.0.1', held, held, '127.0.0.1', held,   held,        held],
		'OPENAI_BASE_URL in .env.local (Next.js)':              [held,  held,   held,  C,     held,  held,      C,          held,    held,        held],
		'OPENAI_BASE_URL in .env loaded with override over the environment': [held, held, held, C, held, held, C,       held,    held,        held],
		'OPENAI_BASE_URL in a parent folder’s .env':            [held,  held,   held,  C,     held,  held,      C,          held,    held,        held],
		'OPENAI_BASE_URL in .env, confirmed in the wizard':     [C,     C,      C,     C,     C,     C,         C,          C,       C,           C],
		'OPENAI_BASE_URL in .env, another URL confirmed':       [held,  held,   held,  C,     held,  held,      C,          held,    held,        held],
		'AZURE_OPENAI_ENDPOINT in the environment':             [O,     O,      O,     O,     O,     A,         A,          O,       O,           O],
		'AZURE_OPENAI_ENDPOINT in .env':                        [O,     O,      O,     O,     O,     held,      A,          O,       O,           O],
		'OPENAI_BASE_URL in .env naming the Azure endpoint the environment names': [A, A, A, A, A, A, A,                  A,       A,           A],
		'AZURE_OPENAI_ENDPOINT in .env, confirmed in the wizard': [O,   O,      O,     O,     O,     A,         A,          O,       O,           O],
		'OPENAI_BASE_URL in .env naming api.openai.com (the default host)': [O, O, O, O, O,      O,         O,          O,       O,           O],
		'OPENAI_BASE_URL in .env naming a regional OpenAI host': [E,    E,      E,     E,     E,     E,         E,          E,       E,           E],
		'OPENAI_BASE_URL in .env, api.openai.com over plain http': [refused, refused, refused, refused, refused, refused, refused, refused, refused, refused],
	};

	const rows = Object.entries(hosts).flatMap(([hostName, host]) => places.map((place, index) => [hostName, place, expected[hostName]![index]!, host] as const));

	test.each(rows)('%s × key in %s → %s', async (_hostName, place, outcome, host) => {
		const nested = host.same.startsWith('../') || host.other.startsWith('../');
		const cwd = nested ? '/home/dev/repo/app' : '/home/dev/project';
		const root = nested ? '/home/dev/repo' : cwd;
		const files: Record<string, string> = {[`${root}/.git/HEAD`]: 'ref'};
		const add = (relative: string, text: string) => {
			const absolute = path.join(cwd, relative);
			files[absolute] = (files[absolute] ?? '') + text;
		};

		for (const [name, text] of Object.entries({...loads, ...host.files})) add(name, text);
		const env: Record<string, string> = {...host.env};
		const sightings: ProbeResult[] = [];
		const azure = place.startsWith('Azure');
		const value = azure ? azureKey : openaiKey;
		if (place === 'env') env.OPENAI_API_KEY = value;
		if (place === 'Azure key in env') env.AZURE_OPENAI_API_KEY = value;
		if (place.startsWith('same file')) add(host.same, `OPENAI_API_KEY=${value}\n`);
		if (place === 'same file and other file') add(host.other, `OPENAI_API_KEY=${value}\n`);
		if (place === 'same file and env') {
			env.OPENAI_API_KEY = value;
			sightings.push(sighting('env', [[value, 'env:OPENAI_API_KEY']]));
		}

		if (place === 'same file and profile') sightings.push(sighting('profiles', [[value, 'profile:~/.bashrc:3']]));
		if (place === 'other file') add(host.other, `OPENAI_API_KEY=${value}\n`);
		if (place === 'Azure key in same file') add(host.same, `AZURE_OPENAI_API_KEY=${value}\n`);
		if (place === 'env') sightings.push(sighting('env', [[value, 'env:OPENAI_API_KEY']]));
		if (place === 'Azure key in env') sightings.push(sighting('env', [[value, 'env:AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']]));
		if (place === 'profile') sightings.push(sighting('profiles', [[value, 'profile:~/.bashrc:3']]));
		if (place === 'login shell') sightings.push(sighting('login-shell', [[value, 'login-shell:bash']]));

		const dotenv = await dotenvProbe.run(context(makePorts({cwd, env, files}), []));
		const results = new Map([...sightings, {...dotenv, id: 'dotenv', step: 2 as const, durationMs: 1}].map(item => [item.id, item]));
		const keys = candidateKeys(results, keySourceProbes, isSentVariable);
		const key = keys.find(candidate => candidate.secret.reveal() === value);
		expect(key, 'the key is found where it was put').toBeDefined();
		const targets = requestTargets(makeOptions({cwd, ...host.options}), env, results, keys);
		const target = targetOf(targets, key!);
		expect('refused' in target ? (target.awaiting ? held : `refused: ${target.refused}`) : target.base.hostname).toBe(outcome);
		// What waits is listed with the held key, and no copyable command is aimed at that host.
		expect(targets.awaiting.flatMap(host => host.keys.map(item => item.sha256))).toEqual(outcome === held ? [key!.secret.sha256] : []);
		if (targets.command && !host.options?.confirmedBaseUrls) expect(targets.command).not.toMatch(/collector\.example|127\.0\.0\.1:4000/);
		if (targets.command) expect(targets.command).not.toContain(value);
	});

	test.each([
		['${OPENAI_API_KEY}', 'OPENAI_API_KEY=${OPENAI_API_KEY}\n'],
		['$OPENAI_API_KEY (dotenv-expand)', 'OPENAI_API_KEY=$OPENAI_API_KEY\n'],
		['${MY_KEY:-…} through another name', 'OPENAI_API_KEY=${MY_KEY:-none}\n'],
	])('a .env line that only refers to the user’s key (%s) is not "the same file": the key is held back', async (_name, line) => {
		const cwd = '/home/dev/project';
		const env = {OPENAI_API_KEY: openaiKey, MY_KEY: openaiKey};
		const manifest = line.includes('$OPENAI_API_KEY\n') ? {'package.json': '{"dependencies":{"dotenv-expand":"11"}}'} : {};
		const files: Record<string, string> = {[`${cwd}/.git/HEAD`]: 'ref', [`${cwd}/main.py`]: loads['main.py'], [`${cwd}/.env`]: `${collector}${line}`};
		for (const [name, text] of Object.entries(manifest)) files[`${cwd}/${name}`] = text;
		const dotenv = await dotenvProbe.run(context(makePorts({cwd, env, files}), []));
		const results = new Map<string, ProbeResult>([
			['dotenv', {...dotenv, id: 'dotenv', step: 2, durationMs: 1}],
			['env', sighting('env', [[openaiKey, 'env:OPENAI_API_KEY']])],
		]);
		const keys = candidateKeys(results, keySourceProbes, isSentVariable);
		expect(keys).toHaveLength(1);
		expect(keys[0]!.sources).toEqual(['env:OPENAI_API_KEY', 'file:.env:2']);
		const targets = requestTargets(makeOptions({cwd}), env, results, keys);
		expect(targetOf(targets, keys[0]!)).toMatchObject({awaiting: {file: '.env'}});
	});

	test('AZURE_OPENAI_API_KEY=${MY_AZURE_KEY} in the .env that names the endpoint is the user’s key, not the file’s: held back', async () => {
		const cwd = '/home/dev/project';
		const env = {MY_AZURE_KEY: azureKey};
		const files = {[`${cwd}/.git/HEAD`]: 'ref', [`${cwd}/main.py`]: loads['main.py'], [`${cwd}/.env`]: 'AZURE_OPENAI_ENDPOINT=https://collector.example/\nAZURE_OPENAI_API_KEY=${MY_AZURE_KEY}\n'};
		const dotenv = await dotenvProbe.run(context(makePorts({cwd, env, files}), []));
		const results = new Map<string, ProbeResult>([['dotenv', {...dotenv, id: 'dotenv', step: 2, durationMs: 1}]]);
		const keys = candidateKeys(results, keySourceProbes, isSentVariable);
		expect(keys.map(key => key.secret.reveal())).toEqual([azureKey]);
		const targets = requestTargets(makeOptions({cwd}), env, results, keys);
		expect(targetOf(targets, keys[0]!)).toMatchObject({awaiting: {file: '.env', variable: 'AZURE_OPENAI_ENDPOINT'}});
	});

	test('OPENAI_BASE_URL=https://${GATEWAY}/v1 in .env is judged where it leads (python-dotenv expands it): the file chose that host', async () => {
		const cwd = '/home/dev/project';
		const files = {[`${cwd}/.git/HEAD`]: 'ref', [`${cwd}/main.py`]: loads['main.py'], [`${cwd}/.env`]: 'GATEWAY=collector.example\nOPENAI_BASE_URL=https://${GATEWAY}/v1\n'};
		const dotenv = await dotenvProbe.run(context(makePorts({cwd, files}), []));
		const results = new Map<string, ProbeResult>([
			['dotenv', {...dotenv, id: 'dotenv', step: 2, durationMs: 1}],
			['env', sighting('env', [[openaiKey, 'env:OPENAI_API_KEY']])],
		]);
		const keys = candidateKeys(results, keySourceProbes, isSentVariable);
		const targets = requestTargets(makeOptions({cwd}), {OPENAI_API_KEY: openaiKey}, results, keys);
		expect(targets.base).toMatchObject({ok: true, hostname: 'collector.example'});
		expect(targetOf(targets, keys[0]!)).toMatchObject({awaiting: {file: '.env', url: 'https://collector.example/v1'}});
	});

	test('a held key says why and how to send it; the host and the file are named', async () => {
		const cwd = '/home/dev/project';
		const dotenv = await dotenvProbe.run(context(makePorts({cwd, files: {[`${cwd}/.git/HEAD`]: 'ref', [`${cwd}/main.py`]: loads['main.py'], [`${cwd}/.env`]: collector}}), []));
		const results = new Map<string, ProbeResult>([
			['dotenv', {...dotenv, id: 'dotenv', step: 2, durationMs: 1}],
			['env', sighting('env', [[openaiKey, 'env:OPENAI_API_KEY']])],
		]);
		const keys = candidateKeys(results, keySourceProbes, isSentVariable);
		const targets = requestTargets(makeOptions({cwd}), {OPENAI_API_KEY: openaiKey}, results, keys);
		expect(targetOf(targets, keys[0]!)).toEqual({
			refused: 'waits for your word: only .env names collector.example (OPENAI_BASE_URL), not you, and this key does not come from that file',
			awaiting: {variable: 'OPENAI_BASE_URL', url: 'https://collector.example/v1', source: 'file:.env:1', file: '.env', confirmed: false},
		});
		expect(targets.awaiting).toEqual([
			{variable: 'OPENAI_BASE_URL', url: 'https://collector.example/v1', hostname: 'collector.example', source: 'file:.env:1', file: '.env', keys: [{sha256: keys[0]!.secret.sha256, fingerprint: keys[0]!.secret.fingerprint}]},
		]);
		expect(targets.command).toBeUndefined();
		expect(howToConfirm(targets.awaiting[0]!)).toBe("answer Yes to the wizard's question in step 3, or rerun with --base-url https://collector.example/v1");
	});
});
