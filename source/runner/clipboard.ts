import type {Clipboard, ClipboardOutcome, Exec, Osc52Support} from '../core/ports.js';
import {findTool, type ExecOptionsOfPort} from './exec.js';

/** How long the system tools together may take before the copy rests on OSC 52 alone. */
const defaultTimeoutMs = 2000;

/** A system clipboard tool: its name and the arguments that make it read the text from stdin. */
export type ClipboardTool = {name: string; args: readonly string[]};

/**
 * The system clipboard tools this machine may have, most fitting first (what clipboardy
 * uses, without its bundled binaries): pbcopy on macOS, clip on Windows and WSL, wl-copy
 * under Wayland, xclip or xsel under X11, termux-clipboard-set in Termux. None over SSH
 * or on a console: OSC 52 is then the only way.
 */
export function clipboardTools(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): ClipboardTool[] {
	if (platform === 'darwin') return [{name: 'pbcopy', args: []}];
	if (platform === 'win32') return [{name: 'clip.exe', args: []}];
	const tools: ClipboardTool[] = [];
	if (env.WAYLAND_DISPLAY) tools.push({name: 'wl-copy', args: []});
	if (env.DISPLAY) tools.push({name: 'xclip', args: ['-selection', 'clipboard']}, {name: 'xsel', args: ['--clipboard', '--input']});
	if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) tools.push({name: 'clip.exe', args: []});
	if (env.TERMUX_VERSION) tools.push({name: 'termux-clipboard-set', args: []});
	return tools;
}

/**
 * Whether the terminal is known to take OSC 52. tmux and screen keep it only when set up
 * to (tmux: `set-clipboard on`); GNOME Terminal (VTE), Apple's Terminal and the Linux
 * console ignore it.
 */
export function osc52Support(env: Readonly<Record<string, string | undefined>>): Osc52Support {
	if (env.TMUX || env.STY) return 'maybe';
	const term = env.TERM ?? '';
	if (env.TERM_PROGRAM === 'Apple_Terminal' || term === 'linux' || (env.VTE_VERSION && !env.TERM_PROGRAM)) return 'no';
	if (env.KITTY_WINDOW_ID || env.WT_SESSION || env.ALACRITTY_WINDOW_ID || env.WEZTERM_PANE || /^(xterm-kitty|alacritty|foot|xterm-ghostty|wezterm)/.test(term)) return 'yes';
	if (['WezTerm', 'ghostty'].includes(env.TERM_PROGRAM ?? '')) return 'yes';
	return 'maybe';
}

/** The OSC 52 sequence that asks the terminal to put `text` on the clipboard. */
export function osc52Sequence(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/**
 * The clipboard port: always writes OSC 52 to the terminal (plain, so tmux with
 * `set-clipboard on` and terminals over SSH take it), then hands the text to the system
 * tool on stdin through the exec port, bounded in time. A tool that daemonizes (xclip,
 * wl-copy) gets /dev/null for its output, so it never holds the call open.
 */
export function createClipboard(input: {
	exec: Exec;
	env: Readonly<Record<string, string | undefined>>;
	platform: NodeJS.Platform;
	writeToTerminal(data: string): void;
	/** The project folder (and home): a tool is never taken from inside the project, as the exec port never takes one. */
	trusted?: ExecOptionsOfPort;
	timeoutMs?: number;
	now?: () => number;
}): Clipboard {
	const now = input.now ?? (() => performance.now());
	return async text => {
		let osc52 = false;
		try {
			input.writeToTerminal(osc52Sequence(text));
			osc52 = true;
		} catch {}

		const outcome: ClipboardOutcome = {osc52, osc52Support: osc52Support(input.env)};
		const deadline = now() + (input.timeoutMs ?? defaultTimeoutMs);
		for (const tool of clipboardTools(input.platform, input.env)) {
			const file = findTool(tool.name, input.env.PATH, input.trusted);
			if (!file) continue;
			const timeoutMs = Math.round(deadline - now());
			if (timeoutMs < 50) break;
			const run =
				input.platform === 'win32'
					? await input.exec(file, tool.args, {input: text, timeoutMs})
					: await input.exec('/bin/sh', ['-c', 'exec "$0" "$@" >/dev/null 2>&1', file, ...tool.args], {input: text, timeoutMs});
			if (run.ok) return {...outcome, tool: {name: tool.name, ok: true}};
			outcome.tool = {name: tool.name, ok: false, failure: run.failure ?? 'error', message: run.message ?? `${tool.name} exited with ${run.exitCode ?? 'an error'}`};
			if (run.failure === 'timeout') break;
		}

		return outcome;
	};
}
