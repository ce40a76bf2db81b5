import {createHash} from 'node:crypto';
import {chmod, chown, cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa, type ResultPromise} from 'execa';
export {processesOf, until} from '../helpers/processes.js';

/**
 * The attacker's bench for the security corpus: a world on disk (a temporary HOME, a
 * project folder a cloned repository could have written, its parent), loopback servers
 * that log every byte they get (requests, CONNECT lines, raw connections) and answer
 * whatever a case tells them to, and a runner for the BUILT CLI with a clean
 * environment. Written from the issue, the cause catalog and the API reference only.
 */

const dist = fileURLToPath(new URL('../../dist', import.meta.url));
let snapshot: Promise<string> | undefined;

/** A private copy of the built CLI, readable by every user (cases run it as `nobody` too). */
export function builtCli(): Promise<string> {
	snapshot ??= (async () => {
		for (let attempt = 0; ; attempt++) {
			const folder = await mkdtemp(path.join(tmpdir(), 'kw-attack-dist-'));
			try {
				await cp(dist, folder, {recursive: true});
				await chmod(folder, 0o755);
				const cli = path.join(folder, 'cli.js');
				const version = await execa(process.execPath, [cli, '--version'], {reject: false, timeout: 20_000});
				if (version.exitCode === 0) return cli;
			} catch {}

			await rm(folder, {recursive: true, force: true});
			if (attempt >= 20) throw new Error('dist/cli.js could not be copied whole: run npm run build');
			await new Promise(resolve => setTimeout(resolve, 500));
		}
	})();
	return snapshot;
}

/** Removes the CLI copy. */
export async function dropCli(): Promise<void> {
	if (!snapshot) return;
	const cli = await snapshot;
	snapshot = undefined;
	await rm(path.dirname(cli), {recursive: true, force: true});
}

/** One thing a logging server got: an HTTP request (origin or absolute form) or a CONNECT line, as raw text. */
export type Logged = {method: string; target: string; head: string; body: string};

/** A loopback server that logs everything and answers as told. */
export type Logger = {
	host: string;
	port: number;
	/** `host:port`. */
	authority: string;
	/** `http://host:port/v1`. */
	baseUrl: string;
	requests: Logged[];
	/** TCP connections accepted, request or not. */
	connections: number;
	close(): Promise<void>;
};

/** How a logging server answers a request: raw bytes after the status line's HTTP/1.1, or never. */
export type Answer = {status: number; headers?: Array<[string, string]>; body?: string} | 'hang';

/** Headers a real OpenAI answer carries (reference §4). */
export function openAIHeaders(): Array<[string, string]> {
	return [
		['content-type', 'application/json; charset=utf-8'],
		['x-request-id', `req_${createHash('sha1').update(String(Math.random())).digest('hex').slice(0, 32)}`],
		['openai-version', '2020-10-01'],
		['openai-processing-ms', '42'],
		['x-openai-proxy-wasm', 'v0.1'],
		['server', 'cloudflare'],
	];
}

/** A 200 models list, as OpenAI sends it: what a collector answers so that a leak looks healthy. */
export const modelsOk: Answer = {
	status: 200,
	headers: [...openAIHeaders(), ['openai-organization', 'user-collector'], ['openai-project', 'proj_collector00000000000000']],
	body: JSON.stringify({object: 'list', data: [{id: 'gpt-4o-mini', object: 'model', created: 1_721_172_741, owned_by: 'system'}]}),
};

/**
 * Starts a raw HTTP/1.1 server on `host` (127.0.0.2 plays another machine): every request
 * and CONNECT line is logged with its head and body, and answered by `answer` (a CONNECT
 * gets 403 unless answered otherwise). Raw sockets, so an answer can hold bytes Node's
 * own server refuses to send (an ESC in a header).
 */
export async function startLogger(host: string, answer: (request: Logged) => Answer = () => modelsOk, connect: Answer = {status: 403, body: ''}): Promise<Logger> {
	const requests: Logged[] = [];
	const sockets = new Set<Socket>();
	const logger = {requests, connections: 0} as Logger;
	const server: Server = createServer(socket => {
		logger.connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		let buffer = Buffer.alloc(0);
		socket.on('data', (chunk: Buffer) => {
			buffer = Buffer.concat([buffer, chunk]);
			for (;;) {
				const end = buffer.indexOf('\r\n\r\n');
				if (end < 0) return;
				const head = buffer.subarray(0, end).toString('latin1');
				const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
				if (buffer.length < end + 4 + length) return;
				const body = buffer.subarray(end + 4, end + 4 + length).toString('latin1');
				buffer = buffer.subarray(end + 4 + length);
				const [method = '', target = ''] = head.split('\r\n', 1)[0]!.split(' ');
				const request = {method, target, head, body};
				requests.push(request);
				const reply = method === 'CONNECT' ? connect : answer(request);
				if (reply === 'hang') return;
				const bodyBytes = Buffer.from(reply.body ?? '', 'latin1');
				const lines = [`HTTP/1.1 ${reply.status} X`, ...(reply.headers ?? []).map(([name, value]) => `${name}: ${value}`), `content-length: ${bodyBytes.length}`, 'connection: close'];
				socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bodyBytes]));
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const port = (server.address() as {port: number}).port;
	const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
	return Object.assign(logger, {
		host,
		port,
		authority,
		baseUrl: `http://${authority}/v1`,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	});
}

/** Relative path → content (bytes kept as they are). */
export type Files = Record<string, string | Uint8Array>;

/** Where a case's world sits on disk. */
export type World = {root: string; home: string; parent: string; project: string; out: string};

/** Makes `root/home/dev/code/<projectName>` with an `out/` folder beside HOME for saved files. */
export async function makeWorld(projectName = 'app'): Promise<World> {
	const root = await mkdtemp(path.join(tmpdir(), 'kw-attack-'));
	const home = path.join(root, 'home', 'dev');
	const parent = path.join(home, 'code');
	const project = path.join(parent, projectName);
	const out = path.join(root, 'out');
	await mkdir(project, {recursive: true});
	await mkdir(out);
	return {root, home, parent, project, out};
}

/** Writes files under `base`; a name ending in `*` is written executable (without the star). */
export async function writeFiles(base: string, files: Files = {}): Promise<void> {
	for (const [relative, content] of Object.entries(files)) {
		const executable = relative.endsWith('*');
		const full = path.join(base, executable ? relative.slice(0, -1) : relative);
		await mkdir(path.dirname(full), {recursive: true});
		await writeFile(full, content);
		if (executable) await chmod(full, 0o755);
	}
}

/** Hands the whole world to `nobody`, so a case can run the CLI as an ordinary user. */
export async function giveToNobody(world: World): Promise<void> {
	await execa('chown', ['-R', '65534:65534', world.root]);
	await chmod(world.root, 0o755);
	await chown(world.root, 65_534, 65_534);
}

/** How to start the CLI. */
export type Launch = {
	args: string[];
	env: Record<string, string>;
	cwd: string;
	/** Run as nobody (65534) through setpriv. */
	asNobody?: boolean;
	/** Send stdout to this file (`/dev/full`). */
	stdoutTo?: string;

};

/** What one run printed. */
export type Output = {exitCode: number; signal?: string; stdout: string; stderr: string; timedOut: boolean};

/** Starts the built CLI; the caller awaits (or signals) `child` (wrapped: a bare subprocess is a thenable). */
export async function launch(how: Launch): Promise<{child: ResultPromise}> {
	const cli = await builtCli();
	let command = how.asNobody ? 'setpriv' : process.execPath;
	let args = how.asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cli, ...how.args] : [cli, ...how.args];
	if (how.stdoutTo) {
		// The shell opens the file as stdout itself, as `key-wizard --json > /dev/full` does.
		args = ['-c', 'out="$1"; shift; exec "$@" > "$out"', 'sh', how.stdoutTo, command, ...args];
		command = '/bin/sh';
	}

	const child = execa(command, args, {
		cwd: how.cwd,
		env: how.env,
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		stdout: 'pipe',
		timeout: 90_000,
		encoding: 'utf8',
		stripFinalNewline: false,
	});
	return {child};
}

/** Runs the built CLI to its end. */
export async function runToEnd(how: Launch): Promise<Output> {
	const result = await (await launch(how)).child;
	return {exitCode: result.exitCode ?? -1, signal: result.signal ?? undefined, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), timedOut: Boolean(result.timedOut)};
}

/** Public key prefixes (reference §7), longest first: what a fingerprint may show before the secret. */
const publicPrefixes = ['sk-ant-admin01-', 'sk-ant-api03-', 'sk-ant-oat01-', 'sk-ant-ort01-', 'sk-svcacct-', 'sk-service-', 'sk-admin-', 'sk-proj-', 'sk-None-', 'sk-or-v1-', 'pplx-', 'gsk_', 'xai-', 'AIza', 'hf_', 'sk-'];

/** The part of a key that is secret: after the public prefix a fingerprint shows. */
export function secretPart(key: string): string {
	const core = key.trim();
	const prefix = publicPrefixes.find(candidate => core.startsWith(candidate)) ?? '';
	return core.slice(prefix.length);
}

/** Every 10-character run of a key's secret part (the bar); none for a value of 12 characters or fewer. */
export function secretWindows(key: string): string[] {
	if (key.trim().length <= 12) return [];
	const secret = secretPart(key);
	const windows = new Set<string>();
	for (let start = 0; start + 10 <= secret.length; start++) windows.add(secret.slice(start, start + 10));
	return [...windows];
}

/** The first secret of `keys` that `text` holds 10 consecutive characters of, or undefined. */
export function leakedKey(text: string, keys: readonly string[]): string | undefined {
	return keys.find(key => secretWindows(key).some(window => text.includes(window)));
}

/** A character that could start or be part of a terminal escape: C0 (but tab and newline), DEL, C1. */
export const terminalControl = /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/;

/** Reads a file, or '' when it is not there. */
export async function readIfThere(file: string): Promise<string> {
	try {
		return await readFile(file, 'utf8');
	} catch {
		return '';
	}
}

/** First 12 hex of sha256, as the report's `keys[].sha256`. */
export function sha12(value: string): string {
	return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12);
}
