import {Box, Text} from 'ink';
import type {RecheckResult} from '../../core/wizard/compare-runs.js';
import {recheckEnvironmentNote} from '../../core/wizard/guidance.js';
import {useTheme, type Label} from '../theme.js';
import {StatusLabel} from './status-label.js';
import {Paragraph} from './paragraph.js';

/** What "Check again" found compared with the run before it, or that it is still checking. */
export function RecheckBanner({recheck, checking}: {recheck?: RecheckResult; checking: boolean}) {
	const theme = useTheme();
	if (checking) {
		return <StatusLabel label={{...theme.running, word: 'checking again…'}} spinning />;
	}

	if (!recheck) return null;
	const labels: Record<RecheckResult['outcome'], Label> = {
		gone: {icon: theme.status('pass').icon, word: 'fixed', role: 'pass'},
		unconfirmed: {icon: '?', word: 'unconfirmed', role: 'warn'},
		better: {icon: theme.status('warn').icon, word: 'better', role: 'warn'},
		same: {icon: theme.status('fail').icon, word: 'not fixed', role: 'fail'},
		worse: {icon: theme.status('fail').icon, word: 'new problem', role: 'fail'},
	};
	const label = labels[recheck.outcome];
	return (
		<Box flexDirection="column">
			<Box>
				<Box flexShrink={0}>
					<Text bold color={theme.paint(label.role)}>{`Check again: ${label.icon} ${label.word}. `}</Text>
				</Box>
				<Box flexShrink={1}>
					<Paragraph>{recheck.message}</Paragraph>
				</Box>
			</Box>
			{recheck.outcome === 'gone' ? null : <Paragraph color={theme.paint('muted')}>{recheckEnvironmentNote}</Paragraph>}
		</Box>
	);
}
