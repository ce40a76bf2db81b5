import {composeServiceOf, containerIsApp} from '../../deployed/app-keys.js';
import {keyCore} from '../../keys/anatomy.js';
import {effectiveKey} from '../../keys/effective.js';
import {factsBaseUrl} from '../../local/app-settings.js';
import type {Secret} from '../../keys/secret.js';
import {listSome} from '../../local/list-some.js';
import type {CiProbeData} from '../../probes/ci.js';
import {unsetNames, type ComposeProbeData, type ComposeServiceFact} from '../../probes/compose.js';
import type {ContainerKeyFact, DockerProbeData} from '../../probes/docker.js';
import type {DockerfileProbeData} from '../../probes/dockerfile.js';
import type {DotenvProbeData} from '../../probes/dotenv.js';
import {unresolvedNameMismatches, type KubernetesProbeData} from '../../probes/kubernetes.js';
import {
	base64NoNewlineSnippet,
	composeEnvFileSnippet,
	composeEnvironmentSnippet,
	composeRecreateSnippet,
	dockerBuildSecretSnippet,
	dockerfileSecretSnippet,
	dockerRunSnippet,
	githubEnvSnippet,
	githubForkGuardSnippet,
	githubInheritSnippet,
	kubectlRestartSnippet,
	kubectlSecretSnippet,
} from '../../snippets/deployed.js';
import type {Confidence, Facts, KeyFacts, LiveStatus, Rule, RuleHit, Snippet} from '../../types.js';

const keyVariable = 'OPENAI_API_KEY';

/** Everything the deployed rules read, worked out once per facts object. */
type Deployed = {
	docker?: DockerProbeData;
	compose?: ComposeProbeData;
	dockerfile?: DockerfileProbeData;
	kubernetes?: KubernetesProbeData;
	ci?: CiProbeData;
	dotenv?: DotenvProbeData;
	key(sha256: string | undefined): KeyFacts | undefined;
	live(sha256: string | undefined): LiveStatus;
	/** A key the live check accepted, seen outside containers and clusters. */
	working?: KeyFacts;
	/** The key this machine's app gets (environment, or the `.env` it loads). */
	host?: Secret;
	hostSource?: string;
};

const cache = new WeakMap<Facts, Deployed>();

function deployed(facts: Facts): Deployed {
	const cached = cache.get(facts);
	if (cached) return cached;
	const bySha = new Map(facts.keys.map(key => [key.secret.sha256, key]));
	const effective = effectiveKey(facts);
	const remote = new Set(['container', 'compose', 'kubernetes', 'dockerfile', 'serverless']);
	const working = facts.keys.find(key => key.live === 'valid' && key.observations.some(observation => !remote.has(observation.origin) && observation.variable === keyVariable));
	const computed: Deployed = {
		...data<DockerProbeData>(facts, 'docker', 'docker'),
		...data<ComposeProbeData>(facts, 'compose', 'compose'),
		...data<DockerfileProbeData>(facts, 'dockerfile', 'dockerfile'),
		...data<KubernetesProbeData>(facts, 'kubernetes', 'kubernetes'),
		...data<CiProbeData>(facts, 'ci', 'ci'),
		...data<DotenvProbeData>(facts, 'dotenv', 'dotenv'),
		key: sha256 => (sha256 ? bySha.get(sha256) : undefined),
		live: sha256 => (sha256 ? (bySha.get(sha256)?.live ?? 'untested') : 'untested'),
		...(working ? {working} : {}),
		...(effective.state === 'key' && effective.observation ? {host: effective.observation.secret, hostSource: effective.observation.source} : {}),
	};
	cache.set(facts, computed);
	return computed;
}

function data<T>(facts: Facts, id: string, as: string): Record<string, T> {
	const value = facts.results.get(id)?.data as T | undefined;
	return value ? {[as]: value} : {};
}

function hit(confidence: Confidence, evidence: string[], fix: string[], snippets: Snippet[] = [], title?: string): RuleHit {
	return {confidence, evidence, fix, snippets: dedupe(snippets), ...(title ? {title} : {})};
}

function dedupe(snippets: Snippet[]): Snippet[] {
	return [...new Map(snippets.map(snippet => [snippet.id + snippet.text, snippet])).values()];
}

/** `env:OPENAI_API_KEY` → `this shell's environment`, `file:.env:3` → `.env:3`. */
function place(source: string | undefined): string {
	if (!source) return 'this machine';
	if (source.startsWith('env:')) return "this shell's environment";
	return source.replace(/^(file|profile|login-shell):/, '');
}

function at(file: string, line: number | undefined): string {
	return line ? `${file}:${line}` : file;
}

function serviceOf(state: Deployed, container: ContainerKeyFact): ComposeServiceFact | undefined {
	return composeServiceOf(state.compose, container);
}

/** The app may read a `.env` from a folder of this machine mounted into the container. */
function mountsDotenv(state: Deployed, container: ContainerKeyFact, cwd: string): boolean {
	const holdsKey = state.dotenv?.files.some(file => file.depth === 0 && file.definitions.some(definition => definition.variable === keyVariable && !definition.empty));
	return Boolean(holdsKey) && container.bindSources.some(source => cwd === source || cwd.startsWith(`${source.replace(/\/+$/, '')}/`));
}

/** Files that feed the container changed after it was created: "recreate it". */
function staleness(state: Deployed, container: ContainerKeyFact): string | undefined {
	const created = container.created ? Date.parse(container.created) : Number.NaN;
	if (Number.isNaN(created)) return undefined;
	const files = [...(state.compose?.changes ?? []), ...(state.docker?.projectFiles ?? [])];
	const newer = [...new Map(files.filter(file => file.modifiedMs > created + 1000).map(file => [file.shown, file])).values()];
	if (newer.length === 0) return undefined;
	return `${listSome(newer.map(file => file.shown))} changed after ${container.name} was created (${new Date(created).toISOString().replace(/\.\d+Z$/, 'Z')}): a container keeps the environment it was created with, so it never saw the change.`;
}

function recreateSnippets(container: ContainerKeyFact, service: ComposeServiceFact | undefined): Snippet[] {
	return container.composeService ? [composeRecreateSnippet(service?.name ?? container.composeService)] : [dockerRunSnippet(container.image, container.name)];
}

const containerKeyMissingRule: Rule = {
	id: 'container-key-missing',
	step: 2,
	title: 'The container runs without OPENAI_API_KEY',
	fix: [
		'Pass the key into the container: `-e OPENAI_API_KEY` (docker run, takes it from your shell), or compose `environment:` / `env_file:`.',
		'Recreate the container: its environment is fixed when it is created, a restart keeps the old one.',
	],
	meaning: "docker inspect shows the app's container has no OPENAI_API_KEY, or an empty one: whatever your shell or .env holds, the app inside never sees it.",
	docs: ['https://docs.docker.com/reference/cli/docker/container/run/#env', 'https://docs.docker.com/compose/how-tos/environment-variables/set-environment-variables/'],
	evaluate(facts) {
		const state = deployed(facts);
		// OPENAI_API_KEY_FILE: the app reads the key from a file (a docker or compose secret) by design.
		const lacking = (state.docker?.inspected ?? []).filter(container => container.key !== 'value' && !container.azure && !container.openaiVariables.includes('OPENAI_API_KEY_FILE') && containerIsApp(facts, container));
		if (lacking.length === 0) return undefined;
		const evidence: string[] = [];
		const fix: string[] = [];
		const snippets: Snippet[] = [];
		let confidence: Confidence = 'medium';
		let counted = 0;
		for (const container of lacking.slice(0, 4)) {
			if (!container.requested && mountsDotenv(state, container, facts.options.cwd)) continue;
			counted++;
			const service = serviceOf(state, container);
			evidence.push(`docker inspect ${container.name} (${container.state || 'unknown state'}${container.composeService ? `, compose service ${container.composeService}` : ''}) shows ${container.key === 'empty' ? 'OPENAI_API_KEY set to an empty value' : 'no OPENAI_API_KEY'}.`);
			for (const near of container.nearNames) evidence.push(`It has ${near.variable} (${near.fingerprint}) instead: the OpenAI SDKs read OPENAI_API_KEY only.`);
			if (container.requested || service?.mentionsKey || container.nearNames.length > 0) confidence = 'high';
			if (service) {
				if (service.key.state === 'value') {
					evidence.push(`${at(service.key.entry?.file ?? service.file, service.key.entry?.line ?? service.line)} now gives ${service.name} ${service.key.fingerprint}: the container was created before that.`);
					const stale = staleness(state, container);
					if (stale) evidence.push(stale);
					fix.push(`Recreate ${service.name}: docker compose up -d --force-recreate ${service.name}.`);
				} else if (!service.mentionsKey) {
					evidence.push(`${at(service.file, service.line)}: service ${service.name} has no OPENAI_API_KEY in environment: or env_file:, so compose never passes it.`);
					fix.push(`Add OPENAI_API_KEY to service ${service.name} in ${service.file} (below), then recreate it.`);
					snippets.push(composeEnvironmentSnippet(service.name));
				}

				snippets.push(composeRecreateSnippet(service.name));
			} else {
				if (state.host) evidence.push(`${place(state.hostSource)} has ${state.host.fingerprint}, but docker run passes a variable only when told (-e OPENAI_API_KEY or --env-file).`);
				snippets.push(dockerRunSnippet(container.image, container.name));
			}
		}

		if (counted === 0) return undefined;
		return hit(confidence, evidence, [...new Set([...fix, ...this.fix])], snippets);
	},
};

const containerKeyDiffersRule: Rule = {
	id: 'container-key-differs',
	step: 2,
	title: 'The container has another key than the one on this machine',
	fix: ['Recreate the container so it gets the current key (docker compose up -d --force-recreate, or docker rm and docker run again): a restart keeps the old environment.'],
	meaning: 'The app\'s container holds a different OPENAI_API_KEY than your shell or .env: it was created before the key changed, or is fed from another place.',
	docs: ['https://docs.docker.com/reference/cli/docker/compose/up/', 'https://docs.docker.com/compose/how-tos/environment-variables/envvars-precedence/'],
	evaluate(facts) {
		const state = deployed(facts);
		const evidence: string[] = [];
		const snippets: Snippet[] = [];
		const fix: string[] = [];
		let confidence: Confidence = 'medium';
		for (const container of state.docker?.inspected ?? []) {
			if (container.key !== 'value' || !container.sha256 || !containerIsApp(facts, container)) continue;
			const own = state.key(container.sha256);
			if (!own || state.live(container.sha256) === 'valid') continue;
			// The app in it calls another host (a gateway) with that host's key: no key here is its reference.
			if (container.baseUrl && container.baseUrl.replace(/\/+$/, '') !== factsBaseUrl(facts).url.replace(/\/+$/, '')) continue;
			const service = serviceOf(state, container);
			const expected = service?.key.state === 'value' ? state.key(service.key.sha256) : undefined;
			const reference = state.working ?? expected ?? (state.host ? state.key(state.host.sha256) : undefined);
			if (!reference || reference.secret.sha256 === container.sha256) continue;
			const sameKey = keyCore(own.secret.reveal()) === keyCore(reference.secret.reveal());
			// Quotes that compose's list form put around the same key are compose-literal-quotes'.
			if (sameKey && service?.key.literalQuotes) continue;
			const referenceWhere = reference === state.working ? `${listSome(reference.observations.filter(item => item.origin !== 'container').map(item => place(item.source)), 2)} (the live check accepted it)` : reference === expected ? `${service!.file}, as compose resolves it now` : place(state.hostSource);
			evidence.push(`docker inspect ${container.name} shows OPENAI_API_KEY = ${own.secret.fingerprint}${state.live(container.sha256) === 'invalid' ? ' (the live check rejected it with 401)' : ''}.`);
			evidence.push(sameKey ? `${referenceWhere} has the same key without what surrounds it in the container (quotes or whitespace): the value was passed on with them.` : `${referenceWhere} has ${reference.secret.fingerprint}.`);
			const stale = staleness(state, container);
			if (stale) evidence.push(stale);
			if (state.live(container.sha256) === 'invalid' || reference === state.working || stale || (reference === expected && expected !== undefined)) confidence = 'high';
			snippets.push(...recreateSnippets(container, service));
			if (service) fix.push(`Recreate ${service.name}: docker compose up -d --force-recreate ${service.name}.`);
			else fix.push(`Recreate ${container.name} with the current key: docker rm -f ${container.name}, then docker run again with -e OPENAI_API_KEY.`);
		}

		if (evidence.length === 0) return undefined;
		return hit(confidence, evidence, [...new Set(fix)], snippets);
	},
};

/** The `.env` compose reads for `${…}`, in words: its name, or that there is none. */
function dotenvWords(state: Deployed): string {
	return state.compose?.dotenv ?? 'a .env beside the compose file (there is none)';
}

const composeUnsetVariableRule: Rule = {
	id: 'compose-unset-variable',
	step: 2,
	title: 'The compose file takes OPENAI_API_KEY from a variable nobody sets',
	fix: [
		'Set the variable where compose reads it: export it in the shell that runs docker compose, or put it in the project\'s .env (compose reads that one file for ${…}).',
		'Write it as ${OPENAI_API_KEY:?set OPENAI_API_KEY} so compose refuses to start instead of passing an empty key, then recreate the service.',
	],
	meaning: 'compose replaces ${OPENAI_API_KEY} with an empty string when neither the shell nor the project\'s .env sets it (it only warns), so the container gets an empty key.',
	docs: ['https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/'],
	evaluate(facts) {
		const state = deployed(facts);
		const evidence: string[] = [];
		const snippets: Snippet[] = [];
		let confidence: Confidence = 'high';
		for (const service of state.compose?.services ?? []) {
			const {key} = service;
			const unset = unsetNames(key.references);
			const emptyVars = [...new Set(key.references.filter(reference => reference.set && reference.empty).map(reference => reference.name))];
			const where = at(key.entry?.file ?? service.file, key.entry?.line ?? service.line);
			const written = key.entry?.written ? ` ${keyVariable}${key.entry.form === 'list' ? '=' : ': '}${key.entry.written}` : ` ${keyVariable}`;
			if (key.state === 'refused') {
				evidence.push(`${where} sets${written} for ${service.name}; ${listSome(unset.length > 0 ? unset : [keyVariable])} is set neither in this shell nor in ${dotenvWords(state)}, so docker compose refuses to start (${key.refusal ?? 'required variable is missing a value'}).`);
			} else if (key.state === 'empty' && (unset.length > 0 || emptyVars.length > 0)) {
				const names = unset.length > 0 ? unset : emptyVars;
				evidence.push(`${where} sets${written} for ${service.name}; ${listSome(names)} is ${unset.length > 0 ? `set neither in this shell nor in ${dotenvWords(state)}` : 'empty in this shell'}, so compose gives the container an empty OPENAI_API_KEY.`);
			} else if (key.state === 'unset' && key.passThrough && unset.length > 0) {
				evidence.push(`${where} passes ${keyVariable} through to ${service.name} from the shell (no value written), but neither this shell nor ${dotenvWords(state)} sets it: the container gets no OPENAI_API_KEY at all.`);
			} else {
				continue;
			}

			if (service.profiles.length > 0) confidence = confidence === 'high' ? 'medium' : confidence;
			const running = (state.docker?.inspected ?? []).find(container => container.composeService === service.name && container.key === 'value' && state.live(container.sha256) === 'valid');
			if (running) {
				confidence = 'medium';
				evidence.push(`The running container ${running.name} still has a working key from when it was created; the next docker compose up will replace it with the empty one.`);
			}

			const elsewhere = (state.dotenv?.files ?? []).filter(file => file.shown !== state.compose?.dotenv && file.definitions.some(definition => definition.variable === keyVariable && !definition.empty));
			if (elsewhere.length > 0) evidence.push(`${listSome(elsewhere.map(file => file.shown))} sets it, but compose reads only the project's .env for \${…} (use env_file: to load another file into the container).`);
			const warning = state.compose?.secondOpinion?.warnings.find(line => line.includes(keyVariable) || unset.some(name => line.includes(name)));
			if (warning) evidence.push(`${state.compose!.secondOpinion!.tool} says: ${warning}`);
			snippets.push(composeEnvironmentSnippet(service.name, key.entry?.form ?? 'list'), composeRecreateSnippet(service.name));
		}

		if (evidence.length === 0) return undefined;
		return hit(confidence, evidence, this.fix, snippets);
	},
};

const composeLiteralQuotesRule: Rule = {
	id: 'compose-literal-quotes',
	step: 2,
	title: 'The compose file puts quotes inside OPENAI_API_KEY',
	fix: [
		'Drop the quotes: in list form compose keeps everything after "=" as the value, quotes included (- OPENAI_API_KEY=${OPENAI_API_KEY}).',
		'Or use map form (OPENAI_API_KEY: "${OPENAI_API_KEY}"), where YAML removes the quotes; then recreate the service.',
	],
	meaning: 'In compose\'s list form `- OPENAI_API_KEY="sk-…"` the quotes are part of the value, so the container gets a key wrapped in quotes and the API refuses it.',
	docs: ['https://docs.docker.com/reference/compose-file/services/#environment'],
	evaluate(facts) {
		const state = deployed(facts);
		const evidence: string[] = [];
		const snippets: Snippet[] = [];
		for (const service of state.compose?.services ?? []) {
			const {key} = service;
			if (!key.literalQuotes) continue;
			if (key.literalQuotes === 'list-form') {
				evidence.push(`${at(key.entry?.file ?? service.file, key.entry?.line)} writes - ${keyVariable}="…" in list form for ${service.name}: the container gets ${key.fingerprint ?? 'the value'} with the quotes as part of it.`);
			} else {
				evidence.push(`${key.envFile?.shown ?? 'the env_file'}${key.envFile?.line ? `:${key.envFile.line}` : ''} quotes the value, and ${service.name} reads that env_file with format: raw, which keeps the quotes.`);
			}

			const container = (state.docker?.inspected ?? []).find(item => item.composeService === service.name && item.key === 'value');
			if (container?.sha256 && container.sha256 === key.sha256) evidence.push(`docker inspect ${container.name} confirms it: its OPENAI_API_KEY is the quoted value.`);
			snippets.push(composeEnvironmentSnippet(service.name, 'list'), composeRecreateSnippet(service.name));
		}

		if (evidence.length === 0) return undefined;
		return hit('high', evidence, this.fix, snippets);
	},
};

const composeEnvFileMissingRule: Rule = {
	id: 'compose-env-file-missing',
	step: 2,
	title: 'A compose service names an env_file that does not exist',
	fix: ['Create the file (with OPENAI_API_KEY=… in it), or fix the path (relative to the compose file), or mark it optional with required: false.'],
	meaning: 'A service\'s env_file points at a missing file: docker compose up refuses to start, or (with required: false) the variables it should hold never reach the container.',
	docs: ['https://docs.docker.com/reference/compose-file/services/#env_file'],
	evaluate(facts) {
		const state = deployed(facts);
		const evidence: string[] = [];
		const snippets: Snippet[] = [];
		let confidence: Confidence = 'high';
		for (const service of state.compose?.services ?? []) {
			for (const file of service.envFiles) {
				if (file.exists || !file.required) continue;
				evidence.push(`${at(file.declaredIn, file.line)}: service ${service.name} reads env_file ${file.shown}, which does not exist: docker compose up stops with "env file … not found".`);
				if (service.profiles.length > 0) confidence = 'medium';
				snippets.push(composeEnvFileSnippet(service.name, file.shown, false));
			}
		}

		if (evidence.length === 0) return undefined;
		const refusal = state.compose?.secondOpinion?.message;
		if (refusal && /env file|not found|no such file/i.test(refusal)) evidence.push(`${state.compose!.secondOpinion!.tool} config agrees: ${refusal}`);
		return hit(confidence, evidence, this.fix, snippets);
	},
};

const dockerfileBakedKeyRule: Rule = {
	id: 'dockerfile-baked-key',
	step: 5,
	title: 'A Dockerfile writes a key into the image',
	fix: [
		'Delete the ENV/ARG line and pass the key when the container starts (docker run -e OPENAI_API_KEY, compose environment:).',
		'Rotate the key: every image built from this Dockerfile holds it in its layers (docker history, docker inspect), wherever the image was pushed.',
	],
	meaning: 'ENV or ARG OPENAI_API_KEY=<key> stores the key in every layer of every image built from the file: anyone who can pull the image can read it.',
	docs: ['https://docs.docker.com/build/building/secrets/', 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/'],
	evaluate(facts) {
		const baked = deployed(facts).dockerfile?.baked ?? [];
		if (baked.length === 0) return undefined;
		const evidence = baked.map(item => `${item.file}:${item.line}: ${item.instruction} ${item.variable} = ${item.fingerprint} (${item.kindLabel})${item.stage !== '0' ? ` in build stage ${item.stage}` : ''}: it is stored in the image${item.instruction === 'ARG' ? "'s history" : ''} for anyone who can pull it.`);
		const live = baked.map(item => deployed(facts).live(item.sha256));
		if (live.includes('valid')) evidence.push('The live check accepted it: the exposed key works, so rotate it now.');
		return hit('high', evidence, this.fix, [dockerRunSnippet(undefined), dockerfileSecretSnippet, dockerBuildSecretSnippet]);
	},
};

const k8sSecretNewlineRule: Rule = {
	id: 'k8s-secret-newline',
	step: 2,
	title: 'The Kubernetes secret holds the key with a trailing newline',
	fix: [
		'Recreate the secret from the bare key: kubectl create secret generic … --from-literal (below), or printf %s "$OPENAI_API_KEY" | base64 for a manifest (echo adds a newline).',
		'Restart the pods: they read the secret into their environment when they start.',
	],
	meaning: 'The secret\'s value ends with a newline or other whitespace (echo | base64, a file with a final newline, a YAML | block), which the SDKs send inside the Authorization header.',
	docs: ['https://kubernetes.io/docs/tasks/configmap-secret/managing-secret-using-kubectl/', 'https://kubernetes.io/docs/concepts/configuration/secret/'],
	evaluate(facts) {
		const state = deployed(facts);
		const kube = state.kubernetes;
		if (!kube) return undefined;
		const evidence: string[] = [];
		const snippets: Snippet[] = [];
		for (const check of kube.checks) {
			const value = check.value;
			if (!value?.trailing && !value?.leading) continue;
			evidence.push(`Secret ${check.namespace}/${check.name} key ${check.key} = ${value.fingerprint}${value.trailing ? `, ending with ${value.trailing}` : ''}${value.leading ? `, starting with ${value.leading}` : ''}: the pods get the key with it.`);
			snippets.push(kubectlSecretSnippet(check.namespace, check.name, check.key), kubectlRestartSnippet(check.namespace, check.usedBy[0]));
		}

		for (const secret of kube.secrets) {
			const value = secret.value;
			if (!value?.trailing && !value?.leading) continue;
			evidence.push(`${at(secret.file, value.line ?? secret.line)}: secret ${secret.name} key ${value.key} = ${value.fingerprint}${value.trailing ? `, ending with ${value.trailing}` : ''}${value.leading ? `, starting with ${value.leading}` : ''}${secret.generated ? ' (kustomize secretGenerator: a file\'s final newline is part of the value)' : ' (base64 of echo\'s output, or a YAML | block)'}.`);
			snippets.push(kubectlSecretSnippet(secret.namespace, secret.name, value.key), base64NoNewlineSnippet);
		}

		if (evidence.length === 0) return undefined;
		evidence.push('The OpenAI SDKs put the value in the Authorization header as it is: python fails with "Connection error" (Illegal header value), others send a key the API refuses.');
		return hit('high', evidence, this.fix, snippets);
	},
};

const k8sSecretMissingRule: Rule = {
	id: 'k8s-secret-missing',
	step: 2,
	title: 'The Kubernetes secret, or the key in it, does not exist',
	fix: ['Create the secret with the key the pods read (below), or point the manifest at the secret and key that exist; then restart the pods.'],
	meaning: 'The secret the app reads OPENAI_API_KEY from is not in the cluster, or has no such key, so the pod gets no key (or does not start).',
	docs: ['https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/', 'https://kubernetes.io/docs/concepts/configuration/secret/'],
	evaluate(facts) {
		const kube = deployed(facts).kubernetes;
		if (!kube) return undefined;
		const evidence: string[] = [];
		const snippets: Snippet[] = [];
		const unresolved = unresolvedNameMismatches(kube);
		let confidence: Confidence = 'medium';
		// Set when a secret the manifests name is missing: this context's cluster may not be where the app runs.
		let unconfirmed = false;
		for (const check of kube.checks) {
			const context = kube.context ? ` (context ${kube.context.context})` : '';
			if (check.state === 'secret-missing' && check.requested) {
				evidence.push(`Secret ${check.namespace}/${check.name} does not exist in the cluster${context}.`);
				confidence = 'high';
			} else if (check.state === 'secret-missing') {
				unconfirmed = true;
				evidence.push(
					`${listSome(check.usedBy)} read${check.usedBy.length === 1 ? 's' : ''} OPENAI_API_KEY from secret ${check.name}, which the manifests do not define and the cluster${context} does not have in namespace ${check.namespace}: pods there do not start (CreateContainerConfigError). If the app runs in another cluster, check it there (kubectl --context NAME get secret ${check.name}).`,
				);
			} else if (check.state === 'key-missing') {
				evidence.push(`Secret ${check.namespace}/${check.name} exists${context} but has no key ${check.key} (it has ${listSome(check.keys, 6) || 'no keys'})${check.usedBy.length > 0 ? `; ${listSome(check.usedBy)} read${check.usedBy.length === 1 ? 's' : ''} OPENAI_API_KEY from it` : ''}.`);
				if (check.requested) confidence = 'high';
			} else if (check.state === 'found' && !check.value) {
				evidence.push(`Secret ${check.namespace}/${check.name} key ${check.key} is empty${context}.`);
				if (check.requested) confidence = 'high';
			} else {
				continue;
			}

			snippets.push(kubectlSecretSnippet(check.namespace, check.name, check.key), kubectlRestartSnippet(check.namespace, check.usedBy[0]));
		}

		for (const mismatch of unresolved) {
			evidence.push(`${at(mismatch.file, mismatch.line)}: ${mismatch.workload} reads ${mismatch.via === 'envFrom' ? 'OPENAI_API_KEY through envFrom from' : `key ${mismatch.key} of`} secret ${mismatch.secret}, but the project's manifests define the key in ${listSome(mismatch.candidates.map(item => `${item.name} (${item.file})`))}: the names do not line up.`);
			snippets.push(kubectlSecretSnippet(undefined, mismatch.secret, mismatch.key));
		}

		for (const mismatch of kube.mismatches) {
			evidence.push(`${at(mismatch.file, mismatch.line)}: ${mismatch.workload} reads ${mismatch.via === 'envFrom' ? `OPENAI_API_KEY through envFrom (key ${mismatch.key})` : `key ${mismatch.key}`} of secret ${mismatch.secret}, but ${mismatch.secretFile} defines it with ${listSome(mismatch.keys, 6) || 'no keys'}.`);
			snippets.push(kubectlSecretSnippet(undefined, mismatch.secret, mismatch.key));
		}

		if (evidence.length === 0) return undefined;
		// Nothing but an absence in a cluster that may not be the app's: the least sure reading.
		if (unconfirmed && evidence.length === kube.checks.filter(check => check.state === 'secret-missing' && !check.requested).length) confidence = 'low';
		return hit(confidence, evidence, this.fix, snippets);
	},
};

const ciSecretUnavailableRule: Rule = {
	id: 'ci-secret-unavailable',
	step: 2,
	title: 'The CI job does not get the OPENAI_API_KEY secret',
	fix: [
		'Map the secret into the env of the job or step that runs the app: env: OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }} (GitHub never exposes secrets as variables by itself).',
		'Pull requests from forks get no secrets: skip the key-needing job there, or run it after review (pull_request_target only with care: it runs with secrets).',
	],
	meaning: 'In CI the key arrives empty: the workflow never maps the secret into the job\'s env, or the run (a fork pull request, Dependabot, an unprotected branch) is not given secrets.',
	docs: ['https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions', 'https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#workflows-in-forked-repositories'],
	evaluate(facts) {
		const ci = deployed(facts).ci;
		if (!ci) return undefined;
		const evidence: string[] = [];
		const snippets: Snippet[] = [];
		const fix: string[] = [];
		let confidence: Confidence = 'medium';
		const findings = ci.workflows.flatMap(workflow => workflow.findings);
		const run = ci.run;
		const azure = Boolean(facts.env.AZURE_OPENAI_API_KEY?.trim());
		if (run && ci.keyInEnv !== 'set' && !azure) {
			confidence = 'high';
			evidence.push(`This runs in ${run.label}${run.event ? ` (${run.event})` : ''}, and OPENAI_API_KEY is ${ci.keyInEnv === 'empty' ? 'empty' : 'not set'} here.`);
			for (const reason of run.withheld) evidence.push(`Secrets are withheld: ${reason}.`);
			if (run.withheld.some(reason => /fork/i.test(reason))) {
				fix.push('Fork pull requests get no secrets: skip the job there (below), or have a maintainer run it on a branch of the main repository.');
				snippets.push(githubForkGuardSnippet);
			}

			if (run.withheld.some(reason => /Dependabot/.test(reason))) fix.push('Add OPENAI_API_KEY as a Dependabot secret (Settings → Secrets and variables → Dependabot).');
			if (run.withheld.some(reason => /protected/.test(reason))) fix.push('Untick "Protect variable" on OPENAI_API_KEY (Settings → CI/CD → Variables), or protect the branch.');
			const current = run.workflowFile ? ci.workflows.find(workflow => workflow.file === run.workflowFile) : undefined;
			if (current && current.jobsWithKey.length === 0 && current.findings.length === 0) evidence.push(`${current.file} maps no secret to OPENAI_API_KEY in any job.`);
		}

		for (const finding of findings.slice(0, 4)) {
			evidence.push(`${at(finding.file, finding.line)}: ${finding.text}.`);
			if (finding.problem !== 'referenced-not-mapped') confidence = 'high';
			if (finding.problem === 'reusable-without-secrets') snippets.push(githubInheritSnippet(/calls (\S+)/.exec(finding.text)?.[1]));
		}

		if (evidence.length === 0) return undefined;
		const secretName = ci.workflows.flatMap(workflow => workflow.secretNames)[0];
		return hit(confidence, evidence, [...new Set([...fix, ...this.fix])], [githubEnvSnippet(secretName), ...snippets]);
	},
};

/**
 * Where the app really runs (CAUSES.md "Containers, clusters, CI"): docker containers,
 * compose files, Kubernetes secrets and CI workflows. They rank before this machine's
 * own sources: where the app runs decides which key it gets. Each stays silent on a
 * healthy setup: a container with the key that works, a compose file passing a variable
 * the shell sets, a secret without blanks.
 */
export const deployedRules: Rule[] = [
	composeUnsetVariableRule,
	composeLiteralQuotesRule,
	composeEnvFileMissingRule,
	containerKeyMissingRule,
	containerKeyDiffersRule,
	k8sSecretMissingRule,
	k8sSecretNewlineRule,
	ciSecretUnavailableRule,
];

/** The key written into an image (CAUSES.md "Exposure"): ranked with the other step-5 findings. */
export const imageExposureRules: Rule[] = [dockerfileBakedKeyRule];
