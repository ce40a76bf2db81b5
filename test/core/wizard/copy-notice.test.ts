import {describe, expect, it} from 'vitest';
import {copyNotice} from '../../../source/core/wizard/copy-notice.js';

describe('copyNotice: says what a copy did', () => {
	it.each([
		['the system tool took it', {tool: {name: 'xclip', ok: true}, osc52: true, osc52Support: 'maybe' as const}, 'pass', /^✔ Copied to the clipboard: unset OPENAI_API_KEY$/],
		['no tool, a terminal that takes OSC 52', {osc52: true, osc52Support: 'yes' as const}, 'pass', /^✔ Copied to the clipboard through the terminal \(OSC 52\): unset/],
		['no tool, a terminal that may take OSC 52 (tmux)', {osc52: true, osc52Support: 'maybe' as const}, 'warn', /^Sent to the clipboard through the terminal \(OSC 52\): unset OPENAI_API_KEY\. Not there\? Select it on screen\.$/],
		['a tool that hung', {tool: {name: 'xclip', ok: false, failure: 'timeout' as const}, osc52: true, osc52Support: 'maybe' as const}, 'warn', /\(xclip did not answer in time\)/],
		['no tool, a terminal known to ignore OSC 52', {osc52: true, osc52Support: 'no' as const}, 'warn', /^No clipboard here: select the command on screen\.$/],
	])('%s', (_name, outcome, tone, text) => {
		const notice = copyNotice(outcome, 'unset OPENAI_API_KEY');
		expect(notice.tone).toBe(tone);
		expect(notice.text).toMatch(text);
	});

	it('names a long or multi-line command by its start', () => {
		expect(copyNotice({tool: {name: 'pbcopy', ok: true}, osc52: true, osc52Support: 'maybe'}, 'from dotenv import load_dotenv\nload_dotenv()').text).toBe('✔ Copied to the clipboard: from dotenv import load_dotenv …');
		expect(copyNotice({tool: {name: 'pbcopy', ok: true}, osc52: true, osc52Support: 'maybe'}, 'x'.repeat(100)).text).toMatch(/x{35}…$/);
	});
});

describe('copyNotice when the tool failed', () => {
	it('names a tool that failed, and says nothing of one that is not installed', () => {
		expect(copyNotice({tool: {name: 'xclip', ok: false, failure: 'error', message: 'exit 1'}, osc52: true, osc52Support: 'maybe'}, 'x').text).toMatch(/^Sent to the clipboard through the terminal \(OSC 52\) \(xclip failed\): x\./);
		expect(copyNotice({tool: {name: 'xclip', ok: false, failure: 'not-found'}, osc52: true, osc52Support: 'maybe'}, 'x').text).toMatch(/^Sent to the clipboard through the terminal \(OSC 52\): x\./);
	});
});
