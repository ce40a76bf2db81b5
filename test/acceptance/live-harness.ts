import {createHash} from 'node:crypto';
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {expect} from 'vitest';
import type {ForwardProxy, StandIn} from './openai-stand-in.js';

/**
 * Runs the BUILT CLI (`dist/cli.js --json`) in a controlled world — a temp project, a
 * temp HOME, only the variables a scenario names — and checks what every acceptance
 * scenario must hold: the report parses, no key (nor a 12-character slice of its
 * middle) is printed, and every request any server got carried a key only to the
 * base URL's host and only in its auth header.
 */

const dist = fileURLToPath(new URL('../../dist', import.meta.url));
let snapshot: Promise<string> | undefined;

/**
 * A private copy of the built CLI: other sessions rebuild dist/ (rm, then write) while
 * these tests run, so each test file runs the build as it was when it started. The copy
 * is checked with `--version` and taken again if a rebuild was caught half-way.
 */
function builtCli(): Promise<string> {
	snapshot ??= (async () => {
		const folder = await mkdtemp(path.join(tmpdir(), 'kw-live-dist-'));
		folders.push(folder);
		for (let attempt = 0; ; attempt++) {
			const target = path.join(folder, String(attempt));
			try {
				await cp(dist, target, {recursive: true});
				const cli = path.join(target, 'cli.js');
				const version = await execa(process.execPath, [cli, '--version'], {reject: false, timeout: 20_000});
				if (version.exitCode === 0) return cli;
			} catch {}

			if (attempt >= 20) throw new Error('dist/cli.js could not be copied whole: run npm run build');
			await new Promise(resolve => setTimeout(resolve, 500));
		}
	})();
	return snapshot;
}

/** The `--json` report, as far as these tests read it. */
export type Report = {
	schemaVersion: number;
	verdict: 'ok' | 'problem' | 'inconclusive';
	keys: Array<{fingerprint: string; sha256?: string; kind: string; provider?: string; sources: string[]; live: string; matchesError?: boolean}>;
	probes: Array<{id: string; step: number; status: string; summary: string}>;
	causes: Array<{id: string; step: number; confidence: string; title: string; evidence: string[]; fix: string[]; snippets: Array<{text: string}>}>;
};

/** One run of the CLI. */
export type Run = {exitCode: number; stdout: string; stderr: string; report: Report; ids: string[]};

/** A scenario's world. */
export type Setup = {
	env?: Record<string, string>;
	/** `--base-url`; `null` leaves the flag out. */
	baseUrl?: string | null;
	error?: string;
	args?: string[];
	/** Files in the project folder, by relative path. */
	files?: Record<string, string>;
	/** Files in the temp HOME (`.profile`, `.bashrc`…), by relative path. */
	homeFiles?: Record<string, string>;
};

const folders: string[] = [];

/** Removes every temp folder the runs made. */
export async function cleanUp(): Promise<void> {
	snapshot = undefined;
	await Promise.all(folders.splice(0).map(folder => rm(folder, {recursive: true, force: true})));
}

/** Runs `node dist/cli.js --json …` for one scenario. */
export async function runCli(setup: Setup): Promise<Run> {
	const result = await spawnCli(setup, ['--json']);
	let report: Report;
	try {
		report = JSON.parse(result.stdout) as Report;
	} catch {
		throw new Error(`not JSON (exit ${result.exitCode}): ${result.stdout.slice(0, 300)} ${result.stderr.slice(0, 300)}`);
	}

	return {exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, report, ids: report.causes.map(cause => cause.id)};
}

/** Runs `--report --save FILE` for one scenario: the text report on stdout, the saved Markdown and JSON transcript appended. */
export async function runTextReport(setup: Setup): Promise<Pick<Run, 'stdout' | 'stderr' | 'exitCode'>> {
	const folder = await mkdtemp(path.join(tmpdir(), 'kw-live-transcript-'));
	folders.push(folder);
	const target = path.join(folder, 'session.md');
	const result = await spawnCli(setup, ['--report', '--save', target]);
	const saved = await Promise.all([readFile(target, 'utf8'), readFile(target.replace(/\.md$/, '.json'), 'utf8')]);
	return {exitCode: result.exitCode, stdout: `${result.stdout}\n${saved.join('\n')}`, stderr: result.stderr};
}

async function spawnCli(setup: Setup, mode: string[]): Promise<{exitCode: number; stdout: string; stderr: string}> {
	const project = await mkdtemp(path.join(tmpdir(), 'kw-live-project-'));
	const home = await mkdtemp(path.join(tmpdir(), 'kw-live-home-'));
	folders.push(project, home);
	for (const [folder, files] of [[project, setup.files], [home, setup.homeFiles]] as const) {
		for (const [name, text] of Object.entries(files ?? {})) {
			await mkdir(path.dirname(path.join(folder, name)), {recursive: true});
			await writeFile(path.join(folder, name), text);
		}
	}

	const args = [...mode, '--cwd', project];
	if (setup.baseUrl) args.push('--base-url', setup.baseUrl);
	if (setup.error !== undefined) args.push('--error', setup.error);
	args.push(...(setup.args ?? []));
	const result = await execa(process.execPath, [await builtCli(), ...args], {
		cwd: project,
		env: {PATH: process.env.PATH!, HOME: home, SHELL: '/bin/sh', ...setup.env},
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		timeout: 60_000,
	});
	return {exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr};
}

/** The key, trimmed, and every 12-character window of its middle (past an 8-character head, before the last 4). */
export function leakFragments(key: string): string[] {
	const core = key.trim();
	const fragments = [core];
	const middle = core.slice(8, -4);
	for (let start = 0; start + 12 <= middle.length; start++) fragments.push(middle.slice(start, start + 12));
	return fragments;
}

/** Fails when any output shows a key, a 12-character slice of its middle, or an API key mask (it shows more than a fingerprint). */
export function expectNoLeak(run: Pick<Run, 'stdout' | 'stderr'>, keys: readonly string[]): void {
	const output = `${run.stdout}\n${run.stderr}`;
	if (/\*{6,}/.test(output)) throw new Error('output shows a key mask (a run of stars)');
	for (const key of keys) {
		for (const fragment of leakFragments(key)) {
			if (output.includes(fragment)) throw new Error(`output shows a key fragment (${fragment.length} characters) of key …${key.slice(-4)}`);
		}
	}
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * Every request the stand-in got went to its own host, and any key in it sits only in
 * `Authorization: Bearer <key>` (or, with `azure`, `api-key: <key>`): not in the URL,
 * another header or the body.
 */
export function expectKeysOnlyInAuth(standIn: StandIn, keys: readonly string[], mode: 'openai' | 'azure' | 'either' = 'either'): void {
	for (const request of standIn.requests) {
		expect(request.headers.host).toBe(standIn.host);
		expectKeyPlacement(request.url, request.headers, request.body, keys, mode);
	}
}

function expectKeyPlacement(url: string, headers: Headers, body: string, keys: readonly string[], mode: 'openai' | 'azure' | 'either'): void {
	for (const key of keys) {
		const core = key.trim();
		if (core.length < 6) continue;
		expect(url.includes(core), 'key in the URL').toBe(false);
		expect(body.includes(core), 'key in the body').toBe(false);
		for (const [name, value] of Object.entries(headers)) {
			const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
			if (!text.includes(core)) continue;
			const allowed = (mode !== 'azure' && name === 'authorization' && /^Bearer \S+$/.test(text)) || (mode !== 'openai' && name === 'api-key');
			expect(allowed, `key in the ${name} header`).toBe(true);
		}
	}
}

/** The proxy was only ever asked for the stand-in's host, and any key it saw sat in the auth header. */
export function expectProxyOnlyToward(proxy: ForwardProxy, host: string, keys: readonly string[]): void {
	for (const record of proxy.records) {
		expect(record.target).toBe(host);
		if (record.kind !== 'connect') expectKeyPlacement('', record.headers, record.body, keys, 'openai');
		else for (const key of keys) expect(JSON.stringify(record.headers).includes(key.trim())).toBe(false);
	}
}

/** Cause ids: these present, those absent, and (optionally) this one first. */
export function expectCauses(run: Run, expected: {include?: string[]; exclude?: string[]; top?: string}): void {
	const context = `causes: ${run.ids.join(', ') || '(none)'}`;
	for (const id of expected.include ?? []) expect(run.ids, context).toContain(id);
	for (const id of expected.exclude ?? []) expect(run.ids, context).not.toContain(id);
	if (expected.top) expect(run.ids[0], context).toBe(expected.top);
}

/**
 * The report's entry for a key value, found by its sha256 (first 12 hex); a value of 12
 * characters or fewer has none in the report, and is found by its length when it is the only one that long.
 */
export function keyEntry(run: Run, value: string): Report['keys'][number] {
	const sha = createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12);
	const length = value.trim().length;
	const byLength = run.report.keys.filter(candidate => candidate.sha256 === undefined && candidate.fingerprint.endsWith(` ${length}-character value`));
	const entry = run.report.keys.find(candidate => candidate.sha256 === sha) ?? (length <= 12 && byLength.length === 1 ? byLength[0] : undefined);
	if (!entry) throw new Error(`no key entry for …${value.trim().slice(-4)} among ${run.report.keys.map(item => item.fingerprint).join(', ')}`);
	return entry;
}
