import {afterEach, describe, expect, it} from 'vitest';
import {dashboardNoAdvice} from '../../source/core/wizard/steps.js';
import {cleanupRendered, keys, type Rendered} from '../helpers/render.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {choose, menuEntries, renderWizard} from './wizard-driver.js';
import {gate, wizardWorld} from './wizard-world.js';

afterEach(cleanupRendered);

const fp = (key: string) => `sk-proj-…${key.slice(-4)}`;

/** No frame ever held a key, or a long piece of one. */
function expectNoKeyInFrames(app: Rendered, ...secrets: string[]): void {
	const all = app.frames().join('\n');
	for (const secret of secrets) {
		expect(all).not.toContain(secret);
		expect(all).not.toContain(secret.slice(8, -4));
	}
}

async function skipPaste(app: Rendered): Promise<void> {
	await app.waitFor(frame => frame.includes('Paste the error'));
	await app.press(keys.enter);
	await app.waitFor(frame => frame.includes('Step 1 of 5'));
}

describe('the wizard at 100 columns', () => {
	it('walks from the paste box through step 1 to the summary, showing keys only as fingerprints', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		const paste = await app.waitFor(frame => frame.includes('Paste the error your app printed'));
		expect(paste).toContain('key-wizard 9.9.9');
		expect(paste).toContain('1 Dashboard · 2 Sources · 3 Live test · 4 Library & docs · 5 Rotate · Summary');
		await app.press(keys.enter);

		const step1 = await app.waitFor(frame => frame.includes('Does the dashboard list a key ending in') && frame.includes(fp(world.dotenvKey)));
		expect(step1).toContain('[1 Dashboard]');
		expect(step1).toContain('https://platform.openai.com/api-keys');
		expect(step1).toContain(`${fp(world.envKey)} OpenAI project key ◀ the app gets this one`);
		expect(step1).toContain(`Does the dashboard list a key ending in …${world.envKey.slice(-4)}?`);
		expect(menuEntries(step1).map(entry => entry.label)).toEqual([
			'Yes, it is listed',
			'No, it is not listed',
			'Not sure',
			'Skip the question (on to step 2: Sources)',
			'Back to the start',
			'Quit',
		]);

		await choose(app, 'Not sure');
		const step2 = await app.waitFor(frame => frame.includes('Step 2 of 5'));
		expect(step2).toContain('[2 Sources ✖]');
		await choose(app, 'Continue to step 3');
		await app.waitFor(frame => frame.includes('Step 3 of 5'));
		await choose(app, 'Continue to step 4');
		await app.waitFor(frame => frame.includes('Step 4 of 5'));
		// The API rejected the key, so the table routes through rotation before the summary.
		await choose(app, 'Continue to step 5');
		await app.waitFor(frame => frame.includes('Step 5 of 5'));
		await choose(app, 'Continue to the summary');

		const summary = await app.waitFor(frame => frame.includes('[Summary]'));
		expect(summary).toContain('Verdict: ✖ PROBLEM');
		expect(summary).toContain('Causes (2, most likely first)');
		expect(summary.indexOf('1. ✖ A stale key in the shell shadows the key in .env')).toBeLessThan(summary.indexOf('2. ✖ The API rejects the key the app uses'));
		expect(summary).toContain('stale-env-shadows-dotenv · step 2 · high confidence');
		expect(summary).toContain(`• env:OPENAI_API_KEY holds ${fp(world.envKey)}.`);
		expect(summary).toContain('1. Run `unset OPENAI_API_KEY` and remove the line that sets it from your profile.');
		expect(summary).toContain('unset OPENAI_API_KEY');
		expect(summary).toContain(`${fp(world.envKey)} ✖ rejected ◀ the app gets this one`);
		expectNoKeyInFrames(app, world.envKey, world.dotenvKey);
	});

	it('shows a running probe with its word, then its mark, word and summary when it lands', async () => {
		const liveGate = gate();
		const world = wizardWorld({liveGate});
		const app = renderWizard(world);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		await choose(app, 'Continue to step 3');
		const running = await app.waitFor(frame => frame.includes('Step 3 of 5') && frame.includes('Live check'));
		expect(running).toMatch(/… running +Live check: GET \/models with each distinct key/);
		expect(running).toContain('1 check running');
		expect(running).not.toContain('Check again');

		liveGate.release();
		const landed = await app.waitFor(frame => frame.includes('✖ problem'));
		expect(landed).toContain(`✖ problem    Live check: ${fp(world.envKey)}: 401 invalid_api_key.`);
		expect(landed).toContain('live check: ✖ rejected');
		expect(landed).toContain('curl -sS https://api.openai.com/v1/models');
		expect(landed).toContain('-H "Authorization: Bearer $OPENAI_API_KEY"');
		expect(landed).not.toContain('check running');
	});

	it('answering "no" leads to the rotate advice, and the answer lands in the saved transcript', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await skipPaste(app);
		await app.waitFor(frame => frame.includes('Does the dashboard list'));
		await choose(app, 'No, it is not listed');
		const step5 = await app.waitFor(frame => frame.includes('Step 5 of 5'));
		expect(step5.replace(/\s+/g, ' ')).toContain(dashboardNoAdvice(false));
		expect(step5).toContain("export OPENAI_API_KEY='<paste your new key>'");
		await choose(app, 'Continue to the summary');
		await app.waitFor(frame => frame.includes('[Summary]') && frame.includes('Save transcript'));
		await choose(app, 'Save transcript');

		const saved = await app.waitFor(frame => frame.includes('Saved the redacted transcript'));
		expect(saved).toContain('✔ Saved the redacted transcript to /tmp/kw/key-wizard-test.md (and /tmp/kw/key-wizard-test.json).');
		expect(world.saved).toHaveLength(1);
		const {markdown, json} = world.saved[0]!;
		expect(markdown).toContain(`**Does the dashboard list a key ending in …${world.envKey.slice(-4)}? (key ${fp(world.envKey)})** No: the key was deleted or belongs to another account or project`);
		expect(markdown).toContain('stale-env-shadows-dotenv');
		expect(JSON.parse(json)).toMatchObject({schemaVersion: 1, verdict: 'problem'});
		for (const text of [markdown, json]) {
			expect(text).not.toContain(world.envKey);
			expect(text).not.toContain(world.dotenvKey);
		}
	});

	it('says clearly when the transcript could not be saved', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100, {save: async () => ({ok: false, message: '/tmp/kw/t.md already exists; not overwritten. Choose another name.'})});
		await skipPaste(app);
		await choose(app, 'Skip the question');
		await choose(app, 'Save transcript');
		const frame = await app.waitFor(current => current.includes('Not saved'));
		expect(frame).toContain('✖ Not saved: /tmp/kw/t.md already exists; not overwritten. Choose another name.');
	});

	it('opens the step behind the top cause after "yes", and marks the source behind it', async () => {
		const world = wizardWorld({live: 'valid'});
		const app = renderWizard(world);
		await skipPaste(app);
		await app.waitFor(frame => frame.includes('live check: ✔ works'));
		await choose(app, 'Yes, it is listed');
		const step2 = await app.waitFor(frame => frame.includes('Step 2 of 5'));
		expect(step2).toContain('Found at this step');
		expect(step2).toContain('1. ✖ A stale key in the shell shadows the key in .env');
		expect(step2).toMatch(new RegExp(`➜ process env OPENAI_API_KEY +${fp(world.envKey)} +◀ app gets this +OpenAI project key`));
		expect(step2).toMatch(new RegExp(`➜ \\.env:3 +${fp(world.dotenvKey)} +not used +OpenAI project key`));
		expect(step2).toContain('➜ the source behind the most likely cause');
		expect(step2).toContain('✔ ok         Process environment: OPENAI_API_KEY is set');
	});

	it('follows the top cause when the probes finish after the answer', async () => {
		const liveGate = gate();
		const world = wizardWorld({envKey: undefined, liveGate});
		const app = renderWizard(world);
		await skipPaste(app);
		await app.waitFor(frame => frame.includes('Does the dashboard list'));
		await choose(app, 'Yes, it is listed');
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		liveGate.release();
		const step3 = await app.waitFor(frame => frame.includes('Step 3 of 5'));
		expect(step3).toContain('[3 Live test ✖]');
		expect(step3).toContain('1. ✖ The API rejects the key the app uses');
		expect(menuEntries(step3).map(entry => entry.label)).toContain('Back to step 2: Sources');
	});

	it('"Check again" reruns every probe and says the problem is gone after the fix', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		await choose(app, 'Skip to the summary');
		await app.waitFor(frame => frame.includes('Verdict: ✖ PROBLEM') && frame.includes('Check again'));

		world.setup.envKey = world.setup.dotenvKey;
		world.setup.live = 'valid';
		await choose(app, 'Check again');
		const after = await app.waitFor(frame => frame.includes('Check again: ✔ fixed.'));
		expect(after).toContain('The problem is gone: no cause found now, and a key passed the live check.');
		expect(after).toContain('Verdict: ✔ OK');
		expect(after).toContain('Causes: none found');
		expect(world.runs).toHaveLength(2);
	});

	it('"Check again" says so when nothing changed', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		await choose(app, 'Check again');
		const after = await app.waitFor(frame => frame.includes('Check again: ✖ not fixed.'));
		expect(after).toContain('The problem is still there: the same 2 causes.');
		expect(after.replace(/\s+/g, ' ')).toContain('needs key-wizard to be started again from that terminal');
	});

	it('details show each probe’s extra lines and duration on request, and hide again', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		await app.waitFor(frame => frame.includes('Step 2 of 5') && frame.includes('Check again'));
		expect(app.lastFrame()).not.toContain('Also set: nothing else.');
		await choose(app, 'Details');
		const details = await app.waitFor(frame => frame.includes('Also set: nothing else.'));
		expect(details).toMatch(/env, \d+ ms/);
		await choose(app, 'Hide details');
		await app.waitFor(frame => !frame.includes('Also set: nothing else.'));
	});

	it('lists the checks that do not exist yet as "not checked yet", never as a pass', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		const step2 = await app.waitFor(frame => frame.includes('Not checked yet by this version'));
		for (const label of ['Containers', 'Kubernetes', 'CI and serverless settings', 'Code that reads the key']) {
			expect(step2).toMatch(new RegExp(`○ not checked yet +${label}:`));
			expect(step2).not.toMatch(new RegExp(`✔.*${label}`));
		}
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
		await skipPaste(app);
		const step1 = await app.waitFor(frame => frame.includes('No key found on this machine'));
		expect(step1).toContain('Keys found (0)');
		expect(step1).not.toContain('Does the dashboard list');
		await app.waitFor(frame => frame.includes('Check again'));
		await choose(app, 'Continue to step 2');
		const step2 = await app.waitFor(frame => frame.includes('Step 2 of 5'));
		expect(step2).toContain('1. ✖ OPENAI_API_KEY is not set');
		expect(step2).toContain('No source of OPENAI_API_KEY found.');
		expect(step2).toContain('! warning    Process environment: OPENAI_API_KEY is not set in this process');
	});
});

describe('keys that work everywhere', () => {
	it('Ctrl-C while a probe is in flight aborts it and exits 130', async () => {
		const world = wizardWorld({liveGate: gate()});
		const app = renderWizard(world);
		await skipPaste(app);
		await app.waitFor(() => world.signals.length > 0);
		expect(world.signals[0]!.aborted).toBe(false);
		await app.press(keys.ctrlC);
		await expect(app.waitUntilExit()).resolves.toBe(130);
		expect(world.signals[0]!.aborted).toBe(true);
	});

	it('Ctrl-C works on the paste box too', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press(keys.ctrlC);
		await expect(app.waitUntilExit()).resolves.toBe(130);
	});

	it('q quits with the verdict’s exit code, except while typing in the paste box', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press('q');
		await app.waitFor(frame => /│ q/.test(frame));
		await app.press(keys.backspace);
		await app.press(keys.enter);
		await app.waitFor(frame => frame.includes('Step 1 of 5') && frame.includes('live check: ✖ rejected'));
		await app.press('q');
		await expect(app.waitUntilExit()).resolves.toBe(1);
	});

	it('Quit in the menu exits 0 when a key works and nothing is wrong', async () => {
		const world = wizardWorld({dotenvKey: undefined, live: 'valid'});
		const app = renderWizard(world);
		await skipPaste(app);
		await app.waitFor(frame => frame.includes('live check: ✔ works'));
		await choose(app, 'Quit');
		await expect(app.waitUntilExit()).resolves.toBe(0);
	});

	it('Esc goes back along the way taken; on the paste box it skips', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press(keys.escape);
		await app.waitFor(frame => frame.includes('Step 1 of 5'));
		await choose(app, 'Skip the question');
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		await app.press(keys.escape);
		await app.waitFor(frame => frame.includes('Step 1 of 5'));
		await app.press(keys.escape);
		await app.waitFor(frame => frame.includes('Paste the error'));
	});
});

describe('the paste box', () => {
	it('never shows a pasted key, reruns the probes with the text, and routes to rotation', async () => {
		const world = wizardWorld({live: 'valid', dotenvKey: undefined});
		const leaked = makeProjectKey(31337);
		const pasted = `openai.AuthenticationError: Error code: 401 - my key ${leaked} failed`;
		const app = renderWizard(world);
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press(pasted);
		const box = await app.waitFor(frame => frame.includes('It holds a full key'));
		expect(box).toContain(fp(leaked));
		expect(box).toContain('! It holds a full key: shown here only as its fingerprint.');
		await app.press(keys.enter);
		await app.waitFor(frame => frame.includes('Step 1 of 5'));
		await app.waitFor(() => world.runs.length === 2);
		expect(world.runs[0]!.errorText).toBeUndefined();
		expect(world.runs[1]!.errorText).toBe(pasted);

		await app.waitFor(frame => frame.includes('live check: ✔ works'));
		await choose(app, 'Yes');
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		await choose(app, 'Continue to step 3');
		await choose(app, 'Continue to step 4');
		await choose(app, 'Continue to step 5');
		const step5 = await app.waitFor(frame => frame.includes('Step 5 of 5'));
		expect(step5).toContain('The text you pasted held a full key');
		expectNoKeyInFrames(app, leaked, world.envKey);
	});

	it('keeps a multi-line paste and submits only on a lone Enter', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press('Traceback (most recent call last):\r  File "app.py", line 3');
		const frame = await app.waitFor(current => current.includes('File "app.py"'));
		expect(frame).toContain('Traceback (most recent call last):');
		expect(world.runs).toHaveLength(1);
		await app.press(keys.enter);
		await app.waitFor(() => world.runs.length === 2);
		expect(world.runs[1]!.errorText).toBe('Traceback (most recent call last):\n  File "app.py", line 3');
	});

	it('an Enter typed before the wizard took the terminal (it arrives as a line feed) skips the empty box', async () => {
		const world = wizardWorld();
		const app = renderWizard(world);
		await app.waitFor(frame => frame.includes('Paste the error'));
		await app.press('\n');
		await app.waitFor(frame => frame.includes('Step 1 of 5'));
		expect(world.runs).toHaveLength(1);
	});

	it('grows the box as a long paste wraps, in a terminal of fixed height', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 60, {}, 30);
		await app.waitFor(frame => frame.includes('Paste the error'));
		const error = "Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-****wxyz. You can find your API key at https://platform.openai.com/account/api-keys.', 'code': 'invalid_api_key'}}";
		// Typed in pieces, as a terminal delivers a paste: each piece makes the box taller.
		for (const piece of error.match(/.{1,40}/g)!) await app.press(piece);
		// Whole: the box's bottom border comes after the pasted text's last line.
		const whole = (current: string) => {
			const lines = current.split('\n');
			const lastText = lines.findIndex(line => line.includes("'invalid_api_key'}}"));
			return lastText !== -1 && lines.findIndex(line => line.trimStart().startsWith('╰')) > lastText;
		};

		expect(whole(await app.waitFor(whole, 3000))).toBe(true);
	});

	it('is skipped when --error already gave the text', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100, {options: {...world.options, errorText: 'Error code: 401'}});
		await app.waitFor(frame => frame.includes('Step 1 of 5'));
		expect(app.frames().some(frame => frame.includes('Paste the error'))).toBe(false);
		expect(world.runs[0]!.errorText).toBe('Error code: 401');
	});
});

describe('the wizard at other widths', () => {
	it('stays readable at 40 columns: wrapped step bar, one block per source, no line wider than the terminal', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 40);
		await skipPaste(app);
		await app.waitFor(frame => frame.includes('live check: ✖'));
		await choose(app, 'Not sure');
		const step2 = await app.waitFor(frame => frame.includes('Step 2 of 5') && frame.includes('Where the key comes from'));
		expect(step2).toContain('[2 Sources ✖]');
		expect(step2).toContain('➜ process env OPENAI_API_KEY');
		expect(step2).toContain(`${fp(world.envKey)} ◀ app gets this`);
		expect(step2).toContain(`${fp(world.dotenvKey)} not used`);
		expect(step2).toMatch(/✔ ok Process environment\n\s+OPENAI_API_KEY is set/);
		await choose(app, 'Skip to the summary');
		const summary = await app.waitFor(frame => frame.includes('[Summary]'));
		expect(summary).toContain('Verdict: ✖ PROBLEM');
		for (const frame of app.frames().slice(1)) {
			for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
		}

		expectNoKeyInFrames(app, world.envKey, world.dotenvKey);
	});

	it('folds a copyable curl command between words at 40 columns, so it still pastes as one command', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 40, {}, 200);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		await choose(app, 'Continue to step 3');
		const step3 = await app.waitFor(frame => frame.includes('Step 3 of 5') && /\n\s+curl -sS \\\n/.test(frame));
		const lines = step3.split('\n');
		const first = lines.findIndex(line => /^\s+curl -sS \\$/.test(line));
		// The URL is a word of its own on the next line, after a continuation: never split inside.
		expect(lines[first + 1]).toMatch(/^\s+https?:\/\/\S+\/models \\$/);
	});

	it('re-lays out when the terminal is resized', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		await app.waitFor(frame => /source +key +app +kind \/ defects/.test(frame));
		app.resize(40);
		await app.waitFor(frame => frame.includes(`${fp(world.envKey)} ◀ app gets this`) && !frame.includes('kind / defects'));
	});

	it('keeps step 1’s question beside its answers when a small terminal scrolls it out of view', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 20, {}, 30);
		await skipPaste(app);
		const frame = await app.waitFor(current => current.includes('Yes, it is') && current.includes('more lines'));
		const question = frame.lastIndexOf('Does the dashboard');
		expect(question).toBeGreaterThan(-1);
		expect(question).toBeLessThan(frame.indexOf('Yes, it is'));
		expect(question).toBeGreaterThan(frame.indexOf('more lines'));
	});

	it('does not crash at 20 columns and can still be walked to the summary', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 20);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
		await choose(app, 'Skip to the');
		await app.waitFor(frame => frame.includes('Summary') && frame.includes('PROBLEM'));
		expectNoKeyInFrames(app, world.envKey, world.dotenvKey);
	});

	it('fits a short terminal: header and menu stay, the body scrolls with PgDn and PgUp', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100, {}, 24);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		const top = await app.waitFor(frame => frame.includes('Step 2 of 5') && /↓ \d+ more lines below: PgDn/.test(frame));
		const lines = top.split('\n');
		expect(lines.length).toBeLessThanOrEqual(23);
		expect(lines[0]).toContain('key-wizard 9.9.9');
		expect(top).toContain('[2 Sources ✖]');
		expect(top).toContain('1. Continue to step 3: Live test');
		expect(top).toContain('PgUp/PgDn scroll');
		expect(top).not.toContain('Not checked yet by this version');

		await app.press(keys.pageDown);
		const scrolled = await app.waitFor(frame => !frame.includes('Step 2 of 5'));
		expect(scrolled.split('\n')[0]).toContain('key-wizard 9.9.9');
		expect(scrolled).toContain('1. Continue to step 3: Live test');
		for (let page = 0; page < 5; page++) await app.press(keys.pageDown);
		const bottom = await app.waitFor(frame => frame.includes('end of the page'));
		expect(bottom).toContain('Code that reads the key');
		await app.press(keys.pageUp);
		for (let page = 0; page < 5; page++) await app.press(keys.pageUp);
		await app.waitFor(frame => frame.includes('Step 2 of 5'));
	});

	it('uses the room at 200 columns: one line per source, the step bar on one line', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 200);
		await skipPaste(app);
		await choose(app, 'Skip the question');
		const step2 = await app.waitFor(frame => frame.includes('Where the key comes from') && frame.includes('.env:3'));
		expect(step2).toContain('1 Dashboard · [2 Sources ✖] · 3 Live test ✖ · 4 Library & docs · 5 Rotate · Summary');
		expect(step2).toMatch(new RegExp(`➜ \\.env:3 +${fp(world.dotenvKey)} +not used +OpenAI project key`));
		expect(step2).toContain('✔ ok         .env files: .env:3 sets OPENAI_API_KEY');
	});
});

describe('demo and --save', () => {
	it('says DEMO on screen in demo mode', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100, {options: {...world.options, demo: true}});
		const frame = await app.waitFor(current => current.includes('Paste the error'));
		expect(frame.split('\n')[0]).toBe('key-wizard 9.9.9  DEMO  simulated broken setup; nothing of yours is read');
	});

	it('with --save, quitting saves the transcript before it exits', async () => {
		const world = wizardWorld();
		const app = renderWizard(world, 100, {saveOnQuit: true});
		await skipPaste(app);
		await app.waitFor(frame => frame.includes('live check: ✖ rejected'));
		await choose(app, 'No, it is not listed');
		await app.waitFor(frame => frame.includes('Step 5 of 5'));
		await app.press('q');
		await expect(app.waitUntilExit()).resolves.toBe(1);
		expect(world.saved).toHaveLength(1);
		expect(world.saved[0]!.markdown).toContain('No: the key was deleted');
	});
});
