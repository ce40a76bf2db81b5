import {fingerprint, knownPrefixes} from './fingerprint.js';
import type {Secret} from './secret.js';

/**
 * Shapes of secrets that may appear in text we did not write (an error message from
 * undici, a command's stderr, the app's pasted error): provider keys and JWTs.
 */
const secretShapes: RegExp[] = [
	/\b(?:sk|rk)-[A-Za-z0-9_-]{16,}/g,
	/\bgsk_[A-Za-z0-9]{20,}/g,
	/\bxai-[A-Za-z0-9]{20,}/g,
	/\bpplx-[A-Za-z0-9]{20,}/g,
	/\bhf_[A-Za-z0-9]{30,}/g,
	/\bAIza[\w-]{30,}/g,
	/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g,
	/\b[a-f0-9]{32}\b/g,
];

/**
 * Replaces every given secret, and anything shaped like a key, with its fingerprint.
 * Applied to all text that leaves the process, as a last line of defence.
 */
export function redact(text: string, secrets: readonly Secret[] = []): string {
	let out = text;
	const values = secrets
		.map(secret => ({value: secret.reveal(), fingerprint: secret.fingerprint}))
		.filter(({value}) => value.trim().length >= 6)
		.sort((a, b) => b.value.length - a.value.length);
	for (const {value, fingerprint: shown} of values) {
		out = out.split(value).join(shown);
		const trimmed = value.trim();
		if (trimmed !== value && trimmed.length >= 6) out = out.split(trimmed).join(shown);
	}

	out = hideKeyFragments(out, values);
	for (const shape of secretShapes) {
		out = out.replace(shape, match => fingerprint(match));
	}

	out = narrowKeyMasks(out);

	// Whatever follows an auth header name is a credential, whatever its shape (a pasted `curl -v`).
	// Variables and placeholders (`$OPENAI_API_KEY`, `<paste your new key>`, `YOUR_KEY`) stay.
	const hideToken = (_match: string, head: string, token: string) => (/^[$<{%]|^[A-Z_]+\W?$/.test(token) ? head + token : head + fingerprint(token));
	// A backslash ends the token: in JSON text `\"` is an escaped quote, never part of a key.
	out = out.replace(/((?:authorization|proxy-authorization)["']?\s*[:=]\s*["']?(?:bearer|basic)\s+)([^\s"'\\,}]+)/gi, hideToken);
	out = out.replace(/(\b(?:api-key|x-api-key|ocp-apim-subscription-key)["']?\s*:\s*["']?)([^\s"'\\,}]+)/gi, hideToken);

	return out;
}

// A run of key characters long enough to carry a useful part of a secret.
const keyRun = /[A-Za-z0-9_-]{12,}/g;

/**
 * Hides pieces of keys: a key split by a soft-wrapped copy, a space or a line break
 * would otherwise show half of itself, with the other half given a false fingerprint.
 * A run of 12 or more key characters inside a known key is named as part of it; one
 * with OpenAI's `T3BlbkFJ` marker, or 32+ characters mixing upper case, lower case and
 * digits (no identifier, path or request id looks like that), is hidden outright.
 */
function hideKeyFragments(text: string, known: ReadonlyArray<{value: string; fingerprint: string}>): string {
	const cores = known.map(({value, fingerprint: shown}) => ({core: value.trim(), shown})).filter(({core}) => core.length >= 20);
	return text.replace(keyRun, run => {
		const whole = cores.find(({core}) => core === run);
		if (whole) return whole.shown;
		const owner = cores.find(({core}) => core.includes(run));
		if (owner) return `[part of ${owner.shown}]`;
		if (run.includes('T3BlbkFJ') || (run.length >= 32 && /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run))) {
			return knownPrefixes.some(prefix => run.startsWith(prefix)) ? run : '[hidden key text]';
		}

		return run;
	});
}

/**
 * Shows the API's key masks (`sk-VKMIs*****…wjh3`, which show more of the start than a
 * fingerprint does) as fingerprints. A mask is not a key: text that changes only here
 * held no key.
 */
export function narrowKeyMasks(text: string): string {
	return text.replace(/([A-Za-z0-9_-]{1,12})(\*{4,})([A-Za-z0-9_-]{2,6})/g, (_match, head: string, stars: string, tail: string) => fingerprint(head + 'x'.repeat(stars.length) + tail));
}
