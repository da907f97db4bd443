/**
 * A small in-memory WebDAV server behind a stubbed window.fetch, for the element's unit tests
 * (the real-server tests run against Apache). It answers PROPFIND Depth 1, MKCOL, PUT (with
 * `If-None-Match: *`), GET and OPTIONS, and can be told to fail.
 */
interface Node {
  folder: boolean;
  body: Blob;
  type: string;
  modified: number;
}

export interface FakeFile {
  /** Path under the root; folders end with '/'. */
  path: string;
  size?: number;
  type?: string;
  modified?: string;
}

export type FakeFailure = (method: string, path: string) => Response | null | undefined;

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

export class FakeDav {
  readonly origin = 'https://dav.example.test';
  readonly base = '/remote.php/dav/files/alice/';
  readonly nodes = new Map<string, Node>();
  readonly requests: { method: string; path: string; headers: Headers }[] = [];
  /** Return a Response to fail a request, or nothing to answer normally. */
  fail: FakeFailure | null = null;
  /** Milliseconds before each answer. */
  latency = 0;
  #original: typeof fetch | null = null;
  #originalXhr: typeof XMLHttpRequest | null = null;

  constructor(files: FakeFile[] = []) {
    this.nodes.set('', { folder: true, body: new Blob([]), type: '', modified: Date.parse('2026-01-05T10:00:00Z') });
    for (const file of files) this.add(file);
  }

  get root(): string {
    return `${this.origin}${this.base}`;
  }

  add({ path, size = 1000, type, modified = '2026-03-01T09:30:00Z' }: FakeFile): void {
    const folder = path.endsWith('/');
    const clean = path.replace(/\/$/, '');
    const segments = clean.split('/');
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      if (!this.nodes.has(parent)) this.nodes.set(parent, { folder: true, body: new Blob([]), type: '', modified: Date.parse(modified) });
    }
    this.nodes.set(clean, { folder, body: new Blob([new Uint8Array(folder ? 0 : size)]), type: folder ? '' : (type ?? 'application/octet-stream'), modified: Date.parse(modified) });
  }

  install(): this {
    this.#originalXhr = window.XMLHttpRequest;
    // Uploads go through XMLHttpRequest (for their progress): route them here too.
    const answer = (url: string, init: RequestInit) => this.#delay(init.signal ?? undefined).then(() => this.handle(url, init));
    window.XMLHttpRequest = class extends FakeXhr {
      protected override answer(url: string, init: RequestInit) {
        return answer(url, init);
      }
    } as unknown as typeof XMLHttpRequest;
    this.#original = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return this.#delay(init?.signal ?? undefined).then(() => this.handle(url, init));
    };
    return this;
  }

  restore(): void {
    if (this.#originalXhr) window.XMLHttpRequest = this.#originalXhr;
    if (this.#original) window.fetch = this.#original;
    this.#original = null;
  }

  #delay(signal?: AbortSignal): Promise<void> {
    if (!this.latency) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, this.latency);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }

  /** The path under the root of a URL, decoded, without trailing slash; null when outside. */
  pathOf(url: string): string | null {
    const parsed = new URL(url, this.origin);
    if (parsed.origin !== this.origin || !`${parsed.pathname}/`.startsWith(this.base)) return null;
    return decodeURIComponent(parsed.pathname.slice(this.base.length)).replace(/\/$/, '');
  }

  handle(url: string, init: RequestInit = {}): Promise<Response> {
    return Promise.resolve(this.#answer(url, init));
  }

  #answer(url: string, init: RequestInit): Response {
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const path = this.pathOf(url);
    this.requests.push({ method, path: path ?? url, headers });
    if (path === null) return new Response('outside', { status: 404 });
    const failure = this.fail?.(method, path);
    if (failure) return failure;
    const node = this.nodes.get(path);
    switch (method) {
      case 'OPTIONS':
        return new Response(null, { status: 200, headers: { DAV: '1,2', Allow: 'OPTIONS, GET, PUT, PROPFIND, MKCOL' } });
      case 'PROPFIND': {
        if (!node) return new Response('not found', { status: 404 });
        const children = node.folder ? [...this.nodes.keys()].filter((other) => other !== '' && other.startsWith(path ? `${path}/` : '') && !other.slice(path ? path.length + 1 : 0).includes('/')) : [];
        const body = `<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:">${[path, ...children].map((p) => this.#response(p)).join('')}</d:multistatus>`;
        return new Response(body, { status: 207, headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
      }
      case 'MKCOL': {
        if (node) return new Response(null, { status: 405 });
        const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        if (!this.nodes.get(parent)?.folder) return new Response(null, { status: 409 });
        this.nodes.set(path, { folder: true, body: new Blob([]), type: '', modified: Date.now() });
        return new Response(null, { status: 201 });
      }
      case 'PUT': {
        if (node && headers.get('If-None-Match') === '*') return new Response(null, { status: 412 });
        const body = init.body instanceof Blob ? init.body : new Blob([init.body as BlobPart]);
        this.nodes.set(path, { folder: false, body, type: headers.get('Content-Type') ?? '', modified: Date.now() });
        return new Response(null, { status: node ? 204 : 201, headers: { ETag: `"${path.length}-${body.size}"` } });
      }
      case 'GET':
        if (!node || node.folder) return new Response('not found', { status: 404 });
        return new Response(node.body, { status: 200, headers: { 'Content-Type': node.type } });
      default:
        return new Response(null, { status: 405 });
    }
  }

  #response(path: string): string {
    const node = this.nodes.get(path)!;
    const href = `${this.base}${encodePath(path)}${node.folder && path ? '/' : ''}`;
    const props = node.folder
      ? '<d:resourcetype><d:collection/></d:resourcetype>'
      : `<d:resourcetype/><d:getcontentlength>${node.body.size}</d:getcontentlength><d:getcontenttype>${escapeXml(node.type)}</d:getcontenttype><d:getetag>"${path.length}-${node.body.size}"</d:getetag>`;
    return `<d:response><d:href>${escapeXml(href)}</d:href><d:propstat><d:prop>${props}<d:getlastmodified>${new Date(node.modified).toUTCString()}</d:getlastmodified></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
  }
}

/** A folder tree like an agent's: folders, documents, images, and names that try to break things. */
export const SAMPLE_TREE: FakeFile[] = [
  { path: 'Documents/' },
  { path: 'Documents/Projets/' },
  { path: 'Documents/Projets/Budget 2026.ods', size: 18_400, type: 'application/vnd.oasis.opendocument.spreadsheet', modified: '2026-02-10T08:00:00Z' },
  { path: 'Documents/Compte rendu.pdf', size: 250_000, type: 'application/pdf', modified: '2026-03-12T15:20:00Z' },
  { path: 'Images/' },
  { path: 'Images/logo.png', size: 3_200, type: 'image/png', modified: '2026-01-20T11:00:00Z' },
  { path: 'Été à Noël.txt', size: 120, type: 'text/plain', modified: '2026-04-01T07:45:00Z' },
  { path: '<img src=x onerror=alert(1)>.txt', size: 42, type: 'text/plain', modified: '2025-12-24T18:00:00Z' },
  { path: 'rapport.pdf', size: 1_500_000, type: 'application/pdf', modified: '2026-05-02T16:10:00Z' },
  { path: 'photo.jpg', size: 900_000, type: 'image/jpeg', modified: '2026-06-18T12:00:00Z' },
];

/** Just enough of XMLHttpRequest for the upload transport: progress in two steps, then the answer. */
class FakeXhr {
  status = 0;
  statusText = '';
  withCredentials = false;
  upload: { onprogress: ((event: { loaded: number }) => void) | null; onload: (() => void) | null } = { onprogress: null, onload: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  #method = 'GET';
  #url = '';
  #headers = new Headers();
  #responseHeaders = new Headers();
  #controller = new AbortController();

  open(method: string, url: string): void {
    this.#method = method;
    this.#url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.#headers.set(name, value);
  }

  getResponseHeader(name: string): string | null {
    return this.#responseHeaders.get(name);
  }

  protected answer(_url: string, _init: RequestInit): Promise<Response> {
    return Promise.reject(new Error('no server'));
  }

  send(body: Blob): void {
    const size = body.size;
    setTimeout(() => this.upload.onprogress?.({ loaded: Math.floor(size / 2) }), 0);
    setTimeout(() => {
      if (this.#controller.signal.aborted) return;
      this.upload.onprogress?.({ loaded: size });
      this.upload.onload?.();
      this.answer(this.#url, { method: this.#method, headers: this.#headers, body, signal: this.#controller.signal }).then(
        (response) => {
          if (this.#controller.signal.aborted) return;
          if (response.type === 'error') {
            this.onerror?.();
            return;
          }
          this.status = response.status;
          this.statusText = response.statusText;
          this.#responseHeaders = response.headers;
          this.onload?.();
        },
        () => {
          if (!this.#controller.signal.aborted) this.onerror?.();
        },
      );
    }, 5);
  }

  abort(): void {
    this.#controller.abort();
    this.onabort?.();
  }
}
