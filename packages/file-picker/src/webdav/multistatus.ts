import { SuiteError } from '@suite-widgets/core';
import { rawSegments, safeDecode } from './paths.js';

/**
 * RFC 4918 `207 Multi-Status` bodies (PROPFIND and SEARCH answers), namespace-aware (any prefix).
 * A 5,000-entry folder is 2.3 MB of XML from Apache, and must turn into rows in under 200 ms:
 * DOMParser alone takes about 130 ms of that, so a scanner reads the XML that servers send
 * (elements, attributes, text, the five entities and character references) in one pass, and hands
 * anything else (CDATA, comments, a DOCTYPE, a document it finds malformed) to DOMParser, which
 * then decides, with the same result.
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

const STATUS_CODE = /^\s*HTTP\/\d+(?:\.\d+)?\s+(\d{3})/i;
const DIGITS = /^\d+$/;

function statusOf(element: Element): number | undefined {
  const match = STATUS_CODE.exec(element.textContent ?? '');
  return match ? Number(match[1]) : undefined;
}

const isDav = (element: Element, localName: string) => element.localName === localName && element.namespaceURI === DAV_NS;

function protocolError(url: string, why: string, status?: number): SuiteError {
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
export function parseMultistatus(text: string, url: string): DavEntry[] {
  return scanMultistatus(text, url) ?? readMultistatus(new DOMParser().parseFromString(text, 'application/xml'), url);
}

/** The responses of a parsed multistatus document (see parseMultistatus). */
export function readMultistatus(doc: Document, url: string): DavEntry[] {
  const root = doc.documentElement;
  // A document that is not well-formed gets a <parsererror>: as its root (Firefox), or as the first
  // child of the root (Chromium, WebKit). Looking only there spares a walk of the whole tree.
  if (!root || root.localName === 'parsererror' || root.firstElementChild?.localName === 'parsererror') {
    throw protocolError(url, 'the XML is not well-formed');
  }
  if (!isDav(root, 'multistatus')) throw protocolError(url, `its root element is <${root.localName}>, not DAV:multistatus`);
  const base = new URL(url);
  const entries: DavEntry[] = [];
  for (let response = root.firstElementChild; response; response = response.nextElementSibling) {
    if (!isDav(response, 'response')) continue;
    const entry = readResponse(response, base);
    if (entry) entries.push(entry);
  }
  return entries;
}

function readResponse(response: Element, base: URL): DavEntry | undefined {
  let href: string | undefined;
  let failed = false;
  const values = emptyValues();
  for (let child = response.firstElementChild; child; child = child.nextElementSibling) {
    if (child.namespaceURI !== DAV_NS) continue;
    switch (child.localName) {
      case 'href':
        // RFC 4918 allows several hrefs in the status form; the first one names the resource.
        href ??= child.textContent?.trim();
        break;
      case 'status': {
        const status = statusOf(child);
        if (status === undefined || status < 200 || status > 299) failed = true;
        break;
      }
      case 'propstat':
        readPropstat(child, values);
        break;
    }
  }
  return failed || !href ? undefined : entryOf(href, values, base);
}

/** The properties of one response, as read from its 200 propstats. */
interface PropValues {
  sawResourceType: boolean;
  isCollection: boolean;
  size: number | undefined;
  type: string;
  etag: string | undefined;
  lastModified: number | undefined;
  displayName: string | undefined;
}

const emptyValues = (): PropValues => ({ sawResourceType: false, isCollection: false, size: undefined, type: '', etag: undefined, lastModified: undefined, displayName: undefined });

/** Sets one DAV: property from its text (`collection` for a resourcetype that has the element). */
function setProp(values: PropValues, name: string, text: string, collection: boolean): void {
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

/** The properties of a propstat whose status is 200: a 404 propstat lists what the server lacks. */
function readPropstat(propstat: Element, values: PropValues): void {
  let status: number | undefined;
  const found: Element[] = [];
  for (let child = propstat.firstElementChild; child; child = child.nextElementSibling) {
    if (isDav(child, 'status')) status = statusOf(child);
    else if (isDav(child, 'prop')) found.push(child);
  }
  if (status !== 200) return;
  for (const prop of found) {
    for (let element = prop.firstElementChild; element; element = element.nextElementSibling) {
      if (element.namespaceURI !== DAV_NS) continue;
      let collection = false;
      if (element.localName === 'resourcetype') for (let kind = element.firstElementChild; kind; kind = kind.nextElementSibling) if (isDav(kind, 'collection')) collection = true;
      setProp(values, element.localName, element.textContent ?? '', collection);
    }
  }
}

/** A DavEntry from a response's href and properties. */
function entryOf(href: string, values: PropValues, base: URL): DavEntry | undefined {
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


const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const ATTRIBUTE = /\s*([^\s=]+)\s*=\s*(?:"([^"<&]*)"|'([^'<&]*)')/y;
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

/** Text with its references replaced; null when it holds an `&` that is not one (DOMParser decides). */
function decodeText(text: string): string | null {
  if (!text.includes('&')) return text;
  if (text.replace(REFERENCE, '').includes('&')) return null;
  let valid = true;
  const decoded = text.replace(REFERENCE, (_whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name) return ENTITIES[name] ?? '';
    const code = hex ? parseInt(hex, 16) : Number(decimal);
    if (code > 0x10ffff || code === 0) valid = false;
    return valid ? String.fromCodePoint(code) : '';
  });
  return valid ? decoded : null;
}

/** What an open element is to the scanner. */
type Kind = 'root' | 'response' | 'propstat' | 'prop' | 'text' | 'other';

interface Open {
  name: string;
  scope: Record<string, string>;
  kind: Kind;
  /** For `text`: the DAV: element whose text is kept (href, status, or a property), where it starts. */
  local: string;
  start: number;
}

/**
 * The one-pass reading of a multistatus (see the module comment). Returns null, never throws,
 * when the text is anything it does not read, or not well-formed: DOMParser takes over.
 */
export function scanMultistatus(text: string, url: string): DavEntry[] | null {
  const base = new URL(url);
  const entries: DavEntry[] = [];
  const stack: Open[] = [];
  let scope: Record<string, string> = {};
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.startsWith('<?xml', position)) {
    const end = text.indexOf('?>', position);
    if (end < 0) return null;
    position = end + 2;
  }
  // The response being read, and its propstat.
  let href: string | undefined;
  let failed = false;
  let values = emptyValues();
  let propstatOk = false;
  let pending: { local: string; text: string; collection: boolean }[] = [];
  let collection = false;
  let done = false;

  /** Ends the element on top of the stack; `end` is where its content ends. False: not well-formed. */
  const closeElement = (end: number): boolean => {
    const element = stack.pop()!;
    scope = stack.length ? stack[stack.length - 1].scope : {};
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
    // Text between tags: white space outside the root; elsewhere, no bare '&'.
    if (open > position) {
      const between = text.slice(position, open);
      if (stack.length === 0 ? between.trim() !== '' : between.includes('&') && decodeText(between) === null) return null;
    }
    const close = text.indexOf('>', open);
    if (close < 0) return null;
    const next = text.charCodeAt(open + 1);
    // '!' (comments, CDATA, DOCTYPE) and '?' (processing instructions): DOMParser's to read.
    if (next === 33 || next === 63) return null;
    const content = text.slice(open + 1, close);
    position = close + 1;
    if (next === 47) {
      if (stack.length === 0 || stack[stack.length - 1].name !== content.slice(1).trimEnd()) return null;
      if (!closeElement(open)) return null;
      continue;
    }
    const empty = content.endsWith('/');
    const inner = empty ? content.slice(0, -1) : content;
    const space = inner.search(/\s/);
    const name = space < 0 ? inner : inner.slice(0, space);
    if (!NAME.test(name)) return null;
    let elementScope = scope;
    if (space >= 0) {
      const attributes = inner.slice(space);
      let at = 0;
      while (attributes.slice(at).trim() !== '') {
        ATTRIBUTE.lastIndex = at;
        const match = ATTRIBUTE.exec(attributes);
        if (!match) return null;
        at = ATTRIBUTE.lastIndex;
        const [, attribute = '', double, single] = match;
        if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) {
          if (elementScope === scope) elementScope = { ...scope };
          elementScope[attribute === 'xmlns' ? '' : attribute.slice(6)] = double ?? single ?? '';
        }
      }
    }
    const colon = name.indexOf(':');
    const namespace = elementScope[colon < 0 ? '' : name.slice(0, colon)];
    if (colon >= 0 && namespace === undefined) return null;
    const local = colon < 0 ? name : name.slice(colon + 1);
    const dav = namespace === DAV_NS;
    const parent = stack.length ? stack[stack.length - 1].kind : null;
    let kind: Kind = 'other';
    if (parent === null) {
      if (!dav || local !== 'multistatus' || entries.length) return null;
      kind = 'root';
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
    if (kind === 'text' && parent === 'prop') collection = false;
    stack.push({ name, scope: elementScope, kind, local, start: position });
    scope = elementScope;
    if (empty && !closeElement(position)) return null;
  }
  return text.slice(position).trim() === '' ? entries : null;
}
