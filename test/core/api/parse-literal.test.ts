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
		expect(findObjectLiteral(dump)).toEqual({headers: {}});
		expect(findObjectLiteral(dump, 0, object => 'error' in object)).toEqual({error: {code: 'invalid_api_key'}});
	});

	test("reads an error as Node's util.inspect prints it (console.error of an openai-node or axios error)", () => {
		const dump = `NotFoundError: 404 The model \`gpt-5\` does not exist or you do not have access to it.
    at APIError.generate (/app/node_modules/openai/error.js:60:20) {
  status: 404,
  headers: Headers {
    'content-type': 'application/json; charset=utf-8',
    'x-request-id': 'req_0123'
  },
  request_id: 'req_0123',
  error: {
    message: 'The model \`gpt-5\` does not exist or you do not have access to it.',
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found'
  },
  code: 'model_not_found',
  param: null,
  type: 'invalid_request_error',
  [cause]: undefined,
  [Symbol(kind)]: [Object],
  list: [ 1, 2, ... 3 more items ],
  fn: [Function: fetch],
  back: <ref *1> Array(2) [ 'a', "it's" ]
}`;
		const found = findObjectLiteral(dump, 0, object => 'error' in object);
		expect(found).toMatchObject({status: 404, code: 'model_not_found', type: 'invalid_request_error', error: {code: 'model_not_found'}, '[cause]': undefined, '[Symbol(kind)]': null, list: [1, 2], fn: null, back: ['a', "it's"]});
		expect(found!.headers).toEqual({'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req_0123'});
	});

	test('a bare key needs its colon, and a class name needs its brace: code is not an object', () => {
		expect(parseLiteral('{ apiKey: process.env.OPENAI_KEY }')).toBeUndefined();
		expect(parseLiteral('{ model }')).toBeUndefined();
		expect(parseLiteral('{ a: Foo }')).toBeUndefined();
	});

	test('a wall of braces is bounded work', () => {
		const started = performance.now();
		expect(findObjectLiteral('{'.repeat(100_000))).toBeUndefined();
		expect(performance.now() - started).toBeLessThan(3000);
	});
});
