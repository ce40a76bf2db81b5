import {Box} from 'ink';
import {hostAnswerNote, hostQuestionText, hostQuestionWhy, type HostAnswerRecord, type HostQuestion} from '../../core/wizard/host-question.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/** Step 3's question about a host only a project file names (answered from the menu below), or the answers given. */
export function HostQuestionPanel({question, answers = []}: {question?: HostQuestion; answers?: readonly HostAnswerRecord[]}) {
	const theme = useTheme();
	if (!question && answers.length === 0) return null;
	return (
		<Box flexDirection="column">
			{answers.map(record => (
				<Paragraph key={record.url} color={theme.paint(record.answer === 'yes' ? 'muted' : 'warn')}>
					{hostAnswerNote(record)}
				</Paragraph>
			))}
			{question ? (
				<>
					<Paragraph bold color={theme.paint('warn')}>
						{`${theme.status('warn').icon} ${hostQuestionText(question)}`}
					</Paragraph>
					<Paragraph color={theme.paint('muted')}>{hostQuestionWhy(question)}</Paragraph>
				</>
			) : null}
		</Box>
	);
}
