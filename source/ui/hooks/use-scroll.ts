import {useCallback, useEffect, useState} from 'react';

/** Where the screen's body is scrolled to, and how far it can go. */
export type Scroll = {
	offset: number;
	/** Lines hidden below the viewport at offset 0 (0 when everything fits). */
	overflow: number;
	viewport: number;
	/** Records the content's and the viewport's heights (0, 0 when nothing is clipped). */
	setMeasure(content: number, viewport: number): void;
	pageDown(): void;
	pageUp(): void;
	lineDown(): void;
	lineUp(): void;
	top(): void;
	bottom(): void;
};

/** Scroll state of one screen's body; back to the top whenever `screenKey` changes. */
export function useScroll(screenKey: string): Scroll {
	const [offset, setOffset] = useState(0);
	const [measure, setMeasureState] = useState({overflow: 0, viewport: 0});
	useEffect(() => {
		setOffset(0);
	}, [screenKey]);

	const setMeasure = useCallback((content: number, viewport: number) => {
		const overflow = Math.max(0, content - viewport);
		setMeasureState(current => (current.overflow === overflow && current.viewport === viewport ? current : {overflow, viewport}));
		setOffset(current => Math.min(current, overflow));
	}, []);
	const page = Math.max(1, measure.viewport - 2);
	const by = useCallback((lines: number) => setOffset(current => Math.max(0, Math.min(current + lines, measure.overflow))), [measure.overflow]);
	const pageDown = useCallback(() => by(page), [by, page]);
	const pageUp = useCallback(() => by(-page), [by, page]);
	const lineDown = useCallback(() => by(1), [by]);
	const lineUp = useCallback(() => by(-1), [by]);
	const top = useCallback(() => setOffset(0), []);
	const bottom = useCallback(() => setOffset(measure.overflow), [measure.overflow]);
	return {offset, overflow: measure.overflow, viewport: measure.viewport, setMeasure, pageDown, pageUp, lineDown, lineUp, top, bottom};
}
