/**
 * Text that came from outside (a pasted error, a file, a server's answer) must not drive
 * the terminal it is printed on: an OSC sequence can set the window title or write the
 * clipboard, a DCS can query the terminal, a bare CR can hide a line behind another.
 */

// ESC-introduced strings (OSC, DCS, SOS, PM, APC) run to BEL or ST; their C1 forms too.
const controlStrings = /(?:\u001B[\]PX^_]|[\u0090\u0098\u009D\u009E\u009F])[\s\S]*?(?:\u0007|\u001B\\|\u009C|$)/g;
// CSI sequences (ESC [ or C1 CSI), then any other two-character escape.
const csiSequences = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]?/g;
const otherEscapes = /\u001B[\s\S]?/g;
// Every other C0 and C1 control but tab and line feed, and DEL.
const otherControls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const colourSequence = /\u001B\[[\d;]*m/g;

/** The text without any terminal control sequence or control character (tab and newline kept; CRLF becomes LF). */
export function terminalSafe(text: string): string {
	return text
		.replace(/\r\n/g, '\n')
		.replace(controlStrings, '')
		.replace(csiSequences, '')
		.replace(otherEscapes, '')
		.replace(otherControls, '');
}

/**
 * Like `terminalSafe`, but keeps colour (SGR) sequences: for output whose own colours were
 * added after outside text was made safe.
 */
export function terminalSafeKeepingColour(text: string): string {
	const kept: string[] = [];
	// Private-use characters stand in for the colour sequences while the rest is cleaned.
	const marked = text.replace(colourSequence, sequence => `\uE000${kept.push(sequence) - 1}\uE001`);
	return terminalSafe(marked).replace(/\uE000(\d+)\uE001/g, (_match, index: string) => kept[Number(index)] ?? '');
}
