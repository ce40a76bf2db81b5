import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

/** The terminal's width in columns, updated when the terminal is resized (80 when unknown). */
export function useTerminalWidth(): number {
	const {stdout} = useStdout();
	const read = () => (stdout.columns && stdout.columns > 0 ? stdout.columns : 80);
	const [width, setWidth] = useState(read);
	useEffect(() => {
		const onResize = () => setWidth(read());
		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return width;
}
