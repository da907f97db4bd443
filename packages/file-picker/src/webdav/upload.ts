import { SuiteError, backoffDelay, kindForStatus } from '@suite-widgets/core';
import type { ProgressRequest, ProgressResponse, SendWithProgress, UploadOptions } from './types.js';
import { sleep } from './wait.js';

/**
 * Uploads: one PUT with progress (XMLHttpRequest, since fetch cannot report the bytes sent), or
 * Nextcloud's chunked upload v2 for files larger than a chunk, where each chunk is retried on a
 * transient failure so that a dropped connection costs one chunk, never the upload, and a failure
 * that outlives the retries is an error, never a silent loss.
 */

/** Reads a header of an answer, null when absent or hidden by CORS. */
export type HeaderReader = (name: string) => string | null;

/** What the client lends the upload functions: its transport, its credentials and its requests. */
export interface UploadContext {
  transport: SendWithProgress;
  withCredentials: boolean;
  /** Milliseconds without upload progress before a `timeout`. */
  idleTimeout: number;
  /** Base delay of the backoff between chunk retries. */
  retryDelay: number;
  /** Runs `attempt` with the Authorization header (when there is one); on a 401, once more with refreshed credentials. */
  authorized<T>(attempt: (auth: Record<string, string>) => Promise<T>): Promise<T>;
  /** A request through core's `request` (timeout, retries of idempotent methods), authorized the same way. */
  send(url: string, init: { method: string; headers?: Record<string, string>; signal?: AbortSignal; timeout?: number; retries?: number }): Promise<Response>;
}

/** Attempts per chunk (the first one included). With the default delays, about 15 s of retrying. */
export const CHUNK_ATTEMPTS = 6;
/** Nextcloud numbers chunks 1 to 10000. */
export const MAX_CHUNKS = 10_000;
/** Nextcloud assembles the chunks while the MOVE waits: a large file takes a while. */
export const ASSEMBLY_TIMEOUT = 5 * 60_000;

const cancelled = (method: string, url: string, cause?: unknown) => new SuiteError('aborted', `${method} ${url} was cancelled.`, { url, cause });

/** The default transport: XMLHttpRequest, whose `upload.onprogress` reports the bytes sent. */
export const xhrSendWithProgress: SendWithProgress = (request: ProgressRequest) =>
  new Promise<ProgressResponse>((resolve, reject) => {
    const { method, url, signal, idleTimeout } = request;
    if (signal?.aborted) {
      reject(cancelled(method, url, signal.reason));
      return;
    }
    const xhr = new XMLHttpRequest();
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(idleTimer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    /** Gives up on our side: reject, then stop the XHR (whose own abort event then finds it settled). */
    const giveUp = (error: SuiteError) => {
      settle(() => reject(error));
      xhr.abort();
    };
    const armIdle = () => {
      if (!idleTimeout) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => giveUp(new SuiteError('timeout', `${method} ${url} sent nothing for ${idleTimeout} ms.`, { url })), idleTimeout);
    };
    const onAbort = () => giveUp(cancelled(method, url, signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.open(method, url);
    xhr.withCredentials = request.withCredentials;
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    // Listeners on xhr.upload must exist before send(), or no progress is reported.
    xhr.upload.onprogress = (event) => {
      armIdle();
      request.onProgress?.(event.loaded);
    };
    // Every byte is out: the server may now scan or store the file for as long as it takes.
    xhr.upload.onload = () => clearTimeout(idleTimer);
    xhr.onload = () =>
      settle(() =>
        xhr.status === 0
          ? reject(new SuiteError('network', `${method} ${url} got no answer.`, { url }))
          : resolve({ status: xhr.status, statusText: xhr.statusText, header: (name) => xhr.getResponseHeader(name) }),
      );
    xhr.onerror = () => settle(() => reject(new SuiteError('network', `${method} ${url} could not be reached (the connection failed, or CORS refused it).`, { url })));
    xhr.onabort = () => settle(() => reject(cancelled(method, url)));
    armIdle();
    xhr.send(request.body);
  });

/** Calls the transport; whatever it throws becomes a SuiteError (`aborted` when the signal fired, else `network`). */
export async function transmit(context: UploadContext, request: Omit<ProgressRequest, 'withCredentials' | 'idleTimeout'>): Promise<ProgressResponse> {
  try {
    return await context.transport({ ...request, withCredentials: context.withCredentials, idleTimeout: context.idleTimeout });
  } catch (error) {
    if (request.signal?.aborted) throw cancelled(request.method, request.url, error);
    if (error instanceof SuiteError) throw error;
    throw new SuiteError('network', `${request.method} ${request.url} could not be reached (${String(error)}).`, { url: request.url, cause: error });
  }
}

/** The SuiteError of an HTTP answer that is not a success. */
export function statusError(method: string, url: string, response: ProgressResponse): SuiteError {
  const { status } = response;
  return new SuiteError(kindForStatus(status), `${method} ${url} answered ${status} ${response.statusText}`.trim(), { status, url, cause: response });
}

/** One PUT of the whole file. */
export async function putFile(context: UploadContext, url: string, file: Blob, options: UploadOptions): Promise<HeaderReader> {
  const headers: Record<string, string> = {};
  if (file.type) headers['Content-Type'] = file.type;
  if (!options.overwrite) headers['If-None-Match'] = '*';
  const total = file.size;
  const response = await context.authorized(async (auth) => {
    const answer = await transmit(context, {
      method: 'PUT',
      url,
      headers: { ...headers, ...auth },
      body: file,
      signal: options.signal,
      onProgress: (loaded) => options.onProgress?.(Math.min(loaded, total), total),
    });
    if (answer.status < 200 || answer.status > 299) throw statusError('PUT', url, answer);
    return answer;
  });
  options.onProgress?.(total, total);
  return (name) => response.header(name);
}

/** Worth sending again: no answer, or a server error other than "storage full". */
const isTransient = (error: SuiteError) => error.kind === 'network' || error.kind === 'timeout' || (error.kind === 'server' && error.status !== 507);

/** A random name for the upload collection (crypto.randomUUID needs a secure context; this does not). */
function uploadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `suite-upload-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Chunk names: numbers 1–10000, zero-padded so that a sort by name is also a sort by number. */
export const chunkName = (index: number) => String(index).padStart(5, '0');

/** The chunk size actually used: the one asked for, or larger when the file would need more than 10,000 chunks. */
export const effectiveChunkSize = (size: number, chunkSize: number) => Math.max(chunkSize, Math.ceil(size / MAX_CHUNKS));

/**
 * Nextcloud chunked upload v2: `MKCOL <uploads>/<id>/` (with `Destination`), `PUT <id>/<n>` for
 * each chunk (with `Destination` and `OC-Total-Length`), then `MOVE <id>/.file` onto the
 * destination. A cancelled or failed upload deletes its collection, best effort (Nextcloud expires
 * a forgotten one after 24 h anyway), unless the MOVE was sent and not clearly refused (a 4xx or a
 * 507): then the server may be assembling the file, or have done so, and the collection is left.
 */
export async function chunkedUpload(
  context: UploadContext,
  uploadsUrl: string,
  destination: string,
  file: Blob,
  chunkSize: number,
  options: UploadOptions,
): Promise<HeaderReader> {
  const { signal } = options;
  const directory = `${uploadsUrl}${uploadId()}/`;
  const total = file.size;
  const size = effectiveChunkSize(total, chunkSize);
  const count = Math.ceil(total / size);
  const common = { Destination: destination, 'OC-Total-Length': String(total) };
  let cleanUp = true;
  try {
    await withRetries(context, directory, signal, async (attempt) => {
      try {
        await context.send(directory, { method: 'MKCOL', headers: { Destination: destination }, signal });
      } catch (error) {
        // A 405 after a lost answer: the first attempt did create it.
        if (!(attempt > 0 && error instanceof SuiteError && error.status === 405)) throw error;
      }
    });
    let sent = 0;
    for (let index = 1; index <= count; index++) {
      const chunk = file.slice((index - 1) * size, Math.min(index * size, total));
      const url = `${directory}${chunkName(index)}`;
      await withRetries(context, url, signal, () =>
        context.authorized(async (auth) => {
          const answer = await transmit(context, {
            method: 'PUT',
            url,
            headers: { 'Content-Type': 'application/octet-stream', ...common, ...auth },
            body: chunk,
            signal,
            onProgress: (loaded) => options.onProgress?.(Math.min(sent + Math.min(loaded, chunk.size), total), total),
          });
          if (answer.status < 200 || answer.status > 299) throw statusError('PUT', url, answer);
        }),
      );
      sent += chunk.size;
      options.onProgress?.(sent, total);
    }
    const headers: Record<string, string> = { ...common };
    if (!options.overwrite) headers['Overwrite'] = 'F';
    // A cancel before the MOVE leaves nothing to guess: the chunks go.
    if (signal?.aborted) throw cancelled('MOVE', `${directory}.file`, signal.reason);
    try {
      const response = await context.send(`${directory}.file`, { method: 'MOVE', headers, signal, timeout: ASSEMBLY_TIMEOUT, retries: 0 });
      cleanUp = false;
      return (name) => response.headers.get(name);
    } catch (error) {
      // Once the MOVE is out, only a clear refusal says the file was not assembled: after a 5xx,
      // a timeout, a dropped connection or a cancel, the server may be assembling it still, or
      // have done so, and a DELETE could take the chunks from under it. The error still goes to
      // the caller.
      if (!isRefusal(error)) cleanUp = false;
      throw error;
    }
  } finally {
    if (cleanUp) {
      // Not awaited: a cancelled upload answers at once; the collection goes away in the background.
      context.send(directory, { method: 'DELETE', retries: 0 }).catch(() => undefined);
    }
  }
}

/** A clear refusal, the request not carried out: a 4xx (412, 409, 403, 404…) or 507; 408 Request Timeout says nothing. */
function isRefusal(error: unknown): boolean {
  if (!(error instanceof SuiteError) || error.status === undefined) return false;
  return error.status === 507 || (error.status >= 400 && error.status < 500 && error.status !== 408);
}

/** Runs `attempt` until it succeeds, retrying transient failures with backoff, CHUNK_ATTEMPTS times in all. */
async function withRetries(context: UploadContext, url: string, signal: AbortSignal | undefined, attempt: (index: number) => Promise<void>): Promise<void> {
  for (let index = 0; ; index++) {
    try {
      await attempt(index);
      return;
    } catch (error) {
      const failure = SuiteError.from(error, 'network');
      if (failure.kind === 'aborted' || !isTransient(failure) || index + 1 >= CHUNK_ATTEMPTS) throw failure;
      await sleep(backoffDelay(index + 1, context.retryDelay), signal, `PUT ${url}`, url);
    }
  }
}
