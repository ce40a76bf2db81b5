/**
 * The few facts about a key's shape the live check needs to decide where a key may be
 * sent and how to read the API's answer. The full anatomy (kinds, defects) lives in
 * the key-anatomy module; this stays small on purpose so the live check has no
 * dependency on it.
 */

/** Marker every OpenAI secret carries: "OpenAI" in base64. */
const openAIMarker = 'T3BlbkFJ';

/** Prefixes of keys that belong to another provider, with the provider's name. */
const otherProviderPrefixes: ReadonlyArray<readonly [string, string]> = [
	['sk-ant-', 'Anthropic'],
	['sk-or-', 'OpenRouter'],
	['gsk_', 'Groq'],
	['AIza', 'Google'],
	['xai-', 'xAI'],
	['pplx-', 'Perplexity'],
];

/** True for a JWT or OAuth token: `eyJ…`, three dot-separated parts. */
export function looksLikeJwt(value: string): boolean {
	const trimmed = value.trim();
	return trimmed.startsWith('eyJ') && trimmed.split('.').length === 3;
}

/** True for a 32-hex Azure OpenAI resource key. */
export function looksLikeAzureKey(value: string): boolean {
	return /^[a-f0-9]{32}$/i.test(value.trim());
}

/** True for a value shaped like an OpenAI secret key (`sk-…` with the OpenAI marker, or a known OpenAI prefix). */
export function looksLikeOpenAIKey(value: string): boolean {
	const trimmed = value.trim();
	if (!trimmed.startsWith('sk-') || otherProvider(trimmed)) return false;
	return trimmed.includes(openAIMarker) || /^sk-(?:proj|svcacct|service|admin|None)-/.test(trimmed);
}

/** The provider a key visibly belongs to when it is not OpenAI's, else undefined. */
export function otherProvider(value: string): string | undefined {
	const trimmed = value.trim();
	return otherProviderPrefixes.find(([prefix]) => trimmed.startsWith(prefix))?.[1];
}
