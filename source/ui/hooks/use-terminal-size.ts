import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

/** Columns and rows of the terminal, updated on resize; rows is undefined when unknown (not a terminal). */
export type TerminalSize = {columns: number; rows?: number};

function read(stdout: NodeJS.WriteStream): TerminalSize {
	const columns = stdout.columns && stdout.columns > 0 ? stdout.columns : 80;
	const rows = stdout.rows && stdout.rows > 0 ? stdout.rows : undefined;
	return {columns, rows};
}

/** The terminal's size, re-read whenever it is resized. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => read(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = read(stdout);
			setSize(current => (current.columns === next.columns && current.rows === next.rows ? current : next));
		};

		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
