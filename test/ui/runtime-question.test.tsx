import {afterEach, describe, expect, it} from 'vitest';
import {allRules} from '../../source/core/diagnose/rules/index.js';
import {dockerProbe} from '../../source/core/probes/docker.js';
import {allProbes} from '../../source/core/probes/index.js';
import {dockerfileProbe} from '../../source/core/probes/dockerfile.js';
import {dotenvProbe} from '../../source/core/probes/dotenv.js';
import {envProbe} from '../../source/core/probes/env.js';
import {keyAnatomyProbe} from '../../source/core/probes/key-anatomy.js';
import type {ProbeDefinition, RunOptions} from '../../source/core/types.js';
import {startSession} from '../../source/runner/session.js';
import {WizardApp} from '../../source/ui/app.js';
import type {StartSession} from '../../source/ui/hooks/use-wizard.js';
import {fakeDocker, fakeTools} from '../helpers/fake-deployed.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {makePorts} from '../helpers/fake-ports.js';
import {makeOptions} from '../helpers/facts.js';
import {cleanupRendered, renderAt, type Rendered} from '../helpers/render.js';
import {choose, menuEntries} from './wizard-driver.js';

afterEach(cleanupRendered);

/**
 * The wizard with the real environment, .env, Dockerfile and docker probes and the real
 * rules, over a fake docker: a project with a Dockerfile, three containers on the daemon,
 * none named with --container. Step 2 asks where the app runs; "In a Docker container"
 * brings the container picker; the pick reruns the checks with that container inspected.
 */
function world() {
	const hostKey = makeProjectKey(5101);
	const containerKey = makeProjectKey(5102);
	const cwd = '/home/dev/shop';
	const calls: string[][] = [];
	const docker = fakeDocker(
		[
			{name: 'shop-web', env: [`OPENAI_API_KEY=${containerKey}`, 'PATH=/usr/bin']},
			{name: 'postgres', env: ['POSTGRES_PASSWORD=x']},
			{name: 'old-shop', env: [], state: 'exited'},
		],
		calls,
	);
	const ports = makePorts({
		cwd,
		env: {OPENAI_API_KEY: hostKey, DOCKER_HOST: 'unix:///var/run/docker.sock'},
		exec: fakeTools({docker}),
		files: {[`${cwd}/.git/HEAD`]: 'ref', [`${cwd}/Dockerfile`]: 'FROM node:20\nCOPY package.json .\nCMD ["node", "server.js"]\n', [`${cwd}/.dockerignore`]: '.env\n'},
	});
	const runs: RunOptions[] = [];
	const start: StartSession = (runPorts, options, listener, definitions, rules) => {
		runs.push(options);
		return startSession(runPorts, options, listener, definitions, rules);
	};

	const probes = [envProbe, dotenvProbe, keyAnatomyProbe, dockerProbe, dockerfileProbe] as ProbeDefinition[];
	return {hostKey, containerKey, calls, ports, runs, start, probes, options: makeOptions({cwd, network: false})};
}

function render(setup: ReturnType<typeof world>, columns = 100, rows = 40): Rendered {
	return renderAt(<WizardApp ports={setup.ports} options={setup.options} version="9.9.9" startSession={setup.start} probes={setup.probes} rules={allRules} color={false} animate={false} />, {columns, rows});
}

const inspected = (calls: string[][]) => calls.filter(call => call[1] === 'inspect').flatMap(call => call.slice(4));

describe('step 2 asks where the app runs, and which container is its', () => {
	it('In a Docker container → the picker, running containers first; the pick reruns with it inspected and names the key that differs', async () => {
		const setup = world();
		const app = render(setup);
		await app.waitFor(frame => frame.includes('Step 1 of 5') && !frame.includes('running'));
		await app.press(']');
		const asked = await app.waitFor(frame => frame.includes('Step 2 of 5') && frame.includes('Where does the app that gets the 401 run?'));
		expect(asked.replace(/\s+/g, ' ')).toContain('In a Docker container: Dockerfile in the project');
		expect(menuEntries(asked).map(entry => entry.label)).toEqual(expect.arrayContaining(['On this machine', 'In a Docker container']));
		expect(inspected(setup.calls)).toEqual([]);

		await choose(app, 'In a Docker container');
		const picker = await app.waitFor(frame => frame.includes('Which container runs the app?'));
		const labels = menuEntries(picker).map(entry => entry.label);
		const web = labels.findIndex(label => label.startsWith('shop-web'));
		const exited = labels.findIndex(label => label.startsWith('old-shop'));
		expect(web).toBeGreaterThan(-1);
		expect(exited).toBeGreaterThan(web);
		expect(setup.runs).toHaveLength(1);

		await choose(app, 'shop-web');
		const after = await app.waitFor(frame => frame.includes('You answered: shop-web') && frame.includes('The container has another key'), 5000);
		expect(setup.runs).toHaveLength(2);
		expect(setup.runs[1]!.containers).toEqual(['shop-web']);
		expect(inspected(setup.calls)).toContain('shop-web');
		expect(after).toContain('Step 2 of 5');
		expect(after).toContain(`docker inspect shop-web shows OPENAI_API_KEY = sk-proj-…${setup.containerKey.slice(-4)}`);
		expect(menuEntries(after)[1]!.label).toMatch(/^Copy: /);
		// The fix is shown once: the place's own snippet is the cause's, not repeated under it.
		expect(after.split('docker run -d --name shop-web -e OPENAI_API_KEY app:latest').length - 1).toBeLessThanOrEqual(2);
		expect(after).not.toContain(setup.containerKey.slice(8, -4));
		expect(after).not.toContain(setup.hostKey.slice(8, -4));
	});

	it('On this machine: no picker, nothing inspected, and the docker fix snippets stay away', async () => {
		const setup = world();
		const app = render(setup);
		await app.waitFor(frame => frame.includes('Step 1 of 5') && !frame.includes('running'));
		await app.press(']');
		await app.waitFor(frame => frame.includes('Where does the app that gets the 401 run?'));
		await choose(app, 'On this machine');
		const after = await app.waitFor(frame => frame.includes('You answered: On this machine'));
		expect(after).not.toContain('Which container runs the app?');
		expect(after).not.toContain('Set the key where the app runs');
		expect(setup.runs).toHaveLength(1);
		expect(inspected(setup.calls)).toEqual([]);
	});

	it('On this machine, a compose project whose code never loads .env: compose’s env_file does not reach the app, so dotenv-not-loaded comes up', async () => {
		const cwd = '/home/dev/api';
		const files = {
			'compose.yaml': 'services:\n  api:\n    build: .\n    env_file: .env\n',
			'Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/app.py"]\n',
			'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
			'requirements.txt': 'openai>=1.40\n',
			'.env': `OPENAI_API_KEY=${makeProjectKey(5103)}\n`,
		};
		const ports = makePorts({cwd, files: Object.fromEntries(Object.entries(files).map(([name, text]) => [`${cwd}/${name}`, text]))});
		const app = renderAt(
			<WizardApp ports={ports} options={makeOptions({cwd, network: false})} version="9.9.9" startSession={startSession} probes={allProbes} rules={allRules} color={false} animate={false} />,
			{columns: 100, rows: 40},
		);
		await app.waitFor(frame => frame.includes('Step 1 of 5') && !frame.split('\n')[0]!.includes('running'), 5000);
		expect(app.lastFrame()).not.toContain('the app never loads .env');
		await app.press(']');
		await app.waitFor(frame => frame.includes('Where does the app that gets the 401 run?'));
		await choose(app, 'On this machine');
		const after = await app.waitFor(frame => frame.includes('You answered: On this machine') && frame.includes('the app never loads .env'));
		expect(after).toContain('load_dotenv');
	});
});
