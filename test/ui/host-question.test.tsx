import {afterEach, describe, expect, it} from 'vitest';
import {allRules} from '../../source/core/diagnose/rules/index.js';
import {dotenvProbe} from '../../source/core/probes/dotenv.js';
import {endpointProbe} from '../../source/core/probes/endpoint.js';
import {envProbe} from '../../source/core/probes/env.js';
import {errorTriageProbe} from '../../source/core/probes/error-triage.js';
import {liveCheckProbe} from '../../source/core/probes/live-check.js';
import type {ProbeDefinition, RunOptions} from '../../source/core/types.js';
import {startSession} from '../../source/runner/session.js';
import {WizardApp} from '../../source/ui/app.js';
import type {StartSession} from '../../source/ui/hooks/use-wizard.js';
import {fakeApiHttp} from '../helpers/fake-api-http.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {makePorts} from '../helpers/fake-ports.js';
import {makeOptions} from '../helpers/facts.js';
import {cleanupRendered, keys, renderAt, type Rendered} from '../helpers/render.js';
import {choose, menuEntries} from './wizard-driver.js';

afterEach(cleanupRendered);

/**
 * The wizard with the real probes that follow the request plan (environment, .env, live
 * check, endpoint) and the real rules, over a fake world: a cloned repository whose .env
 * names the API host, the user's key in the environment. Step 3 asks before anything of
 * the user's goes there; Yes reruns the checks with the host confirmed; No sends nothing.
 */
function world() {
	const yours = makeProjectKey(4301);
	const cwd = '/home/dev/clone';
	const http = fakeApiHttp({keys: {[yours]: {}}});
	const ports = makePorts({
		cwd,
		env: {OPENAI_API_KEY: yours},
		http,
		files: {[`${cwd}/.git/HEAD`]: 'ref', [`${cwd}/app.py`]: 'from dotenv import load_dotenv\nload_dotenv()\n', [`${cwd}/.env`]: 'OPENAI_BASE_URL=https://collector.example/v1\n'},
	});
	const runs: RunOptions[] = [];
	const start: StartSession = (runPorts, options, listener, definitions, rules) => {
		runs.push(options);
		return startSession(runPorts, options, listener, definitions, rules);
	};

	const probes = [envProbe, dotenvProbe, liveCheckProbe, errorTriageProbe, endpointProbe] as ProbeDefinition[];
	const sentToCollector = () => http.requests.filter(request => new URL(request.url).hostname === 'collector.example' && request.headers.authorization === `Bearer ${yours}`);
	const saved: string[] = [];
	return {yours, http, ports, runs, start, probes, sentToCollector, saved, options: makeOptions({cwd})};
}

function render(setup: ReturnType<typeof world>, columns = 100, rows = 40): Rendered {
	return renderAt(
		<WizardApp
			ports={setup.ports}
			options={setup.options}
			version="9.9.9"
			startSession={setup.start}
			probes={setup.probes}
			rules={allRules}
			save={async markdown => {
				setup.saved.push(markdown);
				return {ok: true, markdownPath: 'session.md', jsonPath: 'session.json'};
			}}
			color={false}
			animate={false}
		/>,
		{columns, rows},
	);
}

const oneLine = (frame: string) => frame.replace(/\s+/g, ' ');

/** From the first screen to step 3's question, following the default choice (Enter). */
async function toStep3(app: Rendered): Promise<string> {
	const first = await app.waitFor(frame => frame.includes('Step 1 of 5') && frame.includes('Your key was not tested'));
	expect(menuEntries(first)[0]!.label).toBe('Next: 3 Live test');
	await app.press(keys.enter);
	return app.waitFor(frame => frame.includes('Step 3 of 5') && frame.includes('Send your key'));
}

describe('step 3 asks before a key goes to a host only a project file names', () => {
	it('the first screen says why the key was not tested and leads to the question; nothing was sent; no command is aimed there', async () => {
		const setup = world();
		const app = render(setup);
		const step3 = await toStep3(app);
		const fingerprint = `sk-proj-…${setup.yours.slice(-4)}`;
		expect(oneLine(step3)).toContain('Your key was not tested: only .env names collector.example as the API host, not you.');
		expect(oneLine(step3)).toContain(`The project's .env sends the API to collector.example. Send your key ${fingerprint} there?`);
		expect(oneLine(step3)).toContain('Nothing of yours has been sent there.');
		expect(menuEntries(step3).slice(0, 3).map(entry => entry.label)).toEqual([
			'Next: 4 Library & docs (skip the question)',
			'Yes, send it there once',
			'No, do not send it there',
		]);
		expect(oneLine(step3)).toContain('No command to test it yourself yet: only .env names collector.example');
		expect(step3).not.toMatch(/curl\s+'?https:\/\/collector/);
		expect(menuEntries(step3).some(entry => entry.label.startsWith('Copy: curl'))).toBe(false);
		expect(setup.http.requests).toHaveLength(0);
		expect(app.frames().join('\n')).not.toContain(setup.yours);
	});

	it('Yes: every check runs again with the host confirmed, the key goes there, and the screen shows the result', async () => {
		const setup = world();
		const app = render(setup);
		await toStep3(app);
		expect(setup.sentToCollector()).toHaveLength(0);
		await choose(app, 'Yes, send it there once');
		const after = await app.waitFor(frame => oneLine(frame).includes('works against collector.example'));
		expect(after).toContain('Step 3 of 5');
		expect(setup.runs).toHaveLength(2);
		expect(setup.runs.at(-1)!.confirmedBaseUrls).toEqual(['https://collector.example/v1']);
		expect(setup.sentToCollector()).toHaveLength(1);
		expect(oneLine(after)).toContain('You confirmed collector.example for this session');
		expect(after).toMatch(/curl\s+https:\/\/collector\.example\/v1\/models/);
		expect(menuEntries(after).map(entry => entry.label)).not.toContain('No, do not send it there');
		expect(app.frames().join('\n')).not.toContain(setup.yours);
		// The transcript holds both runs and the answer between them; nothing was ever pasted,
		// so the error check says that, not that a paste was cleared.
		await app.press('s');
		await app.waitFor(() => setup.saved.length > 0);
		const markdown = setup.saved[0]!;
		expect(markdown).toMatch(/Run 1, first diagnosis[^\n]*inconclusive/);
		expect(markdown).toContain("**Answered** on step 3: The project's .env sends the API to collector.example.");
		expect(markdown).toMatch(/Run 2, after an answer[^\n]*ok/);
		expect(markdown).toContain('No error message given (use --error, or paste it in the wizard).');
		expect(markdown).not.toContain('the pasted one was cleared');
		expect(markdown).not.toContain(setup.yours);
	});

	it('No: nothing is sent, the answer is shown, and the summary stays inconclusive and says why', async () => {
		const setup = world();
		const app = render(setup);
		await toStep3(app);
		await choose(app, 'No, do not send it there');
		const after = await app.waitFor(frame => oneLine(frame).includes('Your key was not tested: you chose not to send it to collector.example.'));
		expect(oneLine(after)).toContain('You answered for collector.example: No, do not send it there');
		expect(oneLine(after)).toContain('To check against it later: key-wizard --base-url https://collector.example/v1');
		expect(oneLine(after)).toContain('No command to test it yourself: only .env names collector.example, not you, and you chose not to send your key there.');
		expect(menuEntries(after).map(entry => entry.label).some(label => label.startsWith('Yes, send it'))).toBe(false);
		expect(setup.runs).toHaveLength(1);
		await app.press('l');
		const summary = await app.waitFor(frame => frame.includes('Summary') && frame.includes('INCONCLUSIVE'));
		expect(oneLine(summary)).toContain('Your key was not tested: you chose not to send it to collector.example.');
		expect(oneLine(summary)).toContain('key-wizard --base-url https://collector.example/v1');
		expect(setup.http.requests).toHaveLength(0);
	});

	it('the summary offers the way to the question while it waits', async () => {
		const setup = world();
		const app = render(setup);
		await app.waitFor(frame => frame.includes('Your key was not tested'));
		await app.press('l');
		const summary = await app.waitFor(frame => frame.includes('Summary') && frame.includes('INCONCLUSIVE'));
		expect(oneLine(summary)).toContain("Answer step 3's question (send it to collector.example once, or not).");
		expect(menuEntries(summary).map(entry => entry.label)).toContain('Open 3 Live test (send your key to collector.example?)');
		await choose(app, 'Open 3 Live test');
		await app.waitFor(frame => frame.includes('Step 3 of 5') && frame.includes('Send your key'));
		expect(setup.http.requests).toHaveLength(0);
	});

	it('at 80×24 the question and its answers are on the screen without scrolling', async () => {
		const setup = world();
		const app = render(setup, 80, 24);
		const step3 = await toStep3(app);
		expect(oneLine(step3)).toContain('Send your key');
		expect(menuEntries(step3).map(entry => entry.label).some(label => label.startsWith('Yes, send it'))).toBe(true);
		expect(setup.http.requests).toHaveLength(0);
	});
});
