/** The BFF's options, their defaults, and the checks that make a bad configuration fail at start. */
import { MIN_SECRET_LENGTH } from './seal.js';
import type { SessionStore } from './store.js';
import type { SigningKeyInput } from './tokens.js';

export type LogLevel = 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string, detail?: Record<string, unknown>) => void;

export interface AudienceOptions {
  /** Lifetime of a minted token in seconds; default 300, at most 3600. Never past the session's end. */
  ttl?: number;
  /** User claims copied into the token; default `['email', 'given_name', 'usual_name', 'uid', 'siret']`. */
  claims?: string[];
}

export interface CookieOptions {
  /** Default `__Host-suite-session` when secure and no domain, `suite-session` otherwise. */
  name?: string;
  /** Default true. Only turn off for http:// development hosts. */
  secure?: boolean;
  /** Default `lax`. The login-state cookie is always Lax (the callback is a cross-site navigation). */
  sameSite?: 'lax' | 'strict';
  /** Default none (host-only cookie). */
  domain?: string;
  /** Default `/`. The path of `baseUrl` must be this path or under it. */
  path?: string;
}

export interface BffOptions {
  /** The provider's issuer; its discovery document is fetched at first use (retried on failure). */
  issuer: string;
  clientId: string;
  /** Sent with `client_secret_post` (ProConnect's method). */
  clientSecret: string;
  /** Public URL where the handler is mounted, e.g. `https://intranet.example/bff`. redirect_uri = baseUrl + '/callback'. */
  baseUrl: string;
  /** Keys that seal cookies: the first seals, all open (rotation). Each at least 32 characters. */
  secrets: string | string[];
  /** Default `openid given_name usual_name email uid siret idp_id`. */
  scope?: string;
  /** e.g. `['eidas1']`: asked through the `claims` parameter and checked on the id_token's `acr`. */
  acrValues?: string[];
  /** Default: the origin of baseUrl + '/'. Must be registered at the provider. */
  postLogoutRedirectUri?: string;
  /** Origins `returnTo` may point to; default `[origin of baseUrl]`. Anything else falls back to the default. */
  allowedReturnOrigins?: string[];
  /** Exact origins of host pages on other origins that may call the BFF with credentials (CORS). Default none. */
  allowedOrigins?: string[];
  cookie?: CookieOptions;
  /** Absolute session lifetime in seconds; default 43200 (12 h, like ProConnect). */
  sessionTtl?: number;
  /** Default: in memory, swept of expired sessions every minute. */
  store?: SessionStore;
  /** Short-lived tokens for sibling widgets, by audience name (`GET token?audience=`). */
  audiences?: Record<string, AudienceOptions>;
  /** Private key (JWK, CryptoKey or KeyObject) for minted tokens; default a generated ES256 key. */
  tokenSigningKey?: SigningKeyInput;
  /** Seconds of tolerance on JWT time claims; default 30. */
  clockTolerance?: number;
  /** Seconds to add to the local clock (a server with a known skew; tests). Default 0. */
  clockSkew?: number;
  /** Allow an http:// issuer (testbed, development only). Default false. */
  allowInsecureRequests?: boolean;
  /**
   * When set (e.g. `'RS256'`), userinfo must be a JWT signed with this algorithm: a plain JSON
   * answer is refused. Default: a JWT answer is verified against the provider's JWKS, a JSON answer
   * (over TLS) is accepted.
   */
  userinfoSignedResponseAlg?: string;
  /** Seconds before a request to the provider is abandoned; default 10. */
  httpTimeout?: number;
  /** Custom fetch for the requests to the provider (openid-client's customFetch). */
  fetch?: typeof fetch;
  /** Default: console. Never receives tokens or secrets. */
  log?: Log;
}

export interface ResolvedAudience {
  ttl: number;
  claims: string[];
}

export interface ResolvedOptions {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  baseOrigin: string;
  basePath: string;
  redirectUri: string;
  secrets: string[];
  scope: string;
  acrValues: string[] | undefined;
  postLogoutRedirectUri: string;
  allowedReturnOrigins: Set<string>;
  allowedOrigins: Set<string>;
  defaultReturnTo: string;
  cookie: {
    name: string;
    loginName: string;
    loginPath: string;
    secure: boolean;
    sameSite: 'Lax' | 'Strict';
    domain: string | undefined;
    path: string;
  };
  sessionTtl: number;
  audiences: Map<string, ResolvedAudience>;
  clockTolerance: number;
  clockSkew: number;
  allowInsecureRequests: boolean;
  userinfoSignedResponseAlg: string | undefined;
  httpTimeout: number;
  log: Log;
}

export const DEFAULT_SCOPE = 'openid given_name usual_name email uid siret idp_id';
export const DEFAULT_AUDIENCE_CLAIMS = ['email', 'given_name', 'usual_name', 'uid', 'siret'];
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function fail(message: string): never {
  throw new Error(`suite-bff: ${message}`);
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(`\`${name}\` is required (a non-empty string)`);
  return value.trim();
}

function parseUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(`\`${name}\` is not an absolute URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`\`${name}\` must be an http(s) URL: ${value}`);
  return url;
}

function parseOrigin(value: string, name: string): string {
  const url = parseUrl(value, name);
  if (url.origin !== value.replace(/\/$/, '')) fail(`\`${name}\` entries must be bare origins (scheme://host[:port]), got ${value}`);
  return url.origin;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(`\`${name}\` must be a positive number of seconds`);
  return value;
}

export const defaultLog: Log = (level, message, detail) => {
  const line = `[suite-bff] ${message}`;
  if (detail === undefined) console[level](line);
  else console[level](line, detail);
};

export function resolveOptions(options: BffOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('createBff needs an options object');
  const issuer = parseUrl(requireString(options.issuer, 'issuer'), 'issuer');
  const allowInsecureRequests = options.allowInsecureRequests === true;
  if (issuer.protocol === 'http:' && !allowInsecureRequests) fail(`the issuer ${issuer.href} is http://; set \`allowInsecureRequests: true\` (development only) or use https`);

  const base = parseUrl(requireString(options.baseUrl, 'baseUrl'), 'baseUrl');
  if (base.search !== '' || base.hash !== '') fail('`baseUrl` must not have a query or a fragment');
  const basePath = base.pathname.replace(/\/+$/, '');
  const baseUrl = `${base.origin}${basePath}`;

  const secrets = typeof options.secrets === 'string' ? [options.secrets] : Array.isArray(options.secrets) ? options.secrets : [];
  if (secrets.length === 0) fail('`secrets` is required: one or more strings of at least 32 characters');
  secrets.forEach((secret, index) => {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      fail(`secret #${index + 1} is too short: every secret must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 48\`)`);
    }
  });

  const acrValues = options.acrValues?.filter((value) => typeof value === 'string' && value !== '');
  const secure = options.cookie?.secure ?? true;
  const domain = options.cookie?.domain;
  const path = options.cookie?.path ?? '/';
  if (!path.startsWith('/')) fail('`cookie.path` must start with /');
  // The session cookie must reach the BFF's routes: basePath is the cookie path or under it.
  const pathPrefix = path.replace(/\/+$/, '');
  if (basePath !== pathPrefix && !basePath.startsWith(`${pathPrefix}/`)) {
    fail(`\`cookie.path\` ${path} does not contain the BFF's path ${basePath || '/'} (from baseUrl): the browser would not send the session cookie to its routes`);
  }
  const name = options.cookie?.name ?? (secure && domain === undefined && path === '/' ? '__Host-suite-session' : 'suite-session');
  if (!COOKIE_NAME.test(name)) fail(`\`cookie.name\` is not a valid cookie name: ${name}`);
  if (name.startsWith('__Host-') && (!secure || domain !== undefined || path !== '/')) fail('a `__Host-` cookie must be Secure, without Domain, with Path=/');
  if (name.startsWith('__Secure-') && !secure) fail('a `__Secure-` cookie must be Secure');
  // The login-state cookie is host-only. When Secure it is `__Host-` (Path=/), so that a sibling
  // subdomain cannot plant one (login CSRF); otherwise it is scoped to basePath.
  const hostLogin = secure && domain === undefined;
  const loginName = hostLogin ? `__Host-${name.replace(/^__(?:Host|Secure)-/, '')}-login` : `${name}-login`;
  const loginPath = hostLogin ? '/' : basePath || '/';
  const sameSite = options.cookie?.sameSite ?? 'lax';
  if (sameSite !== 'lax' && sameSite !== 'strict') fail('`cookie.sameSite` must be "lax" or "strict"');

  const audiences = new Map<string, ResolvedAudience>();
  for (const [audience, config] of Object.entries(options.audiences ?? {})) {
    if (audience === '') fail('an audience name cannot be empty');
    const ttl = positive(config.ttl, 300, `audiences.${audience}.ttl`);
    if (ttl > 3600) fail(`\`audiences.${audience}.ttl\` is at most 3600 seconds`);
    audiences.set(audience, { ttl, claims: config.claims ?? DEFAULT_AUDIENCE_CLAIMS });
  }

  const clockSkew = options.clockSkew ?? 0;
  if (typeof clockSkew !== 'number' || !Number.isFinite(clockSkew)) fail('`clockSkew` must be a finite number of seconds');
  const clockTolerance = options.clockTolerance ?? 30;
  if (typeof clockTolerance !== 'number' || !Number.isFinite(clockTolerance) || clockTolerance < 0) fail('`clockTolerance` must be a number of seconds ≥ 0');

  return {
    issuer,
    clientId: requireString(options.clientId, 'clientId'),
    clientSecret: requireString(options.clientSecret, 'clientSecret'),
    baseUrl,
    baseOrigin: base.origin,
    basePath,
    redirectUri: `${baseUrl}/callback`,
    secrets,
    scope: options.scope?.trim() || DEFAULT_SCOPE,
    acrValues: acrValues !== undefined && acrValues.length > 0 ? acrValues : undefined,
    postLogoutRedirectUri: options.postLogoutRedirectUri !== undefined ? parseUrl(options.postLogoutRedirectUri, 'postLogoutRedirectUri').href : `${base.origin}/`,
    allowedReturnOrigins: new Set((options.allowedReturnOrigins ?? [base.origin]).map((origin) => parseOrigin(origin, 'allowedReturnOrigins'))),
    allowedOrigins: new Set((options.allowedOrigins ?? []).map((origin) => parseOrigin(origin, 'allowedOrigins'))),
    defaultReturnTo: `${base.origin}/`,
    cookie: { name, loginName, loginPath, secure, sameSite: sameSite === 'strict' ? 'Strict' : 'Lax', domain, path },
    sessionTtl: positive(options.sessionTtl, 43200, 'sessionTtl'),
    audiences,
    clockTolerance,
    clockSkew,
    allowInsecureRequests,
    userinfoSignedResponseAlg: options.userinfoSignedResponseAlg,
    httpTimeout: positive(options.httpTimeout, 10, 'httpTimeout'),
    log: options.log ?? defaultLog,
  };
}
