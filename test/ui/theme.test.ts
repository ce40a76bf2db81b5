import {describe, expect, it} from 'vitest';
import type {ProbeStatus} from '../../source/core/types.js';
import {createTheme, type ColorRole} from '../../source/ui/theme.js';

const roles: ColorRole[] = ['pass', 'warn', 'fail', 'muted', 'accent', 'selected', 'badge', 'heading'];
const statuses: ProbeStatus[] = ['pass', 'warn', 'fail', 'skip', 'error', 'timeout'];

describe('the theme', () => {
	it('has no colour at all without colour (NO_COLOR), only icons and words', () => {
		const theme = createTheme({color: false});
		for (const role of roles) expect(theme.paint(role)).toBeUndefined();
		expect(theme.dim).toBe(false);
	});

	it('colours every role when colour is on', () => {
		const theme = createTheme({color: true});
		for (const role of roles) expect(theme.paint(role)).toMatch(/^[a-z]+$/);
	});

	it('gives every probe status its own icon-and-word pair, so colour is never the only signal', () => {
		const theme = createTheme({color: false});
		const pairs = statuses.map(status => `${theme.status(status).icon} ${theme.status(status).word}`);
		expect(new Set(pairs).size).toBe(statuses.length);
		for (const status of statuses) {
			expect(theme.status(status).icon.trim()).not.toBe('');
			expect(theme.status(status).word).toMatch(/^[a-z ]+$/);
		}

		expect(theme.status('pass')).toMatchObject({icon: '✔', word: 'ok'});
		expect(theme.status('warn')).toMatchObject({icon: '!', word: 'warning'});
		expect(theme.status('fail')).toMatchObject({icon: '✖', word: 'problem'});
		expect(theme.notChecked.word).toBe('not checked yet');
		expect(theme.verdict('inconclusive').word).toBe('INCONCLUSIVE');
	});
});
