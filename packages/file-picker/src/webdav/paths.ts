import { SuiteError } from '@suite-widgets/core';

/**
 * URLs and paths. A WebDAV path is compared segment by segment, decoded: servers encode the same
 * name in different ways (`%C3%A9`, `%c3%a9`, a raw `é`), and a segment whose decoded text holds a
 * `/` can only come from a confused or hostile server.
 */

/** decodeURIComponent that keeps the raw text of a malformed escape (a Latin-1 `%E9`, a lone `%`). */
/**
 * One spelling per name in the URLs handed to the page, whatever the server wrote (`%c3%a9`, a
 * raw `&`): the decoded name, encoded by encodeURIComponent. A segment that does not decode
 * (a Latin-1 `%E9`) keeps the server's bytes, escapes in upper case (RFC 3986 §6.2.2.1).
 */
export function canonicalSegment(raw: string, decoded: string): string {
  if (decoded !== raw || !raw.includes('%')) return encodeURIComponent(decoded);
  return raw.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
}

export function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The percent-encoded segments of a URL path, without the empty ones of a leading or trailing `/`. */
export function rawSegments(pathname: string): string[] {
  const segments = pathname.split('/');
  // pathname always starts with '/', so the first segment is empty.
  let end = segments.length;
  if (end > 1 && segments[end - 1] === '') end--;
  return segments.slice(1, end);
}

/** Two decoded segments name the same thing (Unicode NFC and NFD spellings included). */
export function sameSegment(a: string, b: string): boolean {
  return a === b || a.normalize('NFC') === b.normalize('NFC');
}

/** `segments` starts with `prefix` (decoded segments). */
export function startsWithSegments(segments: readonly string[], prefix: readonly string[]): boolean {
  if (segments.length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) if (!sameSegment(segments[index], prefix[index])) return false;
  return true;
}

/**
 * A decoded segment that may name a child: not empty, not a dot segment, no `/` and no `\` (which
 * Windows-backed servers, and URL parsers in special schemes, read as a `/`).
 */
export function isPlainSegment(decoded: string): boolean {
  return decoded !== '' && decoded !== '.' && decoded !== '..' && !decoded.includes('/') && !decoded.includes('\\');
}

/** Parses an http(s) URL (relative ones against the page), without its query and fragment. */
export function parseHttpUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url, globalThis.location?.href);
  } catch (cause) {
    throw new SuiteError('config', `${what} is not a URL: ${JSON.stringify(url)}`, { cause });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new SuiteError('config', `${what} is not an http(s) URL: ${JSON.stringify(url)}`, { url });
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed;
}

/** The URL of a collection: parsed, with one trailing `/`. */
export function folderUrl(url: string, what = 'The folder URL'): URL {
  const parsed = parseHttpUrl(url, what);
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed;
}
