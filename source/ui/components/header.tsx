import {Box, Text} from 'ink';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/** The tool's name and version, and a DEMO badge in demo mode. */
export function Header({version, demo, narrow = false}: {version: string; demo: boolean; narrow?: boolean}) {
	const theme = useTheme();
	return (
		<Box flexWrap="wrap" columnGap={1}>
			<Text bold color={theme.paint('accent')}>
				key-wizard
			</Text>
			<Text color={theme.paint('muted')}>{version}</Text>
			{demo ? (
				<>
					<Text inverse bold color={theme.paint('badge')}>
						{' DEMO '}
					</Text>
					{narrow ? null : <Paragraph color={theme.paint('badge')}>simulated broken setup; nothing of yours is read</Paragraph>}
				</>
			) : (
				<Text color={theme.paint('muted')} wrap="truncate-end">
					fix OpenAI 401 Unauthorized
				</Text>
			)}
		</Box>
	);
}
