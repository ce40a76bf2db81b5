import {execa} from 'execa';
import {describe, expect, test} from 'vitest';
import {foldShellCommand} from '../../../source/core/snippets/fold-shell.js';

const curl = 'curl -sS http://127.0.0.1:36121/v1/models -H "Authorization: Bearer $OPENAI_API_KEY" -H "OpenAI-Project: $OPENAI_PROJECT_ID"';

describe('foldShellCommand', () => {
	test('leaves a line that fits alone', () => {
		expect(foldShellCommand('unset OPENAI_API_KEY', 40)).toEqual(['unset OPENAI_API_KEY']);
	});

	test('breaks between words with a continuation, never inside quotes', () => {
		const lines = foldShellCommand(curl, 38);
		expect(lines).toEqual([
			'curl -sS \\',
			'  http://127.0.0.1:36121/v1/models \\',
			'  -H "Authorization: Bearer $OPENAI_API_KEY" \\',
			'  -H "OpenAI-Project: $OPENAI_PROJECT_ID"',
		]);
	});

	test('keeps a line’s own continuation and every other line as it is', () => {
		expect(foldShellCommand('curl -sS https://api.openai.com/v1/models \\\n  -H "Authorization: Bearer $OPENAI_API_KEY"', 30)).toEqual([
			'curl -sS \\',
			'  https://api.openai.com/v1/models \\',
			'  -H "Authorization: Bearer $OPENAI_API_KEY"',
		]);
	});

	test.each([20, 30, 40, 60])('the folded command is the same command to a real shell (width %i)', async width => {
		const script = `set -- ${curl.replace(/^curl /, '')}; printf '%s\\n' "$@"`;
		const folded = `set -- ${foldShellCommand(curl, width).join('\n').replace(/^curl /, '')}; printf '%s\\n' "$@"`;
		const env = {OPENAI_API_KEY: 'k', OPENAI_PROJECT_ID: 'p', PATH: process.env.PATH!};
		const [plain, wrapped] = await Promise.all([execa('sh', ['-c', script], {env, extendEnv: false}), execa('sh', ['-c', folded], {env, extendEnv: false})]);
		expect(wrapped.stdout).toBe(plain.stdout);
	});
});
