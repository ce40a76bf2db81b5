import {useMemo} from 'react';
import {Box, useStdin} from 'ink';
import {allProbes} from '../core/probes/index.js';
import type {Ports} from '../core/ports.js';
import type {ProbeDefinition, Rule, RunOptions, StepNumber} from '../core/types.js';
import {curlCommand, describeBaseUrl, docLinks} from '../core/wizard/guidance.js';
import {plannedChecksOfStep} from '../core/wizard/steps.js';
import {probeRows} from '../core/wizard/probe-rows.js';
import {ActionMenu} from './components/action-menu.js';
import {Header} from './components/header.js';
import {KeyHints} from './components/key-hints.js';
import {PasteScreen} from './components/paste-screen.js';
import {RecheckBanner} from './components/recheck-banner.js';
import {SaveStatus} from './components/save-status.js';
import {StepBar} from './components/step-bar.js';
import {StatusLabel} from './components/status-label.js';
import {StepScreen} from './components/step-screen.js';
import {SummaryScreen} from './components/summary-screen.js';
import {useTerminalWidth} from './hooks/use-terminal-width.js';
import {useWizard, type SaveTranscript, type StartSession} from './hooks/use-wizard.js';
import {useWizardKeys} from './hooks/use-wizard-keys.js';
import {ThemeContext, createTheme} from './theme.js';

/** Below this width, tables become one block per row. */
const narrowBelow = 72;

/** What the wizard needs; everything with an effect is injected. */
export type WizardAppProps = {
	ports: Ports;
	options: RunOptions;
	version: string;
	/** Starts a run of the probes (`startSession` from source/runner/session.ts; a fake in tests). */
	startSession: StartSession;
	probes?: readonly ProbeDefinition[];
	rules?: readonly Rule[];
	/** Writes the transcript; without it "Save transcript" reports that it cannot save. */
	save?: SaveTranscript;
	saveOnQuit?: boolean;
	/** Colours on (false with NO_COLOR). */
	color?: boolean;
	/** Spinners move (false in tests). */
	animate?: boolean;
	now?: () => Date;
};

/** The interactive wizard: header, step bar, the current screen and its menu. */
export function WizardApp(props: WizardAppProps) {
	const theme = useMemo(() => createTheme({color: props.color ?? true, animate: props.animate ?? true}), [props.color, props.animate]);
	const probes = props.probes ?? allProbes;
	const {isRawModeSupported} = useStdin();
	const width = useTerminalWidth();
	const narrow = width < narrowBelow;
	const model = useWizard({
		ports: props.ports,
		options: props.options,
		version: props.version,
		startSession: props.startSession,
		probes,
		rules: props.rules,
		save: props.save ?? (async () => ({ok: false, message: 'saving is not available here.'})),
		saveOnQuit: props.saveOnQuit,
		now: props.now ?? (() => new Date()),
	});
	const {state, conclusion, intents} = model;
	const typing = state.screen.kind === 'paste';
	useWizardKeys({onInterrupt: intents.interrupt, onBack: intents.back, onQuit: intents.quit, typing, isActive: isRawModeSupported});

	const stepsWithCauses = useMemo(() => new Set<StepNumber>(conclusion.causes.map(cause => cause.step)), [conclusion]);
	const running = !state.run.finished;
	const checkingAgain = running && state.run.reason === 'check-again';

	let body;
	if (state.screen.kind === 'paste') {
		body = <PasteScreen onSubmit={intents.submitPaste} isActive={isRawModeSupported} currentErrorText={state.errorText} />;
	} else if (state.screen.kind === 'summary') {
		body = <SummaryScreen conclusion={conclusion} keys={model.keys} runningCount={running ? Math.max(1, state.run.running.length) : 0} showDetails={state.showDetails} />;
	} else {
		const {step} = state.screen;
		body = (
			<StepScreen
				step={step}
				rows={probeRows(step, probes, state.run)}
				planned={plannedChecksOfStep(step, probes)}
				causes={conclusion.causes.filter(cause => cause.step === step)}
				topCause={conclusion.causes[0]}
				keys={model.keys}
				askAbout={model.askAbout}
				sources={model.sources}
				answers={state.answers}
				running={running}
				showDetails={state.showDetails}
				narrow={narrow}
				curl={curlCommand(model.options, props.ports.env)}
				baseUrl={describeBaseUrl(model.options)}
				docs={docLinks(model.options, props.ports.env)}
			/>
		);
	}

	const screenKey = state.screen.kind === 'step' ? `step-${state.screen.step}` : state.screen.kind;
	return (
		<ThemeContext.Provider value={theme}>
			<Box flexDirection="column">
				<Header version={props.version} demo={props.options.demo} />
				<StepBar screen={state.screen} stepsWithCauses={stepsWithCauses} />
				{running && !checkingAgain && state.run.running.length > 0 ? (
					<StatusLabel label={{...theme.running, word: `${state.run.running.length} ${state.run.running.length === 1 ? 'check' : 'checks'} running`}} spinning />
				) : null}
				<Box marginTop={1} flexDirection="column">
					{body}
				</Box>
				{checkingAgain || state.recheck ? (
					<Box marginTop={1}>
						<RecheckBanner recheck={state.recheck} checking={checkingAgain} />
					</Box>
				) : null}
				{state.save.status === 'idle' ? null : (
					<Box marginTop={1}>
						<SaveStatus save={state.save} />
					</Box>
				)}
				{typing ? null : (
					<Box marginTop={1} flexDirection="column">
						<ActionMenu key={screenKey} items={model.menu} onSelect={intents.select} isFocused={isRawModeSupported} />
					</Box>
				)}
				<Box marginTop={1}>
					<KeyHints typing={typing} />
				</Box>
			</Box>
		</ThemeContext.Provider>
	);
}
