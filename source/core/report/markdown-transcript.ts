import {terminalSafe} from './terminal-safe.js';
import {redact} from '../keys/redact.js';
import {stepTitles} from '../wizard/step-titles.js';
import type {Conclusion} from '../conclude.js';
import type {ProbeResult} from '../types.js';
import type {JsonReport} from './json-report.js';
import {statusMarks} from './text-report.js';
import {runReasonWords, type SessionEvent} from '../wizard/session-log.js';
import {transcriptAnswer, transcriptPaste} from '../wizard/transcript-answers.js';

/** One thing the user said or chose in the wizard, for the transcript. */
export type TranscriptEntry = {step: number; question: string; answer: string};

/**
 * The session transcript as Markdown: the session in order (each run, each Check again
 * with its before → after, the answers, the commands copied), then the last run in full:
 * verdict, keys, probes, answers, causes. Redacted.
 */
export function renderMarkdownTranscript(
	report: JsonReport,
	probes: readonly ProbeResult[],
	conclusion: Conclusion,
	context: {date: string; answers?: readonly TranscriptEntry[]; session?: readonly SessionEvent[]},
): string {
	const runs = (context.session ?? []).filter(event => event.type === 'run').length;
	const lines: string[] = [
		`# key-wizard session, ${context.date}`,
		'',
		`key-wizard ${report.tool.version}. Verdict: **${report.verdict}**${runs > 1 ? ` (after ${runs} runs)` : ''}. Keys appear only as fingerprints (prefix and last 4 characters) and sha256 prefixes.`,
	];
	if (context.session && context.session.length > 0) lines.push('', '## The session, in order', '', ...sessionLines(context.session));
	lines.push('', runs > 1 ? '## Keys (last run)' : '## Keys', '');
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

/** The session as a numbered list: runs with their before → after, answers, pastes, copies. */
function sessionLines(session: readonly SessionEvent[]): string[] {
	const lines: string[] = [];
	let previous: JsonReport | undefined;
	let number = 0;
	const item = (text: string) => lines.push(`${++number}. ${text}`);
	for (const event of session) {
		switch (event.type) {
			case 'run': {
				const {run} = event;
				const causes = run.report.causes.map(cause => `\`${cause.id}\` (${cause.title})`).join('; ');
				item(`**Run ${run.number}, ${runReasonWords[run.reason]}**: verdict **${run.report.verdict}**. ${causes ? `Causes: ${causes}.` : 'No cause found.'}`);
				if (run.recheck) {
					lines.push(`   Check again: ${run.recheck.outcome}. ${run.recheck.message}`);
					const title = (id: string, from: JsonReport | undefined) => from?.causes.find(cause => cause.id === id)?.title ?? id;
					for (const id of run.recheck.fixed) lines.push(`   - \`${id}\` ${title(id, previous)}: found → gone`);
					for (const id of run.recheck.remaining) lines.push(`   - \`${id}\` ${title(id, run.report)}: found → still there`);
					for (const id of run.recheck.added) lines.push(`   - \`${id}\` ${title(id, run.report)}: none → new`);
				}

				if (run.errorSetAside) lines.push('   The error you pasted was from before the fix (its key is gone from every source and a key works now): set aside.');
				previous = run.report;
				break;
			}

			case 'answer': {
				const entry = transcriptAnswer(event.answer);
				item(`**Answered** on step ${entry.step}: ${entry.question} **${entry.answer}**`);
				break;
			}

			case 'paste': {
				item(`**Pasted the app's error**: ${transcriptPaste(event).answer}`);
				break;
			}

			case 'paste-cleared': {
				item('**Cleared the pasted error.**');
				break;
			}

			case 'copy': {
				item(`**Copied** \`${event.text.replace(/\s*\n\s*/g, ' ⏎ ').replace(/`/g, "'")}\`${event.causeId ? ` (fix for \`${event.causeId}\`)` : ''}: ${event.result}`);
				break;
			}
		}
	}

	return lines;
}
