/**
 * A loopback stand-in of the Kubernetes API server, enough for the real kubectl to run
 * `kubectl get secret NAME -n NS -o json`: the discovery endpoints (/version, /api,
 * /api/v1, /apis) and namespaced secrets, with API-server-shaped 404 and 403 answers.
 * Plus a kubeconfig that points kubectl at it.
 */
import {createServer, type Server} from 'node:http';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/** A secret the fake server holds: its keys and values as they are (it base64-encodes them). */
export type FakeSecret = {namespace: string; name: string; data: Record<string, string>};

/** The running fake API server. */
export type FakeKubeApi = {url: string; secrets: FakeSecret[]; forbidden: Set<string>; requests: string[]; close(): Promise<void>};

/** Starts the fake API server on 127.0.0.1 with these secrets. */
export async function startFakeKubeApi(secrets: FakeSecret[] = []): Promise<FakeKubeApi> {
	const state = {secrets: [...secrets], forbidden: new Set<string>(), requests: [] as string[]};
	const server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		state.requests.push(`${request.method} ${url.pathname}`);
		const send = (status: number, body: unknown) => {
			response.writeHead(status, {'content-type': 'application/json'});
			response.end(JSON.stringify(body));
		};

		if (url.pathname === '/version') return send(200, {major: '1', minor: '31', gitVersion: 'v1.31.0', platform: 'linux/amd64'});
		if (url.pathname === '/api') return send(200, {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1'}]});
		if (url.pathname === '/apis') return send(200, {kind: 'APIGroupList', apiVersion: 'v1', groups: []});
		if (url.pathname === '/api/v1') {
			return send(200, {
				kind: 'APIResourceList',
				groupVersion: 'v1',
				resources: [
					{name: 'secrets', singularName: 'secret', namespaced: true, kind: 'Secret', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']},
					{name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['get', 'list']},
				],
			});
		}

		const match = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(url.pathname);
		if (match && request.method === 'GET') {
			const [, namespace, name] = match;
			if (state.forbidden.has(`${namespace}/${name}`)) {
				return send(403, status(403, 'Forbidden', `secrets "${name}" is forbidden: User "dev" cannot get resource "secrets" in API group "" in the namespace "${namespace}"`, name!));
			}

			const secret = state.secrets.find(item => item.namespace === namespace && item.name === name);
			if (!secret) return send(404, status(404, 'NotFound', `secrets "${name}" not found`, name!));
			const data: Record<string, string> = {};
			for (const [key, value] of Object.entries(secret.data)) data[key] = Buffer.from(value, 'utf8').toString('base64');
			return send(200, {kind: 'Secret', apiVersion: 'v1', metadata: {name, namespace, uid: '5f0c-test', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z'}, type: 'Opaque', data});
		}

		return send(404, status(404, 'NotFound', 'the server could not find the requested resource', ''));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		get secrets() {
			return state.secrets;
		},
		forbidden: state.forbidden,
		requests: state.requests,
		close: () => new Promise<void>(resolve => server.close(() => resolve())),
	};
}

function status(code: number, reason: string, message: string, name: string) {
	return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details: {name, kind: 'secrets'}, code};
}

/** Writes a kubeconfig whose current context talks to `server` in `namespace`; returns its path. */
export function writeKubeconfig(dir: string, server: string, namespace = 'default'): string {
	mkdirSync(dir, {recursive: true});
	const file = path.join(dir, 'kubeconfig');
	writeFileSync(
		file,
		[
			'apiVersion: v1',
			'kind: Config',
			'clusters:',
			'- name: test',
			'  cluster:',
			`    server: ${server}`,
			'contexts:',
			'- name: test',
			'  context:',
			'    cluster: test',
			'    user: dev',
			`    namespace: ${namespace}`,
			'current-context: test',
			'users:',
			'- name: dev',
			'  user:',
			'    token: test-token',
			'',
		].join('\n'),
	);
	return file;
}
