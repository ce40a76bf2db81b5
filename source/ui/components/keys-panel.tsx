import {Box, Text} from 'ink';
import type {KeyView} from '../../core/wizard/key-views.js';
import {useTheme} from '../theme.js';
import {StatusLabel} from './status-label.js';
import {Paragraph} from './paragraph.js';

/** Every key found, by fingerprint only: its kind, defects, sources and which one the app gets. */
export function KeysPanel({keys, searching, showLive = false}: {keys: readonly KeyView[]; searching: boolean; showLive?: boolean}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text bold>Keys found ({keys.length})</Text>
			{keys.length === 0 ? (
				<Box marginLeft={1}>
					{searching ? (
						<StatusLabel label={{...theme.running, word: 'looking for keys…'}} spinning />
					) : (
						<Paragraph>No key found on this machine: step 2 shows where it should come from.</Paragraph>
					)}
				</Box>
			) : null}
			{keys.map(key => (
				<Box key={key.sha256} flexDirection="column" marginLeft={1}>
					<Box flexWrap="wrap" columnGap={1}>
						<Text color={theme.paint('accent')}>{theme.icons.key}</Text>
						<Text bold>{key.fingerprint}</Text>
						<Text color={theme.paint('muted')}>{key.kindLabel}</Text>
						{key.usedByApp ? <Text color={theme.paint('accent')}>{`${theme.icons.wins} the app gets this one`}</Text> : null}
						{key.matchesError === true ? <Text color={theme.paint('warn')}>{`${theme.icons.topCause} matches the app’s error`}</Text> : null}
					</Box>
					{showLive ? (
						<Box marginLeft={2}>
							<Text>live check: </Text>
							<StatusLabel label={theme.live(key.live)} />
						</Box>
					) : null}
					{key.defects.length > 0 ? (
						<Box marginLeft={2}>
							<Paragraph color={theme.paint('warn')}>{`${theme.status('warn').icon} ${key.defects.join('; ')}`}</Paragraph>
						</Box>
					) : null}
					<Box marginLeft={2}>
						<Paragraph color={theme.paint('muted')}>from {key.sources.join(', ')}</Paragraph>
					</Box>
				</Box>
			))}
		</Box>
	);
}
