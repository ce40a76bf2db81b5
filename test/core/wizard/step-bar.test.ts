import {describe, expect, it} from 'vitest';
import {lineWidth, stepBarLine, stepBarText} from '../../../source/core/wizard/step-bar.js';

describe('the step bar on one line', () => {
	it('keeps every title where they fit, the current one in brackets, steps with causes marked', () => {
		const line = stepBarLine({current: 2, flagged: new Set([2, 3]), width: 100});
		expect(stepBarText(line)).toBe('1 Dashboard · [2 Sources ✖] · 3 Live test ✖ · 4 Library & docs · 5 Rotate · Summary');
		expect(line.segments.map(segment => segment.active)).toEqual([false, true, false, false, false, false]);
	});

	it('abbreviates to the current title at 80 columns, and further when narrower', () => {
		expect(stepBarText(stepBarLine({current: 2, flagged: new Set([2, 3]), width: 80}))).toBe('1 · [2 Sources ✖] · 3✖ · 4 · 5 · Summary');
		expect(stepBarText(stepBarLine({current: 2, flagged: new Set([2, 3]), width: 34}))).toBe('1 [2 Sources ✖] 3✖ 4 5 Summary');
		expect(stepBarText(stepBarLine({current: 'summary', flagged: new Set(), width: 20}))).toBe('1 2 3 4 5 [Summary]');
	});

	it('never needs more than one line of the width it was given, down to 40 columns', () => {
		for (let width = 40; width <= 140; width++) {
			for (const current of [1, 2, 3, 4, 5, 'summary'] as const) {
				expect(lineWidth(stepBarLine({current, flagged: new Set([1, 2, 3, 4, 5]), width}))).toBeLessThanOrEqual(width);
			}
		}
	});
});
