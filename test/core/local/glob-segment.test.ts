import {describe, expect, it} from 'vitest';
import {globSegmentRegExp} from '../../../source/core/local/glob-segment.js';

describe('globSegmentRegExp', () => {
	it.each([
		['*.sh', 'work.sh', true],
		['*.sh', '.hidden.sh', false],
		['*', 'api', true],
		['*', '.git', false],
		['.env*', '.env.local', true],
		['app?', 'app1', true],
		['app?', 'app12', false],
		['[ab]pi', 'api', true],
		['[!a]pi', 'api', false],
		['[!a]pi', 'bpi', true],
		['[^a]pi', 'bpi', true],
		['[]x]y', ']y', true],
		['[]x]y', 'xy', true],
		['[!]]y', ']y', false],
		['[a\\]y', '\\y', true],
		['[abc', '[abc', true],
		['a.b', 'axb', false],
		['(x)+$', '(x)+$', true],
		['*', 'a/b', false],
	])('%s against %s: %s', (glob, name, matched) => {
		expect(globSegmentRegExp(glob).test(name)).toBe(matched);
	});
});
