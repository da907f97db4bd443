/**
 * The WebDAV client's contract: what the picker's store relies on. No DOM rendering, no Lit.
 * Every failure is a core `SuiteError` (`kind` + `status` when an HTTP answer caused it).
 */

/** One file or folder, as a PROPFIND (or SEARCH) answer describes it. */
export interface DavResource {
  /** Absolute URL of the resource (folders end with `/`). */
  href: string;
  /** Decoded last path segment of `href` (never the server's `displayname`). Untrusted text. */
  name: string;
  isFolder: boolean;
  /** Bytes (`getcontentlength`); undefined for folders or when the server does not say. */
  size: number | undefined;
  /** MIME type (`getcontenttype`), '' when unknown; '' for folders. */
  type: string;
  /** Milliseconds since the epoch (`getlastmodified`), undefined when absent or unparsable. */
  lastModified: number | undefined;
  /** `getetag` as sent (with its quotes), undefined when absent. */
  etag: string | undefined;
}

/** A folder and what it contains (PROPFIND Depth 1: the first response is the folder itself). */
export interface DavListing {
  folder: DavResource;
  children: DavResource[];
}

/** What the server says it can do (OPTIONS and configuration). */
export interface DavCapabilities {
  /** RFC 5323 SEARCH (`DASL: <DAV:basicsearch>` in OPTIONS). */
  search: boolean;
}

/**
 * Gives the `Authorization` header value for a request, or null to send none (cookies or an open
 * server). With `forceRefresh`, the previous credentials were refused (401): get new ones.
 */
export type AuthorizationProvider = (options: { forceRefresh: boolean }) => Promise<string | null>;

export interface DavClientOptions {
  /** Absolute URL of the root collection the client may reach (ends with `/`). */
  root: string;
  authorization?: AuthorizationProvider;
  /** Send cookies (`credentials: 'include'`); default false ('same-origin'). */
  withCredentials?: boolean;
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch;
  /**
   * Milliseconds before a request without an answer is a `timeout`; default 15 000. For listings and
   * searches it covers the whole body too (one attempt: the answer and its multistatus).
   */
  timeout?: number;
  /**
   * Nextcloud chunked upload v2: the user's uploads collection
   * (`https://cloud/remote.php/dav/uploads/<user>/`). Unset: every upload is one PUT.
   */
  uploadsUrl?: string;
  /** Bytes per chunk (Nextcloud: 5 MiB to 5 GiB); default 10 MiB. Files larger than one chunk go in chunks. */
  chunkSize?: number;
  /**
   * Where SEARCH requests (RFC 5323) and the OPTIONS that discovers them go; default `root`.
   * Nextcloud answers SEARCH only on its DAV root (`https://cloud/remote.php/dav/`), not on the
   * user's files (`…/dav/files/<user>/`): set it there for Nextcloud.
   */
  searchUrl?: string;
  /**
   * Sends a request whose body is a Blob and reports the bytes sent (uploads). Default: an
   * XMLHttpRequest (fetch cannot report upload progress). Replaced in tests.
   */
  sendWithProgress?: SendWithProgress;
  /** Base delay, in milliseconds, of the exponential backoff between retries; default 300 (requests) and 500 (upload chunks). */
  retryDelay?: number;
}

/** One request for a `SendWithProgress` transport. */
export interface ProgressRequest {
  method: string;
  url: string;
  /** Every header to send, `Authorization` included when there is one. */
  headers: Record<string, string>;
  body: Blob;
  /** Send cookies with a cross-origin request (XHR `withCredentials`). */
  withCredentials: boolean;
  signal?: AbortSignal;
  /**
   * Milliseconds without any upload progress, while the body is being sent, before the transport
   * gives up with a SuiteError of kind `timeout`. The wait for the answer after the last byte has
   * no limit (the server may scan or assemble the file): the signal ends it.
   */
  idleTimeout?: number;
  /** Bytes of `body` sent so far. */
  onProgress?: (loaded: number) => void;
}

/** The HTTP answer to a `ProgressRequest`, whatever its status. */
export interface ProgressResponse {
  status: number;
  statusText: string;
  /** A response header, null when absent or not exposed to the page (CORS `Access-Control-Expose-Headers`). */
  header(name: string): string | null;
}

/**
 * Sends one request with upload progress. Resolves with any HTTP answer (errors included);
 * rejects only when there is no answer, with a SuiteError of kind `network`, `timeout` or
 * `aborted` (anything else it throws is taken as `network`).
 */
export type SendWithProgress = (request: ProgressRequest) => Promise<ProgressResponse>;

export interface RequestControl {
  signal?: AbortSignal;
}

export interface UploadOptions extends RequestControl {
  /** Replace an existing file of that name; false sends `If-None-Match: *` (a 412 means it exists). */
  overwrite?: boolean;
  /** Called as bytes are sent. */
  onProgress?: (loaded: number, total: number) => void;
}

export interface SearchOptions extends RequestControl {
  /** Stop after this many results; default 200. */
  limit?: number;
}

/** Bounds of the client-side search (`searchTree`), for servers without SEARCH. */
export interface TreeSearchOptions extends SearchOptions {
  /** Folders listed at most (the scope included); default 100. */
  maxFolders?: number;
  /** Listings in flight at once; default 3. */
  concurrency?: number;
}

export interface TreeSearchResult {
  /** Matches, shallowest folders first (order within a depth follows the answers). */
  results: DavResource[];
  /** False when a bound (`limit`, `maxFolders`) stopped the walk, or a subfolder failed for another reason than 403/404. */
  complete: boolean;
}
