/**
 * The live check and curl give the sources where the app runs (docker, kubectl) a share
 * of the time limit to bring their keys: a key that only a slow cluster holds is checked
 * too, and a source that never answers costs no more than that share.
 */
import {describe, expect, it} from 'vitest';
import {awaitDeployedKeySources} from '../../../source/core/api/candidate-keys.js';
import {Secret} from '../../../source/core/keys/secret.js';
import {curlProbe, type CurlData} from '../../../source/core/probes/curl.js';
import {envProbe} from '../../../source/core/probes/env.js';
import {liveCheckProbe, type LiveCheckData} from '../../../source/core/probes/live-check.js';
import {runProbes} from '../../../source/core/run-probes.js';
import type {ProbeDefinition} from '../../../source/core/types.js';
import {fakeApiHttp} from '../../helpers/fake-api-http.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {makeOptions} from '../../helpers/facts.js';
import {makePorts} from '../../helpers/fake-ports.js';

const clusterKey = makeProjectKey(8801);

/** A kubernetes probe that answers after `ms` with the key of a cluster secret (kubectl alone takes longer than the short wait). */
function slowCluster(ms: number, answered?: () => void): ProbeDefinition {
	return {
		id: 'kubernetes',
		step: 2,
		title: 'Kubernetes',
		checks: 'a slow cluster',
		async run({signal}) {
			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, ms);
				signal.addEventListener('abort', () => {
					clearTimeout(timer);
					resolve();
				});
			});
			answered?.();
			return {status: 'pass', summary: 'secret read', keys: [{secret: new Secret(clusterKey), source: 'k8s:prod/openai:OPENAI_API_KEY', origin: 'kubernetes', variable: 'OPENAI_API_KEY'}]};
		},
	};
}

describe('the wait for the keys where the app runs', () => {
	it('asks for each deployed source with a share of the time limit, and not at all without the runner', async () => {
		const asked: Array<[string, number]> = [];
		await awaitDeployedKeySources({options: makeOptions({timeoutMs: 5000}), finishedOrAfter: async (id, ms) => void asked.push([id, ms])});
		expect(asked.map(([id]) => id).sort()).toEqual(['compose', 'docker', 'dockerfile', 'kubernetes', 'serverless']);
		expect(new Set(asked.map(([, ms]) => ms))).toEqual(new Set([2000]));
		await expect(awaitDeployedKeySources({options: makeOptions()})).resolves.toBeUndefined();
	});

	it('live-checks a key a cluster brings after the short wait', async () => {
		const ports = makePorts({http: fakeApiHttp({keys: {[clusterKey]: {}}})});
		const results = await runProbes([liveCheckProbe, slowCluster(700)], ports, makeOptions({baseUrl: 'http://127.0.0.1:9/v1', baseUrlSource: 'flag'}), new AbortController().signal);
		const live = results.get('live-check')!.data as LiveCheckData;
		expect(live.keys.map(key => [key.sources[0], key.live])).toEqual([['k8s:prod/openai:OPENAI_API_KEY', 'valid']]);
	});

	it('curl: with the environment\'s key already checking, `curl --version` starts with it, not after the slow cluster', async () => {
		const envKey = makeProjectKey(8802);
		let clusterAnswered = false;
		const versionAsked: boolean[] = [];
		const ports = makePorts({
			env: {PATH: '/usr/bin', OPENAI_API_KEY: envKey},
			exec: async (_file, args) => {
				if (args[0] === '--version') {
					versionAsked.push(clusterAnswered);
					return {ok: true, exitCode: 0, stdout: 'curl 8.5.0 (x86_64-pc-linux-gnu)\n', stderr: '', durationMs: 3};
				}

				return {ok: true, exitCode: 0, stdout: 'HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\r\n{"error":{"code":"invalid_api_key"}}\n__key_wizard_status__:401', stderr: '', durationMs: 5};
			},
		});
		const results = await runProbes([envProbe, curlProbe, slowCluster(300, () => (clusterAnswered = true))], ports, makeOptions({baseUrl: 'http://127.0.0.1:9/v1', baseUrlSource: 'flag'}), new AbortController().signal);
		expect(versionAsked).toEqual([false]);
		const curl = results.get('curl')!.data as CurlData;
		expect(curl.version).toBe('curl 8.5.0');
		// Both keys were still checked: the environment's at once, the cluster's once it came.
		expect(curl.keys).toHaveLength(2);
	});

	it('a cluster that never answers in time leaves the key out, and the live check still ends within its limit', async () => {
		const ports = makePorts({http: fakeApiHttp({keys: {[clusterKey]: {}}})});
		const results = await runProbes([liveCheckProbe, slowCluster(60_000)], ports, makeOptions({baseUrl: 'http://127.0.0.1:9/v1', baseUrlSource: 'flag', timeoutMs: 1500}), new AbortController().signal);
		expect(results.get('kubernetes')!.status).toBe('timeout');
		const live = results.get('live-check')!;
		expect(live.status).toBe('skip');
		expect((live.data as LiveCheckData).keys).toEqual([]);
	});
});
