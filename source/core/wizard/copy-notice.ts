import type {ClipboardOutcome} from '../ports.js';
import type {Notice} from './reducer.js';

/** What the status row says after a copy: where the text went, or that the user must select it. */
export function copyNotice(outcome: ClipboardOutcome, text: string): Notice {
	const what = clip(text);
	if (outcome.tool?.ok) return {tone: 'pass', text: `✔ Copied to the clipboard: ${what}`};
	const failed = outcome.tool && !outcome.tool.ok ? outcome.tool : undefined;
	const toolNote = !failed || failed.failure === 'not-found' ? '' : failed.failure === 'timeout' ? ` (${failed.name} did not answer in time)` : ` (${failed.name} failed)`;
	if (outcome.osc52 && outcome.osc52Support === 'yes') return {tone: 'pass', text: `✔ Copied to the clipboard through the terminal (OSC 52)${toolNote}: ${what}`};
	if (outcome.osc52 && outcome.osc52Support === 'maybe') {
		return {tone: 'warn', text: `Sent to the clipboard through the terminal (OSC 52)${toolNote}: ${what}. Not there? Select it on screen.`};
	}

	return {tone: 'warn', text: `No clipboard here${toolNote}: select the command on screen.`};
}

function clip(text: string): string {
	const first = text.trim().split('\n')[0]!;
	const more = text.trim().includes('\n') ? ' …' : '';
	return first.length > 36 ? `${first.slice(0, 35)}…` : `${first}${more}`;
}
