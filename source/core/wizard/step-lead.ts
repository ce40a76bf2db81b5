import {terminalSafe} from '../report/terminal-safe.js';
import type {Cause, Snippet, StepNumber} from '../types.js';
import {rotateSnippets, rotateSteps} from './guidance.js';
import {keyToAskAbout} from './key-views.js';
import {hostsAwaitingAnswer, rotationReason, wizardSteps, type StepContext} from './steps.js';

/**
 * What a screen leads with, before any table: one title, one line of evidence, the first
 * fix and its command. Built from the causes that belong to the step (or, on the first
 * screen, the most likely cause wherever it is), so a new cause or panel needs no change here.
 */
export type StepLead = {
	tone: 'fail' | 'warn' | 'pass' | 'running';
	title: string;
	/** One line of evidence. */
	evidence?: string;
	/** The first fix step. */
	fix?: string;
	/** The first command of the fix: the one `c` copies. */
	command?: Snippet;
	/** Where the cause stands: `step 2 · high confidence · 1 of 2 causes`. */
	note?: string;
	/** The cause it leads with, if any. */
	cause?: Cause;
	/** Other causes at this step, shown below (0 on a screen that leads with the verdict). */
	more: number;
};

/** What the lead needs besides the step table's context. */
export type LeadInput = {
	/** Causes so far (the whole conclusion, most likely first), even while checks run. */
	causes: readonly Cause[];
	/** Checks still running. */
	running: number;
};

/** The first command of a cause's fix: its first shell snippet, else its first snippet. */
export function firstCommand(cause: Pick<Cause, 'snippets'>): Snippet | undefined {
	return cause.snippets.find(snippet => snippet.language === 'sh') ?? cause.snippets[0];
}

/** The lead of a step screen (or of the summary, with `step` undefined). */
export function stepLead(step: StepNumber | undefined, context: StepContext, input: LeadInput): StepLead {
	const whole = step === undefined || wizardSteps[step].lead === 'verdict';
	const mine = whole ? input.causes : input.causes.filter(cause => cause.step === step);
	const soFar = input.running > 0 ? ` · so far, ${input.running} ${input.running === 1 ? 'check' : 'checks'} running` : '';
	const top = mine[0];
	if (top) {
		const rank = input.causes.indexOf(top) + 1;
		const count = input.causes.length;
		const where = whole ? `step ${top.step} · ` : '';
		return {
			tone: top.confidence === 'low' || top.id === 'network-unreachable' ? 'warn' : 'fail',
			title: top.title,
			...(top.evidence[0] ? {evidence: top.evidence[0]} : {}),
			...(top.fix[0] ? {fix: top.fix[0]} : {}),
			...(firstCommand(top) ? {command: firstCommand(top)} : {}),
			note: `${where}${top.confidence} confidence · ${count === 1 ? 'the only cause' : `${rank} of ${count} causes`}${soFar}`,
			cause: top,
			more: whole ? 0 : mine.length - 1,
		};
	}

	if (input.running > 0) return {tone: 'running', title: `Checking… ${input.running} ${input.running === 1 ? 'check' : 'checks'} running`, more: 0};
	if (step === 5) return rotateLead(context);
	if (whole) return verdictLead(context);
	if (step === 3) return heldBackLead(context, true) ?? {tone: 'pass', title: wizardSteps[step].clear, more: 0};
	return {tone: 'pass', title: wizardSteps[step].clear, more: 0};
}

/**
 * What leads while the user's keys wait for a host only a project file names (step 3's
 * question), or after the user said No: nothing of theirs was tested there.
 */
function heldBackLead(context: StepContext, onStep3: boolean): StepLead | undefined {
	const waiting = hostsAwaitingAnswer(context)[0];
	if (waiting) {
		return {
			tone: 'warn',
			title: terminalSafe(`Your key was not tested: only ${waiting.file} names ${waiting.hostname} as the API host, not you.`),
			evidence: terminalSafe(`${waiting.variable}=${waiting.url} in ${waiting.file}; nothing of yours was sent there.`),
			// On step 3 the question itself follows.
			...(onStep3 ? {} : {fix: terminalSafe(`Answer step 3's question (send it to ${waiting.hostname} once, or not).`)}),
			more: 0,
		};
	}

	const declined = context.awaitingHosts?.[0];
	if (!declined) return undefined;
	return {
		tone: 'warn',
		title: terminalSafe(`Your key was not tested: you chose not to send it to ${declined.hostname}.`),
		// On step 3 the answer itself says how to check later.
		...(onStep3 ? {} : {evidence: terminalSafe(`To check against it later: key-wizard --base-url ${declined.url}`)}),
		more: 0,
	};
}

function verdictLead(context: StepContext): StepLead {
	const held = context.verdict === 'ok' ? undefined : heldBackLead(context, false);
	if (held) return held;
	const keys = context.keys ?? [];
	const app = keyToAskAbout(keys);
	if (context.verdict === 'ok') {
		const working = app?.live === 'valid' ? app : keys.find(key => key.live === 'valid');
		return {tone: 'pass', title: `No problem found: ${working ? `${working.fingerprint} passed the live check` : 'a key passed the live check'}.`, more: 0};
	}

	return {
		tone: 'warn',
		title: 'Nothing found wrong, but no live check confirmed a working key.',
		evidence: keys.length === 0 ? 'No key was found on this machine.' : 'The live check did not run or got no answer (see step 3).',
		more: 0,
	};
}

/** Step 5 leads with what applies: replace an exposed or dead key, or no rotation needed. */
function rotateLead(context: StepContext): StepLead {
	const reason = rotationReason(context);
	const keys = context.keys ?? [];
	const app = keyToAskAbout(keys);
	if (reason === 'none') {
		const working = keys.find(key => key.live === 'valid');
		return {tone: 'pass', title: `No rotation needed: no key was found exposed${working ? `, and ${working.fingerprint} works` : ''}.`, more: 0};
	}

	const title =
		reason === 'exposed'
			? context.answers.appError?.containedKey
				? 'The text you pasted held a full key: treat it as exposed and replace it.'
				: 'A key was exposed: replace it, then revoke the old one.'
			: `Replace ${app ? app.fingerprint : 'the key'}: it is gone (refused or not on the dashboard) and no other key works.`;
	return {tone: 'fail', title, fix: rotateSteps[0], command: rotateSnippets[0], more: 0};
}
