import type {Language} from '../code/file-kinds.js';
import type {Snippet} from '../types.js';

/**
 * The lines that load `.env` before the client is created, for the project's languages
 * (Python and Node when there is no code to tell by). `entry` names the file that builds
 * the client, where the load belongs.
 */
export function dotenvLoadSnippets(languages: readonly Language[], entry?: string): Snippet[] {
	const where = entry ? ` (top of ${entry})` : '';
	const known = languages.filter(language => language in perLanguage);
	const chosen = known.length > 0 ? known : (['python', 'javascript'] as const);
	return chosen.flatMap(language => perLanguage[language as keyof typeof perLanguage](where));
}

const perLanguage = {
	python: (where: string): Snippet[] => [
		{id: 'python-load-dotenv', label: `Python: load .env before creating the client${where}`, language: 'python', text: 'from dotenv import load_dotenv\nload_dotenv()  # before OpenAI()'},
		{id: 'python-dotenv-install', label: 'Python: install the loader', language: 'sh', text: 'pip install python-dotenv'},
	],
	javascript: (where: string): Snippet[] => [
		{id: 'node-load-dotenv', label: `Node: load .env first${where}`, language: 'javascript', text: "import 'dotenv/config'; // first line, before new OpenAI()"},
		{id: 'node-env-file', label: 'Or let Node load it (Node 20.6+)', language: 'sh', text: 'node --env-file=.env app.js'},
	],
	go: (where: string): Snippet[] => [{id: 'go-load-dotenv', label: `Go: load .env first${where} (github.com/joho/godotenv)`, language: 'text', text: 'godotenv.Load() // in main(), before openai.NewClient'}],
	ruby: (where: string): Snippet[] => [{id: 'ruby-load-dotenv', label: `Ruby: load .env first${where} (the dotenv gem)`, language: 'text', text: "require 'dotenv/load'"}],
	php: (where: string): Snippet[] => [{id: 'php-load-dotenv', label: `PHP: load .env first${where} (vlucas/phpdotenv)`, language: 'text', text: 'Dotenv\\Dotenv::createImmutable(__DIR__)->load();'}],
} as const;
