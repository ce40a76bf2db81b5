import {Box, Text} from 'ink';
import type {Conclusion, Verdict} from '../../core/conclude.js';
import type {KeyView} from '../../core/wizard/key-views.js';
import type {StepLead} from '../../core/wizard/step-lead.js';
import {useTheme} from '../theme.js';
import {CauseList, CauseView} from './cause-view.js';
import {KeysPanel} from './keys-panel.js';
import {LeadView} from './lead-view.js';
import {StatusLabel} from './status-label.js';

const verdictSentences: Record<Verdict, string> = {
	ok: 'no problem found, and a key passed the live check.',
	problem: 'found what is wrong; the causes are below, most likely first.',
	inconclusive: 'nothing else found wrong, but no live check confirmed a working key.',
};

/** The summary, the cause list: the verdict, the most likely cause and its fix, every cause in one line, the keys, then each cause in full. */
export function SummaryScreen({conclusion, keys, lead, running, copyKeyOf}: {conclusion: Conclusion; keys: readonly KeyView[]; lead: StepLead; running: number; copyKeyOf(text: string): string | undefined}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" rowGap={1}>
			<Box flexDirection="column">
				<Text wrap="truncate-end">
					<Text bold color={theme.paint('heading')}>
						Summary{' '}
					</Text>
					{running > 0 ? null : (
						<>
							<Text color={theme.paint(theme.verdict(conclusion.verdict).role)} bold>{`${theme.verdict(conclusion.verdict).icon} ${theme.verdict(conclusion.verdict).word}`}</Text>
							<Text>: {verdictSentences[conclusion.verdict]}</Text>
						</>
					)}
				</Text>
				{running > 0 ? <StatusLabel label={{...theme.running, word: `still checking: ${running} ${running === 1 ? 'check' : 'checks'} running; this may change.`}} spinning /> : null}
				<LeadView lead={lead} copyKey={lead.command ? copyKeyOf(lead.command.text) : undefined} />
			</Box>
			<Box flexDirection="column">
				<Text bold>{conclusion.causes.length === 0 ? 'Causes: none found' : `Causes (${conclusion.causes.length}, most likely first)`}</Text>
				<CauseList causes={conclusion.causes} />
			</Box>
			<KeysPanel keys={keys} searching={running > 0} />
			{conclusion.causes.length > 0 ? (
				<Box flexDirection="column">
					<Text bold>Each cause in full</Text>
					{conclusion.causes.map((cause, index) => (
						<CauseView key={cause.id} cause={cause} rank={index + 1} copyKeyOf={copyKeyOf} />
					))}
				</Box>
			) : null}
		</Box>
	);
}
