import {Box, Text} from 'ink';
import type {GivenAnswer, Question} from '../../core/wizard/questions.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/**
 * A step's questions (render only): the one asked now (its answers are in the menu), the
 * answers already given with what they mean, or what the step knows instead of asking.
 */
export function QuestionView({question, given, says}: {question?: Question; given: readonly GivenAnswer[]; says?: string}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			{given.map(answer => (
				<Box key={answer.question} flexDirection="column">
					<Paragraph>
						You answered{answer.subject ? ` for ${answer.subject}` : ''}: <Text bold>{answer.label}</Text>
					</Paragraph>
					{answer.advice ? <Paragraph color={theme.paint('warn')}>{answer.advice}</Paragraph> : null}
				</Box>
			))}
			{question ? (
				<Box flexDirection="column">
					{question.link ? (
						<Text wrap="truncate-end">
							{theme.icons.link} <Text color={theme.paint('accent')}>{question.link}</Text>
						</Text>
					) : null}
					<Paragraph bold>{question.prompt}</Paragraph>
					{question.note ? <Paragraph color={theme.paint('muted')}>{question.note}</Paragraph> : null}
				</Box>
			) : given.length === 0 && says ? (
				<Paragraph color={theme.paint('muted')}>{says}</Paragraph>
			) : null}
		</Box>
	);
}
