import {startSession} from '../../source/runner/session.js';
import type {Ports} from '../../source/core/ports.js';
import type {ProbeDefinition, ProbeOutcome, Rule, RunOptions} from '../../source/core/types.js';
import type {StartSession} from '../../source/ui/hooks/use-wizard.js';
import {makeOptions, observe} from '../helpers/facts.js';
import {makeProjectKey} from '../helpers/fake-keys.js';
import {makePorts} from '../helpers/fake-ports.js';
import type {SaveOutcome} from '../../source/core/wizard/reducer.js';
import type {Clipboard, ClipboardOutcome} from '../../source/core/ports.js';

/** A promise a test releases by hand, to hold a probe in the "running" state. */
export type Gate = {release(): void; promise: Promise<void>};

/** A gate that is closed until `release()`. */
export function gate(): Gate {
	let release!: () => void;
	const promise = new Promise<void>(resolve => {
		release = resolve;
	});
	return {release, promise};
}

/** What the fake machine looks like; tests change it between runs ("fix, then check again"). */
export type WorldSetup = {
	envKey?: string;
	dotenvKey?: string;
	/** How the live check answers. */
	live: 'valid' | 'invalid';
	/** Holds the live check until released. */
	liveGate?: Gate;
};

/**
 * A small fake world for the wizard: three probes (step 2 environment and .env, step 3
 * live check) that read `setup`, two rules with real cause ids, and the REAL session
 * runner driving them. No real probe runs; every abort signal is recorded.
 */
export function wizardWorld(initial: Partial<WorldSetup> = {}) {
	const envKey = makeProjectKey(7001);
	const dotenvKey = makeProjectKey(7002);
	const setup: WorldSetup = {envKey, dotenvKey, live: 'invalid', ...initial};
	const signals: AbortSignal[] = [];
	const runs: RunOptions[] = [];
	const saved: Array<{markdown: string; json: string}> = [];
	/** What was copied, in order, and how the fake clipboard answers. */
	const copies: string[] = [];
	const clipboardAnswer: {outcome: ClipboardOutcome} = {outcome: {tool: {name: 'xclip', ok: true}, osc52: true, osc52Support: 'maybe'}};
	const clipboard: Clipboard = async text => {
		copies.push(text);
		return clipboardAnswer.outcome;
	};

	const probes: ProbeDefinition[] = [
		{
			id: 'env',
			step: 2,
			title: 'Process environment',
			checks: 'OPENAI_API_KEY in this process',
			async run(): Promise<ProbeOutcome> {
				if (!setup.envKey) return {status: 'warn', summary: 'OPENAI_API_KEY is not set in this process; the app needs another source (.env, its runtime).'};
				const observation = observe(setup.envKey);
				return {status: 'pass', summary: `OPENAI_API_KEY is set (${observation.secret.fingerprint}).`, keys: [observation], details: ['Also set: nothing else.']};
			},
		},
		{
			id: 'dotenv',
			step: 2,
			title: '.env files',
			checks: '.env files in the project and its parents',
			async run(): Promise<ProbeOutcome> {
				if (!setup.dotenvKey) return {status: 'skip', summary: 'No .env file found.'};
				const observation = observe(setup.dotenvKey, 'file:.env:3');
				return {status: 'pass', summary: `.env:3 sets OPENAI_API_KEY (${observation.secret.fingerprint}).`, keys: [observation]};
			},
		},
		{
			id: 'live-check',
			step: 3,
			title: 'Live check',
			checks: 'GET /models with each distinct key',
			needs: ['env', 'dotenv'],
			async run({results, signal}): Promise<ProbeOutcome> {
				signals.push(signal);
				if (setup.liveGate) {
					await Promise.race([setup.liveGate.promise, new Promise(resolve => signal.addEventListener('abort', resolve, {once: true}))]);
				}

				const keys = [...results.values()].flatMap(result => result.keys ?? []);
				const used = keys.find(observation => observation.origin === 'env') ?? keys[0];
				if (!used) return {status: 'skip', summary: 'No key to test.'};
				const live = setup.live;
				return {
					status: live === 'valid' ? 'pass' : 'fail',
					summary: live === 'valid' ? `${used.secret.fingerprint}: 200, the key works.` : `${used.secret.fingerprint}: 401 invalid_api_key.`,
					data: {keys: [{sha256: used.secret.sha256, live}]},
				};
			},
		},
	];

	const rules: Rule[] = [
		{
			id: 'stale-env-shadows-dotenv',
			step: 2,
			title: 'A stale key in the shell shadows the key in .env',
			fix: ['Run `unset OPENAI_API_KEY` and remove the line that sets it from your profile.'],
			evaluate(facts) {
				const env = facts.keys.find(key => key.observations.some(observation => observation.origin === 'env'));
				const file = facts.keys.find(key => key.observations.some(observation => observation.origin === 'dotenv'));
				if (!env || !file || env === file) return undefined;
				return {
					confidence: 'high',
					evidence: [`env:OPENAI_API_KEY holds ${env.secret.fingerprint}.`, `file:.env:3 holds ${file.secret.fingerprint}; dotenv keeps the existing variable.`],
					snippets: [
						{id: 'env-unset', label: 'In this shell', language: 'sh', text: 'unset OPENAI_API_KEY'},
						{id: 'profile-drop', label: 'Delete the old export from ~/.bashrc (keeps a .bak copy)', language: 'sh', text: "sed -i.bak -e '12d' -e '30d' '/home/dev/Work Projects/team/config/.bashrc'"},
					],
				};
			},
		},
		{
			id: 'key-invalid',
			step: 3,
			title: 'The API rejects the key the app uses',
			fix: ['Compare its ending with the dashboard (step 1).', 'Make a new key (step 5).'],
			evaluate(facts) {
				const rejected = facts.keys.find(key => key.live === 'invalid');
				return rejected ? {confidence: 'medium', evidence: [`${rejected.secret.fingerprint} got 401 invalid_api_key.`]} : undefined;
			},
		},
	];

	// The world's probes are scripted; the ports are whole (an empty disk, no commands) as the session expects.
	const ports: Ports = makePorts({env: setup.envKey ? {OPENAI_API_KEY: setup.envKey} : {}, cwd: '/home/dev/project', home: '/home/dev'});
	const start: StartSession = (runPorts, options, listener, definitions, rules) => {
		runs.push(options);
		return startSession(runPorts, options, listener, definitions, rules);
	};

	const save = async (markdown: string, json: string): Promise<SaveOutcome> => {
		saved.push({markdown, json});
		return {ok: true, markdownPath: '/tmp/kw/key-wizard-test.md', jsonPath: '/tmp/kw/key-wizard-test.json'};
	};

	return {setup, envKey, dotenvKey, probes, rules, ports, startSession: start, save, clipboard, copies, clipboardAnswer, signals, runs, saved, options: makeOptions({timeoutMs: 5000})};
}
