import {describe, expect, it} from 'vitest';
import {composeProbe, type ComposeProbeData} from '../../../source/core/probes/compose.js';
import type {Exec, ExecResult} from '../../../source/core/ports.js';
import type {ProbeOutcome} from '../../../source/core/types.js';
import {commandNotFound, makePorts} from '../../helpers/fake-ports.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {context} from '../../helpers/probe-context.js';

const A = makeProjectKey(9201);
const B = makeProjectKey(9202);
const cwd = '/home/dev/project';

function files(map: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(map).map(([name, text]) => [`${cwd}/${name}`, text]));
}

async function probe(project: Record<string, string>, env: Record<string, string> = {}, exec?: Exec): Promise<ProbeOutcome<ComposeProbeData>> {
	const ports = makePorts({cwd, env, files: files(project), ...(exec ? {exec} : {})});
	return (await composeProbe.run(context(ports, []))) as ProbeOutcome<ComposeProbeData>;
}

function service(outcome: ProbeOutcome<ComposeProbeData>, name: string) {
	const found = outcome.data!.services.find(item => item.name === name);
	if (!found) throw new Error(`no service ${name}`);
	return found;
}

function leakFree(outcome: ProbeOutcome): void {
	const text = JSON.stringify({summary: outcome.summary, details: outcome.details, data: outcome.data});
	for (const key of [A, B]) expect(text).not.toContain(key.slice(10, 40));
}

describe('compose probe: what each service gets', () => {
	it('passes a key the shell sets (list form), and a healthy file is a pass', async () => {
		const outcome = await probe({'compose.yaml': 'services:\n  web:\n    build: .\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n  db:\n    image: postgres:16\n'}, {OPENAI_API_KEY: A});
		expect(outcome.status).toBe('pass');
		expect(service(outcome, 'web').key).toMatchObject({state: 'value', from: 'environment', entry: {file: 'compose.yaml', line: 5, form: 'list', written: '${OPENAI_API_KEY}'}});
		expect(service(outcome, 'db').mentionsKey).toBe(false);
		expect(outcome.keys!.map(key => [key.source, key.secret.reveal() === A])).toEqual([['compose:web', true]]);
		leakFree(outcome);
	});

	it('takes the variable from the project .env when the shell lacks it, and the shell first when both have it', async () => {
		const project = {'compose.yaml': 'services:\n  web:\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n', '.env': `OPENAI_API_KEY=${B}\n`};
		expect((await probe(project)).keys![0]!.secret.reveal()).toBe(B);
		expect((await probe(project, {OPENAI_API_KEY: A})).keys![0]!.secret.reveal()).toBe(A);
	});

	it('an unset variable gives an empty value, named', async () => {
		const outcome = await probe({'compose.yaml': 'services:\n  web:\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n'});
		expect(outcome.status).toBe('fail');
		expect(service(outcome, 'web').key).toMatchObject({state: 'empty', references: [{name: 'OPENAI_API_KEY', set: false, blank: true}]});
	});

	it('${VAR:?msg} with nothing set: compose refuses to start', async () => {
		const outcome = await probe({'compose.yaml': 'services:\n  web:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY:?set it}\n'});
		expect(service(outcome, 'web').key).toMatchObject({state: 'refused', refusal: 'required variable OPENAI_API_KEY is missing a value: set it'});
	});

	it('a bare name passes the variable through; with nothing set the container has none', async () => {
		const outcome = await probe({'compose.yaml': 'services:\n  web:\n    environment:\n      - OPENAI_API_KEY\n'});
		expect(service(outcome, 'web').key).toMatchObject({state: 'unset', passThrough: true});
		const set = await probe({'compose.yaml': 'services:\n  web:\n    environment:\n      OPENAI_API_KEY:\n'}, {OPENAI_API_KEY: A});
		expect(service(set, 'web').key).toMatchObject({state: 'value', passThrough: true});
	});

	it('list form keeps quotes in the value; map form and a quoted whole item do not', async () => {
		const quoted = await probe({'compose.yaml': 'services:\n  web:\n    environment:\n      - OPENAI_API_KEY="${OPENAI_API_KEY}"\n'}, {OPENAI_API_KEY: A});
		expect(service(quoted, 'web').key).toMatchObject({state: 'value', literalQuotes: 'list-form'});
		expect(quoted.keys![0]!.secret.reveal()).toBe(`"${A}"`);
		const map = await probe({'compose.yaml': 'services:\n  web:\n    environment:\n      OPENAI_API_KEY: "${OPENAI_API_KEY}"\n'}, {OPENAI_API_KEY: A});
		expect(service(map, 'web').key.literalQuotes).toBeUndefined();
		const whole = await probe({'compose.yaml': 'services:\n  web:\n    environment:\n      - "OPENAI_API_KEY=${OPENAI_API_KEY}"\n'}, {OPENAI_API_KEY: A});
		expect(service(whole, 'web').key.literalQuotes).toBeUndefined();
	});

	it('env_file as a string, a list and objects; required: false may be missing; format raw keeps quotes', async () => {
		const outcome = await probe({
			'compose.yaml': [
				'services:',
				'  one:',
				'    env_file: app.env',
				'  two:',
				'    env_file:',
				'      - base.env',
				'      - app.env',
				'  three:',
				'    env_file:',
				'      - path: missing.env',
				'        required: false',
				'      - path: ./config/raw.env',
				'        format: raw',
				'  four:',
				'    env_file: nowhere.env',
				'',
			].join('\n'),
			'app.env': `# app\nOPENAI_API_KEY="${A}"\n`,
			'base.env': `OPENAI_API_KEY=${B}\n`,
			'config/raw.env': `OPENAI_API_KEY="${A}"\n`,
		});
		expect(service(outcome, 'one').key).toMatchObject({state: 'value', from: 'env_file', envFile: {shown: 'app.env', line: 2}});
		expect(outcome.keys!.find(key => key.source === 'compose:one')!.secret.reveal()).toBe(A);
		// The later file wins.
		expect(outcome.keys!.find(key => key.source === 'compose:two')!.secret.reveal()).toBe(A);
		expect(service(outcome, 'three').key).toMatchObject({literalQuotes: 'raw-env-file'});
		expect(service(outcome, 'three').envFiles.map(file => [file.shown, file.required, file.exists])).toEqual([
			['missing.env', false, false],
			['config/raw.env', true, true],
		]);
		expect(service(outcome, 'four').envFiles).toEqual([{shown: 'nowhere.env', declaredIn: 'compose.yaml', line: 15, required: true, exists: false}]);
		expect(outcome.status).toBe('fail');
		leakFree(outcome);
	});

	it('environment wins over env_file, even when it resolves to nothing', async () => {
		const outcome = await probe({'compose.yaml': 'services:\n  web:\n    env_file: .env.app\n    environment:\n      - OPENAI_API_KEY=${NOT_SET}\n', '.env.app': `OPENAI_API_KEY=${A}\n`});
		expect(service(outcome, 'web').key).toMatchObject({state: 'empty', from: 'environment'});
	});

	it('merges the override file: its environment wins by name', async () => {
		const outcome = await probe(
			{
				'docker-compose.yml': 'services:\n  web:\n    image: app\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n      PORT: "80"\n',
				'docker-compose.override.yml': 'services:\n  web:\n    environment:\n      OPENAI_API_KEY: ${DEV_OPENAI_KEY}\n',
			},
			{OPENAI_API_KEY: A, DEV_OPENAI_KEY: B},
		);
		expect(outcome.data!.files.map(file => [file.shown, file.role])).toEqual([
			['docker-compose.yml', 'main'],
			['docker-compose.override.yml', 'override'],
		]);
		expect(service(outcome, 'web').key.entry).toMatchObject({file: 'docker-compose.override.yml', line: 4});
		expect(outcome.keys![0]!.secret.reveal()).toBe(B);
	});

	it('follows extends, in the same file and in another, and anchors with merge keys', async () => {
		const outcome = await probe(
			{
				'compose.yaml': [
					'x-common: &common',
					'  environment:',
					'    OPENAI_API_KEY: ${OPENAI_API_KEY}',
					'services:',
					'  base:',
					'    image: app',
					'    env_file: shared.env',
					'  worker:',
					'    extends: base',
					'  api:',
					'    extends:',
					'      file: common/services.yml',
					'      service: app',
					'  web:',
					'    <<: *common',
					'    image: web',
					'',
				].join('\n'),
				'shared.env': `OPENAI_API_KEY=${B}\n`,
				'common/services.yml': 'services:\n  app:\n    image: app\n    env_file: ../shared.env\n',
			},
			{OPENAI_API_KEY: A},
		);
		expect(outcome.keys!.find(key => key.source === 'compose:worker')!.secret.reveal()).toBe(B);
		expect(outcome.keys!.find(key => key.source === 'compose:api')!.secret.reveal()).toBe(B);
		expect(outcome.keys!.find(key => key.source === 'compose:web')!.secret.reveal()).toBe(A);
		expect(service(outcome, 'web').key.entry?.line).toBe(3);
		expect(outcome.data!.files.map(file => file.shown)).toContain('common/services.yml');
	});

	it('uses COMPOSE_FILE when set', async () => {
		const outcome = await probe({'deploy/prod.yml': 'services:\n  web:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n', 'compose.yaml': 'services: {}\n'}, {COMPOSE_FILE: 'deploy/prod.yml', OPENAI_API_KEY: A});
		expect(outcome.data!.files.map(file => file.shown)).toEqual(['deploy/prod.yml']);
		expect(outcome.data!.services.map(item => item.name)).toEqual(['web']);
	});

	it('malformed YAML: an error with line and column, nothing else', async () => {
		const outcome = await probe({'compose.yaml': 'services:\n  web:\n    environment:\n    - OPENAI_API_KEY=x\n   image: bad\n'});
		expect(outcome.status).toBe('error');
		expect(outcome.summary).toMatch(/^compose\.yaml:\d+:\d+: /);
		expect(outcome.data!.services).toEqual([]);
	});

	it('no compose file: skip', async () => {
		expect((await probe({'README.md': '# app'})).status).toBe('skip');
	});
});

describe('compose probe: docker compose config as a second opinion', () => {
	const config = (environment: Record<string, string | null>): ExecResult => ({ok: true, exitCode: 0, stdout: JSON.stringify({name: 'project', services: {web: {environment}}}), stderr: '', durationMs: 5});
	const project = {'compose.yaml': 'services:\n  web:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n'};

	it('agrees, through docker compose', async () => {
		const calls: string[][] = [];
		const outcome = await probe(project, {OPENAI_API_KEY: A}, async (file, args) => {
			calls.push([file, ...args]);
			return config({OPENAI_API_KEY: A});
		});
		expect(calls[0]).toEqual(['docker', 'compose', 'config', '--format', 'json']);
		expect(outcome.data!.secondOpinion).toMatchObject({tool: 'docker compose', ran: true, disagreements: []});
	});

	it('says when the two disagree, by fingerprint only', async () => {
		const outcome = await probe(project, {OPENAI_API_KEY: A}, async () => config({OPENAI_API_KEY: B}));
		expect(outcome.data!.secondOpinion!.disagreements).toHaveLength(1);
		expect(outcome.status).toBe('warn');
		leakFree(outcome);
	});

	it('falls back to docker-compose when the plugin is missing, and keeps its warnings and refusal', async () => {
		const outcome = await probe({'compose.yaml': 'services:\n  web:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY:?set it}\n'}, {}, async (file, args) => {
			if (file === 'docker') return {ok: false, exitCode: 1, stdout: '', stderr: "docker: unknown command: docker compose\n", durationMs: 3};
			expect(args[0]).toBe('config');
			return {ok: false, exitCode: 1, stdout: '', stderr: 'error while interpolating services.web.environment.[]: required variable OPENAI_API_KEY is missing a value: set it\n', durationMs: 3};
		});
		expect(outcome.data!.secondOpinion).toMatchObject({tool: 'docker-compose', ran: false});
		expect(outcome.data!.secondOpinion!.message).toContain('required variable OPENAI_API_KEY is missing a value');
	});

	it('starts compose before it reads the env files, so its slow start overlaps the reading, and still compares with what they give', async () => {
		const order: string[] = [];
		const ports = makePorts({
			cwd,
			files: files({'compose.yaml': 'services:\n  web:\n    env_file: app.env\n', 'app.env': `OPENAI_API_KEY=${A}\n`}),
			exec: async (file, args) => {
				order.push(`exec ${file} ${args.join(' ')}`);
				return config({OPENAI_API_KEY: B});
			},
		});
		const readFile = ports.fs.readFile.bind(ports.fs);
		ports.fs.readFile = async (path, options) => {
			order.push(`read ${path.slice(cwd.length + 1)}`);
			return readFile(path, options);
		};
		const outcome = (await composeProbe.run(context(ports, []))) as ProbeOutcome<ComposeProbeData>;
		expect(order.indexOf('exec docker compose config --format json')).toBeGreaterThan(-1);
		expect(order.indexOf('exec docker compose config --format json')).toBeLessThan(order.indexOf('read app.env'));
		expect(service(outcome, 'web').key).toMatchObject({state: 'value', from: 'env_file'});
		expect(outcome.data!.secondOpinion!.disagreements).toEqual([expect.stringMatching(/^web: compose config gives sk-proj-…\w{4}, this reading gives sk-proj-…\w{4}$/)]);
		leakFree(outcome);
	});

	it('does not run compose on a file that includes a remote resource', async () => {
		let ran = false;
		const outcome = await probe({'compose.yaml': 'include:\n  - oci://registry.example/app:1\nservices:\n  web:\n    image: app\n'}, {}, async () => {
			ran = true;
			return commandNotFound('docker');
		});
		expect(ran).toBe(false);
		expect(outcome.data!.secondOpinion!.message).toContain('remote');
	});
});
