import {buildCatalog, findCause, nearCauseIds} from './catalog.js';
import {renderCatalogEntry, renderCatalogJson, renderCatalogList} from './render-catalog.js';
import {terminalSafe} from '../report/terminal-safe.js';

/** What `key-wizard explain [ID]` prints: the text for stdout, or a usage error for stderr (exit 2). */
export type ExplainOutcome = {text: string} | {error: string};

/**
 * `key-wizard explain`: every cause id by step; `explain ID`: one cause in full, like
 * `rustc --explain`. An unknown id is a usage error that names the ids close to it.
 */
export function explain(request: {id?: string; json: boolean; color: boolean}): ExplainOutcome {
	const entries = buildCatalog();
	if (request.id === undefined) return {text: request.json ? renderCatalogJson(entries) : renderCatalogList(entries, {color: request.color})};
	const entry = findCause(entries, request.id);
	if (entry) return {text: request.json ? renderCatalogJson([entry]) : renderCatalogEntry(entry, {color: request.color})};
	const shown = terminalSafe(request.id.length > 60 ? `${request.id.slice(0, 57)}...` : request.id).replace(/[\r\n\t]/g, ' ');
	const near = nearCauseIds(entries, request.id);
	const hint = near.length > 0 ? ` Did you mean ${near.length === 1 ? near[0] : `one of ${near.join(', ')}`}?` : '';
	return {error: `unknown cause id "${shown}".${hint} Run key-wizard explain for the list.`};
}
