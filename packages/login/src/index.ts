export { SuiteLogin } from './suite-login.js';
export type { LoginEventDetail, LogoutEventDetail, SessionExpiredEventDetail } from './suite-login.js';
export type { LoginStatus } from './login-store.js';
export { LoginError } from './errors.js';
export type { LoginErrorCode } from './i18n/codes.js';
export type { TokenStorage } from './oidc-auth.js';
export { userFromClaims, initials } from './user.js';
