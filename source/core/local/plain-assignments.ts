/**
 * Whether a `.env` may be handed to the user's shell (`. ./.env` in a copyable command)
 * without the file steering that shell: every line is blank, a comment, or a plain
 * `NAME=value` whose value runs nothing (no `$`, backquote, backslash or `!` outside single
 * quotes, no spaces, no other command), and no line sets a variable that changes what the
 * shell, the dynamic loader, curl or TLS do (PATH, LD_PRELOAD, CURL_HOME, HTTPS_PROXY,
 * SSL_CERT_FILE, PROMPT_COMMAND…). A file cut at the read limit is never plain.
 */
export function isPlainAssignments(text: string): boolean {
	for (const line of text.split('\n')) {
		const match = plainLine.exec(line);
		if (!match) return false;
		if (match[1] !== undefined && steeringVariable.test(match[1])) return false;
	}

	return true;
}

const value = String.raw`(?:'[^'\n]*'|"[^"$\`\\!\n]*"|[\w@%+=:,./-]*)`;
const plainLine = new RegExp(String.raw`^[ \t]*(?:#.*|(?:export[ \t]+)?([A-Za-z_]\w*)=${value}[ \t]*(?:#.*)?)?\r?$`);
const steeringVariable =
	/^(?:PATH|HOME|ENV|BASH_ENV|BASH_FUNC_\w*|IFS|CDPATH|PS[0-4]|PROMPT_COMMAND|PROMPT_DIRTRIM|SHELLOPTS|BASHOPTS|GLOBIGNORE|HISTFILE|ZDOTDIR|FPATH|SHELL|TMPDIR|LD_\w*|DYLD_\w*|CURL_\w*|XDG_\w*|SSL_\w*|\w*_PROXY|NODE_\w*|PYTHON\w*|PERL5\w*|RUBY\w*|GIT_\w*|TERM\w*|LANG|LC_\w*)$/i;
