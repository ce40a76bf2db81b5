import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCatalog} from '../../source/core/catalog/catalog.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let folder: string;

beforeAll(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'kw-explain-'));
});

afterAll(async () => {
	await rm(folder, {recursive: true, force: true});
});

async function run(args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}) {
	return execa(process.execPath, [...nodeArgs, cli, ...args], {env: {PATH: process.env.PATH!, HOME: folder, ...env}, extendEnv: false, reject: false, stdin: 'ignore', timeout: 30_000});
}

describe('key-wizard explain (the built CLI)', () => {
	it('lists every cause id by step, exit 0, nothing on stderr', async () => {
		const result = await run(['explain']);
		expect(result.exitCode).toBe(0);
		expect(result.stderr).toBe('');
		for (const entry of buildCatalog()) expect(result.stdout).toMatch(new RegExp(`^  ${entry.id} `, 'm'));
		expect(result.stdout).not.toMatch(/\u001B\[/);
	});

	it('explains one id in full, with its docs links', async () => {
		const result = await run(['explain', 'stale-env-shadows-dotenv']);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/^stale-env-shadows-dotenv · step 2: Sources\n/);
		expect(result.stdout).toContain('What it means');
		expect(result.stdout).toContain('  https://github.com/theskumar/python-dotenv');
	});

	it('an unknown id is a usage error: one line naming the near ids, exit 2', async () => {
		const result = await run(['explain', 'key-mising']);
		expect(result.exitCode).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^key-wizard: unknown cause id "key-mising"\. Did you mean .*key-missing/)]);
	});

	it('explain takes one id; --json prints the entries', async () => {
		expect((await run(['explain', 'a', 'b'])).exitCode).toBe(2);
		const json = await run(['explain', 'key-invalid', '--json']);
		expect(JSON.parse(json.stdout).causes[0].id).toBe('key-invalid');
	});

	it('--help names explain', async () => {
		expect((await run(['--help'])).stdout).toContain('key-wizard explain [ID]');
	});

	it('loads as little as --help: no Ink, React or HTTP client', async () => {
		const hook = path.join(folder, 'record-loads.mjs');
		const loaded = path.join(folder, 'loaded.txt');
		const recorder = "import {appendFileSync} from 'node:fs';\nexport async function load(url, context, next) {\n\tif (url.startsWith('file:')) appendFileSync(process.env.KW_LOADED, url + '\\n');\n\treturn next(url, context);\n}\n";
		await writeFile(hook, `import {register} from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(recorder)}`)});\n`);
		const result = await run(['explain', 'key-missing'], ['--import', pathToFileURL(hook).href], {KW_LOADED: loaded});
		expect(result.exitCode).toBe(0);
		const files = (await readFile(loaded, 'utf8')).trim().split('\n').map(url => fileURLToPath(url)).filter(file => file.startsWith(path.dirname(cli)));
		expect(files).toContain(cli);
		const texts = await Promise.all(files.map(file => readFile(file, 'utf8')));
		for (const [index, text] of texts.entries()) {
			expect([files[index], text.includes('react.transitional.element')]).toEqual([files[index], false]);
			expect([files[index], text.includes('Raw mode is not supported')]).toEqual([files[index], false]);
			// The HTTP port's transport (Node's http/https and the proxy tunnel) loads with the first request only.
			expect([files[index], text.includes('tunnelSignal')]).toEqual([files[index], false]);
		}
	});
});
