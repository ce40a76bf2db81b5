import {Box, measureElement, Text, type DOMElement} from 'ink';
import {useLayoutEffect, useRef, useState} from 'react';
import {foldShellCommand} from '../../core/snippets/fold-shell.js';
import type {Snippet} from '../../core/types.js';
import {useTheme} from '../theme.js';

/** The text of a snippet as lines for a width: shell commands folded only where the shell allows. */
export function shownSnippet(snippet: Pick<Snippet, 'text'> & Partial<Pick<Snippet, 'language'>>, width: number | undefined): {lines: string[]; wraps: boolean} {
	const shell = (snippet.language ?? 'sh') === 'sh';
	if (!shell || !width) return {lines: snippet.text.split('\n'), wraps: false};
	const shown = foldShellCommand(snippet.text, width);
	return {lines: shown.lines, wraps: shown.wraps};
}

/** Where the command is indented from its label. */
const indent = 2;

/**
 * A copyable snippet: the label with the key that copies it, then the text indented (no
 * border and no prompt mark, so a mouse copy takes only the command). A shell command
 * wider than its room is folded between words with ` \`, so what the screen shows still
 * pastes as the same command; one that cannot be folded safely is shown whole, the
 * screen wraps it, and the label says to copy it with its key. Without a label (the fix
 * a screen leads with), the key goes beside the command when both fit, else under it.
 */
export function SnippetView({snippet, copyKey, showLabel = true}: {snippet: Pick<Snippet, 'label' | 'text'> & Partial<Pick<Snippet, 'language'>>; copyKey?: string; showLabel?: boolean}) {
	const theme = useTheme();
	const outer = useRef<DOMElement>(null);
	const [width, setWidth] = useState<number | undefined>(undefined);
	useLayoutEffect(() => {
		if (!outer.current) return;
		const measured = measureElement(outer.current).width;
		if (measured > 0 && measured !== width) setWidth(measured);
	});
	const room = width === undefined ? undefined : Math.max(1, width - indent);
	const hintFor = (wraps: boolean) => (copyKey ? `${copyKey} copies it${wraps ? ' whole (it wraps here)' : ''}` : undefined);
	const lineOf = (line: string, index: number) => (
		<Text key={index} color={theme.paint('accent')}>
			{line}
		</Text>
	);

	if (!showLabel) {
		const besideHint = copyKey ? `← ${hintFor(false)}` : '';
		const beside = room === undefined || !copyKey ? undefined : shownSnippet(snippet, room - besideHint.length - 2);
		const fitsBeside = beside !== undefined && !beside.wraps && beside.lines.every(line => [...line].length + besideHint.length + 2 <= (room ?? 0));
		if (fitsBeside) {
			return (
				<Box ref={outer}>
					<Box marginLeft={indent} flexDirection="column" flexGrow={1} flexShrink={1}>
						{beside.lines.map(lineOf)}
					</Box>
					<Box flexShrink={0} marginLeft={2}>
						<Text color={theme.paint('muted')}>{besideHint}</Text>
					</Box>
				</Box>
			);
		}

		const alone = shownSnippet(snippet, room);
		const hint = hintFor(alone.wraps);
		return (
			<Box ref={outer} flexDirection="column">
				<Box marginLeft={indent} flexDirection="column">
					{alone.lines.map(lineOf)}
				</Box>
				{hint ? (
					<Box marginLeft={indent}>
						<Text color={theme.paint('muted')} wrap="truncate-end">{`↑ ${hint}`}</Text>
					</Box>
				) : null}
			</Box>
		);
	}

	const {lines, wraps} = shownSnippet(snippet, room);
	const hint = hintFor(wraps);
	return (
		<Box ref={outer} flexDirection="column">
			{/* The key that copies it stays whole; a long label gives way. */}
			<Box>
				<Box flexShrink={1}>
					<Text wrap="truncate-end" color={theme.paint('muted')}>
						{snippet.label}:
					</Text>
				</Box>
				{hint ? (
					<Box flexShrink={0} marginLeft={2}>
						<Text color={theme.paint('accent')}>{hint}</Text>
					</Box>
				) : null}
			</Box>
			<Box marginLeft={indent} flexDirection="column">
				{lines.map(lineOf)}
			</Box>
		</Box>
	);
}
