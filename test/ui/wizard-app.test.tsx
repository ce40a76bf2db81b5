import {afterEach, describe, expect, it} from 'vitest';
import {dashboardNoAdvice} from '../../source/core/wizard/questions.js';
import {cleanupRendered, keys, type Rendered} from '../helpers/render.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {choose, menuEntries, renderWizard} from './wizard-driver.js';
import {gate, wizardWorld} from './wizard-world.js';

afterEach(cleanupRendered);

const fp = (key: string) => `sk-proj-…${key.slice(-4)}`;
const longCommand = "sed -i.bak -e '12d' -e '30d' '/home/dev/Work Projects/team/config/.bashrc'";
const keyPress = {home: '\u001B[H', end: '\u001B[F', tab: '\t'} as const;

/** No frame ever held a key, or a long piece of one. */
function expectNoKeyInFrames(app: Rendered, ...secrets: string[]): void {
	const all = app.frames().join('\n');
	for (const secret of secrets) {
		expect(all).not.toContain(secret);
		expect(all).not.toContain(secret.slice(8, -4));
	}
}

/** The first screen once every check has finished: the header no longer says any is running. */
async function settled(app: Rendered): Promise<string> {
	return app.waitFor(frame => frame.includes('Step 1 of 5') && !frame.split('\n')[0]!.includes('running') && frame.includes('Keys found'));
}

describe('the first screen is the diagnosis', () => {
	it('leads with the most likely cause, its evidence, its fix and the command to copy, then the keys and the question', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		const first = await settled(app);
		expect(first).not.toContain('Paste the error');
		expect(first.split('\n')[0]).toBe('key-wizard 9.9.9 fix OpenAI 401 Unauthorized');
		expect(first).toContain('[1 Dashboard] · 2 Sources ✖ · 3 Live test ✖ · 4 Library & docs · 5 Rotate · Summary');
		const lines = first.split('\n');
		expect(lines[2]).toBe('Step 1 of 5 · Verify the key on the dashboard');
		expect(lines[3]).toBe('✖ A stale key in the shell shadows the key in .env');
		expect(lines[4]).toBe(`  $OPENAI_API_KEY holds ${fp(world.envKey)}.`);
		expect(lines[5]).toBe('  Fix: Run `unset OPENAI_API_KEY` and remove the line that sets it from your profile.');
		expect(lines[6]).toMatch(/^ {2}unset OPENAI_API_KEY +← c copies it$/);
		expect(first).toMatch(new RegExp(`${fp(world.envKey)} +✖ rejected +◀ the app gets this one`));
		expect(first).toContain(`Does the dashboard list a key ending in …${world.envKey.slice(-4)}?`);
		expect(first).toContain('https://platform.openai.com/api-keys');
		expect(menuEntries(first).map(entry => entry.label)).toEqual([
			'Next: 2 Sources (skip the question)',
			'Copy: unset OPENAI_API_KEY',
			`Yes, …${world.envKey.slice(-4)} is listed`,
			`No, …${world.envKey.slice(-4)} is not listed`,
			'Not sure',
			'Check again',
			'All causes',
			'Save transcript',
			'Quit',
		]);
		expect(menuEntries(first)[0]!.selected).toBe(true);
		expectNoKeyInFrames(app, world.envKey, world.dotenvKey);
	});

	it('Enter, the default, opens the step of the most likely cause, which leads with it too', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await app.press(keys.enter);
		const step2 = await app.waitFor(frame => frame.includes('Step 2 of 5'));
		const lines = step2.split('\n');
		expect(lines[1]).toContain('[2 Sources ✖]');
		expect(lines[3]).toBe('✖ A stale key in the shell shadows the key in .env');
		expect(lines[6]).toMatch(/^ {2}unset OPENAI_API_KEY +← c copies it$/);
		expect(step2).toMatch(new RegExp(`➜ process env OPENAI_API_KEY +${fp(world.envKey)} +◀ app gets this`));
		expect(step2).toMatch(new RegExp(`➜ \\.env:3 +${fp(world.dotenvKey)} +not used`));
		expect(step2).toContain('Found at this step, in full');
		expect(step2).toContain('stale-env-shadows-dotenv · step 2 · high confidence');
		expect(step2).toContain('c2 copies it');
		expect(step2).toMatch(/✔ ok Process environment: OPENAI_API_KEY is set/);
		expect(step2.replace(/\s+/g, ' ')).toContain('○ not checked yet by this version: Containers, Kubernetes, CI and serverless settings, Code that reads the key');
	});

	it('Continue before the checks finish goes on, and lands on the most likely cause when they do', async () => {
		const liveGate = gate();
		const world = wizardWorld({envKey: undefined, liveGate});
		const app = renderWizard(world);
		await app.waitFor(frame => frame.includes('Step 1 of 5') && frame.includes('1 check running'));
		await app.press(keys.enter);
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		liveGate.release();
		const step3 = await app.waitFor(frame => frame.includes('Step 3 of 5'));
		expect(step3).toContain('[3 Live test ✖]');
		expect(step3.split('\n')[3]).toBe('✖ The API rejects the key the app uses');
		expect(menuEntries(step3).map(entry => entry.label)).toContain('Back: 2 Sources');
	});

	it('shows a running check with a spinner word in the header and on its row, then its mark and summary', async () => {
		const liveGate = gate();
		const world = wizardWorld({liveGate});
		const app = renderWizard(world);
		await app.waitFor(frame => frame.includes('1 check running'));
		await app.press(']');
		await app.press(']');
		const running = await app.waitFor(frame => frame.includes('Step 3 of 5') && frame.includes('Live check'));
		expect(running.split('\n')[0]).toMatch(/… 1 check running$/);
		expect(running).toMatch(/… still checking… Live check: GET \/models with each distinct key/);
		expect(menuEntries(running).map(entry => entry.label)).not.toContain('Check again');
		liveGate.release();
		const landed = await app.waitFor(frame => frame.includes('✖ problem Live check'));
		expect(landed).toContain(`✖ problem Live check: ${fp(world.envKey)}: 401 invalid_api_key.`);
		expect(landed).toContain('curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"');
		expect(landed).not.toContain('check running');
	});

	it('a key that works is not asked about: step 1 says what it knows', async () => {
		const world = wizardWorld({dotenvKey: undefined, live: 'valid'});
		const app = renderWizard(world);
		const first = await app.waitFor(frame => frame.includes('The API accepts'));
		expect(first).toContain(`✔ No problem found: ${fp(world.envKey)} passed the live check.`);
		expect(first).toContain(`The API accepts ${fp(world.envKey)}, the key the app gets`);
		expect(first).not.toContain('Does the dashboard list');
		expect(menuEntries(first).map(entry => entry.label)).not.toContain(`Yes, …${world.envKey.slice(-4)} is listed`);
	});

	it('says when no key was found, asks nothing, and goes on to the step behind the top cause', async () => {
		const world = wizardWorld({envKey: undefined, dotenvKey: undefined});
		world.rules.push({
			id: 'key-missing',
			step: 2,
			title: 'OPENAI_API_KEY is not set',
			fix: ['Set it where the app runs.'],
			evaluate: facts => (facts.keys.length === 0 ? {confidence: 'high', evidence: ['No source sets OPENAI_API_KEY.']} : undefined),
		});
		const app = renderWizard(world);
		const first = await settled(app);
		expect(first).toContain('Keys found (0)');
		expect(first).toContain('No key found on this machine: nothing to look up on the dashboard.');
		expect(first).not.toContain('Does the dashboard list');
		await choose(app, 'Next: 2 Sources');
		const step2 = await app.waitFor(frame => frame.includes('Step 2 of 5'));
		expect(step2.split('\n')[3]).toBe('✖ OPENAI_API_KEY is not set');
		expect(step2).toContain('No source of OPENAI_API_KEY found.');
	});
});

describe('questions', () => {
	it('"no" about a dead key with no other working key leads to the rotate steps, and lands in the transcript', async () => {
		const world = wizardWorld({dotenvKey: undefined});
		const app = renderWizard(world);
		await settled(app);
		await choose(app, 'No, …');
		const step5 = await app.waitFor(frame => frame.includes('Step 5 of 5'));
		expect(step5).toMatch(new RegExp(`✖ Replace ${fp(world.envKey)}: it is gone`));
		expect(step5).toContain('Replace the key, in this order');
		expect(step5).toContain("export OPENAI_API_KEY='<paste your new key>'");
		await app.press(keys.escape);
		const step1 = await app.waitFor(frame => frame.includes('You answered'));
		expect(step1.replace(/\s+/g, ' ')).toContain(dashboardNoAdvice({}));
		await choose(app, 'Save transcript');
		await app.waitFor(frame => frame.includes('Saved the redacted transcript'));
		const {markdown} = world.saved[0]!;
		expect(markdown).toContain(`**Answered** on step 1: Does the dashboard list a key ending in …${world.envKey.slice(-4)}? (key ${fp(world.envKey)}) **No: the key was deleted or belongs to another account or project**`);
	});

	it('"no" while another key found here works says to use that one and never to make a new key', async () => {
		const world = wizardWorld({live: 'invalid'});
		// The .env key works; only the shell's key is refused.
		world.probes[2]!.run = async ({results}) => {
			const found = [...results.values()].flatMap(result => result.keys ?? []);
			return {status: 'fail', summary: 'one refused', data: {keys: found.map(observation => ({sha256: observation.secret.sha256, live: observation.origin === 'env' ? 'invalid' : 'valid'}))}};
		};
		const app = renderWizard(world);
		await settled(app);
		await choose(app, 'No, …');
		const next = await app.waitFor(frame => /Step [2-5] of 5/.test(frame));
		expect(next).toContain('Step 2 of 5');
		await app.press(keys.escape);
		const step1 = await app.waitFor(frame => frame.includes('You answered'));
		expect(step1.replace(/\s+/g, ' ')).toContain(`another key found here works: ${fp(world.dotenvKey)} (.env:3)`);
		expect(step1).not.toMatch(/Make a new key/);
	});
});

describe('copy', () => {
	it('c copies the fix in view, exactly; c then 2 the second command; the menu entry too; each says what happened', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 60, {}, 24);
		await settled(app);
		await app.press(keys.enter);
		const step2 = await app.waitFor(frame => frame.includes('Step 2 of 5'));
		expect(step2).toContain('← c copies it');
		await app.press('c');
		await app.waitFor(frame => frame.replace(/\s+/g, ' ').includes('✔ Copied to the clipboard: unset OPENAI_API_KEY'));
		expect(world.copies).toEqual(['unset OPENAI_API_KEY']);
		await app.press('c');
		await app.press('2');
		await app.waitFor(() => world.copies.length === 3);
		// Shown folded at 60 columns, copied whole: never a continuation inside the copy.
		expect(world.copies[2]).toBe(longCommand);
		expect(app.lastFrame()).toContain('Step 2 of 5');
		await choose(app, 'Copy: unset OPENAI_API_KEY');
		await app.waitFor(() => world.copies.length === 4);
		expect(world.copies[3]).toBe('unset OPENAI_API_KEY');
		expectNoKeyInFrames(app, world.envKey, world.dotenvKey);
	});

	it('says so when the text only went to the terminal, or when there is no clipboard at all', async () => {
		const world = wizardWorld();
		world.clipboardAnswer.outcome = {osc52: true, osc52Support: 'maybe', tool: {name: 'xclip', ok: false, failure: 'timeout'}};
		const app = renderWizard(world);
		await settled(app);
		await app.press('c');
		await app.waitFor(frame => frame.replace(/\s+/g, ' ').includes('Sent to the clipboard through the terminal (OSC 52) (xclip did not answer in time): unset OPENAI_API_KEY'));
		const bare = renderWizard(wizardWorld(), 100, {clipboard: undefined});
		await settled(bare);
		await bare.press('c');
		await bare.waitFor(frame => frame.includes('No clipboard here: select the command on screen.'));
	});

	it('a digit right after c is always the copy’s: past the last command, or where there is none, it never chooses from the menu', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await app.press(']');
		await app.press(']');
		await app.press(']');
		const step4 = await app.waitFor(frame => frame.includes('Step 4 of 5'));
		expect(menuEntries(step4)[1]!.label).toBe('Check again');
		await app.press('c');
		await app.waitFor(frame => frame.includes('Nothing to copy on this screen.'));
		await app.press('2');
		await app.press('[');
		await app.waitFor(frame => frame.includes('Step 3 of 5'));
		expect(world.runs).toHaveLength(1);
		await app.press('c');
		await app.press('9');
		await app.waitFor(() => world.copies.length === 1);
		expect(world.runs).toHaveLength(1);
	});

	it('lists the commands copied in the saved transcript', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await app.press('c');
		await app.waitFor(() => world.copies.length === 1);
		await app.press('s');
		await app.waitFor(() => world.saved.length === 1);
		expect(world.saved[0]!.markdown).toContain('**Copied** `unset OPENAI_API_KEY` (fix for `stale-env-shadows-dotenv`): ✔ Copied to the clipboard: unset OPENAI_API_KEY');
		expect(JSON.parse(world.saved[0]!.json).copied).toEqual([{text: 'unset OPENAI_API_KEY', label: 'In this shell', cause: 'stale-env-shadows-dotenv'}]);
	});
});

describe('check again', () => {
	it('says the problem is gone after the fix, with each cause before → after, and the transcript keeps both runs', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		world.setup.envKey = world.setup.dotenvKey;
		world.setup.live = 'valid';
		await choose(app, 'Check again');
		const after = await app.waitFor(frame => frame.includes('Check again: ✔ fixed.'));
		expect(after).toContain('The problem is gone: no cause found now, and a key passed the live check.');
		expect(after).toContain('✔ found → gone: A stale key in the shell shadows the key in .env');
		expect(after).toContain('✔ found → gone: The API rejects the key the app uses');
		expect(after).toContain('✔ No problem found');
		expect(world.runs).toHaveLength(2);
		await app.press('s');
		await app.waitFor(() => world.saved.length === 1);
		const {markdown, json} = world.saved[0]!;
		expect(markdown).toContain('1. **Run 1, first diagnosis**: verdict **problem**.');
		expect(markdown).toMatch(/\*\*Run 2, check again\*\*: verdict \*\*ok\*\*/);
		expect(markdown).toContain('- `stale-env-shadows-dotenv` A stale key in the shell shadows the key in .env: found → gone');
		const parsed = JSON.parse(json);
		expect(parsed).toMatchObject({schemaVersion: 1, verdict: 'ok'});
		expect(parsed.runs.map((run: {verdict: string}) => run.verdict)).toEqual(['problem', 'ok']);
	});

	it('says so when nothing changed', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await app.press('r');
		const after = await app.waitFor(frame => frame.includes('Check again: ✖ not fixed.'));
		expect(after).toContain('The problem is still there: the same 2 causes.');
		expect(after).toContain('✖ found → still there: A stale key in the shell shadows the key in .env');
		expect(after.replace(/\s+/g, ' ')).toContain('needs key-wizard to be started again from that terminal');
	});

	it('a pasted error from before the fix is set aside, never a "new problem", and can be cleared or replaced', async () => {
		const world = wizardWorld({envKey: undefined});
		const old = world.dotenvKey;
		const mask = `${old.slice(0, 8)}${'*'.repeat(old.length - 12)}${old.slice(-4)}`;
		// The app's key is matched by its mask, so the rule that names an unknown key can see it.
		world.rules.push({
			id: 'app-uses-other-key',
			step: 2,
			title: 'The app sent a key found nowhere here',
			fix: ['Look where the app runs.'],
			evaluate: facts => (facts.options.errorText && !facts.keys.some(key => key.matchesError) ? {confidence: 'high', evidence: ['The mask fits no key found.']} : undefined),
		});
		world.probes.push({
			id: 'error-triage',
			step: 3,
			title: "The app's error",
			checks: 'the error',
			needs: ['env', 'dotenv'],
			async run({options, results}) {
				const found = [...results.values()].flatMap(result => result.keys ?? []);
				const given = Boolean(options.errorText);
				const matches = found.map(observation => ({sha256: observation.secret.sha256, fingerprint: observation.secret.fingerprint, sources: [observation.source], matches: given && options.errorText!.includes(observation.secret.fingerprint.slice(-4))}));
				return {status: given ? 'warn' : 'skip', summary: given ? 'read' : 'none', data: {given, maskFound: given, matches}};
			},
		});
		const app = renderWizard(world);
		await settled(app);
		await app.press('p');
		await app.waitFor(frame => frame.includes('Paste the error your app printed'));
		await app.press(`Error code: 401 - Incorrect API key provided: ${mask}`);
		await app.press(keys.enter);
		await app.waitFor(frame => frame.includes('Step 1 of 5') && frame.includes('matches the app’s error') && menuEntries(frame).some(entry => entry.label === 'Check again'));
		// The fix: a new key in .env, which works.
		const fresh = makeProjectKey(7777);
		world.setup.dotenvKey = fresh;
		world.setup.envKey = undefined;
		world.setup.live = 'valid';
		await choose(app, 'Check again');
		const after = await app.waitFor(frame => frame.includes('Check again:') && !frame.includes('checking again'));
		expect(after).toContain('Check again: ✔ fixed.');
		expect(after).not.toContain('new problem');
		expect(after).not.toContain('The app sent a key found nowhere here');
		expect(after.replace(/\s+/g, ' ')).toContain('The error you pasted was from before the fix');
		const labels = menuEntries(after).map(entry => entry.label);
		expect(labels).toContain('Paste a new error');
		expect(labels).toContain('Clear the pasted error');
		await choose(app, 'Clear the pasted error');
		await app.waitFor(frame => !menuEntries(frame).some(entry => entry.label === 'Clear the pasted error'));
		await app.press('s');
		await app.waitFor(() => world.saved.length === 1);
		expect(world.saved[0]!.markdown).toContain('The error you pasted was from before the fix');
		expect(world.saved[0]!.markdown).toContain('**Cleared the pasted error.**');
		expectNoKeyInFrames(app, old, fresh);
	});
});

describe('keys', () => {
	it('Ctrl-C while a probe is in flight aborts it and exits 130', async () => {
		const world = wizardWorld({liveGate: gate()});
		const app = renderWizard(world);
		await app.waitFor(() => world.signals.length > 0);
		expect(world.signals[0]!.aborted).toBe(false);
		await app.press(keys.ctrlC);
		await expect(app.waitUntilExit()).resolves.toBe(130);
		expect(world.signals[0]!.aborted).toBe(true);
	});

	it('q quits with the verdict’s exit code; in the paste box it is just a letter', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await app.press('p');
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press('q');
		await app.waitFor(frame => /│ q/.test(frame));
		await app.press(keys.escape);
		await app.waitFor(frame => frame.includes('Step 1 of 5'));
		await app.press('q');
		await expect(app.waitUntilExit()).resolves.toBe(1);
	});

	it('Quit in the menu exits 0 when a key works and nothing is wrong', async () => {
		const world = wizardWorld({dotenvKey: undefined, live: 'valid'});
		const app = renderWizard(world);
		await settled(app);
		await choose(app, 'Quit');
		await expect(app.waitUntilExit()).resolves.toBe(0);
	});

	it('Esc goes back along the way taken, ] and [ walk the step bar in order, l opens the cause list from anywhere', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await app.press(']');
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		await app.press(']');
		await app.waitFor(frame => frame.includes('Step 3 of 5'));
		await app.press('[');
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		await app.press('l');
		const summary = await app.waitFor(frame => frame.includes('[Summary]'));
		expect(summary).toContain('Summary ✖ PROBLEM');
		expect(summary).toContain('Causes (2, most likely first)');
		expect(summary).toMatch(/1\. ✖ A stale key in the shell shadows the key in \.env +step 2/);
		expect(summary).toMatch(/2\. ✖ The API rejects the key the app uses +step 3/);
		await app.press(keys.escape);
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		await app.press(keys.escape);
		await app.waitFor(frame => frame.includes('Step 3 of 5'));
	});

	it('? shows every key, and Esc returns', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await app.press('?');
		const help = await app.waitFor(frame => frame.includes('Keys') && frame.includes('Home End'));
		for (const key of ['Tab', 'PgUp PgDn', 'c', 'p', 'l', '?', 'q', 'Ctrl-C']) expect(help).toContain(key);
		expect(menuEntries(help)).toEqual([]);
		await app.press(keys.escape);
		await app.waitFor(frame => frame.includes('Step 1 of 5'));
	});

	it('Tab gives the arrows to the page: ↓ scrolls it, End goes to its bottom, Home to its top; Tab again gives them back to the menu', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 80, {}, 24);
		await settled(app);
		await app.press(keys.enter);
		const top = await app.waitFor(frame => frame.includes('Step 2 of 5') && /↓ \d+ more lines: PgDn/.test(frame));
		expect(top).toContain('↑↓ Enter choose');
		await app.press(keyPress.tab);
		await app.waitFor(frame => frame.includes('↑↓ scroll') && frame.includes('Tab menu'));
		await app.press(keys.down);
		await app.waitFor(frame => !frame.includes('Step 2 of 5'));
		await app.press(keyPress.end);
		const bottom = await app.waitFor(frame => frame.includes('↑ end of the page'));
		expect(bottom).toContain('not checked yet by this version');
		await app.press(keyPress.home);
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		await app.press(keyPress.tab);
		await app.waitFor(frame => frame.includes('Tab page'));
		await app.press(keys.down);
		const moved = await app.waitFor(frame => menuEntries(frame)[1]?.selected === true);
		expect(moved).toContain('Step 2 of 5');
		await app.press(keyPress.end);
		await app.waitFor(frame => menuEntries(frame).at(-1)?.selected === true);
		await app.press(keyPress.home);
		await app.waitFor(frame => menuEntries(frame)[0]?.selected === true);
	});

	it('keys that arrive together act in order on what is drawn: ↓ then Enter in one read chooses the second entry', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		app.write(`${keys.down}\r`);
		await app.waitFor(() => world.copies.length === 1);
		expect(world.copies).toEqual(['unset OPENAI_API_KEY']);
		// Home, then Enter twice, in one read: the way on from step 1, then from step 2.
		app.write(`${keyPress.home}\r\r`);
		await app.waitFor(frame => frame.includes('Step 3 of 5'));
		expect(world.copies).toHaveLength(1);
	});

	it('PgDn and PgUp scroll the page while the menu keeps the arrows', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100, {}, 24);
		await settled(app);
		await app.press(keys.enter);
		await app.waitFor(frame => frame.includes('Step 2 of 5') && /↓ \d+ more lines/.test(frame));
		await app.press(keys.pageDown);
		const scrolled = await app.waitFor(frame => !frame.includes('Step 2 of 5'));
		expect(scrolled.split('\n')[0]).toContain('key-wizard 9.9.9');
		expect(menuEntries(scrolled)[0]!.label).toBe('Next: 3 Live test');
		await app.press(keys.pageUp);
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
	});
});

describe('the paste box, where it helps', () => {
	it('is offered on step 3, never shows a pasted key, reruns the probes with the text, returns, and routes to rotation', async () => {
		const world = wizardWorld({live: 'valid', dotenvKey: undefined});
		const leaked = makeProjectKey(31337);
		const pasted = `openai.AuthenticationError: Error code: 401 - my key ${leaked} failed`;
		const app = renderWizard(world);
		await settled(app);
		await app.press(']');
		await app.press(']');
		const step3 = await app.waitFor(frame => frame.includes('Step 3 of 5'));
		expect(step3).toContain('Not sure which key the app sends? Paste the error it printed (p)');
		await choose(app, 'Paste the app’s error');
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press(pasted);
		const box = await app.waitFor(frame => frame.includes('It holds a full key'));
		expect(box).toContain(fp(leaked));
		await app.press(keys.enter);
		await app.waitFor(frame => frame.includes('Step 3 of 5'));
		await app.waitFor(() => world.runs.length === 2);
		expect(world.runs[0]!.errorText).toBeUndefined();
		expect(world.runs[1]!.errorText).toBe(pasted);
		const shown = await app.waitFor(frame => frame.includes('The app’s error: openai.AuthenticationError'));
		expect(shown).toContain(fp(leaked));
		await app.press(']');
		await app.press(']');
		const step5 = await app.waitFor(frame => frame.includes('Step 5 of 5'));
		expect(step5).toContain('The text you pasted held a full key');
		expectNoKeyInFrames(app, leaked, world.envKey);
	});

	it('is offered on the first screen when the verdict is unsure, and p opens it from any screen', async () => {
		const world = wizardWorld({envKey: undefined, dotenvKey: undefined});
		const app = renderWizard(world);
		const first = await settled(app);
		expect(first).toContain('! Nothing found wrong, but no live check confirmed a working key.');
		expect(menuEntries(first).map(entry => entry.label)).toContain('Paste the app’s error');
		await app.press(']');
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		await app.press('p');
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press(keys.escape);
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
	});

	it('keeps a multi-line paste and submits only on a lone Enter', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await app.press('p');
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press('Traceback (most recent call last):\r  File "app.py", line 3');
		const frame = await app.waitFor(current => current.includes('File "app.py"'));
		expect(frame).toContain('Traceback (most recent call last):');
		expect(world.runs).toHaveLength(1);
		await app.press(keys.enter);
		await app.waitFor(() => world.runs.length === 2);
		expect(world.runs[1]!.errorText).toBe('Traceback (most recent call last):\n  File "app.py", line 3');
	});

	it('takes a 1 MB paste without a hang: keeps the first 20 000 characters and says so', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await app.press('p');
		await app.waitFor(frame => frame.includes('Paste the error'));
		const huge = `Error code: 401 ${'x'.repeat(1024 * 1024)}`;
		// As a terminal delivers a paste: in pieces, one after another, once the box listens.
		await app.press(huge.slice(0, 64 * 1024));
		for (let offset = 64 * 1024; offset < huge.length; offset += 64 * 1024) app.write(huge.slice(offset, offset + 64 * 1024));
		await app.waitFor(frame => frame.includes('Kept the first 20,000 characters'), 10_000);
		await app.press(keys.enter);
		await app.waitFor(() => world.runs.length === 2);
		expect(world.runs[1]!.errorText!.length).toBe(20_000);
		await app.waitFor(frame => frame.includes('Step 1 of 5'));
	});

	it('hides a key found here even when the error shows it split by a soft wrap: on step 3 and back in the box', async () => {
		const world = wizardWorld({live: 'valid'});
		const key = world.envKey!;
		// A terminal wrapped the key the app printed: its last 20 characters alone look like no key.
		const split = `openai.AuthenticationError: Incorrect API key provided: ${key.slice(0, -20)}\r\n${key.slice(-20)}`;
		const app = renderWizard(world, 100, {options: {...world.options, errorText: split}});
		await settled(app);
		await app.press(']');
		await app.press(']');
		await app.waitFor(frame => frame.includes('Step 3 of 5') && frame.includes('The app’s error:'));
		await app.press('p');
		await app.waitFor(frame => frame.includes('Using now:'));
		for (const window of Array.from({length: key.length - 17}, (_, start) => key.slice(8 + start, 18 + start))) {
			expect(app.frames().join('\n')).not.toContain(window);
		}
	});

	it('is not shown at all when --error already gave the text', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100, {options: {...world.options, errorText: 'Error code: 401'}});
		await settled(app);
		expect(app.frames().some(frame => frame.includes('Paste the error'))).toBe(false);
		expect(world.runs[0]!.errorText).toBe('Error code: 401');
	});
});

describe('saving', () => {
	it('says in view where the transcript was written, or why it was not', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await settled(app);
		await choose(app, 'Save transcript');
		const saved = await app.waitFor(frame => frame.includes('Saved the redacted transcript'));
		expect(saved).toContain('Saved the redacted transcript to /tmp/kw/key-wizard-test.md (and /tmp/kw/key-wizard-test.json).');
		const failing = renderWizard(wizardWorld(), 100, {save: async () => ({ok: false, message: '/tmp/kw/t.md already exists; not overwritten.'})});
		await settled(failing);
		await failing.press('s');
		await failing.waitFor(frame => frame.includes('Not saved: /tmp/kw/t.md already exists; not overwritten.'));
	});

	it('with --save, quitting saves first and the last frame says where', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100, {saveOnQuit: true});
		await settled(app);
		await app.press('q');
		await expect(app.waitUntilExit()).resolves.toBe(1);
		expect(world.saved).toHaveLength(1);
		expect(app.lastFrame()).toContain('Saved the redacted transcript to /tmp/kw/key-wizard-test.md');
	});

	it('says DEMO on screen in demo mode', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100, {options: {...world.options, demo: true}});
		const frame = await settled(app);
		expect(frame.split('\n')[0]).toBe('key-wizard 9.9.9  DEMO  simulated broken setup; nothing of yours is read');
	});
});
