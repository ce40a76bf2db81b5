import {describe, expect, it} from 'vitest';
import {missingToolRefusal} from '../../../source/core/deployed/required-tools.js';
import {commandNotFound, makePorts} from '../../helpers/fake-ports.js';

const installed = async () => ({ok: true, exitCode: 0, stdout: 'v1', stderr: '', durationMs: 1});

describe('missingToolRefusal', () => {
	it('refuses --container without docker and --k8s-secret without kubectl, in one line', async () => {
		expect(await missingToolRefusal(makePorts(), {containers: ['web']})).toBe('--container needs docker, which is not installed (not found on PATH): install it, or leave --container out.');
		expect(await missingToolRefusal(makePorts(), {containers: [], k8sSecret: {name: 'x'}})).toContain('--k8s-secret needs kubectl');
	});

	it('lets them through when the tools are there, and asks nothing without the flags', async () => {
		expect(await missingToolRefusal(makePorts({exec: installed}), {containers: ['web'], k8sSecret: {name: 'x'}})).toBeUndefined();
		let asked = false;
		expect(await missingToolRefusal(makePorts({exec: async file => ((asked = true), commandNotFound(file))}), {containers: []})).toBeUndefined();
		expect(asked).toBe(false);
	});
});
