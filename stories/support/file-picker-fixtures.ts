/**
 * A WebDAV server in memory, as msw handlers, for the stories of <suite-file-picker>: an agent's
 * home (folders, documents, real PNG and JPEG images, accented, emoji and hostile names, a folder
 * of 5,000 files) on a fixture origin, with one URL per scenario (SEARCH support, slowness,
 * errors). It answers what the picker sends: PROPFIND (Depth 0 or 1), MKCOL, PUT (with
 * `If-None-Match: *`), GET, HEAD, OPTIONS and, where OPTIONS announces DASL, SEARCH.
 *
 * Every story shares the same handlers (a docs page renders several stories at once: the last
 * story's handlers would otherwise answer them all); a story picks its scenario by URL.
 */
import { getSession } from '@suite-widgets/core';
import { HttpResponse, delay, http } from 'msw';

/** Never resolved by DNS: only msw answers it. */
export const DAV_ORIGIN = 'https://fichiers.exemple.gouv.fr';
/** The agent's home under a scenario's prefix, as Nextcloud names it. */
const HOME_PATH = '/remote.php/dav/files/agent/';

/** The bearer token the `unauthorized` scenario accepts (see `publishFixtureSession`). */
const FIXTURE_TOKEN = 'jeton-de-demonstration';

// ---------------------------------------------------------------------------------------------
// The agent's files

interface SeedFile {
  /** Path under the home, decoded; folders end with '/'. */
  path: string;
  /** ISO 8601, UTC. */
  modified: string;
  type?: string;
  /** The content: a text, a byte count (zeros, for documents nobody opens here) or a picture. */
  content?: string | number | (() => Promise<Blob>);
}

/** A picture drawn on a canvas, encoded by the browser: real PNG (or JPEG) bytes for thumbnails. */
function picture(width: number, height: number, draw: (context: OffscreenCanvasRenderingContext2D, width: number, height: number) => void, type = 'image/png') {
  return () => {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) return Promise.resolve(new Blob([], { type }));
    draw(context, width, height);
    return canvas.convertToBlob({ type, quality: 0.85 });
  };
}

const fill = (context: OffscreenCanvasRenderingContext2D, colour: string, x: number, y: number, width: number, height: number) => {
  context.fillStyle = colour;
  context.fillRect(x, y, width, height);
};

const disc = (context: OffscreenCanvasRenderingContext2D, colour: string, x: number, y: number, radius: number) => {
  context.fillStyle = colour;
  context.beginPath();
  context.arc(x, y, radius, 0, 2 * Math.PI);
  context.fill();
};

const IMAGES: SeedFile[] = [
  {
    path: 'Images/Bleu France.png',
    modified: '2025-03-14T09:00:00Z',
    content: picture(160, 120, (c, w, h) => {
      fill(c, '#000091', 0, 0, w, h);
      disc(c, '#6a6af4', w * 0.7, h * 0.4, 30);
    }),
  },
  {
    path: 'Images/Tricolore.png',
    modified: '2025-07-14T10:00:00Z',
    content: picture(150, 100, (c, w, h) => {
      fill(c, '#000091', 0, 0, w / 3, h);
      fill(c, '#ffffff', w / 3, 0, w / 3, h);
      fill(c, '#e1000f', (2 * w) / 3, 0, w / 3, h);
    }),
  },
  {
    path: 'Images/Coucher de soleil.png',
    modified: '2025-08-21T20:45:00Z',
    content: picture(160, 120, (c, w, h) => {
      const sky = c.createLinearGradient(0, 0, 0, h);
      sky.addColorStop(0, '#6e445a');
      sky.addColorStop(1, '#fc5d00');
      c.fillStyle = sky;
      c.fillRect(0, 0, w, h);
      disc(c, '#ffca00', w / 2, h * 0.7, 26);
      fill(c, '#3a3a3a', 0, h * 0.75, w, h / 4);
    }),
  },
  {
    path: 'Images/Forêt.png',
    modified: '2024-10-02T14:30:00Z',
    content: picture(160, 120, (c, w, h) => {
      fill(c, '#e8edff', 0, 0, w, h);
      fill(c, '#b8fec9', 0, h * 0.8, w, h / 5);
      c.fillStyle = '#18753c';
      for (let x = 10; x < w; x += 36) {
        c.beginPath();
        c.moveTo(x, h * 0.85);
        c.lineTo(x + 14, h * 0.25);
        c.lineTo(x + 28, h * 0.85);
        c.fill();
      }
    }),
  },
  {
    path: 'Images/Plage.jpg',
    modified: '2025-08-14T12:00:00Z',
    type: 'image/jpeg',
    content: picture(
      160,
      120,
      (c, w, h) => {
        fill(c, '#6aaae6', 0, 0, w, h * 0.5);
        fill(c, '#0063cb', 0, h * 0.5, w, h * 0.2);
        fill(c, '#e8d6aa', 0, h * 0.7, w, h * 0.3);
      },
      'image/jpeg',
    ),
  },
  // Never made a thumbnail (an SVG could carry script): an icon instead.
  {
    path: 'Images/Logo.svg',
    modified: '2023-01-10T08:00:00Z',
    type: 'image/svg+xml',
    content: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#000091"/></svg>',
  },
];

/** The folder of 5,000 files: one letter an hour back from the end of 2025, the newest first. */
export const BIG_FOLDER = 'Archives/Courrier arrivé 2025';
export const BIG_FOLDER_COUNT = 5000;

function bigFolder(): SeedFile[] {
  const end = Date.parse('2025-12-31T17:00:00Z');
  return Array.from({ length: BIG_FOLDER_COUNT }, (_, index) => ({
    path: `${BIG_FOLDER}/Courrier ${String(index + 1).padStart(4, '0')}.pdf`,
    modified: new Date(end - index * 3_600_000).toISOString(),
    type: 'application/pdf',
    content: 20_000 + ((index * 7919) % 180_000),
  }));
}

const ODT = 'application/vnd.oasis.opendocument.text';
const ODS = 'application/vnd.oasis.opendocument.spreadsheet';

/** An agent's home: the names the stories and their `play` functions count on. */
const AGENT_HOME: SeedFile[] = [
  { path: 'Documents/', modified: '2026-03-12T10:30:00Z' },
  { path: 'Documents/Projets/', modified: '2026-02-02T09:00:00Z' },
  { path: 'Documents/Projets/Budget 2026.ods', modified: '2026-01-08T10:00:00Z', type: ODS, content: 18_400 },
  { path: 'Documents/Projets/Note de cadrage.odt', modified: '2026-02-02T09:00:00Z', type: ODT, content: 32_150 },
  { path: 'Documents/Projets/Planning.pdf', modified: '2026-01-20T15:15:00Z', type: 'application/pdf', content: 96_300 },
  { path: 'Documents/Brouillons/', modified: '2025-11-03T08:00:00Z' },
  { path: 'Documents/Compte rendu du comité.odt', modified: '2026-03-12T10:30:00Z', type: ODT, content: 24_800 },
  { path: 'Documents/Procédure d’achat.pdf', modified: '2024-11-05T08:20:00Z', type: 'application/pdf', content: 412_000 },
  { path: 'Images/', modified: '2025-08-21T20:45:00Z' },
  ...IMAGES,
  { path: 'Archives/', modified: '2025-12-31T17:00:00Z' },
  { path: `${BIG_FOLDER}/`, modified: '2025-12-31T17:00:00Z' },
  { path: 'Rapport annuel 2025.pdf', modified: '2026-02-27T16:10:00Z', type: 'application/pdf', content: 1_520_000 },
  { path: 'Été – congés et astreintes.odt', modified: '2026-04-01T07:45:00Z', type: ODT, content: 15_600 },
  {
    path: '🎉 Pot de départ.png',
    modified: '2025-12-19T18:00:00Z',
    content: picture(96, 96, (c, w, h) => {
      fill(c, '#fee9e6', 0, 0, w, h);
      const colours = ['#e1000f', '#000091', '#ffca00', '#18753c'];
      for (let i = 0; i < 24; i++) disc(c, colours[i % 4], (i * 37) % w, (i * 53) % h, 5);
    }),
  },
  { path: '<img src=x onerror=alert(1)>.txt', modified: '2025-12-24T18:00:00Z', type: 'text/plain', content: 'Ce nom de fichier contient du HTML : il doit s’afficher comme du texte.\n' },
  { path: 'Lisez-moi.txt', modified: '2024-01-15T09:12:00Z', type: 'text/plain', content: 'Bienvenue dans votre espace de fichiers.\n' },
];

// ---------------------------------------------------------------------------------------------
// The server

interface DavNode {
  folder: boolean;
  modified: number;
  type: string;
  /** Known for documents and uploads; pictures get theirs when first drawn. */
  size: number | undefined;
  body: Blob | undefined;
  make: (() => Promise<Blob>) | undefined;
}

export interface LoggedRequest {
  method: string;
  /** Decoded path under the home, '' for the home itself. */
  path: string;
}

const XML_HEADERS = { 'Content-Type': 'application/xml; charset=utf-8' };
const ALLOW = 'OPTIONS, GET, HEAD, PUT, PROPFIND, MKCOL';

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const etagOf = (path: string, node: DavNode) => `"${node.modified.toString(36)}-${path.length}-${node.size ?? 0}"`;

/** One scenario's server: a tree of nodes keyed by decoded path ('' is the home), and a log. */
class MemoryDav {
  readonly nodes = new Map<string, DavNode>();
  readonly requests: LoggedRequest[] = [];

  constructor(
    /** The home's path on the origin (ends with '/'). */
    readonly base: string,
    private readonly dasl: boolean,
  ) {
    this.reset();
  }

  /** Back to the seed: what a story uploaded or created is gone. */
  reset(): void {
    this.nodes.clear();
    this.requests.length = 0;
    this.nodes.set('', { folder: true, modified: Date.parse('2026-04-01T07:45:00Z'), type: '', size: undefined, body: undefined, make: undefined });
    for (const file of [...AGENT_HOME, ...bigFolder()]) {
      const folder = file.path.endsWith('/');
      const { content } = file;
      this.nodes.set(file.path.replace(/\/$/, ''), {
        folder,
        modified: Date.parse(file.modified),
        type: folder ? '' : (file.type ?? (typeof content === 'function' ? 'image/png' : 'application/octet-stream')),
        size: typeof content === 'string' ? new Blob([content]).size : typeof content === 'number' ? content : undefined,
        body: typeof content === 'string' ? new Blob([content], { type: file.type }) : undefined,
        make: typeof content === 'function' ? content : typeof content === 'number' ? () => Promise.resolve(new Blob([new Uint8Array(content)])) : undefined,
      });
    }
  }

  /** The decoded path under the home of a URL path, without trailing slash; null when outside. */
  pathOf(pathname: string): string | null {
    if (!`${pathname}/`.startsWith(this.base)) return null;
    try {
      return decodeURIComponent(pathname.slice(this.base.length)).replace(/\/$/, '');
    } catch {
      return null;
    }
  }

  async answer(request: Request, path: string): Promise<Response> {
    const node = this.nodes.get(path);
    switch (request.method) {
      case 'OPTIONS':
        return new HttpResponse(null, {
          status: 200,
          headers: { DAV: '1, 2', Allow: this.dasl ? `${ALLOW}, SEARCH` : ALLOW, ...(this.dasl ? { DASL: '<DAV:basicsearch>' } : {}) },
        });
      case 'PROPFIND': {
        if (!node) return new HttpResponse('Introuvable', { status: 404 });
        const depth = request.headers.get('Depth') ?? 'infinity';
        if (depth !== '0' && depth !== '1') return new HttpResponse('PROPFIND Depth: infinity is not allowed', { status: 403 });
        const children = node.folder && depth === '1' ? this.#childrenOf(path) : [];
        return this.#multistatus([path, ...children]);
      }
      case 'SEARCH':
        return this.dasl ? this.#search(request) : new HttpResponse(null, { status: 405, headers: { Allow: ALLOW } });
      case 'MKCOL': {
        if (node) return new HttpResponse(null, { status: 405 });
        if (!this.nodes.get(parentOf(path))?.folder) return new HttpResponse(null, { status: 409 });
        this.nodes.set(path, { folder: true, modified: Date.now(), type: '', size: undefined, body: undefined, make: undefined });
        return new HttpResponse(null, { status: 201 });
      }
      case 'PUT': {
        if (node?.folder) return new HttpResponse(null, { status: 405 });
        if (node && request.headers.get('If-None-Match') === '*') return new HttpResponse(null, { status: 412 });
        if (!this.nodes.get(parentOf(path))?.folder) return new HttpResponse(null, { status: 409 });
        const body = await request.blob();
        const type = request.headers.get('Content-Type') ?? 'application/octet-stream';
        const stored: DavNode = { folder: false, modified: Date.now(), type, size: body.size, body: new Blob([body], { type }), make: undefined };
        this.nodes.set(path, stored);
        return new HttpResponse(null, { status: node ? 204 : 201, headers: { ETag: etagOf(path, stored) } });
      }
      case 'GET':
      case 'HEAD': {
        if (!node) return new HttpResponse('Introuvable', { status: 404 });
        if (node.folder) return new HttpResponse(null, { status: 405, headers: { Allow: ALLOW } });
        const body = await this.#bodyOf(node);
        const headers = { 'Content-Type': node.type, 'Content-Length': String(body.size), ETag: etagOf(path, node), 'Last-Modified': new Date(node.modified).toUTCString() };
        return new HttpResponse(request.method === 'HEAD' ? null : body, { status: 200, headers });
      }
      default:
        return new HttpResponse(null, { status: 405, headers: { Allow: ALLOW } });
    }
  }

  #childrenOf(path: string): string[] {
    const prefix = path ? `${path}/` : '';
    return [...this.nodes.keys()].filter((other) => other !== '' && other !== path && other.startsWith(prefix) && !other.slice(prefix.length).includes('/'));
  }

  async #bodyOf(node: DavNode): Promise<Blob> {
    if (!node.body && node.make) {
      const made = await node.make();
      node.body = new Blob([made], { type: node.type });
      node.size = made.size;
    }
    return node.body ?? new Blob([]);
  }

  /** `207 Multi-Status`, each resource with the properties the picker asks for. */
  async #multistatus(paths: string[]): Promise<Response> {
    // A picture's size is known once drawn: draw those of this answer first.
    const undrawn = paths.map((path) => this.nodes.get(path)).filter((node): node is DavNode => node !== undefined && !node.folder && node.size === undefined);
    await Promise.all(undrawn.map((node) => this.#bodyOf(node)));
    const body = `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:">${paths.map((path) => this.#response(path)).join('')}</d:multistatus>`;
    return new HttpResponse(body, { status: 207, headers: XML_HEADERS });
  }

  #response(path: string): string {
    const node = this.nodes.get(path)!;
    const href = `${this.base}${encodePath(path)}${node.folder && path ? '/' : ''}`;
    const props = node.folder
      ? '<d:resourcetype><d:collection/></d:resourcetype>'
      : `<d:resourcetype/><d:getcontentlength>${node.size ?? 0}</d:getcontentlength><d:getcontenttype>${escapeXml(node.type)}</d:getcontenttype><d:getetag>${escapeXml(etagOf(path, node))}</d:getetag>`;
    return `<d:response><d:href>${escapeXml(href)}</d:href><d:propstat><d:prop>${props}<d:getlastmodified>${new Date(node.modified).toUTCString()}</d:getlastmodified></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
  }

  /** RFC 5323 `basicsearch`, as much of it as the picker sends: a name `like '%text%'` under a scope. */
  async #search(request: Request): Promise<Response> {
    const query = new DOMParser().parseFromString(await request.text(), 'application/xml');
    const first = (name: string) => query.getElementsByTagNameNS('DAV:', name)[0]?.textContent?.trim() ?? '';
    const scope = this.pathOf(new URL(first('href') || this.base, request.url).pathname);
    if (scope === null || !this.nodes.get(scope)?.folder) return new HttpResponse('Bad scope', { status: 400 });
    const needle = fold(first('literal').replace(/^%|%$/g, '').replace(/\\(.)/g, '$1'));
    const limit = Number(first('nresults')) || Infinity;
    const prefix = scope ? `${scope}/` : '';
    const found = [...this.nodes.keys()].filter((path) => path !== scope && path.startsWith(prefix) && fold(nameOf(path)).includes(needle)).slice(0, limit);
    return this.#multistatus(found);
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

export type Scenario = 'ok' | 'search' | 'slow' | 'slowUpload' | 'unauthorized' | 'forbidden' | 'vanished' | 'full' | 'down' | 'malformed';

/** What a scenario answers instead of the server; undefined lets the server answer. */
type Intercept = (request: Request, path: string) => Response | Promise<Response> | undefined;

interface ScenarioSpec {
  /** First segment of the URL path ('' for the plain server). */
  prefix: string;
  /** OPTIONS announces `DASL: <DAV:basicsearch>` and SEARCH is answered. */
  dasl?: boolean;
  intercept?: Intercept;
}

const never = async () => {
  await delay('infinite');
  return new HttpResponse(null, { status: 504 });
};

/** Cut in the middle of a response, as a proxy that drops the connection would leave it. */
const MALFORMED_MULTISTATUS = `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:"><d:response><d:href>${HOME_PATH}Documents/</d:href><d:propstat><d:prop><d:resourcetype><d:coll`;

const SCENARIOS: Readonly<Record<Scenario, ScenarioSpec>> = {
  ok: { prefix: '' },
  search: { prefix: 'search', dasl: true },
  slow: { prefix: 'slow', intercept: never },
  slowUpload: { prefix: 'slow-upload', intercept: (request) => (request.method === 'PUT' ? never() : undefined) },
  unauthorized: {
    prefix: 'unauthorized',
    intercept: (request) =>
      request.headers.get('Authorization') === `Bearer ${FIXTURE_TOKEN}`
        ? undefined
        : new HttpResponse('Unauthorized', { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="Fichiers"' } }),
  },
  forbidden: { prefix: 'forbidden', intercept: () => new HttpResponse('Forbidden', { status: 403 }) },
  vanished: {
    prefix: 'vanished',
    intercept: (request, path) => (request.method === 'PROPFIND' && (path === 'Documents' || path.startsWith('Documents/')) ? new HttpResponse('Introuvable', { status: 404 }) : undefined),
  },
  full: {
    prefix: 'full',
    intercept: (request) => (request.method === 'PUT' || request.method === 'MKCOL' ? new HttpResponse(null, { status: 507, statusText: 'Insufficient Storage' }) : undefined),
  },
  down: { prefix: 'down', intercept: () => HttpResponse.error() },
  malformed: {
    prefix: 'malformed',
    intercept: (request) => (request.method === 'PROPFIND' ? new HttpResponse(MALFORMED_MULTISTATUS, { status: 207, headers: XML_HEADERS }) : undefined),
  },
};

const SCENARIO_NAMES = Object.keys(SCENARIOS) as Scenario[];
const baseOf = (scenario: Scenario) => `${SCENARIOS[scenario].prefix ? `/${SCENARIOS[scenario].prefix}` : ''}${HOME_PATH}`;

/** Made on first use (5,000 files each). */
const servers = new Map<Scenario, MemoryDav>();
const serverOf = (scenario: Scenario): MemoryDav => {
  let server = servers.get(scenario);
  if (!server) servers.set(scenario, (server = new MemoryDav(baseOf(scenario), SCENARIOS[scenario].dasl ?? false)));
  return server;
};

/** The URL of the agent's home in a scenario: what the story gives the `url` attribute. */
export function davUrl(scenario: Scenario): string {
  return `${DAV_ORIGIN}${baseOf(scenario)}`;
}

/** What a scenario's server was asked since the story started. */
export function davRequests(scenario: Scenario): readonly LoggedRequest[] {
  return serverOf(scenario).requests;
}

/** Every server back to the seed (each story starts from the same files). */
export function resetDav(): void {
  for (const server of servers.values()) server.reset();
}

/** The one handler: the scenario from the URL path, its intercept, else the server. */
export const davHandlers = [
  http.all(`${DAV_ORIGIN}/*`, ({ request }) => {
    const { pathname } = new URL(request.url);
    const scenario = SCENARIO_NAMES.find((name) => `${pathname}/`.startsWith(baseOf(name)));
    if (!scenario) return new HttpResponse('Introuvable', { status: 404 });
    const server = serverOf(scenario);
    const path = server.pathOf(pathname);
    if (path === null) return new HttpResponse('Bad path', { status: 400 });
    server.requests.push({ method: request.method, path });
    return SCENARIOS[scenario].intercept?.(request, path) ?? server.answer(request, path);
  }),
];

// ---------------------------------------------------------------------------------------------
// The page session (what <suite-login> publishes), for the sign-in story

const AGENT = { sub: 'agent-0001', name: 'Camille Durand', givenName: 'Camille', familyName: 'Durand', email: 'camille.durand@ministere.example' };

/**
 * Signed out, with a provider whose `signIn()` signs in at once and hands out the token the
 * `unauthorized` scenario accepts: what a page with <suite-login> does, without the provider's page.
 */
export function publishFixtureSession(): void {
  const session = getSession();
  session.publish(
    { state: 'signed-out', user: null },
    {
      getAccessToken: () => Promise.resolve(session.state === 'signed-in' ? FIXTURE_TOKEN : null),
      signIn: () => session.publish({ state: 'signed-in', user: AGENT }),
      signOut: () => session.publish({ state: 'signed-out', user: null }),
    },
  );
}

/** The session as a page without <suite-login> has it. */
export function clearFixtureSession(): void {
  getSession().publish({ state: 'unknown', user: null }, null);
}
