import type {Rule} from '../../types.js';
import {keyValueRules} from './key-value.js';
import {localSourcesRules} from './local-sources.js';
import {liveApiRules} from './live-api.js';
import {deployedRules, imageExposureRules} from './deployed.js';
import {appErrorRules} from './app-error.js';
import {codeRules} from './code.js';
import {exposureRules} from './exposure.js';

/**
 * Every rule, in table order. Order breaks ties between causes of equal confidence:
 * where the app runs and where the key comes from first, then what the value is (found
 * here, then as the app's error shows it), then what the API said, then exposure.
 */
export const allRules: readonly Rule[] = [...deployedRules, ...localSourcesRules, ...keyValueRules, ...appErrorRules, ...liveApiRules, ...codeRules, ...exposureRules, ...imageExposureRules];
