import {randomBytes, randomUUID} from 'node:crypto';
import {createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createTlsServer} from 'node:https';
import {connect, type AddressInfo, type Socket} from 'node:net';

/**
 * An independent loopback stand-in of the OpenAI API (and of what else answers at a
 * base URL: gateways, Azure, redirects), written for the acceptance tests from
 * shared/reference/openai-api-auth.md §1–4 only — deliberately not reusing
 * source/runner/fake-openai-api.ts, so a misunderstanding shared by the tool and its
 * own fake cannot hide. Also a tiny forward proxy. Both record everything they get.
 */

/** Where the API tells you to find your key, in every captured message. */
const keysPage = 'https://platform.openai.com/account/api-keys';

/** Exact texts from the reference (§2), and a wording of ours where none was captured. */
export const texts = {
	missingKey: `You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from ${keysPage}.`,
	incorrectKey: (mask: string) => `Incorrect API key provided: ${mask}. You can find your API key at ${keysPage}.`,
	mismatchedOrganization: 'OpenAI-Organization header should match organization for API key',
	mismatchedProject: 'OpenAI-Project header should match project for API key',
	noOrganization: 'You must be a member of an organization to use the API. Please contact us through our help center at help.openai.com.',
	deactivated: 'This key is associated with a deactivated account. If you feel this is an error, contact us through our help center at help.openai.com.',
	invalidIssuer: 'Your authentication token is not from a valid issuer.',
	// No captured text exists (reference §2.8): a wording unlike the tool's own fake, so only the code can match.
	ipNotAuthorized: 'Requests from this address are blocked by the allowlist configured for this project.',
	scopesOnModels:
		"You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Viewer, Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.",
	scopesOnInference:
		"You have insufficient permissions for this operation. Missing scopes: model.request. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.",
	quota: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
	serverError: 'The server had an error while processing your request. Sorry about that!',
	azureDenied:
		'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
	openresty401: '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n',
	gatewayJson: '{"error":{"message":"Invalid API key","type":"authentication_error","code":"api_key_invalid"}}',
} as const;

/** The mask rule of §2.2: 8 or fewer characters in full, else the first 8, a star per hidden character, the last 4. */
export function openAIMask(value: string): string {
	if (value.length <= 8) return value;
	return `${value.slice(0, 8)}${'*'.repeat(Math.max(0, value.length - 12))}${value.slice(-4)}`;
}

/** What one key is on the stand-in's side. */
export type Account = {
	/** The organization id the key belongs to (`org-…`). */
	organization?: string;
	/** The slug sent back in `openai-organization` (`user-…` for a personal org). */
	organizationSlug?: string;
	/** The project id (`proj_…`). */
	project?: string;
	state?: 'ok' | 'no-organization' | 'deactivated' | 'ip-blocked' | 'restricted' | 'restricted-may-infer' | 'quota-on-inference' | 'quota-everywhere';
};

/** Who answers at the stand-in's address. */
export type Flavour =
	| 'openai'
	/** OpenAI, but 401s carry only content-type and x-request-id (the newrelic fixture, §2.2). */
	| 'openai-bare-401'
	| 'openai-500'
	| 'openai-503'
	| 'cloudflare-502'
	| 'gateway-json'
	| 'gateway-html'
	| 'gateway-empty'
	| 'gateway-text'
	| 'azure'
	| 'redirect';

/** One request as it arrived, key and all (tests only). */
export type Recorded = {method: string; url: string; headers: Record<string, string | string[] | undefined>; rawHeaders: string[]; body: string};

/** A running stand-in. */
export type StandIn = {
	port: number;
	/** `http://127.0.0.1:PORT/v1` (`https://` with TLS). */
	baseUrl: string;
	/** `127.0.0.1:PORT`. */
	host: string;
	requests: Recorded[];
	/** TCP connections accepted, whether or not a request followed. */
	connections: number;
	close(): Promise<void>;
};

export type StandInOptions = {
	flavour?: Flavour;
	accounts?: Record<string, Account>;
	/** Organizations that exist (a header naming another `org-…` gets mismatched_organization, anything else invalid_organization). */
	organizations?: string[];
	/** Azure flavour: the resource keys it accepts. */
	azureKeys?: string[];
	/** Redirect flavour: where it points. */
	redirectTo?: string;
	/** Serve HTTPS with this certificate (for 127.0.0.1). */
	tls?: {key: string; cert: string};
};

function requestId(): string {
	return `req_${randomBytes(16).toString('hex')}`;
}

function openAIHeaders(): Record<string, string> {
	return {
		'content-type': 'application/json; charset=utf-8',
		'x-request-id': requestId(),
		'openai-version': '2020-10-01',
		'openai-processing-ms': String(20 + Math.floor(Math.random() * 200)),
		'x-openai-proxy-wasm': 'v0.1',
		'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
		'x-content-type-options': 'nosniff',
		server: 'cloudflare',
		'cf-ray': `${randomBytes(8).toString('hex')}-AMS`,
	};
}

function errorBody(message: string, code: string | null, type = 'invalid_request_error'): string {
	return JSON.stringify({error: {message, type, param: null, code}});
}

type Answer = {status: number; headers: Record<string, string>; body: string};

function openAIError(status: number, message: string, code: string | null, bare: boolean, type?: string): Answer {
	const headers = bare && status === 401 ? {'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId()} : openAIHeaders();
	return {status, headers, body: errorBody(message, code, type)};
}

const models = JSON.stringify({
	object: 'list',
	data: [
		{id: 'gpt-4o-mini', object: 'model', created: 1_721_172_741, owned_by: 'system'},
		{id: 'text-embedding-3-small', object: 'model', created: 1_705_948_997, owned_by: 'system'},
	],
});

function answerOpenAI(request: Recorded, options: StandInOptions, bare: boolean): Answer {
	const path = request.url.split('?')[0]!;
	const authorization = typeof request.headers.authorization === 'string' ? request.headers.authorization : '';
	const token = /^Bearer (.*)$/s.exec(authorization)?.[1] ?? '';
	if (token.trim() === '') return {...openAIError(401, texts.missingKey, null, bare), headers: {...openAIHeaders(), 'www-authenticate': 'Bearer realm="OpenAI API"'}};
	if (/^eyJ[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) return openAIError(401, texts.invalidIssuer, 'invalid_issuer', bare);
	const account = options.accounts?.[token];
	if (!account) return openAIError(401, texts.incorrectKey(openAIMask(token)), 'invalid_api_key', bare);
	const state = account.state ?? 'ok';
	if (state === 'deactivated') return openAIError(401, texts.deactivated, 'account_deactivated', bare);
	if (state === 'no-organization') return openAIError(401, texts.noOrganization, 'no_organization', bare);
	if (state === 'ip-blocked') return openAIError(401, texts.ipNotAuthorized, 'ip_not_authorized', bare);
	const organization = header(request, 'openai-organization');
	const organizationId = account.organization ?? 'org-standin000000000000000';
	if (organization !== undefined && organization !== organizationId) {
		return (options.organizations ?? []).includes(organization) || /^org-/.test(organization)
			? openAIError(401, texts.mismatchedOrganization, 'mismatched_organization', bare)
			: openAIError(401, '', 'invalid_organization', bare);
	}

	const project = header(request, 'openai-project');
	if (project !== undefined && project !== (account.project ?? 'proj_standin0000000000000000')) {
		return openAIError(401, texts.mismatchedProject, 'mismatched_project', bare);
	}

	const inference = request.method === 'POST' && /\/(?:chat\/completions|responses|completions|embeddings)$/.test(path);
	if (state === 'quota-everywhere' || (state === 'quota-on-inference' && inference)) return openAIError(429, texts.quota, 'insufficient_quota', bare, 'insufficient_quota');
	if (state === 'restricted' || state === 'restricted-may-infer') {
		if (request.method === 'GET' && /\/models$/.test(path)) return {status: 403, headers: openAIHeaders(), body: JSON.stringify({error: texts.scopesOnModels})};
		if (inference && state === 'restricted') return openAIError(401, texts.scopesOnInference, null, bare);
	}

	if (inference) return openAIError(400, 'you must provide a model parameter', null, bare);
	if (request.method === 'GET' && /\/models$/.test(path)) {
		return {
			status: 200,
			headers: {
				...openAIHeaders(),
				'openai-organization': account.organizationSlug ?? 'user-standin',
				'openai-project': account.project ?? 'proj_standin0000000000000000',
				'x-ratelimit-limit-requests': '10000',
				'x-ratelimit-remaining-requests': '9999',
			},
			body: models,
		};
	}

	return openAIError(404, `Invalid URL (${request.method} ${path})`, null, bare);
}

function answerAzure(request: Recorded, options: StandInOptions): Answer {
	const azureHeaders = {'content-type': 'application/json', 'apim-request-id': randomUUID(), 'x-ms-region': 'West Europe', 'strict-transport-security': 'max-age=31536000; includeSubDomains; preload'};
	const key = header(request, 'api-key');
	if (key === undefined || !(options.azureKeys ?? []).includes(key)) {
		return {status: 401, headers: azureHeaders, body: JSON.stringify({error: {code: '401', message: texts.azureDenied}})};
	}

	const url = new URL(request.url, 'http://stand-in.invalid');
	if (request.method === 'GET' && /\/openai\/deployments\/?$/.test(url.pathname) && url.searchParams.get('api-version')) {
		return {status: 200, headers: azureHeaders, body: JSON.stringify({data: [{id: 'gpt-4o', model: 'gpt-4o', object: 'deployment', status: 'succeeded'}], object: 'list'})};
	}

	return {status: 404, headers: azureHeaders, body: JSON.stringify({error: {code: '404', message: 'Resource not found'}})};
}

function answer(request: Recorded, options: StandInOptions): Answer {
	switch (options.flavour ?? 'openai') {
		case 'openai':
			return answerOpenAI(request, options, false);
		case 'openai-bare-401':
			return answerOpenAI(request, options, true);
		case 'openai-500':
			return {status: 500, headers: openAIHeaders(), body: errorBody(texts.serverError, null, 'server_error')};
		case 'openai-503':
			return {status: 503, headers: openAIHeaders(), body: errorBody('The engine is currently overloaded, please try again later', null, 'server_error')};
		case 'cloudflare-502':
			return {
				status: 502,
				headers: {'content-type': 'text/html', server: 'cloudflare', 'cf-ray': `${randomBytes(8).toString('hex')}-AMS`},
				body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n',
			};
		case 'gateway-json':
			// A gateway stamps its own request id: an id alone does not make an answer OpenAI's.
			return {status: 401, headers: {'content-type': 'application/json', 'x-request-id': randomUUID()}, body: texts.gatewayJson};
		case 'gateway-html':
			return {status: 401, headers: {'content-type': 'text/html', server: 'openresty'}, body: texts.openresty401};
		case 'gateway-empty':
			return {status: 401, headers: {'content-length': '0'}, body: ''};
		case 'gateway-text':
			return {status: 401, headers: {'content-type': 'text/plain; charset=utf-8'}, body: 'Invalid bearer token'};
		case 'azure':
			return answerAzure(request, options);
		case 'redirect':
			return {status: 307, headers: {location: options.redirectTo ?? 'https://example.com/v1/models', 'content-type': 'text/plain'}, body: 'Temporary Redirect'};
	}
}

function header(request: Recorded, name: string): string | undefined {
	const value = request.headers[name];
	return typeof value === 'string' ? value : undefined;
}

function readRequest(incoming: IncomingMessage): Promise<Recorded> {
	return new Promise(resolve => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () =>
			resolve({method: incoming.method ?? '', url: incoming.url ?? '', headers: {...incoming.headers}, rawHeaders: [...incoming.rawHeaders], body: Buffer.concat(chunks).toString('utf8')}),
		);
	});
}

function listen(server: Server, host = '127.0.0.1'): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
	});
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
	for (const socket of sockets) socket.destroy();
	return new Promise(resolve => server.close(() => resolve()));
}

/** Starts the stand-in on 127.0.0.1 with a free port. */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
	const requests: Recorded[] = [];
	const sockets = new Set<Socket>();
	const handler = async (incoming: IncomingMessage, response: ServerResponse) => {
		const recorded = await readRequest(incoming);
		requests.push(recorded);
		const {status, headers, body} = answer(recorded, options);
		response.writeHead(status, headers);
		response.end(body);
	};
	const server: Server = options.tls ? createTlsServer({key: options.tls.key, cert: options.tls.cert}, handler) : createServer(handler);
	const standIn = {requests, connections: 0} as StandIn;
	server.on(options.tls ? 'tlsClientError' : 'clientError', () => undefined);
	server.on('connection', socket => {
		standIn.connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const port = await listen(server);
	return Object.assign(standIn, {
		port,
		host: `127.0.0.1:${port}`,
		baseUrl: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/v1`,
		close: () => closeServer(server, sockets),
	});
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
	// Free on `host` itself: a port free on 127.0.0.1 may be taken on 127.0.0.2 (a proxy of another test).
	const server = createServer();
	const port = await listen(server, host);
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

/** One thing the proxy was asked to do. */
export type ProxyRecord = {kind: 'connect' | 'absolute' | 'origin-form'; target: string; method: string; headers: Record<string, string | string[] | undefined>; body: string};

/** A running forward proxy. */
export type ForwardProxy = {port: number; url: string; records: ProxyRecord[]; connections: number; close(): Promise<void>};

/** Where the proxy listens, and where it really connects for a target (`api.openai.com:443` → a loopback stand-in). */
export type ForwardProxyOptions = {host?: string; routes?: Record<string, string>};

/**
 * A tiny HTTP forward proxy on 127.0.0.1 (or `host`, e.g. 127.0.0.2: a second loopback
 * address, as a proxy on another machine would be). `require-auth` answers 407 to
 * everything (CONNECT and absolute-form alike); `forward` tunnels CONNECT and relays
 * absolute-form requests, but only to the targets it is given (anything else gets 403,
 * recorded), connecting to `routes[target]` when given.
 */
export async function startForwardProxy(mode: 'require-auth' | 'forward', allowedTargets: string[] = [], options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
	const realTarget = (target: string) => options.routes?.[target] ?? target;
	const records: ProxyRecord[] = [];
	const sockets = new Set<Socket>();
	const proxyAuth = {'proxy-authenticate': 'Basic realm="corp-proxy"', 'content-type': 'text/html', 'content-length': '0'};
	const server = createServer(async (incoming, response) => {
		const recorded = await readRequest(incoming);
		const absolute = /^https?:\/\//i.test(recorded.url);
		const target = absolute ? new URL(recorded.url).host : String(recorded.headers.host ?? '');
		records.push({kind: absolute ? 'absolute' : 'origin-form', target, method: recorded.method, headers: recorded.headers, body: recorded.body});
		if (mode === 'require-auth') {
			response.writeHead(407, proxyAuth);
			response.end();
			return;
		}

		if (!absolute || !allowedTargets.includes(target)) {
			response.writeHead(403, {'content-type': 'text/plain'});
			response.end('target not allowed by the test proxy');
			return;
		}

		const url = new URL(recorded.url);
		const real = new URL(`http://${realTarget(target)}`);
		const {'proxy-connection': _connection, 'proxy-authorization': _auth, ...headers} = recorded.headers;
		const upstream = httpRequest({host: real.hostname, port: real.port, method: recorded.method, path: `${url.pathname}${url.search}`, headers}, upstreamResponse => {
			response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
			upstreamResponse.pipe(response);
		});
		upstream.on('error', () => {
			response.writeHead(502);
			response.end();
		});
		upstream.end(recorded.body);
	});
	server.on('connect', (incoming: IncomingMessage, client: Socket, head: Buffer) => {
		const target = incoming.url ?? '';
		records.push({kind: 'connect', target, method: 'CONNECT', headers: {...incoming.headers}, body: ''});
		if (mode === 'require-auth') {
			client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp-proxy"\r\nContent-Length: 0\r\n\r\n');
			return;
		}

		if (!allowedTargets.includes(target)) {
			client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
			return;
		}

		const real = realTarget(target);
		const [host, port] = [real.slice(0, real.lastIndexOf(':')), Number(real.slice(real.lastIndexOf(':') + 1))];
		const upstream = connect(port, host, () => {
			client.write('HTTP/1.1 200 Connection established\r\n\r\n');
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
		sockets.add(upstream);
	});
	const proxy = {records, connections: 0} as ForwardProxy;
	server.on('connection', socket => {
		proxy.connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const host = options.host ?? '127.0.0.1';
	const port = await listen(server, host);
	return Object.assign(proxy, {port, url: `http://${host}:${port}`, close: () => closeServer(server, sockets)});
}
