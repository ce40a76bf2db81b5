import type {Rule} from '../../types.js';

/** Rules for this group of causes (see CAUSES.md). */
export const keyValueRules: Rule[] = [];
