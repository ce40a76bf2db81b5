import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {diagnose} from '../../source/core/diagnose/diagnose.js';
import {allRules} from '../../source/core/diagnose/rules/index.js';
import {collectKeys} from '../../source/core/keys/collect.js';
import {allProbes} from '../../source/core/probes/index.js';
import type {LiveCheckData} from '../../source/core/probes/live-check.js';
import {runProbes} from '../../source/core/run-probes.js';
import {createDemo} from '../../source/runner/demo.js';
import {makeOptions} from '../helpers/facts.js';

describe('--demo', () => {
	test('a real temporary project: a good .env key, a stale env key shadowing it, and the stand-in API', async () => {
		process.env.KEY_WIZARD_TEST_SENTINEL = 'from-the-user-machine';
		const demo = await createDemo(makeOptions({cwd: '/somewhere/else', baseUrl: 'https://api.openai.com/v1'}));
		try {
			expect(demo.options).toMatchObject({demo: true, baseUrlSource: 'flag', cwd: demo.ports.cwd});
			expect(demo.options.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
			expect(demo.options.errorText).toBe(demo.appError);
			// The demo's own environment: nothing of the user's but PATH.
			expect(demo.ports.env.KEY_WIZARD_TEST_SENTINEL).toBeUndefined();
			expect(demo.ports.home.startsWith(demo.folder)).toBe(true);
			const dotenv = readFileSync(path.join(demo.ports.cwd, '.env'), 'utf8');
			const dotenvKey = /^OPENAI_API_KEY=(.+)$/m.exec(dotenv)![1]!;
			const envKey = demo.ports.env.OPENAI_API_KEY!;
			expect(dotenvKey).not.toBe(envKey);

			const results = await runProbes(allProbes, demo.ports, demo.options, new AbortController().signal);
			const keys = collectKeys(results, allProbes.map(probe => probe.id));
			const live = results.get('live-check')!.data as LiveCheckData;
			const verdicts = Object.fromEntries(live.keys.map(key => [key.sha256, key.live]));
			const env = keys.find(key => key.secret.reveal() === envKey)!;
			expect(verdicts[env.secret.sha256]).toBe('invalid');
			expect(env.matchesError).toBe(true);
			const dotenvFacts = keys.find(key => key.secret.reveal() === dotenvKey);
			if (dotenvFacts) expect(verdicts[dotenvFacts.secret.sha256]).toBe('valid');

			const causes = diagnose({options: demo.options, env: demo.ports.env, results, keys}, allRules);
			expect(causes.map(cause => cause.id)).toContain('key-invalid');
			const everything = JSON.stringify({causes, results: [...results.values()].map(({data: _data, keys: _keys, ...rest}) => rest)});
			expect(everything).not.toContain(envKey);
			expect(everything).not.toContain(dotenvKey);
		} finally {
			delete process.env.KEY_WIZARD_TEST_SENTINEL;
			await demo.close();
		}

		expect(existsSync(demo.folder)).toBe(false);
	});

	test('an error passed with --error is kept', async () => {
		const demo = await createDemo(makeOptions({errorText: 'Error: 401 something'}));
		try {
			expect(demo.options.errorText).toBe('Error: 401 something');
		} finally {
			await demo.close();
		}
	});
});
