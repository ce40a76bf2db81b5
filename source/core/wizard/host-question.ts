import type {AwaitedHost} from '../api/request-targets.js';
import type {LiveCheckData} from '../probes/live-check.js';
import {terminalSafe} from '../report/terminal-safe.js';
import type {ProbeResults} from '../types.js';
import type {GivenAnswer, Question} from './questions.js';

/**
 * Step 3's question when only a project file (a `.env`) names the API host: the user's
 * keys go there only after a Yes, for this session. It is a `Question` like any other:
 * the step table asks it, the menu offers Yes once / No, the transcript records it. A Yes
 * reruns every check with the host confirmed (`runOptionsOf` puts it in
 * `RunOptions.confirmedBaseUrls`), so the one request plan decides; a No sends nothing.
 */

const idPrefix = 'host:';

/** The hosts the live check held the user's keys back from: only a project file names them. */
export function awaitedHosts(results: ProbeResults): AwaitedHost[] {
	const data = results.get('live-check')?.data as LiveCheckData | undefined;
	return (data?.awaitingConfirmation ?? []).filter(host => host.keys.length > 0);
}

/** "The project's .env sends the API to collector.example. Send your key sk-proj-…wxyz there?" */
export function hostQuestionText(host: Pick<AwaitedHost, 'file' | 'hostname' | 'keys'>): string {
	const keys = host.keys.map(key => key.fingerprint);
	const what = keys.length === 1 ? `your key ${keys[0]}` : `your keys ${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}`;
	return terminalSafe(`The project's ${host.file} sends the API to ${host.hostname}. Send ${what} there?`);
}

/** Why the wizard asks, under the question. */
export function hostQuestionWhy(host: Pick<AwaitedHost, 'file'>): string {
	return terminalSafe(
		`Nothing of yours has been sent there. A cloned repository could point the API at a host that collects keys, so a host only a project file names gets your keys only after your Yes (or --base-url). Keys kept in ${host.file} itself go there without asking: the file holds them already.`,
	);
}

/** The id of the question about the host at this base URL: one answer per host. */
export function hostQuestionId(url: string): string {
	return `${idPrefix}${url}`;
}

/** The question about one host, as step 3 asks it. */
export function hostQuestionFor(host: AwaitedHost): Question {
	const hostname = terminalSafe(host.hostname);
	return {
		id: hostQuestionId(host.url),
		step: 3,
		prompt: hostQuestionText(host),
		note: hostQuestionWhy(host),
		subject: hostname,
		short: `send your key to ${hostname}?`,
		known: {url: host.url},
		choices: [
			{
				value: 'yes',
				label: 'Yes, send it there once',
				transcript: 'Yes, once: the checks ran again against that host',
				advice: `You confirmed ${hostname} for this session: the checks ran again and sent your keys there too.`,
			},
			{
				value: 'no',
				label: 'No, do not send it there',
				transcript: 'No: nothing was sent there',
				advice: `Nothing of yours was sent there, so the live check cannot say whether your keys work for the app. To check against it later: key-wizard --base-url ${terminalSafe(host.url)}`,
				reruns: false,
			},
		],
		advances: false,
		reruns: true,
	};
}

/** True for the id of a host question. */
export function isHostQuestion(id: string): boolean {
	return id.startsWith(idPrefix);
}

/** The base URLs the user confirmed (Yes to a host question), for the run options. */
export function confirmedBaseUrls(given: Readonly<Record<string, GivenAnswer>> = {}): string[] {
	return Object.values(given).flatMap(answer => (isHostQuestion(answer.question) && answer.value === 'yes' && answer.known?.url ? [answer.known.url] : []));
}
