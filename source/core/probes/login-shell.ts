import {randomBytes} from 'node:crypto';
import {Secret} from '../keys/secret.js';
import {readTextFile} from '../local/file-text.js';
import {keyVariable} from '../local/near-names.js';
import {shellNameOf, type ShellName} from '../local/profile-files.js';
import {parseProfile} from '../local/profile-parse.js';
import type {ExecResult, Ports} from '../ports.js';
import type {ProfilesProbeData} from './profiles.js';
import type {KeyObservation, ProbeDefinition, ProbeOutcome} from '../types.js';

/** How this process's OPENAI_API_KEY compares with a fresh login shell's. */
export type LoginShellRelation = 'same' | 'different' | 'only-login-shell' | 'only-process' | 'neither';

/** What the login-shell probe learned; never the value. */
export type LoginShellData = {
	shellPath?: string;
	shell?: ShellName;
	/** The shell ran its startup files and the check printed its answer. */
	ran: boolean;
	/** Started as an interactive shell too (`-i`), so it read the interactive files. */
	interactive?: boolean;
	/** The variable exists in the shell (exported or not). */
	set?: boolean;
	/** Programs started from the shell get it. */
	exported?: boolean;
	/** Exported with an empty or whitespace-only value. */
	empty?: boolean;
	sha256?: string;
	fingerprint?: string;
	/** OPENAI_API_KEY in this process. */
	process: 'unset' | 'empty' | 'set';
	relation?: LoginShellRelation;
	/** A startup command was stopped at the time limit; the rest of the files still ran. */
	interrupted?: boolean;
	/** Why it could not run, key-free. */
	problem?: string;
};

/** Flags that start each shell as a login shell running one command. */
const shellFlags: Partial<Record<ShellName, {interactive: string[]; plain: string[]; dialect: 'sh' | 'fish'}>> = {
	bash: {interactive: ['-l', '-i', '-c'], plain: ['-l', '-c'], dialect: 'sh'},
	zsh: {interactive: ['-l', '-i', '-c'], plain: ['-l', '-c'], dialect: 'sh'},
	ksh: {interactive: ['-l', '-i', '-c'], plain: ['-l', '-c'], dialect: 'sh'},
	mksh: {interactive: ['-l', '-i', '-c'], plain: ['-l', '-c'], dialect: 'sh'},
	sh: {interactive: ['-l', '-c'], plain: ['-l', '-c'], dialect: 'sh'},
	dash: {interactive: ['-l', '-c'], plain: ['-l', '-c'], dialect: 'sh'},
	fish: {interactive: ['-l', '-c'], plain: ['-l', '-c'], dialect: 'fish'},
};

/** The time a login shell gets, within the probe's own limit. */
export function loginShellBudget(timeoutMs: number): number {
	return Math.max(300, Math.min(4000, Math.round(timeoutMs * 0.6)));
}

/**
 * The command run in the login shell. It prints, between markers nobody else can
 * know, whether the variable exists, then the exported value (read into a Secret
 * over the pipe, never shown), then printenv's exit status.
 */
export function checkCommand(dialect: 'sh' | 'fish', marker: string, preload = ''): string {
	// `command` skips aliases and functions a profile may define (`alias printenv='printenv | grep -v …'`);
	// `case` is a reserved word, which no alias or function can replace in sh.
	if (dialect === 'fish') {
		return `command printf '\\n%s' '${marker}:begin:'; if set -q ${keyVariable}; command printf 1; else; command printf 0; end; command printf '\\n'; command printenv ${keyVariable}; command printf '\\n%s:%s\\n' '${marker}:end' $status`;
	}

	return `${preload}command printf '\\n%s' '${marker}:begin:'; case "\${${keyVariable}+x}" in x) command printf 1;; *) command printf 0;; esac; command printf '\\n'; command printenv ${keyVariable}; command printf '\\n%s:%s\\n' '${marker}:end' "$?"`;
}

/** What the check printed, once the startup files' own output is set aside. */
export type CheckAnswer = {set: boolean; exported: boolean; value?: string};

/** Reads the check's answer from the shell's stdout; undefined when it never printed one. */
export function parseCheckOutput(stdout: string, marker: string): CheckAnswer | undefined {
	const begin = stdout.lastIndexOf(`${marker}:begin:`);
	if (begin === -1) return undefined;
	const flagAt = begin + marker.length + ':begin:'.length;
	const flag = stdout[flagAt];
	if (stdout[flagAt + 1] !== '\n') return undefined;
	const bodyStart = flagAt + 2;
	const end = stdout.indexOf(`\n${marker}:end:`, bodyStart);
	if (end === -1) return undefined;
	const status = stdout.slice(end + marker.length + 6).split('\n')[0]!.trim();
	const body = stdout.slice(bodyStart, end);
	// printenv prints the value and a newline, and exits 0, only when the variable is exported.
	const exported = status === '0' && body.endsWith('\n');
	return {set: flag === '1', exported, ...(exported ? {value: body.slice(0, -1)} : {})};
}

/** Starts the user's login shell the way a new terminal would and asks it for OPENAI_API_KEY. */
export const loginShellProbe: ProbeDefinition<LoginShellData> = {
	id: 'login-shell',
	step: 2,
	title: 'A fresh login shell',
	checks: 'whether a new terminal gets OPENAI_API_KEY from your startup files, compared with this one',
	async run({ports, options, signal, results, finishedOrAfter}) {
		const processValue = ports.env[keyVariable];
		const process: LoginShellData['process'] = processValue === undefined ? 'unset' : processValue.trim() === '' ? 'empty' : 'set';
		const shellPath = ports.env.SHELL;
		if (ports.platform === 'win32') {
			return {status: 'skip', summary: 'Windows has no login shell to start; PowerShell profiles are read by the profiles check.', data: {ran: false, process}};
		}

		if (!shellPath) return {status: 'skip', summary: 'SHELL is not set, so there is no login shell to start.', data: {ran: false, process}};
		const shell = shellNameOf(shellPath);
		// What the start needs from the file system, asked at once rather than one after another:
		// the slowest probe starts its shell sooner while other probes keep the thread pool busy.
		const shellFound = shellPath.startsWith('/') ? ports.fs.exists(shellPath) : Promise.resolve(true);
		const environment = freshEnvironment(ports);
		// A HOME that does not exist must not stop the shell from starting (a terminal would start it too).
		const startFolder = ports.fs.isDirectory(ports.home).then(isFolder => (isFolder ? ports.home : '/'));
		// Not awaited where the shell cannot start: settled quietly.
		environment.catch(() => undefined);
		if (!(await shellFound)) {
			return {
				status: 'warn',
				summary: `SHELL is ${shellPath}, which does not exist: new terminals cannot start it (they fall back to another shell or fail).`,
				data: {ran: false, process, shellPath, ...(shell ? {shell} : {}), problem: 'shell not found'},
			};
		}

		const flags = shell ? shellFlags[shell] : undefined;
		if (!shell || !flags) {
			const name = shellPath.split('/').pop();
			return {
				status: 'skip',
				summary: `Your shell (${name}) cannot run a one-off command as a login shell here; its startup files were read by the profiles check instead.`,
				data: {ran: false, process, shellPath, ...(shell ? {shell} : {})},
			};
		}


		const budget = loginShellBudget(options.timeoutMs);
		const marker = `__KW_${randomBytes(8).toString('hex')}`;
		const env = await environment;
		const command = checkCommand(flags.dialect, marker, terminalFilePreload(shell, ports.platform));
		const plainCommand = checkCommand(flags.dialect, marker, interactiveFilesPreload(shell, ports.platform));
		// Our own deadline ends the probe before the runner's limit even if a child keeps the output open.
		const deadline = Math.max(200, Math.min(budget + 1800, options.timeoutMs - 100));
		const cwd = await startFolder;
		const run = (file: string, args: string[], timeoutMs: number) => withDeadline(ports.exec(file, args, {timeoutMs, signal, env, extendEnv: false, cwd}), deadline);

		// On Linux the shell runs interactive under coreutils timeout, which kills its group at the
		// limit. The exec port starts every command as the leader of a new session (no controlling
		// terminal, so an interactive shell cannot take over ours), and at its own limit kills the
		// whole session: also the jobs an interactive shell puts in groups of their own (`(sleep 30 &)`).
		// No setsid(1) here: it would make another session, out of the port's reach.
		let interactive = ports.platform === 'linux';
		let result: ExecResult | 'deadline';
		if (interactive) {
			const seconds = (budget / 1000).toFixed(1);
			result = await run('timeout', ['-k', '0.5', seconds, shellPath, ...flags.interactive, command], budget + 1200);
			if (result !== 'deadline' && !parseCheckOutput(result.stdout, marker) && wrapperFailed(result)) {
				interactive = false;
				result = await run(shellPath, [...flags.plain, plainCommand], budget);
			}
		} else {
			result = await run(shellPath, [...flags.plain, plainCommand], budget);
		}

		const data: LoginShellData = {ran: false, process, shellPath, shell, interactive};
		const seconds = `${Math.round(budget / 100) / 10} s`;
		if (result === 'deadline') {
			return {status: 'timeout', summary: `The ${shell} login shell did not finish within ${seconds}; stopped.`, data: {...data, problem: 'timeout'}};
		}

		const answer = parseCheckOutput(result.stdout, marker);
		// timeout(1) exits 124, or dies by SIGKILL after its grace period when the shell ignores SIGTERM.
		const timedOut = result.failure === 'timeout' || result.exitCode === 124 || result.exitCode === 137 || result.durationMs >= budget;
		if (!answer) {
			if (result.failure === 'not-found') {
				return {status: 'warn', summary: `SHELL is ${shellPath}, which cannot be started (not found).`, data: {...data, problem: 'shell not found'}};
			}

			if (timedOut) {
				return {
					status: 'timeout',
					summary: `The ${shell} login shell did not finish its startup files within ${seconds} (one waits for input or runs a long command); stopped.`,
					data: {...data, problem: 'timeout'},
				};
			}

			if (result.failure === 'output-too-large') {
				return {status: 'warn', summary: `The ${shell} login shell printed too much output while starting; its answer was lost.`, data: {...data, problem: 'output too large'}};
			}

			const exit = result.exitCode === undefined ? '' : ` (exit code ${result.exitCode})`;
			return {
				status: 'warn',
				summary: `The ${shell} login shell ended before the check ran${exit}: a startup file may call exit or exec another program.`,
				data: {...data, problem: 'no answer'},
			};
		}

		const outcome = describe(answer, {...data, ran: true, ...(timedOut ? {interrupted: true} : {})}, processValue, seconds, ports.platform);
		// The startup files as read (a few ms, done long before the shell) let it say where the real shell differs.
		const profilesResult = finishedOrAfter ? await finishedOrAfter('profiles', 150) : results.get('profiles');
		const profiles = profilesResult?.data as ProfilesProbeData | undefined;
		const differs = profiles ? staticDifference(profiles, outcome.data!) : undefined;
		return differs ? {...outcome, summary: `${outcome.summary} ${differs}`} : outcome;
	},
};

/**
 * A sentence when the startup files, read without running them, predict another value
 * than the shell really gave: the shell's own answer is what a new terminal gets.
 */
export function staticDifference(profiles: ProfilesProbeData, login: LoginShellData): string | undefined {
	const predicted = profiles.outcome;
	if (!predicted.set || !predicted.exported || predicted.computed) return undefined;
	const got = login.exported ? (login.empty ? 'an empty value' : login.fingerprint) : undefined;
	const expected = predicted.empty ? 'an empty value' : predicted.fingerprint;
	if (!expected || (login.exported && (login.sha256 === predicted.sha256 || (login.empty && predicted.empty)))) return undefined;
	return `Read as written, ${predicted.source!.replace(/^profile:/, '')} suggests ${expected}; the shell itself gives ${got ?? 'no exported OPENAI_API_KEY'}, and that is what a new terminal gets.`;
}

/** The interactive startup file a new terminal reads that `$SHELL -l -c` skips, if any. */
function interactiveFileOf(shell: ShellName, platform: NodeJS.Platform): string | undefined {
	if (shell === 'zsh') return '~/.zshrc';
	// macOS Terminal starts bash as a login shell, which skips ~/.bashrc; Linux terminals read it.
	if (shell === 'bash' && platform !== 'darwin') return '~/.bashrc';
	return undefined;
}

/**
 * What an interactive login shell still lacks to be a new terminal: a Linux terminal runs
 * a non-login bash, which reads ~/.bashrc after the login environment it inherits, so
 * ~/.bashrc runs again last even when a login file sourced it (`bash -l -i` reads it only
 * through such a line). zsh reads ~/.zshrc itself.
 */
function terminalFilePreload(shell: ShellName, platform: NodeJS.Platform): string {
	return shell === 'bash' && interactiveFileOf(shell, platform) ? interactiveFilesPreload(shell, platform) : '';
}

/**
 * Without a new session an interactive shell would take over our terminal, so the shell
 * runs non-interactively and this reads the interactive file first, quietly.
 */
function interactiveFilesPreload(shell: ShellName, platform: NodeJS.Platform): string {
	if (!interactiveFileOf(shell, platform)) return '';
	const file = shell === 'zsh' ? '"${ZDOTDIR:-$HOME}/.zshrc"' : '"$HOME/.bashrc"';
	return `if [ -r ${file} ]; then . ${file} >/dev/null 2>&1; fi; `;
}

/** True when timeout itself could not run the shell (not when the shell was killed at its limit). */
function wrapperFailed(result: ExecResult): boolean {
	return result.failure === 'not-found' || result.exitCode === 125 || result.exitCode === 126 || result.exitCode === 127 || /timeout: failed/.test(result.stderr);
}

/** Resolves with 'deadline' if the command has not ended in time (a child holding its output open). */
async function withDeadline(promise: Promise<ExecResult>, ms: number): Promise<ExecResult | 'deadline'> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<'deadline'>(resolve => {
		timer = setTimeout(() => resolve('deadline'), ms);
		timer.unref?.();
	});
	try {
		return await Promise.race([promise, deadline]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * The environment a new terminal starts from: this one without OPENAI_API_KEY (so the
 * shell shows what the startup files give), with what /etc/environment sets for it
 * (PAM applies that file before any shell), `TERM=dumb` and HOME.
 */
async function freshEnvironment(ports: Ports): Promise<Record<string, string | undefined>> {
	const env: Record<string, string | undefined> = {...ports.env, HOME: ports.home, TERM: 'dumb'};
	delete env[keyVariable];
	const read = await readTextFile(ports, '/etc/environment', '/etc/environment', 64 * 1024);
	if (read.ok) {
		for (const statement of parseProfile(read.text, 'pam', name => name === keyVariable)) {
			if (statement.kind === 'assign' && statement.value !== undefined) env[keyVariable] = statement.value;
		}
	}

	return env;
}

function describe(answer: CheckAnswer, base: LoginShellData, processValue: string | undefined, seconds: string, platform: NodeJS.Platform): ProbeOutcome<LoginShellData> {
	const shell = base.shell!;
	const data: LoginShellData = {...base, set: answer.set, exported: answer.exported};
	const keys: KeyObservation[] = [];
	const details: string[] = [];
	if (base.interrupted) details.push(`A startup command was stopped after ${seconds} (it waited for input or ran long); the rest of the files ran.`);
	if (!base.interactive) {
		const preloaded = interactiveFileOf(shell, platform);
		details.push(
			preloaded
				? `Started as a non-interactive login shell (${shell} -l), with ${preloaded} read explicitly as a new terminal would.`
				: `Started as a non-interactive login shell (${shell} -l), so files read only by interactive shells were not run.`,
		);
	}
	const here = base.process;
	let secret: Secret | undefined;
	if (answer.exported && answer.value !== undefined) {
		if (answer.value.trim() === '') data.empty = true;
		else {
			secret = new Secret(answer.value);
			data.sha256 = secret.sha256;
			data.fingerprint = secret.fingerprint;
			keys.push({secret, source: `login-shell:${shell}`, origin: 'login-shell', variable: keyVariable});
		}
	}

	const status = (plain: ProbeOutcome['status']) => (base.interrupted && plain === 'pass' ? 'warn' : plain);
	if (secret) {
		if (here === 'set') {
			const same = processValue === answer.value;
			data.relation = same ? 'same' : 'different';
			if (same) return {status: status('pass'), summary: `A new ${shell} terminal gets the same key as this one (${secret.fingerprint}).`, details, keys, data};
			const mine = new Secret(processValue!);
			return {
				status: 'warn',
				summary: `A new ${shell} terminal gets ${secret.fingerprint}, but this one has ${mine.fingerprint}: one of them is out of date.`,
				details,
				keys,
				data,
			};
		}

		data.relation = 'only-login-shell';
		// A warning: the app may still get a key from .env; the rules decide whether it is the cause.
		return {
			status: 'warn',
			summary: `A new ${shell} terminal gets OPENAI_API_KEY (${secret.fingerprint}) from your startup files, but this process has it ${here === 'empty' ? 'empty' : 'unset'}.`,
			details,
			keys,
			data,
		};
	}

	if (answer.set && !answer.exported) {
		data.relation = here === 'set' ? 'only-process' : 'neither';
		return {
			status: 'warn',
			summary: `A new ${shell} terminal sets OPENAI_API_KEY without exporting it, so the programs it starts do not get it.`,
			details,
			keys,
			data,
		};
	}

	if (data.empty) {
		data.relation = here === 'set' ? 'only-process' : 'neither';
		return {status: 'warn', summary: `A new ${shell} terminal gets OPENAI_API_KEY set to an empty value.`, details, keys, data};
	}

	if (here === 'set') {
		data.relation = 'only-process';
		return {
			status: 'warn',
			summary: `OPENAI_API_KEY is set only in this terminal: a new ${shell} terminal, and services, will not have it.`,
			details,
			keys,
			data,
		};
	}

	data.relation = 'neither';
	return {status: status('pass'), summary: `A new ${shell} terminal does not set OPENAI_API_KEY either.`, details, keys, data};
}
