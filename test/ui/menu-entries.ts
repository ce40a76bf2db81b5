/** Menu entries as the screen shows them: number and label (wrapped lines joined). */
export function menuEntries(frame: string): Array<{number: number; label: string; selected: boolean}> {
	const entries: Array<{number: number; label: string; selected: boolean}> = [];
	let inMenu = false;
	for (const line of frame.split('\n')) {
		const match = /^([❯ ]) (\d)\. (.*)$/.exec(line);
		if (match) {
			entries.push({number: Number(match[2]), label: match[3]!.trim(), selected: match[1] === '❯'});
			inMenu = true;
		} else if (inMenu && /^ {5}\S/.test(line)) {
			entries.at(-1)!.label += ` ${line.trim()}`;
		} else {
			inMenu = false;
		}
	}

	return entries;
}
