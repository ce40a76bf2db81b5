import {narrowKeyMasks, redact} from '../keys/redact.js';
import {terminalSafe} from '../report/terminal-safe.js';
import type {Verdict} from '../conclude.js';
import type {JsonReport} from '../report/json-report.js';
import type {Cause, ProbeResult, ProbeResults, RunOptions, StepNumber} from '../types.js';
import {compareRuns, type FinishedRun, type RecheckResult} from './compare-runs.js';
import {awaitedHosts, confirmedBaseUrls} from './host-question.js';
import type {GivenAnswer} from './questions.js';
import type {RunReason, SessionEvent} from './session-log.js';
import {sameScreen, stepThatNeedsYou, wizardSteps, type StepContext, type WizardAnswers, type WizardScreen} from './steps.js';

export type {RunReason} from './session-log.js';

/** One run of every probe. Results of an older run never mix in (actions carry the run id). */
export type RunState = {
	id: number;
	reason: RunReason;
	/** Probes started and not finished, in starting order. */
	running: readonly string[];
	results: ProbeResults;
	finished: boolean;
	/** The finished run this one is compared with ("check again"). */
	baseline?: FinishedRun;
};

/** Where saving the transcript stands. */
export type SaveState =
	| {status: 'idle'}
	| {status: 'saving'}
	| {status: 'saved'; markdownPath: string; jsonPath: string}
	| {status: 'failed'; message: string};

/** The outcome of a save, as the runner's saveTranscript gives it. */
export type SaveOutcome = {ok: true; markdownPath: string; jsonPath: string} | {ok: false; message: string};

/** One line the status row shows: what the last copy or save did. */
export type Notice = {tone: 'pass' | 'warn' | 'fail' | 'muted'; text: string};

/** The whole state of the wizard. */
export type WizardState = {
	screen: WizardScreen;
	/** Screens to go back to, most recent last. */
	history: readonly WizardScreen[];
	run: RunState;
	/** The app's error text given to the probes (`--error` or the paste box). */
	errorText?: string;
	/** The pasted error was from before the fix: runs leave it out until another is pasted. */
	errorSetAside: boolean;
	answers: WizardAnswers;
	showDetails: boolean;
	/** Open the step behind the top cause when the current run finishes (until the user navigates). */
	followRun: boolean;
	/** What the last finished run concluded. */
	lastRun?: FinishedRun;
	/** How the last "check again" compared with the run before it. */
	recheck?: RecheckResult;
	save: SaveState;
	/** A copy to the clipboard is under way. */
	copying: boolean;
	notice?: Notice;
	/** Everything that happened, in order, for the transcript. */
	log: readonly SessionEvent[];
};

/** Everything that can happen to the wizard. */
export type WizardAction =
	| {type: 'probe-started'; runId: number; probeId: string}
	| {type: 'probe-finished'; runId: number; result: ProbeResult}
	| {
			type: 'run-finished';
			runId: number;
			causes: readonly Cause[];
			verdict: Verdict;
			/** The run as `--json` reports it, for the transcript. */
			report?: JsonReport;
			/** The keys (sha256) that fit the pasted error's mask. */
			errorKeys?: readonly string[];
			/** The pasted error was from before the fix and was left out of this run's conclusion. */
			errorSetAside?: boolean;
	  }
	| {type: 'run-restarted'; reason: 'check-again'}
	| {type: 'answered'; answer: GivenAnswer; advance?: boolean}
	| {type: 'pasted'; text: string}
	| {type: 'paste-cleared'}
	| {type: 'navigated'; to: 'next' | 'back' | 'summary' | 'paste' | 'help' | {step: StepNumber}}
	| {type: 'details-toggled'}
	| {type: 'noticed'; notice: Notice}
	| {type: 'copy-started'}
	| {type: 'copy-finished'; text: string; label: string; causeId?: string; notice: Notice}
	| {type: 'save-started'}
	| {type: 'save-finished'; outcome: SaveOutcome};

/** The state at launch: the first screen is the diagnosis (step 1), never a text box. */
export function initialWizardState(input: {errorText?: string}): WizardState {
	const errorText = input.errorText?.trim() ? input.errorText : undefined;
	return {
		screen: {kind: 'step', step: 1},
		history: [],
		run: {id: 1, reason: 'launch', running: [], results: new Map(), finished: false},
		errorText,
		errorSetAside: false,
		answers: errorText === undefined ? {} : {appError: describePaste(errorText)},
		showDetails: false,
		followRun: false,
		save: {status: 'idle'},
		copying: false,
		log: [],
	};
}

/** What the step table's branching sees in a state (keys come from the caller, who draws them from the results). */
export function stepContextOf(state: WizardState, keys?: StepContext['keys']): StepContext {
	return {
		answers: state.answers,
		causes: state.run.finished ? state.lastRun?.causes : undefined,
		verdict: state.run.finished ? state.lastRun?.verdict : undefined,
		...(keys === undefined ? {} : {keys}),
		awaitingHosts: awaitedHosts(state.run.results),
	};
}

/** The error text the next run gets: none once it was set aside as from before the fix. */
export function errorTextForRuns(state: Pick<WizardState, 'errorText' | 'errorSetAside'>): string | undefined {
	return state.errorSetAside ? undefined : state.errorText;
}

/**
 * The options a run gets, from the launch options and what the user told the wizard: the
 * pasted error (unless set aside), and where an answer changes what the checks may do
 * (a question with `reruns`), what it allows.
 */
export function runOptionsOf(options: RunOptions, state: Pick<WizardState, 'errorText' | 'errorSetAside' | 'answers'>): RunOptions {
	// A host only a project file names, confirmed by a Yes: the request plan may send the user's keys there.
	const confirmed = confirmedBaseUrls(state.answers.given);
	return {
		...options,
		errorText: errorTextForRuns(state),
		...(confirmed.length > 0 ? {confirmedBaseUrls: [...new Set([...(options.confirmedBaseUrls ?? []), ...confirmed])]} : {}),
	};
}

/** Records what happened; the step table decides where to go. Pure. */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
	switch (action.type) {
		case 'probe-started': {
			if (action.runId !== state.run.id || state.run.running.includes(action.probeId)) return state;
			return {...state, run: {...state.run, running: [...state.run.running, action.probeId]}};
		}

		case 'probe-finished': {
			if (action.runId !== state.run.id) return state;
			const results = new Map(state.run.results);
			results.set(action.result.id, action.result);
			const running = state.run.running.filter(id => id !== action.result.id);
			return {...state, run: {...state.run, results, running}};
		}

		case 'run-finished': {
			if (action.runId !== state.run.id || state.run.finished) return state;
			const lastRun: FinishedRun = {causes: action.causes, verdict: action.verdict, ...(action.errorKeys ? {errorKeys: action.errorKeys} : {})};
			const recheck = state.run.reason === 'check-again' && state.run.baseline ? compareRuns(state.run.baseline, lastRun) : undefined;
			const runs = state.log.filter(event => event.type === 'run').length;
			const log: SessionEvent[] = action.report
				? [
						...state.log,
						{
							type: 'run',
							run: {
								number: runs + 1,
								reason: state.run.reason,
								report: action.report,
								...(recheck ? {recheck: {outcome: recheck.outcome, message: recheck.message, fixed: ids(recheck.fixed), remaining: ids(recheck.remaining), added: ids(recheck.added)}} : {}),
								...(action.errorSetAside ? {errorSetAside: true} : {}),
							},
						},
					]
				: [...state.log];
			const next: WizardState = {
				...state,
				run: {...state.run, finished: true, running: []},
				lastRun,
				recheck: recheck ?? state.recheck,
				errorSetAside: state.errorSetAside || action.errorSetAside === true,
				followRun: false,
				log,
			};
			if (!state.followRun || state.screen.kind !== 'step') return next;
			const target = stepThatNeedsYou(stepContextOf(next));
			return target ? moveTo(next, target) : next;
		}

		case 'run-restarted': {
			return {
				...state,
				run: {id: state.run.id + 1, reason: action.reason, running: [], results: new Map(), finished: false, baseline: state.lastRun},
				recheck: undefined,
			};
		}

		case 'answered': {
			const given = {...state.answers.given, [action.answer.question]: action.answer};
			let answered: WizardState = {...state, answers: {...state.answers, given}, log: [...state.log, {type: 'answer', answer: action.answer}]};
			// An answer that changes what the checks may do runs them again with it (runOptionsOf reads it).
			if (action.answer.reruns) {
				answered = {...answered, run: {id: state.run.id + 1, reason: 'answer', running: [], results: new Map(), finished: false, baseline: state.lastRun}, recheck: undefined};
			}

			// An answer that keeps the screen (its rerun shows here) stops following the run elsewhere.
			if (action.advance === false) return {...answered, followRun: false};
			if (answered.screen.kind !== 'step') return answered;
			const target = wizardSteps[answered.screen.step].next(stepContextOf(answered));
			return {...moveTo(answered, target), followRun: !state.run.finished};
		}

		case 'pasted': {
			const leaving = goBack(state);
			const text = action.text.trim() ? action.text : undefined;
			if (text === undefined || (text === state.errorText && !state.errorSetAside)) return leaving;
			const appError = describePaste(text);
			return {
				...leaving,
				errorText: text,
				errorSetAside: false,
				answers: {...state.answers, appError},
				run: {id: state.run.id + 1, reason: 'error-text', running: [], results: new Map(), finished: false, baseline: state.lastRun},
				recheck: undefined,
				log: [...state.log, {type: 'paste', ...appError}],
			};
		}

		case 'paste-cleared': {
			if (state.errorText === undefined) return state;
			const {appError: _cleared, ...answers} = state.answers;
			return {...state, errorText: undefined, errorSetAside: false, answers, log: [...state.log, {type: 'paste-cleared'}]};
		}

		case 'navigated': {
			if (action.to === 'back') return goBack(state);
			let target: WizardScreen;
			if (action.to === 'summary') target = {kind: 'summary'};
			else if (action.to === 'paste') target = {kind: 'paste'};
			else if (action.to === 'help') target = {kind: 'help'};
			else if (action.to === 'next') {
				if (state.screen.kind !== 'step') return state;
				target = wizardSteps[state.screen.step].next(stepContextOf(state));
				// Continuing from the first screen before the checks are done: land on the answer when they are.
				const follow = state.screen.step === 1 && !state.run.finished;
				return {...moveTo(state, target), followRun: follow};
			} else target = {kind: 'step', step: action.to.step};
			return {...moveTo(state, target), followRun: false};
		}

		case 'details-toggled': {
			return {...state, showDetails: !state.showDetails};
		}

		case 'noticed': {
			return {...state, notice: action.notice};
		}

		case 'copy-started': {
			return {...state, copying: true, notice: {tone: 'muted', text: 'Copying…'}};
		}

		case 'copy-finished': {
			const event: SessionEvent = {type: 'copy', text: action.text, label: action.label, ...(action.causeId ? {causeId: action.causeId} : {}), result: action.notice.text};
			return {...state, copying: false, notice: action.notice, log: [...state.log, event]};
		}

		case 'save-started': {
			return {...state, save: {status: 'saving'}, notice: {tone: 'muted', text: 'Saving the transcript…'}};
		}

		case 'save-finished': {
			const {outcome} = action;
			return outcome.ok
				? {...state, save: {status: 'saved', markdownPath: outcome.markdownPath, jsonPath: outcome.jsonPath}, notice: {tone: 'pass', text: `Saved the redacted transcript to ${outcome.markdownPath} (and ${outcome.jsonPath}).`}}
				: {...state, save: {status: 'failed', message: outcome.message}, notice: {tone: 'fail', text: `Not saved: ${outcome.message}`}};
		}
	}
}

function ids(causes: readonly Cause[]): string[] {
	return causes.map(cause => cause.id);
}

function goBack(state: WizardState): WizardState {
	const previous = state.history.at(-1);
	if (!previous) return state;
	return {...state, screen: previous, history: state.history.slice(0, -1), followRun: false, showDetails: false};
}

function moveTo(state: WizardState, target: WizardScreen): WizardState {
	if (sameScreen(state.screen, target)) return state;
	// The paste box and the key help are visits: leaving them never leaves them in the way back.
	const history = state.screen.kind === 'paste' || state.screen.kind === 'help' ? state.history : [...state.history, state.screen];
	return {...state, screen: target, history, showDetails: false};
}

/** The pasted text as it may be shown (keys replaced by fingerprints, no control sequence), and whether it held a key. */
export function describePaste(text: string): {shown: string; containedKey: boolean} {
	const redacted = redact(text);
	return {shown: terminalSafe(redacted), containedKey: redacted !== narrowKeyMasks(text)};
}
