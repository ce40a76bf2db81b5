/**
 * One path segment of a shell-style glob (`*`, `?`, `[abc]`, `[!abc]`) as an anchored
 * regular expression, matched the way bash and the package managers' globbers do: no
 * wildcard crosses a `/`, a `]` right after `[` (or `[!`) is part of the class, and a
 * wildcard never matches a leading dot (`*.sh` skips `.hidden.sh`; `.env*` still matches).
 * Used for `~/.bashrc.d/*.sh` loops in profiles and for workspace patterns (`packages/*`).
 */
export function globSegmentRegExp(segment: string): RegExp {
	let source = '';
	for (let index = 0; index < segment.length; index++) {
		const char = segment[index]!;
		if (char === '*') source += '[^/]*';
		else if (char === '?') source += '[^/]';
		else if (char === '[') {
			const negated = segment[index + 1] === '!' || segment[index + 1] === '^';
			const close = segment.indexOf(']', index + (negated ? 3 : 2));
			if (close === -1) source += '\\[';
			else {
				const members = segment.slice(index + (negated ? 2 : 1), close).replace(/[\\\]^]/g, '\\$&');
				source += `[${negated ? '^' : ''}${members}]`;
				index = close;
			}
		} else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
	}

	return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${source}$`);
}
