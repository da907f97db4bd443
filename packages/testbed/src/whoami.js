// @ts-check
/**
 * "whoami": the smallest resource server, a sibling backend that a widget calls with the access
 * token of the page's session. `GET /whoami` with `Authorization: Bearer <jwt>` answers who the
 * token is for; anything else about the token answers 401 with `WWW-Authenticate`.
 */
import { createServer } from 'node:http';
import { closeServer, listen, messageOf, send, sendJson } from './http-util.js';

/** @typedef {import('./http-util.js').Log} Log */
/** @typedef {import('./bearer.js').BearerVerifier} BearerVerifier */

/**
 * @typedef {object} WhoamiOptions
 * @property {string} [host] default `127.0.0.1`
 * @property {number} [port] default 0 (a free port)
 * @property {BearerVerifier} verifier checks the bearer tokens
 * @property {Log} [log]
 */

/**
 * @typedef {object} WhoamiServer
 * @property {string} url base URL, without trailing slash
 * @property {string} whoamiUrl `<url>/whoami`
 * @property {import('node:http').Server} server
 * @property {() => number} requests how many `GET /whoami` were answered (any status)
 * @property {() => Promise<void>} close
 */

/**
 * The CORS headers: the Origin reflected (credentials allowed), `WWW-Authenticate` readable.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Record<string, string>}
 */
function corsHeaders(req) {
  const origin = req.headers.origin;
  const common = { 'Access-Control-Expose-Headers': 'WWW-Authenticate', Vary: 'Origin' };
  if (!origin) return { ...common, 'Access-Control-Allow-Origin': '*' };
  return { ...common, 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' };
}

/**
 * A quoted-string for `WWW-Authenticate` (RFC 9110 §5.6.4): no quotes, backslashes or controls.
 * @param {string} value
 */
const quoted = (value) => {
  const safe = [...value].map((char) => (char === '"' || char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? ' ' : char)).join('');
  return `"${safe}"`;
};

/**
 * Starts the whoami resource server.
 * @param {WhoamiOptions} options
 * @returns {Promise<WhoamiServer>}
 */
export async function startWhoami({ host = '127.0.0.1', port = 0, verifier, log = () => {} }) {
  if (!verifier) throw new TypeError('startWhoami needs a bearer verifier');
  let requests = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((/** @type {unknown} */ error) => {
      log(`whoami: ${req.method} ${req.url} failed: ${messageOf(error)}`);
      sendJson(req, res, 500, { error: 'internal' }, corsHeaders(req));
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const cors = corsHeaders(req);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/whoami') {
      sendJson(req, res, 404, { error: 'not found', path }, cors);
      return;
    }
    if (req.method === 'OPTIONS') {
      // Preflights carry no credentials: answered without a token.
      send(req, res, 204, '', {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization',
        'Access-Control-Max-Age': '600',
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(req, res, 405, { error: 'method not allowed' }, { ...cors, Allow: 'GET, HEAD, OPTIONS' });
      return;
    }
    requests += 1;
    const result = await verifier.verify(req.headers.authorization);
    if (!result.ok) {
      sendJson(req, res, result.status, { error: result.error, error_description: result.description }, {
        ...cors,
        'WWW-Authenticate': `Bearer error="${result.error}", error_description=${quoted(result.description)}`,
      });
      return;
    }
    const { sub, iss, aud, email, given_name, usual_name, exp } = result.claims;
    sendJson(req, res, 200, { sub, iss, aud, email, given_name, usual_name, exp }, cors);
  }

  const url = await listen(server, host, port);
  log(`whoami: ${url}/whoami`);
  return {
    url,
    whoamiUrl: `${url}/whoami`,
    server,
    requests: () => requests,
    close: () => closeServer(server),
  };
}
