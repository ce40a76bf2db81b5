/** One `ENV` or `ARG` that sets a watched variable. */
export type DockerfileAssignment = {
	instruction: 'ENV' | 'ARG';
	variable: string;
	/** 1-based line where the instruction starts. */
	line: number;
	/** The value as the build gives it (quotes and escapes resolved); undefined for `ARG NAME` with no default. Never shown. */
	value?: string;
	/** The value only refers to other variables (`$OPENAI_API_KEY`, `${KEY:-}`): nothing is written in the file. */
	reference: boolean;
	/** The build stage (`FROM … AS name`, or its index). */
	stage: string;
};

/** A `COPY`/`ADD` from the build context. */
export type DockerfileCopy = {line: number; instruction: 'COPY' | 'ADD'; sources: string[]};

/** What a Dockerfile sets and copies, as far as the key goes. */
export type DockerfileFacts = {
	assignments: DockerfileAssignment[];
	copies: DockerfileCopy[];
	/** How many build stages (`FROM`) it has. */
	stages: number;
};

/** An instruction with its logical text and starting line. */
type Instruction = {keyword: string; args: string; line: number};

/**
 * Reads a Dockerfile as BuildKit does, for what matters here: the `# escape=` directive,
 * line continuations (comment lines inside them dropped), heredoc bodies skipped, `ENV`
 * in both forms, `ARG` with defaults, and `COPY`/`ADD` sources from the build context.
 * `watched` picks the variables whose assignments are kept.
 */
export function parseDockerfile(text: string, watched: (name: string, value: string | undefined) => boolean): DockerfileFacts {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	const escape = escapeDirective(lines);
	const facts: DockerfileFacts = {assignments: [], copies: [], stages: 0};
	let stage = '0';
	for (const instruction of instructions(lines, escape)) {
		switch (instruction.keyword) {
			case 'FROM': {
				facts.stages++;
				const named = /\s+as\s+([^\s]+)\s*$/i.exec(instruction.args)?.[1];
				stage = named ?? String(facts.stages - 1);
				break;
			}

			case 'ENV':
			case 'ARG':
				for (const pair of assignments(instruction.keyword, instruction.args, escape)) {
					if (!watched(pair.name, pair.value)) continue;
					facts.assignments.push({
						instruction: instruction.keyword,
						variable: pair.name,
						line: instruction.line,
						...(pair.value === undefined ? {} : {value: pair.value}),
						reference: pair.value !== undefined && isReference(pair.raw ?? ''),
						stage,
					});
				}

				break;
			case 'COPY':
			case 'ADD': {
				const copy = copySources(instruction.args, escape);
				if (copy) facts.copies.push({line: instruction.line, instruction: instruction.keyword, sources: copy});
				break;
			}

			default:
				break;
		}
	}

	return facts;
}

function escapeDirective(lines: readonly string[]): string {
	for (const line of lines) {
		const directive = /^\s*#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(line);
		if (!directive) break;
		if (directive[1]!.toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) return directive[2];
	}

	return '\\';
}

function* instructions(lines: readonly string[], escape: string): Generator<Instruction> {
	let index = 0;
	const continues = (line: string) => new RegExp(`${escapeRegExp(escape)}[ \\t]*$`).test(line);
	while (index < lines.length) {
		const first = lines[index]!;
		const start = index;
		index++;
		if (/^\s*(#|$)/.test(first)) continue;
		let text = first;
		while (continues(text) && index < lines.length) {
			text = text.replace(new RegExp(`${escapeRegExp(escape)}[ \\t]*$`), '');
			// Comment and empty lines inside a continuation are dropped.
			while (index < lines.length && /^\s*(#|$)/.test(lines[index]!)) index++;
			if (index < lines.length) text += lines[index++]!;
		}

		const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(text);
		if (!match) continue;
		const keyword = match[1]!.toUpperCase();
		// Heredocs (`RUN <<EOF`): their bodies are file content, not instructions.
		for (const heredoc of match[2]!.matchAll(/<<(-?)(["']?)([A-Za-z_][\w]*)\2/g)) {
			const strip = heredoc[1] === '-';
			while (index < lines.length) {
				const body = lines[index++]!;
				if ((strip ? body.replace(/^\t+/, '') : body) === heredoc[3]) break;
			}
		}

		yield {keyword, args: match[2]!.trim(), line: start + 1};
	}
}

type Pair = {name: string; value?: string; raw?: string};

function assignments(keyword: 'ENV' | 'ARG', args: string, escape: string): Pair[] {
	const words = splitWords(args, escape);
	if (words.length === 0) return [];
	// `ENV NAME value with spaces` (no "="): the legacy form, one variable.
	if (keyword === 'ENV' && !words[0]!.raw.includes('=')) {
		const name = words[0]!.raw;
		const rest = args.slice(args.indexOf(name) + name.length).trim();
		return [{name, value: unquote(rest, escape), raw: rest}];
	}

	return words.map(word => {
		const equals = word.raw.indexOf('=');
		if (equals === -1) return {name: word.raw};
		const raw = word.raw.slice(equals + 1);
		return {name: word.raw.slice(0, equals), value: unquote(raw, escape), raw};
	});
}

/** Splits on blanks outside quotes; each word keeps its raw text. */
function splitWords(text: string, escape: string): Array<{raw: string}> {
	const words: Array<{raw: string}> = [];
	let current = '';
	let quote: string | undefined;
	for (let index = 0; index < text.length; index++) {
		const char = text[index]!;
		if (char === escape && quote !== "'" && index + 1 < text.length) {
			current += char + text[++index];
			continue;
		}

		if (quote) {
			if (char === quote) quote = undefined;
			current += char;
		} else if (char === '"' || char === "'") {
			quote = char;
			current += char;
		} else if (/\s/.test(char)) {
			if (current) words.push({raw: current});
			current = '';
		} else {
			current += char;
		}
	}

	if (current) words.push({raw: current});
	return words;
}

/** Resolves quotes and escapes as the Dockerfile's shell-like word rules do. */
function unquote(raw: string, escape: string): string {
	let out = '';
	let quote: string | undefined;
	for (let index = 0; index < raw.length; index++) {
		const char = raw[index]!;
		if (quote === "'") {
			if (char === "'") quote = undefined;
			else out += char;
		} else if (char === escape && index + 1 < raw.length) {
			out += raw[++index];
		} else if (quote === '"') {
			if (char === '"') quote = undefined;
			else out += char;
		} else if (char === '"' || char === "'") {
			quote = char;
		} else {
			out += char;
		}
	}

	return out;
}

/** The value is made only of variable references (and quotes): `$KEY`, `"${KEY}"`, `${KEY:-}`. */
function isReference(raw: string): boolean {
	const text = raw.replace(/^["']|["']$/g, '').trim();
	if (text === '') return false;
	return /^(?:\$[A-Za-z_]\w*|\$\{[A-Za-z_]\w*(?::?[-+][^}]*)?\})+$/.test(text);
}

function copySources(args: string, escape: string): string[] | undefined {
	const trimmed = args.trim();
	let words: string[];
	if (trimmed.startsWith('[')) {
		try {
			const parsed = JSON.parse(trimmed) as unknown;
			words = Array.isArray(parsed) ? parsed.map(String) : [];
		} catch {
			words = [];
		}
	} else {
		words = splitWords(trimmed, escape).map(word => unquote(word.raw, escape));
	}

	const flags = words.filter(word => word.startsWith('--'));
	// `--from=stage` copies from another image or stage, not from the build context.
	if (flags.some(flag => flag.startsWith('--from'))) return undefined;
	const rest = words.filter(word => !word.startsWith('--'));
	if (rest.length < 2) return undefined;
	return rest.slice(0, -1);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A `COPY`/`ADD` source that takes the whole build context (`.`, `./`, `*`, `./*`). */
export function copiesWholeContext(source: string): boolean {
	return /^(?:\.\/?|\.\/\*|\*|\/?\.)$/.test(source.trim());
}
