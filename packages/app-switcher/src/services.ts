import { SuiteError, getJSON, readStored, writeStored } from '@suite-widgets/core';

export type Maturity = 'alpha' | 'beta' | 'stable';

/** One service of La Suite, as the services JSON gives it. */
export interface SuiteService {
  /** A stable identifier (La Suite's list has one); `current` may name it. */
  id?: string;
  name: string;
  /** An http(s) URL. */
  url: string;
  /** An http(s) or data:image URL. */
  logo?: string;
  /** Missing means stable: no badge. */
  maturity?: Maturity;
}

export interface Organization {
  name: string;
  type?: string;
  siret?: string;
}

/** The services JSON: `{services: [...], organization?}`. */
export interface ServicesData {
  services: SuiteService[];
  organization?: Organization;
}

/** A list that was read, with the problems found in it (entries dropped, logos ignored). */
export interface ParsedServices extends ServicesData {
  problems: string[];
}

/** La Suite's public list, the default `services-url`. */
export const DEFAULT_SERVICES_URL = 'https://lasuite.numerique.gouv.fr/api/services';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An absolute http(s) URL (relative ones resolved against `base`), or undefined. */
export function safeUrl(value: unknown, base: string, allowDataImage?: boolean): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  if (allowDataImage && /^data:image\/(png|gif|jpeg|webp|svg\+xml)[;,]/i.test(value)) return value;
  try {
    // A relative services-url gives a relative base: resolve it against the page first.
    const url = new URL(value, new URL(base, globalThis.location?.href));
    if (/^https?:$/.test(url.protocol)) return url.href;
  } catch {
    // Not a URL: undefined.
  }
  return undefined;
}

/**
 * Checks a services payload and keeps what is safe to show. Entries without a name or with no
 * http(s) URL (`javascript:` included) are dropped and named in `problems`; a payload that is not
 * `{services: [...]}` is a `protocol` error, one with `error` a `server` error.
 */
export function parseServices(payload: unknown, base: string = globalThis.location?.href ?? 'https://invalid/'): ParsedServices {
  if (Array.isArray(payload)) payload = { services: payload };
  if (!isRecord(payload)) {
    throw new SuiteError('protocol', `expected an object {services: [...]}, got ${payload === null ? 'null' : typeof payload}`);
  }
  const { error, services: entries, organization: org } = payload;
  if (error != null && error !== false) {
    throw new SuiteError('server', `the services list reports an error: ${JSON.stringify(error).slice(0, 200)}`);
  }
  if (!Array.isArray(entries)) {
    throw new SuiteError('protocol', 'expected {services: [...]}: "services" is missing or not an array');
  }
  const problems: string[] = [];
  const services: SuiteService[] = [];
  entries.forEach((entry: unknown, index: number) => {
    const at = `services[${index}]`;
    if (!isRecord(entry)) return problems.push(`${at} is not an object`);
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    if (!name) return problems.push(`${at} has no name`);
    const url = safeUrl(entry.url, base);
    if (!url) return problems.push(`${at} (${name}) has no http(s) url: ${JSON.stringify(entry.url) ?? 'undefined'}`);
    const { id, logo, maturity } = entry;
    const service: SuiteService = { name, url };
    if (typeof id === 'string' || typeof id === 'number') service.id = String(id);
    const safeLogo = safeUrl(logo, base, true);
    if (safeLogo) service.logo = safeLogo;
    else if (logo != null && logo !== '') problems.push(`${at} (${name}) has an unusable logo`);
    const level = String(maturity).toLowerCase();
    if (level === 'alpha' || level === 'beta') service.maturity = level;
    return services.push(service);
  });
  if (!services.length && entries.length) {
    throw new SuiteError('protocol', `none of the ${entries.length} services is usable: ${problems.join('; ')}`);
  }
  const result: ParsedServices = { services, problems };
  if (isRecord(org) && typeof org.name === 'string') {
    const organization: Organization = (result.organization = { name: org.name });
    if (typeof org.type === 'string') organization.type = org.type;
    if (typeof org.siret === 'string') organization.siret = org.siret;
  }
  return result;
}

/** The sessionStorage key of the last good list read from `url`. */
export const servicesCacheKey = (url: string): string => `suite-app-switcher:${url}`;

/** The last good list fetched from `url` in this browser session, if any. */
export function readCachedServices(url: string): ParsedServices | undefined {
  try {
    return parseServices(readStored('session', servicesCacheKey(url)), url);
  } catch {
    // Nothing saved, or not a list any more.
    return undefined;
  }
}

/** Fetches and checks the list at `url`, and caches it when it is good. */
export async function fetchServices(url: string, signal?: AbortSignal, timeout = 8000): Promise<ParsedServices> {
  const parsed = parseServices(await getJSON(url, { signal, timeout, credentials: 'omit' }), url);
  writeStored('session', servicesCacheKey(url), { services: parsed.services, organization: parsed.organization });
  return parsed;
}

/** Lowercase, without accents: "Démarches" matches "demarch". */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

/** How well `service` matches `current`: its id (best), else the length of its URL path that the
 * absolute URL `current` lies under; 0 when it does not match. */
function currentScore(service: SuiteService, current: string): number {
  if (service.id === current) return Infinity;
  // A `current` that is not an absolute URL is an id: it must not be read as a page-relative URL.
  if (!/^https?:\/\//i.test(current)) return 0;
  try {
    const page = new URL(current);
    const app = new URL(service.url);
    const path = (url: URL) => `${url.pathname.replace(/\/+$/, '')}/`;
    // The service's root or any page below it, not a neighbour that shares a prefix.
    return page.origin === app.origin && path(page).startsWith(path(app)) ? path(app).length : 0;
  } catch {
    return 0;
  }
}

/** Whether `service` is the app the page belongs to: `current` is its id or an absolute URL in it. */
export function isCurrentService(service: SuiteService, current: string | undefined): boolean {
  return current ? currentScore(service, current) > 0 : false;
}

/** The index of the one current app in `services` (the id, else the longest URL match), or -1. */
export function findCurrent(services: readonly SuiteService[], current: string | undefined): number {
  let best = -1;
  let bestScore = 0;
  services.forEach((service, index) => {
    const score = current ? currentScore(service, current) : 0;
    if (score > bestScore) [best, bestScore] = [index, score];
  });
  return best;
}
