// `npm run bench`: the figures of issue 12, each as a ratio against its yardstick measured
// in the same run. Whole processes, in a clean environment (only PATH, HOME and what the
// setup names: no NODE_OPTIONS, no NODE_EXTRA_CA_CERTS), yardstick and key-wizard run
// alternately (the order flips each round), the median of BENCH_RUNS (default 9) rounds,
// and the spread (min–max) shown. The ratio is the median of the per-round ratios, so a
// load spike on a shared machine hits both sides of a round alike.
//  - `--json` full diagnosis vs the SDK one-liner (`new OpenAI().models.list()`), both on a
//    loopback stand-in of the API, a revoked key in the environment and a working one in .env;
//    then the same in a project with a compose file, a Dockerfile and a CI workflow, in a
//    Node app's git repository, and on an installed package's first run (no code cache yet);
//  - `--json` peak RSS vs the SDK one-liner's;
//  - `--json --no-network`, no key, vs `node -e 0`, then on an installed package's first run;
//  - the wizard's first frame in a pty vs a bare `node -e` print there, and its first
//    diagnosis with a .bashrc that takes 2 s (it must not wait for the shell);
//  - the npm tarball's size;
//  - then the in-process figures (local probes, five live checks, the 10 000-file code scan).
import {spawn, spawnSync} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// BENCH_CLI=path/to/cli.js measures another build (an older commit's, for a before/after) in the same world.
const cli = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(root, 'dist/cli.js');
const node = process.execPath;
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 9));
const work = mkdtempSync(path.join(tmpdir(), 'kw-bench-'));
const home = path.join(work, 'home');
const slowHome = path.join(work, 'slow-home');
const project = path.join(work, 'project');
const emptyProject = path.join(work, 'empty');
// A project that also runs in containers and CI: compose, a Dockerfile and a GitHub workflow (docker, where installed, is asked).
const deployedProject = path.join(work, 'deployed-project');
// A Node app as its repository holds it: git, 200 source files, the openai package installed in node_modules (ignored by git).
const nodeProject = path.join(work, 'node-project');
for (const folder of [home, slowHome, project, emptyProject, deployedProject, nodeProject]) mkdirSync(folder);

// Two keys of the real shape (reference §7), made here so no key-shaped literal is in the repository.
const body = (length, step) => Array.from({length}, (_, i) => 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7'[(i * step) % 27]).join('');
const workingKey = `sk-proj-${body(74, 7)}T3BlbkFJ${body(74, 7)}`;
const revokedKey = `sk-proj-${body(74, 5)}T3BlbkFJ${body(74, 5)}`;
writeFileSync(path.join(project, '.env'), `OPENAI_API_KEY=${workingKey}\n`);
writeFileSync(path.join(deployedProject, '.env'), `OPENAI_API_KEY=${workingKey}\n`);
writeFileSync(path.join(deployedProject, 'compose.yaml'), 'services:\n  api:\n    build: .\n    env_file: .env\n    ports:\n      - "8000:8000"\n  worker:\n    image: python:3.12-slim\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY:-}\n');
writeFileSync(path.join(deployedProject, 'Dockerfile'), 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/app.py"]\n');
writeFileSync(path.join(deployedProject, '.dockerignore'), '.env\n');
mkdirSync(path.join(deployedProject, '.github/workflows'), {recursive: true});
writeFileSync(path.join(deployedProject, '.github/workflows/ci.yml'), 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - uses: actions/checkout@v4\n      - run: pytest\n');
mkdirSync(path.join(nodeProject, 'src'));
writeFileSync(path.join(nodeProject, '.env'), `OPENAI_API_KEY=${workingKey}\n`);
writeFileSync(path.join(nodeProject, '.gitignore'), 'node_modules\n.env\n');
writeFileSync(path.join(nodeProject, 'package.json'), '{"name":"app","type":"module","dependencies":{"dotenv":"^17.0.0","openai":"^6.0.0"}}\n');
writeFileSync(path.join(nodeProject, 'src/index.js'), "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n");
for (let index = 0; index < 200; index++) writeFileSync(path.join(nodeProject, 'src', `module-${index}.js`), `export const answer${index} = () => ${index};\n`);
for (const name of ['openai', 'dotenv']) cpSync(path.join(root, 'node_modules', name), path.join(nodeProject, 'node_modules', name), {recursive: true});
const git = (...args) => spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args], {cwd: nodeProject, encoding: 'utf8'});
const nodeProjectReady = git('init', '-q').status === 0 && git('add', '-A').status === 0 && git('commit', '-q', '-m', 'app').status === 0;
// An nvm-like profile: two seconds before the shell is ready.
writeFileSync(path.join(slowHome, '.bashrc'), 'sleep 2\n');
writeFileSync(path.join(slowHome, '.bash_profile'), '. "$HOME/.bashrc"\n');

const sdkOneLiner = path.join(work, 'sdk-one-liner.mjs');
writeFileSync(
	sdkOneLiner,
	`import OpenAI from ${JSON.stringify(pathToFileURL(path.join(root, 'node_modules/openai/index.mjs')).href)};\n` +
		`try { await new OpenAI().models.list(); console.log('ok'); } catch (error) { console.log(error.status ?? error.message); }\n`,
);
// A CommonJS hook (--require): an ES module one would start Node's ES module loader in key-wizard's process, which never does.
const rssHook = path.join(work, 'rss.cjs');
writeFileSync(rssHook, "process.on('exit',()=>{if(process.env.KW_RSS_OUT)require('node:fs').writeFileSync(process.env.KW_RSS_OUT,String(process.resourceUsage().maxRSS))});\n");

// What the wizard shows once it has a diagnosis to show (BENCH_DIAGNOSIS_MARKER when its screens change).
const diagnosisMarker = process.env.BENCH_DIAGNOSIS_MARKER ?? 'Keys found';
const cleanEnv = {PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8'};
// key-wizard runs its core with a V8 code cache (runner/code-cache.ts): the build leaves
// one for the Node that built it in dist/chunks/code-cache/, an installed package makes
// its own in ~/.cache/key-wizard on its first run. The "first run" rows run a copy of dist
// without the build's cache, each time with an empty cache folder: an npm install's first run.
const installedCli = path.join(work, 'installed', path.basename(cli));
cpSync(path.dirname(cli), path.dirname(installedCli), {recursive: true, filter: source => path.basename(source) !== 'code-cache'});
let emptyCaches = 0;
const withEmptyCodeCache = env => ({...env, KEY_WIZARD_CACHE_DIR: path.join(work, `code-cache-${emptyCaches++}`)});
const median = values => {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)];
};

/** Wall milliseconds and peak RSS (MB) of one whole process. */
function timeProcess(args, env, {rss = false, cwd = project} = {}) {
	const out = path.join(work, `rss-${process.hrtime.bigint()}`);
	const started = performance.now();
	const result = spawnSync(node, rss ? ['--require', rssHook, ...args] : args, {cwd, env: rss ? {...env, KW_RSS_OUT: out} : env, encoding: 'utf8'});
	const ms = performance.now() - started;
	const rssMb = rss ? Number(readFileSync(out, 'utf8')) / 1024 : Number.NaN;
	return {ms, rssMb, status: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** Milliseconds from spawn until `marker` shows in a pty's output; `keys` are typed once `after` has shown. */
function timeInPty(command, marker, env, {after, keys} = {}) {
	return new Promise(resolve => {
		const started = performance.now();
		const child = spawn('script', ['-qfec', command, '/dev/null'], {cwd: project, env: {...env, TERM: 'xterm-256color', COLUMNS: '100', LINES: '40'}});
		let seen = '';
		let typed = false;
		let done = false;
		const finish = value => {
			if (done) return;
			done = true;
			child.kill('SIGKILL');
			resolve(value);
		};

		child.stdout.on('data', chunk => {
			seen += chunk.toString('utf8');
			if (after && !typed && seen.includes(after)) {
				typed = true;
				child.stdin.write(keys);
			}

			if ((!after || typed) && seen.includes(marker)) finish(performance.now() - started);
		});
		child.on('exit', () => finish(Number.NaN));
		setTimeout(() => finish(Number.NaN), 20_000);
	});
}

/** Runs `yardstick` and `subject` alternately; medians, spreads and the median per-round ratio. */
async function sideBySide(yardstick, subject) {
	const pairs = [];
	for (let index = 0; index < runs; index++) {
		if (index % 2 === 0) {
			const a = await yardstick();
			pairs.push([a, await subject()]);
		} else {
			const b = await subject();
			pairs.push([await yardstick(), b]);
		}
	}

	return pairs;
}

const figures = [];
/** One row of the table: what, key-wizard's median (spread), the yardstick's, the ratio, the target. */
function figure(name, subject, yardstick, unit, target, extra = '', {limit} = {}) {
	const ratios = subject.map((value, index) => value / yardstick[index]);
	const ratio = median(ratios);
	const met = limit === undefined ? ratio <= target : median(subject) <= limit;
	figures.push({name, subject: summary(subject, unit), yardstick: summary(yardstick, unit), ratio, ratioSpread: spread(ratios), target: limit === undefined ? `${target}×` : `${limit} ${unit}`, met, extra});
}

const round = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const spread = values => {
	const finite = values.filter(Number.isFinite);
	return finite.length === 0 ? 'n/a' : `${round(Math.min(...finite), 2)}–${round(Math.max(...finite), 2)}`;
};
const summary = (values, unit) => {
	const finite = values.filter(Number.isFinite);
	if (finite.length === 0) return 'n/a';
	return `${round(median(finite))} ${unit} (${round(Math.min(...finite))}–${round(Math.max(...finite))})`;
};

let standIn;
let inProcessFigures = {};
try {
	const standInScript = path.join(work, 'stand-in.mjs');
	await build({entryPoints: [path.join(root, 'test/bench/stand-in.ts')], outfile: standInScript, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error'});
	standIn = spawn(node, [standInScript, JSON.stringify({[workingKey]: {behaviour: 'valid'}, [revokedKey]: {behaviour: 'revoked'}})], {stdio: ['pipe', 'pipe', 'inherit']});
	const baseUrl = await new Promise((resolve, reject) => {
		let text = '';
		standIn.stdout.on('data', chunk => {
			text += chunk;
			if (text.includes('\n')) resolve(text.trim());
		});
		standIn.on('exit', () => reject(new Error('the stand-in of the API did not start')));
	});

	// 1. The full diagnosis against the SDK one-liner, same world: the revoked key in the environment, the working one in .env.
	const fullEnv = {...cleanEnv, SHELL: '/bin/bash', OPENAI_API_KEY: revokedKey, OPENAI_BASE_URL: baseUrl};
	const check = timeProcess([cli, '--json'], fullEnv);
	const report = JSON.parse(check.stdout);
	if (process.env.BENCH_SHOW_PROBES) for (const probe of [...report.probes].sort((a, b) => b.durationMs - a.durationMs).slice(0, 10)) console.log(`  ${probe.id} ${probe.durationMs} ms ${probe.status}`);
	const sdkCheck = timeProcess([sdkOneLiner], fullEnv);
	if (sdkCheck.stdout.trim() !== '401') throw new Error(`the SDK one-liner did not get the stand-in's 401: ${sdkCheck.stdout}${sdkCheck.stderr}`);
		const full = await sideBySide(async () => timeProcess([sdkOneLiner], fullEnv).ms, async () => timeProcess([cli, '--json'], fullEnv).ms);
	figure('`--json` full diagnosis (all probes, live check and curl for both keys)', full.map(pair => pair[1]), full.map(pair => pair[0]), 'ms', 0.8,
		`verdict ${report.verdict}, causes ${report.causes.map(cause => cause.id).join(', ')}; keys live: ${report.keys.map(key => key.live).join(', ')}`);

	// The same in the project that also runs in containers and CI.
	const deployedReport = JSON.parse(timeProcess([cli, '--json'], fullEnv, {cwd: deployedProject}).stdout);
	const deployed = await sideBySide(async () => timeProcess([sdkOneLiner], fullEnv, {cwd: deployedProject}).ms, async () => timeProcess([cli, '--json'], fullEnv, {cwd: deployedProject}).ms);
	figure('`--json` full diagnosis, in a project with a compose file, a Dockerfile and a CI workflow', deployed.map(pair => pair[1]), deployed.map(pair => pair[0]), 'ms', 0.8,
		`causes ${deployedReport.causes.map(cause => cause.id).join(', ')}; slowest probes ${[...deployedReport.probes].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3).map(probe => probe.id).join(', ')}`);

	// The same in the Node app's repository: git's file list and history, the code scan, node_modules' openai.
	if (nodeProjectReady) {
		const nodeReport = JSON.parse(timeProcess([cli, '--json'], fullEnv, {cwd: nodeProject}).stdout);
		const inNodeProject = await sideBySide(async () => timeProcess([sdkOneLiner], fullEnv, {cwd: nodeProject}).ms, async () => timeProcess([cli, '--json'], fullEnv, {cwd: nodeProject}).ms);
		figure('`--json` full diagnosis, in a Node app\'s git repository (200 source files, openai in node_modules)', inNodeProject.map(pair => pair[1]), inNodeProject.map(pair => pair[0]), 'ms', 0.8,
			`causes ${nodeReport.causes.map(cause => cause.id).join(', ')}; slowest probes ${[...nodeReport.probes].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3).map(probe => probe.id).join(', ')}`);
	} else {
		console.warn('bench: git could not make the Node app\'s repository; that row is left out.');
	}

	// The same on a first run: an empty code-cache folder each time, so the core is compiled, and its cache written at exit.
	const fullCold = await sideBySide(async () => timeProcess([sdkOneLiner], fullEnv).ms, async () => timeProcess([installedCli, '--json'], withEmptyCodeCache(fullEnv)).ms);
	figure('`--json` full diagnosis, first run of an installed package (no code cache yet)', fullCold.map(pair => pair[1]), fullCold.map(pair => pair[0]), 'ms', 0.8);

	const rss = await sideBySide(async () => timeProcess([sdkOneLiner], fullEnv, {rss: true}).rssMb, async () => timeProcess([cli, '--json'], fullEnv, {rss: true}).rssMb);
	figure('`--json` peak RSS', rss.map(pair => pair[1]), rss.map(pair => pair[0]), 'MB', undefined, '', {limit: 75});

	// 2. No network, no key anywhere (an empty folder, nothing set): mostly Node's start and module loading.
	const bare = await sideBySide(async () => timeProcess(['-e', '0'], cleanEnv, {cwd: emptyProject}).ms, async () => timeProcess([cli, '--json', '--no-network'], cleanEnv, {cwd: emptyProject}).ms);
	figure('`--json --no-network`, no key, clean environment', bare.map(pair => pair[1]), bare.map(pair => pair[0]), 'ms', 2.5, 'yardstick: `node -e 0`');
	const bareCold = await sideBySide(async () => timeProcess(['-e', '0'], cleanEnv, {cwd: emptyProject}).ms, async () => timeProcess([installedCli, '--json', '--no-network'], withEmptyCodeCache(cleanEnv), {cwd: emptyProject}).ms);
	figure('`--json --no-network`, first run of an installed package', bareCold.map(pair => pair[1]), bareCold.map(pair => pair[0]), 'ms', 2.5);

	// 3. The wizard in a pty: its first frame, and its first diagnosis with a 2 s .bashrc.
	const quote = JSON.stringify;
	const frame = await sideBySide(
		() => timeInPty(`${quote(node)} -e "console.log('ready')"`, 'ready', cleanEnv),
		() => timeInPty(`${quote(node)} ${quote(cli)} --no-network`, 'key-wizard', cleanEnv),
	);
	figure('wizard first frame in a pty', frame.map(pair => pair[1]), frame.map(pair => pair[0]), 'ms', 1.5, 'yardstick: a bare `node -e` print in a pty');

	const slowEnv = {...fullEnv, HOME: slowHome};
	const diagnosis = [];
	const slowShell = [];
	for (let index = 0; index < runs; index++) {
		// The first screen is step 1: the keys found and their live checks, drawn before the slow shell ends.
		diagnosis.push(await timeInPty(`${quote(node)} ${quote(cli)}`, diagnosisMarker, slowEnv));
		slowShell.push(await timeInPty('bash -lic "echo shell-ready"', 'shell-ready', slowEnv));
	}

	figure('wizard first step screen (keys found), .bashrc that takes 2 s', diagnosis, slowShell, 'ms', 1, 'yardstick: that login shell alone; below 1× = it did not wait');

	// 4. The npm tarball.
	const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root, encoding: 'utf8'});
	const tarballKb = pack.status === 0 ? JSON.parse(pack.stdout)[0].size / 1024 : Number.NaN;
	figures.push({name: 'npm tarball', subject: `${round(tarballKb)} KB`, yardstick: '400 KB', ratio: tarballKb / 400, ratioSpread: '', target: '400 KB', met: tarballKb <= 400, extra: ''});

	// 5. In-process figures (probes called directly; BENCH_IN_PROCESS=0 leaves them out): bundle that script on the fly.
	if (process.env.BENCH_IN_PROCESS !== '0') {
		const bundled = path.join(work, 'in-process.mjs');
		await build({entryPoints: [path.join(root, 'test/bench/in-process.bench.ts')], outfile: bundled, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error',
			banner: {js: "import {createRequire as __kwCreateRequire} from 'node:module';const require=__kwCreateRequire(import.meta.url);"}});
		const inProcess = spawnSync(node, [bundled], {cwd: root, encoding: 'utf8', env: {...process.env, BENCH_RUNS: String(runs)}});
		inProcessFigures = inProcess.status === 0 ? JSON.parse(inProcess.stdout.trim().split('\n').at(-1)) : {inProcess: `not run: ${(inProcess.stderr || inProcess.stdout).split('\n')[0]}`};
	}
} finally {
	standIn?.stdin.end();
	standIn?.kill();
	rmSync(work, {recursive: true, force: true});
}

const [load] = (() => {
	try {
		return readFileSync('/proc/loadavg', 'utf8').split(' ');
	} catch {
		return ['?'];
	}
})();
console.log(`key-wizard benchmark (${path.relative(root, cli)}): median of ${runs} alternating rounds, node ${process.version}, ${(await import('node:os')).cpus().length} CPUs, load average ${load}\n`);
console.log('| figure | key-wizard | yardstick | ratio (spread) | target |');
console.log('|---|---|---|---|---|');
for (const row of figures) {
	const verdict = row.met === undefined ? '' : row.met ? 'met' : '**missed**';
	console.log(`| ${row.name} | ${row.subject} | ${row.yardstick} | ${round(row.ratio, 2)}× ${row.ratioSpread ? `(${row.ratioSpread})` : ''} | ≤ ${row.target}: ${verdict} |`);
}

for (const row of figures) if (row.extra) console.log(`- ${row.name}: ${row.extra}`);
console.log('\nIn process:');
for (const [name, value] of Object.entries(inProcessFigures)) console.log(`  ${name.padEnd(28)} ${typeof value === 'number' ? round(value, 1) : value}`);
