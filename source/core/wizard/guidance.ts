import type {RunOptions, Snippet} from '../types.js';
import {describeBaseUrlSource} from '../local/app-settings.js';
import {terminalSafe} from '../report/terminal-safe.js';
import {apiKeysPage} from './questions.js';

/** A link the wizard shows, with what it is for. */
export type DocLink = {label: string; url: string};

/**
 * What step 3 says instead of a command while the base URL waits for the user's word (or
 * after a No): no command is aimed at a host only a project file names.
 */
export function noCommandYet(choice: {file?: string; url: string}, declined = false): string {
	const named = `only ${choice.file ?? 'a project file'} names ${hostOf(choice.url) || 'this host'}, not you`;
	return declined ? `No command to test it yourself: ${named}, and you chose not to send your key there.` : `No command to test it yourself yet: ${named}. Answer the question above first.`;
}

/** Step 4's links: the docs that apply to this setup, then each client library's own (a migration guide where one applies), each once. */
export function docLinks(options: Pick<RunOptions, 'baseUrl'>, env: Readonly<Record<string, string | undefined>>, libraries: ReadonlyArray<{docs: readonly DocLink[]}> = []): DocLink[] {
	const links: DocLink[] = [
		{label: 'Authentication (API reference)', url: 'https://platform.openai.com/docs/api-reference/authentication'},
		{label: 'Error codes', url: 'https://platform.openai.com/docs/guides/error-codes'},
		{label: 'Python library', url: 'https://github.com/openai/openai-python'},
		{label: 'Node library', url: 'https://github.com/openai/openai-node'},
	];
	const azure = /\.openai\.azure\.com$/i.test(hostOf(options.baseUrl)) || Object.keys(env).some(name => name.startsWith('AZURE_OPENAI_') && env[name]);
	if (azure) links.push({label: 'Azure OpenAI authentication', url: 'https://learn.microsoft.com/azure/ai-services/openai/reference'});
	for (const library of libraries) for (const doc of library.docs) if (!links.some(link => link.url === doc.url)) links.push(doc);
	return links;
}

/** The base URL and where it came from, in words (`source` as `appBaseUrl` gives it). */
export function describeBaseUrl(base: {url: string; source: string}): string {
	const from = describeBaseUrlSource(base.source);
	return terminalSafe(`${base.url} (${from === 'the default' ? from : `from ${from}`})`);
}

function hostOf(url: string): string {
	try {
		return new URL(url).hostname;
	} catch {
		return '';
	}
}

/** Step 5's steps to replace a key, safest order first. */
export const rotateSteps: readonly string[] = [
	`Open ${apiKeysPage}, in the project the app uses, and create a new secret key.`,
	'Install it where the app reads it (the source that wins in step 2), replacing the old value.',
	'Choose "Check again" here: the live check must pass with the new key.',
	'Then revoke the old key on the same page, so a leaked copy stops working.',
];

/** Snippets that install a new key; they hold a placeholder, never a key. */
export const rotateSnippets: readonly Snippet[] = [
	{id: 'shell-export', label: 'This shell (and add the line to your profile)', language: 'sh', text: "export OPENAI_API_KEY='<paste your new key>'"},
	{id: 'dotenv-line', label: 'A .env file', language: 'dotenv', text: 'OPENAI_API_KEY=<paste your new key>'},
];

/** Why "Check again" may not see a fix made in the shell: the wizard's own environment was fixed at launch. */
export const recheckEnvironmentNote =
	'Check again re-reads files, profiles, a fresh login shell and the API; a change to this terminal’s variables (export, unset) needs key-wizard to be started again from that terminal.';
