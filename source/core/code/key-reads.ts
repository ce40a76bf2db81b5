import type {CodeScan} from './code-scan.js';
import {isTestPath} from './file-kinds.js';

/** One name the code takes the key from, with where and how. */
export type KeyNameRead = {
	name: string;
	/** `app.py:7`. */
	at: string;
	how: string;
	/** The client reads it itself (no key passed), or the code passes it as the key. */
	direct: boolean;
	/** A missing variable makes the read fail loudly instead of giving nothing. */
	strict: boolean;
	/** The official SDK takes OPENAI_API_KEY itself when this read gives nothing (`api_key=None`, `apiKey: undefined`). */
	sdkFallsBack: boolean;
};

/**
 * The environment variables the project's code takes the key from: names it reads that
 * hold a key (OPENAI_API_KEY, OPENAI_KEY…), names it passes as a client's api key, and
 * OPENAI_API_KEY (or Azure's) for each client built without a key, which reads it itself.
 */
export function keyNamesRead(scan: Pick<CodeScan, 'reads' | 'clients'>): KeyNameRead[] {
	const out: KeyNameRead[] = [];
	for (const read of scan.reads) {
		// openai-python's OpenAI(api_key=None) and openai-node's apiKey: undefined fall back to OPENAI_API_KEY.
		const viaSdk = read.forClient && scan.clients.some(client => client.file === read.file && (client.library === 'openai-python' || client.library === 'openai-node'));
		out.push({name: read.name, at: `${read.file}:${read.line}`, how: read.how, direct: read.forClient, strict: read.strict, sdkFallsBack: viaSdk && !read.strict});
	}

	for (const client of scan.clients) {
		if (!client.implicitKey) continue;
		out.push({name: client.implicitKey, at: `${client.file}:${client.line}`, how: `${client.call} reads ${client.implicitKey} itself`, direct: true, strict: false, sdkFallsBack: false});
	}

	return out;
}

/** True when the project's code takes the key from the environment at all. */
export function codeReadsKey(scan: Pick<CodeScan, 'reads' | 'clients'>): boolean {
	return keyNamesRead(scan).length > 0;
}

/** The names the app's own code (not its tests or examples) takes the key from, OPENAI_API_KEY first. */
export function appKeyNames(scan: Pick<CodeScan, 'reads' | 'clients'> | undefined): string[] {
	const names = new Set(['OPENAI_API_KEY']);
	for (const read of scan ? keyNamesRead(scan) : []) if (!isTestPath(read.at.replace(/:\d+$/, ''))) names.add(read.name);
	return [...names];
}
