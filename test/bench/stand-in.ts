// The loopback stand-in of the OpenAI API for `npm run bench`, in a process of its own (the
// bench times whole processes with spawnSync, which would block a server in its own loop).
// Reads one JSON line of key → behaviour on argv, prints the base URL, serves until stdin ends.
import {startFakeOpenAIApi, type FakeKeyBehaviour} from '../../source/runner/fake-openai-api.js';

const keys = JSON.parse(process.argv[2] ?? '{}') as Record<string, FakeKeyBehaviour>;
const api = await startFakeOpenAIApi({keys});
process.stdout.write(`${api.baseUrl}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
	void api.close().then(() => process.exit(0));
});
