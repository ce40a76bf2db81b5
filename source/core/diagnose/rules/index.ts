import type {Rule} from '../../types.js';
import {keyValueRules} from './key-value.js';
import {localSourcesRules} from './local-sources.js';
import {liveApiRules} from './live-api.js';
import {codeRules} from './code.js';
import {exposureRules} from './exposure.js';

/**
 * Every rule, in table order. Order breaks ties between causes of equal confidence:
 * where the key comes from first, then what the value is, then what the API said.
 */
export const allRules: readonly Rule[] = [...localSourcesRules, ...keyValueRules, ...liveApiRules, ...codeRules, ...exposureRules];
