import { SuiteError } from '@suite-widgets/core';
import { PROP_XML } from './multistatus.js';
import type { DavListing, DavResource, TreeSearchResult } from './types.js';

/**
 * Search: the server's (RFC 5323 SEARCH, `DAV:basicsearch`, as Nextcloud implements it) when it
 * has one, else a bounded breadth-first walk of PROPFINDs that matches names here.
 */

export const DEFAULT_SEARCH_LIMIT = 200;
export const DEFAULT_MAX_FOLDERS = 100;
export const DEFAULT_CONCURRENCY = 3;

/** Text inside an XML element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Makes `%`, `_` and `\` literal in a `DAV:like` pattern (RFC 5323 §5.17: `\` escapes them). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The `DAV:searchrequest` of a name search: the picker's properties, under `scopeHref` at any
 * depth, where the display name contains `text`, at most `limit` results. `scopeHref` is the
 * scope's absolute URL, which RFC 5323 servers resolve as it is and Nextcloud's SearchDAV maps
 * back to its DAV tree (its documented `/files/<user>` form is a path under the DAV root).
 */
export function searchBody(scopeHref: string, text: string, limit: number): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<d:searchrequest xmlns:d="DAV:"><d:basicsearch>` +
    `<d:select>${PROP_XML}</d:select>` +
    `<d:from><d:scope><d:href>${escapeXml(scopeHref)}</d:href><d:depth>infinity</d:depth></d:scope></d:from>` +
    `<d:where><d:like><d:prop><d:displayname/></d:prop><d:literal>%${escapeXml(escapeLike(text))}%</d:literal></d:like></d:where>` +
    `<d:limit><d:nresults>${limit}</d:nresults></d:limit>` +
    `</d:basicsearch></d:searchrequest>`
  );
}

/** Lowercase, without accents: "Été" and "ete" match. */
export function foldForMatch(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

export interface TreeWalk {
  scope: string;
  text: string;
  limit: number;
  maxFolders: number;
  concurrency: number;
  signal?: AbortSignal;
  list(folderUrl: string, signal: AbortSignal): Promise<DavListing>;
}

/**
 * Breadth-first walk from the scope, `concurrency` listings in flight, `maxFolders` listings at
 * most, until `limit` matches. The scope failing throws; a subfolder failing is skipped (a 403 or
 * 404 hides nothing the user could open; other failures make the answer incomplete). `auth` and
 * `aborted` always throw.
 */
export function walkTree(walk: TreeWalk): Promise<TreeSearchResult> {
  const needle = foldForMatch(walk.text.trim());
  if (!needle) return Promise.resolve({ results: [], complete: true });
  return new Promise<TreeSearchResult>((resolve, reject) => {
    const results: DavResource[] = [];
    const queue: string[] = [walk.scope];
    const stop = new AbortController();
    let listed = 0;
    let inFlight = 0;
    let complete = true;
    let finished = false;

    const finish = (outcome: SuiteError | undefined) => {
      if (finished) return;
      finished = true;
      walk.signal?.removeEventListener('abort', onAbort);
      // Listings still in flight are of no use any more.
      stop.abort();
      if (outcome) reject(outcome);
      else resolve({ results, complete });
    };
    const onAbort = () => finish(new SuiteError('aborted', 'The search was cancelled.', { cause: walk.signal?.reason }));

    const take = (listing: DavListing) => {
      for (const child of listing.children) {
        if (child.isFolder) queue.push(child.href);
        if (!foldForMatch(child.name).includes(needle)) continue;
        if (results.length >= walk.limit) {
          // One match more than the limit: there are others the answer leaves out.
          complete = false;
          return;
        }
        results.push(child);
      }
    };

    const start = (folder: string) => {
      const isScope = listed === 0;
      listed++;
      inFlight++;
      walk.list(folder, stop.signal).then(
        (listing) => {
          inFlight--;
          if (finished) return;
          take(listing);
          pump();
        },
        (error: unknown) => {
          inFlight--;
          if (finished) return;
          const failure = SuiteError.from(error);
          if (isScope || failure.kind === 'auth' || failure.kind === 'aborted') {
            finish(failure);
            return;
          }
          if (failure.kind !== 'forbidden' && failure.kind !== 'not-found') complete = false;
          pump();
        },
      );
    };

    const pump = () => {
      if (results.length >= walk.limit) {
        // Stopped on the limit: what is still queued or in flight may hold more matches.
        if (inFlight > 0 || queue.length > 0) complete = false;
        finish(undefined);
        return;
      }
      while (inFlight < walk.concurrency && queue.length > 0 && listed < walk.maxFolders) start(queue.shift()!);
      if (inFlight > 0) return;
      // Folders left unlisted: maxFolders stopped the walk.
      if (queue.length > 0) complete = false;
      finish(undefined);
    };

    if (walk.signal?.aborted) {
      onAbort();
      return;
    }
    walk.signal?.addEventListener('abort', onAbort, { once: true });
    pump();
  });
}
