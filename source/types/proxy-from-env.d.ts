// proxy-from-env ships no types.
declare module 'proxy-from-env' {
	/** The proxy URL for a request to `url` from `*_proxy` / `NO_PROXY` in process.env, or '' for none. */
	export function getProxyForUrl(url: string | URL): string;
}
