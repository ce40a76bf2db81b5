/** `a, b, c and 4 more`: a list that stays one readable line however long it gets. */
export function listSome(items: readonly string[], shown = 3): string {
	return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
