/**
 * Milliseconds on a monotonic clock. `performance.now()` would do, but its first call
 * loads Node's whole user-timing module (1–6 ms, on every run's critical path).
 */
export function monotonicMs(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}
