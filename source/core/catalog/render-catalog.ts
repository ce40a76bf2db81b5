import {terminalSafeKeepingColour} from '../report/terminal-safe.js';
import {textStyle, type TextStyle} from '../report/text-style.js';
import {stepTitles} from '../wizard/step-titles.js';
import type {StepNumber} from '../types.js';
import type {CatalogEntry} from './catalog.js';

const steps: readonly StepNumber[] = [1, 2, 3, 4, 5];

/** `key-wizard explain`: every cause id by step, with its title. */
export function renderCatalogList(entries: readonly CatalogEntry[], options: {color: boolean}): string {
	const style = textStyle(options.color);
	const width = Math.max(...entries.map(entry => entry.id.length));
	const lines = [style.bold('Causes key-wizard names, by step'), style.dim('key-wizard explain ID shows one in full: what it means, the fix, the docs.')];
	for (const step of steps) {
		const inStep = entries.filter(entry => entry.step === step);
		if (inStep.length === 0) continue;
		lines.push('', style.bold(`Step ${step}: ${stepTitles[step]}`));
		for (const entry of inStep) lines.push(`  ${style.cyan(entry.id.padEnd(width))}  ${entry.title}`);
	}

	return `${terminalSafeKeepingColour(lines.join('\n'))}\n`;
}

/** `key-wizard explain ID`: one cause in full. */
export function renderCatalogEntry(entry: CatalogEntry, options: {color: boolean}): string {
	const style: TextStyle = textStyle(options.color);
	const lines = [`${style.bold(style.cyan(entry.id))} · step ${entry.step}: ${stepTitles[entry.step]}`, style.bold(entry.title), '', style.bold('What it means'), `  ${entry.meaning}`];
	if (entry.fix.length > 0) lines.push('', style.bold('Fix'), ...entry.fix.map((line, index) => `  ${index + 1}. ${line}`));
	if (entry.docs.length > 0) lines.push('', style.bold('Docs'), ...entry.docs.map(link => `  ${link}`));
	return `${terminalSafeKeepingColour(lines.join('\n'))}\n`;
}

/** The catalog as JSON (`key-wizard explain --json`): the entries, or one. */
export function renderCatalogJson(entries: readonly CatalogEntry[]): string {
	return `${JSON.stringify({schemaVersion: 1, causes: entries}, null, 2)}\n`;
}

/**
 * The README's cause catalog (Markdown): a table per step, written by
 * `npm run catalog` and compared with the README by a test, so the two never drift.
 * The docs links stay with `key-wizard explain ID`: the README ships in the package.
 */
export function renderCatalogMarkdown(entries: readonly CatalogEntry[]): string {
	const lines = [
		'Every cause key-wizard can name, generated from its rules (`npm run catalog`). Ids are stable: `--json` reports and transcripts use them.',
		'`key-wizard explain ID` prints one in full, with the docs that apply.',
	];
	for (const step of steps) {
		const inStep = entries.filter(entry => entry.step === step);
		if (inStep.length === 0) continue;
		lines.push('', `### Step ${step}: ${stepTitles[step]}`, '', '| id | what it means | fix |', '|---|---|---|');
		for (const entry of inStep) lines.push(`| \`${entry.id}\` | ${cell(entry.meaning)} | ${entry.fix.map(cell).join('<br>')} |`);
	}

	return `${lines.join('\n')}\n`;
}

/** Text safe inside a Markdown table cell: no column break, no HTML tag (`<your key>` would vanish). */
function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\s*\n\s*/g, ' ');
}
