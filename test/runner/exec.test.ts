import {describe, expect, it} from 'vitest';
import {realExec} from '../../source/runner/exec.js';

describe('realExec', () => {
	it('runs a command with an argument array, stdin closed, and returns its output', async () => {
		const result = await realExec('bash', ['-c', 'printf "%s|" "$1" "$2"; read -r line || printf "stdin closed"', 'kw', 'a b', '$(echo no)'], {timeoutMs: 5000});
		expect(result).toMatchObject({ok: true, exitCode: 0, stdout: 'a b|$(echo no)|stdin closed'});
	});

	it('passes input on stdin when given', async () => {
		const result = await realExec('cat', [], {timeoutMs: 5000, input: 'from stdin'});
		expect(result.stdout).toBe('from stdin');
	});

	it('reports a missing command as not-found, not a crash', async () => {
		const result = await realExec('kw-no-such-command-here', [], {timeoutMs: 5000});
		expect(result).toMatchObject({ok: false, failure: 'not-found'});
		expect(result.message).toContain('not installed');
	});

	it('reports a non-zero exit as a plain result', async () => {
		const result = await realExec('bash', ['-c', 'echo oops >&2; exit 3'], {timeoutMs: 5000});
		expect(result).toMatchObject({ok: false, exitCode: 3, stderr: 'oops\n'});
		expect(result.failure).toBeUndefined();
	});

	it('stops at the time limit even when a grandchild keeps the pipes open', async () => {
		const started = performance.now();
		const result = await realExec('bash', ['-c', 'sleep 100 & sleep 100; wait'], {timeoutMs: 300});
		expect(result).toMatchObject({ok: false, failure: 'timeout'});
		expect(performance.now() - started).toBeLessThan(3000);
	});

	it('kills the whole process group when aborted', async () => {
		const controller = new AbortController();
		const started = performance.now();
		setTimeout(() => controller.abort(), 200);
		const result = await realExec('bash', ['-c', '(sleep 100) & sleep 100'], {timeoutMs: 30_000, signal: controller.signal});
		expect(result).toMatchObject({ok: false, failure: 'aborted'});
		expect(performance.now() - started).toBeLessThan(3000);
	});

	it('caps output it keeps and says so', async () => {
		const result = await realExec('bash', ['-c', 'head -c 3000000 /dev/zero'], {timeoutMs: 5000, maxBuffer: 1000});
		expect(result).toMatchObject({ok: false, failure: 'output-too-large'});
	});
});
