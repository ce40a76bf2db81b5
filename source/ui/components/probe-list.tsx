import {Box, Text} from 'ink';
import type {ProbeRow} from '../../core/wizard/probe-rows.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';
import {StatusLabel} from './status-label.js';

/** Room for the widest status label (`… still checking…`) and a space, so details line up. */
const labelWidth = 18;

/** A step's checks, one line each (mark, title, summary); with details, whole summaries, extra lines and durations. */
export function ProbeList({rows, showDetails}: {rows: readonly ProbeRow[]; showDetails: boolean}) {
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
				const line = (
					<>
						<Text bold>{row.title}</Text>
						<Text color={muted}>: {text}</Text>
					</>
				);
				return (
					<Box key={row.id} flexDirection="column" marginLeft={1}>
						<Box>
							<StatusLabel label={label} spinning={row.state === 'running'} width={showDetails ? labelWidth : undefined} />
							<Box flexShrink={1} marginLeft={showDetails ? 0 : 1}>
								{showDetails ? <Paragraph>{line}</Paragraph> : <Text wrap="truncate-end">{line}</Text>}
							</Box>
						</Box>
						{details.map((detail, index) => (
							<Box key={index} marginLeft={labelWidth}>
								<Paragraph color={theme.paint('muted')} dimColor={theme.dim}>
									{detail}
								</Paragraph>
							</Box>
						))}
					</Box>
				);
			})}
		</Box>
	);
}
