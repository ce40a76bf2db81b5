import {WizardApp, type WizardAppProps} from '../../source/ui/app.js';
import {renderAt, type Rendered} from '../helpers/render.js';
import type {wizardWorld} from './wizard-world.js';
import {menuEntries} from './menu-entries.js';

export {menuEntries} from './menu-entries.js';

/** Chooses the menu entry whose label starts with `label`, by its number key, as a user would. */
export async function choose(app: Rendered, label: string): Promise<void> {
	const frame = await app.waitFor(current => menuEntries(current).some(entry => entry.label.startsWith(label) && entry.number !== undefined));
	const entry = menuEntries(frame).find(candidate => candidate.label.startsWith(label) && candidate.number !== undefined)!;
	await app.press(String(entry.number));
}

/** Renders the wizard against a fake world at a size (100×40 unless said); spinners still, colours off. */
export function renderWizard(world: ReturnType<typeof wizardWorld>, columns = 100, overrides: Partial<WizardAppProps> = {}, rows: number | undefined = 40): Rendered {
	return renderAt(
		<WizardApp
			ports={world.ports}
			options={world.options}
			version="9.9.9"
			startSession={world.startSession}
			probes={world.probes}
			rules={world.rules}
			save={world.save}
			clipboard={world.clipboard}
			color={false}
			animate={false}
			{...overrides}
		/>,
		{columns, rows},
	);
}
