// Deep imports keep undici's fetch, WebSocket and cache out of the bundle (half its size).
import Agent from 'undici/lib/dispatcher/agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import DispatcherBase from 'undici/lib/dispatcher/dispatcher.js';
import dispatcherApi from 'undici/lib/api/index.js';

// What undici's index does to give every dispatcher its request() method.
Object.assign(DispatcherBase.prototype, dispatcherApi);

export {Agent, ProxyAgent};
