import type {TranscriptEntry} from '../report/markdown-transcript.js';
import type {GivenAnswer} from './questions.js';
import type {WizardAnswers} from './steps.js';

const longestPaste = 600;

/** One answer as a transcript line (already redacted: only fingerprints). */
export function transcriptAnswer(answer: GivenAnswer): TranscriptEntry {
	const subject = answer.subject && !answer.prompt.includes(answer.subject) ? ` (key ${answer.subject})` : '';
	const known = answer.value === 'no' && answer.known?.workingKey ? ` (another key found here works: ${answer.known.workingKey})` : '';
	return {step: answer.step, question: `${answer.prompt}${subject}`, answer: `${answer.transcript}${known}`};
}

/** The pasted error as a transcript line: redacted, on one line, clipped. */
export function transcriptPaste(paste: {shown: string; containedKey: boolean}): TranscriptEntry {
	const oneLine = paste.shown.replace(/\s+/g, ' ').trim();
	const clipped = oneLine.length > longestPaste ? `${oneLine.slice(0, longestPaste - 1)}…` : oneLine;
	const warning = paste.containedKey ? ' (it held a full key, replaced here by its fingerprint: treat that key as exposed)' : '';
	return {step: 3, question: 'The error the app printed:', answer: `\`${clipped.replace(/`/g, "'")}\`${warning}`};
}

/** The user's answers as transcript lines (already redacted: only fingerprints and redacted text). */
export function transcriptAnswers(answers: WizardAnswers): TranscriptEntry[] {
	const entries = Object.values(answers.given ?? {}).map(transcriptAnswer);
	if (answers.appError) entries.push(transcriptPaste(answers.appError));
	return entries;
}
