import {continuesOnNextLine, heredocDelimiter, splitCommands, type ShellWord} from './shell-words.js';

/** The language a startup file is written in. */
export type ProfileDialect = 'sh' | 'fish' | 'csh' | 'powershell' | 'pam' | 'fish-variables';

/** How a statement sets a variable, in the file's own words. */
export type AssignmentForm =
	| 'export'
	| 'assignment'
	| 'declare -x'
	| 'declare'
	| 'set -x'
	| 'set'
	| 'set -Ux'
	| 'setenv'
	| 'csh set'
	| '$env:'
	| 'SetEnvironmentVariable'
	| 'powershell variable'
	| 'pam'
	| 'fish universal';

/** One statement of a startup file that matters for the key. */
export type ProfileStatement =
	| {
			kind: 'assign';
			name: string;
			line: number;
			form: AssignmentForm;
			/** The literal value; undefined when it is computed (`$(…)`, `$OTHER`). */
			value?: string;
			/** Set when the value is computed at start-up, with a key-free description. */
			computed?: string;
			/** The variable reaches programs started from the shell. */
			exported: boolean;
			/** Written inside the body of this shell function: it runs only when the function is called, never at startup. */
			inFunction?: string;
	  }
	/** `export NAME` / `declare -x NAME`: exports a variable set elsewhere. */
	| {kind: 'export-name'; name: string; line: number}
	| {kind: 'unset'; name: string; line: number}
	/** `export -n NAME`, `declare +x NAME`: the variable stays in the shell but leaves the environment programs get. */
	| {kind: 'unexport'; name: string; line: number}
	/** A line meant to set the variable that the shell rejects or reads otherwise (`export NAME = value`); key-free `problem`. */
	| {kind: 'broken'; name: string; line: number; problem: string}
	/**
	 * `source FILE` / `. FILE`, the path as written (quotes removed). `glob` marks the
	 * pattern of a loop that sources every match (`for rc in ~/.bashrc.d/*.sh; do . "$rc"; done`).
	 */
	| {kind: 'source'; path: string; line: number; glob?: boolean}
	/** `set -a` / `set +a`: every later assignment is (not) exported. */
	| {kind: 'allexport'; on: boolean; line: number};

/** How much of a file `parseProfile` reports. */
export type ParseProfileOptions = {
	/**
	 * Also report assignments inside shell function bodies, marked `inFunction` (nothing else
	 * from a function body is ever reported: it does not run when the file is read).
	 */
	functionBodies?: boolean;
};

/**
 * Reads the statements of a startup file that set, export, unset or source something, as
 * they run when the file is read: lines inside a function body, an alias or a here-document
 * are left out. Only `wanted` names are kept for assignments; `source` lines are always kept.
 * Nothing is run or expanded.
 */
export function parseProfile(text: string, dialect: ProfileDialect, wanted: (name: string) => boolean, options: ParseProfileOptions = {}): ProfileStatement[] {
	// sh-family shells (bash, zsh, dash) end a line at \n only: a CRLF file's \r stays in the
	// last word, so `export NAME=value\r` sets the value with a carriage return at its end.
	const lines = dialect === 'sh' ? text.split('\n') : text.replace(/\r\n?/g, '\n').split('\n');
	const statements = parseLines(lines, dialect, wanted).filter(statement => options.functionBodies || !(statement.kind === 'assign' && statement.inFunction));
	// Thousands of statements are junk: keep the two ends, where the first and the last (winning) lines are.
	return statements.length > maxStatements ? [...statements.slice(0, maxStatements / 2), ...statements.slice(-maxStatements / 2)] : statements;
}

/** Most statements kept per file. */
const maxStatements = 400;

function parseLines(lines: readonly string[], dialect: ProfileDialect, wanted: (name: string) => boolean): ProfileStatement[] {
	switch (dialect) {
		case 'sh':
		case 'csh':
		case 'fish':
			return parseShellLike(lines, dialect, wanted);
		case 'powershell':
			return parsePowerShell(lines, wanted);
		case 'pam':
			return parsePamEnvironment(lines, wanted);
		case 'fish-variables':
			return parseFishVariables(lines, wanted);
	}
}

const assignmentWord = /^([A-Za-z_]\w*)(\+?)=([\s\S]*)$/;
const commandPrefixes = new Set(['then', 'else', 'do', '{', '(', 'if', 'elif', 'while', 'until', '!', 'begin', 'and', 'or', 'not']);

function parseShellLike(lines: readonly string[], dialect: 'sh' | 'csh' | 'fish', wanted: (name: string) => boolean): ProfileStatement[] {
	const statements: ProfileStatement[] = [];
	let allexport = false;
	// `for NAME in PATTERN…` loops seen so far, by loop variable: a later `. "$NAME"` sources each match.
	const loops = new Map<string, string[]>();
	const blocks = new BlockTracker(dialect);
	// The word that ends a here-document whose lines are being skipped (`cat <<EOF` … `EOF`).
	let heredocEnd: string | undefined;
	for (let index = 0; index < lines.length; index++) {
		const lineNumber = index + 1;
		if (heredocEnd !== undefined) {
			if (lines[index]!.replace(/\r$/, '').replace(/^\t+/, '') === heredocEnd) heredocEnd = undefined;
			continue;
		}

		let logical = lines[index]!;
		// A quote left open or a trailing backslash continues the statement on the next line.
		for (let extra = 0; extra < 20 && index + 1 < lines.length; extra++) {
			const open = continuesOnNextLine(logical);
			if (!open) break;
			logical = open === 'backslash' ? `${logical.slice(0, -1)}${lines[++index]!}` : `${logical}\n${lines[++index]!}`;
		}

		const trimmed = logical.trimStart();
		if (trimmed === '' || trimmed.startsWith('#')) continue;
		if (dialect === 'sh') heredocEnd = heredocDelimiter(logical);
		for (const command of splitCommands(logical, dialect)) {
			const {words, inFunction} = blocks.read(command);
			// `[ -f ~/.keys ] && . ~/.keys` and `if test -f x` keep their test out of the way.
			if (words.length === 0) continue;
			const head = words[0]!.raw;
			const found: ProfileStatement[] = [];
			if (dialect === 'sh') {
				const handled = readShCommand(words, lineNumber, wanted, allexport, found);
				if (!inFunction && handled === 'allexport-on') allexport = true;
				else if (!inFunction && handled === 'allexport-off') allexport = false;
			} else if (dialect === 'fish') {
				readFishCommand(words, lineNumber, wanted, found);
			} else {
				readCshCommand(words, lineNumber, wanted, found);
			}

			if (inFunction) {
				// A function body runs only when the function is called: its assignments are kept apart, the rest dropped.
				for (const statement of found) if (statement.kind === 'assign') statements.push({...statement, inFunction});
				continue;
			}

			statements.push(...found);
			if (head === 'for' && words[1] && /^[A-Za-z_]\w*$/.test(words[1].value) && words[2]?.value === 'in') {
				const patterns = words.slice(3).map(word => word.value);
				const end = patterns.indexOf('do');
				loops.set(words[1].value, (end === -1 ? patterns : patterns.slice(0, end)).filter(pattern => /[*?[]/.test(pattern)).map(stripGlobQualifier));
			}

			if ((head === 'source' || head === '.') && words[1] && !(dialect === 'fish' && head === '.')) {
				const loopVariable = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(words[1].value)?.[1];
				const patterns = loopVariable ? loops.get(loopVariable) : undefined;
				if (patterns && patterns.length > 0) {
					for (const pattern of patterns) statements.push({kind: 'source', path: pattern, line: lineNumber, glob: true});
				} else {
					statements.push({kind: 'source', path: words[1].value, line: lineNumber});
				}
			}
		}
	}

	return statements;
}

/**
 * Follows the blocks of a startup file, command by command: shell function bodies
 * (`name() { … }`, `function name { … }`, fish `function name … end`), brace groups and
 * `case` branches, and hands back each command's words without the keywords in front.
 */
class BlockTracker {
	private braceDepth = 0;
	/** Open function bodies: the brace depth inside each (sh) or its place in `fishBlocks`. */
	private readonly functions: Array<{name: string; depth: number}> = [];
	/** A function header seen (`name()`), its `{` still to come on a later line. */
	private pendingFunction: string | undefined;
	private caseDepth = 0;
	/** fish blocks closed by `end`: a function's name, or undefined for `if`, `for`, `while`, `switch`, `begin`. */
	private readonly fishBlocks: Array<string | undefined> = [];

	constructor(private readonly dialect: 'sh' | 'csh' | 'fish') {}

	/** The command's words without its keywords, and the function whose body it is in (the outermost), if any. */
	read(command: readonly ShellWord[]): {words: readonly ShellWord[]; inFunction?: string} {
		if (this.dialect === 'fish') return this.readFish(command);
		if (this.dialect === 'csh') return {words: stripPrefixes(command)};
		const pending = this.pendingFunction;
		this.pendingFunction = undefined;
		let words = this.consumeLeading(command, pending);
		// A header may follow keywords too: `then f() { …; }`.
		const header = functionHeader(words);
		if (header) {
			const outer = this.functions[0]?.name ?? header.name;
			if (header.rest.length === 0) {
				this.pendingFunction = header.name;
				return {words: [], inFunction: outer};
			}

			// `name() ( … )` runs its body in a subshell: nothing in it is ever set at startup.
			if (header.rest[0]!.raw !== '{') return {words: stripPrefixes(header.rest), inFunction: outer};
			words = this.consumeLeading(header.rest, header.name);
		}

		const inFunction = this.functions[0]?.name;
		// zsh ends a one-line body without `;` before the `}`: `f() { export A=b }`.
		const closesAtEnd = this.functions.length > 0 && words.length > 1 && words.at(-1)!.raw === '}';
		if (closesAtEnd) words = words.slice(0, -1);
		const head = words[0]?.raw;
		if (head === 'case') {
			this.caseDepth++;
			const inIndex = words.findIndex(word => word.raw === 'in');
			words = inIndex === -1 ? [] : words.slice(inIndex + 1);
		} else if (head === 'esac') {
			this.caseDepth = Math.max(0, this.caseDepth - 1);
			words = [];
		}

		// A `case` branch (`work) export A=b ;;`) may run: the pattern is not part of the command.
		if (this.caseDepth > 0 && words[0] && /\)$/.test(words[0].raw) && !words[0].raw.includes('$(')) words = stripPrefixes(words.slice(1));
		const result = {words, ...(inFunction ? {inFunction} : {})};
		if (closesAtEnd) this.close();
		return result;
	}

	/**
	 * Skips the keywords in front of a command, following the `{` and `}` among them; a `{`
	 * right at the start opens the body of `opening`, a function whose header came just before.
	 */
	private consumeLeading(words: readonly ShellWord[], opening?: string): readonly ShellWord[] {
		let start = 0;
		while (start < words.length && (commandPrefixes.has(words[start]!.raw) || words[start]!.raw === '}')) {
			if (words[start]!.raw === '{') {
				this.braceDepth++;
				if (opening && start === 0) this.functions.push({name: opening, depth: this.braceDepth});
			} else if (words[start]!.raw === '}') {
				this.close();
			}

			start++;
		}

		return words.slice(start);
	}

	private close(): void {
		this.braceDepth = Math.max(0, this.braceDepth - 1);
		while (this.functions.length > 0 && this.functions.at(-1)!.depth > this.braceDepth) this.functions.pop();
	}

	private readFish(command: readonly ShellWord[]): {words: readonly ShellWord[]; inFunction?: string} {
		const inFunction = this.fishBlocks.find(name => name !== undefined);
		const first = command[0]?.raw;
		if (first === 'function') {
			this.fishBlocks.push(command[1]?.value ?? 'function');
			return {words: [], inFunction: inFunction ?? command[1]?.value ?? 'function'};
		}

		if (first === 'end') {
			this.fishBlocks.pop();
			return {words: [], ...(inFunction ? {inFunction} : {})};
		}

		if (first === 'if' || first === 'for' || first === 'while' || first === 'switch' || first === 'begin') this.fishBlocks.push(undefined);
		return {words: stripPrefixes(command), ...(inFunction ? {inFunction} : {})};
	}
}

/** The command without `then`, `do`, `if`, `!`… in front. */
function stripPrefixes(words: readonly ShellWord[]): readonly ShellWord[] {
	let start = 0;
	while (start < words.length && commandPrefixes.has(words[start]!.raw)) start++;
	return words.slice(start);
}

/**
 * A function definition's header: `name()`, `name ()`, `function name`, `function name()`,
 * and the words after it (`{ …`). A `{` glued to the parentheses (`name(){`) becomes its own word.
 */
function functionHeader(words: readonly ShellWord[]): {name: string; rest: readonly ShellWord[]} | undefined {
	const brace: ShellWord = {raw: '{', value: '{', dynamic: false};
	const first = words[0]?.raw;
	if (!first) return undefined;
	if (first === 'function' && words[1] && /^[^\s=$'"`(){}]+(?:\(\)\{?)?$/.test(words[1].raw)) {
		const glued = /^([^(]+)\(\)(\{?)$/.exec(words[1].raw);
		let rest = words.slice(2);
		if (!glued && rest[0]?.raw === '()') rest = rest.slice(1);
		if (glued?.[2]) rest = [brace, ...rest];
		return {name: glued ? glued[1]! : words[1].raw, rest};
	}

	const glued = /^([^\s=$'"`(){}]+)\(\)(\{?)$/.exec(first);
	if (glued) return {name: glued[1]!, rest: glued[2] ? [brace, ...words.slice(1)] : words.slice(1)};
	if (words[1]?.raw === '()' && /^[^\s=$'"`(){}]+$/.test(first)) return {name: first, rest: words.slice(2)};
	if (/^\(\)\{?$/.test(words[1]?.raw ?? '') && /^[^\s=$'"`(){}]+$/.test(first)) return {name: first, rest: [brace, ...words.slice(2)]};
	return undefined;
}

/** `~/.zshrc.d/*.zsh(N)` → `~/.zshrc.d/*.zsh`: a zsh glob qualifier is no part of the names. */
function stripGlobQualifier(pattern: string): string {
	return pattern.replace(/\([^()/]*\)$/, '');
}

function computedDescription(word: ShellWord): string {
	if (/\$\(|`|^\(|[^$]\(/.test(word.raw)) return 'computed by a command when the shell starts';
	return 'copied from another variable when the shell starts';
}

function assignment(name: string, word: ShellWord | undefined, valueText: string, line: number, form: AssignmentForm, exported: boolean): ProfileStatement {
	if (word?.dynamic) return {kind: 'assign', name, line, form, exported, computed: computedDescription(word)};
	return {kind: 'assign', name, line, form, exported, value: valueText};
}

function readShCommand(
	words: readonly ShellWord[],
	line: number,
	wanted: (name: string) => boolean,
	allexport: boolean,
	statements: ProfileStatement[],
): 'allexport-on' | 'allexport-off' | undefined {
	const head = words[0]!.value;
	if (head === 'set' && words.length >= 2) {
		const flags = words.slice(1).map(word => word.value);
		if (flags.includes('-a') || (flags[0] === '-o' && flags[1] === 'allexport')) return 'allexport-on';
		if (flags.includes('+a') || (flags[0] === '+o' && flags[1] === 'allexport')) return 'allexport-off';
		return undefined;
	}

	const broken = brokenAssignment(words, wanted);
	if (broken) {
		statements.push({kind: 'broken', name: broken.name, line, problem: broken.problem});
		return undefined;
	}

	if (head === 'export' || head === 'declare' || head === 'typeset' || head === 'readonly' || head === 'local') {
		if (head === 'local') return undefined;
		let exported = head === 'export';
		let unexport = false;
		const args: ShellWord[] = [];
		for (const word of words.slice(1)) {
			if (/^[-+][a-zA-Z]+$/.test(word.value) && args.length === 0) {
				if (word.value.startsWith('-') && word.value.includes('x')) exported = true;
				if (word.value.startsWith('+') && word.value.includes('x')) unexport = true;
				if (head === 'export' && word.value === '-n') unexport = true;
				continue;
			}

			if (word.value === '--') continue;
			args.push(word);
		}

		const form: AssignmentForm = head === 'export' ? 'export' : exported ? 'declare -x' : 'declare';
		for (const word of args) {
			const match = assignmentWord.exec(word.value);
			if (match) {
				const [, name, append, valueText] = match;
				if (!wanted(name!) || append) continue;
				const valueWord = valueWordOf(word);
				statements.push(assignment(name!, valueWord, valueText!, line, form, (exported || allexport) && !unexport));
			} else if (/^[A-Za-z_]\w*$/.test(word.value) && wanted(word.value)) {
				if (unexport) statements.push({kind: 'unexport', name: word.value, line});
				else if (exported) statements.push({kind: 'export-name', name: word.value, line});
			}
		}

		return undefined;
	}

	if (head === 'unset') {
		// `unset -f NAME` removes a function, not a variable.
		if (words.slice(1).some(word => /^-[a-zA-Z]*f/.test(word.value))) return undefined;
		for (const word of words.slice(1)) {
			if (wanted(word.value)) statements.push({kind: 'unset', name: word.value, line});
		}

		return undefined;
	}

	// Plain `NAME=value` statements: kept only when no command follows (`NAME=v cmd` sets it for that command alone).
	const assignments = [];
	for (const word of words) {
		if (!assignmentWord.test(word.value)) break;
		assignments.push(word);
	}

	if (assignments.length === 0 || assignments.length < words.length) return undefined;
	for (const word of assignments) {
		const [, name, append, valueText] = assignmentWord.exec(word.value)!;
		if (!wanted(name!) || append) continue;
		statements.push(assignment(name!, valueWordOf(word), valueText!, line, 'assignment', allexport));
	}

	return undefined;
}

/**
 * An assignment to a wanted name that sh splits apart, with why: spaces around `=`
 * (`export NAME = value`, `NAME = value`: `=` is not an assignment then) or after it
 * (`NAME= value`: NAME is set empty for one command, `value`, which the shell runs).
 */
function brokenAssignment(words: readonly ShellWord[], wanted: (name: string) => boolean): {name: string; problem: string} | undefined {
	const start = words[0]!.value === 'export' ? 1 : 0;
	const name = words[start]?.value;
	const next = words[start + 1]?.value;
	if (!name || next === undefined) return undefined;
	if (/^[A-Za-z_]\w*$/.test(name) && wanted(name) && next.startsWith('=')) {
		const written = start === 1 ? `export ${name} = …` : `${name} = …`;
		return {name, problem: `has spaces around "=" (${written}), which sh reads as ${start === 1 ? 'export errors' : 'a command named ' + name}, so the variable is never set`};
	}

	const assigned = /^([A-Za-z_]\w*)=$/.exec(name);
	if (assigned && wanted(assigned[1]!) && start === 0) {
		return {name: assigned[1]!, problem: `has a space after "=" (${assigned[1]}= …), so the shell sets it empty for one command and runs the value as that command`};
	}

	return undefined;
}

/** The part of an assignment word after `=`, as its own word, to judge whether it expands. */
function valueWordOf(word: ShellWord): ShellWord {
	const equals = word.raw.indexOf('=');
	const rawValue = equals === -1 ? word.raw : word.raw.slice(equals + 1);
	const [first] = splitCommands(rawValue.length > 0 ? rawValue : "''");
	const dynamic = first?.some(part => part.dynamic) ?? false;
	return {raw: rawValue, value: word.value.slice(word.value.indexOf('=') + 1), dynamic};
}

function readFishCommand(words: readonly ShellWord[], line: number, wanted: (name: string) => boolean, statements: ProfileStatement[]): void {
	if (words[0]!.value !== 'set') return;
	let exported = false;
	let universal = false;
	let erase = false;
	let rest = words.slice(1);
	while (rest.length > 0 && rest[0]!.value.startsWith('-')) {
		const flag = rest[0]!.value;
		if (flag === '--export' || (/^-[a-zA-Z]+$/.test(flag) && flag.includes('x'))) exported = true;
		if (flag === '--universal' || (/^-[a-zA-Z]+$/.test(flag) && flag.includes('U'))) universal = true;
		if (flag === '--erase' || (/^-[a-zA-Z]+$/.test(flag) && flag.includes('e'))) erase = true;
		if (flag === '--unexport' || (/^-[a-zA-Z]+$/.test(flag) && flag.includes('u'))) exported = false;
		rest = rest.slice(1);
	}

	const name = rest[0]?.value;
	if (!name || !wanted(name)) return;
	if (erase) {
		statements.push({kind: 'unset', name, line});
		return;
	}

	const values = rest.slice(1);
	const form: AssignmentForm = universal && exported ? 'set -Ux' : exported ? 'set -x' : 'set';
	if (values.some(word => word.dynamic)) {
		statements.push({kind: 'assign', name, line, form, exported, computed: computedDescription(values.find(word => word.dynamic)!)});
		return;
	}

	// fish joins a list with spaces when it exports it.
	statements.push({kind: 'assign', name, line, form, exported, value: values.map(word => word.value).join(' ')});
}

function readCshCommand(words: readonly ShellWord[], line: number, wanted: (name: string) => boolean, statements: ProfileStatement[]): void {
	const head = words[0]!.value;
	if (head === 'setenv') {
		const name = words[1]?.value;
		if (!name || !wanted(name)) return;
		statements.push(assignment(name, words[2], words[2]?.value ?? '', line, 'setenv', true));
		return;
	}

	if (head === 'unsetenv' || head === 'unset') {
		for (const word of words.slice(1)) if (wanted(word.value)) statements.push({kind: 'unset', name: word.value, line});
		return;
	}

	if (head === 'set') {
		// `set NAME = value`, `set NAME=value`
		const joined = words.slice(1);
		const first = joined[0]?.value ?? '';
		const match = /^([A-Za-z_]\w*)=(.*)$/.exec(first);
		if (match && wanted(match[1]!)) {
			const valueWord = match[2] ? {raw: match[2], value: match[2], dynamic: joined[0]!.dynamic} : joined[1];
			statements.push(assignment(match[1]!, valueWord, valueWord?.value ?? '', line, 'csh set', false));
		} else if (wanted(first) && joined[1]?.value === '=') {
			statements.push(assignment(first, joined[2], joined[2]?.value ?? '', line, 'csh set', false));
		}
	}
}

function parsePowerShell(lines: readonly string[], wanted: (name: string) => boolean): ProfileStatement[] {
	const statements: ProfileStatement[] = [];
	for (const [index, text] of lines.entries()) {
		const line = index + 1;
		const trimmed = text.trim();
		if (trimmed.startsWith('#')) continue;
		const envAssign = /^\$env:([A-Za-z_]\w*)\s*=\s*(.*)$/i.exec(trimmed);
		if (envAssign && wanted(envAssign[1]!)) {
			statements.push(powershellAssignment(envAssign[1]!, envAssign[2]!, line, '$env:', true));
			continue;
		}

		const persistent = /\[(?:System\.)?Environment\]::SetEnvironmentVariable\(\s*(['"])([A-Za-z_]\w*)\1\s*,\s*(.*?)\s*(?:,\s*['"]?\[?[\w.:\]]*['"]?\s*)?\)\s*;?\s*$/i.exec(trimmed);
		if (persistent && wanted(persistent[2]!)) {
			statements.push(powershellAssignment(persistent[2]!, persistent[3]!, line, 'SetEnvironmentVariable', true));
			continue;
		}

		const variable = /^\$([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(trimmed);
		if (variable && wanted(variable[1]!)) {
			statements.push(powershellAssignment(variable[1]!, variable[2]!, line, 'powershell variable', false));
			continue;
		}

		const removal = /^Remove-Item\s+(?:-Path\s+)?['"]?env:([A-Za-z_]\w*)/i.exec(trimmed);
		if (removal && wanted(removal[1]!)) statements.push({kind: 'unset', name: removal[1]!, line});
		const dotSource = /^\.\s+(['"]?)([^'"]+)\1\s*$/.exec(trimmed);
		if (dotSource) statements.push({kind: 'source', path: dotSource[2]!.replace(/^\$HOME\b|^\$env:USERPROFILE\b|^\$env:HOME\b/i, '~'), line});
	}

	return statements;
}

function powershellAssignment(name: string, expression: string, line: number, form: AssignmentForm, exported: boolean): ProfileStatement {
	const text = expression.replace(/\s+#.*$/, '').replace(/;\s*$/, '').trim();
	const single = /^'((?:[^']|'')*)'$/.exec(text);
	if (single) return {kind: 'assign', name, line, form, exported, value: single[1]!.replace(/''/g, "'")};
	const double = /^"((?:[^"`]|`.)*)"$/.exec(text);
	if (double && !/\$[\w({]/.test(double[1]!)) return {kind: 'assign', name, line, form, exported, value: double[1]!.replace(/`(.)/g, '$1')};
	return {kind: 'assign', name, line, form, exported, computed: 'computed by a PowerShell expression when the profile runs'};
}

function parsePamEnvironment(lines: readonly string[], wanted: (name: string) => boolean): ProfileStatement[] {
	const statements: ProfileStatement[] = [];
	for (const [index, text] of lines.entries()) {
		const match = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(text);
		if (!match || !wanted(match[1]!) || text.trimStart().startsWith('#')) continue;
		let value = match[2]!;
		const quoted = /^(["'])(.*)\1$/.exec(value);
		if (quoted) value = quoted[2]!;
		const line = index + 1;
		if (/\$\{?\w/.test(value)) {
			statements.push({kind: 'assign', name: match[1]!, line, form: 'pam', exported: true, computed: 'copied from another variable at login'});
		} else {
			statements.push({kind: 'assign', name: match[1]!, line, form: 'pam', exported: true, value});
		}
	}

	return statements;
}

function parseFishVariables(lines: readonly string[], wanted: (name: string) => boolean): ProfileStatement[] {
	const statements: ProfileStatement[] = [];
	for (const [index, text] of lines.entries()) {
		const match = /^SETUVAR\s+(--export\s+)?([A-Za-z_]\w*):(.*)$/.exec(text);
		if (!match || !wanted(match[2]!)) continue;
		const value = match[3]!.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))).replace(/\u001e/g, ' ');
		statements.push({kind: 'assign', name: match[2]!, line: index + 1, form: 'fish universal', exported: Boolean(match[1]), value});
	}

	return statements;
}
