import os from 'node:os';
import path from 'node:path';
import type {Ports} from '../core/ports.js';
import {createExec} from './exec.js';
import {realFileSystem} from './file-system.js';
import {createHttp} from './http.js';

/** The real world: this process's environment, the disk, execa and undici. */
export function createRealPorts(overrides: {cwd?: string; home?: string; env?: Record<string, string | undefined>} = {}): Ports {
	const env = {...(overrides.env ?? process.env)};
	return {
		env,
		cwd: path.resolve(overrides.cwd ?? process.cwd()),
		home: overrides.home ?? env.HOME ?? os.homedir(),
		platform: process.platform,
		fs: realFileSystem,
		exec: createExec({projectDir: overrides.cwd ?? process.cwd()}),
		http: createHttp(env),
		now: () => performance.now(),
	};
}
