/**
 * Parses a JSON value, a Python literal (the dict repr openai-python prints:
 * single-quoted strings, `None`, `True`, `False`) or a value as Node's util.inspect
 * prints it (how `console.error(err)` shows openai-node's and axios's errors: bare keys,
 * `undefined`, `[Object]` for what is nested too deep, `Headers {…}` with its class
 * name). Returns undefined on anything else, never throws.
 */
export function parseLiteral(text: string): {value: unknown; end: number} | undefined {
	try {
		const parser = new LiteralParser(text);
		const value = parser.value();
		return {value, end: parser.position};
	} catch {
		return undefined;
	}
}

/**
 * Finds the first `{…}` in the text that parses as a JSON object or Python dict (and
 * passes `accept`, when given: a stack dump's `Headers {}` is no error body).
 */
export function findObjectLiteral(text: string, from = 0, accept: (object: Record<string, unknown>) => boolean = () => true): Record<string, unknown> | undefined {
	let attempts = 0;
	for (let start = text.indexOf('{', from); start !== -1 && attempts < maxAttempts; start = text.indexOf('{', start + 1), attempts++) {
		const parsed = parseLiteral(text.slice(start));
		if (parsed && isRecord(parsed.value) && accept(parsed.value)) return parsed.value;
	}

	return undefined;
}

/** True for a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const escapes: Record<string, string> = {n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '0': '\0', '/': '/', '\\': '\\', "'": "'", '"': '"'};
const maxDepth = 32;
// Bounds the work on pasted text full of braces (a stack trace, a minified bundle).
const maxAttempts = 64;

class LiteralParser {
	position = 0;
	readonly #text: string;
	#depth = 0;

	constructor(text: string) {
		this.#text = text;
	}

	value(): unknown {
		this.#space();
		// util.inspect's stand-ins for what it does not print: `[Object]`, `[Array]`, `[Function: f]`, `[Getter]`, `[Circular *1]`.
		const elided = /^\[(?:Object|Array|Function|AsyncFunction|class|Getter|Setter|Getter\/Setter|Circular)\b[^\]\n]{0,80}\]/.exec(this.#text.slice(this.position, this.position + 100));
		if (elided) {
			this.position += elided[0].length;
			return null;
		}

		// util.inspect: a class name before an object or array (`Headers {`, `Array(2) [`), a `<ref *1>` mark.
		const named = /^(?:<ref \*\d+> )?(?:[A-Z][\w$]*(?:\(\d+\))? (?:\[[\w$]+\] )?)?(?=[{[])/.exec(this.#text.slice(this.position, this.position + 80));
		if (named) this.position += named[0].length;
		const char = this.#text[this.position];
		if (char === '{') return this.#nested(() => this.#object());
		if (char === '[') return this.#nested(() => this.#array());
		if (char === '"' || char === "'" || char === '`') return this.#string(char);
		for (const [word, value] of [['None', null], ['null', null], ['undefined', undefined], ['True', true], ['true', true], ['False', false], ['false', false]] as const) {
			if (this.#text.startsWith(word, this.position)) {
				this.position += word.length;
				return value;
			}
		}

		const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.#text.slice(this.position, this.position + 64));
		if (number) {
			this.position += number[0].length;
			return Number(number[0]);
		}

		throw new Error('unexpected character');
	}

	#nested<T>(parse: () => T): T {
		if (++this.#depth > maxDepth) throw new Error('too deep');
		const value = parse();
		this.#depth--;
		return value;
	}

	#object(): Record<string, unknown> {
		this.position++;
		const out: Record<string, unknown> = {};
		this.#space();
		if (this.#text[this.position] === '}') {
			this.position++;
			return out;
		}

		for (;;) {
			this.#space();
			const quote = this.#text[this.position];
			const key = quote === '"' || quote === "'" ? this.#string(quote) : this.#bareKey();
			this.#space();
			if (this.#text[this.position] !== ':') throw new Error('expected colon');
			this.position++;
			out[key] = this.value();
			this.#space();
			const next = this.#text[this.position++];
			if (next === '}') return out;
			if (next !== ',') throw new Error('expected comma');
			this.#space();
			if (this.#text[this.position] === '}') {
				this.position++;
				return out;
			}
		}
	}

	/** util.inspect's unquoted key (`status`, `request_id`), or a bracketed one (`[cause]`, `[Symbol(state)]`). */
	#bareKey(): string {
		const found = /^(?:[A-Za-z_$][\w$]*|\[[^\]\n]{1,80}\])(?=\s*:)/.exec(this.#text.slice(this.position, this.position + 100));
		if (!found) throw new Error('expected key');
		this.position += found[0].length;
		return found[0];
	}

	#array(): unknown[] {
		this.position++;
		const out: unknown[] = [];
		this.#space();
		if (this.#text[this.position] === ']') {
			this.position++;
			return out;
		}

		for (;;) {
			// util.inspect cuts long arrays: `... 12 more items`.
			this.#space();
			const more = /^\.\.\. \d+ more items?/.exec(this.#text.slice(this.position, this.position + 40));
			if (more) this.position += more[0].length;
			else out.push(this.value());
			this.#space();
			const next = this.#text[this.position++];
			if (next === ']') return out;
			if (next !== ',') throw new Error('expected comma');
		}
	}

	#string(quote: string): string {
		this.position++;
		let out = '';
		for (;;) {
			const char = this.#text[this.position++];
			if (char === undefined) throw new Error('unterminated string');
			if (char === quote) return out;
			if (char !== '\\') {
				out += char;
				continue;
			}

			const escaped = this.#text[this.position++];
			if (escaped === undefined) throw new Error('unterminated escape');
			if (escaped === 'u' || escaped === 'x') {
				const width = escaped === 'u' ? 4 : 2;
				const hex = this.#text.slice(this.position, this.position + width);
				if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new Error('bad escape');
				out += String.fromCharCode(Number.parseInt(hex, 16));
				this.position += width;
			} else {
				out += escapes[escaped] ?? `\\${escaped}`;
			}
		}
	}

	#space(): void {
		while (/\s/.test(this.#text[this.position] ?? '')) this.position++;
	}
}
