import {Box, Text} from 'ink';
import type {Snippet} from '../../core/types.js';
import {SnippetView} from './snippet-view.js';

/** Step 2, once the user said where the app runs: how to set the key there, to copy. */
export function RuntimePanel({snippets, copyKeyOf}: {snippets: readonly Snippet[]; copyKeyOf(text: string): string | undefined}) {
	if (snippets.length === 0) return null;
	return (
		<Box flexDirection="column" rowGap={1}>
			<Text bold>Set the key where the app runs</Text>
			{snippets.map(snippet => (
				<SnippetView key={snippet.id} snippet={snippet} copyKey={copyKeyOf(snippet.text)} />
			))}
		</Box>
	);
}
