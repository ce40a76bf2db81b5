import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {describe, expect, it, vi} from 'vitest';
import {WizardApp} from '../../source/ui/app.js';
import {stripAnsi} from '../helpers/render.js';
import {wizardWorld} from './wizard-world.js';

/** A stdin that is not a terminal: asking it for raw mode is a bug. */
class PipeStdin extends EventEmitter {
	isTTY = false;
	setRawMode = vi.fn();
	setEncoding() {}
	read() {
		return null;
	}

	ref() {}
	unref() {}
	resume() {}
	pause() {}
}

class FakeStdout extends EventEmitter {
	columns = 80;
	frames: string[] = [];
	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};
}

describe('the wizard on a stdin that is not a terminal', () => {
	it('renders and runs its probes without ever asking for raw mode', async () => {
		const world = wizardWorld();
		const stdin = new PipeStdin();
		const stdout = new FakeStdout();
		const instance = render(
			<WizardApp ports={world.ports} options={world.options} version="9.9.9" startSession={world.startSession} probes={world.probes} rules={world.rules} color={false} animate={false} />,
			{stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false},
		);
		const exited = instance.waitUntilExit();
		const deadline = Date.now() + 3000;
		while (!stripAnsi(stdout.frames.at(-1) ?? '').includes('2✖') && Date.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 10));
		}

		expect(stripAnsi(stdout.frames.at(-1) ?? '')).toContain('Step 1 of 5');
		expect(stripAnsi(stdout.frames.at(-1) ?? '')).toContain('[1 Dashboard] · 2✖ · 3✖');
		expect(stdin.setRawMode).not.toHaveBeenCalled();
		instance.unmount();
		await expect(exited).resolves.toBeUndefined();
	});
});
