import type {ProbeContext} from '../types.js';
import {holdsHome} from '../local/paths.js';
import {quickScanLimits, scanCode, type CodeScan} from './code-scan.js';

/** Where the project's code loads `.env` so that it wins over the environment. */
export type DotenvOverride = {
	/** Shown relative to the project folder: `app/main.py`. */
	file: string;
	line: number;
	/** The call as a key-free phrase: `load_dotenv(override=True)`. */
	call: string;
};

/** How the project's code uses `.env`: whether it loads it at all, and with override. */
export type DotenvUse = {
	/** The first call that loads `.env` (one that searches parent folders preferred). */
	load?: DotenvOverride & {walksUp: boolean};
	override?: DotenvOverride;
	/** How many source files were read: 0 means there was no code to judge by. */
	sourceFiles: number;
	/** The scan was cut short: a load may sit in a file it did not read. */
	partial?: boolean;
};

/**
 * How long the `.env` probe waits for the code scan before it takes a quick look of its
 * own: a typical project's scan is done in a few tens of ms, and a big one never holds
 * up the live check (which waits for the `.env` probe) by more than this.
 */
export const codeScanAwaitMs = 300;

/** The `.env` use a code scan found. */
export function dotenvUseOf(scan: Pick<CodeScan, 'loads' | 'sourceFiles' | 'partial'>): DotenvUse {
	const use: DotenvUse = {sourceFiles: scan.sourceFiles, ...(scan.partial.length > 0 ? {partial: true} : {})};
	for (const load of scan.loads) {
		const found = {file: load.file, line: load.line, call: load.call};
		if (load.override && !use.override) use.override = found;
		if (!use.load || (load.walksUp && !use.load.walksUp)) use.load = {...found, walksUp: load.walksUp};
	}

	return use;
}

/**
 * The `.env` use for the `.env` probe: the code probe's scan when it finishes within
 * `codeScanAwaitMs`, else a quick bounded look at the files near the top of the project
 * (the same scanner, a few hundred files) so one big project never holds up step 3.
 */
export async function dotenvUseForRun(context: Pick<ProbeContext, 'ports' | 'signal' | 'finishedOrAfter'>): Promise<DotenvUse> {
	// The home folder is no project: the code probe does not scan it, and neither does this.
	if (holdsHome(context.ports.cwd, context.ports.home)) return {sourceFiles: 0};
	try {
		const code = await context.finishedOrAfter?.('code', codeScanAwaitMs);
		const scan = (code?.data as {scan?: CodeScan} | undefined)?.scan;
		if (scan) return dotenvUseOf(scan);
		return dotenvUseOf(await scanCode(context.ports, context.ports.cwd, quickScanLimits, context.signal));
	} catch {
		return {sourceFiles: 0};
	}
}
