import {useInput} from 'ink';

/**
 * The keys that work everywhere: Ctrl-C interrupts at any moment; Esc goes back, q quits
 * and PgUp/PgDn scroll, except while typing in the paste box (which handles Esc itself).
 */
export function useWizardKeys(input: {onInterrupt(): void; onBack(): void; onQuit(): void; onPageDown(): void; onPageUp(): void; typing: boolean; isActive: boolean}): void {
	useInput(
		(text, key) => {
			if (key.ctrl && text === 'c') {
				input.onInterrupt();
				return;
			}

			if (input.typing) return;
			if (key.pageDown) input.onPageDown();
			else if (key.pageUp) input.onPageUp();
			else if (key.escape) input.onBack();
			else if (text === 'q' && !key.ctrl && !key.meta) input.onQuit();
		},
		{isActive: input.isActive},
	);
}
