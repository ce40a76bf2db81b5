import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {ReactElement} from 'react';
import {Box} from 'ink';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {foldShellCommand} from '../../source/core/snippets/fold-shell.js';
import type {Cause, Snippet} from '../../source/core/types.js';
import {startFakeOpenAIApi, type FakeOpenAIApi} from '../../source/runner/fake-openai-api.js';
import {createRealPorts} from '../../source/runner/real-ports.js';
import {startSession} from '../../source/runner/session.js';
import {SnippetView} from '../../source/ui/components/snippet-view.js';
import {useTerminalSize} from '../../source/ui/hooks/use-terminal-size.js';
import {makeOptions} from '../helpers/facts.js';
import {makeAdminKey, makeAnthropicKey, makeProjectKey} from '../helpers/fake-keys.js';
import {cleanupRendered, renderAt} from '../helpers/render.js';
import {createShSandbox} from '../helpers/sh-sandbox.js';

/**
 * Every snippet of every cause, as the wizard shows it at 60, 80 and 120 columns, pasted
 * into a real sh: it must run exactly as the command itself. The causes come from the
 * REAL probes over realistic setups on disk (a HOME whose path has a space in it, real
 * startup files, real .env files, a loopback API), so the commands are the ones users get.
 */
const working = makeProjectKey(9301);
const other = makeProjectKey(9302);
const revoked = makeProjectKey(9303);
const pythonApp = 'from dotenv import load_dotenv\nload_dotenv()\n';

type Setup = {name: string; env?: Record<string, string>; project?: Record<string, string | Uint8Array>; home?: Record<string, string>; orgKey?: boolean};
const setups: Setup[] = [
	{name: 'stale shell key', env: {OPENAI_API_KEY: other}, home: {'.profile': `export OPENAI_API_KEY=${other}\n`}, project: {'.env': `OPENAI_API_KEY=${working}\n`, 'app.py': pythonApp}},
	{name: 'trailing newline', env: {OPENAI_API_KEY: `${working}\n`}},
	{name: 'quotes kept in .env', project: {'.env': `OPENAI_API_KEY="'${working}'"\n`, 'app.py': pythonApp}},
	{name: 'Bearer prefix', env: {OPENAI_API_KEY: `Bearer ${working}`}},
	{name: 'zero-width space', env: {OPENAI_API_KEY: `${working.slice(0, 20)}\u200B${working.slice(20)}`}},
	{name: 'misnamed in .env', project: {'.env': `OPENAI_KEY=${working}\n`, 'app.py': pythonApp}},
	{name: 'misnamed in the profile', home: {'.bashrc': `export OPEN_AI_API_KEY=${working}\n`}},
	{name: 'profile without export', home: {'.bashrc': `OPENAI_API_KEY=${working}\n`, '.profile': '. "$HOME/.bashrc"\n'}},
	{name: 'spaces around = in .env', project: {'.env': `OPENAI_API_KEY = ${working}\n`, 'app.py': pythonApp}},
	{name: 'BOM in .env', project: {'.env': `\uFEFFOPENAI_API_KEY=${working}\n`, 'app.py': pythonApp}},
	{name: 'UTF-16 .env', project: {'.env': new Uint8Array(Buffer.from(`\uFEFFOPENAI_API_KEY=${working}\n`, 'utf16le')), 'app.py': pythonApp}},
	{name: 'two profiles disagree', env: {OPENAI_API_KEY: working}, home: {'.bashrc': `export OPENAI_API_KEY=${other}\nexport OPENAI_API_KEY=${working}\n`}},
	{name: 'no key at all', project: {'app.py': 'from openai import OpenAI\n'}},
	{name: 'Anthropic key', env: {OPENAI_API_KEY: makeAnthropicKey(9304)}},
	{name: 'admin key', env: {OPENAI_API_KEY: makeAdminKey(9305)}},
	{name: 'placeholder', project: {'.env': 'OPENAI_API_KEY=your-api-key-here\n', 'app.py': pythonApp}},
	{name: '.env never loaded', project: {'.env': `OPENAI_API_KEY=${working}\n`, 'package.json': '{"name":"app","type":"module","dependencies":{"openai":"^4.73.0"}}', 'index.js': "import OpenAI from 'openai';\nconst client = new OpenAI();\n"}},
	{name: 'revoked key', env: {OPENAI_API_KEY: revoked}},
	{name: 'organization mismatch', env: {OPENAI_API_KEY: working, OPENAI_ORG_ID: 'org-notmine123'}, orgKey: true},
	{name: 'legacy variables', env: {OPENAI_API_KEY: working, OPENAI_API_BASE: 'https://old-gateway.example.com/v1', OPENAI_ORGANIZATION: 'org-old'}},
	{name: 'empty variable hides .env', env: {OPENAI_API_KEY: ''}, project: {'.env': `OPENAI_API_KEY=${working}\n`, 'app.py': pythonApp}},
];

let root: string;
let api: FakeOpenAIApi;
let sandbox: Awaited<ReturnType<typeof createShSandbox>>;
const corpus: Array<{setup: string; cause: string; snippet: Snippet}> = [];

async function writeAll(base: string, files: Record<string, string | Uint8Array>): Promise<void> {
	for (const [relative, content] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(base, relative)), {recursive: true});
		await writeFile(path.join(base, relative), content);
	}
}

beforeAll(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'kw-snippets-'));
	sandbox = await createShSandbox();
	api = await startFakeOpenAIApi({keys: {[working]: {organizationId: 'org-mine456', organizationSlug: 'user-mine', projectId: 'proj_mine'}}});
	await Promise.all(
		setups.map(async (setup, index) => {
			const home = path.join(root, `setup ${index}`, 'home dir', 'dev');
			const project = path.join(home, 'My Projects', 'app one');
			await mkdir(project, {recursive: true});
			await writeAll(home, setup.home ?? {});
			await writeAll(project, setup.project ?? {});
			const env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, SHELL: '/bin/bash', ...setup.env};
			const outcome = await startSession(createRealPorts({env, cwd: project, home}), makeOptions({cwd: project, baseUrl: api.baseUrl, baseUrlSource: 'flag', timeoutMs: 8000})).done;
			for (const cause of outcome.causes as Cause[]) for (const snippet of cause.snippets) corpus.push({setup: setup.name, cause: cause.id, snippet});
		}),
	);
}, 120_000);

afterAll(async () => {
	cleanupRendered();
	await sandbox?.close();
	await api?.close();
	if (root) await rm(root, {recursive: true, force: true});
});

/** Draws its content again whenever the terminal is resized, as the wizard does. */
function Sized({draw}: {draw(columns: number): ReactElement}) {
	return draw(useTerminalSize().columns);
}

/** The command lines as the screen shows them, in the lead (key beside or under) or in a cause (under its label). */
async function shownLines(snippet: Snippet, columns: number, place: 'lead' | 'cause'): Promise<{lines: string[]; wholeHint: boolean}> {
	const app = renderAt(
		<Sized
			draw={width =>
				place === 'lead' ? (
					<SnippetView key={width} snippet={snippet} copyKey="c" showLabel={false} />
				) : (
					<Box key={width} marginLeft={3}>
						<SnippetView snippet={snippet} copyKey="c2" />
					</Box>
				)
			}
		/>,
		{columns, rows: 200},
	);
	// Once the view has measured the width it was given, no line is wider than the terminal.
	const settledFrame = await app.waitFor(current => current.includes('copies it') && current.split('\n').every(line => [...line].length <= columns));
	app.unmount();
	const all = settledFrame.split('\n').filter(line => line.trim() !== '');
	const wholeHint = /copies it whole/.test(settledFrame);
	if (place === 'cause') return {lines: all.slice(1).map(line => line.slice(5)), wholeHint};
	return {
		lines: all.filter(line => !/^ {2}↑ c copies it/.test(line)).map(line => line.slice(2).replace(/ {2,}← c copies it$/, '')),
		wholeHint,
	};
}

describe('every snippet of every cause, pasted as shown', () => {
	it('the setups give a wide corpus of real commands', () => {
		const causes = new Set(corpus.map(entry => entry.cause));
		expect(causes.size, [...causes].join(', ')).toBeGreaterThanOrEqual(12);
		expect(corpus.filter(entry => entry.snippet.language === 'sh').length).toBeGreaterThanOrEqual(15);
		// The ones that used to break when wrapped: the tr inside $(…), and sed with a quoted expression.
		expect(corpus.some(entry => entry.snippet.text.includes('$(printf %s "$OPENAI_API_KEY" | tr -d'))).toBe(true);
		expect(corpus.some(entry => /^sed -i\.bak /.test(entry.snippet.text))).toBe(true);
	});

	for (const columns of [60, 80, 120]) {
		it(`at ${columns} columns, in the lead and in a cause, each shell command runs in sh as the command itself`, async () => {
			const checked: string[] = [];
			for (const {setup, cause, snippet} of corpus) {
				for (const place of ['lead', 'cause'] as const) {
					const shown = await shownLines(snippet, columns, place);
					const where = `${setup} / ${cause} / ${snippet.id} at ${columns} (${place}):\n${shown.lines.join('\n')}`;
					if (snippet.language !== 'sh') {
						// Not a shell command: shown as it is, line for line, where it fits.
						if (snippet.text.split('\n').every(line => [...line].length < columns - 8)) expect(shown.lines, where).toEqual(snippet.text.split('\n'));
						continue;
					}

					if (shown.wholeHint) {
						// No safe fold fits: shown whole (the screen wraps it) and copied whole; only a word wider than the room does that.
						expect(foldShellCommand(snippet.text, columns - (place === 'lead' ? 2 : 5)).wraps, where).toBe(true);
						continue;
					}

					for (const line of shown.lines) expect([...line].length, where).toBeLessThanOrEqual(columns);
					expect(await sandbox.run(shown.lines.join('\n')), where).toBe(await sandbox.run(snippet.text));
					checked.push(snippet.id);
				}
			}

			expect(checked.length).toBeGreaterThan(20);
		}, 240_000);
	}
});
