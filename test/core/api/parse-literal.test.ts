import {describe, expect, test} from 'vitest';
import {findObjectLiteral, parseLiteral} from '../../../source/core/api/parse-literal.js';

describe('parseLiteral', () => {
	test('reads a python dict repr with None, True, False and both quote styles', () => {
		const parsed = parseLiteral(`{'error': {'message': "You can't do that", 'type': 'invalid_request_error', 'param': None, 'code': None, 'ok': True, 'n': -1.5e2}}`);
		expect(parsed?.value).toEqual({error: {message: "You can't do that", type: 'invalid_request_error', param: null, code: null, ok: true, n: -150}});
	});

	test('reads JSON with escapes', () => {
		expect(parseLiteral('{"a": "line\\nnext \\u00e9", "b": [1, 2, {"c": null}]}')?.value).toEqual({a: 'line\nnext é', b: [1, 2, {c: null}]});
	});

	test('returns undefined on broken input, never throws', () => {
		for (const text of ['{', "{'a': }", '{"a" 1}', 'nonsense', '{"a": "unterminated', '[1, 2', `${'['.repeat(100)}1${']'.repeat(100)}`]) {
			expect(parseLiteral(text)).toBeUndefined();
		}
	});

	test('findObjectLiteral skips braces that are not an object and finds the body', () => {
		expect(findObjectLiteral("at {anonymous} Error code: 401 - {'error': {'code': 'x'}} trailing")).toEqual({error: {code: 'x'}});
		expect(findObjectLiteral('no object here')).toBeUndefined();
	});

	test('findObjectLiteral passes over objects the caller does not accept', () => {
		const dump = "AuthenticationError: 401 Incorrect API key provided {\n  headers: Headers {},\n} {'error': {'code': 'invalid_api_key'}}";
		expect(findObjectLiteral(dump)).toEqual({});
		expect(findObjectLiteral(dump, 0, object => Object.keys(object).length > 0)).toEqual({error: {code: 'invalid_api_key'}});
	});

	test('a wall of braces is bounded work', () => {
		const started = performance.now();
		expect(findObjectLiteral('{'.repeat(100_000))).toBeUndefined();
		expect(performance.now() - started).toBeLessThan(3000);
	});
});
