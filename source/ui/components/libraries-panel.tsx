import {Box, Text} from 'ink';
import type {ProbeResult} from '../../core/types.js';
import type {LibraryRow} from '../../core/wizard/library-rows.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/**
 * Step 4's client libraries, one line each (name, version, where it was found), a warning
 * line when it is a major version off; with Details, what each does with a key that holds
 * whitespace, an empty key and no key, and the other variables it reads.
 */
export function LibrariesPanel({rows, showDetails, check, searching}: {rows: readonly LibraryRow[]; showDetails: boolean; check?: Pick<ProbeResult, 'status' | 'summary'>; searching: boolean}) {
	const theme = useTheme();
	if (rows.length === 0) {
		if (!check) return <Text color={theme.paint('muted')}>{searching ? 'Looking for the OpenAI client libraries…' : 'The OpenAI client libraries were not checked.'}</Text>;
		// A check that did not finish found nothing: that is not "no library".
		if (check.status === 'timeout' || check.status === 'error') return <Paragraph color={theme.paint('warn')}>The OpenAI client libraries could not be checked: {check.summary}</Paragraph>;
		return <Paragraph color={theme.paint('muted')}>No OpenAI client library found in the project (its manifests, lock files, installed packages or code).</Paragraph>;
	}

	return (
		<Box flexDirection="column">
			<Text bold>Client libraries ({rows.length})</Text>
			{rows.map(row => (
				<Box key={row.library} flexDirection="column" marginLeft={1}>
					<Text wrap="truncate-end">
						{row.warning ? <Text color={theme.paint('warn')}>! </Text> : <Text color={theme.paint('pass')}>✔ </Text>}
						<Text bold>{row.name}</Text>
						<Text color={theme.paint('muted')}>
							{' '}
							{theme.icons.separator} {row.from}
						</Text>
					</Text>
					{row.warning ? (
						<Box marginLeft={2}>
							<Paragraph color={theme.paint('warn')}>{row.warning}</Paragraph>
						</Box>
					) : null}
					{row.alsoReads ? (
						<Box marginLeft={2}>
							<Paragraph color={theme.paint('muted')}>{row.alsoReads}</Paragraph>
						</Box>
					) : null}
					{showDetails ? (
						<Box marginLeft={2} flexDirection="column">
							<Paragraph>Whitespace in the key: {row.whitespace}</Paragraph>
							<Paragraph>An empty key: {row.emptyKey}</Paragraph>
							<Paragraph>No key: {row.missingKey}</Paragraph>
						</Box>
					) : null}
				</Box>
			))}
			{showDetails ? null : <Text color={theme.paint('muted')}>d: what each does with blanks, an empty key or none</Text>}
		</Box>
	);
}
