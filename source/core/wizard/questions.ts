import type {StepNumber} from '../types.js';
import type {KeyView} from './key-views.js';

/** One answer a question offers. */
export type QuestionChoice = {
	value: string;
	label: string;
	/** How the transcript records it. */
	transcript: string;
	/** What the wizard says once this was answered. */
	advice?: string;
	/** Overrides the question's `reruns` for this answer (a No that changes nothing reruns nothing). */
	reruns?: boolean;
};

/**
 * A question a step asks, as data: the step table builds it from what the run found, the
 * menu offers its choices, the screen shows its prompt, the transcript records the answer.
 * A question appears only where its answer changes something.
 */
export type Question = {
	/** Stable id (`dashboard`); answers are kept by it. */
	id: string;
	step: StepNumber;
	prompt: string;
	/** A page to open to answer it. */
	link?: string;
	/** One muted line under the prompt. */
	note?: string;
	/** What the question is about (a fingerprint, a host), kept with the answer. */
	subject?: string;
	/**
	 * The question in a few words (`send your key to 127.0.0.1?`): screens that lead with the
	 * verdict offer a way to it while it waits. Questions without one are asked on their step only.
	 */
	short?: string;
	choices: readonly QuestionChoice[];
	/** What was known when it was asked that changes what an answer means; kept with the answer. */
	known?: Readonly<Record<string, string>>;
	/** Answering moves on along the step table (default true). */
	advances?: boolean;
	/** The answer changes what the checks may do (a host confirmed): answering starts a new run. */
	reruns?: boolean;
};

/** An answer as the wizard keeps it: enough to show it, branch on it and put it in the transcript. */
export type GivenAnswer = {
	question: string;
	step: StepNumber;
	prompt: string;
	value: string;
	label: string;
	transcript: string;
	subject?: string;
	known?: Readonly<Record<string, string>>;
	advice?: string;
	/** Answering it started a new run of the checks. */
	reruns?: boolean;
};

/** The answer a choice of a question gives. */
export function answerOf(question: Question, value: string): GivenAnswer | undefined {
	const choice = question.choices.find(candidate => candidate.value === value);
	if (!choice) return undefined;
	return {
		question: question.id,
		step: question.step,
		prompt: question.prompt,
		value: choice.value,
		label: choice.label,
		transcript: choice.transcript,
		...(question.subject === undefined ? {} : {subject: question.subject}),
		...(question.known === undefined ? {} : {known: question.known}),
		...(choice.advice === undefined ? {} : {advice: choice.advice}),
		...((choice.reruns ?? question.reruns) ? {reruns: true} : {}),
	};
}

/** The API keys page the dashboard question points at. */
export const apiKeysPage = 'https://platform.openai.com/api-keys';

/** Where an Azure OpenAI resource's keys are listed. */
export const azurePortalPage = 'https://portal.azure.com (your Azure OpenAI resource → Keys and Endpoint)';

/** Step 1's question about the key with a given ending. */
export function dashboardPrompt(ending: string, azure = false): string {
	return azure ? `Does the Azure portal (the resource's Keys and Endpoint page) show a key ending in ${ending}?` : `Does the dashboard list a key ending in ${ending}?`;
}

/** The choices of step 1's question. */
export const dashboardChoices: readonly QuestionChoice[] = [
	{value: 'yes', label: 'Yes, it is listed', transcript: 'Yes'},
	{value: 'no', label: 'No, it is not listed', transcript: 'No: the key was deleted or belongs to another account or project'},
	{value: 'unsure', label: 'Not sure', transcript: 'Not sure'},
];

/** Kinds the dashboard can list: anything else is no OpenAI secret at all. */
const dashboardKinds: ReadonlySet<string> = new Set(['project', 'service-account', 'admin', 'user']);

/**
 * Step 1's question, only when the live check could not settle it: the key the app sends
 * was refused, or could not be tested. A key that works needs no look-up, and another
 * provider's key, a placeholder or a malformed value is on no OpenAI dashboard.
 */
export function dashboardQuestionFor(keys: readonly KeyView[], askAbout: KeyView | undefined): Question | undefined {
	if (!askAbout || askAbout.live === 'valid') return undefined;
	if (!askAbout.azure && !dashboardKinds.has(askAbout.kind)) return undefined;
	const working = keys.find(key => key.live === 'valid' && key.sha256 !== askAbout.sha256);
	const known: Record<string, string> = {};
	if (working) known.workingKey = `${working.fingerprint}${working.sources[0] ? ` (${working.sources[0]})` : ''}`;
	return {
		id: 'dashboard',
		step: 1,
		prompt: dashboardPrompt(askAbout.ending, askAbout.azure),
		link: askAbout.azure ? azurePortalPage : apiKeysPage,
		note: `The key ${askAbout.fingerprint}, ${askAbout.live === 'invalid' ? 'refused by the API' : 'not tested live'}; the dashboard shows only a few of its first and last characters.`,
		subject: askAbout.fingerprint,
		// The answers name the key, so the menu reads right even when the question scrolled away.
		choices: dashboardChoices.map(choice =>
			choice.value === 'no'
				? {...choice, label: `No, ${askAbout.ending} is not listed`, advice: dashboardNoAdvice({known})}
				: choice.value === 'yes'
					? {...choice, label: `Yes, ${askAbout.ending} is listed`}
					: choice,
		),
		...(working ? {known} : {}),
	};
}

/** What step 1 says instead of asking, when the live check already settled it. */
export function dashboardKnown(askAbout: KeyView | undefined): string | undefined {
	if (!askAbout) return 'No key found on this machine: nothing to look up on the dashboard. Step 2 shows where the key should come from.';
	if (askAbout.live === 'valid') {
		const which = askAbout.usedByApp ? 'the key the app gets' : askAbout.notLoaded ? 'the key meant for the app (step 2 says why it never reaches it)' : 'a key found here';
		return `The API accepts ${askAbout.fingerprint}, ${which}: it exists, so there is nothing to look up on the dashboard.`;
	}
	if (!askAbout.azure && !dashboardKinds.has(askAbout.kind)) return `${askAbout.fingerprint} is ${article(askAbout.kindLabel)}, not an OpenAI secret key: no OpenAI dashboard lists it.`;
	return undefined;
}

function article(label: string): string {
	if (/^(a|an|the)\s/i.test(label)) return label;
	return `${/^[aeiouAEIOU]/.test(label) ? 'an' : 'a'} ${label}`;
}

/** What the wizard says after "no" on step 1, from what was known when it was answered. */
export function dashboardNoAdvice(answer: Pick<GivenAnswer, 'known'>): string {
	if (answer.known?.workingKey) {
		return `That key is gone, but another key found here works: ${answer.known.workingKey}. Make the app use that one (the fix below); there is no need for a new key.`;
	}

	return 'The dashboard does not list this key: it was deleted or revoked, or it belongs to another account, organization or project. Make a new key (step 5) and install it where the app reads it.';
}

/** The key named by the dashboard answer is gone and no other key works: a new key is needed. */
export function saidKeyIsGone(answer: GivenAnswer | undefined): boolean {
	return answer?.question === 'dashboard' && answer.value === 'no' && !answer.known?.workingKey;
}
