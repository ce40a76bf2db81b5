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

/**
 * A copyable snippet: an optional label line with the key that copies it, then the text
 * indented (no border and no prompt mark, so a mouse copy takes only the command). A
 * shell command wider than its room is folded between words with ` \`, so what the
 * screen shows still pastes as the same command; one that cannot be folded safely is
 * shown whole, the screen wraps it, and the label says to copy it with its key.
 */
export function SnippetView({snippet, copyKey, showLabel = true}: {snippet: Pick<Snippet, 'label' | 'text'> & Partial<Pick<Snippet, 'language'>>; copyKey?: string; showLabel?: boolean}) {
	const theme = useTheme();
	const body = useRef<DOMElement>(null);
	const [width, setWidth] = useState<number | undefined>(undefined);
	useLayoutEffect(() => {
		if (!body.current) return;
		const measured = measureElement(body.current).width;
		if (measured > 0 && measured !== width) setWidth(measured);
	});
	const {lines, wraps} = shownSnippet(snippet, width);
	const hint = copyKey ? `${copyKey} copies it${wraps ? ' whole (it wraps here)' : ''}` : undefined;
	const command = (
		<Box ref={body} marginLeft={2} flexDirection="column" flexGrow={1} flexShrink={1}>
			{lines.map((line, index) => (
				<Text key={index} color={theme.paint('accent')}>
					{line}
				</Text>
			))}
		</Box>
	);
	if (!showLabel) {
		// The key beside the command, so the lead stays short.
		return (
			<Box>
				{command}
				{hint ? (
					<Box flexShrink={0} marginLeft={2}>
						<Text color={theme.paint('muted')}>{`← ${hint}`}</Text>
					</Box>
				) : null}
			</Box>
		);
	}

	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end" color={theme.paint('muted')}>
				{snippet.label}:{hint ? <Text color={theme.paint('accent')}>{`  ${hint}`}</Text> : null}
			</Text>
			{command}
		</Box>
	);
}
