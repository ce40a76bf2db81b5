import type {AwaitedHost} from '../api/request-targets.js';
import type {LiveCheckData} from '../probes/live-check.js';
import type {ProbeResults} from '../types.js';

/**
 * Step 3's question when only a project file (a `.env`) names the API host: the user's
 * keys go there only after a Yes, for this session. The question is data; the step table
 * shows it, the reducer records the answer and a Yes reruns the checks with the host
 * confirmed (`RunOptions.confirmedBaseUrls`), so the same request plan decides.
 */

/** The answers: send the keys there, this session only, or not. */
export type HostAnswer = 'yes' | 'no';

/** What the question is about: a host a file chose and the user's keys held back from it. */
export type HostQuestion = {
	url: string;
	hostname: string;
	/** The file that names it (`.env`, `../.env.local`). */
	file: string;
	variable: AwaitedHost['variable'];
	/** `file:.env:2`. */
	source: string;
	fingerprints: string[];
};

/** An answer given, with what it was about (for the screen and the transcript). */
export type HostAnswerRecord = HostQuestion & {answer: HostAnswer};

/** A choice of the question. */
export type HostChoiceEntry = {value: HostAnswer; label: string; transcript: string};

/** The choices, Yes first. */
export const hostChoices: readonly HostChoiceEntry[] = [
	{value: 'yes', label: 'Yes, send it there once (this session only)', transcript: 'Yes, once: the checks ran again against that host'},
	{value: 'no', label: 'No, do not send it there', transcript: 'No: nothing was sent there'},
];

/** The first host the last live check held keys back from, as a question; undefined when none waits. */
export function hostQuestionOf(results: ProbeResults): HostQuestion | undefined {
	const data = results.get('live-check')?.data as LiveCheckData | undefined;
	const host = data?.awaitingConfirmation?.find(candidate => candidate.keys.length > 0);
	if (!host) return undefined;
	return {url: host.url, hostname: host.hostname, file: host.file, variable: host.variable, source: host.source, fingerprints: host.keys.map(key => key.fingerprint)};
}

/** The question unless it was answered already (for this host). */
export function pendingHostQuestion(results: ProbeResults, answers: readonly HostAnswerRecord[] = []): HostQuestion | undefined {
	const question = hostQuestionOf(results);
	return question && !answers.some(answer => answer.url === question.url) ? question : undefined;
}

/** "The project's .env sends the API to collector.example. Send your key sk-proj-…wxyz there?" */
export function hostQuestionText(question: HostQuestion): string {
	const keys = question.fingerprints;
	const what = keys.length === 1 ? `your key ${keys[0]}` : `your keys ${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}`;
	return `The project's ${question.file} sends the API to ${question.hostname}. Send ${what} there?`;
}

/** Why the wizard asks, in a sentence under the question. */
export function hostQuestionWhy(question: HostQuestion): string {
	return `Nothing of yours has been sent there. ${question.variable}=${question.url} comes only from ${question.file}, a file in the project, not from you (--base-url or your environment): a cloned repository could point it at a host that collects keys. Only keys kept in ${question.file} itself go there without asking: the file holds them already.`;
}

/** What the wizard says once the question is answered. */
export function hostAnswerNote(record: HostAnswerRecord): string {
	return record.answer === 'yes'
		? `You confirmed ${record.hostname} for this session: the checks run again and send your keys there too.`
		: `You chose not to send your keys to ${record.hostname}: nothing of yours was sent there, so the live check cannot say whether they work for the app. To check against it later: key-wizard --base-url ${record.url}`;
}

/** The user's confirmed base URLs, for the run options. */
export function confirmedBaseUrls(answers: readonly HostAnswerRecord[] = []): string[] {
	return answers.filter(answer => answer.answer === 'yes').map(answer => answer.url);
}
