import {describe, expect, it} from 'vitest';
import {dockerfileProbe, type DockerfileProbeData} from '../../../source/core/probes/dockerfile.js';
import type {ProbeOutcome} from '../../../source/core/types.js';
import {makeAnthropicKey, makeProjectKey} from '../../helpers/fake-keys.js';
import {makePorts} from '../../helpers/fake-ports.js';
import {context} from '../../helpers/probe-context.js';

const A = makeProjectKey(9501);
const cwd = '/home/dev/project';

async function probe(files: Record<string, string>): Promise<ProbeOutcome<DockerfileProbeData>> {
	const ports = makePorts({cwd, files: Object.fromEntries(Object.entries(files).map(([name, text]) => [`${cwd}/${name}`, text]))});
	return (await dockerfileProbe.run(context(ports, []))) as ProbeOutcome<DockerfileProbeData>;
}

describe('dockerfile probe', () => {
	it('a key written with ENV is baked into the image: file, line, fingerprint, never the value', async () => {
		const outcome = await probe({Dockerfile: `FROM python:3.12\nWORKDIR /app\nENV OPENAI_API_KEY=${A}\nCOPY . .\n`, '.dockerignore': '.env\n'});
		expect(outcome.status).toBe('fail');
		expect(outcome.data!.baked).toEqual([expect.objectContaining({file: 'Dockerfile', line: 3, instruction: 'ENV', variable: 'OPENAI_API_KEY', stage: '0', source: 'dockerfile:Dockerfile:3'})]);
		expect(outcome.keys!.map(key => [key.origin, key.secret.reveal() === A])).toEqual([['dockerfile', true]]);
		expect(JSON.stringify({s: outcome.summary, d: outcome.details, data: outcome.data})).not.toContain(A.slice(10, 40));
	});

	it('ARG with a default, in a subfolder, and any provider\'s key under another name', async () => {
		const other = makeAnthropicKey(9502);
		const outcome = await probe({'api/Dockerfile.prod': `FROM node:20 AS build\nARG OPENAI_API_KEY=${A}\nENV LLM_TOKEN=${other}\n`});
		expect(outcome.data!.baked.map(item => [item.file, item.instruction, item.variable, item.stage])).toEqual([
			['api/Dockerfile.prod', 'ARG', 'OPENAI_API_KEY', 'build'],
			['api/Dockerfile.prod', 'ENV', 'LLM_TOKEN', 'build'],
		]);
	});

	it('placeholders, empty values and references are not baked keys; ENV from a build argument is a warning', async () => {
		const outcome = await probe({Dockerfile: 'FROM x\nARG OPENAI_API_KEY\nENV OPENAI_API_KEY=$OPENAI_API_KEY\nENV OPENAI_KEY=your-api-key-here\nENV EMPTY_KEY=\n'});
		expect(outcome.data!.baked).toEqual([]);
		expect(outcome.data!.fromBuildArg).toEqual([{file: 'Dockerfile', line: 3, variable: 'OPENAI_API_KEY'}]);
		expect(outcome.status).toBe('warn');
	});

	it('COPY . ships a .env holding a key unless .dockerignore excludes it', async () => {
		const shipped = await probe({Dockerfile: 'FROM x\nCOPY . /app\n', '.env': `OPENAI_API_KEY=${A}\n`});
		expect(shipped.status).toBe('warn');
		expect(shipped.data!.shipsEnv).toEqual([expect.objectContaining({file: 'Dockerfile', line: 2, envFile: '.env'})]);
		expect((await probe({Dockerfile: 'FROM x\nCOPY . /app\n', '.env': `OPENAI_API_KEY=${A}\n`, '.dockerignore': '**/.env*\n'})).status).toBe('pass');
		expect((await probe({Dockerfile: 'FROM x\nCOPY . /app\n', '.env': 'PORT=1\n'})).status).toBe('pass');
		// Copied by name: .dockerignore would make the build fail instead, so it ships whenever the build works.
		expect((await probe({Dockerfile: 'FROM x\nCOPY .env /app/.env\n', '.env': `OPENAI_API_KEY=${A}\n`, '.dockerignore': '.env\n'})).data!.shipsEnv).toHaveLength(1);
	});

	it('no Dockerfile: skip', async () => {
		expect((await probe({'main.py': ''})).status).toBe('skip');
	});
});
