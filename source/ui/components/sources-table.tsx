import {Box, Text} from 'ink';
import type {SourceRow} from '../../core/wizard/key-views.js';
import {useTheme} from '../theme.js';

/**
 * Step 2's sources, one line each: the source, the key's fingerprint, whether the app's
 * runtime gets it, and its defects or live result; rows behind the most likely cause are
 * marked. Narrow terminals keep the first three columns.
 */
export function SourcesTable({rows, width, searching}: {rows: readonly SourceRow[]; width: number; searching: boolean}) {
	const theme = useTheme();
	const narrow = width < 72;
	// Whole columns: a percentage rounds, and a row one column too wide is cut without its ellipsis.
	const sourceWidth = Math.max(12, Math.floor((width - 2 - 15 - (narrow ? 10 : 16)) * (narrow ? 0.6 : 0.45)));
	// At a monorepo's root, a package's key is its own app's, not one this folder's app leaves unused.
	const wins = (row: SourceRow) => (row.wins ? `${theme.icons.wins} app gets this` : row.sameKeyAsWinner ? 'same key' : row.ownAppsKey ? "its app's key" : 'not used');
	const rest = (row: SourceRow) => {
		const live = row.live === 'untested' ? '' : `${theme.live(row.live).icon} ${theme.live(row.live).word}`;
		const quality = row.defects.length > 0 ? `${theme.status('warn').icon} ${row.defects.join('; ')}` : row.kindLabel;
		return [live, quality].filter(Boolean).join(' · ');
	};

	if (rows.length === 0) {
		return (
			<Box flexDirection="column">
				<Text bold>Where the key comes from</Text>
				<Text color={theme.paint('muted')} wrap="truncate-end">
					{searching ? '  No source found yet; checks are still running.' : '  No source of OPENAI_API_KEY found.'}
				</Text>
			</Box>
		);
	}

	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Where the key comes from
				{rows.some(row => row.behindTopCause) ? <Text color={theme.paint('fail')} bold={false}>{`  ${theme.icons.topCause} behind the most likely cause`}</Text> : null}
			</Text>
			{rows.map(row => (
				<Box key={`${row.raw}:${row.fingerprint}`}>
					<Box width={2} flexShrink={0}>
						<Text color={theme.paint('fail')}>{row.behindTopCause ? theme.icons.topCause : ' '}</Text>
					</Box>
					<Box width={sourceWidth} flexShrink={0} paddingRight={1}>
						<Text bold={row.behindTopCause} wrap="truncate-end">
							{row.source}
						</Text>
					</Box>
					<Box width={15} flexShrink={0}>
						<Text wrap="truncate-end">{row.fingerprint}</Text>
					</Box>
					<Box width={narrow ? undefined : 16} flexShrink={narrow ? 1 : 0} flexGrow={narrow ? 1 : 0}>
						<Text color={row.wins ? theme.paint('accent') : theme.paint('muted')} wrap="truncate-end">
							{wins(row)}
						</Text>
					</Box>
					{narrow ? null : (
						<Box flexGrow={1} flexShrink={1}>
							<Text color={row.defects.length > 0 ? theme.paint('warn') : theme.paint('muted')} wrap="truncate-end">
								{rest(row)}
							</Text>
						</Box>
					)}
				</Box>
			))}
		</Box>
	);
}
