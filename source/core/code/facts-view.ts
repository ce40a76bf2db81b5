import type {CodeProbeData} from '../probes/code.js';
import type {DotenvProbeData} from '../probes/dotenv.js';
import type {ProfilesProbeData} from '../probes/profiles.js';
import type {MisnamedVarsData} from '../probes/misnamed-vars.js';
import type {LibraryVersionsData} from '../probes/library-versions.js';
import type {ExposureData} from '../probes/exposure.js';
import type {Facts} from '../types.js';
import type {CodeScan} from './code-scan.js';
import {isTestPath} from './file-kinds.js';
import {keyNamesRead, type KeyNameRead} from './key-reads.js';

/** The code scan in the facts, when the code probe ran. */
export function codeScanOf(facts: Pick<Facts, 'results'>): CodeScan | undefined {
	return (facts.results.get('code')?.data as CodeProbeData | undefined)?.scan;
}

/** The library probe's data, when it ran. */
export function librariesOf(facts: Pick<Facts, 'results'>): LibraryVersionsData | undefined {
	return facts.results.get('library-versions')?.data as LibraryVersionsData | undefined;
}

/** The exposure probe's data, when it ran. */
export function exposureOf(facts: Pick<Facts, 'results'>): ExposureData | undefined {
	return facts.results.get('exposure')?.data as ExposureData | undefined;
}

/** Where the app's own code (not its tests or examples) takes the key from. */
export function appKeyReads(facts: Pick<Facts, 'results'>): KeyNameRead[] {
	const scan = codeScanOf(facts);
	return scan ? keyNamesRead(scan).filter(read => !isTestPath(read.at.replace(/:\d+$/, ''))) : [];
}

/** True when the app's code reads `name` from the environment. */
export function codeReadsName(facts: Pick<Facts, 'results'>, name: string): boolean {
	return appKeyReads(facts).some(read => read.name === name);
}

/**
 * Every variable set with a value somewhere the app could get it from, by name, with
 * where: this process's environment, any `.env` file found, shell startup files and
 * near-named variables the probes saw.
 */
export function namesSet(facts: Pick<Facts, 'env' | 'results'>): Map<string, string[]> {
	const out = new Map<string, string[]>();
	const add = (name: string, where: string) => out.set(name, [...(out.get(name) ?? []), where]);
	for (const [name, value] of Object.entries(facts.env)) if (value?.trim()) add(name, 'the environment');
	const dotenv = facts.results.get('dotenv')?.data as DotenvProbeData | undefined;
	for (const file of dotenv?.files ?? []) {
		for (const name of file.names ?? []) add(name, file.shown);
		for (const definition of file.definitions) if (!definition.empty && !(file.names ?? []).includes(definition.variable)) add(definition.variable, file.shown);
	}

	const profiles = facts.results.get('profiles')?.data as ProfilesProbeData | undefined;
	for (const definition of profiles?.definitions ?? []) if (!definition.empty) add(definition.variable, definition.file);
	const misnamed = facts.results.get('misnamed-vars')?.data as MisnamedVarsData | undefined;
	for (const found of misnamed?.found ?? []) add(found.variable, found.source);
	return out;
}
