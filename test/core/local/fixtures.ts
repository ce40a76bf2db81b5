/**
 * The committed `.env` and home fixtures hold `{{KEY_A}}`-style tokens, never a
 * key-shaped literal; these helpers put seeded fake keys in their place, byte-exact
 * (CRLF, BOM, invalid UTF-8 and UTF-16 survive).
 */
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeProjectKey, makeUserKey} from '../../helpers/fake-keys.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

/** The values the tokens stand for: two project keys and a legacy user key. */
export const fixtureKeys = {KEY_A: makeProjectKey(101), KEY_B: makeProjectKey(202), KEY_C: makeUserKey(303)} as const;

/** Replaces `{{KEY_X}}` tokens in bytes, keeping every other byte as it is. */
export function fillTokens(bytes: Uint8Array, keys: Record<string, string> = fixtureKeys): Uint8Array {
	const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (token, name: string) => keys[name] ?? token);
	if (bytes[0] === 0xff && bytes[1] === 0xfe) {
		const text = Buffer.from(bytes.subarray(2)).toString('utf16le');
		return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fill(text), 'utf16le')]));
	}

	return new Uint8Array(Buffer.from(fill(Buffer.from(bytes).toString('latin1')), 'latin1'));
}

/** A `.env` fixture's bytes with the keys filled in. */
export function dotenvFixture(name: string, keys?: Record<string, string>): Uint8Array {
	return fillTokens(readFileSync(path.join(fixtures, 'dotenv', name)), keys);
}

/** Every file of a home fixture, relative path → filled bytes. */
export function homeFixture(name: string, keys?: Record<string, string>): Record<string, Uint8Array> {
	const root = path.join(fixtures, 'homes', name);
	const out: Record<string, Uint8Array> = {};
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, {withFileTypes: true})) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else out[path.relative(root, full)] = fillTokens(readFileSync(full), keys);
		}
	};

	walk(root);
	return out;
}

/** A home fixture as fake-ports files under `home`. */
export function homeFiles(name: string, home = '/home/dev', keys?: Record<string, string>): Record<string, Uint8Array> {
	return Object.fromEntries(Object.entries(homeFixture(name, keys)).map(([relative, bytes]) => [path.join(home, relative), bytes]));
}

/** Writes a home fixture into a real folder (for tests with a real shell). */
export function writeHome(name: string, target: string, keys?: Record<string, string>): void {
	for (const [relative, bytes] of Object.entries(homeFixture(name, keys))) {
		const full = path.join(target, relative);
		mkdirSync(path.dirname(full), {recursive: true});
		writeFileSync(full, bytes);
	}
}
