import {describe, expect, it} from 'vitest';
import {parseYaml} from '../../../source/core/deployed/yaml-file.js';

describe('parseYaml', () => {
	it('reports a syntax error with file, line and column, and no data', () => {
		const result = parseYaml('services:\n  web:\n    environment:\n      - A=1\n    image: app: latest\n', 'compose.yaml');
		expect(result.ok).toBe(false);
		expect(result).toMatchObject({line: 5});
		expect(!result.ok && result.message).toMatch(/^compose\.yaml:5:\d+: \S/);
	});

	it('expands anchors and merge keys, and finds lines through them', () => {
		const text = 'x-env: &env\n  OPENAI_API_KEY: ${OPENAI_API_KEY}\nservices:\n  web:\n    environment:\n      <<: *env\n      PORT: "80"\n';
		const result = parseYaml(text, 'compose.yaml');
		if (!result.ok) throw new Error(result.message);
		const doc = result.docs[0]!;
		expect(doc.value).toEqual({'x-env': {OPENAI_API_KEY: '${OPENAI_API_KEY}'}, services: {web: {environment: {OPENAI_API_KEY: '${OPENAI_API_KEY}', PORT: '80'}}}});
		expect(doc.lineOf(['services', 'web', 'environment', 'PORT'])).toBe(7);
		expect(doc.lineOf(['services', 'web', 'environment', 'OPENAI_API_KEY'])).toBe(2);
	});

	it('refuses a billion-laughs file instead of expanding it', () => {
		const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
		for (let index = 1; index < 9; index++) rows.push(`${String.fromCharCode(97 + index)}: &${String.fromCharCode(97 + index)} [${Array(10).fill(`*${String.fromCharCode(96 + index)}`).join(', ')}]`);
		const result = parseYaml(rows.join('\n'), 'bomb.yaml');
		expect(result).toMatchObject({ok: false});
		expect(!result.ok && result.message).toContain('too many aliases');
	});

	it('reads several documents when asked', () => {
		const result = parseYaml('kind: A\n---\nkind: B\n', 'k.yaml', {multi: true});
		expect(result.ok && result.docs.map(doc => doc.value)).toEqual([{kind: 'A'}, {kind: 'B'}]);
	});
});
