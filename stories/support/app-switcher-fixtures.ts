/**
 * The services JSON of <suite-app-switcher> as msw fixtures: the testbed's seed data (the data
 * lives in packages/testbed/src/seed/services.js only) served on a fixture origin, one path per
 * scenario, plus the same scenarios on the live testbed when Storybook runs with it.
 */
import { DEFAULT_SERVICES_URL, servicesCacheKey } from '@suite-widgets/app-switcher';
import type { ServicesData } from '@suite-widgets/app-switcher';
import { VARIANTS, logoSvg, servicesPayload } from '@suite-widgets/testbed/seed/services';
import { HttpResponse, delay, http } from 'msw';
import { testbedUrl, usesTestbed } from '../../.storybook/backend.js';

/** Never resolved by DNS: only msw answers it. */
export const FIXTURE_ORIGIN = 'https://services.example.test';

export type Scenario =
  | 'ok'
  | 'few'
  | 'badShape'
  | 'invalidEntries'
  | 'empty'
  | 'hostile'
  | 'serverError'
  | 'notFound'
  | 'slow'
  | 'networkDown'
  | 'malformed';

const FIXTURE_PATHS: Readonly<Record<Scenario, string>> = {
  ok: '/api/services',
  few: '/api/services-few',
  badShape: '/api/services-bad-shape',
  invalidEntries: '/api/services-invalid-entries',
  empty: '/api/services-empty',
  hostile: '/api/services-hostile',
  serverError: '/api/services-error',
  notFound: '/api/services-missing',
  slow: '/api/services-slow',
  networkDown: '/api/services-down',
  malformed: '/api/services-malformed',
};

/**
 * The same scenario on the testbed's services server, behind the gateway's `/services/` prefix
 * (packages/testbed/README.md). Scenarios missing here have no live equivalent and stay on msw.
 */
const TESTBED_PATHS: Partial<Record<Scenario, string>> = {
  ok: '/services/api/services',
  badShape: '/services/api/services-bad-shape',
  invalidEntries: '/services/api/services-invalid-entries',
  empty: '/services/api/services-empty',
  hostile: '/services/api/services-hostile',
  serverError: '/services/api/services-error',
  // An unknown path: the services server answers 404.
  notFound: '/services/api/services-missing',
  // A 200 text/html maintenance page: not JSON either.
  malformed: '/services/api/services-not-json',
};

/**
 * The fixture URL of a scenario. `story` goes in the query (msw and the testbed ignore it) so that
 * each story has its own URL, hence its own sessionStorage cache entry.
 */
export function fixtureUrl(scenario: Scenario, story: string): string {
  return `${FIXTURE_ORIGIN}${FIXTURE_PATHS[scenario]}?story=${encodeURIComponent(story)}`;
}

function scenarioOf(url: URL): Scenario | undefined {
  if (url.origin !== FIXTURE_ORIGIN) return undefined;
  return (Object.keys(FIXTURE_PATHS) as Scenario[]).find((scenario) => FIXTURE_PATHS[scenario] === url.pathname);
}

/** The live testbed URL for a fixture URL, or undefined when the scenario has no live equivalent. */
export function testbedUrlFor(fixture: string): string | undefined {
  const base = testbedUrl();
  if (!base) return undefined;
  let url: URL;
  try {
    url = new URL(fixture);
  } catch {
    return undefined;
  }
  const scenario = scenarioOf(url);
  const path = scenario && TESTBED_PATHS[scenario];
  return path ? `${base}${path}${url.search}` : undefined;
}

/**
 * The services URL a story uses: its fixture URL, or the testbed's equivalent when the `backend`
 * global (toolbar or story) asks for the live backend and the testbed is running.
 */
export function servicesUrlFor(url: unknown, globals: Record<string, unknown>): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  if (!usesTestbed(globals)) return url;
  return testbedUrlFor(url) ?? url;
}

/** Whether a story URL is answered by msw even in testbed mode (no live equivalent). */
export function isSimulated(url: unknown, globals: Record<string, unknown>): boolean {
  return usesTestbed(globals) && typeof url === 'string' && servicesUrlFor(url, globals) === url;
}

/** The first `count` seeded services: a list short enough to need no search and no "more apps". */
function fewServices(count: number): ServicesData {
  const payload = servicesPayload(FIXTURE_ORIGIN);
  return { services: payload.services.slice(0, count) as ServicesData['services'] };
}

/** The seed's payload with logos on the fixture origin, as a ServicesData (the `services` property). */
export function inlineServices(): ServicesData {
  return servicesPayload(FIXTURE_ORIGIN) as ServicesData;
}

/** The same JSON `MALFORMED_BODY` the testbed gateway sends: cut in the middle of a string. */
const MALFORMED_BODY = '{"services": [{"name": "Do';

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

const json = (path: string, body: (base: string) => unknown) =>
  http.get(`${FIXTURE_ORIGIN}${path}`, () => new HttpResponse(JSON.stringify(body(FIXTURE_ORIGIN)), { headers: JSON_HEADERS }));

/** Every fixture route; a story picks its scenario by URL. */
export const fixtureHandlers = [
  http.get(`${FIXTURE_ORIGIN}/logos/:file`, ({ params }) => {
    const svg = logoSvg(String(params.file).replace(/\.svg$/, ''));
    return svg
      ? new HttpResponse(svg, { headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=3600' } })
      : new HttpResponse('not found', { status: 404 });
  }),
  json(FIXTURE_PATHS.ok, servicesPayload),
  json(FIXTURE_PATHS.few, () => fewServices(4)),
  json(FIXTURE_PATHS.badShape, VARIANTS.badShape),
  json(FIXTURE_PATHS.invalidEntries, VARIANTS.invalidEntries),
  json(FIXTURE_PATHS.empty, VARIANTS.empty),
  json(FIXTURE_PATHS.hostile, VARIANTS.hostile),
  http.get(`${FIXTURE_ORIGIN}${FIXTURE_PATHS.serverError}`, () => HttpResponse.json({ error: 'internal' }, { status: 500 })),
  http.get(`${FIXTURE_ORIGIN}${FIXTURE_PATHS.notFound}`, () => HttpResponse.json({ error: 'not found' }, { status: 404 })),
  http.get(`${FIXTURE_ORIGIN}${FIXTURE_PATHS.slow}`, async () => {
    await delay('infinite');
    return HttpResponse.json(servicesPayload(FIXTURE_ORIGIN));
  }),
  http.get(`${FIXTURE_ORIGIN}${FIXTURE_PATHS.networkDown}`, () => HttpResponse.error()),
  http.get(
    `${FIXTURE_ORIGIN}${FIXTURE_PATHS.malformed}`,
    () => new HttpResponse(MALFORMED_BODY, { headers: JSON_HEADERS }),
  ),
  // La Suite's public list (the default services-url): a story whose services-url control is
  // emptied still renders without network.
  http.get(DEFAULT_SERVICES_URL, () => HttpResponse.json(servicesPayload(FIXTURE_ORIGIN))),
];

/** The sessionStorage key under which the element keeps the last good list of `url`. */
export const cacheKeyFor = servicesCacheKey;

export function clearCachedList(url: string | undefined): void {
  try {
    sessionStorage.removeItem(cacheKeyFor(url ?? DEFAULT_SERVICES_URL));
  } catch {
    // Storage disabled: nothing was cached.
  }
}

export function saveCachedList(url: string, data: ServicesData): void {
  sessionStorage.setItem(cacheKeyFor(url), JSON.stringify(data));
}
