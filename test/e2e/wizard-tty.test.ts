import {existsSync} from 'node:fs';
import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {menuEntries} from '../ui/menu-entries.js';

// The built CLI in a REAL terminal: tmux gives it a pseudo-terminal of a fixed size, we
// type into it and read the screen back. `npm test` builds dist/ first.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tmuxVersion = await execa('tmux', ['-V'], {reject: false});
const hasTmux = tmuxVersion.exitCode === 0;
if (!hasTmux) console.warn('wizard-tty e2e skipped: tmux is not installed (apt-get install tmux).');

const socket = `kw-e2e-${process.pid}`;
const envKey = makeProjectKey(5101);
const dotenvKey = makeProjectKey(5102);
let work: string;

/** Runs a tmux command on our private server (never the user's). */
function tmux(...args: string[]) {
	return execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], {reject: false});
}

/** The pane as text, with its scrollback. */
async function capture(session: string): Promise<string> {
	const result = await tmux('capture-pane', '-p', '-S', '-200', '-t', session);
	return result.stdout;
}

/** A live terminal session running the wizard. Every screen seen is kept, to check for leaks. */
class Terminal {
	readonly screens: string[] = [];
	constructor(readonly session: string) {}

	async screen(): Promise<string> {
		const text = await capture(this.session);
		this.screens.push(text);
		return text;
	}

	/** Polls the screen until `predicate` holds (no fixed sleeps); fails with the screen. */
	async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
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

	/** The current screen only (the wizard redraws in place; the last menu is the live one). */
	static current(text: string): string {
		const start = text.lastIndexOf('key-wizard ');
		return start === -1 ? text : text.slice(start);
	}

	/** Chooses the menu entry starting with `label` by its number key. */
	async choose(label: string): Promise<void> {
		const text = await this.waitFor(screen => menuEntries(Terminal.current(screen)).some(entry => entry.label.startsWith(label)), `menu entry "${label}"`);
		const entry = menuEntries(Terminal.current(text)).find(candidate => candidate.label.startsWith(label))!;
		await this.keys(String(entry.number));
	}
}

/**
 * Starts the built CLI in a new tmux session of the given size, in a fake project with a
 * `.env` key and a different key in the environment, with an empty temporary HOME. After
 * the CLI exits, the script prints its exit code and `stty -a` in the same terminal.
 */
async function startWizard(name: string, columns: number, rows: number): Promise<Terminal> {
	const home = path.join(work, `${name}-home`);
	const project = path.join(work, `${name}-project`);
	await execa('mkdir', ['-p', home, project]);
	await writeFile(path.join(project, '.env'), `OPENAI_API_KEY=${dotenvKey}\n`);
	const script = path.join(work, `${name}.sh`);
	await writeFile(
		script,
		[
			'#!/bin/sh',
			`cd '${project}'`,
			`export OPENAI_API_KEY='${envKey}'`,
			`'${process.execPath}' '${cli}' --no-network --timeout 3000`,
			'echo "KW-EXIT=$?"',
			// One flag a line, so a narrow terminal does not split them.
			'stty -a | tr -s " ;" "\\n\\n" | grep -x -e icanon -e -icanon -e echo -e -echo | sed "s/^/KW-STTY /"',
			'echo KW-DONE',
			'sleep 600',
			'',
		].join('\n'),
	);
	await chmod(script, 0o700);
	const session = `kw-${name}`;
	const started = await tmux(
		'-u',
		'new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows),
		'env', '-i', `HOME=${home}`, `PATH=${process.env.PATH}`, 'TERM=xterm-256color', 'LANG=C.UTF-8', 'SHELL=/bin/sh', 'NO_COLOR=1', script,
	);
	expect(started.stderr).toBe('');
	return new Terminal(session);
}

/** No screen ever showed a key, nor a long piece of one. */
function expectNoKeyShown(terminal: Terminal): void {
	const all = terminal.screens.join('\n');
	for (const key of [envKey, dotenvKey]) {
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

/** The bracketed entry of the step bar: the step (or summary) on screen. */
function currentStep(screen: string): string | undefined {
	return /\[(\d[^\]]*|Summary)\]/.exec(screen)?.[1];
}

/**
 * Walks Continue until the summary shows (the step table decides the way). The step it is
 * on and the menu entry it presses come from one capture, and each press is confirmed by
 * the step changing before the next one, so a stale screen never sends a second key that
 * lands on another screen (or reaches Ink in the same read as the first).
 */
async function continueToSummary(terminal: Terminal): Promise<string> {
	for (let hops = 0; hops < 8; hops++) {
		const text = await terminal.waitFor(screen => {
			const current = Terminal.current(screen);
			return current.includes('[Summary]') || menuEntries(current).some(entry => entry.label.startsWith('Continue to'));
		}, 'a menu with "Continue to", or the summary');
		const current = Terminal.current(text);
		if (current.includes('[Summary]')) return current;
		const here = currentStep(current);
		const entry = menuEntries(current).find(candidate => candidate.label.startsWith('Continue to'))!;
		await terminal.keys(String(entry.number));
		// Wait for the step itself to change: a probe finishing also changes the screen.
		await terminal.waitFor(screen => currentStep(Terminal.current(screen)) !== here, 'the next step');
	}

	return terminal.waitFor(screen => Terminal.current(screen).includes('[Summary]'), 'the summary');
}

/** Waits until the wizard has left step 1 (after an answer to its question). */
function leftStepOne(terminal: Terminal): Promise<string> {
	return terminal.waitFor(screen => /Step [2-5] of 5/.test(Terminal.current(screen)), 'the step after step 1');
}

describe.skipIf(!hasTmux)('the wizard in a real terminal (tmux)', () => {
	beforeAll(async () => {
		if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
		work = await mkdtemp(path.join(tmpdir(), 'kw-tty-'));
	});

	afterAll(async () => {
		await tmux('kill-server');
		if (work) await rm(work, {recursive: true, force: true});
	});

	it('walks from the paste box and step 1 to the summary at 100 columns; Ctrl-C exits 130 and leaves the terminal sane', async () => {
		const terminal = await startWizard('wide', 100, 40);
		const paste = await terminal.waitFor(screen => screen.includes('Paste the error your app printed'), 'the paste box');
		expect(paste).toContain('1 Dashboard · 2 Sources · 3 Live test · 4 Library & docs · 5 Rotate · Summary');
		await terminal.keys('Enter');

		const step1 = await terminal.waitFor(screen => screen.includes('Step 1 of 5') && screen.includes(`sk-proj-…${envKey.slice(-4)}`) && screen.includes('Does the dashboard list'), 'step 1 with the keys');
		expect(step1).toContain('[1 Dashboard]');
		expect(step1).toContain(`Does the dashboard list a key ending in …${envKey.slice(-4)}?`);
		expect(step1).toContain('https://platform.openai.com/api-keys');

		await terminal.choose('Not sure');
		const next = await leftStepOne(terminal);
		expect(Terminal.current(next)).toMatch(/\[\d [A-Z]/);

		const summary = await continueToSummary(terminal);
		expect(summary).toMatch(/Verdict: (✖ PROBLEM|\? INCONCLUSIVE)/);
		expect(summary).toMatch(/Causes/);
		expect(summary).toContain(`sk-proj-…${envKey.slice(-4)}`);

		await terminal.keys('Escape');
		await terminal.waitFor(screen => !Terminal.current(screen).includes('[Summary]') && /\[\d [A-Z]/.test(Terminal.current(screen)), 'Esc going back a step');

		await terminal.keys('C-c');
		const after = await terminal.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
		// On a line of its own: the wizard left the cursor below its last frame.
		expect(after).toMatch(/^KW-EXIT=130$/m);
		expect(sttyFlags(after)).toEqual(['icanon', 'echo']);
		expectNoKeyShown(terminal);
	}, 60_000);

	it('stays usable at 40 columns and quits with q and the verdict’s exit code', async () => {
		const terminal = await startWizard('narrow', 40, 50);
		await terminal.waitFor(screen => screen.includes('Paste the error'), 'the paste box');
		await terminal.keys('Enter');
		await terminal.waitFor(screen => screen.includes('Step 1 of 5') && screen.includes('Does the dashboard'), 'step 1');
		await terminal.choose('Yes');
		await leftStepOne(terminal);
		const summary = await continueToSummary(terminal);
		expect(summary).toContain('Verdict:');
		for (const line of summary.split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
		await terminal.keys('q');
		const after = await terminal.waitFor(screen => screen.includes('KW-DONE'), 'the wizard to exit');
		// --no-network: a key can never be confirmed, so the verdict is "problem" or "inconclusive", never ok.
		expect(after).toMatch(/^KW-EXIT=(1|3)$/m);
		expect(sttyFlags(after)).toEqual(['icanon', 'echo']);
		expectNoKeyShown(terminal);
	}, 60_000);
});
