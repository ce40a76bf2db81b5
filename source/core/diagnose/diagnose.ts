import type {Cause, Confidence, Facts, Rule, Snippet} from '../types.js';

const confidenceRank: Record<Confidence, number> = {high: 0, medium: 1, low: 2};

/**
 * Evaluates every rule against the facts and returns the causes that apply, most
 * likely first: by confidence, then by the rule's place in the table. A rule that
 * throws is skipped, so one bad rule never hides the others. Rules that name the same
 * cause (a key found here, and the key the app's error shows) give one cause: the
 * surest hit's title and confidence, every rule's evidence, fixes and snippets.
 */
export function diagnose(facts: Facts, rules: readonly Rule[]): Cause[] {
	const causes: Array<Cause & {order: number}> = [];
	for (const [order, rule] of rules.entries()) {
		let hit;
		try {
			hit = rule.evaluate(facts);
		} catch {
			continue;
		}

		if (!hit) continue;
		causes.push({
			id: rule.id,
			step: rule.step,
			confidence: hit.confidence,
			title: hit.title ?? rule.title,
			evidence: hit.evidence,
			fix: hit.fix ?? rule.fix,
			snippets: hit.snippets ?? [],
			order,
		});
	}

	const ranked = causes.sort((a, b) => confidenceRank[a.confidence] - confidenceRank[b.confidence] || a.order - b.order);
	const byId = new Map<string, Cause>();
	for (const {order: _order, ...cause} of ranked) {
		const first = byId.get(cause.id);
		byId.set(cause.id, first ? merge(first, cause) : cause);
	}

	return [...byId.values()];
}

/** `first` (the surer hit) with what `other` adds. */
function merge(first: Cause, other: Cause): Cause {
	const snippets: Snippet[] = [...first.snippets, ...other.snippets.filter(snippet => !first.snippets.some(kept => kept.id === snippet.id))];
	return {...first, evidence: unique([...first.evidence, ...other.evidence]), fix: unique([...first.fix, ...other.fix]), snippets};
}

function unique(lines: readonly string[]): string[] {
	return [...new Set(lines)];
}
