/**
 * Parses a JSON value or a Python literal (the dict repr openai-python prints:
 * single-quoted strings, `None`, `True`, `False`). Returns undefined on anything else,
 * never throws.
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
		const char = this.#text[this.position];
		if (char === '{') return this.#nested(() => this.#object());
		if (char === '[') return this.#nested(() => this.#array());
		if (char === '"' || char === "'") return this.#string(char);
		for (const [word, value] of [['None', null], ['null', null], ['True', true], ['true', true], ['False', false], ['false', false]] as const) {
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
			if (quote !== '"' && quote !== "'") throw new Error('expected key');
			const key = this.#string(quote);
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

	#array(): unknown[] {
		this.position++;
		const out: unknown[] = [];
		this.#space();
		if (this.#text[this.position] === ']') {
			this.position++;
			return out;
		}

		for (;;) {
			out.push(this.value());
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
