import {chmodSync, mkdtempSync, mkdirSync, openSync, rmSync, symlinkSync, writeSync, closeSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {dotenvProbe, type DotenvProbeData} from '../../../source/core/probes/dotenv.js';
import type {ProbeOutcome} from '../../../source/core/types.js';
import {createRealPorts} from '../../../source/runner/real-ports.js';
import {makePorts, type FakePortsOptions} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';
import {dotenvFixture, fixtureKeys} from '../local/fixtures.js';

const {KEY_A, KEY_B} = fixtureKeys;
const project = '/home/dev/project';

async function run(options: FakePortsOptions): Promise<ProbeOutcome<DotenvProbeData>> {
	return dotenvProbe.run(context(makePorts({cwd: project, ...options}), []));
}

/** Everything the probe says, as one string, to check no key leaks into it. */
function allText(outcome: ProbeOutcome): string {
	return JSON.stringify({summary: outcome.summary, details: outcome.details, data: outcome.data, keys: outcome.keys});
}

function expectNoKeyIn(outcome: ProbeOutcome): void {
	const text = allText(outcome);
	for (const key of Object.values(fixtureKeys)) expect(text).not.toContain(key.slice(8, 40));
}

describe('dotenv probe', () => {
	it('a key line cut at the read limit is no key: only the whole lines before it count', async () => {
		// The file is longer than the 1 MiB read, and a key's line straddles the limit.
		const filler = `# ${'x'.repeat(200)}\n`.repeat(Math.ceil((1024 * 1024) / 203));
		const padded = `${filler.slice(0, 1024 * 1024 - 41)}\nOPENAI_API_KEY=${KEY_B}\n${'#'.repeat(2000)}\n`;
		const outcome = await run({files: {[`${project}/.env`]: padded, [`${project}/.git/HEAD`]: 'ref'}});
		expect(outcome.keys ?? []).toEqual([]);
		expect(outcome.data!.files[0]!.truncated).toBe(true);
		expectNoKeyIn(outcome);
	});

	it('reports the key in the project .env with its line, as a source the app loads', async () => {
		const outcome = await run({files: {[`${project}/.env`]: dotenvFixture('healthy.env'), [`${project}/.git/HEAD`]: 'ref'}});
		expect(outcome.status).toBe('pass');
		expect(outcome.summary).toBe('OPENAI_API_KEY is set in .env:2.');
		expect(outcome.keys?.map(key => [key.source, key.origin, key.variable, key.secret.reveal() === KEY_A])).toEqual([['file:.env:2', 'dotenv', 'OPENAI_API_KEY', true]]);
		expect(outcome.data!.loader).toMatchObject({name: 'dotenv', order: ['.env']});
		expectNoKeyIn(outcome);
	});

	it('looks in parents up to home, and names them relative to the project', async () => {
		const cwd = '/home/dev/work/app';
		const outcome = await dotenvProbe.run(
			context(makePorts({cwd, files: {'/home/dev/work/.env': dotenvFixture('healthy.env'), '/home/.env': dotenvFixture('duplicates.env'), [`${cwd}/main.py`]: ''}}), []),
		);
		expect(outcome.data!.files.map(file => file.shown)).toEqual(['../.env']);
		expect(outcome.data!.searched).toEqual(['.', '..', '../..']);
		expect(outcome.keys!.map(key => key.source)).toEqual(['file:../.env:2']);
		expect(outcome.data!.loader.explanation).toContain('python-dotenv');
	});

	it('stops at the git root', async () => {
		const cwd = '/home/dev/repo/packages/api';
		const outcome = await dotenvProbe.run(
			context(makePorts({cwd, files: {[`${cwd}/.env`]: 'A=1\n', '/home/dev/repo/.git/HEAD': 'ref', '/home/dev/repo/.env.local': dotenvFixture('healthy.env'), '/home/dev/.env': dotenvFixture('healthy.env')}}), []),
		);
		expect(outcome.data!.files.map(file => file.shown)).toEqual(['.env', '../../.env.local']);
	});

	it('finds every .env name and direnv\'s .envrc', async () => {
		const files: Record<string, string> = {[`${project}/.git/HEAD`]: 'ref', [`${project}/.envrc`]: `export OPENAI_API_KEY=${KEY_B}\n`};
		for (const name of ['.env', '.env.local', '.env.development', '.env.development.local', '.env.production', '.env.production.local', '.env.test', '.env.test.local']) {
			files[`${project}/${name}`] = `OPENAI_API_KEY=${KEY_A}\n`;
		}

		const outcome = await run({files});
		expect(outcome.data!.files.map(file => `${file.shown}:${file.kind}`)).toEqual([
			'.env:dotenv',
			'.env.local:dotenv',
			'.env.development:dotenv',
			'.env.development.local:dotenv',
			'.env.production:dotenv',
			'.env.production.local:dotenv',
			'.env.test:dotenv',
			'.env.test.local:dotenv',
			'.envrc:direnv',
		]);
		expect(outcome.keys!.find(key => key.source === 'file:.envrc:1')?.secret.reveal()).toBe(KEY_B);
	});

	it.each([
		['next', 'Next.js', ['.env.development.local', '.env.local', '.env']],
		['vite', 'Vite', ['.env.development.local', '.env.development', '.env.local', '.env']],
	])('follows %s\'s file order', async (dependency, name, order) => {
		const files: Record<string, string> = {[`${project}/package.json`]: JSON.stringify({dependencies: {[dependency]: '1.0.0'}})};
		for (const file of ['.env', '.env.local', '.env.development.local', ...(dependency === 'vite' ? ['.env.development'] : [])]) files[`${project}/${file}`] = 'A=1\n';
		const outcome = await run({files});
		expect(outcome.data!.loader).toMatchObject({name, order});
	});

	it('says which lines are malformed, without the value', async () => {
		const outcome = await run({files: {[`${project}/.env`]: dotenvFixture('spaces.env'), [`${project}/.env.local`]: dotenvFixture('duplicates.env')}});
		expect(outcome.status).toBe('warn');
		expect(outcome.details).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^\.env:1: sk-proj-….{4} — has spaces around "="/),
				expect.stringMatching(/^\.env\.local:1: sk-proj-….{4} — also set on line 3 with a different value; the last one \(line 3\) wins; overridden by a later line$/),
			]),
		);
		expectNoKeyIn(outcome);
	});

	it('turns unreadable, looping, binary and invalid files into findings', async () => {
		const outcome = await run({
			files: {[`${project}/.env.local`]: dotenvFixture('binary.env'), [`${project}/.env.test`]: dotenvFixture('invalid-utf8.env')},
			fileErrors: {[`${project}/.env`]: 'permission', [`${project}/.env.development`]: 'loop'},
		});
		expect(outcome.status).toBe('warn');
		expect(outcome.details).toEqual(
			expect.arrayContaining([
				'.env cannot be read (permission denied).',
				'.env.development is a symbolic link loop; it cannot be read.',
				'.env.local is encrypted with git-crypt (binary); it was not parsed: unlock it (git-crypt unlock) for apps to read it.',
				'.env.test is not valid UTF-8; the bad bytes were read as \uFFFD.',
			]),
		);
		expect(outcome.keys!.map(key => key.source)).toEqual(['file:.env.test:1']);
	});

	it('says in the summary when a .env was cut short or is binary', async () => {
		const big = `OPENAI_API_KEY=${KEY_A}\n${'# padding padding padding\n'.repeat(60_000)}`;
		const cut = await run({files: {[`${project}/.env`]: big}});
		expect(cut.summary).toMatch(/^OPENAI_API_KEY is set in \.env:1 \(\.env is 1\.\d MB: only its first 1 MB were read, so a later line may change this\)\.$/);
		const binary = await run({files: {[`${project}/.env`]: new Uint8Array([0x4f, 0x50, 0x00, 0x01, 0x02])}});
		expect(binary.summary).toBe('OPENAI_API_KEY is not set in .env (.env holds binary data and was not parsed).');
	});

	it('records CRLF line endings in the details', async () => {
		const outcome = await run({files: {[`${project}/.env`]: `OPENAI_API_KEY=${KEY_A}\r\nDEBUG=1\r\n`}});
		expect(outcome.details).toContain('.env has Windows line endings (CRLF): dotenv loaders drop the \\r, but a shell that sources the file keeps it in the value.');
	});

	it('records code that loads .env with override', async () => {
		const outcome = await run({files: {[`${project}/.env`]: `OPENAI_API_KEY=${KEY_A}\n`, [`${project}/src/app.py`]: 'from dotenv import load_dotenv\nload_dotenv(override=True)\n'}});
		expect(outcome.data!.override).toEqual({file: 'src/app.py', line: 2, call: 'load_dotenv(override=True)'});
		expect(outcome.details).toContain('src/app.py:2 loads .env with load_dotenv(override=True): .env wins over the environment.');
	});

	it('reports a near-named variable holding a key as its own observation', async () => {
		const outcome = await run({files: {[`${project}/.env`]: dotenvFixture('misnamed.env')}});
		expect(outcome.keys!.map(key => [key.source, key.variable])).toEqual([['file:.env:1', 'OPENAI_KEY']]);
		expect(outcome.data!.files[0]!.definitions[0]).toMatchObject({variable: 'OPENAI_KEY', nearName: 'known-misname', keyLike: true});
		expect(outcome.summary).toBe('OPENAI_API_KEY is not set in .env.');
	});

	it('knows a file the project passes to docker run --env-file, where export and quotes break', async () => {
		const outcome = await run({
			files: {
				[`${project}/.env`]: dotenvFixture('export.env'),
				[`${project}/.env.local`]: dotenvFixture('quotes.env'),
				[`${project}/Makefile`]: 'run:\n\tdocker run --rm --env-file .env app\n',
				[`${project}/start.sh`]: '#!/bin/sh\nexec docker run --env-file=./.env.local app\n',
			},
		});
		const [env, local] = outcome.data!.files;
		expect(env!.dockerEnvFile).toBe('Makefile');
		expect(env!.definitions[0]!.defects.map(defect => defect.code)).toEqual(['export-prefix', 'docker-export']);
		expect(local!.dockerEnvFile).toBe('start.sh');
		expect(local!.definitions[0]!.defects.map(defect => defect.message)).toEqual([
			'the value is quoted, and start.sh passes .env.local to docker run --env-file, which keeps the quotes as part of the value',
		]);
		expect(outcome.status).toBe('warn');
	});

	it.each([
		['a Python project: python-dotenv expands ${NAME}', {'requirements.txt': 'python-dotenv\n'}, 'OPENAI_API_KEY=${OPENAI_KEY}', 'expanded'],
		['a folder without a manifest: expanded as python-dotenv does', {}, 'OPENAI_API_KEY="${OPENAI_KEY}"', 'expanded'],
		['Next.js expands a bare $NAME too', {'package.json': '{"dependencies":{"next":"15"}}'}, 'OPENAI_API_KEY=$OPENAI_KEY', 'expanded'],
		['node with plain dotenv keeps the text', {'package.json': '{"dependencies":{"dotenv":"16"}}'}, 'OPENAI_API_KEY=${OPENAI_KEY}', 'literal'],
		['python-dotenv keeps a bare $NAME', {'main.py': ''}, 'OPENAI_API_KEY=$OPENAI_KEY', 'literal'],
		['single quotes keep the text', {'main.py': ''}, "OPENAI_API_KEY='${OPENAI_KEY}'", 'literal'],
	] as const)('%s', async (_title, extra, line, expected) => {
		const files: Record<string, string> = {[`${project}/.env`]: `OPENAI_KEY=${KEY_A}\n${line}\n`, [`${project}/.git/HEAD`]: 'ref'};
		for (const [name, content] of Object.entries(extra)) files[`${project}/${name}`] = content;
		const outcome = await run({files});
		const definition = outcome.data!.files[0]!.definitions.find(item => item.variable === 'OPENAI_API_KEY')!;
		const observation = outcome.keys!.find(key => key.source === 'file:.env:2')!;
		expect(observation.secret.reveal() === KEY_A).toBe(expected === 'expanded');
		expect(definition.defects.some(defect => defect.code === 'expanded')).toBe(expected === 'expanded');
		expectNoKeyIn(outcome);
	});

	it('expands a reference to a variable set nowhere to nothing, and prefers the environment over the file', async () => {
		const files = {[`${project}/.env`]: 'OPENAI_KEY=from-file\nOPENAI_API_KEY=${MISSING_KEY}\nOPENAI_API_TOKEN=${OPENAI_KEY}\n', [`${project}/main.py`]: ''};
		const outcome = await run({files, env: {OPENAI_KEY: KEY_B}});
		const [, missing, token] = outcome.data!.files[0]!.definitions;
		expect(missing).toMatchObject({empty: true, defects: [{code: 'expanded', message: 'refers to ${MISSING_KEY}, which python-dotenv expands to nothing'}]});
		expect(outcome.keys!.find(key => key.source === 'file:.env:3')!.secret.reveal()).toBe(KEY_B);
		expect(token!.defects.map(defect => defect.code)).toEqual(['expanded']);
	});

	it.each([
		['run.sh: set -a; . ./.env; set +a', 'run.sh', '#!/bin/sh\nset -a; . ./.env; set +a\nexec python main.py\n', true],
		['Makefile: source .env', 'Makefile', 'run:\n\tsource .env && python main.py\n', true],
		['package.json: export $(cat .env | xargs)', 'package.json', '{"scripts":{"dev":"export $(cat .env | xargs) && node index.js"}}', true],
		["start.sh: export $(grep -v '^#' .env | xargs)", 'start.sh', "#!/bin/bash\nexport $(grep -v '^#' .env | xargs)\nnode index.js\n", true],
		['setup.sh only copies the example', 'setup.sh', '#!/bin/sh\ncp .env.example .env\n', false],
	] as const)('marks a CRLF .env the project loads with the shell (%s)', async (_title, name, content, sourced) => {
		const files = {[`${project}/.env`]: `OPENAI_API_KEY=${KEY_A}\r\n`, [`${project}/${name}`]: content, [`${project}/.git/HEAD`]: 'ref'};
		const outcome = await run({files});
		const definition = outcome.data!.files[0]!.definitions[0]!;
		expect(definition.defects.some(defect => defect.code === 'shell-crlf')).toBe(sourced);
		// The same file with LF endings is fine for the shell too.
		const lf = await run({files: {...files, [`${project}/.env`]: `OPENAI_API_KEY=${KEY_A}\n`}});
		expect(lf.data!.files[0]!.definitions[0]!.defects.map(defect => defect.code)).toEqual([]);
	});

	it.each([
		['a "#" with no space before it', `OPENAI_API_KEY=${KEY_A}#prod`, `${KEY_A}#prod`, 'python-dotenv keeps the "#" and what follows it in the value: it starts a comment only after a space'],
		['backticks', `OPENAI_API_KEY=\`${KEY_A}\``, `\`${KEY_A}\``, "python-dotenv keeps the backticks in the value (node's dotenv reads them as quotes)"],
		['a comment after a space (both loaders agree)', `OPENAI_API_KEY=${KEY_A} # prod`, KEY_A, undefined],
	])('reads %s as python-dotenv does in a Python project, and as node does elsewhere', async (_title, line, pythonValue, why) => {
		const value = async (manifest: Record<string, string>) => {
			const files: Record<string, string> = {[`${project}/.env`]: `${line}\n`, [`${project}/.git/HEAD`]: 'ref'};
			for (const [name, content] of Object.entries(manifest)) files[`${project}/${name}`] = content;
			const outcome = await run({files});
			return {key: outcome.keys![0]!.secret.reveal(), defects: outcome.data!.files[0]!.definitions[0]!.defects};
		};

		const python = await value({'requirements.txt': 'python-dotenv\n'});
		expect(python.key).toBe(pythonValue);
		expect(python.defects.find(defect => defect.code === 'python-reads')?.message).toBe(why);
		const node = await value({'package.json': '{"dependencies":{"dotenv":"16"}}'});
		expect(node.key).toBe(KEY_A);
		expect(node.defects.map(defect => defect.code)).not.toContain('python-reads');
	});

	it('says so when there is no .env at all', async () => {
		const outcome = await run({files: {[`${project}/app.py`]: ''}});
		expect(outcome).toMatchObject({status: 'pass', summary: 'No .env file in the project folder or its parents.'});
		expect(outcome.keys).toEqual([]);
	});
});

describe('dotenv probe: whose .env files count, and where the search ends', () => {
	const gateway = 'OPENAI_BASE_URL=https://collector.example/v1\n';
	const python = {'main.py': 'from dotenv import load_dotenv\nload_dotenv()\n'};
	const under = (dir: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, text]) => [`${dir}/${name}`, text]));

	it('never takes settings from a .env in a world-writable folder (/tmp); its key is still listed', async () => {
		const cwd = '/tmp/project';
		const outcome = await dotenvProbe.run(
			context(makePorts({cwd, home: '/home/dev', files: {...under(cwd, python), '/tmp/.env': `${gateway}OPENAI_API_KEY=${KEY_A}\n`}, stats: {'/tmp': {mode: 0o1777, uid: 0}, '/': {uid: 0}}}), []),
		);
		expect(outcome.data!.files.map(file => [file.shown, file.untrusted])).toEqual([['../.env', '.. can be written by every user of this machine']]);
		expect(outcome.data!.settings).toBeUndefined();
		expect(outcome.keys!.map(key => key.source)).toEqual(['file:../.env:2']);
		expect(outcome.status).toBe('warn');
		expect(outcome.summary).toContain('settings in ../.env ignored: .. can be written by every user of this machine');
		expect(outcome.details).toContain('../.env is not used for settings (it sets OPENAI_BASE_URL): .. can be written by every user of this machine, so anyone could have put it there. Its keys are only listed.');
	});

	it('never takes settings from a folder or a file another user owns, nor from a file anyone may write', async () => {
		const cwd = '/srv/shared/app';
		const files = {...under(cwd, python), [`${cwd}/.env.local`]: gateway, '/srv/shared/.env': gateway};
		const outcome = await dotenvProbe.run(context(makePorts({cwd, home: '/home/dev', files, stats: {'/srv/shared': {uid: 1001}, [`${cwd}/.env.local`]: {mode: 0o666}}}), []));
		expect(outcome.data!.files.map(file => [file.shown, file.untrusted])).toEqual([
			['.env.local', '.env.local can be written by every user of this machine'],
			['../.env', '.. belongs to another user (uid 1001)'],
		]);
		expect(outcome.data!.settings).toBeUndefined();
	});

	it('takes settings from the user’s own folders, and from root’s', async () => {
		const cwd = '/opt/app';
		const outcome = await dotenvProbe.run(context(makePorts({cwd, home: '/home/dev', files: {...under(cwd, {...python, '.env': gateway})}, stats: {'/opt': {uid: 0}}}), []));
		expect(outcome.data!.files[0]!.untrusted).toBeUndefined();
		expect(outcome.data!.settings).toEqual([{variable: 'OPENAI_BASE_URL', value: 'https://collector.example/v1', source: 'file:.env:1'}]);
		expect(outcome.status).toBe('pass');
	});

	it('a setting is what the loader makes of it: python-dotenv expands ${GATEWAY} in OPENAI_BASE_URL, a single-quoted value stays literal', async () => {
		const cwd = '/opt/app';
		const text = "GATEWAY=collector.example:8443\nOPENAI_BASE_URL=https://${GATEWAY}/v1\nOPENAI_PROJECT_ID='${PROJECT}'\n";
		const outcome = await dotenvProbe.run(context(makePorts({cwd, home: '/home/dev', files: under(cwd, {...python, '.env': text}), stats: {'/opt': {uid: 0}}}), []));
		expect(outcome.data!.settings).toEqual([
			{variable: 'OPENAI_BASE_URL', value: 'https://collector.example:8443/v1', source: 'file:.env:2'},
			{variable: 'OPENAI_PROJECT_ID', value: '${PROJECT}', source: 'file:.env:3'},
		]);
	});

	it('node’s dotenv expands nothing: the setting stays as written', async () => {
		const cwd = '/opt/app';
		const files = under(cwd, {'index.js': "import 'dotenv/config';\n", 'package.json': '{"dependencies":{"dotenv":"16.4.5"}}', '.env': 'GATEWAY=gw.example\nOPENAI_BASE_URL=https://${GATEWAY}/v1\n'});
		const outcome = await dotenvProbe.run(context(makePorts({cwd, home: '/home/dev', files, stats: {'/opt': {uid: 0}}}), []));
		expect(outcome.data!.settings).toEqual([{variable: 'OPENAI_BASE_URL', value: 'https://${GATEWAY}/v1', source: 'file:.env:2'}]);
	});

	it('an Azure key built from a reference (${MY_AZURE_KEY}) is marked as not the file’s own', async () => {
		const cwd = '/opt/app';
		const files = under(cwd, {...python, '.env': 'AZURE_OPENAI_ENDPOINT=https://collector.example/\nAZURE_OPENAI_API_KEY=${MY_AZURE_KEY}\n'});
		const outcome = await dotenvProbe.run(context(makePorts({cwd, home: '/home/dev', files, env: {MY_AZURE_KEY: '0123456789abcdef0123456789abcdef'}, stats: {'/opt': {uid: 0}}}), []));
		expect(outcome.data!.files[0]!.azureKeys).toEqual([{source: 'file:.env:2', expanded: true}]);
		expect(outcome.keys!.map(key => key.source)).toEqual(['file:.env:2']);
	});

	it('stops at a file system boundary: a mount’s parent is another world', async () => {
		const cwd = '/mnt/data/project';
		const outcome = await dotenvProbe.run(
			context(makePorts({cwd, home: '/home/dev', files: {...under(cwd, python), '/mnt/data/.env': 'A=1\n', '/mnt/.env': gateway}, stats: {[cwd]: {device: 7}, '/mnt/data': {device: 7}}}), []),
		);
		expect(outcome.data!.searched).toEqual(['.', '..']);
		expect(outcome.data!.files.map(file => file.shown)).toEqual(['../.env']);
	});

	it('says it cannot read the project folder, not that there is no .env', async () => {
		const outcome = await run({files: {[`${project}/.env`]: dotenvFixture('healthy.env')}, fileErrors: {[project]: 'permission'}});
		expect(outcome).toMatchObject({status: 'error', summary: 'Cannot read the project folder (permission denied): no .env file in it could be checked.'});
		expect(outcome.data!.unreadableProject).toEqual({code: 'permission', reason: 'permission denied'});
		expect(outcome.summary).not.toMatch(/No \.env/);
	});
});

describe('dotenv probe on real files', () => {
	const root = mkdtempSync(path.join(tmpdir(), 'kw-dotenv-'));
	afterAll(() => rmSync(root, {recursive: true, force: true}));

	it('reads a bounded prefix of a 50 MB .env and says so, quickly', async () => {
		const dir = path.join(root, 'huge');
		mkdirSync(path.join(dir, '.git'), {recursive: true});
		const file = path.join(dir, '.env');
		const handle = openSync(file, 'w');
		writeSync(handle, `OPENAI_API_KEY=${KEY_A}\n`);
		const filler = Buffer.alloc(1024 * 1024, 'FILLER=0123456789abcdef\n');
		for (let index = 0; index < 50; index++) writeSync(handle, filler);
		closeSync(handle);
		const started = performance.now();
		const outcome = await dotenvProbe.run(context(createRealPorts({cwd: dir, home: root, env: {}}), []));
		expect(performance.now() - started).toBeLessThan(2000);
		expect(outcome.status).toBe('warn');
		expect(outcome.details).toContain('.env is 50 MB; only its first 1 MB were read.');
		expect(outcome.keys!.map(key => key.source)).toEqual(['file:.env:1']);
	});

	it('reports a symbolic link loop', async () => {
		const dir = path.join(root, 'loop');
		mkdirSync(path.join(dir, '.git'), {recursive: true});
		symlinkSync('.env', path.join(dir, '.env'));
		const outcome = await dotenvProbe.run(context(createRealPorts({cwd: dir, home: root, env: {}}), []));
		expect(outcome.details).toContain('.env is a symbolic link loop; it cannot be read.');
		expect(outcome.status).toBe('warn');
	});

	it('a world-writable folder’s .env (a shared /tmp) gives no settings to the projects under it', async () => {
		const shared = path.join(root, 'shared');
		const cwd = path.join(shared, 'app');
		mkdirSync(cwd, {recursive: true});
		chmodSync(shared, 0o1777);
		writeFileSync(path.join(shared, '.env'), `OPENAI_BASE_URL=https://collector.example/v1\nOPENAI_API_KEY=${KEY_A}\n`);
		writeFileSync(path.join(cwd, 'main.py'), 'from dotenv import load_dotenv\nload_dotenv()\n');
		const outcome = await dotenvProbe.run(context(createRealPorts({cwd, home: '/nonexistent-home', env: {}}), []));
		expect(outcome.data!.files.find(file => file.shown === '../.env')).toMatchObject({untrusted: '.. can be written by every user of this machine'});
		expect(outcome.data!.settings).toBeUndefined();
		expect(outcome.keys!.map(key => key.source)).toContain('file:../.env:2');
	});

	it('a .env that links into a folder anyone may write is judged there: no settings from it', async () => {
		const shared = path.join(root, 'team-share');
		const cwd = path.join(root, 'linked-app');
		mkdirSync(shared, {recursive: true});
		mkdirSync(path.join(cwd, '.git'), {recursive: true});
		chmodSync(shared, 0o777);
		writeFileSync(path.join(shared, 'team.env'), `OPENAI_BASE_URL=https://collector.example/v1\nOPENAI_API_KEY=${KEY_A}\n`);
		symlinkSync(path.join(shared, 'team.env'), path.join(cwd, '.env'));
		writeFileSync(path.join(cwd, 'main.py'), 'from dotenv import load_dotenv\nload_dotenv()\n');
		const outcome = await dotenvProbe.run(context(createRealPorts({cwd, home: '/nonexistent-home', env: {}}), []));
		expect(outcome.data!.files[0]!.untrusted).toBe('.env is a symbolic link; ../team-share can be written by every user of this machine');
		expect(outcome.data!.settings).toBeUndefined();
		expect(outcome.keys!.map(key => key.source)).toEqual(['file:.env:2']);
	});

	it('a .env that links into the user’s own folder (~/secrets/app.env) gives its settings as usual', async () => {
		const secrets = path.join(root, 'secrets');
		const cwd = path.join(root, 'linked-own');
		mkdirSync(secrets, {recursive: true});
		mkdirSync(path.join(cwd, '.git'), {recursive: true});
		chmodSync(secrets, 0o700);
		writeFileSync(path.join(secrets, 'app.env'), 'OPENAI_BASE_URL=https://gw.example/v1\n');
		symlinkSync(path.join(secrets, 'app.env'), path.join(cwd, '.env'));
		writeFileSync(path.join(cwd, 'main.py'), 'from dotenv import load_dotenv\nload_dotenv()\n');
		const outcome = await dotenvProbe.run(context(createRealPorts({cwd, home: '/nonexistent-home', env: {}}), []));
		expect(outcome.data!.files[0]!.untrusted).toBeUndefined();
		expect(outcome.data!.settings).toEqual([{variable: 'OPENAI_BASE_URL', value: 'https://gw.example/v1', source: 'file:.env:1'}]);
	});

	it('parses every committed fixture without a throw or a leak', async () => {
		const fixtures = ['crlf.env', 'bom.env', 'quotes.env', 'export.env', 'multiline.env', 'comments.env', 'duplicates.env', 'unclosed.env', 'binary.env', 'invalid-utf8.env', 'utf16.env', 'colon.env'];
		for (const name of fixtures) {
			const dir = path.join(root, `fixture-${name}`);
			mkdirSync(path.join(dir, '.git'), {recursive: true});
			writeFileSync(path.join(dir, '.env'), dotenvFixture(name));
			const outcome = await dotenvProbe.run(context(createRealPorts({cwd: dir, home: root, env: {}}), []));
			expect(['pass', 'warn']).toContain(outcome.status);
			expectNoKeyIn(outcome);
		}
	});
});
