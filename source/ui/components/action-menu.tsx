import {Box, Text} from 'ink';
import type {MenuItem} from '../../core/wizard/menu.js';
import {flowRows, menuCell, menuGap, visibleRows} from '../layout.js';
import {useTheme} from '../theme.js';

/**
 * The menu (render only): entries laid out left to right in at most `maxRows` rows, each
 * with the number that chooses it; the selected one carries the pointer. When the entries
 * need more rows, the rows around the selected one show, with a mark where more wait.
 */
export function ActionMenu({items, selected, focused, width, maxRows}: {items: readonly MenuItem[]; selected: number; focused: boolean; width: number; maxRows: number}) {
	const theme = useTheme();
	// Room for the "more" marks at both ends of a row.
	const room = Math.max(10, width - 2);
	// A long label (a whole command) is cut so the entries share rows; the page shows it
	// whole. The way on and the fix in view keep theirs.
	const longest = Math.max(36, Math.floor(room / 2) - menuGap);
	const way = items[0] ? menuCell(0, items[0].label, false, theme.icons.pointer, room) : '';
	// The fix in view shares the first row with the way on when it can.
	const second = Math.max(longest, room - [...way].length - menuGap);
	const cells = items.map((item, index) => menuCell(index, item.label, index === selected, theme.icons.pointer, index === 0 ? room : index === 1 ? second : Math.min(room, longest)));
	const rows = flowRows(
		cells.map(cell => [...cell].length),
		room,
	);
	const {first, last} = visibleRows(rows, selected, maxRows);
	return (
		<Box flexDirection="column">
			{rows.slice(first, last + 1).map((row, offset) => {
				const rowIndex = first + offset;
				const moreAbove = rowIndex === first && first > 0;
				const moreBelow = rowIndex === last && last < rows.length - 1;
				return (
					<Text key={rowIndex} wrap="truncate-end">
						{row.map((index, position) => {
							const chosen = index === selected;
							return (
								<Text key={index}>
									{position > 0 ? ' '.repeat(menuGap) : ''}
									<Text bold={chosen && focused} color={chosen ? theme.paint(focused ? 'selected' : 'muted') : undefined} inverse={chosen && focused && theme.color}>
										{cells[index]}
									</Text>
								</Text>
							);
						})}
						{moreAbove || moreBelow ? <Text color={theme.paint('muted')}>{` ${moreBelow ? '▾' : '▴'}`}</Text> : null}
					</Text>
				);
			})}
		</Box>
	);
}
