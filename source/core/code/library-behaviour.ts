import {compareVersions, majorOf, type LibraryName} from './library-versions.js';

/** A link to documentation, with what it is for. */
export type LibraryDoc = {label: string; url: string};

/**
 * What a client library does with the key's value, by version (reference §3.1–3.3): a
 * key with whitespace around it, an empty OPENAI_API_KEY, and no key at all.
 */
export type LibraryBehaviour = {
	/** `openai` (Python), `openai` (Node), LangChain… */
	name: string;
	whitespace: string;
	emptyKey: string;
	missingKey: string;
	/** Other variables it reads that change where or how the key goes. */
	alsoReads?: string;
	docs: LibraryDoc[];
};

const pythonDocs: LibraryDoc[] = [{label: 'openai-python', url: 'https://github.com/openai/openai-python'}];
const nodeDocs: LibraryDoc[] = [{label: 'openai-node', url: 'https://github.com/openai/openai-node'}];
/** The official migration guides, for code written for the other major version. */
export const migrationGuides: Record<'openai-python' | 'openai-node', LibraryDoc> = {
	'openai-python': {label: 'openai-python v1 migration guide', url: 'https://github.com/openai/openai-python/discussions/742'},
	'openai-node': {label: 'openai-node v3 → v4 migration guide', url: 'https://github.com/openai/openai-node/discussions/217'},
};

const at = (version: string | undefined, floor: string) => version !== undefined && compareVersions(version, floor) >= 0;

/** The behaviour of `library` at `version` (the current line when the version is unknown). */
export function libraryBehaviour(library: LibraryName, version?: string): LibraryBehaviour {
	const major = version === undefined ? undefined : majorOf(version);
	switch (library) {
		case 'openai-python': {
			if (major === 0) {
				return {
					name: 'openai (Python) < 1.0',
					whitespace: 'A key read from OPENAI_API_KEY is sent as it is; only openai.api_key_path files are stripped.',
					emptyKey: 'Sent as it is ("Bearer "): the API answers 401, no key provided.',
					missingKey: "openai.error.AuthenticationError: No API key provided. You can set your API key in code using 'openai.api_key = <API-KEY>'…",
					alsoReads: 'OPENAI_API_BASE, OPENAI_ORGANIZATION, OPENAI_API_TYPE, OPENAI_API_VERSION (v1 and later ignore the first two)',
					docs: [...pythonDocs, migrationGuides['openai-python']],
				};
			}

			const new234 = version === undefined || at(version, '2.34.0');
			return {
				name: `openai (Python) ${version ?? '≥ 1'}`,
				whitespace: 'Not stripped: a space, \\n or \\r in the key makes the HTTP client refuse the header, and the SDK reports "APIConnectionError: Connection error." (not a 401).',
				emptyKey: new234
					? 'OPENAI_API_KEY="" fails when the client is created: "Missing credentials. Please pass an `api_key`…" (2.34 and later).'
					: 'OPENAI_API_KEY="" sends "Bearer " and fails with "Illegal header value b\'Bearer \'", reported as APIConnectionError (1.0 to 2.33).',
				missingKey: new234
					? 'OpenAIError: Missing credentials. Please pass an `api_key`, `workload_identity`, `admin_api_key`, or set the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable.'
					: 'OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable',
				alsoReads: 'OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID (not OPENAI_API_BASE or OPENAI_ORGANIZATION)',
				docs: pythonDocs,
			};
		}

		case 'openai-node': {
			if (major !== undefined && major < 4) {
				return {
					name: `openai (Node) ${version}`,
					whitespace: 'Not trimmed: axios refuses the header with "Invalid character in header content [\\"Authorization\\"]".',
					emptyKey: 'Sent as it is.',
					missingKey: 'No check before the request: the API answers 401 "You didn\'t provide an API key".',
					docs: [...nodeDocs, migrationGuides['openai-node']],
				};
			}

			const missingKey =
				version !== undefined && !at(version, '5.18.0')
					? 'The OPENAI_API_KEY environment variable is missing or empty; either provide it, or instantiate the OpenAI client with an apiKey option…'
					: version !== undefined && !at(version, '6.34.0')
						? 'Missing credentials. Please pass an `apiKey`, or set the `OPENAI_API_KEY` environment variable.'
						: 'Missing credentials. Please pass an `apiKey`, `workloadIdentity`, `adminAPIKey`, or set the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable.';
			return {
				name: `openai (Node) ${version ?? '≥ 4'}`,
				whitespace: 'OPENAI_API_KEY is trimmed, so a trailing newline there is harmless; a key passed as apiKey is not, and fails with "APIConnectionError: Connection error." (not a legal HTTP header value).',
				emptyKey: 'An empty or whitespace-only OPENAI_API_KEY counts as unset.',
				missingKey,
				alsoReads: 'OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID',
				docs: nodeDocs,
			};
		}

		case 'langchain-python':
			return {
				name: `LangChain (Python)${version ? ` ${version}` : ''}`,
				whitespace: 'Passed to the openai package as it is: a space or newline fails as "Connection error.".',
				emptyKey: 'An empty key fails with "LocalProtocolError: Illegal header value b\'Bearer \'".',
				missingKey: 'The openai package\'s own error (see above).',
				alsoReads: 'OPENAI_API_BASE (before OPENAI_BASE_URL), both OPENAI_ORG_ID and OPENAI_ORGANIZATION, OPENAI_PROXY: stale values from old tutorials reach LangChain but not the plain SDK',
				docs: [{label: 'LangChain ChatOpenAI', url: 'https://python.langchain.com/docs/integrations/chat/openai/'}],
			};
		default:
			return {
				name: `LangChain.js${version ? ` ${version}` : ''}`,
				whitespace: 'Handled by the openai package underneath (see above).',
				emptyKey: 'Handled by the openai package underneath.',
				missingKey: 'The openai package\'s own error (see above).',
				docs: [{label: 'LangChain.js ChatOpenAI', url: 'https://js.langchain.com/docs/integrations/chat/openai/'}],
			};
	}
}
