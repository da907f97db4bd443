import { SuiteError } from '@suite-widgets/core';
import type { SuiteErrorKind } from '@suite-widgets/core';
import type { LoginErrorCode } from './i18n/codes.js';

const KINDS: Record<LoginErrorCode, SuiteErrorKind> = {
  config: 'config',
  access_denied: 'forbidden',
  state_mismatch: 'auth',
  invalid_grant: 'auth',
  clock_skew: 'auth',
  provider_unreachable: 'network',
  invalid_token: 'auth',
  acr_not_satisfied: 'forbidden',
  popup_blocked: 'forbidden',
  login_required: 'auth',
  invalid_client: 'config',
  origin_refused: 'config',
  server_error: 'server',
  protocol: 'protocol',
};

/**
 * A sign-in failure with a precise `code` (the OAuth error, or what the widget found), which the
 * widget turns into a human message; `description` is what the provider or the BFF said.
 */
export class LoginError extends SuiteError {
  readonly code: LoginErrorCode;
  readonly description: string | undefined;

  constructor(code: LoginErrorCode, message: string, options: { description?: string | null; cause?: unknown; status?: number; url?: string } = {}) {
    super(KINDS[code], message, options);
    this.code = code;
    // Shown to the user as text (never as HTML); long provider texts are cut.
    this.description = options.description?.slice(0, 300) || undefined;
  }
}

/** The widget's code for an OAuth / OIDC error code, or one the BFF sent. */
export function codeOf(error: string | null | undefined): LoginErrorCode {
  switch (error) {
    case 'access_denied':
    case 'state_mismatch':
    case 'invalid_grant':
    case 'clock_skew':
    case 'provider_unreachable':
    case 'invalid_token':
    case 'acr_not_satisfied':
    case 'invalid_client':
    case 'login_required':
      return error;
    case 'unauthorized_client':
      return 'invalid_client';
    case 'interaction_required':
    case 'consent_required':
    case 'account_selection_required':
      return 'login_required';
    case 'invalid_request':
    case 'invalid_scope':
    case 'unsupported_response_type':
      return 'config';
    default:
      return 'server_error';
  }
}

/** Any failure as a LoginError (network and timeout failures mean the provider is unreachable). */
export function toLoginError(error: unknown, context: string): LoginError {
  if (error instanceof LoginError) return error;
  const failure = SuiteError.from(error);
  const code: LoginErrorCode =
    failure.kind === 'network' || failure.kind === 'timeout' ? 'provider_unreachable' : failure.kind === 'config' ? 'config' : failure.kind === 'server' ? 'server_error' : 'protocol';
  return new LoginError(code, `${context}: ${failure.message}`, { cause: error, status: failure.status, url: failure.url });
}
