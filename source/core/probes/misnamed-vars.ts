import {Secret} from '../keys/secret.js';
import {holdsKeyLikeValue, keyVariable, nearNameMatch, type NearNameMatch} from '../local/near-names.js';
import type {KeyObservation, ProbeDefinition} from '../types.js';
import type {DotenvProbeData} from './dotenv.js';
import type {ProfilesProbeData} from './profiles.js';

/** A variable with a name close to OPENAI_API_KEY that holds a key; never the value. */
export type MisnamedVariable = {
	variable: string;
	/** `env:OPENAI_KEY`, `file:.env:4`, `profile:~/.zshrc:3`. */
	source: string;
	where: 'env' | 'dotenv' | 'profile';
	match: NearNameMatch;
	sha256: string;
	fingerprint: string;
};

/** What the misnamed-variables probe found. */
export type MisnamedVarsData = {
	found: MisnamedVariable[];
	/** OPENAI_API_KEY itself is set (non-empty) in this process. */
	keySet: boolean;
};

/**
 * Looks for near names of OPENAI_API_KEY (`OPENAI_KEY`, `OPEN_AI_API_KEY`, lower case,
 * typos) holding a key: in the environment itself, and in what the `.env` and profile
 * probes found.
 */
export const misnamedVarsProbe: ProbeDefinition<MisnamedVarsData> = {
	id: 'misnamed-vars',
	step: 2,
	title: 'Misnamed variables',
	checks: 'variables named almost like OPENAI_API_KEY (OPENAI_KEY, OPEN_AI_API_KEY, typos) that hold a key',
	needs: ['dotenv', 'profiles'],
	async run({ports, results}) {
		const found: MisnamedVariable[] = [];
		const keys: KeyObservation[] = [];
		for (const [name, value] of Object.entries(ports.env)) {
			if (value === undefined) continue;
			const match = nearNameMatch(name);
			if (!match || !holdsKeyLikeValue(value, match)) continue;
			const secret = new Secret(value);
			const source = `env:${name}`;
			keys.push({secret, source, origin: 'env', variable: name});
			found.push({variable: name, source, where: 'env', match, sha256: secret.sha256, fingerprint: secret.fingerprint});
		}

		const dotenv = results.get('dotenv')?.data as DotenvProbeData | undefined;
		for (const file of dotenv?.files ?? []) {
			for (const definition of file.definitions) {
				if (!definition.nearName || !definition.keyLike || !definition.sha256) continue;
				found.push({
					variable: definition.variable,
					source: definition.source,
					where: 'dotenv',
					match: definition.nearName,
					sha256: definition.sha256,
					fingerprint: definition.fingerprint!,
				});
			}
		}

		const profiles = results.get('profiles')?.data as ProfilesProbeData | undefined;
		for (const definition of profiles?.definitions ?? []) {
			if (!definition.nearName || !definition.keyLike || !definition.sha256) continue;
			found.push({
				variable: definition.variable,
				source: definition.source,
				where: 'profile',
				match: definition.nearName,
				sha256: definition.sha256,
				fingerprint: definition.fingerprint!,
			});
		}

		const keySet = Boolean(ports.env[keyVariable]?.trim());
		const data: MisnamedVarsData = {found, keySet};
		const details = found.map(item => `${item.source.replace(/^(file|profile):/, '')}: ${item.variable} holds ${item.fingerprint}`);
		if (found.length === 0) return {status: 'pass', summary: 'No variable with a name close to OPENAI_API_KEY holds a key.', details, keys, data};
		const names = [...new Set(found.map(item => item.variable))].join(', ');
		if (keySet) return {status: 'pass', summary: `${names} also hold${found.length === 1 ? 's' : ''} a key; OPENAI_API_KEY is set, so SDKs use that.`, details, keys, data};
		return {status: 'fail', summary: `${names} hold${found.length === 1 ? 's' : ''} a key, but OPENAI_API_KEY is not set: OpenAI's SDKs read only OPENAI_API_KEY.`, details, keys, data};
	},
};
