import {describe, expect, it} from 'vitest';
import {findKeyLiterals} from '../../../source/core/code/key-literals.js';
import {makeDeepSeekKey, makeProjectKey, makeServiceAccountKey, makeUserKey} from '../../helpers/fake-keys.js';

const project = makeProjectKey(8801);
const user = makeUserKey(8802);

describe('findKeyLiterals', () => {
	it.each([
		['python api_key=', `client = OpenAI(api_key="${project}")\n`, project, 'api_key', 'project'],
		['a module constant', `OPENAI_API_KEY = '${user}'\n`, user, 'OPENAI_API_KEY', 'user'],
		['node apiKey:', `const client = new OpenAI({apiKey: "${project}"});\n`, project, 'apiKey', 'project'],
		['v0 openai.api_key =', `openai.api_key = "${user}"\n`, user, 'openai.api_key', 'user'],
		['a JSON config', `{\n  "openai": {"api_key": "${project}"}\n}\n`, project, 'api_key', 'project'],
		['a Bearer header', `curl -H "Authorization: Bearer ${project}" https://api.openai.com/v1/models\n`, project, 'Bearer', 'project'],
		['a notebook cell with escaped quotes', `{"source": ["client = OpenAI(api_key=\\"${project}\\")\\n"]}\n`, project, 'api_key', 'project'],
	])('%s', (_name, text, value, assignedTo, kind) => {
		const [found] = findKeyLiterals(text);
		expect(found).toMatchObject({value, assignedTo, kind});
	});

	it('finds an OpenAI secret anywhere, with its line', () => {
		const key = makeServiceAccountKey(8803);
		expect(findKeyLiterals(`# notes\n\nold key was ${key} (rotated?)\n`)).toEqual([{value: key, line: 3, kind: 'service-account'}]);
	});

	it('finds another provider’s sk- key passed as the api key', () => {
		const deepseek = makeDeepSeekKey(8804);
		expect(findKeyLiterals(`client = OpenAI(api_key="${deepseek}", base_url="https://api.deepseek.com")\n`)).toEqual([expect.objectContaining({value: deepseek, kind: 'other-provider'})]);
	});

	it.each([
		['a placeholder', 'OPENAI_API_KEY = "sk-..."\n'],
		['a template', 'api_key="sk-your-api-key-here"\n'],
		['xxxx', 'api_key = "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n'],
		['a test value', 'monkeypatch.setenv("OPENAI_API_KEY", "sk-test-1234567890abcdef")\napi_key="sk-test-not-a-real-key-at-all"\n'],
		['a fake', 'client = OpenAI(api_key="sk-fake-key-for-unit-tests-0000")\n'],
		['too short to be a key', 'api_key = "sk-abc123def"\n'],
		['an environment reference', 'api_key = os.getenv("OPENAI_API_KEY")\n'],
		['a masked key in a log', 'Incorrect API key provided: sk-proj-********************************abcd\n'],
	])('not a key: %s', (_name, text) => {
		expect(findKeyLiterals(text)).toEqual([]);
	});

	it('keeps one entry per value', () => {
		expect(findKeyLiterals(`a = "${project}"\napi_key = "${project}"\n`)).toEqual([{value: project, line: 1, kind: 'project', assignedTo: 'api_key'}]);
	});
});
