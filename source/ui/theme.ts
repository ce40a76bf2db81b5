import {createContext, useContext} from 'react';
import {statusMarks} from '../core/report/text-report.js';
import type {LiveStatus, ProbeStatus} from '../core/types.js';
import type {Verdict} from '../core/conclude.js';

/** Roles a piece of text can play; each maps to a colour, or to none without colour. */
export type ColorRole = 'pass' | 'warn' | 'fail' | 'muted' | 'accent' | 'selected' | 'badge' | 'heading';

/** A mark and a word: every state is shown by both, never by colour alone. */
export type Label = {icon: string; word: string; role: ColorRole};

/** Colours, icons and words of the wizard, in one place. */
export type Theme = {
	/** True when colours are on. */
	color: boolean;
	/** Spinners move (off in tests, for stable frames). */
	animate: boolean;
	/** The colour of a role, or undefined without colour (NO_COLOR). */
	paint(role: ColorRole): string | undefined;
	/** Dim secondary text (off without colour, where dim is just more escape codes). */
	dim: boolean;
	status(status: ProbeStatus): Label;
	running: Label;
	waiting: Label;
	notChecked: Label;
	live(status: LiveStatus): Label;
	verdict(verdict: Verdict): Label;
	icons: {pointer: string; wins: string; topCause: string; bullet: string; separator: string; link: string; key: string};
};

const palette: Record<ColorRole, string> = {
	pass: 'green',
	warn: 'yellow',
	fail: 'red',
	muted: 'gray',
	accent: 'cyan',
	selected: 'cyan',
	badge: 'magenta',
	heading: 'white',
};

const statusRoles: Record<ProbeStatus, ColorRole> = {pass: 'pass', warn: 'warn', fail: 'fail', skip: 'muted', error: 'fail', timeout: 'warn'};

const liveLabels: Record<LiveStatus, Label> = {
	valid: {icon: '✔', word: 'works', role: 'pass'},
	invalid: {icon: '✖', word: 'rejected', role: 'fail'},
	untested: {icon: '-', word: 'not tested', role: 'muted'},
	error: {icon: '!', word: 'could not test', role: 'warn'},
};

const verdictLabels: Record<Verdict, Label> = {
	ok: {icon: '✔', word: 'OK', role: 'pass'},
	problem: {icon: '✖', word: 'PROBLEM', role: 'fail'},
	inconclusive: {icon: '?', word: 'INCONCLUSIVE', role: 'warn'},
};

/** Builds the theme; with `color: false` (NO_COLOR) every colour is undefined and the icons and words remain. */
export function createTheme(input: {color: boolean; animate?: boolean}): Theme {
	const {color} = input;
	return {
		color,
		animate: input.animate ?? true,
		paint: role => (color ? palette[role] : undefined),
		dim: color,
		status: status => ({icon: statusMarks[status].mark, word: statusMarks[status].word, role: statusRoles[status]}),
		// A check that has not finished: the rest of the diagnosis is shown without waiting for it.
		running: {icon: '…', word: 'still checking…', role: 'accent'},
		waiting: {icon: '·', word: 'waiting', role: 'muted'},
		notChecked: {icon: '○', word: 'not checked yet', role: 'muted'},
		live: status => liveLabels[status],
		verdict: verdict => verdictLabels[verdict],
		icons: {pointer: '❯', wins: '◀', topCause: '➜', bullet: '•', separator: '·', link: '↗', key: '⚿'},
	};
}

/** The theme the components read. */
export const ThemeContext = createContext<Theme>(createTheme({color: false, animate: false}));

/** The current theme. */
export function useTheme(): Theme {
	return useContext(ThemeContext);
}
