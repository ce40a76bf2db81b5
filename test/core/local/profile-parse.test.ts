import {describe, expect, it} from 'vitest';
import {parseProfile, type ProfileDialect, type ProfileStatement} from '../../../source/core/local/profile-parse.js';
import {splitCommands} from '../../../source/core/local/shell-words.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';

const wanted = (name: string) => name === 'OPENAI_API_KEY' || name === 'OPENAI_KEY';
const key = makeProjectKey(11);

type Row = [title: string, dialect: ProfileDialect, text: string, expected: ProfileStatement[]];

const table: Row[] = [
	['export with double quotes', 'sh', `export OPENAI_API_KEY="${key}"`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'export', exported: true, value: key}]],
	['export with single quotes and a comment', 'sh', `export OPENAI_API_KEY='${key}' # work`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'export', exported: true, value: key}]],
	['a plain assignment is not exported', 'sh', `OPENAI_API_KEY=${key}`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'assignment', exported: false, value: key}]],
	[
		'a later bare export',
		'sh',
		`OPENAI_API_KEY=${key}\nexport OPENAI_API_KEY`,
		[
			{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'assignment', exported: false, value: key},
			{kind: 'export-name', name: 'OPENAI_API_KEY', line: 2},
		],
	],
	['declare -x', 'sh', `declare -x OPENAI_API_KEY=${key}`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'declare -x', exported: true, value: key}]],
	['typeset -gx', 'sh', `typeset -gx OPENAI_API_KEY=${key}`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'declare -x', exported: true, value: key}]],
	['declare without -x', 'sh', `declare OPENAI_API_KEY=${key}`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'declare', exported: false, value: key}]],
	['set -a exports what follows', 'sh', `set -a\nOPENAI_API_KEY=${key}\nset +a\nOPENAI_KEY=x`, [
		{kind: 'assign', name: 'OPENAI_API_KEY', line: 2, form: 'assignment', exported: true, value: key},
		{kind: 'assign', name: 'OPENAI_KEY', line: 4, form: 'assignment', exported: false, value: 'x'},
	]],
	['a prefix assignment for one command is ignored', 'sh', `OPENAI_API_KEY=${key} python app.py`, []],
	['export with spaces around "=" never sets it', 'sh', `export OPENAI_API_KEY = "${key}"`, [
		{kind: 'broken', name: 'OPENAI_API_KEY', line: 1, problem: 'has spaces around "=" (export OPENAI_API_KEY = …), which sh reads as export errors, so the variable is never set'},
	]],
	['an assignment with spaces around "=" runs a command instead', 'sh', `OPENAI_API_KEY =${key}`, [
		{kind: 'broken', name: 'OPENAI_API_KEY', line: 1, problem: 'has spaces around "=" (OPENAI_API_KEY = …), which sh reads as a command named OPENAI_API_KEY, so the variable is never set'},
	]],
	['a space after "=" sets it empty for one command', 'sh', `OPENAI_KEY= ${key}`, [
		{kind: 'broken', name: 'OPENAI_KEY', line: 1, problem: 'has a space after "=" (OPENAI_KEY= …), so the shell sets it empty for one command and runs the value as that command'},
	]],
	['a computed value', 'sh', 'export OPENAI_API_KEY="$(security find-generic-password -w -s openai)"', [
		{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'export', exported: true, computed: 'computed by a command when the shell starts'},
	]],
	['a copied value', 'sh', 'export OPENAI_API_KEY=$OPENAI_KEY', [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'export', exported: true, computed: 'copied from another variable when the shell starts'}]],
	['after && and inside then', 'sh', `if true; then export OPENAI_API_KEY=${key}; fi`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'export', exported: true, value: key}]],
	['unset', 'sh', 'unset OPENAI_API_KEY', [{kind: 'unset', name: 'OPENAI_API_KEY', line: 1}]],
	['source and dot, guarded', 'sh', '[ -f ~/.secrets ] && . ~/.secrets\nsource "$HOME/.keys.sh"', [
		{kind: 'source', path: '~/.secrets', line: 1},
		{kind: 'source', path: '$HOME/.keys.sh', line: 2},
	]],
	['a commented line', 'sh', `# export OPENAI_API_KEY=${key}`, []],
	['a backslash continuation', 'sh', `export \\\n  OPENAI_API_KEY=${key}`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'export', exported: true, value: key}]],
	['fish set -gx', 'fish', `set -gx OPENAI_API_KEY ${key}`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'set -x', exported: true, value: key}]],
	['fish set -Ux', 'fish', `set -Ux OPENAI_API_KEY '${key}'`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'set -Ux', exported: true, value: key}]],
	['fish set -g (not exported)', 'fish', `set -g OPENAI_API_KEY ${key}`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'set', exported: false, value: key}]],
	['fish command substitution', 'fish', 'set -gx OPENAI_API_KEY (cat ~/.key)', [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'set -x', exported: true, computed: 'computed by a command when the shell starts'}]],
	['fish set -e', 'fish', 'set -e OPENAI_API_KEY', [{kind: 'unset', name: 'OPENAI_API_KEY', line: 1}]],
	['csh setenv', 'csh', `setenv OPENAI_API_KEY "${key}"`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'setenv', exported: true, value: key}]],
	['csh set (not exported)', 'csh', `set OPENAI_API_KEY = ${key}`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'csh set', exported: false, value: key}]],
	['PowerShell $env:', 'powershell', `$env:OPENAI_API_KEY = "${key}"`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: '$env:', exported: true, value: key}]],
	['PowerShell SetEnvironmentVariable', 'powershell', `[Environment]::SetEnvironmentVariable('OPENAI_API_KEY', '${key}', 'User')`, [
		{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'SetEnvironmentVariable', exported: true, value: key},
	]],
	['PowerShell variable (not in the environment)', 'powershell', `$OPENAI_API_KEY = '${key}'`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'powershell variable', exported: false, value: key}]],
	['/etc/environment', 'pam', `PATH="/usr/bin"\nOPENAI_API_KEY="${key}"`, [{kind: 'assign', name: 'OPENAI_API_KEY', line: 2, form: 'pam', exported: true, value: key}]],
	['fish universal variables', 'fish-variables', `SETUVAR --export OPENAI_API_KEY:${key}\nSETUVAR OPENAI_KEY:a\\x3ab`, [
		{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'fish universal', exported: true, value: key},
		{kind: 'assign', name: 'OPENAI_KEY', line: 2, form: 'fish universal', exported: false, value: 'a:b'},
	]],
];

describe('parseProfile', () => {
	it.each(table)('%s', (_title, dialect, text, expected) => {
		expect(parseProfile(text, dialect, wanted)).toEqual(expected);
	});

	it('keeps the \\r of a CRLF line in the value, as bash and zsh do', () => {
		const text = ['# saved on Windows', `export OPENAI_API_KEY=${key}`, `export OPENAI_KEY="${key}"`, ''].join('\r\n');
		expect(parseProfile(text, 'sh', wanted)).toEqual([
			{kind: 'assign', name: 'OPENAI_API_KEY', line: 2, form: 'export', exported: true, value: `${key}\r`},
			{kind: 'assign', name: 'OPENAI_KEY', line: 3, form: 'export', exported: true, value: `${key}\r`},
		]);
	});

	it('keeps escaped quotes in the value (export NAME=\\"key\\")', () => {
		expect(parseProfile(`export OPENAI_API_KEY=\\"${key}\\"`, 'sh', wanted)).toEqual([
			{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'export', exported: true, value: `"${key}"`},
		]);
	});

	it('drops the \\r of CRLF lines in files that are not sh (fish, /etc/environment)', () => {
		expect(parseProfile(`set -gx OPENAI_API_KEY ${key}\r\n`, 'fish', wanted)).toMatchObject([{value: key}]);
		expect(parseProfile(`OPENAI_API_KEY=${key}\r\n`, 'pam', wanted)).toMatchObject([{value: key}]);
	});

	it('turns a loop that sources a folder into one glob source per pattern; a plain $VAR source stays a path', () => {
		expect(parseProfile('for rc in ~/.bashrc.d/*.sh ~/.local/rc/*; do . "$rc"; done\nsource "$OTHER"\n', 'sh', wanted)).toEqual([
			{kind: 'source', path: '~/.bashrc.d/*.sh', line: 1, glob: true},
			{kind: 'source', path: '~/.local/rc/*', line: 1, glob: true},
			{kind: 'source', path: '$OTHER', line: 2},
		]);
	});

	it('finds the line number of a definition after other statements', () => {
		const text = ['# ~/.bashrc', 'alias ll="ls -l"', 'HISTSIZE=1000', '', `export OPENAI_API_KEY=${key}`].join('\r\n');
		expect(parseProfile(text, 'sh', wanted)).toEqual([{kind: 'assign', name: 'OPENAI_API_KEY', line: 5, form: 'export', exported: true, value: key}]);
	});
});

describe('parseProfile: what runs at startup', () => {
	const startup = (text: string, dialect: ProfileDialect = 'sh') => parseProfile(text, dialect, wanted);
	const withBodies = (text: string, dialect: ProfileDialect = 'sh') => parseProfile(text, dialect, wanted, {functionBodies: true});
	const other = makeProjectKey(12);

	it.each([
		['name() { … } over several lines', `openai_work() {\n  export OPENAI_API_KEY=${other}\n}\n`, 'openai_work', 2],
		['a one-line body', `openai_work() { export OPENAI_API_KEY=${other}; }`, 'openai_work', 1],
		['zsh: a one-line body without ";" before "}"', `openai_work() { export OPENAI_API_KEY=${other} }`, 'openai_work', 1],
		['function name { … }', `function openai_work {\n  export OPENAI_API_KEY=${other}\n}`, 'openai_work', 2],
		['function name() with the brace on the next line', `function openai_work()\n{\n\texport OPENAI_API_KEY=${other}\n}`, 'openai_work', 3],
		['name () and the brace on the next line', `openai_work ()\n{\n\texport OPENAI_API_KEY=${other}\n}`, 'openai_work', 3],
		['name(){ glued', `openai_work(){\n  OPENAI_API_KEY=${other}; export OPENAI_API_KEY\n}`, 'openai_work', 2],
		['an if and a brace group inside the body', `work() {\n  if [ -n "$X" ]; then\n    { export OPENAI_API_KEY=${other}; }\n  fi\n}`, 'work', 3],
		['a subshell body', `work() ( export OPENAI_API_KEY=${other} )`, 'work', 1],
		['a definition inside an if', `if true; then work() { export OPENAI_API_KEY=${other}; }; fi`, 'work', 1],
		['a nested definition', `outer() {\n  inner() {\n    export OPENAI_API_KEY=${other}\n  }\n}`, 'outer', 3],
	])('an export inside a function body does not run at startup: %s', (_title, body, name, line) => {
		const text = `export OPENAI_API_KEY=${key}\n${body}\nexport PATH=$PATH:~/bin`;
		expect(startup(text)).toEqual([{kind: 'assign', name: 'OPENAI_API_KEY', line: 1, form: 'export', exported: true, value: key}]);
		expect(withBodies(text).slice(1)).toMatchObject([{kind: 'assign', name: 'OPENAI_API_KEY', line: line + 1, inFunction: name}]);
	});

	it('counts the lines after a function body again, and nothing else from inside it (unset, source, set -a)', () => {
		const text = [`f() {`, '  set -a', '  unset OPENAI_API_KEY', '  . ~/.work-keys', '}', `OPENAI_API_KEY=${key}`, 'g() { unset OPENAI_API_KEY; }', 'export OPENAI_API_KEY'].join('\n');
		expect(withBodies(text)).toEqual([
			{kind: 'assign', name: 'OPENAI_API_KEY', line: 6, form: 'assignment', exported: false, value: key},
			{kind: 'export-name', name: 'OPENAI_API_KEY', line: 8},
		]);
	});

	it('fish: set -gx inside function … end does not run at startup; inside if … end it does', () => {
		const text = [`function openai_work --description 'work key'`, `    set -gx OPENAI_API_KEY ${other}`, '    if true', '        set -e OPENAI_API_KEY', '    end', 'end', 'if status is-interactive', `    set -gx OPENAI_API_KEY ${key}`, 'end'].join('\n');
		expect(startup(text, 'fish')).toEqual([{kind: 'assign', name: 'OPENAI_API_KEY', line: 8, form: 'set -x', exported: true, value: key}]);
		expect(withBodies(text, 'fish')[0]).toMatchObject({line: 2, inFunction: 'openai_work'});
		expect(startup(`function f; set -gx OPENAI_API_KEY ${other}; end; set -gx OPENAI_API_KEY ${key}`, 'fish')).toMatchObject([{value: key}]);
	});

	it('a brace group outside a function runs: it counts', () => {
		expect(startup(`[ -n "$X" ] && { export OPENAI_API_KEY=${key}; }\n{\n  unset OPENAI_API_KEY\n}`).map(statement => [statement.kind, statement.line])).toEqual([
			['assign', 1],
			['unset', 3],
		]);
	});

	it('if and case branches may run: they count', () => {
		const text = ['case "$(hostname)" in', `  work-*) export OPENAI_API_KEY=${other} ;;`, '  *)', `    export OPENAI_API_KEY=${key}`, '    ;;', 'esac', `case $X in a|b) export OPENAI_KEY=x;; esac`, `if [ -f ~/.k ]; then export OPENAI_API_KEY=${key}; elif true; then unset OPENAI_API_KEY; fi`].join('\n');
		expect(startup(text).map(statement => [statement.kind, statement.line])).toEqual([
			['assign', 2],
			['assign', 4],
			['assign', 7],
			['assign', 8],
			['unset', 8],
		]);
	});

	it('an alias and the lines of a here-document are not statements', () => {
		const text = [
			`alias work='export OPENAI_API_KEY=${other}'`,
			"cat > ~/.work.sh <<'EOF'",
			`export OPENAI_API_KEY=${other}`,
			'EOF',
			'cat <<-END >> /tmp/x',
			`\tunset OPENAI_API_KEY`,
			'\tEND',
			'echo "a << b" # <<c',
			'x=$((1 << 2)); cat <<< "$x"',
			`export OPENAI_API_KEY=${key}`,
		].join('\n');
		expect(startup(text)).toEqual([{kind: 'assign', name: 'OPENAI_API_KEY', line: 10, form: 'export', exported: true, value: key}]);
	});

	it('reads unset -v, export -n and declare +x; unset -f removes a function, not the variable', () => {
		const text = ['unset -v OPENAI_API_KEY', 'export -n OPENAI_API_KEY', 'declare +x OPENAI_KEY', 'unset -f OPENAI_API_KEY'].join('\n');
		expect(startup(text)).toEqual([
			{kind: 'unset', name: 'OPENAI_API_KEY', line: 1},
			{kind: 'unexport', name: 'OPENAI_API_KEY', line: 2},
			{kind: 'unexport', name: 'OPENAI_KEY', line: 3},
		]);
	});
});

describe('parseProfile on junk', () => {
	it('keeps the two ends of a file of 20 000 exports', () => {
		const text = Array.from({length: 20_000}, (_, index) => `export OPENAI_API_KEY=value${index}`).join('\n');
		const statements = parseProfile(text, 'sh', wanted);
		expect(statements).toHaveLength(400);
		expect(statements.at(-1)).toMatchObject({line: 20_000, value: 'value19999'});
	});

	it('survives unbalanced parentheses and endless continuations', () => {
		expect(parseProfile(`export OPENAI_API_KEY=$(${'('.repeat(100_000)}`, 'sh', wanted)).toHaveLength(1);
		expect(parseProfile(Array.from({length: 5000}, () => 'export A=b \\').join('\n'), 'sh', wanted)).toEqual([]);
	});
});

describe('splitCommands', () => {
	it('keeps quotes, substitutions and escapes inside one word', () => {
		const [command] = splitCommands(`export A="x y" B='$(z)' C=$(echo "a b") D=a\\ b`);
		expect(command!.map(word => word.value)).toEqual(['export', 'A=x y', 'B=$(z)', 'C=$(echo "a b")', 'D=a b']);
		expect(command!.map(word => word.dynamic)).toEqual([false, false, false, true, false]);
	});

	it('splits on ; && || and drops comments', () => {
		expect(splitCommands('a; b && c || d # e').map(command => command.map(word => word.value).join(' '))).toEqual(['a', 'b', 'c', 'd']);
	});
});
