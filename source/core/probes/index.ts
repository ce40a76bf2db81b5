import type {ProbeDefinition} from '../types.js';
import {envProbe} from './env.js';
import {dotenvProbe} from './dotenv.js';
import {subfolderDotenvProbe} from './subfolder-dotenv.js';
import {profilesProbe} from './profiles.js';
import {loginShellProbe} from './login-shell.js';
import {misnamedVarsProbe} from './misnamed-vars.js';
import {keyAnatomyProbe} from './key-anatomy.js';
import {curlProbe} from './curl.js';
import {endpointProbe} from './endpoint.js';
import {errorTriageProbe} from './error-triage.js';
import {liveCheckProbe} from './live-check.js';
import {dockerProbe} from './docker.js';
import {composeProbe} from './compose.js';
import {dockerfileProbe} from './dockerfile.js';
import {kubernetesProbe} from './kubernetes.js';
import {ciProbe} from './ci.js';
import {serverlessProbe} from './serverless.js';
import {codeProbe} from './code.js';
import {dotenvLoadingProbe} from './dotenv-loading.js';
import {libraryVersionsProbe} from './library-versions.js';
import {exposureProbe} from './exposure.js';

/** Every probe, in the order the wizard lists them within a step. */
export const allProbes: readonly ProbeDefinition[] = [
	envProbe as ProbeDefinition,
	dotenvProbe as ProbeDefinition,
	subfolderDotenvProbe as ProbeDefinition,
	profilesProbe as ProbeDefinition,
	loginShellProbe as ProbeDefinition,
	misnamedVarsProbe as ProbeDefinition,
	keyAnatomyProbe as ProbeDefinition,
	liveCheckProbe as ProbeDefinition,
	curlProbe as ProbeDefinition,
	errorTriageProbe as ProbeDefinition,
	endpointProbe as ProbeDefinition,
	dockerProbe as ProbeDefinition,
	composeProbe as ProbeDefinition,
	dockerfileProbe as ProbeDefinition,
	kubernetesProbe as ProbeDefinition,
	ciProbe as ProbeDefinition,
	serverlessProbe as ProbeDefinition,
	codeProbe as ProbeDefinition,
	dotenvLoadingProbe,
	libraryVersionsProbe as ProbeDefinition,
	exposureProbe as ProbeDefinition,
];
