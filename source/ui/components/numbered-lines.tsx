import {Box, Text} from 'ink';
import {Paragraph} from './paragraph.js';

/** Lines numbered 1., 2., …, each wrapping under its own text. */
export function NumberedLines({lines, marginLeft = 0}: {lines: readonly string[]; marginLeft?: number}) {
	return (
		<>
			{lines.map((line, index) => (
				<Box key={index} marginLeft={marginLeft}>
					<Box width={3} flexShrink={0}>
						<Text>{index + 1}.</Text>
					</Box>
					<Box flexShrink={1}>
						<Paragraph>{line}</Paragraph>
					</Box>
				</Box>
			))}
		</>
	);
}
