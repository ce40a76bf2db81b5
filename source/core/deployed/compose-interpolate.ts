/**
 * Compose's variable interpolation, as `docker compose` does it (compose-go's template
 * package): `$$` is a literal `$`; `$VAR` and `${VAR}`; `${VAR:-default}` (unset or
 * empty), `${VAR-default}` (unset), `${VAR:?error}` / `${VAR?error}` (refuse to start),
 * `${VAR:+other}` / `${VAR+other}`; defaults may hold further `${…}`. An unset variable
 * without a default gives an empty string (compose warns "Defaulting to a blank string").
 */

/** Where compose looks a variable up: the shell's environment first, then the project's `.env`. */
export type VariableLookup = (name: string) => string | undefined;

/** One variable a value refers to, and what compose found for it. */
export type VariableReference = {
	name: string;
	/** Set (maybe empty) in the shell or the project's `.env`. */
	set: boolean;
	/** Set but empty. */
	empty: boolean;
	/** The operator used: `''` for plain `${VAR}` / `$VAR`, else `:-`, `-`, `:?`, `?`, `:+`, `+`. */
	operator: '' | ':-' | '-' | ':?' | '?' | ':+' | '+';
	/** A default (or alternative) took the place of the variable's own value. */
	usedDefault: boolean;
	/** Unset (or empty, for the `:` forms) with no default: the value became empty. */
	blank: boolean;
};

/** What interpolating one value gave. */
export type Interpolated =
	| {ok: true; value: string; references: VariableReference[]}
	/** `missing`: a `:?`/`?` variable was unset; compose refuses to start with `message`. `invalid`: not a template compose accepts. */
	| {ok: false; reason: 'missing' | 'invalid'; variable?: string; message: string; references: VariableReference[]};

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*/;
const maxDepth = 8;

/** Interpolates `text` as compose would, looking variables up with `lookup`. */
export function interpolate(text: string, lookup: VariableLookup): Interpolated {
	const references: VariableReference[] = [];
	try {
		return {ok: true, value: expand(text, lookup, references, 0), references};
	} catch (error) {
		if (error instanceof TemplateError) {
			return {ok: false, reason: error.reason, ...(error.variable ? {variable: error.variable} : {}), message: error.message, references};
		}

		throw error;
	}
}

class TemplateError extends Error {
	constructor(
		readonly reason: 'missing' | 'invalid',
		message: string,
		readonly variable?: string,
	) {
		super(message);
	}
}

function expand(text: string, lookup: VariableLookup, references: VariableReference[], depth: number): string {
	if (depth > maxDepth) throw new TemplateError('invalid', 'Invalid template: defaults nested too deeply');
	let out = '';
	let index = 0;
	while (index < text.length) {
		const dollar = text.indexOf('$', index);
		if (dollar === -1) {
			out += text.slice(index);
			break;
		}

		out += text.slice(index, dollar);
		const next = text[dollar + 1];
		if (next === '$') {
			out += '$';
			index = dollar + 2;
			continue;
		}

		if (next === '{') {
			const close = matchingBrace(text, dollar + 2);
			if (close === -1) throw new TemplateError('invalid', `Invalid template: "${clip(text)}" has an unclosed \${`);
			out += substitute(text.slice(dollar + 2, close), lookup, references, depth);
			index = close + 1;
			continue;
		}

		const name = namePattern.exec(text.slice(dollar + 1))?.[0];
		if (!name) throw new TemplateError('invalid', `Invalid template: "${clip(text)}" has a $ that starts no variable (write $$ for a literal $)`);
		out += plain(name, lookup, references);
		index = dollar + 1 + name.length;
	}

	return out;
}

/** The index of the `}` that closes a `${` whose body starts at `from`, skipping nested `${…}`. */
function matchingBrace(text: string, from: number): number {
	let depth = 0;
	for (let index = from; index < text.length; index++) {
		const char = text[index];
		if (char === '$' && text[index + 1] === '{') {
			depth++;
			index++;
		} else if (char === '}') {
			if (depth === 0) return index;
			depth--;
		}
	}

	return -1;
}

function plain(name: string, lookup: VariableLookup, references: VariableReference[]): string {
	const value = lookup(name);
	references.push({name, set: value !== undefined, empty: value === '', operator: '', usedDefault: false, blank: value === undefined});
	return value ?? '';
}

function substitute(body: string, lookup: VariableLookup, references: VariableReference[], depth: number): string {
	const name = namePattern.exec(body)?.[0];
	if (!name) throw new TemplateError('invalid', `Invalid template: "\${${clip(body)}}" names no variable`);
	const rest = body.slice(name.length);
	if (rest === '') return plain(name, lookup, references);
	const operator = (['-', '?', '+'] as const).map(op => (rest.startsWith(`:${op}`) ? (`:${op}` as const) : rest.startsWith(op) ? op : undefined)).find(Boolean);
	if (!operator) throw new TemplateError('invalid', `Invalid template: "\${${clip(body)}}" uses an operator compose does not know`);
	const argument = rest.slice(operator.length);
	const value = lookup(name);
	const set = value !== undefined;
	const usable = operator.startsWith(':') ? set && value !== '' : set;
	const reference: VariableReference = {name, set, empty: value === '', operator, usedDefault: false, blank: false};
	references.push(reference);
	switch (operator) {
		case ':-':
		case '-': {
			if (usable) return value!;
			reference.usedDefault = true;
			const fallback = expand(argument, lookup, references, depth + 1);
			reference.blank = fallback === '';
			return fallback;
		}

		case ':?':
		case '?': {
			if (usable) return value!;
			const message = expand(argument, lookup, references, depth + 1);
			throw new TemplateError('missing', `required variable ${name} is missing a value${message ? `: ${message}` : ''}`, name);
		}

		default: {
			if (!usable) {
				reference.blank = false;
				return '';
			}

			reference.usedDefault = true;
			return expand(argument, lookup, references, depth + 1);
		}
	}
}

function clip(text: string): string {
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
