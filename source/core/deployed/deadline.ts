import type {Ports} from '../ports.js';

/**
 * A probe's own deadline inside the runner's time limit: a margin before it, so a probe
 * that runs several commands in a row reports what it has instead of being cut off.
 */
export function probeDeadline(ports: Ports, timeoutMs: number): number {
	return ports.now() + timeoutMs - Math.min(500, Math.max(50, timeoutMs * 0.1));
}

/** Milliseconds left before `deadline` for the next command (never below 50). */
export function timeLeft(ports: Ports, deadline: number): number {
	return Math.max(50, Math.round(deadline - ports.now()));
}
