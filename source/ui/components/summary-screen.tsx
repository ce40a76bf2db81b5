import {Box, Text} from 'ink';
import type {Conclusion, Verdict} from '../../core/conclude.js';
import type {KeyView} from '../../core/wizard/key-views.js';
import {useTheme} from '../theme.js';
import {CauseView} from './cause-view.js';
import {StatusLabel} from './status-label.js';
import {Paragraph} from './paragraph.js';

const verdictSentences: Record<Verdict, string> = {
	ok: 'no problem found, and a key passed the live check.',
	problem: 'found what is wrong; the causes are below, most likely first.',
	inconclusive: 'nothing else found wrong, but no live check confirmed a working key (see below for why).',
};

/** The summary: the verdict, the causes most likely first (title, evidence, fix, snippets), and the keys. */
export function SummaryScreen({conclusion, keys, runningCount, showDetails}: {conclusion: Conclusion; keys: readonly KeyView[]; runningCount: number; showDetails: boolean}) {
	const theme = useTheme();
	const running = runningCount > 0;
	return (
		<Box flexDirection="column" rowGap={1}>
			<Box flexDirection="column">
				<Text bold color={theme.paint('heading')}>
					Summary
				</Text>
				<Box flexWrap="wrap">
					<Text>Verdict: </Text>
					<StatusLabel label={running ? {...theme.running, word: 'still checking'} : theme.verdict(conclusion.verdict)} spinning={running} />
					<Text>: </Text>
					<Paragraph>{running ? `${runningCount} ${runningCount === 1 ? 'check is' : 'checks are'} still running; this may change.` : verdictSentences[conclusion.verdict]}</Paragraph>
				</Box>
			</Box>
			<Box flexDirection="column">
				<Text bold>Keys ({keys.length})</Text>
				{keys.length === 0 ? (
					<Box marginLeft={1}>
						<Text color={theme.paint('muted')}>none found</Text>
					</Box>
				) : null}
				{keys.map(key => (
					<Box key={key.sha256} marginLeft={1} flexWrap="wrap" columnGap={1}>
						<Text bold>{key.fingerprint}</Text>
						<StatusLabel label={theme.live(key.live)} />
						{key.usedByApp ? <Text color={theme.paint('accent')}>{`${theme.icons.wins} the app gets this one`}</Text> : null}
						{showDetails ? <Paragraph color={theme.paint('muted')}>from {key.sources.join(', ')}</Paragraph> : null}
					</Box>
				))}
			</Box>
			<Box flexDirection="column">
				<Text bold>{conclusion.causes.length === 0 ? 'Causes: none found' : `Causes (${conclusion.causes.length}, most likely first)`}</Text>
				{conclusion.causes.map((cause, index) => (
					<CauseView key={cause.id} cause={cause} rank={index + 1} showSnippets={showDetails || index === 0} />
				))}
			</Box>
		</Box>
	);
}
