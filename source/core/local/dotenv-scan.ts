import {parse} from 'dotenv';
import {analyzeKey} from '../keys/anatomy.js';
import type {LineEndings, TextEncoding} from './file-text.js';

/** What can be wrong with one `.env` definition, as a stable code. */
export type DotenvDefectCode =
	| 'space-around-equals'
	| 'colon-separator'
	| 'unclosed-quote'
	| 'text-after-quote'
	| 'multiline-value'
	| 'not-parsed'
	| 'bom'
	| 'utf-16'
	| 'duplicate'
	| 'docker-export'
	| 'docker-quotes'
	| 'export-prefix'
	| 'crlf'
	| 'empty-value'
	| 'expanded'
	| 'python-reads'
	| 'shell-crlf';

/** A defect of one definition, with a key-free sentence. */
export type DotenvDefect = {code: DotenvDefectCode; message: string};

/**
 * Defects that make loaders disagree on the value or miss the line: the line is
 * malformed (CAUSES.md `dotenv-syntax`). `export-prefix` is a note unless the project
 * passes the file to `docker run --env-file` (`docker-export`), the only reader that
 * rejects it; `crlf` (every dotenv loader strips `\r`), `empty-value` and `expanded` (the
 * probe expanded `${NAME}` as the project's loader does) and `python-reads` (a Python
 * project, whose loader reads the value otherwise than node's dotenv) are notes. `shell-crlf` (a CRLF
 * file the project loads with the shell) is key-whitespace's, the `\r` ends up in the key.
 */
export const malformingDefects: ReadonlySet<DotenvDefectCode> = new Set([
	'space-around-equals',
	'colon-separator',
	'unclosed-quote',
	'text-after-quote',
	'multiline-value',
	'not-parsed',
	'bom',
	'utf-16',
	'duplicate',
	'docker-export',
	'docker-quotes',
]);

/** One definition of a variable in a `.env` file. */
export type DotenvDefinition = {
	name: string;
	/** 1-based line where the definition starts. */
	line: number;
	/** Last line of the definition (later than `line` for a multi-line value). */
	endLine: number;
	/** The value the dotenv parser gives this definition; undefined when it does not parse. */
	value?: string;
	/** This is the definition the parser keeps (the last one of its name). */
	effective: boolean;
	defects: DotenvDefect[];
};

/** The facts about a file's bytes that shape its definitions' defects. */
export type DotenvFileTraits = {encoding: TextEncoding; lineEndings: LineEndings};

/** What `scanDotenv` found. */
export type DotenvScan = {
	/** Definitions of the wanted names, in file order. */
	definitions: DotenvDefinition[];
	/** Every variable as the dotenv package parses the whole file. */
	values: Record<string, string>;
};

const definitionLine = /^[ \t]*(export[ \t]+)?([\w.-]+)(?:([ \t]*)=([ \t]*)|:([ \t]+))(.*)$/;
const startsWithName = /^[ \t]*(?:export[ \t]+)?([\w.-]+)/;
const restIsComment = /^[ \t]*(?:#.*)?$/;

/**
 * Finds where each wanted variable is defined in `.env` text and what is wrong with the
 * line. Values come from the `dotenv` package's own parser (run on the whole file and
 * on each definition's lines); this scan only tracks lines, so a definition inside
 * another variable's multi-line quoted value is not mistaken for one.
 */
export function scanDotenv(text: string, wanted: (name: string) => boolean, traits: DotenvFileTraits): DotenvScan {
	const normalized = text.replace(/\r\n?/g, '\n');
	const values = parse(normalized);
	const lines = normalized.split('\n');
	const lineStarts: number[] = [];
	let offset = 0;
	for (const line of lines) {
		lineStarts.push(offset);
		offset += line.length + 1;
	}

	const lineOfOffset = (at: number): number => {
		let low = 0;
		let high = lineStarts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (lineStarts[middle]! <= at) low = middle;
			else high = middle - 1;
		}

		return low;
	};

	const definitions: DotenvDefinition[] = [];
	let index = 0;
	while (index < lines.length) {
		const line = lines[index]!;
		const match = definitionLine.exec(line);
		if (!match && wanted(keyName) && isBareKey(line)) {
			definitions.push({
				name: keyName,
				line: index + 1,
				endLine: index + 1,
				effective: false,
				defects: [{code: 'not-parsed', message: `the line holds a key with no "${keyName}=" in front, so dotenv loaders skip it`}],
			});
			index++;
			continue;
		}

		if (!match) {
			const named = startsWithName.exec(line);
			if (named && wanted(named[1]!) && !/^[ \t]*#/.test(line)) {
				definitions.push({
					name: named[1]!,
					line: index + 1,
					endLine: index + 1,
					effective: false,
					defects: [{code: 'not-parsed', message: 'the line has no "=" after the name, so dotenv loaders skip it'}],
				});
			}

			index++;
			continue;
		}

		const [, exportPrefix, name, spaceBefore, spaceAfter, colonSpace, rawRest] = match;
		const rest = rawRest!;
		const leading = rest.length - rest.trimStart().length;
		const first = rest.trimStart()[0];
		let endIndex = index;
		const defects: DotenvDefect[] = [];
		if (first === '"' || first === "'" || first === '`') {
			const opening = lineStarts[index]! + (line.length - rest.length) + leading;
			const closing = findClosingQuote(normalized, opening + 1, first);
			if (closing === -1) {
				defects.push({code: 'unclosed-quote', message: `the opening ${first} has no closing ${first}, so the quote becomes part of the value`});
			} else {
				const closingLine = lineOfOffset(closing);
				const after = normalized.slice(closing + 1, lineStarts[closingLine]! + lines[closingLine]!.length);
				if (!restIsComment.test(after)) {
					if (closingLine === index) {
						defects.push({code: 'text-after-quote', message: 'text follows the closing quote, so the quotes become part of the value'});
					} else {
						defects.push({code: 'unclosed-quote', message: `the opening ${first} is not closed on this line, so the quote becomes part of the value`});
					}
				} else if (closingLine > index) {
					endIndex = closingLine;
					defects.push({
						code: 'multiline-value',
						message: `the quoted value runs on to line ${closingLine + 1}: a missing closing quote swallows the lines in between`,
					});
				}
			}
		}

		const chunk = lines.slice(index, endIndex + 1).join('\n');
		if (wanted(name!)) {
			const parsed = parse(chunk);
			const value = Object.prototype.hasOwnProperty.call(parsed, name!) ? parsed[name!] : undefined;
			if (exportPrefix) defects.push({code: 'export-prefix', message: 'starts with "export ": dotenv loaders accept it, docker --env-file does not'});
			if (colonSpace !== undefined) {
				defects.push({code: 'colon-separator', message: 'uses "NAME: value" instead of "NAME=value": node dotenv reads it, python-dotenv, docker and shells do not'});
			} else if (spaceBefore || (spaceAfter && rest.trim() !== '')) {
				defects.push({
					code: 'space-around-equals',
					message: 'has spaces around "=": dotenv libraries trim them, but shells (source .env), docker --env-file and some loaders read a different name or value',
				});
			}

			if (traits.encoding === 'utf-8-bom' && index === firstContentLine(lines)) {
				defects.push({code: 'bom', message: 'the file starts with a byte-order mark, so python-dotenv reads this first name with an invisible character in front'});
			}

			if (traits.encoding === 'utf-16le' || traits.encoding === 'utf-16be') {
				defects.push({code: 'utf-16', message: 'the file is UTF-16 (PowerShell\'s ">" writes it), which dotenv loaders cannot read: save it as UTF-8'});
			}

			if (traits.lineEndings === 'crlf' || traits.lineEndings === 'mixed') {
				defects.push({code: 'crlf', message: 'Windows line endings (CRLF): dotenv loaders strip the \\r, but `source .env` and `export $(cat .env)` keep it'});
			}

			if (value !== undefined && value.trim() === '') defects.push({code: 'empty-value', message: 'the value is empty'});
			definitions.push({name: name!, line: index + 1, endLine: endIndex + 1, ...(value === undefined ? {} : {value}), effective: false, defects});
		}

		index = endIndex + 1;
	}

	// A file of thousands of key lines is junk: keep its two ends, where the first and the winning line are.
	markEffectiveAndDuplicates(definitions, values);
	const kept = definitions.length > maxDefinitions ? [...definitions.slice(0, maxDefinitions / 2), ...definitions.slice(-maxDefinitions / 2)] : definitions;
	return {definitions: kept, values};
}

/** The variable a bare key on its own line was meant for. */
const keyName = 'OPENAI_API_KEY';

/** A line that is nothing but a key (OpenAI's or another provider's): pasted without its name. */
function isBareKey(line: string): boolean {
	const text = line.trim();
	if (text === '' || text.startsWith('#') || /[=\s]/.test(text)) return false;
	const anatomy = analyzeKey(text);
	return anatomy.defects.length === 0 && (anatomy.provider === 'openai' || (anatomy.kind === 'other-provider' && anatomy.provider !== 'azure'));
}

/** Most definitions of the wanted names kept per file. */
const maxDefinitions = 400;

/** The offset of the closing quote (not preceded by a backslash) from `from`, or -1. */
function findClosingQuote(text: string, from: number, quote: string): number {
	let at = text.indexOf(quote, from);
	while (at !== -1 && text[at - 1] === '\\') at = text.indexOf(quote, at + 1);
	return at;
}

function firstContentLine(lines: readonly string[]): number {
	const index = lines.findIndex(line => line.trim() !== '');
	return index === -1 ? 0 : index;
}

function markEffectiveAndDuplicates(definitions: DotenvDefinition[], values: Record<string, string>): void {
	const byName = new Map<string, DotenvDefinition[]>();
	for (const definition of definitions) {
		if (definition.value === undefined) continue;
		const list = byName.get(definition.name) ?? [];
		list.push(definition);
		byName.set(definition.name, list);
	}

	for (const [name, list] of byName) {
		const last = list.at(-1)!;
		last.effective = true;
		// The per-definition parse and the whole-file parse agree unless the scan misjudged a line: trust the package.
		if (Object.prototype.hasOwnProperty.call(values, name) && values[name] !== last.value) last.value = values[name];
		const distinct = new Set(list.map(definition => definition.value));
		if (distinct.size < 2) continue;
		for (const definition of list) {
			const others: number[] = [];
			for (const other of list) {
				if (other !== definition) others.push(other.line);
				if (others.length === 5) break;
			}

			const more = list.length - 1 - others.length;
			const lines = `${others.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
			definition.defects.push({
				code: 'duplicate',
				message: `also set on line${list.length > 2 ? 's' : ''} ${lines} with a different value; the last one (line ${last.line}) wins`,
			});
		}
	}
}
