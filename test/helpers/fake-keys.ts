/**
 * Realistic fake keys for tests, built at run time from a seeded generator so no
 * key-shaped literal sits in the repository and every run gets the same values.
 * Each call gives a new value; pass a seed to get one value on its own.
 * Shapes follow shared/reference/openai-api-auth.md §7.
 */

/** The base64 of "OpenAI" that every OpenAI secret contains. */
export const openAiMarker = 'T3BlbkFJ';

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const urlSafe = `${alphanumeric}_-`;
const lowerAlphanumeric = 'abcdefghijklmnopqrstuvwxyz0123456789';
const hex = '0123456789abcdef';

/** A small deterministic generator (mulberry32): same seed, same sequence. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

let shared = seededRandom(0x6b_65_79);

/** Restarts the shared sequence (for tests that compare values across calls). */
export function resetFakeKeys(seed = 0x6b_65_79): void {
	shared = seededRandom(seed);
}

function pick(alphabet: string, count: number, seed?: number): string {
	const random = seed === undefined ? shared : seededRandom(seed);
	let out = '';
	for (let index = 0; index < count; index++) out += alphabet[Math.floor(random() * alphabet.length)];
	return out;
}

/** `sk-proj-` + 74 + marker + 74 = 164 characters (the 2024+ project key). */
export function makeProjectKey(seed?: number): string {
	return `sk-proj-${pick(urlSafe, 74, seed)}${openAiMarker}${pick(urlSafe, 74, seed === undefined ? undefined : seed + 1)}`;
}

/** The short early project key (April 2024): `sk-proj-` + 20 + marker + 20 = 56. */
export function makeEarlyProjectKey(seed?: number): string {
	return `sk-proj-${pick(alphanumeric, 20, seed)}${openAiMarker}${pick(alphanumeric, 20, seed === undefined ? undefined : seed + 1)}`;
}

/** A 172-character project key (a length seen in captured masks). */
export function makeLongProjectKey(seed?: number): string {
	return `sk-proj-${pick(urlSafe, 78, seed)}${openAiMarker}${pick(urlSafe, 78, seed === undefined ? undefined : seed + 1)}`;
}

/** Legacy user key: `sk-` + 20 + marker + 20 = 51 characters. */
export function makeUserKey(seed?: number): string {
	return `sk-${pick(alphanumeric, 20, seed)}${openAiMarker}${pick(alphanumeric, 20, seed === undefined ? undefined : seed + 1)}`;
}

/** Org-level key without a project: `sk-None-` + 74 + marker + 74. */
export function makeNoProjectKey(seed?: number): string {
	return `sk-None-${pick(urlSafe, 74, seed)}${openAiMarker}${pick(urlSafe, 74, seed === undefined ? undefined : seed + 1)}`;
}

/** Service-account key: `sk-svcacct-` + 74 + marker + 74 = 167 characters. */
export function makeServiceAccountKey(seed?: number): string {
	return `sk-svcacct-${pick(urlSafe, 74, seed)}${openAiMarker}${pick(urlSafe, 74, seed === undefined ? undefined : seed + 1)}`;
}

/** Admin key: `sk-admin-` + 58 + marker + 58 = 133 characters. */
export function makeAdminKey(seed?: number): string {
	return `sk-admin-${pick(urlSafe, 58, seed)}${openAiMarker}${pick(urlSafe, 58, seed === undefined ? undefined : seed + 1)}`;
}

/** Anthropic: `sk-ant-api03-` + 93 + `AA` = 108 characters. */
export function makeAnthropicKey(seed?: number): string {
	return `sk-ant-api03-${pick(urlSafe, 93, seed)}AA`;
}

/** OpenRouter: `sk-or-v1-` + 64 hex = 73 characters. */
export function makeOpenRouterKey(seed?: number): string {
	return `sk-or-v1-${pick(hex, 64, seed)}`;
}

/** Groq: `gsk_` + 48 alphanumerics = 52 characters. */
export function makeGroqKey(seed?: number): string {
	return `gsk_${pick(alphanumeric, 48, seed)}`;
}

/** Google (Gemini) API key: `AIza` + 35 = 39 characters. */
export function makeGoogleKey(seed?: number): string {
	return `AIza${pick(urlSafe, 35, seed)}`;
}

/** xAI: `xai-` + 80 alphanumerics. */
export function makeXaiKey(seed?: number): string {
	return `xai-${pick(alphanumeric, 80, seed)}`;
}

/** Perplexity: `pplx-` + 48 alphanumerics. */
export function makePerplexityKey(seed?: number): string {
	return `pplx-${pick(alphanumeric, 48, seed)}`;
}

/** Hugging Face user access token: `hf_` + 34 alphanumerics. */
export function makeHuggingFaceToken(seed?: number): string {
	return `hf_${pick(alphanumeric, 34, seed)}`;
}

/** DeepSeek: `sk-` + 32 lower-case alphanumerics = 35 characters, no marker. */
export function makeDeepSeekKey(seed?: number): string {
	return `sk-${pick(lowerAlphanumeric, 32, seed)}`;
}

/** Azure OpenAI resource key: 32 lower-case hex characters. */
export function makeAzureKey(seed?: number): string {
	return pick(hex, 32, seed);
}

/** An OpenAI key id (`key_…`), which is not the secret. */
export function makeKeyId(seed?: number): string {
	return `key_${pick(alphanumeric, 16, seed)}`;
}

/** A JWT (`eyJ…`, three dot-separated base64url parts) with the given issuer. */
export function makeJwt(issuer = 'https://auth.openai.com', seed?: number): string {
	const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
	const header = encode({alg: 'RS256', typ: 'JWT', kid: pick(alphanumeric, 8, seed)});
	const payload = encode({iss: issuer, sub: `user-${pick(alphanumeric, 24, seed)}`, aud: ['https://api.openai.com/v1'], exp: 1_900_000_000});
	return `${header}.${payload}.${pick(urlSafe, 86, seed === undefined ? undefined : seed + 2)}`;
}

/** An OpenAI key of any kind and half length: `prefix` + half + marker + half (project 58 → 132, admin 74 → 165). */
export function makeOpenAIKey(prefix: 'sk-' | 'sk-proj-' | 'sk-svcacct-' | 'sk-service-' | 'sk-admin-' | 'sk-None-', half: number, seed?: number): string {
	const alphabet = prefix === 'sk-' ? alphanumeric : urlSafe;
	return `${prefix}${pick(alphabet, half, seed)}${openAiMarker}${pick(alphabet, half, seed === undefined ? undefined : seed + 1)}`;
}

/** A relay's or gateway's key: 64 lower-case hex characters. */
export function makeRelayKey(seed?: number): string {
	return pick(hex, 64, seed);
}
