import type {FileSystem, Ports} from '../core/ports.js';

/**
 * The ports with a file system that lists each folder once: in one session the probes
 * list the project folder nine times (the .env files, the workspace roots, the app
 * folders, the code scan, the compose and CI files…). One run of the probes is one view of
 * the disk; the next session (the wizard's "Check again") lists afresh. Each caller gets
 * its own copy of the entries, so none can change another's.
 */
export function withListingsOnce(ports: Ports): Ports {
	const {fs} = ports;
	const listings = new Map<string, ReturnType<FileSystem['readDir']>>();
	const readDir: FileSystem['readDir'] = async path => {
		let listing = listings.get(path);
		if (!listing) {
			listing = fs.readDir(path);
			listings.set(path, listing);
		}

		const result = await listing;
		return result.ok ? {ok: true, entries: result.entries.map(entry => ({...entry}))} : result;
	};

	// Delegation, not a copy of the object: a port may be a class whose methods live on its prototype.
	const listingOnce: FileSystem = {
		readFile: (path, options) => fs.readFile(path, options),
		readDir,
		exists: path => fs.exists(path),
		isDirectory: path => fs.isDirectory(path),
		stat: path => fs.stat(path),
		...(fs.realPath ? {realPath: (path: string) => fs.realPath!(path)} : {}),
		...(fs.readFiles ? {readFiles: (paths: readonly string[], options: {maxBytes: number}) => fs.readFiles!(paths, options)} : {}),
	};
	return {...ports, fs: listingOnce};
}
