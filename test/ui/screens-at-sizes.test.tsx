import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {createDemo} from '../../source/runner/demo.js';
import {startSession} from '../../source/runner/session.js';
import {WizardApp} from '../../source/ui/app.js';
import type {ClipboardOutcome} from '../../source/core/ports.js';
import type {RunOptions} from '../../source/core/types.js';
import type {Ports} from '../../source/core/ports.js';
import {makeOptions} from '../helpers/facts.js';
import {cleanupRendered, keys, renderAt, type Rendered} from '../helpers/render.js';
import {brokenRecipes, buildBrokenSetup} from './broken-setups.js';
import {menuEntries} from './menu-entries.js';

/**
 * Every screen of the demo and of three broken setups, through the REAL probes (a temporary
 * HOME with real startup files, a real bash login shell, a loopback API), at the sizes
 * people use: answer first at every size, nothing wider or taller than the terminal, the
 * chrome within 8 rows at 80×24, and the cause and its fix within reach of Enter.
 */
const sizes = [
	[60, 20],
	[80, 24],
	[100, 16],
	[120, 40],
] as const;

const screens = ['Step 1 of 5', 'Step 2 of 5', 'Step 3 of 5', 'Step 4 of 5', 'Step 5 of 5', 'Summary'] as const;
const closers: Array<() => Promise<void>> = [];
afterEach(cleanupRendered);
afterAll(async () => {
	await Promise.all(closers.map(close => close()));
});

type World = {ports: Ports; options: RunOptions; secrets: string[]; top?: string};

function mount(world: World): {app: Rendered; copies: string[]} {
	const copies: string[] = [];
	const outcome: ClipboardOutcome = {osc52: true, osc52Support: 'maybe'};
	const app = renderAt(
		<WizardApp
			ports={world.ports}
			options={world.options}
			version="9.9.9"
			startSession={startSession}
			clipboard={async text => {
				copies.push(text);
				return outcome;
			}}
			color={false}
			animate={false}
		/>,
		{columns: 120, rows: 40},
	);
	return {app, copies};
}

const lines = (frame: string) => frame.split('\n');

/** Rows the chrome takes: the header, the step bar, the status row above the menu, the menu and the key hints. */
function chromeRows(frame: string): number {
	const all = lines(frame).map(line => line.trimEnd());
	while (all.length > 0 && all.at(-1) === '') all.pop();
	const firstMenu = all.findIndex(line => /^(?:❯| ) 1\. \S/.test(line));
	return 2 + 1 + (all.length - firstMenu);
}

function checkScreen(frame: string, columns: number, rows: number, where: string): void {
	const shown = lines(frame);
	expect(shown.length, `${where}: taller than the terminal\n${frame}`).toBeLessThanOrEqual(rows - 1);
	for (const line of shown) expect([...line].length, `${where}: a line wider than the terminal: ${line}`).toBeLessThanOrEqual(columns);
	expect(shown[0], where).toMatch(/^key-wizard 9\.9\.9/);
	expect(shown[1], where).toMatch(/\[(\d[^\]]*|Summary)\]/);
	// The page is never empty: it starts with its heading, then what the screen leads with.
	expect(shown[2], `${where}\n${frame}`).toMatch(/^(Step \d of 5 · |Summary)/);
	expect(shown[3], `${where}\n${frame}`).toMatch(/^(✖|✔|!|…) \S/);
	expect(menuEntries(frame).length, where).toBeGreaterThan(0);
	expect(shown.at(-1) || shown.at(-2), where).toMatch(/q quit/);
}

function expectNoSecret(app: Rendered, secrets: readonly string[]): void {
	const all = app.frames().join('\n');
	for (const secret of secrets) {
		expect(all).not.toContain(secret.trim());
		expect(all).not.toContain(secret.trim().slice(8, -4));
	}
}

async function walk(app: Rendered, columns: number, rows: number, forward: boolean, name: string): Promise<Map<string, string>> {
	const seen = new Map<string, string>();
	const order = forward ? screens : [...screens].reverse();
	for (const [index, screen] of order.entries()) {
		if (index > 0) await app.press(forward ? ']' : '[');
		const frame = await app.waitFor(current => (screen === 'Summary' ? /\[Summary\]/.test(current) && lines(current)[2]!.startsWith('Summary') : lines(current)[2]!.startsWith(screen)));
		checkScreen(frame, columns, rows, `${name} at ${columns}×${rows}, ${screen}`);
		seen.set(screen, frame);
	}

	return seen;
}

/** Walks every screen at every size (resizing the one wizard), then follows the default choices from the first screen. */
async function everyScreenAtEverySize(world: World, name: string): Promise<void> {
	const {app, copies} = mount(world);
	const first = await app.waitFor(frame => lines(frame)[2]?.startsWith('Step 1 of 5') === true && !lines(frame)[0]!.includes('running') && frame.includes('Keys found'), 20_000);
	const leadTitle = lines(first)[3]!;
	if (world.top) expect(leadTitle).toMatch(/^✖ /);
	let forward = true;
	for (const [columns, rows] of sizes) {
		app.resize(columns, rows);
		await app.waitFor(frame => lines(frame).length <= rows - 1 && lines(frame).every(line => [...line].length <= columns));
		const seen = await walk(app, columns, rows, forward, name);
		if (columns === 80 && rows === 24) {
			for (const [screen, frame] of seen) expect(chromeRows(frame), `${name}, ${screen}: the chrome at 80×24\n${frame}`).toBeLessThanOrEqual(8);
		}

		forward = !forward;
	}

	// Back to the first screen, at 80×24, and follow the default choices: Enter.
	app.resize(80, 24);
	while (!lines(app.lastFrame())[2]!.startsWith('Step 1 of 5')) {
		await app.press('[');
		await app.waitFor(() => true);
	}

	const start = await app.waitFor(frame => lines(frame)[2]!.startsWith('Step 1 of 5'));
	if (world.top) {
		// The cause and its fix command in view without scrolling: on the first screen, and
		// after Enter (the default) on the step the cause belongs to.
		const inView = (frame: string) => {
			const top = lines(frame).slice(2, 12).join('\n');
			expect(top, frame).toContain(leadTitle.slice(2, 40));
			expect(top, frame).toMatch(/[←↑] c copies it/);
		};

		inView(start);
		await app.press(keys.enter);
		const next = await app.waitFor(current => !lines(current)[2]!.startsWith('Step 1 of 5'));
		inView(next);
		await app.press('c');
		await app.waitFor(() => copies.length === 1);
		expect(copies[0]).not.toMatch(/\\\n/);
		for (const secret of world.secrets) expect(copies[0]).not.toContain(secret.trim());
		app.resize(100, 16);
		const short = await app.waitFor(current => lines(current).length <= 15);
		expect(lines(short).slice(2, 6).join('\n'), short).toContain(leadTitle.slice(2, 40));
	}

	expectNoSecret(app, world.secrets);
}

describe('every screen at 60×20, 80×24, 100×16 and 120×40', () => {
	it('the demo', async () => {
		const demo = await createDemo(makeOptions({demo: true}));
		closers.push(demo.close);
		const env = demo.ports.env;
		const secrets = [env.OPENAI_API_KEY!];
		await everyScreenAtEverySize({ports: demo.ports, options: demo.options, secrets, top: 'stale-env-shadows-dotenv'}, 'the demo');
	}, 180_000);

	for (const recipe of brokenRecipes) {
		it(recipe.name, async () => {
			const setup = await buildBrokenSetup(recipe);
			closers.push(setup.close);
			await everyScreenAtEverySize({ports: setup.ports(), options: setup.options(), secrets: setup.secrets, top: setup.top}, recipe.name);
		}, 180_000);
	}
});

describe('sizes that do not fit', () => {
	it('below 40×12 it says how big the terminal must be, and draws again when it grows back', async () => {
		const setup = await buildBrokenSetup(brokenRecipes[0]!);
		closers.push(setup.close);
		const {app} = mount({ports: setup.ports(), options: setup.options(), secrets: setup.secrets});
		await app.waitFor(frame => frame.includes('Step 1 of 5'), 20_000);
		app.resize(20, 8);
		const small = await app.waitFor(frame => frame.includes('Make the terminal'));
		expect(small.replace(/\s+/g, ' ')).toContain('Make the terminal at least 40×12 (it is 20×8).');
		for (const line of lines(small)) expect([...line].length).toBeLessThanOrEqual(20);
		await app.press(keys.enter);
		app.resize(80, 24);
		const back = await app.waitFor(frame => frame.includes('Step 1 of 5'));
		checkScreen(back, 80, 24, 'grown back');
		expectNoSecret(app, setup.secrets);
	}, 60_000);

	it('a terminal that reports no size is taken as 80×24', async () => {
		const setup = await buildBrokenSetup(brokenRecipes[1]!);
		closers.push(setup.close);
		const app = renderAt(<WizardApp ports={setup.ports()} options={setup.options()} version="9.9.9" startSession={startSession} color={false} animate={false} />, {columns: 0, rows: 0});
		const frame = await app.waitFor(current => current.includes('Step 1 of 5') && current.includes('Keys found'), 20_000);
		checkScreen(frame, 80, 24, 'no size');
	}, 60_000);
});

describe('the first screen of each broken setup names its cause first', () => {
	for (const recipe of brokenRecipes) {
		it(recipe.name, async () => {
			const setup = await buildBrokenSetup(recipe);
			closers.push(setup.close);
			const session = startSession(setup.ports(), setup.options());
			const outcome = await session.done;
			expect(outcome.causes[0]?.id, JSON.stringify(outcome.causes.map(cause => cause.id))).toBe(recipe.top);
		}, 60_000);
	}
});
