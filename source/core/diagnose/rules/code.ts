import {dotenvLoading} from '../../code/dotenv-loading.js';
import {appKeyReads, codeScanOf, librariesOf, namesSet} from '../../code/facts-view.js';
import {appKeyNames} from '../../code/key-reads.js';
import {migrationGuides} from '../../code/library-behaviour.js';
import {outdatedLibraries} from '../../code/outdated.js';
import {dotenvCandidate} from '../../keys/effective.js';
import {listSome} from '../../local/list-some.js';
import type {DotenvProbeData} from '../../probes/dotenv.js';
import type {LoginShellData} from '../../probes/login-shell.js';
import {outdatedWords} from '../../probes/library-versions.js';
import {dotenvLoadSnippets} from '../../snippets/dotenv-loaders.js';
import {clientFromEnvironmentSnippets} from '../../snippets/key-exposure.js';
import type {Confidence, Facts, Rule, RuleHit, Snippet} from '../../types.js';
import {appFoundNoKey} from './live-api.js';
import {appSaid} from './read-app-error.js';

function hit(confidence: Confidence, evidence: string[], extra: Partial<RuleHit> = {}): RuleHit {
	return {confidence, evidence, ...extra};
}

/** The .env line a loader would take OPENAI_API_KEY from (non-empty), from the dotenv probe or, failing that, its sightings. */
function dotenvKeyLine(facts: Facts): {source: string; fingerprint: string} | undefined {
	const dotenv = facts.results.get('dotenv')?.data as DotenvProbeData | undefined;
	if (dotenv) {
		const candidate = dotenvCandidate(dotenv);
		return candidate && !candidate.definition.empty ? {source: candidate.definition.source, fingerprint: candidate.definition.fingerprint ?? 'a value'} : undefined;
	}

	for (const key of facts.keys) {
		const seen = key.observations.find(observation => observation.origin === 'dotenv' && observation.variable === 'OPENAI_API_KEY' && observation.secret.reveal().trim() !== '');
		if (seen) return {source: seen.source, fingerprint: seen.secret.fingerprint};
	}

	return undefined;
}

const dotenvNotLoadedRule: Rule = {
	id: 'dotenv-not-loaded',
	step: 2,
	title: 'The key is in .env, but the app never loads .env',
	fix: [
		'Load .env in the code before the client is created (python-dotenv load_dotenv(), node dotenv/config, node --env-file), from the folder that holds it.',
		'Or export OPENAI_API_KEY where the app runs.',
	],
	meaning: 'OpenAI’s SDKs read OPENAI_API_KEY from the process environment only; a .env file counts only when a loader (python-dotenv, dotenv, node --env-file, a framework) reads it into the environment before the client is created.',
	docs: ['https://pypi.org/project/python-dotenv/', 'https://nodejs.org/api/cli.html#--env-fileconfig'],
	evaluate(facts) {
		const dotenv = facts.results.get('dotenv')?.data as DotenvProbeData | undefined;
		const scan = codeScanOf(facts);
		const loading = dotenvLoading(dotenv, scan, appKeyNames(scan), facts.options.appRuntime);
		// The line with the key: OPENAI_API_KEY's (also from sightings alone), else the name the code reads.
		const line = dotenvKeyLine(facts) ?? (loading.state === 'no-key' ? undefined : {source: loading.source, fingerprint: loading.fingerprint ?? 'a value'});
		if (!line) return undefined;
		const variable = loading.state === 'no-key' ? 'OPENAI_API_KEY' : loading.variable;
		if (facts.env[variable] !== undefined) return undefined;
		const shown = line.source.replace(/^file:/, '');
		const named = variable === 'OPENAI_API_KEY' ? `OPENAI_API_KEY (${line.fingerprint})` : variable;
		const reads = appKeyReads(facts).filter(read => read.name === 'OPENAI_API_KEY');
		const firstClient = scan?.clients.find(client => client.implicitKey === 'OPENAI_API_KEY');
		const snippets = dotenvLoadSnippets(scan?.languages ?? [], firstClient?.file ?? reads[0]?.at.replace(/:\d+$/, ''));
		const error = appFoundNoKey(facts);
		const late = scan?.loadAfterClient ?? [];
		if (error) {
			const evidence = [
				`${appSaid(error)} The client library found no key, so nothing was sent.`,
				`${shown} sets ${named}, but the environment has none: .env files are not read by the SDKs themselves, only by a loader the code calls.`,
			];
			if (loading.state === 'not-loaded') evidence.push(`Nothing here loads it: ${loading.why}.`);
			else if (late.length > 0) evidence.push(...late.map(item => `${item.file}:${item.load} loads .env after the client is created at line ${item.client}.`));
			else evidence.push('The code does not load it, loads it after creating the client, or loads it from another folder than the one that holds it.');
			return hit('high', evidence, {snippets});
		}

		if (loading.state !== 'not-loaded') return undefined;
		const where = loading.file;
		const login = facts.results.get('login-shell')?.data as LoginShellData | undefined;
		const newTerminalHasKey = Boolean(login?.ran && login.exported && login.sha256);
		const evidence = [`${shown} sets ${named}, and this process's environment has none.`, loading.late ? `${where} is loaded too late: ${loading.why}.` : loading.withheld || loading.settingsObject ? `${where} is read, but its ${loading.variable} never reaches the client: ${loading.why}.` : `Nothing loads ${where}: ${loading.why}.`];
		const used = appKeyReads(facts).filter(read => read.name === loading.variable);
		if (used.length > 0) evidence.push(`The code reads ${loading.variable} from the environment (${listSome(used.map(read => `${read.at}: ${read.how}`), 2)})${loading.withheld || loading.settingsObject ? '' : ', and SDKs never read .env themselves'}: the client starts without a key.`);
		if (loading.partial) evidence.push(`The code scan was partial (${listSome(scan?.partial ?? ['no scan'], 2)}): a loader may sit in a file it did not read.`);
		if (newTerminalHasKey) evidence.push(`A new terminal gets OPENAI_API_KEY from your startup files (${login!.fingerprint}), so an app started there has a key, just not the .env one.`);
		const confidence: Confidence = loading.partial || used.length === 0 || newTerminalHasKey ? 'medium' : 'high';
		if (loading.withheld) {
			// No loader is missing: the name is what the framework withholds from browser code, and the public prefix would ship the key to browsers.
			const {framework, prefix} = loading.withheld;
			const server = framework === 'Next.js' ? 'a route handler (app/api/…/route.ts) or a server action' : 'a server (an API route or a small backend)';
			const fix = [
				`Call OpenAI from ${server} that reads process.env.${loading.variable}, and have the browser code call that: a key in browser code is readable by every visitor.`,
				`Renaming it to ${prefix}${loading.variable} would make ${framework} hand it over, by writing the key into the JavaScript it ships to browsers: only for a local prototype.`,
			];
			return hit(confidence, evidence, {fix});
		}

		if (loading.settingsObject) {
			// The values are there, in the settings object: hand the key to the client from it, or load .env into the environment.
			const {file: settingsFile, line: settingsLine, call} = loading.settingsObject;
			const handOver = /decouple/.test(call) ? `OpenAI(api_key=config("${loading.variable}"))` : /dotenv_values/.test(call) ? `OpenAI(api_key=values["${loading.variable}"])` : `OpenAI(api_key=settings.${loading.variable.toLowerCase()})`;
			const fix = [
				`Pass the key to the client from what ${call} read (${settingsFile}:${settingsLine}): ${handOver}.`,
				'Or load .env into the environment before the client is created (load_dotenv()), so OpenAI() finds the key where it looks.',
			];
			// python-dotenv is there already (pydantic-settings and decouple's .env reading need no more): the code is the fix.
			const handOverSnippet: Snippet = {id: 'python-pass-key', label: `Python: hand the key to the client${firstClient ? ` (${firstClient.file}:${firstClient.line})` : ''}`, language: 'python', text: `client = ${handOver}`};
			return hit(confidence, evidence, {fix, snippets: [handOverSnippet, ...snippets.filter(snippet => snippet.id !== 'python-dotenv-install')]});
		}

		return hit(confidence, evidence, {snippets});
	},
};

const codeReadsOtherVarRule: Rule = {
	id: 'code-reads-other-var',
	step: 4,
	title: 'The code reads the key from another variable than the one that is set',
	fix: ['Make the names agree: set the variable the code reads, or change the code to read OPENAI_API_KEY (or pass no key at all: the SDKs read OPENAI_API_KEY themselves).'],
	meaning: 'The app takes its key from an environment variable whose name differs from the one the key is stored under, so it gets nothing (or another, older value).',
	docs: ['https://platform.openai.com/docs/libraries'],
	evaluate(facts) {
		const reads = appKeyReads(facts);
		if (reads.length === 0) return undefined;
		const set = namesSet(facts);
		const keyNames = [...set.keys()].filter(name => name === 'OPENAI_API_KEY' || reads.some(read => read.name === name) || /OPEN_?AI.*(?:KEY|TOKEN)|AZURE_OPENAI_API_KEY/i.test(name));
		// The code also reads a name that is set (a fallback chain, or a second client): it gets a key.
		if (reads.some(read => set.has(read.name))) return undefined;
		const elsewhere = keyNames.filter(name => !reads.some(read => read.name === name));
		if (elsewhere.length === 0) return undefined;
		const unread = [...new Set(reads.map(read => read.name))];
		// Code that reads OPENAI_API_KEY while the key sits under a near name is var-misnamed's case.
		if (unread.every(name => name === 'OPENAI_API_KEY')) return undefined;
		const evidence = reads.slice(0, 4).map(read => `${read.at}: ${read.how} — the code takes the key from ${read.name}.`);
		evidence.push(`${listSome(unread, 3)} ${unread.length === 1 ? 'is' : 'are'} not set anywhere found (the environment, .env files, shell startup files).`);
		for (const name of elsewhere.slice(0, 3)) evidence.push(`The key is set as ${name} (${listSome([...new Set(set.get(name) ?? [])], 3)}).`);
		const rescued = reads.every(read => read.sdkFallsBack) && elsewhere.includes('OPENAI_API_KEY');
		if (rescued) evidence.push('The official SDK falls back to OPENAI_API_KEY when the key it is given is empty, so this works only by accident: any other client, or a check in the code, gets nothing.');
		const target = elsewhere.includes('OPENAI_API_KEY') ? 'OPENAI_API_KEY' : elsewhere[0]!;
		const snippets: Snippet[] = [
			{id: `env-copy-to-${unread[0]}`, label: `Give ${unread[0]} the key this shell has in ${target}`, language: 'sh', text: `export ${unread[0]}="$${target}"`},
			...(target === 'OPENAI_API_KEY' ? clientFromEnvironmentSnippets(codeScanOf(facts)?.languages) : []),
		];
		return hit(rescued ? 'medium' : 'high', evidence, {snippets});
	},
};

const outdatedLibraryRule: Rule = {
	id: 'outdated-library',
	step: 4,
	title: 'The OpenAI library and the code are a major version apart',
	fix: ['Upgrade the library and move the code to its API with the official migration guide, or pin the major version the code was written for.'],
	meaning: 'openai for Python before 1.0 and for Node before 4 use another API (and read other variables) than today’s; code written for one major version breaks on the other, often before any request is made.',
	docs: [migrationGuides['openai-python'].url, migrationGuides['openai-node'].url],
	evaluate(facts) {
		const libraries = librariesOf(facts);
		const scan = codeScanOf(facts);
		const found = outdatedLibraries(libraries?.sightings ?? [], scan);
		if (found.length === 0) return undefined;
		const evidence = found.map(outdatedWords);
		const fix: string[] = [];
		const snippets: Snippet[] = [];
		for (const item of found) {
			const guide = migrationGuides[item.library];
			if (item.library === 'openai-python') {
				fix.push(item.problem === 'new-code' ? 'Upgrade openai to 1.0 or later: the code is written for it.' : `Move the code to openai ≥ 1.0 (${guide.url}); \`openai migrate\` rewrites most calls.`);
				snippets.push({id: 'pip-upgrade-openai', label: 'Upgrade the Python library', language: 'sh', text: 'pip install --upgrade openai'});
			} else {
				fix.push(item.problem === 'new-code' ? 'Upgrade openai to 4 or later: the code is written for it.' : `Move the code to openai ≥ 4 (${guide.url}): new OpenAI() replaces new OpenAIApi(new Configuration(…)).`);
				snippets.push({id: 'npm-upgrade-openai', label: 'Upgrade the Node library', language: 'sh', text: 'npm install openai@latest'});
			}
		}

		return hit(found.every(item => item.certain) ? 'high' : 'medium', evidence, {fix: [...fix, ...this.fix.slice(1)], snippets});
	},
};

/** The project's code (CAUSES.md step 2 and 4): .env that is never loaded, a variable name the code does not read, a library a major version off. */
export const codeRules: Rule[] = [dotenvNotLoadedRule, codeReadsOtherVarRule, outdatedLibraryRule];
