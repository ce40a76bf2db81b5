import {useCallback, useEffect, useMemo, useReducer, useRef} from 'react';
import {useApp} from 'ink';
import {conclude, type Conclusion} from '../../core/conclude.js';
import {redact} from '../../core/keys/redact.js';
import {buildJsonReport, buildSessionJsonReport, renderJsonReport} from '../../core/report/json-report.js';
import {renderMarkdownTranscript} from '../../core/report/markdown-transcript.js';
import {terminalSafe} from '../../core/report/terminal-safe.js';
import type {Clipboard, Ports} from '../../core/ports.js';
import type {ProbeRunListener} from '../../core/run-probes.js';
import type {Facts, ProbeDefinition, ProbeResults, Rule, RunOptions} from '../../core/types.js';
import {causeSnippets, numberCopyables, type Copyable, type ShownSnippet} from '../../core/wizard/copyables.js';
import {copyNotice} from '../../core/wizard/copy-notice.js';
import {awaitsConfirmation, requestTargets} from '../../core/api/request-targets.js';
import {noCommandYet, rotateSnippets} from '../../core/wizard/guidance.js';
import {keyToAskAbout, keyViews, sourceRows, type KeyView, type SourceRow} from '../../core/wizard/key-views.js';
import {menuFor, quitExitCode, type MenuAction, type MenuItem} from '../../core/wizard/menu.js';
import {clearedErrorSummary, keysNamedByError, pastedErrorIsStale, staleErrorSummary, withoutPastedError} from '../../core/wizard/pasted-error.js';
import {orderedResults} from '../../core/wizard/probe-rows.js';
import {answerOf, type Question} from '../../core/wizard/questions.js';
import {initialWizardState, runOptionsOf, stepContextOf, wizardReducer, type SaveOutcome, type WizardState} from '../../core/wizard/reducer.js';
import {stepLead, type StepLead} from '../../core/wizard/step-lead.js';
import {givenAnswer, openQuestions, stepNumbers, stepOfTopCause, wizardSteps, type StepContext} from '../../core/wizard/steps.js';
import {hostQuestionId} from '../../core/wizard/host-question.js';
import {transcriptAnswers} from '../../core/wizard/transcript-answers.js';
import {libraryRows, type LibraryRow} from '../../core/wizard/library-rows.js';
import {rotationPlan, type RotationPlan} from '../../core/wizard/rotation-plan.js';
import {answeredRuntime, causesInView} from '../../core/wizard/runtime-questions.js';
import {causesWhileRunning} from '../../core/wizard/partial-run.js';
import {runtimeSnippets} from '../../core/wizard/runtimes.js';
import type {Snippet} from '../../core/types.js';

/** A running session, as `startSession` in source/runner/session.ts returns it. */
export type WizardSession = {done: Promise<Pick<Conclusion, 'causes' | 'verdict' | 'keys'> & {results?: ProbeResults}>; abort(reason?: string): void};

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
	/** Writes the clipboard (the runner's createClipboard; a fake in tests). */
	clipboard?: Clipboard;
	/** Save the transcript on quit (`--save`) unless it was saved already. */
	saveOnQuit?: boolean;
	now: () => Date;
};

/** What the user can ask for. */
export type WizardIntents = {
	select(action: MenuAction): void;
	/** Copies the screen's copyable with this number (1: the fix in view). */
	copy(number: number): void;
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
	sources: SourceRow[];
	context: StepContext;
	/** What the current screen leads with. */
	lead?: StepLead;
	/** The question the current screen asks now. */
	question?: Question;
	copyables: Copyable[];
	/** The live check's curl command to repeat by hand; none while the host waits for the user's word. */
	curl?: string;
	/** Why there is no command yet (a host only a project file names). */
	curlNote?: string;
	menu: MenuItem[];
	/** Step 4: the project's OpenAI client libraries, their versions and how each treats the key. */
	libraries: LibraryRow[];
	/** Step 5: rotate (what leaked where, in order) or why not. */
	rotation: RotationPlan;
	/** Step 2: how to set the key where the user said the app runs (none for this machine). */
	runtimeSnippets: Snippet[];
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
	// Rebuilt only when a new run starts: what the user told the wizard reaches the checks then.
	const options = useMemo<RunOptions>(() => runOptionsOf(setup.options, state), [setup.options, state.run.id]);
	const order = useMemo(() => setup.probes.map(probe => probe.id), [setup.probes]);
	// A pasted error that was cleared or set aside says nothing about the setup any more.
	const view = useMemo(() => {
		// Set aside (this run or an earlier one), or cleared since this run read it; a run that never had one is left as it is.
		const ignoreError = state.errorSetAside || (state.errorText === undefined && options.errorText !== undefined);
		if (!ignoreError || !state.run.results.has('error-triage')) return {results: state.run.results, options};
		return withoutPastedError(state.run.results, options, state.errorSetAside ? staleErrorSummary : clearedErrorSummary);
	}, [state.run.results, state.errorText, state.errorSetAside, options]);
	// Where the user said the app runs decides some causes (compose's env_file does not reach an app run on this machine).
	const appRuntime = answeredRuntime(state.answers.given);
	const concluded = useMemo(
		() => conclude(view.results, setup.ports.env, appRuntime ? {...view.options, appRuntime} : view.options, order, setup.rules),
		[view, setup.ports.env, order, setup.rules, appRuntime],
	);
	// The screens lead with the causes that apply where the user said the app runs; reports keep them all.
	// While checks run, no cause claims an absence one of them could still disprove (no key anywhere before .env was read).
	const pendingProbes = useMemo(() => (state.run.finished ? [] : setup.probes.map(probe => probe.id).filter(id => !state.run.results.has(id))), [state.run.finished, state.run.results, setup.probes]);
	const conclusion = useMemo(
		() => ({...concluded, causes: causesWhileRunning(causesInView(concluded.causes, state.answers.given), pendingProbes)}),
		[concluded, state.answers.given, pendingProbes],
	);
	const facts = useMemo<Facts>(() => ({options: view.options, env: setup.ports.env, results: view.results, keys: conclusion.keys}), [view, setup.ports.env, conclusion]);
	const keys = useMemo(() => keyViews(facts, conclusion.causes), [facts, conclusion]);
	const sources = useMemo(() => sourceRows(facts, conclusion.causes[0]), [facts, conclusion]);
	const askAbout = keyToAskAbout(keys);
	const context = useMemo(() => stepContextOf(state, keys, setup.options), [state, keys, setup.options]);
	const libraries = useMemo(() => libraryRows(facts), [facts]);
	const rotation = useMemo(() => rotationPlan(facts, concluded.causes), [facts, concluded]);
	const runtime = appRuntime;
	// How to set the key where the app runs, less what a cause of step 2 already hands over.
	const placeSnippets = useMemo(() => {
		if (!runtime || runtime === 'local') return [];
		const shown = new Set(conclusion.causes.filter(cause => cause.step === 2).flatMap(cause => cause.snippets.map(snippet => snippet.text.trim())));
		return runtimeSnippets(runtime, view.results).filter(snippet => !shown.has(snippet.text.trim()));
	}, [runtime, view.results, conclusion]);
	const running = state.run.finished ? 0 : Math.max(1, state.run.running.length);
	const {screen} = state;
	const step = screen.kind === 'step' ? screen.step : undefined;
	const lead = screen.kind === 'step' || screen.kind === 'summary' ? stepLead(step, context, {causes: conclusion.causes, running}) : undefined;
	const question = step === undefined ? undefined : openQuestions(step, context)[0];

	// The command to repeat the live check by hand: the live check's once it ran, else the same
	// request plan's (the app's base URL and settings, a loaded .env's included). The plan gives
	// none aimed at a host only a project file chose, before the user confirms it.
	const {curl, curlNote} = useMemo(() => {
		const liveCurl = (view.results.get('live-check')?.data as {curlCommand?: string} | undefined)?.curlCommand;
		const targets = requestTargets(options, setup.ports.env, view.results, []);
		const command = liveCurl ?? targets.command;
		if (command) return {curl: terminalSafe(command)};
		if (awaitsConfirmation(targets.baseChoice)) {
			const declined = givenAnswer({answers: state.answers}, hostQuestionId(targets.base.ok ? targets.base.url : targets.baseChoice.url))?.value === 'no';
			return {curlNote: terminalSafe(noCommandYet(targets.baseChoice, declined))};
		}

		return targets.base.ok ? {} : {curlNote: 'No command to test it yourself: the base URL was refused (see above).'};
	}, [options, setup.ports.env, view.results, state.answers]);

	const copyables = useMemo(() => {
		const shown: ShownSnippet[] = [];
		if (lead?.command) shown.push({snippet: lead.command, ...(lead.cause ? {causeId: lead.cause.id} : {})});
		if (screen.kind === 'summary') shown.push(...causeSnippets(conclusion.causes));
		else if (step !== undefined && wizardSteps[step].lead === 'step-causes') {
			shown.push(...causeSnippets(conclusion.causes.filter(cause => cause.step === step)));
			if (curl && wizardSteps[step].panels.includes('curl')) shown.push({snippet: {id: 'curl-models', label: 'Test it yourself', language: 'sh', text: curl}});
			if (wizardSteps[step].panels.includes('runtime')) shown.push(...placeSnippets.map(snippet => ({snippet})));
			if (wizardSteps[step].panels.includes('rotate')) shown.push(...(rotation.rotate ? rotation.snippets : rotateSnippets).map(snippet => ({snippet})));
		}

		return numberCopyables(shown);
	}, [lead, screen.kind, step, conclusion, curl, placeSnippets, rotation]);

	const topCauseStep = stepOfTopCause({answers: state.answers, causes: conclusion.causes});
	const hasDetails = screen.kind === 'summary' || (step !== undefined && (setup.probes.some(probe => probe.step === step) || conclusion.causes.some(cause => cause.step === step)));
	// A question that holds the checks back (a host to confirm): the screens that lead with the verdict point at it.
	const leadsWithVerdict = screen.kind === 'summary' || (step !== undefined && wizardSteps[step].lead === 'verdict');
	const waiting = leadsWithVerdict ? stepNumbers.flatMap(number => openQuestions(number, context)).find(open => open.short !== undefined) : undefined;
	const menu = menuFor(state, {
		topCauseStep: topCauseStep?.kind === 'step' ? topCauseStep.step : undefined,
		question,
		hasDetails,
		copyables,
		offerPaste: step !== undefined && wizardSteps[step].offersPaste(context),
		waiting,
	});

	const session = useRef<WizardSession | undefined>(undefined);
	// Saving and quitting use the whole conclusion: the report keeps every cause.
	const latest = useRef({state, conclusion: concluded, options, setup, copyables, question, view});
	latest.current = {state, conclusion: concluded, options, setup, copyables, question, view};

	useEffect(() => {
		const {options: runOptions, setup: current, state: atStart} = latest.current;
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
				const {state: now, setup: at} = latest.current;
				// The session's own results: the last ones may not have reached the state yet.
				const results = outcome.results ?? (now.run.id === runId ? now.run.results : new Map());
				let finished: Pick<Conclusion, 'causes' | 'verdict' | 'keys'> = outcome;
				let errorSetAside = false;
				// "Check again" after the fix: the pasted error's key is gone and a key works, so the error is from before the fix.
				if (atStart.run.reason === 'check-again' && runOptions.errorText && pastedErrorIsStale(atStart.run.baseline?.errorKeys, outcome.keys)) {
					const without = withoutPastedError(results, runOptions, staleErrorSummary);
					finished = conclude(without.results, at.ports.env, without.options, at.probes.map(probe => probe.id), at.rules);
					errorSetAside = true;
				}

				const report = buildJsonReport(finished, orderedResults(results, at.probes), at.version);
				dispatch({type: 'run-finished', runId, causes: finished.causes, verdict: finished.verdict, report, errorKeys: keysNamedByError(outcome.keys), ...(errorSetAside ? {errorSetAside} : {})});
			},
			() => undefined,
		);
		return () => {
			active = false;
			running.abort('the wizard started a new run or closed');
		};
	}, [state.run.id]);

	// The diagnosis is shown while slow checks (a login shell that loads nvm) still run: when
	// one of them ends and moves the most likely cause, say so on the status row.
	// Only once the diagnosis stood with at most two checks to go: the churn of the first moments is no news.
	const shownTop = useRef<{runId: number; id?: string; title?: string; pending: number}>({runId: state.run.id, pending: Number.POSITIVE_INFINITY});
	const topNow = conclusion.causes[0];
	useEffect(() => {
		const before = shownTop.current;
		shownTop.current = {runId: state.run.id, id: topNow?.id, title: topNow?.title, pending: pendingProbes.length};
		if (before.runId !== state.run.id || before.id === undefined || before.id === topNow?.id || before.pending > 2) return;
		const last = [...state.run.results.values()].at(-1);
		const by = last ? `${setup.probes.find(probe => probe.id === last.id)?.title ?? last.id} finished` : 'A check finished';
		dispatch({type: 'noticed', notice: {tone: 'warn', text: terminalSafe(topNow ? `Updated: ${by}; the most likely cause is now “${topNow.title}”.` : `Updated: ${by}; “${before.title}” no longer applies.`)}});
	}, [topNow?.id, state.run.id]);

	const save = useCallback(async (): Promise<void> => {
		const {state: now, conclusion: concluded, setup: current, view: seen} = latest.current;
		if (!current.save) return;
		dispatch({type: 'save-started'});
		const probes = orderedResults(seen.results, current.probes);
		const report = buildJsonReport(concluded, probes, current.version);
		const json = renderJsonReport(buildSessionJsonReport(report, now.log), concluded);
		const markdown = renderMarkdownTranscript(report, probes, concluded, {date: current.now().toISOString(), answers: transcriptAnswers(now.answers), session: now.log});
		const outcome = await current.save(markdown, json).catch(
			(error: unknown): SaveOutcome => ({ok: false, message: redact(error instanceof Error ? error.message.split('\n')[0]! : String(error))}),
		);
		dispatch({type: 'save-finished', outcome});
	}, []);

	const copy = useCallback(async (number: number): Promise<void> => {
		const {copyables: offered, conclusion: concluded, setup: current, state: now} = latest.current;
		const chosen = offered.find(copyable => copyable.number === number);
		if (now.copying) return;
		if (!chosen) {
			dispatch({type: 'noticed', notice: {tone: 'muted', text: offered.length === 0 ? 'Nothing to copy on this screen.' : `There is no command ${number} here: c copies 1${offered.length > 1 ? `, c then 2-${Math.min(9, offered.length)} the others` : ''}.`}});
			return;
		}
		// The exact command as the fix gives it: never folded, and once more through redaction.
		const text = terminalSafe(redact(chosen.snippet.text, concluded.keys.map(key => key.secret))).trim();
		dispatch({type: 'copy-started'});
		const outcome = current.clipboard
			? await current.clipboard(text).catch(() => ({osc52: false, osc52Support: 'no' as const}))
			: {osc52: false, osc52Support: 'no' as const};
		dispatch({type: 'copy-finished', text, label: chosen.snippet.label, ...(chosen.causeId ? {causeId: chosen.causeId} : {}), notice: copyNotice(outcome, text)});
	}, []);

	const quitting = useRef<0 | 1 | 3 | undefined>(undefined);
	const quit = useCallback(() => {
		const {state: now, conclusion: concluded, setup: current} = latest.current;
		session.current?.abort('quit');
		const code = quitExitCode(now.run.finished, concluded.verdict);
		if (current.saveOnQuit && now.run.finished && now.save.status !== 'saved') {
			// Exit once the frame saying where it was saved is drawn (below).
			quitting.current = code;
			void save();
			return;
		}

		exit(code);
	}, [exit, save]);

	useEffect(() => {
		if (quitting.current === undefined || (state.save.status !== 'saved' && state.save.status !== 'failed')) return;
		const code = quitting.current;
		quitting.current = undefined;
		// Let Ink draw the save notice before the last frame is kept on screen.
		setTimeout(() => exit(code), 0);
	}, [state.save.status, exit]);

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
					case 'answer': {
						const asked = latest.current.question;
						const answer = asked && asked.id === action.question ? answerOf(asked, action.value) : undefined;
						if (answer) dispatch({type: 'answered', answer, advance: asked!.advances !== false});
						break;
					}

					case 'copy':
						void copy(action.number);
						break;
					case 'paste':
						dispatch({type: 'navigated', to: 'paste'});
						break;
					case 'clear-paste':
						dispatch({type: 'paste-cleared'});
						break;
					case 'help':
						dispatch({type: 'navigated', to: 'help'});
						break;
					case 'details':
						dispatch({type: 'details-toggled'});
						break;
					case 'check-again':
						if (latest.current.state.run.finished) dispatch({type: 'run-restarted', reason: 'check-again'});
						break;
					case 'save':
						if (latest.current.state.run.finished && latest.current.state.save.status !== 'saving') void save();
						break;
					case 'quit':
						quit();
						break;
				}
			},
			copy: number => void copy(number),
			submitPaste: text => dispatch({type: 'pasted', text}),
			back: () => dispatch({type: 'navigated', to: 'back'}),
			quit,
			interrupt() {
				session.current?.abort('interrupted');
				exit(130);
			},
		}),
		[exit, quit, save, copy],
	);

	return {state, options, conclusion, keys, askAbout, sources, context, lead, question, copyables, curl, curlNote, menu, libraries, rotation, runtimeSnippets: placeSnippets, intents};
}
