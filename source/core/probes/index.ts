import type {ProbeDefinition} from '../types.js';
import {envProbe} from './env.js';
import {keyAnatomyProbe} from './key-anatomy.js';

/** Every probe, in the order the wizard lists them within a step. */
export const allProbes: readonly ProbeDefinition[] = [envProbe as ProbeDefinition, keyAnatomyProbe as ProbeDefinition];
