import {isOpenAIHost} from '../../api/base-url-safety.js';
import {deployedFixLine, deployedKeyObservations} from '../../deployed/app-keys.js';
import {factsBaseUrl, factsSettings} from '../../local/app-settings.js';
import {analyzeKeyFully, baseUrlJudgesKeyFormat, providerApis, providerOfBaseUrl, type KeyAnalysis, type KeyDefect} from '../../keys/anatomy.js';
import {valueKeyObservations} from '../../keys/effective.js';
import type {Secret} from '../../keys/secret.js';
import type {DotenvProbeData} from '../../probes/dotenv.js';
import {docsLinks} from './docs-links.js';
import type {Confidence, Facts, KeyObservation, LiveStatus, Rule, RuleHit, Snippet} from '../../types.js';

/** Where to create or copy an OpenAI key. */
const apiKeysPage = 'https://platform.openai.com/api-keys';

/** One key value the app uses, with every place it was seen and what it is. */
type UsedKey = {
	secret: Secret;
	/** The sightings the app's runtime uses (env, or `.env` without one). */
	used: KeyObservation[];
	/** Every sighting of the same value, including files the app does not read. */
	seen: KeyObservation[];
	analysis: KeyAnalysis;
	live: LiveStatus;
	/** This process has no key: it is the one a new terminal (a fresh login shell) would give the app. */
	newTerminal: boolean;
};

const usedKeysCache = new WeakMap<Facts, UsedKey[]>();

/** The distinct keys the app actually uses, analysed once per facts object. */
function usedKeys(facts: Facts): UsedKey[] {
	const cached = usedKeysCache.get(facts);
	if (cached) return cached;
	const byHash = new Map<string, UsedKey>();
	// A deployed place seen again (a container inspected twice) counts once; this machine's sources each count.
	const add = (observation: KeyObservation, newTerminal: boolean, oncePerSource: boolean) => {
		const existing = byHash.get(observation.secret.sha256);
		if (existing) {
			if (!oncePerSource || !existing.used.some(item => item.source === observation.source)) existing.used.push(observation);
			return;
		}

		const known = facts.keys.find(key => key.secret.sha256 === observation.secret.sha256);
		byHash.set(observation.secret.sha256, {
			secret: observation.secret,
			used: [observation],
			seen: known?.observations ?? [observation],
			analysis: analyzeKeyFully(observation.secret.reveal()),
			live: known?.live ?? 'untested',
			newTerminal,
		});
	};

	const {observations, newTerminal} = valueKeyObservations(facts);
	for (const observation of observations) add(observation, newTerminal, false);
	// Where the app runs (its container, its compose service, the secret its pods read), that key is the app's too.
	for (const observation of deployedKeyObservations(facts)) add(observation, false, true);

	// The key the app's own error names was sent by the app, wherever this machine keeps it.
	for (const known of facts.keys) {
		if (known.matchesError !== true || byHash.has(known.secret.sha256) || known.observations.length === 0) continue;
		byHash.set(known.secret.sha256, {
			secret: known.secret,
			used: known.observations,
			seen: known.observations,
			analysis: analyzeKeyFully(known.secret.reveal()),
			live: known.live,
			newTerminal: false,
		});
	}

	const keys = [...byHash.values()];
	usedKeysCache.set(facts, keys);
	return keys;
}

/**
 * Whether a key's format can be judged: the base URL is OpenAI's (or the demo's, or a
 * known provider's), or the host already refused the key. A gateway or local server
 * (LiteLLM, vLLM, Ollama) may take any text as its key, so there only values that are
 * no key anywhere count.
 */
function formatMatters(facts: Facts, key: UsedKey): boolean {
	return key.live === 'invalid' || baseUrlJudgesKeyFormat(factsBaseUrl(facts).url, facts.options.demo);
}

/**
 * Like `formatMatters`, for OpenAI's own format (a cut-short or malformed secret): a
 * gateway that refused its own virtual key says nothing about OpenAI's format, only an
 * OpenAI answer or an OpenAI base URL does.
 */
function openAIFormatMatters(facts: Facts, key: UsedKey): boolean {
	// The app's error shows it called a host that is not OpenAI's (a gateway): its keys need not look like OpenAI's.
	const called = (facts.results.get('error-triage')?.data as {calledHost?: string} | undefined)?.calledHost;
	if (called && !isOpenAIHost(called)) return false;
	if (baseUrlJudgesKeyFormat(factsBaseUrl(facts).url, facts.options.demo)) return true;
	const live = (facts.results.get('live-check')?.data as {keys?: Array<{sha256: string; live: string; origin?: string}>} | undefined)?.keys;
	return live?.some(result => result.sha256 === key.secret.sha256 && result.live === 'invalid' && result.origin === 'openai') ?? false;
}

/**
 * `env:OPENAI_API_KEY (sk-proj-…wxyz)`: names a sighting without its value. A value with
 * defects shows the fingerprint of the key inside them, the ending the dashboard shows.
 */
function named(key: UsedKey, observation: KeyObservation): string {
	const shown = key.analysis.anatomy.defects.includes('empty') ? observation.secret.fingerprint : key.analysis.coreFingerprint;
	return `${observation.source} (${shown})`;
}

function evidenceFor(key: UsedKey, describe: string): string[] {
	return key.used.map(observation => `${named(key, observation)} ${describe}`);
}

/** Sightings of the same value the app does not read directly: where the value was probably set. */
function setAt(key: UsedKey): string[] {
	const used = new Set(key.used.map(observation => observation.source));
	return key.seen.filter(observation => !used.has(observation.source)).map(observation => observation.source);
}

/** `.env` from `file:.env:3`, for snippets that name the file. */
function filePath(source: string): string | undefined {
	return /^file:(.+?)(?::\d+)?$/.exec(source)?.[1];
}

/** `~/.bashrc` from `profile:~/.bashrc:12`. */
function profilePath(source: string): string | undefined {
	return /^profile:(.+?)(?::\d+)?$/.exec(source)?.[1];
}

function fileLine(source: string): string | undefined {
	return /:(\d+)$/.exec(source)?.[1];
}

/** Quotes a path for sh, keeping a leading `~/` outside the quotes so it still expands. */
function shellQuote(text: string): string {
	if (text.startsWith('~/')) return `~/${shellQuote(text.slice(2))}`;
	return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Fix lines that say where to change the value, from every place it was seen. */
function whereToFix(keys: readonly UsedKey[]): string[] {
	const lines: string[] = [];
	for (const key of keys) {
		for (const observation of key.used) {
			const deployed = deployedFixLine(observation.source);
			if (deployed) lines.push(deployed);
			const path = filePath(observation.source) ?? profilePath(observation.source);
			if (path) lines.push(`Fix it in ${path}${fileLine(observation.source) ? ` line ${fileLine(observation.source)}` : ''}${key.newTerminal ? ', then open a new terminal' : ''}.`);
		}

		const others = setAt(key);
		if (others.length > 0) lines.push(`The same value is set in ${others.join(', ')}: fix it there too, then open a new terminal.`);
	}

	return [...new Set(lines)];
}

/** The snippets that install a new key: in this shell and in .env. */
export const pasteNewKeySnippets: Snippet[] = [
	{id: 'env-export-new-key', label: 'Set the key in this shell (add it to your shell profile to keep it)', language: 'sh', text: 'export OPENAI_API_KEY="<paste your new key>"'},
	{id: 'dotenv-new-key', label: 'The line in .env', language: 'dotenv', text: 'OPENAI_API_KEY=<paste your new key>'},
];

function hit(confidence: Confidence, evidence: string[], fix: string[], snippets: Snippet[], title?: string): RuleHit {
	const result: RuleHit = {confidence, evidence, fix, snippets};
	if (title) result.title = title;
	return result;
}

function isOpenAiKind(analysis: KeyAnalysis): boolean {
	return analysis.anatomy.provider === 'openai';
}

function withDefect(facts: Facts, defect: KeyDefect): UsedKey[] {
	return usedKeys(facts).filter(key => key.analysis.anatomy.defects.includes(defect));
}

function defectEvidence(keys: readonly UsedKey[], defects: readonly KeyDefect[]): string[] {
	return keys.flatMap(key => {
		const words = key.analysis.defectDetails
			.filter(detail => defects.includes(detail.defect))
			.map(detail => detail.text)
			.join('; ');
		return evidenceFor(key, words);
	});
}

/** A defect on a value that is no key anyway matters less than what the value is. */
function defectConfidence(keys: readonly UsedKey[]): Confidence {
	return keys.some(key => isOpenAiKind(key.analysis) && key.live !== 'valid') ? 'high' : 'medium';
}

const placeholderRule: Rule = {
	id: 'key-placeholder',
	step: 2,
	title: 'OPENAI_API_KEY holds template text, not a key',
	fix: [`Create a key at ${apiKeysPage} (or copy the one you saved) and put it in place of the template text.`],
	meaning: 'OPENAI_API_KEY holds template text (YOUR_API_KEY, sk-xxxx…, <your key>, changeme, an unexpanded ${VAR}) instead of a key.',
	docs: [docsLinks.apiKeys, docsLinks.incorrectKey],
	evaluate(facts) {
		const keys = usedKeys(facts).filter(key => key.analysis.anatomy.kind === 'placeholder' && formatMatters(facts, key));
		if (keys.length === 0) return undefined;
		const fix = [...placeholderRule.fix, ...whereToFix(keys)];
		if (keys.some(key => key.analysis.anatomy.label.startsWith('an unexpanded'))) {
			fix.push('The value is a variable reference nobody filled in: the tool meant to expand it (compose, CI, a service manager) did not run or could not see the variable.');
		}

		return hit('high', keys.flatMap(key => evidenceFor(key, `holds ${key.analysis.anatomy.label}`)), fix, pasteNewKeySnippets);
	},
};

/** Fix lines for a malformation, by its code. */
export const malformedFixes: Partial<Record<NonNullable<KeyAnalysis['malformedCode']>, string>> = {
	'pasted-line': 'Keep only the key itself in the value: drop the name, the `=` or `:` and any quotes pasted with it.',
	json: 'Keep only the key itself in the value, not the JSON around it.',
	wrapped: 'Drop the brackets: the template\'s <…> (or […]) marked where the key goes and are not part of it.',
	url: 'A URL belongs in OPENAI_BASE_URL; OPENAI_API_KEY holds only the secret key (sk-…).',
	sentence: 'The value is text (a prompt or a message?): put the key itself there.',
	'key-id': `key_… is the key's id; the secret (sk-…) is shown only once, when the key is created. If you no longer have it, create a new key at ${apiKeysPage}.`,
	'org-id': 'org-… is the organization id: it belongs in OPENAI_ORG_ID (if anywhere), not in OPENAI_API_KEY.',
	'project-id': 'proj_… is the project id: it belongs in OPENAI_PROJECT_ID (if anywhere), not in OPENAI_API_KEY.',
	redacted: `The dashboard shows only a shortened form; the full secret is shown once, at creation. If you no longer have it, create a new key at ${apiKeysPage}.`,
	'two-keys': 'Two values were joined: keep exactly one key.',
	'missing-value': 'The program that sets the variable wrote a missing value as text: give it the real key.',
	'cut-short': 'The key was cut off when it was copied: copy it again in full (select the whole value).',
	'runs-on': 'Something was pasted onto the end of the key: keep only the key itself (it has as many characters after T3BlbkFJ as before).',
	'session-token': `A ChatGPT session token is not an API key: use an API key from ${apiKeysPage}.`,
	'literal-escape': 'Remove the backslash escape (\\n, \\r) from the end of the value: it came from JSON or a quoted string, where it stands for a line break, and is no part of the key.',
};

const malformedRule: Rule = {
	id: 'key-malformed',
	step: 2,
	title: 'OPENAI_API_KEY is not an OpenAI secret key',
	fix: [`Copy the secret key itself (it starts with sk- and contains T3BlbkFJ) from where you saved it, or create a new one at ${apiKeysPage}.`],
	meaning: 'The value is not an OpenAI secret key: cut short or with text run onto it, a URL, a pasted line or sentence, a key id (key_…), an organization or project id, a literal \\n copied out of JSON. OpenAI secrets start with sk- and contain T3BlbkFJ.',
	docs: [docsLinks.apiKeys, docsLinks.incorrectKey],
	evaluate(facts) {
		const keys = usedKeys(facts).filter(
			key =>
				key.analysis.anatomy.kind === 'malformed' &&
				key.analysis.malformedCode !== 'empty' &&
				key.analysis.malformedCode !== 'jwt' &&
				(key.analysis.notAKeyAnywhere || openAIFormatMatters(facts, key)),
		);
		if (keys.length === 0) return undefined;
		const specific = keys.map(key => malformedFixes[key.analysis.malformedCode!]).filter((line): line is string => Boolean(line));
		return hit(
			'high',
			keys.flatMap(key => key.used.map(observation => `${named(key, observation)}: ${key.analysis.anatomy.malformedReason}`)),
			[...new Set(specific), ...malformedRule.fix, ...whereToFix(keys)],
			pasteNewKeySnippets,
		);
	},
};

const jwtRule: Rule = {
	id: 'key-jwt',
	step: 2,
	title: 'OPENAI_API_KEY holds a login token (JWT), not an API key',
	fix: [
		`Use an API key (sk-…) from ${apiKeysPage}: a ChatGPT or Codex login token, or an OAuth or session token, is refused with 401 invalid_issuer.`,
	],
	meaning: 'The value is a JWT (a ChatGPT, Codex, OAuth or session token), not an API key; the API answers 401 invalid_issuer.',
	docs: [docsLinks.apiKeys, docsLinks.authentication],
	evaluate(facts) {
		const keys = usedKeys(facts).filter(key => key.analysis.anatomy.jwt && formatMatters(facts, key));
		if (keys.length === 0) return undefined;
		const evidence = keys.flatMap(key => {
			const issuer = key.analysis.anatomy.jwt?.issuer;
			return evidenceFor(key, issuer ? `is a JWT (a login or OAuth token) issued by ${issuer}` : 'is a JWT (a login or OAuth token); its issuer could not be read');
		});
		return hit('high', evidence, [...jwtRule.fix, ...whereToFix(keys)], pasteNewKeySnippets);
	},
};

const otherProviderRule: Rule = {
	id: 'key-other-provider',
	step: 2,
	title: "OPENAI_API_KEY holds another provider's key",
	fix: [`Put an OpenAI key (${apiKeysPage}) in OPENAI_API_KEY, or point the base URL at the provider the key belongs to.`],
	meaning: 'OPENAI_API_KEY holds another provider\'s key (Anthropic sk-ant-, OpenRouter sk-or-, Groq gsk_, Google AIza, xAI, Perplexity, DeepSeek, a relay\'s), while the base URL is OpenAI\'s.',
	docs: [docsLinks.apiKeys, docsLinks.openaiPython],
	evaluate(facts) {
		const baseUrl = factsBaseUrl(facts).url;
		const calling = providerOfBaseUrl(baseUrl);
		// LangChain (and openai < 1.0) call OPENAI_API_BASE: a key of that provider is paired there (legacy-env-vars covers the rest).
		const legacyBase = factsSettings(facts).OPENAI_API_BASE?.trim();
		const callingLegacy = legacyBase ? providerOfBaseUrl(legacyBase) : undefined;
		// Azure keys are the azure-endpoint cause: they need another client, not another base URL.
		const keys = usedKeys(facts).filter(
			key =>
				key.analysis.anatomy.kind === 'other-provider' &&
				key.analysis.anatomy.provider !== 'azure' &&
				key.analysis.anatomy.provider !== calling &&
				key.analysis.anatomy.provider !== callingLegacy &&
				formatMatters(facts, key),
		);
		if (keys.length === 0) return undefined;
		const host = calling ? providerApis[calling]!.name : 'OpenAI';
		const evidence = keys.flatMap(key => {
			const provider = providerApis[key.analysis.anatomy.provider!];
			const article = provider?.article ?? 'a';
			return evidenceFor(key, `is ${article} ${key.analysis.anatomy.label}, but the base URL is ${baseUrl} (${host})`);
		});
		const fix: string[] = [];
		const snippets: Snippet[] = [];
		for (const providerId of new Set(keys.map(key => key.analysis.anatomy.provider!))) {
			const provider = providerApis[providerId];
			if (!provider?.baseUrl) continue;
			fix.push(
				`Or keep the ${provider.name} key and point the client at ${provider.name}'s OpenAI-compatible API: base URL ${provider.baseUrl} (use that provider's model names).`,
			);
			snippets.push({id: `base-url-${providerId}`, label: `Send requests to ${provider.name} instead of OpenAI`, language: 'sh', text: `export OPENAI_BASE_URL="${provider.baseUrl}"`});
		}

		const first = keys[0]!;
		const firstProvider = providerApis[first.analysis.anatomy.provider!];
		const title = firstProvider ? `OPENAI_API_KEY holds ${firstProvider.article} ${firstProvider.name} key` : undefined;
		const confidence: Confidence = keys.every(key => key.analysis.anatomy.provider === 'deepseek') ? 'medium' : 'high';
		return hit(
			confidence,
			evidence,
			[`Use an OpenAI key from ${apiKeysPage} in OPENAI_API_KEY.`, ...fix, ...whereToFix(keys)],
			[snippets, pasteNewKeySnippets[0]!].flat(),
			title,
		);
	},
};

const adminRule: Rule = {
	id: 'key-admin',
	step: 2,
	title: 'OPENAI_API_KEY holds an admin key, which cannot call models',
	fix: [
		`Create a project key at ${apiKeysPage} and put it in OPENAI_API_KEY.`,
		'Keep the admin key in OPENAI_ADMIN_KEY, for the organization admin APIs only.',
	],
	meaning: 'OPENAI_API_KEY holds an admin key (sk-admin-…), made for the organization administration APIs; it cannot call models.',
	docs: [docsLinks.administration, docsLinks.apiKeys],
	evaluate(facts) {
		const keys = usedKeys(facts).filter(key => key.analysis.anatomy.kind === 'admin' && formatMatters(facts, key));
		if (keys.length === 0) return undefined;
		const confidence: Confidence = keys.every(key => key.live === 'valid') ? 'medium' : 'high';
		return hit(confidence, keys.flatMap(key => evidenceFor(key, 'is an OpenAI admin key (sk-admin-…), meant for the organization admin APIs')), [...adminRule.fix, ...whereToFix(keys)], [
			{
				id: 'admin-key-move',
				label: 'Keep the admin key for admin APIs and use a project key for the app',
				language: 'sh',
				text: 'export OPENAI_ADMIN_KEY="$OPENAI_API_KEY"\nexport OPENAI_API_KEY="<paste your new key>"',
			},
		]);
	},
};

const whitespaceRule: Rule = {
	id: 'key-whitespace',
	step: 2,
	title: 'OPENAI_API_KEY has whitespace or a line break around the key',
	fix: [
		'Remove the whitespace where the value is set.',
		'When you write a key with echo, use printf %s (or echo -n) so no newline is added.',
	],
	meaning: 'The value has a space, tab, newline or carriage return around (or inside) the key: a CRLF .env, `echo | base64`, a copy that took the line end. Some clients refuse to send it, others send it and get 401.',
	docs: [docsLinks.incorrectKey],
	evaluate(facts) {
		// A value that is only whitespace is key-empty's.
		const keys = withDefect(facts, 'whitespace').filter(key => !key.analysis.anatomy.defects.includes('empty'));
		const sourced = dotenvLinesWith(facts, 'shell-crlf');
		if (keys.length === 0 && sourced.length === 0) return undefined;
		const carriageReturn = keys.some(key => key.analysis.defectDetails.some(detail => detail.defect === 'whitespace' && detail.text.includes('\\r')));
		const files = [
			...new Set(keys.flatMap(key => key.seen.map(observation => filePath(observation.source) ?? profilePath(observation.source)).filter((path): path is string => Boolean(path)))),
		];
		const fix = [...whitespaceRule.fix];
		const snippets: Snippet[] = [
			{
				id: 'env-strip-whitespace',
				label: 'Strip it in this shell (then fix where it is set)',
				language: 'sh',
				text: `export OPENAI_API_KEY="$(printf %s "$OPENAI_API_KEY" | tr -d ' \\t\\r\\n')"`,
			},
			{id: 'powershell-strip-whitespace', label: 'Strip it in PowerShell', language: 'powershell', text: '$env:OPENAI_API_KEY = $env:OPENAI_API_KEY.Trim()'},
		];
		if (carriageReturn) {
			fix.push(
				files.length > 0
					? `${files.join(', ')} has Windows line endings (CRLF): convert it with dos2unix, or save it with LF endings in your editor.`
					: 'A carriage return (\\r) comes from a file saved with Windows line endings (CRLF) that set the variable: convert that file with dos2unix.',
			);
			for (const file of files) snippets.push({id: `dos2unix-${file}`, label: `Convert ${file} to LF line endings`, language: 'sh', text: `dos2unix ${shellQuote(file)}`});
		}

		for (const file of new Set(sourced.map(line => line.file))) {
			fix.push(`${file} has Windows line endings (CRLF) and the project loads it with the shell: convert it with dos2unix, or save it with LF endings in your editor.`);
			if (!snippets.some(snippet => snippet.id === `dos2unix-${file}`)) snippets.push({id: `dos2unix-${file}`, label: `Convert ${file} to LF line endings`, language: 'sh', text: `dos2unix ${shellQuote(file)}`});
		}

		const evidence = [...defectEvidence(keys, ['whitespace']), ...sourced.map(line => `${line.source} (${line.fingerprint}): ${line.message}`)];
		const inside = keys.some(key => key.analysis.defectDetails.some(detail => detail.defect === 'whitespace' && detail.text.endsWith('inside the key')));
		return hit(keys.length > 0 ? defectConfidence(keys) : 'high', evidence, [...fix, ...whereToFix(keys)], snippets, inside ? 'OPENAI_API_KEY has a space or tab inside the key' : undefined);
	},
};

const quotedRule: Rule = {
	id: 'key-quoted',
	step: 2,
	title: 'OPENAI_API_KEY keeps quotes as part of the value',
	fix: [
		'Remove the quotes at the source that kept them: a docker --env-file, a compose env_file or list entry, a systemd EnvironmentFile or nested quotes in a profile keep them literally.',
		'In .env files one pair of quotes around the value is fine for dotenv; quotes inside those quotes are kept.',
	],
	meaning: 'The value itself starts or ends with a quote: docker --env-file, compose env_file or list entries, systemd EnvironmentFile and nested quotes keep quotes as part of the value.',
	docs: [docsLinks.composeInterpolation, docsLinks.incorrectKey],
	evaluate(facts) {
		const keys = withDefect(facts, 'quoted');
		const docker = dotenvLinesWith(facts, 'docker-quotes');
		if (keys.length === 0 && docker.length === 0) return undefined;
		const evidence = [...defectEvidence(keys, ['quoted']), ...docker.map(line => `${line.source} (${line.fingerprint}): ${line.message}`)];
		const dockerFix = docker.map(line => `Drop the quotes around the value on ${line.source.replace(/^file:/, '')}: docker run --env-file passes them into the container as part of the key.`);
		return hit(keys.length > 0 ? defectConfidence(keys) : 'high', evidence, [...quotedRule.fix, ...dockerFix, ...whereToFix(keys)], [
			{
				id: 'env-strip-quotes',
				label: 'Strip the quotes in this shell (then fix where it is set)',
				language: 'sh',
				text: `export OPENAI_API_KEY="$(printf %s "$OPENAI_API_KEY" | tr -d "\\"'")"`,
			},
		]);
	},
};

/**
 * The OPENAI_API_KEY lines of `.env` files (the definition each file keeps) that carry a
 * defect only one reader has: `docker-quotes` (docker run --env-file keeps the quotes),
 * `shell-crlf` (the shell keeps the \r). The project runs that reader, so its value is what the app gets.
 */
function dotenvLinesWith(facts: Facts, code: 'docker-quotes' | 'shell-crlf'): Array<{source: string; file: string; fingerprint: string; message: string}> {
	const dotenv = facts.results.get('dotenv')?.data as DotenvProbeData | undefined;
	return (dotenv?.files ?? []).flatMap(file =>
		file.definitions.flatMap(definition => {
			const defect = definition.defects.find(item => item.code === code);
			if (definition.variable !== 'OPENAI_API_KEY' || !definition.effective || definition.empty || !defect || !definition.fingerprint) return [];
			return [{source: definition.source, file: file.shown, fingerprint: definition.fingerprint, message: defect.message}];
		}),
	);
}

const bearerRule: Rule = {
	id: 'key-bearer-prefix',
	step: 2,
	title: 'OPENAI_API_KEY starts with "Bearer "',
	fix: ['Store the bare key: the client adds "Bearer " itself, so the header becomes "Bearer Bearer sk-…".'],
	meaning: 'The stored value starts with "Bearer " (or a whole "Authorization: Bearer" header was pasted); the client adds "Bearer " again.',
	docs: [docsLinks.authentication],
	evaluate(facts) {
		const keys = withDefect(facts, 'bearer-prefix');
		if (keys.length === 0) return undefined;
		return hit(defectConfidence(keys), defectEvidence(keys, ['bearer-prefix']), [...bearerRule.fix, ...whereToFix(keys)], [
			{id: 'env-strip-bearer', label: 'Drop the prefix in this shell (then fix where it is set)', language: 'sh', text: 'export OPENAI_API_KEY="${OPENAI_API_KEY#Bearer }"'},
		]);
	},
};

const invisibleRule: Rule = {
	id: 'key-invisible-chars',
	step: 2,
	title: 'OPENAI_API_KEY contains invisible or non-ASCII characters',
	fix: [
		'Retype the key, or copy it again into a plain-text editor from where you saved it (a password manager, not a chat, document or web page that adds typographic characters).',
		`If you no longer have it, create a new key at ${apiKeysPage} (the secret is shown only once).`,
	],
	meaning: 'The value holds zero-width or non-breaking spaces, curly quotes, dashes or other characters past ASCII that came with a copy from a chat, document or web page.',
	docs: [docsLinks.incorrectKey],
	evaluate(facts) {
		// Control characters inside a key are invisible too; CAUSES.md has no separate id for them.
		const keys = usedKeys(facts).filter(key => key.analysis.anatomy.defects.some(defect => defect === 'invisible-chars' || defect === 'control-chars'));
		if (keys.length === 0) return undefined;
		const snippets: Snippet[] = keys.every(key => isOpenAiKind(key.analysis))
			? [
					{
						id: 'env-keep-key-characters',
						label: 'Keep only the characters an OpenAI key has (this shell only)',
						language: 'sh',
						text: `export OPENAI_API_KEY="$(printf %s "$OPENAI_API_KEY" | LC_ALL=C tr -cd 'A-Za-z0-9_-')"`,
					},
				]
			: [];
		return hit(defectConfidence(keys), defectEvidence(keys, ['invisible-chars', 'control-chars']), [...invisibleRule.fix, ...whereToFix(keys)], snippets);
	},
};

/**
 * A rule that also says, when the key it judged is the one a new terminal would bring
 * (this process has none), that opening a new terminal hands the app that very value.
 */
function namingNewTerminal(rule: Rule): Rule {
	return {
		...rule,
		evaluate(facts) {
			const found = rule.evaluate(facts);
			const later = usedKeys(facts).filter(key => key.newTerminal);
			if (!found || later.length === 0) return found;
			const where = [...new Set(later.flatMap(key => key.used.map(observation => observation.source)))];
			return {
				...found,
				evidence: [
					...found.evidence,
					`This process has no OPENAI_API_KEY; a new terminal gets ${listOf(later.map(key => key.secret.fingerprint))} (${where.join(', ')}), so opening one, as the fix for the unloaded profile says, hands the app this value.`,
				],
			};
		},
	};
}

function listOf(items: readonly string[]): string {
	return [...new Set(items)].join(', ');
}

/**
 * Causes in the key's value (CAUSES.md "The key's value"), judged on the keys the app
 * actually uses (or, when this process has none, the key a new terminal would give it):
 * a bad value in a file the app does not read is no cause. What the value is comes
 * first, then what wraps it. key-missing and key-empty live in local-sources.ts.
 */
export const keyValueRules: Rule[] = [placeholderRule, malformedRule, jwtRule, otherProviderRule, adminRule, whitespaceRule, quotedRule, bearerRule, invisibleRule].map(
	namingNewTerminal,
);
