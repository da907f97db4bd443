// @ts-check
/**
 * Small helpers shared by the testbed's node:http servers: listening, closing, answering.
 */
import { once } from 'node:events';

/** @typedef {(message: string) => void} Log */

/**
 * Listens on `host:port` and resolves with the server's base URL (`http://host:port`).
 * Rejects with the listen error (its `code` kept, e.g. `EADDRINUSE`).
 * @param {import('node:http').Server} server
 * @param {string} host
 * @param {number} port
 * @returns {Promise<string>}
 */
export async function listen(server, host, port) {
  // events.once rejects when 'error' comes first.
  const listening = once(server, 'listening');
  server.listen(port, host);
  await listening;
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`server on ${host}:${port} has no TCP address`);
  return `http://${hostForUrl(host)}:${address.port}`;
}

/**
 * A host as it appears in a URL: IPv6 literals in brackets, the wildcard addresses as loopback
 * (a browser cannot open `http://0.0.0.0/`).
 * @param {string} host
 */
export function hostForUrl(host) {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Closes the server and every connection it holds, idle keep-alive ones included, so the
 * process can exit. Safe to call twice.
 * @param {import('node:http').Server} server
 * @returns {Promise<void>}
 */
export function closeServer(server) {
  if (!server.listening) {
    server.closeAllConnections();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Whether an error is "address already in use".
 * @param {unknown} error
 */
export const isAddressInUse = (error) =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE';

/**
 * Answers with a body (or only the headers for HEAD). Sets Content-Length.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string | Buffer} body
 * @param {import('node:http').OutgoingHttpHeaders} [headers]
 */
export function send(req, res, status, body, headers = {}) {
  if (res.headersSent || res.destroyed) return;
  const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'Content-Length': buffer.length });
  res.end(req.method === 'HEAD' ? undefined : buffer);
}

/**
 * Answers with JSON.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 * @param {import('node:http').OutgoingHttpHeaders} [headers]
 */
export function sendJson(req, res, status, value, headers = {}) {
  send(req, res, status, JSON.stringify(value), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
}

/**
 * The message of anything thrown.
 * @param {unknown} error
 */
export const messageOf = (error) => (error instanceof Error ? error.message : String(error));
