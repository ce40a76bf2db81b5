import {useReducer} from 'react';

/** What can happen to the paste box's text. */
export type PasteAction = {type: 'inserted'; text: string} | {type: 'deleted-back'} | {type: 'cleared'};

/** Longest text kept: an error message, not a log file. */
export const longestPaste = 20_000;

/** The paste box's text after an edit. Pasted line breaks are kept; a lone Enter submits instead. */
export function pasteReducer(value: string, action: PasteAction): string {
	switch (action.type) {
		case 'inserted': {
			const text = action.text.replace(/\r\n?/g, '\n');
			return (value + text).slice(0, longestPaste);
		}

		case 'deleted-back': {
			return [...value].slice(0, -1).join('');
		}

		case 'cleared': {
			return '';
		}
	}
}

/** The paste box's state: its text and the edits on it. */
export function usePasteState(): {value: string; dispatch: (action: PasteAction) => void} {
	const [value, dispatch] = useReducer(pasteReducer, '');
	return {value, dispatch};
}
