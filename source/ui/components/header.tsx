import {Box, Text} from 'ink';
import {useTheme} from '../theme.js';
import {StatusLabel} from './status-label.js';

/** One line: the tool's name and version (a DEMO badge in demo mode), and what is running on the right. */
export function Header({version, demo, running, checkingAgain = false}: {version: string; demo: boolean; running: number; checkingAgain?: boolean}) {
	const theme = useTheme();
	return (
		<Box>
			<Box flexGrow={1} flexShrink={1}>
				<Text wrap="truncate-end">
					<Text bold color={theme.paint('accent')}>
						key-wizard
					</Text>
					<Text color={theme.paint('muted')}> {version} </Text>
					{demo ? (
						<>
							<Text inverse bold color={theme.paint('badge')}>
								{' DEMO '}
							</Text>
							<Text color={theme.paint('badge')}> simulated broken setup; nothing of yours is read</Text>
						</>
					) : (
						<Text color={theme.paint('muted')}>fix OpenAI 401 Unauthorized</Text>
					)}
				</Text>
			</Box>
			{running > 0 ? (
				<Box flexShrink={0} marginLeft={1}>
					<StatusLabel label={{...theme.running, word: checkingAgain ? 'checking again…' : `${running} ${running === 1 ? 'check' : 'checks'} running`}} spinning />
				</Box>
			) : null}
		</Box>
	);
}
