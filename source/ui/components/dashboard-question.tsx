import {Box, Text} from 'ink';
import type {KeyView} from '../../core/wizard/key-views.js';
import {apiKeysPage, azurePortalPage, dashboardChoices, dashboardNoAdvice, dashboardQuestion, type WizardAnswers} from '../../core/wizard/steps.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/** Step 1's question (answered from the menu below it), or the answer already given. */
export function DashboardQuestion({askAbout, answers}: {askAbout?: KeyView; answers: WizardAnswers}) {
	const theme = useTheme();
	const answer = answers.dashboard;
	if (answer) {
		const choice = dashboardChoices.find(candidate => candidate.value === answer.answer);
		return (
			<Box flexDirection="column">
				<Paragraph>
					You answered for <Text bold>{answer.fingerprint}</Text>: <Text bold>{choice?.label ?? answer.answer}</Text>
				</Paragraph>
				{answer.answer === 'no' ? <Paragraph color={theme.paint('warn')}>{dashboardNoAdvice(answer.keyWorks)}</Paragraph> : null}
			</Box>
		);
	}

	if (!askAbout) return null;
	return (
		<Box flexDirection="column">
			<Text>
				{theme.icons.link} <Text color={theme.paint('accent')}>{askAbout.azure ? azurePortalPage : apiKeysPage}</Text>
			</Text>
			<Paragraph bold>{dashboardQuestion(askAbout.ending, askAbout.azure)}</Paragraph>
			<Paragraph color={theme.paint('muted')}>(the key {askAbout.fingerprint}; the dashboard shows only a few of its first and last characters)</Paragraph>
		</Box>
	);
}
