import {createHash} from 'node:crypto';
import {inspect} from 'node:util';
import {fingerprint, isShortValue} from './fingerprint.js';

/**
 * A key value that cannot leak by accident: converting it to a string, JSON or an
 * inspected object gives only its fingerprint. Only `reveal()` gives the value, and
 * only the live check (for its Authorization header) and hashing call it.
 */
export class Secret {
	readonly #value: string;
	/** First 12 hex characters of sha256(value): compares two keys without showing them. */
	readonly sha256: string;
	/** Prefix + `…` + last 4 characters. */
	readonly fingerprint: string;
	readonly length: number;
	/** 12 characters or fewer: no key. Its fingerprint gives only its length, and no report prints its sha256 (a short word's hash is guessed in no time). */
	readonly short: boolean;

	constructor(value: string) {
		this.#value = value;
		this.sha256 = createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12);
		this.fingerprint = fingerprint(value);
		this.length = [...value].length;
		this.short = isShortValue(value);
	}

	/** The full value. Call only to send the key to the API host or to hash it. */
	reveal(): string {
		return this.#value;
	}

	/** True when both hold the same value. */
	equals(other: Secret): boolean {
		return other.sha256 === this.sha256 && other.reveal() === this.#value;
	}

	toString(): string {
		return this.fingerprint;
	}

	toJSON(): string {
		return this.fingerprint;
	}

	[inspect.custom](): string {
		return `Secret(${this.fingerprint})`;
	}
}
