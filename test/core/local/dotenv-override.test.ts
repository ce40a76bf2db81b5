import {describe, expect, it} from 'vitest';
import {findDotenvOverride, overrideIn} from '../../../source/core/local/dotenv-override.js';
import {makePorts} from '../../helpers/fake-ports.js';

const root = '/home/dev/project';

describe('overrideIn', () => {
	it.each([
		['python', 'from dotenv import load_dotenv\nload_dotenv(override=True)\n', 2, 'load_dotenv(override=True)'],
		['python, with find_dotenv() first', 'import dotenv\n\ndotenv.load_dotenv(dotenv.find_dotenv(), verbose=True,\n    override = True)\n', 3, 'load_dotenv(override=True)'],
		['python, dotenv_values into os.environ', 'import os\nfrom dotenv import dotenv_values\nos.environ.update(dotenv_values(".env"))\n', 3, 'os.environ.update(dotenv_values(…))'],
		['node, dotenv.config', "import dotenv from 'dotenv';\ndotenv.config({override: true});\n", 2, "dotenv's config({override: true})"],
		['node, require with a path', "require('dotenv').config({ path: '.env', override: true })\n", 1, "dotenv's config({override: true})"],
	])('%s', (_name, text, line, call) => {
		expect(overrideIn(text, 'main.py')).toEqual({file: 'main.py', line, call});
	});

	it.each([
		['the default load_dotenv()', 'load_dotenv()\n'],
		['override=False', 'load_dotenv(override=False)\n'],
		['a commented-out call', '# load_dotenv(override=True)\nload_dotenv()\n'],
		['a commented-out node call', "// require('dotenv').config({override: true})\nrequire('dotenv').config()\n"],
		['override in another call', 'settings.update(override=True)\n'],
	])('no override: %s', (_name, text) => {
		expect(overrideIn(text, 'main.py')).toBeUndefined();
	});
});

describe('findDotenvOverride', () => {
	it('finds the call in a nested source file, skipping dependencies and virtual environments', async () => {
		const ports = makePorts({
			cwd: root,
			files: {
				[`${root}/node_modules/dotenv/example.js`]: "require('dotenv').config({override: true})\n",
				[`${root}/.venv/lib/site.py`]: 'load_dotenv(override=True)\n',
				[`${root}/README.md`]: 'load_dotenv(override=True)\n',
				[`${root}/app/settings.py`]: 'import os\nfrom dotenv import load_dotenv\n\nload_dotenv(override=True)\n',
			},
		});
		expect(await findDotenvOverride(ports, root)).toEqual({file: 'app/settings.py', line: 4, call: 'load_dotenv(override=True)'});
	});

	it('ignores calls only in dependencies', async () => {
		const ports = makePorts({cwd: root, files: {[`${root}/node_modules/x/index.js`]: "require('dotenv').config({override: true})\n", [`${root}/main.py`]: 'load_dotenv()\n'}});
		expect(await findDotenvOverride(ports, root)).toBeUndefined();
	});

	it('reads at most the file limit', async () => {
		const files: Record<string, string> = {};
		for (let index = 0; index < 50; index++) files[`${root}/m${String(index).padStart(2, '0')}.py`] = 'x = 1\n';
		files[`${root}/z.py`] = 'load_dotenv(override=True)\n';
		const ports = makePorts({cwd: root, files});
		expect(await findDotenvOverride(ports, root, {maxFiles: 20, maxBytes: 1024, maxDepth: 2, maxDirs: 10})).toBeUndefined();
		expect(await findDotenvOverride(ports, root, {maxFiles: 60, maxBytes: 1024, maxDepth: 2, maxDirs: 10})).toMatchObject({file: 'z.py'});
	});
});
