import {Box, Text} from 'ink';
import type {Snippet} from '../../core/types.js';
import {useTheme} from '../theme.js';

/** A copyable snippet: its label, then the text indented (no border, so a mouse copy takes only the text). */
export function SnippetView({snippet}: {snippet: Pick<Snippet, 'label' | 'text'>}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text color={theme.paint('muted')}>{snippet.label}:</Text>
			<Box marginLeft={2} flexDirection="column">
				{snippet.text.split('\n').map((line, index) => (
					<Text key={index} color={theme.paint('accent')}>
						{line}
					</Text>
				))}
			</Box>
		</Box>
	);
}
