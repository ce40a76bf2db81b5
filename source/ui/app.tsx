import {useEffect, useMemo, useRef, useState} from 'react';
import {Box, useStdin} from 'ink';
import {redact} from '../core/keys/redact.js';
import {appBaseUrl, appEnvironment} from '../core/local/app-settings.js';
import {allProbes} from '../core/probes/index.js';
import type {Clipboard, Ports} from '../core/ports.js';
import type {ProbeDefinition, Rule, RunOptions, StepNumber} from '../core/types.js';
import {copyNumberOf} from '../core/wizard/copyables.js';
import {describeBaseUrl, docLinks} from '../core/wizard/guidance.js';
import {probeRows} from '../core/wizard/probe-rows.js';
import {plannedChecksOfStep, rotationApplies, wizardSteps} from '../core/wizard/steps.js';
import {ActionMenu} from './components/action-menu.js';
import {Header} from './components/header.js';
import {HelpScreen} from './components/help-screen.js';
import {KeyHints} from './components/key-hints.js';
import {PasteScreen} from './components/paste-screen.js';
import {RecheckBanner} from './components/recheck-banner.js';
import {ScrollView} from './components/scroll-view.js';
import {StatusLine} from './components/status-line.js';
import {StepBar} from './components/step-bar.js';
import {StepScreen} from './components/step-screen.js';
import {SummaryScreen} from './components/summary-screen.js';
import {TooSmall} from './components/too-small.js';
import {useMenuState} from './hooks/use-menu-state.js';
import {usePasteState} from './hooks/use-paste-state.js';
import {useScroll} from './hooks/use-scroll.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useWizard, type SaveTranscript, type StartSession} from './hooks/use-wizard.js';
import {useWizardKeys, type Pane} from './hooks/use-wizard-keys.js';
import {assumedSize, menuRowsFor, minimumSize} from './layout.js';
import {ThemeContext, createTheme} from './theme.js';

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
	/** Writes the clipboard (system tool and OSC 52); without it a copy says to select the command. */
	clipboard?: Clipboard;
	saveOnQuit?: boolean;
	/** Colours on (false with NO_COLOR). */
	color?: boolean;
	/** Spinners move (false in tests). */
	animate?: boolean;
	now?: () => Date;
};

/**
 * The interactive wizard, sized to the terminal: a header line and a step bar, the page
 * (answer first, scrolling), a status row, a compact menu and one line of keys. Below the
 * minimum size it says how big the terminal must be instead of drawing.
 */
export function WizardApp(props: WizardAppProps) {
	const theme = useMemo(() => createTheme({color: props.color ?? true, animate: props.animate ?? true}), [props.color, props.animate]);
	const probes = props.probes ?? allProbes;
	const {isRawModeSupported} = useStdin();
	const size = useTerminalSize();
	const columns = size.columns;
	const rows = size.rows ?? assumedSize.rows;
	const tooSmall = columns < minimumSize.columns || rows < minimumSize.rows;
	const model = useWizard({
		ports: props.ports,
		options: props.options,
		version: props.version,
		startSession: props.startSession,
		probes,
		rules: props.rules,
		save: props.save ?? (async () => ({ok: false, message: 'saving is not available here.'})),
		clipboard: props.clipboard,
		saveOnQuit: props.saveOnQuit,
		now: props.now ?? (() => new Date()),
	});
	const {state, conclusion, intents, menu, copyables, context, lead} = model;
	const {screen} = state;
	const typing = screen.kind === 'paste';
	const helping = screen.kind === 'help';
	const paste = usePasteState();
	const screenKey = screen.kind === 'step' ? `step-${screen.step}` : screen.kind;
	const scroll = useScroll(`${screenKey}:${state.showDetails}`);
	const menuKeys = useMemo(() => menu.map(item => item.key), [menu]);
	const menuState = useMenuState(screenKey, menuKeys);
	const [pane, setPane] = useState<Pane>('menu');
	useEffect(() => setPane('menu'), [screenKey]);

	// The frame fills the terminal but its last row (a taller one makes Ink clear the screen
	// on every frame): the page scrolls between the chrome, the menu stays at the bottom, and
	// a new page is never drawn into a height measured for the one before.
	const height = rows - 1;

	// The selection as the keys have moved it, even before the screen shows it (↓ and Enter in one read).
	const selectedNow = useRef(menuState.selected);
	selectedNow.current = menuState.selected;
	const moveTo = (index: number) => {
		selectedNow.current = Math.max(0, Math.min(menu.length - 1, index));
		menuState.dispatch({type: 'jumped', to: selectedNow.current, keys: menuKeys});
	};

	const chooseAt = (index?: number) => {
		const item = menu[index ?? selectedNow.current];
		if (item) intents.select(item.action);
	};

	useWizardKeys({
		onInterrupt: intents.interrupt,
		onQuit: intents.quit,
		onBack: intents.back,
		page: scroll,
		menu: {
			move: by => moveTo(selectedNow.current + by),
			jump: to => moveTo(to === 'first' ? 0 : to === 'last' ? menu.length - 1 : to),
			choose: chooseAt,
			count: Math.min(9, menu.length),
		},
		onCopy: intents.copy,
		copyCount: Math.min(9, copyables.length),
		onPaste: () => intents.select({type: 'paste'}),
		onHelp: () => intents.select({type: 'help'}),
		onCauses: () => intents.select({type: 'summary'}),
		onDetails: () => intents.select({type: 'details'}),
		onCheckAgain: () => intents.select({type: 'check-again'}),
		onSave: () => intents.select({type: 'save'}),
		onStepInOrder: by => {
			const order = ['1', '2', '3', '4', '5', 'summary'];
			const at = order.indexOf(screen.kind === 'step' ? String(screen.step) : screen.kind);
			const target = at === -1 ? undefined : order[at + by];
			if (target === 'summary') intents.select({type: 'summary'});
			else if (target) intents.select({type: 'open-step', step: Number(target) as StepNumber});
		},
		pane,
		onPane: setPane,
		typing,
		helping,
		tooSmall,
		isActive: isRawModeSupported,
	});

	const stepsWithCauses = useMemo(() => new Set<StepNumber>(conclusion.causes.map(cause => cause.step)), [conclusion]);
	// The keys found so far: a pasted error is shown redacted once more with them, so a piece of one (split by a soft wrap) is hidden too.
	const secrets = useMemo(() => conclusion.keys.map(key => key.secret), [conclusion]);
	if (tooSmall) {
		return (
			<ThemeContext.Provider value={theme}>
				<TooSmall columns={columns} rows={rows} />
			</ThemeContext.Provider>
		);
	}

	const running = state.run.finished ? 0 : Math.max(1, state.run.running.length);
	const checkingAgain = running > 0 && state.run.reason === 'check-again';
	const copyKeyOf = (text: string) => {
		const number = copyNumberOf(copyables, text);
		return number === undefined || number > 9 ? undefined : number === 1 ? 'c' : `c${number}`;
	};

	const recheck = state.recheck && (screen.kind === 'step' || screen.kind === 'summary') ? <RecheckBanner recheck={state.recheck} errorSetAside={state.errorSetAside} /> : null;
	let body;
	if (screen.kind === 'paste') {
		body = <PasteScreen value={paste.value} dispatch={paste.dispatch} onSubmit={intents.submitPaste} isActive={isRawModeSupported} currentErrorText={state.errorText} secrets={secrets} />;
	} else if (screen.kind === 'help') {
		body = <HelpScreen />;
	} else if (screen.kind === 'summary') {
		body = <SummaryScreen conclusion={conclusion} keys={model.keys} lead={lead!} running={running} copyKeyOf={copyKeyOf} />;
	} else {
		const {step} = screen;
		const appBase = appBaseUrl(model.options, props.ports.env, state.run.results);
		body = (
			<StepScreen
				step={step}
				lead={lead!}
				causes={conclusion.causes}
				rows={probeRows(step, probes, state.run)}
				planned={plannedChecksOfStep(step, probes)}
				keys={model.keys}
				sources={model.sources}
				question={model.question}
				given={Object.values(state.answers.given ?? {}).filter(answer => answer.step === step)}
				says={wizardSteps[step].says?.(context)}
				appError={state.answers.appError ? redact(state.answers.appError.shown, secrets) : undefined}
				errorSetAside={state.errorSetAside}
				rotation={{applies: rotationApplies(context), oldKeys: model.keys.filter(key => key.usedByApp && key.live !== 'valid').map(key => key.fingerprint), plan: model.rotation}}
				libraries={model.libraries}
				libraryCheck={state.run.results.get('library-versions')}
				runtimeSnippets={model.runtimeSnippets}
				running={running > 0}
				showDetails={state.showDetails}
				width={columns}
				curl={model.curl}
				curlNote={model.curlNote}
				baseUrl={describeBaseUrl(appBase)}
				docs={docLinks({baseUrl: appBase.url}, appEnvironment(props.ports.env, state.run.results), model.libraries)}
				copyKeyOf={copyKeyOf}
			/>
		);
	}

	const showMenu = !typing && !helping;
	return (
		<ThemeContext.Provider value={theme}>
			<Box flexDirection="column" height={height} width={columns}>
				<Box flexDirection="column" flexShrink={0}>
					<Header version={props.version} demo={props.options.demo} running={running} checkingAgain={checkingAgain} />
					<StepBar screen={screen} stepsWithCauses={stepsWithCauses} width={columns} />
				</Box>
				<Box flexDirection="column" flexGrow={1} flexShrink={1}>
					<ScrollView limited offset={scroll.offset} onMeasure={scroll.setMeasure}>
						{recheck ? (
							<Box marginBottom={1} flexDirection="column">
								{recheck}
							</Box>
						) : null}
						{body}
					</ScrollView>
				</Box>
				<Box flexDirection="column" flexShrink={0}>
					<StatusLine notice={state.notice} below={scroll.overflow - scroll.offset} above={scroll.offset} width={columns} />
					{showMenu ? <ActionMenu items={menu} selected={menuState.selected} focused={pane === 'menu'} width={columns} maxRows={menuRowsFor(rows)} /> : null}
					<KeyHints mode={typing ? 'typing' : helping ? 'help' : 'menu'} pane={pane} canCopy={copyables.length > 0} width={columns} />
				</Box>
			</Box>
		</ThemeContext.Provider>
	);
}
