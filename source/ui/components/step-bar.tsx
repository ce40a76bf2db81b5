import {Text} from 'ink';
import {stepBarLine} from '../../core/wizard/step-bar.js';
import type {WizardScreen} from '../../core/wizard/steps.js';
import type {StepNumber} from '../../core/types.js';
import {useTheme} from '../theme.js';

/**
 * The five steps and the summary on one line, abbreviated to the width: the current one
 * in brackets, a step where a cause was found with the fail mark (never colour alone).
 */
export function StepBar({screen, stepsWithCauses, width}: {screen: WizardScreen; stepsWithCauses: ReadonlySet<StepNumber>; width: number}) {
	const theme = useTheme();
	const current = screen.kind === 'step' ? screen.step : screen.kind === 'summary' ? 'summary' : undefined;
	const line = stepBarLine({current, flagged: stepsWithCauses, width, failMark: theme.status('fail').icon});
	return (
		<Text wrap="truncate-end">
			{line.segments.map((segment, index) => (
				<Text key={index}>
					<Text bold={segment.active} inverse={segment.active && theme.color} color={segment.active ? theme.paint('selected') : segment.flagged ? theme.paint('fail') : undefined}>
						{segment.text}
					</Text>
					{index < line.segments.length - 1 ? <Text color={theme.paint('muted')}>{line.separator}</Text> : null}
				</Text>
			))}
		</Text>
	);
}
