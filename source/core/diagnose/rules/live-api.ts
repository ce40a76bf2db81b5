import {describeBaseUrlSource, factsBaseUrl, factsSettings} from '../../local/app-settings.js';
import {checkBaseUrl} from '../../api/base-url-safety.js';
import {analyzeKey, baseUrlJudgesKeyFormat} from '../../keys/anatomy.js';
import {effectiveKeyObservations} from '../../keys/effective.js';
import type {EndpointData} from '../../probes/endpoint.js';
import type {ErrorTriageData} from '../../probes/error-triage.js';
import type {LiveCheckData, LiveKeyResult} from '../../probes/live-check.js';
import {docsLinks} from './docs-links.js';
import type {Confidence, Facts, Rule, RuleHit, Snippet} from '../../types.js';
import {appError, appHadNoKey, appSaid, sentKeyLine, sentKeyNotHere} from './read-app-error.js';

/** Where keys are listed, revoked and created. */
const apiKeysPage = 'https://platform.openai.com/api-keys';

function liveData(facts: Facts): LiveCheckData | undefined {
	return facts.results.get('live-check')?.data as LiveCheckData | undefined;
}

function endpointData(facts: Facts): EndpointData | undefined {
	return facts.results.get('endpoint')?.data as EndpointData | undefined;
}

function hostOf(facts: Facts): string {
	const {url} = factsBaseUrl(facts);
	const base = checkBaseUrl(url);
	return base.ok ? base.hostname : url;
}

/**
 * The live results that concern the app: the key the app's error names, else the keys
 * its runtime uses (environment, else `.env`) and Azure keys, else every key tested.
 */
function relevantKeys(facts: Facts): LiveKeyResult[] {
	const keys = liveData(facts)?.keys ?? [];
	const named = appError(facts)?.matches.filter(match => match.matches).map(match => match.sha256) ?? [];
	if (named.length > 0) return keys.filter(key => named.includes(key.sha256));
	const used = new Set(effectiveKeyObservations(facts).map(observation => observation.secret.sha256));
	if (used.size === 0) return keys;
	return keys.filter(key => used.has(key.sha256) || key.variables.includes('AZURE_OPENAI_API_KEY'));
}

/** The key got one of these outcomes, or a retry proved one of them against a header it sent. */
function hasOutcome(key: LiveKeyResult, outcomes: readonly string[]): boolean {
	return (key.outcome !== undefined && outcomes.includes(key.outcome)) || (key.headerFaults ?? []).some(fault => outcomes.includes(fault));
}

function withOutcome(facts: Facts, ...outcomes: string[]): LiveKeyResult[] {
	return relevantKeys(facts).filter(key => hasOutcome(key, outcomes));
}

/** `sk-proj-…wxyz (env:OPENAI_API_KEY, file:.env:3)`. */
function named(key: Pick<LiveKeyResult, 'fingerprint' | 'sources'>): string {
	return key.sources.length > 0 ? `${key.fingerprint} (${key.sources.join(', ')})` : key.fingerprint;
}

/** The host a key was sent to: an Azure-only key went to AZURE_OPENAI_ENDPOINT, not to the base URL. */
function askedHost(key: LiveKeyResult, host: string): string {
	return key.url ? new URL(key.url).hostname : host;
}

function answered(key: LiveKeyResult, host: string): string {
	const id = key.requestId ? `, request id ${key.requestId}` : '';
	return `${named(key)} → ${askedHost(key, host)}: ${key.description ?? key.status}${id}.`;
}

function hit(confidence: Confidence, evidence: string[], extra: Partial<RuleHit> = {}): RuleHit {
	return {confidence, evidence, ...extra};
}

const curlSnippet = (facts: Facts): Snippet[] => {
	const command = liveData(facts)?.curlCommand;
	return command ? [{id: 'curl-models', label: 'Check the key yourself', language: 'sh', text: command}] : [];
};

/** Causes named by an error code, from the live check or the app's error. */
function codeRule(spec: {
	id: string;
	title: string;
	fix: string[];
	meaning: string;
	docs: readonly string[];
	outcomes: string[];
	codes: string[];
	snippets?: (facts: Facts) => Snippet[];
	confidence?: (facts: Facts, keys: LiveKeyResult[]) => Confidence;
	extraEvidence?: (facts: Facts, keys: LiveKeyResult[]) => string[];
	/** The cause belongs to the key itself: name it (at medium) for keys the app does not get from here too. */
	keysTheAppMayReadElsewhere?: boolean;
}): Rule {
	return {
		id: spec.id,
		step: 3,
		title: spec.title,
		fix: spec.fix,
		meaning: spec.meaning,
		docs: spec.docs,
		evaluate(facts) {
			const keys = withOutcome(facts, ...spec.outcomes).filter(key => key.origin === 'openai');
			const error = appError(facts);
			const fromApp = error?.code !== undefined && spec.codes.includes(error.code);
			const relevant = new Set(keys.map(key => key.sha256));
			const elsewhere = spec.keysTheAppMayReadElsewhere
				? (liveData(facts)?.keys ?? []).filter(key => key.origin === 'openai' && hasOutcome(key, spec.outcomes) && !relevant.has(key.sha256))
				: [];
			if (keys.length === 0 && !fromApp && elsewhere.length === 0) return undefined;
			const host = hostOf(facts);
			const evidence = [
				...keys.map(key => answered(key, host)),
				...(fromApp ? [appSaid(error!)] : []),
				...elsewhere.map(key => `${answered(key, host)} The app does not get this key from here, but whatever reads ${key.sources[0] ?? 'its source'} does.`),
				...(spec.extraEvidence?.(facts, keys) ?? []),
			];
			const confidence = keys.length === 0 && !fromApp ? 'medium' : (spec.confidence?.(facts, keys) ?? 'high');
			return hit(confidence, evidence, {snippets: spec.snippets?.(facts) ?? []});
		},
	};
}

/** The live check got a working answer for this key (a 200, or valid but restricted / out of quota). */
function worksHere(facts: Facts, sha: string): boolean {
	return liveData(facts)?.keys.some(key => key.sha256 === sha && key.live === 'valid' && key.withoutScopeHeaders === undefined) ?? false;
}

/** The app's error named keys by their mask, and every one of them works at the base URL. */
function appKeyWorksHere(facts: Facts): boolean {
	const named = appError(facts)?.matches.filter(match => match.matches) ?? [];
	return named.length > 0 && named.every(match => worksHere(facts, match.sha256));
}

function retryEvidence(keys: LiveKeyResult[]): string[] {
	const still = (attempt: {status?: number; code?: string}) => `still ${attempt.status ?? 'no answer'}${attempt.code ? ` ${attempt.code}` : ''}`;
	return keys
		.filter(key => key.withoutScopeHeaders)
		.flatMap(key => {
			const dropped = key.droppedHeaders ?? key.headersSent;
			const headers = `${dropped.join(' and ')} header${dropped.length > 1 ? 's' : ''}`;
			const final = key.withoutScopeHeaders!;
			return [
				...(key.scopeRetries ?? []).map(retry => `Sent again without the ${retry.dropped.join(' and ')} header: ${still(retry)}.`),
				final.live === 'valid' ? `Sent again without the ${headers}: ${final.status}, the key itself works.` : `Sent again without the ${headers}: ${still(final)}.`,
			];
		});
}

function scopeVariables(facts: Facts, names: string[]): string[] {
	const settings = factsSettings(facts);
	return names.filter(name => settings[name]?.trim()).map(name => `${name}=${settings[name]!.trim()} is set.`);
}

const keyInvalidRule: Rule = {
	id: 'key-invalid',
	step: 3,
	title: 'The API refuses the key: it is wrong, revoked or deleted',
	fix: [
		`Step 1: compare the key's last four characters with the keys listed at ${apiKeysPage}.`,
		'If it is not listed (revoked, deleted, or from another account or project), create a new key and put it where the app reads it.',
	],
	meaning: 'A well-formed OpenAI key that the API refuses with 401 invalid_api_key: revoked, deleted, mistyped, or from another account or project.',
	docs: [docsLinks.apiKeys, docsLinks.incorrectKey, docsLinks.errorCodes],
	evaluate(facts) {
		// Quotes, blanks or `Bearer ` around a key are why it was refused (their own causes), not the key.
		const wellFormed = (sha: string) => {
			const key = facts.keys.find(candidate => candidate.secret.sha256 === sha);
			if (key === undefined) return true;
			const anatomy = analyzeKey(key.secret.reveal());
			return anatomy.provider === 'openai' && anatomy.defects.length === 0;
		};

		const refused = (liveData(facts)?.keys ?? []).filter(key => key.outcome === 'invalid-key' && key.origin === 'openai' && wellFormed(key.sha256));
		const relevant = new Set(relevantKeys(facts).map(key => key.sha256));
		const keys = refused.filter(key => relevant.has(key.sha256));
		// A dead key the app does not use here still bites: dotenv with override, an IDE, a service or a new terminal reads it.
		const elsewhere = refused.filter(key => !relevant.has(key.sha256));
		const error = appError(facts);
		// A key the live check found working is not wrong: the app that refused it talks to another host (base-url-mismatch).
		const matched = error?.matches.filter(match => match.matches && !worksHere(facts, match.sha256)) ?? [];
		// A relay's error that borrows the code but not OpenAI's shape says nothing about the key at OpenAI.
		const refusedByOpenAI = error?.code === 'invalid_api_key' && !error.foreignBody && !appKeyWorksHere(facts);
		// The key the app sent, read from its mask: a well-formed OpenAI key the API refused, wherever the app keeps it.
		const sent = error && sentKeyNotHere(error) ? error.sent : undefined;
		// Quotes, blanks or `Bearer ` around it are why it was refused (their own causes), not the key.
		const sentWellFormed = sent !== undefined && sent.judged && sent.provider === 'openai' && sent.kind !== 'malformed' && sent.defects.length === 0;
		// A key the app sent wrapped in quotes, blanks or `Bearer ` was refused for those (their own causes), not for itself.
		const sentWrapped = (error?.sent?.defects.length ?? 0) > 0;
		const fromApp = refusedByOpenAI && !sentWrapped && (!error.maskFound || (matched.length > 0 && matched.some(match => wellFormed(match.sha256))) || sentWellFormed);
		// A mask that counts too few or too many characters for its kind: cut, or shortened by hand when it was pasted.
		const maybeShortened = refusedByOpenAI && !fromApp && sent?.form === 'openai' && (sent.malformedCode === 'cut-short' || sent.malformedCode === 'runs-on');
		// x's over an sk- key's visible characters: typed over the key when the error was pasted, or a template's filler.
		const maybeXedOut = refusedByOpenAI && !fromApp && sent?.form === 'openai' && sent.kind === 'placeholder' && (sent.label.includes('filler') || sent.mayBeRedacted === true) && /^sk-/.test(error!.maskShown ?? '');
		if ((maybeShortened || maybeXedOut) && keys.length === 0 && elsewhere.length === 0) {
			// Only the last 4 made up, at a real key's exact length: a redacted paste is as likely as a template.
			return hit(maybeXedOut && sent!.mayBeRedacted ? 'medium' : 'low', [
				sentKeyLine(error!),
				maybeShortened
					? 'If the mask was shortened by hand when the error was copied (the stars no longer count the hidden characters), the key itself is what OpenAI refused: wrong, revoked or deleted.'
					: "If those characters were typed over the key's when the error was copied, the key itself is what OpenAI refused: wrong, revoked or deleted.",
			]);
		}

		if (keys.length === 0 && !fromApp && elsewhere.length === 0) return undefined;
		const host = hostOf(facts);
		const evidence = keys.map(key => answered(key, host));
		if (fromApp) evidence.push(appSaid(error!), ...matched.map(match => `The key in the app's error fits ${named(match)}.`));
		if (fromApp && sentWellFormed) evidence.push(`${sentKeyLine(error!)} It is well-formed, so OpenAI refused the key itself: wrong, revoked, deleted, or from another account.`);
		for (const key of elsewhere) {
			evidence.push(`${answered(key, host)} The app does not get this one from here, but whatever reads ${key.sources[0] ?? 'its source'} (dotenv with override, an IDE, a service, a new terminal) does.`);
		}

		// A key on this machine already works: point the app at it instead of making a new one.
		const working = (liveData(facts)?.keys ?? []).filter(key => key.live === 'valid' && key.origin === 'openai' && !refused.some(dead => dead.sha256 === key.sha256));
		if (working.length > 0) {
			evidence.push(`${named(working[0]!)} works: no new key is needed, the app must get that one.`);
			return hit(keys.length > 0 || matched.length > 0 || sentWellFormed ? 'high' : 'medium', evidence, {
				fix: [`Make the app use ${working[0]!.fingerprint} (the other causes say what hides it), and remove or replace the dead key where it is set (${[...keys, ...elsewhere].flatMap(key => key.sources).slice(0, 3).join(', ') || 'its source'}).`],
				snippets: curlSnippet(facts),
			});
		}

		// An admin key may be refused for being one (key-admin): then this is the second reading.
		const sure = keys.length > 0 || matched.length > 0 || (sentWellFormed && sent!.kind !== 'admin');
		return hit(sure ? 'high' : 'medium', evidence, {
			snippets: [
				{id: 'dotenv-new-key', label: 'Put the new key in .env', language: 'dotenv', text: 'OPENAI_API_KEY=<paste your new key>'},
				...curlSnippet(facts),
			],
		});
	},
};

const orgMismatchRule = codeRule({
	id: 'org-mismatch',
	title: "The OpenAI-Organization header does not match the key's organization",
	fix: [
		'Project keys need no organization: unset OPENAI_ORG_ID (and OPENAI_ORGANIZATION), or remove organization= from the client.',
		'Or set it to the organization the key belongs to (Settings → Organization → ID, org-…).',
	],
	meaning: 'The OpenAI-Organization header (OPENAI_ORG_ID, OPENAI_ORGANIZATION, organization= in code) names an organization the key does not belong to: 401 mismatched_organization or invalid_organization.',
	docs: [docsLinks.authentication, docsLinks.organization],
	outcomes: ['org-mismatch', 'invalid-organization'],
	codes: ['mismatched_organization', 'invalid_organization'],
	confidence: (facts, keys) => (keys.some(key => key.withoutScopeHeaders?.live === 'valid') || scopeVariables(facts, ['OPENAI_ORG_ID', 'OPENAI_ORGANIZATION']).length > 0 ? 'high' : 'medium'),
	extraEvidence: (facts, keys) => [...scopeVariables(facts, ['OPENAI_ORG_ID', 'OPENAI_ORGANIZATION']), ...retryEvidence(keys)],
	snippets: () => [{id: 'unset-org', label: 'Stop sending the organization header', language: 'sh', text: 'unset OPENAI_ORG_ID OPENAI_ORGANIZATION'}],
});

const projectMismatchRule = codeRule({
	id: 'project-mismatch',
	title: "The OpenAI-Project header does not match the key's project",
	fix: ['Unset OPENAI_PROJECT_ID (a project key already names its project), or use a key created in that project.'],
	meaning: 'The OpenAI-Project header (OPENAI_PROJECT_ID) names another project than the key\'s.',
	docs: [docsLinks.authentication],
	outcomes: ['project-mismatch'],
	codes: ['mismatched_project'],
	confidence: (facts, keys) => (keys.some(key => key.withoutScopeHeaders?.live === 'valid') || scopeVariables(facts, ['OPENAI_PROJECT_ID']).length > 0 ? 'high' : 'medium'),
	extraEvidence: (facts, keys) => [...scopeVariables(facts, ['OPENAI_PROJECT_ID']), ...retryEvidence(keys)],
	snippets: () => [{id: 'unset-project', label: 'Stop sending the project header', language: 'sh', text: 'unset OPENAI_PROJECT_ID'}],
});

const noOrganizationRule = codeRule({
	id: 'no-organization',
	title: "The key's user is no longer a member of any organization",
	fix: ['Ask an owner to invite you again, or create a new key in a project you belong to (step 5).'],
	meaning: 'The key\'s user is no longer a member of any organization (401 no_organization): removed from the team, or the organization is gone.',
	docs: [docsLinks.errorCodes, docsLinks.organization],
	outcomes: ['no-organization'],
	keysTheAppMayReadElsewhere: true,
	codes: ['no_organization'],
});

const deactivatedRule = codeRule({
	id: 'account-deactivated',
	title: 'The account behind the key is deactivated',
	fix: ['This cannot be fixed in configuration: check your e-mail from OpenAI and contact help.openai.com.'],
	meaning: 'The account behind the key is deactivated (401 account_deactivated); no configuration change fixes it.',
	docs: [docsLinks.errorCodes, docsLinks.helpCenter],
	outcomes: ['account-deactivated'],
	keysTheAppMayReadElsewhere: true,
	codes: ['account_deactivated'],
});

const ipRule = codeRule({
	id: 'ip-not-authorized',
	title: "This machine's IP address is not on the organization's or project's allowlist",
	fix: [
		'Add the egress IP (as the API sees it: after NAT, VPN or proxy) to the IP allowlist in the organization or project settings; changes take up to 15 minutes.',
		'A project allowlist replaces the organization one: check both.',
	],
	meaning: 'The organization or project has an IP allowlist and the request comes from an address not on it (401 ip_not_authorized).',
	docs: [docsLinks.ipAllowlist],
	outcomes: ['ip-not-authorized'],
	keysTheAppMayReadElsewhere: true,
	codes: ['ip_not_authorized'],
});

const quotaRule = codeRule({
	id: 'quota-exceeded',
	title: 'The key works, but the account is out of quota (429 insufficient_quota)',
	fix: ['Add credit or raise the limit at https://platform.openai.com/settings/organization/billing; the key itself is fine.'],
	meaning: 'The key works, but the account is out of credit or over its limit (429 insufficient_quota): a billing matter, not a key matter.',
	docs: [docsLinks.billing, docsLinks.rateLimits, docsLinks.errorCodes],
	outcomes: ['quota-exceeded'],
	codes: ['insufficient_quota'],
});

const scopesRule: Rule = {
	id: 'insufficient-scopes',
	step: 3,
	title: 'The key is valid but lacks a permission (restricted key)',
	fix: [
		`Edit the key at ${apiKeysPage}: give it the missing permission (Models: Read; Model capabilities: Write), or use a key with "All" permissions.`,
		'For a user or OAuth token, check your role in the organization and project.',
	],
	meaning: 'The key is valid but restricted: it lacks a permission the call needs ("Missing scopes: …", 401 on inference, 403 on the models list).',
	docs: [docsLinks.keyPermissions, docsLinks.apiKeys],
	evaluate(facts) {
		const keys = withOutcome(facts, 'restricted', 'missing-scopes').filter(key => !(key.outcome === 'restricted' && key.inference?.allowed === true));
		const error = appError(facts);
		const fromApp = error?.missingScopes !== undefined;
		if (keys.length === 0 && !fromApp) return undefined;
		const host = hostOf(facts);
		const evidence = keys.map(key => {
			const inference = key.inference?.allowed === false ? ' Calling a model is not allowed either.' : '';
			return `${answered(key, host)}${inference}`;
		});
		if (fromApp) evidence.push(`${appSaid(error!)} Missing: ${error!.missingScopes!.join(', ')}.`);
		const certain = fromApp || keys.some(key => key.outcome === 'missing-scopes' || key.inference?.allowed === false);
		return hit(certain ? 'high' : 'medium', evidence);
	},
};

/** What the app's own connection failure says, by its kind: no key was judged, so nothing is known about it. */
const appNetworkWords: Record<NonNullable<ErrorTriageData['networkFailure']>, string> = {
	tls: 'The app could not set up TLS with the host: its certificate was not trusted (an intercepting corporate proxy or antivirus signs with its own CA). No request was sent, so the key was never judged.',
	dns: 'The app could not resolve the API host name (DNS, an offline machine or a container without network). No request was sent, so the key was never judged.',
	refused: 'The app could not connect to the host (connection refused): a wrong base URL or port, a firewall, or a proxy that is not running. The key was never judged.',
	reset: 'The connection was cut before an answer came (a firewall, a proxy or a VPN in between). The key was never judged.',
	timeout: 'No answer came in time (a firewall that drops packets, a proxy the app does not use, a slow network). The key was never judged.',
};

const networkRule: Rule = {
	id: 'network-unreachable',
	step: 3,
	title: 'The API could not be reached, so the key could not be checked',
	fix: [
		'Check the connection to the API host (DNS, firewall, VPN).',
		'Behind a corporate proxy: set HTTPS_PROXY (and NO_PROXY for internal hosts).',
		'A TLS error usually means an intercepting proxy: give Node its CA with NODE_EXTRA_CA_CERTS.',
	],
	meaning: 'The API could not be reached (DNS, connection, TLS or time-out failure), so the key could not be checked: the verdict is inconclusive.',
	docs: [docsLinks.curlProxies, docsLinks.nodeExtraCerts],
	evaluate(facts) {
		const live = facts.results.get('live-check');
		// Cut off at its time limit before it could say anything: no answer came in time.
		if (live?.status === 'timeout') {
			return hit('medium', [`The live check against ${hostOf(facts)} got no answer within ${facts.options.timeoutMs} ms and was stopped: ${live.summary}`], {snippets: curlSnippet(facts)});
		}

		const data = liveData(facts);
		const error = appError(facts);
		if (!data?.networkUnreachable && !error?.networkFailure) return undefined;
		const host = hostOf(facts);
		const evidence: string[] = [];
		if (data?.networkUnreachable) {
			const failed = data.keys.filter(key => key.failure);
			evidence.push(...failed.map(key => `${named(key)} → ${askedHost(key, host)}: ${key.failureMessage ?? key.failure}`));
			if (data.proxy) evidence.push(`The requests went through the proxy ${data.proxy}.`);
			const curl = facts.results.get('curl');
			if (curl && curl.status !== 'skip') evidence.push(`curl: ${curl.summary}`);
		}

		if (error?.networkFailure) evidence.push(`${appSaid(error)} ${appNetworkWords[error.networkFailure]}`);
		return hit('medium', evidence, {snippets: curlSnippet(facts)});
	},
};

const unsafeBaseUrlRule: Rule = {
	id: 'unsafe-base-url',
	step: 3,
	title: 'The base URL would send the key unencrypted, so it was not sent',
	fix: ['Use an https:// base URL (plain http:// is accepted only for this machine: localhost, 127.0.0.1, ::1).'],
	meaning: 'The base URL would carry the key over plain HTTP to another machine (or is no valid URL), so key-wizard did not send it.',
	docs: [docsLinks.openaiPython],
	evaluate(facts) {
		const azureRefused = liveData(facts)?.azureEndpointRefused;
		const refused = liveData(facts)?.unsafeBaseUrl;
		if (!refused && azureRefused) {
			return hit('high', [`AZURE_OPENAI_ENDPOINT: ${azureRefused.message} The Azure key was not sent.`], {
				title: 'The Azure endpoint would carry the key unencrypted, so it was not sent',
				fix: ['Use the https:// endpoint of the Azure resource (Keys and Endpoint in the Azure portal) in AZURE_OPENAI_ENDPOINT.'],
			});
		}

		if (!refused) return undefined;
		const {source} = factsBaseUrl(facts);
		const from = describeBaseUrlSource(source);
		const title = refused.reason === 'malformed' ? 'The base URL is not a valid URL, so no key was sent' : undefined;
		const snippets: Snippet[] = source.startsWith('env:')
			? [{id: 'base-url-https', label: 'Use HTTPS', language: 'sh', text: `export ${from}="https://api.openai.com/v1"`}]
			: source.startsWith('file:')
				? [{id: 'base-url-https-dotenv', label: `The line in ${source.slice(5).replace(/:\d+$/, '')}`, language: 'dotenv', text: 'OPENAI_BASE_URL=https://api.openai.com/v1'}]
				: [];
		return hit('high', [`${refused.message} (from ${from})`], {
			...(title ? {title, fix: [`Correct ${from === 'the default' ? 'the base URL' : from}: it must look like https://api.openai.com/v1.`]} : {}),
			snippets,
		});
	},
};

const baseUrlMismatchRule: Rule = {
	id: 'base-url-mismatch',
	step: 4,
	title: 'The key and the host it is sent to do not belong together',
	fix: [
		'Pair the key with its host: an OpenAI key with https://api.openai.com/v1, a gateway key with the gateway URL.',
		'Check OPENAI_BASE_URL (and OPENAI_API_BASE, which LangChain reads), and the base_url/baseURL in the code.',
	],
	meaning: 'The key and the host it goes to do not belong together: OPENAI_BASE_URL / OPENAI_API_BASE points at a gateway or relay that refuses the key, or a gateway\'s or provider\'s key is sent to OpenAI.',
	docs: [docsLinks.openaiPython, docsLinks.openaiNode],
	evaluate(facts) {
		const data = liveData(facts);
		const host = hostOf(facts);
		const base = checkBaseUrl(factsBaseUrl(facts).url);
		const evidence: string[] = [];
		if (base.ok && base.kind !== 'openai' && !data?.proxy) {
			const refused = relevantKeys(facts).filter(key => key.live === 'invalid' && key.origin === 'gateway');
			for (const key of refused) evidence.push(`${answered(key, host)} The answer is not OpenAI's: ${host} is a gateway or relay, not api.openai.com.`);
			if (refused.length > 0 && refused.some(key => analyzeOpenAI(facts, key.sha256))) evidence.push('The key is an OpenAI key: OpenAI keys work only at api.openai.com.');
		}

		const error = appError(facts);
		// A mask with quotes or spaces around it: the app sent the value with them (docker --env-file), not the key to another host.
		const wrappedMask = error?.maskShown !== undefined && /^["'`\s]|["'`\s]$/.test(error.maskShown);
		if (error?.code === 'invalid_api_key' && appKeyWorksHere(facts) && !wrappedMask && !error.calledHost) {
			const sent = error.matches.filter(match => match.matches).map(match => named(match));
			evidence.push(
				`${appSaid(error)} It names ${sent.join(', ')}, which works at ${host}: the app sends it to another host (a base_url / baseURL, OPENAI_BASE_URL or OPENAI_API_BASE where the app runs), or the error predates a fix.`,
			);
		}

		// The error shows which host the app called: when that is not the base URL's, the app talks to another host.
		const calledElsewhere = error?.calledHost !== undefined && base.ok && error.calledHost.toLowerCase() !== base.hostname.toLowerCase();
		if (calledElsewhere) {
			evidence.push(`${appSaid(error!)} It shows the app called ${error!.calledHost}, while the base URL here is ${host}: the app's base_url / baseURL or OPENAI_BASE_URL points elsewhere.`);
		}

		const calledHere = error?.calledHost !== undefined && base.ok && error.calledHost.toLowerCase() === base.hostname.toLowerCase();
		// A gateway's "no credentials" answer says no key came, not that key and host mismatch.
		// A 407 is a forward proxy's, on the way to any host: no gateway answered.
		if (!calledElsewhere && !calledHere && error?.foreignBody && !error.proxyAuth && !appHadNoKey(error) && error.code !== 'insufficient_quota' && base.ok && base.kind === 'openai') {
			evidence.push(`${appSaid(error)} It is not in OpenAI's shape, so the app talks to another host than ${host}: look for a base_url / baseURL or OPENAI_BASE_URL where the app runs.`);
		}

		if (evidence.length === 0) return undefined;
		const {source} = factsBaseUrl(facts);
		if (source.startsWith('file:')) evidence.push(`The base URL comes from OPENAI_BASE_URL in ${source.slice(5)}, which the app loads.`);
		const snippets: Snippet[] = source.startsWith('env:')
			? [{id: 'unset-base-url', label: 'Talk to OpenAI directly', language: 'sh', text: 'unset OPENAI_BASE_URL OPENAI_API_BASE'}]
			: [];
		return hit(data?.keys.some(key => key.origin === 'gateway' && key.live === 'invalid') ? 'high' : 'medium', evidence, {snippets});
	},
};

function analyzeOpenAI(facts: Facts, sha: string): boolean {
	const key = facts.keys.find(candidate => candidate.secret.sha256 === sha);
	return key !== undefined && analyzeKey(key.secret.reveal()).provider === 'openai';
}

const azureRule: Rule = {
	id: 'azure-endpoint',
	step: 4,
	title: 'Azure OpenAI and OpenAI are mixed up',
	fix: [
		'For Azure, use the Azure client (python openai.AzureOpenAI, node AzureOpenAI from "openai") with AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and OPENAI_API_VERSION: it sends the key in the api-key header.',
		'For OpenAI, use an sk-… key from the OpenAI dashboard with https://api.openai.com/v1.',
	],
	meaning: 'Azure OpenAI and OpenAI are mixed up: an Azure key sent to api.openai.com, an OpenAI key or Authorization header sent to an Azure resource, AZURE_OPENAI_* settings without an endpoint, or an Entra ID token Azure refuses.',
	docs: [docsLinks.azureReference, docsLinks.azureEntra],
	evaluate(facts) {
		const host = hostOf(facts);
		const evidence: string[] = [];
		for (const key of withOutcome(facts, 'azure-denied')) {
			const kind = facts.keys.find(candidate => candidate.secret.sha256 === key.sha256);
			const openai = kind && analyzeKey(kind.secret.reveal()).provider === 'openai';
			evidence.push(`${answered(key, host)}${openai ? ' It is an OpenAI key, which Azure does not accept.' : ''}`);
		}

		const base = checkBaseUrl(factsBaseUrl(facts).url);
		const settings = factsSettings(facts);
		for (const observation of effectiveKeyObservations(facts)) {
			if (analyzeKey(observation.secret.reveal()).provider !== 'azure' || (base.ok && base.kind === 'azure')) continue;
			const live = liveData(facts)?.keys.find(key => key.sha256 === observation.secret.sha256);
			// Checked at AZURE_OPENAI_ENDPOINT and accepted: an Azure client with this key works.
			if (live?.mode === 'azure' && live.live === 'valid') continue;
			const said = live?.status ? ` (${live.status}${live.code ? ` ${live.code}` : ''})` : '';
			evidence.push(`${observation.source} (${observation.secret.fingerprint}) holds an Azure OpenAI key (32 hex characters), but the base URL is ${host}${said}.`);
		}

		const azureKeySet = Boolean(facts.env.AZURE_OPENAI_API_KEY?.trim()) || facts.keys.some(key => key.observations.some(observation => observation.variable === 'AZURE_OPENAI_API_KEY'));
		// A leftover Azure key beside a working OpenAI key is no Azure app.
		const openAIKeyToo = effectiveKeyObservations(facts).some(observation => observation.variable === 'OPENAI_API_KEY');
		if (azureKeySet && !openAIKeyToo && !settings.AZURE_OPENAI_ENDPOINT?.trim() && !(base.ok && base.kind === 'azure')) {
			evidence.push('AZURE_OPENAI_API_KEY is set but AZURE_OPENAI_ENDPOINT is not: the Azure client has no endpoint to send the key to, and the OpenAI client does not read AZURE_OPENAI_API_KEY.');
		}

		const error = appError(facts);
		if (error?.azureAccessDenied) evidence.push(`${appSaid(error)} That is Azure OpenAI's answer: a key that is not this resource's, or the wrong endpoint.`);
		if (evidence.length === 0) return undefined;
		const azureVariables = ['AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY', 'OPENAI_API_VERSION'].filter(name => settings[name]?.trim() || (name === 'AZURE_OPENAI_API_KEY' && azureKeySet));
		if (azureVariables.length > 0) evidence.push(`Set here: ${azureVariables.join(', ')}.`);
		return hit('high', evidence, {
			snippets: [
				{
					id: 'azure-curl',
					label: 'Check an Azure key by hand',
					language: 'sh',
					text: 'curl "$AZURE_OPENAI_ENDPOINT/openai/deployments?api-version=2023-03-15-preview" -H "api-key: $AZURE_OPENAI_API_KEY"',
				},
			],
		});
	},
};

/** Failures that, through a proxy, point at the proxy. */
const throughProxyFailures = new Set(['dns', 'refused', 'reset', 'timeout']);

const proxyRule: Rule = {
	id: 'proxy-interference',
	step: 4,
	title: 'A proxy between this machine and the API gets in the way',
	fix: [
		'If the proxy needs credentials: HTTPS_PROXY=http://user:password@host:port.',
		'If the API host should not go through it: add it to NO_PROXY.',
		'Ask whoever runs the proxy whether it rewrites or blocks requests to the API.',
	],
	meaning: 'Something between the app and the API gets in the way: a proxy that wants credentials (407), or a proxy or web server that answers in the API\'s place (an HTML page, an empty body, a rewritten request).',
	docs: [docsLinks.curlProxies, docsLinks.nodeExtraCerts],
	evaluate(facts) {
		const data = liveData(facts);
		const host = hostOf(facts);
		const evidence: string[] = [];
		// High when something says "proxy" outright (407, a refused route, its answer in place of OpenAI's); medium on circumstance.
		let sure = false;
		const add = (line: string, certain: boolean) => {
			evidence.push(line);
			sure ||= certain;
		};

		for (const key of relevantKeys(facts)) {
			if (key.outcome === 'proxy-auth') add(answered(key, host), true);
			else if (key.failure === 'proxy') add(`${named(key)} → ${host}: ${key.failureMessage ?? 'the proxy could not be used'}`, true);
			else if (key.proxy && key.status === undefined && key.failure !== undefined && throughProxyFailures.has(key.failure)) {
				// No answer through the proxy: it is down, or cannot reach the API.
				add(`${named(key)} → ${host}: ${key.failureMessage ?? key.failure}`, false);
			} else if (key.origin === 'gateway' && key.live !== 'valid' && (key.proxy || data?.hostKind === 'openai')) {
				add(`${answered(key, host)} The answer lacks OpenAI's response headers${key.proxy ? `, and it came through the proxy ${key.proxy}` : ''}.`, Boolean(key.proxy));
			} else if (key.maskMatchesKey === false) {
				add(`${named(key)}: the API names another key than the one sent; something between them replaced it.`, true);
			}
		}

		if (data?.proxyRouteRefused) add(`No key was sent: ${data.proxyRouteRefused}. The app's requests to ${host} take the same route.`, true);
		const error = appError(facts);
		if (error?.proxyAuth) add(`${appSaid(error)} 407 comes from a proxy, never from the API.`, true);
		// An HTML page or an empty answer is no API's: a proxy (or the web server of a gateway) wrote it.
		if (error?.pageOrNoBody && !error.proxyAuth) add(`${appSaid(error)} An HTML page or an empty body in place of the API's JSON comes from something in between: a proxy or the web server in front of a gateway.`, false);
		if (evidence.length === 0) return undefined;
		const confidence: Confidence = sure ? 'high' : 'medium';
		const proxies = Object.entries(endpointData(facts)?.proxies ?? {});
		if (proxies.length > 0) evidence.push(`Proxy settings: ${proxies.map(([name, url]) => `${name}=${url}`).join(', ')}.`);
		return hit(confidence, evidence, {
			snippets: [{id: 'no-proxy-api', label: 'Let the API host bypass the proxy', language: 'sh', text: `export NO_PROXY="${host}\${NO_PROXY:+,$NO_PROXY}"`}],
		});
	},
};

const legacyRule: Rule = {
	id: 'legacy-env-vars',
	step: 4,
	title: 'Old OPENAI_API_BASE / OPENAI_ORGANIZATION settings disagree with the current ones',
	fix: [
		'Unset the old variables (today\'s SDKs use OPENAI_BASE_URL and OPENAI_ORG_ID); LangChain and openai < 1.0 still read the old ones, so code "works in curl but not in LangChain".',
	],
	meaning: 'Old OPENAI_API_BASE / OPENAI_ORGANIZATION settings disagree with today\'s OPENAI_BASE_URL / OPENAI_ORG_ID; LangChain and openai < 1.0 still read them, so code works in curl but not in LangChain.',
	docs: [docsLinks.langchainOpenAI, docsLinks.pythonMigration],
	evaluate(facts) {
		const endpoint = endpointData(facts);
		if (!endpoint) return undefined;
		const legacy = liveData(facts)?.legacyOrganization;
		const evidence: string[] = [];
		let confidence: Confidence = 'medium';
		const names: string[] = [];
		for (const disagreement of endpoint.disagreements) {
			if (disagreement.variable === 'OPENAI_ORGANIZATION') {
				const refused = legacy && legacy.live === 'invalid' && (legacy.outcome === 'org-mismatch' || legacy.outcome === 'invalid-organization');
				// Without OPENAI_ORG_ID there is only a disagreement when the API refuses the old value.
				if (!endpoint.organization && !refused) continue;
				if (refused) confidence = 'high';
				evidence.push(
					`OPENAI_ORGANIZATION=${disagreement.value} (LangChain sends it) but today's SDKs use ${disagreement.current}${refused ? `; with it the API answers ${legacy.status} ${legacy.code ?? ''}`.trimEnd() : ''}.`,
				);
			} else {
				evidence.push(`OPENAI_API_BASE=${disagreement.value} (LangChain and openai < 1.0 send requests there) but today's SDKs use ${disagreement.current}.`);
				const legacy = checkBaseUrl(disagreement.value);
				if (!legacy.ok && legacy.reason === 'plain-http') evidence.push(`It is plain http:// to ${legacy.hostname}: a LangChain app would send the key there unencrypted.`);
			}

			names.push(disagreement.variable);
		}

		if (evidence.length === 0) return undefined;
		return hit(confidence, evidence, {snippets: [{id: 'unset-legacy', label: 'Remove the old variables', language: 'sh', text: `unset ${names.join(' ')}`}]});
	},
};

const otherKeyRule: Rule = {
	id: 'app-uses-other-key',
	step: 2,
	title: "The app sends a key that is none of the keys found here",
	fix: [
		"Find where the app's runtime gets its key: an IDE run configuration, a service manager (systemd, launchd, pm2), a secret store, a container or CI setting, or another machine.",
		'Set the right key there, then restart the app.',
	],
	meaning: 'The app\'s error shows (by its mask) a key that is none of the keys found here: the app gets its key elsewhere (an IDE run configuration, a service manager, a secret store, a container, CI, another machine).',
	docs: [docsLinks.incorrectKey, docsLinks.keySafety],
	evaluate(facts) {
		const error = appError(facts);
		// A missing value written as text (`undefined`) is no other key: the app had none (key-missing).
		if (!error?.maskFound || appHadNoKey(error)) return undefined;
		if (error.matches.some(match => match.matches)) return undefined;
		// Keys found by probes the triage did not compare against (containers, the code…) could still be it; a key seen only in history is not sent.
		const compared = new Set(error.matches.map(match => match.sha256));
		if (facts.keys.some(key => !compared.has(key.secret.sha256) && !(key.observations.length > 0 && key.observations.every(observation => observation.origin === 'history')))) return undefined;
		const sent = error.sent ? sentKeyLine(error) : `The app's error names ${error.maskShown}${error.maskLength ? ` (${error.maskLength} characters)` : ''}.`;
		if (error.matches.length === 0) {
			// Nothing here to compare with: the app has a key, but whether it runs here is unknown.
			return hit('medium', [
				sent,
				'No key was found on this machine: the app sends a key this machine does not have: it runs elsewhere (a container, CI, an IDE or a service manager) or reads another source (a config file, a secret store, its code).',
			]);
		}

		return hit('high', [sent, `Keys found here: ${error.matches.map(match => named(match)).join('; ')} — none is that key.`]);
	},
};

/**
 * The app had no key: its client library said so (python "api_key client option must be
 * set", node "Missing credentials"…), or the API answered that the request carried none.
 */
export function appFoundNoKey(facts: Facts): ErrorTriageData | undefined {
	const error = appError(facts);
	return error && appHadNoKey(error) ? error : undefined;
}

/** Why the app had no key, in words: its client found none, the host got none, or it sent a missing value as text. */
function noKeyWords(error: ErrorTriageData): string {
	if (error.sent?.malformedCode === 'missing-value') return `It sent ${error.sent.label} as its key: the code read a variable that is not set where it runs (or another name than the one set) and passed the missing value on.`;
	if (error.noKeySent && !error.keyMissingInApp) return 'The request carried no key: the app had none to send.';
	return 'The client library found no key, so nothing was sent.';
}

const appNoKeyRule: Rule = {
	id: 'key-missing',
	step: 2,
	title: 'The app runs without the key this shell has',
	fix: [
		"Set OPENAI_API_KEY where the app's process starts: its terminal, an IDE run configuration, a service manager (systemd, launchd, pm2), a container or CI setting.",
		'Then restart the app: a running process never sees a later export.',
	],
	meaning: 'OPENAI_API_KEY is not set where the app runs: not in its environment, not in a .env file it loads, not in a shell profile, and no near-named variable holds a key. The client library then refuses to start, or sends no key and gets 401.',
	docs: [docsLinks.apiKeys, docsLinks.keySafety, docsLinks.authentication],
	evaluate(facts) {
		const error = appFoundNoKey(facts);
		if (!error) return undefined;
		const here = effectiveKeyObservations(facts).filter(observation => observation.origin === 'env');
		if (here.length === 0) return undefined;
		return hit('high', [
			`${appSaid(error)} ${noKeyWords(error)}`,
			`This shell has one: ${here.map(observation => `${observation.source} (${observation.secret.fingerprint})`).join(', ')}; the app runs with another environment.`,
		]);
	},
};

/** True when the key-value rules will already name key-jwt (an effective key that is a JWT). */
function anatomySeesJwt(facts: Facts): boolean {
	return effectiveKeyObservations(facts).some(observation => {
		if (!analyzeKey(observation.secret.reveal()).jwt) return false;
		const live = facts.keys.find(key => key.secret.sha256 === observation.secret.sha256)?.live;
		return live === 'invalid' || baseUrlJudgesKeyFormat(factsBaseUrl(facts).url, facts.options.demo);
	});
}

const invalidIssuerRule: Rule = {
	id: 'key-jwt',
	// The key's value is the cause (CAUSES.md), whatever the API said about it.
	step: 2,
	title: 'The API says the credential is a token from another issuer, not an API key',
	fix: [`Use an API key (sk-…) from ${apiKeysPage}: session, ChatGPT, Codex or other OAuth tokens are refused with invalid_issuer.`],
	meaning: 'The value is a JWT (a ChatGPT, Codex, OAuth or session token), not an API key; the API answers 401 invalid_issuer.',
	docs: [docsLinks.apiKeys, docsLinks.authentication],
	evaluate(facts) {
		if (anatomySeesJwt(facts)) return undefined;
		const keys = withOutcome(facts, 'invalid-issuer').filter(key => key.origin === 'openai');
		const error = appError(facts);
		const fromApp = error?.code === 'invalid_issuer';
		if (keys.length === 0 && !fromApp) return undefined;
		const host = hostOf(facts);
		return hit('high', [...keys.map(key => answered(key, host)), ...(fromApp ? [appSaid(error!)] : [])]);
	},
};

/** Rules for what the API says (step 3) and the endpoint settings (step 4); see CAUSES.md. */
export const liveApiRules: Rule[] = [
	unsafeBaseUrlRule,
	keyInvalidRule,
	otherKeyRule,
	appNoKeyRule,
	invalidIssuerRule,
	orgMismatchRule,
	projectMismatchRule,
	noOrganizationRule,
	deactivatedRule,
	ipRule,
	scopesRule,
	quotaRule,
	azureRule,
	baseUrlMismatchRule,
	proxyRule,
	legacyRule,
	networkRule,
];
