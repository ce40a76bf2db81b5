import {afterEach, describe, expect, it} from 'vitest';
import {allRules} from '../../source/core/diagnose/rules/index.js';
import {codeProbe} from '../../source/core/probes/code.js';
import {dotenvLoadingProbe} from '../../source/core/probes/dotenv-loading.js';
import {dotenvProbe} from '../../source/core/probes/dotenv.js';
import {envProbe} from '../../source/core/probes/env.js';
import {exposureProbe} from '../../source/core/probes/exposure.js';
import {keyAnatomyProbe} from '../../source/core/probes/key-anatomy.js';
import {libraryVersionsProbe} from '../../source/core/probes/library-versions.js';
import type {ProbeDefinition} from '../../source/core/types.js';
import {startSession} from '../../source/runner/session.js';
import {WizardApp} from '../../source/ui/app.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {makePorts} from '../helpers/fake-ports.js';
import {makeOptions} from '../helpers/facts.js';
import {cleanupRendered, renderAt, type Rendered} from '../helpers/render.js';
import {menuEntries} from './wizard-driver.js';

afterEach(cleanupRendered);

/**
 * Steps 4 and 5 with the real code, library and exposure probes and the real rules over a
 * fake project: old openai 0.x code against a requirements file that pins openai 1.x, and
 * a key written into the code. Step 4 lists the library with its warning; step 5 names
 * the key to rotate and where it is written.
 */
function world() {
	const written = makeProjectKey(6101);
	const cwd = '/home/dev/bot';
	const ports = makePorts({
		cwd,
		env: {},
		files: {
			[`${cwd}/requirements.txt`]: 'openai==1.54.3\nflask\n',
			[`${cwd}/bot.py`]: `import openai\nopenai.api_key = "${written}"\nreply = openai.ChatCompletion.create(model="gpt-4o-mini", messages=[])\n`,
		},
	});
	const probes = [envProbe, dotenvProbe, keyAnatomyProbe, codeProbe, dotenvLoadingProbe, libraryVersionsProbe, exposureProbe] as ProbeDefinition[];
	return {written, ports, probes, options: makeOptions({cwd, network: false})};
}

function render(setup: ReturnType<typeof world>, columns = 100, rows = 40): Rendered {
	return renderAt(<WizardApp ports={setup.ports} options={setup.options} version="9.9.9" startSession={startSession} probes={setup.probes} rules={allRules} color={false} animate={false} />, {columns, rows});
}

describe('steps 4 and 5 show what the code scan found', () => {
	it('step 4: the library, its version and where it was found, with the warning; Details tells what it does with blanks', async () => {
		const setup = world();
		const app = render(setup);
		await app.waitFor(frame => frame.includes('Step 1 of 5') && !frame.includes('running'));
		await app.press(']');
		await app.press(']');
		await app.press(']');
		const step4 = await app.waitFor(frame => frame.includes('Step 4 of 5') && frame.includes('Client libraries'));
		expect(step4).toMatch(/openai \(Python\) 1\.54\.3 · \S+ in requirements\.txt/);
		expect(step4).toContain('openai.ChatCompletion');
		await app.press('d');
		const details = await app.waitFor(frame => frame.includes('Whitespace in the key:'));
		expect(details).toContain('An empty key:');
		expect(details).toContain('https://github.com/openai/openai-python');
		expect(details).not.toContain(setup.written.slice(8, -4));
	});

	it('step 5: the key written into the code is named with its place, and the steps to rotate it come in order', async () => {
		const setup = world();
		const app = render(setup, 100, 60);
		await app.waitFor(frame => frame.includes('Step 1 of 5') && !frame.includes('running'));
		for (let index = 0; index < 4; index++) await app.press(']');
		const step5 = await app.waitFor(frame => frame.includes('Step 5 of 5') && frame.includes('written into'));
		expect(step5).toContain(`sk-proj-…${setup.written.slice(-4)}`);
		expect(step5).toContain('written into bot.py:2');
		expect(step5).toContain('Replace the key, in this order');
		expect(step5).toMatch(/1\. Open https:\/\/platform\.openai\.com\/api-keys/);
		expect(step5).toMatch(/4\. Revoke the old key/);
		expect(menuEntries(step5).some(entry => entry.label.startsWith('Copy: export OPENAI_API_KEY='))).toBe(true);
		expect(step5).not.toContain(setup.written.slice(8, -4));
	});
});
