import {dotenvLoaderNames, dotenvLoading} from '../code/dotenv-loading.js';
import {appKeyNames} from '../code/key-reads.js';
import type {DotenvProbeData} from './dotenv.js';
import type {CodeProbeData} from './code.js';
import type {ProbeDefinition} from '../types.js';

/**
 * Step 2: whether the `.env` that holds the key reaches the app at all: the SDKs never
 * read `.env` themselves, only a loader the code (or its framework, or a script) runs.
 */
export const dotenvLoadingProbe: ProbeDefinition = {
	id: 'dotenv-loading',
	step: 2,
	title: 'Who loads .env',
	checks: 'whether the code, its framework or a script loads the .env that holds the key',
	needs: ['dotenv', 'code'],
	async run({ports, results}) {
		const dotenv = results.get('dotenv')?.data as DotenvProbeData | undefined;
		const scan = (results.get('code')?.data as CodeProbeData | undefined)?.scan;
		const loading = dotenvLoading(dotenv, scan, appKeyNames(scan));
		if (loading.state === 'no-key') return {status: 'skip', summary: 'No .env the app would read sets OPENAI_API_KEY.'};
		const shown = loading.source.replace(/^file:/, '');
		const inEnvironment = ports.env[loading.variable] !== undefined;
		const environment = inEnvironment ? ` (this environment has ${loading.variable} already, and loaders keep it)` : '';
		switch (loading.state) {
			case 'loaded':
				return {status: 'pass', summary: `${shown} reaches the app: ${loading.by}${environment}.`};
			case 'no-code':
				return {
					status: 'warn',
					summary: `${shown} sets the key, and there is no code here to tell whether the app loads it: SDKs never read .env themselves.`,
					details: [`The app gets it only through a loader: ${dotenvLoaderNames}.`],
				};
			default:
				return {
					status: inEnvironment ? 'warn' : loading.partial ? 'warn' : 'fail',
					summary: `${loading.late ? `${loading.file} is loaded too late, so the client never gets ${shown}'s key` : loading.withheld ? `${loading.file} is loaded, but the code never gets ${shown}'s key` : `Nothing loads ${loading.file}, so the app never gets ${shown}'s key`}: ${loading.why}${loading.partial ? ' (in the files read: the scan was partial)' : ''}${environment}.`,
				};
		}
	},
};
