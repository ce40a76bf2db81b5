import {describe, expect, it} from 'vitest';
import {readFunctionKey} from '../../../source/core/deployed/serverless-config.js';
import {serverlessProbe, type ServerlessProbeData} from '../../../source/core/probes/serverless.js';
import type {Exec} from '../../../source/core/ports.js';
import type {ProbeOutcome} from '../../../source/core/types.js';
import {makeProjectKey} from '../../helpers/fake-keys.js';
import {commandNotFound, makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';

const A = makeProjectKey(9601);
const cwd = '/home/dev/project';

async function probe(files: Record<string, string>, exec?: Exec): Promise<ProbeOutcome<ServerlessProbeData>> {
	const ports = makePorts({cwd, ...(exec ? {exec} : {}), files: Object.fromEntries(Object.entries(files).map(([name, text]) => [`${cwd}/${name}`, text]))});
	return (await serverlessProbe.run(context(ports, []))) as ProbeOutcome<ServerlessProbeData>;
}

describe('serverless probe', () => {
	it('Serverless Framework passing the key from the deploy environment; no aws CLI: says it cannot read the deployed one', async () => {
		const outcome = await probe({'serverless.yml': 'service: bot\nprovider:\n  name: aws\n  environment:\n    OPENAI_API_KEY: ${env:OPENAI_API_KEY}\nfunctions:\n  chat:\n    handler: handler.chat\n'});
		expect(outcome.data!.configs).toEqual([{platform: 'aws-lambda', file: 'serverless.yml', line: 5, key: 'reference', functions: ['chat']}]);
		expect(outcome.data!.clis).toEqual([]);
		expect(outcome.summary).toContain('aws is not installed');
		expect(outcome.status).toBe('pass');
	});

	it('a literal key in a SAM template or local.settings.json becomes a fingerprint and a warning', async () => {
		const sam = await probe({'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Chat:\n    Type: AWS::Serverless::Function\n    Properties:\n      Environment:\n        Variables:\n          OPENAI_API_KEY: ${A}\n`});
		expect(sam.data!.configs[0]).toMatchObject({platform: 'aws-lambda', key: 'literal', functions: ['Chat']});
		expect(sam.status).toBe('warn');
		const azure = await probe({'host.json': '{}', 'local.settings.json': JSON.stringify({Values: {OPENAI_API_KEY: A}})});
		expect(azure.data!.configs[0]).toMatchObject({platform: 'azure-functions', key: 'literal'});
		expect(azure.keys![0]!.secret.reveal()).toBe(A);
		expect(JSON.stringify(azure.data)).not.toContain(A.slice(10, 40));
	});

	it('notes which cloud CLI is installed', async () => {
		const outcome = await probe({'serverless.yml': 'service: x\nprovider:\n  name: google\n'}, async (file, args) => (file === 'gcloud' && args[0] === '--version' ? {ok: true, exitCode: 0, stdout: 'Google Cloud SDK 500.0.0', stderr: '', durationMs: 1} : commandNotFound(file)));
		expect(outcome.data!.clis).toEqual(['gcloud']);
	});

	it('no configuration: skip', async () => {
		expect((await probe({'main.py': ''})).status).toBe('skip');
	});
});

describe('readFunctionKey (the wizard\'s pick)', () => {
	const answer = (stdout: unknown): Exec => async () => ({ok: true, exitCode: 0, stdout: JSON.stringify(stdout), stderr: '', durationMs: 1});

	it('reads the variable from each cloud\'s answer', async () => {
		const ports = (exec: Exec) => makePorts({exec});
		expect(await readFunctionKey(ports(answer({Environment: {Variables: {OPENAI_API_KEY: A}}})), 'aws-lambda', 'chat', {timeoutMs: 1000})).toEqual({state: 'value', value: A});
		expect(await readFunctionKey(ports(answer({serviceConfig: {environmentVariables: {OPENAI_API_KEY: ''}}})), 'google-cloud-functions', 'chat', {timeoutMs: 1000})).toEqual({state: 'empty', value: ''});
		expect(await readFunctionKey(ports(answer([{name: 'OTHER', value: '1'}])), 'azure-functions', 'rg/app', {timeoutMs: 1000})).toEqual({state: 'unset'});
	});

	it('refuses a name that is no name, and a missing CLI is a message', async () => {
		expect((await readFunctionKey(makePorts(), 'aws-lambda', 'x; rm -rf /', {timeoutMs: 1000})).state).toBe('error');
		expect(await readFunctionKey(makePorts(), 'aws-lambda', 'chat', {timeoutMs: 1000})).toEqual({state: 'error', message: 'The CLI is not installed.'});
	});
});
