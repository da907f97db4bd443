#!/usr/bin/env node
// @ts-check
/**
 * suite-bff: the BFF as a standalone server, configured by environment variables (see README.md).
 * It answers under the path of SUITE_BFF_BASE_URL and, when SUITE_BFF_STATIC_DIR is set, serves that
 * folder for every other path (so one process can host a small site and its BFF on one origin).
 */
import { createReadStream, realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { createBff } from '../dist/index.js';

const env = process.env;
const REQUIRED = ['SUITE_BFF_ISSUER', 'SUITE_BFF_CLIENT_ID', 'SUITE_BFF_CLIENT_SECRET', 'SUITE_BFF_BASE_URL', 'SUITE_BFF_SECRETS'];

/** @param {string} message */
function exit(message) {
  console.error(`suite-bff: ${message}`);
  process.exit(1);
}

const missing = REQUIRED.filter((name) => (env[name] ?? '').trim() === '');
if (missing.length > 0) exit(`missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (see packages/bff/README.md)`);

/** @param {string | undefined} value */
const list = (value) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const insecure = env.SUITE_BFF_INSECURE === '1';
const port = Number(env.SUITE_BFF_PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) exit(`SUITE_BFF_PORT is not a port number: ${env.SUITE_BFF_PORT}`);
const host = env.SUITE_BFF_HOST ?? '127.0.0.1';

/** @type {Record<string, import('../dist/index.js').AudienceOptions> | undefined} */
let audiences;
if (env.SUITE_BFF_AUDIENCES) {
  try {
    audiences = JSON.parse(env.SUITE_BFF_AUDIENCES);
  } catch (error) {
    exit(`SUITE_BFF_AUDIENCES is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof audiences !== 'object' || audiences === null || Array.isArray(audiences)) exit('SUITE_BFF_AUDIENCES must be a JSON object, e.g. {"mail":{"ttl":300}}');
}

/** @type {import('jose').JWK | undefined} */
let tokenSigningKey;
if (env.SUITE_BFF_TOKEN_SIGNING_KEY) {
  try {
    tokenSigningKey = JSON.parse(env.SUITE_BFF_TOKEN_SIGNING_KEY);
  } catch (error) {
    exit(`SUITE_BFF_TOKEN_SIGNING_KEY is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof tokenSigningKey !== 'object' || tokenSigningKey === null || Array.isArray(tokenSigningKey) || typeof tokenSigningKey.d !== 'string') {
    exit('SUITE_BFF_TOKEN_SIGNING_KEY must be a private JWK (a JSON object with "kty" and "d")');
  }
}

/** @type {number | undefined} */
let sessionTtl;
if (env.SUITE_BFF_SESSION_TTL) {
  sessionTtl = Number(env.SUITE_BFF_SESSION_TTL);
  if (!Number.isFinite(sessionTtl) || sessionTtl <= 0) exit(`SUITE_BFF_SESSION_TTL is not a positive number of seconds: ${env.SUITE_BFF_SESSION_TTL}`);
}

const acrValues = list(env.SUITE_BFF_ACR_VALUES);
const allowedOrigins = list(env.SUITE_BFF_ALLOWED_ORIGINS);
const allowedReturnOrigins = list(env.SUITE_BFF_ALLOWED_RETURN_ORIGINS);
const userinfoSignedResponseAlg = env.SUITE_BFF_USERINFO_ALG?.trim();
const postLogoutRedirectUri = env.SUITE_BFF_POST_LOGOUT_REDIRECT_URI?.trim();
const scope = env.SUITE_BFF_SCOPE?.trim();

/** @type {import('../dist/index.js').BffHandler} */
let bff;
try {
  bff = createBff({
    issuer: /** @type {string} */ (env.SUITE_BFF_ISSUER),
    clientId: /** @type {string} */ (env.SUITE_BFF_CLIENT_ID),
    clientSecret: /** @type {string} */ (env.SUITE_BFF_CLIENT_SECRET),
    baseUrl: /** @type {string} */ (env.SUITE_BFF_BASE_URL),
    secrets: list(env.SUITE_BFF_SECRETS),
    ...(acrValues.length > 0 ? { acrValues } : {}),
    ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}),
    ...(allowedReturnOrigins.length > 0 ? { allowedReturnOrigins } : {}),
    ...(tokenSigningKey ? { tokenSigningKey } : {}),
    ...(userinfoSignedResponseAlg ? { userinfoSignedResponseAlg } : {}),
    ...(sessionTtl !== undefined ? { sessionTtl } : {}),
    ...(postLogoutRedirectUri ? { postLogoutRedirectUri } : {}),
    ...(scope ? { scope } : {}),
    ...(audiences ? { audiences } : {}),
    ...(insecure ? { allowInsecureRequests: true, cookie: { secure: false } } : {}),
  });
} catch (error) {
  exit(error instanceof Error ? error.message.replace(/^suite-bff: /, '') : String(error));
}

const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
});

/** The static folder, symbolic links resolved (files are served only when their real path is inside). @type {string | undefined} */
let staticRoot;
if (env.SUITE_BFF_STATIC_DIR) {
  try {
    staticRoot = realpathSync(resolve(env.SUITE_BFF_STATIC_DIR));
  } catch (error) {
    exit(`SUITE_BFF_STATIC_DIR cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** @param {string} file @param {string} root */
const isInside = (file, root) => file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
function plain(req, res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Content-Type-Options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function serveStatic(req, res) {
  if (staticRoot === undefined) return plain(req, res, 404, 'Not found\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(req, res, 405, 'Method not allowed\n');
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://static.invalid').pathname);
  } catch {
    return plain(req, res, 400, 'Bad request\n');
  }
  if (pathname.includes('\0')) return plain(req, res, 400, 'Bad request\n');
  // No hidden files or folders (.git, .env…), whatever their encoding in the URL.
  if (pathname.split(/[/\\]/).some((segment) => segment.startsWith('.'))) return plain(req, res, 404, 'Not found\n');
  let file = resolve(join(staticRoot, pathname));
  if (!isInside(file, staticRoot)) return plain(req, res, 404, 'Not found\n');
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return plain(req, res, 404, 'Not found\n');
    // No symbolic link out of the folder.
    const real = await realpath(file);
    if (!isInside(real, staticRoot)) return plain(req, res, 404, 'Not found\n');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(real)
      .on('error', () => res.destroy())
      .pipe(res);
  } catch {
    plain(req, res, 404, 'Not found\n');
  }
}

const server = createServer((req, res) => {
  void bff(req, res)
    .then((answered) => (answered ? undefined : serveStatic(req, res)))
    .catch(() => res.destroy());
});
server.on('error', (error) => exit(`cannot listen on ${host}:${port}: ${error.message}`));
server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  console.log(`suite-bff: listening on http://${host.includes(':') ? `[${host}]` : host}:${actualPort} (routes under ${bff.basePath}${staticRoot ? `, static files from ${staticRoot}` : ''})`);
});

/** @param {NodeJS.Signals} signal */
function shutdown(signal) {
  console.log(`suite-bff: ${signal}, closing`);
  bff.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
