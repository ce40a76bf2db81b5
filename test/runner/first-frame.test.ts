import {describe, expect, it} from 'vitest';
import {writeFirstFrame} from '../../source/runner/first-frame.js';

function stream(columns: number) {
	const written: string[] = [];
	return {written, stream: {columns, write: (data: string) => written.push(data)} as unknown as NodeJS.WriteStream};
}

describe('the plain first frame', () => {
	it('draws the header and the step bar as the wizard’s first render does, abbreviated to the width', () => {
		const at60 = stream(60);
		writeFirstFrame(at60.stream, {version: '1.2.3', demo: false, color: false});
		expect(at60.written.join('').split('\n')).toEqual(['key-wizard 1.2.3 fix OpenAI 401 Unauthorized', '[1 Dashboard] · 2 · 3 · 4 · 5 · Summary', 'Starting the checks…', '']);
		const at120 = stream(120);
		writeFirstFrame(at120.stream, {version: '1.2.3', demo: true, color: false});
		expect(at120.written.join('').split('\n').slice(0, 2)).toEqual(['key-wizard 1.2.3  DEMO  simulated broken setup; nothing of yours is read', '[1 Dashboard] · 2 Sources · 3 Live test · 4 Library & docs · 5 Rotate · Summary']);
	});

	it('erases exactly what it drew, once', () => {
		const at80 = stream(80);
		const erase = writeFirstFrame(at80.stream, {version: '1.2.3', demo: false, color: false});
		erase();
		erase();
		expect(at80.written.slice(1)).toEqual(['\u001B[3A\r\u001B[J']);
	});
});
