import {Box, Text} from 'ink';
import type {Cause} from '../../core/types.js';
import {useTheme} from '../theme.js';
import {SnippetView} from './snippet-view.js';
import {NumberedLines} from './numbered-lines.js';
import {Paragraph} from './paragraph.js';

/** One cause in full: title, id, step and confidence, every line of evidence, the fix steps and each command with its copy key. */
export function CauseView({cause, rank, copyKeyOf}: {cause: Cause; rank: number; copyKeyOf(text: string): string | undefined}) {
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
			<Box marginLeft={3} flexDirection="column">
				<Text color={theme.paint('muted')} wrap="truncate-end">
					{cause.id} {theme.icons.separator} step {cause.step} {theme.icons.separator} {cause.confidence} confidence
				</Text>
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
				<NumberedLines lines={cause.fix} />
				{cause.snippets.map(snippet => (
					<SnippetView key={snippet.id} snippet={snippet} copyKey={copyKeyOf(snippet.text)} />
				))}
			</Box>
		</Box>
	);
}

/** Causes one line each: rank, mark, title and the step it belongs to. */
export function CauseList({causes}: {causes: readonly Cause[]}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			{causes.map((cause, index) => {
				const mark = theme.status(cause.confidence === 'low' ? 'warn' : 'fail');
				return (
					<Box key={cause.id}>
						<Box flexShrink={0}>
							<Text color={theme.paint(mark.role)}>{`${index + 1}. ${mark.icon} `}</Text>
						</Box>
						<Box flexGrow={1} flexShrink={1}>
							<Text wrap="truncate-end">{cause.title}</Text>
						</Box>
						<Box flexShrink={0} marginLeft={1}>
							<Text color={theme.paint('muted')}>{`step ${cause.step}`}</Text>
						</Box>
					</Box>
				);
			})}
		</Box>
	);
}
