import type {RunOptions} from '../types.js';

/** `[NAMESPACE/]NAME[:KEY]` with Kubernetes names: the shape `--k8s-secret` and the secret picker accept. */
const secretRef = /^(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/)?([a-z0-9]([-.a-z0-9]*[a-z0-9])?)(?::([-._a-zA-Z0-9]+))?$/;

/**
 * Reads `[NAMESPACE/]NAME[:KEY]`; undefined for anything else. A project's manifests name
 * the secrets the picker offers, so a name that is no Kubernetes name never reaches kubectl.
 */
export function parseK8sSecretRef(text: string): NonNullable<RunOptions['k8sSecret']> | undefined {
	const match = secretRef.exec(text);
	if (!match) return undefined;
	return {...(match[1] ? {namespace: match[1]} : {}), name: match[3]!, ...(match[5] ? {key: match[5]} : {})};
}
