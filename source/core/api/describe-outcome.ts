import type {Classification} from './classify-response.js';

const originWords: Record<Classification['origin'], string> = {
	openai: 'OpenAI',
	azure: 'Azure OpenAI',
	proxy: 'a proxy',
	gateway: 'not OpenAI (no OpenAI response headers)',
};

/** One key-free phrase for an answer: status, what it means, who sent it. */
export function describeOutcome(answer: Classification): string {
	const who = originWords[answer.origin];
	const code = answer.code ? ` ${answer.code}` : '';
	switch (answer.outcome) {
		case 'valid': {
			const scope = [answer.organization && `organization ${answer.organization}`, answer.project && `project ${answer.project}`].filter(Boolean).join(', ');
			return `${answer.status} OK from ${who}: the key works${scope ? ` (${scope})` : ''}`;
		}

		case 'restricted':
			return `${answer.status} from ${who}: the key is valid but restricted (missing ${scopesText(answer)})`;
		case 'missing-scopes':
			return `${answer.status} from ${who}: the key lacks a permission (missing ${scopesText(answer)})`;
		case 'invalid-key':
			return `${answer.status}${code} from ${who}: the key is wrong, revoked or deleted`;
		case 'org-mismatch':
			return `${answer.status}${code} from ${who}: the OpenAI-Organization header does not match the key's organization`;
		case 'invalid-organization':
			return `${answer.status}${code} from ${who}: the OpenAI-Organization header names no organization the key belongs to`;
		case 'project-mismatch':
			return `${answer.status}${code} from ${who}: the OpenAI-Project header does not match the key's project`;
		case 'no-organization':
			return `${answer.status}${code} from ${who}: the key's user belongs to no organization any more`;
		case 'account-deactivated':
			return `${answer.status}${code} from ${who}: the account behind the key is deactivated`;
		case 'invalid-issuer':
			return `${answer.status}${code} from ${who}: a session or OAuth token, not an API key`;
		case 'ip-not-authorized':
			return `${answer.status}${code} from ${who}: this machine's IP address is not on the allowlist`;
		case 'no-key-sent':
			return `${answer.status} from ${who}: no key arrived (a proxy or gateway dropped the header?)`;
		case 'quota-exceeded':
			return `${answer.status}${code} from ${who}: the key works, but the account is out of quota`;
		case 'rate-limited':
			return `${answer.status} from ${who}: the key works, but requests are rate-limited right now`;
		case 'server-error':
			return `${answer.status} from ${who}: a server error; the key could not be judged`;
		case 'proxy-auth':
			return `${answer.status} Proxy Authentication Required: the proxy wants credentials; the key never reached the API`;
		case 'rejected-elsewhere':
			return `${answer.status} from ${who}${answer.bodyShape === 'html' ? ', an HTML page' : answer.bodyShape === 'empty' ? ', empty body' : ''}: refused by whatever answers at this URL`;
		case 'unauthorized':
			return `${answer.status}${code} from ${who}: the key was refused`;
		case 'azure-denied':
			return `${answer.status} from ${who}: access denied (not a key for this Azure resource, or the wrong endpoint)`;
		case 'redirect':
			return `${answer.status} redirect${answer.redirectHost ? ` to ${answer.redirectHost}` : ''} from ${who}: not followed, so the key went nowhere else`;
		case 'not-found':
			return `${answer.status} from ${who}: no models endpoint at this base URL`;
		default: {
			const body = answer.bodyShape === 'invalid-json' ? ', but its body is not valid JSON' : answer.bodyShape === 'html' ? ', an HTML page' : answer.bodyShape === 'empty' ? ', with an empty body' : '';
			return `${answer.status}${code} from ${who}${body}: not a models list, so no verdict on the key`;
		}
	}
}

function scopesText(answer: Classification): string {
	return answer.missingScopes?.length ? `scope ${answer.missingScopes.join(', ')}` : 'a scope';
}
