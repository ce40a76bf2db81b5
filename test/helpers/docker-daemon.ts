/**
 * A real docker daemon for the tests that need one (Debian's docker.io: vfs storage, no
 * iptables, no bridge, its socket under the run folder), started once per test run by
 * the first test that asks, shared by the others, stopped by the global teardown. An
 * image holding busybox-static is imported from a tar (no registry). Where no daemon
 * can start (not root, no dockerd, no busybox), the tests say why and skip.
 */
import {execFile, spawn} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {inject} from 'vitest';

const run = promisify(execFile);

/** The image the tests create containers from. */
export const testImage = 'kw-busybox:test';

/** A running daemon: `DOCKER_HOST` for it. */
export type DockerDaemon = {host: string};

let started: Promise<DockerDaemon | {skip: string}> | undefined;

/** Starts (or joins) the test run's daemon; `{skip}` with the reason when it cannot. */
export function dockerDaemon(): Promise<DockerDaemon | {skip: string}> {
	started ??= start();
	return started;
}

async function start(): Promise<DockerDaemon | {skip: string}> {
	if (process.getuid?.() !== 0) return {skip: 'docker tests skipped: a test docker daemon needs root'};
	const dockerd = await which('dockerd');
	const docker = await which('docker');
	const busybox = existsSync('/bin/busybox') ? '/bin/busybox' : await which('busybox');
	if (!dockerd || !docker) return {skip: 'docker tests skipped: dockerd or docker is not installed (apt-get install docker.io)'};
	if (!busybox || !isStatic(busybox)) return {skip: 'docker tests skipped: busybox-static is not installed (apt-get install busybox-static)'};
	const dir = inject('dockerRunDir');
	const host = `unix://${path.join(dir, 'd.sock')}`;
	// One process starts the daemon: mkdir is atomic, the others wait for its socket.
	let owner = false;
	try {
		mkdirSync(path.join(dir, 'lock'));
		owner = true;
	} catch {}

	if (owner) {
		const log = openSync(path.join(dir, 'dockerd.log'), 'a');
		const child = spawn(
			dockerd,
			[
				'--iptables=false',
				'--ip6tables=false',
				'--bridge=none',
				'--storage-driver=vfs',
				`--data-root=${path.join(dir, 'data')}`,
				`--exec-root=${path.join(dir, 'exec')}`,
				`--pidfile=${path.join(dir, 'dockerd.pid')}`,
				`--host=${host}`,
			],
			{detached: true, stdio: ['ignore', log, log]},
		);
		child.unref();
		child.on('error', () => writeFileSync(path.join(dir, 'failed'), 'spawn failed'));
	}

	const ready = await waitFor(async () => (await run(docker, ['-H', host, 'version', '--format', '{{.Server.Version}}'], {timeout: 5000}).then(() => true, () => false)) || existsSync(path.join(dir, 'failed')), 60_000);
	if (!ready || existsSync(path.join(dir, 'failed'))) {
		const log = existsSync(path.join(dir, 'dockerd.log')) ? readFileSync(path.join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-3).join(' ') : '';
		return {skip: `docker tests skipped: the test daemon did not start (${log.slice(0, 300)})`};
	}

	if (owner) await importImage(docker, host, dir, busybox);
	else await waitFor(async () => existsSync(path.join(dir, 'image-ready')), 60_000);
	return {host};
}

/** `docker import` of a folder holding busybox: a two-megabyte image, no registry. */
async function importImage(docker: string, host: string, dir: string, busybox: string): Promise<void> {
	const root = path.join(dir, 'rootfs');
	mkdirSync(path.join(root, 'bin'), {recursive: true});
	copyFileSync(busybox, path.join(root, 'bin', 'busybox'));
	chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
	for (const tool of ['sh', 'sleep', 'env']) symlinkSync('busybox', path.join(root, 'bin', tool));
	const tar = path.join(dir, 'rootfs.tar');
	await run('tar', ['-C', root, '-cf', tar, '.']);
	await run(docker, ['-H', host, 'import', '--change', 'CMD ["/bin/sleep","3600"]', tar, testImage], {timeout: 60_000});
	writeFileSync(path.join(dir, 'image-ready'), '');
}

/** Runs docker against the test daemon; rejects on failure (tests set up their world with it). */
export async function docker(daemon: DockerDaemon, args: string[]): Promise<string> {
	const {stdout} = await run('docker', ['-H', daemon.host, ...args], {timeout: 60_000});
	return stdout.trim();
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (await check()) return true;
		await new Promise(resolve => setTimeout(resolve, 250));
	}

	return false;
}

async function which(command: string): Promise<string | undefined> {
	const found = await run('sh', ['-c', `command -v ${command}`]).catch(() => undefined);
	return found?.stdout.trim() || undefined;
}

function isStatic(file: string): boolean {
	// A dynamically linked busybox would find no libc in the image.
	const head = readFileSync(file).subarray(0, 4096).toString('latin1');
	return !head.includes('/lib64/ld-linux') && !head.includes('/lib/ld-linux');
}
