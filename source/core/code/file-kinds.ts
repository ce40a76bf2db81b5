/** The languages the code scan reads closely; others get the generic pass. */
export type Language = 'python' | 'javascript' | 'go' | 'ruby' | 'php' | 'rust' | 'java' | 'csharp' | 'shell';

/**
 * What a project file is to the scan: `source` (code the app runs: it reads the key,
 * loads `.env`, may hold a literal), `config` (JSON, YAML, TOML… a literal there is
 * hard-coded too), `dotenv` (the `.env` probe's), `container` (Dockerfiles and compose
 * files: the container checks'), `doc` and `other` text (only searched for real keys).
 */
export type FileKind = 'source' | 'config' | 'dotenv' | 'container' | 'doc' | 'other';

/** Folders that hold dependencies, virtual environments, builds or caches: never the project's own code. */
export const skippedFolders: ReadonlySet<string> = new Set([
	'node_modules',
	'.git',
	'venv',
	'.venv',
	'env',
	'virtualenv',
	'__pycache__',
	'site-packages',
	'dist',
	'build',
	'out',
	'.next',
	'.nuxt',
	'.output',
	'.svelte-kit',
	'.turbo',
	'.vercel',
	'.tox',
	'.nox',
	'.mypy_cache',
	'.pytest_cache',
	'.ruff_cache',
	'coverage',
	'htmlcov',
	'target',
	'vendor',
	'bower_components',
	'.cache',
	'.parcel-cache',
	'.idea',
	'.vscode',
	'.gradle',
	'Pods',
	'.terraform',
	'.ipynb_checkpoints',
]);

const languages: ReadonlyArray<[RegExp, Language]> = [
	[/\.(?:py|pyw|ipynb)$/, 'python'],
	[/\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx|vue|svelte|astro)$/, 'javascript'],
	[/\.go$/, 'go'],
	[/\.(?:rb|rake)$/, 'ruby'],
	[/\.php$/, 'php'],
	[/\.rs$/, 'rust'],
	[/\.(?:java|kt|kts|scala|groovy)$/, 'java'],
	[/\.(?:cs|fs|vb)$/, 'csharp'],
	[/\.(?:sh|bash|zsh|fish|ps1)$/, 'shell'],
];

const configFile = /\.(?:json|jsonc|json5|ya?ml|toml|ini|cfg|conf|properties|xml|plist|tfvars|hcl)$/;
/** Build and run files whose commands may carry a key. */
const buildFile = /(?:^|\/)(?:[Mm]akefile|GNUmakefile|[Jj]ustfile|Procfile|Rakefile|Vagrantfile)$/;
const docFile = /\.(?:md|mdx|markdown|rst|txt|adoc|org|html?|csv|log)$|^(?:readme|changelog|license|notes)[^/]*$/i;
const containerFile = /(?:^|\/)(?:Dockerfile[^/]*|[^/]*\.Dockerfile|(?:docker-)?compose[^/]*\.ya?ml)$/;
const dotenvFile = /(?:^|\/)\.env(?:\.[^/]*)?$|(?:^|\/)\.envrc$|\.env$/;

/**
 * Files never worth opening: images, media, archives, fonts, compiled code, databases,
 * lock files (versions are read apart) and minified bundles.
 */
const unreadFile =
	/\.(?:png|jpe?g|gif|webp|ico|icns|bmp|tiff?|psd|svgz|mp[34]|m4a|wav|ogg|flac|avi|mov|mkv|webm|woff2?|ttf|otf|eot|zip|gz|tgz|bz2|xz|zst|7z|rar|jar|war|whl|egg|pyc|pyo|so|dylib|dll|exe|bin|o|a|class|wasm|node|sqlite3?|db|parquet|feather|arrow|npy|npz|pkl|pickle|pt|pth|onnx|h5|ckpt|safetensors|gguf|pdf|docx?|xlsx?|pptx?|map|lock|lockb)$|[.-]min\.(?:js|css)$|(?:^|\/)(?:package-lock\.json|pnpm-lock\.yaml|yarn\.lock|poetry\.lock|uv\.lock|Pipfile\.lock|Cargo\.lock|composer\.lock|Gemfile\.lock|go\.sum)$/i;

/** The language of a source file, by its name. */
export function languageOf(file: string): Language | undefined {
	return languages.find(([pattern]) => pattern.test(file))?.[1];
}

/** What a file is to the scan, by its path (relative, `/`-separated). */
export function fileKind(file: string): FileKind {
	if (containerFile.test(file)) return 'container';
	if (dotenvFile.test(file)) return 'dotenv';
	if (languageOf(file)) return 'source';
	if (configFile.test(file) || buildFile.test(file)) return 'config';
	if (docFile.test(file.slice(file.lastIndexOf('/') + 1))) return 'doc';
	return 'other';
}

/** True for files the scan never opens (binaries by name, bundles, lock files). */
export function neverRead(file: string): boolean {
	return unreadFile.test(file);
}

/** True when a path runs through a dependency, virtual environment or build folder. */
export function inSkippedFolder(file: string): boolean {
	return skippedPath.test(file);
}

const skippedPath = new RegExp(`(?:^|/)(?:${[...skippedFolders].map(name => name.replace(/[.]/g, '\\.')).join('|')})/`);

/** Tests, fixtures and examples: a literal there is not what the app sends. */
export function isTestPath(file: string): boolean {
	return /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|__mocks__|mocks?|examples?|samples?|docs?)\/|(?:^|\/)(?:test_[^/]*|[^/]*_test\.(?:py|go)|[^/]*\.(?:test|spec)\.[cm]?[jt]sx?|conftest\.py)$/i.test(file);
}
