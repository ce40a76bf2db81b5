import type {Ports} from './ports.js';
import type {Secret} from './keys/secret.js';

/** The five steps of the fix, numbered as in DESIGN.md. */
export type StepNumber = 1 | 2 | 3 | 4 | 5;

/** A probe's outcome, as in the JSON report. */
export type ProbeStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'error' | 'timeout';

/** Where a key was seen, in the order the app's runtime lets it win. */
export type KeyOrigin =
	| 'env'
	| 'dotenv'
	| 'profile'
	| 'login-shell'
	| 'container'
	| 'compose'
	| 'kubernetes'
	| 'dockerfile'
	| 'serverless'
	| 'code'
	| 'history'
	| 'demo';

/**
 * One sighting of a key value. `source` is the report form from DESIGN.md:
 * `env:OPENAI_API_KEY`, `file:.env:3`, `profile:~/.bashrc:12`, `login-shell:bash`.
 */
export type KeyObservation = {
	secret: Secret;
	source: string;
	origin: KeyOrigin;
	/** The variable that holds it (`OPENAI_API_KEY`, or a near name). */
	variable: string;
};

/** The settings of one run, validated by the CLI. */
export type RunOptions = {
	/** Project folder, absolute. */
	cwd: string;
	/** The API base URL, without a trailing slash. */
	baseUrl: string;
	/** Where the base URL came from. */
	baseUrlSource: 'flag' | 'env:OPENAI_BASE_URL' | 'default';
	/**
	 * Base URLs only a project file names that the user confirmed in the wizard ("Yes,
	 * once"): for this session, keys may be sent there as to a host the user chose.
	 */
	confirmedBaseUrls?: readonly string[];
	/** The error text the app printed (`--error`). */
	errorText?: string;
	containers: string[];
	/**
	 * Where the user said the app runs (the wizard's step-2 question): the causes are judged
	 * for that place, e.g. compose's `env_file` does not load `.env` for an app run on this machine.
	 */
	appRuntime?: 'local' | 'docker' | 'compose' | 'kubernetes' | 'ci' | 'serverless';
	k8sSecret?: {namespace?: string; name: string; key?: string};
	/** False with `--no-network`. */
	network: boolean;
	/** Per-probe time limit in ms. */
	timeoutMs: number;
	demo: boolean;
};

/** What a probe reports; the runner adds id, step and duration. */
export type ProbeOutcome<Data = unknown> = {
	status: ProbeStatus;
	/** One line, key-free. */
	summary: string;
	/** Extra lines shown on request, key-free. */
	details?: string[];
	/** Key values this probe saw. */
	keys?: KeyObservation[];
	/** Structured facts for the diagnosis rules and the UI. Never serialised whole. */
	data?: Data;
};

/** A finished probe. */
export type ProbeResult<Data = unknown> = ProbeOutcome<Data> & {
	id: string;
	step: StepNumber;
	durationMs: number;
};

/** Results of finished probes by id. */
export type ProbeResults = ReadonlyMap<string, ProbeResult>;

/** What a probe's run function gets. */
export type ProbeContext = {
	ports: Ports;
	options: RunOptions;
	signal: AbortSignal;
	/** Results of the probes named in `needs`, all finished. */
	results: ProbeResults;
	/**
	 * Waits, at most `atMostMs`, for another probe that runs alongside, for a probe that
	 * can start at once and only needs the other's result at its end.
	 */
	finishedOrAfter?(id: string, atMostMs: number): Promise<ProbeResult | undefined>;
};

/** One probe: a file in `source/core/probes/`. */
export type ProbeDefinition<Data = unknown> = {
	id: string;
	step: StepNumber;
	/** Short name shown in the wizard. */
	title: string;
	/** What it checks, shown while it runs. */
	checks: string;
	/** Probes whose results it reads; it starts as soon as they finish. */
	needs?: readonly string[];
	/** Never rejects in practice; the runner still turns a throw into an `error` result. */
	run(context: ProbeContext): Promise<ProbeOutcome<Data>>;
};

/** How sure a rule is. */
export type Confidence = 'high' | 'medium' | 'low';

/** A copyable piece of text in a fix. Never holds a key. */
export type Snippet = {id: string; label: string; language: 'sh' | 'dotenv' | 'yaml' | 'dockerfile' | 'powershell' | 'python' | 'javascript' | 'text'; text: string};

/** A cause, as in the JSON report. */
export type Cause = {
	id: string;
	step: StepNumber;
	confidence: Confidence;
	title: string;
	evidence: string[];
	fix: string[];
	snippets: Snippet[];
};

/** How a key fared in the live check. */
export type LiveStatus = 'valid' | 'invalid' | 'untested' | 'error';

/** Kinds of key, as in the JSON report. */
export type KeyKind = 'project' | 'service-account' | 'admin' | 'user' | 'other-provider' | 'malformed' | 'placeholder';

/** One distinct key value with everything known about it. */
export type KeyFacts = {
	secret: Secret;
	observations: KeyObservation[];
	live: LiveStatus;
	/** Set only when `--error` gave a key mask. */
	matchesError?: boolean;
};

/** What the diagnosis rules read. */
export type Facts = {
	options: RunOptions;
	env: Readonly<Record<string, string | undefined>>;
	results: ProbeResults;
	keys: KeyFacts[];
};

/** A rule's finding before ranking. */
export type RuleHit = {
	confidence: Confidence;
	evidence: string[];
	fix?: string[];
	snippets?: Snippet[];
	/** Overrides the rule's title. */
	title?: string;
};

/** One diagnosis rule: a cause id from CAUSES.md and when it applies. */
export type Rule = {
	id: string;
	step: StepNumber;
	title: string;
	fix: string[];
	/**
	 * What the cause means, one or two sentences, for the catalog that ships with the
	 * product (`key-wizard explain ID`, the README's cause table).
	 */
	meaning?: string;
	/** Documentation links that apply to this cause. */
	docs?: readonly string[];
	/** Returns a hit when the cause applies, else undefined. */
	evaluate(facts: Facts): RuleHit | undefined;
};
