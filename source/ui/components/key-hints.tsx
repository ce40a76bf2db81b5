import {Paragraph} from './paragraph.js';
import {useTheme} from '../theme.js';

/** The keys that work on this screen, in one muted line (short words when narrow). */
export function KeyHints({typing, scrollable = false, narrow = false}: {typing: boolean; scrollable?: boolean; narrow?: boolean}) {
	const theme = useTheme();
	const hints = typing
		? narrow
			? ['Enter use', 'Esc skip', '^U clear', '^C exit']
			: ['Enter use it (empty: skip)', 'Esc skip', 'Ctrl-U clear', 'Ctrl-C exit']
		: narrow
			? ['↑↓ 1-9 Enter', ...(scrollable ? ['PgDn'] : []), 'Esc back', 'q quit']
			: ['↑↓ move', 'Enter or 1-9 choose', ...(scrollable ? ['PgUp/PgDn scroll'] : []), 'Esc back', 'q quit', 'Ctrl-C exit'];
	return <Paragraph color={theme.paint('muted')}>{hints.join(` ${theme.icons.separator} `)}</Paragraph>;
}
