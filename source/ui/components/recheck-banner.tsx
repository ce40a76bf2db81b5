import {Box, Text} from 'ink';
import type {RecheckResult} from '../../core/wizard/compare-runs.js';
import {recheckEnvironmentNote} from '../../core/wizard/guidance.js';
import {useTheme, type Label} from '../theme.js';
import {Paragraph} from './paragraph.js';

/** What "Check again" found compared with the run before it: the outcome, then each cause before → after. */
export function RecheckBanner({recheck, errorSetAside}: {recheck: RecheckResult; errorSetAside: boolean}) {
	const theme = useTheme();
	const labels: Record<RecheckResult['outcome'], Label> = {
		gone: {icon: theme.status('pass').icon, word: 'fixed', role: 'pass'},
		unconfirmed: {icon: '?', word: 'unconfirmed', role: 'warn'},
		better: {icon: theme.status('warn').icon, word: 'better', role: 'warn'},
		same: {icon: theme.status('fail').icon, word: 'not fixed', role: 'fail'},
		worse: {icon: theme.status('fail').icon, word: 'new problem', role: 'fail'},
	};
	const label = labels[recheck.outcome];
	const rows = [
		...recheck.fixed.map(cause => ({cause, mark: theme.status('pass').icon, change: 'found → gone', role: 'pass' as const})),
		...recheck.remaining.map(cause => ({cause, mark: theme.status('fail').icon, change: 'found → still there', role: 'fail' as const})),
		...recheck.added.map(cause => ({cause, mark: theme.status('fail').icon, change: 'none → new', role: 'fail' as const})),
	];
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
			{rows.map(row => (
				<Box key={`${row.change}:${row.cause.id}`} marginLeft={2}>
					<Text wrap="truncate-end">
						<Text color={theme.paint(row.role)}>{`${row.mark} ${row.change}: `}</Text>
						{row.cause.title}
					</Text>
				</Box>
			))}
			{errorSetAside ? <Paragraph color={theme.paint('warn')}>The error you pasted was from before the fix: its key is gone from every source and a key works now, so it no longer counts. Clear it or paste a new one.</Paragraph> : null}
			{recheck.outcome === 'gone' ? null : <Paragraph color={theme.paint('muted')}>{recheckEnvironmentNote}</Paragraph>}
		</Box>
	);
}
