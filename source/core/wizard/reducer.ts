import {narrowKeyMasks, redact} from '../keys/redact.js';
import type {Verdict} from '../conclude.js';
import type {Cause, ProbeResult, ProbeResults, StepNumber} from '../types.js';
import {compareRuns, type FinishedRun, type RecheckResult} from './compare-runs.js';
import type {HostAnswer, HostQuestion} from './host-question.js';
import {
	sameScreen,
	stepOfTopCause,
	wizardSteps,
	type DashboardAnswer,
	type StepContext,
	type WizardAnswers,
	type WizardScreen,
} from './steps.js';

/** Why a run of the probes started. */
export type RunReason = 'launch' | 'error-text' | 'check-again' | 'host-confirmed';

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

/** The whole state of the wizard. */
export type WizardState = {
	screen: WizardScreen;
	/** Screens to go back to, most recent last. */
	history: readonly WizardScreen[];
	run: RunState;
	/** The app's error text given to the probes (`--error` or the paste box). */
	errorText?: string;
	answers: WizardAnswers;
	showDetails: boolean;
	/** Open the step behind the top cause when the current run finishes (until the user navigates). */
	followRun: boolean;
	/** What the last finished run concluded. */
	lastRun?: FinishedRun;
	/** How the last "check again" compared with the run before it. */
	recheck?: RecheckResult;
	save: SaveState;
};

/** Everything that can happen to the wizard. */
export type WizardAction =
	| {type: 'probe-started'; runId: number; probeId: string}
	| {type: 'probe-finished'; runId: number; result: ProbeResult}
	| {type: 'run-finished'; runId: number; causes: readonly Cause[]; verdict: Verdict}
	| {type: 'run-restarted'; reason: 'check-again'}
	| {type: 'answered'; question: 'app-error'; text: string}
	| {type: 'answered'; question: 'dashboard'; answer: DashboardAnswer; fingerprint: string; keyWorks?: boolean}
	| {type: 'answered'; question: 'host'; answer: HostAnswer; about: HostQuestion}
	| {type: 'navigated'; to: 'next' | 'back' | 'summary' | {step: StepNumber}}
	| {type: 'details-toggled'}
	| {type: 'save-started'}
	| {type: 'save-finished'; outcome: SaveOutcome};

/** The state at launch: the paste box first, unless `--error` already gave the text. */
export function initialWizardState(input: {errorText?: string}): WizardState {
	const errorText = input.errorText?.trim() ? input.errorText : undefined;
	return {
		screen: errorText === undefined ? {kind: 'paste'} : {kind: 'step', step: 1},
		history: [],
		run: {id: 1, reason: 'launch', running: [], results: new Map(), finished: false},
		errorText,
		answers: errorText === undefined ? {} : {appError: describePaste(errorText)},
		showDetails: false,
		followRun: false,
		save: {status: 'idle'},
	};
}

/** What the step table's branching sees in a state. */
export function stepContextOf(state: WizardState): StepContext {
	return {answers: state.answers, causes: state.run.finished ? state.lastRun?.causes : undefined};
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
			const lastRun: FinishedRun = {causes: action.causes, verdict: action.verdict};
			const next: WizardState = {
				...state,
				run: {...state.run, finished: true, running: []},
				lastRun,
				recheck: state.run.reason === 'check-again' && state.run.baseline ? compareRuns(state.run.baseline, lastRun) : state.recheck,
				followRun: false,
			};
			if (!state.followRun || state.screen.kind !== 'step' || state.screen.step === 1) return next;
			const target = stepOfTopCause(stepContextOf(next));
			return target ? moveTo(next, target) : next;
		}

		case 'run-restarted': {
			return {
				...state,
				run: {id: state.run.id + 1, reason: action.reason, running: [], results: new Map(), finished: false, baseline: state.lastRun},
				recheck: undefined,
				save: {status: 'idle'},
			};
		}

		case 'answered': {
			if (action.question === 'app-error') {
				const leaving = moveTo(state, {kind: 'step', step: 1});
				const text = action.text.trim() ? action.text : undefined;
				if (text === undefined || text === state.errorText) return leaving;
				return {
					...leaving,
					errorText: text,
					answers: {...state.answers, appError: describePaste(text)},
					run: {id: state.run.id + 1, reason: 'error-text', running: [], results: new Map(), finished: false, baseline: state.lastRun},
					recheck: undefined,
					save: {status: 'idle'},
				};
			}

			if (action.question === 'host') {
				const hosts = [...(state.answers.hosts ?? []).filter(record => record.url !== action.about.url), {...action.about, answer: action.answer}];
				const answered = {...state, answers: {...state.answers, hosts}, followRun: false};
				if (action.answer === 'no') return answered;
				// Yes: every check runs again with the host confirmed (the run options carry it), so the same request plan decides.
				return {
					...answered,
					run: {id: state.run.id + 1, reason: 'host-confirmed', running: [], results: new Map(), finished: false, baseline: state.lastRun},
					recheck: undefined,
					save: {status: 'idle'},
				};
			}

			const answers: WizardAnswers = {...state.answers, dashboard: {answer: action.answer, fingerprint: action.fingerprint, ...(action.keyWorks ? {keyWorks: true} : {})}};
			const answered = {...state, answers};
			const target = wizardSteps[1].next(stepContextOf(answered));
			return {...moveTo(answered, target), followRun: !state.run.finished && action.answer !== 'no'};
		}

		case 'navigated': {
			if (action.to === 'back') {
				const previous = state.history.at(-1);
				if (!previous) return state;
				return {...state, screen: previous, history: state.history.slice(0, -1), followRun: false, showDetails: false};
			}

			let target: WizardScreen;
			if (action.to === 'summary') target = {kind: 'summary'};
			else if (action.to === 'next') {
				if (state.screen.kind !== 'step') return state;
				target = wizardSteps[state.screen.step].next(stepContextOf(state));
			} else target = {kind: 'step', step: action.to.step};
			return {...moveTo(state, target), followRun: false};
		}

		case 'details-toggled': {
			return {...state, showDetails: !state.showDetails};
		}

		case 'save-started': {
			return {...state, save: {status: 'saving'}};
		}

		case 'save-finished': {
			const {outcome} = action;
			return {...state, save: outcome.ok ? {status: 'saved', markdownPath: outcome.markdownPath, jsonPath: outcome.jsonPath} : {status: 'failed', message: outcome.message}};
		}
	}
}

function moveTo(state: WizardState, target: WizardScreen): WizardState {
	if (sameScreen(state.screen, target)) return state;
	return {...state, screen: target, history: [...state.history, state.screen], showDetails: false};
}

/** The pasted text as it may be shown (keys replaced by fingerprints), and whether it held a key. */
export function describePaste(text: string): {shown: string; containedKey: boolean} {
	const shown = redact(text);
	return {shown, containedKey: shown !== narrowKeyMasks(text)};
}
