import {codeScanOf, librariesOf} from '../code/facts-view.js';
import {libraryBehaviour, migrationGuides} from '../code/library-behaviour.js';
import {outdatedLibraries, bestSighting} from '../code/outdated.js';
import {pinnedMajor, type LibraryName} from '../code/library-versions.js';
import {outdatedWords} from '../probes/library-versions.js';
import type {Facts} from '../types.js';
import type {DocLink} from './guidance.js';

/** One row of step 4's library table: a client library, its version and how it treats the key. */
export type LibraryRow = {
	library: LibraryName;
	/** `openai (Python) 1.54.3`. */
	name: string;
	/** `1.54.3`, `^4.73.0`, or undefined when only the code shows the library. */
	version?: string;
	/** `installed in .venv/`, `locked in poetry.lock`, `declared in package.json`, `used in app.py (no version found)`. */
	from: string;
	whitespace: string;
	emptyKey: string;
	missingKey: string;
	alsoReads?: string;
	/** Set when the library or the code is a major version off (outdated-library). */
	warning?: string;
	docs: DocLink[];
};

const order: readonly LibraryName[] = ['openai-python', 'openai-node', 'langchain-python', 'langchain-js'];

/**
 * Step 4's library rows, as data: every OpenAI client library the project declares,
 * locks, installs or uses in its code, the version found, what it does with whitespace,
 * an empty key and no key (reference §3.2–3.3), and the docs that apply.
 */
export function libraryRows(facts: Pick<Facts, 'results'>): LibraryRow[] {
	const sightings = librariesOf(facts)?.sightings ?? [];
	const scan = codeScanOf(facts);
	const used = new Map<LibraryName, string>();
	for (const client of scan?.clients ?? []) if (!used.has(client.library)) used.set(client.library, client.file);
	const outdated = outdatedLibraries(sightings, scan);
	const rows: LibraryRow[] = [];
	for (const library of order) {
		const best = bestSighting(sightings, library);
		if (!best && !used.has(library)) continue;
		// A declared range that pins the major (`^3.3.0`, `==0.28`) behaves as that major does.
		const major = best?.spec === undefined ? undefined : pinnedMajor(best.spec);
		const standIn = best?.version ?? (major === undefined ? undefined : `${major}.0.0`);
		const behaviour = libraryBehaviour(library, standIn);
		const problem = outdated.find(item => item.library === library);
		const guide = problem ? migrationGuides[problem.library] : undefined;
		rows.push({
			library,
			name: best?.version === undefined && standIn && best?.spec ? behaviour.name.replace(standIn, best.spec) : behaviour.name,
			...(best ? {version: best.version ?? best.spec} : {}),
			from: best ? `${best.level} in ${best.source}` : `used in ${used.get(library)} (no version found)`,
			whitespace: behaviour.whitespace,
			emptyKey: behaviour.emptyKey,
			missingKey: behaviour.missingKey,
			...(behaviour.alsoReads ? {alsoReads: behaviour.alsoReads} : {}),
			...(problem ? {warning: outdatedWords(problem)} : {}),
			docs: guide && !behaviour.docs.some(doc => doc.url === guide.url) ? [...behaviour.docs, guide] : behaviour.docs,
		});
	}

	return rows;
}
