import {Box, Text} from 'ink';
import type {DocLink} from '../../core/wizard/guidance.js';
import {rotateSnippets, rotateSteps} from '../../core/wizard/guidance.js';
import {dashboardNoAdvice, type WizardAnswers} from '../../core/wizard/steps.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';
import {SnippetView} from './snippet-view.js';

/** Step 3's command to repeat the live check by hand; the key stays in the variable. */
export function CurlPanel({command}: {command: string}) {
	return <SnippetView snippet={{label: 'Test it yourself (the key stays in the variable)', text: command}} />;
}

/** Step 4's base URL and the docs that apply. */
export function DocsPanel({baseUrl, links}: {baseUrl: string; links: readonly DocLink[]}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Paragraph>
				Base URL: <Text bold>{baseUrl}</Text>
			</Paragraph>
			<Text bold>Docs that apply</Text>
			{links.map(link => (
				<Box key={link.url} marginLeft={1} flexDirection="column">
					<Text>
						{theme.icons.link} {link.label}
					</Text>
					<Box marginLeft={2}>
						<Paragraph color={theme.paint('accent')}>{link.url}</Paragraph>
					</Box>
				</Box>
			))}
		</Box>
	);
}

/** Step 5's advice: why rotating applies here, the steps and the snippets to install the new key. */
export function RotatePanel({answers, oldKeys}: {answers: WizardAnswers; oldKeys: readonly string[]}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			{answers.dashboard?.answer === 'no' ? <Paragraph color={theme.paint('warn')}>{dashboardNoAdvice(answers.dashboard?.keyWorks)}</Paragraph> : null}
			{answers.appError?.containedKey ? (
				<Paragraph color={theme.paint('fail')}>
					{`${theme.status('fail').icon} The text you pasted held a full key (shown here only as its fingerprint): treat that key as exposed and replace it.`}
				</Paragraph>
			) : null}
			<Text bold>Replace the key</Text>
			{rotateSteps.map((line, index) => (
				<Box key={index} marginLeft={1}>
					<Box width={3} flexShrink={0}>
						<Text>{index + 1}.</Text>
					</Box>
					<Box flexShrink={1}>
						<Paragraph>{index === 3 && oldKeys.length > 0 ? `${line} (old: ${oldKeys.join(', ')})` : line}</Paragraph>
					</Box>
				</Box>
			))}
			{rotateSnippets.map(snippet => (
				<SnippetView key={snippet.id} snippet={snippet} />
			))}
		</Box>
	);
}
