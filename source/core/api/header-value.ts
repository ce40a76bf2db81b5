/**
 * What a header value may hold, exactly as Node's http checks it (`validateHeaderValue`,
 * which the HTTP port sends through): tab, visible ASCII, space
 * and the upper half of Latin-1; never a line break, another control character, or
 * anything past U+00FF.
 */
export function isSendableHeaderValue(value: string): boolean {
	return !/[^\t\x20-\x7e\x80-\xff]/.test(value);
}
