// In-process figures for `npm run bench` (bundled and run by bench.mjs): the file-based
// local probes on ten .env files and five profiles, five keys live-checked at once
// against the loopback stand-in of the API, and the code probe's scan of a 10 000-file
// git repository (and of the same files without git). Prints one JSON line.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {codeProbe} from '../../source/core/probes/code.js';
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

	// A 10 000-file project: 200 packages of 50 source files (python and TypeScript, ~1.5 KB each).
	const repo = path.join(work, 'big');
	for (let index = 0; index < 10_000; index++) {
		const dir = path.join(repo, 'src', `pkg${index % 200}`);
		mkdirSync(dir, {recursive: true});
		const body = index % 2 ? `import os\nfrom .util import helper\n\n\ndef run_${index}(x):\n    return helper(x) + ${index}\n` : `import {helper} from './util';\n\nexport function run${index}(x: number): number {\n  return helper(x) + ${index};\n}\n`;
		writeFileSync(path.join(dir, `m${index}.${index % 2 ? 'py' : 'ts'}`), body.repeat(12));
	}

	writeFileSync(path.join(repo, 'main.py'), 'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI()\n');
	const gitEnv = {...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b'};
	execFileSync('git', ['init', '-q'], {cwd: repo});
	execFileSync('git', ['add', '-A'], {cwd: repo, env: gitEnv});
	execFileSync('git', ['commit', '-qm', 'bench'], {cwd: repo, env: gitEnv});
	const timeScan = async (ports: ReturnType<typeof createRealPorts>) => {
		const times: number[] = [];
		for (let index = 0; index < runs + 1; index++) {
			const started = performance.now();
			const outcome = await codeProbe.run(context(ports, [], {cwd: repo}));
			if (outcome.status !== 'pass') throw new Error(`code scan: ${outcome.summary}`);
			if (index > 0) times.push(performance.now() - started);
		}

		return median(times);
	};

	const repoPorts = createRealPorts({cwd: repo, home, env: {HOME: home, PATH: process.env.PATH}});
	const codeScan10kFilesGitMs = await timeScan(repoPorts);
	const codeScan10kFilesWalkMs = await timeScan({...repoPorts, exec: async () => ({ok: false, stdout: '', stderr: '', failure: 'not-found', message: 'no git', durationMs: 0})});
	console.log(JSON.stringify({localFileProbesMs: median(local), fiveKeysLiveCheckMs: median(live), codeScan10kFilesGitMs, codeScan10kFilesWalkMs}));
} finally {
	rmSync(work, {recursive: true, force: true});
}
