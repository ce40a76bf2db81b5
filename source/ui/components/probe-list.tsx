import {Box, Text} from 'ink';
import type {ProbeRow} from '../../core/wizard/probe-rows.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';
import {StatusLabel} from './status-label.js';

const labelWidth = 13;

/** A step's probes: a spinner while running, then mark, word and one-line summary; details on request. */
export function ProbeList({rows, showDetails, narrow}: {rows: readonly ProbeRow[]; showDetails: boolean; narrow: boolean}) {
	const theme = useTheme();
	if (rows.length === 0) return null;
	return (
		<Box flexDirection="column">
			<Text bold>Checks</Text>
			{rows.map(row => {
				const label = row.state === 'finished' ? theme.status(row.result.status) : row.state === 'running' ? theme.running : theme.waiting;
				const text = row.state === 'finished' ? row.result.summary : row.checks;
				const muted = row.state === 'finished' ? undefined : theme.paint('muted');
				const details = row.state === 'finished' && showDetails ? [...(row.result.details ?? []), `${row.id}, ${row.result.durationMs} ms`] : [];
				const indent = narrow ? 3 : labelWidth + 1;
				return (
					<Box key={row.id} flexDirection="column" marginLeft={1}>
						{narrow ? (
							<>
								<Box columnGap={1}>
									<StatusLabel label={label} spinning={row.state === 'running'} />
									<Box flexShrink={1}>
										<Paragraph bold>{row.title}</Paragraph>
									</Box>
								</Box>
								<Box marginLeft={2}>
									<Paragraph color={muted}>{text}</Paragraph>
								</Box>
							</>
						) : (
							<Box>
								<StatusLabel label={label} spinning={row.state === 'running'} width={labelWidth} />
								<Box flexShrink={1}>
									<Paragraph>
										<Text bold>{row.title}</Text>
										<Text color={muted}>: {text}</Text>
									</Paragraph>
								</Box>
							</Box>
						)}
						{details.map((line, index) => (
							<Box key={index} marginLeft={indent - 1}>
								<Paragraph color={theme.paint('muted')} dimColor={theme.dim}>
									{line}
								</Paragraph>
							</Box>
						))}
					</Box>
				);
			})}
		</Box>
	);
}
