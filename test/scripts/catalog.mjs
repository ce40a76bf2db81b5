// Writes the README's cause catalog from the rules themselves (npm run catalog), between
// the `causes:start` / `causes:end` markers. --print prints the section instead; --check
// exits 1 when the README differs from it (a test runs the same comparison).
import {build} from 'esbuild';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readmePath = path.join(root, 'README.md');
const start = '<!-- causes:start (written by npm run catalog) -->';
const end = '<!-- causes:end -->';

/** The section, rendered by the product's own catalog code. */
async function renderSection() {
	const folder = await mkdtemp(path.join(tmpdir(), 'kw-catalog-'));
	try {
		const out = path.join(folder, 'catalog.mjs');
		await build({
			stdin: {
				contents: "export {buildCatalog} from './source/core/catalog/catalog.ts';\nexport {renderCatalogMarkdown} from './source/core/catalog/render-catalog.ts';\n",
				resolveDir: root,
				loader: 'ts',
			},
			bundle: true,
			format: 'esm',
			platform: 'node',
			target: 'node20',
			outfile: out,
			banner: {js: "import {createRequire as __kwCreateRequire} from 'node:module';const require=__kwCreateRequire(import.meta.url);"},
			logLevel: 'warning',
		});
		const {buildCatalog, renderCatalogMarkdown} = await import(pathToFileURL(out).href);
		return renderCatalogMarkdown(buildCatalog());
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
}

const section = await renderSection();
const mode = process.argv[2];
if (mode === '--print') {
	process.stdout.write(section);
} else {
	const readme = await readFile(readmePath, 'utf8');
	const from = readme.indexOf(start);
	const to = readme.indexOf(end);
	if (from === -1 || to < from) {
		process.stderr.write(`README.md has no ${start} … ${end} markers.\n`);
		process.exit(1);
	}

	const updated = `${readme.slice(0, from + start.length)}\n${section}${readme.slice(to)}`;
	if (mode === '--check') {
		if (updated !== readme) {
			process.stderr.write('README.md’s cause catalog is out of date: run npm run catalog.\n');
			process.exit(1);
		}
	} else if (updated !== readme) {
		await writeFile(readmePath, updated);
		process.stdout.write('README.md: cause catalog updated.\n');
	} else {
		process.stdout.write('README.md: cause catalog already up to date.\n');
	}
}
