import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {foldShellCommand} from '../../../source/core/snippets/fold-shell.js';
import {createShSandbox} from '../../helpers/sh-sandbox.js';

const curl = 'curl -sS http://127.0.0.1:36121/v1/models -H "Authorization: Bearer $OPENAI_API_KEY" -H "OpenAI-Project: $OPENAI_PROJECT_ID"';
const stripWhitespace = `export OPENAI_API_KEY="$(printf %s "$OPENAI_API_KEY" | tr -d ' \\t\\r\\n')"`;
const addExport = `sed -i.bak -E 's/^([[:space:]]*(export[[:space:]]+)?OPENAI_API_KEY)[[:space:]]*=[[:space:]]*/\\1=/' '/home/dev/My Projects/app/.env'`;
const dropLines = `sed -i.bak -e '12d' -e '30d' ~/.bashrc`;
const convert = `iconv -f UTF-16 -t UTF-8 '.env' > '.env'.utf8 && mv '.env'.utf8 '.env'`;
const sandbox = await createShSandbox();
afterAll(() => sandbox.close());

describe('foldShellCommand', () => {
	test('leaves a line that fits alone', () => {
		expect(foldShellCommand('unset OPENAI_API_KEY', 40)).toEqual({lines: ['unset OPENAI_API_KEY'], folded: false, wraps: false});
	});

	test('breaks between words with a continuation, never inside quotes', () => {
		expect(foldShellCommand(curl, 48).lines).toEqual([
			'curl -sS http://127.0.0.1:36121/v1/models \\',
			'  -H "Authorization: Bearer $OPENAI_API_KEY" \\',
			'  -H "OpenAI-Project: $OPENAI_PROJECT_ID"',
		]);
	});

	test('shows a command whole when even a word on its own line would not fit', () => {
		expect(foldShellCommand(curl, 38)).toEqual({lines: [curl], folded: false, wraps: true});
	});

	test('keeps a line’s own continuation', () => {
		expect(foldShellCommand('curl -sS https://api.openai.com/v1/models \\\n  -H "Authorization: Bearer $OPENAI_API_KEY"', 46).lines).toEqual([
			'curl -sS https://api.openai.com/v1/models \\',
			'  -H "Authorization: Bearer $OPENAI_API_KEY"',
		]);
	});

	test('never folds inside $(…): a command substitution wider than the room is shown whole, to be wrapped and copied', () => {
		const shown = foldShellCommand(stripWhitespace, 56);
		expect(shown).toEqual({lines: [stripWhitespace], folded: false, wraps: true});
		expect(foldShellCommand(stripWhitespace, 70)).toEqual({lines: ['export \\', `  ${stripWhitespace.slice('export '.length)}`], folded: true, wraps: false});
	});

	test('never folds inside a sed expression or a quoted path', () => {
		const shown = foldShellCommand(addExport, 60);
		for (const line of shown.lines) expect(line.split("'").length % 2 === 1 || line.endsWith('\\')).toBe(true);
		expect(shown.lines.some(line => line.includes("'s/^([[:space:]]*(export[[:space:]]+)?OPENAI_API_KEY)[[:space:]]*=[[:space:]]*/\\1=/'"))).toBe(true);
	});

	test('does not fold a comment or a here-document', () => {
		expect(foldShellCommand(`unset OPENAI_API_KEY # ${'and a long comment '.repeat(4)}`, 40).wraps).toBe(true);
		expect(foldShellCommand(`cat <<EOF > .env\nOPENAI_API_KEY=${'x'.repeat(60)}\nEOF`, 40)).toMatchObject({folded: false, wraps: true});
	});

	const commands = [curl, stripWhitespace, addExport, dropLines, convert, 'export OPENAI_API_KEY="${OPENAI_API_KEY#Bearer }"', "echo 'export OPENAI_API_KEY=\"<paste your new key>\"' >> ~/.bashrc"];
	test.each(commands.flatMap(command => [20, 30, 40, 56, 76, 116].map(width => [width, command] as const)))('at width %i, what is shown runs in a real sh exactly as the command: %s', async (width, command) => {
		const shown = foldShellCommand(command, width);
		if (shown.wraps) {
			// Shown whole: the screen wraps it and Copy gives it; no fold may have been made.
			expect(shown.lines).toEqual(command.split('\n'));
			return;
		}

		for (const line of shown.lines) expect([...line].length).toBeLessThanOrEqual(Math.max(width, 16));
		expect(await sandbox.run(shown.lines.join('\n'))).toBe(await sandbox.run(command));
	});

	test('the sandbox tells different commands apart', async () => {
		expect(await sandbox.run('sed -i.bak -e 12d ~/.bashrc')).not.toBe(await sandbox.run('sed -i.bak -e 13d ~/.bashrc'));
		expect(await sandbox.run("tr -d ' x'")).not.toBe(await sandbox.run('tr -d x'));
	});
});
