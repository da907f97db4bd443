import { DAV_NS, STATUS_CODE, emptyValues, entryOf, protocolError, setProp } from './multistatus.js';
import type { DavEntry, PropValues } from './multistatus.js';

/**
 * The DOMParser reading of a multistatus, for the documents the one-pass scanner leaves (CDATA,
 * comments, a DOCTYPE, or XML it finds malformed, which DOMParser then reports). Loaded on first use.
 */

function statusOf(element: Element): number | undefined {
  const match = STATUS_CODE.exec(element.textContent ?? '');
  return match ? Number(match[1]) : undefined;
}

const isDav = (element: Element, localName: string) => element.localName === localName && element.namespaceURI === DAV_NS;

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

