import {parse} from 'yaml';
import {describe, expect, it} from 'vitest';
import {
	base64NoNewlineSnippet,
	composeEnvFileSnippet,
	composeEnvironmentSnippet,
	composeRecreateSnippet,
	dockerBuildSecretSnippet,
	dockerfileSecretSnippet,
	dockerignoreSnippet,
	dockerRunSnippet,
	githubEnvSnippet,
	githubForkGuardSnippet,
	githubInheritSnippet,
	kubectlRestartSnippet,
	kubectlSecretSnippet,
	serverlessSnippets,
} from '../../../source/core/snippets/deployed.js';
import {isIgnored, parseDockerignore} from '../../../source/core/deployed/dockerignore.js';
import {interpolate} from '../../../source/core/deployed/compose-interpolate.js';

describe('deployed snippets (golden)', () => {
	it('compose environment, list and map form, parse back to the same service', () => {
		const list = composeEnvironmentSnippet('web');
		expect(list.text).toBe('services:\n  web:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY:?set OPENAI_API_KEY}');
		expect(parse(list.text)).toEqual({services: {web: {environment: ['OPENAI_API_KEY=${OPENAI_API_KEY:?set OPENAI_API_KEY}']}}});
		const map = composeEnvironmentSnippet('api', 'map');
		expect(parse(map.text)).toEqual({services: {api: {environment: {OPENAI_API_KEY: '${OPENAI_API_KEY:?set OPENAI_API_KEY}'}}}});
		// compose itself: the value refuses to start without the variable, and passes it when set.
		expect(interpolate('${OPENAI_API_KEY:?set OPENAI_API_KEY}', () => undefined)).toMatchObject({ok: false, reason: 'missing'});
		expect(interpolate('${OPENAI_API_KEY:?set OPENAI_API_KEY}', () => 'k')).toMatchObject({ok: true, value: 'k'});
	});

	it('compose env_file, required and optional, parse back', () => {
		expect(composeEnvFileSnippet('web', 'config/app.env').text).toBe('services:\n  web:\n    env_file:\n      - config/app.env');
		expect(parse(composeEnvFileSnippet('web', '.env.production', false).text)).toEqual({services: {web: {env_file: [{path: '.env.production', required: false}]}}});
	});

	it('recreate, docker run pass-through, kubectl with read -s, restart', () => {
		expect(composeRecreateSnippet('web').text).toBe('docker compose up -d --force-recreate web');
		expect(composeRecreateSnippet(undefined).text).toBe('docker compose up -d --force-recreate');
		expect(dockerRunSnippet('ghcr.io/acme/bot:1.2', 'bot').text).toBe('docker rm -f bot\ndocker run -d --name bot -e OPENAI_API_KEY ghcr.io/acme/bot:1.2');
		expect(kubectlSecretSnippet('prod', 'openai', 'api-key').text).toBe(
			[
				'read -rs OPENAI_API_KEY   # paste the key, then Enter: nothing is shown',
				'kubectl create secret generic openai --namespace prod \\',
				'  --from-literal=api-key="$OPENAI_API_KEY" \\',
				'  --dry-run=client -o yaml | kubectl apply -f -',
			].join('\n'),
		);
		expect(kubectlRestartSnippet('prod', 'Deployment/api').text).toBe('kubectl rollout restart deployment/api --namespace prod');
		expect(base64NoNewlineSnippet.text).toBe('printf %s "$OPENAI_API_KEY" | base64 -w0');
	});

	it('GitHub Actions env, fork guard and inherit parse back', () => {
		const env = githubEnvSnippet('OPENAI_API_KEY');
		expect(env.text).toBe('env:\n  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}');
		expect(parse(env.text)).toEqual({env: {OPENAI_API_KEY: '${{ secrets.OPENAI_API_KEY }}'}});
		expect(parse(githubForkGuardSnippet.text).if).toContain('head.repo.full_name == github.repository');
		expect(parse(githubInheritSnippet('./.github/workflows/eval.yml').text)).toEqual({uses: './.github/workflows/eval.yml', secrets: 'inherit'});
	});

	it('.dockerignore lines keep .env files out and .env.example in', () => {
		const rules = parseDockerignore(dockerignoreSnippet.text);
		expect(['.env', '.env.local', '.env.production'].every(file => isIgnored(rules, file))).toBe(true);
		expect(isIgnored(rules, '.env.example')).toBe(false);
	});

	it('Dockerfile build secret and the build command', () => {
		expect(dockerfileSecretSnippet.text).toBe('# syntax=docker/dockerfile:1\nRUN --mount=type=secret,id=openai_api_key,env=OPENAI_API_KEY ./build-step.sh');
		expect(dockerBuildSecretSnippet.text).toBe('docker build --secret id=openai_api_key,env=OPENAI_API_KEY .');
	});

	it('serverless snippets never put the key on a command line as text', () => {
		for (const platform of ['aws-lambda', 'google-cloud-functions', 'azure-functions', 'vercel', 'netlify', 'cloudflare-workers'] as const) {
			for (const snippet of serverlessSnippets(platform, 'chat')) {
				expect(snippet.text).not.toMatch(/sk-[A-Za-z0-9]/);
				if (snippet.text.includes('$OPENAI_API_KEY')) expect(snippet.text).toContain('read -rs OPENAI_API_KEY');
			}
		}
	});

	it('names from a hostile project become placeholders, never shell or YAML', () => {
		expect(composeEnvironmentSnippet('web; rm -rf ~').text).toContain('  app:');
		expect(composeRecreateSnippet('$(id)').text).toBe('docker compose up -d --force-recreate');
		expect(dockerRunSnippet('x && curl evil', 'a b').text).toBe('docker run -d -e OPENAI_API_KEY <image>');
		expect(kubectlSecretSnippet('ns\n', 'a"b', '--from-file=/etc/shadow').text).toContain('generic openai --namespace default');
		expect(kubectlSecretSnippet('ns\n', 'a"b', '--from-file=/etc/shadow').text).toContain('--from-literal=OPENAI_API_KEY=');
		expect(composeEnvFileSnippet('web', '../../etc/passwd').text).toContain('- .env');
		expect(githubInheritSnippet('evil; x').text).toContain('<called>');
	});
});
