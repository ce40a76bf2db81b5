import {composeEmptyKeys, composeMapsName} from '../../deployed/app-keys.js';
import {composeEnvironmentSnippet, composeRecreateSnippet} from '../../snippets/deployed.js';
import {analyzeKey, keyCore, providerOfBaseUrl} from '../../keys/anatomy.js';
import {factsBaseUrl} from '../../local/app-settings.js';
import {dotenvCandidate, dotenvKeepsExisting, effectiveKey, type EffectiveKey} from '../../keys/effective.js';
import type {Secret} from '../../keys/secret.js';
import {malformingDefects, type DotenvDefectCode} from '../../local/dotenv-scan.js';
import {listSome} from '../../local/list-some.js';
import {keyVariable} from '../../local/near-names.js';
import {appKeyReads, codeReadsName, namesSet} from '../../code/facts-view.js';
import type {DotenvProbeData} from '../../probes/dotenv.js';
import type {LoginShellData} from '../../probes/login-shell.js';
import type {MisnamedVariable, MisnamedVarsData} from '../../probes/misnamed-vars.js';
import type {ProfileDefinitionFact, ProfilesProbeData} from '../../probes/profiles.js';
import {docsLinks} from './docs-links.js';
import type {Confidence, Facts, LiveStatus, Rule, RuleHit, Snippet} from '../../types.js';
import {appError, appHadNoKey, appSaid, appSentAKey} from './read-app-error.js';

const apiKeysPage = 'https://platform.openai.com/api-keys';

/** Everything the local-source rules read, worked out once per facts object. */
type Local = {
	env: 'unset' | 'empty' | 'set';
	envSecret?: Secret;
	effective: EffectiveKey;
	dotenv?: DotenvProbeData;
	profiles?: ProfilesProbeData;
	login?: LoginShellData;
	misnamed: MisnamedVariable[];
	live(sha256: string | undefined): LiveStatus;
	matchesError(sha256: string | undefined): boolean | undefined;
	secret(sha256: string | undefined): Secret | undefined;
};

const localCache = new WeakMap<Facts, Local>();

function local(facts: Facts): Local {
	const cached = localCache.get(facts);
	if (cached) return cached;
	const effective = effectiveKey(facts);
	const value = facts.env[keyVariable] ?? (effective.origin === 'env' ? effective.observation?.secret.reveal() : undefined);
	const bySha = new Map(facts.keys.map(key => [key.secret.sha256, key]));
	const misnamedData = facts.results.get('misnamed-vars')?.data as MisnamedVarsData | undefined;
	const computed: Local = {
		env: value === undefined ? 'unset' : value.trim() === '' ? 'empty' : 'set',
		...(effective.origin === 'env' && effective.observation ? {envSecret: effective.observation.secret} : {}),
		effective,
		...dataOf<DotenvProbeData>(facts, 'dotenv', 'dotenv'),
		...dataOf<ProfilesProbeData>(facts, 'profiles', 'profiles'),
		...dataOf<LoginShellData>(facts, 'login-shell', 'login'),
		misnamed: misnamedData?.found ?? misnamedFromObservations(facts),
		live: sha256 => (sha256 ? (bySha.get(sha256)?.live ?? 'untested') : 'untested'),
		matchesError: sha256 => (sha256 ? bySha.get(sha256)?.matchesError : undefined),
		secret: sha256 => (sha256 ? bySha.get(sha256)?.secret : undefined),
	};
	localCache.set(facts, computed);
	return computed;
}

function dataOf<T>(facts: Facts, id: string, as: string): Record<string, T> {
	const data = facts.results.get(id)?.data as T | undefined;
	return data ? {[as]: data} : {};
}

/** Near-named sightings when the misnamed-vars probe did not run (its observations carry the name). */
function misnamedFromObservations(facts: Facts): MisnamedVariable[] {
	return facts.keys.flatMap(key =>
		key.observations
			.filter(observation => observation.variable !== keyVariable && /OPEN_?AI|GPT/i.test(observation.variable) && !/^AZURE_|ADMIN/i.test(observation.variable))
			.map(observation => ({
				variable: observation.variable,
				source: observation.source,
				where: observation.origin === 'dotenv' ? ('dotenv' as const) : observation.origin === 'profile' ? ('profile' as const) : ('env' as const),
				match: 'known-misname' as const,
				sha256: key.secret.sha256,
				fingerprint: key.secret.fingerprint,
			})),
	);
}

/** `.env:3` from `file:.env:3`, `~/.bashrc:12` from `profile:~/.bashrc:12`. */
function shown(source: string): string {
	return source.replace(/^(file|profile):/, '');
}

function pathOf(source: string): string {
	return shown(source).replace(/:\d+$/, '');
}

function lineOf(source: string): string {
	return /:(\d+)$/.exec(source)?.[1] ?? '';
}

function shellQuote(text: string): string {
	if (text.startsWith('~/')) return `~/${shellQuote(text.slice(2))}`;
	return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function hit(confidence: Confidence, evidence: string[], fix: string[], snippets: Snippet[] = [], title?: string): RuleHit {
	return {confidence, evidence, fix, snippets, ...(title ? {title} : {})};
}

/** True for an OpenAI key of a usable kind (not a placeholder, not malformed, not another provider's). */
/** Another provider's key whose provider is the app's base URL (a gateway key with its gateway). */
function pairedWithBaseUrl(facts: Facts, secret: Secret): boolean {
	const anatomy = analyzeKey(secret.reveal());
	return anatomy.kind === 'other-provider' && anatomy.provider !== undefined && anatomy.provider === providerOfBaseUrl(factsBaseUrl(facts).url);
}

function isRealOpenAiKey(secret: Secret | undefined): boolean {
	if (!secret) return false;
	const anatomy = analyzeKey(secret.reveal());
	return anatomy.provider === 'openai';
}

/** The user's profile file to add an export to, and the line for their shell. */
function profileSnippet(profiles: ProfilesProbeData | undefined, login: LoginShellData | undefined): Snippet {
	const shell = profiles?.shell ?? login?.shell;
	if (shell === 'fish') {
		return {id: 'fish-set-key', label: 'Set it for every fish session', language: 'sh', text: 'set -Ux OPENAI_API_KEY "<paste your new key>"'};
	}

	if (shell === 'pwsh') {
		return {id: 'powershell-set-key', label: 'Set it for your user (new terminals)', language: 'powershell', text: "[Environment]::SetEnvironmentVariable('OPENAI_API_KEY', '<paste your new key>', 'User')"};
	}

	const file = shell === 'zsh' ? '~/.zshrc' : shell === 'bash' ? '~/.bashrc' : '~/.profile';
	return {
		id: 'profile-export-key',
		label: `Add it to ${file} for new terminals`,
		language: 'sh',
		text: `echo 'export OPENAI_API_KEY="<paste your new key>"' >> ${file}`,
	};
}

const overrideSnippets: Snippet[] = [
	{id: 'python-dotenv-override', label: 'Python: let .env win', language: 'python', text: 'from dotenv import load_dotenv\nload_dotenv(override=True)'},
	{id: 'node-dotenv-override', label: 'Node: let .env win', language: 'javascript', text: "require('dotenv').config({override: true})"},
];

const keyMissingRule: Rule = {
	id: 'key-missing',
	step: 2,
	title: 'OPENAI_API_KEY is not set anywhere the app can get it',
	fix: [
		`If you have no key yet, create one at ${apiKeysPage} (the secret is shown once).`,
		'Set OPENAI_API_KEY where the app runs: in your shell profile (then open a new terminal), or in a .env file the app loads.',
	],
	meaning: 'OPENAI_API_KEY is not set where the app runs: not in its environment, not in a .env file it loads, not in a shell profile, and no near-named variable holds a key. The client library then refuses to start, or sends no key and gets 401.',
	docs: [docsLinks.apiKeys, docsLinks.keySafety, docsLinks.authentication],
	evaluate(facts) {
		const state = local(facts);
		if (state.env !== 'unset' || state.effective.state !== 'none') return undefined;
		// Any sighting of the key, even one that does not reach the app, is another cause's business.
		if (facts.keys.some(key => key.observations.some(observation => observation.variable === keyVariable))) return undefined;
		// An Azure OpenAI app reads AZURE_OPENAI_API_KEY instead (azure-endpoint covers a missing endpoint).
		if (facts.keys.some(key => key.observations.some(observation => observation.variable === 'AZURE_OPENAI_API_KEY'))) return undefined;
		if (state.misnamed.length > 0) return undefined;
		// The code reads the key under another name, and that name is set: the app has a key (or another cause says why not).
		const set = namesSet(facts);
		if (appKeyReads(facts).some(read => read.name !== keyVariable && set.has(read.name))) return undefined;
		const dotenvLines = state.dotenv?.files.flatMap(file => file.definitions.filter(definition => definition.variable === keyVariable)) ?? [];
		if (dotenvLines.length > 0) return undefined;
		if (state.profiles?.definitions.some(definition => definition.variable === keyVariable)) return undefined;
		if (state.login?.set) return undefined;
		// The app's error proves it has a key: this machine lacks one, but that is not why the app fails (app-uses-other-key).
		const error = appError(facts);
		if (appSentAKey(error)) return undefined;
		const evidence = ["OPENAI_API_KEY is not in this process's environment."];
		if (error && appHadNoKey(error)) evidence.unshift(`${appSaid(error)} The app had no key either.`);
		if (state.dotenv) {
			const files = state.dotenv.files.filter(file => file.kind === 'dotenv').map(file => file.shown);
			const where = state.dotenv.searched.length > 1 ? 'the project folder or its parents' : 'the project folder';
			const partly = state.dotenv.files.some(file => file.kind === 'dotenv' && (file.truncated || !file.readable));
			evidence.push(files.length > 0 ? `No .env file sets it${partly ? ' in what could be read' : ''} (${listSome(files, 6)}).` : `There is no .env file in ${where}.`);
		}

		const broken = state.profiles?.broken.filter(line => line.variable === keyVariable) ?? [];
		const fix = [...this.fix];
		if (broken.length > 0) {
			evidence.push(...broken.slice(0, 4).map(line => `${shown(line.source)} ${line.problem}.`));
			fix.unshift(`Write the line as export OPENAI_API_KEY=… with no spaces around "=" (${listSome(broken.map(line => shown(line.source)), 4)}), then open a new terminal.`);
		} else if (state.profiles) {
			evidence.push(`No shell startup file sets it (${state.profiles.files.length} read).`);
		}

		if (state.login?.ran) evidence.push(`A fresh ${state.login.shell} login shell does not have it either.`);
		evidence.push('No variable with a similar name (OPENAI_KEY, OPEN_AI_API_KEY…) holds a key.');
		// A .env read only in part, or not at all, may still set it for a loader that reads it whole.
		const unread = state.dotenv?.files.filter(file => file.kind === 'dotenv' && (file.truncated || !file.readable)) ?? [];
		for (const file of unread.slice(0, 3)) {
			evidence.push(`${file.truncated ? `${file.shown} was read only in part` : `${file.shown} could not be read (${file.problem ?? 'unreadable'})`}: it may set OPENAI_API_KEY where this check could not see.`);
		}

		if (unread.length > 0) fix.unshift(`Look at ${listSome(unread.map(file => file.shown), 3)} yourself: a .env should be a small text file of NAME=value lines.`);
		// The code may read the key under another name: then that is the name to set.
		const otherNames = appKeyReads(facts).filter(read => read.name !== keyVariable);
		if (otherNames.length > 0) {
			evidence.push(`The code reads the key from ${listSome([...new Set(otherNames.map(read => read.name))], 3)} (${listSome(otherNames.map(read => read.at), 3)}), not from OPENAI_API_KEY.`);
			fix.unshift(`Set the variable the code reads (${otherNames[0]!.name}), or change the code to read OPENAI_API_KEY.`);
		}

		return hit(unread.length > 0 ? 'medium' : 'high', evidence, fix, [
			{id: 'env-export-new-key', label: 'Set it in this shell', language: 'sh', text: 'export OPENAI_API_KEY="<paste your new key>"'},
			profileSnippet(state.profiles, state.login),
			{id: 'dotenv-new-key', label: 'Or the line in the project\'s .env', language: 'dotenv', text: 'OPENAI_API_KEY=<paste your new key>'},
			{id: 'powershell-session-key', label: 'PowerShell, this session', language: 'powershell', text: '$env:OPENAI_API_KEY = "<paste your new key>"'},
		]);
	},
};

const keyEmptyRule: Rule = {
	id: 'key-empty',
	step: 2,
	title: 'OPENAI_API_KEY is set, but empty',
	fix: ['Give OPENAI_API_KEY a value, and find what sets it empty.'],
	meaning: 'OPENAI_API_KEY is set but empty or only whitespace (compose `${VAR}` with the variable unset, a CI secret that is missing, an empty line in a file); an empty variable also keeps a .env loader from filling it.',
	docs: [docsLinks.authentication, docsLinks.composeInterpolation],
	evaluate(facts) {
		const state = local(facts);
		const services = composeEmptyKeys(facts);
		if (state.effective.state !== 'empty' && services.length === 0) return undefined;
		const evidence: string[] = [];
		const fix: string[] = [];
		const snippets: Snippet[] = [];
		const emptyHere = state.effective.state === 'empty';
		if (emptyHere && state.effective.origin === 'env') {
			evidence.push(`OPENAI_API_KEY is set in this process's environment, but ${facts.env[keyVariable] === '' ? 'empty' : 'only whitespace'}.`);
			const candidate = state.dotenv ? dotenvCandidate(state.dotenv) : undefined;
			if (candidate && !candidate.definition.empty) {
				evidence.push(
					`${shown(candidate.definition.source)} sets ${candidate.definition.fingerprint}, but ${dotenvKeepsExisting}, even an empty one: the empty value wins and the .env key is never loaded.`,
				);
				fix.push('Run `unset OPENAI_API_KEY` in this terminal (an empty variable still blocks .env), then start the app again.');
				snippets.push({id: 'env-unset', label: 'Remove the empty variable from this shell', language: 'sh', text: 'unset OPENAI_API_KEY'}, ...overrideSnippets);
			} else {
				fix.push('Set it in this terminal, or `unset OPENAI_API_KEY` so a .env file can provide it.');
				snippets.push({id: 'env-export-new-key', label: 'Set it in this shell', language: 'sh', text: 'export OPENAI_API_KEY="<paste your new key>"'});
			}

			const emptyLines = state.profiles?.definitions.filter(definition => definition.variable === keyVariable && definition.empty) ?? [];
			for (const definition of emptyLines) {
				evidence.push(`${shown(definition.source)} sets it to an empty value.`);
				fix.push(`Remove the empty assignment at ${shown(definition.source)} (or give it the key), then open a new terminal.`);
			}

			if (state.login?.ran && state.login.empty) evidence.push(`A fresh ${state.login.shell} login shell gets it empty too: a startup file sets it that way.`);
			if (state.login?.ran && state.login.fingerprint) {
				evidence.push(`A fresh ${state.login.shell} login shell gets ${state.login.fingerprint} from your startup files: this terminal's environment is older than they are.`);
			}
			if (emptyLines.length === 0) {
				fix.push('If a tool starts the app (docker compose, CI, an IDE run configuration), look there for OPENAI_API_KEY set to nothing (compose `${OPENAI_API_KEY}` with the variable unset gives an empty string).');
			}
		} else if (emptyHere && state.effective.source) {
			evidence.push(`${shown(state.effective.source)} sets OPENAI_API_KEY to an empty value, and the environment has no OPENAI_API_KEY to use instead, so the app gets the empty value.`);
			fix.push(`Put the key on ${shown(state.effective.source)}: OPENAI_API_KEY=<paste your new key>.`);
			snippets.push({id: 'dotenv-new-key', label: `The line in ${pathOf(state.effective.source)}`, language: 'dotenv', text: 'OPENAI_API_KEY=<paste your new key>'});
		}

		for (const service of services) {
			const {key} = service;
			const where = key.from === 'env_file' ? `${key.envFile?.shown ?? 'its env_file'}${key.envFile?.line ? `:${key.envFile.line}` : ''}` : `${key.entry?.file ?? service.file}${key.entry?.line ? `:${key.entry.line}` : ''}`;
			evidence.push(`${where} gives compose service ${service.name} OPENAI_API_KEY as an empty value${state.effective.state === 'key' ? ', whatever this shell holds' : ''}: the app in its container gets an empty key.`);
			fix.push(
				key.from === 'env_file'
					? `Put the key on ${where} (OPENAI_API_KEY=<your key>), then recreate ${service.name}: docker compose up -d --force-recreate ${service.name}.`
					: `Give ${service.name} the key from the shell or the project's .env instead of an empty value (below), then recreate it: docker compose up -d --force-recreate ${service.name}.`,
			);
			if (key.from !== 'env_file') snippets.push(composeEnvironmentSnippet(service.name, key.entry?.form ?? 'list'));
			snippets.push(composeRecreateSnippet(service.name));
		}

		return hit('high', evidence, [...fix, ...this.fix.slice(fix.length > 0 ? 1 : 0)], snippets);
	},
};

const varMisnamedRule: Rule = {
	id: 'var-misnamed',
	step: 2,
	title: 'The key is stored under the wrong variable name',
	fix: ['Rename the variable to OPENAI_API_KEY: OpenAI\'s SDKs (and most tools) read only that name.'],
	meaning: 'The key is stored under a near name (OPENAI_KEY, OPEN_AI_API_KEY, OPENAI_API_TOKEN, lower case, a typo) while OpenAI\'s SDKs read only OPENAI_API_KEY.',
	docs: [docsLinks.keySafety, docsLinks.openaiPython],
	evaluate(facts) {
		const state = local(facts);
		// A name the project's code reads on purpose is the right name for this app (a build tool's public one aside).
		// So is a name the project's compose file hands to the app's container as its OPENAI_API_KEY.
		const misnamed = state.misnamed.filter(item => (item.match === 'framework-prefix' || !codeReadsName(facts, item.variable)) && !composeMapsName(facts, item.variable));
		if (state.effective.state === 'key' || misnamed.length === 0) return undefined;
		// A key under its right name somewhere (a profile, a .env the loader skips) is another cause.
		const evidence: string[] = [];
		const fix: string[] = [];
		const snippets: Snippet[] = [];
		const seen = new Set<string>();
		for (const item of misnamed) {
			if (seen.has(item.source)) continue;
			seen.add(item.source);
			const where = item.where === 'env' ? 'this process\'s environment' : shown(item.source);
			evidence.push(`${item.variable} holds ${item.fingerprint} in ${where}, but OPENAI_API_KEY is ${state.effective.state === 'empty' ? 'empty' : 'not set'}.`);
			if (item.where === 'env') {
				fix.push(`Rename ${item.variable} to OPENAI_API_KEY where you set it (shell profile, IDE or service settings).`);
				snippets.push({id: `env-rename-${item.variable}`, label: `Copy ${item.variable} into OPENAI_API_KEY in this shell`, language: 'sh', text: `export OPENAI_API_KEY="$${item.variable}"`});
			} else {
				const file = pathOf(item.source);
				fix.push(`Rename ${item.variable} to OPENAI_API_KEY on ${shown(item.source)}.`);
				const prefix = item.where === 'profile' ? '\\(export[[:space:]]\\{1,\\}\\)\\{0,1\\}' : '';
				snippets.push({
					id: `rename-${item.variable}-${file}`,
					label: `Rename it in ${file} (keeps a .bak copy)`,
					language: 'sh',
					text: `sed -i.bak '${lineOf(item.source)}s/^${prefix ? `${prefix}` : ''}${item.variable}=/${prefix ? '\\1' : ''}OPENAI_API_KEY=/' ${shellQuote(file)}`,
				});
			}
		}

		// The live check tried the key under its wrong name: say whether renaming is enough.
		for (const sha256 of new Set(state.misnamed.map(item => item.sha256))) {
			const item = state.misnamed.find(candidate => candidate.sha256 === sha256)!;
			const live = state.live(sha256);
			if (live === 'valid') evidence.push(`The live check accepted ${item.fingerprint}: renaming ${item.variable} to OPENAI_API_KEY is all it takes.`);
			else if (live === 'invalid') evidence.push(`The live check rejected ${item.fingerprint}: renaming ${item.variable} alone will not help, the key itself is refused (see the live check).`);
			else if (live === 'error') evidence.push(`The live check could not judge ${item.fingerprint} (see the live check): rename it, then check again.`);
		}

		fix.push('Or pass the key explicitly in code: OpenAI(api_key=os.environ["…"]) / new OpenAI({apiKey: process.env.…}).');
		// VITE_…, NEXT_PUBLIC_…: the build hands these to browser code, which may read it on purpose.
		const prefixed = misnamed.filter(item => item.match === 'framework-prefix');
		if (prefixed.length > 0) {
			evidence.push(
				`${listSome([...new Set(prefixed.map(item => item.variable))], 3)} is a build tool's public variable: it reaches code bundled for the browser (import.meta.env / process.env at build time), while the OpenAI SDK in a server reads OPENAI_API_KEY. If the browser code passes it as apiKey on purpose, every visitor can read the key.`,
			);
			fix.push('Keep the key on the server: call OpenAI from a server route that reads OPENAI_API_KEY, and drop the public variable.');
		}

		const allPrefixed = prefixed.length === misnamed.length;
		const confidence: Confidence = !allPrefixed && (misnamed.some(item => state.live(item.sha256) === 'valid') || state.effective.state === 'none') ? 'high' : 'medium';
		return hit(confidence, evidence, [...new Set(fix)], snippets);
	},
};

/**
 * How to name `secret` beside `other` in one cause: the fingerprint, plus the start of
 * the sha256 when both fingerprints look the same.
 */
function named(secret: Secret, other: {fingerprint?: string; sha256?: string} | undefined): string {
	return other?.fingerprint === secret.fingerprint && other.sha256 !== secret.sha256 ? `${secret.fingerprint} (sha256 ${secret.sha256.slice(0, 8)})` : secret.fingerprint;
}

/** The live-check words for one key, when it ran. */
function liveWords(status: LiveStatus): string {
	return status === 'valid' ? 'the live check accepted it' : status === 'invalid' ? 'the live check rejected it with 401' : '';
}

/** `; the live check …` after a sighting, or nothing when the key was not checked. */
function liveSuffix(status: LiveStatus): string {
	const words = liveWords(status);
	return words ? `; ${words}` : '';
}

/**
 * An empty OPENAI_API_KEY (compose's `${OPENAI_API_KEY}` with nothing set, an `export
 * OPENAI_API_KEY=` line) blocks the .env key just as a stale one does: loaders keep any
 * existing variable. key-empty names the empty value; this names what it hides.
 */
function emptyShadow(state: Local): RuleHit | undefined {
	const candidate = state.dotenv ? dotenvCandidate(state.dotenv) : undefined;
	if (!candidate || candidate.definition.empty || !candidate.definition.sha256) return undefined;
	const dotenvKey = state.secret(candidate.definition.sha256);
	if (!dotenvKey || !isRealOpenAiKey(dotenvKey)) return undefined;
	return hit(
		'medium',
		[
			'The environment has OPENAI_API_KEY set, but empty.',
			`${shown(candidate.definition.source)} sets ${dotenvKey.fingerprint}${liveSuffix(state.live(dotenvKey.sha256))}.`,
			`${capitalize(dotenvKeepsExisting)}, even an empty one, so the app gets the empty value and the .env key is never used.`,
		],
		['Run `unset OPENAI_API_KEY` in this terminal (an empty variable still blocks .env), then start the app again.', 'Remove whatever sets it empty (a profile line, a compose `environment:` entry, a CI variable).'],
		[{id: 'env-unset', label: 'Drop the empty variable from this shell', language: 'sh', text: 'unset OPENAI_API_KEY'}, ...overrideSnippets],
		'An empty OPENAI_API_KEY in the environment hides the key in .env',
	);
}

const staleEnvShadowsDotenvRule: Rule = {
	id: 'stale-env-shadows-dotenv',
	step: 2,
	title: 'An old OPENAI_API_KEY in the environment hides the key in .env',
	fix: [
		'Run `unset OPENAI_API_KEY` in this terminal and start the app again, so the .env key loads.',
		'Remove (or update) the line that exports the old key, so new terminals do not bring it back.',
		'Or load .env with override: load_dotenv(override=True) in Python, dotenv.config({override: true}) in Node.',
	],
	meaning: 'The process environment and a .env file hold different keys; dotenv loaders keep a variable that already exists, so an old exported key wins over the one in .env.',
	docs: [docsLinks.pythonDotenv, docsLinks.nodeDotenv],
	evaluate(facts) {
		const state = local(facts);
		if (state.env === 'unset') return latentShadow(state);
		if (state.env === 'empty') return emptyShadow(state);
		if (state.env !== 'set' || !state.envSecret || !state.dotenv) return undefined;
		const candidate = dotenvCandidate(state.dotenv);
		if (!candidate || candidate.definition.empty || !candidate.definition.sha256) return undefined;
		const envKey = state.envSecret;
		const dotenvKey = state.secret(candidate.definition.sha256);
		if (!dotenvKey || dotenvKey.sha256 === envKey.sha256) return undefined;
		// The same key under whitespace, quotes or "Bearer " is the value rules' business, not a stale key.
		if (sameKeyUnderneath(dotenvKey, envKey)) return undefined;
		// A placeholder or a non-key in .env does not make the environment's key stale; another
		// provider's key does, when the .env also points the base URL at that provider.
		if (!isRealOpenAiKey(dotenvKey) && !pairedWithBaseUrl(facts, dotenvKey)) return undefined;
		const envLive = state.live(envKey.sha256);
		const dotenvLive = state.live(dotenvKey.sha256);
		if (envLive === 'valid' || dotenvLive === 'invalid') return undefined;
		const envIsKey = isRealOpenAiKey(envKey);
		const envMatchesError = state.matchesError(envKey.sha256);
		if (envMatchesError === false && state.matchesError(dotenvKey.sha256) === true) return undefined;
		const confidence: Confidence = envLive === 'invalid' || dotenvLive === 'valid' || !envIsKey || envMatchesError === true ? 'high' : 'medium';
		const evidence = [
			`The environment has OPENAI_API_KEY = ${named(envKey, dotenvKey)}${liveSuffix(envLive)}.`,
			`${shown(candidate.definition.source)} sets ${named(dotenvKey, envKey)}${liveSuffix(dotenvLive)}.`,
			`${capitalize(dotenvKeepsExisting)}, so the app gets ${envKey.fingerprint} and the .env key is never used.`,
		];
		if (envMatchesError === true) evidence.push(`The error your app printed shows ${envKey.fingerprint}'s mask.`);
		const origins = whereEnvKeyComesFrom(state, envKey.sha256);
		evidence.push(...origins.evidence);
		const fix = [...this.fix];
		if (origins.lines.length > 0) fix[1] = `Remove (or update) the line that exports the old key: ${listSome(origins.lines, 4)}; then open a new terminal.`;
		return hit(confidence, evidence, fix, [{id: 'env-unset', label: 'Drop the old key from this shell', language: 'sh', text: 'unset OPENAI_API_KEY'}, ...overrideSnippets]);
	},
};

/** True when two values hold the same key once what wraps or pollutes them is peeled off. */
function sameKeyUnderneath(a: Secret, b: Secret): boolean {
	return keyCore(a.reveal()) === keyCore(b.reveal());
}

/**
 * This process has no OPENAI_API_KEY, so the app gets the .env key now; but the startup
 * files export another key, so every new terminal has it in its environment, and dotenv
 * keeps it: the app started from a new terminal gets the profile's key, never .env's.
 */
function latentShadow(state: Local): RuleHit | undefined {
	const {dotenv, login, profiles} = state;
	if (!dotenv || dotenv.override || state.effective.state !== 'key' || state.effective.origin !== 'dotenv') return undefined;
	const dotenvKey = state.effective.observation!.secret;
	// The login shell is what a new terminal really gets; the files as read stand in when it did not run.
	const profileSha = login?.ran ? (login.exported ? login.sha256 : undefined) : profiles?.outcome.set && profiles.outcome.exported ? profiles.outcome.sha256 : undefined;
	const profileKey = state.secret(profileSha);
	if (!profileKey || profileKey.sha256 === dotenvKey.sha256 || sameKeyUnderneath(profileKey, dotenvKey) || !isRealOpenAiKey(dotenvKey)) return undefined;
	const profileLive = state.live(profileKey.sha256);
	const dotenvLive = state.live(dotenvKey.sha256);
	if (profileLive === 'valid' || dotenvLive === 'invalid') return undefined;
	const lines = exportedKeyLines(profiles).filter(definition => definition.sha256 === profileKey.sha256).map(definition => shown(definition.source));
	const evidence = [
		`${shown(state.effective.source!)} sets ${named(dotenvKey, profileKey)}${liveSuffix(dotenvLive)}; this process has no OPENAI_API_KEY, so an app started from here gets it.`,
	];
	if (lines.length > 0) evidence.push(`${listSome(lines, 4)} export${lines.length === 1 ? 's' : ''} OPENAI_API_KEY = ${named(profileKey, dotenvKey)}${liveSuffix(profileLive)}.`);
	if (login?.ran && login.sha256 === profileKey.sha256) evidence.push(`A fresh ${login.shell} login shell gets ${named(profileKey, dotenvKey)}: every new terminal has it in its environment.`);
	evidence.push(`${capitalize(dotenvKeepsExisting)}, so an app started from a new terminal (or a service that reads your profile) gets ${profileKey.fingerprint} and the .env key is never used.`);
	const file = lines[0] ? pathOf(`profile:${lines[0]}`) : undefined;
	const fix = [
		lines.length > 0
			? `Remove (or update) the line that exports the old key: ${listSome(lines, 4)}; then open a new terminal.`
			: 'Remove (or update) the startup-file line that exports the old key; then open a new terminal.',
		'Or load .env with override: load_dotenv(override=True) in Python, dotenv.config({override: true}) in Node.',
	];
	const confidence: Confidence = profileLive === 'invalid' || dotenvLive === 'valid' ? 'high' : 'medium';
	const inFile = lines.filter(line => pathOf(`profile:${line}`) === file).map(lineOf);
	const snippets: Snippet[] =
		file && !isSessionFile(file) && inFile.length > 0
			? [{id: 'profile-drop-old-key', label: `Delete the old export from ${file} (keeps a .bak copy)`, language: 'sh', text: `sed -i.bak ${inFile.map(line => `-e '${line}d'`).join(' ')} ${shellQuote(file)}`}]
			: [];
	return hit(confidence, evidence, fix, [...snippets, ...overrideSnippets], 'Your startup files export an old OPENAI_API_KEY that will hide the key in .env in every new terminal');
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where the environment's key is set, from the profile and login-shell facts, by value. */
function whereEnvKeyComesFrom(state: Local, sha256: string): {evidence: string[]; lines: string[]} {
	const lines = (state.profiles?.definitions ?? []).filter(definition => definition.variable === keyVariable && definition.sha256 === sha256).map(definition => shown(definition.source));
	const evidence: string[] = [];
	if (lines.length > 0) evidence.push(`That key is exported by ${listSome(lines, 4)}.`);
	else if (state.login?.ran && state.login.sha256 === sha256) evidence.push(`A fresh ${state.login.shell} login shell gets it too: a startup file sets it.`);
	return {evidence, lines};
}

/** Fix lines for each malformed-line defect. */
const dotenvFixes: Partial<Record<DotenvDefectCode, string>> = {
	'space-around-equals': 'Write the line as OPENAI_API_KEY=value, with no spaces around "=".',
	'colon-separator': 'Use "=" instead of ":" (OPENAI_API_KEY=value).',
	'unclosed-quote': 'Close the quote on the same line, or drop the quotes: a key needs none.',
	'text-after-quote': 'Remove the text after the closing quote (a comment needs a "#").',
	'multiline-value': 'Close the quote on the same line: the key must fit on one line.',
	'not-parsed': 'Write the line as OPENAI_API_KEY=value.',
	bom: 'Save the file as UTF-8 without a byte-order mark.',
	'utf-16': 'Save the file as UTF-8 (PowerShell: Set-Content -Encoding utf8, or "Save with encoding" in your editor).',
	duplicate: 'Keep one OPENAI_API_KEY line in the file and delete the others.',
	'docker-export': 'Drop "export " from the line: docker run --env-file reads NAME=value lines only.',
	'docker-quotes': 'Drop the quotes around the value: docker run --env-file keeps them.',
};

function dotenvSnippets(file: string, codes: ReadonlySet<DotenvDefectCode>): Snippet[] {
	const quoted = shellQuote(file);
	const snippets: Snippet[] = [];
	if (codes.has('bom')) snippets.push({id: `strip-bom-${file}`, label: `Remove the byte-order mark from ${file}`, language: 'sh', text: `sed -i.bak '1s/^\\xEF\\xBB\\xBF//' ${quoted}`});
	if (codes.has('utf-16')) {
		snippets.push({id: `to-utf8-${file}`, label: `Convert ${file} to UTF-8`, language: 'sh', text: `iconv -f UTF-16 -t UTF-8 ${quoted} > ${quoted}.utf8 && mv ${quoted}.utf8 ${quoted}`});
	}

	if (codes.has('space-around-equals')) {
		snippets.push({
			id: `no-spaces-${file}`,
			label: `Remove the spaces around "=" in ${file} (keeps a .bak copy)`,
			language: 'sh',
			text: `sed -i.bak -E 's/^([[:space:]]*(export[[:space:]]+)?OPENAI_API_KEY)[[:space:]]*=[[:space:]]*/\\1=/' ${quoted}`,
		});
	}

	return snippets;
}

const dotenvSyntaxRule: Rule = {
	id: 'dotenv-syntax',
	step: 2,
	title: 'The .env line that sets OPENAI_API_KEY is malformed',
	fix: ['Fix the line so every loader reads the same value.'],
	meaning: 'The .env line that sets the key is malformed for the loader that reads it: spaces around `=`, an unclosed quote, `export` in a file docker reads, CRLF line ends, duplicate definitions with different values.',
	docs: [docsLinks.pythonDotenv, docsLinks.nodeDotenv],
	evaluate(facts) {
		const state = local(facts);
		if (!state.dotenv) return undefined;
		const evidence: string[] = [];
		const fix: string[] = [];
		const snippets: Snippet[] = [];
		let inLoadedFile = false;
		for (const file of state.dotenv.files) {
			if (file.kind !== 'dotenv') continue;
			const bad = file.definitions.filter(definition => definition.variable === keyVariable && definition.defects.some(defect => malformingDefects.has(defect.code)));
			if (bad.length === 0) continue;
			if (state.dotenv.loader.order.includes(file.shown)) inLoadedFile = true;
			const codes = new Set<DotenvDefectCode>();
			for (const definition of bad) {
				for (const defect of definition.defects) {
					if (!malformingDefects.has(defect.code) || codes.has(defect.code)) continue;
					codes.add(defect.code);
					evidence.push(`${shown(definition.source)}: ${defect.message}.`);
					const line = dotenvFixes[defect.code];
					if (line) fix.push(`${file.shown}: ${line}`);
				}
			}

			snippets.push(...dotenvSnippets(file.shown, codes));
		}

		if (evidence.length === 0) return undefined;
		const appKeyWorks = state.effective.observation && state.live(state.effective.observation.secret.sha256) === 'valid';
		const confidence: Confidence = appKeyWorks ? 'low' : inLoadedFile ? 'high' : 'medium';
		return hit(confidence, evidence, [...new Set(fix)], snippets);
	},
};

/** Profile lines that set OPENAI_API_KEY with a value, exported. */
function exportedKeyLines(profiles: ProfilesProbeData | undefined): ProfileDefinitionFact[] {
	return profiles?.definitions.filter(definition => definition.variable === keyVariable && definition.exported && !definition.empty) ?? [];
}

/** Session files (PAM, systemd) are read at login, not by shells, and hold plain NAME=value lines. */
function isSessionFile(file: string | undefined): boolean {
	return file === '/etc/environment' || Boolean(file?.startsWith('~/.config/environment.d/'));
}

function reloadSnippet(file: string | undefined, shell: string | undefined): Snippet {
	if (isSessionFile(file)) {
		return {id: 'reload-profile', label: 'Load it in this terminal (it is read at login)', language: 'sh', text: `set -a; . ${file}; set +a`};
	}

	if (shell === 'fish') return {id: 'reload-profile', label: 'Load it in this terminal', language: 'sh', text: `source ${file ?? '~/.config/fish/config.fish'}`};
	return {id: 'reload-profile', label: 'Load it in this terminal', language: 'sh', text: `source ${file ?? (shell === 'zsh' ? '~/.zshrc' : '~/.bashrc')}`};
}

/** The fix line that loads `file` into this terminal. */
function reloadFix(file: string | undefined): string {
	if (isSessionFile(file)) return `${file} is read when you log in: log out and back in (or load it in this terminal as below), then start the app again.`;
	return file ? `Run \`source ${file}\` in this terminal, or open a new one, then start the app again.` : 'Open a new terminal (it reads your startup files), then start the app again.';
}

const profileNotLoadedRule: Rule = {
	id: 'profile-not-loaded',
	step: 2,
	title: 'Your shell profile sets the key, but this shell does not have it',
	fix: ['Load the profile in this terminal (source it) or open a new terminal, then start the app from there.'],
	meaning: 'A shell startup file sets the key, but the shell that started the app did not read it: the terminal was opened before the line was added, the file belongs to another shell, or a login shell skips it.',
	docs: [docsLinks.bashStartup, docsLinks.zshStartup],
	evaluate(facts) {
		const state = local(facts);
		const {login, profiles} = state;
		const shell = profiles?.shell ?? login?.shell;
		const exported = exportedKeyLines(profiles);
		// No key reaches the app, but a profile (or a fresh login shell) has one.
		if (state.env === 'unset' && state.effective.state === 'none') {
			if (login?.ran && login.sha256) {
				const lines = exported.filter(definition => definition.sha256 === login.sha256).map(definition => shown(definition.source));
				const file = lines[0] ? pathOf(`profile:${lines[0]}`) : undefined;
				return hit(
					'high',
					[
						`A fresh ${login.shell} login shell gets OPENAI_API_KEY = ${login.fingerprint}${lines.length > 0 ? ` from ${listSome(lines, 4)}` : ' from your startup files'}.`,
						'This process does not have it: this terminal was opened before that line was added (or started a shell that skips that file).',
					],
					[reloadFix(file)],
					[reloadSnippet(file, shell)],
				);
			}

			if (exported.length === 0) return undefined;
			const notRead = exported.filter(definition => !definition.readByUserShell);
			const read = exported.filter(definition => definition.readByUserShell);
			if (read.length === 0 && notRead.length > 0) {
				const order = profiles?.order.length ? profiles.order.join(', ') : 'its own startup files';
				return hit(
					'high',
					[
						...notRead.slice(0, 6).map(definition => `${shown(definition.source)} sets OPENAI_API_KEY (${definition.fingerprint ?? definition.computed ?? 'a value'}), but that file is read by ${definition.readBy}.`),
						`Your shell is ${shell ?? 'unknown'}${profiles?.order.length ? `; it reads ${order}` : ''}.`,
					],
					[`Move the export into a file your shell reads (${profileFileFor(shell)}), then open a new terminal.`],
					[profileSnippet(profiles, login)],
				);
			}

			// Bash login shells skip ~/.bashrc unless a login file sources it.
			const bashrcOnly = login?.ran && !login.set && shell === 'bash' && read.every(definition => definition.file === '~/.bashrc');
			const evidence = read.slice(-6).map(definition => `${shown(definition.source)} exports OPENAI_API_KEY (${definition.fingerprint ?? definition.computed ?? 'a value'}).`);
			evidence.push("This process's environment does not have it: the profile was edited after this terminal opened, or was never loaded here.");
			const fix = [...this.fix];
			if (bashrcOnly) {
				evidence.push(`A fresh bash login shell does not get it: login shells (macOS Terminal, ssh) read ~/.bash_profile or ~/.profile, which do not source ~/.bashrc here.`);
				fix.push('Add `[ -f ~/.bashrc ] && . ~/.bashrc` to ~/.bash_profile (or move the export there).');
			} else if (login?.ran && !login.set) {
				evidence.push(`A fresh ${login.shell} login shell does not get it either: something later in the startup files unsets it, or the line sits in a branch that does not run.`);
			}

			const file = pathOf(read[0]!.source);
			if (isSessionFile(file)) fix[0] = reloadFix(file);
			return hit(login?.ran ? 'high' : 'medium', evidence, fix, [reloadSnippet(file, shell)]);
		}

		// This terminal has one key and a new terminal would get another: the profile changed after this one opened.
		if (state.env === 'set' && state.envSecret && state.effective.origin === 'env') {
			const envSecret = state.envSecret;
			const envLive = state.live(envSecret.sha256);
			if (envLive === 'valid') return undefined;
			// Two views of a new terminal: the startup files read in its order, and a real login shell (which on Linux
			// runs the login files after ~/.bashrc when they source it). Either one agreeing with this terminal clears it.
			const simulated = profiles?.outcome.set && profiles.outcome.exported ? profiles.outcome.sha256 : undefined;
			if (simulated === envSecret.sha256 || (login?.ran && login.sha256 === envSecret.sha256)) return undefined;
			const profileSha = simulated ?? (login?.ran ? login.sha256 : undefined);
			if (!profileSha) return undefined;
			const profileSecret = state.secret(profileSha);
			const profileLive = state.live(profileSha);
			// A placeholder or non-key in the profile does not make this terminal's key stale; nor does the same key with whitespace (key-whitespace's).
			if (profileLive === 'invalid' || !isRealOpenAiKey(profileSecret) || profileSecret!.reveal().trim() === envSecret.reveal().trim()) return undefined;
			// direnv or a sourced .env set this terminal's key on purpose, per project.
			if (state.dotenv?.files.some(item => item.definitions.some(definition => definition.sha256 === envSecret.sha256))) return undefined;
			const lines = exported.filter(definition => definition.sha256 === profileSha).map(definition => shown(definition.source));
			const fingerprint = named(profileSecret!, envSecret);
			const file = lines[0] ? pathOf(`profile:${lines[0]}`) : undefined;
			const confidence: Confidence = profileLive === 'valid' ? 'high' : 'medium';
			return hit(
				confidence,
				[
					`This terminal has OPENAI_API_KEY = ${named(envSecret, profileSecret)}${envLive === 'invalid' ? ', and the live check rejected it with 401' : ''}.`,
					`A new terminal gets ${fingerprint}${lines.length > 0 ? ` from ${listSome(lines, 4)}` : ' from your startup files'}${liveWords(profileLive) ? `, and ${liveWords(profileLive)}` : ''}: the profile changed after this terminal opened (or the key was set here by hand), so the app started from here sends the old key.`,
				],
				[reloadFix(file), 'If the key in this terminal is the one you meant, put it in the profile instead, so new terminals get it too.'],
				[reloadSnippet(file, shell)],
				'This terminal has another key than your shell profile now gives new terminals',
			);
		}

		return undefined;
	},
};

function profileFileFor(shell: string | undefined): string {
	switch (shell) {
		case 'zsh':
			return '~/.zshrc';
		case 'fish':
			return '~/.config/fish/config.fish';
		case 'bash':
			return '~/.bashrc, and ~/.bash_profile for login shells';
		default:
			return '~/.profile';
	}
}

const profileMissingExportRule: Rule = {
	id: 'profile-missing-export',
	step: 2,
	title: 'Your profile assigns OPENAI_API_KEY without export',
	fix: ['Add `export` in front of the assignment, then open a new terminal: without it the shell keeps the variable to itself.'],
	meaning: 'A startup file assigns OPENAI_API_KEY without exporting it, so the shell keeps it to itself and programs it starts (the app) never see it.',
	docs: [docsLinks.bashStartup],
	evaluate(facts) {
		const state = local(facts);
		const {profiles, login} = state;
		if (!profiles?.outcome.set || profiles.outcome.exported) {
			// The login shell may still show it set but not exported (a file the static reader missed).
			if (!(login?.ran && login.set && !login.exported)) return undefined;
		}

		if (login?.ran && login.exported && login.sha256) return undefined;
		const lastLine = profiles?.outcome.set && !profiles.outcome.exported ? profiles.definitions.find(definition => definition.source === profiles.outcome.source) : undefined;
		const value = lastLine?.sha256;
		// The environment already has that very value (whitespace aside, key-whitespace's): it got exported some other way.
		if (value && state.envSecret && (state.envSecret.sha256 === value || state.envSecret.reveal().trim() === state.secret(value)?.reveal().trim())) return undefined;
		if (state.env === 'set') {
			// This terminal has a working key of its own: the unexported line changes nothing for the app.
			if (state.live(state.envSecret?.sha256) === 'valid' || !lastLine || !isRealOpenAiKey(state.secret(value))) return undefined;
		} else if (state.effective.state === 'key') {
			return undefined;
		}

		const evidence: string[] = [];
		const fix: string[] = [];
		const snippets: Snippet[] = [];
		if (lastLine) {
			evidence.push(`${shown(lastLine.source)} sets OPENAI_API_KEY${lastLine.fingerprint ? ` = ${lastLine.fingerprint}` : ''} with "${formWords(lastLine.form)}", which does not export it.`);
			fix.push(`${shown(lastLine.source)}: ${exportFix(lastLine.form)}`);
			if (lastLine.form === 'assignment') {
				snippets.push({
					id: `add-export-${lastLine.file}`,
					label: `Add export on ${shown(lastLine.source)} (keeps a .bak copy)`,
					language: 'sh',
					text: `sed -i.bak '${lastLine.line}s/^\\([[:space:]]*\\)OPENAI_API_KEY=/\\1export OPENAI_API_KEY=/' ${shellQuote(lastLine.file)}`,
				});
			}
		}

		if (login?.ran && login.set && !login.exported) evidence.push(`A fresh ${login.shell} login shell has OPENAI_API_KEY as a shell variable, but not in the environment it gives programs.`);
		evidence.push(
			state.env === 'set'
				? `So programs keep getting the older exported key (${state.envSecret?.fingerprint}) instead.`
				: "So programs started from the shell (your app, python, node) do not get it: this process's environment lacks it.",
		);
		const general = lastLine && !['assignment', 'declare'].includes(lastLine.form) ? ['Then open a new terminal.'] : this.fix;
		return hit(state.env === 'set' ? 'medium' : 'high', evidence, [...fix, ...general], snippets);
	},
};

function formWords(form: ProfileDefinitionFact['form']): string {
	switch (form) {
		case 'assignment':
			return 'OPENAI_API_KEY=…';
		case 'declare':
			return 'declare (no -x)';
		case 'set':
			return 'set (no -x)';
		case 'csh set':
			return 'set (csh)';
		case 'powershell variable':
			return '$OPENAI_API_KEY = … (a PowerShell variable)';
		default:
			return form;
	}
}

function exportFix(form: ProfileDefinitionFact['form']): string {
	switch (form) {
		case 'set':
			return 'use `set -gx OPENAI_API_KEY …` (fish exports only with -x).';
		case 'csh set':
			return 'use `setenv OPENAI_API_KEY …` (csh exports only with setenv).';
		case 'powershell variable':
			return 'use `$env:OPENAI_API_KEY = …` (a plain PowerShell variable is not in the environment).';
		case 'declare':
			return 'use `declare -x` or `export`.';
		default:
			return 'write `export OPENAI_API_KEY=…`.';
	}
}

const profileConflictRule: Rule = {
	id: 'profile-conflict',
	step: 2,
	title: 'Your startup files set different keys',
	fix: ['Keep one line that sets OPENAI_API_KEY and delete the others, then open a new terminal.'],
	meaning: 'Several startup lines or files set different keys; the one read last wins, which may not be the key you meant.',
	docs: [docsLinks.bashStartup, docsLinks.zshStartup],
	evaluate(facts) {
		const state = local(facts);
		const conflict = state.profiles?.conflict;
		if (!conflict) return undefined;
		// Only real keys count: a placeholder line overwritten by the real key is untidy, not a cause.
		const real = conflict.values.filter(value => isRealOpenAiKey(state.secret(value.sha256)) || !state.secret(value.sha256));
		if (real.length < 2) return undefined;
		const appKey = state.effective.observation?.secret.sha256;
		if (appKey && state.live(appKey) === 'valid') return undefined;
		const winner = conflict.winner ? state.profiles!.definitions.find(definition => definition.source === conflict.winner) : undefined;
		const winnerLive = state.live(winner?.sha256);
		const loserWorks = real.some(value => value.sha256 !== winner?.sha256 && state.live(value.sha256) === 'valid');
		// A few lines per key and a few keys are enough to show the conflict; junk files have hundreds.
		const evidence = real
			.slice(0, 6)
			.map(value => `${listSome(value.sources.map(shown))} set${value.sources.length === 1 ? 's' : ''} ${value.fingerprint}${liveSuffix(state.live(value.sha256))}.`);
		if (real.length > 6) evidence.push(`… and ${real.length - 6} more different keys.`);
		evidence.push(`${capitalize(conflict.reason)}.`);
		const login = state.login;
		if (login?.ran && login.sha256 && winner?.sha256) {
			evidence.push(login.sha256 === winner.sha256 ? `A fresh ${login.shell} login shell confirms it: it gets ${login.fingerprint}.` : `A fresh ${login.shell} login shell gets ${login.fingerprint}.`);
		}

		const working = real.filter(value => state.live(value.sha256) === 'valid').flatMap(value => value.sources);
		const all = real.flatMap(value => value.sources);
		const fix =
			working.length > 0
				? [`Keep ${shown(working.at(-1)!)} (the key that works) and delete ${listSome(all.filter(source => source !== working.at(-1)).map(shown), 6)}, then open a new terminal.`]
				: [`Keep one of ${listSome(all.map(shown), 6)} (the key the dashboard lists) and delete the others, then open a new terminal.`];
		return hit(winnerLive === 'invalid' && loserWorks ? 'high' : 'medium', evidence, fix);
	},
};

/**
 * Where the key comes from on this machine (CAUSES.md "Where the key comes from", and
 * key-missing / key-empty): which local source reaches the app, and what stops the one
 * the user meant. Each rule stays silent on a healthy setup: the same key everywhere,
 * a key only in a loaded .env, or a placeholder beside a working key.
 */
export const localSourcesRules: Rule[] = [
	keyMissingRule,
	keyEmptyRule,
	varMisnamedRule,
	staleEnvShadowsDotenvRule,
	profileNotLoadedRule,
	profileMissingExportRule,
	dotenvSyntaxRule,
	profileConflictRule,
];
