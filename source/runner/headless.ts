// Everything a --json or --report run needs from the core, behind one import (in the
// build, one module of dist/chunks/core.cjs: see test/scripts/build.mjs).
export {startSession} from './session.js';
export {createRealPorts} from './real-ports.js';
export {defaultTranscriptName, saveTargetProblem, saveTranscript} from './save-transcript.js';
export {wantsColor} from './color.js';
export {missingToolRefusal} from '../core/deployed/required-tools.js';
export {exitCodeOf} from '../core/conclude.js';
export {buildJsonReport, renderJsonReport} from '../core/report/json-report.js';
export {renderTextReport} from '../core/report/text-report.js';
export {renderMarkdownTranscript} from '../core/report/markdown-transcript.js';
