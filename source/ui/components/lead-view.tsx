import {Box, Text} from 'ink';
import type {StepLead} from '../../core/wizard/step-lead.js';
import {useTheme, type ColorRole} from '../theme.js';
import {Paragraph} from './paragraph.js';
import {SnippetView} from './snippet-view.js';
import {StatusLabel} from './status-label.js';

const roles: Record<StepLead['tone'], ColorRole> = {fail: 'fail', warn: 'warn', pass: 'pass', running: 'accent'};

/**
 * What a screen leads with: the cause's title, one line of evidence, the first fix and
 * its command with the key that copies it. The rest of the page comes after.
 */
export function LeadView({lead, copyKey}: {lead: StepLead; copyKey?: string}) {
	const theme = useTheme();
	const role = roles[lead.tone];
	const icon = lead.tone === 'fail' ? theme.status('fail').icon : lead.tone === 'warn' ? theme.status('warn').icon : lead.tone === 'pass' ? theme.status('pass').icon : undefined;
	return (
		<Box flexDirection="column">
			{icon === undefined ? (
				<StatusLabel label={{...theme.running, word: lead.title}} spinning />
			) : (
				<Box>
					<Box flexShrink={0}>
						<Text bold color={theme.paint(role)}>{`${icon} `}</Text>
					</Box>
					<Box flexShrink={1}>
						<Paragraph bold>{lead.title}</Paragraph>
					</Box>
				</Box>
			)}
			<Box marginLeft={2} flexDirection="column">
				{lead.evidence ? (
					<Text color={theme.paint('muted')} wrap="truncate-end">
						{lead.evidence}
					</Text>
				) : null}
				{lead.fix ? (
					<Paragraph>
						<Text bold>Fix: </Text>
						{lead.fix}
					</Paragraph>
				) : null}
			</Box>
			{lead.command ? <SnippetView snippet={lead.command} copyKey={copyKey} showLabel={false} /> : null}
		</Box>
	);
}
