import {Paragraph} from './paragraph.js';
import type {SaveState} from '../../core/wizard/reducer.js';
import {useTheme} from '../theme.js';

/** Where the transcript was saved, or why it was not. */
export function SaveStatus({save}: {save: SaveState}) {
	const theme = useTheme();
	switch (save.status) {
		case 'idle':
			return null;
		case 'saving':
			return <Paragraph color={theme.paint('muted')}>Saving the transcript…</Paragraph>;
		case 'saved':
			return (
				<Paragraph color={theme.paint('pass')}>
					{`${theme.status('pass').icon} Saved the redacted transcript to ${save.markdownPath} (and ${save.jsonPath}).`}
				</Paragraph>
			);
		case 'failed':
			return <Paragraph color={theme.paint('fail')}>{`${theme.status('fail').icon} Not saved: ${save.message}`}</Paragraph>;
	}
}
