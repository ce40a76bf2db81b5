import {Box, measureElement, Text, type DOMElement} from 'ink';
import {useLayoutEffect, useRef, useState} from 'react';
import {foldShellCommand} from '../../core/snippets/fold-shell.js';
import type {Snippet} from '../../core/types.js';
import {useTheme} from '../theme.js';

/**
 * A copyable snippet: its label, then the text indented (no border, so a mouse copy takes
 * only the text). Shell commands wider than the space they get are folded between words
 * with ` \`, so what a narrow terminal shows still pastes as the same command.
 */
export function SnippetView({snippet}: {snippet: Pick<Snippet, 'label' | 'text'> & Partial<Pick<Snippet, 'language'>>}) {
	const theme = useTheme();
	const body = useRef<DOMElement>(null);
	const [width, setWidth] = useState<number | undefined>(undefined);
	useLayoutEffect(() => {
		if (!body.current) return;
		const measured = measureElement(body.current).width;
		if (measured > 0 && measured !== width) setWidth(measured);
	});
	const shell = (snippet.language ?? 'sh') === 'sh';
	const lines = shell && width ? foldShellCommand(snippet.text, width) : snippet.text.split('\n');
	return (
		<Box flexDirection="column">
			<Text color={theme.paint('muted')}>{snippet.label}:</Text>
			<Box ref={body} marginLeft={2} flexDirection="column">
				{lines.map((line, index) => (
					<Text key={index} color={theme.paint('accent')}>
						{line}
					</Text>
				))}
			</Box>
		</Box>
	);
}
