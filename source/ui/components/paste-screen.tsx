import {usePasteInput} from '../hooks/use-paste-input.js';
import {usePasteState} from '../hooks/use-paste-state.js';
import {PasteBox} from './paste-box.js';

/** The paste box at the start: Enter submits the text (empty = skip), Esc skips. */
export function PasteScreen({onSubmit, isActive, currentErrorText}: {onSubmit(text: string): void; isActive: boolean; currentErrorText?: string}) {
	const {value, dispatch} = usePasteState();
	usePasteInput({value, dispatch, onSubmit, isActive});
	return <PasteBox value={value} currentErrorText={currentErrorText} />;
}
