import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {describe, expect, test} from 'vitest';
import {buildCatalog, findCause, nearCauseIds} from '../../../source/core/catalog/catalog.js';
import {explain} from '../../../source/core/catalog/explain.js';
import {renderCatalogMarkdown} from '../../../source/core/catalog/render-catalog.js';
import {allRules} from '../../../source/core/diagnose/rules/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('every rule carries its catalog entry', () => {
	test.each(allRules.map(rule => [rule.id, rule] as const))('%s has a meaning and docs links', (_id, rule) => {
		expect(rule.meaning?.trim().length ?? 0).toBeGreaterThan(20);
		expect(rule.docs?.length ?? 0).toBeGreaterThan(0);
		for (const link of rule.docs ?? []) expect(link).toMatch(/^https:\/\/[\w.-]+\.[a-z]{2,}(?:\/\S*)?$/);
		expect(rule.fix.length).toBeGreaterThan(0);
	});

	test('rules that name one cause agree on its step', () => {
		const steps = new Map<string, Set<number>>();
		for (const rule of allRules) steps.set(rule.id, (steps.get(rule.id) ?? new Set()).add(rule.step));
		for (const [id, seen] of steps) expect([id, seen.size]).toEqual([id, 1]);
	});
});

describe('buildCatalog', () => {
	const entries = buildCatalog();

	test('one entry per cause id, by step', () => {
		expect(entries.map(entry => entry.id).sort()).toEqual([...new Set(allRules.map(rule => rule.id))].sort());
		expect(entries.map(entry => entry.step)).toEqual([...entries.map(entry => entry.step)].sort((a, b) => a - b));
	});

	test('an id several rules name takes the first rule’s words and every rule’s docs', () => {
		const rules = allRules.filter(rule => rule.id === 'key-malformed');
		expect(rules.length).toBeGreaterThan(1);
		const entry = findCause(entries, 'key-malformed')!;
		expect(entry.title).toBe(rules[0]!.title);
		for (const link of rules.flatMap(rule => rule.docs ?? [])) expect(entry.docs).toContain(link);
	});

	test.each([
		['Key_Missing', 'key-missing'],
		[' key-invalid ', 'key-invalid'],
	])('finds %j as %s', (typed, id) => {
		expect(findCause(entries, typed)?.id).toBe(id);
	});

	test.each([
		['key-mising', 'key-missing'],
		['keyinvalid', 'key-invalid'],
		['missing', 'key-missing'],
		['proxy', 'proxy-interference'],
		['stale-env', 'stale-env-shadows-dotenv'],
	])('near ids for %j include %s', (typed, id) => {
		expect(nearCauseIds(entries, typed)).toContain(id);
	});

	test('nothing near a word no id has', () => {
		expect(nearCauseIds(entries, 'zzzzzz')).toEqual([]);
		expect(nearCauseIds(entries, '')).toEqual([]);
	});
});

describe('explain', () => {
	test('without an id: every cause id, grouped by step', () => {
		const outcome = explain({json: false, color: false});
		expect('text' in outcome).toBe(true);
		const text = (outcome as {text: string}).text;
		for (const entry of buildCatalog()) expect(text).toMatch(new RegExp(`^  ${entry.id}\\s+${escape(entry.title)}$`, 'm'));
		expect(text.indexOf('Step 2: Sources')).toBeLessThan(text.indexOf('Step 3: Live test'));
		expect(text).not.toMatch(/\u001B\[/);
	});

	test('one id in full: meaning, numbered fix, docs links', () => {
		const text = (explain({id: 'stale-env-shadows-dotenv', json: false, color: false}) as {text: string}).text;
		const entry = findCause(buildCatalog(), 'stale-env-shadows-dotenv')!;
		expect(text).toContain('stale-env-shadows-dotenv · step 2: Sources');
		expect(text).toContain(`What it means\n  ${entry.meaning}`);
		expect(text).toContain(`  1. ${entry.fix[0]}`);
		for (const link of entry.docs) expect(text).toContain(`  ${link}`);
	});

	test('colour only when asked', () => {
		expect((explain({id: 'key-missing', json: false, color: true}) as {text: string}).text).toMatch(/\u001B\[1m/);
	});

	test('--json: the entries, parseable', () => {
		const all = JSON.parse((explain({json: true, color: false}) as {text: string}).text);
		expect(all.schemaVersion).toBe(1);
		expect(all.causes).toHaveLength(buildCatalog().length);
		const one = JSON.parse((explain({id: 'key-invalid', json: true, color: false}) as {text: string}).text);
		expect(one.causes).toEqual([findCause(buildCatalog(), 'key-invalid')]);
	});

	test('an unknown id is a usage error naming the near ids', () => {
		expect(explain({id: 'key-mising', json: false, color: false})).toEqual({error: expect.stringMatching(/^unknown cause id "key-mising"\. Did you mean .*key-missing.*\? Run key-wizard explain for the list\.$/)});
		expect(explain({id: 'zzzz', json: false, color: false})).toEqual({error: 'unknown cause id "zzzz". Run key-wizard explain for the list.'});
	});

	test('an unknown id cannot drive the terminal', () => {
		const outcome = explain({id: 'x\u001B]52;c;aGk=\u0007y\u001B[2J\nz', json: false, color: false}) as {error: string};
		expect(outcome.error).not.toMatch(/[\u0000-\u001f\u007f]/);
	});
});

describe('the README’s catalog', () => {
	test('is exactly what npm run catalog writes, so the two never drift', async () => {
		const readme = await readFile(`${root}README.md`, 'utf8');
		const printed = await execa(process.execPath, ['test/scripts/catalog.mjs', '--print'], {cwd: root});
		const start = readme.indexOf('<!-- causes:start');
		const section = readme.slice(readme.indexOf('\n', start) + 1, readme.indexOf('<!-- causes:end -->'));
		expect(section).toBe(printed.stdout + '\n');
		expect(section).toBe(renderCatalogMarkdown(buildCatalog()));
	});

	test('every id has its row, and the README points at the section', async () => {
		const readme = await readFile(`${root}README.md`, 'utf8');
		for (const entry of buildCatalog()) expect(readme).toContain(`| \`${entry.id}\` |`);
		expect(readme).toContain('](#the-causes-it-names)');
		expect(readme).not.toContain('CAUSES.md');
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
