import path from 'node:path';
import type {DirEntry, Exec, ExecResult, FileErrorCode, FileRead, FileStat, FileSystem, Http, HttpResult, Ports} from '../../source/core/ports.js';

/** What a test may set on the fake world. */
export type FakePortsOptions = {
	env?: Record<string, string | undefined>;
	cwd?: string;
	home?: string;
	platform?: NodeJS.Platform;
	/** Absolute path → file content. Directories are implied by the paths. */
	files?: Record<string, string | Uint8Array>;
	/** Absolute path → the error reading it gives (permission denied, symlink loop…). */
	fileErrors?: Record<string, FileErrorCode>;
	/**
	 * Absolute path (file or folder) → what `stat` says beside the defaults: owned by `uid`,
	 * mode 0o755 for folders and 0o644 for files, all on device 1.
	 */
	stats?: Record<string, Partial<FileStat>>;
	/** The user id the process runs as (default 1000). */
	uid?: number;
	/** Absolute path → when it was last changed (ms since the epoch). */
	mtimes?: Record<string, number>;
	exec?: Exec;
	http?: Http;
	now?: () => number;
};

/** A world for probes: in-memory files, scripted commands and HTTP, nothing real touched. */
export function makePorts(options: FakePortsOptions = {}): Ports {
	return {
		env: {...options.env},
		cwd: options.cwd ?? '/home/dev/project',
		home: options.home ?? '/home/dev',
		platform: options.platform ?? 'linux',
		uid: options.uid ?? 1000,
		fs: memoryFileSystem(options.files ?? {}, options.fileErrors ?? {}, options.stats ?? {}, options.mtimes ?? {}, options.uid ?? 1000),
		exec: options.exec ?? (async file => commandNotFound(file)),
		http: options.http ?? (async () => ({ok: false, failure: 'refused', message: 'No HTTP in this test.', durationMs: 0})),
		now: options.now ?? (() => performance.now()),
	};
}

/** The result of running a command that is not installed. */
export function commandNotFound(file: string): ExecResult {
	return {ok: false, stdout: '', stderr: '', failure: 'not-found', message: `${file} is not installed (not found on PATH).`, durationMs: 0};
}

/** An HTTP result with status, headers and body. */
export function httpAnswer(status: number, headers: Record<string, string>, body: string, extra: Partial<Extract<HttpResult, {ok: true}>> = {}): HttpResult {
	return {ok: true, status, headers, body, truncated: false, durationMs: 1, ...extra};
}

function memoryFileSystem(files: Record<string, string | Uint8Array>, errors: Record<string, FileErrorCode>, stats: Record<string, Partial<FileStat>>, mtimes: Record<string, number>, uid: number): FileSystem {
	const encoder = new TextEncoder();
	const bytesOf = (content: string | Uint8Array) => (typeof content === 'string' ? encoder.encode(content) : content);
	const isDirectory = (dir: string) => [...Object.keys(files), ...Object.keys(errors)].some(file => file.startsWith(`${dir.replace(/\/+$/, '')}/`));
	return {
		async readFile(file, {maxBytes}): Promise<FileRead> {
			const error = errors[file];
			if (error) return {ok: false, code: error, message: `${file} cannot be read (${error}).`};
			const content = files[file];
			if (content === undefined) return isDirectory(file) ? {ok: false, code: 'is-directory', message: `${file} is a folder.`} : {ok: false, code: 'not-found', message: `${file} does not exist.`};
			const bytes = bytesOf(content);
			return {ok: true, bytes: bytes.slice(0, maxBytes), size: bytes.length, truncated: bytes.length > maxBytes};
		},
		async readDir(dir) {
			const error = errors[dir.replace(/(?<=.)\/+$/, '')];
			if (error) return {ok: false, code: error, message: `${dir} cannot be read (${error}).`};
			if (!isDirectory(dir)) return {ok: false, code: 'not-found', message: `${dir} does not exist.`};
			const prefix = `${dir.replace(/\/+$/, '')}/`;
			const names = new Map<string, DirEntry>();
			for (const file of [...Object.keys(files), ...Object.keys(errors)]) {
				if (!file.startsWith(prefix)) continue;
				const [name, ...rest] = file.slice(prefix.length).split('/');
				names.set(name!, {name: name!, isFile: rest.length === 0, isDirectory: rest.length > 0, isSymlink: false});
			}

			return {ok: true, entries: [...names.values()]};
		},
		async exists(file) {
			return files[path.normalize(file)] !== undefined || errors[path.normalize(file)] !== undefined || isDirectory(file);
		},
		async isDirectory(dir) {
			return isDirectory(dir);
		},
		async stat(file) {
			const normal = file === '/' ? '/' : path.normalize(file).replace(/\/+$/, '');
			const directory = normal === '/' || isDirectory(normal);
			if (files[normal] === undefined && errors[normal] === undefined && !directory) return {ok: false, code: 'not-found', message: `${file} does not exist.`};
			const modifiedMs = mtimes[normal] ?? 0;
			const defaults: FileStat = directory ? {kind: 'directory', mode: 0o755, uid, device: 1, modifiedMs} : {kind: 'file', mode: 0o644, uid, device: 1, modifiedMs};
			return {ok: true, ...defaults, ...stats[normal]};
		},
	};
}
