/** One `.dockerignore` rule. */
type IgnoreRule = {pattern: RegExp; negated: boolean};

/**
 * Reads `.dockerignore` text as the docker builder does: one pattern a line, `#` comments,
 * `!` exceptions, a leading `/` ignored, Go's `filepath.Match` globs plus `**`; the last
 * matching rule decides, and a pattern that matches a folder covers what is inside it.
 */
export function parseDockerignore(text: string): IgnoreRule[] {
	const rules: IgnoreRule[] = [];
	for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n').slice(0, 5000)) {
		if (rawLine.startsWith('#')) continue;
		let line = rawLine.trim();
		if (!line) continue;
		const negated = line.startsWith('!');
		if (negated) line = line.slice(1).trim();
		line = cleanPath(line);
		if (!line) continue;
		rules.push({pattern: globToRegExp(line), negated});
	}

	return rules;
}

/** True when the rules keep `relativePath` (`.env`, `config/.env`) out of the build context. */
export function isIgnored(rules: readonly IgnoreRule[], relativePath: string): boolean {
	const parts = cleanPath(relativePath).split('/');
	const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
	let ignored = false;
	for (const rule of rules) {
		if (candidates.some(candidate => rule.pattern.test(candidate))) ignored = !rule.negated;
	}

	return ignored;
}

function cleanPath(text: string): string {
	const parts: string[] = [];
	for (const part of text.replace(/\\/g, '/').split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') parts.pop();
		else parts.push(part);
	}

	return parts.join('/');
}

function globToRegExp(glob: string): RegExp {
	let out = '';
	for (let index = 0; index < glob.length; index++) {
		const char = glob[index]!;
		if (char === '*') {
			if (glob[index + 1] === '*') {
				index++;
				// `**/` matches any number of folders, including none.
				if (glob[index + 1] === '/') {
					index++;
					out += '(?:.*/)?';
				} else {
					out += '.*';
				}
			} else {
				out += '[^/]*';
			}
		} else if (char === '?') {
			out += '[^/]';
		} else if (char === '[') {
			const close = glob.indexOf(']', index + 1);
			if (close === -1) {
				out += '\\[';
			} else {
				const body = glob.slice(index + 1, close).replace(/^\^/, '!');
				out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`.replace(/\\(?!])/g, '\\\\');
				index = close;
			}
		} else {
			out += char.replace(/[.+^${}()|\\]/g, '\\$&');
		}
	}

	return new RegExp(`^${out}$`);
}
