import {candidateKeys, keySourceProbes} from '../api/candidate-keys.js';
import type {HeaderFault} from '../api/header-refusal.js';
import {parseAppError, type AppError, type AppErrorForm} from '../api/parse-app-error.js';
import {keyCore} from '../keys/anatomy.js';
import {isOpenAIMaskForm, maskFit, maskInFingerprintForm} from '../keys/mask.js';
import {describeSent, readSentKey, readSentValue, type SentKey} from '../keys/mask-anatomy.js';
import {redact} from '../keys/redact.js';
import type {ProbeDefinition, ProbeStatus} from '../types.js';

/** How one local key compares with the key in the app's error. */
export type ErrorKeyMatch = {
	sha256: string;
	fingerprint: string;
	sources: string[];
	matches: boolean;
	/** It fits by head and last 4, but the mask's star count gives another length: a client or log re-masked it. */
	lengthDiffers?: boolean;
};

/** What the app's error says, and which key it names. */
export type ErrorTriageData = Omit<AppError, 'mask' | 'headerRefusal'> & {
	/** The error named a key by its mask (or showed it whole in a header value a client refused). */
	maskFound: boolean;
	/** The mask in fingerprint form (`sk-proj-…21sA`) and the length it implies; the mask itself is never kept. */
	maskShown?: string;
	maskLength?: number;
	/** What the key the app sent is, read from the mask (or the refused header value): key-free. */
	sent?: SentKey;
	/** A client refused the Authorization header: what is wrong with it, when the text says without showing it. */
	headerFault?: HeaderFault;
	headerDetail?: string;
	/** Every key compared (all keys the local probes found). */
	matches: ErrorKeyMatch[];
	/** No error text was given. */
	given: boolean;
};

/** Every local probe that reports keys: a misnamed variable (OPENAI_KEY) may be just what the app's code reads. */
const comparedProbes = [...keySourceProbes, 'misnamed-vars'] as const;

const formWords: Record<AppErrorForm, string> = {
	'python-sdk': 'python SDK',
	'node-sdk': 'node SDK',
	'go-sdk': 'Go SDK',
	json: 'JSON body',
	log: 'structured log line',
	curl: 'curl output',
	text: 'plain text',
	empty: 'empty',
};

/** Step 3: reads the error the app printed (`--error`, or pasted in the wizard) and names the key it sent. */
export const errorTriageProbe: ProbeDefinition<ErrorTriageData> = {
	id: 'error-triage',
	step: 3,
	title: "The app's error",
	checks: 'the error your app printed: status, code, and which key it sent',
	needs: comparedProbes,
	async run({options, results}) {
		const keys = candidateKeys(results, comparedProbes);
		const secrets = keys.map(key => key.secret);
		const text = options.errorText ?? '';
		const {mask, headerRefusal, ...parsed} = parseAppError(text, secrets);
		const data: ErrorTriageData = {...parsed, maskFound: mask !== undefined, matches: [], given: text.trim() !== ''};
		if (!data.given) return {status: 'skip', summary: 'No error message given (use --error, or paste it in the wizard).', data};

		if (mask !== undefined) {
			data.maskShown = maskInFingerprintForm(mask);
			data.maskLength = mask.includes('*') ? [...mask].length : undefined;
			data.sent = readSentKey(mask);
			const exact = isOpenAIMaskForm(mask) || !/[*…]|\.\.\./.test(mask);
			data.matches = keys.map(key => {
				const fit = maskFit(mask, key.secret.reveal());
				const match: ErrorKeyMatch = {sha256: key.secret.sha256, fingerprint: key.secret.fingerprint, sources: key.sources, matches: fit.matches};
				if (fit.matches && exact && !fit.exactLength) match.lengthDiffers = true;
				return match;
			});
		} else if (headerRefusal?.secret && keyCore(headerRefusal.secret.reveal()) !== '') {
			// The client printed the whole header value: the key itself, compared by its core.
			const sent = headerRefusal.secret;
			data.maskFound = true;
			data.maskShown = sent.fingerprint;
			data.sent = readSentValue(sent.reveal());
			const core = keyCore(sent.reveal());
			data.matches = keys.map(key => ({
				sha256: key.secret.sha256,
				fingerprint: key.secret.fingerprint,
				sources: key.sources,
				matches: core !== '' && (key.secret.equals(sent) || keyCore(key.secret.reveal()) === core),
			}));
		}

		if (headerRefusal && !data.sent) {
			data.headerFault = headerRefusal.secret ? 'empty' : headerRefusal.fault;
			if (headerRefusal.detail) data.headerDetail = headerRefusal.detail;
		} else if (headerRefusal?.secret && data.sent?.defects.length === 0) {
			// The client refused a value that shows nothing a header may not hold: the paste lost it (a CR or a final line break does not survive a copy).
			data.headerFault = 'unknown';
			data.headerDetail = 'no character the pasted text still shows (a carriage return or line break at the end of the key is lost when an error is copied)';
		}

		const said = describeError(data);
		const details = [`Read as ${formWords[data.form]}: ${said}.`];
		if (data.message) details.push(`Message: ${data.message}`);
		if (data.requestId) details.push(`Request id: ${data.requestId}`);
		if (data.calledUrl) details.push(`The app called ${data.calledUrl}.`);
		let status: ProbeStatus = 'warn';
		let summary: string;
		if (data.sent) details.push(`The key the app sent: ${describeSent(data.sent)}.`);
		if (data.headerDetail) details.push(`The client names ${data.headerDetail}.`);
		if (data.maskFound) {
			const matched = data.matches.filter(match => match.matches);
			const sent = `${data.maskShown}${data.sent ? ` (${describeSent(data.sent)})` : data.maskLength ? ` (${data.maskLength} characters)` : ''}`;
			details.push(
				...data.matches.map(match => `${match.fingerprint} [${match.sources.join(', ')}]: ${match.matches ? `fits the key sent${match.lengthDiffers ? ', though the mask counts another length (re-masked by a client or a log)' : ''}` : 'does not fit'}.`),
			);
			if (matched.length === 0) {
				status = 'fail';
				summary =
					keys.length === 0
						? `The app sent ${sent}; no key was found on this machine: ${said}.`
						: `The app sent ${sent}, which is none of the ${keys.length} key${keys.length === 1 ? '' : 's'} found here: ${said}.`;
			} else {
				summary = `The app sent ${matched.map(match => `${match.fingerprint} (${match.sources[0]})`).join(' or ')}: ${said}.`;
			}
		} else if (data.status === undefined && data.code === undefined && !data.keyMissingInApp && !data.connectionError && !data.azureAccessDenied && !data.azureTokenRejected && !data.noKeySent) {
			summary = 'Could not read a status or error code from the text given.';
		} else {
			summary = `The app's error: ${said}.`;
		}

		return {status, summary: redact(summary, secrets), details: details.map(line => redact(line, secrets)), data};
	},
};

/** One key-free phrase for what the app's error says. */
export function describeError(error: Omit<AppError, 'mask' | 'headerRefusal'>): string {
	if (error.keyMissingInApp) return 'the client library found no key at all (it never sent a request)';
	if (error.noKeySent) return `${error.status ?? 401}: the request carried no key`;
	if (error.illegalHeader) return 'the client refused to send the key: it holds whitespace, a newline or another character a header may not contain';
	if (error.azureTokenRejected) return `${error.status ?? 401}: Azure OpenAI refused the Entra ID token (issued for another resource or tenant, expired, or lacking the role)`;
	if (error.connectionError && error.status === undefined) return 'no answer from the API (connection error)';
	if (error.azureAccessDenied) return `${error.status ?? 401}: Azure OpenAI denied access (wrong key for the resource, or the wrong endpoint)`;
	if (error.proxyAuth) return '407: a proxy wants credentials';
	const status = error.status === undefined ? undefined : String(error.status);
	// A relay's code is often the status again (LiteLLM's `'code': '401'`).
	const code = error.code === status ? error.type : (error.code ?? error.type);
	const parts = [status, code].filter(Boolean);
	if (error.missingScopes) parts.push(`missing scope ${error.missingScopes.join(', ')}`);
	if (error.foreignBody) parts.push('not in OpenAI\'s error shape (a gateway or proxy answered?)');
	return parts.length > 0 ? parts.join(' ') : 'an error without status or code';
}
