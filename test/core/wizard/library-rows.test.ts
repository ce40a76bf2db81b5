import {describe, expect, it} from 'vitest';
import {libraryRows} from '../../../source/core/wizard/library-rows.js';
import {rotationPlan} from '../../../source/core/wizard/rotation-plan.js';
import {collectKeys} from '../../../source/core/keys/collect.js';
import {makeProjectKey, makeUserKey} from '../../helpers/fake-keys.js';
import {diagnoseProject, type FakeProject} from '../../helpers/fake-project.js';
import {makeOptions} from '../../helpers/facts.js';
import type {Facts} from '../../../source/core/types.js';

const A = makeProjectKey(8501);
const OLD = makeUserKey(8502);

async function factsOf(project: FakeProject) {
	const outcome = await diagnoseProject(project);
	const facts: Facts = {options: makeOptions({network: false}), env: project.env ?? {}, results: outcome.results, keys: collectKeys(outcome.results, [...outcome.results.keys()])};
	return {facts, causes: outcome.causes};
}

describe('step 4: libraryRows', () => {
	it('lists each library with its version, where it was found, what it does with the key, and its docs', async () => {
		const {facts} = await factsOf({
			env: {OPENAI_API_KEY: A},
			files: {
				'app.py': 'from langchain_openai import ChatOpenAI\nfrom openai import OpenAI\nclient = OpenAI()\n',
				'requirements.txt': 'openai==1.54.3\nlangchain-openai>=0.2\n',
				'.venv/lib/python3.11/site-packages/openai-1.54.3.dist-info/METADATA': 'Name: openai\n',
				'web/index.js': "import OpenAI from 'openai';\n",
			},
		});
		const rows = libraryRows(facts);
		expect(rows.map(row => [row.library, row.version, row.from])).toEqual([
			['openai-python', '1.54.3', 'installed in .venv/ (installed)'],
			['langchain-python', '>=0.2', 'declared in requirements.txt:2'],
		]);
		expect(rows[0]!.emptyKey).toContain("b'Bearer '");
		expect(rows[0]!.docs.map(doc => doc.url)).toEqual(['https://github.com/openai/openai-python']);
		expect(rows[1]!.alsoReads).toContain('OPENAI_API_BASE');
	});

	it('warns about a library a major version off, with the migration guide', async () => {
		const {facts} = await factsOf({env: {OPENAI_API_KEY: A}, files: {'index.js': "const {Configuration, OpenAIApi} = require('openai');\nnew OpenAIApi(new Configuration({apiKey: process.env.OPENAI_API_KEY}));\n", 'package.json': '{"dependencies":{"openai":"^3.3.0"}}'}});
		const [row] = libraryRows(facts);
		expect(row).toMatchObject({library: 'openai-node', name: 'openai (Node) ^3.3.0', version: '^3.3.0', warning: 'openai (Node) ^3.3.0 (package.json) is older than 4.'});
		expect(row!.docs.map(doc => doc.url)).toContain('https://github.com/openai/openai-node/discussions/217');
	});

	it('shows a library the code uses even when no version is found', async () => {
		const {facts} = await factsOf({env: {OPENAI_API_KEY: A}, files: {'app.py': 'from openai import OpenAI\nclient = OpenAI()\n'}});
		expect(libraryRows(facts).map(row => [row.library, row.version, row.from])).toEqual([['openai-python', undefined, 'used in app.py (no version found)']]);
	});
});

describe('step 5: rotationPlan', () => {
	it('no rotation needed on a healthy project, with a note about a key in shell history', async () => {
		const {facts, causes} = await factsOf({env: {OPENAI_API_KEY: A}, files: {'app.py': 'from openai import OpenAI\nclient = OpenAI()\n'}, home: {'.bash_history': `export OPENAI_API_KEY=${A}\n`}});
		const plan = rotationPlan(facts, causes);
		expect(plan).toMatchObject({rotate: false});
		expect(plan.notes).toEqual([`sk-proj-…${A.slice(-4)} is in ~/.bash_history:1: delete that line (or the file's copy of it), and type keys with \`read -rs\` from now on.`]);
	});

	it('rotate now, in order, naming each exposed fingerprint and where', async () => {
		const {facts, causes} = await factsOf({
			files: {'main.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI()\n', '.gitignore': '.env\n', '.env': `OPENAI_API_KEY=${A}\n`, 'config.py': `KEY = "${OLD}"\n`},
			git: {tracked: ['main.py', '.gitignore', 'config.py'], ignored: ['.env'], log: `commit abc1234 2026-01-02\n--- /dev/null\n+++ b/.env\n+OPENAI_API_KEY=${A}\n`},
		});
		const plan = rotationPlan(facts, causes);
		if (!plan.rotate) throw new Error('expected a rotation');
		expect(plan.exposed.map(item => [item.fingerprint, item.where, item.inUse])).toEqual([
			[`sk-…${OLD.slice(-4)}`, ['git: config.py:1 (tracked)', 'written into config.py:1'], false],
			[`sk-proj-…${A.slice(-4)}`, ['git: commit abc1234 .env'], true],
		]);
		expect(plan.steps[0]).toContain('create a new secret key');
		expect(plan.steps[3]).toContain(`Revoke the old keys on the same page (sk-…${OLD.slice(-4)}, sk-proj-…${A.slice(-4)})`);
		expect(plan.steps[4]).toContain('git filter-repo or BFG');
		expect(plan.snippets.map(snippet => snippet.id)).toEqual(['shell-export', 'dotenv-line', 'read-silently', 'git-filter-repo', 'bfg']);
		expect(JSON.stringify(plan)).not.toContain(A.slice(8, 40));
	});
});
