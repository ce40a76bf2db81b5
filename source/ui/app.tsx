import {useCallback, useMemo, useRef, useState} from 'react';
import {Box, Text, measureElement, useStdin, type DOMElement} from 'ink';
import {appBaseUrl, appEnvironment, loadDotenvFirst} from '../core/local/app-settings.js';
import {allProbes} from '../core/probes/index.js';
import type {Ports} from '../core/ports.js';
import type {ProbeDefinition, Rule, RunOptions, StepNumber} from '../core/types.js';
import {awaitsConfirmation, requestTargets} from '../core/api/request-targets.js';
import {curlCommand, describeBaseUrl, docLinks, noCommandYet} from '../core/wizard/guidance.js';
import {apiKeysPage, azurePortalPage, dashboardQuestion, plannedChecksOfStep} from '../core/wizard/steps.js';
import {probeRows} from '../core/wizard/probe-rows.js';
import {ActionMenu} from './components/action-menu.js';
import {ScrollView} from './components/scroll-view.js';
import {Header} from './components/header.js';
import {KeyHints} from './components/key-hints.js';
import {PasteScreen} from './components/paste-screen.js';
import {usePasteState} from './hooks/use-paste-state.js';
import {RecheckBanner} from './components/recheck-banner.js';
import {SaveStatus} from './components/save-status.js';
import {StepBar} from './components/step-bar.js';
import {StatusLabel} from './components/status-label.js';
import {StepScreen} from './components/step-screen.js';
import {SummaryScreen} from './components/summary-screen.js';
import {useScroll} from './hooks/use-scroll.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
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
	const {columns, rows} = useTerminalSize();
	const narrow = columns < narrowBelow;
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
	const paste = usePasteState();
	const screenKey = state.screen.kind === 'step' ? `step-${state.screen.step}` : state.screen.kind;
	const scroll = useScroll(`${screenKey}:${state.showDetails}`);
	// On a terminal of known height the wizard is never taller than the terminal (a taller
	// frame would make Ink clear the screen): the body is clipped and scrolls, the menu stays
	// in view, and the whole shrinks to its content when that is shorter.
	const room = rows === undefined ? undefined : Math.max(rows - 1, 8);
	const [fitHeight, setFitHeight] = useState<number | undefined>(undefined);
	const height = room === undefined ? undefined : Math.min(room, fitHeight ?? room);
	const root = useRef<DOMElement>(null);
	const onMeasure = useCallback(
		(content: number, viewport: number) => {
			scroll.setMeasure(content, viewport);
			if (room === undefined || !root.current) return;
			// All three heights come from the same layout pass, so they agree with each other.
			const natural = measureElement(root.current).height - viewport + content;
			setFitHeight(natural >= room ? undefined : natural);
		},
		[scroll.setMeasure, room],
	);
	useWizardKeys({onInterrupt: intents.interrupt, onBack: intents.back, onQuit: intents.quit, onPageDown: scroll.pageDown, onPageUp: scroll.pageUp, typing, isActive: isRawModeSupported});

	const stepsWithCauses = useMemo(() => new Set<StepNumber>(conclusion.causes.map(cause => cause.step)), [conclusion]);
	// The app's base URL and settings, a loaded .env's included once the .env check has run.
	const appBase = appBaseUrl(model.options, props.ports.env, state.run.results);
	const appSettingsNow = appEnvironment(props.ports.env, state.run.results);
	// Once the live check has run, its command is the one to repeat (Azure's, a .env loaded first…).
	const liveCurl = (state.run.results.get('live-check')?.data as {curlCommand?: string} | undefined)?.curlCommand;
	// Never a command aimed at a host only a project file chose, before the user confirms it.
	const baseChoice = requestTargets(model.options, props.ports.env, state.run.results, []).baseChoice;
	const fallbackCurl = awaitsConfirmation(baseChoice) ? noCommandYet(baseChoice) : loadDotenvFirst(curlCommand({baseUrl: appBase.url}, appSettingsNow), props.ports.env, state.run.results);
	const running = !state.run.finished;
	const checkingAgain = running && state.run.reason === 'check-again';

	let body;
	if (state.screen.kind === 'paste') {
		body = <PasteScreen value={paste.value} dispatch={paste.dispatch} onSubmit={intents.submitPaste} isActive={isRawModeSupported} currentErrorText={state.errorText} />;
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
				keys={model.keys}
				askAbout={model.askAbout}
				hostQuestion={model.hostQuestion}
				sources={model.sources}
				answers={state.answers}
				running={running}
				showDetails={state.showDetails}
				narrow={narrow}
				curl={liveCurl ?? fallbackCurl}
				baseUrl={describeBaseUrl(appBase)}
				docs={docLinks({baseUrl: appBase.url}, appSettingsNow)}
			/>
		);
	}

	const below = scroll.overflow - scroll.offset;
	const asking = state.screen.kind === 'step' && state.screen.step === 1 && model.askAbout !== undefined && !state.answers.dashboard;
	return (
		<ThemeContext.Provider value={theme}>
			<Box ref={root} flexDirection="column" height={height}>
				<Box flexDirection="column" flexShrink={0}>
					<Header version={props.version} demo={props.options.demo} narrow={narrow} />
					<StepBar screen={state.screen} stepsWithCauses={stepsWithCauses} narrow={narrow} />
					{running && !checkingAgain && state.run.running.length > 0 ? (
						<StatusLabel label={{...theme.running, word: `${state.run.running.length} ${state.run.running.length === 1 ? 'check' : 'checks'} running`}} spinning />
					) : null}
				</Box>
				<Box marginTop={1} flexDirection="column" flexGrow={1} flexShrink={1}>
					<ScrollView limited={room !== undefined} offset={scroll.offset} onMeasure={onMeasure}>
						{body}
					</ScrollView>
				</Box>
				<Box flexDirection="column" flexShrink={0}>
					{scroll.overflow > 0 ? (
						<Text color={theme.paint('accent')} wrap="truncate-end">
							{below > 0 ? `↓ ${below} more ${below === 1 ? 'line' : 'lines'} below: PgDn${scroll.offset > 0 ? ' · PgUp up' : ''}` : '↑ end of the page: PgUp goes back up'}
						</Text>
					) : null}
					{checkingAgain || state.recheck ? (
						<Box marginTop={1}>
							<RecheckBanner recheck={state.recheck} checking={checkingAgain} />
						</Box>
					) : null}
					{state.save.status === 'idle' || state.screen.kind === 'paste' ? null : (
						<Box marginTop={1}>
							<SaveStatus save={state.save} />
						</Box>
					)}
					{asking && scroll.overflow > 0 ? (
						// The question scrolled out of a small terminal: keep it beside its answers.
						<Box marginTop={1} flexDirection="column">
							{/* The link too where it fits on one line; a narrow terminal keeps its rows for the page. */}
							{narrow ? null : (
								<Text>
									{theme.icons.link} <Text color={theme.paint('accent')}>{model.askAbout!.azure ? azurePortalPage : apiKeysPage}</Text>
								</Text>
							)}
							<Text bold>{dashboardQuestion(model.askAbout!.ending, model.askAbout!.azure)}</Text>
						</Box>
					) : null}
					{typing ? null : (
						<Box marginTop={1} flexDirection="column">
							<ActionMenu key={screenKey} items={model.menu} onSelect={intents.select} isFocused={isRawModeSupported} />
						</Box>
					)}
					<Box marginTop={1}>
						<KeyHints typing={typing} scrollable={scroll.overflow > 0} narrow={narrow} />
					</Box>
				</Box>
			</Box>
		</ThemeContext.Provider>
	);
}
