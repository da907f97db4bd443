import { SuiteError, backoffDelay, isIdempotent, request } from '@suite-widgets/core';
import type { SuiteErrorKind } from '@suite-widgets/core';
import { PROPFIND_BODY, parseHttpDate, parseMultistatus } from './multistatus.js';
import type { DavEntry } from './multistatus.js';
import { validateName } from './names.js';
import { sleep } from './wait.js';
import { canonicalSegment, folderUrl, isPlainSegment, parseHttpUrl, rawSegments, safeDecode, startsWithSegments } from './paths.js';
import type { HeaderReader, UploadContext } from './upload.js';

// Uploads and searches load their code when first used: a page that only picks never downloads it
// (the CDN build makes each one its own chunk).
const uploads = () => import('./upload.js');
const searches = () => import('./search.js');

/** Results of a search, at most, unless told otherwise. */
const DEFAULT_SEARCH_LIMIT = 200;
import type {
  DavCapabilities,
  DavClientOptions,
  DavListing,
  DavResource,
  RequestControl,
  SearchOptions,
  TreeSearchOptions,
  TreeSearchResult,
  UploadOptions,
} from './types.js';

const XML = 'application/xml; charset=utf-8';
const DEFAULT_TIMEOUT = 15_000;
const DEFAULT_CHUNK_SIZE = 10 * 1024 * 1024;
/** Upload progress may pause this long (a busy proxy, a slow link) before the upload is a `timeout`. */
const MIN_IDLE_TIMEOUT = 60_000;

interface SendInit {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeout?: number;
  retries?: number;
  /** Statuses whose error kind differs from core's `kindForStatus` for this method. */
  kinds?: Partial<Record<number, SuiteErrorKind>>;
}

/**
 * A small typed WebDAV client (RFC 4918, RFC 5323 SEARCH, Nextcloud chunked upload v2): the
 * protocol layer of `<suite-file-picker>`. It never reaches outside `root`: every URL it is given
 * must be inside, and every resource a server describes outside the folder it was asked about is
 * dropped, so a hostile server cannot make the picker hand out another URL.
 */
export class DavClient {
  /** The root collection's URL, normalized (no query, ends with `/`). */
  readonly root: string;

  readonly #options: DavClientOptions;
  readonly #root: URL;
  readonly #rootSegments: string[];
  readonly #searchUrl: string;
  readonly #uploadsUrl: string | undefined;
  #capabilities: Promise<DavCapabilities> | undefined;
  #refreshing: Promise<string | null> | undefined;
  /** What the last refresh gave, once one is over. */
  #refreshed: { value: string | null } | undefined;

  constructor(options: DavClientOptions) {
    this.#options = options;
    this.#root = folderUrl(options.root, 'The WebDAV root');
    this.root = this.#root.href;
    this.#rootSegments = rawSegments(this.#root.pathname).map(safeDecode);
    this.#searchUrl = options.searchUrl ? folderUrl(options.searchUrl, 'The WebDAV search URL').href : this.root;
    this.#uploadsUrl = options.uploadsUrl ? folderUrl(options.uploadsUrl, 'The WebDAV uploads URL').href : undefined;
  }

  /** URL of a path relative to root ('' = root; segments percent-encoded; folders end with '/'). */
  resolve(path: string, isFolder = false): string {
    const segments = path.split('/').filter((segment) => segment !== '');
    if (segments.some((segment) => segment === '.' || segment === '..')) {
      throw new SuiteError('config', `The path ${JSON.stringify(path)} has a "." or ".." segment.`);
    }
    if (segments.length === 0) return this.root;
    return `${this.root}${segments.map(encodeURIComponent).join('/')}${isFolder ? '/' : ''}`;
  }

  /** Decoded path of a URL relative to root, '' for root; throws SuiteError('config') when outside root. */
  relativePath(url: string): string {
    return this.#inside(parseHttpUrl(url, 'The URL')).join('/');
  }

  /** The folder and its children (PROPFIND Depth 1). */
  async list(folder: string, control: RequestControl = {}): Promise<DavListing> {
    const url = this.#folder(folder);
    const text = await this.#sendAndRead(
      url.href,
      { method: 'PROPFIND', headers: { Depth: '1', 'Content-Type': XML }, body: PROPFIND_BODY, signal: control.signal },
      (response) => multistatusText(response, url.href),
    );
    return this.#listing(url, await parseMultistatus(text, url.href));
  }

  /** What the server can do (OPTIONS on the search URL, once; failures mean "nothing extra"). */
  capabilities(control: RequestControl = {}): Promise<DavCapabilities> {
    this.#capabilities ??= this.#send(this.#searchUrl, { method: 'OPTIONS', retries: 0 }).then(
      (response) => ({ search: /basicsearch/i.test(response.headers.get('DASL') ?? '') }),
      () => {
        // Asked again next time: the failure may have been passing.
        this.#capabilities = undefined;
        return { search: false };
      },
    );
    return raceSignal(this.#capabilities, control.signal, this.#searchUrl);
  }

  /** Creates `name` in the folder `parent` (MKCOL) and describes it. */
  async createFolder(parent: string, name: string, control: RequestControl = {}): Promise<DavResource> {
    const problem = validateName(name);
    if (problem) throw new SuiteError('config', `The folder name ${JSON.stringify(name)} is not valid (${problem}).`);
    const href = `${this.#folder(parent).href}${encodeURIComponent(name)}/`;
    const response = await this.#send(href, {
      method: 'MKCOL',
      signal: control.signal,
      // 405: something of that name exists; 409: the parent is gone.
      kinds: { 405: 'conflict', 409: 'not-found' },
    });
    if (response.status !== 201) throw new SuiteError('protocol', `MKCOL ${href} answered ${response.status}, not 201 Created.`, { status: response.status, url: href });
    return {
      href,
      name,
      isFolder: true,
      size: undefined,
      type: '',
      lastModified: parseHttpDate(response.headers.get('Last-Modified')) ?? Date.now(),
      etag: etagOf((header) => response.headers.get(header)),
    };
  }

  /**
   * Uploads `file` as `name` in the folder: one PUT, or Nextcloud's chunked upload when
   * `uploadsUrl` is set and the file is larger than a chunk. Without `overwrite`, an existing
   * file of that name is a `conflict` (412).
   */
  async upload(folder: string, file: Blob, name: string, options: UploadOptions = {}): Promise<DavResource> {
    const problem = validateName(name);
    if (problem) throw new SuiteError('config', `The file name ${JSON.stringify(name)} is not valid (${problem}).`);
    const href = `${this.#folder(folder).href}${encodeURIComponent(name)}`;
    const chunkSize = this.#options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const { chunkedUpload, putFile, xhrSendWithProgress } = await uploads();
    const context = this.#uploadContext(xhrSendWithProgress);
    const header: HeaderReader =
      this.#uploadsUrl && file.size > chunkSize
        ? await chunkedUpload(context, this.#uploadsUrl, href, file, chunkSize, options)
        : await putFile(context, href, file, options);
    return {
      href,
      name,
      isFolder: false,
      size: file.size,
      type: file.type,
      lastModified: parseHttpDate(header('Last-Modified')) ?? Date.now(),
      etag: etagOf(header),
    };
  }

  /**
   * The server's search (RFC 5323 `basicsearch`): files and folders under `scope`, at any depth,
   * whose name contains `text`. A server without SEARCH (405, 501, or 403) is a `protocol` error
   * with the status, for the caller to fall back to `searchTree`.
   */
  async search(scope: string, text: string, options: SearchOptions = {}): Promise<DavResource[]> {
    const scopeUrl = this.#folder(scope);
    const needle = text.trim();
    if (!needle) return [];
    const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
    const { searchBody } = await searches();
    const body = await this.#sendAndRead(
      this.#searchUrl,
      {
        method: 'SEARCH',
        headers: { 'Content-Type': XML },
        body: searchBody(scopeUrl.href, needle, limit),
        signal: options.signal,
        // Sent once: a server without SEARCH answers 501, which is not worth retrying.
        retries: 0,
        kinds: { 403: 'protocol', 405: 'protocol', 501: 'protocol' },
      },
      (response) => multistatusText(response, this.#searchUrl),
    );
    const entries = await parseMultistatus(body, this.#searchUrl);
    const scopeSegments = rawSegments(scopeUrl.pathname).map(safeDecode);
    const results: DavResource[] = [];
    const seen = new Set<string>();
    let outside = 0;
    for (const entry of entries) {
      if (results.length >= limit) break;
      const inScope = entry.origin === scopeUrl.origin && startsWithSegments(entry.decoded, scopeSegments);
      const depth = entry.decoded.length - scopeSegments.length;
      if (inScope && depth === 0) continue; // the scope itself
      if (!inScope || depth < 1 || !entry.decoded.slice(scopeSegments.length).every(isPlainSegment)) {
        outside++;
        continue;
      }
      const path = entry.raw.slice(scopeSegments.length).map((raw, index) => canonicalSegment(raw, entry.decoded[scopeSegments.length + index]));
      const resource = toResource(entry, `${scopeUrl.href}${path.join('/')}`);
      if (seen.has(resource.href)) continue;
      seen.add(resource.href);
      results.push(resource);
    }
    warnOutside(outside, 'SEARCH', scopeUrl.href);
    return results;
  }

  /**
   * The fallback search: a breadth-first walk of PROPFINDs from `scope`, matching names without
   * regard to case or accents, within bounds (`maxFolders` listings, `concurrency` at once,
   * `limit` results); `complete` is false when a bound stopped it.
   */
  async searchTree(scope: string, text: string, options: TreeSearchOptions = {}): Promise<TreeSearchResult> {
    const scopeUrl = this.#folder(scope);
    const { DEFAULT_CONCURRENCY, DEFAULT_MAX_FOLDERS, walkTree } = await searches();
    return walkTree({
      scope: scopeUrl.href,
      text,
      limit: options.limit ?? DEFAULT_SEARCH_LIMIT,
      maxFolders: Math.max(1, options.maxFolders ?? DEFAULT_MAX_FOLDERS),
      concurrency: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
      signal: options.signal,
      list: (folder, signal) => this.list(folder, { signal }),
    });
  }

  /** The content of a file (GET). */
  async download(href: string, control: RequestControl = {}): Promise<Blob> {
    const url = parseHttpUrl(href, 'The file URL');
    this.#inside(url);
    const response = await this.#send(url.href, { method: 'GET', signal: control.signal });
    try {
      return await response.blob();
    } catch (error) {
      throw bodyError(error, 'GET', url.href, control);
    }
  }

  // --- internals -------------------------------------------------------------------------------

  /**
   * Decoded segments of `url` below root; a `config` error when it is elsewhere, or when a segment
   * below root is not a plain name: an encoded `/` or `\` (`..%2Fbob`, `..%5Cbob`), which a server
   * may decode into a path that leaves the root, or an empty segment.
   */
  #inside(url: URL): string[] {
    const decoded = rawSegments(url.pathname).map(safeDecode);
    if (url.origin !== this.#root.origin || !startsWithSegments(decoded, this.#rootSegments)) {
      throw new SuiteError('config', `${url.href} is outside the WebDAV root ${this.root}.`, { url: url.href });
    }
    const below = decoded.slice(this.#rootSegments.length);
    if (!below.every(isPlainSegment)) {
      throw new SuiteError('config', `${url.href} has a path segment that is not a plain name (an encoded "/" or "\\", a dot segment, an empty one).`, {
        url: url.href,
      });
    }
    return below;
  }

  /** A folder URL inside root, normalized. */
  #folder(url: string): URL {
    const parsed = folderUrl(url);
    this.#inside(parsed);
    return parsed;
  }

  async #authorization(forceRefresh: boolean): Promise<string | null> {
    const provider = this.#options.authorization;
    if (!provider) return null;
    const ask = async () => {
      try {
        return await provider({ forceRefresh });
      } catch (error) {
        throw error instanceof SuiteError ? error : new SuiteError('auth', `No credentials for ${this.root}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    };
    if (!forceRefresh) return ask();
    // Requests refused together share one refresh.
    this.#refreshing ??= ask()
      .then((fresh) => {
        this.#refreshed = { value: fresh };
        return fresh;
      })
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /**
   * Runs `attempt` with the Authorization header. After a 401, once more with newer credentials:
   * those of a refresh made since the attempt was sent (a request refused together with others
   * whose refresh is over), else those of a refresh of its own; a refresh at most per call.
   */
  async #authorized<T>(attempt: (auth: Record<string, string>) => Promise<T>): Promise<T> {
    const headers = (value: string | null): Record<string, string> => (value === null ? {} : { Authorization: value });
    let used = await this.#authorization(false);
    let refreshed = false;
    for (;;) {
      try {
        return await attempt(headers(used));
      } catch (error) {
        if (!(error instanceof SuiteError && error.kind === 'auth' && error.status === 401) || !this.#options.authorization || refreshed) throw error;
        const current = this.#refreshing ? undefined : this.#refreshed?.value;
        let next: string | null;
        if (current !== undefined && current !== null && current !== used) {
          // Someone else's refresh already gave newer credentials: no second refresh.
          next = current;
        } else {
          next = await this.#authorization(true);
          refreshed = true;
        }
        if (next === null) throw error;
        used = next;
      }
    }
  }

  /** core's `request` (timeout, retries of idempotent methods, abort), authorized, with per-method error kinds. */
  #send(url: string, init: SendInit): Promise<Response> {
    return this.#authorized((auth) => this.#fetch(url, { ...init, headers: { ...init.headers, ...auth } }));
  }

  /** core's `request`, with per-method error kinds. */
  async #fetch(url: string, init: SendInit): Promise<Response> {
    try {
      return await request(url, {
        method: init.method,
        headers: init.headers,
        body: init.body,
        signal: init.signal,
        credentials: this.#options.withCredentials ? 'include' : 'same-origin',
        timeout: init.timeout ?? this.#options.timeout ?? DEFAULT_TIMEOUT,
        retries: init.retries,
        retryDelay: this.#options.retryDelay,
        fetch: this.#options.fetch,
      });
    } catch (error) {
      const kind = error instanceof SuiteError && error.status !== undefined ? init.kinds?.[error.status] : undefined;
      if (!kind || !(error instanceof SuiteError)) throw error;
      throw new SuiteError(kind, error.message, { status: error.status, url: error.url, cause: error.cause });
    }
  }

  /**
   * `#send` and `read` of the answer's body, together under each attempt's timeout, retried
   * together (idempotent methods; network, timeout and 5xx failures): a body that stalls is a
   * `timeout` like an answer that never comes, and the caller's signal cancels both.
   */
  #sendAndRead<T>(url: string, init: SendInit, read: (response: Response) => Promise<T>): Promise<T> {
    const { signal } = init;
    const timeout = init.timeout ?? this.#options.timeout ?? DEFAULT_TIMEOUT;
    const retries = isIdempotent(init.method) ? (init.retries ?? 2) : 0;
    const what = `${init.method} ${url}`;
    return this.#authorized(async (auth) => {
      for (let attempt = 0; ; attempt++) {
        if (signal?.aborted) throw new SuiteError('aborted', `${what} was cancelled.`, { url, cause: signal.reason });
        const controller = new AbortController();
        const abort = () => controller.abort();
        signal?.addEventListener('abort', abort, { once: true });
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          abort();
        }, timeout);
        // Settles the attempt even when a body does not honour the signal (a Response made by hand).
        const stopped = new Promise<never>((_resolve, reject) => {
          controller.signal.addEventListener('abort', () => reject(new DOMException('The attempt was stopped.', 'AbortError')), { once: true });
        });
        stopped.catch(() => undefined);
        let failure: SuiteError;
        try {
          const response = await this.#fetch(url, { ...init, headers: { ...init.headers, ...auth }, signal: controller.signal, timeout, retries: 0 });
          try {
            return await Promise.race([read(response), stopped]);
          } catch (error) {
            // Let the connection go (a stream being read refuses, harmlessly).
            response.body?.cancel().catch(() => undefined);
            throw error;
          }
        } catch (error) {
          failure = signal?.aborted
            ? new SuiteError('aborted', `${what} was cancelled.`, { url, cause: error })
            : timedOut
              ? new SuiteError('timeout', `${what} did not answer within ${timeout} ms`, { url, cause: error })
              : error instanceof SuiteError
                ? error
                : new SuiteError('network', `${what}: the answer broke off (${String(error)}).`, { url, cause: error });
        } finally {
          clearTimeout(timer);
          signal?.removeEventListener('abort', abort);
        }
        if (!failure.retryable || attempt >= retries) throw failure;
        const retryAfter = failure.cause instanceof Response ? failure.cause.headers.get('Retry-After') : null;
        await sleep(backoffDelay(attempt + 1, this.#options.retryDelay ?? 300, retryAfter), signal, what, url);
      }
    });
  }

  /** The folder (its own response, wherever it is) and its direct children; the rest is dropped. */
  #listing(folder: URL, entries: DavEntry[]): DavListing {
    const folderSegments = rawSegments(folder.pathname).map(safeDecode);
    const depth = folderSegments.length;
    let self: DavEntry | undefined;
    const children: DavResource[] = [];
    const seen = new Set<string>();
    let outside = 0;
    for (const entry of entries) {
      const length = entry.decoded.length;
      if ((length !== depth && length !== depth + 1) || entry.origin !== folder.origin || !startsWithSegments(entry.decoded, folderSegments)) {
        outside++;
        continue;
      }
      if (length === depth) {
        self ??= entry;
        continue;
      }
      if (!isPlainSegment(entry.decoded[depth])) {
        outside++;
        continue;
      }
      const child = toResource(entry, `${folder.href}${canonicalSegment(entry.raw[depth], entry.decoded[depth])}`);
      if (seen.has(child.href)) continue;
      seen.add(child.href);
      children.push(child);
    }
    warnOutside(outside, 'PROPFIND', folder.href);
    const lastName = folderSegments.length > 0 ? folderSegments[folderSegments.length - 1] : folder.host;
    // Asked as a folder, it is one, even from a server that leaves out its resourcetype or its own response.
    const folderResource: DavResource = self
      ? { ...toResource(self, folder.href), href: folder.href, name: lastName, isFolder: true, size: undefined, type: '' }
      : { href: folder.href, name: lastName, isFolder: true, size: undefined, type: '', lastModified: undefined, etag: undefined };
    return { folder: folderResource, children };
  }

  #uploadContext(defaultTransport: UploadContext['transport']): UploadContext {
    return {
      transport: this.#options.sendWithProgress ?? defaultTransport,
      withCredentials: this.#options.withCredentials ?? false,
      idleTimeout: Math.max(this.#options.timeout ?? DEFAULT_TIMEOUT, MIN_IDLE_TIMEOUT),
      retryDelay: this.#options.retryDelay ?? 500,
      authorized: (attempt) => this.#authorized(attempt),
      send: (url, init) => this.#send(url, init),
    };
  }
}

/**
 * A resource from an entry already checked to be where it should; `href` is the URL without the
 * folder's trailing slash (rebuilt from the folder asked about and the server's own segments).
 */
function toResource(entry: DavEntry, href: string): DavResource {
  return {
    href: entry.isFolder ? `${href}/` : href,
    // The name is the one the URL says, never the display name: a server could show `x.exe` as
    // `x.pdf`, and have it pass an `accept=".pdf"`.
    name: entry.decoded.length > 0 ? entry.decoded[entry.decoded.length - 1] : '',
    isFolder: entry.isFolder,
    size: entry.size,
    type: entry.type,
    lastModified: entry.lastModified,
    etag: entry.etag,
  };
}

function etagOf(header: HeaderReader): string | undefined {
  return header('ETag') ?? header('OC-ETag') ?? undefined;
}

/** One warning per answer, with the count: a server that describes other URLs is misconfigured or hostile. */
function warnOutside(count: number, method: string, url: string): void {
  if (count === 0) return;
  console.warn(`WebDAV: ${method} ${url} described ${count} resource${count === 1 ? '' : 's'} outside it; ignored.`);
}

/** A failure while reading a body: `aborted` when the caller cancelled, else `network`. */
function bodyError(error: unknown, method: string, url: string, control: RequestControl): SuiteError {
  if (control.signal?.aborted) return new SuiteError('aborted', `${method} ${url} was cancelled.`, { url, cause: error });
  return error instanceof SuiteError ? error : new SuiteError('network', `${method} ${url}: the answer broke off (${String(error)}).`, { url, cause: error });
}

/** The body of a multistatus answer; any other success (a proxy's 200 login page) is a `protocol` error. */
async function multistatusText(response: Response, url: string): Promise<string> {
  if (response.status !== 207) {
    throw new SuiteError('protocol', `${url} answered ${response.status} instead of 207 Multi-Status (a proxy or a login page?).`, {
      status: response.status,
      url,
      cause: response,
    });
  }
  return response.text();
}

/** `pending`, or an `aborted` error as soon as the signal fires (the shared work goes on). */
function raceSignal<T>(pending: Promise<T>, signal: AbortSignal | undefined, url: string): Promise<T> {
  if (!signal) return pending;
  const aborted = () => new SuiteError('aborted', `OPTIONS ${url} was cancelled.`, { url, cause: signal.reason });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
