import os from 'node:os';
import process from 'node:process';
import {render} from 'ink';
import type {Ports} from '../core/ports.js';
import type {RunOptions} from '../core/types.js';
import {wantsColor} from '../runner/color.js';
import {createClipboard} from '../runner/clipboard.js';
import {createExec} from '../runner/exec.js';
import {defaultTranscriptName, saveTranscript} from '../runner/save-transcript.js';
import {startSession, type RunningSession} from '../runner/session.js';
import {signalExitCodes, stopSignals, type StopSignal} from '../runner/stop-signals.js';
import {WizardApp} from './app.js';
import {assumedSize} from './layout.js';
import type {StartSession} from './hooks/use-wizard.js';

/** How long quitting waits for aborted probes to stop their commands. */
const settleMs = 1500;

/**
 * Mounts the wizard on the terminal and resolves with the exit code: the verdict's
 * (0 ok, 1 problem, 3 inconclusive), or 128 + the signal's number after SIGINT (Ctrl-C, 130),
 * SIGTERM (143) or SIGHUP (129). Every run still in flight is
 * aborted before it returns, and Ink restores the terminal on unmount.
 */
export async function runWizard(input: {
	ports: Ports;
	options: RunOptions;
	version: string;
	saveTarget?: string;
	/** Called right before Ink's first render (the CLI erases its plain first frame there). */
	beforeFirstRender?: () => void;
}): Promise<number> {
	const sessions = new Set<RunningSession>();
	const tracked: StartSession = (ports, options, listener, probes, rules) => {
		const session = startSession(ports, options, listener, probes, rules);
		sessions.add(session);
		void session.done.finally(() => sessions.delete(session));
		return session;
	};

	// The wizard cannot ask for another name: a taken one steps aside (-2, -3…) and the screen says which was used.
	const save = (markdown: string, json: string) => saveTranscript(input.saveTarget || defaultTranscriptName(new Date()), markdown, json, {freeName: true});
	// The clipboard is the user's, not the checked setup's: the real environment (DISPLAY, TMUX…), even in the demo.
	// Its tool is never taken from the project folder (npx puts <project>/node_modules/.bin first on PATH).
	const trusted = {projectDir: input.options.cwd, home: process.env.HOME ?? os.homedir()};
	const clipboard = createClipboard({exec: createExec(trusted), env: process.env, platform: process.platform, writeToTerminal: data => process.stdout.write(data), trusted});
	// A terminal that reports no size (`stty rows 0 cols 0`, some serial consoles) would make
	// Ink lay out in zero columns: take it as 80×24 until it says otherwise (Node updates
	// both on the next resize).
	if (!process.stdout.columns) process.stdout.columns = assumedSize.columns;
	if (!process.stdout.rows) process.stdout.rows = assumedSize.rows;
	input.beforeFirstRender?.();
	const instance = render(
		<WizardApp
			ports={input.ports}
			options={input.options}
			version={input.version}
			startSession={tracked}
			save={save}
			clipboard={clipboard}
			saveOnQuit={input.saveTarget !== undefined}
			color={wantsColor(process.env, true)}
		/>,
		{exitOnCtrlC: false, patchConsole: true},
	);

	// With raw mode on, Ctrl-C arrives as a key; a SIGINT from elsewhere (kill -INT), a SIGTERM,
	// or the SIGHUP of a closed terminal lands here: the terminal is restored and every check stopped.
	let stoppedBy: StopSignal | undefined;
	const onSignal = (signal: StopSignal) => {
		stoppedBy ??= signal;
		instance.unmount();
	};

	for (const signal of stopSignals) process.on(signal, onSignal);
	let value: unknown;
	try {
		value = await instance.waitUntilExit();
	} finally {
		for (const signal of stopSignals) process.removeListener(signal, onSignal);
	}

	const pending = [...sessions];
	for (const session of pending) session.abort('the wizard closed');
	await Promise.race([Promise.allSettled(pending.map(session => session.done)), new Promise(resolve => setTimeout(resolve, stoppedBy && stoppedBy !== 'SIGINT' ? 300 : settleMs).unref())]);
	if (stoppedBy) return signalExitCodes[stoppedBy];
	return typeof value === 'number' ? value : 3;
}
