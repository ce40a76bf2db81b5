import {useEffect, useRef, type ReactNode} from 'react';
import {Box, measureElement, type DOMElement} from 'ink';

/**
 * The screen's body. Without a height limit it simply lays out its children; with one it
 * fills the space left, clips, shows the content from `offset` lines down, and reports the
 * content's full height and the viewport's.
 */
export function ScrollView({children, limited, offset, onMeasure}: {children: ReactNode; limited: boolean; offset: number; onMeasure(content: number, viewport: number): void}) {
	const viewport = useRef<DOMElement>(null);
	const content = useRef<DOMElement>(null);
	useEffect(() => {
		if (!limited || !viewport.current || !content.current) return;
		const outer = measureElement(viewport.current).height;
		const inner = measureElement(content.current).height;
		onMeasure(inner, outer);
	});

	if (!limited) return <Box flexDirection="column">{children}</Box>;
	return (
		<Box ref={viewport} flexDirection="column" flexGrow={1} flexShrink={1} overflow="hidden">
			<Box ref={content} position="absolute" width="100%" flexDirection="column" marginTop={-offset}>
				{children}
			</Box>
		</Box>
	);
}
