import { SuiteError, kindForStatus } from './errors.js';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PROPFIND', 'SEARCH', 'REPORT']);

export interface RequestOptions {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit | null;
  credentials?: RequestCredentials;
  /** Milliseconds before one attempt is abandoned as a `timeout`. Default 15 000. */
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
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SuiteError('aborted', 'The request was cancelled.'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SuiteError('aborted', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Delay before attempt `attempt` (1-based retry count): exponential, with jitter, capped. */
export function backoffDelay(attempt: number, base: number, retryAfterHeader?: string | null): number {
  const retryAfter = retryAfterHeader ? Number(retryAfterHeader) : NaN;
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter * 1000, 10_000);
  const exponential = base * 2 ** (attempt - 1);
  return Math.min(exponential * (0.5 + Math.random() * 0.5), 10_000);
}

async function attemptOnce(url: string, options: RequestOptions, method: string): Promise<Response> {
  const controller = new AbortController();
  const timeoutMs = options.timeout ?? 15_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  try {
    const init: RequestInit = { method, signal: controller.signal };
    if (options.headers !== undefined) init.headers = options.headers;
    if (options.body !== undefined) init.body = options.body;
    if (options.credentials !== undefined) init.credentials = options.credentials;
    const response = await doFetch(url, init);
    if (!response.ok) {
      throw new SuiteError(kindForStatus(response.status), `${method} ${url} answered ${response.status} ${response.statusText}`.trim(), {
        status: response.status,
        url,
        cause: response,
      });
    }
    return response;
  } catch (error) {
    if (error instanceof SuiteError) throw error;
    if (options.signal?.aborted) throw new SuiteError('aborted', `${method} ${url} was cancelled.`, { url, cause: error });
    if (timedOut) throw new SuiteError('timeout', `${method} ${url} did not answer within ${timeoutMs} ms`, { url, cause: error });
    throw new SuiteError('network', `${method} ${url} could not be reached (${error instanceof Error ? error.message : String(error)})`, {
      url,
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * fetch with a timeout, cancellation, retries with backoff for idempotent requests, and a
 * SuiteError for every failure: `network`, `timeout`, `aborted`, or the kind of the HTTP status.
 * The failed Response (when there was one) is the error's `cause`.
 */
export async function request(url: string, options: RequestOptions = {}): Promise<Response> {
  const method = (options.method ?? 'GET').toUpperCase();
  const retries = isIdempotent(method) ? options.retries ?? 2 : 0;
  const base = options.retryDelay ?? 300;
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce(url, options, method);
    } catch (error) {
      const failure = error as SuiteError;
      if (!failure.retryable || attempt >= retries) throw failure;
      const retryAfter = failure.cause instanceof Response ? failure.cause.headers.get('Retry-After') : null;
      await sleep(backoffDelay(attempt + 1, base, retryAfter), options.signal);
    }
  }
}

/** Reads a body as JSON; anything that is not JSON is a `protocol` error that says so. */
export async function readJSON<T = unknown>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    throw new SuiteError('protocol', `${response.url || 'The server'} did not answer JSON: ${JSON.stringify(preview)}`, {
      status: response.status,
      url: response.url,
      cause,
    });
  }
}

/** GET (by default) a URL and parse its JSON answer, with every guarantee of `request`. */
export async function getJSON<T = unknown>(url: string, options: RequestOptions = {}): Promise<T> {
  const headers = new Headers(options.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const response = await request(url, { ...options, headers });
  return readJSON<T>(response);
}
