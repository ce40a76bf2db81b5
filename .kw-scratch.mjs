import {execa} from 'execa';
const t = performance.now();
const r = await execa('bash', ['-lic', 'echo hi'], {reject:false, timeout: 1000, forceKillAfterDelay: 500, cleanup: true, stdin: 'ignore', env: {HOME: '/tmp/kwh', TERM: 'dumb', PATH: process.env.PATH}, extendEnv: false});
console.log(r.timedOut, r.stdout, r.stderr, r.signal, performance.now() - t);
