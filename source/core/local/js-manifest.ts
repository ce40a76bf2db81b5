/** A framework whose own `.env` loading rules apply to the app. */
export type Framework = 'Next.js' | 'Vite' | 'Create React App' | 'dotenv-flow' | undefined;

/** What a package.json says about how the app gets its `.env`. */
export type ManifestFacts = {
	framework: Framework;
	/** The loader that expands `$NAME` references, when one does (a framework, dotenv-expand, dotenvx). */
	expander?: string;
	/** A script or a framework loads `.env` for the app without a loader in the code. */
	scriptsLoadEnv: boolean;
};

/** Reads a package.json's text; a file that is not JSON gives no framework and no loading script. */
export function manifestFacts(text: string): ManifestFacts {
	let manifest: {dependencies?: Record<string, string>; devDependencies?: Record<string, string>; scripts?: Record<string, unknown>};
	try {
		manifest = JSON.parse(text) as typeof manifest;
	} catch {
		return {framework: undefined, scriptsLoadEnv: false};
	}

	if (typeof manifest !== 'object' || manifest === null) return {framework: undefined, scriptsLoadEnv: false};
	const deps = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
	const scripts = typeof manifest.scripts === 'object' && manifest.scripts !== null ? Object.values(manifest.scripts) : [];
	// node --env-file, dotenv-cli, env-cmd, dotenvx run: the script loads .env for the app.
	const scriptsLoadEnv =
		scripts.some(script => typeof script === 'string' && /--env-file|\bdotenv\s+(?:-e\b|--)|\benv-cmd\b|\bdotenvx\s+run\b/.test(script)) ||
		// Nuxt and Expo load .env themselves, without a loader in the code.
		deps.has('nuxt') ||
		deps.has('expo');
	let framework: Framework;
	if (deps.has('next')) framework = 'Next.js';
	else if (deps.has('vite') || deps.has('@sveltejs/kit') || deps.has('astro') || deps.has('@remix-run/dev')) framework = 'Vite';
	else if (deps.has('react-scripts')) framework = 'Create React App';
	else if (deps.has('dotenv-flow')) framework = 'dotenv-flow';
	const expander = framework && framework !== 'dotenv-flow' ? framework : deps.has('dotenv-expand') ? 'dotenv-expand' : deps.has('@dotenvx/dotenvx') ? 'dotenvx' : undefined;
	return {framework, ...(expander ? {expander} : {}), scriptsLoadEnv};
}
