import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startStandIn, type StandIn} from '../acceptance/openai-stand-in.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {menuEntries} from '../ui/menu-entries.js';

// The built wizard in a real terminal (tmux), in a cloned project whose .env names the
// API host: a loopback stand-in that logs every request. Step 3 asks first; nothing of the
// user's reaches the host before the Yes, and after it the check runs against that host.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const hasTmux = (await execa('tmux', ['-V'], {reject: false})).exitCode === 0;
if (!hasTmux) console.warn('wizard host-question e2e skipped: tmux is not installed (apt-get install tmux).');

const socket = `kw-host-${process.pid}`;
const yours = makeProjectKey(4601);
let work: string;
let standIn: StandIn;

const tmux = (...args: string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], {reject: false});

/** The visible screen (no scrollback: the wizard redraws in place). */
async function screen(session: string, seen: string[]): Promise<string> {
	const text = (await tmux('capture-pane', '-p', '-t', session)).stdout;
	seen.push(text);
	return text;
}

async function waitFor(session: string, seen: string[], predicate: (text: string) => boolean, what: string): Promise<string> {
	const started = Date.now();
	for (;;) {
		const text = await screen(session, seen);
		if (predicate(text)) return text;
		if (Date.now() - started > 20_000) throw new Error(`Timed out waiting for ${what}; the screen:\n${text}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

async function choose(session: string, seen: string[], label: string): Promise<void> {
	const text = await waitFor(session, seen, current => menuEntries(current).some(entry => entry.label.startsWith(label)), `menu entry "${label}"`);
	await tmux('send-keys', '-t', session, String(menuEntries(text).find(entry => entry.label.startsWith(label))!.number));
}

describe.skipIf(!hasTmux)('the wizard asks before a key goes to a host only the project’s .env names (tmux)', () => {
	beforeAll(async () => {
		if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
		work = await mkdtemp(path.join(tmpdir(), 'kw-host-tty-'));
		standIn = await startStandIn({accounts: {[yours]: {}}});
	});

	afterAll(async () => {
		await tmux('kill-server');
		await standIn?.close();
		if (work) await rm(work, {recursive: true, force: true});
	});

	it('nothing is sent before the answer; Yes runs the check against that host', async () => {
		const home = path.join(work, 'home');
		const project = path.join(work, 'clone');
		await mkdir(home, {recursive: true});
		await mkdir(path.join(project, '.git'), {recursive: true});
		await writeFile(path.join(project, '.env'), `OPENAI_BASE_URL=${standIn.baseUrl}\n`);
		await writeFile(path.join(project, 'main.py'), 'from dotenv import load_dotenv\nload_dotenv()\n');
		const script = path.join(work, 'run.sh');
		await writeFile(script, ['#!/bin/sh', `cd '${project}'`, `export OPENAI_API_KEY='${yours}'`, `'${process.execPath}' '${cli}' --timeout 5000`, 'echo "KW-EXIT=$?"', 'sleep 600', ''].join('\n'));
		await chmod(script, 0o700);
		const session = 'kw-host';
		const seen: string[] = [];
		// The most common terminal size: the question and its answers must be in view there.
		const started = await tmux('-u', 'new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'env', '-i', `HOME=${home}`, `PATH=${process.env.PATH}`, 'TERM=xterm-256color', 'LANG=C.UTF-8', 'SHELL=/bin/sh', 'NO_COLOR=1', script);
		expect(started.stderr).toBe('');

		// The first screen is the diagnosis: the key was not tested, and the way on is step 3.
		const first = await waitFor(session, seen, text => text.includes('Step 1 of 5') && text.includes('Your key was not tested'), 'the first screen');
		expect(first.replace(/\s+/g, ' ')).toContain('only .env names 127.0.0.1 as the API host');
		expect(menuEntries(first)[0]!.label).toBe('Next: 3 Live test');
		expect(standIn.connections).toBe(0);
		await tmux('send-keys', '-t', session, 'Enter');
		const asked = await waitFor(session, seen, text => text.includes('Step 3 of 5') && text.includes('Send your key'), 'step 3’s question');
		expect(asked.replace(/\s+/g, ' ')).toContain(`The project's .env sends the API to 127.0.0.1. Send your key sk-proj-…${yours.slice(-4)} there?`);
		expect(menuEntries(asked).map(entry => entry.label)).toEqual(expect.arrayContaining(['Yes, send it there once', 'No, do not send it there']));
		expect(asked).not.toContain(`curl ${standIn.baseUrl}`);
		expect(standIn.connections).toBe(0);

		await choose(session, seen, 'Yes, send it there once');
		// The checks ran again on the same screen: the answer, the key now tested, the command aimed at the confirmed host.
		const after = await waitFor(session, seen, text => text.replace(/\s+/g, ' ').includes('You confirmed 127.0.0.1 for this session') && /✔ works\s+◀ the app gets this one/.test(text), 'the live check against the confirmed host');
		expect(after).toContain('Step 3 of 5');
		expect(after).toContain(`curl ${standIn.baseUrl}/models`);
		expect(standIn.requests.some(request => request.headers.authorization === `Bearer ${yours}`)).toBe(true);

		// The exit code is the verdict of the last finished run: quit once the rerun has finished.
		await waitFor(session, seen, text => !text.includes('Checking…'), 'the rerun to finish');
		await tmux('send-keys', '-t', session, 'q');
		const done = await waitFor(session, seen, text => /KW-EXIT=\d+/.test(text), 'the wizard to exit');
		expect(done).toMatch(/^KW-EXIT=0$/m);
		const all = seen.join('\n');
		expect(all).not.toContain(yours);
		expect(all).not.toContain(yours.slice(8, -4));
	});
});
