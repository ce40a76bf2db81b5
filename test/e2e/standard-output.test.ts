import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

/**
 * A headless run writes its report to a pipe or a file with synchronous writes and never
 * builds Node's stdout stream (runner/standard-output.ts). These runs hold it to that, and
 * to what the stream gave: every byte through a pipe whose reader is behind, and a clear
 * line when the reader is gone. The pipes are made by Python, which can make the write end
 * non-blocking and shrink it to one page, as a parent process may hand them over.
 */

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find(file => existsSync(file));
let work: string;
let home: string;

beforeAll(async () => {
	work = await mkdtemp(path.join(tmpdir(), 'kw-stdout-'));
	home = path.join(work, 'home');
	await mkdir(home);
});

afterAll(async () => {
	await rm(work, {recursive: true, force: true});
});

const env = () => ({PATH: process.env.PATH!, HOME: home, SHELL: '/bin/sh', LANG: 'C.UTF-8'});

// argv: the command to run with its stdout on a pipe of one page (4096 bytes), non-blocking
// on the writer's side. The reader waits before reading (the writer meets a full pipe), or
// with "closed" first, is gone before the writer starts. Prints what it read; exits with the
// command's exit code.
const pipeHarness = `
import fcntl, os, subprocess, sys, time
mode, command = sys.argv[1], sys.argv[2:]
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ: one page
os.set_blocking(w, False)
if mode == 'closed':
    os.close(r)
child = subprocess.Popen(command, stdout=w, stdin=subprocess.DEVNULL)
os.close(w)
data = b''
if mode == 'slow-reader':
    time.sleep(1.5)
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
sys.stdout.buffer.write(data)
sys.exit(child.wait())
`;

/** `--json --no-network` with its stdout on the harness's pipe. */
async function jsonThroughPipe(mode: 'slow-reader' | 'closed') {
	return execa(python!, ['-c', pipeHarness, mode, process.execPath, cli, '--json', '--no-network'], {cwd: work, env: env(), extendEnv: false, reject: false, timeout: 60_000});
}

describe.skipIf(!python)('the report on a pipe (skipped: no python3 to make the pipes)', () => {
	it('a non-blocking pipe of one page whose reader is behind: the whole report arrives, and the exit code is the verdict', async () => {
		const result = await jsonThroughPipe('slow-reader');
		// Larger than the pipe: the synchronous write met EAGAIN and handed the rest to the stream.
		expect(Buffer.byteLength(result.stdout)).toBeGreaterThan(4096);
		const report = JSON.parse(result.stdout);
		expect(report).toMatchObject({schemaVersion: 1, verdict: 'problem'});
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(1);
	});

	it('a pipe whose reader is gone: one line on stderr that says so, and exit 4', async () => {
		const result = await jsonThroughPipe('closed');
		expect(result.stderr).toBe('key-wizard: could not write the report to standard output (the reading end of the pipe was closed).');
		expect(result.exitCode).toBe(4);
	});
});

describe('what a headless run loads', () => {
	it('neither stdout\'s stream, Node\'s net, tty and stream modules nor its ES module loader, on a pipe and on a file', async () => {
		// A CommonJS hook, run with --require: an ES module one (--import) would start the ES module loader itself.
		const hook = path.join(work, 'loaded-modules.cjs');
		await writeFile(
			hook,
			"process.on('exit', () => require('node:fs').writeFileSync(process.env.KW_LOADED_OUT, process.moduleLoadList.join('\\n')));\n",
		);
		// No SHELL: no login shell to start, so no child process (whose pipes would load net) in this empty folder.
		const {SHELL: _shell, ...withoutShell} = env();
		for (const target of ['pipe', 'file'] as const) {
			const out = path.join(work, `loaded-${target}.txt`);
			const report = path.join(work, 'report.json');
			const args = ['--require', hook, cli, '--json', '--no-network'];
			const result =
				target === 'pipe'
					? await execa(process.execPath, args, {cwd: work, env: {...withoutShell, KW_LOADED_OUT: out}, extendEnv: false, reject: false, stdin: 'ignore'})
					: await execa('sh', ['-c', `exec "$0" "$@" > '${report}'`, process.execPath, ...args], {cwd: work, env: {...withoutShell, KW_LOADED_OUT: out}, extendEnv: false, reject: false, stdin: 'ignore'});
			expect(result.exitCode).toBe(1);
			expect(JSON.parse(target === 'pipe' ? result.stdout : await readFile(report, 'utf8'))).toMatchObject({verdict: 'problem'});
			const loaded = (await readFile(out, 'utf8')).split('\n');
			// The check itself is live: the run did load the modules it needs.
			expect(loaded).toContain('NativeModule vm');
			// cli.js is CommonJS: on Node 20 an ES module entry would start the ES module loader, which reads it through fs/promises (and readline).
			const esModuleLoader = ['NativeModule internal/modules/esm/module_job', 'NativeModule internal/modules/esm/translators', 'NativeModule internal/fs/promises', 'NativeModule internal/readline/interface'];
			for (const unwanted of ['NativeModule net', 'NativeModule tty', 'NativeModule stream', 'NativeModule fs/promises', 'NativeModule internal/fs/sync_write_stream', ...esModuleLoader]) {
				expect(loaded, `${target}: ${unwanted}`).not.toContain(unwanted);
			}
		}
	});
});
