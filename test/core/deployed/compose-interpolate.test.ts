import {describe, expect, it} from 'vitest';
import {interpolate} from '../../../source/core/deployed/compose-interpolate.js';

const vars: Record<string, string> = {SET: 'value', EMPTY: '', OTHER: 'other'};
const lookup = (name: string) => vars[name];

describe('compose interpolation', () => {
	it.each([
		['${SET}', 'value'],
		['$SET', 'value'],
		['pre-${SET}-post', 'pre-value-post'],
		['${UNSET}', ''],
		['$UNSET', ''],
		['${UNSET:-fallback}', 'fallback'],
		['${EMPTY:-fallback}', 'fallback'],
		['${EMPTY-fallback}', ''],
		['${UNSET-fallback}', 'fallback'],
		['${SET:-fallback}', 'value'],
		['${SET:+alt}', 'alt'],
		['${EMPTY:+alt}', ''],
		['${EMPTY+alt}', 'alt'],
		['${UNSET+alt}', ''],
		['$$SET', '$SET'],
		['$${SET}', '${SET}'],
		['${UNSET:-${OTHER}}', 'other'],
		['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
		['no variables', 'no variables'],
	])('%s gives %j', (text, expected) => {
		const result = interpolate(text, lookup);
		expect(result.ok && result.value).toBe(expected);
	});

	it('records which variables were blank, so an unset one is named', () => {
		const result = interpolate('${OPENAI_API_KEY}', lookup);
		expect(result).toMatchObject({ok: true, value: '', references: [{name: 'OPENAI_API_KEY', set: false, blank: true, operator: ''}]});
		const defaulted = interpolate('${OPENAI_API_KEY:-}', lookup);
		expect(defaulted).toMatchObject({ok: true, value: '', references: [{name: 'OPENAI_API_KEY', set: false, usedDefault: true, blank: true}]});
	});

	it.each([
		['${UNSET:?set UNSET first}', 'required variable UNSET is missing a value: set UNSET first'],
		['${EMPTY:?}', 'required variable EMPTY is missing a value'],
		['${UNSET?nope}', 'required variable UNSET is missing a value: nope'],
	])('%s refuses to start', (text, message) => {
		expect(interpolate(text, lookup)).toMatchObject({ok: false, reason: 'missing', message});
	});

	it('lets ${EMPTY?err} through: set, even empty, is enough without the colon', () => {
		expect(interpolate('${EMPTY?err}', lookup)).toMatchObject({ok: true, value: ''});
	});

	it.each(['${', '${SET', '${}', '${1BAD}', 'price: 5$', '${SET:=x}'])('%j is an invalid template', text => {
		expect(interpolate(text, lookup)).toMatchObject({ok: false, reason: 'invalid'});
	});
});
