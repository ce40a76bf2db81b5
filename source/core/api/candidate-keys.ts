import {analyzeKey} from '../keys/anatomy.js';
import {nearNameMatch} from '../local/near-names.js';
import type {Secret} from '../keys/secret.js';
import type {ProbeContext, ProbeResults} from '../types.js';

/**
 * The probes whose key sightings the step-3 probes read: this machine's sources, and
 * where the app runs (containers, compose, clusters, images, serverless settings), so a
 * deployed key is compared with the one that works.
 */
export const keySourceProbes = ['env', 'dotenv', 'subfolder-dotenv', 'profiles', 'login-shell', 'docker', 'compose', 'kubernetes', 'dockerfile', 'serverless'] as const;

/** The fast, file-based ones of those: the live check starts once they are done. */
export const fileKeySourceProbes = ['env', 'dotenv', 'subfolder-dotenv', 'profiles'] as const;

/**
 * How long the live check and curl wait for every slower key source (a login shell,
 * docker, compose's second opinion, kubectl) to bring its key, after starting on the keys
 * already found: a hung docker or an unreachable cluster never holds up step 3.
 */
export const slowKeySourcesAwait = {probes: ['login-shell', 'docker', 'compose', 'kubernetes', 'dockerfile', 'serverless'], atMostMs: 400} as const;

/** The key sources where the app runs: slow ones (a docker daemon, kubectl), whose keys are the ones that differ. */
const deployedKeySources = ['docker', 'compose', 'kubernetes', 'dockerfile', 'serverless'] as const;

/** The share of the time limit the live check and curl give the sources where the app runs, beyond `slowKeySourcesAwait`. */
const deployedKeysShare = 0.4;

/**
 * After the short `slowKeySourcesAwait`, gives the sources where the app runs that are still
 * at work a longer while (a share of the time limit) to bring their keys, so the key in a
 * container or a cluster secret is checked as well: kubectl alone takes more than the short
 * wait, and a key left untested can neither be called dead nor make a setup healthy. A hung
 * daemon or an unreachable cluster costs at most that share; sources already done cost nothing.
 */
export async function awaitDeployedKeySources(context: Pick<ProbeContext, 'finishedOrAfter' | 'options'>): Promise<void> {
	const {finishedOrAfter} = context;
	if (!finishedOrAfter) return;
	const budget = Math.round(context.options.timeoutMs * deployedKeysShare);
	await Promise.all(deployedKeySources.map(id => finishedOrAfter(id, budget)));
}

/**
 * Waits as `slowKeySourcesAwait` says (every slower source, at most 400 ms), then gives the
 * sources where the app runs their share of the time limit. The live check and curl call it
 * after starting the checks they can start already.
 */
export async function awaitSlowKeySources(context: Pick<ProbeContext, 'finishedOrAfter' | 'options'>): Promise<void> {
	const {finishedOrAfter} = context;
	if (!finishedOrAfter) return;
	await Promise.all(slowKeySourcesAwait.probes.map(id => finishedOrAfter(id, slowKeySourcesAwait.atMostMs)));
	if (context.options.network) await awaitDeployedKeySources(context);
}

/** The variables whose keys the live check and curl send: the OpenAI key, and Azure's. */
export function isSentVariable(variable: string): boolean {
	return variable === 'OPENAI_API_KEY' || variable === 'AZURE_OPENAI_API_KEY';
}

/** The probes that report near-named variables (OPENAI_KEY) holding a key, besides the key sources. */
export const misnamedKeyProbes = [...keySourceProbes, 'misnamed-vars'] as const;

/**
 * The keys the live check and curl send: every key under OPENAI_API_KEY or Azure's
 * variable; when there is none, the keys found only under a near name (OPENAI_KEY,
 * OPEN_AI_API_KEY…), so the answer says whether renaming the variable would help.
 */
export function keysToCheck(results: ProbeResults): CandidateKey[] {
	const keys = candidateKeys(results, keySourceProbes, isSentVariable);
	return keys.length > 0 ? keys : candidateKeys(results, misnamedKeyProbes, variable => nearNameMatch(variable) !== undefined);
}

/** One distinct key value and where it was seen. */
export type CandidateKey = {
	secret: Secret;
	/** Variables that held it, in the order seen. */
	variables: string[];
	/** Report-form sources (`env:OPENAI_API_KEY`, `file:.env:3`). */
	sources: string[];
};

/**
 * Every distinct key value (by sha256) the given probes saw, in probe order, keeping
 * only sightings whose variable passes `accept`.
 */
export function candidateKeys(results: ProbeResults, probeIds: readonly string[], accept: (variable: string) => boolean = () => true): CandidateKey[] {
	const byHash = new Map<string, CandidateKey>();
	for (const id of probeIds) {
		for (const observation of results.get(id)?.keys ?? []) {
			if (!accept(observation.variable)) continue;
			const existing = byHash.get(observation.secret.sha256);
			const key = existing ?? {secret: observation.secret, variables: [], sources: []};
			if (!key.variables.includes(observation.variable)) key.variables.push(observation.variable);
			if (!key.sources.includes(observation.source)) key.sources.push(observation.source);
			if (!existing) byHash.set(observation.secret.sha256, key);
		}
	}

	return [...byHash.values()];
}

/** Runs `work` over the items with at most `limit` in flight, keeping the input order. */
export async function mapLimit<Item, Out>(items: readonly Item[], limit: number, work: (item: Item, index: number) => Promise<Out>): Promise<Out[]> {
	const out: Out[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			out[index] = await work(items[index]!, index);
		}
	};

	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return out;
}

/**
 * The Azure client's key: seen only as AZURE_OPENAI_API_KEY, or an Azure resource key (32
 * hex characters) wherever it is, which no OpenAI endpoint accepts
 * (`AzureOpenAI(api_key=os.environ["OPENAI_API_KEY"])`).
 */
export function isAzureKey(key: CandidateKey): boolean {
	if (key.variables.includes('AZURE_OPENAI_API_KEY') && !key.variables.includes('OPENAI_API_KEY')) return true;
	return analyzeKey(key.secret.reveal()).provider === 'azure';
}
