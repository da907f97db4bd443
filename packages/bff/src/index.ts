/**
 * @suite-widgets/bff: the backend-for-frontend of `<suite-login mode="bff">`. A confidential
 * OpenID Connect client (ProConnect) that keeps the provider's tokens server-side and gives the
 * browser an httpOnly session cookie; it also mints short-lived tokens for sibling widgets.
 */
export { createBff, LOGIN_ERROR_PARAM, LOGIN_ERROR_DESCRIPTION_PARAM, REQUESTED_WITH_HEADER } from './bff.js';
export type { BffHandler } from './bff.js';
export type { AudienceOptions, BffOptions, CookieOptions, Log, LogLevel } from './options.js';
export { DEFAULT_SCOPE, DEFAULT_AUDIENCE_CLAIMS } from './options.js';
export { MemorySessionStore } from './store.js';
export type { JsonValue, SessionData, SessionStore } from './store.js';
export type { LoginErrorCode } from './errors.js';
export type { SigningKeyInput } from './tokens.js';
