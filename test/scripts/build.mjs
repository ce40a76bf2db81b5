// Bundles the CLI into dist/ with every dependency inlined, so the published package
// has zero runtime dependencies. Ink and React sit in a lazily imported chunk: --json
// and --report never load them.
import {build} from 'esbuild';
import {readFile, rm, writeFile, chmod} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
// KEY_WIZARD_PROFILE_DIR=folder: an unminified build there, for reading --cpu-prof profiles.
const profileDir = process.env.KEY_WIZARD_PROFILE_DIR;
const outdir = profileDir ? path.resolve(profileDir) : path.join(root, 'dist');

// yoga-layout reads its inlined WebAssembly through fetch(data: URL), which makes Node
// load its whole built-in undici (~15 ms before the wizard's first frame); its own
// synchronous base64 path gives the same bytes.
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(build) {
		build.onLoad({filter: /yoga-wasm-base64-esm\.js$/}, async ({path: file}) => {
			const source = await readFile(file, 'utf8');
			const patched = source.replace('"function"!=typeof fetch', 'true');
			if (patched === source) return {contents: source, warnings: [{text: 'yoga-layout changed: its fetch() of the inlined wasm was not bypassed'}]};
			return {contents: patched, loader: 'js'};
		});
	},
};

// Ink imports its React DevTools bridge (react-devtools-core and the `ws` WebSocket
// library, ~50 KB) only when DEV=true: a CLI never needs it, the tarball stays small.
const inkWithoutDevtools = {
	name: 'ink-without-devtools',
	setup(build) {
		build.onLoad({filter: /[\\/]ink[\\/]build[\\/]devtools\.js$/}, () => ({contents: 'export {};\n', loader: 'js'}));
	},
};

// ink-spinner imports cli-spinners' whole table (~30 KB); the wizard draws only 'dots'.
const onlyDotsSpinner = {
	name: 'only-dots-spinner',
	setup(build) {
		build.onLoad({filter: /[\\/]cli-spinners[\\/]spinners\.json$/}, async ({path: file}) => {
			const all = JSON.parse(await readFile(file, 'utf8'));
			return {contents: JSON.stringify({dots: all.dots}), loader: 'json'};
		});
	},
};

// Ink reads is-in-ci once at load and, where CI is set, draws nothing until it exits.
// The wizard only runs in an interactive terminal (elsewhere the CLI prints the plain
// report), so a shell that exports CI=true (dev containers, some dotfiles) must still
// see it drawn.
const inkNeverInCi = {
	name: 'ink-never-in-ci',
	setup(build) {
		build.onResolve({filter: /^is-in-ci$/}, () => ({path: 'is-in-ci', namespace: 'ink-never-in-ci'}));
		build.onLoad({filter: /.*/, namespace: 'ink-never-in-ci'}, () => ({contents: 'export default false;\n', loader: 'js'}));
	},
};

// yaml is a fifth of what a headless run would load, and only a project with compose,
// Kubernetes, CI or serverless files parses YAML. It goes to a CommonJS file of its own,
// loaded by a synchronous require() at the first call: parseYaml stays synchronous, and
// runs without a YAML file never read or compile the parser. Only the names
// source/core/deployed/yaml-file.ts imports are kept, from yaml's ES module build (its
// "default" export condition), where esbuild drops what only stringifying needs.
const yamlFile = await readFile(path.join(root, 'source/core/deployed/yaml-file.ts'), 'utf8');
const yamlNames = /import\s*\{([^}]*)\}\s*from\s*'yaml'/.exec(yamlFile)[1].split(',').map(name => name.trim()).filter(name => name && !name.startsWith('type '));
const yamlOnFirstUse = {
	name: 'yaml-on-first-use',
	setup(build) {
		build.onResolve({filter: /^yaml$/}, () => ({path: 'yaml', namespace: 'yaml-on-first-use'}));
		build.onLoad({filter: /.*/, namespace: 'yaml-on-first-use'}, () => ({
			loader: 'js',
			resolveDir: root,
			contents: [
				"import {createRequire} from 'node:module';",
				"import {fileURLToPath} from 'node:url';",
				'let yaml;',
				// This shim lands in dist/cli.js or in a file of dist/chunks/, next to yaml.cjs.
				"const load = () => (yaml ??= createRequire(import.meta.url)(fileURLToPath(new URL(/\\/chunks\\/[^/]*$/.test(import.meta.url) ? './yaml.cjs' : './chunks/yaml.cjs', import.meta.url))));",
				...yamlNames.map(name =>
					/^[A-Z]/.test(name)
						? `export class ${name} { constructor(...args) { return new (load().${name})(...args); } }`
						: `export const ${name} = (...args) => load().${name}(...args);`,
				),
			].join('\n'),
		}));
	},
};

await rm(outdir, {recursive: true, force: true});
const built = await build({
	metafile: Boolean(profileDir),
	entryPoints: {cli: path.join(root, 'source/cli.tsx')},
	outdir,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: !profileDir,
	legalComments: 'none',
	chunkNames: 'chunks/[name]-[hash]',
	jsx: 'automatic',
	define: {
		'process.env.NODE_ENV': '"production"',
		__KEY_WIZARD_VERSION__: JSON.stringify(pkg.version),
	},
	alias: {'react-devtools-core': path.join(root, 'test/scripts/react-devtools-stub.mjs')},
	// Some bundled CommonJS code calls require(); give ESM output a real one.
	banner: {js: "#!/usr/bin/env node\nimport {createRequire as __kwCreateRequire} from 'node:module';const require=__kwCreateRequire(import.meta.url);"},
	plugins: [yogaWithoutFetch, inkWithoutDevtools, inkNeverInCi, onlyDotsSpinner, yamlOnFirstUse],
	logLevel: 'warning',
});
await build({
	stdin: {contents: `export {${yamlNames.join(', ')}} from './node_modules/yaml/browser/index.js';`, resolveDir: root, loader: 'js'},
	outfile: path.join(outdir, 'chunks/yaml.cjs'),
	bundle: true,
	format: 'cjs',
	platform: 'node',
	target: 'node20',
	minify: !profileDir,
	legalComments: 'none',
	logLevel: 'warning',
});
if (profileDir) await writeFile(path.join(outdir, 'meta.json'), JSON.stringify(built.metafile));
await chmod(path.join(outdir, 'cli.js'), 0o755);
await writeFile(path.join(outdir, 'package.json'), '{"type":"module"}\n');
