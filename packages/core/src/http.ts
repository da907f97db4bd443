import { CANCELLED, SuiteError, kindForStatus } from './errors.js';

const IDEMPOTENT_METHODS = /^(GET|HEAD|OPTIONS|PUT|DELETE|PROPFIND|SEARCH|REPORT)$/i;

export interface RequestOptions {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit | null;
  credentials?: RequestCredentials;
  /**
   * Milliseconds before one attempt is abandoned as a `timeout`. Default 15 000. For `request`
   * it covers the wait for the response headers; for `getJSON`, the body as well.
   */
  timeout?: number;
  /**
   * How many times a failed attempt is tried again. Only idempotent requests are retried,
   * and only on transient failures (network, timeout, 5xx, 429). Default 2 for idempotent
   * methods, 0 otherwise.
   */
  retries?: number;
  /** Base delay of the exponential backoff, in milliseconds. Default 300. */
  retryDelay?: number;
  /** Cancels every attempt; a cancelled request throws a SuiteError of kind `aborted`. */
  signal?: AbortSignal;
  /** Replaces the global fetch (tests, or a session-aware fetch). */
  fetch?: typeof fetch;
}

/** The method is safe to send twice: the only requests that are retried. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.test(method);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new SuiteError('aborted', CANCELLED));
    };
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });

/** Delay before attempt `attempt` (1-based retry count): exponential, with jitter, capped. */
export function backoffDelay(attempt: number, base: number, retryAfterHeader?: string | null): number {
  const retryAfter = retryAfterHeader ? Number(retryAfterHeader) : NaN;
  return Math.min(retryAfter >= 0 && isFinite(retryAfter) ? retryAfter * 1000 : base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2), 10_000);
}

/**
 * fetch with a timeout, cancellation, retries with backoff for idempotent requests, and a
 * SuiteError for every failure: `network`, `timeout`, `aborted`, or the kind of the HTTP status.
 * The failed Response (when there was one) is the error's `cause`.
 *
 * The timeout (and the retries) cover the wait for the response headers only: the caller reads
 * the body of the Response returned after this function has returned, and a body that stalls
 * then is the caller's to stop, with the `signal`, which still cancels it. `getJSON` covers the
 * body as well.
 */
export async function request(url: string, options: RequestOptions = {}): Promise<Response> {
  return send(url, options, (response) => response, true);
}

/**
 * The retry loop of `request` and `getJSON`. Each attempt runs `read` on a successful Response
 * under the attempt's own timeout and abort controller, so a body that stalls is a `timeout`
 * (retried like any transient failure) and the caller's signal still cancels it. With
 * `bodyLater`, the caller's signal stays wired to the successful attempt, whose body the caller
 * reads later.
 */
async function send<T>(url: string, options: RequestOptions, read: (response: Response) => T | Promise<T>, bodyLater = false): Promise<T> {
  const { signal, headers, body, credentials, timeout = 15_000 } = options;
  const method = (options.method ?? 'GET').toUpperCase();
  const retries = isIdempotent(method) ? (options.retries ?? 2) : 0;
  // Read at call time: a page (or a test) may replace window.fetch later.
  const doFetch = options.fetch ?? fetch;
  const what = `${method} ${url}`;
  for (let attempt = 0; ; attempt++) {
    // A signal aborted before the call (or during the backoff) sends nothing more.
    if (signal?.aborted) throw new SuiteError('aborted', `${what} was cancelled.`, { url, cause: signal.reason });
    const controller = new AbortController();
    const abort = () => controller.abort();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort();
    }, timeout);
    signal?.addEventListener('abort', abort, { once: true });
    // Also settles the attempt when a fetch (or the stream of its body) does not honour the
    // signal: a replaced fetch, or a Response made by hand.
    const stopped = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(new DOMException('The attempt was stopped.', 'AbortError')), { once: true });
    });
    stopped.catch(() => undefined);
    let failure: SuiteError;
    let succeeded = false;
    try {
      // Members left undefined are absent for fetch.
      const response = await Promise.race([doFetch(url, { method, headers, body, credentials, signal: controller.signal }), stopped]);
      if (response.ok) {
        const value = await Promise.race([read(response), stopped]);
        succeeded = true;
        return value;
      }
      const { status } = response;
      failure = new SuiteError(kindForStatus(status), `${what} answered ${status} ${response.statusText}`.trim(), { status, url, cause: response });
    } catch (error) {
      failure =
        error instanceof SuiteError
          ? error
          : signal?.aborted
            ? new SuiteError('aborted', `${what} was cancelled.`, { url, cause: error })
            : timedOut
              ? new SuiteError('timeout', `${what} did not answer within ${timeout} ms`, { url, cause: error })
              : new SuiteError('network', `${what} could not be reached (${String(error)})`, { url, cause: error });
    } finally {
      clearTimeout(timer);
      if (!(succeeded && bodyLater)) signal?.removeEventListener('abort', abort);
    }
    if (!failure.retryable || attempt >= retries) throw failure;
    const retryAfter = failure.cause instanceof Response ? failure.cause.headers.get('Retry-After') : null;
    await sleep(backoffDelay(attempt + 1, options.retryDelay ?? 300, retryAfter), signal);
  }
}

/** Reads a body as JSON; anything that is not JSON is a `protocol` error that says so. */
export async function readJSON<T = unknown>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    const preview = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
    throw new SuiteError('protocol', `${response.url || 'The server'} did not answer JSON: ${preview}`, { status: response.status, url: response.url, cause });
  }
}

/**
 * GET (by default) a URL and parse its JSON answer, with every guarantee of `request`; here the
 * timeout, the retries and the signal cover the body too (a body that stalls is a `timeout`).
 * A body that is not JSON is a `protocol` error, never retried.
 */
export async function getJSON<T = unknown>(url: string, options: RequestOptions = {}): Promise<T> {
  const headers = new Headers(options.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  return send(url, { ...options, headers }, (response) => readJSON<T>(response));
}
