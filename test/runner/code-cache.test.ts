import {execFileSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {codeCacheFolder, kindsOfRun, loadCommonJsWithCodeCache, noteKindsOfRun} from '../../source/runner/code-cache.js';
import {bundleChildScript} from '../helpers/child-script.js';

let childFolder: string;
let child: string;
let folder: string;
let script: string;
let cacheFolder: string;

// Functions that run only when called: a cache made after the calls holds their bytecode too.
const moduleSource = (answer: number) =>
	[
		"const path = require('node:path');",
		'function later(x) { return x * 2 + ' + String(answer) + '; }',
		'exports.answer = () => later(20);',
		'exports.where = () => path.basename(__filename) + " in " + path.basename(__dirname);',
		'exports.self = () => module.exports === exports;',
		// Called only by the runs told to (another kind of run, with code of its own).
		'exports.extra = () => [1, 2, 3].map(function third(x) { return x * 3; }).join("+");',
	].join('\n');

type Loaded = {answer: () => number; where: () => string; self: () => boolean};

/**
 * Loads the script in a new Node process, as each run of the CLI does: within one process
 * V8 reuses what it compiled before and never reads the cache. `saveCache` runs last, as
 * at exit.
 */
function load(
	options: {sourceId?: string; cacheFolder?: string; builtCacheFolder?: string; siblings?: Record<string, string>; kinds?: string[]; extra?: boolean} = {},
): {state: string; answer: number} {
	const args = [child, script, options.cacheFolder ?? cacheFolder, options.sourceId ?? 'build1', options.builtCacheFolder ?? '', JSON.stringify(options.siblings ?? {}), JSON.stringify(options.kinds ?? []), options.extra ? 'extra' : ''];
	const output = execFileSync(process.execPath, args, {encoding: 'utf8', timeout: 20_000});
	return JSON.parse(output) as {state: string; answer: number};
}

const cacheFiles = () => readdirSync(cacheFolder).filter(name => name.endsWith('.v8cache'));

/** Keeps a cache file's header line and puts bytes V8 refuses after it; returns what was written. */
function damage(file: string): Buffer {
	const bytes = readFileSync(file);
	const damaged = Buffer.concat([bytes.subarray(0, bytes.indexOf(10) + 1), Buffer.alloc(4096, 7)]);
	writeFileSync(file, damaged, {mode: 0o600});
	return damaged;
}

beforeAll(async () => {
	childFolder = mkdtempSync(path.join(tmpdir(), 'kw-code-cache-child-'));
	child = path.join(childFolder, 'load.mjs');
	await bundleChildScript(
		{
			stdin: {
				contents: [
					`import {loadCommonJsWithCodeCache} from ${JSON.stringify(path.join(import.meta.dirname, '../../source/runner/code-cache.ts'))};`,
					'const [script, cacheFolder, sourceId, builtCacheFolder, siblings, kinds, extra] = process.argv.slice(2);',
					'const loaded = loadCommonJsWithCodeCache(script, {cacheFolder, sourceId, builtCacheFolder: builtCacheFolder || undefined, siblings: JSON.parse(siblings)});',
					'const answer = loaded.exports.answer();',
					'if (extra) loaded.exports.extra();',
					'loaded.saveCache(JSON.parse(kinds));',
					'console.log(JSON.stringify({state: loaded.state, answer}));',
				].join('\n'),
				resolveDir: import.meta.dirname,
				loader: 'js',
			},
		},
		child,
	);
});

afterAll(() => {
	rmSync(childFolder, {recursive: true, force: true});
});

beforeEach(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'kw-code-cache-'));
	mkdirSync(path.join(folder, 'dist'));
	script = path.join(folder, 'dist', 'core.cjs');
	writeFileSync(script, moduleSource(2));
	cacheFolder = path.join(folder, 'cache', 'key-wizard');
});

afterEach(() => {
	rmSync(folder, {recursive: true, force: true});
});

describe('codeCacheFolder', () => {
	it('follows XDG_CACHE_HOME, else ~/.cache', () => {
		expect(codeCacheFolder({XDG_CACHE_HOME: '/x/cache'}, '/home/u')).toBe('/x/cache/key-wizard');
		expect(codeCacheFolder({}, '/home/u')).toBe('/home/u/.cache/key-wizard');
	});

	it('ignores a relative XDG_CACHE_HOME, as the XDG spec says, and a home that is not absolute', () => {
		expect(codeCacheFolder({XDG_CACHE_HOME: 'cache'}, '/home/u')).toBe('/home/u/.cache/key-wizard');
		expect(codeCacheFolder({}, '')).toBeUndefined();
		expect(codeCacheFolder({}, 'relative')).toBeUndefined();
	});

	it('takes KEY_WIZARD_CACHE_DIR first, and turns caching off for "off", a relative folder or NODE_DISABLE_COMPILE_CACHE', () => {
		expect(codeCacheFolder({KEY_WIZARD_CACHE_DIR: '/tmp/kw', XDG_CACHE_HOME: '/x'}, '/home/u')).toBe('/tmp/kw');
		expect(codeCacheFolder({KEY_WIZARD_CACHE_DIR: 'off'}, '/home/u')).toBeUndefined();
		expect(codeCacheFolder({KEY_WIZARD_CACHE_DIR: 'here'}, '/home/u')).toBeUndefined();
		expect(codeCacheFolder({NODE_DISABLE_COMPILE_CACHE: '1', KEY_WIZARD_CACHE_DIR: '/tmp/kw'}, '/home/u')).toBeUndefined();
	});
});

describe('loadCommonJsWithCodeCache', () => {
	it('runs the file as CommonJS: its exports, require, module, __filename and __dirname', () => {
		const loaded = loadCommonJsWithCodeCache(script, {cacheFolder: undefined, sourceId: 'build1'});
		const exports = loaded.exports as Loaded;
		expect(loaded.state).toBe('off');
		expect(exports.answer()).toBe(42);
		expect(exports.where()).toBe('core.cjs in dist');
		expect(exports.self()).toBe(true);
		loaded.saveCache();
	});

	it('writes nothing until asked to save', () => {
		const loaded = loadCommonJsWithCodeCache(script, {cacheFolder, sourceId: 'build1'});
		expect(loaded.state).toBe('missing');
		expect(existsFolder(cacheFolder)).toBe(false);
	});

	it('compiles the first time, saves a private cache, and the next process uses it', () => {
		expect(load()).toEqual({state: 'missing', answer: 42});
		const [name] = cacheFiles();
		expect(name).toMatch(new RegExp(`^core-build1-\\d+-\\d+-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
		expect(statSync(path.join(cacheFolder, name!)).mode & 0o777).toBe(0o600);
		expect(statSync(cacheFolder).mode & 0o777).toBe(0o700);
		const written = statSync(path.join(cacheFolder, name!)).mtimeMs;

		expect(load()).toEqual({state: 'used', answer: 42});
		// A cache that was used is not written again.
		expect(cacheFiles()).toEqual([name]);
		expect(statSync(path.join(cacheFolder, name!)).mtimeMs).toBe(written);
	});

	it('reads the build\'s cache where the user\'s folder has none, and never writes into the build\'s folder', () => {
		const builtCacheFolder = path.join(folder, 'dist', 'code-cache');
		expect(load({cacheFolder: builtCacheFolder})).toEqual({state: 'missing', answer: 42});
		const built = readdirSync(builtCacheFolder);
		expect(load({builtCacheFolder})).toEqual({state: 'used', answer: 42});
		expect(existsFolder(cacheFolder)).toBe(false);
		// A damaged build cache: compiled, and the good cache goes to the user's folder only.
		damage(path.join(builtCacheFolder, built[0]!));
		expect(load({builtCacheFolder})).toEqual({state: 'rejected', answer: 42});
		expect(readdirSync(builtCacheFolder)).toEqual(built);
		expect(load({builtCacheFolder})).toEqual({state: 'used', answer: 42});
		expect(cacheFiles()).toEqual(built);
	});

	it('never gives a file edited after the build (same size, same build id) the old bytecode', () => {
		load();
		writeFileSync(script, moduleSource(3));
		utimesSync(script, new Date(), new Date(Date.now() + 5000));
		expect(load()).toEqual({state: 'missing', answer: 43});
		expect(load()).toEqual({state: 'used', answer: 43});
	});

	it('replaces the caches of older builds when it writes, keeps other Node versions\' and leaves no partial file', () => {
		load({sourceId: 'old'});
		const other = path.join(cacheFolder, 'core-old-1-1-v0.0.0-x64.v8cache');
		writeFileSync(other, 'another Node version', {mode: 0o600});
		load({sourceId: 'new'});
		const names = readdirSync(cacheFolder);
		expect(names.filter(name => name.startsWith('core-new-'))).toHaveLength(1);
		expect(names.filter(name => name.startsWith('core-old-') && name.includes(process.version))).toEqual([]);
		expect(names).toContain(path.basename(other));
		expect(names.filter(name => name.endsWith('.partial'))).toEqual([]);
	});

	it('falls back to compiling when V8 refuses a damaged cache, and writes a good one in its place', () => {
		load();
		const [name] = cacheFiles();
		damage(path.join(cacheFolder, name!));
		expect(load()).toEqual({state: 'rejected', answer: 42});
		expect(load()).toEqual({state: 'used', answer: 42});
	});

	it('does not use or write a cache folder or file that someone else could write (bytecode there would run as this user)', () => {
		load();
		const [name] = cacheFiles();
		const file = path.join(cacheFolder, name!);
		chmodSync(file, 0o666);
		expect(load()).toEqual({state: 'missing', answer: 42});
		chmodSync(file, 0o600);
		chmodSync(cacheFolder, 0o777);
		const before = readFileSync(file);
		rmSync(file);
		writeFileSync(file, before, {mode: 0o600});
		const written = statSync(file).mtimeMs;
		expect(load()).toEqual({state: 'missing', answer: 42});
		expect(statSync(file).mtimeMs).toBe(written);
	});

	it('does not follow a symbolic link planted as the cache file, nor wait on a FIFO', () => {
		load();
		const [name] = cacheFiles();
		const file = path.join(cacheFolder, name!);
		const elsewhere = path.join(folder, 'elsewhere.v8cache');
		writeFileSync(elsewhere, readFileSync(file), {mode: 0o600});
		rmSync(file);
		symlinkSync(elsewhere, file);
		expect(load().state).toBe('missing');
		rmSync(file);
		execFileSync('mkfifo', [file]);
		expect(load().state).toBe('missing');
	});

	describe('with a sibling file it requires (core.cjs and yaml.cjs)', () => {
		// core.cjs requires the sibling by absolute path at a first use, as the yaml stand-in does.
		beforeEach(() => {
			writeFileSync(
				script,
				[
					"const path = require('node:path');",
					"const parser = () => require(path.join(__dirname, 'parser.cjs'));",
					'exports.answer = () => (parser() === parser() ? parser().twice(21) : -1);',
				].join('\n'),
			);
			writeFileSync(path.join(folder, 'dist', 'parser.cjs'), 'function double(x) { return x * 2; }\nexports.twice = x => double(x);\n');
		});

		it('loads it once, with a code cache of its own that the next process uses', () => {
			expect(load({siblings: {'parser.cjs': 'parser1'}})).toEqual({state: 'missing', answer: 42});
			const names = cacheFiles().sort();
			expect(names).toHaveLength(2);
			expect(names[0]).toMatch(/^core-build1-/);
			expect(names[1]).toMatch(/^parser-parser1-/);
			const parserCache = path.join(cacheFolder, names[1]!);
			const written = statSync(parserCache).mtimeMs;

			expect(load({siblings: {'parser.cjs': 'parser1'}})).toEqual({state: 'used', answer: 42});
			expect(cacheFiles().sort()).toEqual(names);
			expect(statSync(parserCache).mtimeMs).toBe(written);
		});

		it('replaces a damaged sibling cache, which shows it is read', () => {
			load({siblings: {'parser.cjs': 'parser1'}});
			const parserCache = path.join(cacheFolder, cacheFiles().find(name => name.startsWith('parser-'))!);
			const damaged = damage(parserCache);
			expect(load({siblings: {'parser.cjs': 'parser1'}}).answer).toBe(42);
			expect(readFileSync(parserCache).equals(damaged)).toBe(false);
		});

		it('requires a file it was not told of as Node would, with no cache for it', () => {
			expect(load({siblings: {'other.cjs': 'other1'}})).toEqual({state: 'missing', answer: 42});
			expect(cacheFiles()).toEqual([expect.stringMatching(/^core-build1-/)]);
		});
	});

	describe('the kinds of runs a cache was made from', () => {
		const headerOf = (file: string) => {
			const bytes = readFileSync(file);
			return bytes.subarray(0, bytes.indexOf(10) + 1).toString('latin1');
		};

		const kindsOf = (file: string) => headerOf(file).slice('key-wizard code cache 1:'.length).trim().split(',').filter(Boolean);

		it('are named in the cache, and a run of a kind it lacks writes it again with both and what that run compiled, then no more', () => {
			expect(load({kinds: ['json']}).state).toBe('missing');
			const [name] = cacheFiles();
			const file = path.join(cacheFolder, name!);
			expect(kindsOf(file)).toEqual(['json']);
			// V8's data starts on an 8-byte boundary (V8 copies data that is not pointer-aligned).
			expect(headerOf(file).length % 8).toBe(0);
			const first = statSync(file);

			expect(load({kinds: ['json']}).state).toBe('used');
			expect(statSync(file).mtimeMs).toBe(first.mtimeMs);

			const dataBytes = () => statSync(file).size - headerOf(file).length;
			const firstData = dataBytes();
			expect(load({kinds: ['wizard'], extra: true})).toEqual({state: 'used', answer: 42});
			expect(kindsOf(file)).toEqual(['json', 'wizard']);
			// V8's part grew: it holds `extra` and `third`, which only this run compiled.
			expect(dataBytes()).toBeGreaterThan(firstData);
			const second = statSync(file);

			for (const kinds of [['json'], ['wizard', 'json'], []]) {
				expect(load({kinds, extra: true}).state).toBe('used');
				expect(statSync(file).mtimeMs).toBe(second.mtimeMs);
			}
		});

		it('of the build\'s cache: a run of another kind writes the user\'s cache, with the build\'s kinds too, and leaves the build\'s as it was', () => {
			const builtCacheFolder = path.join(folder, 'dist', 'code-cache');
			load({cacheFolder: builtCacheFolder, kinds: ['json']});
			const [name] = readdirSync(builtCacheFolder);
			const built = readFileSync(path.join(builtCacheFolder, name!));
			expect(load({builtCacheFolder, kinds: ['json']}).state).toBe('used');
			expect(existsFolder(cacheFolder)).toBe(false);
			expect(load({builtCacheFolder, kinds: ['report'], extra: true}).state).toBe('used');
			expect(kindsOf(path.join(cacheFolder, name!))).toEqual(['json', 'report']);
			expect(readFileSync(path.join(builtCacheFolder, name!)).equals(built)).toBe(true);
			// The user's cache comes first from now on.
			expect(load({builtCacheFolder, kinds: ['report']}).state).toBe('used');
			expect(kindsOf(path.join(cacheFolder, name!))).toEqual(['json', 'report']);
		});

		it('a file without the header (V8\'s data alone, as an older version wrote it) is no cache, and is replaced', () => {
			load({kinds: ['json']});
			const [name] = cacheFiles();
			const file = path.join(cacheFolder, name!);
			const bytes = readFileSync(file);
			writeFileSync(file, bytes.subarray(bytes.indexOf(10) + 1), {mode: 0o600});
			expect(load({kinds: ['json']}).state).toBe('missing');
			expect(kindsOf(file)).toEqual(['json']);
			expect(load({kinds: ['json']}).state).toBe('used');
		});

		it('are taken from what the run names, and only as plain tokens (no comma or line break reaches the header)', () => {
			noteKindsOfRun(['json', 'probe:env', 'a,b', 'x\ny', '', 'cause:key-missing']);
			expect([...kindsOfRun()]).toEqual(expect.arrayContaining(['json', 'probe:env', 'cause:key-missing']));
			for (const kind of kindsOfRun()) expect(kind).toMatch(/^[\w:.-]+$/);
		});
	});

	it('takes a cache folder that cannot be made as no cache, without an error', () => {
		writeFileSync(path.join(folder, 'cache'), 'a file where the folder would go');
		expect(load()).toEqual({state: 'missing', answer: 42});
	});
});

function existsFolder(folderPath: string): boolean {
	try {
		return statSync(folderPath).isDirectory();
	} catch {
		return false;
	}
}
