/**
 * Builds one realistic local setup on disk (a project folder inside a temporary HOME,
 * with real `.env` files and shell startup files), runs the BUILT CLI against it with a
 * controlled environment, and reads back what it printed. The acceptance tests judge
 * the `--json` report and look for any piece of a key in every byte of output.
 */
import {cp, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {knownPrefixes} from '../../source/core/keys/fingerprint.js';

const dist = fileURLToPath(new URL('../../dist', import.meta.url));

/**
 * Copies the built CLI (dist/, self-contained) to a temporary folder and checks that it
 * starts, so other work rebuilding dist/ during the run cannot pull files from under
 * the scenarios. Returns the copy's cli.js.
 */
export async function snapshotCli(): Promise<string> {
	let problem = '';
	for (let attempt = 0; attempt < 10; attempt++) {
		const target = await mkdtemp(path.join(tmpdir(), 'kw-accept-dist-'));
		try {
			await cp(dist, target, {recursive: true});
			const cli = path.join(target, 'cli.js');
			const version = await execa(process.execPath, [cli, '--version'], {reject: false, stdin: 'ignore'});
			if (version.exitCode === 0) return cli;
			problem = version.stderr;
		} catch (error) {
			problem = String(error);
		}

		await rm(target, {recursive: true, force: true});
		await new Promise(resolve => setTimeout(resolve, 500));
	}

	throw new Error(`dist/cli.js does not start (run npm run build first): ${problem}`);
}

/** Relative path → content; strings are written as UTF-8, bytes as they are (CRLF, BOM survive). */
export type ScenarioFiles = Record<string, string | Uint8Array>;

/** A key entry the JSON report must list: its kind and exactly these sources. */
export type ExpectedKey = {kind: string; sources: string[]; provider?: string};

/** One realistic setup and what the diagnosis must say about it. */
export type Scenario = {
	name: string;
	/** Process environment beyond PATH, HOME and SHELL. */
	env?: Record<string, string>;
	/** The user's shell; bash unless said. */
	shell?: 'bash' | 'zsh' | 'fish';
	/** Files of the project folder (`~/code/app`). */
	project?: ScenarioFiles;
	/** Files of the home folder, relative to it (`.bashrc`, `.config/fish/config.fish`). */
	home?: ScenarioFiles;
	/** Project folder relative to HOME; `code/app` unless said (a monorepo package sits deeper). */
	projectPath?: string;
	/** Values that must never appear in any output (whole, trimmed, or as a 12-character slice of the middle). */
	secrets: string[];
	expect: {
		/** Cause ids that must be named. Empty for a healthy setup. */
		causes: string[];
		/** Cause ids that may be named beside them (a second, also true reading of the setup). */
		allow?: string[];
		/** The cause that must come first. */
		top?: string;
		/** The keys the report must list, exactly (order aside). */
		keys?: ExpectedKey[];
	};
};

/** Where a scenario was built. */
export type BuiltScenario = {root: string; home: string; project: string};

const shells = {bash: '/bin/bash', zsh: '/usr/bin/zsh', fish: '/usr/bin/fish'} as const;

/** Writes the scenario's files into a fresh temporary folder. */
export async function buildScenario(scenario: Scenario): Promise<BuiltScenario> {
	const root = await mkdtemp(path.join(tmpdir(), 'kw-accept-'));
	const home = path.join(root, 'home', 'dev');
	const project = path.join(home, scenario.projectPath ?? 'code/app');
	await mkdir(project, {recursive: true});
	await writeAll(home, scenario.home ?? {});
	await writeAll(project, scenario.project ?? {});
	return {root, home, project};
}

async function writeAll(base: string, files: ScenarioFiles): Promise<void> {
	for (const [relative, content] of Object.entries(files)) {
		const full = path.join(base, relative);
		await mkdir(path.dirname(full), {recursive: true});
		await writeFile(full, content);
	}
}

/** Removes what `buildScenario` wrote. */
export async function removeScenario(built: BuiltScenario): Promise<void> {
	await rm(built.root, {recursive: true, force: true});
}

/** What one run of the CLI printed. */
export type CliRun = {exitCode: number | undefined; stdout: string; stderr: string};

/**
 * Runs `node <snapshot of dist>/cli.js <mode> --no-network --cwd <project>` with only PATH, HOME,
 * SHELL and the scenario's variables in the environment, and stdin closed.
 */
export async function runScenario(cli: string, scenario: Scenario, built: BuiltScenario, mode: '--json' | '--report'): Promise<CliRun> {
	const result = await execa(process.execPath, [cli, mode, '--no-network', '--cwd', built.project], {
		cwd: built.project,
		env: {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: built.home, SHELL: shells[scenario.shell ?? 'bash'], ...scenario.env},
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		timeout: 60_000,
	});
	return {exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr};
}


/**
 * Every piece of `secret` that must not be printed: the value, the trimmed value, and
 * each 12-character slice of its middle (after the prefix a fingerprint shows, before
 * the last 4 characters it shows).
 */
export function forbiddenPieces(secret: string): string[] {
	const core = secret.trim();
	const pieces = new Set([secret, core]);
	const prefix = knownPrefixes.find(candidate => core.startsWith(candidate)) ?? '';
	const middle = core.slice(prefix.length, Math.max(prefix.length, core.length - 4));
	for (let start = 0; start + 12 <= middle.length; start++) pieces.add(middle.slice(start, start + 12));
	return [...pieces].filter(piece => piece.length >= 12);
}

/** The first forbidden piece of any secret found in `output`, or undefined. */
export function findLeak(output: string, secrets: readonly string[]): string | undefined {
	for (const secret of secrets) {
		for (const piece of forbiddenPieces(secret)) {
			if (output.includes(piece)) return piece;
		}
	}

	return undefined;
}

/** `.env` text with Windows line endings. */
export function crlf(text: string): string {
	return text.replace(/\r?\n/g, '\r\n');
}

/** The `~/.profile` Debian and Ubuntu ship: a login shell reads ~/.bashrc through it. */
export const debianProfile = `# ~/.profile: executed by the command interpreter for login shells.
if [ -n "$BASH_VERSION" ]; then
    # include .bashrc if it exists
    if [ -f "$HOME/.bashrc" ]; then
	. "$HOME/.bashrc"
    fi
fi

# set PATH so it includes user's private bin if it exists
if [ -d "$HOME/.local/bin" ] ; then
    PATH="$HOME/.local/bin:$PATH"
fi
`;

/** The top of a stock ~/.bashrc: non-interactive shells stop here. */
export const bashrcHead = `# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac

HISTCONTROL=ignoreboth
shopt -s histappend
alias ll='ls -alF'
`;
