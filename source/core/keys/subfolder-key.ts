import {shellQuote} from '../api/request-plan.js';
import {codeScanOf} from '../code/facts-view.js';
import {listSome} from '../local/list-some.js';
import {foldersWithKey, placeOf, type SubfolderDotenvData} from '../probes/subfolder-dotenv.js';
import type {Facts, KeyObservation} from '../types.js';

/** The key an app in a subfolder gets from its own folder's `.env`, or why none can be named. */
export type SubfolderKey = {observation: KeyObservation; source: string; reason: string} | {reason: string};

/**
 * Run at a monorepo's root, or above the folders that hold the apps, with no key of its
 * own: each app runs in (or loads `.env` from) its own folder, where its loader reads that
 * folder's `.env`. The key of the app folder(s) that load one, when they agree on a single
 * key and send it to the host this run checks; else why no key can be named. Undefined
 * when no app folder's `.env` sets the key.
 */
export function subfolderKey(facts: Facts): SubfolderKey | undefined {
	const data = facts.results.get('subfolder-dotenv')?.data as SubfolderDotenvData | undefined;
	if (!data?.found) return undefined;
	const withKey = foldersWithKey(data.packages);
	if (withKey.length === 0) return undefined;
	const root =
		data.found.kind === 'workspace'
			? `this folder is the root of a ${data.found.tool} workspace (${data.found.manifest}), whose packages run in their own folders`
			: `the apps here live in folders of their own (${listSome(data.found.packages, 3)}), each with its own .env`;
	const scan = codeScanOf(facts);
	const loaded = withKey.filter(({item}) => item.loadsItself || scan?.loads.some(load => load.file.startsWith(`${item.dir}/`)));
	if (loaded.length === 0) {
		return {reason: `OPENAI_API_KEY is not in the environment; ${root}, and ${listSome(withKey.map(placeOf), 3)} set${withKey.length === 1 ? 's' : ''} it, but no code in ${listSome(withKey.map(({item}) => item.dir), 3)} was seen loading .env`};
	}

	const distinct = new Set(loaded.map(({definition}) => definition.sha256));
	if (distinct.size > 1) {
		return {reason: `OPENAI_API_KEY is not in the environment; ${root}, and their .env files set different keys (${listSome(loaded.map(placeOf), 3)}): run key-wizard in the folder of the app that fails`};
	}

	const [first] = loaded;
	const {item, file, definition} = first!;
	// A package .env that names its own host pairs its key with that host: checked from its own folder, where that setting counts.
	const hosted = loaded.find(({file: candidate}) => candidate.hostSettings.length > 0);
	if (hosted) {
		return {reason: `OPENAI_API_KEY is not in the environment; ${root}, and ${hosted.file.shown} also sets ${listSome(hosted.file.hostSettings, 3)}: run key-wizard in ${hosted.item.dir} (--cwd ${shellQuote(hosted.item.dir)}) to check its key against its own host`};
	}

	const observation = facts.keys.flatMap(key => key.observations).find(candidate => candidate.source === definition.source);
	if (!observation) return {reason: `OPENAI_API_KEY is not in the environment; ${root}, but the value in ${file.shown} could not be read`};
	const others = loaded.length > 1 ? ` (${listSome(loaded.slice(1).map(({item: other}) => other.dir), 3)} load${loaded.length === 2 ? 's' : ''} the same key)` : '';
	const by = item.loadsItself ? `${item.loader.name} reads` : 'its code loads';
	return {observation, source: definition.source, reason: `OPENAI_API_KEY is not in the environment, and ${root}: in ${item.dir}, ${by} ${file.shown}${others}`};
}
