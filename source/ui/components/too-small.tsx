import {Box, Text} from 'ink';
import {minimumSize} from '../layout.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/** Said instead of the wizard when the terminal is too small to show it. */
export function TooSmall({columns, rows}: {columns: number; rows: number}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				key-wizard
			</Text>
			<Paragraph>{`Make the terminal at least ${minimumSize.columns}×${minimumSize.rows} (it is ${columns}×${rows}).`}</Paragraph>
			<Text color={theme.paint('muted')} wrap="truncate-end">
				q quits
			</Text>
		</Box>
	);
}
