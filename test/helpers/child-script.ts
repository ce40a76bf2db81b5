import {build, type StdinOptions} from 'esbuild';

/**
 * Bundles TypeScript for a Node child process (a test that needs a fresh process, or one
 * it can kill) into one ES module at `outfile`: from a file, or from code written in place.
 * Bundled CommonJS code gets a real `require`.
 */
export async function bundleChildScript(entry: {file: string} | {stdin: StdinOptions}, outfile: string): Promise<void> {
	await build({
		...('file' in entry ? {entryPoints: [entry.file]} : {stdin: entry.stdin}),
		outfile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		logLevel: 'error',
		banner: {js: "import {createRequire as __kwCreateRequire} from 'node:module';const require=__kwCreateRequire(import.meta.url);"},
	});
}
