import {stepBarLine, stepBarText} from '../core/wizard/step-bar.js';

/**
 * A plain first frame (the wizard's header and step bar, as its first render draws them)
 * written the moment the CLI starts, while Ink, React and the layout engine load; the
 * wizard erases it before its own first render draws the same lines in place. Returns
 * that eraser.
 */
export function writeFirstFrame(
	stream: NodeJS.WriteStream,
	context: {version: string; demo: boolean; color: boolean},
): () => void {
	const columns = stream.columns || 80;
	const width = Math.max(1, columns - 1);
	const fit = (text: string) => ([...text].length > width ? [...text].slice(0, width).join('') : text);
	const paint = (code: string, text: string) => (context.color ? `\u001B[${code}m${text}\u001B[0m` : text);
	const title = fit(`key-wizard ${context.version} ${context.demo ? ' DEMO  simulated broken setup; nothing of yours is read' : 'fix OpenAI 401 Unauthorized'}`);
	const bar = fit(stepBarText(stepBarLine({current: 1, flagged: new Set(), width: columns})));
	const lines = [paint('1;36', title.slice(0, 10)) + title.slice(10), bar, paint('2', fit('Starting the checks…'))];
	stream.write(lines.join('\n') + '\n');
	let erased = false;
	return () => {
		if (erased) return;
		erased = true;
		// Back to the first line written, then clear to the end of the screen.
		stream.write(`\u001B[${lines.length}A\r\u001B[J`);
	};
}
