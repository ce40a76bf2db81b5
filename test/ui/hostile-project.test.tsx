import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {startFakeOpenAIApi} from '../../source/runner/fake-openai-api.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {startSession} from '../../source/runner/session.js';
import {WizardApp} from '../../source/ui/app.js';
import {makeOptions} from '../helpers/facts.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {cleanupRendered, keys, renderAt} from '../helpers/render.js';

/**
 * A cloned project that attacks the terminal: its .env sets a base URL carrying OSC 52
 * (write the clipboard), OSC 0 (retitle the window), a bell and shell syntax that would
 * run a command if pasted. Nothing of it may reach the screen as a control sequence, and
 * nothing copied may carry it.
 */
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
	cleanupRendered();
	await Promise.all(cleanup.map(close => close()));
});

// OSC (ESC ] or C1 0x9D), BEL, CSI in its C1 form: none may be written.
const controlSequence = /\u001B\]|\u0007|\u009B|\u009D/;

describe('a hostile project folder', () => {
	it('never drives the terminal, and never puts its text into what is copied', async () => {
		const key = makeProjectKey(9401);
		const api = await startFakeOpenAIApi({keys: {[key]: {}}});
		const root = await mkdtemp(path.join(tmpdir(), 'kw-hostile-'));
		cleanup.push(async () => {
			await api.close();
			await rm(root, {recursive: true, force: true});
		});
		const home = path.join(root, 'home');
		const project = path.join(home, 'cloned');
		await mkdir(project, {recursive: true});
		const hostile = `${api.baseUrl};id;\u001B]52;c;ZXZpbA==\u0007\u001B]0;pwned\u0007\u009D0;x\u009C`;
		await writeFile(path.join(project, '.env'), `OPENAI_API_KEY=${key}\nOPENAI_BASE_URL=${hostile}\nOPENAI_ORG_ID=org-\u001B]52;c;ZXZpbA==\u0007\n`);
		await writeFile(path.join(project, 'app.py'), 'from dotenv import load_dotenv\nload_dotenv()\n');
		await writeFile(path.join(home, '.profile'), `export OPENAI_API_KEY="${key}\u001B]0;pwned\u0007"\n`);
		const env = {PATH: process.env.PATH!, HOME: home, SHELL: '/bin/bash', OPENAI_API_KEY: `${key}\u001B]0;pwned\u0007`};
		const copies: string[] = [];
		const app = renderAt(
			<WizardApp
				ports={createRealPorts({env, cwd: project, home})}
				options={makeOptions({cwd: project, timeoutMs: 8000})}
				version="9.9.9"
				startSession={startSession}
				clipboard={async text => {
					copies.push(text);
					return {osc52: true, osc52Support: 'maybe'};
				}}
				color={false}
				animate={false}
			/>,
			{columns: 120, rows: 60},
		);
		await app.waitFor(frame => frame.includes('Step 1 of 5') && !frame.split('\n')[0]!.includes('running') && frame.includes('Keys found'), 20_000);
		for (const screen of ['Step 2', 'Step 3', 'Step 4', 'Step 5', 'Summary']) {
			await app.press(']');
			await app.waitFor(frame => frame.split('\n')[2]!.startsWith(screen));
			await app.press('d');
			await app.waitFor(frame => frame.includes('Hide details') || !frame.includes('Details'));
			for (let number = 1; number <= 9; number++) {
				await app.press('c');
				if (number > 1) await app.press(String(number));
			}
		}

		await app.press(keys.escape);
		for (const frame of app.rawFrames()) expect(frame).not.toMatch(controlSequence);
		expect(copies.length).toBeGreaterThan(3);
		for (const text of copies) {
			expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
			expect(text).not.toContain(key);
			// A URL from the file is quoted whole: `;id;` stays inside the quotes.
			if (text.includes(';id;')) expect(text).toMatch(/'[^']*;id;[^']*'/);
		}
	}, 90_000);
});
