// Smoke test of the built CLI under whichever Node runs this file (CI runs it under
// Node 20, 22 and 24): flags, exit codes, a JSON report, and no key in any output.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const cli = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const project = mkdtempSync(path.join(tmpdir(), 'kw-smoke-'));
const home = mkdtempSync(path.join(tmpdir(), 'kw-smoke-home-'));
// Built at run time so no key-shaped literal is committed.
const body = n => Array.from({length: n}, (_, i) => 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7'[(i * 7) % 27]).join('');
const key = `sk-proj-${body(74)}T3BlbkFJ${body(74)}`;
let failures = 0;

function run(args, env = {}) {
	const result = spawnSync(process.execPath, [cli, ...args], {
		cwd: project,
		env: {PATH: process.env.PATH, HOME: home, SHELL: '/bin/sh', NO_COLOR: '1', ...env},
		encoding: 'utf8',
		timeout: 60_000,
		input: '',
	});
	return {code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? ''};
}

function check(name, condition, detail = '') {
	if (condition) console.log(`ok - ${name}`);
	else {
		failures++;
		console.log(`not ok - ${name} ${detail}`);
	}
}

try {
	const version = run(['--version']);
	check('--version prints a version and exits 0', version.code === 0 && /^\d+\.\d+\.\d+/.test(version.stdout), JSON.stringify(version));
	const help = run(['--help']);
	check('--help shows usage', help.code === 0 && help.stdout.includes('Usage') && help.stdout.includes('--json'));
	const bad = run(['--timeout', 'abc']);
	check('a bad flag value is one line on stderr and exit 2', bad.code === 2 && bad.stderr.trim().split('\n').length === 1 && !bad.stderr.includes('    at '), JSON.stringify(bad));
	const unknown = run(['--nope']);
	check('an unknown flag exits 2', unknown.code === 2);

	const missing = run(['--json', '--no-network']);
	let report;
	try {
		report = JSON.parse(missing.stdout);
	} catch {}
	check('--json prints a schema v1 report', report?.schemaVersion === 1 && report.tool?.name === 'key-wizard', missing.stdout.slice(0, 300) + missing.stderr.slice(0, 300));
	check('no key set: exit 1 with key-missing', missing.code === 1 && report?.causes?.some(cause => cause.id === 'key-missing'), `code ${missing.code}`);

	const healthy = run(['--json', '--no-network'], {OPENAI_API_KEY: key});
	const healthyReport = JSON.parse(healthy.stdout || '{}');
	check('healthy key without network: inconclusive, exit 3, no cause', healthy.code === 3 && healthyReport.verdict === 'inconclusive' && healthyReport.causes?.length === 0, JSON.stringify(healthyReport.causes ?? healthy.stderr));
	check('the key appears only as a fingerprint', !healthy.stdout.includes(key) && healthy.stdout.includes('sk-proj-…'));

	const text = run(['--no-network'], {OPENAI_API_KEY: `${key}\n`});
	check('stdout not a terminal: plain-text report, no ANSI, no key', text.stdout.includes('Verdict') && !text.stdout.includes('\u001B[') && !text.stdout.includes(key.slice(8, 40)), text.stderr.slice(0, 300));
	check('a trailing newline is named', text.stdout.includes('key-whitespace'));

	writeFileSync(path.join(project, '.env'), `OPENAI_API_KEY=${key}\n`);
	const dotenvOnly = run(['--json', '--no-network']);
	const dotenvReport = JSON.parse(dotenvOnly.stdout || '{}');
	check('a key only in .env is a source, not key-missing', !dotenvReport.causes?.some(cause => cause.id === 'key-missing') && dotenvReport.keys?.length === 1, JSON.stringify(dotenvReport.causes ?? dotenvOnly.stderr));

	// The wizard itself, in a real terminal, where tmux is installed.
	if (spawnSync('tmux', ['-V']).status === 0) {
		const socket = `kw-smoke-${process.pid}`;
		const tmux = (...args) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
		const script = path.join(home, 'wizard.sh');
		writeFileSync(script, `#!/bin/sh\ncd '${project}'\n'${process.execPath}' '${cli}' --demo\necho "KW-EXIT=$?"\nsleep 60\n`, {mode: 0o700});
		tmux('new-session', '-d', '-s', 'smoke', '-x', '100', '-y', '40', 'env', '-i', `HOME=${home}`, `PATH=${process.env.PATH}`, 'TERM=xterm-256color', 'LANG=C.UTF-8', 'SHELL=/bin/sh', script);
		const waitFor = async text => {
			for (let tries = 0; tries < 150; tries++) {
				const screen = tmux('capture-pane', '-p', '-t', 'smoke').stdout;
				if (screen.includes(text)) return screen;
				await new Promise(resolve => setTimeout(resolve, 100));
			}

			return tmux('capture-pane', '-p', '-t', 'smoke').stdout;
		};

		const step1 = await waitFor('Step 1 of 5');
		check('the wizard opens step 1 in a real terminal (demo)', step1.includes('Step 1 of 5') && step1.includes('DEMO'), step1.slice(0, 400));
		// Ctrl-C once the wizard reads keys itself (raw mode): typed before that, the terminal turns
		// it into a SIGINT for the whole foreground group, and the sh running this script dies of it too.
		const paneTty = tmux('display-message', '-p', '-t', 'smoke', '#{pane_tty}').stdout.trim();
		for (let tries = 0; paneTty && tries < 100; tries++) {
			const mode = spawnSync('stty', ['-a', '-F', paneTty], {encoding: 'utf8'}).stdout;
			if (/(^|\s)-icanon(\s|$)/.test(mode)) break;
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		tmux('send-keys', '-t', 'smoke', 'C-c');
		const after = await waitFor('KW-EXIT=');
		check('Ctrl-C leaves the wizard with exit code 130', after.includes('KW-EXIT=130'), after.slice(-300));
		tmux('kill-server');
	} else {
		console.log('skip - the wizard in a real terminal: tmux is not installed');
	}
} finally {
	rmSync(project, {recursive: true, force: true});
	rmSync(home, {recursive: true, force: true});
}

console.log(`${failures === 0 ? 'smoke passed' : 'smoke FAILED'} on node ${process.version}`);
process.exit(failures === 0 ? 0 : 1);
