import {describe, expect, it} from 'vitest';
import {conclude} from '../../source/core/conclude.js';
import {readableSources} from '../../source/core/report/readable-sources.js';
import {allProbes} from '../../source/core/probes/index.js';
import {makeOptions} from '../helpers/facts.js';
import {diagnoseProject} from '../helpers/fake-project.js';
import {makeProjectKey} from '../helpers/fake-keys.js';

describe('causes name places in files as a person reads them', () => {
	it.each([
		['the key (file:apps/web/.env.local:1) is refused', 'the key (apps/web/.env.local:1) is refused'],
		['file:.env:3, file:.env.local:4; env:OPENAI_API_KEY too', '.env:3, .env.local:4; $OPENAI_API_KEY too'],
		['the key (env:OPENAI_API_KEY) is refused', 'the key ($OPENAI_API_KEY) is refused'],
		['profile:~/.bashrc:12 exports it', '~/.bashrc:12 exports it'],
		['a multi-line value at file:.env:3-5.', 'a multi-line value at .env:3-5.'],
		['a URL file:///etc/hosts is not a source', 'a URL file:///etc/hosts is not a source'],
	])('%s', (text, shown) => {
		expect(readableSources(text)).toBe(shown);
	});

	it('in what conclude hands the report and the wizard, while the keys keep their report-form sources', async () => {
		const key = makeProjectKey(9401);
		const {results} = await diagnoseProject({files: {'.env': `OPENAI_API_KEY =${key}\n`, 'main.py': 'from dotenv import load_dotenv\nload_dotenv()\n'}});
		const {causes, keys} = conclude(results, {}, makeOptions({network: false}), allProbes.map(probe => probe.id));
		const text = causes.flatMap(cause => [...cause.evidence, ...cause.fix]).join('\n');
		expect(causes.length).toBeGreaterThan(0);
		expect(text).not.toMatch(/\bfile:\.env/);
		expect(text).toMatch(/(^|\s|\()\.env:1\b/m);
		expect(keys.flatMap(item => item.observations.map(observation => observation.source))).toContain('file:.env:1');
	});
});
