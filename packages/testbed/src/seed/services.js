// @ts-check
/**
 * Seed data for the services JSON that `<suite-app-switcher>` reads: La Suite numérique's
 * services as the public list describes them, their logos, and payloads for every fault the
 * widget must survive. Shared by the testbed servers, Storybook stories and tests.
 *
 * The URLs look real but are never fetched.
 */

/** @typedef {'alpha' | 'beta' | 'stable'} Maturity */

/**
 * @typedef {object} SeedService
 * @property {string} id
 * @property {string} name
 * @property {string} url
 * @property {Maturity} maturity
 */

/**
 * @typedef {object} ServiceEntry
 * @property {string} [id]
 * @property {string} [name]
 * @property {string} [url]
 * @property {string} [logo]
 * @property {string} [maturity]
 */

/**
 * @typedef {object} Organization
 * @property {string} name
 * @property {string} [type]
 * @property {string} [siret]
 */

/**
 * @typedef {object} ServicesPayload
 * @property {ServiceEntry[]} services
 * @property {Organization} [organization]
 */

/** @type {readonly SeedService[]} */
export const SERVICES_SEED = Object.freeze([
  { id: 'docs', name: 'Docs', url: 'https://docs.numerique.gouv.fr/', maturity: 'stable' },
  { id: 'visio', name: 'Visio', url: 'https://visio.numerique.gouv.fr/', maturity: 'stable' },
  { id: 'fichiers', name: 'Fichiers', url: 'https://fichiers.numerique.gouv.fr/', maturity: 'beta' },
  { id: 'messagerie', name: 'Messagerie', url: 'https://messagerie.numerique.gouv.fr/', maturity: 'beta' },
  { id: 'tchap', name: 'Tchap', url: 'https://tchap.gouv.fr/', maturity: 'stable' },
  { id: 'grist', name: 'Grist', url: 'https://grist.numerique.gouv.fr/', maturity: 'stable' },
  { id: 'resana', name: 'Resana', url: 'https://resana.numerique.gouv.fr/', maturity: 'stable' },
  { id: 'france-transfert', name: 'FranceTransfert', url: 'https://francetransfert.numerique.gouv.fr/', maturity: 'stable' },
  { id: 'agenda', name: 'Agenda', url: 'https://agenda.numerique.gouv.fr/', maturity: 'alpha' },
  { id: 'projets', name: 'Projets', url: 'https://projets.numerique.gouv.fr/', maturity: 'alpha' },
  { id: 'webinaire', name: 'Webinaire', url: 'https://webinaire.numerique.gouv.fr/', maturity: 'beta' },
  { id: 'rdv-service-public', name: 'RDV Service Public', url: 'https://rdv.anct.gouv.fr/', maturity: 'stable' },
].map((service) => Object.freeze(/** @type {SeedService} */ (service))));

/**
 * Background colour and initials of each service's logo.
 * @type {Readonly<Record<string, readonly [colour: string, initials: string]>>}
 */
const LOGO_STYLE = Object.freeze({
  docs: ['#000091', 'D'],
  visio: ['#1f8d49', 'V'],
  fichiers: ['#c3992a', 'F'],
  messagerie: ['#6a6af4', 'M'],
  tchap: ['#009081', 'T'],
  grist: ['#16b378', 'G'],
  resana: ['#a558a0', 'R'],
  'france-transfert': ['#ce0500', 'FT'],
  agenda: ['#e4794a', 'A'],
  projets: ['#417dc4', 'P'],
  webinaire: ['#8b5cf6', 'W'],
  'rdv-service-public': ['#3a3a3a', 'RDV'],
});

/**
 * The logo of a seeded service: a rounded square in the service's colour with its initials (1 to 3
 * letters) in white, as a standalone SVG document (served as image/svg+xml and used as `<img src>`).
 * Returns `undefined` for an unknown id.
 * @param {string} id
 * @returns {string | undefined}
 */
export function logoSvg(id) {
  if (!Object.hasOwn(LOGO_STYLE, id)) return undefined;
  const [colour, initials] = LOGO_STYLE[id];
  const fontSize = initials.length === 1 ? 24 : initials.length === 2 ? 18 : 14;
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">' +
    `<rect width="48" height="48" rx="10" fill="${colour}"/>` +
    `<text x="24" y="24" dy=".35em" text-anchor="middle" fill="#fff" font-family="Marianne,Arial,sans-serif" font-size="${fontSize}" font-weight="700">${initials}</text>` +
    '</svg>'
  );
}

/** @param {string} logoBase */
const trimBase = (logoBase) => logoBase.replace(/\/+$/, '');

/**
 * The seeded services as an entry of the JSON, logo URL included.
 * @param {SeedService} service
 * @param {string} logoBase
 * @returns {ServiceEntry}
 */
const entry = (service, logoBase) => ({ ...service, logo: `${trimBase(logoBase)}/logos/${service.id}.svg` });

/**
 * The services JSON as La Suite serves it, logos under `<logoBase>/logos/<id>.svg`.
 * @param {string} logoBase the origin (and path prefix) serving the logos, without trailing slash
 * @returns {ServicesPayload}
 */
export function servicesPayload(logoBase) {
  return {
    services: SERVICES_SEED.map((service) => entry(service, logoBase)),
    organization: { name: "Ministère de l'Exemple", type: 'ministry' },
  };
}

/** @param {string} id */
const seed = (id) => {
  const found = SERVICES_SEED.find((service) => service.id === id);
  if (!found) throw new Error(`no seeded service "${id}"`);
  return found;
};

/**
 * Payloads the widget must survive, each a function of the logo base like `servicesPayload`.
 * - `badShape`: not `{services: [...]}` at all (a protocol error).
 * - `invalidEntries`: 3 broken entries (no name, no url, a `javascript:` url) among 4 good ones.
 * - `empty`: `{services: []}`.
 * - `hostile`: the right shape, with HTML and script in names and `javascript:`/`data:text/html`
 *   logos, among good entries: nothing of it may run or render as markup.
 * @type {Readonly<Record<'badShape' | 'invalidEntries' | 'empty' | 'hostile', (logoBase: string) => unknown>>}
 */
export const VARIANTS = Object.freeze({
  badShape: (logoBase) => ({
    items: SERVICES_SEED.slice(0, 3).map((service) => ({ title: service.name, href: service.url, icon: entry(service, logoBase).logo })),
  }),
  invalidEntries: (logoBase) => ({
    services: [
      entry(seed('docs'), logoBase),
      { id: 'sans-nom', url: 'https://sans-nom.numerique.gouv.fr/', maturity: 'stable' },
      entry(seed('visio'), logoBase),
      { id: 'sans-url', name: 'Sans URL', maturity: 'beta' },
      entry(seed('tchap'), logoBase),
      { id: 'piege', name: 'Piège', url: 'javascript:alert(1)', maturity: 'stable' },
      entry(seed('grist'), logoBase),
    ],
    organization: { name: "Ministère de l'Exemple", type: 'ministry' },
  }),
  empty: () => ({ services: [] }),
  hostile: (logoBase) => ({
    services: [
      { ...entry(seed('docs'), logoBase), name: '<img src=x onerror=alert(1)>Docs' },
      { ...entry(seed('visio'), logoBase), name: '"><script>alert(1)</script>' },
      { ...entry(seed('fichiers'), logoBase), logo: 'javascript:alert(1)' },
      { ...entry(seed('messagerie'), logoBase), logo: 'data:text/html,<script>alert(1)</script>' },
      entry(seed('tchap'), logoBase),
      entry(seed('grist'), logoBase),
    ],
    organization: { name: '<b onmouseover=alert(1)>Ministère</b>', type: 'ministry' },
  }),
});
