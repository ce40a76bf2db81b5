import {terminalSafe} from './terminal-safe.js';
import {redact} from '../keys/redact.js';
import {stepTitles} from '../wizard/step-titles.js';
import type {Conclusion} from '../conclude.js';
import type {ProbeResult} from '../types.js';
import type {JsonReport} from './json-report.js';
import {statusMarks} from './text-report.js';

/** One thing the user said or chose in the wizard, for the transcript. */
export type TranscriptEntry = {step: number; question: string; answer: string};

/** The session transcript as Markdown: verdict, keys, probes, answers, causes. Redacted. */
export function renderMarkdownTranscript(
	report: JsonReport,
	probes: readonly ProbeResult[],
	conclusion: Conclusion,
	context: {date: string; answers?: readonly TranscriptEntry[]},
): string {
	const lines: string[] = [
		`# key-wizard session, ${context.date}`,
		'',
		`key-wizard ${report.tool.version}. Verdict: **${report.verdict}**. Keys appear only as fingerprints (prefix and last 4 characters) and sha256 prefixes.`,
		'',
		'## Keys',
		'',
	];
	if (report.keys.length === 0) lines.push('No key found.');
	else {
		lines.push('| fingerprint | sha256 | kind | live | sources |', '|---|---|---|---|---|');
		for (const key of report.keys) {
			lines.push(`| \`${key.fingerprint}\` | ${key.sha256 ? `\`${key.sha256}\`` : '—'} | ${key.kind}${key.provider ? ` (${key.provider})` : ''} | ${key.live} | ${key.sources.map(source => `\`${source}\``).join(', ')} |`);
		}
	}

	for (const step of [1, 2, 3, 4, 5] as const) {
		const inStep = probes.filter(probe => probe.step === step);
		const answers = (context.answers ?? []).filter(answer => answer.step === step);
		if (inStep.length === 0 && answers.length === 0) continue;
		lines.push('', `## Step ${step}: ${stepTitles[step]}`, '');
		for (const answer of answers) lines.push(`- **${answer.question}** ${answer.answer}`);
		for (const probe of inStep) {
			lines.push(`- ${statusMarks[probe.status].mark} **${probe.id}** (${statusMarks[probe.status].word}, ${probe.durationMs} ms): ${probe.summary}`);
			for (const detail of probe.details ?? []) lines.push(`  - ${detail}`);
		}
	}

	lines.push('', '## Causes', '');
	if (report.causes.length === 0) lines.push('None found.');
	for (const [index, cause] of report.causes.entries()) {
		lines.push(`### ${index + 1}. ${cause.title}`, '', `\`${cause.id}\`, step ${cause.step}, ${cause.confidence} confidence`, '');
		for (const line of cause.evidence) lines.push(`- ${line}`);
		if (cause.fix.length > 0) lines.push('', 'Fix:', '');
		for (const [number, line] of cause.fix.entries()) lines.push(`${number + 1}. ${line}`);
		for (const snippet of cause.snippets) lines.push('', `${snippet.label}:`, '', '```' + snippet.language, snippet.text, '```');
		lines.push('');
	}

	return terminalSafe(redact(lines.join('\n'), conclusion.keys.map(key => key.secret))) + '\n';
}
