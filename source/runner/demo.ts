import {randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {openAIMessages} from '../core/api/openai-errors.js';
import {maskLikeOpenAI} from '../core/keys/mask.js';
import type {Ports} from '../core/ports.js';
import type {RunOptions} from '../core/types.js';
import {startFakeOpenAIApi} from './fake-openai-api.js';
import {createRealPorts} from './real-ports.js';

/** A running demo world: ports and options pointed at it, and how to tear it down. */
export type Demo = {
	ports: Ports;
	options: RunOptions;
	/** The error the demo app printed (python SDK form), also given as `options.errorText` unless one was passed. */
	appError: string;
	/** The temporary folder that holds the demo project and home. */
	folder: string;
	close(): Promise<void>;
};

/** A random key in the shape of a 2024+ project key; it exists only in the demo's stand-in API. */
function demoProjectKey(): string {
	const part = () => randomBytes(74).toString('base64url').slice(0, 74);
	return `sk-proj-${part()}T3BlbkFJ${part()}`;
}

/**
 * Builds the `--demo` world: a temporary project whose `.env` holds a working key, a
 * home whose `~/.profile` exports an old, revoked key, a process environment that has
 * that old key (so it shadows `.env`, as dotenv loaders keep an existing variable), and
 * a loopback stand-in of the API that knows only the new key. Nothing of the user's
 * machine is read or changed: the environment is the demo's own, not the user's.
 */
export async function createDemo(options: RunOptions): Promise<Demo> {
	const good = demoProjectKey();
	const stale = demoProjectKey();
	const folder = await mkdtemp(path.join(tmpdir(), 'key-wizard-demo-'));
	const project = path.join(folder, 'project');
	const home = path.join(folder, 'home');
	await mkdir(project, {recursive: true});
	await mkdir(home, {recursive: true});
	await writeFile(path.join(project, '.env'), `# Created by the key-wizard demo\nOPENAI_API_KEY=${good}\n`, {mode: 0o600});
	await writeFile(path.join(project, '.gitignore'), '.env\n');
	await writeFile(
		path.join(project, 'app.py'),
		'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\nprint(client.models.list())\n',
	);
	await writeFile(path.join(home, '.profile'), `# An old key, exported long ago\nexport OPENAI_API_KEY=${stale}\n`, {mode: 0o600});
	await chmod(folder, 0o700);

	const api = await startFakeOpenAIApi({keys: {[good]: {organizationSlug: 'user-demo', projectId: 'proj_demo'}}});
	const env: Record<string, string> = {OPENAI_API_KEY: stale, HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'dumb'};
	if (existsSync('/bin/bash')) env.SHELL = '/bin/bash';
	const appError = `openai.AuthenticationError: Error code: 401 - {'error': {'message': '${openAIMessages.incorrectKey(maskLikeOpenAI(stale))}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`;
	const ports = createRealPorts({env, cwd: project, home});
	return {
		ports,
		options: {
			...options,
			cwd: project,
			baseUrl: api.baseUrl,
			baseUrlSource: 'flag',
			errorText: options.errorText ?? appError,
			demo: true,
		},
		appError,
		folder,
		async close() {
			await api.close();
			await rm(folder, {recursive: true, force: true});
		},
	};
}
