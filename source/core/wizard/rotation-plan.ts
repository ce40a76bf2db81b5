import {codeScanOf, exposureOf} from '../code/facts-view.js';
import {committedKeys} from '../code/committed-keys.js';
import {effectiveKey} from '../keys/effective.js';
import {purgeHistorySnippets, readSilentlySnippet} from '../snippets/key-exposure.js';
import type {Cause, Facts, Snippet} from '../types.js';
import {rotateSnippets} from './guidance.js';
import {apiKeysPage} from './steps.js';

/** One key that has to be replaced, and where it is exposed. */
export type ExposedKey = {sha256: string; fingerprint: string; where: string[]; /** The app sends it today. */ inUse: boolean};

/** Step 5's content, as data: rotate now (in order, with what is exposed where), or why not. */
export type RotationPlan =
	| {rotate: false; reason: string; notes: string[]}
	| {rotate: true; exposed: ExposedKey[]; steps: string[]; snippets: Snippet[]; notes: string[]};

/**
 * What step 5 says: when a key leaked (committed, in the history, written into the code)
 * or was revoked, the ordered steps to rotate it — create the new key, install it, check
 * again, revoke the old one, purge the history — naming each exposed fingerprint and
 * where it is. Otherwise "no rotation needed", with local notes (a key in shell history).
 */
export function rotationPlan(facts: Facts, causes: readonly Cause[]): RotationPlan {
	const exposed = new Map<string, ExposedKey>();
	const appKey = effectiveKey(facts).observation?.secret.sha256;
	const add = (sha256: string, fingerprint: string, where: string) => {
		const entry = exposed.get(sha256) ?? {sha256, fingerprint, where: [], inUse: sha256 === appKey};
		if (!entry.where.includes(where)) entry.where.push(where);
		exposed.set(sha256, entry);
	};

	for (const [sha256, item] of committedKeys(facts)) for (const where of item.where) add(sha256, item.fingerprint, `git: ${where}`);
	if (causes.some(cause => cause.id === 'hardcoded-key')) {
		for (const literal of codeScanOf(facts)?.literals ?? []) if (literal.fileKind === 'source' || literal.fileKind === 'config') add(literal.secret.sha256, literal.secret.fingerprint, `written into ${literal.file}:${literal.line}`);
	}

	const revoked = causes.some(cause => cause.id === 'key-invalid');
	const notes: string[] = [];
	const history = exposureOf(facts)?.shellHistory ?? [];
	for (const typed of history) notes.push(`${typed.secret.fingerprint} is in ${typed.file}:${typed.line}: delete that line (or the file's copy of it), and type keys with \`read -rs\` from now on.`);
	if (exposed.size === 0 && !revoked) {
		return {rotate: false, reason: 'No rotation needed: no key found in git, its history or the code, and none was refused as revoked.', notes};
	}

	const old = [...exposed.values()].map(item => item.fingerprint);
	const committed = committedKeys(facts).size > 0;
	const steps = [
		`Open ${apiKeysPage}, in the project the app uses, and create a new secret key.`,
		'Install it where the app reads it (the source that wins in step 2), replacing the old value; never in the code.',
		'Choose "Check again": the live check must pass with the new key.',
		`Revoke the old key${old.length > 1 ? 's' : ''} on the same page${old.length > 0 ? ` (${old.join(', ')})` : ''}, so a leaked copy stops working.`,
	];
	if (committed) steps.push('Purge the old key from the repository\'s history (git filter-repo or BFG) and force-push; forks and clones keep their copy, which is why revoking comes first.');
	return {
		rotate: true,
		exposed: [...exposed.values()],
		steps,
		snippets: [...rotateSnippets, readSilentlySnippet, ...(committed ? purgeHistorySnippets : [])],
		notes,
	};
}
