import type {StepNumber} from '../types.js';

/** The five steps' titles, as the step bar and the reports show them. */
export const stepTitles: Record<StepNumber, string> = {
	1: 'Dashboard',
	2: 'Sources',
	3: 'Live test',
	4: 'Library & docs',
	5: 'Rotate',
};
