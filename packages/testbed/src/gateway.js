// @ts-check
/**
 * The gateway: one origin in front of every testbed backend, as a site's reverse proxy would be.
 *
 * - Routes path prefixes to backends (`/services/` → the services server root, `/dav/` → Apache,
 *   later `/jmap/`, `/_matrix/`…), streaming requests and responses, hop-by-hop headers dropped,
 *   Host rewritten, redirects (`Location`) mapped back under the prefix. A route may have an
 *   `authorize` hook (the `/dav/` route turns bearer tokens into Apache's Basic credentials).
 * - Answers CORS itself: the request's Origin reflected with credentials, preflights answered
 *   here (Cyrus answers an unauthenticated preflight with 401; browsers need this).
 * - Injects faults (status, latency, dropped connection, malformed body, canned body), driven
 *   from code (`addFault`) or over HTTP (`/__testbed/faults`) so browser tests and the demo
 *   portal can turn them on from another origin.
 */
import { Agent, createServer, request as httpRequest } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { closeServer, listen, messageOf, send, sendJson } from './http-util.js';

/** @typedef {import('./http-util.js').Log} Log */

/**
 * A fault to inject. Every field is optional; the first matching action wins in this order:
 * `drop`, `malformed`, `body`, `status`; a fault with none of them (only `latency`) delays the
 * request and then proxies it.
 * @typedef {object} Fault
 * @property {string} [path] prefix of the incoming path (query excluded) it applies to; default: every proxied path
 * @property {string} [method] the HTTP method it applies to (e.g. `PROPFIND`, `PUT`; stored upper-case); default: every method
 * @property {number} [status] answer this status with `{"error":"injected"}` instead of proxying (or with `body`)
 * @property {number} [latency] milliseconds to wait before proxying or answering
 * @property {boolean} [drop] destroy the connection without answering
 * @property {boolean} [malformed] answer 200 `application/json` with a truncated body
 * @property {string} [body] answer 200 (or `status`) with this body
 * @property {string} [contentType] content type of `body`/`status` answers; default `application/json; charset=utf-8`
 * @property {number} [retryAfter] seconds, sent as `Retry-After` on the injected answer
 * @property {number} [times] apply only this many times, then remove itself; default: until removed
 */

/**
 * A fault in force, as `listFaults()` and `GET /__testbed/faults` show it.
 * @typedef {Fault & {id: string, applied: number}} ActiveFault
 */

/**
 * What a route's `authorize` hook decides: proxy (with `headers` set on the request to the
 * backend; `null` removes one), or answer in the backend's place (the gateway's CORS headers
 * added).
 * @typedef {{ok: true, headers?: Record<string, string | null>}
 *   | {ok: false, status: number, headers?: Record<string, string>, body?: string}} AuthorizeResult
 */

/**
 * Called before a request is proxied (never for preflights; after the faults). It must not read
 * the request body.
 * @typedef {(req: import('node:http').IncomingMessage) => Promise<AuthorizeResult>} Authorize
 */

/**
 * @typedef {object} RouteOptions
 * @property {Authorize} [authorize] e.g. turn a bearer token into the backend's own credentials
 */

/**
 * @typedef {object} Route
 * @property {string} prefix always starts and ends with `/`
 * @property {URL} target
 * @property {Authorize} [authorize]
 */

/**
 * @typedef {object} GatewayOptions
 * @property {string} [host] default `127.0.0.1`
 * @property {number} [port] default 0 (a free port)
 * @property {Log} [log]
 */

/**
 * @typedef {object} Gateway
 * @property {string} url base URL, without trailing slash
 * @property {import('node:http').Server} server
 * @property {(prefix: string, targetBaseUrl: string, options?: RouteOptions) => void} addRoute map `<gateway><prefix>rest` to `<targetBaseUrl>/rest`, optionally through an `authorize` hook
 * @property {(prefix: string) => boolean} removeRoute
 * @property {() => {prefix: string, target: string}[]} routes
 * @property {(fault: Fault) => string} addFault validates the fault (throws a TypeError) and returns its id
 * @property {(id: string) => boolean} removeFault
 * @property {() => ActiveFault[]} listFaults newest last
 * @property {() => void} clearFaults
 * @property {() => Promise<void>} close
 */

export const CONTROL_PREFIX = '/__testbed/';

export const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, PATCH, OPTIONS, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK, REPORT, SEARCH';

export const EXPOSED_HEADERS =
  'ETag, DAV, DASL, Retry-After, Content-Length, Content-Range, Content-Disposition, Location, Lock-Token, WWW-Authenticate, Allow, Date, Last-Modified, OC-ETag, OC-FileId, X-Testbed-Fault';

/** What a request without `Access-Control-Request-Headers` may still send (WebDAV, JMAP, Matrix). */
const DEFAULT_ALLOWED_HEADERS =
  'Authorization, Content-Type, Depth, Destination, Overwrite, If, If-Match, If-None-Match, If-Modified-Since, Lock-Token, Timeout, Range, X-Requested-With, OC-Total-Length, OC-Checksum, X-OC-Mtime';

/** Connection-level headers a proxy must not forward (RFC 9110 §7.6.1), plus the old ones. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The body of a `malformed` fault: JSON cut in the middle of a string. */
export const MALFORMED_BODY = '{"services": [{"name": "Do';

const MAX_CONTROL_BODY = 64 * 1024;
const MAX_LATENCY = 10 * 60 * 1000;

/**
 * The CORS headers of every gateway answer: the Origin reflected with credentials.
 * @param {string | undefined} origin
 * @returns {Record<string, string>}
 */
function corsHeaders(origin) {
  if (!origin) return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED_HEADERS };
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    Vary: 'Origin',
  };
}

/**
 * Checks a fault from code or from a JSON body; returns a clean copy.
 * @param {unknown} input
 * @returns {Fault}
 */
export function validateFault(input) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('a fault is a JSON object, e.g. {"status": 500}');
  const source = /** @type {Record<string, unknown>} */ (input);
  const known = ['path', 'method', 'status', 'latency', 'drop', 'malformed', 'body', 'contentType', 'retryAfter', 'times'];
  const unknown = Object.keys(source).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new TypeError(`unknown fault field(s): ${unknown.join(', ')} (known: ${known.join(', ')})`);
  /** @type {Fault} */
  const fault = {};
  const { path, method, status, latency, drop, malformed, body, contentType, retryAfter, times } = source;
  if (path !== undefined) {
    if (typeof path !== 'string' || !path.startsWith('/')) throw new TypeError('fault "path" must be a string starting with "/"');
    fault.path = path;
  }
  if (method !== undefined) {
    if (typeof method !== 'string' || !/^[A-Za-z]{1,20}$/.test(method) || method.toUpperCase() === 'OPTIONS') throw new TypeError('fault "method" must be an HTTP method name such as "PROPFIND" (not OPTIONS: preflights are never faulted)');
    fault.method = method.toUpperCase();
  }
  if (status !== undefined) {
    if (!Number.isInteger(status) || /** @type {number} */ (status) < 200 || /** @type {number} */ (status) > 599) throw new TypeError('fault "status" must be an integer from 200 to 599');
    fault.status = /** @type {number} */ (status);
  }
  if (latency !== undefined) {
    if (typeof latency !== 'number' || !Number.isFinite(latency) || latency < 0 || latency > MAX_LATENCY) throw new TypeError(`fault "latency" must be a number of milliseconds from 0 to ${MAX_LATENCY}`);
    fault.latency = latency;
  }
  if (drop !== undefined) {
    if (typeof drop !== 'boolean') throw new TypeError('fault "drop" must be a boolean');
    fault.drop = drop;
  }
  if (malformed !== undefined) {
    if (typeof malformed !== 'boolean') throw new TypeError('fault "malformed" must be a boolean');
    fault.malformed = malformed;
  }
  if (body !== undefined) {
    if (typeof body !== 'string') throw new TypeError('fault "body" must be a string (JSON.stringify it first)');
    fault.body = body;
  }
  if (contentType !== undefined) {
    if (typeof contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(contentType) || /[\r\n]/.test(contentType)) throw new TypeError('fault "contentType" must be a media type, e.g. "text/html"');
    fault.contentType = contentType;
  }
  if (retryAfter !== undefined) {
    if (!Number.isInteger(retryAfter) || /** @type {number} */ (retryAfter) < 0) throw new TypeError('fault "retryAfter" must be a whole number of seconds');
    fault.retryAfter = /** @type {number} */ (retryAfter);
  }
  if (times !== undefined) {
    if (!Number.isInteger(times) || /** @type {number} */ (times) < 1) throw new TypeError('fault "times" must be a positive integer');
    fault.times = /** @type {number} */ (times);
  }
  return fault;
}

/**
 * Headers for the backend: the client's, minus hop-by-hop ones, Host rewritten.
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} target
 * @param {string} prefix
 * @returns {import('node:http').OutgoingHttpHeaders}
 */
function upstreamHeaders(req, target, prefix) {
  const dropped = connectionTokens(req.headers.connection);
  /** @type {import('node:http').OutgoingHttpHeaders} */
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || dropped.has(name)) continue;
    headers[name] = value;
  }
  headers.host = target.host;
  const forwardedFor = req.headers['x-forwarded-for'];
  const client = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${client}` : client;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-prefix'] = prefix.replace(/\/$/, '');
  return headers;
}

/**
 * Header names listed in a Connection header (they are hop-by-hop too).
 * @param {string | undefined} connection
 */
function connectionTokens(connection) {
  return new Set((connection ?? '').split(',').map((token) => token.trim().toLowerCase()).filter(Boolean));
}

/**
 * Starts the gateway.
 * @param {GatewayOptions} [options]
 * @returns {Promise<Gateway>}
 */
export async function startGateway({ host = '127.0.0.1', port = 0, log = () => {} } = {}) {
  /** @type {Route[]} */
  let routes = [];
  /** @type {ActiveFault[]} */
  let faults = [];
  let nextFaultId = 1;
  let base = '';
  // Its own agent, so close() can drop the keep-alive sockets to the backends.
  const agent = new Agent({ keepAlive: true });

  const server = createServer((req, res) => {
    handle(req, res).catch((/** @type {unknown} */ error) => {
      log(`gateway: ${req.method} ${req.url} failed: ${messageOf(error)}`);
      if (!res.headersSent && !res.destroyed) sendJson(req, res, 500, { error: 'gateway failure', detail: messageOf(error) }, corsHeaders(req.headers.origin));
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const rawUrl = req.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const cors = corsHeaders(req.headers.origin);

    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      answerPreflight(req, res);
      return;
    }
    if (path === CONTROL_PREFIX.slice(0, -1) || path.startsWith(CONTROL_PREFIX)) {
      await control(req, res, path, cors);
      return;
    }

    const fault = takeFault(path, req.method ?? 'GET');
    if (fault?.latency) {
      const gone = new AbortController();
      const onClose = () => gone.abort();
      res.once('close', onClose);
      try {
        await delay(fault.latency, undefined, { signal: gone.signal });
      } catch {
        return; // the client left (or the gateway closed) while we waited
      } finally {
        res.off('close', onClose);
      }
    }
    if (fault && answerFault(req, res, fault, cors)) return;

    const route = findRoute(path);
    if (!route) {
      sendJson(req, res, 502, { error: 'no route', path, routes: routes.map((r) => r.prefix) }, cors);
      return;
    }
    /** @type {Record<string, string | null>} */
    let extraHeaders = {};
    if (route.authorize) {
      const verdict = await route.authorize(req);
      if (res.destroyed) return;
      if (!verdict.ok) {
        req.resume(); // the body is not wanted; keep the connection usable
        send(req, res, verdict.status, verdict.body ?? '', { 'Content-Type': 'text/plain; charset=utf-8', ...verdict.headers, ...cors });
        return;
      }
      extraHeaders = verdict.headers ?? {};
    }
    proxy(req, res, route, rawUrl, cors, extraHeaders);
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  function answerPreflight(req, res) {
    /** @type {Record<string, string>} */
    const headers = {
      ...corsHeaders(req.headers.origin),
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || DEFAULT_ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
      Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      'Content-Length': '0',
    };
    // Chrome's Private Network Access: a public page calling this loopback gateway asks first.
    if (req.headers['access-control-request-private-network'] === 'true') headers['Access-Control-Allow-Private-Network'] = 'true';
    res.writeHead(204, headers);
    res.end();
  }

  /**
   * The newest fault for this path and method, counted as applied (and removed when its `times` run out).
   * @param {string} path
   * @param {string} method
   * @returns {ActiveFault | undefined}
   */
  function takeFault(path, method) {
    for (let index = faults.length - 1; index >= 0; index -= 1) {
      const fault = faults[index];
      if (!fault || (fault.path !== undefined && !path.startsWith(fault.path)) || (fault.method !== undefined && fault.method !== method.toUpperCase())) continue;
      fault.applied += 1;
      if (fault.times !== undefined && fault.applied >= fault.times) faults = faults.filter((f) => f !== fault);
      return fault;
    }
    return undefined;
  }

  /**
   * Answers in place of the backend when the fault says so.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {Fault} fault
   * @param {Record<string, string>} cors
   * @returns {boolean} whether the request was answered (or dropped)
   */
  function answerFault(req, res, fault, cors) {
    if (res.destroyed) return true;
    if (fault.drop) {
      req.socket.destroy();
      return true;
    }
    /** @type {Record<string, string>} */
    const headers = { ...cors, 'Cache-Control': 'no-store', 'X-Testbed-Fault': 'injected' };
    if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
    const contentType = fault.contentType ?? 'application/json; charset=utf-8';
    if (fault.malformed) {
      send(req, res, fault.status ?? 200, MALFORMED_BODY, { ...headers, 'Content-Type': contentType });
      return true;
    }
    if (fault.body !== undefined) {
      send(req, res, fault.status ?? 200, fault.body, { ...headers, 'Content-Type': contentType });
      return true;
    }
    if (fault.status !== undefined) {
      send(req, res, fault.status, JSON.stringify({ error: 'injected' }), { ...headers, 'Content-Type': contentType });
      return true;
    }
    return false;
  }

  /**
   * The longest route prefix that matches (`/services` matches `/services/` too).
   * @param {string} path
   */
  function findRoute(path) {
    let best;
    for (const route of routes) {
      if ((path.startsWith(route.prefix) || path === route.prefix.slice(0, -1)) && (!best || route.prefix.length > best.prefix.length)) best = route;
    }
    return best;
  }

  /**
   * Streams the request to the backend and its answer back.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {Route} route
   * @param {string} rawUrl
   * @param {Record<string, string>} cors
   * @param {Record<string, string | null>} extraHeaders set (or, when null, removed) on the request to the backend
   */
  function proxy(req, res, route, rawUrl, cors, extraHeaders) {
    const { prefix, target } = route;
    const targetBase = target.pathname.endsWith('/') ? target.pathname : `${target.pathname}/`;
    const rest = rawUrl.startsWith(prefix) ? rawUrl.slice(prefix.length) : rawUrl.slice(prefix.length - 1).replace(/^\//, '');
    const upstreamPath = `${targetBase}${rest}`;
    const headers = upstreamHeaders(req, target, prefix);
    for (const [name, value] of Object.entries(extraHeaders)) {
      if (value === null) delete headers[name.toLowerCase()];
      else headers[name.toLowerCase()] = value;
    }

    const upstream = httpRequest({
      protocol: 'http:',
      hostname: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || 80,
      method: req.method,
      path: upstreamPath,
      headers,
      agent,
    });

    // The browser cancelled (or the gateway is closing): stop talking to the backend too.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.once('error', () => upstream.destroy());

    upstream.on('response', (answer) => {
      answer.on('error', () => res.destroy());
      if (res.destroyed) {
        answer.resume();
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, downstreamHeaders(answer, route, cors));
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (res.destroyed || res.writableFinished) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      log(`gateway: ${req.method} ${rawUrl} → ${target.origin}${upstreamPath}: ${messageOf(error)}`);
      sendJson(req, res, 502, { error: 'bad gateway', detail: `${prefix} → ${target.origin}: ${messageOf(error)}` }, cors);
    });
    req.pipe(upstream);
  }

  /**
   * The backend's headers for the client: hop-by-hop and the backend's own CORS dropped, the
   * gateway's CORS added, redirects into the backend mapped back under the route prefix.
   * @param {import('node:http').IncomingMessage} answer
   * @param {Route} route
   * @param {Record<string, string>} cors
   * @returns {import('node:http').OutgoingHttpHeaders}
   */
  function downstreamHeaders(answer, route, cors) {
    const dropped = connectionTokens(answer.headers.connection);
    /** @type {import('node:http').OutgoingHttpHeaders} */
    const headers = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || dropped.has(name) || name.startsWith('access-control-')) continue;
      headers[name] = value;
    }
    const location = answer.headers.location;
    if (location) headers.location = rewriteLocation(location, route);
    const { Vary: corsVary, ...corsRest } = cors;
    Object.assign(headers, corsRest);
    const vary = answer.headers.vary;
    if (corsVary && vary !== '*') headers.vary = vary ? (/\borigin\b/i.test(vary) ? vary : `${vary}, Origin`) : corsVary;
    return headers;
  }

  /**
   * `Location: http://backend/base/x` or `/base/x` → `http://gateway/prefix/x`.
   * @param {string} location
   * @param {Route} route
   */
  function rewriteLocation(location, route) {
    const targetBase = route.target.pathname.endsWith('/') ? route.target.pathname : `${route.target.pathname}/`;
    let path = location;
    if (/^https?:\/\//i.test(location)) {
      let url;
      try {
        url = new URL(location);
      } catch {
        return location;
      }
      if (url.origin !== route.target.origin) return location;
      path = `${url.pathname}${url.search}${url.hash}`;
    } else if (!location.startsWith('/')) {
      return location; // relative to the request URL: still right behind the prefix
    }
    if (path.startsWith(targetBase)) return `${base}${route.prefix}${path.slice(targetBase.length)}`;
    if (`${path}/` === targetBase) return `${base}${route.prefix}`;
    return location;
  }

  /**
   * The `/__testbed/` endpoints.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} path
   * @param {Record<string, string>} cors
   */
  async function control(req, res, path, cors) {
    const noStore = { ...cors, 'Cache-Control': 'no-store' };
    const method = req.method ?? 'GET';
    if (path === `${CONTROL_PREFIX}health`) {
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(req, res, 'GET, HEAD', cors);
      sendJson(req, res, 200, { ok: true, routes: gateway.routes() }, noStore);
      return;
    }
    if (path === `${CONTROL_PREFIX}faults`) {
      if (method === 'GET' || method === 'HEAD') {
        sendJson(req, res, 200, { faults: gateway.listFaults() }, noStore);
      } else if (method === 'DELETE') {
        gateway.clearFaults();
        res.writeHead(204, noStore).end();
      } else if (method === 'POST') {
        let fault;
        try {
          fault = validateFault(JSON.parse(await readBody(req)));
        } catch (error) {
          const status = error instanceof BodyTooLarge ? 413 : 400;
          sendJson(req, res, status, { error: 'bad fault', detail: messageOf(error) }, noStore);
          return;
        }
        const id = gateway.addFault(fault);
        sendJson(req, res, 201, { id }, { ...noStore, Location: `${CONTROL_PREFIX}faults/${id}` });
      } else {
        methodNotAllowed(req, res, 'GET, HEAD, POST, DELETE', cors);
      }
      return;
    }
    const single = /^\/__testbed\/faults\/([^/]+)$/.exec(path);
    if (single?.[1]) {
      const id = decodeURIComponent(single[1]);
      if (method === 'DELETE') {
        if (gateway.removeFault(id)) res.writeHead(204, noStore).end();
        else sendJson(req, res, 404, { error: 'no such fault', id }, noStore);
      } else if (method === 'GET' || method === 'HEAD') {
        const found = faults.find((fault) => fault.id === id);
        if (found) sendJson(req, res, 200, { ...found }, noStore);
        else sendJson(req, res, 404, { error: 'no such fault', id }, noStore);
      } else {
        methodNotAllowed(req, res, 'GET, HEAD, DELETE', cors);
      }
      return;
    }
    sendJson(req, res, 404, { error: 'unknown testbed endpoint', path, endpoints: ['GET /__testbed/health', 'GET|POST|DELETE /__testbed/faults', 'GET|DELETE /__testbed/faults/<id>'] }, noStore);
  }

  /** @type {Gateway} */
  const gateway = {
    url: '',
    server,
    addRoute(prefix, targetBaseUrl, options = {}) {
      if (typeof prefix !== 'string' || !prefix.startsWith('/')) throw new TypeError(`route prefix must start with "/", got ${JSON.stringify(prefix)}`);
      const normalized = prefix.endsWith('/') ? prefix : `${prefix}/`;
      if (normalized === '/' || normalized.startsWith(CONTROL_PREFIX)) throw new TypeError(`route prefix ${JSON.stringify(prefix)} is reserved`);
      let target;
      try {
        target = new URL(targetBaseUrl);
      } catch {
        throw new TypeError(`route target for ${normalized} is not a URL: ${JSON.stringify(targetBaseUrl)}`);
      }
      if (target.protocol !== 'http:') throw new TypeError(`route target for ${normalized} must be an http: URL (the backends run on loopback), got ${target.protocol}`);
      if (options.authorize !== undefined && typeof options.authorize !== 'function') throw new TypeError(`route ${normalized}: "authorize" must be a function`);
      routes = [...routes.filter((route) => route.prefix !== normalized), { prefix: normalized, target, ...(options.authorize ? { authorize: options.authorize } : {}) }];
      log(`gateway: ${base}${normalized} → ${target.href}${options.authorize ? ' (authorize hook)' : ''}`);
    },
    removeRoute(prefix) {
      const normalized = prefix.endsWith('/') ? prefix : `${prefix}/`;
      const before = routes.length;
      routes = routes.filter((route) => route.prefix !== normalized);
      return routes.length !== before;
    },
    routes: () => routes.map((route) => ({ prefix: route.prefix, target: route.target.href })),
    addFault(fault) {
      const clean = validateFault(fault);
      const id = String(nextFaultId++);
      faults = [...faults, { ...clean, id, applied: 0 }];
      log(`gateway: fault ${id} added: ${JSON.stringify(clean)}`);
      return id;
    },
    removeFault(id) {
      const before = faults.length;
      faults = faults.filter((fault) => fault.id !== id);
      return faults.length !== before;
    },
    listFaults: () => faults.map((fault) => ({ ...fault })),
    clearFaults() {
      faults = [];
    },
    close: () => (closing ??= closeServer(server).finally(() => agent.destroy())),
  };
  /** @type {Promise<void> | undefined} */
  let closing;

  base = await listen(server, host, port);
  gateway.url = base;
  log(`gateway: ${base}`);
  return gateway;
}

class BodyTooLarge extends Error {}

/**
 * Reads a small request body as text.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      // Keep reading (and dropping) the rest, so the 413 can still be sent on this connection.
      if (size <= MAX_CONTROL_BODY) chunks.push(chunk);
    });
    req.once('error', reject);
    req.once('end', () => {
      if (size > MAX_CONTROL_BODY) reject(new BodyTooLarge(`body larger than ${MAX_CONTROL_BODY} bytes`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} allow
 * @param {Record<string, string>} cors
 */
function methodNotAllowed(req, res, allow, cors) {
  sendJson(req, res, 405, { error: 'method not allowed', allow: allow.split(', ') }, { ...cors, Allow: allow });
}
