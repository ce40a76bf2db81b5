// In-process figures for `npm run bench` (bundled and run by bench.mjs): the file-based
// local probes on ten .env files and five profiles, and five keys live-checked at once
// against the loopback stand-in of the API. Prints one JSON line.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {dotenvProbe} from '../../source/core/probes/dotenv.js';
import {liveCheckProbe} from '../../source/core/probes/live-check.js';
import {misnamedVarsProbe} from '../../source/core/probes/misnamed-vars.js';
import {profilesProbe} from '../../source/core/probes/profiles.js';
import {startFakeOpenAIApi} from '../../source/runner/fake-openai-api.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {context, sighting} from '../helpers/probe-context.js';

const runs = Number(process.env.BENCH_RUNS ?? 9);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const work = mkdtempSync(path.join(tmpdir(), 'kw-bench-local-'));

try {
	const home = path.join(work, 'home');
	const project = path.join(work, 'repo', 'apps', 'web');
	mkdirSync(path.join(work, 'repo', '.git'), {recursive: true});
	mkdirSync(project, {recursive: true});
	mkdirSync(home);
	const envNames = ['.env', '.env.local', '.env.development', '.env.development.local', '.env.production', '.env.production.local', '.env.test'];
	for (const name of envNames) writeFileSync(path.join(project, name), `# ${name}\nPORT=3000\nOPENAI_API_KEY=${makeProjectKey()}\nDATABASE_URL=postgres://localhost/app\n`);
	for (const name of ['.env', '.env.local', '.env.test']) writeFileSync(path.join(work, 'repo', name), `OPENAI_API_KEY=${makeProjectKey()}\nLOG_LEVEL=debug\n`);
	for (const name of ['.bashrc', '.bash_profile', '.profile', '.zshrc', '.zprofile']) {
		writeFileSync(path.join(home, name), `# ${name}\nexport PATH="$HOME/bin:$PATH"\nalias ll='ls -l'\nexport OPENAI_API_KEY=${makeProjectKey()}\n`);
	}

	const ports = createRealPorts({cwd: project, home, env: {HOME: home, SHELL: '/bin/bash', PATH: process.env.PATH}});
	const local: number[] = [];
	for (let index = 0; index < runs + 1; index++) {
		const started = performance.now();
		await Promise.all([dotenvProbe, profilesProbe, misnamedVarsProbe].map(probe => probe.run(context(ports, [], {cwd: project}))));
		if (index > 0) local.push(performance.now() - started);
	}

	const keys = Array.from({length: 5}, () => makeProjectKey());
	const api = await startFakeOpenAIApi({keys: Object.fromEntries(keys.map((key, index) => [key, {behaviour: index % 2 === 0 ? 'valid' : 'revoked'}]))});
	const live: number[] = [];
	try {
		const seen = sighting('env', keys.map((key, index) => [key, `file:.env.${index}:1`]));
		for (let index = 0; index < runs + 1; index++) {
			const started = performance.now();
			await liveCheckProbe.run(context(createRealPorts({cwd: project, home, env: {PATH: process.env.PATH}}), [seen], {baseUrl: api.baseUrl}));
			if (index > 0) live.push(performance.now() - started);
		}
	} finally {
		await api.close();
	}

	console.log(JSON.stringify({localFileProbesMs: median(local), fiveKeysLiveCheckMs: median(live)}));
} finally {
	rmSync(work, {recursive: true, force: true});
}
