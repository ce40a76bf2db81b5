import {useCallback, useRef} from 'react';
import {useInput, type Key} from 'ink';

/** Which pane the arrows and Home/End move: the menu, or the page above it. */
export type Pane = 'menu' | 'page';

/** What the keys do; the app wires them to the menu, the scroll and the wizard's intents. */
export type WizardKeyHandlers = {
	onInterrupt(): void;
	onQuit(): void;
	onBack(): void;
	page: {pageDown(): void; pageUp(): void; lineDown(): void; lineUp(): void; top(): void; bottom(): void};
	/** `choose(index)` chooses that entry; without it, the selected one. */
	menu: {move(by: number): void; jump(to: 'first' | 'last' | number): void; choose(index?: number): void; count: number};
	/** Copy the screen's copyable with this number. */
	onCopy(number: number): void;
	copyCount: number;
	onPaste(): void;
	onHelp(): void;
	onCauses(): void;
	onDetails(): void;
	onCheckAgain(): void;
	onSave(): void;
	/** `]` and `[`: the next or previous entry of the step bar, in order, whatever the branch. */
	onStepInOrder(by: 1 | -1): void;
	pane: Pane;
	onPane(pane: Pane): void;
	/** The paste box is open: it gets every key but Ctrl-C. */
	typing: boolean;
	/** The help screen is open: any of Esc, ?, Enter closes it. */
	helping: boolean;
	/** The terminal is too small to draw: only q and Ctrl-C work. */
	tooSmall: boolean;
	isActive: boolean;
};

/**
 * Every key of the wizard in one place. Ctrl-C interrupts at any moment. `c` copies the
 * fix in view; `c` then a digit copies that command instead (when a screen has several).
 * Tab switches the arrows between the menu and the page; PgUp/PgDn always scroll the page.
 */
export function useWizardKeys(current: WizardKeyHandlers): void {
	const copyPending = useRef(false);
	// The newest handlers, set while rendering: a key that arrives before the new screen's
	// effects have run still acts on the screen that is drawn, never on the one before.
	const latest = useRef(current);
	latest.current = current;
	const handle = (text: string, key: Key): void => {
		const handlers = latest.current;
		if (key.ctrl && text === 'c') {
			handlers.onInterrupt();
			return;
		}

		if (handlers.typing) return;
		const plain = !key.ctrl && !key.meta;
		if (handlers.tooSmall) {
			if (plain && text === 'q') handlers.onQuit();
			return;
		}

		if (handlers.helping) {
			if (key.escape || key.return || text === '?' || text === 'h') handlers.onBack();
			else if (plain && text === 'q') handlers.onQuit();
			else if (key.pageDown) handlers.page.pageDown();
			else if (key.pageUp) handlers.page.pageUp();
			return;
		}

		// `c` then a digit: the digit picks the command (it is not a menu choice).
		const pending = copyPending.current;
		copyPending.current = false;
		// A digit right after `c` belongs to the copy, even one past the last command: it never falls through to the menu.
		if (pending && plain && /^[1-9]$/.test(text)) {
			if (Number(text) <= handlers.copyCount) handlers.onCopy(Number(text));
			return;
		}

		const page = handlers.pane === 'page';
		if (key.tab) handlers.onPane(page ? 'menu' : 'page');
		else if (key.pageDown) handlers.page.pageDown();
		else if (key.pageUp) handlers.page.pageUp();
		else if (key.home) (page ? handlers.page.top : () => handlers.menu.jump('first'))();
		else if (key.end) (page ? handlers.page.bottom : () => handlers.menu.jump('last'))();
		else if (key.upArrow) (page ? handlers.page.lineUp : () => handlers.menu.move(-1))();
		else if (key.downArrow) (page ? handlers.page.lineDown : () => handlers.menu.move(1))();
		else if (key.leftArrow) handlers.menu.move(-1);
		else if (key.rightArrow) handlers.menu.move(1);
		else if (key.return) handlers.menu.choose();
		else if (key.escape) handlers.onBack();
		else if (!plain) return;
		else if (/^[1-9]$/.test(text) && Number(text) <= handlers.menu.count) {
			handlers.menu.jump(Number(text) - 1);
			handlers.menu.choose(Number(text) - 1);
		} else if (text === 'c') {
			// With nothing to copy here the intent still says so; a digit after it is still the copy's.
			handlers.onCopy(1);
			copyPending.current = true;
		} else if (text === 'q') handlers.onQuit();
		else if (text === 'p') handlers.onPaste();
		else if (text === '?' || text === 'h') handlers.onHelp();
		else if (text === 'l') handlers.onCauses();
		else if (text === 'd') handlers.onDetails();
		else if (text === 'r') handlers.onCheckAgain();
		else if (text === 's') handlers.onSave();
		else if (text === ']') handlers.onStepInOrder(1);
		else if (text === '[') handlers.onStepInOrder(-1);
		else if (text === 'j') handlers.menu.move(1);
		else if (text === 'k') handlers.menu.move(-1);
	};

	const onInput = useCallback((text: string, key: Key) => {
		// Keys typed faster than the terminal is read arrive together ("c2", "2\r"): one at a time.
		if (text.length > 1 && !latest.current.typing && !key.ctrl && !key.meta) {
			for (const char of text) handle(char === '\r' ? '' : char, char === '\r' ? {...key, return: true} : key);
			return;
		}

		handle(text, key);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);
	useInput(onInput, {isActive: current.isActive});
}
