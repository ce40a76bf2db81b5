import {WizardApp, type WizardAppProps} from '../../source/ui/app.js';
import {renderAt, type Rendered} from '../helpers/render.js';
import type {wizardWorld} from './wizard-world.js';

/** Menu entries as the screen shows them: number and label (wrapped lines joined). */
export function menuEntries(frame: string): Array<{number: number; label: string; selected: boolean}> {
	const entries: Array<{number: number; label: string; selected: boolean}> = [];
	let inMenu = false;
	for (const line of frame.split('\n')) {
		const match = /^([❯ ]) (\d)\. (.*)$/.exec(line);
		if (match) {
			entries.push({number: Number(match[2]), label: match[3]!.trim(), selected: match[1] === '❯'});
			inMenu = true;
		} else if (inMenu && /^ {5}\S/.test(line)) {
			entries.at(-1)!.label += ` ${line.trim()}`;
		} else {
			inMenu = false;
		}
	}

	return entries;
}

/** Chooses the menu entry whose label starts with `label`, by its number key, as a user would. */
export async function choose(app: Rendered, label: string): Promise<void> {
	const frame = await app.waitFor(current => menuEntries(current).some(entry => entry.label.startsWith(label)));
	const entry = menuEntries(frame).find(candidate => candidate.label.startsWith(label))!;
	await app.press(String(entry.number));
}

/** Renders the wizard against a fake world at a width; spinners still, colours off. */
export function renderWizard(world: ReturnType<typeof wizardWorld>, columns = 100, overrides: Partial<WizardAppProps> = {}): Rendered {
	return renderAt(
		<WizardApp
			ports={world.ports}
			options={world.options}
			version="9.9.9"
			startSession={world.startSession}
			probes={world.probes}
			rules={world.rules}
			save={world.save}
			color={false}
			animate={false}
			{...overrides}
		/>,
		{columns},
	);
}
