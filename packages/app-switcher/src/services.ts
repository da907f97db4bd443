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
function safeUrl(value: unknown, base: string, allowDataImage = false): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (allowDataImage && /^data:image\/(png|gif|jpeg|webp|svg\+xml)[;,]/i.test(value)) return value;
  try {
    // A relative services-url gives a relative base: resolve it against the page first.
    const url = new URL(value, new URL(base, globalThis.location?.href));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
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
  if (payload.error !== undefined && payload.error !== null && payload.error !== false) {
    throw new SuiteError('server', `the services list reports an error: ${JSON.stringify(payload.error).slice(0, 200)}`);
  }
  if (!Array.isArray(payload.services)) {
    throw new SuiteError('protocol', 'expected {services: [...]}: "services" is missing or not an array');
  }
  const problems: string[] = [];
  const services: SuiteService[] = [];
  payload.services.forEach((entry: unknown, index: number) => {
    if (!isRecord(entry)) {
      problems.push(`services[${index}] is not an object`);
      return;
    }
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    const url = safeUrl(entry.url, base);
    if (!name) {
      problems.push(`services[${index}] has no name`);
      return;
    }
    if (!url) {
      problems.push(`services[${index}] (${name}) has no http(s) url: ${JSON.stringify(entry.url) ?? 'undefined'}`);
      return;
    }
    const service: SuiteService = { name, url };
    if (typeof entry.id === 'string' || typeof entry.id === 'number') service.id = String(entry.id);
    const logo = safeUrl(entry.logo, base, true);
    if (logo) service.logo = logo;
    else if (entry.logo !== undefined && entry.logo !== null && entry.logo !== '') problems.push(`services[${index}] (${name}) has an unusable logo`);
    const maturity = typeof entry.maturity === 'string' ? entry.maturity.toLowerCase() : '';
    if (maturity === 'alpha' || maturity === 'beta') service.maturity = maturity;
    services.push(service);
  });
  if (services.length === 0 && payload.services.length > 0) {
    throw new SuiteError('protocol', `none of the ${payload.services.length} services is usable: ${problems.join('; ')}`);
  }
  const result: ParsedServices = { services, problems };
  if (isRecord(payload.organization) && typeof payload.organization.name === 'string') {
    const org = payload.organization;
    result.organization = { name: org.name as string };
    if (typeof org.type === 'string') result.organization.type = org.type;
    if (typeof org.siret === 'string') result.organization.siret = org.siret;
  }
  return result;
}

const cacheKey = (url: string) => `suite-app-switcher:${url}`;

/** The last good list fetched from `url` in this browser session, if any. */
export function readCachedServices(url: string): ServicesData | undefined {
  const cached = readStored<ServicesData>('session', cacheKey(url));
  try {
    return cached ? parseServices(cached, url) : undefined;
  } catch {
    return undefined;
  }
}

/** Fetches and checks the list at `url`, and caches it when it is good. */
export async function fetchServices(url: string, signal?: AbortSignal, timeout = 8000): Promise<ParsedServices> {
  const options: { signal?: AbortSignal; timeout: number; credentials: RequestCredentials } = { timeout, credentials: 'omit' };
  if (signal) options.signal = signal;
  const payload = await getJSON(url, options);
  const parsed = parseServices(payload, url);
  const toCache: ServicesData = { services: parsed.services };
  if (parsed.organization) toCache.organization = parsed.organization;
  writeStored('session', cacheKey(url), toCache);
  return parsed;
}

/** Lowercase, without accents: "Démarches" matches "demarch". */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

/** Whether `service` is the app the page belongs to: `current` is its id or its URL. */
export function isCurrentService(service: SuiteService, current: string | undefined): boolean {
  if (!current) return false;
  if (service.id !== undefined && service.id === current) return true;
  try {
    const a = new URL(current, globalThis.location?.href);
    const b = new URL(service.url);
    const path = (p: string) => p.replace(/\/+$/, '');
    const servicePath = path(b.pathname);
    const currentPath = path(a.pathname);
    return a.origin === b.origin && (currentPath === servicePath || currentPath.startsWith(`${servicePath}/`));
  } catch {
    return false;
  }
}
