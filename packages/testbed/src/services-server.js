// @ts-check
/**
 * The services server: La Suite's services JSON (and its fault variants), the services' logos,
 * the CDN build (`dist/cdn`) and the demo portal, on one loopback origin.
 */
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { closeServer, listen, messageOf, send, sendJson } from './http-util.js';
import { VARIANTS, logoSvg, servicesPayload } from './seed/services.js';

/** @typedef {import('./http-util.js').Log} Log */

/**
 * @typedef {object} ServicesServerOptions
 * @property {string} [host] default `127.0.0.1`
 * @property {number} [port] default 0 (a free port)
 * @property {string} [cdnDir] the CDN build to serve under `/cdn/`; default `<repo>/dist/cdn`
 * @property {() => string | undefined} [gatewayUrl] the gateway's base URL, for the portal page
 * @property {() => Record<string, string>} [portalValues] more `{{NAME}}` values for the portal pages (the OIDC issuer, client ids…)
 * @property {Array<(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>>} [handlers]
 *   tried first, in order; one that answers resolves true (the backend-for-frontend under `/bff/`)
 * @property {Log} [log]
 */

/**
 * @typedef {object} ServicesServer
 * @property {string} url base URL, without trailing slash
 * @property {string} cdnDir
 * @property {import('node:http').Server} server
 * @property {() => Promise<void>} close
 */

/** `<repo root>/dist/cdn`. */
export const DEFAULT_CDN_DIR = fileURLToPath(new URL('../../../dist/cdn', import.meta.url));

/** The portal's pages, by path: the demo page and the sign-in pages of the browser tests. */
const PORTAL_PAGES = new Map([
  ['/', new URL('./portal/index.html', import.meta.url)],
  ['/index.html', new URL('./portal/index.html', import.meta.url)],
  ['/login/bff.html', new URL('./portal/login/bff.html', import.meta.url)],
  ['/login/oidc.html', new URL('./portal/login/oidc.html', import.meta.url)],
  ['/files/picker.html', new URL('./portal/files/picker.html', import.meta.url)],
]);
/** Static files of the portal's sign-in pages. */
const PORTAL_FILES = new Map([['/login/probe.js', new URL('./portal/login/probe.js', import.meta.url)]]);

/** @type {Readonly<Record<string, string>>} */
const CONTENT_TYPES = Object.freeze({
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
});

const CORS = Object.freeze({ 'Access-Control-Allow-Origin': '*' });

/**
 * The JSON routes, by path: each gives the payload for the server's base URL (logos resolve there).
 * @type {ReadonlyMap<string, (base: string) => unknown>}
 */
const JSON_ROUTES = new Map([
  ['/api/services', servicesPayload],
  ['/api/services-bad-shape', VARIANTS.badShape],
  ['/api/services-invalid-entries', VARIANTS.invalidEntries],
  ['/api/services-empty', VARIANTS.empty],
  ['/api/services-hostile', VARIANTS.hostile],
]);

/** A base URL safe to paste into HTML attributes and JS strings as is. */
const SAFE_BASE_URL = /^https?:\/\/[A-Za-z0-9.\-:[\]]+(\/[A-Za-z0-9._~\-/]*)?$/;

/**
 * A value (URL, client id) safe to paste into HTML attributes and JS strings as is.
 * @param {string} value
 * @param {string} what
 */
function checkedValue(value, what) {
  if (!/^[A-Za-z0-9._~:/?=&\-[\]]*$/.test(value)) throw new Error(`${what} "${value}" has unexpected characters; the portal cannot embed it`);
  return value;
}

/**
 * @param {string} url
 * @param {string} what
 */
function checkedBase(url, what) {
  const base = url.replace(/\/+$/, '');
  if (!SAFE_BASE_URL.test(base)) throw new Error(`${what} URL "${url}" has unexpected characters; the portal cannot embed it`);
  return base;
}

/**
 * Starts the services server.
 * @param {ServicesServerOptions} [options]
 * @returns {Promise<ServicesServer>}
 */
export async function startServicesServer({ host = '127.0.0.1', port = 0, cdnDir = DEFAULT_CDN_DIR, gatewayUrl, portalValues, handlers = [], log = () => {} } = {}) {
  const root = resolve(cdnDir);
  let base = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((/** @type {unknown} */ error) => {
      log(`services: ${req.method} ${req.url} failed: ${messageOf(error)}`);
      if (!res.headersSent) sendJson(req, res, 500, { error: 'internal', detail: messageOf(error) }, CORS);
      else res.destroy();
    });
  });
  // A client that goes away mid-answer must not take the server down.
  server.on('clientError', (_error, socket) => socket.destroy());

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    for (const handler of handlers) if (await handler(req, res)) return;
    const known = PORTAL_PAGES.has(path) || PORTAL_FILES.has(path) || JSON_ROUTES.has(path) || path === '/api/services-error' ||
      path === '/api/services-not-json' || path.startsWith('/logos/') || path.startsWith('/cdn/') || rawPath.startsWith('/cdn/');

    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS,
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '600',
        Allow: 'GET, HEAD, OPTIONS',
      });
      res.end();
      return;
    }
    if (!known) {
      sendJson(req, res, 404, { error: 'not found', path }, CORS);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(req, res, 405, { error: 'method not allowed', allow: ['GET', 'HEAD', 'OPTIONS'] }, { ...CORS, Allow: 'GET, HEAD, OPTIONS' });
      return;
    }

    const payload = JSON_ROUTES.get(path);
    if (payload) {
      sendJson(req, res, 200, payload(base), CORS);
      return;
    }
    if (path === '/api/services-error') {
      sendJson(req, res, 500, { error: 'internal' }, CORS);
      return;
    }
    if (path === '/api/services-not-json') {
      send(req, res, 200, '<!doctype html><html lang="fr"><head><title>Maintenance</title></head><body><h1>Site en maintenance</h1><p>Le service revient bientôt.</p></body></html>', {
        ...CORS,
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      return;
    }
    if (path.startsWith('/logos/')) {
      const match = /^\/logos\/([a-z0-9-]+)\.svg$/.exec(path);
      const svg = match?.[1] ? logoSvg(match[1]) : undefined;
      if (svg) send(req, res, 200, svg, { ...CORS, 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=300' });
      else sendJson(req, res, 404, { error: 'no such logo', path }, CORS);
      return;
    }
    const file = PORTAL_FILES.get(path);
    if (file) {
      send(req, res, 200, await readFile(file, 'utf8'), { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      return;
    }
    if (rawPath.startsWith('/cdn/') || path.startsWith('/cdn/')) {
      await serveCdn(req, res, rawPath.startsWith('/cdn/') ? rawPath.slice('/cdn/'.length) : path.slice('/cdn/'.length));
      return;
    }
    await servePortal(req, res, path);
  }

  /**
   * Serves one file of the CDN build. The path is checked on its raw, still-encoded form, so
   * `..` in any spelling (`%2e%2e`, `..%2f`, backslashes) is refused before touching the disk.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} encoded the path below `/cdn/`, as the client sent it
   */
  async function serveCdn(req, res, encoded) {
    let name;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      sendJson(req, res, 400, { error: 'bad path encoding' }, CORS);
      return;
    }
    const segments = name.split(/[\\/]/);
    const file = resolve(root, name);
    const inside = relative(root, file);
    if (name.includes('\0') || segments.includes('..') || isAbsolute(name) || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
      sendJson(req, res, 403, { error: 'forbidden path' }, CORS);
      return;
    }
    const rootStat = await stat(root).catch(() => undefined);
    if (!rootStat?.isDirectory()) {
      send(req, res, 503, `The CDN build is missing (${root}): run "npm run build" at the repository root first.\n`, {
        ...CORS,
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      return;
    }
    const fileStat = inside === '' ? undefined : await stat(file).catch(() => undefined);
    if (!fileStat?.isFile()) {
      sendJson(req, res, 404, { error: 'not found', path: `/cdn/${name}` }, CORS);
      return;
    }
    res.writeHead(200, {
      ...CORS,
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': fileStat.size,
      'Cache-Control': 'no-cache',
      'Last-Modified': fileStat.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(createReadStream(file), res);
    } catch (error) {
      // The client went away, or the file vanished mid-read: nothing more to say to this one.
      if (!res.destroyed) res.destroy();
      if (!isPrematureClose(error)) log(`services: reading ${file} failed: ${messageOf(error)}`);
    }
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} path one of PORTAL_PAGES
   */
  async function servePortal(req, res, path) {
    const template = await readFile(/** @type {URL} */ (PORTAL_PAGES.get(path)), 'utf8');
    const gateway = gatewayUrl?.();
    const gatewayBase = gateway ? checkedBase(gateway, 'gateway') : '';
    const values = {
      GATEWAY: gatewayBase,
      SERVICES_BASE: gatewayBase ? `${gatewayBase}/services` : base,
      SERVICES_DIRECT: base,
      ...Object.fromEntries(Object.entries(portalValues?.() ?? {}).map(([key, value]) => [key, checkedValue(value, key)])),
    };
    const html = template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, /** @type {string} */ key) =>
      Object.hasOwn(values, key) ? values[/** @type {keyof typeof values} */ (key)] : whole,
    );
    send(req, res, 200, html, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  }

  base = checkedBase(await listen(server, host, port), 'services server');
  log(`services server: ${base}`);
  /** @type {Promise<void> | undefined} */
  let closing;
  return {
    url: base,
    cdnDir: root,
    server,
    close: () => (closing ??= closeServer(server)),
  };
}

/** @param {unknown} error */
const isPrematureClose = (error) =>
  typeof error === 'object' && error !== null && 'code' in error && (error.code === 'ERR_STREAM_PREMATURE_CLOSE' || error.code === 'ECONNRESET');
