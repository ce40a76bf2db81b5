import {Box, Text} from 'ink';
import type {KeyView} from '../../core/wizard/key-views.js';
import {useTheme} from '../theme.js';
import {StatusLabel} from './status-label.js';

/** Every key found, by fingerprint only, one line each: live result, whether the app gets it, its kind or defects, where it is. */
export function KeysPanel({keys, searching}: {keys: readonly KeyView[]; searching: boolean}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text bold>Keys found ({keys.length})</Text>
			{keys.length === 0 ? (
				<Box marginLeft={1}>
					{searching ? (
						<StatusLabel label={{...theme.running, word: 'looking for keys…'}} spinning />
					) : (
						<Text wrap="truncate-end">No key found on this machine: step 2 shows where it should come from.</Text>
					)}
				</Box>
			) : null}
			{keys.map(key => {
				const live = theme.live(key.live);
				const about = [key.defects.length > 0 ? `${theme.status('warn').icon} ${key.defects.join('; ')}` : key.kindLabel, `from ${key.sources.join(', ')}`].join(' · ');
				return (
					<Box key={key.sha256} marginLeft={1}>
						<Text wrap="truncate-end">
							<Text color={theme.paint('accent')}>{theme.icons.key} </Text>
							<Text bold>{key.fingerprint}</Text>
							<Text color={theme.paint(live.role)}>{`  ${live.icon} ${live.word}`}</Text>
							{key.usedByApp ? <Text color={theme.paint('accent')}>{`  ${theme.icons.wins} the app gets this one`}</Text> : null}
							{key.notLoaded ? <Text color={theme.paint('warn')}>{`  ${theme.icons.wins} meant for the app, never loaded`}</Text> : null}
							{key.matchesError === true ? <Text color={theme.paint('warn')}>{`  ${theme.icons.topCause} matches the app’s error`}</Text> : null}
							<Text color={key.defects.length > 0 ? theme.paint('warn') : theme.paint('muted')}>{`  ${about}`}</Text>
						</Text>
					</Box>
				);
			})}
		</Box>
	);
}
