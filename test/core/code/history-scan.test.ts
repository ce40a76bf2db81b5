import {describe, expect, it} from 'vitest';
import {keysInGitLog, keysInShellHistory} from '../../../source/core/code/history-scan.js';
import {makeProjectKey, makeUserKey} from '../../helpers/fake-keys.js';

const A = makeProjectKey(8901);
const B = makeUserKey(8902);

describe('keysInGitLog', () => {
	it('names the commit, the date and the file of each key added or removed', () => {
		const log = [
			'commit 9f2c1a7 2026-11-02',
			'diff --git a/.env b/.env',
			'deleted file mode 100644',
			'--- a/.env',
			'+++ /dev/null',
			'@@ -1 +0,0 @@',
			`-OPENAI_API_KEY=${A}`,
			'commit 1b2c3d4 2026-10-30',
			'diff --git a/src/config.py b/src/config.py',
			'--- a/src/config.py',
			'+++ b/src/config.py',
			'@@ -0,0 +1,2 @@',
			`+API_KEY = "${B}"`,
			'+DEBUG = True',
			'diff --git a/.env b/.env',
			'--- /dev/null',
			'+++ b/.env',
			`+OPENAI_API_KEY=${A}`,
		].join('\n');
		expect(keysInGitLog(log)).toEqual([
			{commit: '9f2c1a7', date: '2026-11-02', file: '.env', value: A, added: false},
			{commit: '1b2c3d4', date: '2026-10-30', file: 'src/config.py', value: B, added: true},
		]);
	});

	it('ignores placeholders and context', () => {
		expect(keysInGitLog('commit 1 2026-01-01\n+++ b/README.md\n+Set OPENAI_API_KEY=sk-... in .env\n')).toEqual([]);
	});
});

describe('keysInShellHistory', () => {
	it.each([
		['bash', `ls\nexport OPENAI_API_KEY=${A}\npython app.py\n`, 2],
		['zsh extended history', `: 1700000000:0;cd app\n: 1700000001:0;OPENAI_API_KEY='${A}' python app.py\n`, 2],
		['fish', `- cmd: set -gx OPENAI_API_KEY ${A}\n  when: 1700000000\n`, 1],
		['a curl command', `curl https://api.openai.com/v1/models -H "Authorization: Bearer ${A}"\n`, 1],
	])('%s', (_name, text, line) => {
		expect(keysInShellHistory(text)).toEqual([{line, value: A}]);
	});

	it('leaves variables and placeholders alone', () => {
		expect(keysInShellHistory('export OPENAI_API_KEY=$(pass show openai)\nexport OPENAI_API_KEY="$KEY"\nexport OPENAI_API_KEY=your-key-here\nread -rs OPENAI_API_KEY\n')).toEqual([]);
	});
});
