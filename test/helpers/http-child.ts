// A process of its own that sends requests through the real HTTP port and then simply
// returns: if a kept-alive socket (direct or in a proxy tunnel) held the event loop, it
// would not exit. argv[2] is a JSON list of groups; each group is one run (one
// createHttp, so one connection pool) with its environment and its URLs, sent in order.
import {createHttp} from '../../source/runner/http.js';

type Group = {env: Record<string, string>; urls: string[]};

const groups = JSON.parse(process.argv[2] ?? '[]') as Group[];
const results = [];
for (const group of groups) {
	const http = createHttp(group.env);
	for (const url of group.urls) results.push(await http({url, method: 'GET', headers: {authorization: 'Bearer kw-child-test'}, timeoutMs: 10_000}));
}

process.stdout.write(JSON.stringify(results));
