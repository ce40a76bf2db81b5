import type {Ports} from '../ports.js';
import type {RunOptions} from '../types.js';

/**
 * The usage error for a flag whose tool is missing: `--container` needs the docker CLI,
 * `--k8s-secret` needs kubectl. One line, or undefined when the tools are there. A flag
 * the tool cannot serve is refused, never accepted and ignored.
 */
export async function missingToolRefusal(ports: Ports, options: Pick<RunOptions, 'containers' | 'k8sSecret'>): Promise<string | undefined> {
	const checks: Array<Promise<string | undefined>> = [];
	const missing = async (tool: string, args: string[], flag: string) => {
		// Only "not found" refuses: a tool that starts at all (even one that hangs) is installed, so a short limit does.
		const result = await ports.exec(tool, args, {timeoutMs: 300, env: {...ports.env}, extendEnv: false});
		return result.failure === 'not-found' ? `${flag} needs ${tool}, which is not installed (not found on PATH): install it, or leave ${flag} out.` : undefined;
	};

	if (options.containers.length > 0) checks.push(missing('docker', ['--version'], '--container'));
	if (options.k8sSecret) checks.push(missing('kubectl', ['version', '--client', '--output', 'json'], '--k8s-secret'));
	return (await Promise.all(checks)).find(Boolean);
}
