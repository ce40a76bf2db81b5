/**
 * The injected world. Probes get everything they read through these ports, so a test
 * hands them a fake world and the real ones live in `source/runner/real-ports.ts`.
 * No port ever rejects: every failure is a typed value.
 */

/** Why an external command did not give a normal exit. */
export type ExecFailure = 'not-found' | 'timeout' | 'aborted' | 'output-too-large' | 'error';

/** The outcome of one external command. */
export type ExecResult = {
	/** Exit code 0 and no failure. */
	ok: boolean;
	exitCode?: number;
	stdout: string;
	stderr: string;
	failure?: ExecFailure;
	/** A one-line, key-free description of the failure. */
	message?: string;
	durationMs: number;
};

/** Options of one external command. */
export type ExecOptions = {
	timeoutMs: number;
	signal?: AbortSignal;
	/** Written to stdin, then stdin is closed. Without it stdin is closed at once. */
	input?: string;
	/** Variables added to (or, with `extendEnv: false`, instead of) the tool's own env. */
	env?: Record<string, string | undefined>;
	extendEnv?: boolean;
	cwd?: string;
	/** Largest stdout/stderr kept, in bytes (default 1 MiB). */
	maxBuffer?: number;
};

/** Runs `file` with an argument array (never a shell string). */
export type Exec = (file: string, args: readonly string[], options: ExecOptions) => Promise<ExecResult>;

/** Why a file could not be read. */
export type FileErrorCode = 'not-found' | 'permission' | 'is-directory' | 'loop' | 'too-large' | 'error';

/** The outcome of reading (a bounded prefix of) a file. */
export type FileRead =
	| {ok: true; bytes: Uint8Array; size: number; truncated: boolean}
	| {ok: false; code: FileErrorCode; message: string};

/** What `stat` tells about a path, symbolic links followed. */
export type FileStat = {
	kind: 'file' | 'directory' | 'other';
	/** Permission bits (`0o777` and the sticky/setuid bits). */
	mode: number;
	/** The owner's user id. */
	uid: number;
	/** The device (file system) it lives on: a change going up is a file system boundary. */
	device: number;
	/** When it last changed, in ms since the epoch. */
	modifiedMs: number;
};

/** The outcome of `stat`. */
export type FileStatResult = ({ok: true} & FileStat) | {ok: false; code: FileErrorCode; message: string};

/** A directory entry. */
export type DirEntry = {name: string; isFile: boolean; isDirectory: boolean; isSymlink: boolean};

/** Read-only file system access. */
export type FileSystem = {
	/** Reads at most `maxBytes` bytes from the start of the file. */
	readFile(path: string, options: {maxBytes: number}): Promise<FileRead>;
	/** Lists a directory; an unreadable one gives an error code. */
	readDir(path: string): Promise<{ok: true; entries: DirEntry[]} | {ok: false; code: FileErrorCode; message: string}>;
	/** True when the path exists (file or directory). */
	exists(path: string): Promise<boolean>;
	/** Whether the path is a directory. */
	isDirectory(path: string): Promise<boolean>;
	/** Kind, permission bits, owner and device of a path (who may have written a `.env`, where a file system ends). */
	stat(path: string): Promise<FileStatResult>;
	/** Where a path really is, every symbolic link resolved; undefined when it cannot be resolved. Optional: callers then judge the path as given. */
	realPath?(path: string): Promise<string | undefined>;
	/**
	 * Reads the prefixes of many files, in order, much faster than one `readFile` each
	 * (thousands of small source files). Optional: callers fall back to `readFile`.
	 */
	readFiles?(paths: readonly string[], options: {maxBytes: number}): Promise<FileRead[]>;
};

/**
 * Why an HTTP request gave no response. `invalid-header`: the client would not send a
 * request header (see `header`); `bad-response`: what came back was not valid HTTP.
 */
export type HttpFailure = 'dns' | 'refused' | 'reset' | 'tls' | 'timeout' | 'aborted' | 'invalid-header' | 'bad-response' | 'proxy' | 'error';

/** One HTTP request. Redirects are never followed. */
export type HttpRequest = {
	url: string;
	method: 'GET' | 'POST';
	headers: Record<string, string>;
	body?: string;
	timeoutMs: number;
	signal?: AbortSignal;
	/** Largest body kept, in bytes; the rest is dropped and `truncated` set. */
	maxBodyBytes?: number;
};

/** The outcome of one HTTP request. */
export type HttpResult =
	| {
			ok: true;
			status: number;
			/** Header names in lower case. */
			headers: Record<string, string>;
			body: string;
			truncated: boolean;
			durationMs: number;
			/** The proxy the request went through, credentials removed. */
			proxy?: string;
	  }
	| {
			ok: false;
			failure: HttpFailure;
			message: string;
			durationMs: number;
			proxy?: string;
			/** For `invalid-header`: the request header (lower case) whose value could not be sent. */
			header?: string;
	  };

/** Sends one HTTP request. */
export type Http = (request: HttpRequest) => Promise<HttpResult>;

/** Everything a probe may touch. */
export type Ports = {
	/** The process environment (a copy; probes never change it). */
	env: Readonly<Record<string, string | undefined>>;
	/** The project folder (`--cwd`), absolute. */
	cwd: string;
	/** The user's home folder, absolute. */
	home: string;
	platform: NodeJS.Platform;
	/** The user id this process runs as; undefined where there are none (Windows). */
	uid?: number;
	fs: FileSystem;
	exec: Exec;
	http: Http;
	/** Milliseconds, monotonic enough for durations. */
	now(): number;
};

/** How likely the terminal is to honour OSC 52 (set the clipboard from an escape sequence). */
export type Osc52Support = 'yes' | 'maybe' | 'no';

/** How one copy to the clipboard went. Never rejects; the text is never echoed back. */
export type ClipboardOutcome = {
	/** The system tool tried (pbcopy, wl-copy, xclip, xsel, clip.exe…), and how it went; undefined when none exists here. */
	tool?: {name: string; ok: boolean; failure?: ExecFailure; message?: string};
	/** The OSC 52 sequence was written to the terminal (always, besides the tool). */
	osc52: boolean;
	/** Whether this terminal is known to take OSC 52. */
	osc52Support: Osc52Support;
};

/** Writes text to the clipboard: a side effect the wizard asks for, kept out of the UI. */
export type Clipboard = (text: string) => Promise<ClipboardOutcome>;
