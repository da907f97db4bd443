import { SuiteError } from '@suite-widgets/core';
import type { ProgressRequest, ProgressResponse, SendWithProgress } from '../src/webdav/index.js';

/** One request a fake saw: header names lowercased. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Blob | undefined;
}

/** What a fake answers: a Response, a dropped connection, or a fetch that never answers (until aborted). */
export type Answer = Response | 'network' | 'hang';
export type Handler = (request: SeenRequest) => Answer | Promise<Answer>;

function lowerHeaders(init: HeadersInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  new Headers(init).forEach((value, name) => (headers[name] = value));
  return headers;
}

const abortError = () => new DOMException('The operation was aborted.', 'AbortError');

/** A fetch that records every request and answers with `handler`; it honours its signal like a real one. */
export function fakeFetch(handler: Handler): { fetch: typeof fetch; requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  const fake = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = typeof init.body === 'string' || init.body instanceof Blob ? init.body : undefined;
    const seen: SeenRequest = { method: (init.method ?? 'GET').toUpperCase(), url, headers: lowerHeaders(init.headers), body };
    requests.push(seen);
    const { signal } = init;
    if (signal?.aborted) throw abortError();
    const answer = await handler(seen);
    if (answer === 'network') throw new TypeError('Failed to fetch');
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(abortError()), { once: true }));
    }
    return answer;
  };
  return { fetch: fake, requests };
}

/** A fake upload transport over the same handler: reports progress in two halves, honours its signal. */
export function fakeTransport(handler: Handler): { transport: SendWithProgress; requests: SeenRequest[]; progress: number[] } {
  const requests: SeenRequest[] = [];
  const progress: number[] = [];
  const transport = async (request: ProgressRequest): Promise<ProgressResponse> => {
    const seen: SeenRequest = { method: request.method, url: request.url, headers: lowerHeaders(request.headers), body: request.body };
    requests.push(seen);
    const { signal } = request;
    const aborted = () => new SuiteError('aborted', 'cancelled', { url: request.url });
    if (signal?.aborted) throw aborted();
    const half = Math.floor(request.body.size / 2);
    request.onProgress?.(half);
    progress.push(half);
    const answer = await handler(seen);
    if (answer === 'network') throw new SuiteError('network', `${request.url} dropped`, { url: request.url });
    if (answer === 'hang') {
      return new Promise<ProgressResponse>((_resolve, reject) => {
        if (signal?.aborted) reject(aborted());
        signal?.addEventListener('abort', () => reject(aborted()), { once: true });
      });
    }
    if (signal?.aborted) throw aborted();
    request.onProgress?.(request.body.size);
    progress.push(request.body.size);
    return { status: answer.status, statusText: answer.statusText, header: (name) => answer.headers.get(name) };
  };
  return { transport, requests, progress };
}

/** One `<d:response>` of a multistatus written by hand. Props left undefined go in a 404 propstat. */
export interface FakeEntry {
  href: string;
  folder?: boolean;
  size?: number | string;
  type?: string;
  modified?: string;
  etag?: string;
  displayname?: string;
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A multistatus body, with the DAV: namespace under `prefix` ('' for a default namespace). */
export function multistatus(entries: FakeEntry[], prefix = 'd'): string {
  const p = prefix ? `${prefix}:` : '';
  const xmlns = prefix ? `xmlns:${prefix}="DAV:"` : 'xmlns="DAV:"';
  const tag = (name: string, value: string) => `<${p}${name}>${escapeXml(value)}</${p}${name}>`;
  const responses = entries.map((entry) => {
    const found: string[] = [];
    const missing: string[] = [];
    if (entry.folder === undefined) missing.push(`<${p}resourcetype/>`);
    else found.push(entry.folder ? `<${p}resourcetype><${p}collection/></${p}resourcetype>` : `<${p}resourcetype/>`);
    const optional: [string, string | number | undefined][] = [
      ['getcontentlength', entry.size],
      ['getcontenttype', entry.type],
      ['getlastmodified', entry.modified],
      ['getetag', entry.etag],
      ['displayname', entry.displayname],
    ];
    for (const [name, value] of optional) {
      if (value === undefined) missing.push(`<${p}${name}/>`);
      else found.push(tag(name, String(value)));
    }
    const propstat = (props: string[], status: string) =>
      props.length ? `<${p}propstat><${p}prop>${props.join('')}</${p}prop>${tag('status', status)}</${p}propstat>` : '';
    return `<${p}response>${tag('href', entry.href)}${propstat(found, 'HTTP/1.1 200 OK')}${propstat(missing, 'HTTP/1.1 404 Not Found')}</${p}response>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<${p}multistatus ${xmlns}>${responses.join('')}</${p}multistatus>`;
}

export const davAnswer = (xml: string, status = 207, headers: Record<string, string> = {}) =>
  new Response(xml, { status, headers: { 'Content-Type': 'application/xml; charset=utf-8', ...headers } });

export const statusAnswer = (status: number, headers: Record<string, string> = {}) => new Response(status === 204 ? null : '', { status, headers });

interface Node {
  folder: boolean;
  size: number;
  type: string;
  modified: string;
  etag: string;
}

/**
 * An in-memory WebDAV server (PROPFIND Depth 1, MKCOL, PUT, MOVE, DELETE, GET) with Nextcloud's
 * chunked upload v2 under `/uploads/`. `before` may answer instead of it (failures on cue).
 */
export class FakeDav {
  readonly origin = 'https://dav.example';
  readonly root = `${this.origin}/dav/`;
  readonly uploads = `${this.origin}/uploads/alice/`;
  readonly nodes = new Map<string, Node>();
  /** Chunks received, by upload collection path. */
  readonly chunks = new Map<string, Map<string, Blob>>();
  before: ((request: SeenRequest) => Answer | undefined) | undefined;
  readonly fetchFake = fakeFetch((request) => this.handle(request));
  readonly transportFake = fakeTransport((request) => this.handle(request));
  /** Every request, fetch and transport together, in order. */
  readonly log: SeenRequest[] = [];

  constructor() {
    this.nodes.set('/dav', this.#node(true));
  }

  get fetch(): typeof fetch {
    return this.fetchFake.fetch;
  }

  get transport(): SendWithProgress {
    return this.transportFake.transport;
  }

  /** Adds a folder (and its parents) at a path under the root, e.g. 'Docs/Été'. */
  folder(path: string): this {
    const segments = path.split('/').filter(Boolean);
    for (let index = 1; index <= segments.length; index++) this.nodes.set(`/dav/${segments.slice(0, index).join('/')}`, this.#node(true));
    return this;
  }

  /** Adds a file (and its parent folders). */
  file(path: string, size = 10, type = 'text/plain'): this {
    const segments = path.split('/').filter(Boolean);
    if (segments.length > 1) this.folder(segments.slice(0, -1).join('/'));
    this.nodes.set(`/dav/${segments.join('/')}`, { ...this.#node(false), size, type });
    return this;
  }

  #node(folder: boolean): Node {
    return { folder, size: 0, type: '', modified: 'Tue, 01 Apr 2025 10:00:00 GMT', etag: `"${Math.random().toString(36).slice(2)}"` };
  }

  #href(path: string, folder: boolean): string {
    const encoded = path
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/');
    return folder ? `${encoded}/` : encoded;
  }

  handle(request: SeenRequest): Answer {
    this.log.push(request);
    const early = this.before?.(request);
    if (early) return early;
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname).replace(/\/$/, '');
    if (path.startsWith('/uploads/')) return this.#uploads(request, path);
    const node = this.nodes.get(path);
    switch (request.method) {
      case 'PROPFIND': {
        if (!node) return statusAnswer(404);
        const entries: FakeEntry[] = [this.#entry(path, node)];
        if (node.folder && request.headers['depth'] !== '0') {
          for (const [childPath, child] of this.nodes) {
            if (childPath.slice(0, childPath.lastIndexOf('/')) === path) entries.push(this.#entry(childPath, child));
          }
        }
        return davAnswer(multistatus(entries));
      }
      case 'MKCOL': {
        if (node) return statusAnswer(405);
        if (!this.nodes.get(path.slice(0, path.lastIndexOf('/')))?.folder) return statusAnswer(409);
        this.nodes.set(path, this.#node(true));
        return statusAnswer(201);
      }
      case 'PUT': {
        if (node && request.headers['if-none-match'] === '*') return statusAnswer(412);
        const size = request.body instanceof Blob ? request.body.size : (request.body?.length ?? 0);
        this.nodes.set(path, { ...this.#node(false), size, type: request.headers['content-type'] ?? '' });
        return statusAnswer(node ? 204 : 201, { ETag: this.nodes.get(path)!.etag });
      }
      case 'GET':
        return node && !node.folder ? new Response(new Blob(['x'.repeat(node.size)], { type: node.type })) : statusAnswer(404);
      default:
        return statusAnswer(405);
    }
  }

  #entry(path: string, node: Node): FakeEntry {
    return node.folder
      ? { href: this.#href(path, true), folder: true, modified: node.modified, etag: node.etag }
      : { href: this.#href(path, false), folder: false, size: node.size, type: node.type, modified: node.modified, etag: node.etag };
  }

  #uploads(request: SeenRequest, path: string): Answer {
    const isFile = path.endsWith('/.file');
    const directory = isFile ? path.slice(0, -'/.file'.length) : /\/\d+$/.test(path) ? path.slice(0, path.lastIndexOf('/')) : path;
    const chunks = this.chunks.get(directory);
    switch (request.method) {
      case 'MKCOL':
        if (!request.headers['destination']) return statusAnswer(400);
        if (chunks) return statusAnswer(405);
        this.chunks.set(directory, new Map());
        return statusAnswer(201);
      case 'PUT': {
        if (!chunks) return statusAnswer(404);
        if (!request.headers['destination'] || !request.headers['oc-total-length']) return statusAnswer(400);
        chunks.set(path.slice(directory.length + 1), request.body as Blob);
        return statusAnswer(201);
      }
      case 'MOVE': {
        if (!chunks || !isFile) return statusAnswer(404);
        const destination = new URL(request.headers['destination'] ?? '');
        const target = decodeURIComponent(destination.pathname);
        if (this.nodes.has(target) && request.headers['overwrite'] === 'F') return statusAnswer(412);
        const names = [...chunks.keys()].sort();
        const size = names.reduce((sum, name) => sum + chunks.get(name)!.size, 0);
        if (String(size) !== request.headers['oc-total-length']) return statusAnswer(400);
        this.nodes.set(target, { ...this.#node(false), size });
        this.chunks.delete(directory);
        return statusAnswer(201, { ETag: this.nodes.get(target)!.etag });
      }
      case 'DELETE':
        if (!chunks) return statusAnswer(404);
        this.chunks.delete(directory);
        return statusAnswer(204);
      default:
        return statusAnswer(405);
    }
  }
}
