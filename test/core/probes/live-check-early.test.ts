import {describe, expect, it} from 'vitest';
import {Secret} from '../../../source/core/keys/secret.js';
import {dotenvProbe} from '../../../source/core/probes/dotenv.js';
import {envProbe} from '../../../source/core/probes/env.js';
import {liveCheckProbe, type LiveCheckData} from '../../../source/core/probes/live-check.js';
import {misnamedVarsProbe} from '../../../source/core/probes/misnamed-vars.js';
import {profilesProbe} from '../../../source/core/probes/profiles.js';
import {runProbes} from '../../../source/core/run-probes.js';
import type {ProbeDefinition} from '../../../source/core/types.js';
import {fakeApiHttp} from '../../helpers/fake-api-http.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {makeOptions} from '../../helpers/facts.js';

/**
 * The live check does not wait for a slow login shell before testing the keys the files
 * and the environment already gave it, where they go to a host the user chose; a host
 * only a project file names waits for every source, as the request plan says.
 */
function slowLoginShell(key: string, release: Promise<void>): ProbeDefinition {
	return {
		id: 'login-shell',
		step: 2,
		title: 'A fresh login shell',
		checks: 'what a new terminal exports',
		async run() {
			await release;
			return {status: 'warn', summary: 'A new terminal exports a key.', keys: [{secret: new Secret(key), source: 'login-shell:bash', origin: 'login-shell', variable: 'OPENAI_API_KEY'}]};
		},
	};
}

async function run(files: Record<string, string>, env: Record<string, string>, shellKey = makeProjectKey(7202)) {
	const http = fakeApiHttp({keys: {[env.OPENAI_API_KEY ?? '']: {}}});
	let release: () => void = () => undefined;
	const released = new Promise<void>(resolve => {
		release = resolve;
	});
	const ports = makePorts({cwd: '/home/dev/app', env, http, files});
	const sentBeforeShell: string[] = [];
	const probes = [envProbe, dotenvProbe, profilesProbe, misnamedVarsProbe, slowLoginShell(shellKey, released), liveCheckProbe] as ProbeDefinition[];
	const done = runProbes(probes, ports, makeOptions({cwd: '/home/dev/app', timeoutMs: 5000}), new AbortController().signal);
	// Let the fast sources finish and the live check start; the login shell is still out.
	await new Promise(resolve => setTimeout(resolve, 150));
	sentBeforeShell.push(...http.requests.map(request => request.headers.authorization ?? request.headers['api-key'] ?? ''));
	release();
	const results = await done;
	return {http, shellKey, sentBeforeShell, live: results.get('live-check')?.data as LiveCheckData};
}

describe('the live check starts before a slow login shell answers', () => {
	it('the environment’s key goes to the default host at once; the shell’s key after it; each key once', async () => {
		const yours = makeProjectKey(7201);
		const {http, shellKey, sentBeforeShell, live} = await run({'/home/dev/app/.git/HEAD': 'ref'}, {OPENAI_API_KEY: yours});
		expect(sentBeforeShell).toContain(`Bearer ${yours}`);
		expect(sentBeforeShell).not.toContain(`Bearer ${shellKey}`);
		const sent = http.requests.filter(request => request.path.startsWith('/v1/models')).map(request => request.headers.authorization);
		expect(sent.filter(value => value === `Bearer ${yours}`)).toHaveLength(1);
		expect(sent.filter(value => value === `Bearer ${shellKey}`)).toHaveLength(1);
		expect(live.keys.map(key => key.live).sort()).toEqual(['invalid', 'valid']);
	});

	it('a key the slow shell exports too is sent once, and its result names every place it was seen', async () => {
		const yours = makeProjectKey(7204);
		const {http, live} = await run({'/home/dev/app/.git/HEAD': 'ref'}, {OPENAI_API_KEY: yours}, yours);
		expect(http.requests.filter(request => request.headers.authorization === `Bearer ${yours}`)).toHaveLength(1);
		expect(live.keys).toHaveLength(1);
		expect(live.keys[0]!.sources).toEqual(expect.arrayContaining(['env:OPENAI_API_KEY', 'login-shell:bash']));
	});

	it('a host only the project’s .env names: nothing is sent early, and the user’s key not at all', async () => {
		const yours = makeProjectKey(7203);
		const {http, sentBeforeShell} = await run({'/home/dev/app/.git/HEAD': 'ref', '/home/dev/app/.env': 'OPENAI_BASE_URL=https://collector.example/v1\n'}, {OPENAI_API_KEY: yours});
		expect(sentBeforeShell).toEqual([]);
		expect(http.requests.some(request => request.headers.authorization === `Bearer ${yours}`)).toBe(false);
	});
});
