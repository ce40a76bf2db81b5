import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {useTheme, type Label} from '../theme.js';

/** An icon and a word in the label's colour; a spinner instead of the icon while something runs. */
export function StatusLabel({label, spinning = false, width}: {label: Label; spinning?: boolean; width?: number}) {
	const theme = useTheme();
	const color = theme.paint(label.role);
	return (
		<Box width={width} flexShrink={0}>
			<Text color={color}>
				{spinning && theme.animate ? <Spinner type="dots" /> : label.icon} {label.word}
			</Text>
		</Box>
	);
}
