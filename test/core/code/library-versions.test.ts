import {describe, expect, it} from 'vitest';
import {
	compareVersions,
	majorOf,
	parseInstalledPackageJson,
	parseNodeLock,
	parsePackageJson,
	parsePipfileLock,
	parsePipShow,
	parsePyproject,
	parseRequirements,
	parseTomlLock,
	pinnedMajor,
} from '../../../source/core/code/library-versions.js';
import {outdatedLibraries} from '../../../source/core/code/outdated.js';
import {libraryBehaviour} from '../../../source/core/code/library-behaviour.js';

describe('manifests and lock files', () => {
	it('reads requirements files, extras and ranges included', () => {
		expect(parseRequirements('# deps\nopenai==0.28.1\nlangchain-openai>=0.1  # chat\nrequests\n-r dev.txt\nOpenAI[datalib] >= 1.2, <2\n', 'requirements.txt')).toEqual([
			{library: 'openai-python', source: 'requirements.txt:2', level: 'declared', spec: '==0.28.1', version: '0.28.1'},
			{library: 'langchain-python', source: 'requirements.txt:3', level: 'declared', spec: '>=0.1'},
			{library: 'openai-python', source: 'requirements.txt:6', level: 'declared', spec: '>=1.2,<2'},
		]);
	});

	it('reads PEP 621 and Poetry dependencies from pyproject.toml', () => {
		const found = parsePyproject('[project]\ndependencies = [\n  "openai>=1.40",\n  "langchain-openai",\n]\n[tool.poetry.dependencies]\npython = "^3.11"\nopenai = "^0.28"\nlangchain = {version = "^0.1", optional = true}\n');
		expect(found.map(item => [item.library, item.spec, item.source])).toEqual([
			['openai-python', '>=1.40', 'pyproject.toml:3'],
			['langchain-python', '*', 'pyproject.toml:4'],
			['openai-python', '^0.28', 'pyproject.toml:8'],
			['langchain-python', '^0.1', 'pyproject.toml:9'],
		]);
	});

	it('reads poetry.lock / uv.lock and Pipfile.lock', () => {
		expect(parseTomlLock('[[package]]\nname = "openai"\nversion = "1.54.3"\ndescription = "x"\n\n[[package]]\nname = "httpx"\nversion = "0.27.0"\n', 'uv.lock')).toEqual([{library: 'openai-python', version: '1.54.3', source: 'uv.lock', level: 'locked'}]);
		expect(parsePipfileLock(JSON.stringify({default: {openai: {version: '==0.27.8'}}, develop: {}}))).toEqual([{library: 'openai-python', version: '0.27.8', source: 'Pipfile.lock', level: 'locked'}]);
		expect(parsePipfileLock('not json')).toEqual([]);
	});

	it('reads package.json, every Node lock file format and an installed package', () => {
		expect(parsePackageJson(JSON.stringify({dependencies: {openai: '^4.73.0'}, devDependencies: {'@langchain/openai': '~0.3.0'}}))).toEqual([
			{library: 'openai-node', spec: '^4.73.0', source: 'package.json', level: 'declared'},
			{library: 'langchain-js', spec: '~0.3.0', source: 'package.json', level: 'declared'},
		]);
		expect(parseNodeLock(JSON.stringify({lockfileVersion: 3, packages: {'node_modules/openai': {version: '4.73.0'}}}), 'package-lock.json')).toEqual([{library: 'openai-node', version: '4.73.0', source: 'package-lock.json', level: 'locked'}]);
		expect(parseNodeLock(JSON.stringify({lockfileVersion: 1, dependencies: {openai: {version: '3.3.0'}}}), 'package-lock.json')[0]?.version).toBe('3.3.0');
		expect(parseNodeLock('"openai@^4.20.0":\n  version "4.73.0"\n  resolved "https://registry"\n', 'yarn.lock')[0]?.version).toBe('4.73.0');
		expect(parseNodeLock('packages:\n\n  /openai@3.3.0:\n    resolution: {}\n', 'pnpm-lock.yaml')[0]?.version).toBe('3.3.0');
		expect(parseNodeLock("packages:\n\n  openai@4.73.0:\n    resolution: {}\n  '@langchain/openai@0.3.1':\n", 'pnpm-lock.yaml').map(item => [item.library, item.version])).toEqual([
			['openai-node', '4.73.0'],
			['langchain-js', '0.3.1'],
		]);
		expect(parseNodeLock('{"packages": {"openai": ["openai@5.1.0", "", {}]}}', 'bun.lock')[0]?.version).toBe('5.1.0');
		expect(parseInstalledPackageJson('{"name":"openai","version":"4.73.0"}', 'openai-node', 'node_modules/openai/package.json')[0]).toMatchObject({version: '4.73.0', level: 'installed'});
	});

	it('reads pip show', () => {
		expect(parsePipShow('Name: openai\nVersion: 1.54.3\nSummary: …\n', 'pip show (python3)')).toEqual([{library: 'openai-python', version: '1.54.3', source: 'pip show (python3)', level: 'installed'}]);
		expect(parsePipShow('WARNING: Package(s) not found: openai\n', 'pip show')).toEqual([]);
	});

	it.each([
		['==0.28.1', 0],
		['~=0.28', 0],
		['<1', 0],
		['>=0.27,<1', 0],
		['>=1,<2', 1],
		['==1.*', 1],
		['^4.2', 4],
		['~3.1', 3],
		['3.x', 3],
		['4.73.0', 4],
		['>=1.0', undefined],
		['<2', undefined],
		['*', undefined],
		['latest', undefined],
	])('pinnedMajor(%s) = %s', (spec, major) => {
		expect(pinnedMajor(spec)).toBe(major);
	});

	it('compares versions', () => {
		expect(compareVersions('2.33.1', '2.34.0')).toBeLessThan(0);
		expect(compareVersions('2.34.0', '2.34.0')).toBe(0);
		expect(compareVersions('10.0.0', '9.9.9')).toBeGreaterThan(0);
		expect(majorOf('v4.1.0')).toBe(4);
	});
});

describe('outdatedLibraries', () => {
	const use = (generation: string, form: string) => ({apiUses: [{file: 'app.py', line: 3, form, generation: generation as never}]});
	it.each([
		['python 0.28 installed', [{library: 'openai-python' as const, version: '0.28.1', source: '.venv/', level: 'installed' as const}], undefined, 'old-version', true],
		['v0 code with 1.x locked', [{library: 'openai-python' as const, version: '1.35.0', source: 'poetry.lock', level: 'locked' as const}], use('python-v0', 'openai.ChatCompletion'), 'old-code', true],
		['v1 code with 0.28 pinned', [{library: 'openai-python' as const, spec: '==0.28', source: 'requirements.txt:1', level: 'declared' as const}], use('python-v1', 'from openai import OpenAI'), 'new-code', false],
		['v0 code, no version anywhere', [], use('python-v0', 'openai.Completion'), 'old-code', false],
		['node 3 locked', [{library: 'openai-node' as const, version: '3.3.0', source: 'package-lock.json', level: 'locked' as const}], undefined, 'old-version', true],
		['node v3 code with openai 4', [{library: 'openai-node' as const, version: '4.73.0', source: 'node_modules/openai/package.json', level: 'installed' as const}], use('node-v3', 'new OpenAIApi(new Configuration(…))'), 'old-code', true],
	])('%s', (_name, sightings, scan, problem, certain) => {
		expect(outdatedLibraries(sightings, scan)).toEqual([expect.objectContaining({problem, certain})]);
	});

	it.each([
		['python 1.x with v1 code', [{library: 'openai-python' as const, version: '1.54.3', source: 'uv.lock', level: 'locked' as const}], use('python-v1', 'from openai import OpenAI')],
		['node 4 with v4 code', [{library: 'openai-node' as const, spec: '^4.73.0', source: 'package.json', level: 'declared' as const}], use('node-v4', 'new OpenAI()')],
		['an open range and no code', [{library: 'openai-python' as const, spec: '>=0.27', source: 'requirements.txt:1', level: 'declared' as const}], undefined],
	])('not outdated: %s', (_name, sightings, scan) => {
		expect(outdatedLibraries(sightings, scan)).toEqual([]);
	});
});

describe('libraryBehaviour (reference §3.2–3.3)', () => {
	it('python 1.0–2.33 sends an empty key and fails on the header; 2.34 refuses at construction', () => {
		expect(libraryBehaviour('openai-python', '1.54.3').emptyKey).toContain("Illegal header value b'Bearer '");
		expect(libraryBehaviour('openai-python', '1.54.3').missingKey).toContain('The api_key client option must be set');
		expect(libraryBehaviour('openai-python', '2.34.0').missingKey).toContain('Missing credentials');
		expect(libraryBehaviour('openai-python', '1.54.3').whitespace).toContain('Not stripped');
	});

	it('node trims the environment variable, not an explicit apiKey; the missing-key text follows the version', () => {
		expect(libraryBehaviour('openai-node', '4.73.0').whitespace).toMatch(/OPENAI_API_KEY is trimmed.*apiKey is not/);
		expect(libraryBehaviour('openai-node', '4.73.0').missingKey).toContain('missing or empty');
		expect(libraryBehaviour('openai-node', '5.18.0').missingKey).toBe('Missing credentials. Please pass an `apiKey`, or set the `OPENAI_API_KEY` environment variable.');
		expect(libraryBehaviour('openai-node', '3.3.0').docs.map(doc => doc.url)).toContain('https://github.com/openai/openai-node/discussions/217');
	});

	it('LangChain reads the legacy variables', () => {
		expect(libraryBehaviour('langchain-python').alsoReads).toMatch(/OPENAI_API_BASE.*OPENAI_ORGANIZATION/);
	});
});
