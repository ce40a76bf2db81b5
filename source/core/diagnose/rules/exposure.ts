import {committedKeys} from '../../code/committed-keys.js';
import {exposureOf, codeScanOf} from '../../code/facts-view.js';
import type {CodeLiteral} from '../../code/code-scan.js';
import {analyzeKey, baseUrlJudgesKeyFormat} from '../../keys/anatomy.js';
import {factsSettings} from '../../local/app-settings.js';
import {effectiveKey} from '../../keys/effective.js';
import {listSome} from '../../local/list-some.js';
import {clientFromEnvironmentSnippets, gitignoreDotenvSnippet, purgeHistorySnippets, untrackSnippet} from '../../snippets/key-exposure.js';
import type {Confidence, Facts, KeyFacts, Rule, RuleHit, Snippet} from '../../types.js';

const apiKeysPage = 'https://platform.openai.com/api-keys';

function hit(confidence: Confidence, evidence: string[], extra: Partial<RuleHit> = {}): RuleHit {
	return {confidence, evidence, ...extra};
}

/** The facts of one key value (live status…), by sha256. */
function keyOf(facts: Facts, sha256: string): KeyFacts | undefined {
	return facts.keys.find(key => key.secret.sha256 === sha256);
}

/** `; the live check accepted it` and the like, or nothing. */
function liveWords(facts: Facts, sha256: string): string {
	const live = keyOf(facts, sha256)?.live;
	return live === 'valid' ? ' (the live check accepted it: it works, anyone holding it can use it)' : live === 'invalid' ? ' (the live check rejected it)' : '';
}

/** A key written into the app's own source or configuration: what it sends, whatever the environment says. */
function hardcoded(literal: CodeLiteral): boolean {
	if (literal.fileKind !== 'source' && literal.fileKind !== 'config') return false;
	// Tests and examples: only a real OpenAI secret counts there, not a made-up sk-… value.
	return !literal.testFile || analyzeKey(literal.secret.reveal()).provider === 'openai';
}

/**
 * Template text the app's code hands the client as its key, when the client talks to
 * OpenAI: with OPENAI_BASE_URL at a local server or gateway, a dummy key is how it is meant.
 */
function placeholdersSent(facts: Facts): NonNullable<ReturnType<typeof codeScanOf>>['placeholderKeys'] {
	const baseUrl = factsSettings(facts).OPENAI_BASE_URL?.trim();
	if (baseUrl && !baseUrlJudgesKeyFormat(baseUrl)) return [];
	return codeScanOf(facts)?.placeholderKeys ?? [];
}

const hardcodedKeyRule: Rule = {
	id: 'hardcoded-key',
	step: 5,
	title: 'A key is written into the code',
	fix: [
		'Delete the key from the code and read it from the environment (the SDKs read OPENAI_API_KEY themselves when no key is passed).',
		`Treat the key as exposed: create a new one at ${apiKeysPage}, install it where the app reads it, then revoke the old one.`,
	],
	meaning: 'A key literal in the project’s files is sent instead of whatever the environment holds, and travels with every copy of the code.',
	docs: ['https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety'],
	evaluate(facts) {
		const literals = (codeScanOf(facts)?.literals ?? []).filter(hardcoded);
		const placeholders = placeholdersSent(facts);
		if (literals.length === 0 && placeholders.length === 0) return undefined;
		const effective = effectiveKey(facts);
		const environmentKey = effective.state === 'key' ? effective.observation?.secret : undefined;
		const evidence: string[] = [];
		for (const placeholder of placeholders.slice(0, 4)) {
			const instead = environmentKey ? `the key the environment holds (${environmentKey.fingerprint})` : 'any key set in the environment';
			evidence.push(`${placeholder.file}:${placeholder.line}: ${placeholder.call.replace('…', placeholder.secret.fingerprint)} is ${placeholder.label}; the client sends it instead of ${instead}, and the API answers 401.`);
		}

		if (literals.length === 0) {
			// Template text exposes nothing: no rotation, just let the client read the environment.
			return hit('high', evidence, {
				fix: ['Delete the template text from the code, so the client reads OPENAI_API_KEY from the environment (the SDKs do when no key is passed), or pass the variable: os.environ["OPENAI_API_KEY"], process.env.OPENAI_API_KEY.'],
				snippets: clientFromEnvironmentSnippets(codeScanOf(facts)?.languages),
			});
		}

		for (const literal of literals.slice(0, 6)) {
			const as = literal.assignedTo ? ` as ${literal.assignedTo}` : '';
			evidence.push(`${literal.file}:${literal.line} holds ${literal.secret.fingerprint}${as}${literal.tracked ? ', in a file git tracks' : ''}${liveWords(facts, literal.secret.sha256)}.`);
		}

		if (literals.length > 6) evidence.push(`… and ${literals.length - 6} more.`);
		const passed = literals.filter(literal => literal.assignedTo);
		if (environmentKey && passed.length > 0) {
			const differs = passed.filter(literal => literal.secret.sha256 !== environmentKey.sha256);
			evidence.push(
				differs.length > 0
					? `It differs from the key the environment gives the app (${environmentKey.fingerprint} from ${effective.source?.replace(/^(?:file|env):/, '')}): a key passed in code wins, so the app sends ${listSome(differs.map(literal => literal.secret.fingerprint), 2)}.`
					: `It is the same key the environment gives the app (${environmentKey.fingerprint}): remove the copy in the code.`,
			);
		}

		const inCode = literals.some(literal => literal.fileKind === 'source' && !literal.testFile);
		return hit(inCode ? 'high' : 'medium', evidence, {snippets: clientFromEnvironmentSnippets(codeScanOf(facts)?.languages)});
	},
};

const keyCommittedRule: Rule = {
	id: 'key-committed',
	step: 5,
	title: 'A key is in the git repository',
	fix: [
		`Rotate now: create a new key at ${apiKeysPage}, install it where the app reads it, check again, then revoke the old one. Anyone with a copy of the repository has it.`,
		'Stop tracking the file that holds it and ignore it from now on.',
		'Purge it from the history (git filter-repo or BFG), then force-push; a key that was pushed stays public in forks and clones, so revoking it is what counts.',
	],
	meaning: 'A real key sits in a file git tracks, or in a commit of the repository’s history: every clone, fork and backup carries it, so it must be replaced, not just moved.',
	docs: ['https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository', 'https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety'],
	evaluate(facts) {
		const keys = committedKeys(facts);
		if (keys.size === 0) return undefined;
		const effective = effectiveKey(facts);
		const evidence: string[] = [];
		for (const [sha256, exposure] of [...keys].slice(0, 6)) {
			const inUse = effective.observation?.secret.sha256 === sha256 ? '; it is the key your app uses now' : '';
			evidence.push(`${exposure.fingerprint} is in ${listSome(exposure.where, 3)}${inUse}${liveWords(facts, sha256)}.`);
		}

		const exposure = exposureOf(facts);
		if (exposure?.shallow) evidence.push('This is a shallow clone: older commits were not searched.');
		if (exposure?.history.partial) evidence.push(`The history search was partial (${exposure.history.partial}).`);
		const trackedFiles = [
			...new Set([
				...(codeScanOf(facts)?.literals ?? []).filter(literal => literal.tracked).map(literal => literal.file),
				...(exposure?.dotenvFiles ?? []).filter(file => file.tracked).map(file => file.file),
			]),
		];
		const snippets: Snippet[] = [...(trackedFiles.length > 0 ? [untrackSnippet(trackedFiles)] : []), ...purgeHistorySnippets];
		return hit('high', evidence, {snippets});
	},
};

const dotenvNotIgnoredRule: Rule = {
	id: 'dotenv-not-ignored',
	step: 5,
	title: 'A .env file with a key is not ignored by git',
	fix: ['Add .env files to .gitignore (keep a .env.example without real values), then check with `git status` that none is staged.'],
	meaning: 'git does not ignore a .env that holds a real key, so the next `git add .` commits the key.',
	docs: ['https://git-scm.com/docs/gitignore'],
	evaluate(facts) {
		const files = (exposureOf(facts)?.dotenvFiles ?? []).filter(file => !file.ignored);
		if (files.length === 0) return undefined;
		const evidence = files.map(
			file => `${file.file} holds ${listSome(file.keys.map(key => key.fingerprint), 3)}, and no .gitignore rule matches it${file.tracked ? ': it is already tracked' : ': `git add .` would commit it'}.`,
		);
		return hit('high', evidence, {snippets: [gitignoreDotenvSnippet]});
	},
};

/** Keys that leaked (CAUSES.md "Exposure", step 5): written into the code, committed, or one `git add` away. */
export const exposureRules: Rule[] = [hardcodedKeyRule, keyCommittedRule, dotenvNotIgnoredRule];
