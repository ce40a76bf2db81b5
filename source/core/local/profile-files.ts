import type {ProfileDialect} from './profile-parse.js';

/** Shells whose startup files key-wizard knows. */
export type ShellName = 'bash' | 'zsh' | 'fish' | 'sh' | 'dash' | 'ksh' | 'mksh' | 'csh' | 'tcsh' | 'pwsh';

/** A startup file, where it lives and who reads it. */
export type ProfileFileSpec = {
	/** `~/.bashrc`, `/etc/environment`. */
	shown: string;
	dialect: ProfileDialect;
	/** Who reads it, in words: `interactive bash shells (new terminals on Linux)`. */
	readBy: string;
	/** Shells that read it (directly or through the login session). */
	shells: readonly ShellName[];
	/** Read by the login session itself (PAM, systemd), before any shell. */
	session?: boolean;
};

const allShells: readonly ShellName[] = ['bash', 'zsh', 'fish', 'sh', 'dash', 'ksh', 'mksh', 'csh', 'tcsh', 'pwsh'];
const posixLogin: readonly ShellName[] = ['bash', 'sh', 'dash', 'ksh', 'mksh'];

/** The fixed startup files, before the folders (`conf.d`, `profile.d`, `environment.d`) are listed. */
export function fixedProfileFiles(zdotdir: string | undefined): ProfileFileSpec[] {
	const z = zdotdir ? zdotdir.replace(/\/+$/, '') : '~';
	return [
		{shown: '/etc/environment', dialect: 'pam', readBy: 'every login session (PAM), before any shell starts', shells: allShells, session: true},
		{shown: '~/.bash_profile', dialect: 'sh', readBy: 'bash login shells (macOS Terminal, ssh, bash -l)', shells: ['bash']},
		{shown: '~/.bash_login', dialect: 'sh', readBy: 'bash login shells, only when ~/.bash_profile does not exist', shells: ['bash']},
		{shown: '~/.profile', dialect: 'sh', readBy: 'sh login shells, bash login shells without ~/.bash_profile, and many Linux desktop sessions', shells: posixLogin},
		{shown: '~/.bashrc', dialect: 'sh', readBy: 'interactive non-login bash (new terminals on Linux); login shells only when ~/.bash_profile or ~/.profile sources it', shells: ['bash']},
		{shown: `${z}/.zshenv`, dialect: 'sh', readBy: 'every zsh', shells: ['zsh']},
		{shown: `${z}/.zprofile`, dialect: 'sh', readBy: 'zsh login shells', shells: ['zsh']},
		{shown: `${z}/.zshrc`, dialect: 'sh', readBy: 'interactive zsh (every new terminal)', shells: ['zsh']},
		{shown: `${z}/.zlogin`, dialect: 'sh', readBy: 'zsh login shells, after ~/.zshrc', shells: ['zsh']},
		{shown: '~/.config/fish/fish_variables', dialect: 'fish-variables', readBy: 'every fish (universal variables, set -U)', shells: ['fish']},
		{shown: '~/.config/fish/config.fish', dialect: 'fish', readBy: 'every fish', shells: ['fish']},
		{shown: '~/.kshrc', dialect: 'sh', readBy: 'interactive ksh (through $ENV)', shells: ['ksh', 'mksh']},
		{shown: '~/.cshrc', dialect: 'csh', readBy: 'every csh, and tcsh without ~/.tcshrc', shells: ['csh', 'tcsh']},
		{shown: '~/.tcshrc', dialect: 'csh', readBy: 'every tcsh', shells: ['tcsh']},
		{shown: '~/.login', dialect: 'csh', readBy: 'csh and tcsh login shells', shells: ['csh', 'tcsh']},
		{shown: '~/.config/powershell/Microsoft.PowerShell_profile.ps1', dialect: 'powershell', readBy: 'PowerShell (pwsh)', shells: ['pwsh']},
		{shown: '~/Documents/PowerShell/Microsoft.PowerShell_profile.ps1', dialect: 'powershell', readBy: 'PowerShell 7 on Windows', shells: ['pwsh']},
		{shown: '~/Documents/WindowsPowerShell/Microsoft.PowerShell_profile.ps1', dialect: 'powershell', readBy: 'Windows PowerShell 5', shells: ['pwsh']},
	];
}

/** Folders whose files are startup files. */
export const profileFolders: ReadonlyArray<{shown: string; suffix: string; spec: Omit<ProfileFileSpec, 'shown'>}> = [
	{shown: '~/.config/fish/conf.d', suffix: '.fish', spec: {dialect: 'fish', readBy: 'every fish, before config.fish', shells: ['fish']}},
	{shown: '/etc/profile.d', suffix: '.sh', spec: {dialect: 'sh', readBy: 'login shells of bash and sh (through /etc/profile)', shells: posixLogin}},
	{
		shown: '~/.config/environment.d',
		suffix: '.conf',
		spec: {dialect: 'pam', readBy: 'the systemd user session (desktop apps and user services)', shells: allShells, session: true},
	},
];

/** The shell's name from a `$SHELL` path (`/usr/local/bin/zsh` → `zsh`), if known. */
export function shellNameOf(shellPath: string | undefined): ShellName | undefined {
	if (!shellPath) return undefined;
	const base = shellPath.split(/[\\/]/).pop()!.replace(/\.exe$/i, '').replace(/^-/, '');
	if (base === 'powershell') return 'pwsh';
	return (allShells as readonly string[]).includes(base) ? (base as ShellName) : undefined;
}

/**
 * The order in which a new terminal of this shell applies its startup files (the
 * session's files first, then login, then interactive ones), by shown path. A later
 * file wins. For bash the login files come first: a new terminal on Linux inherits
 * the desktop session's login environment, then reads ~/.bashrc.
 */
export function startupOrder(shell: ShellName | undefined, existing: ReadonlySet<string>, zdotdir: string | undefined): string[] {
	const z = zdotdir ? zdotdir.replace(/\/+$/, '') : '~';
	const folder = (shown: string) => [...existing].filter(path => path.startsWith(`${shown}/`)).sort();
	const session = ['/etc/environment', ...folder('~/.config/environment.d')];
	const firstOf = (...paths: string[]) => paths.filter(path => existing.has(path)).slice(0, 1);
	switch (shell) {
		case 'zsh':
			return [...session, `${z}/.zshenv`, `${z}/.zprofile`, `${z}/.zshrc`, `${z}/.zlogin`];
		case 'fish':
			return [...session, '~/.config/fish/fish_variables', ...folder('~/.config/fish/conf.d'), '~/.config/fish/config.fish'];
		case 'sh':
		case 'dash':
			return [...session, ...folder('/etc/profile.d'), '~/.profile'];
		case 'ksh':
		case 'mksh':
			return [...session, ...folder('/etc/profile.d'), '~/.profile', '~/.kshrc'];
		case 'csh':
			return [...session, '~/.cshrc', '~/.login'];
		case 'tcsh':
			return [...session, ...firstOf('~/.tcshrc', '~/.cshrc'), '~/.login'];
		case 'pwsh':
			return [
				...session,
				'~/.config/powershell/Microsoft.PowerShell_profile.ps1',
				'~/Documents/PowerShell/Microsoft.PowerShell_profile.ps1',
				'~/Documents/WindowsPowerShell/Microsoft.PowerShell_profile.ps1',
			];
		default:
			return [...session, ...folder('/etc/profile.d'), ...firstOf('~/.bash_profile', '~/.bash_login', '~/.profile'), '~/.bashrc'];
	}
}

/**
 * The files a login, interactive shell (`bash -lic`, `zsh -lic`, `fish -lc`) reads
 * itself, in order; for bash this leaves out ~/.bashrc unless a login file sources it.
 */
export function loginShellFiles(shell: ShellName, existing: ReadonlySet<string>, zdotdir: string | undefined): string[] {
	if (shell === 'bash') {
		const folder = [...existing].filter(path => path.startsWith('/etc/profile.d/')).sort();
		return [...folder, ...['~/.bash_profile', '~/.bash_login', '~/.profile'].filter(path => existing.has(path)).slice(0, 1)];
	}

	return startupOrder(shell, existing, zdotdir).filter(path => path !== '/etc/environment' && !path.startsWith('~/.config/environment.d/'));
}
