import {describe, expect, it} from 'vitest';
import {copiesWholeContext, parseDockerfile} from '../../../source/core/deployed/dockerfile-parse.js';
import {isIgnored, parseDockerignore} from '../../../source/core/deployed/dockerignore.js';

const all = () => true;

describe('parseDockerfile', () => {
	it('reads ENV in both forms and ARG with a default, with lines and stages', () => {
		const facts = parseDockerfile(
			['FROM python:3.12 AS build', 'ARG OPENAI_API_KEY=sk-abc', 'ENV A=1 OPENAI_API_KEY="sk-quoted value" C=3', 'FROM python:3.12-slim', 'ENV OPENAI_API_KEY sk-legacy form', 'ARG TOKEN'].join('\n'),
			all,
		);
		expect(facts.stages).toBe(2);
		expect(facts.assignments.map(item => [item.instruction, item.variable, item.value, item.line, item.stage])).toEqual([
			['ARG', 'OPENAI_API_KEY', 'sk-abc', 2, 'build'],
			['ENV', 'A', '1', 3, 'build'],
			['ENV', 'OPENAI_API_KEY', 'sk-quoted value', 3, 'build'],
			['ENV', 'C', '3', 3, 'build'],
			['ENV', 'OPENAI_API_KEY', 'sk-legacy form', 5, '1'],
			['ARG', 'TOKEN', undefined, 6, '1'],
		]);
	});

	it('joins continuation lines, drops comments inside them, honours # escape=`', () => {
		const facts = parseDockerfile('FROM x\nENV A=1 \\\n# a comment\n    OPENAI_API_KEY=sk-joined\n', all);
		expect(facts.assignments.find(item => item.variable === 'OPENAI_API_KEY')).toMatchObject({value: 'sk-joined', line: 2});
		const windows = parseDockerfile('# escape=`\nFROM x\nENV OPENAI_API_KEY=sk-one `\n    B=2\n', all);
		expect(windows.assignments.map(item => [item.variable, item.value])).toEqual([
			['OPENAI_API_KEY', 'sk-one'],
			['B', '2'],
		]);
	});

	it('tells a reference from a value', () => {
		const facts = parseDockerfile('FROM x\nARG OPENAI_API_KEY\nENV OPENAI_API_KEY=$OPENAI_API_KEY\nENV OTHER="${OPENAI_API_KEY:-}"\n', all);
		expect(facts.assignments.map(item => [item.variable, item.reference])).toEqual([
			['OPENAI_API_KEY', false],
			['OPENAI_API_KEY', true],
			['OTHER', true],
		]);
	});

	it('skips heredoc bodies: an ENV line inside one is file content', () => {
		const facts = parseDockerfile('FROM x\nRUN <<EOF\nENV OPENAI_API_KEY=sk-inside\nEOF\nCOPY <<-"END" /etc/app.conf\n\tENV OPENAI_API_KEY=sk-also-inside\n\tEND\n', all);
		expect(facts.assignments).toEqual([]);
	});

	it('lists COPY/ADD sources from the build context, not --from', () => {
		const facts = parseDockerfile('FROM x\nCOPY --chown=app:app . /app\nCOPY --from=build /out /app\nADD ["requirements.txt", ".env", "/app/"]\n', all);
		expect(facts.copies.map(copy => [copy.line, copy.instruction, copy.sources])).toEqual([
			[2, 'COPY', ['.']],
			[4, 'ADD', ['requirements.txt', '.env']],
		]);
		expect(['.', './', '*', './*'].every(copiesWholeContext)).toBe(true);
		expect(copiesWholeContext('src')).toBe(false);
	});

	it('keeps only the watched variables', () => {
		const facts = parseDockerfile('FROM x\nENV PORT=80 OPENAI_API_KEY=sk-x\n', name => name === 'OPENAI_API_KEY');
		expect(facts.assignments.map(item => item.variable)).toEqual(['OPENAI_API_KEY']);
	});
});

describe('.dockerignore', () => {
	it.each([
		['.env', '.env', true],
		['.env*', '.env.local', true],
		['*.env', '.env', true],
		['**/.env', '.env', true],
		['/.env', '.env', true],
		['./.env', '.env', true],
		['.env\n!.env', '.env', false],
		['*\n!src', '.env', true],
		['*\n!.env', '.env', false],
		['node_modules\n.git', '.env', false],
		['# .env', '.env', false],
		['.en?', '.env', true],
		['.env.*', '.env', false],
		['config', 'config/.env', true],
		['.[e]nv', '.env', true],
	])('%j ignores %s: %s', (text, file, ignored) => {
		expect(isIgnored(parseDockerignore(text), file)).toBe(ignored);
	});
});
