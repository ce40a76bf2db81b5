import {parseCliArgs, parseExplainArgs, helpText, type CliArgsError, type ExplainArgs} from './cli-args.js';
import {redact} from './core/keys/redact.js';
import {terminalSafe} from './core/report/terminal-safe.js';
import type {Ports} from './core/ports.js';
import type {RunOptions} from './core/types.js';
import {signalExitCodes, stopSignals, type StopSignal} from './runner/stop-signals.js';
import {wantsColor} from './runner/color.js';
import {writeFirstFrame} from './runner/first-frame.js';
import {isTerminal, outputStream, whenOutputFlushed, writeOutput} from './runner/standard-output.js';
import {projectFolderProblem} from './runner/project-folder.js';
import {noteKindsOfRun} from './runner/code-cache.js';

// Everything else is imported lazily: --help and usage errors load nothing more, the
// headless modes never load Ink or React, and the wizard's chunk starts loading first.
// The wizard's plain first frame (a few lines) is here, so it is drawn before any chunk loads.
declare const __KEY_WIZARD_VERSION__: string | undefined;
/** The package version, inlined at build time. */
export const version = typeof __KEY_WIZARD_VERSION__ === 'string' ? __KEY_WIZARD_VERSION__ : '0.0.0-dev';

/** Exit code when the tool itself failed: its report could not be written (a full disk, a closed pipe), or an unexpected error. */
const toolFailed = 4;

/**
 * One line on stderr. Whatever it quotes (a path, a flag's value, an error message) is
 * outside text: keys are redacted and terminal control sequences removed first.
 */
function stderrLine(text: string, prefix = 'key-wizard: '): void {
	void writeOutput(2, `${prefix}${terminalSafe(redact(text)).replace(/\s*\n\s*/g, ' ').trim()}\n`);
}

/** Writes to stdout; resolves with why it could not (ENOSPC on a full disk, EPIPE on a closed pipe), or undefined. */
function writeStdout(text: string): Promise<NodeJS.ErrnoException | undefined> {
	return writeOutput(1, text);
}

/** The wizard draws through Node's streams (Ink does): built now, with their error events handled. Returns stdout's. */
function wizardStreams(): NodeJS.WriteStream {
	outputStream(2);
	return outputStream(1);
}

/** Says that stdout failed and gives the exit code for it. */
function stdoutFailed(error: NodeJS.ErrnoException): number {
	const reason = error.code === 'ENOSPC' ? 'no space left on the device' : error.code === 'EPIPE' ? 'the reading end of the pipe was closed' : (error.code ?? error.message);
	stderrLine(`could not write the report to standard output (${reason}).`);
	return toolFailed;
}

async function main(): Promise<number> {
	const explainArgs = parseExplainArgs(process.argv.slice(2));
	if (explainArgs) return explainCauses(explainArgs);
	// A dumb terminal cannot draw the wizard: it gets the plain report.
	// stdout first: where it is not a terminal, the stdin stream (which a headless run never reads) is never built.
	const isTty = isTerminal(1) && isTerminal(0) && process.env.TERM !== 'dumb';
	const parsed = parseCliArgs(process.argv.slice(2), {env: process.env, cwd: process.cwd(), isTty});
	if ('error' in parsed) {
		stderrLine(parsed.error);
		return 2;
	}

	if (parsed.mode === 'help' || parsed.mode === 'version') {
		const failed = await writeStdout(`${parsed.mode === 'help' ? helpText : version}\n`);
		return failed ? stdoutFailed(failed) : 0;
	}

	// The wizard's header is on screen at once, while its chunk loads; a headless run loads all it needs in one go.
	const eraseFirstFrame = parsed.mode === 'interactive' ? writeFirstFrame(wizardStreams(), {version, demo: parsed.options.demo, color: wantsColor(process.env, true)}) : undefined;
	// Started before the core loads (synchronously, in the next microtask), awaited after it.
	const folderProblem = parsed.options.demo ? undefined : projectFolderProblem(parsed.options.cwd, {waitMs: parsed.options.timeoutMs});
	const wizardModule = parsed.mode === 'interactive' ? import('./ui/run-wizard.js') : undefined;
	const headlessModules = parsed.mode === 'interactive' ? undefined : import('./runner/headless.js');
	// Awaited later; this only keeps an early failure from being reported as unhandled.
	wizardModule?.catch(() => undefined);
	headlessModules?.catch(() => undefined);
	/** Says why the run cannot start, with the header erased first. */
	const refuse = (problem: string) => {
		eraseFirstFrame?.();
		stderrLine(problem);
		return 2;
	};

	const problem = await folderProblem;
	if (problem) return refuse(problem);

	// A --save that cannot be kept (a missing or read-only folder, a taken name) is said now,
	// before a single key is sent for a report that would be lost.
	if (parsed.save !== undefined) {
		const {saveTargetProblem} = await (headlessModules ?? import('./runner/save-transcript.js'));
		const problem = await saveTargetProblem(parsed.save);
		if (problem) return refuse(problem);
	}

	let closeDemo: (() => Promise<void>) | undefined;
	try {
		let ports: Ports;
		let options: RunOptions = parsed.options;
		if (options.demo) {
			const {createDemo} = await import('./runner/demo.js');
			const demo = await createDemo(options);
			ports = demo.ports;
			options = demo.options;
			closeDemo = demo.close;
		} else {
			const {createRealPorts} = await (headlessModules ?? import('./runner/real-ports.js'));
			ports = createRealPorts({cwd: options.cwd});
			// --container without docker, --k8s-secret without kubectl: refused, not ignored.
			if (options.containers.length > 0 || options.k8sSecret) {
				const {missingToolRefusal} = await (headlessModules ?? import('./core/deployed/required-tools.js'));
				const refusal = await missingToolRefusal(ports, options);
				if (refusal) return refuse(refusal);
			}
		}

		if (parsed.mode === 'interactive') {
			noteKindsOfRun(['wizard']);
			const {runWizard} = await wizardModule!;
			return await runWizard({ports, options, version, saveTarget: parsed.save, beforeFirstRender: eraseFirstFrame});
		}

		return await runHeadless(await headlessModules!, parsed.mode, ports, options, parsed.save);
	} catch (error) {
		// Failed before the wizard drew (a no-op after): leave no stray header behind the message.
		eraseFirstFrame?.();
		throw error;
	} finally {
		await closeDemo?.();
	}
}

/** `key-wizard explain [ID]`: the cause catalog, without Ink or React. */
async function explainCauses(args: ExplainArgs | CliArgsError): Promise<number> {
	if ('error' in args) {
		stderrLine(args.error);
		return 2;
	}

	const {explain} = await import('./core/catalog/explain.js');
	const outcome = explain({...args, color: !args.json && wantsColor(process.env, isTerminal(1))});
	if ('error' in outcome) {
		stderrLine(outcome.error);
		return 2;
	}

	const failed = await writeStdout(outcome.text);
	return failed ? stdoutFailed(failed) : 0;
}

async function runHeadless(
	{startSession, exitCodeOf, buildJsonReport, renderJsonReport, renderTextReport, renderMarkdownTranscript, defaultTranscriptName, saveTranscript, wantsColor}: typeof import('./runner/headless.js'),
	mode: 'json' | 'report',
	ports: Ports,
	options: RunOptions,
	save: string | undefined,
): Promise<number> {
	const session = startSession(ports, options);
	let stoppedBy: StopSignal | undefined;
	let finished = false;
	let giveUp: () => void = () => undefined;
	const gaveUp = new Promise<void>(resolve => {
		giveUp = resolve;
	});
	const onSignal = (signal: StopSignal) => {
		// A second signal, or one once the checks are done: leave at once (the exit hook still kills every child).
		if (stoppedBy || finished) process.exit(signalExitCodes[signal]);
		stoppedBy = signal;
		session.abort(signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`);
		// Aborted probes settle at once; should one not, the exit does not wait for it.
		setTimeout(giveUp, 2000).unref();
	};

	for (const signal of stopSignals) process.on(signal, onSignal);
	try {
		const outcome = await Promise.race([session.done, gaveUp.then(() => undefined)]);
		finished = true;
		if (stoppedBy || !outcome) {
			stderrLine(stoppedBy === 'SIGINT' || !stoppedBy ? 'interrupted; in-flight checks were stopped.' : `stopped by ${stoppedBy}; in-flight checks were stopped.`);
			return signalExitCodes[stoppedBy ?? 'SIGINT'];
		}

		return await writeReports(outcome);
	} finally {
		for (const signal of stopSignals) process.removeListener(signal, onSignal);
	}

	async function writeReports(outcome: Awaited<typeof session.done>): Promise<number> {
		// The run's mode, for the core's code cache (runner/code-cache.ts); the session names its probes and causes itself.
		noteKindsOfRun([mode, ...(save === undefined ? [] : ['transcript'])]);
		const report = buildJsonReport(outcome, outcome.probes, version);
		const json = renderJsonReport(report, outcome);
		const stdoutError = await writeStdout(
			mode === 'json' ? json : renderTextReport(report, outcome.probes, outcome, {color: wantsColor(process.env, isTerminal(1))}),
		);

		if (save !== undefined) {
			const now = new Date();
			const target = save || defaultTranscriptName(now);
			const markdown = renderMarkdownTranscript(report, outcome.probes, outcome, {date: now.toISOString()});
			// A name the user chose was checked free at the start; a default one steps aside (-2, -3…).
			const saved = await saveTranscript(target, markdown, json, {freeName: !save});
			if (saved.ok) stderrLine(`Saved the redacted transcript to ${saved.markdownPath} (and ${saved.jsonPath}).`, '');
			else stderrLine(saved.message);
			// The folder was fine at the start and failed since (it went away, the disk filled up): the save is lost.
			if (!saved.ok) return stdoutError ? stdoutFailed(stdoutError) : toolFailed;
		}

		return stdoutError ? stdoutFailed(stdoutError) : exitCodeOf(outcome.verdict);
	}
}

/**
 * Exits with `code` once stdout and stderr have taken what was written, without waiting
 * for idle sockets or timers. A stream that failed or never drains does not hold the exit.
 */
function exitWhenFlushed(code: number): void {
	process.exitCode = code;
	whenOutputFlushed(() => process.exit(code));
	setTimeout(() => process.exit(code), 1000).unref();
}

function unexpected(error: unknown): void {
	const message = error instanceof Error ? error.message : String(error);
	try {
		stderrLine(`unexpected error: ${message.split('\n')[0] ?? ''}`);
	} catch {}

	exitWhenFlushed(toolFailed);
}

process.on('uncaughtException', unexpected);
process.on('unhandledRejection', unexpected);
// Until a mode handles a stop signal itself (the headless run, the wizard), it ends the process at
// once, through process.exit, so the exec port's exit hook still kills every child.
for (const signal of stopSignals) {
	process.on(signal, () => {
		if (process.listenerCount(signal) === 1) process.exit(signalExitCodes[signal]);
	});
}

main().then(exitWhenFlushed, unexpected);
