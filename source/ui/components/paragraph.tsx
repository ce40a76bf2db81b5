import type {ReactNode} from 'react';
import {Text, Transform, type TextProps} from 'ink';

// Ink wraps with `trim: false`, so a line broken at a space starts with that space.
// eslint-disable-next-line no-control-regex
const leadingSpace = /^((?:\u001B\[[\d;]*m)*) /;

/** Text that may wrap, without the stray space Ink leaves at the start of wrapped lines. */
export function Paragraph({children, ...props}: TextProps & {children?: ReactNode}) {
	return (
		<Transform transform={(line, index) => (index === 0 ? line : line.replace(leadingSpace, '$1'))}>
			<Text {...props}>{children}</Text>
		</Transform>
	);
}
