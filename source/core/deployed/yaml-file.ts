import {isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, type Document, type Node} from 'yaml';

/** One YAML document as plain data, with a way to find where a value sits in the file. */
export type YamlDoc = {
	value: unknown;
	/** The 1-based line of the node at `path` (map keys and sequence indexes), following aliases and merge keys. */
	lineOf(path: readonly (string | number)[]): number | undefined;
};

/** A YAML file parsed, or the first error with its line and column. */
export type YamlParse = {ok: true; docs: YamlDoc[]} | {ok: false; line?: number; column?: number; message: string};

/** Aliases expanded at most this many times per document: a "billion laughs" file stops here. */
const maxAliasCount = 200;

/**
 * Parses YAML as compose, Kubernetes and GitHub read it: YAML 1.2 with `<<` merge keys,
 * anchors and aliases (bounded), several documents when `multi`. A syntax error gives
 * `file:line:column: reason` and no data; a file too full of aliases is refused.
 */
export function parseYaml(text: string, shown: string, options: {multi?: boolean} = {}): YamlParse {
	const lineCounter = new LineCounter();
	const parseOptions = {lineCounter, merge: true, prettyErrors: false, uniqueKeys: true, strict: false} as const;
	let documents: Document[];
	try {
		documents = options.multi ? (parseAllDocuments(text, parseOptions) as Document[]) : [parseDocument(text, parseOptions)];
	} catch (error) {
		return {ok: false, message: `${shown}: cannot be parsed as YAML (${firstLine(error)})`};
	}

	if (!Array.isArray(documents)) return {ok: false, message: `${shown}: cannot be parsed as YAML`};
	const docs: YamlDoc[] = [];
	for (const document of documents) {
		const error = document.errors[0];
		if (error) {
			const at = error.pos ? lineCounter.linePos(error.pos[0]) : undefined;
			const reason = error.message.split(/ at line \d+, column \d+/)[0]!.split('\n')[0]!;
			return {ok: false, ...(at ? {line: at.line, column: at.col} : {}), message: `${shown}${at ? `:${at.line}:${at.col}` : ''}: ${reason}`};
		}

		let value: unknown;
		try {
			value = document.toJS({maxAliasCount});
		} catch (error) {
			return {ok: false, message: `${shown}: ${error instanceof ReferenceError ? 'too many aliases (a YAML bomb?); not read' : `cannot be read (${firstLine(error)})`}`};
		}

		docs.push({value, lineOf: path => lineOfPath(document, lineCounter, path)});
	}

	return {ok: true, docs};
}

function firstLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.split('\n')[0]!.slice(0, 120);
}

function lineOfPath(document: Document, lineCounter: LineCounter, path: readonly (string | number)[]): number | undefined {
	let node: unknown = document.contents;
	for (const step of path) {
		node = child(document, resolve(document, node), step, 0);
		if (node === undefined) return undefined;
	}

	const range = (resolve(document, node) as Node | undefined)?.range ?? (node as Node | undefined)?.range;
	return range ? lineCounter.linePos(range[0]).line : undefined;
}

function resolve(document: Document, node: unknown): unknown {
	let current = node;
	for (let hops = 0; hops < 20 && isAlias(current); hops++) current = current.resolve(document);
	return current;
}

/** The child node at `step`; a map key not found among its own pairs is looked for in what `<<` merges in. */
function child(document: Document, node: unknown, step: string | number, depth: number): unknown {
	if (depth > 10) return undefined;
	if (isSeq(node)) return typeof step === 'number' ? node.items[step] : undefined;
	if (!isMap(node)) return undefined;
	let merged: unknown[] = [];
	for (const pair of node.items) {
		if (!isPair(pair)) continue;
		const key = isScalar(pair.key) ? pair.key.value : pair.key;
		if (key === step || (typeof step === 'number' && key === String(step))) return pair.value;
		if (typeof key === 'symbol' || key === '<<') {
			const source = resolve(document, pair.value);
			merged = isSeq(source) ? source.items.map(item => resolve(document, item)) : [source];
		}
	}

	for (const source of merged) {
		const found = child(document, source, step, depth + 1);
		if (found !== undefined) return found;
	}

	return undefined;
}

/** `value` as a plain object (a YAML mapping), else undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map) ? (value as Record<string, unknown>) : undefined;
}

/** `value` as a string when YAML gave a scalar (numbers and booleans written as text), else undefined. */
export function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	return undefined;
}
