import {Box, Text} from 'ink';
import {narrowKeyMasks, redact} from '../../core/keys/redact.js';
import type {Secret} from '../../core/keys/secret.js';
import {terminalSafe} from '../../core/report/terminal-safe.js';
import {longestPaste} from '../hooks/use-paste-state.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

const shownCharacters = 400;

/**
 * The paste box (render only): the question, and what was typed so far, with every key
 * replaced by its fingerprint, so a pasted key is never shown back. `secrets` are the keys
 * found so far: a piece of one (a key split by a soft wrap) is hidden too.
 */
export function PasteBox({value, currentErrorText, secrets = []}: {value: string; currentErrorText?: string; secrets?: readonly Secret[]}) {
	const theme = useTheme();
	const shown = terminalSafe(redact(value, secrets));
	const clipped = shown.length > shownCharacters ? `…${shown.slice(-shownCharacters)}` : shown;
	const hidden = redact(value) !== narrowKeyMasks(value);
	return (
		<Box flexDirection="column">
			<Paragraph bold>Paste the error your app printed, then press Enter (empty, or Esc: back).</Paragraph>
			<Paragraph color={theme.paint('muted')}>
				The key mask in it (sk-proj-********wxyz) names the key the app really sent. The text stays on this machine.
			</Paragraph>
			{currentErrorText ? <Paragraph color={theme.paint('muted')}>Using now: {clipText(terminalSafe(redact(currentErrorText, secrets)))}</Paragraph> : null}
			<Box borderStyle="round" borderColor={theme.paint('accent')} paddingX={1} flexDirection="column">
				<Paragraph>
					{clipped}
					<Text inverse> </Text>
				</Paragraph>
			</Box>
			{value.length >= longestPaste ? <Paragraph color={theme.paint('warn')}>{`${theme.status('warn').icon} Kept the first ${longestPaste.toLocaleString('en-US')} characters: an error message, not a whole log.`}</Paragraph> : null}
			{hidden ? <Paragraph color={theme.paint('warn')}>{`${theme.status('warn').icon} It holds a full key: shown here only as its fingerprint.`}</Paragraph> : null}
		</Box>
	);
}

function clipText(text: string): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return oneLine.length > 120 ? `${oneLine.slice(0, 119)}…` : oneLine;
}
