import type {Secret} from '../../core/keys/secret.js';
import {usePasteInput} from '../hooks/use-paste-input.js';
import type {PasteAction} from '../hooks/use-paste-state.js';
import {PasteBox} from './paste-box.js';

/**
 * The paste box: Enter submits the text (empty = skip), Esc goes back. The text lives in
 * the app, so every keystroke re-renders (and re-measures) the scrolling body.
 */
export function PasteScreen(props: {value: string; dispatch(action: PasteAction): void; onSubmit(text: string): void; isActive: boolean; currentErrorText?: string; secrets?: readonly Secret[]}) {
	usePasteInput({value: props.value, dispatch: props.dispatch, onSubmit: props.onSubmit, isActive: props.isActive});
	return <PasteBox value={props.value} currentErrorText={props.currentErrorText} secrets={props.secrets} />;
}
