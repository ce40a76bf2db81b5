import type {RunOptions, Snippet} from '../types.js';
import {shellQuote} from '../api/request-plan.js';
import {describeBaseUrlSource} from '../local/app-settings.js';
import {terminalSafe} from '../report/terminal-safe.js';
import {apiKeysPage} from './questions.js';

/** A link the wizard shows, with what it is for. */
export type DocLink = {label: string; url: string};

/**
 * The curl command that repeats the live check by hand; it names `$OPENAI_API_KEY`, never
 * the key. The URL is quoted: a base URL from a cloned project's .env must not be able to
 * add a command to what the user pastes.
 */
export function curlCommand(options: Pick<RunOptions, 'baseUrl'>, env: Readonly<Record<string, string | undefined>>): string {
	const lines = [`curl -sS ${shellQuote(terminalSafe(`${options.baseUrl}/models`))}`, `  -H "Authorization: Bearer $OPENAI_API_KEY"`];
	if (env.OPENAI_ORG_ID?.trim()) lines.push(`  -H "OpenAI-Organization: $OPENAI_ORG_ID"`);
	if (env.OPENAI_PROJECT_ID?.trim()) lines.push(`  -H "OpenAI-Project: $OPENAI_PROJECT_ID"`);
	return lines.join(' \\\n');
}

/** Step 4's links: the docs that apply to this setup. */
export function docLinks(options: Pick<RunOptions, 'baseUrl'>, env: Readonly<Record<string, string | undefined>>): DocLink[] {
	const links: DocLink[] = [
		{label: 'Authentication (API reference)', url: 'https://platform.openai.com/docs/api-reference/authentication'},
		{label: 'Error codes', url: 'https://platform.openai.com/docs/guides/error-codes'},
		{label: 'Python library', url: 'https://github.com/openai/openai-python'},
		{label: 'Node library', url: 'https://github.com/openai/openai-node'},
	];
	const azure = /\.openai\.azure\.com$/i.test(hostOf(options.baseUrl)) || Object.keys(env).some(name => name.startsWith('AZURE_OPENAI_') && env[name]);
	if (azure) links.push({label: 'Azure OpenAI authentication', url: 'https://learn.microsoft.com/azure/ai-services/openai/reference'});
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
