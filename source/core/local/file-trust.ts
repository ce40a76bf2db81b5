import type {FileStatResult, Ports} from '../ports.js';

/**
 * Why a file, or a folder's files, may have been written by someone else than the user:
 * writable by every user (the sticky `/tmp` too), or owned by another user than this one
 * and root. Settings from such a place must not decide where a key goes. Undefined when
 * only the user (or root) can have written it. `shown` names it in the reason.
 */
export function distrustOf(stat: FileStatResult, shown: string, ports: Pick<Ports, 'uid' | 'platform'>): string | undefined {
	// Windows has no such permission bits or owner ids to go by.
	if (ports.platform === 'win32') return undefined;
	if (!stat.ok) return `who may write ${shown} could not be checked (${stat.code})`;
	if ((stat.mode & 0o002) !== 0) return `${shown} can be written by every user of this machine`;
	if (ports.uid !== undefined && stat.uid !== ports.uid && stat.uid !== 0) return `${shown} belongs to another user (uid ${stat.uid})`;
	return undefined;
}
