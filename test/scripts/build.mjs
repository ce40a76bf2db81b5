// Bundles the CLI into dist/ with every dependency inlined, so the published package
// has zero runtime dependencies. Ink and React sit in a lazily imported chunk: --json
// and --report never load them.
import {build} from 'esbuild';
import {readFile, readdir, rm, writeFile, chmod, mkdtemp} from 'node:fs/promises';
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {fileURLToPath} from 'node:url';
import {builtinModules, createRequire} from 'node:module';
import {createHash} from 'node:crypto';
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
// The core (source/core and source/runner: probes, rules, reports, the session) is one
// CommonJS file, dist/chunks/core.cjs, which runner/code-cache.ts runs with a V8 code
// cache: Node 20 caches no ES module's compiled code, and compiling the core and each
// probe and rule on its first call was most of a headless run's own time.
// The rest are cli.js and the wizard's chunk (dist/chunks/run-wizard.mjs: Ink and React,
// ES modules that need top-level await, so the chunk is an ES module). Where either
// imports a core module, the import is answered from the loaded core (coreFromScript),
// so there is one copy of each core module, and of its state, in the package and in a run.
// The source is ES modules throughout; what Node runs first is built as CommonJS
// (dist/package.json says so for dist/*.js): on Node 20 an ES module entry starts Node's
// ES module loader, which reads the entry through fs/promises and loads the streams and
// readline on the way, about 5 ms before cli.js's first line, a sixth of Node's own
// start. A headless run never needs that loader; the wizard's import() of its chunk
// starts it, concurrently with the core's loading.
// cli.js is one file, built without code splitting: a headless run loads cli.js and
// core.cjs and no other module. Its lazy imports of core modules become lazily run
// stand-ins in cli.js itself; its import of the wizard stays an import() of the wizard's chunk.
const sourceRoot = path.join(root, 'source');
const cliSource = path.join(sourceRoot, 'cli.tsx');
const coreFolders = ['core', 'runner'].map(folder => path.join(sourceRoot, folder) + path.sep);
const isCoreModule = file => coreFolders.some(folder => file.startsWith(folder));
// cli.js's own static imports (argument parsing, the first frame) run before the core
// loads: they keep their own copies (small, and without state).
const answeredFromCore = ({importer, kind}) => importer.startsWith(path.join(sourceRoot, 'ui') + path.sep) || (importer === cliSource && kind === 'dynamic-import');
const moduleId = file => path.relative(sourceRoot, file).replace(/\.tsx?$/, '').split(path.sep).join('/');
const coreModuleFiles = new Map();
// cli.tsx's lazy imports of modules outside the core (the wizard): each is a chunk of its own.
const lazyChunks = new Map();
let coreExports;
let coreSourceId;
let yamlSourceId;

/**
 * Answers core imports from core.cjs; `coreFile` is where core.cjs is, relative to the
 * bundle's own file, found through `__dirname` in a CommonJS bundle and `import.meta.url`
 * in an ES module.
 */
function coreFromScript(coreFile, {commonJs = false} = {}) {
	return {
		name: 'core-from-script',
		setup(build) {
			build.onResolve({filter: /^\.\.?\//}, async args => {
				if (args.pluginData?.coreFromScript || !answeredFromCore(args)) return undefined;
				const resolved = await build.resolve(args.path, {kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: {coreFromScript: true}});
				if (resolved.errors.length > 0) return undefined;
				if (!isCoreModule(resolved.path)) {
					if (args.importer !== cliSource) return undefined;
					const chunk = `chunks/${path.basename(resolved.path).replace(/\.tsx?$/, '.mjs')}`;
					if (lazyChunks.has(chunk) && lazyChunks.get(chunk) !== resolved.path) throw new Error(`cli.tsx imports two modules named ${chunk}: ${lazyChunks.get(chunk)} and ${resolved.path}`);
					lazyChunks.set(chunk, resolved.path);
					return {path: `./${chunk}`, external: true};
				}

				const id = moduleId(resolved.path);
				coreModuleFiles.set(id, resolved.path);
				return {path: id, namespace: 'core-from-script'};
			});
			build.onLoad({filter: /.*/, namespace: 'core-from-script'}, ({path: id}) => {
				// First pass (no core built yet): the module itself, only to learn which ones are reached.
				if (!coreExports) return {contents: `export * from ${JSON.stringify(coreModuleFiles.get(id))};`, resolveDir: root, loader: 'js'};
				const names = coreExports[id];
				if (!names) throw new Error(`core.cjs has no module ${id}`);
				const named = names.filter(name => name !== 'default');
				return {
					loader: 'js',
					resolveDir: root,
					contents: [
						"import {loadCore} from 'key-wizard:core';",
						`const module = loadCore().modules[${JSON.stringify(id)}];`,
						named.length > 0 ? `export const {${named.join(', ')}} = module;` : '',
						names.includes('default') ? 'export default module.default;' : '',
					].join('\n'),
				};
			});
			build.onResolve({filter: /^key-wizard:core$/}, () => ({path: 'core', namespace: 'key-wizard-core'}));
			build.onLoad({filter: /.*/, namespace: 'key-wizard-core'}, () => ({
				loader: 'js',
				resolveDir: root,
				contents: [
					"import {homedir} from 'node:os';",
					"import path from 'node:path';",
					commonJs ? '' : "import {fileURLToPath} from 'node:url';",
					`import {codeCacheFolder, kindsOfRun, loadCommonJsWithCodeCache} from ${JSON.stringify(path.join(sourceRoot, 'runner/code-cache.ts'))};`,
					// cli.js and the wizard's chunk each have this loader; the first to run it loads the core for both.
					"const loaded = Symbol.for('key-wizard.core');",
					'export function loadCore() {',
					'	return (globalThis[loaded] ??= load());',
					'}',
					'function load() {',
					commonJs ? `	const file = path.join(__dirname, ${JSON.stringify(coreFile)});` : `	const file = fileURLToPath(new URL(${JSON.stringify(coreFile)}, import.meta.url));`,
					// code-cache/ beside core.cjs is the build's own (see the end of this script).
					`	const script = loadCommonJsWithCodeCache(file, {cacheFolder: codeCacheFolder(process.env, homedir()), builtCacheFolder: path.join(path.dirname(file), 'code-cache'), sourceId: ${JSON.stringify(coreSourceId)}, siblings: {'yaml.cjs': ${JSON.stringify(yamlSourceId)}}});`,
					// At exit every function the run used is compiled, so the cache holds them all.
					"	process.once('exit', () => script.saveCache(kindsOfRun()));",
					'	return script.exports;',
					'}',
				].join('\n'),
			}));
		},
	};
}

/** An exported function for each of `names` that calls the one of `target` (an expression, read at the call). */
function callThrough(names, target) {
	return names.map(name => `export function ${name}(...args) { return ${target}.${name}(...args); }`);
}

/**
 * A module that stands in for another and loads it at its first use: `load` is the
 * expression that requires it; each of `functions` is a wrapper, each of `classes` a class
 * whose constructor returns the real one's instance, and the default export (with
 * `proxyDefault`) reads any other member (a class to extend, a constant) on first access.
 */
function onFirstUseModule(load, {functions = [], classes = [], proxyDefault = false}) {
	return [
		'let real;',
		`const load = () => (real ??= ${load});`,
		...callThrough(functions, 'load()'),
		...classes.map(name => `export class ${name} { constructor(...args) { return new (load().${name})(...args); } }`),
		proxyDefault ? 'export default new Proxy({}, {get: (_, name) => load()[name], has: (_, name) => name in load()});' : '',
	].join('\n');
}

const yamlOnFirstUse = {
	name: 'yaml-on-first-use',
	setup(build) {
		build.onResolve({filter: /^yaml$/}, () => ({path: 'yaml', namespace: 'yaml-on-first-use'}));
		build.onLoad({filter: /.*/, namespace: 'yaml-on-first-use'}, () => ({
			loader: 'js',
			// core.cjs sits next to yaml.cjs and runs with its own require; a computed path keeps esbuild from bundling it.
			contents: onFirstUseModule("require(require('node:path').join(__dirname, 'yaml.cjs'))", {
				functions: yamlNames.filter(name => !/^[A-Z]/.test(name)),
				classes: yamlNames.filter(name => /^[A-Z]/.test(name)),
			}),
		}));
	},
};

// Node's own modules that a run in a folder with no key and no tool to start never uses,
// yet would load with the core: node:crypto (~5 ms), node:https (~4 ms, with node:http
// ~2 ms more: the stand-in API of --demo imports them), node:child_process (~2.5 ms) and
// node:fs/promises (only --demo and --save use it: 1.5 ms on Node 20 and 22, 6 ms on Node 24).
// In core.cjs each is loaded at its first use: its functions through wrappers, anything
// else (a class to extend, a constant) through its default export.
const builtinsOnFirstUse = {
	name: 'builtins-on-first-use',
	setup(build) {
		// The shim's own require() is of the real module.
		build.onResolve({filter: /^node:(crypto|child_process|http|https|fs\/promises)$/}, ({path: id, namespace}) =>
			namespace === 'builtin-on-first-use' ? {path: id, external: true} : {path: id, namespace: 'builtin-on-first-use'},
		);
		build.onLoad({filter: /.*/, namespace: 'builtin-on-first-use'}, ({path: id}) => {
			const real = createRequire(import.meta.url)(id);
			const functions = Object.keys(real).filter(name => /^[a-z]\w*$/.test(name) && typeof real[name] === 'function');
			return {loader: 'js', contents: onFirstUseModule(`require(${JSON.stringify(id)})`, {functions, proxyDefault: true})};
		});
	},
};

// In the wizard's chunk (an ES module), an import of one of Node's own modules would make
// Node build an ES module facade of it, which reads every export, getters included:
// node:fs's `promises` getter alone loads fs/promises. process.getBuiltinModule (Node
// 20.16 and later) hands over the module itself; the named exports are the module's plain
// properties, so none of its getters runs (an import of a getter's name fails the build).
// In the CommonJS bundles (cli.js, core.cjs), esbuild turns each module's import of a
// builtin into a require() wrapped in a copy of the builtin's properties as getters:
// twenty-odd modules of the core import node:path, and a run paid for each copy (about
// 1.5 ms at load). In core.cjs, `only` names the builtins every run loads anyway, and each
// is one shared module of the bundle; a CommonJS dependency's own require() stays as it is.
const builtinsWithoutFacade = ({only} = {}) => ({
	name: 'builtins-without-facade',
	setup(build) {
		const builtins = new Set(only ?? builtinModules);
		build.onResolve({filter: /^[a-z_/:]+$/}, ({path: id, kind}) => {
			const name = id.replace(/^node:/, '');
			if (only && kind === 'require-call') return undefined;
			return builtins.has(name) ? {path: `node:${name}`, namespace: 'builtin-without-facade'} : undefined;
		});
		build.onLoad({filter: /.*/, namespace: 'builtin-without-facade'}, ({path: id}) => {
			const real = createRequire(import.meta.url)(id);
			const names = Object.keys(real).filter(name => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
			const plain = names.filter(name => 'value' in Object.getOwnPropertyDescriptor(real, name));
			// A getter that yields a function (util.parseArgs loads its module on first access): a wrapper reads it at the call.
			const lazyFunctions = names.filter(name => !plain.includes(name) && /^[a-z]/.test(name) && typeof real[name] === 'function');
			return {
				loader: 'js',
				contents: [
					`const real = process.getBuiltinModule(${JSON.stringify(id)});`,
					'export default real;',
					...plain.map(name => `export const ${name} = /* @__PURE__ */ (() => real.${name})();`),
					...callThrough(lazyFunctions, 'real'),
				].join('\n'),
			};
		});
	},
});

/** What names a built file's content in its code cache's name: hashed here, once, rather than on every run. */
async function sourceIdOf(file) {
	return createHash('sha256').update(await readFile(file)).digest('hex').slice(0, 20);
}

/**
 * core.cjs as ASCII, so the loader reads it as latin1 (about 1 ms less than decoding
 * UTF-8 on every run). esbuild escapes strings and identifiers but leaves regular
 * expression literals as written (`/额度不足/`, `/…/u`): each character of theirs above
 * ASCII becomes `\uXXXX`, which means the same character in every regex mode. Found
 * with TypeScript's parser, so nothing but a regex literal's text is touched; any other
 * character above ASCII fails the build.
 */
async function asciiOnly(file) {
	const source = await readFile(file, 'utf8');
	if (/^[\x00-\x7f]*$/.test(source)) return source;
	const ts = createRequire(import.meta.url)('typescript');
	const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
	const literals = [];
	const visit = node => {
		if (node.kind === ts.SyntaxKind.RegularExpressionLiteral && /[^\x00-\x7f]/.test(node.text)) literals.push({start: node.getStart(parsed), end: node.end, text: node.text});
		ts.forEachChild(node, visit);
	};
	visit(parsed);
	let ascii = '';
	let at = 0;
	for (const {start, end, text} of literals) {
		if (/\\[^\x00-\x7f]/.test(text)) throw new Error(`core.cjs: a regular expression escapes a character above ASCII (${text.slice(0, 60)}); write it without the backslash`);
		ascii += source.slice(at, start) + text.replace(/[^\x00-\x7f]/g, character => {
			const code = character.charCodeAt(0);
			if (code >= 0xd800 && code <= 0xdfff) throw new Error(`core.cjs: a regular expression has a character outside the BMP (${text.slice(0, 60)}); write it as an escape`);
			return `\\u${code.toString(16).padStart(4, '0')}`;
		});
		at = end;
	}

	ascii += source.slice(at);
	const left = /[^\x00-\x7f]/.exec(ascii);
	if (left) throw new Error(`core.cjs: a character above ASCII outside a regular expression literal: ${JSON.stringify(ascii.slice(Math.max(0, left.index - 40), left.index + 20))}`);
	return ascii;
}

const define = {
	'process.env.NODE_ENV': '"production"',
	__KEY_WIZARD_VERSION__: JSON.stringify(pkg.version),
};
// What every bundle of the build shares: cli.js, the wizard's chunk, core.cjs and yaml.cjs.
const bundleOptions = {bundle: true, platform: 'node', target: 'node20', minify: !profileDir, legalComments: 'none', logLevel: 'warning'};
// What cli.js (CommonJS) and the wizard's chunk (an ES module) share.
const appOptions = {
	...bundleOptions,
	outdir,
	jsx: 'automatic',
	define,
	alias: {'react-devtools-core': path.join(root, 'test/scripts/react-devtools-stub.mjs')},
};
// Node before 20.16 has no process.getBuiltinModule (package.json's engines asks for 20.18.1): a line, not a stack trace.
const nodeTooOld =
	"if(typeof process.getBuiltinModule!=='function'){process.stderr.write(`key-wizard: needs Node.js 20.18.1 or later; this is ${process.version}.\\n`);process.exit(2)}";
const cliOptions = {
	...appOptions,
	format: 'cjs',
	entryPoints: {cli: cliSource},
	banner: {js: `#!/usr/bin/env node\n"use strict";${nodeTooOld}`},
	plugins: [builtinsWithoutFacade(), coreFromScript('./chunks/core.cjs', {commonJs: true})],
};
// Known once cli.js's first pass has met its lazy imports.
// The wizard's chunk gets no require() of its own (making one costs about half a
// millisecond): the CommonJS code it bundles requires only Node's own modules, which
// builtinsWithoutFacade answers. Should esbuild's require shim ever land in it, the build
// fails (below).
const lazyChunkOptions = () => ({
	...appOptions,
	format: 'esm',
	entryPoints: Object.fromEntries([...lazyChunks].map(([chunk, file]) => [chunk.replace(/\.mjs$/, ''), file])),
	outExtension: {'.js': '.mjs'},
	// Each lazy chunk is one file too; what two of them share (none so far) is copied into each.
	splitting: false,
	plugins: [builtinsWithoutFacade(), coreFromScript('./core.cjs'), yogaWithoutFetch, inkWithoutDevtools, inkNeverInCi, onlyDotsSpinner],
});

await rm(outdir, {recursive: true, force: true});
// 1. Which core modules the ES modules reach, and which chunks cli.js imports (nothing written).
await build({...cliOptions, write: false});
await build({...lazyChunkOptions(), write: false});
// 2. The core, each of those modules under its id (core.cjs exports {modules: {id: namespace}}).
const coreIds = [...coreModuleFiles.keys()].sort();
const coreFile = path.join(outdir, 'chunks/core.cjs');
const builtCore = await build({
	stdin: {
		contents: [
			...coreIds.map((id, index) => `import * as m${index} from ${JSON.stringify(coreModuleFiles.get(id))};`),
			`export const modules = {${coreIds.map((id, index) => `${JSON.stringify(id)}: m${index}`).join(', ')}};`,
		].join('\n'),
		resolveDir: root,
		loader: 'js',
		sourcefile: 'core-modules.js',
	},
	...bundleOptions,
	outfile: coreFile,
	format: 'cjs',
	define,
	plugins: [yamlOnFirstUse, builtinsOnFirstUse, builtinsWithoutFacade({only: ['path', 'fs', 'util', 'os', 'events', 'buffer', 'vm', 'module', 'url']})],
	metafile: true,
});
// core.cjs runs as a script (runner/code-cache.ts), where an import() has no loader to go to.
const coreImports = Object.values(builtCore.metafile.outputs)[0].imports;
const dynamicImports = coreImports.filter(entry => entry.kind === 'dynamic-import');
if (dynamicImports.length > 0) throw new Error(`core.cjs must not import() (esbuild keeps it for ${dynamicImports.map(entry => entry.path).join(', ')}): import statically, or load it in a module of its own`);
// Each module's export names, read from the built file itself (loading it starts nothing).
const {modules} = createRequire(import.meta.url)(coreFile);
coreExports = Object.fromEntries(coreIds.map(id => [id, Object.keys(modules[id])]));
// The profiling build keeps its comments, some of them above ASCII: it is read as UTF-8.
if (!profileDir) await writeFile(coreFile, await asciiOnly(coreFile));
coreSourceId = await sourceIdOf(coreFile);
// yaml.cjs, which core.cjs requires at its first YAML file: loaded like core.cjs, with a code cache of its own.
await build({
	stdin: {contents: `export {${yamlNames.join(', ')}} from './node_modules/yaml/browser/index.js';`, resolveDir: root, loader: 'js'},
	...bundleOptions,
	outfile: path.join(outdir, 'chunks/yaml.cjs'),
	format: 'cjs',
});
yamlSourceId = await sourceIdOf(path.join(outdir, 'chunks/yaml.cjs'));
// 3. cli.js and the wizard, their core imports answered from core.cjs.
const built = await build({...cliOptions, metafile: true});
const builtChunks = await build({...lazyChunkOptions(), metafile: true});
for (const output of Object.keys(builtChunks.metafile.outputs)) {
	if ((await readFile(path.resolve(output), 'utf8')).includes('Dynamic require of')) throw new Error(`${output} calls require(), which an ES module of ours does not have: give it one (createRequire) in a banner`);
}

// cli.js stays one file (see coreFromScript): it imports Node's modules and the lazy chunks, nothing else.
for (const {path: imported} of Object.values(built.metafile.outputs).flatMap(output => output.imports)) {
	if (!imported.startsWith('node:') && !lazyChunks.has(imported.replace(/^\.\//, ''))) throw new Error(`cli.js imports ${imported}, which the build does not make`);
}

if (Object.keys(builtChunks.metafile.outputs).length !== lazyChunks.size) throw new Error(`the lazy chunks were built into ${Object.keys(builtChunks.metafile.outputs).join(', ')}`);
if (profileDir) await writeFile(path.join(outdir, 'meta.json'), JSON.stringify(built.metafile));
await chmod(path.join(outdir, 'cli.js'), 0o755);
// cli.js is CommonJS (see the top of the core's part above); the chunks name their kind themselves.
await writeFile(path.join(outdir, 'package.json'), '{"type":"commonjs"}\n');

// The build's own code cache, for the Node that builds: one --demo run (most probes and
// rules, the live check against the built-in local API) with its cache folder set to
// dist/chunks/code-cache/, which every later run reads when the user's own cache folder
// has none yet. It is left out of the npm package (V8 bytecode fits one Node build only,
// and the tarball stays small): an installed package makes its cache on its first run.
const warmUp = await mkdtemp(path.join(tmpdir(), 'kw-build-warm-up-'));
try {
	const warmUpRun = spawnSync(process.execPath, [path.join(outdir, 'cli.js'), '--demo', '--json'], {
		cwd: warmUp,
		env: {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: warmUp, LANG: 'C.UTF-8', KEY_WIZARD_CACHE_DIR: path.join(outdir, 'chunks/code-cache')},
		stdio: ['ignore', 'ignore', 'pipe'],
		encoding: 'utf8',
		timeout: 60_000,
	});
	// The package works without it (runs compile, and an installed one makes its own): say so, do not fail.
	const made = await readdir(path.join(outdir, 'chunks/code-cache')).catch(() => []);
	if (made.length === 0) console.warn(`build: no code cache was made (the --demo run: exit ${warmUpRun.status ?? warmUpRun.signal}${warmUpRun.stderr ? `, ${warmUpRun.stderr.trim().split('\n')[0]}` : ''}); runs will compile the core`);
} finally {
	await rm(warmUp, {recursive: true, force: true});
}
