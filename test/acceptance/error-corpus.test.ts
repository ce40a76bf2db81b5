/**
 * The error corpus through the built CLI (`--json --no-network --error TEXT`): each pasted
 * error with no key in the environment, with another key, and with the very key the app
 * sent, judged as the evaluator of issue 11 judges it — the causes a knowledgeable human
 * names are named, clear misreadings are not, healthy setups get no cause, no key and no
 * mask reaches any output, nothing crashes. Set KW_CORPUS_OUT=FILE to get every reading
 * as a table (expected, got, right or wrong).
 */
import {writeFile} from 'node:fs/promises';
import {afterAll, describe, expect, it} from 'vitest';
import {corpus, corpusSecrets, otherKey, type CorpusCase, type Expectation, type Variant} from './error-corpus.js';
import {cleanUp, expectNoLeak, keyEntry, runCli} from './live-harness.js';

type Reading = {id: string; variant: Variant; expected: string; got: string; right: boolean; problems: string[]};
const readings: Reading[] = [];

afterAll(async () => {
	await cleanUp();
	const out = process.env.KW_CORPUS_OUT;
	if (!out) return;
	readings.sort((a, b) => a.id.localeCompare(b.id) || a.variant.localeCompare(b.variant));
	const lines = readings.map(reading => `${reading.right ? 'right' : 'WRONG'}\t${reading.id}\t${reading.variant}\texpected: ${reading.expected}\tgot: ${reading.got}${reading.problems.length > 0 ? `\t${reading.problems.join('; ')}` : ''}`);
	const right = readings.filter(reading => reading.right).length;
	await writeFile(out, `${right}/${readings.length} right\n${lines.join('\n')}\n`);
});

function variantsOf(entry: CorpusCase): Variant[] {
	const all: Variant[] = ['no key', 'other key'];
	if (entry.sent !== undefined && entry.same) all.push('same key');
	return all.filter(variant => !entry.skip?.includes(variant));
}

function envOf(entry: CorpusCase, variant: Variant): Record<string, string> {
	const env = {...entry.env};
	if (variant === 'other key') env.OPENAI_API_KEY ??= otherKey;
	if (variant === 'same key') env.OPENAI_API_KEY = entry.sent!;
	return env;
}

/** The case's expectation in one variant, with what its sent key proves. */
function expectationOf(entry: CorpusCase, variant: Variant): Expectation {
	const extra = variant === 'no key' ? entry.noKey : variant === 'other key' ? entry.otherKey : entry.sameKey;
	const named = [...(entry.expect.named ?? []), ...(extra?.named ?? [])];
	const not = [...(entry.expect.not ?? []), ...(extra?.not ?? [])];
	const keyHere = envOf(entry, variant).OPENAI_API_KEY !== undefined;
	if (entry.sent !== undefined) {
		// The error shows the key the app sent: the app has a key, whatever this machine holds.
		not.push('key-missing');
		if (variant === 'other key' && !entry.env?.OPENAI_API_KEY) named.push('app-uses-other-key');
		if (variant === 'same key') not.push('app-uses-other-key');
	}

	if (!keyHere && entry.expect.healthy) not.push('key-invalid');
	return {named, not, healthy: entry.expect.healthy, low: entry.expect.low};
}

function describeExpectation(expectation: Expectation): string {
	if (expectation.healthy) return 'no cause';
	const named = (expectation.named ?? []).map(item => (Array.isArray(item) ? item.join('|') : item));
	const low = expectation.low?.length ? `; ${expectation.low.join(', ')} only at low` : '';
	return `${named.join(' + ') || '—'}${expectation.not?.length ? ` (not ${[...new Set(expectation.not)].join(', ')})` : ''}${low}`;
}

const runs = corpus.flatMap(entry => variantsOf(entry).map(variant => ({entry, variant})));

describe.concurrent('the error corpus through the built CLI', () => {
	it('holds at least forty setups, each with an expectation', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(40);
		expect(new Set(corpus.map(entry => entry.id)).size).toBe(corpus.length);
	});

	it.each(runs.map(run => [`${run.entry.id} (${run.variant})`, run] as const))('%s', async (_name, {entry, variant}) => {
		const expectation = expectationOf(entry, variant);
		const run = await runCli({args: ['--no-network'], env: envOf(entry, variant), error: entry.error, files: entry.files});
		const problems: string[] = [];
		for (const item of expectation.named ?? []) {
			const options = Array.isArray(item) ? item : [item];
			if (!options.some(id => run.ids.includes(id))) problems.push(`missing ${options.join('|')}`);
		}

		for (const id of expectation.not ?? []) if (run.ids.includes(id)) problems.push(`misread as ${id}`);
		for (const id of expectation.low ?? []) {
			const hedge = run.report.causes.find(cause => cause.id === id);
			if (hedge && hedge.confidence !== 'low') problems.push(`${id} at ${hedge.confidence} confidence`);
		}

		if (expectation.healthy && run.ids.length > 0) problems.push('a healthy setup got causes');
		if (variant === 'same key' && entry.sent !== undefined && entry.sent.trim().length > 12) {
			if (keyEntry(run, entry.sent).matchesError !== true) problems.push('the key here is not matched to the error');
		}

		if (![0, 1, 3].includes(run.exitCode)) problems.push(`exit ${run.exitCode}`);
		if (/^\s+at .+\(.+:\d+:\d+\)$/m.test(run.stderr)) problems.push('a stack trace on stderr');
		try {
			expectNoLeak(run, corpusSecrets);
		} catch (error) {
			problems.push(String(error));
		}

		const got = run.report.causes.map(cause => `${cause.id}${cause.confidence === 'high' ? '' : ` (${cause.confidence})`}`).join(', ') || '(none)';
		readings.push({id: entry.id, variant, expected: describeExpectation(expectation), got, right: problems.length === 0, problems});
		expect(problems, `${entry.source}: got ${run.ids.join(', ') || '(none)'}`).toEqual([]);
	}, 120_000);
});
