/** Answers: JSON and redirects, never cached, never sniffed. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

function send(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders): void {
  if (res.headersSent || res.writableEnded) return;
  const buffer = Buffer.from(body, 'utf8');
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Length', buffer.length);
  res.statusCode = status;
  // res.req is set by node:http; a framework's mock response may lack it.
  const method = (res.req as IncomingMessage | undefined)?.method;
  res.end(method === 'HEAD' ? undefined : buffer);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
}

export function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, '', headers);
}

export function redirect(res: ServerResponse, location: string): void {
  // no-referrer: the callback URL carries the authorization code.
  send(res, 302, '', { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
}
