import path from 'node:path';

/** `~/x` and `$HOME/x` → an absolute path under `home`; other paths unchanged. */
export function expandHome(shown: string, home: string): string {
	if (shown === '~') return home;
	if (shown.startsWith('~/')) return path.join(home, shown.slice(2));
	const variable = /^(?:\$HOME|\$\{HOME\})(?=\/|$)/.exec(shown);
	if (variable) return path.join(home, shown.slice(variable[0].length));
	return shown;
}

/** An absolute path as shown to the user: `~/…` under home, else as is. */
export function showPath(absolute: string, home: string): string {
	const relative = path.relative(home, absolute);
	if (relative === '') return '~';
	if (!relative.startsWith('..') && !path.isAbsolute(relative)) return `~/${relative.split(path.sep).join('/')}`;
	return absolute;
}

/** A path relative to the project folder, as in the report (`.env`, `../.env`). */
export function showFromCwd(absolute: string, cwd: string): string {
	const relative = path.relative(cwd, absolute);
	return relative === '' ? '.' : relative.split(path.sep).join('/');
}

/**
 * True when `folder` is the home folder, one that holds it, or the file system's root: no
 * app's folder, but the parent of all your projects, so nothing below it is read as the app's.
 */
export function holdsHome(folder: string, home: string): boolean {
	const resolved = path.resolve(folder);
	const resolvedHome = path.resolve(home);
	return resolved === path.parse(resolved).root || resolvedHome === resolved || resolvedHome.startsWith(`${resolved}${path.sep}`);
}
