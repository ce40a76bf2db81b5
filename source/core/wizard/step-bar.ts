import type {StepNumber} from '../types.js';
import {stepTitles} from './step-titles.js';

/** One entry of the step bar. */
export type StepBarSegment = {text: string; active: boolean; flagged: boolean};

/** The step bar in one line: its entries and the separator between them. */
export type StepBarLine = {segments: StepBarSegment[]; separator: string};

/**
 * The five steps and the summary on one line of `width` columns: every title when they
 * fit, else only the current one keeps its title, else the separators shrink too. The
 * current entry is in brackets and a step where a cause was found carries `failMark`:
 * never colour alone.
 */
export function stepBarLine(input: {current?: StepNumber | 'summary'; flagged: ReadonlySet<StepNumber>; width: number; failMark?: string}): StepBarLine {
	const mark = input.failMark ?? '✖';
	const build = (titles: 'all' | 'current' | 'none', separator: string): StepBarLine => {
		const segments: StepBarSegment[] = ([1, 2, 3, 4, 5] as const).map(step => {
			const active = input.current === step;
			const titled = titles === 'all' || (titles === 'current' && active);
			const flagged = input.flagged.has(step);
			const text = `${step}${titled ? ` ${stepTitles[step]}` : ''}${flagged ? (titled ? ` ${mark}` : mark) : ''}`;
			return {text: active ? `[${text}]` : text, active, flagged};
		});
		const summaryActive = input.current === 'summary';
		const summaryText = titles === 'none' && !summaryActive ? 'S' : 'Summary';
		segments.push({text: summaryActive ? `[${summaryText}]` : summaryText, active: summaryActive, flagged: false});
		return {segments, separator};
	};

	for (const candidate of [build('all', ' · '), build('current', ' · '), build('current', ' '), build('none', ' ')]) {
		if (lineWidth(candidate) <= input.width) return candidate;
	}

	return build('none', ' ');
}

/** The columns a step bar line takes. */
export function lineWidth(line: StepBarLine): number {
	return line.segments.reduce((sum, segment) => sum + [...segment.text].length, 0) + [...line.separator].length * (line.segments.length - 1);
}

/** The step bar line as plain text. */
export function stepBarText(line: StepBarLine): string {
	return line.segments.map(segment => segment.text).join(line.separator);
}
