import {useInput} from 'ink';
import type {PasteAction} from './use-paste-state.js';

/**
 * Turns keys into paste-box edits: typed or pasted text is inserted, Backspace deletes,
 * Ctrl-U clears, Enter submits (empty = skip), Esc skips. Ctrl-C is left to the app.
 */
export function usePasteInput(input: {value: string; dispatch: (action: PasteAction) => void; onSubmit(text: string): void; isActive: boolean}): void {
	useInput(
		(text, key) => {
			if (key.ctrl && text === 'c') return;
			// Enter typed before the wizard took the terminal arrives as "\n" (the tty was still
			// translating CR to LF); in an empty box that can only mean Enter, never a pasted line.
			if (key.return || (input.value === '' && /^\n+$/.test(text))) {
				input.onSubmit(input.value);
				return;
			}

			if (key.escape) {
				input.onSubmit('');
				return;
			}

			if (key.backspace || key.delete) {
				input.dispatch({type: 'deleted-back'});
				return;
			}

			if (key.ctrl && text === 'u') {
				input.dispatch({type: 'cleared'});
				return;
			}

			if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return;
			// eslint-disable-next-line no-control-regex
			const printable = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
			if (printable) input.dispatch({type: 'inserted', text: printable});
		},
		{isActive: input.isActive},
	);
}
