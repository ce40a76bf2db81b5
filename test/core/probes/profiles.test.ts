import {describe, expect, it} from 'vitest';
import {profilesProbe, type ProfilesProbeData} from '../../../source/core/probes/profiles.js';
import type {FileErrorCode} from '../../../source/core/ports.js';
import type {ProbeOutcome} from '../../../source/core/types.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';
import {fixtureKeys, homeFiles} from '../local/fixtures.js';

const {KEY_A, KEY_B} = fixtureKeys;
const home = '/home/dev';

async function run(
	fixture: string,
	shell = '/bin/bash',
	extra: {files?: Record<string, string | Uint8Array>; fileErrors?: Record<string, FileErrorCode>; env?: Record<string, string>} = {},
): Promise<ProbeOutcome<ProfilesProbeData>> {
	const ports = makePorts({home, env: {SHELL: shell, ...extra.env}, files: {...homeFiles(fixture, home), ...extra.files}, fileErrors: extra.fileErrors});
	return profilesProbe.run(context(ports, []));
}

function sources(outcome: ProbeOutcome): Array<[string, string, boolean]> {
	return (outcome.keys ?? []).map(key => [key.source, key.variable, key.secret.reveal() === KEY_A]);
}

describe('profiles probe', () => {
	it('follows ~/.profile into ~/.bashrc and sees the export a new bash terminal gets', async () => {
		const outcome = await run('bash-export');
		expect(sources(outcome)).toEqual([['profile:~/.bashrc:8', 'OPENAI_API_KEY', true]]);
		const data = outcome.data!;
		expect(data.order).toEqual(['~/.profile', '~/.bashrc']);
		expect(data.outcome).toMatchObject({set: true, exported: true, source: 'profile:~/.bashrc:8'});
		expect(data.definitions[0]).toMatchObject({form: 'export', exported: true, readByUserShell: true});
		expect(outcome.status).toBe('pass');
		expect(outcome.summary).toMatch(/^OPENAI_API_KEY is set in ~\/\.bashrc:8; read as written, the files give a new bash terminal sk-proj-….{4} from ~\/\.bashrc:8\.$/);
	});

	it('follows a Fedora-style loop over ~/.bashrc.d: the later key there wins, and the two lines conflict', async () => {
		const outcome = await run('empty-home', '/bin/bash', {
			files: {
				[`${home}/.bash_profile`]: '. ~/.bashrc\n',
				[`${home}/.bashrc`]: `export OPENAI_API_KEY=${KEY_A}\nif [ -d ~/.bashrc.d ]; then\n\tfor rc in ~/.bashrc.d/*; do\n\t\tif [ -f "$rc" ]; then\n\t\t\t. "$rc"\n\t\tfi\n\tdone\nfi\nunset rc\n`,
				[`${home}/.bashrc.d/10-path.sh`]: 'export PATH="$HOME/bin:$PATH"\n',
				[`${home}/.bashrc.d/openai.sh`]: `export OPENAI_API_KEY=${KEY_B}\n`,
				[`${home}/.bashrc.d/.hidden.sh`]: `export OPENAI_API_KEY=${KEY_A}x\n`,
			},
		});
		const data = outcome.data!;
		expect(data.outcome).toMatchObject({set: true, exported: true, source: 'profile:~/.bashrc.d/openai.sh:1'});
		expect(data.conflict?.winner).toBe('profile:~/.bashrc.d/openai.sh:1');
		expect(data.definitions.map(definition => [definition.source, definition.via, definition.readByUserShell])).toEqual([
			['profile:~/.bashrc:1', undefined, true],
			['profile:~/.bashrc.d/openai.sh:1', '~/.bashrc:5', true],
		]);
	});

	it('follows a zsh short loop with a glob qualifier (for f in ~/.zshrc.d/*.zsh(N); source $f)', async () => {
		const outcome = await run('empty-home', '/usr/bin/zsh', {
			files: {[`${home}/.zshrc`]: 'for f in ~/.zshrc.d/*.zsh(N); source $f\n', [`${home}/.zshrc.d/keys.zsh`]: `export OPENAI_API_KEY=${KEY_A}\n`, [`${home}/.zshrc.d/notes.txt`]: `export OPENAI_API_KEY=${KEY_B}\n`},
		});
		expect(outcome.data!.outcome).toMatchObject({set: true, exported: true, source: 'profile:~/.zshrc.d/keys.zsh:1'});
		expect(sources(outcome)).toEqual([['profile:~/.zshrc.d/keys.zsh:1', 'OPENAI_API_KEY', true]]);
	});

	it.each([
		['bash-no-export', false, 'assignment'],
		['bash-export-later', true, 'assignment'],
		['bash-allexport', true, 'assignment'],
		['bash-declare', true, 'declare -x'],
	])('%s: exported in the end = %s', async (fixture, exported, form) => {
		const outcome = await run(fixture);
		expect(outcome.data!.outcome).toMatchObject({set: true, exported});
		expect(outcome.data!.definitions[0]!.form).toBe(form);
		expect(outcome.status).toBe(exported ? 'pass' : 'warn');
	});

	it('names the winner when lines set different keys', async () => {
		const outcome = await run('bash-conflict');
		const conflict = outcome.data!.conflict!;
		expect(conflict.values.map(value => value.sources)).toEqual([['profile:~/.bashrc:1'], ['profile:~/.bashrc:3']]);
		expect(conflict.winner).toBe('profile:~/.bashrc:3');
		expect(conflict.reason).toBe('a new bash terminal reads ~/.bashrc in that order, and the last line that sets OPENAI_API_KEY (~/.bashrc:3) wins');
		expect(outcome.status).toBe('warn');
	});

	it('lets ~/.bashrc win for a new bash terminal even when ~/.profile sources it first and sets another key after', async () => {
		const profile = `if [ -n "$BASH_VERSION" ]; then\n    . "$HOME/.bashrc"\nfi\nexport OPENAI_API_KEY=${KEY_A}\n`;
		const bashrc = `[ -f ~/.openai ] && . ~/.openai\nexport EDITOR=vim\n`;
		const outcome = await run('empty-home', '/bin/bash', {files: {[`${home}/.profile`]: profile, [`${home}/.bashrc`]: bashrc, [`${home}/.openai`]: `export OPENAI_API_KEY=${KEY_B}\n`}});
		const data = outcome.data!;
		expect(data.outcome).toMatchObject({set: true, exported: true, source: 'profile:~/.openai:1'});
		expect(data.conflict).toMatchObject({winner: 'profile:~/.openai:1'});
		expect(data.conflict!.reason).toBe('a new bash terminal reads ~/.profile, then ~/.openai in that order, and the last line that sets OPENAI_API_KEY (~/.openai:1) wins');
	});

	it('orders zsh files: ~/.zshrc comes after ~/.zshenv', async () => {
		const outcome = await run('zsh-conflict', '/usr/bin/zsh');
		expect(outcome.data!.conflict).toMatchObject({winner: 'profile:~/.zshrc:2'});
		expect(outcome.data!.conflict!.reason).toContain('~/.zshenv, then ~/.zshrc');
		const winner = outcome.keys!.find(key => key.source === 'profile:~/.zshrc:2');
		expect(winner?.secret.reveal()).toBe(KEY_B);
	});

	it('knows when the files belong to another shell', async () => {
		const outcome = await run('zsh-conflict', '/bin/bash');
		expect(outcome.data!.conflict).toBeUndefined();
		expect(outcome.data!.outcome.set).toBe(false);
		expect(outcome.data!.definitions.every(definition => !definition.readByUserShell)).toBe(true);
		expect(outcome.summary).toContain('a new bash terminal does not read those files');
	});

	it('follows a sourced file one level deep and says through which line', async () => {
		const outcome = await run('bash-sourced');
		expect(sources(outcome)).toEqual([['profile:~/.config/secrets.sh:1', 'OPENAI_API_KEY', true]]);
		expect(outcome.data!.definitions[0]).toMatchObject({via: '~/.bashrc:1', readByUserShell: true});
	});

	it('keeps a computed value without pretending to know it', async () => {
		const outcome = await run('bash-computed');
		expect(outcome.keys).toEqual([]);
		expect(outcome.data!.definitions[0]).toMatchObject({computed: 'computed by a command when the shell starts', exported: true});
		expect(outcome.data!.outcome).toMatchObject({set: true, exported: true, computed: 'computed by a command when the shell starts'});
	});

	it.each([
		['fish', '/usr/bin/fish', [['profile:~/.config/fish/config.fish:2', 'OPENAI_API_KEY', true], ['profile:~/.config/fish/conf.d/tools.fish:1', 'OPENAI_KEY', false]]],
		['fish-universal', '/usr/bin/fish', [['profile:~/.config/fish/fish_variables:3', 'OPENAI_API_KEY', true]]],
		['csh', '/bin/tcsh', [['profile:~/.cshrc:1', 'OPENAI_API_KEY', true], ['profile:~/.cshrc:2', 'OPENAI_KEY', false]]],
		['pwsh', '/usr/bin/pwsh', [['profile:~/.config/powershell/Microsoft.PowerShell_profile.ps1:2', 'OPENAI_API_KEY', true], ['profile:~/.config/powershell/Microsoft.PowerShell_profile.ps1:3', 'OPENAI_KEY', false]]],
		['bash-misnamed', '/bin/bash', [['profile:~/.bash_profile:1', 'OPENAI_KEY', true]]],
	])('reads %s startup files', async (fixture, shell, expected) => {
		const outcome = await run(fixture, shell);
		expect(sources(outcome).sort()).toEqual([...expected].sort());
		// Only OPENAI_API_KEY itself counts for what a new terminal ends with.
		const setsTheKey = expected.some(([, variable]) => variable === 'OPENAI_API_KEY');
		expect(outcome.data!.outcome).toMatchObject({set: setsTheKey, exported: setsTheKey});
	});

	it('reads /etc/environment and profile.d as session files', async () => {
		const outcome = await run('empty-home', '/bin/bash', {
			files: {'/etc/environment': `PATH="/usr/bin"\nOPENAI_API_KEY="${KEY_A}"\n`, '/etc/profile.d/openai.sh': `export OPENAI_API_KEY=${KEY_B}\n`},
		});
		expect(outcome.data!.order).toEqual(['/etc/environment', '/etc/profile.d/openai.sh', '~/.bashrc']);
		expect(outcome.data!.conflict?.winner).toBe('profile:/etc/profile.d/openai.sh:1');
	});

	it('turns an unreadable or huge profile into a finding', async () => {
		const huge = `export OPENAI_API_KEY=${KEY_A}\n${'# filler line of a long profile\n'.repeat(12_000)}`;
		const outcome = await run('empty-home', '/bin/bash', {files: {[`${home}/.zshrc`]: huge}, fileErrors: {[`${home}/.bashrc`]: 'permission'}});
		expect(outcome.status).toBe('warn');
		expect(outcome.details).toEqual(expect.arrayContaining(['~/.bashrc cannot be read (permission denied).', '~/.zshrc is 375 KB; only its first 256 KB were read.']));
		expect(outcome.keys!.map(key => key.source)).toEqual(['profile:~/.zshrc:1']);
	});

	it('says nothing sets the key when nothing does, and never shows a value', async () => {
		const outcome = await run('empty-home');
		expect(outcome).toMatchObject({status: 'pass', summary: 'No shell profile sets OPENAI_API_KEY (1 startup file read).'});
		for (const fixture of ['bash-export', 'bash-conflict', 'fish', 'pwsh', 'csh']) {
			const text = JSON.stringify(await run(fixture, fixture === 'fish' ? '/usr/bin/fish' : '/bin/bash'));
			expect(text).not.toContain(KEY_A.slice(8, 40));
			expect(text).not.toContain(KEY_B.slice(8, 40));
		}
	});

	it('keeps an export inside a function body out of the definitions: no conflict, the startup line wins, the function line is only noted', async () => {
		const bashrc = `export OPENAI_API_KEY=${KEY_A}\nopenai_work() {\n  export OPENAI_API_KEY=${KEY_B}\n}\nfunction openai_off { unset OPENAI_API_KEY; }\n`;
		const outcome = await run('empty-home', '/bin/bash', {files: {[`${home}/.bashrc`]: bashrc}});
		const data = outcome.data!;
		expect(data.conflict).toBeUndefined();
		expect(data.outcome).toMatchObject({set: true, exported: true, source: 'profile:~/.bashrc:1'});
		expect(data.definitions.map(definition => definition.source)).toEqual(['profile:~/.bashrc:1']);
		expect(data.dormant!.map(definition => [definition.source, definition.why])).toEqual([['profile:~/.bashrc:3', 'inside function openai_work (runs only when called)']]);
		expect(sources(outcome)).toEqual([['profile:~/.bashrc:1', 'OPENAI_API_KEY', true]]);
		expect(outcome.status).toBe('pass');
		expect(outcome.details).toEqual(expect.arrayContaining([expect.stringMatching(/^~\/\.bashrc:3: sk-proj-….{4} — not at startup: inside function openai_work \(runs only when called\)$/)]));
	});

	it('keeps a fish function body out of the definitions', async () => {
		const config = `set -gx OPENAI_API_KEY ${KEY_A}\nfunction openai_work\n    set -gx OPENAI_API_KEY ${KEY_B}\nend\n`;
		const outcome = await run('empty-home', '/usr/bin/fish', {files: {[`${home}/.config/fish/config.fish`]: config}});
		expect(outcome.data!.conflict).toBeUndefined();
		expect(outcome.data!.outcome).toMatchObject({set: true, source: 'profile:~/.config/fish/config.fish:1'});
		expect(outcome.data!.dormant!.map(definition => definition.source)).toEqual(['profile:~/.config/fish/config.fish:3']);
	});

	it('models a later unset in a file sourced later: a new terminal has no key, and the unset line is no definition', async () => {
		const outcome = await run('empty-home', '/usr/bin/zsh', {
			files: {[`${home}/.zshenv`]: `export OPENAI_API_KEY=${KEY_A}\n`, [`${home}/.zshrc`]: 'source ~/.zsh/cleanup.zsh\n', [`${home}/.zsh/cleanup.zsh`]: '# keys live in .env now\nunset -v OPENAI_API_KEY\n'},
		});
		const data = outcome.data!;
		expect(data.outcome).toMatchObject({set: false, exported: false, source: 'profile:~/.zsh/cleanup.zsh:2'});
		expect(data.definitions).toEqual([]);
		expect(data.dormant!.map(definition => [definition.source, definition.why])).toEqual([['profile:~/.zshenv:1', 'unset again by ~/.zsh/cleanup.zsh:2, so a new terminal does not have it']]);
		expect(outcome.keys).toEqual([]);
		expect(outcome).toMatchObject({status: 'pass', summary: 'No shell profile leaves OPENAI_API_KEY set for a new terminal (4 startup files read): ~/.zshenv:1 sets it but does not count (see details).'});
	});

	it('follows the order the shell reads files: an unset before the export removes nothing, one after removes every earlier key', async () => {
		const before = await run('empty-home', '/usr/bin/zsh', {files: {[`${home}/.zshenv`]: 'unset OPENAI_API_KEY\n', [`${home}/.zshrc`]: `export OPENAI_API_KEY=${KEY_A}\n`}});
		expect(before.data!.outcome).toMatchObject({set: true, exported: true, source: 'profile:~/.zshrc:1'});
		expect(before.data!.dormant).toEqual([]);
		const after = await run('empty-home', '/usr/bin/zsh', {
			files: {[`${home}/.zshenv`]: `export OPENAI_API_KEY=${KEY_A}\n`, [`${home}/.zshrc`]: `export OPENAI_API_KEY=${KEY_B}\n`, [`${home}/.zlogin`]: 'unset OPENAI_API_KEY\n'},
		});
		expect(after.data!.outcome.set).toBe(false);
		expect(after.data!.conflict).toBeUndefined();
		expect(after.data!.dormant!.map(definition => definition.source)).toEqual(['profile:~/.zshenv:1', 'profile:~/.zshrc:1']);
	});

	it('reads export -n as taking the key from programs, until a bare export gives it back', async () => {
		const removed = await run('empty-home', '/bin/bash', {files: {[`${home}/.bashrc`]: `export OPENAI_API_KEY=${KEY_A}\nexport -n OPENAI_API_KEY\n`}});
		expect(removed.data!.outcome).toMatchObject({set: false, exported: false});
		expect(removed.data!.dormant![0]!.why).toBe('taken out of the environment again by ~/.bashrc:2 (export -n), so programs do not get it');
		const back = await run('empty-home', '/bin/bash', {files: {[`${home}/.bashrc`]: `export OPENAI_API_KEY=${KEY_A}\nexport -n OPENAI_API_KEY\nexport OPENAI_API_KEY\n`}});
		expect(back.data!.outcome).toMatchObject({set: true, exported: true, source: 'profile:~/.bashrc:1'});
		expect(back.data!.definitions.map(definition => definition.source)).toEqual(['profile:~/.bashrc:1']);
	});

	it('judges a file the shell does not read on its own: its own later unset removes its key; a file read alone keeps its key', async () => {
		const outcome = await run('empty-home', '/usr/bin/zsh', {
			files: {
				[`${home}/.zshrc`]: 'export EDITOR=vim\n',
				[`${home}/.bash_profile`]: `. ~/.bashrc\nunset OPENAI_API_KEY\n`,
				[`${home}/.bashrc`]: `export OPENAI_API_KEY=${KEY_A}\n`,
				[`${home}/.profile`]: `export OPENAI_API_KEY=${KEY_B}\nunset OPENAI_API_KEY\n`,
			},
		});
		const data = outcome.data!;
		expect(data.definitions.map(definition => [definition.source, definition.readByUserShell])).toEqual([['profile:~/.bashrc:1', false]]);
		expect(data.dormant!.map(definition => definition.source)).toEqual(['profile:~/.profile:1']);
	});
});
