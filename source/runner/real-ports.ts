import os from 'node:os';
import {monotonicMs} from './clock.js';
import path from 'node:path';
import type {Ports} from '../core/ports.js';
import {createExec} from './exec.js';
import {realFileSystem} from './file-system.js';
import {createHttp} from './http.js';

/** The real world: this process's environment, the disk, execa and Node's http/https. */
export function createRealPorts(overrides: {cwd?: string; home?: string; env?: Record<string, string | undefined>} = {}): Ports {
	const env = {...(overrides.env ?? process.env)};
	const cwd = path.resolve(overrides.cwd ?? process.cwd());
	const home = overrides.home ?? env.HOME ?? os.homedir();
	return {
		env,
		cwd,
		home,
		platform: process.platform,
		uid: process.getuid?.(),
		fs: realFileSystem,
		exec: createExec({projectDir: cwd, home}),
		http: createHttp(env),
		now: () => monotonicMs(),
	};
}
