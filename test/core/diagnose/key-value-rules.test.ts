import {describe, expect, test} from 'vitest';
import {diagnose} from '../../../source/core/diagnose/diagnose.js';
import {keyValueRules} from '../../../source/core/diagnose/rules/key-value.js';
import {fingerprint} from '../../../source/core/keys/fingerprint.js';
import type {Cause, Facts, ProbeResult} from '../../../source/core/types.js';
import {Secret} from '../../../source/core/keys/secret.js';
import {makeFacts, observe} from '../../helpers/facts.js';
import {
	makeAdminKey,
	makeAnthropicKey,
	makeAzureKey,
	makeDeepSeekKey,
	makeEarlyProjectKey,
	makeGroqKey,
	makeJwt,
	makeKeyId,
	makeNoProjectKey,
	makeOpenRouterKey,
	makeProjectKey,
	makeServiceAccountKey,
	makeUserKey,
} from '../../helpers/fake-keys.js';

const project = makeProjectKey(201);
const otherProject = makeProjectKey(202);
const user = makeUserKey(203);
const anthropic = makeAnthropicKey(204);
const openRouter = makeOpenRouterKey(205);
const jwt = makeJwt('https://auth.openai.com', 206);
const admin = makeAdminKey(207);

const causesOf = (facts: Facts) => diagnose(facts, keyValueRules);
const idsOf = (facts: Facts) => causesOf(facts).map(cause => cause.id);
const env = (value: string) => observe(value, 'env:OPENAI_API_KEY');
const dotenv = (value: string, line = 3) => observe(value, `file:.env:${line}`);
const gateway = {options: {baseUrl: 'http://localhost:4000', baseUrlSource: 'env:OPENAI_BASE_URL' as const}};

type Row = [name: string, facts: Facts, ids: string[]];

function loginShell(value: string) {
	return observe(value, 'login-shell:zsh');
}

/** A profiles probe whose files, read as written, leave `value` exported for a new terminal. */
function profilesOutcome(value: string): ProbeResult {
	const secret = new Secret(value);
	const outcome = {set: true, exported: true, source: 'profile:~/.zshrc:1', sha256: secret.sha256, fingerprint: secret.fingerprint, empty: false};
	return {id: 'profiles', step: 2, status: 'pass', summary: '', durationMs: 1, data: {files: [], definitions: [], order: ['~/.zshrc'], outcome, unfollowed: [], broken: []}};
}

/** A login shell that ran and exported `value`. */
function loginRan(value: string): ProbeResult {
	const secret = new Secret(value);
	return {id: 'login-shell', step: 2, status: 'warn', summary: '', durationMs: 1, data: {ran: true, shell: 'zsh', set: true, exported: true, sha256: secret.sha256, fingerprint: secret.fingerprint, process: 'unset'}};
}

const calledGateway: ProbeResult = {id: 'error-triage', step: 3, status: 'warn', summary: '', durationMs: 1, data: {given: true, calledHost: 'litellm.acme.dev', matches: []}};

const healthy: Row[] = [
	['a LiteLLM virtual key, and the app’s error shows it called the LiteLLM host: OpenAI’s format does not apply', makeFacts([env('sk-Ab3dEf6hIj9kLm2nOp5qRs')], {results: [calledGateway]}), []],
	['a Groq key with LangChain’s OPENAI_API_BASE at Groq: paired (legacy-env-vars speaks for the old variable)', makeFacts([env(makeGroqKey(9))], {env: {OPENAI_API_KEY: makeGroqKey(9), OPENAI_API_BASE: 'https://api.groq.com/openai/v1'}}), []],
	['project key in the environment', makeFacts([env(project)]), []],
	['early (56-character) project key', makeFacts([env(makeEarlyProjectKey())]), []],
	['legacy user key', makeFacts([env(user)]), []],
	['key without a project (sk-None-)', makeFacts([env(makeNoProjectKey())]), []],
	['service-account key', makeFacts([env(makeServiceAccountKey())]), []],
	['project key only in .env', makeFacts([dotenv(project)]), []],
	['same key in env and .env', makeFacts([env(project), dotenv(project)]), []],
	['clean env key wins over a quoted stale .env key', makeFacts([env(project), dotenv(`"${otherProject}"\r`)]), []],
	['clean env key wins over a placeholder in .env', makeFacts([env(project), dotenv('YOUR_API_KEY')]), []],
	['a bad value only in a profile the app does not read', makeFacts([env(project), observe(`Bearer ${otherProject}\n`, 'profile:~/.bashrc:12')]), []],
	['a bad value only in a near-named variable', makeFacts([env(project), observe('sk-xxxx', 'env:OPENAI_KEY')]), []],
	['no key at all (key-missing is not ours)', makeFacts([]), []],
	['a key only on a profile line, and nothing says a new terminal gets it', makeFacts([observe(`${project}\n`, 'profile:~/.zshrc:4')]), []],
	['this process has a clean key; a new terminal would bring an admin key (not the value the app gets)', makeFacts([env(project), loginShell(admin)]), []],
	['.env gives the app a clean key; a new terminal would bring a JWT', makeFacts([dotenv(project), loginShell(jwt)]), []],
	['the files read as written say admin, but the login shell ran and gives a clean key', makeFacts([observe(project, 'login-shell:zsh'), observe(admin, 'profile:~/.zshrc:1')], {results: [profilesOutcome(admin), loginRan(project)]}), []],
	['empty value (key-empty is not ours)', makeFacts([env('')]), []],
	['whitespace-only value (key-empty is not ours)', makeFacts([env(' \n')]), []],
	['OpenRouter key sent to OpenRouter', makeFacts([env(openRouter)], {options: {baseUrl: 'https://openrouter.ai/api/v1'}}), []],
	['Anthropic key sent to Anthropic', makeFacts([env(anthropic)], {options: {baseUrl: 'https://api.anthropic.com/v1/'}}), []],
	['Groq key sent to Groq', makeFacts([env(makeGroqKey())], {options: {baseUrl: 'https://api.groq.com/openai/v1'}}), []],
	['DeepSeek key sent to DeepSeek', makeFacts([env(makeDeepSeekKey())], {options: {baseUrl: 'https://api.deepseek.com'}}), []],
	['Azure key (the azure-endpoint cause names it)', makeFacts([env(makeAzureKey())]), []],
	['LiteLLM master key at a local gateway', makeFacts([env('sk-1234')], gateway), []],
	['vLLM "EMPTY" key at a local server', makeFacts([env('EMPTY')], gateway), []],
	['another provider key at a gateway', makeFacts([env(anthropic)], gateway), []],
	['admin key at a gateway', makeFacts([env(admin)], gateway), []],
	['a JWT at a gateway (corporate OAuth)', makeFacts([env(jwt)], gateway), []],
];

const problems: Row[] = [
	[
		'a cut-short key in .env that the app’s error names, beside a good env key: the app sent it, so it is named',
		makeFacts([env(project), dotenv(otherProject.slice(0, 120))], {matchesError: {[otherProject.slice(0, 120)]: true, [project]: false}}),
		['key-malformed'],
	],
	['placeholder in env', makeFacts([env('YOUR_OPENAI_API_KEY')]), ['key-placeholder']],
	['placeholder sk-... in .env with no env key', makeFacts([dotenv('sk-...')]), ['key-placeholder']],
	['unexpanded ${VAR}', makeFacts([env('${OPENAI_API_KEY}')]), ['key-placeholder']],
	['placeholder with the demo server', makeFacts([env('sk-your-key-here')], {options: {baseUrl: 'http://127.0.0.1:4010/v1', demo: true}}), ['key-placeholder']],
	['placeholder the gateway refused', makeFacts([env('sk-1234')], {...gateway, live: {'sk-1234': 'invalid'}}), ['key-placeholder']],
	['trailing newline', makeFacts([env(`${project}\n`)]), ['key-whitespace']],
	['CRLF in .env', makeFacts([dotenv(`${project}\r`)]), ['key-whitespace']],
	['leading space', makeFacts([env(` ${user}`)]), ['key-whitespace']],
	['trailing newline at a gateway (still breaks the header)', makeFacts([env(`${project}\n`)], gateway), ['key-whitespace']],
	['quoted', makeFacts([env(`"${project}"`)]), ['key-quoted']],
	['only quotes (a compose list entry)', makeFacts([env('""')]), ['key-quoted']],
	['Bearer prefix', makeFacts([env(`Bearer ${project}`)]), ['key-bearer-prefix']],
	['the whole "Authorization: Bearer …" header', makeFacts([env(`Authorization: Bearer ${project}`)]), ['key-bearer-prefix']],
	['a space inside the key', makeFacts([env(`${project.slice(0, 30)} ${project.slice(30)}`)]), ['key-whitespace']],
	['NBSP', makeFacts([env(`${project}\u00a0`)]), ['key-invisible-chars']],
	['zero-width space', makeFacts([env(`${project.slice(0, 30)}\u200b${project.slice(30)}`)]), ['key-invisible-chars']],
	['smart quotes', makeFacts([env(`\u201c${project}\u201d`)]), ['key-invisible-chars']],
	['control character', makeFacts([env(`${project.slice(0, 30)}\u0007${project.slice(30)}`)]), ['key-invisible-chars']],
	['URL', makeFacts([env('https://api.openai.com/v1')]), ['key-malformed']],
	['URL at a gateway (no key anywhere)', makeFacts([env('https://api.openai.com/v1')], gateway), ['key-malformed']],
	['sentence', makeFacts([env('You are a helpful assistant.')]), ['key-malformed']],
	['key id', makeFacts([env(makeKeyId(9))]), ['key-malformed']],
	['organization id', makeFacts([env('org-AbCdEf0123456789xyzABCDE')]), ['key-malformed']],
	['cut short', makeFacts([env(project.slice(0, 40))]), ['key-malformed']],
	['pasted line', makeFacts([env(`OPENAI_API_KEY=${project}`)]), ['key-malformed']],
	['unknown value the gateway refused: the gateway’s refusal (base-url-mismatch) says nothing of OpenAI’s format', makeFacts([env('EMPTY')], {...gateway, live: {EMPTY: 'invalid'}}), []],
	['Anthropic key sent to OpenAI', makeFacts([env(anthropic)]), ['key-other-provider']],
	['OpenRouter key sent to OpenAI', makeFacts([env(openRouter)]), ['key-other-provider']],
	['Anthropic key sent to OpenRouter', makeFacts([env(anthropic)], {options: {baseUrl: 'https://openrouter.ai/api/v1'}}), ['key-other-provider']],
	['DeepSeek-shaped key sent to OpenAI', makeFacts([env(makeDeepSeekKey(8))]), ['key-other-provider']],
	['JWT', makeFacts([env(jwt)]), ['key-jwt']],
	['admin key', makeFacts([env(admin)]), ['key-admin']],
	['quoted placeholder', makeFacts([env('"YOUR_API_KEY"')]), ['key-placeholder', 'key-quoted']],
	['Bearer and a newline', makeFacts([env(`Bearer ${project}\n`)]), ['key-whitespace', 'key-bearer-prefix']],
	['an Anthropic key with a newline', makeFacts([env(`${anthropic}\n`)]), ['key-other-provider', 'key-whitespace']],
	// This process has none: "open a new terminal" hands the app the key the login shell (or the files) give.
	['no key here; a new terminal brings an admin key', makeFacts([loginShell(admin), observe(admin, 'profile:~/.zshrc:1')]), ['key-admin']],
	['no key here; a new terminal brings a JWT', makeFacts([loginShell(jwt)]), ['key-jwt']],
	['no key here; a new terminal brings a key with CRLF\'s \\r', makeFacts([loginShell(`${project}\r`), observe(`${project}\r`, 'profile:~/.bash_profile:1')]), ['key-whitespace']],
	['no key here; a new terminal brings a placeholder', makeFacts([loginShell('sk-...')]), ['key-placeholder']],
	['no key here; a new terminal brings "Bearer …"', makeFacts([loginShell(`Bearer ${project}`)]), ['key-bearer-prefix']],
	['no key here; a new terminal brings escaped quotes', makeFacts([loginShell(`"${project}"`)]), ['key-quoted']],
	[
		'no key here; the login shell did not run, the files give an Anthropic key',
		makeFacts([observe(anthropic, 'profile:~/.zshrc:2')], {results: [profilesOutcome(anthropic)]}),
		['key-other-provider'],
	],
];

describe('key-value rules', () => {
	test.each(healthy)('no cause: %s', (_name, facts, ids) => {
		expect(idsOf(facts)).toEqual(ids);
	});

	test.each(problems)('%s', (_name, facts, ids) => {
		expect(idsOf(facts)).toEqual(ids);
	});

	test('every rule id is a key-value cause of CAUSES.md, and none is key-missing or key-empty', () => {
		expect(keyValueRules.map(rule => rule.id).sort()).toEqual(
			['key-admin', 'key-bearer-prefix', 'key-invisible-chars', 'key-jwt', 'key-malformed', 'key-other-provider', 'key-placeholder', 'key-quoted', 'key-whitespace'].sort(),
		);
		for (const rule of keyValueRules) expect(rule.step).toBe(2);
	});
});

describe('what the causes say', () => {
	const only = (facts: Facts, id: string): Cause => {
		const cause = causesOf(facts).find(candidate => candidate.id === id);
		expect(cause, id).toBeDefined();
		return cause!;
	};

	test('whitespace inside the key: says inside', () => {
		const cause = only(makeFacts([env(`${project.slice(0, 30)}\t${project.slice(30)}`)]), 'key-whitespace');
		expect(cause.title).toBe('OPENAI_API_KEY has a space or tab inside the key');
		expect(cause.evidence[0]).toMatch(/has a tab inside the key$/);
	});

	test('a new terminal\'s key: says a new terminal hands the app that value, and where to fix it', () => {
		const cause = only(makeFacts([loginShell(admin), observe(admin, 'profile:~/.zshrc:1')]), 'key-admin');
		expect(cause.evidence[0]).toBe(`login-shell:zsh (${fingerprint(admin)}) is an OpenAI admin key (sk-admin-…), meant for the organization admin APIs`);
		expect(cause.evidence.at(-1)).toBe(
			`This process has no OPENAI_API_KEY; a new terminal gets ${fingerprint(admin)} (login-shell:zsh, profile:~/.zshrc:1), so opening one, as the fix for the unloaded profile says, hands the app this value.`,
		);
		expect(cause.fix).toContain('Fix it in ~/.zshrc line 1, then open a new terminal.');
	});

	test('whitespace: names the source, the fingerprint and the character', () => {
		const cause = only(makeFacts([env(`${project}\n`)]), 'key-whitespace');
		expect(cause.confidence).toBe('high');
		// The fingerprint of the key inside the whitespace: the ending the dashboard shows.
		expect(cause.evidence).toEqual([`env:OPENAI_API_KEY (sk-proj-…${project.slice(-4)}) ends with a newline (\\n)`]);
		expect(cause.fix.join('\n')).toContain('printf %s');
		expect(cause.snippets.map(snippet => snippet.text)).toContain(`export OPENAI_API_KEY="$(printf %s "$OPENAI_API_KEY" | tr -d ' \\t\\r\\n')"`);
	});

	test('whitespace from a CRLF .env: dos2unix on that file', () => {
		const cause = only(makeFacts([dotenv(`${project}\r\n`, 7)]), 'key-whitespace');
		expect(cause.evidence[0]).toMatch(/^file:\.env:7 \(sk-proj-….*\) ends with a Windows line ending \(\\r\\n\)$/);
		expect(cause.fix.join('\n')).toMatch(/dos2unix/);
		expect(cause.fix).toContain('Fix it in .env line 7.');
		expect(cause.snippets.map(snippet => snippet.text)).toContain('dos2unix .env');
	});

	test('whitespace from a CRLF profile: dos2unix keeps the ~ outside the quotes', () => {
		const value = `${project}\r`;
		const cause = only(makeFacts([env(value), observe(value, 'profile:~/My Profile.sh:3')]), 'key-whitespace');
		expect(cause.snippets.map(snippet => snippet.text)).toContain("dos2unix ~/'My Profile.sh'");
	});

	test('whitespace: the profile that set the same value is named', () => {
		const value = `${project}\n`;
		const cause = only(makeFacts([env(value), observe(value, 'profile:~/.bashrc:12')]), 'key-whitespace');
		expect(cause.fix.some(line => line.includes('profile:~/.bashrc:12'))).toBe(true);
	});

	test('whitespace on a key the live check accepted is less certain', () => {
		const value = `${project}\n`;
		expect(only(makeFacts([env(value)], {live: {[value]: 'valid'}}), 'key-whitespace').confidence).toBe('medium');
	});

	test('a defect on a placeholder ranks after the placeholder', () => {
		const causes = causesOf(makeFacts([env('"YOUR_API_KEY"')]));
		expect(causes.map(cause => [cause.id, cause.confidence])).toEqual([
			['key-placeholder', 'high'],
			['key-quoted', 'medium'],
		]);
	});

	test('quoted: says the quotes and how to strip them', () => {
		const cause = only(makeFacts([env(`'${project}'`)]), 'key-quoted');
		expect(cause.evidence[0]).toMatch(/is wrapped in quotes \('…'\)$/);
		expect(cause.snippets[0]!.text).toBe(`export OPENAI_API_KEY="$(printf %s "$OPENAI_API_KEY" | tr -d "\\"'")"`);
	});

	test('Bearer: strip the prefix', () => {
		const cause = only(makeFacts([env(`Bearer ${project}`)]), 'key-bearer-prefix');
		expect(cause.evidence[0]).toMatch(/starts with "Bearer "$/);
		expect(cause.snippets[0]!.text).toBe('export OPENAI_API_KEY="${OPENAI_API_KEY#Bearer }"');
	});

	test('invisible characters: names them and links the keys page', () => {
		const cause = only(makeFacts([env(`${project.slice(0, 30)}\u200b${project.slice(30)}`)]), 'key-invisible-chars');
		expect(cause.evidence[0]).toMatch(/contains a zero-width space \(U\+200B\) inside$/);
		expect(cause.fix.join('\n')).toContain('https://platform.openai.com/api-keys');
		expect(cause.snippets[0]!.text).toContain("tr -cd 'A-Za-z0-9_-'");
	});

	test('malformed: the reason, and a fix for that kind of mistake', () => {
		const url = only(makeFacts([env('https://api.openai.com/v1')]), 'key-malformed');
		expect(url.evidence[0]).toMatch(/^env:OPENAI_API_KEY \(.*\): a URL, not a key$/);
		expect(url.fix[0]).toMatch(/OPENAI_BASE_URL/);
		const keyId = only(makeFacts([env(makeKeyId(4))]), 'key-malformed');
		expect(keyId.evidence[0]).toMatch(/an OpenAI key id \(key_…\), not the secret$/);
		expect(keyId.fix[0]).toMatch(/shown only once/);
		const pasted = only(makeFacts([env(`OPENAI_API_KEY=${project}`)]), 'key-malformed');
		expect(pasted.evidence[0]).toContain('a whole line was pasted (OPENAI_API_KEY=…)');
	});

	test('other provider: names it and its real base URL', () => {
		const cause = only(makeFacts([env(anthropic)]), 'key-other-provider');
		expect(cause.title).toBe('OPENAI_API_KEY holds an Anthropic key');
		expect(cause.evidence[0]).toMatch(/is an Anthropic key, but the base URL is https:\/\/api\.openai\.com\/v1 \(OpenAI\)$/);
		expect(cause.fix.join('\n')).toContain('https://api.anthropic.com/v1/');
		expect(cause.snippets.map(snippet => snippet.text)).toContain('export OPENAI_BASE_URL="https://api.anthropic.com/v1/"');
		const router = only(makeFacts([env(openRouter)]), 'key-other-provider');
		expect(router.snippets.map(snippet => snippet.text)).toContain('export OPENAI_BASE_URL="https://openrouter.ai/api/v1"');
	});

	test.each([
		{provider: 'groq', value: makeGroqKey(1), baseUrl: 'https://api.groq.com/openai/v1'},
		{provider: 'deepseek', value: makeDeepSeekKey(1), baseUrl: 'https://api.deepseek.com'},
	])('other provider $provider: base URL $baseUrl', ({value, baseUrl}) => {
		expect(only(makeFacts([env(value)]), 'key-other-provider').fix.join('\n')).toContain(baseUrl);
	});

	test('a DeepSeek-shaped key is only medium: the shape is shared', () => {
		expect(only(makeFacts([env(makeDeepSeekKey(2))]), 'key-other-provider').confidence).toBe('medium');
	});

	test('JWT: names the issuer', () => {
		const cause = only(makeFacts([env(jwt)]), 'key-jwt');
		expect(cause.evidence[0]).toMatch(/is a JWT \(a login or OAuth token\) issued by https:\/\/auth\.openai\.com$/);
		expect(cause.fix[0]).toMatch(/invalid_issuer/);
	});

	test('admin: move it to OPENAI_ADMIN_KEY', () => {
		const cause = only(makeFacts([env(admin)]), 'key-admin');
		expect(cause.confidence).toBe('high');
		expect(cause.snippets[0]!.text).toContain('export OPENAI_ADMIN_KEY="$OPENAI_API_KEY"');
		expect(only(makeFacts([env(admin)], {live: {[admin]: 'valid'}}), 'key-admin').confidence).toBe('medium');
	});

	test('rules that did not fire say nothing; one cause per id', () => {
		const causes = causesOf(makeFacts([env(`"Bearer ${project}\u200b"\n`)]));
		expect(causes.map(cause => cause.id).sort()).toEqual(['key-bearer-prefix', 'key-invisible-chars', 'key-quoted', 'key-whitespace']);
	});
});

describe('no key value in any cause', () => {
	const secrets = [project, otherProject, user, anthropic, openRouter, jwt, admin, makeDeepSeekKey(3), makeGroqKey(3)];
	const wrappers: Array<[string, (secret: string) => string]> = [
		['trailing newline', secret => `${secret}\n`],
		['quotes', secret => `"${secret}"`],
		['Bearer prefix', secret => `Bearer ${secret}`],
		['zero-width space', secret => `${secret.slice(0, 20)}\u200b${secret.slice(20)}`],
		['pasted line', secret => `OPENAI_API_KEY=${secret}`],
		['cut short', secret => secret.slice(0, 30)],
		['everything at once', secret => ` "Bearer ${secret}\u00a0"\r\n`],
	];
	const cases = secrets.flatMap((secret, index) => wrappers.map(([wrapper, wrap]) => ({name: `key ${index}, ${wrapper}`, secret, value: wrap(secret)})));

	test.each(cases)('$name', ({secret, value}) => {
		const facts = makeFacts([env(value), dotenv(value), observe(value, 'profile:~/.bashrc:2')]);
		const causes = causesOf(facts);
		expect(causes.length).toBeGreaterThan(0);
		const texts = causes.flatMap(cause => [cause.title, ...cause.evidence, ...cause.fix, ...cause.snippets.flatMap(snippet => [snippet.label, snippet.text])]);
		// The fingerprint shows the known prefix; every 10-character window that reaches past it is secret.
		const shownPrefix = fingerprint(secret).split('…')[0]!;
		const prefixLength = secret.startsWith(shownPrefix) ? shownPrefix.length : 0;
		const pieces = Array.from({length: secret.length - 9}, (_, index) => secret.slice(index, index + 10)).filter((_, index) => index + 10 > prefixLength);
		for (const text of texts) {
			expect(text).not.toContain(value.trim());
			for (const piece of pieces) expect(text).not.toContain(piece);
		}
	});
});
