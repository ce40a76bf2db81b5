import {appBaseUrl, appEnvironment} from '../local/app-settings.js';
import {analyzeKeyFully, baseUrlJudgesKeyFormat, providerOfBaseUrl, type KeyAnalysis, type KeyAnatomy} from '../keys/anatomy.js';
import {collectKeys} from '../keys/collect.js';
import {valueKeyObservations} from '../keys/effective.js';
import type {KeyKind, KeyObservation, ProbeDefinition, ProbeStatus} from '../types.js';

/** One distinct key value and what it is. */
export type AnalyzedKey = {
	sha256: string;
	fingerprint: string;
	anatomy: KeyAnatomy;
	/** Report-form sources (`env:OPENAI_API_KEY`, `file:.env:3`), in the order found. */
	sources: string[];
};

/** What the key-anatomy probe found. */
export type KeyAnatomyData = {keys: AnalyzedKey[]};

/** The probes whose key sightings are analysed: the places on this machine the app reads. */
const sourceProbes = ['env', 'dotenv', 'subfolder-dotenv', 'profiles', 'login-shell'] as const;

const goodOpenAiKinds: ReadonlySet<KeyKind> = new Set(['project', 'service-account', 'user']);

/** What a value should be, by the variable that holds it. */
function expectedKind(variable: string, anatomy: KeyAnatomy): boolean {
	if (variable === 'OPENAI_ADMIN_KEY') return anatomy.kind === 'admin';
	// Azure resource keys come in several shapes; only values that are no key are wrong there.
	if (variable.startsWith('AZURE_')) return anatomy.kind !== 'placeholder' && anatomy.kind !== 'malformed';
	return goodOpenAiKinds.has(anatomy.kind);
}

type Judged = {
	key: AnalyzedKey;
	analysis: KeyAnalysis;
	observations: KeyObservation[];
	/** Key-free words for what is wrong; empty when the key is clean. */
	issues: string[];
	/** Only its format is wrong, for a host that may take any format. */
	formatOnly: boolean;
	/** The fingerprint to show: of the key inside the defects, which the dashboard would show. */
	shown: string;
};

/** The kind-level problem in words, or undefined when the kind fits the variable. */
function kindIssue(analysis: KeyAnalysis, variables: readonly string[], azureEndpointSet = false, calling?: string): string | undefined {
	const {anatomy} = analysis;
	if (variables.every(variable => expectedKind(variable, anatomy))) return undefined;
	// With AZURE_OPENAI_ENDPOINT set, an Azure resource key is the Azure client's, wherever it is kept.
	if (azureEndpointSet && anatomy.provider === 'azure') return undefined;
	// Another provider's key with the base URL at that provider (OpenRouter, Groq…) is paired.
	if (anatomy.kind === 'other-provider' && calling !== undefined && anatomy.provider === calling) return undefined;
	if (anatomy.kind === 'malformed') return anatomy.malformedReason ?? anatomy.label;
	if (anatomy.kind === 'admin') return 'an OpenAI admin key, which cannot call models';
	if (anatomy.kind === 'other-provider') return `${anatomy.label}, not an OpenAI key`;
	return anatomy.label;
}

/**
 * Step 2: what every key found on this machine is (OpenAI project, service-account,
 * user or admin key, another provider's key, a JWT, a placeholder, something else) and
 * what wraps or pollutes it (whitespace, quotes, `Bearer `, invisible characters).
 */
export const keyAnatomyProbe: ProbeDefinition<KeyAnatomyData> = {
	id: 'key-anatomy',
	step: 2,
	title: 'What each key is',
	checks: 'the shape of every key found: its kind, provider, and stray whitespace, quotes or invisible characters',
	needs: sourceProbes,
	async run({ports, options, results}) {
		// Only the probes in `needs` are sure to have finished; reading others would make the result depend on timing.
		const keyFacts = collectKeys(new Map([...results].filter(([id]) => (sourceProbes as readonly string[]).includes(id))), sourceProbes);
		if (keyFacts.length === 0) return {status: 'skip', summary: 'No key found to inspect.', data: {keys: []}};

		const value = valueKeyObservations({options, env: ports.env, results, keys: keyFacts});
		const used = new Set(value.observations.map(observation => observation.secret.sha256));
		const theKey = value.newTerminal ? 'The key a new terminal would give the app' : 'The key the app uses';
		const baseUrl = appBaseUrl(options, ports.env, results).url;
		const judgesFormat = baseUrlJudgesKeyFormat(baseUrl, options.demo);
		const calling = providerOfBaseUrl(baseUrl);
		const azureEndpointSet = options.baseUrlSource !== 'flag' && Boolean(appEnvironment(ports.env, results).AZURE_OPENAI_ENDPOINT?.trim());
		const judged: Judged[] = keyFacts.map(facts => {
			const analysis = analyzeKeyFully(facts.secret.reveal());
			const variables = [...new Set(facts.observations.map(observation => observation.variable))];
			const kind = kindIssue(analysis, variables, azureEndpointSet, calling);
			const issues = [...(kind ? [kind] : []), ...analysis.defectDetails.map(detail => detail.text)];
			return {
				key: {sha256: facts.secret.sha256, fingerprint: facts.secret.fingerprint, anatomy: analysis.anatomy, sources: facts.observations.map(observation => observation.source)},
				analysis,
				observations: facts.observations,
				issues,
				// A gateway or local server may take any text as its key (LiteLLM's documented sk-1234 too).
				formatOnly: issues.length === 1 && kind !== undefined && (!analysis.notAKeyAnywhere || analysis.anatomy.kind === 'placeholder') && !judgesFormat,
				shown: analysis.anatomy.defects.includes('empty') ? facts.secret.fingerprint : analysis.coreFingerprint,
			};
		});

		const details = judged.map(describe);
		const data: KeyAnatomyData = {keys: judged.map(entry => entry.key)};
		const problems = judged.filter(entry => entry.issues.length > 0);
		if (problems.length === 0) {
			const labels = [...new Set(judged.map(entry => entry.key.anatomy.label))].join(', ');
			const count = judged.length === 1 ? '1 key' : `${judged.length} keys`;
			return {status: 'pass', summary: `${count}, all clean: ${labels}.`, details, data};
		}

		const inUse = problems.filter(entry => used.has(entry.key.sha256));
		const first = inUse[0] ?? problems[0]!;
		const firstLine = `${first.key.sources[0]} (${shownWithValue(first)}): ${first.issues.join('; ')}`;
		let status: ProbeStatus = inUse.length > 0 ? 'fail' : 'warn';
		let summary = inUse.length > 0 ? `${theKey} needs attention. ${firstLine}.` : `A key the app does not use needs attention. ${firstLine}.`;
		if (inUse.length > 0 && inUse.every(entry => entry.formatOnly)) {
			status = 'warn';
			summary = `${theKey} is not in OpenAI's format; fine if ${baseUrl} accepts it. ${firstLine}.`;
		}

		if (problems.length > 1) summary += ` (${problems.length} of ${judged.length} keys have problems.)`;
		return {status, summary, details, data};
	},
};

/**
 * The value's own fingerprint (as the report's keys list shows it) and, when defects wrap
 * it, the fingerprint of the key inside them, so a line never names another value.
 */
function shownWithValue(entry: Judged): string {
	return entry.shown === entry.key.fingerprint ? entry.shown : `${entry.key.fingerprint}, the key inside: ${entry.shown}`;
}

/** `sk-proj-…wxyz  OpenAI project key  (env:OPENAI_API_KEY, file:.env:3) — ends with a newline (\n)`, the fingerprint of the key inside the defects. */
function describe(entry: Judged): string {
	const {anatomy} = entry.key;
	let what = anatomy.label;
	if (anatomy.jwt) what += anatomy.jwt.issuer ? ` (issuer ${anatomy.jwt.issuer})` : ' (issuer unreadable)';
	else if (anatomy.kind === 'malformed' && anatomy.malformedReason && anatomy.malformedReason !== anatomy.label) what += `: ${anatomy.malformedReason}`;
	const defects = entry.analysis.defectDetails.map(detail => detail.text);
	const tail = defects.length > 0 ? ` — ${defects.join('; ')}` : '';
	return `${shownWithValue(entry)}  ${what}  (${entry.key.sources.join(', ')})${tail}`;
}
