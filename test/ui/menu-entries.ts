/** One menu entry as the screen shows it. */
export type ShownEntry = {number?: number; label: string; selected: boolean};

/**
 * The menu entries on a screen: `❯ 1. Label` (selected) or `  2. Label`, several to a row,
 * three spaces apart; entries past 9 have no number. A row may end in ▾ or ▴ (more rows).
 */
export function menuEntries(frame: string): ShownEntry[] {
	const entries: ShownEntry[] = [];
	let inMenu = false;
	for (const line of frame.split('\n')) {
		// A menu row starts with a numbered entry, or (entries past 9) follows one that did.
		inMenu = /^(?:❯| ) \d\. \S/.test(line) || (inMenu && /^(?:❯| ) {4}\S/.test(line));
		if (!inMenu) continue;
		const body = line.replace(/\s+[▾▴]\s*$/, '').trimEnd();
		for (const part of body.split(/ {3}(?=(?:❯| ) (?:\d\.| {2}) \S)/)) {
			const match = /^(❯| ) (?:(\d)\.| {2}) (.*)$/.exec(part);
			if (!match) continue;
			entries.push({...(match[2] ? {number: Number(match[2])} : {}), label: match[3]!.trim(), selected: match[1] === '❯'});
		}
	}

	return entries;
}
