import {allRules} from '../diagnose/rules/index.js';
import {editDistance} from '../local/near-names.js';
import type {Rule, StepNumber} from '../types.js';

/** One cause key-wizard can name, as the catalog shows it. */
export type CatalogEntry = {
	id: string;
	step: StepNumber;
	title: string;
	meaning: string;
	fix: string[];
	docs: string[];
};

/**
 * The catalog of causes, built from the rules themselves: one entry per cause id, by
 * step, then in table order. Several rules may name one cause (a key found here, the key
 * the app's error shows): the first in table order gives title, meaning and fix, and
 * the docs of all of them are listed.
 */
export function buildCatalog(rules: readonly Rule[] = allRules): CatalogEntry[] {
	const byId = new Map<string, CatalogEntry>();
	for (const rule of rules) {
		const entry = byId.get(rule.id);
		if (entry) {
			for (const link of rule.docs ?? []) if (!entry.docs.includes(link)) entry.docs.push(link);
			continue;
		}

		byId.set(rule.id, {id: rule.id, step: rule.step, title: rule.title, meaning: rule.meaning ?? '', fix: [...rule.fix], docs: [...(rule.docs ?? [])]});
	}

	return [...byId.values()].sort((a, b) => a.step - b.step);
}

/** Lower case, `_` as `-`, no surrounding blanks: `Key_Missing ` finds `key-missing`. */
export function normalizeCauseId(id: string): string {
	return id.trim().toLowerCase().replace(/_/g, '-');
}

/** The entry for an id as typed, if any. */
export function findCause(entries: readonly CatalogEntry[], id: string): CatalogEntry | undefined {
	const wanted = normalizeCauseId(id);
	return entries.find(entry => entry.id === wanted);
}

/** Ids close to an unknown one: a few typos away, or sharing a word with it (`missing` → key-missing, k8s-secret-missing…). */
export function nearCauseIds(entries: readonly CatalogEntry[], id: string, limit = 5): string[] {
	const wanted = normalizeCauseId(id);
	if (wanted === '') return [];
	const words = wanted.split(/[^a-z0-9]+/).filter(word => word.length >= 3);
	const scored = entries
		.map(entry => {
			const distance = editDistance(entry.id, wanted, 4);
			const shared = words.filter(word => entry.id.split('-').some(part => part.startsWith(word) || word.startsWith(part))).length;
			return {id: entry.id, distance, shared};
		})
		.filter(({distance, shared}) => distance <= Math.max(2, Math.floor(wanted.length / 4)) || shared > 0)
		.sort((a, b) => a.distance - b.distance || b.shared - a.shared || a.id.localeCompare(b.id));
	return scored.slice(0, limit).map(({id: near}) => near);
}
