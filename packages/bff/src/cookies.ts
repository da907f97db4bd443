/** Reading the Cookie header and writing Set-Cookie headers (RFC 6265bis). */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Every value of the cookie `name` in the request (a browser may send several with one name). */
export function readCookies(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie;
  if (header === undefined || header === '') return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

export interface CookieAttributes {
  maxAge: number; // seconds; 0 clears the cookie
  path: string;
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
  domain?: string | undefined;
}

export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [`${name}=${value}`, `Path=${attributes.path}`, `Max-Age=${Math.max(0, Math.floor(attributes.maxAge))}`];
  if (attributes.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (attributes.domain !== undefined) parts.push(`Domain=${attributes.domain}`);
  parts.push('HttpOnly');
  if (attributes.secure) parts.push('Secure');
  parts.push(`SameSite=${attributes.sameSite}`);
  return parts.join('; ');
}

/** Adds a Set-Cookie header, keeping those already set on the response. */
export function appendSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('Set-Cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('Set-Cookie', [...list, cookie]);
}
