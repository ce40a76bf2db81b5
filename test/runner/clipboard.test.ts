import {chmod, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {clipboardTools, createClipboard, osc52Sequence, osc52Support} from '../../source/runner/clipboard.js';
import {createExec, findTool, realExec} from '../../source/runner/exec.js';

let root: string;
let bin: string;
let out: string;

/** A fake clipboard tool on a temporary PATH: it runs for real through the exec port. */
async function tool(name: string, body: string, directory = bin): Promise<void> {
	await mkdir(directory, {recursive: true});
	const file = path.join(directory, name);
	await writeFile(file, `#!/bin/sh\n${body}\n`);
	await chmod(file, 0o755);
}

beforeAll(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'kw-clip-'));
	bin = path.join(root, 'bin');
	out = path.join(root, 'out');
	await mkdir(out);
});

afterAll(async () => {
	await rm(root, {recursive: true, force: true});
});

function decodeOsc52(written: string[]): string | undefined {
	const match = /^\u001B\]52;c;([A-Za-z0-9+/=]*)\u0007$/.exec(written.join(''));
	return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : undefined;
}

describe('the clipboard port', () => {
	const command = "sed -i.bak -e '12d' '/home/dev/My Projects/.bashrc'";

	it('always writes OSC 52 (plain, no tmux passthrough), and hands the exact text to the system tool on stdin', async () => {
		await tool('xclip', `[ "$1 $2" = "-selection clipboard" ] || exit 9\ncat > '${out}/xclip.txt'`);
		const written: string[] = [];
		const clipboard = createClipboard({exec: realExec, env: {PATH: bin, DISPLAY: ':0'}, platform: 'linux', writeToTerminal: data => written.push(data)});
		const outcome = await clipboard(command);
		expect(outcome).toEqual({tool: {name: 'xclip', ok: true}, osc52: true, osc52Support: 'maybe'});
		expect(await readFile(path.join(out, 'xclip.txt'), 'utf8')).toBe(command);
		expect(decodeOsc52(written)).toBe(command);
		expect(written.join('')).not.toContain('\u001BPtmux');
	});

	it('does not wait for a tool that stays in the background holding its output (as xclip does)', async () => {
		const daemon = path.join(root, 'daemon-bin');
		await tool('xclip', `cat > '${out}/daemon.txt'\n(sleep 20 &)\nsleep 20 &\nexit 0`, daemon);
		const clipboard = createClipboard({exec: realExec, env: {PATH: daemon, DISPLAY: ':0'}, platform: 'linux', writeToTerminal: () => undefined, timeoutMs: 5000});
		const outcome = await clipboard('unset OPENAI_API_KEY');
		expect(outcome.tool).toEqual({name: 'xclip', ok: true});
		expect(await readFile(path.join(out, 'daemon.txt'), 'utf8')).toBe('unset OPENAI_API_KEY');
	});

	it('bounds a tool that hangs, then rests on OSC 52 alone', async () => {
		const hang = path.join(root, 'hang-bin');
		await tool('wl-copy', 'exec sleep 60', hang);
		const written: string[] = [];
		const clipboard = createClipboard({exec: realExec, env: {PATH: hang, WAYLAND_DISPLAY: 'wayland-0'}, platform: 'linux', writeToTerminal: data => written.push(data), timeoutMs: 400});
		const outcome = await clipboard('unset OPENAI_API_KEY');
		expect(outcome.tool).toMatchObject({name: 'wl-copy', ok: false, failure: 'timeout'});
		expect(outcome.osc52).toBe(true);
		expect(decodeOsc52(written)).toBe('unset OPENAI_API_KEY');
	});

	it('tries the next tool when one fails (no X display for xclip, xsel works)', async () => {
		const two = path.join(root, 'two-bin');
		await tool('xclip', 'echo "Error: Can\'t open display" >&2; exit 1', two);
		await tool('xsel', `[ "$1 $2" = "--clipboard --input" ] || exit 9\ncat > '${out}/xsel.txt'`, two);
		const clipboard = createClipboard({exec: realExec, env: {PATH: two, DISPLAY: ':1'}, platform: 'linux', writeToTerminal: () => undefined});
		expect((await clipboard('x')).tool).toEqual({name: 'xsel', ok: true});
		expect(await readFile(path.join(out, 'xsel.txt'), 'utf8')).toBe('x');
	});

	it('over SSH or on a console there is no tool: OSC 52 only', async () => {
		const written: string[] = [];
		const clipboard = createClipboard({exec: realExec, env: {PATH: bin}, platform: 'linux', writeToTerminal: data => written.push(data)});
		expect(await clipboard('x')).toEqual({osc52: true, osc52Support: 'maybe'});
		expect(written).toHaveLength(1);
	});

	it('a terminal that cannot be written still gets the tool, and the outcome says OSC 52 was not sent', async () => {
		const clipboard = createClipboard({
			exec: realExec,
			env: {PATH: bin, DISPLAY: ':0'},
			platform: 'linux',
			writeToTerminal() {
				throw new Error('EPIPE');
			},
		});
		expect(await clipboard('x')).toMatchObject({osc52: false, tool: {name: 'xclip', ok: true}});
	});

	it('finds tools as the exec port does: absolute PATH entries only, never a relative one nor the project folder', async () => {
		const project = path.join(root, 'project');
		const planted = path.join(project, 'node_modules', '.bin');
		await tool('xclip', `touch '${out}/hostile-ran'`, path.join(project, 'bin'));
		await tool('xclip', `touch '${out}/hostile-ran'`, planted);
		const previous = process.cwd();
		process.chdir(project);
		try {
			const trusted = {projectDir: project, home: path.join(root, 'home')};
			// npx puts <project>/node_modules/.bin first: an absolute entry, inside the project all the same.
			const searchPath = [planted, 'bin', '.'].join(path.delimiter);
			expect(findTool('xclip', searchPath, trusted)).toBeUndefined();
			const clipboard = createClipboard({exec: createExec(trusted), env: {PATH: searchPath, DISPLAY: ':0'}, platform: 'linux', writeToTerminal: () => undefined, trusted});
			expect((await clipboard('x')).tool).toBeUndefined();
			expect(existsSync(path.join(out, 'hostile-ran'))).toBe(false);
		} finally {
			process.chdir(previous);
		}

		expect(findTool('xclip', bin)).toBe(path.join(bin, 'xclip'));
	});
});

describe('which tool, and whether the terminal takes OSC 52', () => {
	it.each([
		['darwin', {}, ['pbcopy']],
		['win32', {}, ['clip.exe']],
		['linux', {WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0'}, ['wl-copy', 'xclip', 'xsel']],
		['linux', {DISPLAY: ':0'}, ['xclip', 'xsel']],
		['linux', {WSL_DISTRO_NAME: 'Ubuntu'}, ['clip.exe']],
		['linux', {TERMUX_VERSION: '0.118'}, ['termux-clipboard-set']],
		['linux', {SSH_CONNECTION: '1 2 3 4'}, []],
	] as const)('%s %j → %j', (platform, env, names) => {
		expect(clipboardTools(platform, env).map(entry => entry.name)).toEqual(names);
	});

	it.each([
		[{TMUX: '/tmp/tmux-0/default,1,0', TERM: 'tmux-256color'}, 'maybe'],
		[{TERM_PROGRAM: 'Apple_Terminal'}, 'no'],
		[{VTE_VERSION: '7600', TERM: 'xterm-256color'}, 'no'],
		[{TERM: 'linux'}, 'no'],
		[{TERM: 'xterm-kitty'}, 'yes'],
		[{WT_SESSION: 'x'}, 'yes'],
		[{TERM_PROGRAM: 'WezTerm'}, 'yes'],
		[{TERM: 'xterm-256color'}, 'maybe'],
	] as const)('%j → %s', (env, support) => {
		expect(osc52Support(env)).toBe(support);
	});

	it('encodes the text in base64, so nothing in it can reach the terminal as a control sequence', () => {
		expect(osc52Sequence('a\u001B]0;x\u0007')).toBe(`\u001B]52;c;${Buffer.from('a\u001B]0;x\u0007').toString('base64')}\u0007`);
	});
});
