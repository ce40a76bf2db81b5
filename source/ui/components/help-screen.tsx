import {Box, Text} from 'ink';
import {useTheme} from '../theme.js';

/** Every key of the wizard, and what it does. */
export const helpKeys: ReadonlyArray<[string, string]> = [
	['Enter', 'choose the selected menu entry (the first one goes on)'],
	['1-9', 'choose the menu entry with that number'],
	['↑↓ ←→ j k', 'move in the menu (↑↓ scroll the page after Tab)'],
	['Tab', 'switch the arrows and Home/End between the menu and the page'],
	['PgUp PgDn', 'scroll the page'],
	['Home End', 'top or bottom of the page, or first or last menu entry'],
	['c', 'copy the fix in view (c then 2-9: copy that command)'],
	['p', 'paste the error your app printed'],
	['l', 'the cause list (the summary)'],
	['[ ]', 'the previous or next step of the step bar'],
	['d', 'details: every check’s extra lines'],
	['r', 'check again'],
	['s', 'save the transcript'],
	['Esc', 'back'],
	['?', 'this help (Esc, Enter or ? closes it)'],
	['q', 'quit (the exit code says what was found)'],
	['Ctrl-C', 'stop every check and exit at once'],
];

/** The key help screen. */
export function HelpScreen() {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text bold color={theme.paint('heading')}>
				Keys
			</Text>
			{helpKeys.map(([keys, what]) => (
				<Box key={keys}>
					<Box width={12} flexShrink={0}>
						<Text color={theme.paint('accent')}>{keys}</Text>
					</Box>
					<Box flexShrink={1}>
						<Text wrap="truncate-end">{what}</Text>
					</Box>
				</Box>
			))}
		</Box>
	);
}
