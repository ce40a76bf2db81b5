// `npm run bench`: times whole processes over several runs and prints the medians.
//  - the wizard's first frame in a pseudo-terminal (util-linux `script`) vs a bare `node -e` print there;
//  - `--json` wall time and peak RSS on a healthy setup vs bare node start-up;
//  - the file-based local probes on ten .env files and five profiles (in process);
//  - five keys live-checked concurrently against the loopback API (in process);
//  - the code probe's scan of a 10 000-file project, through git and by walking the folders (in process).
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist/cli.js');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const work = mkdtempSync(path.join(tmpdir(), 'kw-bench-'));
const home = path.join(work, 'home');
const project = path.join(work, 'project');
mkdirSync(home);
mkdirSync(project);
const body = n => Array.from({length: n}, (_, i) => 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7'[(i * 7) % 27]).join('');
const key = `sk-proj-${body(74)}T3BlbkFJ${body(74)}`;
const rssProbe = path.join(work, 'rss.mjs');
writeFileSync(rssProbe, "import {writeFileSync} from 'node:fs';process.on('exit',()=>{if(process.env.KW_RSS_OUT)writeFileSync(process.env.KW_RSS_OUT,String(process.resourceUsage().maxRSS))});\n");
const env = {PATH: process.env.PATH, HOME: home, SHELL: '/bin/sh', TERM: 'xterm-256color', OPENAI_API_KEY: key, LANG: 'C.UTF-8'};

const median = values => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
};

/** Milliseconds from spawn until `marker` appears in the pty's output. */
function timeToOutput(command, marker) {
	return new Promise(resolve => {
		const started = performance.now();
		const child = spawn('script', ['-qfec', command, '/dev/null'], {cwd: project, env: {...env, COLUMNS: '100', LINES: '40'}});
		let seen = '';
		let done = false;
		const finish = value => {
			if (done) return;
			done = true;
			child.kill('SIGKILL');
			resolve(value);
		};

		child.stdout.on('data', chunk => {
			seen += chunk.toString('utf8');
			if (seen.includes(marker)) finish(performance.now() - started);
		});
		child.on('exit', () => finish(seen.includes(marker) ? performance.now() - started : Number.NaN));
		setTimeout(() => finish(Number.NaN), 15_000);
	});
}

function timeProcess(args) {
	const out = path.join(work, `rss-${Math.random()}`);
	const started = performance.now();
	const result = spawnSync(process.execPath, ['--import', pathToFileURL(rssProbe).href, ...args], {cwd: project, env: {...env, KW_RSS_OUT: out}, encoding: 'utf8'});
	const ms = performance.now() - started;
	const rssKb = Number(readFileSync(out, 'utf8'));
	return {ms, rssMb: rssKb / 1024, status: result.status};
}

const figures = {};
try {
	const bare = [];
	const wizard = [];
	const interactive = [];
	for (let index = 0; index < runs; index++) {
		bare.push(await timeToOutput(`${JSON.stringify(process.execPath)} -e "console.log('ready')"`, 'ready'));
		wizard.push(await timeToOutput(`${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} --no-network`, 'key-wizard'));
		// The first frame Ink draws, ready for input (the key hints under the menu).
		interactive.push(await timeToOutput(`${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} --no-network`, '? keys'));
	}

	figures.bareNodePrintMs = median(bare);
	figures.firstFrameMs = median(wizard);
	figures.firstFrameRatio = figures.firstFrameMs / figures.bareNodePrintMs;
	figures.inkReadyMs = median(interactive);

	const bareStart = [];
	const json = [];
	const jsonRss = [];
	for (let index = 0; index < runs; index++) {
		bareStart.push(timeProcess(['-e', '0']).ms);
		const run = timeProcess([cli, '--json', '--no-network']);
		json.push(run.ms);
		jsonRss.push(run.rssMb);
	}

	figures.bareNodeStartMs = median(bareStart);
	figures.jsonWallMs = median(json);
	figures.jsonRatio = figures.jsonWallMs / figures.bareNodeStartMs;
	figures.jsonPeakRssMb = median(jsonRss);

	// The in-process figures call probes directly: bundle that script on the fly.
	const bundled = path.join(work, 'in-process.mjs');
	const {build} = await import('esbuild');
	await build({entryPoints: [path.join(root, 'test/bench/in-process.bench.ts')], outfile: bundled, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error',
		banner: {js: "import {createRequire as __kwCreateRequire} from 'node:module';const require=__kwCreateRequire(import.meta.url);"}});
	const inProcess = spawnSync(process.execPath, [bundled], {cwd: root, encoding: 'utf8', env: {...process.env, BENCH_RUNS: String(runs)}});
	if (inProcess.status === 0) Object.assign(figures, JSON.parse(inProcess.stdout.trim().split('\n').at(-1)));
	else figures.inProcess = `not run: ${(inProcess.stderr || inProcess.stdout).split('\n')[0]}`;
} finally {
	rmSync(work, {recursive: true, force: true});
}

const round = value => (typeof value === 'number' ? Math.round(value * 100) / 100 : value);
console.log(`key-wizard benchmark: median of ${runs} runs, node ${process.version}`);
for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(28)} ${round(value)}`);
const targets = [
	['first frame ≤ 2.5× bare node print', figures.firstFrameRatio <= 2.5],
	['--json ≤ 2× bare node start-up', figures.jsonRatio <= 2],
	['code scan of 10 000 files ≤ 1 s (git and walk)', figures.codeScan10kFilesGitMs <= 1000 && figures.codeScan10kFilesWalkMs <= 1000],
];
for (const [name, met] of targets) console.log(`  ${met ? 'met    ' : 'MISSED '} ${name}`);
