import {createHash, randomBytes, randomUUID} from 'node:crypto';
import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {Socket} from 'node:net';
import {openAIMessages} from '../core/api/openai-errors.js';
import {fingerprint} from '../core/keys/fingerprint.js';
import {maskLikeOpenAI} from '../core/keys/mask.js';

/**
 * A loopback stand-in for the OpenAI API that answers as the real one does for the
 * authentication cases of reference/openai-api-auth.md §1–4: status, body shape and
 * exact texts, the key mask, and the response headers. It backs `--demo` and the
 * integration tests; it listens on 127.0.0.1 only.
 */

/** How the API treats one key. */
export type FakeKeyBehaviour = {
	/** Default `valid`. */
	behaviour?: 'valid' | 'revoked' | 'restricted' | 'no-organization' | 'deactivated' | 'ip-not-authorized' | 'quota';
	/** The organization id (`org-…`) the key belongs to, matched against `OpenAI-Organization`. */
	organizationId?: string;
	/** The organization slug the API reports in `openai-organization` (`user-…` for personal ones). */
	organizationSlug?: string;
	/** The project id (`proj_…`), matched against `OpenAI-Project` and reported in `openai-project`. */
	projectId?: string;
	/** For `restricted`: the scopes the key has (`api.model.read`, `model.request`). */
	scopes?: string[];
	/** For `quota`: where the 429 comes (the real API gives it on inference; `all` also on models). */
	quotaOn?: 'inference' | 'all';
};

/** Who answers at the URL. */
export type FakeApiFlavour = 'openai' | 'gateway' | 'proxy' | 'azure' | 'stall' | 'trickle' | 'huge' | 'invalid-json';

/** Settings of the stand-in. */
export type FakeApiOptions = {
	/** Key value → behaviour; any other key is refused as the real API refuses it. */
	keys?: Record<string, FakeKeyBehaviour>;
	flavour?: FakeApiFlavour;
	/** Path the OpenAI API lives under (default `/v1`). */
	basePath?: string;
	/** The gateway flavour's 401 body. */
	gatewayBody?: 'json' | 'html' | 'empty' | 'text';
	/** Serve HTTPS with this certificate (PEM). */
	tls?: {key: string; cert: string};
};

/** One request as the stand-in saw it; keys are kept only as fingerprint and hash. */
export type RecordedRequest = {
	method: string;
	/** Path and query. */
	path: string;
	/** Header names (lower case) → values, with `authorization` / `api-key` values replaced by a fingerprint. */
	headers: Record<string, string>;
	/** sha256 prefix (12 hex) of the key sent, as `Secret` computes it. */
	keySha256?: string;
	body: string;
};

/** A request to answer (pure form, for tests that need no socket). */
export type FakeRequest = {method: string; path: string; headers: Record<string, string | undefined>; body: string};

/** The answer. */
export type FakeResponse = {status: number; headers: Record<string, string>; body: string};

/** A running stand-in. */
export type FakeOpenAIApi = {
	/** `http://127.0.0.1:PORT` (or https). */
	origin: string;
	/** The origin plus the base path: what `--base-url` takes. */
	baseUrl: string;
	/** Every request received, in order. */
	requests: RecordedRequest[];
	close(): Promise<void>;
};

const models = [
	{id: 'gpt-4o-mini', object: 'model', created: 1_721_172_741, owned_by: 'system'},
	{id: 'gpt-4o', object: 'model', created: 1_715_367_049, owned_by: 'system'},
	{id: 'text-embedding-3-small', object: 'model', created: 1_705_948_997, owned_by: 'system'},
];

const inferencePaths = ['/chat/completions', '/completions', '/responses', '/embeddings', '/images/generations', '/audio/speech'];

/** Answers one request as the OpenAI API (or the chosen flavour) would. Pure apart from ids. */
export function answerLikeOpenAI(request: FakeRequest, options: FakeApiOptions = {}): FakeResponse {
	const flavour = options.flavour ?? 'openai';
	if (flavour === 'proxy') return proxyAuthRequired();
	if (flavour === 'azure') return answerLikeAzure(request, options);
	if (flavour === 'gateway') return answerLikeGateway(request, options);
	if (flavour === 'invalid-json') return {status: 200, headers: openAIHeaders(), body: '{"object": "list", "data": [{"id": "gpt-4o"'};
	return answerOpenAI(request, options);
}

function answerOpenAI(request: FakeRequest, options: FakeApiOptions): FakeResponse {
	const basePath = (options.basePath ?? '/v1').replace(/\/+$/, '');
	const url = new URL(request.path, 'http://stand-in');
	const route = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : undefined;
	const known = route !== undefined && (route === '/models' || /^\/models\/[\w.:-]+$/.test(route) || inferencePaths.includes(route));
	if (!known) return openAIError(404, `Invalid URL (${request.method} ${url.pathname})`, null);

	const header = (name: string) => request.headers[name]?.trim();
	const key = bearerKey(header('authorization'));
	if (!key) {
		const message = route === '/models' ? openAIMessages.missingBearer : route === '/responses' ? openAIMessages.missingBearerOrBasic : openAIMessages.missingKey;
		return openAIError(401, message, null, {'www-authenticate': 'Bearer realm="OpenAI API"'});
	}

	const behaviour = options.keys?.[key];
	if (!behaviour) {
		if (key.startsWith('eyJ') && key.split('.').length === 3) return openAIError(401, openAIMessages.invalidIssuer, 'invalid_issuer');
		return openAIError(401, openAIMessages.incorrectKey(maskLikeOpenAI(key)), 'invalid_api_key');
	}

	switch (behaviour.behaviour ?? 'valid') {
		case 'revoked':
			return openAIError(401, openAIMessages.incorrectKey(maskLikeOpenAI(key)), 'invalid_api_key');
		case 'no-organization':
			return openAIError(401, openAIMessages.noOrganization, 'no_organization');
		case 'deactivated':
			return openAIError(401, openAIMessages.accountDeactivated, 'account_deactivated');
		case 'ip-not-authorized':
			return openAIError(401, openAIMessages.ipNotAuthorized, 'ip_not_authorized');
		default:
			break;
	}

	const organization = header('openai-organization');
	if (organization && organization !== (behaviour.organizationId ?? defaultOrganizationId)) {
		return organization.startsWith('org-')
			? openAIError(401, openAIMessages.mismatchedOrganization, 'mismatched_organization')
			: openAIError(401, openAIMessages.noSuchOrganization(organization), 'invalid_organization');
	}

	const project = header('openai-project');
	if (project && project !== (behaviour.projectId ?? defaultProjectId)) return openAIError(401, openAIMessages.mismatchedProject, 'mismatched_project');

	const inference = inferencePaths.includes(route);
	if (behaviour.behaviour === 'restricted') {
		const scopes = behaviour.scopes ?? [];
		if (!inference && !scopes.includes('api.model.read')) {
			return {status: 403, headers: openAIHeaders(), body: JSON.stringify({error: openAIMessages.missingScopesOnModels('api.model.read')})};
		}

		if (inference && !scopes.includes('model.request')) return openAIError(401, openAIMessages.missingScopesOnInference('model.request'), null);
	}

	if (behaviour.behaviour === 'quota' && (inference || behaviour.quotaOn === 'all')) {
		return {status: 429, headers: openAIHeaders(), body: errorBody(openAIMessages.insufficientQuota, 'insufficient_quota', 'insufficient_quota')};
	}

	const success = {
		...openAIHeaders(),
		'openai-organization': behaviour.organizationSlug ?? defaultOrganizationSlug,
		'openai-project': behaviour.projectId ?? defaultProjectId,
		'x-ratelimit-limit-requests': '10000',
		'x-ratelimit-remaining-requests': '9999',
		'x-ratelimit-reset-requests': '6ms',
	};
	if (route === '/models') return {status: 200, headers: success, body: JSON.stringify({object: 'list', data: models})};
	if (route.startsWith('/models/')) {
		const model = models.find(candidate => `/models/${candidate.id}` === route);
		if (!model) return openAIError(404, `The model '${route.slice('/models/'.length)}' does not exist`, 'model_not_found');
		return {status: 200, headers: success, body: JSON.stringify(model)};
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(request.body || 'null');
	} catch {
		return openAIError(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)", null);
	}

	const model = typeof parsed === 'object' && parsed !== null ? (parsed as {model?: unknown}).model : undefined;
	if (typeof model !== 'string') return openAIError(400, openAIMessages.missingModel, null);
	return {
		status: 200,
		headers: success,
		body: JSON.stringify({
			id: `chatcmpl-${randomBytes(12).toString('hex')}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model,
			choices: [{index: 0, message: {role: 'assistant', content: 'Hello from the key-wizard stand-in.'}, finish_reason: 'stop'}],
			usage: {prompt_tokens: 5, completion_tokens: 7, total_tokens: 12},
		}),
	};
}

const defaultOrganizationId = 'org-standin0000000000000000';
const defaultOrganizationSlug = 'user-standin';
const defaultProjectId = 'proj_standin000000000000000';

/** The key from `Bearer <key>`, or the password of `Basic base64(:key)`. */
function bearerKey(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const bearer = /^Bearer\s+(.*)$/i.exec(header);
	if (bearer) return bearer[1]!.trim() || undefined;
	const basic = /^Basic\s+(.+)$/i.exec(header);
	if (basic) {
		const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
		return decoded.slice(decoded.indexOf(':') + 1) || undefined;
	}

	return undefined;
}

/** The headers every OpenAI response carries. */
function openAIHeaders(): Record<string, string> {
	return {
		'content-type': 'application/json; charset=utf-8',
		'x-request-id': `req_${randomBytes(16).toString('hex')}`,
		'openai-version': '2020-10-01',
		'openai-processing-ms': String(20 + Math.floor(Math.random() * 200)),
		'x-content-type-options': 'nosniff',
	};
}

function errorBody(message: string, code: string | null, type = 'invalid_request_error'): string {
	return JSON.stringify({error: {message, type, param: null, code}});
}

function openAIError(status: number, message: string, code: string | null, extra: Record<string, string> = {}): FakeResponse {
	return {status, headers: {...openAIHeaders(), ...extra}, body: errorBody(message, code)};
}

function proxyAuthRequired(): FakeResponse {
	return {
		status: 407,
		headers: {'proxy-authenticate': 'Basic realm="proxy"', 'content-type': 'text/html'},
		body: '<html><head><title>407 Proxy Authentication Required</title></head><body><h1>407 Proxy Authentication Required</h1></body></html>',
	};
}

function answerLikeGateway(request: FakeRequest, options: FakeApiOptions): FakeResponse {
	const key = bearerKey(request.headers.authorization?.trim());
	if (key && options.keys?.[key] && (options.keys[key]!.behaviour ?? 'valid') === 'valid') {
		return {status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify({object: 'list', data: models})};
	}

	switch (options.gatewayBody ?? 'json') {
		case 'html':
			return {
				status: 401,
				headers: {'content-type': 'text/html', server: 'openresty'},
				body: '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n',
			};
		case 'empty':
			return {status: 401, headers: {}, body: ''};
		case 'text':
			return {status: 401, headers: {'content-type': 'text/plain'}, body: 'Invalid bearer token'};
		default:
			return {
				status: 401,
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({error: {message: 'Invalid API key', type: 'authentication_error', code: 'api_key_invalid'}}),
			};
	}
}

function answerLikeAzure(request: FakeRequest, options: FakeApiOptions): FakeResponse {
	const url = new URL(request.path, 'http://stand-in');
	const headers = {'content-type': 'application/json', 'apim-request-id': randomUUID(), 'x-ms-region': 'Sweden Central'};
	const key = request.headers['api-key']?.trim();
	const valid = key !== undefined && options.keys?.[key] !== undefined && (options.keys[key]!.behaviour ?? 'valid') === 'valid';
	if (!valid) {
		return {status: 401, headers, body: JSON.stringify({error: {code: '401', message: openAIMessages.azureAccessDenied}})};
	}

	if (url.pathname.endsWith('/openai/v1/models')) return {status: 200, headers, body: JSON.stringify({object: 'list', data: models})};
	if (!url.searchParams.get('api-version')) return {status: 404, headers, body: JSON.stringify({error: {code: '404', message: 'Resource not found'}})};
	if (url.pathname.endsWith('/openai/deployments')) {
		return {
			status: 200,
			headers,
			body: JSON.stringify({data: [{id: 'gpt-4o', model: 'gpt-4o', owner: 'organization-owner', object: 'deployment', status: 'succeeded'}], object: 'list'}),
		};
	}

	return {status: 404, headers, body: JSON.stringify({error: {code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.'}})};
}

/** Starts the stand-in on 127.0.0.1, on a free port. */
export async function startFakeOpenAIApi(options: FakeApiOptions = {}): Promise<FakeOpenAIApi> {
	const requests: RecordedRequest[] = [];
	const sockets = new Set<Socket>();
	const timers = new Set<NodeJS.Timeout>();
	const handler = (incoming: IncomingMessage, outgoing: ServerResponse) => {
		const chunks: Buffer[] = [];
		let size = 0;
		incoming.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= 1024 * 1024) chunks.push(chunk);
		});
		incoming.on('end', () => {
			const headers = lowerHeaders(incoming);
			const request: FakeRequest = {method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8')};
			requests.push(record(request));
			respond(request, outgoing, options, timers);
		});
	};

	const server: Server = options.tls ? createHttpsServer({key: options.tls.key, cert: options.tls.cert}, handler) : createHttpServer(handler);
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	// A forward proxy is asked to CONNECT for https targets: the proxy flavour refuses that too.
	server.on('connect', (incoming: IncomingMessage, socket: Socket) => {
		requests.push({method: 'CONNECT', path: incoming.url ?? '', headers: {}, body: ''});
		if (options.flavour === 'proxy') {
			socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
		} else {
			socket.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
		}
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
	const basePath = options.flavour === 'azure' ? '' : (options.basePath ?? '/v1').replace(/\/+$/, '');
	return {
		origin,
		baseUrl: `${origin}${basePath}`,
		requests,
		close: () =>
			new Promise<void>(resolve => {
				for (const timer of timers) clearInterval(timer);
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

function respond(request: FakeRequest, outgoing: ServerResponse, options: FakeApiOptions, timers: Set<NodeJS.Timeout>): void {
	switch (options.flavour) {
		case 'stall':
			// Never answers; the socket stays open until the client gives up or the server closes.
			return;
		case 'trickle': {
			outgoing.writeHead(200, openAIHeaders());
			const timer = setInterval(() => {
				if (outgoing.destroyed) {
					clearInterval(timer);
					timers.delete(timer);
					return;
				}

				outgoing.write(' ');
			}, 1000);
			timers.add(timer);
			outgoing.write('{');
			return;
		}

		case 'huge': {
			outgoing.writeHead(200, openAIHeaders());
			const chunk = Buffer.alloc(64 * 1024, 'a');
			let sent = 0;
			const total = 10 * 1024 * 1024;
			const pump = () => {
				while (sent < total) {
					sent += chunk.length;
					if (!outgoing.write(chunk)) {
						outgoing.once('drain', pump);
						return;
					}
				}

				outgoing.end();
			};

			outgoing.on('error', () => {});
			pump();
			return;
		}

		default: {
			const answer = answerLikeOpenAI(request, options);
			outgoing.writeHead(answer.status, {...answer.headers, 'content-length': String(Buffer.byteLength(answer.body))});
			outgoing.end(answer.body);
		}
	}
}

function lowerHeaders(incoming: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(incoming.headers)) {
		if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}

	return headers;
}

function record(request: FakeRequest): RecordedRequest {
	const headers: Record<string, string> = {};
	let keySha256: string | undefined;
	for (const [name, value] of Object.entries(request.headers)) {
		if (value === undefined) continue;
		if (name === 'authorization' || name === 'api-key') {
			const key = name === 'api-key' ? value.trim() : bearerKey(value);
			if (key) keySha256 = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12);
			headers[name] = key ? fingerprint(key) : '(empty)';
		} else {
			headers[name] = value;
		}
	}

	return {method: request.method, path: request.path, headers, ...(keySha256 ? {keySha256} : {}), body: request.body};
}
