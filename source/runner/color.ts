/** Whether output should be coloured: FORCE_COLOR wins, then NO_COLOR, then whether it is a terminal. */
export function wantsColor(env: Readonly<Record<string, string | undefined>>, isTty: boolean): boolean {
	if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
	return isTty && env.TERM !== 'dumb';
}
