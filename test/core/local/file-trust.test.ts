import {describe, expect, test} from 'vitest';
import {distrustOf} from '../../../source/core/local/file-trust.js';
import type {FileStatResult} from '../../../source/core/ports.js';

const linux = {uid: 1000, platform: 'linux' as const};
const folder = (mode: number, uid = 1000): FileStatResult => ({ok: true, kind: 'directory', mode, uid, device: 1, modifiedMs: 0});

describe('distrustOf', () => {
	test.each([
		['the user’s own folder', folder(0o755), undefined],
		['root’s folder', folder(0o755, 0), undefined],
		['a group-writable folder of the user', folder(0o775), undefined],
		['the sticky, world-writable /tmp', folder(0o1777, 0), '.. can be written by every user of this machine'],
		['a world-writable folder of the user', folder(0o777), '.. can be written by every user of this machine'],
		['another user’s folder', folder(0o755, 1001), '.. belongs to another user (uid 1001)'],
		['a folder that could not be checked', {ok: false, code: 'permission', message: 'x'} as FileStatResult, 'who may write .. could not be checked (permission)'],
	])('%s', (_name, stat, expected) => {
		expect(distrustOf(stat, '..', linux)).toBe(expected);
	});

	test('root running the tool trusts only root’s and its own files', () => {
		expect(distrustOf(folder(0o755, 0), '.', {uid: 0, platform: 'linux'})).toBeUndefined();
		expect(distrustOf(folder(0o755, 1000), '.', {uid: 0, platform: 'linux'})).toBe('. belongs to another user (uid 1000)');
	});

	test('Windows has no permission bits to judge by', () => {
		expect(distrustOf(folder(0o777, 5), '.', {platform: 'win32'})).toBeUndefined();
	});
});
