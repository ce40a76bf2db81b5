import {fullScanLimits, scanCode, type CodeScan} from '../code/code-scan.js';
import {keyNamesRead} from '../code/key-reads.js';
import {formatBytes} from '../local/file-text.js';
import {listSome} from '../local/list-some.js';
import {holdsHome} from '../local/paths.js';
import type {KeyObservation, ProbeDefinition, ProbeStatus} from '../types.js';

/** Keys listed in the report at most; the details and the causes say how many more there are. */
export const maxKeysListed = 50;

/** What the code probe found: the scan itself (literal values only as Secrets). */
export type CodeProbeData = {scan: CodeScan};

const languageNames: Record<string, string> = {python: 'Python', javascript: 'JavaScript/TypeScript', go: 'Go', ruby: 'Ruby', php: 'PHP', rust: 'Rust', java: 'Java/Kotlin', csharp: 'C#', shell: 'shell'};

/**
 * Step 2: the project's own code, as git would see it: which variable it reads the key
 * from, whether and where it loads `.env`, which OpenAI client it builds, and keys
 * written into its files. Bounded (files, bytes, time) and marked partial when cut.
 */
export const codeProbe: ProbeDefinition<CodeProbeData> = {
	id: 'code',
	step: 2,
	title: 'Code that reads the key',
	checks: 'the variable your code reads, whether it loads .env, the client it builds, keys written into files',
	async run({ports, options, signal}) {
		// Run from a fresh terminal, the folder is your home: every project of yours is below it, none is the app's code.
		if (holdsHome(ports.cwd, ports.home)) {
			return {status: 'skip', summary: 'This is your home folder (or one that holds it), not a project: the app’s code is not scanned. Run key-wizard in the app’s folder (cd there, or --cwd).'};
		}

		// Stop well within the probe's own time limit, so a cut scan still reports what it read.
		const scan = await scanCode(ports, ports.cwd, {...fullScanLimits, budgetMs: Math.min(fullScanLimits.budgetMs, options.timeoutMs * 0.6)}, signal);
		// The .env probe reports the project folder's own .env files; deeper ones (config/.env.prod) are this probe's.
		const keys: KeyObservation[] = scan.literals
			.filter(literal => literal.fileKind !== 'dotenv' || literal.file.includes('/'))
			.slice(0, maxKeysListed)
			.map(literal => ({
				secret: literal.secret,
				source: `file:${literal.file}:${literal.line}`,
				origin: 'code',
				variable: (literal.fileKind === 'source' || literal.fileKind === 'config') && !literal.testFile ? 'OPENAI_API_KEY' : 'literal',
			}));
		return {...describe(scan), keys, data: {scan}};
	},
};

function describe(scan: CodeScan): {status: ProbeStatus; summary: string; details: string[]} {
	const details: string[] = [];
	const reads = keyNamesRead(scan);
	const names = [...new Set(reads.map(read => read.name))];
	for (const read of reads.slice(0, 8)) details.push(`${read.at}: ${read.how}.`);
	for (const load of scan.loads.slice(0, 4)) details.push(`${load.file}:${load.line} loads .env with ${load.call}${load.override ? ' (.env wins over the environment)' : ''}.`);
	for (const late of scan.loadAfterClient) details.push(`${late.file}:${late.load} loads .env after the client is created at line ${late.client}: that client may start without the key.`);
	const hardcoded = scan.literals.filter(literal => literal.fileKind !== 'dotenv');
	for (const literal of hardcoded.slice(0, 6)) details.push(`${literal.file}:${literal.line}: a key is written into the file (${literal.secret.fingerprint})${literal.tracked ? ', tracked by git' : ''}.`);
	if (scan.skipped.large.length > 0) details.push(`Skipped, too large to read: ${listSome(scan.skipped.large.map(item => `${item.file} (${formatBytes(item.size)})`), 3)}.`);
	const skipped = [
		scan.skipped.binary > 0 ? `${scan.skipped.binary} binary` : '',
		scan.skipped.generated > 0 ? `${scan.skipped.generated} minified or generated` : '',
		scan.skipped.unreadable > 0 ? `${scan.skipped.unreadable} unreadable` : '',
	].filter(Boolean);
	if (skipped.length > 0) details.push(`Not analysed: ${skipped.join(', ')} file${scan.skipped.binary + scan.skipped.generated + scan.skipped.unreadable === 1 ? '' : 's'}.`);
	details.push(`Listed ${scan.listed} file${scan.listed === 1 ? '' : 's'} ${scan.via === 'git' ? 'with git ls-files (.gitignore respected)' : `by reading the folders${scan.gitProblem ? ` (${scan.gitProblem})` : ''}`}; read ${scan.read}.`);

	const partial = scan.partial.length > 0 ? ` Partial: ${scan.partial.join('; ')}.` : '';
	if (scan.sourceFiles === 0) {
		return {status: inCode(hardcoded) ? 'fail' : hardcoded.length > 0 || scan.partial.length > 0 ? 'warn' : 'pass', summary: `No source code found here (${scan.read} file${scan.read === 1 ? '' : 's'} read).${partial}`, details};
	}

	const languages = listSome(scan.languages.map(language => languageNames[language] ?? language), 3);
	const parts = [`${scan.sourceFiles} ${languages} source file${scan.sourceFiles === 1 ? '' : 's'}`];
	parts.push(names.length > 0 ? `the code reads ${listSome(names, 3)}` : 'no read of an OpenAI key found');
	if (scan.loads.length > 0) parts.push(`loads .env at ${scan.loads[0]!.file}:${scan.loads[0]!.line}`);
	if (hardcoded.length > 0) parts.push(`${hardcoded.length === 1 ? 'a key is' : `${hardcoded.length} keys are`} written into ${listSome([...new Set(hardcoded.map(literal => literal.file))], 2)}`);
	const placeholders = scan.placeholderKeys;
	if (placeholders.length > 0) parts.push(`template text is passed as the key at ${listSome(placeholders.map(item => `${item.file}:${item.line}`), 2)}`);
	for (const item of placeholders.slice(0, 4)) details.push(`${item.file}:${item.line}: ${item.call.replace('…', item.secret.fingerprint)} is ${item.label}: the client sends it, whatever the environment holds.`);
	// VITE_…, NEXT_PUBLIC_…: the bundler writes the value into the code it ships to browsers.
	const bundled = [...new Set(reads.filter(read => read.direct && publicBuildVariable.test(read.name)).map(read => read.name))];
	if (bundled.length > 0) {
		parts.push(`${listSome(bundled, 2)} ${bundled.length === 1 ? 'is a public build variable' : 'are public build variables'}: its value ships to every browser`);
		details.push(`${listSome(bundled, 2)}: a build tool writes public variables (VITE_, NEXT_PUBLIC_, REACT_APP_…) into the code it sends to browsers, so every visitor can read the key. Call OpenAI from a server route that reads OPENAI_API_KEY instead.`);
	}

	const status: ProbeStatus =
		inCode(hardcoded) || placeholders.length > 0 ? 'fail' : hardcoded.length > 0 || bundled.length > 0 || scan.loadAfterClient.length > 0 || scan.partial.length > 0 ? 'warn' : 'pass';
	return {status, summary: `${parts.join('; ')}.${partial}`, details};
}

/** Names a build tool inlines into browser code: Vite, Next.js, Create React App, Expo, SvelteKit / Astro. */
const publicBuildVariable = /^(?:VITE|NEXT_PUBLIC|REACT_APP|EXPO_PUBLIC|PUBLIC|GATSBY|NUXT_PUBLIC)_/;

/** A key written into the app's own code or configuration (not a test, an example or a document). */
function inCode(literals: CodeScan['literals']): boolean {
	return literals.some(literal => (literal.fileKind === 'source' || literal.fileKind === 'config') && !literal.testFile);
}
