import {Text} from 'ink';
import type {Pane} from '../hooks/use-wizard-keys.js';
import {useTheme} from '../theme.js';

/** The keys that work on this screen, on one muted line; fewer words when narrow. */
export function KeyHints({mode, pane, canCopy, width}: {mode: 'menu' | 'typing' | 'help'; pane: Pane; canCopy: boolean; width: number}) {
	const theme = useTheme();
	const hints =
		mode === 'typing'
			? ['Enter use it (empty: back)', 'Esc back', 'Ctrl-U clear', 'Ctrl-C exit']
			: mode === 'help'
				? ['Esc back', 'q quit', 'Ctrl-C exit']
				: [
						pane === 'menu' ? '↑↓ Enter choose' : '↑↓ scroll',
						...(canCopy ? ['c copy'] : []),
						'p paste error',
						'l causes',
						pane === 'menu' ? 'Tab page' : 'Tab menu',
						'? keys',
						'q quit',
					];
	const separator = ` ${theme.icons.separator} `;
	// Drop hints from the middle until the line fits: the first and the last matter most.
	const shown = [...hints];
	while (shown.length > 3 && shown.join(separator).length > width) shown.splice(shown.length - 3, 1);
	return (
		<Text color={theme.paint('muted')} wrap="truncate-end">
			{shown.join(separator)}
		</Text>
	);
}
