import type {CodeScan} from './code-scan.js';
import {majorOf, pinnedMajor, type LibrarySighting} from './library-versions.js';

/** An OpenAI client library, or the code using it, a major version away from the other. */
export type OutdatedLibrary = {
	library: 'openai-python' | 'openai-node';
	/** `old-version`: openai < 1.0 (Python) / < 4 (Node); `old-code`: code for that old API with a newer library; `new-code`: code for the new API with an old library. */
	problem: 'old-version' | 'old-code' | 'new-code';
	/** The sighting that gives the version, when one does. */
	sighting?: LibrarySighting;
	/** Where the code shows its API generation: `app.py:12 openai.ChatCompletion`. */
	code?: string;
	/** The version is installed or locked (not just a declared range). */
	certain: boolean;
};

/** The most telling sighting of a library: installed, else locked, else declared. */
export function bestSighting(sightings: readonly LibrarySighting[], library: LibrarySighting['library']): LibrarySighting | undefined {
	const rank = {installed: 0, locked: 1, declared: 2} as const;
	return sightings.filter(item => item.library === library).sort((a, b) => rank[a.level] - rank[b.level])[0];
}

/**
 * Python openai < 1.0 and Node openai < 4 (CAUSES.md `outdated-library`), or code
 * written for the other major version than the one installed: `openai.ChatCompletion`
 * with openai ≥ 1, `OpenAI()` with 0.x, `new OpenAIApi(new Configuration(…))` with
 * openai ≥ 4. Without a version, code for the old API is judged against what an
 * install gives today (the newest major).
 */
export function outdatedLibraries(sightings: readonly LibrarySighting[], scan: Pick<CodeScan, 'apiUses'> | undefined): OutdatedLibrary[] {
	const out: OutdatedLibrary[] = [];
	const first = (generation: string) => {
		const use = scan?.apiUses.find(item => item.generation === generation);
		return use ? `${use.file}:${use.line} ${use.form}` : undefined;
	};

	for (const [library, oldMajor, oldCode, newCode] of [
		['openai-python', 1, first('python-v0'), first('python-v1')],
		['openai-node', 4, first('node-v3'), first('node-v4')],
	] as const) {
		const sighting = bestSighting(sightings, library);
		const major = sighting ? (sighting.version !== undefined ? majorOf(sighting.version) : pinnedMajor(sighting.spec ?? '')) : undefined;
		// Installed, locked, or pinned to one exact version (`openai==1.54.3`): what runs is known.
		const certain = sighting !== undefined && (sighting.level !== 'declared' || sighting.version !== undefined);
		const base = {library, ...(sighting ? {sighting} : {}), certain};
		if (major !== undefined && major < oldMajor) {
			out.push({...base, problem: newCode && !oldCode ? 'new-code' : 'old-version', ...(newCode && !oldCode ? {code: newCode} : oldCode ? {code: oldCode} : {})});
		} else if (oldCode) {
			out.push({...base, problem: 'old-code', code: oldCode, certain: certain && major !== undefined});
		}
	}

	return out;
}
