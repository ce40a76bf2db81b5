import {Box, Text} from 'ink';
import type {SourceRow} from '../../core/wizard/key-views.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/**
 * Step 2's sources side by side: each source with the key's fingerprint, its defects and
 * which one the app's runtime gets; rows behind the most likely cause are marked. A table
 * on wide terminals, one block per source on narrow ones.
 */
export function SourcesTable({rows, narrow, searching}: {rows: readonly SourceRow[]; narrow: boolean; searching: boolean}) {
	const theme = useTheme();
	const wins = (row: SourceRow) => (row.wins ? `${theme.icons.wins} app gets this` : row.sameKeyAsWinner ? 'same key' : 'not used');
	const quality = (row: SourceRow) => (row.defects.length > 0 ? `${theme.status('warn').icon} ${row.defects.join('; ')}` : row.kindLabel);
	const marker = (row: SourceRow) => (row.behindTopCause ? `${theme.icons.topCause} ` : '  ');
	const title = <Text bold>Where the key comes from</Text>;

	if (rows.length === 0) {
		return (
			<Box flexDirection="column">
				{title}
				<Box marginLeft={1}>
					<Paragraph color={theme.paint('muted')}>{searching ? 'No source found yet; checks are still running.' : 'No source of OPENAI_API_KEY found.'}</Paragraph>
				</Box>
			</Box>
		);
	}

	const topCauseNote = rows.some(row => row.behindTopCause) ? (
		<Paragraph color={theme.paint('fail')}>{`${theme.icons.topCause} the source behind the most likely cause`}</Paragraph>
	) : null;

	if (narrow) {
		return (
			<Box flexDirection="column">
				{title}
				{rows.map(row => (
					<Box key={`${row.raw}:${row.fingerprint}`} flexDirection="column">
						<Box>
							<Box width={2} flexShrink={0}>
								<Text color={theme.paint('fail')}>{marker(row)}</Text>
							</Box>
							<Box flexShrink={1}>
								<Paragraph bold>{row.source}</Paragraph>
							</Box>
						</Box>
						<Box marginLeft={4} flexDirection="column">
							<Box flexWrap="wrap" columnGap={1}>
								<Text>{row.fingerprint}</Text>
								<Text color={row.wins ? theme.paint('accent') : theme.paint('muted')}>{wins(row)}</Text>
							</Box>
							<Paragraph color={row.defects.length > 0 ? theme.paint('warn') : theme.paint('muted')}>{quality(row)}</Paragraph>
						</Box>
					</Box>
				))}
				{topCauseNote}
			</Box>
		);
	}

	return (
		<Box flexDirection="column">
			{title}
			<Box>
				<Box width={2} flexShrink={0} />
				<Box width="34%" flexShrink={0}>
					<Text color={theme.paint('muted')}>source</Text>
				</Box>
				<Box width={20} flexShrink={0}>
					<Text color={theme.paint('muted')}>key</Text>
				</Box>
				<Box width={17} flexShrink={0}>
					<Text color={theme.paint('muted')}>app</Text>
				</Box>
				<Box flexGrow={1} flexShrink={1}>
					<Text color={theme.paint('muted')}>kind / defects</Text>
				</Box>
			</Box>
			{rows.map(row => (
				<Box key={`${row.raw}:${row.fingerprint}`}>
					<Box width={2} flexShrink={0}>
						<Text color={theme.paint('fail')}>{marker(row)}</Text>
					</Box>
					<Box width="34%" flexShrink={0} paddingRight={1}>
						<Paragraph bold={row.behindTopCause}>{row.source}</Paragraph>
					</Box>
					<Box width={20} flexShrink={0} paddingRight={1}>
						<Text>{row.fingerprint}</Text>
					</Box>
					<Box width={17} flexShrink={0}>
						<Text color={row.wins ? theme.paint('accent') : theme.paint('muted')}>{wins(row)}</Text>
					</Box>
					<Box flexGrow={1} flexShrink={1}>
						<Paragraph color={row.defects.length > 0 ? theme.paint('warn') : undefined}>{quality(row)}</Paragraph>
					</Box>
				</Box>
			))}
			{topCauseNote}
		</Box>
	);
}
