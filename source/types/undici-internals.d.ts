// Types for the undici modules imported directly (see source/runner/http.ts).
declare module 'undici/lib/dispatcher/agent.js' {
	import {Agent} from 'undici';
	export default Agent;
}

declare module 'undici/lib/dispatcher/proxy-agent.js' {
	import {ProxyAgent} from 'undici';
	export default ProxyAgent;
}

declare module 'undici/lib/dispatcher/dispatcher.js' {
	import {Dispatcher} from 'undici';
	export default Dispatcher;
}

declare module 'undici/lib/api/index.js' {
	const api: Record<string, unknown>;
	export default api;
}
