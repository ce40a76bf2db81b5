import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vitest/config';

export default defineConfig({
	root: fileURLToPath(new URL('..', import.meta.url)),
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Only a folder: the docker daemon starts when a test first needs one, and stops here.
		globalSetup: ['test/helpers/docker-run-dir.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Tests start real shells, servers, tmux sessions: keep two cores busy, not swamped.
		maxWorkers: 2,
		env: {NO_COLOR: '1', FORCE_COLOR: '0'},
	},
	oxc: {jsx: {runtime: 'automatic'}},
});
