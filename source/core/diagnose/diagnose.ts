import type {Cause, Confidence, Facts, Rule} from '../types.js';

const confidenceRank: Record<Confidence, number> = {high: 0, medium: 1, low: 2};

/**
 * Evaluates every rule against the facts and returns the causes that apply, most
 * likely first: by confidence, then by the rule's place in the table. A rule that
 * throws is skipped, so one bad rule never hides the others.
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

	return causes
		.sort((a, b) => confidenceRank[a.confidence] - confidenceRank[b.confidence] || a.order - b.order)
		.map(({order: _order, ...cause}) => cause);
}
