import type {ExecResult, Ports} from '../ports.js';
import {toolEnv} from './docker-cli.js';
import {asRecord, asText} from './yaml-file.js';

/** Why kubectl gave no secret, in a word. */
export type KubeProblem = 'not-installed' | 'no-context' | 'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'timeout' | 'error';

/** The cluster kubectl talks to: the current context, its namespace and API server (from KUBECONFIG or ~/.kube/config). */
export type KubeContext = {context: string; namespace: string; server?: string};

/** A secret read from the cluster: its keys, values kept in memory only. */
export type ClusterSecret = {namespace: string; name: string; type?: string; data: Record<string, string>};

type Run = (args: string[], timeoutMs: number) => Promise<ExecResult>;

/** Runs kubectl with the user's environment (KUBECONFIG included) under the probe's signal. */
export function kubectlRunner(ports: Ports, signal: AbortSignal): Run {
	const env = toolEnv(ports);
	return (args, timeoutMs) => ports.exec('kubectl', args, {timeoutMs, signal, env, extendEnv: false, cwd: ports.cwd, maxBuffer: 4 * 1024 * 1024});
}

/** The current context, or why there is none. Reads only the local kubeconfig. */
export async function currentContext(run: Run, timeoutMs: number): Promise<{ok: true; context: KubeContext} | {ok: false; problem: KubeProblem; message: string}> {
	const view = await run(['config', 'view', '--minify', '-o', 'json'], timeoutMs);
	if (!view.ok) {
		if (view.failure === 'not-found') return {ok: false, problem: 'not-installed', message: 'kubectl is not installed (not found on PATH).'};
		if (view.failure === 'timeout') return {ok: false, problem: 'timeout', message: 'kubectl did not answer in time; stopped.'};
		return {ok: false, problem: 'no-context', message: `No Kubernetes context is set (${firstLine(view.stderr) || 'kubectl config view failed'}).`};
	}

	let config: Record<string, unknown> | undefined;
	try {
		config = asRecord(JSON.parse(view.stdout));
	} catch {
		return {ok: false, problem: 'error', message: 'kubectl config view printed something that is not JSON.'};
	}

	const context = asText(config?.['current-context']);
	if (!context) return {ok: false, problem: 'no-context', message: 'No Kubernetes context is set (kubectl config current-context is empty).'};
	const contexts = Array.isArray(config?.contexts) ? config.contexts : [];
	const clusters = Array.isArray(config?.clusters) ? config.clusters : [];
	const namespace = asText(asRecord(asRecord(contexts[0])?.context)?.namespace) || 'default';
	const server = asText(asRecord(asRecord(clusters[0])?.cluster)?.server);
	return {ok: true, context: {context, namespace, ...(server ? {server: server.replace(/\/\/[^@/]*@/, '//***@')} : {})}};
}

/** `kubectl get secret NAME -n NS -o json`, bounded by `--request-timeout` and the exec time limit. */
export async function getSecret(run: Run, namespace: string, name: string, timeoutMs: number): Promise<{ok: true; secret: ClusterSecret} | {ok: false; problem: KubeProblem; message: string}> {
	const seconds = Math.max(1, Math.floor(timeoutMs / 1000) - 1);
	const result = await run(['get', 'secret', name, '--namespace', namespace, '--output', 'json', `--request-timeout=${seconds}s`], timeoutMs);
	if (!result.ok) return {ok: false, ...classifyKubectlFailure(result, `${namespace}/${name}`)};
	let object: Record<string, unknown> | undefined;
	try {
		object = asRecord(JSON.parse(result.stdout));
	} catch {
		return {ok: false, problem: 'error', message: 'kubectl printed something that is not JSON.'};
	}

	const data: Record<string, string> = {};
	for (const [key, encoded] of Object.entries(asRecord(object?.data) ?? {})) {
		const text = asText(encoded);
		if (text !== undefined) data[key] = Buffer.from(text, 'base64').toString('utf8');
	}

	const type = asText(object?.type);
	return {ok: true, secret: {namespace, name, ...(type ? {type} : {}), data}};
}

/** What a failed kubectl call means, in one key-free line. */
export function classifyKubectlFailure(result: ExecResult, what: string): {problem: KubeProblem; message: string} {
	const stderr = result.stderr;
	if (result.failure === 'not-found') return {problem: 'not-installed', message: 'kubectl is not installed (not found on PATH).'};
	if (result.failure === 'timeout' || result.failure === 'aborted') return {problem: 'timeout', message: `kubectl did not answer in time reading ${what}; the cluster may be unreachable.`};
	if (/\(NotFound\)|not found/i.test(stderr) && !/no such host/i.test(stderr)) return {problem: 'not-found', message: `The secret ${what} does not exist.`};
	if (/\(Forbidden\)|forbidden/i.test(stderr)) return {problem: 'forbidden', message: `Not allowed to read ${what} (RBAC: get secrets is forbidden for your user).`};
	if (/Unauthorized|must be logged in/i.test(stderr)) return {problem: 'unauthorized', message: 'The cluster refused your credentials (logged out or expired): log in again.'};
	if (/Unable to connect|connection refused|no such host|i\/o timeout|dial tcp|was refused|context deadline exceeded|Client.Timeout|TLS handshake/i.test(stderr)) {
		return {problem: 'unreachable', message: `The cluster is unreachable (${firstLine(stderr).replace(/^Unable to connect to the server:\s*/, '').slice(0, 120)}).`};
	}

	return {problem: 'error', message: `kubectl failed: ${firstLine(stderr).slice(0, 160) || result.message || 'no message'}`};
}

function firstLine(text: string): string {
	return text.split('\n').map(line => line.trim()).find(Boolean) ?? '';
}
