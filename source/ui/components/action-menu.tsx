import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import type {MenuAction, MenuItem} from '../../core/wizard/menu.js';
import {useTheme} from '../theme.js';
import {Paragraph} from './paragraph.js';

function Indicator({isSelected = false}: {isSelected?: boolean}) {
	const theme = useTheme();
	return (
		<Box marginRight={1} flexShrink={0}>
			<Text color={theme.paint('selected')}>{isSelected ? theme.icons.pointer : ' '}</Text>
		</Box>
	);
}

function Item({isSelected = false, label}: {isSelected?: boolean; label: string}) {
	const theme = useTheme();
	const [number, ...rest] = label.split(' ');
	return (
		<Box>
			<Box width={3} flexShrink={0}>
				<Text color={theme.paint('muted')}>{number}</Text>
			</Box>
			<Box flexShrink={1}>
				<Paragraph bold={isSelected} color={isSelected ? theme.paint('selected') : undefined}>
					{rest.join(' ')}
				</Paragraph>
			</Box>
		</Box>
	);
}

/**
 * The navigation menu (ink-select-input): arrows or j/k move, Enter chooses, and the
 * number shown before each entry chooses it at once.
 */
export function ActionMenu({items, onSelect, isFocused}: {items: readonly MenuItem[]; onSelect(action: MenuAction): void; isFocused: boolean}) {
	return (
		<SelectInput
			items={items.map((item, index) => ({key: item.key, label: `${index + 1}. ${item.label}`, value: item.key}))}
			isFocused={isFocused}
			indicatorComponent={Indicator}
			itemComponent={Item}
			onSelect={choice => {
				const item = items.find(candidate => candidate.key === choice.value);
				if (item) onSelect(item.action);
			}}
		/>
	);
}
