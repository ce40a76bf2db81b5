import {describe, expect, it} from 'vitest';
import {conclude} from '../../../source/core/conclude.js';
import {allProbes} from '../../../source/core/probes/index.js';
import {runProbes} from '../../../source/core/run-probes.js';
import {makeOptions} from '../../helpers/facts.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {projectRoot, scriptedGit} from '../../helpers/fake-project.js';

const A = makeProjectKey(9501);

/** A compose project whose code never loads .env: compose's env_file hands it to the container. */
const files = {
	'compose.yaml': 'services:\n  api:\n    build: .\n    env_file: .env\n',
	'Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/app.py"]\n',
	'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
	'requirements.txt': 'openai>=1.40\n',
	'.env': `OPENAI_API_KEY=${A}\n`,
};

async function causesFor(appRuntime?: 'local' | 'compose') {
	const ports = makePorts({cwd: projectRoot, files: Object.fromEntries(Object.entries(files).map(([name, text]) => [`${projectRoot}/${name}`, text])), exec: scriptedGit(Object.keys(files), undefined)});
	const options = makeOptions({network: false});
	const results = await runProbes(allProbes, ports, options, new AbortController().signal);
	const concluded = conclude(results, ports.env, appRuntime ? {...options, appRuntime} : options, allProbes.map(probe => probe.id));
	return concluded.causes;
}

describe('where the user says the app runs decides whether compose loads its .env', () => {
	it('with docker compose (or not said), env_file hands .env to the container: no dotenv-not-loaded', async () => {
		expect((await causesFor()).map(cause => cause.id)).not.toContain('dotenv-not-loaded');
		expect((await causesFor('compose')).map(cause => cause.id)).not.toContain('dotenv-not-loaded');
	});

	it('run on this machine, nothing loads .env: dotenv-not-loaded, with the load snippet', async () => {
		const causes = await causesFor('local');
		const cause = causes.find(item => item.id === 'dotenv-not-loaded');
		expect(cause, JSON.stringify(causes.map(item => item.id))).toBeDefined();
		expect(cause!.evidence.join('\n')).toContain('.env:1');
		expect(cause!.snippets.map(snippet => snippet.text).join('\n')).toContain('load_dotenv()');
	});
});
