import {answerLikeOpenAI, type FakeApiOptions, type FakeRequest} from '../../source/runner/fake-openai-api.js';
import type {Http, HttpRequest} from '../../source/core/ports.js';

/** An Http port answered in memory by the stand-in's logic, recording every request (keys included: tests only). */
export function fakeApiHttp(options: FakeApiOptions = {}): Http & {requests: Array<HttpRequest & {path: string}>} {
	const requests: Array<HttpRequest & {path: string}> = [];
	const http = (async (request: HttpRequest) => {
		const url = new URL(request.url);
		requests.push({...request, path: `${url.pathname}${url.search}`});
		if (Object.values(request.headers).some(value => /[\r\n\0]/.test(value))) {
			return {ok: false, failure: 'invalid-header', message: 'The HTTP client refused to send the key as a header.', durationMs: 0};
		}

		const fake: FakeRequest = {method: request.method, path: `${url.pathname}${url.search}`, headers: lower(request.headers), body: request.body ?? ''};
		const answer = answerLikeOpenAI(fake, options);
		return {ok: true, status: answer.status, headers: answer.headers, body: answer.body, truncated: false, durationMs: 1};
	}) as Http & {requests: Array<HttpRequest & {path: string}>};
	http.requests = requests;
	return http;
}

function lower(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
