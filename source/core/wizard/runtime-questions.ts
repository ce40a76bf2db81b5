import {isContainerRef} from '../deployed/container-ref.js';
import {parseK8sSecretRef} from '../deployed/k8s-secret-ref.js';
import type {DockerProbeData} from '../probes/docker.js';
import type {KubernetesProbeData} from '../probes/kubernetes.js';
import {terminalSafe} from '../report/terminal-safe.js';
import type {Cause, ProbeResults, RunOptions} from '../types.js';
import type {GivenAnswer, Question} from './questions.js';
import {causesForRuntime, containerPickerItems, runtimeQuestion, secretPickerItems, type RuntimeId} from './runtimes.js';

/**
 * Step 2's questions about where the app runs, as data: the place (asked only when the
 * project shows more than one), then which container or cluster secret to look into when
 * the checks could not tell. Picking one reruns the checks with it, as `--container` or
 * `--k8s-secret` would.
 */

/** The answer ids of step 2's questions. */
export const runtimeQuestionId = 'runtime';
export const containerQuestionId = 'container';
export const secretQuestionId = 'k8s-secret';

/** The most choices a picker offers: the menu numbers them 1-9 with "Next" and the copies. */
const pickerLimit = 6;

const shortLabels: Record<RuntimeId, string> = {
	local: 'On this machine',
	docker: 'In a Docker container',
	compose: 'With docker compose',
	kubernetes: 'In Kubernetes',
	ci: 'In CI',
	serverless: 'As a serverless function',
};

/** Where the user said the app runs, if they said. */
export function answeredRuntime(given: Readonly<Record<string, GivenAnswer>> | undefined): RuntimeId | undefined {
	const value = given?.[runtimeQuestionId]?.value;
	return value && value in shortLabels ? (value as RuntimeId) : undefined;
}

/** The causes the screens lead with once the user said where the app runs (all of them before). */
export function causesInView(causes: readonly Cause[], given: Readonly<Record<string, GivenAnswer>> | undefined): readonly Cause[] {
	const runtime = answeredRuntime(given);
	return runtime ? causesForRuntime(causes, runtime) : causes;
}

/** Step 2's open questions for what the last run found. */
export function runtimeQuestions(results: ProbeResults | undefined, options: Pick<RunOptions, 'containers' | 'k8sSecret' | 'cwd'>, given: Readonly<Record<string, GivenAnswer>> | undefined): Question[] {
	if (!results) return [];
	const questions: Question[] = [];
	const place = runtimeQuestion(results, options);
	if (place.ask) {
		// The likeliest place first, so the first answer in the menu is the best guess.
		const choices = [...place.choices].sort((a, b) => Number(b.id === place.preselected) - Number(a.id === place.preselected));
		questions.push({
			id: runtimeQuestionId,
			step: 2,
			prompt: 'Where does the app that gets the 401 run?',
			note: terminalSafe(choices.map(choice => `${shortLabels[choice.id]}: ${choice.why}`).join(' · ')),
			choices: choices.map(choice => ({
				value: choice.id,
				label: shortLabels[choice.id],
				transcript: choice.label,
				advice: `The app runs ${shortLabels[choice.id].replace(/^On |^In |^With |^As /, match => match.toLowerCase())}: the causes and fixes below are the ones that apply there.`,
			})),
			advances: false,
		});
	}

	const runtime = answeredRuntime(given) ?? (place.ask ? undefined : place.preselected);
	const docker = results.get('docker')?.data as DockerProbeData | undefined;
	if ((runtime === 'docker' || runtime === 'compose') && options.containers.length === 0 && docker && docker.inspected.length === 0 && docker.containers.length > 0) {
		const items = containerPickerItems(docker, options.cwd).filter(item => isContainerRef(item.value)).slice(0, pickerLimit);
		questions.push({
			id: containerQuestionId,
			step: 2,
			prompt: 'Which container runs the app? Its environment is read with docker inspect (the key is compared, never shown).',
			note: docker.containers.length > items.length ? `The first ${items.length} of ${docker.containers.length}; for another, run key-wizard --container NAME.` : undefined,
			choices: items.map(item => ({value: item.value, label: terminalSafe(item.label), transcript: `${terminalSafe(item.value)}: its environment was inspected`})),
			advances: false,
			reruns: true,
		});
	}

	const kubernetes = results.get('kubernetes')?.data as KubernetesProbeData | undefined;
	if (runtime === 'kubernetes' && !options.k8sSecret && kubernetes) {
		const checked = new Set(kubernetes.checks.map(check => check.name));
		// Only names kubectl accepts: the manifests are the project's, and so is every name in them.
		const items = secretPickerItems(kubernetes)
			.filter(item => {
				const ref = parseK8sSecretRef(item.value);
				return ref !== undefined && !checked.has(ref.name);
			})
			.slice(0, pickerLimit);
		if (items.length > 0) {
			questions.push({
				id: secretQuestionId,
				step: 2,
				prompt: 'Which secret do the pods read OPENAI_API_KEY from? It is read with kubectl in the current context (decoded in memory, never shown).',
				choices: items.map(item => ({value: item.value, label: terminalSafe(item.label), transcript: `${terminalSafe(item.value)}: read from the cluster`})),
				advances: false,
				reruns: true,
			});
		}
	}

	return questions;
}

/** What step 2's answers add to the next run's options: the container or secret picked. */
export function runtimeRunOptions(given: Readonly<Record<string, GivenAnswer>> | undefined): Partial<Pick<RunOptions, 'containers' | 'k8sSecret'>> {
	const picked = given?.[containerQuestionId]?.value;
	const container = picked !== undefined && isContainerRef(picked) ? picked : undefined;
	const secret = given?.[secretQuestionId]?.value;
	const k8sSecret = secret === undefined ? undefined : parseK8sSecretRef(secret);
	return {...(container ? {containers: [container]} : {}), ...(k8sSecret ? {k8sSecret} : {})};
}
