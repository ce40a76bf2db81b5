import {describe, expect, it} from 'vitest';
import {editDistance, holdsKeyLikeValue, nearNameMatch} from '../../../source/core/local/near-names.js';
import {makeAnthropicKey, makeGoogleKey, makeProjectKey} from '../../helpers/fake-keys.js';

describe('nearNameMatch', () => {
	it.each([
		['OPENAI_KEY', 'known-misname'],
		['VITE_OPENAI_API_KEY', 'framework-prefix'],
		['NEXT_PUBLIC_OPENAI_API_KEY', 'framework-prefix'],
		['REACT_APP_OPENAI_API_KEY', 'framework-prefix'],
		['EXPO_PUBLIC_OPENAI_API_KEY', 'framework-prefix'],
		['OPENAI_API_TOKEN', 'known-misname'],
		['OPEN_AI_API_KEY', 'known-misname'],
		['OPENAI_APIKEY', 'known-misname'],
		['OPENAI_SECRET_KEY', 'known-misname'],
		['openai_api_key', 'case'],
		['OpenAI_Api_Key', 'case'],
		['OPENAI_API_KEYS', 'typo'],
		['OPNEAI_API_KEY', 'typo'],
		['OPENIA_API_KEY', 'typo'],
		['OPENAI_APY_KEY', 'typo'],
		['OPENAI_API_KEY_2', 'typo'],
	])('%s is a near name (%s)', (name, match) => {
		expect(nearNameMatch(name)).toBe(match);
	});

	it.each(['OPENAI_API_KEY', 'OPENAI_ADMIN_KEY', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_KEY', 'OPENAI_API_BASE', 'OPENAI_API_TYPE', 'OPENAI_BASE_URL', 'ANTHROPIC_API_KEY', 'PATH'])(
		'%s is not',
		name => {
			expect(nearNameMatch(name)).toBeUndefined();
		},
	);
});

describe('holdsKeyLikeValue', () => {
	it('takes an OpenAI key under any near name', () => {
		expect(holdsKeyLikeValue(makeProjectKey(1), 'typo')).toBe(true);
		expect(holdsKeyLikeValue(makeProjectKey(1), 'known-misname')).toBe(true);
	});

	it('takes another provider\'s key only under a known misname, not a typo-close name like GENAI_API_KEY', () => {
		expect(holdsKeyLikeValue(makeAnthropicKey(2), 'known-misname')).toBe(true);
		expect(holdsKeyLikeValue(makeGoogleKey(3), 'typo')).toBe(false);
	});

	it.each(['', '   ', 'your-api-key-here', '<your key>', 'sk-xxxxxxxx', 'true', '/path/to/key.txt'])('ignores %j', value => {
		expect(holdsKeyLikeValue(value, 'known-misname')).toBe(false);
	});
});

describe('editDistance', () => {
	it('counts an adjacent swap as one edit', () => {
		expect(editDistance('OPNEAI', 'OPENAI')).toBe(1);
		expect(editDistance('kitten', 'sitting')).toBe(3);
		expect(editDistance('same', 'same')).toBe(0);
	});
});
