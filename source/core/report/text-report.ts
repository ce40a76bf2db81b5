import {terminalSafeKeepingColour} from './terminal-safe.js';
import {redact} from '../keys/redact.js';
import {allProbes} from '../probes/index.js';
import {stepTitles} from '../wizard/step-titles.js';
import type {Conclusion} from '../conclude.js';
import type {ProbeResult, ProbeStatus} from '../types.js';
import type {JsonReport} from './json-report.js';
import {textStyle, type TextStyle} from './text-style.js';

/** Word and mark for each probe status: never colour alone. */
export const statusMarks: Record<ProbeStatus, {mark: string; word: string}> = {
	pass: {mark: '✔', word: 'ok'},
	warn: {mark: '!', word: 'warning'},
	fail: {mark: '✖', word: 'problem'},
	skip: {mark: '-', word: 'skipped'},
	error: {mark: '✖', word: 'error'},
	timeout: {mark: '⧗', word: 'timed out'},
};

const verdictLines = {
	ok: 'No problem found, and a key passed the live check.',
	problem: 'Found what is wrong: see the causes below, most likely first.',
	inconclusive: 'Nothing else found wrong, but the live check could not confirm a working key (see below for why).',
} as const;

/** The `--report` text: verdict, keys, probes by step, causes with evidence and fix. */
export function renderTextReport(
	report: JsonReport,
	probes: readonly ProbeResult[],
	conclusion: Conclusion,
	options: {color: boolean},
): string {
	const style = textStyle(options.color);
	const lines: string[] = [];
	lines.push(style.bold(`key-wizard ${report.tool.version}: OpenAI 401 diagnosis`), '');
	const verdictColor = report.verdict === 'ok' ? style.green : report.verdict === 'problem' ? style.red : style.yellow;
	lines.push(`Verdict: ${verdictColor(report.verdict.toUpperCase())}: ${verdictLines[report.verdict]}`, '');

	lines.push(style.bold('Keys found'));
	if (report.keys.length === 0) lines.push('  none');
	for (const key of report.keys) {
		const provider = key.provider ? ` (${key.provider})` : '';
		const match = key.matchesError === undefined ? '' : key.matchesError ? ', matches the app’s error' : ', does not match the app’s error';
		lines.push(`  ${key.fingerprint}  ${key.kind}${provider}, live: ${key.live}${match}`);
		lines.push(style.dim(`    from ${key.sources.join(', ')}`));
	}

	lines.push('');
	for (const step of [1, 2, 3, 4, 5] as const) {
		const inStep = probes.filter(probe => probe.step === step);
		if (inStep.length === 0) continue;
		lines.push(style.bold(`Step ${step}: ${stepTitles[step]}`));
		for (const probe of inStep) {
			lines.push(`  ${markOf(probe.status, style)} ${titleOf(probe.id)}: ${probe.summary}`);
			for (const detail of probe.details ?? []) lines.push(style.dim(`      ${detail}`));
		}

		lines.push('');
	}

	lines.push(style.bold(report.causes.length === 0 ? 'Causes: none found' : `Causes (${report.causes.length}, most likely first)`));
	for (const [index, cause] of report.causes.entries()) {
		lines.push('', `${index + 1}. ${style.bold(cause.title)} [${cause.id}, step ${cause.step}, ${cause.confidence} confidence]`);
		for (const line of cause.evidence) lines.push(`   - ${line}`);
		if (cause.fix.length > 0) lines.push('   Fix:');
		for (const [step, line] of cause.fix.entries()) lines.push(`   ${step + 1}) ${line}`);
		for (const snippet of cause.snippets) {
			lines.push(`   ${snippet.label}:`);
			for (const line of snippet.text.split('\n')) lines.push(style.cyan(`     ${line}`));
		}
	}

	return terminalSafeKeepingColour(redact(lines.join('\n'), conclusion.keys.map(key => key.secret))) + '\n';
}

const titles = new Map(allProbes.map(probe => [probe.id, probe.title]));

function titleOf(id: string): string {
	return titles.get(id) ?? id;
}

function markOf(status: ProbeStatus, style: TextStyle): string {
	const {mark, word} = statusMarks[status];
	const text = `${mark} ${word}`.padEnd(11);
	if (status === 'pass') return style.green(text);
	if (status === 'warn' || status === 'timeout') return style.yellow(text);
	if (status === 'fail' || status === 'error') return style.red(text);
	return style.dim(text);
}
