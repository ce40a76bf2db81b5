import {analyzeKey} from '../keys/anatomy.js';
import {Secret} from '../keys/secret.js';

/** The variable every OpenAI SDK reads. */
export const keyVariable = 'OPENAI_API_KEY';

/** Names people use by mistake for OPENAI_API_KEY (CAUSES.md `var-misnamed`). */
const knownMisnames = new Set([
	'OPENAI_KEY',
	'OPENAI_TOKEN',
	'OPENAI_API_TOKEN',
	'OPENAI_APIKEY',
	'OPENAI_API',
	'OPENAI_SECRET',
	'OPENAI_SECRET_KEY',
	'OPENAI_API_SECRET',
	'OPENAI_API_SECRET_KEY',
	'OPENAI_ACCESS_KEY',
	'OPENAI_ACCESS_TOKEN',
	'OPEN_AI_API_KEY',
	'OPEN_AI_KEY',
	'OPEN_AI_TOKEN',
	'OPENAIAPIKEY',
	'OPENAIKEY',
	'OPENAPI_KEY',
	'OPENAPI_API_KEY',
	'CHATGPT_API_KEY',
	'CHATGPT_KEY',
	'GPT_API_KEY',
]);

/** Variables with their own meaning that sit close to OPENAI_API_KEY: never a misname. */
const legitimateNames = new Set([
	'OPENAI_ADMIN_KEY',
	'OPENAI_API_BASE',
	'OPENAI_API_TYPE',
	'OPENAI_API_VERSION',
	'OPENAI_API_HOST',
	'OPENAI_BASE_URL',
	'OPENAI_ORG_ID',
	'OPENAI_PROJECT_ID',
]);

/** How a name comes close to OPENAI_API_KEY. */
export type NearNameMatch = 'known-misname' | 'case' | 'typo' | 'framework-prefix';

/** Build tools hand only variables with their prefix to code bundled for the browser (Vite, Next.js, CRA, Expo…). */
const frameworkPrefixed = /^(?:VITE|NEXT_PUBLIC|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|NUXT|PUBLIC|GATSBY|VUE_APP|STORYBOOK|SANITY_STUDIO)_OPENAI_API_KEY$/;

/**
 * Whether `name` looks like a mistaken OPENAI_API_KEY: a known misname (`OPENAI_KEY`,
 * `OPEN_AI_API_KEY`…), the right name in another case, or a typo within edit distance 2
 * (`OPENAI_API_KEYS`, `OPNEAI_API_KEY`). Azure's and other vendors' own variables are not.
 */
export function nearNameMatch(name: string): NearNameMatch | undefined {
	if (name === keyVariable) return undefined;
	const upper = name.toUpperCase();
	if (legitimateNames.has(upper) || upper.startsWith('AZURE_')) return undefined;
	if (upper === keyVariable) return 'case';
	if (knownMisnames.has(upper)) return 'known-misname';
	if (frameworkPrefixed.test(upper)) return 'framework-prefix';
	if (Math.abs(upper.length - keyVariable.length) <= 2 && editDistance(upper, keyVariable, 2) <= 2) return 'typo';
	return undefined;
}

/**
 * Whether a near-named variable's value looks like a key worth naming: known misnames
 * and other cases may hold any provider's key; a typo'd name must hold an OpenAI key,
 * so `GENAI_API_KEY` with a Gemini key is left alone.
 */
export function holdsKeyLikeValue(value: string, match: NearNameMatch): boolean {
	if (value.trim() === '') return false;
	const anatomy = analyzeKey(value);
	if (anatomy.kind === 'placeholder') return false;
	if (anatomy.provider === 'openai') return true;
	if (match === 'typo') return false;
	if (anatomy.kind === 'other-provider') return true;
	return /^\s*["']?sk-/.test(value) && value.trim().length >= 20;
}

/** Damerau–Levenshtein distance (adjacent swaps count 1), stopping early above `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
	const rows = a.length + 1;
	const columns = b.length + 1;
	const table: number[][] = Array.from({length: rows}, (_, row) => Array.from({length: columns}, (_, column) => (row === 0 ? column : column === 0 ? row : 0)));
	for (let row = 1; row < rows; row++) {
		let best = Number.POSITIVE_INFINITY;
		for (let column = 1; column < columns; column++) {
			const cost = a[row - 1] === b[column - 1] ? 0 : 1;
			let value = Math.min(table[row - 1]![column]! + 1, table[row]![column - 1]! + 1, table[row - 1]![column - 1]! + cost);
			if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1]) value = Math.min(value, table[row - 2]![column - 2]! + 1);
			table[row]![column] = value;
			best = Math.min(best, value);
		}

		if (best > limit) return best;
	}

	return table[rows - 1]![columns - 1]!;
}

/** The value facts a `.env` or profile definition records; never the value itself. */
export type DefinitionValueFacts = {nearName?: NearNameMatch; keyLike?: boolean; sha256?: string; fingerprint?: string};

/**
 * Records what a definition's value is (near-name match, key-likeness, hash and
 * fingerprint) on its fact, and keeps the value itself only as a Secret under `source`.
 */
export function recordDefinitionValue(fact: DefinitionValueFacts, variable: string, value: string | undefined, source: string, secrets: Map<string, Secret>): void {
	const near = nearNameMatch(variable);
	if (near) {
		fact.nearName = near;
		fact.keyLike = value !== undefined && holdsKeyLikeValue(value, near);
	}

	if (value !== undefined && value.trim() !== '') {
		const secret = new Secret(value);
		fact.sha256 = secret.sha256;
		fact.fingerprint = secret.fingerprint;
		secrets.set(source, secret);
	}
}
