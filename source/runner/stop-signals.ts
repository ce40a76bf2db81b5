/** The signals that stop a run in an orderly way, with the exit code each gives (128 + its number, as shells report it). */
export const signalExitCodes = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;

/** A signal that stops a run: checks aborted, every child killed, the terminal restored. */
export type StopSignal = keyof typeof signalExitCodes;

/** The stop signals, in a list. */
export const stopSignals = Object.keys(signalExitCodes) as StopSignal[];
