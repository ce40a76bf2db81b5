import {mkdir, mkdtemp, rm, symlink, writeFile, chmod} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';

/** Tools a snippet may call; in the sandbox each one only prints how it was called. */
const stubbedTools = ['curl', 'sed', 'iconv', 'mv', 'cp', 'dos2unix', 'tr', 'node', 'python', 'python3', 'docker', 'kubectl', 'gh', 'cat', 'grep', 'git', 'rm', 'set', 'source', 'npm', 'npx', 'uv', 'pip'];

/**
 * A real `sh` in which a pasted command cannot touch anything: a fresh folder and HOME,
 * PATH holding only stubs that print their name and arguments. Running a command there
 * shows how sh read it: the calls made (every word, after quotes and expansions), the
 * exit code, the variables exported, and the files it left.
 */
export async function createShSandbox(): Promise<{run(command: string): Promise<string>; close(): Promise<void>}> {
	const root = await mkdtemp(path.join(tmpdir(), 'kw-sh-'));
	const bin = path.join(root, 'bin');
	await mkdir(bin);
	const stub = path.join(bin, 'stub');
	await writeFile(stub, '#!/bin/sh\nprintf \'%s\' "CALL ${0##*/}"; for a in "$@"; do printf \' [%s]\' "$a"; done; printf \'\\n\'\n');
	await chmod(stub, 0o755);
	for (const tool of stubbedTools) await symlink(stub, path.join(bin, tool));
	let runs = 0;
	return {
		async run(command) {
			const folder = path.join(root, `run-${++runs}`);
			await mkdir(path.join(folder, 'home'), {recursive: true});
			const script = `${command}\necho "EXIT=$?"\nexport -p\nfor f in .* *; do echo "FILE $f"; done\n`;
			const result = await execa('/bin/sh', ['-c', script], {
				cwd: folder,
				env: {PATH: bin, HOME: path.join(folder, 'home'), OPENAI_API_KEY: 'test-value', PWD: folder},
				extendEnv: false,
				reject: false,
				timeout: 10_000,
				stdin: 'ignore',
			});
			return `${result.stdout}\n--stderr--\n${result.stderr}`.replaceAll(folder, '<folder>');
		},
		close: () => rm(root, {recursive: true, force: true}),
	};
}
