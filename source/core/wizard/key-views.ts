import {analyzeKeyFully} from '../keys/anatomy.js';
import {terminalSafe} from '../report/terminal-safe.js';
import {effectiveKeyObservations} from '../keys/effective.js';
import type {Cause, Facts, KeyFacts, KeyKind, KeyObservation, LiveStatus} from '../types.js';
import {readableSources} from '../report/readable-sources.js';
import {foldersWithKey, type SubfolderDotenvData} from '../probes/subfolder-dotenv.js';

/** One distinct key as the wizard shows it: never more than its fingerprint. */
export type KeyView = {
	sha256: string;
	fingerprint: string;
	/** `…wxyz`: what to look for on the dashboard. */
	ending: string;
	kind: KeyKind;
	kindLabel: string;
	/** What is wrong with the value, in key-free words. */
	defects: string[];
	/** Where it was found, in display form. */
	sources: string[];
	/** One of its sources is the one the app's runtime gets. */
	usedByApp: boolean;
	/** Its source is the `.env` the app should get the key from, but nothing loads it there (dotenv-not-loaded): the app gets no key. */
	notLoaded?: boolean;
	live: LiveStatus;
	matchesError?: boolean;
	/** An Azure OpenAI resource key: listed in the Azure portal, not on OpenAI's dashboard. */
	azure?: boolean;
};

/** One row of step 2's sources table. */
export type SourceRow = {
	/** Display form: `.env:3`, `~/.bashrc:12`, `process env`. */
	source: string;
	/** Report form: `file:.env:3`. */
	raw: string;
	variable: string;
	fingerprint: string;
	kindLabel: string;
	defects: string[];
	/** This source is the one the app's runtime gets. */
	wins: boolean;
	/** Not the winning source, but it holds the same key as one that wins. */
	sameKeyAsWinner: boolean;
	/** An app folder's `.env` line that folder's loader reads (a monorepo's package run in its own folder), not this folder's key. */
	ownAppsKey: boolean;
	live: LiveStatus;
	/** Named in the evidence of the most likely cause. */
	behindTopCause: boolean;
};

/** The display form of a report-form source (`file:.env:3` → `.env:3`, `k8s:prod/openai:key` → `kubernetes secret prod/openai:key`). */
export function describeSource(source: string): string {
	const [kind, ...rest] = source.split(':');
	const value = rest.join(':');
	if (!value) return source;
	switch (kind) {
		case 'env':
			return `process env ${value}`;
		case 'file':
		case 'profile':
			return value;
		case 'login-shell':
			return `fresh ${value} login shell`;
		case 'dockerfile':
		case 'k8s-file':
		case 'serverless':
			return value;
		case 'k8s':
			return `kubernetes secret ${value}`;
		case 'container':
		case 'compose':
		case 'kubernetes':
			return `${kind} ${value}`;
		default:
			return source;
	}
}

/** `…wxyz` from a fingerprint `sk-proj-…wxyz`. */
export function endingOf(fingerprint: string): string {
	const index = fingerprint.lastIndexOf('…');
	return index === -1 ? fingerprint : fingerprint.slice(index);
}

function anatomyOf(key: KeyFacts): {kind: KeyKind; kindLabel: string; defects: string[]; azure?: boolean} {
	try {
		const analysis = analyzeKeyFully(key.secret.reveal());
		const azure = analysis.anatomy.provider === 'azure' || key.observations.every(observation => observation.variable === 'AZURE_OPENAI_API_KEY');
		return {kind: analysis.anatomy.kind, kindLabel: terminalSafe(analysis.anatomy.label), defects: analysis.defectDetails.map(detail => terminalSafe(detail.text)), ...(azure ? {azure: true} : {})};
	} catch {
		return {kind: 'malformed', kindLabel: 'unknown kind', defects: []};
	}
}

function isEffective(observation: KeyObservation, effective: readonly KeyObservation[]): boolean {
	return effective.some(winner => winner.source === observation.source && winner.secret.sha256 === observation.secret.sha256);
}

/**
 * Every distinct key found, for step 1 and step 3. With `causes` that say nothing loads the
 * `.env` holding the app's key, that key is the one meant for the app, not the one it gets.
 */
export function keyViews(facts: Facts, causes: readonly Pick<Cause, 'id'>[] = []): KeyView[] {
	const effective = effectiveKeyObservations(facts);
	const unloaded = causes.some(cause => cause.id === 'dotenv-not-loaded') && effective.every(observation => observation.origin === 'dotenv');
	return facts.keys.map(key => ({
		sha256: key.secret.sha256,
		fingerprint: key.secret.fingerprint,
		ending: endingOf(key.secret.fingerprint),
		...anatomyOf(key),
		sources: key.observations.map(observation => describeVariable(observation)),
		...(unloaded && key.observations.some(observation => isEffective(observation, effective))
			? {usedByApp: false, notLoaded: true}
			: {usedByApp: key.observations.some(observation => isEffective(observation, effective))}),
		live: key.live,
		...(key.matchesError === undefined ? {} : {matchesError: key.matchesError}),
	}));
}

/** A source as the screen shows it; paths and names come from outside, so they are made terminal-safe. */
function describeVariable(observation: KeyObservation): string {
	const shown = describeSource(observation.source);
	return terminalSafe(observation.variable && !shown.includes(observation.variable) && observation.variable !== 'OPENAI_API_KEY' ? `${shown} (as ${observation.variable})` : shown);
}

/** The key step 1 asks about: the one the app's error names, else the one the app gets, else the first. */
export function keyToAskAbout(views: readonly KeyView[]): KeyView | undefined {
	return views.find(view => view.matchesError) ?? views.find(view => view.usedByApp) ?? views.find(view => view.notLoaded) ?? views[0];
}

/** Step 2's table: every source of every key, which one wins, and which the top cause names. */
export function sourceRows(facts: Facts, topCause?: Cause): SourceRow[] {
	const effective = effectiveKeyObservations(facts);
	const winningKeys = new Set(effective.map(observation => observation.secret.sha256));
	const subfolders = facts.results.get('subfolder-dotenv')?.data as SubfolderDotenvData | undefined;
	const appFolderSources = new Set(foldersWithKey(subfolders?.packages ?? []).map(({definition}) => definition.source));
	const rows: SourceRow[] = [];
	for (const key of facts.keys) {
		const anatomy = anatomyOf(key);
		for (const observation of key.observations) {
			rows.push({
				source: describeVariable(observation),
				raw: observation.source,
				variable: observation.variable,
				fingerprint: key.secret.fingerprint,
				kindLabel: anatomy.kindLabel,
				defects: anatomy.defects,
				wins: isEffective(observation, effective),
				sameKeyAsWinner: !isEffective(observation, effective) && winningKeys.has(key.secret.sha256),
				ownAppsKey: appFolderSources.has(observation.source),
				live: key.live,
				behindTopCause: false,
			});
		}
	}

	if (!topCause || topCause.step !== 2) return rows;
	const evidence = [topCause.title, ...topCause.evidence].join('\n');
	const bySource = rows.filter(row => [row.raw, describeSource(row.raw), readableSources(row.raw)].some(form => mentions(evidence, form)));
	const named = bySource.length > 0 ? bySource : rows.filter(row => evidence.includes(row.fingerprint));
	return rows.map(row => (named.includes(row) ? {...row, behindTopCause: true} : row));
}

/** `text` names `needle` as a whole (so `.env:3` is not found in `.env:30`). */
function mentions(text: string, needle: string): boolean {
	let from = 0;
	for (;;) {
		const index = text.indexOf(needle, from);
		if (index === -1) return false;
		const after = text[index + needle.length];
		if (after === undefined || !/[\w]/.test(after)) return true;
		from = index + 1;
	}
}
