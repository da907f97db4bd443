/**
 * What went wrong during a sign-in, as one of a few codes the widget can act on, and a log detail
 * that names the cause without tokens, claims or response bodies.
 */
import { AuthorizationResponseError, ClientError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';

/** The `suite-login-error` codes the callback can add to the return URL. */
export type LoginErrorCode =
  | 'access_denied'
  | 'state_mismatch'
  | 'invalid_grant'
  | 'clock_skew'
  | 'provider_unreachable'
  | 'invalid_token'
  | 'acr_not_satisfied'
  | 'server_error'
  // The answers to `prompt=none` (silent sign-in), passed through so the widget can fall back.
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'account_selection_required';

/** An error the BFF raises itself with a known code (acr, state, clock checks). */
export class BffError extends Error {
  readonly code: LoginErrorCode;
  readonly description: string | undefined;
  constructor(code: LoginErrorCode, message: string, description?: string) {
    super(message);
    this.name = 'BffError';
    this.code = code;
    this.description = description;
  }
}

const PASSED_THROUGH_PROVIDER_ERRORS = new Set<string>(['access_denied', 'login_required', 'consent_required', 'interaction_required', 'account_selection_required']);

/** The code for an `error` parameter the provider put on the callback URL. */
export function codeForProviderError(error: string): LoginErrorCode {
  return PASSED_THROUGH_PROVIDER_ERRORS.has(error) ? (error as LoginErrorCode) : 'server_error';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const INVALID_TOKEN_CODES = new Set([
  'OAUTH_INVALID_RESPONSE', // bad JWT, or "JWT signature verification failed"
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED', // iss, aud, nonce, azp
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED', // userinfo sub ≠ id_token sub
  'OAUTH_KEY_SELECTION_FAILED', // no key of the provider's JWKS matches the kid/alg
  'OAUTH_PARSE_ERROR',
  'OAUTH_JWT_USERINFO_EXPECTED', // a JSON userinfo when a signed one was required
  'OAUTH_UNSUPPORTED_OPERATION', // e.g. an unsupported alg or a crit header
]);

function causeOf(error: unknown): unknown {
  return error instanceof Error ? error.cause : undefined;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for a connection failure, a DNS failure or a timeout talking to the provider. */
export function isNetworkError(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; current = causeOf(current), depth++) {
    const code = errorCode(current);
    if (code !== undefined && (NETWORK_CODES.has(code) || code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT')) return true;
    if (current instanceof TypeError && current.message === 'fetch failed') return true;
    if (current instanceof Error && (current.name === 'TimeoutError' || current.name === 'AbortError')) return true;
  }
  return false;
}

function responseStatus(error: unknown): number | undefined {
  const cause = causeOf(error);
  if (typeof cause === 'object' && cause !== null && 'status' in cause && typeof cause.status === 'number') return cause.status;
  return undefined;
}

export interface ClassifiedError {
  code: LoginErrorCode;
  /** A short human text from the provider (its error_description), when it gave one. */
  description?: string | undefined;
  /** Safe to log: names, codes and messages only (keys `errorName`, `errorMessage`, `errorCode`, `cause1Name`…). */
  detail: Record<string, unknown>;
}

/** Maps anything thrown during a sign-in (or a refresh) to a code and a log-safe detail. */
export function classifyError(error: unknown): ClassifiedError {
  const detail = describeError(error);
  if (error instanceof BffError) return { code: error.code, description: error.description, detail };
  if (error instanceof ResponseBodyError) {
    const code: LoginErrorCode = error.error === 'invalid_grant' ? 'invalid_grant' : error.status >= 500 ? 'provider_unreachable' : 'server_error';
    return { code, description: error.error_description, detail };
  }
  if (error instanceof AuthorizationResponseError) return { code: codeForProviderError(error.error), description: error.error_description, detail };
  if (error instanceof WWWAuthenticateChallengeError) return { code: error.status === 401 ? 'invalid_grant' : 'server_error', detail };
  if (isNetworkError(error)) return { code: 'provider_unreachable', detail };
  const code = errorCode(error);
  if (error instanceof ClientError && code !== undefined) {
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return { code: 'clock_skew', detail };
    if (INVALID_TOKEN_CODES.has(code)) return { code: 'invalid_token', detail };
    if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
      const status = responseStatus(error);
      return { code: status !== undefined && status >= 500 ? 'provider_unreachable' : 'server_error', detail };
    }
  }
  return { code: 'server_error', detail };
}

/**
 * Name, code, message and the same for the causes; never the cause objects themselves (openid-client
 * puts JWT claims, response bodies and Response objects there).
 */
export function describeError(error: unknown): Record<string, unknown> {
  const detail: Record<string, unknown> = {};
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++, current = causeOf(current)) {
    const prefix = depth === 0 ? 'error' : `cause${depth}`;
    const key = (name: string): string => `${prefix}${name[0]?.toUpperCase() ?? ''}${name.slice(1)}`;
    if (current instanceof Error) {
      detail[key('name')] = current.name;
      detail[key('message')] = current.message.slice(0, 300);
      const code = errorCode(current);
      if (code !== undefined) detail[key('code')] = code;
      if (current instanceof ResponseBodyError || current instanceof AuthorizationResponseError) detail[key('oauthError')] = current.error;
    } else {
      // Not an Error (a Response, a claims object…): only its kind.
      detail[key('kind')] = typeof current === 'object' ? (current.constructor?.name ?? 'object') : typeof current;
      break;
    }
  }
  return detail;
}
