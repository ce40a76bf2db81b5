import {Box, Text} from 'ink';
import type {DocLink} from '../../core/wizard/guidance.js';
import {rotateSnippets, rotateSteps} from '../../core/wizard/guidance.js';
import type {RotationPlan} from '../../core/wizard/rotation-plan.js';
import {useTheme} from '../theme.js';
import {NumberedLines} from './numbered-lines.js';
import {Paragraph} from './paragraph.js';
import {SnippetView} from './snippet-view.js';

/** Step 3's command to repeat the live check by hand; the key stays in the variable. */
export function CurlPanel({command, copyKey}: {command: string; copyKey?: string}) {
	return <SnippetView snippet={{label: 'Test it yourself (the key stays in the variable)', text: command}} copyKey={copyKey} />;
}

/** Step 3's view of the app's error: what was pasted (redacted), or the offer to paste it. */
export function AppErrorPanel({shown, setAside}: {shown?: string; setAside: boolean}) {
	const theme = useTheme();
	if (!shown) {
		return <Paragraph color={theme.paint('muted')}>Not sure which key the app sends? Paste the error it printed (p): its key mask names the key.</Paragraph>;
	}

	const oneLine = shown.replace(/\s+/g, ' ').trim();
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>The app’s error: </Text>
				<Text color={theme.paint('muted')}>{oneLine}</Text>
			</Text>
			{setAside ? <Paragraph color={theme.paint('warn')}>The error you pasted was from before the fix: its key is gone from every source and a key works now. It no longer counts; clear it, or paste a new one (p).</Paragraph> : null}
		</Box>
	);
}

/** Step 4's base URL and the docs that apply, one line each. */
export function DocsPanel({baseUrl, links}: {baseUrl: string; links: readonly DocLink[]}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Paragraph>
				Base URL: <Text bold>{baseUrl}</Text>
			</Paragraph>
			<Text bold>Docs that apply</Text>
			{links.map(link => (
				<Box key={link.url} marginLeft={1}>
					<Text wrap="truncate-end">
						{theme.icons.link} {link.label}: <Text color={theme.paint('accent')}>{link.url}</Text>
					</Text>
				</Box>
			))}
		</Box>
	);
}

/**
 * Step 5: when a key leaked or was revoked, what is exposed where and the steps to rotate
 * it in order, with the snippets; otherwise why no rotation is needed, and the steps for
 * whoever still wants a new key.
 */
export function RotatePanel({plan, oldKeys, copyKeyOf}: {plan: RotationPlan; oldKeys: readonly string[]; copyKeyOf(text: string): string | undefined}) {
	const theme = useTheme();
	const steps = plan.rotate ? plan.steps : rotateSteps.map((line, index) => (index === 3 && oldKeys.length > 0 ? `${line} (old: ${oldKeys.join(', ')})` : line));
	const snippets = plan.rotate ? plan.snippets : rotateSnippets;
	return (
		<Box flexDirection="column">
			{plan.rotate ? (
				plan.exposed.map(item => (
					<Box key={item.sha256} flexDirection="column">
						<Text wrap="truncate-end">
							<Text color={theme.paint('fail')}>✖ </Text>
							<Text bold>{item.fingerprint}</Text>
							{item.inUse ? <Text color={theme.paint('muted')}> (the key the app sends)</Text> : null}
						</Text>
						{item.where.map(where => (
							<Box key={where} marginLeft={2}>
								<Text wrap="truncate-end" color={theme.paint('muted')}>
									{where}
								</Text>
							</Box>
						))}
					</Box>
				))
			) : null}
			{plan.notes.map(note => (
				<Paragraph key={note} color={theme.paint('warn')}>
					! {note}
				</Paragraph>
			))}
			<Text bold>{plan.rotate || oldKeys.length > 0 ? 'Replace the key, in this order' : 'If you still want to replace a key'}</Text>
			<NumberedLines lines={steps} marginLeft={1} />
			{snippets.map(snippet => (
				<SnippetView key={snippet.id} snippet={snippet} copyKey={copyKeyOf(snippet.text)} />
			))}
		</Box>
	);
}
