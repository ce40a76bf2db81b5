import {Box, Text} from 'ink';
import {stepNumbers, wizardSteps, type WizardScreen} from '../../core/wizard/steps.js';
import type {StepNumber} from '../../core/types.js';
import {useTheme} from '../theme.js';

/**
 * The five steps and the summary in one line. The current one is in brackets; a step
 * where a cause was found carries the fail mark: never colour alone. On a narrow
 * terminal only the current step keeps its title, so the bar stays one or two lines.
 */
export function StepBar({screen, stepsWithCauses, narrow = false}: {screen: WizardScreen; stepsWithCauses: ReadonlySet<StepNumber>; narrow?: boolean}) {
	const theme = useTheme();
	const current = screen.kind === 'step' ? screen.step : undefined;
	const items = [
		...stepNumbers.map(step => ({
			key: String(step),
			text: `${step}${narrow && step !== current ? '' : ` ${wizardSteps[step].title}`}${stepsWithCauses.has(step) ? ` ${theme.status('fail').icon}` : ''}`,
			active: step === current,
			flagged: stepsWithCauses.has(step),
		})),
		{key: 'summary', text: 'Summary', active: screen.kind === 'summary', flagged: false},
	];
	return (
		<Box flexWrap="wrap">
			{items.map((item, index) => (
				<Box key={item.key} flexShrink={0}>
					<Text bold={item.active} inverse={item.active && theme.color} color={item.active ? theme.paint('selected') : item.flagged ? theme.paint('fail') : undefined}>
						{item.active ? `[${item.text}]` : item.text}
					</Text>
					{index < items.length - 1 ? <Text color={theme.paint('muted')}>{` ${theme.icons.separator} `}</Text> : null}
				</Box>
			))}
		</Box>
	);
}
