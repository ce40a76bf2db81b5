import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFakeOpenAIApi, type FakeOpenAIApi} from '../../source/runner/fake-openai-api.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {menuEntries} from '../ui/menu-entries.js';

// The built CLI in a REAL terminal: tmux gives it a pseudo-terminal of a fixed size, we
// type into it and read the screen back; with `set-clipboard on`, what the wizard copies
// through OSC 52 lands in tmux's paste buffer. Every key press is confirmed on screen
// before the next one, and nothing waits a fixed time. `npm test` builds dist/ first.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tmuxVersion = await execa('tmux', ['-V'], {reject: false});
const hasTmux = tmuxVersion.exitCode === 0;
if (!hasTmux) console.warn('wizard-tty e2e skipped: tmux is not installed (apt-get install tmux).');

const socket = `kw-e2e-${process.pid}`;
const workingKey = makeProjectKey(5101);
const oldKey = makeProjectKey(5102);
const placeholder = 'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';
let work: string;
let api: FakeOpenAIApi;
let sessions = 0;

/** Runs a tmux command on our private server (never the user's). */
function tmux(...args: string[]) {
	return execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], {reject: false});
}

/** A live terminal session running the wizard. Every screen seen is kept, to check for leaks. */
class Terminal {
	readonly screens: string[] = [];
	constructor(readonly session: string) {}

	/** The visible screen (no scrollback: the wizard redraws in place). */
	async screen(): Promise<string> {
		const result = await tmux('capture-pane', '-p', '-t', this.session);
		this.screens.push(result.stdout);
		return result.stdout;
	}

	/** Polls the screen until `predicate` holds; fails with the screen. */
	async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
		const started = Date.now();
		for (;;) {
			const text = await this.screen();
			if (predicate(text)) return text;
			if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}; the screen:\n${text}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	}

	async keys(...keys: string[]): Promise<void> {
		await tmux('send-keys', '-t', this.session, ...keys);
	}

	/** Types text as it is (a paste), not as key names. */
	async type(text: string): Promise<void> {
		await tmux('send-keys', '-t', this.session, '-l', text);
	}

	/** Chooses the menu entry whose label starts with `label` by its number key. */
	async choose(label: string): Promise<string> {
		const text = await this.waitFor(screen => menuEntries(screen).some(entry => entry.label.startsWith(label) && entry.number !== undefined), `menu entry "${label}"`);
		const entry = menuEntries(text).find(candidate => candidate.label.startsWith(label) && candidate.number !== undefined)!;
		await this.keys(String(entry.number));
		return entry.label;
	}

	/** The wizard has drawn (its menu shows) and the checks are done: the header no longer says any is running. */
	settled(what: string): Promise<string> {
		return this.waitFor(screen => /^key-wizard /.test(screen) && menuEntries(screen).length > 0 && !screen.split('\n')[0]!.includes('running') && /^(Step \d|Summary)/.test(screen.split('\n')[2] ?? ''), what);
	}
}

/** tmux's newest paste buffer: what the wizard's OSC 52 put there. */
async function pasteBuffer(): Promise<string> {
	return (await tmux('show-buffer')).stdout;
}

/** A project with a placeholder in `.env`, loaded by a python app; an empty temporary HOME. */
async function placeholderProject(name: string): Promise<{home: string; project: string}> {
	const home = path.join(work, `${name}-home`);
	const project = path.join(home, 'code', 'my app');
	await mkdir(project, {recursive: true});
	await writeFile(path.join(project, '.env'), `OPENAI_API_KEY=${placeholder}\n`);
	await writeFile(path.join(project, 'app.py'), 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n');
	return {home, project};
}

/**
 * Starts the built CLI in a new tmux window of the given size, in `project` with `home`.
 * After the CLI exits the script prints its exit code and `stty -a` in the same terminal.
 */
async function startWizard(input: {columns: number; rows: number; home: string; project: string; args?: string[]; env?: Record<string, string>; before?: string}): Promise<Terminal> {
	const name = `s${++sessions}`;
	const script = path.join(work, `${name}.sh`);
	const quoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
	await writeFile(
		script,
		[
			'#!/bin/sh',
			`cd ${quoted(input.project)}`,
			input.before ?? '',
			[process.execPath, cli, ...(input.args ?? ['--base-url', api.baseUrl])].map(quoted).join(' '),
			'echo "KW-EXIT=$?"',
			'stty -a | tr -s " ;" "\\n\\n" | grep -x -e icanon -e -icanon -e echo -e -echo | sed "s/^/KW-STTY /"',
			'echo KW-DONE',
			'sleep 600',
			'',
		].join('\n'),
	);
	await chmod(script, 0o700);
	const env = {HOME: input.home, PATH: process.env.PATH!, TERM: 'xterm-256color', LANG: 'C.UTF-8', SHELL: '/bin/sh', NO_COLOR: '1', ...input.env};
	const started = await tmux('-u', 'new-session', '-d', '-s', name, '-x', String(input.columns), '-y', String(input.rows), 'env', '-i', ...Object.entries(env).map(([key, value]) => `${key}=${value}`), script);
	expect(started.stderr).toBe('');
	await tmux('set-option', '-g', 'set-clipboard', 'on');
	return new Terminal(name);
}

/** No screen ever showed a key, nor a long piece of one. */
function expectNoKeyShown(terminal: Terminal): void {
	const all = terminal.screens.join('\n');
	for (const key of [workingKey, oldKey]) {
		expect(all).not.toContain(key);
		expect(all).not.toContain(key.slice(8, -4));
		expect(all).not.toContain(key.slice(-30));
	}
}

/** The terminal's canonical-mode and echo flags as `stty -a` printed them after the wizard exited. */
function sttyFlags(screen: string): string[] {
	return screen
		.split('\n')
		.filter(line => line.startsWith('KW-STTY '))
		.map(line => line.slice('KW-STTY '.length).trim());
}

const lines = (screen: string) => screen.split('\n');

describe.skipIf(!hasTmux)('the wizard in a real terminal (tmux)', () => {
	beforeAll(async () => {
		if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
		work = await mkdtemp(path.join(tmpdir(), 'kw-tty-'));
		api = await startFakeOpenAIApi({keys: {[workingKey]: {organizationSlug: 'user-e2e', projectId: 'proj_e2e'}}});
	});

	afterAll(async () => {
		await tmux('kill-server');
		await api?.close();
		if (work) await rm(work, {recursive: true, force: true});
	});

	it('80×24: the cause with Enter, Copy through OSC 52, the fix from another shell, Check again, the transcript', async () => {
		const {home, project} = await placeholderProject('main');
		// What the fix's first command is, from the same setup in --json.
		const json = await execa(process.execPath, [cli, '--json', '--base-url', api.baseUrl], {cwd: project, env: {HOME: home, PATH: process.env.PATH!}, extendEnv: false, reject: false});
		const report = JSON.parse(json.stdout) as {causes: Array<{id: string; title: string; snippets: Array<{language: string; text: string}>}>};
		const top = report.causes[0]!;
		expect(top.id).toBe('key-placeholder');
		const command = (top.snippets.find(snippet => snippet.language === 'sh') ?? top.snippets[0]!).text;

		const terminal = await startWizard({columns: 80, rows: 24, home, project});
		const first = await terminal.settled('the first screen');
		// The first screen is the diagnosis: the cause, its evidence, its fix and the command.
		expect(lines(first)[2]).toBe('Step 1 of 5 · Verify the key on the dashboard');
		expect(lines(first)[3]).toBe(`✖ ${top.title}`.slice(0, 80));
		expect(first).toContain(command);
		expect(first).toMatch(/[←↑] c copies it/);
		expect(first).not.toContain('Paste the error');

		// Enter, the default: the step the cause belongs to, leading with it.
		await terminal.keys('Enter');
		const step = await terminal.waitFor(screen => !lines(screen)[2]!.startsWith('Step 1 of 5'), 'the step of the cause');
		expect(lines(step)[2]).toMatch(/^Step 2 of 5/);
		expect(lines(step)[3]).toBe(`✖ ${top.title}`.slice(0, 80));
		expect(step).toContain(command);

		// Copy: the exact command, through OSC 52, into tmux's buffer.
		const label = await terminal.choose('Copy:');
		expect(`Copy: ${command}`.startsWith(label.replace(/…$/, ''))).toBe(true);
		await terminal.waitFor(screen => /Sent to the clipboard through the terminal \(OSC 52\)|Copied to the clipboard/.test(screen.replace(/\s+/g, ' ')), 'the copy notice');
		expect(await pasteBuffer()).toBe(command);

		// The app's error, from before the fix, pasted into the paste box.
		await terminal.keys('p');
		await terminal.waitFor(screen => screen.includes('Paste the error your app printed'), 'the paste box');
		const mask = `${placeholder.slice(0, 3)}${'*'.repeat(placeholder.length - 7)}${placeholder.slice(-4)}`;
		await terminal.type(`Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${mask}.', 'code': 'invalid_api_key'}}`);
		await terminal.waitFor(screen => screen.includes('invalid_api_key'), 'the pasted text in the box');
		await terminal.keys('Enter');
		await terminal.waitFor(screen => lines(screen)[2]!.startsWith('Step 2 of 5') && screen.split('\n')[0]!.includes('running'), 'the rerun with the error');
		await terminal.settled('the rerun with the error to finish');

		// The fix, from another shell: the real key into .env.
		await tmux('new-window', '-d', '-t', terminal.session, '-e', `NEW_KEY=${workingKey}`, 'sh', '-c', `cd '${project}' && printf 'OPENAI_API_KEY=%s\\n' "$NEW_KEY" > .env`);
		await expect.poll(async () => (await readFile(path.join(project, '.env'), 'utf8')).includes(workingKey), {timeout: 10_000}).toBe(true);

		await terminal.choose('Check again');
		const after = await terminal.waitFor(screen => /Check again: \S+ \w/.test(screen) && !screen.split('\n')[0]!.includes('checking again'), 'the result of Check again');
		expect(after).toContain('Check again: ✔ fixed.');
		expect(after).toMatch(/✔ found → gone: OPENAI_API_KEY holds template text/);
		expect(after.replace(/\s+/g, ' ')).toContain('The error you pasted was from before the fix');
		expect(after).not.toContain('new problem');

		// Save the transcript: the wizard says where, and it holds the whole session.
		await terminal.keys('s');
		const saved = await terminal.waitFor(screen => screen.includes('Saved the redacted transcript to'), 'the save notice');
		const written = (await readdir(project)).filter(file => /^key-wizard-.*\.md$/.test(file));
		expect(written).toHaveLength(1);
		expect(saved.replace(/\s+/g, ' ')).toContain(written[0]!.slice(0, 20));
		const markdown = await readFile(path.join(project, written[0]!), 'utf8');
		const sessionJson = JSON.parse(await readFile(path.join(project, written[0]!.replace(/\.md$/, '.json')), 'utf8'));
		expect(markdown).toMatch(/1\. \*\*Run 1, first diagnosis\*\*: verdict \*\*problem\*\*/);
		expect(markdown).toContain(`**Copied** \`${command}\``);
		expect(markdown).toMatch(/\*\*Run 2, with the pasted error\*\*/);
		expect(markdown).toMatch(/\*\*Run 3, check again\*\*: verdict \*\*ok\*\*/);
		expect(markdown).toContain('`key-placeholder` OPENAI_API_KEY holds template text, not a key: found → gone');
		expect(sessionJson).toMatchObject({schemaVersion: 1, verdict: 'ok'});
		expect(sessionJson.runs.map((run: {reason: string}) => run.reason)).toEqual(['launch', 'error-text', 'check-again']);
		expect(sessionJson.copied).toEqual([expect.objectContaining({text: command})]);
		for (const text of [markdown, JSON.stringify(sessionJson)]) {
			expect(text).not.toContain(workingKey);
			expect(text).not.toContain(workingKey.slice(8, -4));
		}

		await terminal.keys('q');
		const exited = await terminal.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
		expect(exited).toMatch(/^KW-EXIT=0$/m);
		expect(sttyFlags(exited)).toEqual(['icanon', 'echo']);
		expectNoKeyShown(terminal);
	}, 120_000);

	it('100×16: the cause in view after Enter, the copy by its menu number, and Ctrl-C leaves the terminal sane', async () => {
		const home = path.join(work, 'short-home');
		const project = path.join(home, 'app');
		await mkdir(project, {recursive: true});
		await writeFile(path.join(home, '.profile'), `export OPENAI_API_KEY=${oldKey}\n`);
		await writeFile(path.join(project, '.env'), `OPENAI_API_KEY=${workingKey}\n`);
		await writeFile(path.join(project, 'app.py'), 'from dotenv import load_dotenv\nload_dotenv()\n');
		const terminal = await startWizard({columns: 100, rows: 16, home, project, env: {OPENAI_API_KEY: oldKey}});
		const first = await terminal.settled('the first screen');
		expect(lines(first)[3]).toBe('✖ An old OPENAI_API_KEY in the environment hides the key in .env');
		expect(first).toContain('unset OPENAI_API_KEY');
		await terminal.keys('Enter');
		const step2 = await terminal.waitFor(screen => lines(screen)[2]!.startsWith('Step 2 of 5'), 'step 2');
		expect(lines(step2)[3]).toBe('✖ An old OPENAI_API_KEY in the environment hides the key in .env');
		for (const line of lines(step2)) expect([...line].length).toBeLessThanOrEqual(100);
		await terminal.choose('Copy: unset OPENAI_API_KEY');
		await terminal.waitFor(screen => screen.includes('clipboard'), 'the copy notice');
		expect(await pasteBuffer()).toBe('unset OPENAI_API_KEY');
		await terminal.keys('C-c');
		const after = await terminal.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
		expect(after).toMatch(/^KW-EXIT=130$/m);
		expect(sttyFlags(after)).toEqual(['icanon', 'echo']);
		expectNoKeyShown(terminal);
	}, 90_000);

	it('a clipboard tool that hangs is cut short: the copy still reaches the terminal through OSC 52', async () => {
		const {home, project} = await placeholderProject('hang');
		const bin = path.join(work, 'hang-bin');
		await mkdir(bin, {recursive: true});
		await writeFile(path.join(bin, 'xclip'), '#!/bin/sh\nexec sleep 600\n');
		await chmod(path.join(bin, 'xclip'), 0o755);
		const terminal = await startWizard({columns: 80, rows: 24, home, project, env: {DISPLAY: ':99', PATH: `${bin}:${process.env.PATH!}`}});
		await terminal.settled('the first screen');
		await tmux('set-buffer', 'before');
		await terminal.keys('c');
		const notice = await terminal.waitFor(screen => screen.replace(/\s+/g, ' ').includes('did not answer in time'), 'the copy to give up on xclip');
		expect(notice.replace(/\s+/g, ' ')).toContain('(xclip did not answer in time)');
		expect(await pasteBuffer()).toContain('OPENAI_API_KEY');
		await terminal.keys('q');
		await terminal.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
	}, 90_000);

	it('resizing down to 20×8 says how big the terminal must be, and the wizard comes back', async () => {
		const {home, project} = await placeholderProject('resize');
		const terminal = await startWizard({columns: 80, rows: 24, home, project});
		await terminal.settled('the first screen');
		await tmux('resize-window', '-t', terminal.session, '-x', '20', '-y', '8');
		const small = await terminal.waitFor(screen => screen.includes('Make the terminal'), 'the size message');
		expect(small.replace(/\s+/g, ' ')).toContain('at least 40×12');
		await tmux('resize-window', '-t', terminal.session, '-x', '100', '-y', '30');
		const back = await terminal.waitFor(screen => screen.includes('Step 1 of 5') && !screen.includes('Make the terminal'), 'the wizard again');
		expect(lines(back)[0]).toMatch(/^key-wizard /);
		expect(back).toMatch(/[←↑] c copies it/);
		await terminal.keys('q');
		await terminal.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
	}, 90_000);

	it('a terminal that reports no size is laid out as 80×24', async () => {
		const {home, project} = await placeholderProject('nosize');
		const terminal = await startWizard({columns: 100, rows: 30, home, project, before: 'stty rows 0 cols 0'});
		const first = await terminal.settled('the first screen');
		expect(lines(first)[3]).toMatch(/^✖ OPENAI_API_KEY holds template text/);
		expect(lines(first)[4]).toMatch(/^ {2}\S/);
		for (const line of lines(first)) expect([...line].length).toBeLessThanOrEqual(80);
		expect(lines(first).filter(line => line.trim() !== '').length).toBeLessThanOrEqual(23);
		await terminal.keys('q');
		await terminal.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
	}, 90_000);

	it('a shell that exports CI=true still gets the wizard drawn in a terminal, not a blank screen until it quits', async () => {
		const {home, project} = await placeholderProject('ci-set');
		const terminal = await startWizard({columns: 80, rows: 24, home, project, env: {CI: 'true', CI_JOB_ID: '7'}});
		const first = await terminal.settled('the first screen with CI set');
		expect(lines(first)[2]).toBe('Step 1 of 5 · Verify the key on the dashboard');
		expect(lines(first)[3]).toMatch(/^✖ \S/);
		await terminal.keys('q');
		await terminal.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
	}, 90_000);

	it('a 1 MB paste keeps the wizard responsive and is cut to an error message’s size', async () => {
		const {home, project} = await placeholderProject('paste');
		const terminal = await startWizard({columns: 80, rows: 24, home, project});
		await terminal.settled('the first screen');
		await terminal.keys('p');
		await terminal.waitFor(screen => screen.includes('Paste the error your app printed'), 'the paste box');
		const big = path.join(work, 'big.txt');
		await writeFile(big, `Error code: 401 ${'y'.repeat(1024 * 1024)}`);
		await tmux('load-buffer', '-b', 'big', big);
		await tmux('paste-buffer', '-b', 'big', '-t', terminal.session);
		await terminal.waitFor(screen => screen.includes('Kept the first 20,000 characters'), 'the paste to be cut', 60_000);
		await terminal.keys('Escape');
		await terminal.waitFor(screen => lines(screen)[2]?.startsWith('Step 1 of 5') === true, 'back on the first screen');
		await terminal.keys('q');
		await terminal.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
	}, 120_000);

	it('TERM=dumb gets the plain report, no wizard; NO_COLOR leaves no colour in the wizard', async () => {
		const {home, project} = await placeholderProject('dumb');
		const dumb = await startWizard({columns: 80, rows: 24, home, project, env: {TERM: 'dumb'}});
		await dumb.waitFor(screen => screen.includes('KW-DONE'), 'the report');
		const report = (await tmux('capture-pane', '-p', '-S', '-200', '-t', dumb.session)).stdout;
		expect(report).toContain('Verdict: PROBLEM');
		expect(report).toContain('key-placeholder');
		expect(report).not.toContain('Step 1 of 5');
		expect(report).toMatch(/^KW-EXIT=1$/m);

		const plain = await startWizard({columns: 80, rows: 24, home, project});
		await plain.settled('the first screen');
		const withEscapes = (await tmux('capture-pane', '-p', '-e', '-t', plain.session)).stdout;
		// Bold and inverse may mark the selection; no colour (30-37, 90-97, 38;…) anywhere.
		expect(withEscapes).not.toMatch(/\u001B\[[\d;]*(?:3[0-8]|9[0-7])(?:;[\d;]*)?m/);
		await plain.keys('q');
		await plain.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
	}, 90_000);
});
