import {parseCliArgs, helpText} from './cli-args.js';
import {redact} from './core/keys/redact.js';
import type {Ports} from './core/ports.js';
import type {RunOptions} from './core/types.js';

// Everything else is imported lazily: --help and usage errors load nothing more, the
// headless modes never load Ink or React, and the wizard's chunk starts loading first.
declare const __KEY_WIZARD_VERSION__: string | undefined;
/** The package version, inlined at build time. */
export const version = typeof __KEY_WIZARD_VERSION__ === 'string' ? __KEY_WIZARD_VERSION__ : '0.0.0-dev';

async function main(): Promise<number> {
	// A dumb terminal cannot draw the wizard: it gets the plain report.
	const isTty = Boolean(process.stdin.isTTY && process.stdout.isTTY) && process.env.TERM !== 'dumb';
	const parsed = parseCliArgs(process.argv.slice(2), {env: process.env, cwd: process.cwd(), isTty});
	if ('error' in parsed) {
		process.stderr.write(`key-wizard: ${redact(parsed.error)}\n`);
		return 2;
	}

	if (parsed.mode === 'help') {
		process.stdout.write(helpText + '\n');
		return 0;
	}

	if (parsed.mode === 'version') {
		process.stdout.write(version + '\n');
		return 0;
	}

	if (!parsed.options.demo) {
		const {isDirectory} = (await import('./runner/file-system.js')).realFileSystem;
		if (!(await isDirectory(parsed.options.cwd))) {
			process.stderr.write(`key-wizard: --cwd ${redact(parsed.options.cwd)} is not a folder.\n`);
			return 2;
		}
	}

	// --save FILE never overwrites: say so now, not after every check has run.
	if (parsed.save) {
		const taken = await (await import('./runner/save-transcript.js')).takenSaveTarget(parsed.save);
		if (taken) {
			process.stderr.write(`key-wizard: ${redact(taken)}\n`);
			return 2;
		}
	}

	// Start loading what this mode needs at once, in parallel.
	const wizardModule = parsed.mode === 'interactive' ? import('./ui/run-wizard.js') : undefined;
	const headlessModules = parsed.mode === 'interactive' ? undefined : loadHeadlessModules();
	// Awaited later; this only keeps an early failure from being reported as unhandled.
	wizardModule?.catch(() => undefined);
	headlessModules?.catch(() => undefined);
	const eraseFirstFrame = parsed.mode === 'interactive' ? await showFirstFrame(parsed.options.demo) : undefined;
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
			const {createRealPorts} = await import('./runner/real-ports.js');
			ports = createRealPorts({cwd: options.cwd});
		}

		if (parsed.mode === 'interactive') {
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

/** Paints the header at once; the wizard's chunk takes a moment to load. */
async function showFirstFrame(demo: boolean): Promise<() => void> {
	const [{writeFirstFrame}, {wantsColor}] = await Promise.all([import('./runner/first-frame.js'), import('./runner/color.js')]);
	return writeFirstFrame(process.stdout, {version, demo, color: wantsColor(process.env, true)});
}

async function loadHeadlessModules() {
	const [{startSession}, {exitCodeOf}, {buildJsonReport, renderJsonReport}, {renderTextReport}, {wantsColor}] = await Promise.all([
		import('./runner/session.js'),
		import('./core/conclude.js'),
		import('./core/report/json-report.js'),
		import('./core/report/text-report.js'),
		import('./runner/color.js'),
	]);
	return {startSession, exitCodeOf, buildJsonReport, renderJsonReport, renderTextReport, wantsColor};
}

async function runHeadless(
	{startSession, exitCodeOf, buildJsonReport, renderJsonReport, renderTextReport, wantsColor}: Awaited<ReturnType<typeof loadHeadlessModules>>,
	mode: 'json' | 'report',
	ports: Ports,
	options: RunOptions,
	save: string | undefined,
): Promise<number> {
	const session = startSession(ports, options);
	let interrupted = false;
	const onSigint = () => {
		interrupted = true;
		session.abort('interrupted');
	};

	process.once('SIGINT', onSigint);
	const outcome = await session.done;
	process.removeListener('SIGINT', onSigint);
	if (interrupted) {
		process.stderr.write('key-wizard: interrupted; in-flight checks were stopped.\n');
		return 130;
	}

	const report = buildJsonReport(outcome, outcome.probes, version);
	const json = renderJsonReport(report, outcome);
	if (mode === 'json') {
		process.stdout.write(json);
	} else {
		process.stdout.write(renderTextReport(report, outcome.probes, outcome, {color: wantsColor(process.env, Boolean(process.stdout.isTTY))}));
	}

	if (save !== undefined) {
		const [{renderMarkdownTranscript}, {defaultTranscriptName, saveTranscript}] = await Promise.all([
			import('./core/report/markdown-transcript.js'),
			import('./runner/save-transcript.js'),
		]);
		const now = new Date();
		const target = save || defaultTranscriptName(now);
		const markdown = renderMarkdownTranscript(report, outcome.probes, outcome, {date: now.toISOString()});
		// A name the user chose was checked free at the start; a default one steps aside (-2, -3…).
		const saved = await saveTranscript(target, markdown, json, {freeName: !save});
		process.stderr.write(saved.ok ? `Saved the redacted transcript to ${saved.markdownPath} (and ${saved.jsonPath}).\n` : `key-wizard: ${saved.message}\n`);
		// The --save value could not be used (a missing folder, no permission): a bad value.
		if (!saved.ok) return 2;
	}

	return exitCodeOf(outcome.verdict);
}

main().then(
	code => {
		process.exitCode = code;
		// Everything is done and written: do not wait for idle sockets or timers to
		// wind down. The empty writes call back once earlier output has been flushed.
		let pending = 2;
		const exitWhenFlushed = () => {
			if (--pending === 0) process.exit(code);
		};

		process.stdout.write('', exitWhenFlushed);
		process.stderr.write('', exitWhenFlushed);
	},
	(error: unknown) => {
		const message = error instanceof Error ? error.message : String(error);
		process.stderr.write(`key-wizard: unexpected error: ${redact(message.split('\n')[0] ?? '')}\n`);
		process.exitCode = 1;
	},
);
