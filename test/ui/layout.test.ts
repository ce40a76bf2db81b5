import {describe, expect, it} from 'vitest';
import {menuStateReducer, selectedIndex} from '../../source/ui/hooks/use-menu-state.js';
import {flowRows, menuCell, menuRowsFor, visibleRows} from '../../source/ui/layout.js';

describe('the menu’s layout', () => {
	it('draws an entry with its number (1-9 only) and the pointer on the selected one, cut to the room it has', () => {
		expect(menuCell(0, 'Next: 3 Live test', true, '❯', 80)).toBe('❯ 1. Next: 3 Live test');
		expect(menuCell(1, 'Check again', false, '❯', 80)).toBe('  2. Check again');
		expect(menuCell(9, 'Quit', false, '❯', 80)).toBe('     Quit');
		expect(menuCell(1, 'Copy: unset OPENAI_API_KEY', false, '❯', 20)).toBe('  2. Copy: unset OP…');
	});

	it('flows entries into rows like words, three spaces apart, never wider than the width', () => {
		expect(flowRows([10, 10, 10, 10], 36)).toEqual([[0, 1, 2], [3]]);
		expect(flowRows([40, 10], 36)).toEqual([[0], [1]]);
		expect(flowRows([], 36)).toEqual([]);
	});

	it('shows the rows around the selected entry when they do not all fit', () => {
		const rows = [[0, 1], [2, 3], [4, 5], [6]];
		expect(visibleRows(rows, 0, 3)).toEqual({first: 0, last: 2});
		expect(visibleRows(rows, 6, 3)).toEqual({first: 1, last: 3});
		expect(visibleRows(rows.slice(0, 2), 3, 3)).toEqual({first: 0, last: 1});
	});

	it('takes three rows on a usual terminal and two on a short one', () => {
		expect(menuRowsFor(24)).toBe(3);
		expect(menuRowsFor(16)).toBe(2);
	});
});

describe('the menu’s selection', () => {
	const keys = ['continue', 'copy-1', 'check-again', 'quit'];

	it('moves within the entries without wrapping, and jumps to the first, the last or a number', () => {
		expect(menuStateReducer({}, {type: 'moved', by: 1, keys})).toEqual({key: 'copy-1'});
		expect(menuStateReducer({key: 'quit'}, {type: 'moved', by: 1, keys})).toEqual({key: 'quit'});
		expect(menuStateReducer({key: 'continue'}, {type: 'moved', by: -1, keys})).toEqual({key: 'continue'});
		expect(menuStateReducer({}, {type: 'jumped', to: 'last', keys})).toEqual({key: 'quit'});
		expect(menuStateReducer({key: 'quit'}, {type: 'jumped', to: 'first', keys})).toEqual({key: 'continue'});
		expect(menuStateReducer({}, {type: 'jumped', to: 2, keys})).toEqual({key: 'check-again'});
	});

	it('follows its entry when others come or go, and falls back to the first (never onto Quit) when its entry is gone', () => {
		expect(selectedIndex({key: 'check-again'}, ['continue', 'answer-yes', 'copy-1', 'check-again', 'quit'])).toBe(3);
		expect(selectedIndex({key: 'answer-yes'}, keys)).toBe(0);
		expect(selectedIndex({}, keys)).toBe(0);
	});
});
