import {Secret} from '../../source/core/keys/secret.js';
import type {Facts, KeyFacts, KeyObservation, KeyOrigin, LiveStatus, ProbeResult, RunOptions} from '../../source/core/types.js';

/** Run options as the CLI would give them with no flags, in a fake project folder. */
export function makeOptions(overrides: Partial<RunOptions> = {}): RunOptions {
	return {
		cwd: '/home/dev/project',
		baseUrl: 'https://api.openai.com/v1',
		baseUrlSource: 'default',
		containers: [],
		network: true,
		timeoutMs: 5000,
		demo: false,
		...overrides,
	};
}

const originsBySourcePrefix: ReadonlyArray<[string, KeyOrigin]> = [
	['env:', 'env'],
	['file:', 'dotenv'],
	['profile:', 'profile'],
	['login-shell:', 'login-shell'],
	['container:', 'container'],
	['compose:', 'compose'],
	['k8s:', 'kubernetes'],
	['kubernetes:', 'kubernetes'],
	['code:', 'code'],
	['demo:', 'demo'],
];

/**
 * One sighting of `value`. The origin follows the source's prefix (`env:` → env,
 * `file:` → dotenv…) and the variable is the `env:` name or `OPENAI_API_KEY`.
 */
export function observe(
	value: string,
	source = 'env:OPENAI_API_KEY',
	overrides: {origin?: KeyOrigin; variable?: string} = {},
): KeyObservation {
	const origin = overrides.origin ?? originsBySourcePrefix.find(([prefix]) => source.startsWith(prefix))?.[1] ?? 'env';
	const variable = overrides.variable ?? (source.startsWith('env:') ? source.slice(4) : 'OPENAI_API_KEY');
	return {secret: new Secret(value), source, origin, variable};
}

/** What else a test may set on the facts. */
export type FactsOverrides = {
	options?: Partial<RunOptions>;
	env?: Record<string, string | undefined>;
	results?: ProbeResult[];
	/** Live-check verdicts by key value. */
	live?: Record<string, LiveStatus>;
	/** Error-mask matches by key value. */
	matchesError?: Record<string, boolean>;
};

/** Facts for the diagnosis rules, grouping the observations by key value as `collectKeys` does. */
export function makeFacts(observations: readonly KeyObservation[], overrides: FactsOverrides = {}): Facts {
	const keys = new Map<string, KeyFacts>();
	for (const observation of observations) {
		const existing = keys.get(observation.secret.sha256);
		if (existing) {
			existing.observations.push(observation);
			continue;
		}

		const value = observation.secret.reveal();
		const key: KeyFacts = {secret: observation.secret, observations: [observation], live: overrides.live?.[value] ?? 'untested'};
		const matches = overrides.matchesError?.[value];
		if (matches !== undefined) key.matchesError = matches;
		keys.set(observation.secret.sha256, key);
	}

	const env: Record<string, string | undefined> = overrides.env ?? {};
	if (!overrides.env) {
		for (const observation of observations) {
			if (observation.origin === 'env' && env[observation.variable] === undefined) env[observation.variable] = observation.secret.reveal();
		}
	}

	return {
		options: makeOptions(overrides.options),
		env,
		results: new Map((overrides.results ?? []).map(result => [result.id, result])),
		keys: [...keys.values()],
	};
}
