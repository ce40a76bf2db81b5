import {readdirSync, readFileSync} from 'node:fs';

/** Live processes whose environment holds `marker` (every child the CLI starts inherits it), or whose command line holds `needle`. */
export function processesOf(marker: string, needle?: string): string[] {
	const found: string[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
			const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
			const environment = readFileSync(`/proc/${name}/environ`, 'utf8');
			if (environment.includes(marker) || (needle && command.includes(needle))) found.push(`${name} ${command}`);
		} catch {}
	}

	return found;
}

/** Polls `predicate` every 50 ms until it holds or `timeoutMs` passes. */
export async function until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
	const started = Date.now();
	while (!predicate()) {
		if (Date.now() - started > timeoutMs) return false;
		await new Promise(resolve => setTimeout(resolve, 50));
	}

	return true;
}
