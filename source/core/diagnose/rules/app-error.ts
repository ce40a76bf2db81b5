import {isOpenAIHost} from '../../api/base-url-safety.js';
import {analyzeKey, providerApis, type KeyDefect} from '../../keys/anatomy.js';
import type {SentKey} from '../../keys/mask-anatomy.js';
import type {ErrorTriageData} from '../../probes/error-triage.js';
import type {Confidence, Facts, Rule, RuleHit, Snippet} from '../../types.js';
import {docsLinks} from './docs-links.js';
import {keyValueRules, malformedFixes, pasteNewKeySnippets} from './key-value.js';
import {deployedRules} from './deployed.js';
import {liveApiRules} from './live-api.js';
import {localSourcesRules} from './local-sources.js';
import {appError, appHadNoKey, appSaid, sentKeyLine, sentKeyNotHere} from './read-app-error.js';

/** Where keys are listed, revoked and created. */
const apiKeysPage = docsLinks.apiKeys;

/** A rule's own words: title and fix for its hits; meaning and docs only where no other family names the cause. */
type CauseWords = Omit<Rule, 'id' | 'evaluate'>;

/**
 * A rule for a cause another family already names (a key found here): the same id,
 * step, title, meaning, fix and docs, so the catalog and a merged cause read the same;
 * what the app's error adds comes in the hit (its own title and fix for the key sent).
 */
function sameCause(id: string, own: CauseWords, evaluate: (facts: Facts, own: CauseWords) => RuleHit | undefined): Rule {
	const primary = [...deployedRules, ...localSourcesRules, ...keyValueRules, ...liveApiRules].find(rule => rule.id === id);
	const fields = primary ? {step: primary.step, title: primary.title, fix: primary.fix, meaning: primary.meaning, docs: primary.docs} : own;
	return {
		id,
		...fields,
		evaluate(facts) {
			const found = evaluate(facts, own);
			return found ? {title: own.title, fix: own.fix, ...found} : undefined;
		},
	};
}

/** Where to look when the key the app sent is not on this machine. */
const whereTheAppReads =
	"Find where the app reads its key (its own .env or config file, an IDE or tool setting, a service manager, a container or CI secret) and put the right value there, then restart the app.";

function hit(confidence: Confidence, evidence: string[], extra: Partial<RuleHit> = {}): RuleHit {
	return {confidence, evidence, ...extra};
}

/** The key the app sent, read from its error's mask, when it is none of the keys found here (those are judged by their full value). */
function sentElsewhere(facts: Facts): {error: ErrorTriageData; sent: SentKey} | undefined {
	const error = appError(facts);
	return error && sentKeyNotHere(error) && error.sent!.judged ? {error, sent: error.sent!} : undefined;
}

/** `No key here is that value.`: where the sent key is not, in one line. */
function notHereLine(error: ErrorTriageData): string {
	return error.matches.length === 0 ? 'No key on this machine is that value: the app gets it from somewhere else.' : 'None of the keys found here is that value: the app gets it from somewhere else.';
}

/** Kind-based readings that had to guess the length (`3***…5`, `sk-proj-…21sA`) are less sure. */
function kindConfidence(sent: SentKey): Confidence {
	return sent.guessed ? 'medium' : 'high';
}

const sentPlaceholderRule = sameCause(
	'key-placeholder',
	{
		step: 2,
		title: 'The app sends template text, not a key',
		fix: [`Create a key at ${apiKeysPage} (or copy the one you saved) and put it where the app reads its key, in place of the template text.`, whereTheAppReads],
	},
	(facts, own) => {
		const found = sentElsewhere(facts);
		if (found?.sent.kind !== 'placeholder') return undefined;
		const {error, sent} = found;
		const fix = [...own.fix];
		if (sent.label.startsWith('an unexpanded')) fix.push('The value is a variable reference nobody expanded: the tool meant to fill it in (compose, CI, a service manager) did not run or could not see the variable.');
		const evidence = [sentKeyLine(error), notHereLine(error)];
		if (sent.mayBeRedacted) {
			evidence.push("Only its last 4 characters look made up, and its length is a real key's: if they were typed over when the error was copied, it is a real key the API refused (key-invalid).");
			return hit('medium', evidence, {fix, snippets: pasteNewKeySnippets});
		}

		return hit('high', evidence, {fix, snippets: pasteNewKeySnippets});
	},
);

const sentMalformedRule = sameCause(
	'key-malformed',
	{
		step: 2,
		title: 'The app sends something that is not an OpenAI secret key',
		fix: [`Copy the secret key itself (it starts with sk- and contains T3BlbkFJ) from where you saved it, or create a new one at ${apiKeysPage}.`, whereTheAppReads],
	},
	(facts, own) => {
		const found = sentElsewhere(facts);
		if (found?.sent.kind !== 'malformed') return undefined;
		const {error, sent} = found;
		// An empty value, a missing one and a JWT have causes of their own.
		if (sent.malformedCode === 'empty' || sent.malformedCode === 'missing-value' || sent.malformedCode === 'jwt') return undefined;
		const specific = sent.malformedCode ? malformedFixes[sent.malformedCode] : undefined;
		const evidence = [sentKeyLine(error), notHereLine(error)];
		if (sent.expectedLengths && sent.form === 'openai') evidence.push("OpenAI's message shows one * per hidden character, so the mask gives the exact length of what the app sent.");
		const confidence: Confidence = sent.mayBelongElsewhere || sent.guessed ? 'medium' : 'high';
		return hit(confidence, evidence, {fix: [...(specific ? [specific] : []), ...own.fix], snippets: pasteNewKeySnippets});
	},
);

const sentJwtRule = sameCause(
	'key-jwt',
	{
		step: 2,
		title: 'The app sends a login token (JWT), not an API key',
		fix: [`Use an API key (sk-…) from ${apiKeysPage}: ChatGPT, Codex, OAuth or session tokens are refused.`, whereTheAppReads],
	},
	facts => {
		const found = sentElsewhere(facts);
		if (found?.sent.malformedCode !== 'jwt') return undefined;
		return hit('high', [sentKeyLine(found.error), notHereLine(found.error)], {snippets: pasteNewKeySnippets});
	},
);

const sentAdminRule = sameCause(
	'key-admin',
	{
		step: 2,
		title: 'The app sends an admin key, which cannot call models',
		fix: [`Create a project key at ${apiKeysPage} for the app; keep the admin key for the organization admin APIs (OPENAI_ADMIN_KEY).`],
	},
	facts => {
		const found = sentElsewhere(facts);
		if (found?.sent.kind !== 'admin') return undefined;
		return hit('high', [sentKeyLine(found.error), notHereLine(found.error)]);
	},
);

/** The host the app's error shows it called, when that is not OpenAI (a gateway), else undefined. */
function calledGateway(error: ErrorTriageData): string | undefined {
	return error.calledHost !== undefined && !isOpenAIHost(error.calledHost.replace(/:\d+$/, '')) ? error.calledHost : undefined;
}

const sentOtherProviderRule = sameCause(
	'key-other-provider',
	{
		step: 2,
		title: "The app sends another provider's key to OpenAI",
		fix: [`Use an OpenAI key (${apiKeysPage}) where the app reads its key, or point the app's base URL at the provider the key belongs to.`],
	},
	(facts, own) => {
		const found = sentElsewhere(facts);
		if (found?.sent.kind !== 'other-provider' || found.sent.provider === 'azure') return undefined;
		const {error, sent} = found;
		const provider = providerApis[sent.provider ?? ''];
		// The provider itself refused its own key: that is no mix-up of hosts.
		if (error.calledHost && provider?.domain && error.calledHost.toLowerCase().endsWith(provider.domain)) return undefined;
		const gateway = calledGateway(error);
		const evidence = [sentKeyLine(error), gateway ? `The request went to ${gateway}, which passed it on to OpenAI.` : "OpenAI answered: the request went to OpenAI, not to the key's provider."];
		const fix = [...own.fix];
		const snippets: Snippet[] = [];
		if (provider?.baseUrl) {
			fix.push(`To keep the ${provider.name} key, set the app's base URL to ${provider.baseUrl} (base_url / baseURL, or OPENAI_BASE_URL where the app runs) and use that provider's model names.`);
			snippets.push({id: `base-url-${sent.provider}`, label: `Send requests to ${provider.name} instead of OpenAI`, language: 'sh', text: `export OPENAI_BASE_URL="${provider.baseUrl}"`});
		}

		const confidence: Confidence = sent.provider === 'deepseek' || sent.provider === 'relay' ? 'medium' : kindConfidence(sent);
		return hit(confidence, evidence, {fix, snippets: [...snippets, pasteNewKeySnippets[0]!]});
	},
);

const sentForOtherHostRule = sameCause(
	'base-url-mismatch',
	{
		step: 4,
		title: "The app sends another host's key to OpenAI: its base URL does not point where the key belongs",
		fix: [
			"Pair the key with its host: set the app's base URL (base_url / baseURL in the code, OPENAI_BASE_URL where the app runs; LangChain also reads OPENAI_API_BASE) to the gateway or provider that issued the key.",
			'If the app has such a setting already, check that it reaches the client: a base URL set after the client is created, or in a file the app does not read, is not used.',
		],
	},
	facts => {
		const found = sentElsewhere(facts);
		if (!found?.sent.mayBelongElsewhere || found.sent.provider === 'azure') return undefined;
		const {error, sent} = found;
		if (calledGateway(error)) return undefined;
		const evidence = [sentKeyLine(error), 'OpenAI answered, so the app called api.openai.com with a key issued by another host.'];
		return hit(sent.provider === 'relay' ? 'high' : 'medium', evidence);
	},
);

const sentAzureRule = sameCause(
	'azure-endpoint',
	{
		step: 4,
		title: 'Azure OpenAI and OpenAI are mixed up',
		fix: [
			'For an Azure key, use the Azure client (python openai.AzureOpenAI, node AzureOpenAI from "openai") with AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and OPENAI_API_VERSION: it sends the key in the api-key header to your resource.',
			'For Entra ID (AAD) tokens: request them for https://cognitiveservices.azure.com/.default, in the resource\'s tenant, and give the identity the "Cognitive Services OpenAI User" role on the resource.',
		],
	},
	facts => {
		const error = appError(facts);
		if (!error) return undefined;
		const evidence: string[] = [];
		let confidence: Confidence = 'high';
		const found = sentElsewhere(facts);
		if (found?.sent.provider === 'azure') {
			evidence.push(sentKeyLine(error), 'OpenAI answered: the Azure key went to api.openai.com, which knows only OpenAI keys.');
			confidence = kindConfidence(found.sent);
		}

		if (error.azureTokenRejected) evidence.push(`${appSaid(error)} Azure OpenAI refused the Entra ID token: it was issued for another audience or tenant, has expired, or its identity lacks a role on the resource.`);
		return evidence.length > 0 ? hit(confidence, evidence) : undefined;
	},
);

/** Each wrapping defect the key sent shows, with the cause it is and the fix line. */
const wrappingCauses: ReadonlyArray<{id: string; defect: KeyDefect; title: string; fix: string}> = [
	{
		id: 'key-quoted',
		defect: 'quoted',
		title: 'The app sends the key with quotes around it',
		fix: 'Remove the quotes where the value is set: docker --env-file, compose env_file or list entries, systemd EnvironmentFile and Windows `set VAR="…"` keep them as part of the value.',
	},
	{
		id: 'key-whitespace',
		defect: 'whitespace',
		title: 'The app sends the key with whitespace or a line break around it',
		fix: 'Remove the whitespace where the value is set; write keys with printf %s (or echo -n), and convert files saved with Windows line endings (dos2unix).',
	},
	{
		id: 'key-bearer-prefix',
		defect: 'bearer-prefix',
		title: 'The app sends the key with "Bearer " in front of it',
		fix: 'Store the bare key: the client adds "Bearer " itself, so the header became "Bearer Bearer sk-…".',
	},
	{
		id: 'key-invisible-chars',
		defect: 'invisible-chars',
		title: 'The app sends the key with invisible or typographic characters',
		fix: 'Copy the key again into a plain-text editor from where you saved it (a password manager, not a chat, document or web page that adds curly quotes or zero-width characters), or retype it.',
	},
];

/** A defect the key sent shows that the local key it matches does not have: the app's loader added it. */
function addedOnTheWay(facts: Facts, error: ErrorTriageData, defect: KeyDefect): boolean {
	const matched = error.matches.filter(match => match.matches);
	if (matched.length === 0) return true;
	return matched.every(match => {
		const key = facts.keys.find(candidate => candidate.secret.sha256 === match.sha256);
		return key !== undefined && !analyzeKey(key.secret.reveal()).defects.includes(defect);
	});
}

/** What a client that refused the header names, for the defect it points at. */
const headerFaultDefects: Partial<Record<NonNullable<ErrorTriageData['headerFault']>, KeyDefect>> = {whitespace: 'whitespace', 'non-ascii': 'invisible-chars'};

const wrappingRules: Rule[] = wrappingCauses.map(cause =>
	sameCause(cause.id, {step: 2, title: cause.title, fix: [cause.fix]}, facts => {
		const error = appError(facts);
		if (!error) return undefined;
		const evidence: string[] = [];
		let confidence: Confidence = 'high';
		if (error.sent?.defects.includes(cause.defect) && addedOnTheWay(facts, error, cause.defect)) {
			evidence.push(sentKeyLine(error));
			const matched = error.matches.filter(match => match.matches);
			if (matched.length > 0) evidence.push(`It is ${matched.map(match => `${match.fingerprint} (${match.sources.join(', ')})`).join(' or ')}, found here without that: whatever loads the key for the app adds it.`);
		}

		const pointed = error.headerFault ? headerFaultDefects[error.headerFault] : undefined;
		const unsure = error.headerFault === 'unknown' && cause.defect === 'whitespace';
		if (pointed === cause.defect || unsure) {
			evidence.push(`${appSaid(error)} The client refused to put the key in the Authorization header${error.headerDetail ? `: it names ${error.headerDetail}` : ''}.`);
			if (unsure) {
				evidence.push('A header may not hold line breaks or control characters (and, in some clients, characters past ASCII): a trailing newline is the usual culprit.');
				confidence = 'medium';
			}
		}

		return evidence.length > 0 ? hit(confidence, evidence) : undefined;
	}),
);

const sentEmptyRule = sameCause(
	'key-empty',
	{
		step: 2,
		title: 'The app sends an empty key',
		fix: [
			'Give OPENAI_API_KEY a value where the app runs, and find what sets it empty: compose `${OPENAI_API_KEY}` with the variable unset, a CI secret that is not passed, an empty line in an env file.',
		],
	},
	facts => {
		const error = appError(facts);
		if (error?.headerFault !== 'empty') return undefined;
		const evidence = [`${appSaid(error)} The Authorization header the client built is "Bearer " with nothing after it: the app's OPENAI_API_KEY is set, but empty.`];
		const here = facts.env.OPENAI_API_KEY?.trim();
		if (here) evidence.push('This shell has a non-empty OPENAI_API_KEY: the app runs with another environment, where it is empty.');
		return hit('high', evidence, {snippets: [{id: 'env-export-new-key', label: 'Set it in the shell that starts the app', language: 'sh', text: 'export OPENAI_API_KEY="<paste your new key>"'}]});
	},
);

const ciSecretRule = sameCause(
	'ci-secret-unavailable',
	{
		step: 2,
		title: 'The CI job runs without the key: the secret is not passed to it',
		fix: [
			'Map the secret into the step\'s environment: env: OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }} (GitHub Actions), a masked CI/CD variable (GitLab).',
			'Pull requests from forks get no secrets on pull_request: run such jobs on pull_request_target only with care, or skip the API call for forks.',
		],
		meaning: 'The app runs in CI with an empty or missing key: the workflow never maps the secret into the environment, the secret does not exist in that repository or environment, or the run (a fork\'s pull request) gets no secrets.',
		docs: [docsLinks.githubSecrets, docsLinks.gitlabVariables],
	},
	facts => {
		const error = appError(facts);
		if (!error) return undefined;
		const inCi = error.ciLog || Boolean(facts.env.CI?.trim() && facts.env.CI !== 'false');
		const noKey = appHadNoKey(error) || error.headerFault === 'empty' || error.ciKeyEmpty;
		if (!inCi || !noKey) return undefined;
		const evidence = [`${appSaid(error)} The app had no key (or an empty one).`];
		evidence.push(error.ciLog ? 'The error comes from a CI job\'s log.' : 'CI is set in this environment: this run is a CI job.');
		if (error.ciKeyEmpty) evidence.push("The job's environment, as the log prints it, has OPENAI_API_KEY empty: the secret it maps is not available to this run.");
		return hit(error.ciKeyEmpty ? 'high' : 'medium', evidence, {
			snippets: [{id: 'github-actions-env', label: 'GitHub Actions: pass the secret to the step', language: 'yaml', text: 'env:\n  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}'}],
		});
	},
);

/**
 * Causes read from the app's error itself (CAUSES.md ids): what the key it sent is, by
 * the anatomy of the mask OpenAI printed or the header value a client refused, and what
 * each client's wording says (an empty header, a newline, an Entra token, a CI job
 * without its secret). Keys found here are judged by key-value.ts on their full value;
 * these rules speak for the key the app sent when no key here is that key.
 */
export const appErrorRules: Rule[] = [
	sentPlaceholderRule,
	sentMalformedRule,
	sentJwtRule,
	sentAdminRule,
	sentOtherProviderRule,
	sentForOtherHostRule,
	sentAzureRule,
	...wrappingRules,
	sentEmptyRule,
	ciSecretRule,
];
