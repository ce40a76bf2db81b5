import type {Facts} from '../types.js';
import {codeScanOf, exposureOf} from './facts-view.js';

/** Where one key value is exposed, by sha256, in words. */
export type Exposure = {fingerprint: string; where: string[]};

/** Every key in a git-tracked file or in the history, with where (for key-committed and step 5). */
export function committedKeys(facts: Facts): Map<string, Exposure> {
	const out = new Map<string, Exposure>();
	const add = (sha256: string, fingerprint: string, where: string) => {
		const entry = out.get(sha256) ?? {fingerprint, where: []};
		if (!entry.where.includes(where)) entry.where.push(where);
		out.set(sha256, entry);
	};

	for (const literal of codeScanOf(facts)?.literals ?? []) if (literal.tracked) add(literal.secret.sha256, literal.secret.fingerprint, `${literal.file}:${literal.line} (tracked)`);
	const exposure = exposureOf(facts);
	for (const file of exposure?.dotenvFiles ?? []) if (file.tracked) for (const key of file.keys) add(key.sha256, key.fingerprint, `${key.source.replace(/^file:/, '')} (tracked)`);
	for (const found of exposure?.historyKeys ?? []) add(found.secret.sha256, found.secret.fingerprint, `commit ${found.commit} ${found.file}`);
	return out;
}
