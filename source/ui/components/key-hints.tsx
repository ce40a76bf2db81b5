import {Paragraph} from './paragraph.js';
import {useTheme} from '../theme.js';

/** The keys that work on this screen, in one muted line. */
export function KeyHints({typing, scrollable = false}: {typing: boolean; scrollable?: boolean}) {
	const theme = useTheme();
	const hints = typing
		? ['Enter use it (empty: skip)', 'Esc skip', 'Ctrl-U clear', 'Ctrl-C exit']
		: ['↑↓ move', 'Enter or 1-9 choose', ...(scrollable ? ['PgUp/PgDn scroll'] : []), 'Esc back', 'q quit', 'Ctrl-C exit'];
	return <Paragraph color={theme.paint('muted')}>{hints.join(` ${theme.icons.separator} `)}</Paragraph>;
}
