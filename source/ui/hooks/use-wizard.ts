import {useCallback, useEffect, useMemo, useReducer, useRef} from 'react';
import {useApp} from 'ink';
import {conclude, type Conclusion} from '../../core/conclude.js';
import {redact} from '../../core/keys/redact.js';
import {buildJsonReport, renderJsonReport} from '../../core/report/json-report.js';
import {renderMarkdownTranscript} from '../../core/report/markdown-transcript.js';
import type {Ports} from '../../core/ports.js';
import type {ProbeRunListener} from '../../core/run-probes.js';
import type {Facts, ProbeDefinition, Rule, RunOptions} from '../../core/types.js';
import {keyToAskAbout, keyViews, sourceRows, type KeyView, type SourceRow} from '../../core/wizard/key-views.js';
import {confirmedBaseUrls, pendingHostQuestion, type HostQuestion} from '../../core/wizard/host-question.js';
import {menuFor, quitExitCode, type MenuAction, type MenuItem} from '../../core/wizard/menu.js';
import {orderedResults} from '../../core/wizard/probe-rows.js';
import {initialWizardState, wizardReducer, type SaveOutcome, type WizardState} from '../../core/wizard/reducer.js';
import {stepOfTopCause} from '../../core/wizard/steps.js';
import {transcriptAnswers} from '../../core/wizard/transcript-answers.js';

/** A running session, as `startSession` in source/runner/session.ts returns it. */
export type WizardSession = {done: Promise<Pick<Conclusion, 'causes' | 'verdict'>>; abort(reason?: string): void};

/** Starts one run of the probes; `startSession` from source/runner/session.ts fits. Tests inject a fake. */
export type StartSession = (ports: Ports, options: RunOptions, listener: ProbeRunListener, probes: readonly ProbeDefinition[], rules?: readonly Rule[]) => WizardSession;

/** Writes the transcript (Markdown) and the JSON report; never overwrites. */
export type SaveTranscript = (markdown: string, json: string) => Promise<SaveOutcome>;

/** What the wizard runs against. */
export type WizardSetup = {
	ports: Ports;
	options: RunOptions;
	version: string;
	startSession: StartSession;
	probes: readonly ProbeDefinition[];
	rules?: readonly Rule[];
	save?: SaveTranscript;
	/** Save the transcript on quit (`--save`) unless it was saved already. */
	saveOnQuit?: boolean;
	now: () => Date;
};

/** What the user can ask for. */
export type WizardIntents = {
	select(action: MenuAction): void;
	submitPaste(text: string): void;
	back(): void;
	quit(): void;
	/** Ctrl-C: stop every probe now and exit 130. */
	interrupt(): void;
};

/** The wizard's state and everything drawn from it for the screens. */
export type WizardModel = {
	state: WizardState;
	options: RunOptions;
	conclusion: Conclusion;
	keys: KeyView[];
	askAbout?: KeyView;
	/** Step 3's question while it waits: may the keys go to a host only a project file names? */
	hostQuestion?: HostQuestion;
	sources: SourceRow[];
	menu: MenuItem[];
	intents: WizardIntents;
};

/**
 * The wizard's state machine (the core reducer) plus its effects: each run of the probes
 * starts in an effect (never before the first frame) and is aborted when a newer run
 * replaces it, on quit, on Ctrl-C and on unmount.
 */
export function useWizard(setup: WizardSetup): WizardModel {
	const {exit} = useApp();
	const [state, dispatch] = useReducer(wizardReducer, setup.options, options => initialWizardState({errorText: options.errorText}));
	// A host the user confirmed (step 3's question) is a run option: the request plan decides with it.
	const options = useMemo<RunOptions>(() => {
		const confirmed = confirmedBaseUrls(state.answers.hosts);
		return {...setup.options, errorText: state.errorText, ...(confirmed.length > 0 ? {confirmedBaseUrls: [...(setup.options.confirmedBaseUrls ?? []), ...confirmed]} : {})};
	}, [setup.options, state.errorText, state.answers.hosts]);
	const order = useMemo(() => setup.probes.map(probe => probe.id), [setup.probes]);
	const conclusion = useMemo(
		() => conclude(state.run.results, setup.ports.env, options, order, setup.rules),
		[state.run.results, setup.ports.env, options, order, setup.rules],
	);
	const facts = useMemo<Facts>(() => ({options, env: setup.ports.env, results: state.run.results, keys: conclusion.keys}), [options, setup.ports.env, state.run.results, conclusion]);
	const keys = useMemo(() => keyViews(facts), [facts]);
	const sources = useMemo(() => sourceRows(facts, conclusion.causes[0]), [facts, conclusion]);
	const askAbout = keyToAskAbout(keys);
	const topCauseStep = stepOfTopCause({answers: state.answers, causes: conclusion.causes});
	const hasDetails =
		state.screen.kind === 'summary' ||
		(state.screen.kind === 'step' && (setup.probes.some(probe => probe.step === (state.screen as {step: number}).step) || conclusion.causes.some(cause => cause.step === (state.screen as {step: number}).step)));
	const hostQuestion = pendingHostQuestion(state.run.results, state.answers.hosts);
	const menu = menuFor(state, {topCauseStep: topCauseStep?.kind === 'step' ? topCauseStep.step : undefined, askAbout: askAbout?.fingerprint, hasDetails, hostQuestion});

	const session = useRef<WizardSession | undefined>(undefined);
	const latest = useRef({state, conclusion, options, setup});
	latest.current = {state, conclusion, options, setup};

	useEffect(() => {
		const {options: runOptions, setup: current} = latest.current;
		const runId = state.run.id;
		let active = true;
		const running = current.startSession(
			current.ports,
			runOptions,
			{
				onStart: probeId => active && dispatch({type: 'probe-started', runId, probeId}),
				onResult: result => active && dispatch({type: 'probe-finished', runId, result}),
			},
			current.probes,
			current.rules,
		);
		session.current = running;
		running.done.then(
			outcome => {
				if (!active) return;
				dispatch({type: 'run-finished', runId, causes: outcome.causes, verdict: outcome.verdict});
			},
			() => undefined,
		);
		return () => {
			active = false;
			running.abort('the wizard started a new run or closed');
		};
	}, [state.run.id]);

	const save = useCallback(async (): Promise<void> => {
		const {state: now, conclusion: concluded, setup: current} = latest.current;
		if (!current.save) return;
		dispatch({type: 'save-started'});
		const probes = orderedResults(now.run.results, current.probes);
		const report = buildJsonReport(concluded, probes, current.version);
		const json = renderJsonReport(report, concluded);
		const markdown = renderMarkdownTranscript(report, probes, concluded, {date: current.now().toISOString(), answers: transcriptAnswers(now.answers)});
		const outcome = await current.save(markdown, json).catch(
			(error: unknown): SaveOutcome => ({ok: false, message: redact(error instanceof Error ? error.message.split('\n')[0]! : String(error))}),
		);
		dispatch({type: 'save-finished', outcome});
	}, []);

	const quit = useCallback(() => {
		const {state: now, conclusion: concluded, setup: current} = latest.current;
		session.current?.abort('quit');
		const code = quitExitCode(now.run.finished, concluded.verdict);
		if (current.saveOnQuit && now.run.finished && now.save.status !== 'saved') {
			void save().finally(() => exit(code));
			return;
		}

		exit(code);
	}, [exit, save]);

	const intents = useMemo<WizardIntents>(
		() => ({
			select(action) {
				switch (action.type) {
					case 'continue':
						dispatch({type: 'navigated', to: 'next'});
						break;
					case 'back':
						dispatch({type: 'navigated', to: 'back'});
						break;
					case 'summary':
						dispatch({type: 'navigated', to: 'summary'});
						break;
					case 'open-step':
						dispatch({type: 'navigated', to: {step: action.step}});
						break;
					case 'answer':
						dispatch({type: 'answered', question: 'dashboard', answer: action.answer, fingerprint: action.fingerprint, keyWorks: askAbout?.fingerprint === action.fingerprint && askAbout.live === 'valid'});
						break;
					case 'answer-host':
						dispatch({type: 'answered', question: 'host', answer: action.answer, about: action.about});
						break;
					case 'details':
						dispatch({type: 'details-toggled'});
						break;
					case 'check-again':
						dispatch({type: 'run-restarted', reason: 'check-again'});
						break;
					case 'save':
						void save();
						break;
					case 'quit':
						quit();
						break;
				}
			},
			submitPaste: text => dispatch({type: 'answered', question: 'app-error', text}),
			back: () => dispatch({type: 'navigated', to: 'back'}),
			quit,
			interrupt() {
				session.current?.abort('interrupted');
				exit(130);
			},
		}),
		[exit, quit, save],
	);

	return {state, options, conclusion, keys, askAbout, hostQuestion, sources, menu, intents};
}
