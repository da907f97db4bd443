import { SuiteError } from '@suite-widgets/core';
import { rawSegments, safeDecode } from './paths.js';

/**
 * RFC 4918 `207 Multi-Status` bodies (PROPFIND and SEARCH answers), namespace-aware (any prefix).
 * A 5,000-entry folder is 2.3 MB of XML from Apache, and must turn into rows in under 200 ms:
 * DOMParser alone takes about 130 ms of that, so a scanner reads the XML that servers send
 * (elements, attributes, text, the five entities and character references) in one pass, and hands
 * anything else (CDATA, comments, a DOCTYPE, a document it finds malformed) to DOMParser, which
 * then decides. The scanner reads a strict subset of XML 1.0 with namespaces: what it reads, it
 * reads exactly as DOMParser and readMultistatus would (a differential fuzz test holds it to that).
 */

export const DAV_NS = 'DAV:';

/** The properties the picker asks for, in PROPFIND and SEARCH alike. */
export const PROPERTIES = ['resourcetype', 'getcontentlength', 'getcontenttype', 'getetag', 'getlastmodified', 'displayname'] as const;

/** `<d:prop>` with the empty elements of PROPERTIES. */
export const PROP_XML = `<d:prop>${PROPERTIES.map((name) => `<d:${name}/>`).join('')}</d:prop>`;

export const PROPFIND_BODY = `<?xml version="1.0" encoding="utf-8"?>\n<d:propfind xmlns:d="DAV:">${PROP_XML}</d:propfind>`;

/** One `<d:response>`, its href resolved and its 200 properties read. Nothing in it is trusted yet. */
export interface DavEntry {
  /** Origin of the href resolved against the request URL. */
  origin: string;
  /** Its path, as the URL parser normalizes it (percent-encoded, dot segments resolved). */
  pathname: string;
  /** Path segments as the URL parser normalized them (percent-encoded). */
  raw: string[];
  /** The same, decoded (a malformed escape keeps its raw text). */
  decoded: string[];
  isFolder: boolean;
  displayName: string | undefined;
  size: number | undefined;
  type: string;
  lastModified: number | undefined;
  etag: string | undefined;
}

export const STATUS_CODE = /^\s*HTTP\/\d+(?:\.\d+)?\s+(\d{3})/i;
const DIGITS = /^\d+$/;

export function protocolError(url: string, why: string, status?: number): SuiteError {
  return new SuiteError('protocol', `${url} did not answer a WebDAV multistatus: ${why}.`, { url, status });
}

/** Milliseconds since the epoch of an HTTP date (RFC 1123, and whatever Date.parse reads). */
export function parseHttpDate(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const time = Date.parse(text.trim());
  return Number.isFinite(time) ? time : undefined;
}

/** A byte count: an integer ≥ 0, else undefined. */
export function parseSize(text: string | null | undefined): number | undefined {
  const trimmed = text?.trim();
  if (!trimmed || !DIGITS.test(trimmed)) return undefined;
  const size = Number(trimmed);
  return Number.isSafeInteger(size) ? size : undefined;
}

/**
 * Every `<d:response>` of a multistatus body. `url` is the request's: hrefs are resolved against
 * it, and every error message names it. Throws a `protocol` SuiteError when the body is not
 * well-formed XML or its root is not `DAV:multistatus` (an HTML login page, a proxy's error).
 */
export async function parseMultistatus(text: string, url: string): Promise<DavEntry[]> {
  // DOMParser's reading is needed only for what the scanner leaves: its code loads then.
  return scanMultistatus(text, url) ?? (await import('./multistatus-dom.js')).readMultistatus(new DOMParser().parseFromString(text, 'application/xml'), url);
}

/** The properties of one response, as read from its 200 propstats. */
export interface PropValues {
  sawResourceType: boolean;
  isCollection: boolean;
  size: number | undefined;
  type: string;
  etag: string | undefined;
  lastModified: number | undefined;
  displayName: string | undefined;
}

export const emptyValues = (): PropValues => ({ sawResourceType: false, isCollection: false, size: undefined, type: '', etag: undefined, lastModified: undefined, displayName: undefined });

/** Sets one DAV: property from its text (`collection` for a resourcetype that has the element). */
export function setProp(values: PropValues, name: string, text: string, collection: boolean): void {
  switch (name) {
    case 'resourcetype':
      values.sawResourceType = true;
      if (collection) values.isCollection = true;
      break;
    case 'getcontentlength':
      values.size = parseSize(text);
      break;
    case 'getcontenttype':
      values.type = text.trim();
      break;
    case 'getetag': {
      const etag = text.trim();
      values.etag = etag ? etag : undefined;
      break;
    }
    case 'getlastmodified':
      values.lastModified = parseHttpDate(text);
      break;
    case 'displayname':
      values.displayName = text.trim() ? text : undefined;
      break;
  }
}

/** A DavEntry from a response's href and properties. */
export function entryOf(href: string, values: PropValues, base: URL): DavEntry | undefined {
  const resolved = resolveHref(href, base);
  if (!resolved) return undefined;
  const raw = rawSegments(resolved.pathname);
  // A server that does not say (resourcetype in a 404 propstat) still marks collections with a '/'.
  const isFolder = values.sawResourceType ? values.isCollection : resolved.pathname.endsWith('/');
  return {
    origin: resolved.origin,
    pathname: resolved.pathname,
    raw,
    decoded: raw.map(safeDecode),
    isFolder,
    displayName: values.displayName,
    size: isFolder ? undefined : values.size,
    type: isFolder ? '' : values.type,
    lastModified: values.lastModified,
    etag: values.etag,
  };
}

/** An absolute path made only of characters the URL parser leaves alone, without dot segments (`.`, `%2e`). */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

/**
 * The origin and path of an href resolved against the request URL, query and fragment dropped.
 * Servers nearly always send plain absolute paths, which need no URL parser (5,000 of them cost it
 * several milliseconds); anything else goes through it.
 */
function resolveHref(href: string, base: URL): { origin: string; pathname: string } | undefined {
  if (PLAIN_PATH.test(href) && !DOT_SEGMENT.test(href)) return { origin: base.origin, pathname: href };
  try {
    const url = new URL(href, base);
    return { origin: url.origin, pathname: url.pathname };
  } catch {
    return undefined;
  }
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/**
 * Characters XML 1.0 allows nowhere in a document: C0 controls but tab and line ends, U+FFFE,
 * U+FFFF, and (with the `u` flag, a surrogate that is not half of a pair) lone surrogates.
 */
// eslint-disable-next-line no-control-regex -- the control characters XML forbids are what it looks for
const FORBIDDEN = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/u;
/** The XML declaration read here: version 1.0, an encoding name, standalone yes or no; anything else is DOMParser's. */
const XML_DECLARATION =
  /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(?:"1\.0"|'1\.0')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"[A-Za-z][\w.-]*"|'[A-Za-z][\w.-]*'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>/y;
/** A qualified name made of ASCII name characters (others are DOMParser's to judge). */
const QNAME = String.raw`[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?`;
const START_TAG = new RegExp(`<(${QNAME})`, 'y');
/** One attribute, after the white space XML requires before it; values with a reference are DOMParser's. */
const ATTRIBUTE = new RegExp(String.raw`[ \t\n]+(${QNAME})[ \t\n]*=[ \t\n]*(?:"([^<&"]*)"|'([^<&']*)')`, 'y');
const TAG_END = /[ \t\n]*(\/?)>/y;
const END_TAG = new RegExp(String.raw`</(${QNAME})[ \t\n]*>`, 'y');
/**
 * Bounds past which DOMParser's own limits (Chromium refuses elements nested 5,000 deep, and
 * elements with some 100,000 attributes) may differ: far beyond any multistatus, left to it.
 */
const MAX_DEPTH = 256;
const MAX_ATTRIBUTES = 64;
/** XML white space (not JavaScript's `\s`, which takes NBSP, U+2028, U+FEFF…). */
const BLANK = /^[ \t\n]*$/;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** A reference, or (no group) an `&` that does not start one. */
const REFERENCE = /&(?:#x([0-9a-fA-F]+);|#([0-9]+);|(lt|gt|amp|quot|apos);)?/g;

/** A code point of XML 1.0's Char production. */
const isXmlChar = (code: number) =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);

/** Text with its references replaced; null when it holds an `&` that is not one we read, or a reference to a character XML forbids. */
function decodeText(text: string): string | null {
  if (!text.includes('&')) return text;
  let valid = true;
  const decoded = text.replace(REFERENCE, (_whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name !== undefined) return ENTITIES[name];
    const code = hex !== undefined ? parseInt(hex, 16) : decimal !== undefined ? Number(decimal) : NaN;
    if (!isXmlChar(code)) {
      valid = false;
      return '';
    }
    return String.fromCodePoint(code);
  });
  return valid ? decoded : null;
}

/** What an open element is to the scanner. */
type Kind = 'root' | 'response' | 'propstat' | 'prop' | 'text' | 'other';

/** Prefixes in scope ('' for the default namespace): a Map, so that `__proto__` or `toString` is only a prefix. */
type Scope = Map<string, string>;
const NO_SCOPE: Scope = new Map();

interface Open {
  name: string;
  scope: Scope;
  kind: Kind;
  /** For `text`: the DAV: element whose text is kept (href, status, or a property), where it starts. */
  local: string;
  start: number;
}

/**
 * The one-pass reading of a multistatus (see the module comment). It reads a subset of XML 1.0
 * with namespaces, and for what it reads returns exactly what DOMParser and readMultistatus would;
 * it returns null, never throws, for anything else (not well-formed, or merely not read here):
 * DOMParser takes over.
 */
export function scanMultistatus(input: string, url: string): DavEntry[] | null {
  // Every line end is read as '\n' before anything else (a `&#13;` stays a '\r').
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  // `]]>` is allowed only in CDATA (not read here) and in attribute values (rare): DOMParser's.
  if (FORBIDDEN.test(text) || text.includes(']]>')) return null;
  const base = new URL(url);
  const entries: DavEntry[] = [];
  const stack: Open[] = [];
  let scope = NO_SCOPE;
  let position = 0;
  if (text.startsWith('<?xml')) {
    XML_DECLARATION.lastIndex = 0;
    if (!XML_DECLARATION.test(text)) return null;
    position = XML_DECLARATION.lastIndex;
  }
  // The response being read, and its propstat.
  let href: string | undefined;
  let failed = false;
  let values = emptyValues();
  let propstatOk = false;
  let pending: { local: string; text: string; collection: boolean }[] = [];
  let collection = false;
  let firstInRoot = false;
  let done = false;

  /** Ends the element on top of the stack; `end` is where its content ends. False: not well-formed. */
  const closeElement = (end: number): boolean => {
    const element = stack.pop()!;
    scope = stack.length ? stack[stack.length - 1].scope : NO_SCOPE;
    switch (element.kind) {
      case 'text': {
        const value = element.local === 'resourcetype' ? '' : decodeText(text.slice(element.start, end));
        if (value === null) return false;
        const parent = stack[stack.length - 1].kind;
        if (parent === 'response') {
          if (element.local === 'href') href ??= value.trim();
          else {
            const code = STATUS_CODE.exec(value);
            if (!code || Number(code[1]) < 200 || Number(code[1]) > 299) failed = true;
          }
        } else if (parent === 'propstat') {
          const code = STATUS_CODE.exec(value);
          propstatOk = Boolean(code) && Number(code![1]) === 200;
        } else {
          pending.push({ local: element.local, text: value, collection });
        }
        collection = false;
        break;
      }
      case 'propstat':
        if (propstatOk) for (const prop of pending) setProp(values, prop.local, prop.text, prop.collection);
        break;
      case 'response':
        if (!failed && href) {
          const entry = entryOf(href, values, base);
          if (entry) entries.push(entry);
        }
        break;
      case 'root':
        done = true;
        break;
    }
    return true;
  };

  while (!done) {
    const open = text.indexOf('<', position);
    if (open < 0) return null;
    // Text between tags: white space outside the root; elsewhere, no bare '&', no reference to a
    // character XML forbids (the text an element keeps is checked when it closes).
    if (open > position) {
      const top = stack.length ? stack[stack.length - 1] : undefined;
      if (!top) {
        if (!BLANK.test(text.slice(position, open))) return null;
      } else if (top.kind !== 'text' || top.local === 'resourcetype') {
        const between = text.slice(position, open);
        if (between.includes('&') && decodeText(between) === null) return null;
      }
    }
    const next = text.charCodeAt(open + 1);
    // '!' (comments, CDATA, DOCTYPE) and '?' (processing instructions): DOMParser's to read.
    if (next === 33 || next === 63) return null;
    if (next === 47) {
      END_TAG.lastIndex = open;
      const match = END_TAG.exec(text);
      if (!match || stack.length === 0 || stack[stack.length - 1].name !== match[1]) return null;
      position = END_TAG.lastIndex;
      if (!closeElement(open)) return null;
      continue;
    }
    START_TAG.lastIndex = open;
    const tag = START_TAG.exec(text);
    if (!tag) return null;
    const name = tag[1];
    let at = START_TAG.lastIndex;
    let elementScope = scope;
    let names: string[] | undefined;
    let prefixed: string[] | undefined;
    let empty = false;
    for (;;) {
      TAG_END.lastIndex = at;
      const end = TAG_END.exec(text);
      if (end) {
        empty = end[1] === '/';
        at = TAG_END.lastIndex;
        break;
      }
      ATTRIBUTE.lastIndex = at;
      const match = ATTRIBUTE.exec(text);
      if (!match) return null;
      at = ATTRIBUTE.lastIndex;
      const attribute = match[1];
      if (!names) names = [attribute];
      else if (names.length >= MAX_ATTRIBUTES || names.includes(attribute)) return null;
      else names.push(attribute);
      const isDefault = attribute === 'xmlns';
      if (isDefault || attribute.startsWith('xmlns:')) {
        const prefix = isDefault ? '' : attribute.slice(6);
        // Attribute-value normalization: tabs and line ends are spaces.
        const value = (match[2] ?? match[3]).replace(/[\t\n]/g, ' ');
        // `xml…` prefixes are reserved, a prefix cannot be undeclared, nor bound to XML's own namespaces.
        if (prefix.startsWith('xml') || (!isDefault && value === '') || value === XML_NAMESPACE || value === XMLNS_NAMESPACE) return null;
        if (elementScope === scope) elementScope = new Map(scope);
        elementScope.set(prefix, value);
      } else if (attribute.includes(':')) {
        (prefixed ??= []).push(attribute);
      }
    }
    if (prefixed) {
      // Prefixed attributes: declared prefixes, and no two with the same namespace and local name.
      const expanded: string[] = [];
      for (const attribute of prefixed) {
        const colon = attribute.indexOf(':');
        const prefix = attribute.slice(0, colon);
        const namespace = prefix === 'xml' ? XML_NAMESPACE : elementScope.get(prefix);
        if (!namespace) return null;
        // Namespace names hold no '\n' (normalized away above): a safe separator.
        const key = `${namespace}\n${attribute.slice(colon + 1)}`;
        if (expanded.includes(key)) return null;
        expanded.push(key);
      }
    }
    position = at;
    const colon = name.indexOf(':');
    const namespace = elementScope.get(colon < 0 ? '' : name.slice(0, colon));
    if (colon >= 0 && !namespace) return null;
    const local = colon < 0 ? name : name.slice(colon + 1);
    const dav = namespace === DAV_NS;
    const parent = stack.length ? stack[stack.length - 1].kind : null;
    let kind: Kind = 'other';
    if (parent === null) {
      if (!dav || local !== 'multistatus') return null;
      kind = 'root';
      firstInRoot = true;
    } else if (parent === 'text') {
      // Markup inside a kept text: only <collection/> in a resourcetype is read here.
      const holder = stack[stack.length - 1];
      if (holder.local !== 'resourcetype') return null;
      if (dav && local === 'collection') collection = true;
    } else if (dav) {
      if (parent === 'root' && local === 'response') {
        kind = 'response';
        href = undefined;
        failed = false;
        values = emptyValues();
      } else if (parent === 'response' && (local === 'href' || local === 'status')) kind = 'text';
      else if (parent === 'response' && local === 'propstat') {
        kind = 'propstat';
        propstatOk = false;
        pending = [];
      } else if (parent === 'propstat' && local === 'status') kind = 'text';
      else if (parent === 'propstat' && local === 'prop') kind = 'prop';
      else if (parent === 'prop') kind = 'text';
    }
    if (parent === 'root') {
      // readMultistatus takes a <parsererror> first in the root for DOMParser's report of an error.
      if (firstInRoot && local === 'parsererror') return null;
      firstInRoot = false;
    }
    if (kind === 'text' && parent === 'prop') collection = false;
    if (stack.length >= MAX_DEPTH) return null;
    stack.push({ name, scope: elementScope, kind, local, start: position });
    scope = elementScope;
    if (empty && !closeElement(position)) return null;
  }
  return BLANK.test(text.slice(position)) ? entries : null;
}
