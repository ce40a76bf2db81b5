/**
 * Fake docker and kubectl for unit tests: they answer as the real tools print (docker
 * ps JSON lines, docker inspect's array, kubectl's JSON and its NotFound line), from a
 * list of containers and secrets. Integration tests use the real tools.
 */
import type {Exec} from '../../source/core/ports.js';
import {commandNotFound} from './fake-ports.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A container as the fake docker knows it. */
export type FakeContainer = {name: string; env: string[]; state?: string; labels?: Record<string, string>; created?: string; mounts?: Array<{Type: string; Source: string; Destination: string}>};

/** A docker that answers ps and inspect from a list of containers, as the real one prints them. */
export function fakeDocker(containers: FakeContainer[], calls: string[][] = []): Exec {
	return async (file, args) => {
		calls.push([file, ...args]);
		if (args[0] === 'ps') {
			const stdout = containers.map((item, index) => JSON.stringify({ID: `${index}`.padStart(64, 'a'), Names: item.name, Image: 'app:latest', State: item.state ?? 'running', Status: 'Up 2 minutes', Labels: Object.entries(item.labels ?? {}).map(([key, value]) => `${key}=${value}`).join(','), CreatedAt: '2026-01-01 10:00:00 +0000 UTC'})).join('\n');
			return {ok: true, exitCode: 0, stdout: `${stdout}\n`, stderr: '', durationMs: 3};
		}

		if (args[0] === 'inspect') {
			const names = args.slice(3);
			const found = containers.filter(item => names.includes(item.name));
			const missing = names.filter(name => !found.some(item => item.name === name));
			const stdout = JSON.stringify(found.map((item, index) => ({Id: `${index}`.padStart(64, 'b'), Created: item.created ?? '2026-01-01T10:00:00.123456789Z', Name: `/${item.name}`, State: {Status: item.state ?? 'running'}, Config: {Env: item.env, Image: 'app:latest', Labels: item.labels ?? {}}, Mounts: item.mounts ?? []})));
			return {ok: missing.length === 0, exitCode: missing.length === 0 ? 0 : 1, stdout, stderr: missing.map(name => `Error: No such object: ${name}\n`).join(''), durationMs: 3};
		}

		return {ok: false, exitCode: 1, stdout: '', stderr: 'unexpected', durationMs: 1};
	};
}

/** kubectl that knows one context and these secrets (namespace/name → data). */
export function fakeKubectl(secrets: Record<string, Record<string, string>>, calls: string[][] = []): Exec {
	return async (file, args) => {
		calls.push([file, ...args]);
		if (args[0] === 'config') return {ok: true, exitCode: 0, stdout: JSON.stringify({'current-context': 'dev', contexts: [{name: 'dev', context: {cluster: 'dev', namespace: 'team'}}], clusters: [{name: 'dev', cluster: {server: 'https://k8s.example:6443'}}]}), stderr: '', durationMs: 2};
		const name = args[2]!;
		const namespace = args[args.indexOf('--namespace') + 1]!;
		const data = secrets[`${namespace}/${name}`];
		if (!data) return {ok: false, exitCode: 1, stdout: '', stderr: `Error from server (NotFound): secrets "${name}" not found\n`, durationMs: 2};
		return {ok: true, exitCode: 0, stdout: JSON.stringify({kind: 'Secret', metadata: {name, namespace}, data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, b64(value)]))}), stderr: '', durationMs: 2};
	};
}


/** One exec that routes docker and kubectl to their fakes; every other tool is not installed. */
export function fakeTools(tools: {docker?: Exec; kubectl?: Exec}): Exec {
	return async (file, args, options) => {
		const tool = file === 'docker' ? tools.docker : file === 'kubectl' ? tools.kubectl : undefined;
		return tool ? tool(file, args, options) : commandNotFound(file);
	};
}
