import {Box, Text} from 'ink';
import type {Cause} from '../../core/types.js';
import {useTheme} from '../theme.js';
import {SnippetView} from './snippet-view.js';
import {Paragraph} from './paragraph.js';

/** One cause: title, id, step and confidence; then evidence, fix steps and snippets unless `brief`. */
export function CauseView({cause, rank, brief = false, showSnippets = true}: {cause: Cause; rank: number; brief?: boolean; showSnippets?: boolean}) {
	const theme = useTheme();
	const mark = theme.status(cause.confidence === 'low' ? 'warn' : 'fail');
	return (
		<Box flexDirection="column">
			<Box>
				<Box flexShrink={0}>
					<Text color={theme.paint(mark.role)} bold>{`${rank}. ${mark.icon} `}</Text>
				</Box>
				<Box flexShrink={1}>
					<Paragraph bold>{cause.title}</Paragraph>
				</Box>
			</Box>
			<Box marginLeft={3}>
				<Paragraph color={theme.paint('muted')}>
					{cause.id} {theme.icons.separator} step {cause.step} {theme.icons.separator} {cause.confidence} confidence
				</Paragraph>
			</Box>
			{brief ? null : (
				<Box marginLeft={3} flexDirection="column">
					{cause.evidence.map((line, index) => (
						<Box key={`e${index}`}>
							<Box width={2} flexShrink={0}>
								<Text>{theme.icons.bullet}</Text>
							</Box>
							<Box flexShrink={1}>
								<Paragraph>{line}</Paragraph>
							</Box>
						</Box>
					))}
					{cause.fix.length > 0 ? <Text bold>Fix</Text> : null}
					{cause.fix.map((line, index) => (
						<Box key={`f${index}`}>
							<Box width={3} flexShrink={0}>
								<Text>{index + 1}.</Text>
							</Box>
							<Box flexShrink={1}>
								<Paragraph>{line}</Paragraph>
							</Box>
						</Box>
					))}
					{showSnippets ? cause.snippets.map(snippet => <SnippetView key={snippet.id} snippet={snippet} />) : null}
				</Box>
			)}
		</Box>
	);
}
