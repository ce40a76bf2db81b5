import {Box, Text} from 'ink';
import type {PlannedCheck} from '../../core/wizard/steps.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/** Checks a step will run once their probes exist: marked "not checked yet", never as a pass; their details with Details. */
export function PlannedChecks({checks, showDetails}: {checks: readonly PlannedCheck[]; showDetails: boolean}) {
	const theme = useTheme();
	if (checks.length === 0) return null;
	return (
		<Box flexDirection="column">
			<Paragraph color={theme.paint('muted')}>
				<Text bold>{`${theme.notChecked.icon} ${theme.notChecked.word} by this version:`}</Text> {checks.map(check => check.label).join(', ')}
			</Paragraph>
			{showDetails
				? checks.map(check => (
						<Box key={check.label} marginLeft={2}>
							<Paragraph color={theme.paint('muted')}>
								{check.label}: {check.detail}
							</Paragraph>
						</Box>
					))
				: null}
		</Box>
	);
}
