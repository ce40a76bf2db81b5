/** The client libraries whose version matters to how the key is sent. */
export type LibraryName = 'openai-python' | 'openai-node' | 'langchain-python' | 'langchain-js';

/** One sighting of a library: a declared range, a locked version or an installed one. */
export type LibrarySighting = {
	library: LibraryName;
	/** The exact version when a lock file, an installed package or pip says it. */
	version?: string;
	/** The range a manifest declares (`>=1.0`, `^4.73.0`, `*`). */
	spec?: string;
	/** Where: `requirements.txt:3`, `poetry.lock`, `node_modules/openai/package.json`, `python3's site-packages`. */
	source: string;
	/** `installed`: what runs; `locked`: what an install gives; `declared`: what the manifest allows. */
	level: 'installed' | 'locked' | 'declared';
};

const pythonNames: Record<string, LibraryName> = {openai: 'openai-python', 'langchain-openai': 'langchain-python', langchain: 'langchain-python', 'langchain-community': 'langchain-python'};
const nodeNames: Record<string, LibraryName> = {openai: 'openai-node', '@langchain/openai': 'langchain-js', langchain: 'langchain-js'};

/** `Foo_Bar.baz` → `foo-bar-baz`, as pip compares names. */
function normalisePythonName(name: string): string {
	return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `requirements*.txt`: `openai==1.54.3`, `openai[datalib]>=0.27,<1`, `openai`. */
export function parseRequirements(text: string, file: string): LibrarySighting[] {
	const out: LibrarySighting[] = [];
	for (const [index, raw] of text.split(/\r?\n/).entries()) {
		const match = /^\s*([A-Za-z][\w.-]*)\s*(?:\[[^\]]*\])?\s*((?:[=<>!~]=?|===)\s*[^;#\s,]+(?:\s*,\s*(?:[=<>!~]=?)\s*[^;#\s,]+)*)?/.exec(raw.replace(/\s+#.*$/, ''));
		const library = match ? pythonNames[normalisePythonName(match[1]!)] : undefined;
		if (!library) continue;
		const spec = match![2]?.replace(/\s+/g, '');
		const exact = spec && /^===?(\d[\w.]*)$/.exec(spec)?.[1];
		out.push({library, source: `${file}:${index + 1}`, level: 'declared', spec: spec || '*', ...(exact ? {version: exact} : {})});
	}

	return out;
}

/** `pyproject.toml`: PEP 621 `dependencies = ["openai>=1"]`, Poetry's `openai = "^1.3"` or `{version = "…"}`. */
export function parsePyproject(text: string, file = 'pyproject.toml'): LibrarySighting[] {
	const out: LibrarySighting[] = [];
	const lineOf = (index: number) => text.slice(0, index).split('\n').length;
	for (const match of text.matchAll(/["']((?:openai|langchain(?:[-_]openai|[-_]community)?))\s*(?:\[[^\]'"]*\])?\s*([=<>!~][^"';]*)?(?:;[^"']*)?["']/gi)) {
		const library = pythonNames[normalisePythonName(match[1]!)]!;
		out.push({library, source: `${file}:${lineOf(match.index)}`, level: 'declared', spec: match[2]?.trim() || '*'});
	}

	for (const match of text.matchAll(/^\s*((?:openai|langchain(?:[-_]openai|[-_]community)?))\s*=\s*(?:["']([^"']+)["']|\{[^}\n]*\bversion\s*=\s*["']([^"']+)["'])/gim)) {
		const library = pythonNames[normalisePythonName(match[1]!)]!;
		out.push({library, source: `${file}:${lineOf(match.index)}`, level: 'declared', spec: (match[2] ?? match[3])!.trim()});
	}

	return out;
}

/** `poetry.lock` and `uv.lock`: `[[package]]` tables with `name` and `version`. */
export function parseTomlLock(text: string, file: string): LibrarySighting[] {
	const out: LibrarySighting[] = [];
	for (const match of text.matchAll(/\[\[package\]\]\s*\r?\nname\s*=\s*"([^"]+)"\s*\r?\nversion\s*=\s*"([^"]+)"/g)) {
		const library = pythonNames[normalisePythonName(match[1]!)];
		if (library) out.push({library, version: match[2]!, source: file, level: 'locked'});
	}

	return out;
}

/** `Pipfile.lock` (JSON): `default.openai.version` = `==1.54.3`. */
export function parsePipfileLock(text: string, file = 'Pipfile.lock'): LibrarySighting[] {
	const out: LibrarySighting[] = [];
	try {
		const lock = JSON.parse(text) as Record<string, Record<string, {version?: string}> | undefined>;
		for (const group of ['default', 'develop']) {
			for (const [name, entry] of Object.entries(lock[group] ?? {})) {
				const library = pythonNames[normalisePythonName(name)];
				const version = entry?.version?.replace(/^==/, '');
				if (library && version) out.push({library, version, source: file, level: 'locked'});
			}
		}
	} catch {
		// Not JSON: nothing to read.
	}

	return out;
}

/** `package.json`: the ranges in dependencies and devDependencies. */
export function parsePackageJson(text: string, file = 'package.json'): LibrarySighting[] {
	try {
		const manifest = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
		const out: LibrarySighting[] = [];
		for (const group of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
			for (const [name, spec] of Object.entries(manifest[group] ?? {})) {
				const library = nodeNames[name];
				if (library && typeof spec === 'string') out.push({library, spec, source: file, level: 'declared'});
			}
		}

		return out;
	} catch {
		return [];
	}
}

/** An installed package's `package.json`: its `version`. */
export function parseInstalledPackageJson(text: string, library: LibraryName, file: string): LibrarySighting[] {
	try {
		const version = (JSON.parse(text) as {version?: unknown}).version;
		return typeof version === 'string' ? [{library, version, source: file, level: 'installed'}] : [];
	} catch {
		return [];
	}
}

/** `package-lock.json` (v2/v3 `packages`, v1 `dependencies`), `yarn.lock`, `pnpm-lock.yaml`, `bun.lock`. */
export function parseNodeLock(text: string, file: string): LibrarySighting[] {
	const out: LibrarySighting[] = [];
	const add = (name: string, version: string | undefined) => {
		const library = nodeNames[name];
		if (library && version && /^\d/.test(version) && !out.some(item => item.library === library)) out.push({library, version, source: file, level: 'locked'});
	};

	if (file.endsWith('package-lock.json')) {
		try {
			const lock = JSON.parse(text) as {packages?: Record<string, {version?: string}>; dependencies?: Record<string, {version?: string}>};
			for (const name of Object.keys(nodeNames)) add(name, lock.packages?.[`node_modules/${name}`]?.version ?? lock.dependencies?.[name]?.version);
		} catch {
			// Not JSON.
		}

		return out;
	}

	for (const name of Object.keys(nodeNames)) {
		const escaped = name.replace(/[/@]/g, match => `\\${match}`);
		const yarn = new RegExp(String.raw`^"?${escaped}@[^\n]*:\r?\n(?:[ \t]+[^\n]*\n)*?[ \t]+version:?\s+"?([\d][^"\s]*)`, 'm').exec(text);
		const pnpm = new RegExp(String.raw`^\s+['"]?\/?${escaped}[@/](\d[^\s:('"]*)`, 'm').exec(text);
		const bun = new RegExp(String.raw`"${escaped}@(\d[^"]*)"`).exec(text);
		add(name, (yarn ?? pnpm ?? bun)?.[1]);
	}

	return out;
}

/** `pip show openai`'s answer (and the installed-version check's, which prints the same line): `Version: 1.54.3`. */
export function parsePipShow(stdout: string, source: string): LibrarySighting[] {
	const version = /^Version:\s*(\S+)/m.exec(stdout)?.[1];
	return version ? [{library: 'openai-python', version, source, level: 'installed'}] : [];
}

/** The major version of an exact version (`1.54.3` → 1). */
export function majorOf(version: string): number | undefined {
	const match = /^v?(\d+)/.exec(version.trim());
	return match ? Number(match[1]) : undefined;
}

/**
 * The major version a declared range pins, when it pins one: `==0.28.1`, `~=0.28`,
 * `<1`, `^4.2`, `~3.1`, `3.x`, `4.73.0` do; `>=1.0`, `*`, `latest` do not.
 */
export function pinnedMajor(spec: string): number | undefined {
	const text = spec.replace(/\s+/g, '');
	const exact = /^(?:===?|\^|~=?|v)?(\d+)(?:\.(?:\d+|x|\*)){0,2}(?:[-+.\w]*)$/.exec(text);
	if (exact && !text.startsWith('>')) return Number(exact[1]);
	const upper = /(?:^|,)<(\d+)(?:\.0+)*(?=,|$)/.exec(text);
	if (!upper) return undefined;
	const top = Number(upper[1]) - 1;
	const lower = /(?:^|,)>=?(\d+)/.exec(text);
	return (lower ? Number(lower[1]) === top : top === 0) ? top : undefined;
}

/** A version compared part by part: negative when `a` is older than `b`. */
export function compareVersions(a: string, b: string): number {
	const parts = (version: string) => version.replace(/^v/, '').split(/[.+-]/).map(part => (/^\d+$/.test(part) ? Number(part) : 0));
	const [left, right] = [parts(a), parts(b)];
	for (let index = 0; index < Math.max(left.length, right.length); index++) {
		const difference = (left[index] ?? 0) - (right[index] ?? 0);
		if (difference !== 0) return difference;
	}

	return 0;
}
