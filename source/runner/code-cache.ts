// Loads the bundled CommonJS core (dist/chunks/core.cjs) with a V8 code cache, the way
// v8-compile-cache did for CommonJS and Node 22's module.enableCompileCache() does for its
// own loaders. Node 20 has no compile cache for ES modules, and a headless run spent most
// of its own time compiling: the core's ~500 KB, then each probe and rule function on its
// first call. A cache made at exit, after the run, holds the bytecode of every function
// that ran, so the next run deserializes instead of compiling (--json --no-network: from
// 4.6 to 3.1 times a bare `node -e 0` on the benchmark machine).
//
// The cache is an optimisation and never a reason to fail: a missing, foreign, corrupt
// or rejected cache means compiling as usual, and a cache that cannot be written is
// skipped. It lives in the user's own cache folder ($XDG_CACHE_HOME or ~/.cache), or, read
// only, in the one the build left beside core.cjs; never in the project folder. Either is
// used only when the folder and the file belong to this user and nobody else can write
// them: bytecode that someone else could swap would run as this user. It holds compiled
// code only: no key, no value read during the run (V8 code caches carry bytecode and the
// source's own literals, not heap values; test/e2e/code-cache.test.ts searches it).
//
// A cache holds what the runs that made it compiled, and a run of another kind (the
// wizard after a --json run, a project with compose files after an empty folder) compiles
// what it lacks, on every run. So each cache names the kinds of runs it was made from
// (in a header line before V8's data), each run names its own (noteKindsOfRun), and a run
// of a kind the cache lacks writes it again at exit: what the old cache held and what this
// run compiled. Kinds only add up, so a user's cache is written a few times, then no more.
import {closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync} from 'node:fs';
import {isAscii} from 'node:buffer';
import {createRequire} from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** Bigger than any cache of ours (the core's is about 1 MB); a larger file is not ours. */
const maxCacheBytes = 32 * 1024 * 1024;
/** A cache file's first line starts so, then names the kinds of runs it holds; V8's data follows. */
const cacheHeaderStart = 'key-wizard code cache 1:';
const maxHeaderBytes = 64 * 1024;

// cli.js and the wizard's chunk each bundle a copy of this module, and either may load the core: one set for both.
const kindsOfThisRun = ((globalThis as Record<symbol, unknown>)[Symbol.for('key-wizard.kinds-of-run')] ??= new Set<string>()) as Set<string>;

/**
 * Names what this run did (its mode, each probe that had something to check, each cause
 * found): the cache written at its exit names them, and a later run of a kind its cache
 * does not name writes the cache again.
 */
export function noteKindsOfRun(kinds: Iterable<string>): void {
	for (const kind of kinds) if (/^[\w:.-]{1,100}$/.test(kind)) kindsOfThisRun.add(kind);
}

/** A finished session's kinds: each probe that had something to check, each cause found. */
export function kindsOfSession(outcome: {probes: ReadonlyArray<{id: string; status: string}>; causes: ReadonlyArray<{id: string}>}): string[] {
	return [...outcome.probes.filter(probe => probe.status !== 'skip').map(probe => `probe:${probe.id}`), ...outcome.causes.map(cause => `cause:${cause.id}`)];
}

/** What noteKindsOfRun was told so far, for the exit's saveCache. */
export function kindsOfRun(): ReadonlySet<string> {
	return kindsOfThisRun;
}

/**
 * Where compiled code may be kept: $KEY_WIZARD_CACHE_DIR, else $XDG_CACHE_HOME/key-wizard,
 * else ~/.cache/key-wizard; undefined when caching is off (NODE_DISABLE_COMPILE_CACHE, as
 * for Node's own compile cache, or KEY_WIZARD_CACHE_DIR=off) or no absolute folder is known.
 */
export function codeCacheFolder(env: Readonly<Record<string, string | undefined>>, home: string): string | undefined {
	if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
	const own = env.KEY_WIZARD_CACHE_DIR;
	if (own !== undefined && own !== '') return own === 'off' || !path.isAbsolute(own) ? undefined : own;
	const xdg = env.XDG_CACHE_HOME;
	// The XDG spec: a relative XDG_CACHE_HOME is invalid and ignored.
	if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'key-wizard');
	return home && path.isAbsolute(home) ? path.join(home, '.cache', 'key-wizard') : undefined;
}

export type CodeCacheState =
	/** Caching is off (no folder, or not a POSIX user). */
	| 'off'
	/** V8 took the cache: nothing was compiled up front. */
	| 'used'
	/** No usable cache: compiled from source; saveCache() writes one. */
	| 'missing'
	/** A cache was there but V8 refused it (another V8 build or flags); saveCache() replaces it. */
	| 'rejected';

export type LoadedScript = {
	exports: unknown;
	state: CodeCacheState;
	/**
	 * Writes the cache when there was none, it was refused, or it was made from no run of
	 * one of `kinds` (this run's, see noteKindsOfRun), and the siblings' it loaded; call it
	 * late (at exit), when the run's functions are compiled.
	 */
	saveCache: (kinds?: Iterable<string>) => void;
};

/** Where a file's code cache may be, and what names its content. */
export type CodeCacheOptions = {
	cacheFolder: string | undefined;
	builtCacheFolder?: string;
	sourceId: string;
	/**
	 * CommonJS files beside `file` that it requires by absolute path (core.cjs requires
	 * yaml.cjs at its first YAML file), by file name, each with its source id: each is
	 * loaded the same way, with a code cache of its own, once.
	 */
	siblings?: Readonly<Record<string, string>>;
};

/**
 * Runs a CommonJS file in this context (as require would, with its own require, module,
 * __filename and __dirname) and returns its exports, compiled from a code cache where one
 * fits this exact file, Node version and architecture: `cacheFolder`'s (the user's), else
 * `builtCacheFolder`'s (made by the build, for the Node that built it; only read). With
 * `cacheFolder` undefined, caching is off. `sourceId` names the file's content (the
 * build's hash of it); the file's size and modification time are added, so a file edited
 * in place after the build never meets the old file's bytecode.
 */
export function loadCommonJsWithCodeCache(file: string, {cacheFolder, builtCacheFolder, sourceId, siblings = {}}: CodeCacheOptions): LoadedScript {
	const {source, size, mtimeMs} = readSource(file);
	const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
	const name = cacheFileName(file, `${sourceId}-${size}-${Math.trunc(mtimeMs)}`);
	const cacheFile = cacheFolder && uid !== undefined ? path.join(cacheFolder, name) : undefined;
	const cached = cacheFile
		? (parseCacheFile(readOwnFile(cacheFolder!, cacheFile, uid!)) ?? (builtCacheFolder ? parseCacheFile(readOwnFile(builtCacheFolder, path.join(builtCacheFolder, name), uid!)) : undefined))
		: undefined;
	const cachedData = cached?.data;
	// The wrapper stays on the source's first line, so stack traces keep their line numbers.
	// No import() in the file: a script run this way has no module loader to hand it to (the build checks core.cjs has none).
	const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {filename: file, cachedData});
	const state: CodeCacheState = !cacheFile ? 'off' : !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
	const module = {exports: {} as unknown};
	const run = script.runInThisContext() as (...args: unknown[]) => void;
	const loadedSiblings = new Map<string, LoadedScript>();
	// What the core requires is mostly Node's own modules: those come straight from Node;
	// Node's require() for the file (a module object, its node_modules paths) is made only
	// for anything else.
	let fileRequire: NodeJS.Require | undefined;
	const plainRequire = (id: string): unknown => process.getBuiltinModule(id) ?? (fileRequire ??= createRequire(file))(id);
	const requireSibling = (id: string): unknown => {
		const siblingName = path.basename(id);
		if (!path.isAbsolute(id) || path.dirname(id) !== path.dirname(file) || !Object.hasOwn(siblings, siblingName)) return plainRequire(id);
		let sibling = loadedSiblings.get(siblingName);
		if (!sibling) {
			sibling = loadCommonJsWithCodeCache(id, {cacheFolder, builtCacheFolder, sourceId: siblings[siblingName]!});
			loadedSiblings.set(siblingName, sibling);
		}

		return sibling.exports;
	};

	run.call(module.exports, module.exports, requireSibling, module, file, path.dirname(file));
	let saved = false;
	return {
		exports: module.exports,
		state,
		saveCache(kinds = []) {
			for (const sibling of loadedSiblings.values()) sibling.saveCache();
			if (saved || !cacheFile || state === 'off') return;
			const held = new Set(state === 'used' ? cached!.kinds : []);
			const named = new Set([...held, ...kinds]);
			if (state === 'used' && named.size === held.size) return;
			saved = true;
			try {
				// The folder first: where it cannot be made (a read-only home), the cache is not even serialized.
				if (!makePrivateFolder(cacheFolder!, uid!)) return;
				writeOwnFile(cacheFile, Buffer.concat([cacheHeader(named), script.createCachedData()]));
				removeStaleCaches(cacheFolder!, path.basename(cacheFile!), file);
			} catch {
				// A full disk, a folder removed meanwhile: the next run compiles again, as it would without a cache.
			}
		},
	};
}

function readSource(file: string): {source: string; size: number; mtimeMs: number} {
	const fd = openSync(file, 'r');
	try {
		const {size, mtimeMs} = fstatSync(fd);
		const bytes = readFileSync(fd);
		// The build writes core.cjs in ASCII, which reads faster as latin1 (the same string) than through UTF-8.
		return {source: bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'), size, mtimeMs};
	} finally {
		closeSync(fd);
	}
}

/** `core-<source id>-v20.20.2-x64.v8cache`: a new build, Node or CPU gets a file of its own. */
function cacheFileName(file: string, sourceId: string): string {
	return `${stem(file)}-${sourceId.replace(/[^\w.-]/g, '_')}-${process.version}-${process.arch}.v8cache`;
}

function stem(file: string): string {
	return path.basename(file).replace(/\.[^.]*$/, '').replace(/[^\w.-]/g, '_');
}

/** A folder this user owns, nobody else can write, reached without a symbolic link. */
function isPrivateFolder(folder: string, uid: number): boolean {
	try {
		const stats = lstatSync(folder);
		return stats.isDirectory() && stats.uid === uid && (stats.mode & 0o022) === 0;
	} catch {
		return false;
	}
}

function readOwnFile(folder: string, file: string, uid: number): Buffer | undefined {
	if (!isPrivateFolder(folder, uid)) return undefined;
	let fd: number | undefined;
	try {
		// O_NOFOLLOW and O_NONBLOCK: a link or a FIFO planted in the folder is not read.
		fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
		const stats = fstatSync(fd);
		if (!stats.isFile() || stats.uid !== uid || (stats.mode & 0o022) !== 0 || stats.size === 0 || stats.size > maxCacheBytes) return undefined;
		return readFileSync(fd);
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/**
 * The header line, padded with spaces to a multiple of 8 bytes: V8 copies cached data
 * that is not aligned to a pointer, and the data follows the line in the file's buffer.
 */
function cacheHeader(kinds: ReadonlySet<string>): Buffer {
	const line = `${cacheHeaderStart}${[...kinds].sort().join(',')}`;
	return Buffer.from(`${line.padEnd(Math.ceil((line.length + 1) / 8) * 8 - 1)}\n`, 'latin1');
}

/** A cache file's kinds of runs and V8's data; undefined for a file without our header (another version's, or damaged). */
function parseCacheFile(bytes: Buffer | undefined): {kinds: string[]; data: Buffer} | undefined {
	if (!bytes || bytes.toString('latin1', 0, cacheHeaderStart.length) !== cacheHeaderStart) return undefined;
	const end = bytes.indexOf(10, cacheHeaderStart.length);
	if (end === -1 || end >= maxHeaderBytes || end + 1 === bytes.length) return undefined;
	const kinds = bytes.toString('latin1', cacheHeaderStart.length, end).trim();
	return {kinds: kinds === '' ? [] : kinds.split(','), data: bytes.subarray(end + 1)};
}

function makePrivateFolder(folder: string, uid: number): boolean {
	mkdirSync(folder, {recursive: true, mode: 0o700});
	return isPrivateFolder(folder, uid);
}

function writeOwnFile(file: string, data: Buffer): void {
	// Written aside and renamed: a run starting meanwhile reads the old file or the whole new one.
	const partial = `${file}.${process.pid}.partial`;
	try {
		writeFileSync(partial, data, {flag: 'wx', mode: 0o600});
		renameSync(partial, file);
	} catch (error) {
		try {
			unlinkSync(partial);
		} catch {}

		throw error;
	}
}

/** Caches of older builds of the same file for this Node and CPU: replaced, so upgrades do not pile them up. */
function removeStaleCaches(folder: string, kept: string, file: string): void {
	const suffix = `-${process.version}-${process.arch}.v8cache`;
	for (const name of readdirSync(folder)) {
		if (name !== kept && name.startsWith(`${stem(file)}-`) && name.endsWith(suffix)) {
			try {
				unlinkSync(path.join(folder, name));
			} catch {}
		}
	}
}
