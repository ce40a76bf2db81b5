/**
 * A docker container name or id prefix, as `--container` and the wizard's picker accept
 * it: docker's own name rule, so nothing else (an option, a path) reaches `docker inspect`.
 */
export function isContainerRef(text: string): boolean {
	return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(text);
}
