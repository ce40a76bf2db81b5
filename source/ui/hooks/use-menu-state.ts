import {useEffect, useReducer} from 'react';

/** The menu's selection: the key of the selected entry, so it stays put when entries come or go. */
export type MenuSelection = {key?: string};

/** What can happen to the menu's selection. */
export type MenuStateAction = {type: 'moved'; by: number; keys: readonly string[]} | {type: 'jumped'; to: 'first' | 'last' | number; keys: readonly string[]} | {type: 'reset'};

/** The index of the selected entry among `keys`: the first entry when the selected one is gone. */
export function selectedIndex(selection: MenuSelection, keys: readonly string[]): number {
	const index = selection.key === undefined ? -1 : keys.indexOf(selection.key);
	return index === -1 ? 0 : index;
}

/** The selection after an action; it stays within the entries, never wraps. */
export function menuStateReducer(selection: MenuSelection, action: MenuStateAction): MenuSelection {
	switch (action.type) {
		case 'moved': {
			const index = Math.max(0, Math.min(action.keys.length - 1, selectedIndex(selection, action.keys) + action.by));
			return {key: action.keys[index]};
		}

		case 'jumped': {
			const index = action.to === 'first' ? 0 : action.to === 'last' ? action.keys.length - 1 : Math.max(0, Math.min(action.keys.length - 1, action.to));
			return {key: action.keys[index]};
		}

		case 'reset': {
			return {};
		}
	}
}

/**
 * The menu's selection: back to the first entry (the way on) whenever `screenKey` changes;
 * on the same screen it follows its entry when others come or go, and falls back to the
 * first one when its entry is gone, never onto another that happens to take its place.
 */
export function useMenuState(screenKey: string, keys: readonly string[]): {selected: number; dispatch(action: MenuStateAction): void} {
	const [selection, dispatch] = useReducer(menuStateReducer, {});
	useEffect(() => {
		dispatch({type: 'reset'});
	}, [screenKey]);
	return {selected: selectedIndex(selection, keys), dispatch};
}
