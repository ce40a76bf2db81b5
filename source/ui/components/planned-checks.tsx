import {Box, Text} from 'ink';
import type {PlannedCheck} from '../../core/wizard/steps.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';
import {StatusLabel} from './status-label.js';

/** Checks a step will run once their probes exist: marked "not checked yet", never as a pass. */
export function PlannedChecks({checks, narrow}: {checks: readonly PlannedCheck[]; narrow: boolean}) {
	const theme = useTheme();
	if (checks.length === 0) return null;
	return (
		<Box flexDirection="column">
			<Text bold>Not checked yet by this version</Text>
			{checks.map(check =>
				narrow ? (
					<Box key={check.label} marginLeft={1} flexDirection="column">
						<Box columnGap={1}>
							<StatusLabel label={theme.notChecked} />
							<Box flexShrink={1}>
								<Paragraph bold>{check.label}</Paragraph>
							</Box>
						</Box>
						<Box marginLeft={2}>
							<Paragraph color={theme.paint('muted')}>{check.detail}</Paragraph>
						</Box>
					</Box>
				) : (
					<Box key={check.label} marginLeft={1}>
						<StatusLabel label={theme.notChecked} width={19} />
						<Box flexShrink={1}>
							<Paragraph color={theme.paint('muted')}>
								<Text bold>{check.label}</Text>: {check.detail}
							</Paragraph>
						</Box>
					</Box>
				),
			)}
		</Box>
	);
}
