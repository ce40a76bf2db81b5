import {opendir} from 'node:fs';
import {terminalSafe} from '../core/report/terminal-safe.js';

/** node:fs's opendir, as far as this check uses it. */
type OpenFolder = (folder: string, callback: (error: NodeJS.ErrnoException | null, listing: {closeSync(): void}) => void) => void;

/**
 * Why the project folder cannot be inspected, as one line for stderr (its name made
 * terminal-safe); undefined when it can be. A folder that exists but cannot be listed
 * (mode 000 for this user) is said as such: its .env files cannot be checked.
 *
 * cli.js starts it before it loads the core and awaits it after: the file system's
 * thread pool starts and answers while the core loads, where a check through the core's
 * port would wait for the core first, then for the pool (about 3 ms of every run). One
 * call, so one round trip: opening the folder (not reading it) says whether it is one and
 * whether it may be listed.
 *
 * A folder that has not answered within `waitMs` (a hung network mount) is left to the
 * probes, which each stop at the same limit and say what they could not read.
 */
export function projectFolderProblem(folder: string, {waitMs = Number.POSITIVE_INFINITY, openFolder = opendir as OpenFolder}: {waitMs?: number; openFolder?: OpenFolder} = {}): Promise<string | undefined> {
	const shown = terminalSafe(folder);
	return new Promise(resolve => {
		// An answer after the wait settles nothing (the promise is settled), but the folder is still closed.
		const timer = Number.isFinite(waitMs) ? setTimeout(() => resolve(undefined), waitMs) : undefined;
		openFolder(folder, (error, listing) => {
			clearTimeout(timer);
			if (!error) {
				listing.closeSync();
				resolve(undefined);
			} else if (error.code === 'EACCES' || error.code === 'EPERM') {
				resolve(`cannot read the project folder ${shown} (permission denied): its .env files cannot be checked. Run key-wizard as a user who may read it, or choose another folder with --cwd.`);
			} else if (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'ELOOP') {
				resolve(`--cwd ${shown} is not a folder.`);
			} else {
				// Out of file descriptors and the like: the probes meet it and say so, each about its own files.
				resolve(undefined);
			}
		});
	});
}
