import {parse as parseDotenv} from 'dotenv';
import {readTextFile} from '../local/file-text.js';
import type {Ports} from '../ports.js';
import {interpolate, type VariableLookup, type VariableReference} from './compose-interpolate.js';
import {composeMaxBytes, type ComposeEnvEntry, type ComposeEnvFileRef, type ComposeService} from './compose-project.js';

/** An env_file as compose reads it. */
export type EnvFileRead = {
	exists: boolean;
	/** Why it could not be read (it exists but is unreadable, too large…). */
	problem?: string;
	/** Values as compose gives them (quotes removed unless `format: raw`, `${VAR}` expanded). */
	values: Record<string, string>;
	/** Values taken literally, as `format: raw` reads them. */
	rawValues: Record<string, string>;
	/** The line each name is (last) set on. */
	lines: Record<string, number>;
};

/** Reads each env_file of the services once. */
export async function readEnvFiles(ports: Ports, services: readonly ComposeService[], lookup: VariableLookup): Promise<Map<string, EnvFileRead>> {
	const out = new Map<string, EnvFileRead>();
	const refs = services.flatMap(service => service.envFiles);
	await Promise.all(
		[...new Map(refs.map(ref => [ref.absolute, ref])).values()].map(async ref => {
			const read = await readTextFile(ports, ref.absolute, ref.shown, composeMaxBytes);
			if (!read.ok) {
				out.set(ref.absolute, {exists: read.code !== 'not-found', ...(read.code === 'not-found' ? {} : {problem: read.message}), values: {}, rawValues: {}, lines: {}});
				return;
			}

			const text = read.text.replace(/\r\n?/g, '\n');
			const lines: Record<string, number> = {};
			const rawValues: Record<string, string> = {};
			text.split('\n').forEach((line, index) => {
				const match = /^\s*(?:export\s+)?([\w.-]+)\s*=(.*)$/.exec(line);
				if (!match) return;
				lines[match[1]!] = index + 1;
				rawValues[match[1]!] = match[2]!;
			});
			const values: Record<string, string> = {};
			for (const [name, value] of Object.entries(parseDotenv(text))) {
				const expanded = value.includes('$') ? interpolate(value, variable => lookup(variable) ?? values[variable]) : undefined;
				values[name] = expanded?.ok ? expanded.value : value;
			}

			out.set(ref.absolute, {exists: true, ...(read.truncated ? {problem: `${ref.shown} was read only in part`} : {}), values, rawValues, lines});
		}),
	);
	return out;
}

/** Where a service's variable comes from, and what compose would hand the container. */
export type ServiceVariable = {
	service: string;
	variable: string;
	/**
	 * `value`: a non-empty value; `empty`: set to an empty or blank string; `unset`: the
	 * container will not have it; `refused`: compose will not start (a `:?` variable unset).
	 */
	state: 'value' | 'empty' | 'unset' | 'refused';
	/** The value compose would pass (only in memory: becomes a Secret, never text). */
	value?: string;
	from: 'environment' | 'env_file' | 'none';
	/** The `environment` entry that sets it, when one does. */
	entry?: ComposeEnvEntry;
	/** The env_file that sets it, when it comes from one. */
	envFile?: {ref: ComposeEnvFileRef; line?: number};
	/** The entry names it without a value, so compose takes it from the shell or the project's `.env`. */
	passThrough: boolean;
	references: VariableReference[];
	/** Why compose refuses to start (`required variable … is missing a value`). */
	refusal?: string;
	/** Quotes that end up inside the value: list form `- NAME="…"`, or an env_file read with `format: raw`. */
	literalQuotes?: 'list-form' | 'raw-env-file';
};

/**
 * What compose would set `variable` to in `service`'s container: an `environment` entry
 * wins (even one that resolves to nothing), else the last env_file that sets it.
 */
export function resolveServiceVariable(service: ComposeService, variable: string, lookup: VariableLookup, envFiles: ReadonlyMap<string, EnvFileRead>): ServiceVariable {
	const base = {service: service.name, variable, passThrough: false, references: [] as VariableReference[]};
	const entry = service.environment.get(variable);
	if (entry) {
		if (entry.raw === null) {
			const value = lookup(variable);
			const reference: VariableReference = {name: variable, set: value !== undefined, empty: value === '', operator: '', usedDefault: false, blank: value === undefined};
			return {...base, entry, from: 'environment', passThrough: true, references: [reference], ...stateOf(value)};
		}

		const result = interpolate(entry.raw, lookup);
		if (!result.ok) {
			return {...base, entry, from: 'environment', references: result.references, state: 'refused', refusal: result.message};
		}

		const quoted = entry.form === 'list' && isQuoted(entry.raw.trim());
		return {...base, entry, from: 'environment', references: result.references, ...stateOf(result.value), ...(quoted ? {literalQuotes: 'list-form' as const} : {})};
	}

	for (const ref of [...service.envFiles].reverse()) {
		const read = envFiles.get(ref.absolute);
		if (!read?.exists) continue;
		const source = ref.raw ? read.rawValues : read.values;
		if (!Object.prototype.hasOwnProperty.call(source, variable)) continue;
		const value = source[variable]!;
		const quoted = ref.raw && isQuoted(value.trim());
		return {...base, from: 'env_file', envFile: {ref, ...(read.lines[variable] ? {line: read.lines[variable]} : {})}, ...stateOf(value), ...(quoted ? {literalQuotes: 'raw-env-file' as const} : {})};
	}

	return {...base, from: 'none', state: 'unset'};
}

function stateOf(value: string | undefined): {state: ServiceVariable['state']; value?: string} {
	if (value === undefined) return {state: 'unset'};
	return value.trim() === '' ? {state: 'empty', value} : {state: 'value', value};
}

/** A value wrapped in one pair of matching quotes. */
export function isQuoted(text: string): boolean {
	return text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0];
}

/** The names a service's compose entry mentions for the key: its own and any variable its value interpolates. */
export function mentionsVariable(service: ComposeService, variable: string): boolean {
	if (service.environment.has(variable)) return true;
	return [...service.environment.values()].some(entry => entry.raw !== null && entry.raw.includes(variable));
}
