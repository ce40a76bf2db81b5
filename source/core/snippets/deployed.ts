/**
 * Copyable, key-free text for where the app runs: compose, docker, kubectl, GitHub
 * Actions, .dockerignore, Dockerfile and serverless CLIs. Names that come from the
 * project (a service, an image, a secret) are used only when they are plain names;
 * anything else gives a placeholder, so a hostile file cannot put a command in a snippet.
 */
import type {Snippet} from '../types.js';

/** A compose service, container, secret or namespace name that is safe in YAML and a shell; else the fallback. */
export function plainName(name: string | undefined, fallback: string): string {
	return name && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(name) ? name : fallback;
}

/** A path safe to write unquoted in YAML and sh (`.env`, `config/app.env`). */
function plainPath(file: string | undefined, fallback: string): string {
	return file && /^[A-Za-z0-9_.][A-Za-z0-9_./-]{0,200}$/.test(file) && !file.includes('..') ? file : fallback;
}

/** An image reference safe in a shell (`ghcr.io/acme/api:1.2`), else a placeholder. */
function plainImage(image: string | undefined): string {
	return image && /^[a-z0-9][a-z0-9._/:@-]{0,200}$/.test(image) ? image : '<image>';
}

/** compose: the service passes OPENAI_API_KEY from the shell or `.env`, and refuses to start without it. */
export function composeEnvironmentSnippet(service: string | undefined, form: 'list' | 'map' = 'list'): Snippet {
	const name = plainName(service, 'app');
	const entry = form === 'map' ? '      OPENAI_API_KEY: ${OPENAI_API_KEY:?set OPENAI_API_KEY}' : '      - OPENAI_API_KEY=${OPENAI_API_KEY:?set OPENAI_API_KEY}';
	return {id: 'compose-environment', label: `compose: pass the key to ${name} (and refuse to start without it)`, language: 'yaml', text: `services:\n  ${name}:\n    environment:\n${entry}`};
}

/** compose: the service reads the env file the project has. */
export function composeEnvFileSnippet(service: string | undefined, file: string | undefined, required = true): Snippet {
	const name = plainName(service, 'app');
	const path = plainPath(file, '.env');
	const entry = required ? `      - ${path}` : `      - path: ${path}\n        required: false`;
	return {id: 'compose-env-file', label: `compose: load ${path} into ${name}`, language: 'yaml', text: `services:\n  ${name}:\n    env_file:\n${entry}`};
}

/** Recreates a compose service so it gets the environment compose gives it now. */
export function composeRecreateSnippet(service: string | undefined): Snippet {
	const name = plainName(service, '');
	return {id: 'compose-recreate', label: name ? `Recreate ${name} with the current environment` : 'Recreate the containers with the current environment', language: 'sh', text: `docker compose up -d --force-recreate${name ? ` ${name}` : ''}`};
}

/** `docker run` passing the variable through from this shell, no value on the command line. */
export function dockerRunSnippet(image: string | undefined, container?: string): Snippet {
	const name = plainName(container, '');
	return {
		id: 'docker-run-env',
		label: 'Start the container with this shell\'s OPENAI_API_KEY (no value on the command line)',
		language: 'sh',
		text: `${name ? `docker rm -f ${name}\n` : ''}docker run -d ${name ? `--name ${name} ` : ''}-e OPENAI_API_KEY ${plainImage(image)}`,
	};
}

/** Creates (or replaces) a Kubernetes secret from a key typed in without echo: never in shell history. */
export function kubectlSecretSnippet(namespace: string | undefined, secret: string | undefined, key: string | undefined): Snippet {
	const ns = plainName(namespace, 'default');
	const name = plainName(secret, 'openai');
	const item = plainName(key, 'OPENAI_API_KEY');
	return {
		id: 'kubectl-secret',
		label: `Create or replace secret ${ns}/${name} (the key is read without echo, so it stays out of shell history)`,
		language: 'sh',
		text: [
			'read -rs OPENAI_API_KEY   # paste the key, then Enter: nothing is shown',
			`kubectl create secret generic ${name} --namespace ${ns} \\`,
			`  --from-literal=${item}="$OPENAI_API_KEY" \\`,
			'  --dry-run=client -o yaml | kubectl apply -f -',
		].join('\n'),
	};
}

/** Restarts a workload so its pods read the secret again (env is read when a container starts). */
export function kubectlRestartSnippet(namespace: string | undefined, workload: string | undefined): Snippet {
	const [kind, name] = (workload ?? '').split('/');
	const target = kind && name && /^(Deployment|StatefulSet|DaemonSet)$/.test(kind) ? `${kind.toLowerCase()}/${plainName(name, '<name>')}` : 'deployment/<name>';
	return {id: 'kubectl-restart', label: 'Restart the pods so they read the new value', language: 'sh', text: `kubectl rollout restart ${target} --namespace ${plainName(namespace, 'default')}`};
}

/** A manifest value without a trailing newline: base64 of `printf %s`, not of `echo`. */
export const base64NoNewlineSnippet: Snippet = {
	id: 'base64-no-newline',
	label: 'For a manifest\'s data: encode without a newline (echo adds one)',
	language: 'sh',
	text: 'printf %s "$OPENAI_API_KEY" | base64 -w0',
};

/** GitHub Actions: the secret mapped into the step's environment. */
export function githubEnvSnippet(secretName: string | undefined): Snippet {
	const secret = plainName(secretName, 'OPENAI_API_KEY').replace(/[^A-Za-z0-9_]/g, '_');
	return {
		id: 'github-actions-env',
		label: 'GitHub Actions: map the secret into the env of the job (or step) that runs the app',
		language: 'yaml',
		text: `env:\n  OPENAI_API_KEY: \${{ secrets.${secret} }}`,
	};
}

/** GitHub Actions: skip the job on pull requests from forks, which get no secrets. */
export const githubForkGuardSnippet: Snippet = {
	id: 'github-actions-fork-guard',
	label: 'Skip the job on pull requests from forks (they get no secrets)',
	language: 'yaml',
	text: "if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository",
};

/** GitHub Actions: hand the caller's secrets to a reusable workflow. */
export function githubInheritSnippet(uses: string | undefined): Snippet {
	const target = uses && /^\.\/[\w./-]+\.ya?ml$/.test(uses) ? uses : './.github/workflows/<called>.yml';
	return {id: 'github-actions-inherit', label: 'Pass the secrets on to the called workflow', language: 'yaml', text: `uses: ${target}\nsecrets: inherit`};
}

/** `.dockerignore` lines that keep `.env` files out of the image. */
export const dockerignoreSnippet: Snippet = {
	id: 'dockerignore-env',
	label: 'Add to .dockerignore: keep .env files out of the image',
	language: 'text',
	text: '.env\n.env.*\n!.env.example',
};

/** The Dockerfile without the key: the key comes at run time, a build step gets it as a BuildKit secret. */
export const dockerfileSecretSnippet: Snippet = {
	id: 'dockerfile-build-secret',
	label: 'Dockerfile: if a build step needs the key, mount it as a secret (never ENV or ARG)',
	language: 'dockerfile',
	text: '# syntax=docker/dockerfile:1\nRUN --mount=type=secret,id=openai_api_key,env=OPENAI_API_KEY ./build-step.sh',
};

/** The build command for that secret mount: the key comes from this shell's environment. */
export const dockerBuildSecretSnippet: Snippet = {
	id: 'docker-build-secret',
	label: 'Build with the key as a secret (not stored in any layer)',
	language: 'sh',
	text: 'docker build --secret id=openai_api_key,env=OPENAI_API_KEY .',
};

/** How to set the key on a serverless platform without typing it into a command line. */
export function serverlessSnippets(platform: 'aws-lambda' | 'google-cloud-functions' | 'azure-functions' | 'vercel' | 'netlify' | 'cloudflare-workers', functionName?: string): Snippet[] {
	const name = plainName(functionName, '<function>');
	const read = 'read -rs OPENAI_API_KEY   # paste the key, then Enter: nothing is shown';
	switch (platform) {
		case 'aws-lambda':
			return [
				{id: 'lambda-env-names', label: 'Lambda: which variables the function has (names only)', language: 'sh', text: `aws lambda get-function-configuration --function-name ${name} --query 'keys(Environment.Variables)'`},
				{
					id: 'lambda-ssm',
					label: 'Lambda: keep the key in SSM Parameter Store and reference it (update-function-configuration would replace every variable)',
					language: 'sh',
					text: `${read}\naws ssm put-parameter --name /app/OPENAI_API_KEY --type SecureString --overwrite --value "$OPENAI_API_KEY"`,
				},
			];
		case 'google-cloud-functions':
			return [
				{
					id: 'gcloud-secret',
					label: 'Cloud Functions: store the key in Secret Manager and expose it as OPENAI_API_KEY',
					language: 'sh',
					text: `${read}\nprintf %s "$OPENAI_API_KEY" | gcloud secrets create openai-api-key --data-file=-\ngcloud functions deploy ${name} --update-secrets OPENAI_API_KEY=openai-api-key:latest`,
				},
			];
		case 'azure-functions':
			return [
				{
					id: 'az-appsettings',
					label: 'Azure Functions: set the app setting (read without echo)',
					language: 'sh',
					text: `${read}\naz functionapp config appsettings set --name ${name} --resource-group <group> --settings OPENAI_API_KEY="$OPENAI_API_KEY"`,
				},
			];
		case 'vercel':
			return [{id: 'vercel-env', label: 'Vercel: add it for production (prompts for the value), then redeploy', language: 'sh', text: 'vercel env add OPENAI_API_KEY production'}];
		case 'netlify':
			return [{id: 'netlify-env', label: 'Netlify: set it (read without echo), then redeploy', language: 'sh', text: `${read}\nnetlify env:set OPENAI_API_KEY "$OPENAI_API_KEY"`}];
		default:
			return [{id: 'wrangler-secret', label: 'Cloudflare Workers: store it as a secret (prompts for the value)', language: 'sh', text: 'wrangler secret put OPENAI_API_KEY'}];
	}
}
