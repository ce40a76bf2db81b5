import type {Ports} from '../ports.js';

/** Signs that key-wizard itself runs inside a container, and which kind. */
export type SelfContainer = {inside: boolean; kind?: 'docker' | 'podman' | 'kubernetes' | 'container'; evidence: string[]};

/**
 * Whether this process runs in a container: `/.dockerenv` (docker), `/run/.containerenv`
 * (podman), `KUBERNETES_SERVICE_HOST` (a pod), or a container runtime in PID 1's cgroup.
 * Only Linux has these; elsewhere the answer is no.
 */
export async function detectSelfContainer(ports: Ports): Promise<SelfContainer> {
	if (ports.platform !== 'linux') return {inside: false, evidence: []};
	const evidence: string[] = [];
	let kind: SelfContainer['kind'];
	if (ports.env.KUBERNETES_SERVICE_HOST) {
		evidence.push('KUBERNETES_SERVICE_HOST is set');
		kind = 'kubernetes';
	}

	const [dockerenv, containerenv, cgroup] = await Promise.all([
		ports.fs.exists('/.dockerenv'),
		ports.fs.exists('/run/.containerenv'),
		ports.fs.readFile('/proc/1/cgroup', {maxBytes: 64 * 1024}),
	]);
	if (dockerenv) {
		evidence.push('/.dockerenv exists');
		kind ??= 'docker';
	}

	if (containerenv) {
		evidence.push('/run/.containerenv exists');
		kind ??= 'podman';
	}

	if (cgroup.ok) {
		const runtime = /\b(docker|kubepods|containerd|libpod|crio|lxc)\b/.exec(new TextDecoder().decode(cgroup.bytes))?.[1];
		if (runtime) {
			evidence.push(`PID 1's cgroup names ${runtime}`);
			kind ??= runtime === 'kubepods' ? 'kubernetes' : runtime === 'libpod' ? 'podman' : 'container';
		}
	}

	return {inside: evidence.length > 0, ...(kind ? {kind} : {}), evidence};
}
