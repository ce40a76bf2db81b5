import {describe, expect, it} from 'vitest';
import type {Cause} from '../../../source/core/types.js';
import {describeSource, endingOf, keyToAskAbout, keyViews, sourceRows, type KeyView} from '../../../source/core/wizard/key-views.js';
import {makeFacts, observe} from '../../helpers/facts.js';
import {makeAnthropicKey, makeAzureKey, makeProjectKey} from '../../helpers/fake-keys.js';
import {dashboardPrompt} from '../../../source/core/wizard/questions.js';

const shellKey = makeProjectKey(8101);
const fileKey = makeProjectKey(8102);

function cause(evidence: string[], step: 2 | 3 = 2): Cause {
	return {id: 'stale-env-shadows-dotenv', step, confidence: 'high', title: 'A stale key shadows .env', evidence, fix: [], snippets: []};
}

describe('describeSource', () => {
	it.each([
		['env:OPENAI_API_KEY', 'process env OPENAI_API_KEY'],
		['file:.env:3', '.env:3'],
		['file:../.env.local:12', '../.env.local:12'],
		['profile:~/.bashrc:12', '~/.bashrc:12'],
		['login-shell:bash', 'fresh bash login shell'],
		['container:web', 'container web'],
		['compose:web', 'compose web'],
		['dockerfile:Dockerfile:4', 'Dockerfile:4'],
		['dockerfile:services/api/Dockerfile.prod:12', 'services/api/Dockerfile.prod:12'],
		['k8s-file:k8s/deploy.yaml:20', 'k8s/deploy.yaml:20'],
		['k8s:prod/openai:api-key', 'kubernetes secret prod/openai:api-key'],
		['serverless:serverless.yml:9', 'serverless.yml:9'],
		['demo:shell', 'demo:shell'],
		['odd', 'odd'],
	])('%s → %s', (source, shown) => {
		expect(describeSource(source)).toBe(shown);
	});

	it('takes the ending from a fingerprint', () => {
		expect(endingOf('sk-proj-…wxyz')).toBe('…wxyz');
		expect(endingOf('(empty)')).toBe('(empty)');
	});
});

describe('sourceRows: step 2’s table', () => {
	it('marks the environment as the source the app gets over .env, and names both by fingerprint only', () => {
		const facts = makeFacts([observe(shellKey), observe(fileKey, 'file:.env:3'), observe(shellKey, 'profile:~/.bashrc:12')]);
		const rows = sourceRows(facts);
		expect(rows.map(row => [row.source, row.wins])).toEqual([
			['process env OPENAI_API_KEY', true],
			['~/.bashrc:12', false],
			['.env:3', false],
		]);
		expect(rows.map(row => row.sameKeyAsWinner)).toEqual([false, true, false]);
		expect(rows[0]!.fingerprint).toBe(`sk-proj-…${shellKey.slice(-4)}`);
		expect(rows[0]!.kindLabel).toMatch(/project key/i);
		expect(JSON.stringify(rows)).not.toContain(shellKey);
		expect(JSON.stringify(rows)).not.toContain(fileKey);
	});

	it('makes .env the winner when the environment has no key', () => {
		const rows = sourceRows(makeFacts([observe(fileKey, 'file:.env:3')]));
		expect(rows).toHaveLength(1);
		expect(rows[0]!.wins).toBe(true);
	});

	it('shows a defect in words and names a near variable', () => {
		const rows = sourceRows(makeFacts([observe(` ${shellKey}\n`, 'file:.env:4', {variable: 'OPENAI_KEY'})]));
		expect(rows[0]!.source).toBe('.env:4 (as OPENAI_KEY)');
		expect(rows[0]!.defects.join(' ')).toMatch(/newline|whitespace|space/i);
		expect(rows[0]!.wins).toBe(false);
	});

	it('marks the rows the top cause names, by source, not a row with a longer line number', () => {
		const facts = makeFacts([observe(shellKey), observe(fileKey, 'file:.env:3'), observe(fileKey, 'file:.env:30')]);
		const rows = sourceRows(facts, cause(['file:.env:3 holds a different key than the environment']));
		expect(rows.filter(row => row.behindTopCause).map(row => row.raw)).toEqual(['file:.env:3']);
	});

	it('falls back to the fingerprint when the evidence names no source', () => {
		const facts = makeFacts([observe(shellKey), observe(fileKey, 'file:.env:3')]);
		const rows = sourceRows(facts, cause([`the key sk-proj-…${shellKey.slice(-4)} is stale`]));
		expect(rows.filter(row => row.behindTopCause).map(row => row.raw)).toEqual(['env:OPENAI_API_KEY']);
	});

	it('marks nothing for a top cause of another step', () => {
		const facts = makeFacts([observe(shellKey)]);
		expect(sourceRows(facts, cause(['env:OPENAI_API_KEY'], 3)).some(row => row.behindTopCause)).toBe(false);
	});
});

describe('keyViews and the key step 1 asks about', () => {
	it('lists each distinct key once with its sources, live status and whether the app gets it', () => {
		const facts = makeFacts([observe(shellKey), observe(fileKey, 'file:.env:3'), observe(shellKey, 'file:.env.local:1')], {live: {[shellKey]: 'invalid'}});
		const views = keyViews(facts);
		expect(views).toHaveLength(2);
		expect(views[0]).toMatchObject({ending: `…${shellKey.slice(-4)}`, usedByApp: true, live: 'invalid', sources: ['process env OPENAI_API_KEY', '.env.local:1']});
		expect(views[1]).toMatchObject({usedByApp: false, live: 'untested'});
		expect(JSON.stringify(views)).not.toContain(shellKey.slice(8, -4));
	});

	it('names another provider’s key as such', () => {
		const [view] = keyViews(makeFacts([observe(makeAnthropicKey(3))]));
		expect(view!.kindLabel).toMatch(/anthropic/i);
		expect(view!.kind).toBe('other-provider');
	});

	const view = (overrides: Partial<KeyView>): KeyView => ({sha256: 'x', fingerprint: 'sk-…', ending: '…', kind: 'project', kindLabel: '', defects: [], sources: [], usedByApp: false, live: 'untested', ...overrides});
	it.each<[string, KeyView[], string | undefined]>([
		['none', [], undefined],
		['the first without other hints', [view({sha256: 'a'}), view({sha256: 'b'})], 'a'],
		['the one the app gets', [view({sha256: 'a'}), view({sha256: 'b', usedByApp: true})], 'b'],
		['the one the app’s error names, above all', [view({sha256: 'a', usedByApp: true}), view({sha256: 'b', matchesError: true})], 'b'],
	])('asks about %s', (_name, views, expected) => {
		expect(keyToAskAbout(views)?.sha256).toBe(expected);
	});
});

describe('keyViews: Azure keys', () => {
	it('marks an Azure resource key, so step 1 asks about the Azure portal, not OpenAI’s dashboard', () => {
		const azureKey = makeAzureKey(5);
		const [view] = keyViews(makeFacts([observe(azureKey, 'env:AZURE_OPENAI_API_KEY', {variable: 'AZURE_OPENAI_API_KEY'})]));
		expect(view!.azure).toBe(true);
		expect(dashboardPrompt(view!.ending, view!.azure)).toMatch(/^Does the Azure portal \(the resource's Keys and Endpoint page\) show a key ending in …/);
		expect(keyViews(makeFacts([observe(makeProjectKey(6))]))[0]!.azure).toBeUndefined();
	});
});

describe('a .env key that nothing loads', () => {
	const notLoaded: Cause = {id: 'dotenv-not-loaded', step: 2, confidence: 'high', title: 'The key is in .env, but the app never loads .env', evidence: [], fix: [], snippets: []};

	it('is the key meant for the app, not the one it gets, and step 1 says so', async () => {
		const {dashboardKnown} = await import('../../../source/core/wizard/questions.js');
		const facts = makeFacts([observe(fileKey, 'file:.env:1')], {live: {[fileKey]: 'valid'}});
		const [loaded] = keyViews(facts);
		expect(loaded).toMatchObject({usedByApp: true});
		expect(loaded!.notLoaded).toBeUndefined();
		expect(dashboardKnown(keyToAskAbout([loaded!]))).toContain('the key the app gets');
		const [view] = keyViews(facts, [notLoaded]);
		expect(view).toMatchObject({usedByApp: false, notLoaded: true});
		expect(keyToAskAbout([view!])).toBe(view);
		expect(dashboardKnown(view)).toContain('the key meant for the app (step 2 says why it never reaches it)');
	});

	it('an environment key the app does get stays the one it gets', () => {
		const [view] = keyViews(makeFacts([observe(shellKey)]), [notLoaded]);
		expect(view).toMatchObject({usedByApp: true});
	});
});
