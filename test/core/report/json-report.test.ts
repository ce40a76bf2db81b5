import {describe, expect, it} from 'vitest';
import {buildJsonReport, renderJsonReport} from '../../../source/core/report/json-report.js';
import {Secret} from '../../../source/core/keys/secret.js';
import type {Conclusion} from '../../../source/core/conclude.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';

describe('renderJsonReport', () => {
	it('stays valid JSON when a source holds a control character right before a key-shaped word, and hides the key', () => {
		const key = makeProjectKey(8201);
		const hostileName = `file:src/\u001b]52;c;aGk=\u0007${key.slice(0, 60)}.py:2`;
		const conclusion: Conclusion = {keys: [{secret: new Secret(key), observations: [{secret: new Secret(key), source: hostileName, origin: 'code', variable: 'OPENAI_API_KEY'}], live: 'untested'}], causes: [], verdict: 'problem'};
		const text = renderJsonReport(buildJsonReport(conclusion, [], '0.0.0'), conclusion);
		const parsed = JSON.parse(text) as {keys: Array<{sources: string[]}>};
		expect(parsed.keys[0]!.sources[0]).toContain('\u001b]52;c;aGk=\u0007');
		expect(text).not.toContain(key.slice(8, 40));
	});
});
