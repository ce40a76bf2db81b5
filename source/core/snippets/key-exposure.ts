import type {Snippet} from '../types.js';

const clientFromEnvironment: readonly Snippet[] = [
	{id: 'python-client-from-env', label: 'Python: let the client read OPENAI_API_KEY', language: 'python', text: 'client = OpenAI()  # reads OPENAI_API_KEY'},
	{id: 'node-client-from-env', label: 'Node: let the client read OPENAI_API_KEY', language: 'javascript', text: 'const client = new OpenAI(); // reads OPENAI_API_KEY'},
];

/** The client built without a key in the code (it reads OPENAI_API_KEY itself), for the project's languages (both when none is known). */
export function clientFromEnvironmentSnippets(languages: readonly string[] = []): Snippet[] {
	const chosen = clientFromEnvironment.filter(snippet => languages.includes(snippet.language));
	return chosen.length > 0 ? chosen : [...clientFromEnvironment];
}

/** Keeps `.env` files out of git from now on (the example file stays committable). */
export const gitignoreDotenvSnippet: Snippet = {id: 'gitignore-dotenv', label: 'Ignore .env files (run in the repository folder)', language: 'sh', text: "printf '%s\\n' '.env' '.env.*' '!.env.example' >> .gitignore"};

/** Stops tracking a committed file without deleting it from the disk. */
export function untrackSnippet(files: readonly string[]): Snippet {
	const quoted = files.map(file => (/^[\w./-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`));
	return {id: 'git-untrack', label: 'Stop tracking it (the file stays on disk)', language: 'sh', text: `git rm --cached -- ${quoted.join(' ')}\ngit commit -m "Stop tracking secrets"`};
}

/**
 * Removes the key from every commit: git filter-repo (or BFG) with a replacements file
 * that the user fills in; the key itself never appears in the command.
 */
export const purgeHistorySnippets: readonly Snippet[] = [
	{
		id: 'git-filter-repo',
		label: 'Purge it from history with git filter-repo (put the old key on one line of a file first, then delete the file)',
		language: 'sh',
		text: 'git filter-repo --replace-text ../old-keys.txt\ngit push --force --all && git push --force --tags',
	},
	{id: 'bfg', label: 'Or with BFG Repo-Cleaner', language: 'sh', text: 'bfg --replace-text ../old-keys.txt\ngit reflog expire --expire=now --all && git gc --prune=now --aggressive'},
];

/** Puts a new key into the environment without it landing in the shell's history. */
export const readSilentlySnippet: Snippet = {id: 'read-silently', label: 'Type a key without echo or history', language: 'sh', text: 'read -rs OPENAI_API_KEY && export OPENAI_API_KEY'};
