import {Box, Text} from 'ink';
import type {Notice} from '../../core/wizard/reducer.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/**
 * The row between the page and the menu: what the last copy or save did (on the left, at
 * most two lines), and how much of the page is out of view (on the right). Empty, it
 * keeps the two apart.
 */
export function StatusLine({notice, below, above, width}: {notice?: Notice; below: number; above: number; width: number}) {
	const theme = useTheme();
	const short = width < 80;
	const scroll = below > 0 ? (short ? `↓ ${below} more` : `↓ ${below} more ${below === 1 ? 'line' : 'lines'}: PgDn`) : above > 0 ? (short ? '↑ end' : '↑ end of the page: PgUp') : '';
	return (
		<Box>
			<Box flexGrow={1} flexShrink={1}>
				{/* A notice may take two lines (where the transcript was saved); a prompt one. */}
				{notice ? (
					// Two lines at most: room for the words, less what wrapping at spaces may lose.
					<Paragraph color={theme.paint(notice.tone)}>{clip(notice.text, 2 * (width - [...scroll].length - 2) - 16)}</Paragraph>
				) : (
					<Text> </Text>
				)}
			</Box>
			{scroll ? (
				<Box flexShrink={0} marginLeft={2}>
					<Text color={theme.paint('accent')}>{scroll}</Text>
				</Box>
			) : null}
		</Box>
	);
}

function clip(text: string, room: number): string {
	const chars = [...text];
	return chars.length > room ? `${chars.slice(0, Math.max(1, room - 1)).join('')}…` : text;
}
