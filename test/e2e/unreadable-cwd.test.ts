import {chmod, cp, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeProjectKey} from '../helpers/fake-keys.js';

// An unreadable project folder (mode 000) for a user who is not root: the built CLI says
// it cannot read it, never "No .env file". Root reads every folder, so as root the run
// drops to the unprivileged `nobody` with setpriv, against a copy of dist/ it may read.
const dist = fileURLToPath(new URL('../../dist', import.meta.url));
const root = process.getuid?.() === 0;
const setpriv = root ? (await execa('setpriv', ['--version'], {reject: false})).exitCode === 0 : true;
if (!setpriv) console.warn('unreadable --cwd e2e skipped: running as root without setpriv (util-linux) to drop to another user.');

let work: string;
let cli: string;

beforeAll(async () => {
	work = await mkdtemp(path.join(tmpdir(), 'kw-unreadable-'));
	await chmod(work, 0o755);
	await cp(dist, path.join(work, 'dist'), {recursive: true});
	cli = path.join(work, 'dist', 'cli.js');
	await mkdir(path.join(work, 'home'), {mode: 0o755});
});

afterAll(async () => {
	await chmod(path.join(work, 'locked'), 0o755).catch(() => undefined);
	await rm(work, {recursive: true, force: true});
});

/** Runs the built CLI as a user who is not root. */
function runAsUser(args: string[]) {
	const command = root ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
	return execa(command[0]!, [...command.slice(1), cli, ...args], {
		cwd: work,
		env: {PATH: process.env.PATH!, HOME: path.join(work, 'home'), SHELL: '/bin/sh', OPENAI_API_KEY: makeProjectKey(4401)},
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		timeout: 60_000,
	});
}

describe.skipIf(!setpriv)('an unreadable --cwd, as a user who is not root', () => {
	it('is one clear line and exit 2, in --json and --report alike, not "No .env file"', async () => {
		const locked = path.join(work, 'locked');
		await mkdir(locked);
		await writeFile(path.join(locked, '.env'), `OPENAI_API_KEY=${makeProjectKey(4402)}\n`);
		await chmod(locked, 0o000);
		for (const mode of ['--json', '--report']) {
			const result = await runAsUser([mode, '--no-network', '--cwd', locked]);
			expect(result.stderr).toBe(`key-wizard: cannot read the project folder ${locked} (permission denied): its .env files cannot be checked. Run key-wizard as a user who may read it, or choose another folder with --cwd.`);
			expect(result.exitCode).toBe(2);
			expect(result.stdout).toBe('');
		}
	});

	it('a folder it may read still runs (the same user, the same copy of the CLI)', async () => {
		const open = path.join(work, 'open');
		// A git root of its own: the search for .env files ends there, whatever other folders hold.
		await mkdir(path.join(open, '.git'), {recursive: true, mode: 0o755});
		await chmod(open, 0o755);
		const result = await runAsUser(['--json', '--no-network', '--cwd', open]);
		expect(result.exitCode).toBe(3);
		expect(JSON.parse(result.stdout).probes.find((probe: {id: string}) => probe.id === 'dotenv').summary).toBe('No .env file in the project folder.');
	});
});
