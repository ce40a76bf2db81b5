import type {TranscriptEntry} from '../report/markdown-transcript.js';
import {endingOf} from './key-views.js';
import {hostChoices, hostQuestionText} from './host-question.js';
import {dashboardChoices, dashboardQuestion, type WizardAnswers} from './steps.js';

const longestPaste = 600;

/** The user's answers as transcript lines (already redacted: only fingerprints and redacted text). */
export function transcriptAnswers(answers: WizardAnswers): TranscriptEntry[] {
	const entries: TranscriptEntry[] = [];
	if (answers.dashboard) {
		const choice = dashboardChoices.find(candidate => candidate.value === answers.dashboard!.answer);
		entries.push({
			step: 1,
			question: `${dashboardQuestion(endingOf(answers.dashboard.fingerprint))} (key ${answers.dashboard.fingerprint})`,
			answer: answers.dashboard.answer === 'no' && answers.dashboard.keyWorks ? 'No, though the API accepts the key: another organization or project was open on the dashboard' : (choice?.transcript ?? answers.dashboard.answer),
		});
	}

	for (const record of answers.hosts ?? []) {
		entries.push({step: 3, question: hostQuestionText(record), answer: hostChoices.find(choice => choice.value === record.answer)?.transcript ?? record.answer});
	}

	if (answers.appError) {
		const oneLine = answers.appError.shown.replace(/\s+/g, ' ').trim();
		const clipped = oneLine.length > longestPaste ? `${oneLine.slice(0, longestPaste - 1)}…` : oneLine;
		const warning = answers.appError.containedKey ? ' (it held a full key, replaced here by its fingerprint: treat that key as exposed)' : '';
		entries.push({step: 3, question: 'The error the app printed:', answer: `\`${clipped.replace(/`/g, "'")}\`${warning}`});
	}

	return entries;
}
