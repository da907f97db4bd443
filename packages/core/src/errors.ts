/**
 * What went wrong, in words a widget can turn into a message for a person.
 * `aborted` is a request cancelled on purpose (never shown as an error).
 */
export type SuiteErrorKind =
  | 'config'
  | 'network'
  | 'timeout'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'server'
  | 'protocol'
  | 'aborted';

export interface SuiteErrorOptions {
  status?: number;
  url?: string;
  cause?: unknown;
}

/** The one error type that every protocol layer throws and every widget renders. */
export class SuiteError extends Error {
  override readonly name = 'SuiteError';
  readonly kind: SuiteErrorKind;
  /** HTTP status when the error came from an HTTP answer. */
  readonly status: number | undefined;
  /** The URL that was asked, when there was one. */
  readonly url: string | undefined;

  constructor(kind: SuiteErrorKind, message: string, options: SuiteErrorOptions = {}) {
    // Error takes `cause` from the options, and only when the key is there.
    super(message, options);
    this.kind = kind;
    this.status = options.status;
    this.url = options.url;
  }

  /** Whether trying the same thing again may work (a transient failure). */
  get retryable(): boolean {
    return /^(network|timeout|server)$/.test(this.kind);
  }

  /** Wraps anything thrown into a SuiteError, keeping SuiteErrors as they are. */
  static from(error: unknown, fallbackKind: SuiteErrorKind = 'protocol'): SuiteError {
    if (error instanceof SuiteError) return error;
    if (isSuiteErrorLike(error)) return new SuiteError(error.kind, error.message, { status: error.status, url: error.url, cause: error });
    if (error instanceof DOMException && error.name === 'AbortError') return new SuiteError('aborted', CANCELLED, { cause: error });
    return new SuiteError(fallbackKind, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** The message of a request cancelled by its caller. */
export const CANCELLED = 'The request was cancelled.';

/** Recognises a SuiteError made by another copy of this library on the same page. */
export function isSuiteErrorLike(value: unknown): value is SuiteError {
  return value instanceof Error && value.name === 'SuiteError' && typeof (value as Partial<SuiteError>).kind === 'string';
}

/** The error kind for an HTTP status that is not a success. */
export function kindForStatus(status: number): SuiteErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 408) return 'timeout';
  if (status === 429 || status >= 500) return 'server';
  return 'protocol';
}
