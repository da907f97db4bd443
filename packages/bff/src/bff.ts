/**
 * The backend-for-frontend: a confidential OpenID Connect client (ProConnect) that keeps the
 * provider's tokens server-side and gives the browser an httpOnly session cookie. One request
 * handler, usable from node:http, Express or Fastify.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as client from 'openid-client';
import type { JWTPayload } from 'jose';
import { appendSetCookie, readCookies, serializeCookie } from './cookies.js';
import { BffError, classifyError, codeForProviderError, describeError, type LoginErrorCode } from './errors.js';
import { redirect, sendEmpty, sendJson } from './http.js';
import { resolveOptions, type BffOptions, type ResolvedOptions } from './options.js';
import { Sealer } from './seal.js';
import { MemorySessionStore, type JsonValue, type SessionData, type SessionStore } from './store.js';
import { loadSigningKey, mintToken, type SigningKey } from './tokens.js';

export interface BffHandler {
  /**
   * Answers the requests under `basePath` and resolves to true; for other paths it calls `next()`
   * (when given) and resolves to false. It never rejects.
   */
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<boolean>;
  /** The pathname of `baseUrl`, e.g. `/bff` (`/` when mounted at the root). */
  readonly basePath: string;
  /** Stops the timers (the default store's session sweep). */
  close(): void;
}

/** The query parameter added to the return URL when a sign-in fails. */
export const LOGIN_ERROR_PARAM = 'suite-login-error';
export const LOGIN_ERROR_DESCRIPTION_PARAM = 'suite-login-error-description';
/** The header a page sends (with `fetch`) to prove the request is not a cross-site form or link. */
export const REQUESTED_WITH_HEADER = 'x-suite-requested-with';

const LOGIN_STATE_TTL = 600; // seconds
const MAX_PENDING_LOGINS = 5;
const MAX_COOKIE_VALUE = 3800;
const REFRESH_MARGIN = 60_000; // ms before the provider access token expires (at most half its lifetime)
const REFRESH_OUTCOME_TTL = 30_000; // ms a finished refresh is remembered
const ENDED_SESSION_TTL = 300_000; // ms an ended session id is remembered (a refresh in flight cannot revive it)
const MAX_ENDED_SESSIONS = 10_000;
const MAX_RETURN_TO = 2048;
const HINT_PATTERN = /^[\x20-\x7e\u00a0-\uffff]{1,256}$/u;
const JWT_REGISTERED_CLAIMS = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'azp', 'nonce', 'at_hash', 'c_hash', 'auth_time', 'sid']);
const ROUTES = new Set(['/login', '/callback', '/me', '/logout', '/token', '/jwks']);

/** One sign-in in progress, sealed in the login-state cookie. Short keys keep the cookie small. */
interface PendingLogin {
  s: string; // state
  n: string; // nonce
  v: string; // PKCE code_verifier
  r: string; // returnTo (already checked)
  t: number; // ms epoch of creation
}

interface SessionCookie {
  sid: string;
  exp: number; // ms epoch
}

type SessionLookup =
  | { kind: 'none'; sid?: undefined; session?: undefined }
  | { kind: 'expired'; sid: string; session?: SessionData | undefined }
  | { kind: 'active'; sid: string; session: SessionData };

type RefreshOutcome = { kind: 'ok'; session: SessionData } | { kind: 'expired' } | { kind: 'ended' };

const randomToken = (): string => randomBytes(32).toString('base64url');

/** Constant-time string equality (hashes first, so lengths do not leak either). */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function isPendingLogin(value: unknown): value is PendingLogin {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.s === 'string' && typeof entry.n === 'string' && typeof entry.v === 'string' && typeof entry.r === 'string' && typeof entry.t === 'number';
}

function isSessionCookie(value: unknown): value is SessionCookie {
  if (typeof value !== 'object' || value === null) return false;
  const cookie = value as Record<string, unknown>;
  return typeof cookie.sid === 'string' && cookie.sid.length >= 32 && typeof cookie.exp === 'number';
}

function toJsonValue(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = toJsonValue(item);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return undefined;
}

/** Userinfo claims without the JWT envelope claims (iss, aud, exp…). */
function userClaims(userinfo: Record<string, unknown>): Record<string, JsonValue> {
  const user: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(userinfo)) {
    if (JWT_REGISTERED_CLAIMS.has(key)) continue;
    const converted = toJsonValue(value);
    if (converted !== undefined) user[key] = converted;
  }
  return user;
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

export function createBff(options: BffOptions): BffHandler {
  const o: ResolvedOptions = resolveOptions(options);
  const sealer = new Sealer(o.secrets);
  const ownStore = options.store === undefined ? new MemorySessionStore() : undefined;
  const store: SessionStore = options.store ?? (ownStore as MemorySessionStore);
  const customFetch = options.fetch;
  const refreshes = new Map<string, { outcome: Promise<RefreshOutcome>; settledAt?: number }>();
  /** Session ids ended here (logout, expiry, a new sign-in), by when they may be forgotten (ms). */
  const endedSessions = new Map<string, number>();
  let configPromise: Promise<client.Configuration> | undefined;
  let signingKeyPromise: Promise<SigningKey> | undefined;

  /** The local clock corrected by `clockSkew`, in ms. */
  const now = (): number => Date.now() + o.clockSkew * 1000;

  // Fail at start on a bad key rather than at the first token request.
  if (options.tokenSigningKey !== undefined) {
    signingKeyPromise = loadSigningKey(options.tokenSigningKey);
    signingKeyPromise.catch((error: unknown) => o.log('error', 'tokenSigningKey cannot be used', describeError(error)));
  }

  function signingKey(): Promise<SigningKey> {
    signingKeyPromise ??= loadSigningKey(undefined);
    return signingKeyPromise;
  }

  /** The provider's configuration, discovered at first use; a failure is retried at the next call. */
  function providerConfig(): Promise<client.Configuration> {
    configPromise ??= discover().catch((error: unknown) => {
      configPromise = undefined;
      throw error;
    });
    return configPromise;
  }

  async function discover(): Promise<client.Configuration> {
    const metadata: Partial<client.ClientMetadata> = {
      client_secret: o.clientSecret,
      [client.clockSkew]: o.clockSkew,
      [client.clockTolerance]: o.clockTolerance,
    };
    if (o.userinfoSignedResponseAlg !== undefined) metadata.userinfo_signed_response_alg = o.userinfoSignedResponseAlg;
    // Non-repudiation checks make openid-client verify the signatures of the id_token and of a JWT
    // userinfo against the provider's JWKS; without them it trusts TLS and only checks the claims.
    const execute: ((config: client.Configuration) => void)[] = [client.enableNonRepudiationChecks];
    // Development and tests only (http:// issuer), refused at start unless the option is set.
    if (o.allowInsecureRequests) execute.unshift(client.allowInsecureRequests);
    const discoveryOptions: client.DiscoveryRequestOptions = { execute, timeout: o.httpTimeout };
    if (customFetch !== undefined) discoveryOptions[client.customFetch] = (url, init) => customFetch(url, init);
    const config = await client.discovery(o.issuer, o.clientId, metadata, client.ClientSecretPost(o.clientSecret), discoveryOptions);
    const server = config.serverMetadata();
    o.log('info', 'provider discovered', { issuer: server.issuer, endSession: server.end_session_endpoint !== undefined });
    return config;
  }

  // ——— cookies ———

  function sessionCookie(value: string, maxAge: number): string {
    return serializeCookie(o.cookie.name, value, { maxAge, path: o.cookie.path, secure: o.cookie.secure, sameSite: o.cookie.sameSite, domain: o.cookie.domain });
  }

  function clearSessionCookie(res: ServerResponse): void {
    appendSetCookie(res, sessionCookie('', 0));
  }

  /** The login-state cookie is always Lax: the callback is a top-level navigation from the provider. */
  function writePendingLogins(res: ServerResponse, pending: PendingLogin[]): void {
    let value = pending.length === 0 ? '' : sealer.seal('login', pending);
    // Browsers drop cookies over about 4 kB: forget the oldest sign-ins first.
    while (value.length > MAX_COOKIE_VALUE && pending.length > 1) {
      pending = pending.slice(1);
      value = sealer.seal('login', pending);
    }
    appendSetCookie(res, serializeCookie(o.cookie.loginName, value, { maxAge: pending.length === 0 ? 0 : LOGIN_STATE_TTL, path: o.cookie.loginPath, secure: o.cookie.secure, sameSite: 'Lax', domain: undefined }));
  }

  function readPendingLogins(req: IncomingMessage): PendingLogin[] {
    const oldest = now() - LOGIN_STATE_TTL * 1000;
    for (const value of readCookies(req, o.cookie.loginName)) {
      const opened = sealer.open('login', value);
      if (Array.isArray(opened)) return opened.filter(isPendingLogin).filter((entry) => entry.t > oldest);
    }
    return [];
  }

  // ——— return URLs ———

  /** `returnTo` when it points to an allowed origin and not back into the BFF; else the default. */
  function safeReturnTo(value: string | null | undefined): string {
    if (value === null || value === undefined || value === '' || value.length > MAX_RETURN_TO) return o.defaultReturnTo;
    let url: URL;
    try {
      url = new URL(value, o.defaultReturnTo);
    } catch {
      return o.defaultReturnTo;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return o.defaultReturnTo;
    if (!o.allowedReturnOrigins.has(url.origin)) return o.defaultReturnTo;
    // Checked again once normalised: percent-encoding can make it several times longer.
    if (url.href.length > MAX_RETURN_TO) return o.defaultReturnTo;
    // Never back into the BFF's own routes: an error there could loop.
    if (url.origin === o.baseOrigin) {
      const path = url.pathname.replace(/\/+$/, '');
      if (path.startsWith(`${o.basePath}/`) && ROUTES.has(path.slice(o.basePath.length))) return o.defaultReturnTo;
      if (o.basePath !== '' && path === o.basePath) return o.defaultReturnTo;
    }
    return url.href;
  }

  function withLoginResult(returnTo: string, error?: { code: LoginErrorCode; description?: string | undefined }): string {
    const url = new URL(returnTo);
    url.searchParams.delete(LOGIN_ERROR_PARAM);
    url.searchParams.delete(LOGIN_ERROR_DESCRIPTION_PARAM);
    if (error !== undefined) {
      url.searchParams.set(LOGIN_ERROR_PARAM, error.code);
      const description = error.description?.replace(/\p{Cc}/gu, ' ').trim().slice(0, 200);
      if (description !== undefined && description !== '') url.searchParams.set(LOGIN_ERROR_DESCRIPTION_PARAM, description);
    }
    return url.href;
  }

  // ——— sessions ———

  /** The session named by the cookie, without checking its lifetime or refreshing it. */
  async function readSession(req: IncomingMessage, res: ServerResponse): Promise<{ sid: string; cookie: SessionCookie; session: SessionData | undefined } | undefined> {
    const values = readCookies(req, o.cookie.name).filter((value) => value !== '');
    if (values.length === 0) return undefined;
    let cookie: SessionCookie | undefined;
    for (const value of values) {
      const opened = sealer.open('session', value);
      if (isSessionCookie(opened)) {
        cookie = opened;
        break;
      }
    }
    if (cookie === undefined) {
      o.log('warn', 'a session cookie did not open (tampered, or sealed with a secret no longer configured)', { path: req.url?.split('?')[0] });
      clearSessionCookie(res);
      return undefined;
    }
    return { sid: cookie.sid, cookie, session: await store.get(cookie.sid) };
  }

  /** Remembers a while that `sid` ended, before it is deleted, so that a refresh in flight does not revive it. */
  function markEnded(sid: string): void {
    const nowMs = Date.now();
    // Insertion order is expiry order: forget from the oldest.
    for (const [other, until] of endedSessions) {
      if (until > nowMs && endedSessions.size < MAX_ENDED_SESSIONS) break;
      endedSessions.delete(other);
    }
    endedSessions.set(sid, nowMs + ENDED_SESSION_TTL);
  }

  function wasEnded(sid: string): boolean {
    const until = endedSessions.get(sid);
    return until !== undefined && until > Date.now();
  }

  async function destroySession(res: ServerResponse, sid: string): Promise<void> {
    markEnded(sid);
    await store.delete(sid);
    clearSessionCookie(res);
  }

  /** The signed-in session, past its TTL or refused by the provider on refresh → expired (and destroyed). */
  async function activeSession(req: IncomingMessage, res: ServerResponse): Promise<SessionLookup> {
    const found = await readSession(req, res);
    if (found === undefined) return { kind: 'none' };
    const { sid, cookie } = found;
    let session = found.session;
    if (cookie.exp <= now() || (session !== undefined && session.expiresAt <= now())) {
      await destroySession(res, sid);
      return { kind: 'expired', sid, session };
    }
    if (session === undefined) {
      clearSessionCookie(res);
      return { kind: 'none' };
    }
    // Refreshed a minute before the end, or at half its lifetime when shorter (ProConnect: 60 s).
    const margin = Math.min(REFRESH_MARGIN, (session.accessTokenLifetime ?? Infinity) / 2);
    if (session.refreshToken !== undefined && session.accessTokenExpiresAt !== undefined && session.accessTokenExpiresAt - now() < margin) {
      const outcome = await refreshOnce(sid, session);
      if (outcome.kind === 'ended') {
        // Signed out while the refresh was running.
        clearSessionCookie(res);
        return { kind: 'none' };
      }
      if (outcome.kind === 'expired') {
        await destroySession(res, sid);
        return { kind: 'expired', sid, session };
      }
      session = outcome.session;
    }
    return { kind: 'active', sid, session };
  }

  /**
   * One refresh per session state (its tokens): parallel requests share it, and a request that read
   * the session just before a refresh finished gets that refresh's outcome instead of replaying a
   * rotated (single-use) refresh token. Outcomes are kept a little while, then forgotten.
   */
  function refreshOnce(sid: string, session: SessionData): Promise<RefreshOutcome> {
    const key = createHash('sha256').update(`${sid}\n${session.refreshToken ?? ''}\n${session.accessToken}`).digest('base64url');
    const nowMs = Date.now();
    for (const [other, entry] of refreshes) if (entry.settledAt !== undefined && nowMs - entry.settledAt > REFRESH_OUTCOME_TTL) refreshes.delete(other);
    let entry = refreshes.get(key);
    if (entry === undefined) {
      const created: { outcome: Promise<RefreshOutcome>; settledAt?: number } = { outcome: refresh(sid, session) };
      const settled = (): void => {
        created.settledAt = Date.now();
      };
      created.outcome.then(settled, settled);
      entry = created;
      refreshes.set(key, entry);
    }
    return entry.outcome;
  }

  async function refresh(sid: string, session: SessionData): Promise<RefreshOutcome> {
    const refreshToken = session.refreshToken;
    if (refreshToken === undefined) return { kind: 'ok', session };
    try {
      const config = await providerConfig();
      const tokens = await client.refreshTokenGrant(config, refreshToken);
      const claims = tokens.claims();
      if (claims !== undefined && claims.sub !== session.sub) throw new BffError('invalid_token', 'the refreshed id_token is for another subject');
      const expiresIn = tokens.expiresIn();
      const updated: SessionData = {
        ...session,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? refreshToken,
        accessTokenExpiresAt: expiresIn !== undefined ? now() + expiresIn * 1000 : undefined,
        accessTokenLifetime: expiresIn !== undefined ? expiresIn * 1000 : undefined,
        idToken: tokens.id_token ?? session.idToken,
        acr: typeof claims?.acr === 'string' ? claims.acr : session.acr,
      };
      const remaining = Math.ceil((updated.expiresAt - now()) / 1000);
      if (remaining <= 0) return { kind: 'expired' };
      // Signed out while the refresh was running: do not bring the session back.
      if (wasEnded(sid)) return { kind: 'ended' };
      if ((await store.get(sid)) === undefined) return { kind: 'expired' };
      await store.set(sid, updated, remaining);
      // Signed out between that check and the end of `set`: the logout wins.
      if (wasEnded(sid)) {
        await store.delete(sid);
        o.log('info', 'signed out during a refresh: the refreshed session was dropped', { sub: session.sub });
        return { kind: 'ended' };
      }
      o.log('info', 'session refreshed', { sub: session.sub });
      return { kind: 'ok', session: updated };
    } catch (error) {
      const { code, detail } = classifyError(error);
      if (code === 'invalid_grant' || code === 'invalid_token') {
        o.log('info', 'the provider refused the refresh token: session ended', { code, ...detail });
        return { kind: 'expired' };
      }
      // The provider is down or answered oddly: the BFF session itself is still valid, try again later.
      o.log('warn', 'session refresh failed, keeping the session', { code, ...detail });
      return { kind: 'ok', session };
    }
  }

  // ——— request guards ———

  function corsOrigin(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    return origin !== undefined && o.allowedOrigins.has(origin) ? origin : undefined;
  }

  /**
   * CSRF defence for the routes a page calls with fetch: a foreign Origin is refused; otherwise the
   * request needs our custom header (which a cross-site form or link cannot send, and which a
   * cross-origin script can only send after a CORS preflight we answer for allowed origins only)
   * or an allowed Origin.
   */
  function passesCsrfCheck(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin !== undefined) return origin === o.baseOrigin || o.allowedOrigins.has(origin);
    return req.headers[REQUESTED_WITH_HEADER] === 'fetch';
  }

  /**
   * CSRF defence for `GET logout` (a plain link, so no custom header): a navigation the browser
   * marks cross-site, or an Origin or Referer (when sent) that is not one of the host's pages.
   */
  function fromAnotherSite(req: IncomingMessage): boolean {
    const trusted = (candidate: string): boolean => candidate === o.baseOrigin || o.allowedOrigins.has(candidate) || o.allowedReturnOrigins.has(candidate);
    if (req.headers['sec-fetch-site'] === 'cross-site') return true;
    const origin = req.headers.origin;
    if (origin !== undefined && !trusted(origin)) return true;
    const referer = req.headers.referer;
    if (referer !== undefined && referer !== '') {
      try {
        if (!trusted(new URL(referer).origin)) return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  // ——— routes ———

  async function login(res: ServerResponse, req: IncomingMessage, query: URLSearchParams): Promise<void> {
    const returnTo = safeReturnTo(query.get('returnTo'));
    let config: client.Configuration;
    try {
      config = await providerConfig();
    } catch (error) {
      // Whatever the cause (network, a 5xx, an issuer mismatch), the widget can only say "try later".
      o.log('error', 'the provider cannot be reached (discovery failed)', { issuer: o.issuer.href, code: 'provider_unreachable', ...describeError(error) });
      redirect(res, withLoginResult(returnTo, { code: 'provider_unreachable' }));
      return;
    }
    const state = randomToken();
    const nonce = randomToken();
    const verifier = client.randomPKCECodeVerifier();
    const parameters: Record<string, string> = {
      redirect_uri: o.redirectUri,
      scope: o.scope,
      response_type: 'code',
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    };
    if (o.acrValues !== undefined) parameters.claims = JSON.stringify({ id_token: { acr: { essential: true, values: o.acrValues } } });
    // ProConnect refuses unknown parameters: only these, and only when given.
    for (const name of ['idp_hint', 'siret_hint', 'login_hint'] as const) {
      const value = query.get(name);
      if (value !== null && HINT_PATTERN.test(value)) parameters[name] = value;
    }
    const prompt = query.get('prompt');
    if (prompt === 'none' || prompt === 'login') parameters.prompt = prompt;

    // Several tabs may sign in at once: keep the most recent few, each keyed by its state.
    const pending = [...readPendingLogins(req), { s: state, n: nonce, v: verifier, r: returnTo, t: now() }].slice(-MAX_PENDING_LOGINS);
    writePendingLogins(res, pending);
    redirect(res, client.buildAuthorizationUrl(config, parameters).href);
  }

  async function callback(res: ServerResponse, req: IncomingMessage, query: URLSearchParams): Promise<void> {
    const state = query.get('state');
    const pending = readPendingLogins(req);
    const entry = state === null || state === '' ? undefined : pending.find((candidate) => safeEqual(candidate.s, state));
    // A state is good for one callback, whatever its outcome.
    if (entry !== undefined) writePendingLogins(res, pending.filter((candidate) => candidate !== entry));
    const returnTo = entry?.r ?? o.defaultReturnTo;
    const fail = (code: LoginErrorCode, cause: string, detail: Record<string, unknown> = {}, description?: string): void => {
      o.log(code === 'access_denied' || code === 'login_required' ? 'info' : 'warn', `sign-in failed: ${cause}`, { code, ...detail });
      redirect(res, withLoginResult(returnTo, { code, description }));
    };

    if (entry === undefined) {
      // Without a matching state nothing from the query is trusted, the provider's error text included.
      fail('state_mismatch', state === null ? 'the callback has no state' : 'no sign-in in progress matches the state (expired, already used, or another browser)', {
        pendingLogins: pending.length,
      });
      return;
    }
    const providerError = query.get('error');
    if (providerError !== null) {
      fail(codeForProviderError(providerError), 'the provider answered with an error', { error: providerError.slice(0, 100) }, query.get('error_description') ?? undefined);
      return;
    }

    try {
      const config = await providerConfig();
      const currentUrl = new URL(o.redirectUri);
      for (const [name, value] of query) currentUrl.searchParams.append(name, value);
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: entry.v,
        expectedState: entry.s,
        expectedNonce: entry.n,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (claims === undefined) throw new BffError('invalid_token', 'the token response has no id_token');
      // openid-client checks exp (and nbf) but not an iat in the future: a clock behind the provider's.
      const nowSeconds = now() / 1000;
      if (claims.iat > nowSeconds + o.clockTolerance) {
        throw new BffError('clock_skew', `the id_token was issued ${Math.round(claims.iat - nowSeconds)} s in the future: check this server's clock (or clockSkew)`);
      }
      const acr = typeof claims.acr === 'string' ? claims.acr : undefined;
      if (o.acrValues !== undefined && (acr === undefined || !o.acrValues.includes(acr))) {
        throw new BffError('acr_not_satisfied', `the id_token acr ${acr ?? '(none)'} is not one of ${o.acrValues.join(', ')}`);
      }
      // Checks userinfo's sub against the id_token's, and (non-repudiation) a JWT answer's signature.
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      const createdAt = now();
      const expiresIn = tokens.expiresIn();
      const session: SessionData = {
        sub: claims.sub,
        user: { ...userClaims(userinfo), sub: claims.sub },
        acr,
        amr: stringArray(claims.amr),
        idToken: tokens.id_token ?? '',
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        accessTokenExpiresAt: expiresIn !== undefined ? createdAt + expiresIn * 1000 : undefined,
        accessTokenLifetime: expiresIn !== undefined ? expiresIn * 1000 : undefined,
        createdAt,
        expiresAt: createdAt + o.sessionTtl * 1000,
      };
      // A new session id at every sign-in (no fixation); the previous session of this browser ends.
      const previous = await readSession(req, res).catch(() => undefined);
      if (previous !== undefined) {
        markEnded(previous.sid);
        await store.delete(previous.sid);
      }
      const sid = randomToken();
      await store.set(sid, session, o.sessionTtl);
      appendSetCookie(res, sessionCookie(sealer.seal('session', { sid, exp: session.expiresAt } satisfies SessionCookie), o.sessionTtl));
      o.log('info', 'signed in', { sub: claims.sub, acr, idp: typeof userinfo.idp_id === 'string' ? userinfo.idp_id : undefined });
      redirect(res, withLoginResult(returnTo));
    } catch (error) {
      const { code, description, detail } = classifyError(error);
      fail(code, 'the code exchange or the userinfo request failed', detail, description);
    }
  }

  async function me(res: ServerResponse, req: IncomingMessage): Promise<void> {
    const lookup = await activeSession(req, res);
    if (lookup.kind === 'none') return sendJson(res, 401, { error: 'not_signed_in' });
    if (lookup.kind === 'expired') return sendJson(res, 401, { error: 'session_expired' });
    const { session } = lookup;
    sendJson(res, 200, {
      user: session.user,
      acr: session.acr ?? null,
      ...(session.amr !== undefined ? { amr: session.amr } : {}),
      expiresAt: session.expiresAt,
      accessTokenExpiresAt: session.accessTokenExpiresAt ?? null,
    });
  }

  /** Ends the session here and returns the provider's end-session URL (or null). */
  async function endSession(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
    const found = await readSession(req, res);
    if (found === undefined) return null;
    await destroySession(res, found.sid);
    const session = found.session;
    if (session === undefined || session.idToken === '') return null;
    o.log('info', 'signed out', { sub: session.sub });
    try {
      const config = await providerConfig();
      if (config.serverMetadata().end_session_endpoint === undefined) return null;
      return client.buildEndSessionUrl(config, { id_token_hint: session.idToken, state: randomToken(), post_logout_redirect_uri: o.postLogoutRedirectUri }).href;
    } catch (error) {
      o.log('warn', 'no provider logout: the provider cannot be reached', describeError(error));
      return null;
    }
  }

  async function token(res: ServerResponse, req: IncomingMessage, query: URLSearchParams): Promise<void> {
    const audienceName = query.get('audience') ?? '';
    const audience = o.audiences.get(audienceName);
    if (audience === undefined) return sendJson(res, 400, { error: 'invalid_audience' });
    const lookup = await activeSession(req, res);
    if (lookup.kind === 'none') return sendJson(res, 401, { error: 'not_signed_in' });
    if (lookup.kind === 'expired') return sendJson(res, 401, { error: 'session_expired' });
    const { session } = lookup;
    const issuedAt = Math.floor(now() / 1000);
    const expiresAt = Math.min(issuedAt + audience.ttl, Math.floor(session.expiresAt / 1000));
    if (expiresAt <= issuedAt) return sendJson(res, 401, { error: 'session_expired' });
    const claims: JWTPayload = {};
    for (const name of audience.claims) {
      const value = session.user[name];
      if (value !== undefined && name !== 'sub') claims[name] = value;
    }
    if (session.acr !== undefined) claims.acr = session.acr;
    const accessToken = await mintToken(await signingKey(), { issuer: o.baseUrl, audience: audienceName, subject: session.sub, issuedAt, expiresAt, claims });
    sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresAt - issuedAt, audience: audienceName });
  }

  async function jwks(res: ServerResponse): Promise<void> {
    const key = await signingKey();
    sendJson(res, 200, { keys: [key.publicJwk] }, { 'Cache-Control': 'public, max-age=300' });
  }

  // ——— dispatch ———

  async function route(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const method = req.method ?? 'GET';
    const allow = (methods: string): void => sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: methods });
    switch (path) {
      case '/login':
        return method === 'GET' ? login(res, req, query) : allow('GET');
      case '/callback':
        return method === 'GET' ? callback(res, req, query) : allow('GET');
      case '/me':
        return method === 'GET' ? me(res, req) : allow('GET');
      case '/logout':
        if (method === 'POST') {
          if (!passesCsrfCheck(req)) return sendJson(res, 403, { error: 'csrf_check_failed' });
          return sendJson(res, 200, { redirect: await endSession(req, res) });
        }
        if (method === 'GET') {
          // The no-JavaScript fallback: a plain link, answered with a redirect.
          const returnTo = safeReturnTo(query.get('returnTo'));
          if (fromAnotherSite(req)) {
            // Another site cannot sign the user out (here or at the provider): back to the page only.
            o.log('warn', 'a GET logout from another site was ignored (CSRF)', { secFetchSite: req.headers['sec-fetch-site'] });
            return redirect(res, returnTo);
          }
          return redirect(res, (await endSession(req, res)) ?? returnTo);
        }
        return allow('GET, POST');
      case '/token':
        if (method !== 'GET') return allow('GET');
        if (!passesCsrfCheck(req)) return sendJson(res, 403, { error: 'csrf_check_failed' });
        return token(res, req, query);
      case '/jwks':
        return method === 'GET' ? jwks(res) : allow('GET');
      default:
        return sendJson(res, 404, { error: 'not_found' });
    }
  }

  const handler = async (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<boolean> => {
    let url: URL;
    try {
      // Express strips its mount path from req.url and keeps the full one in originalUrl.
      const raw = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
      url = new URL(raw.startsWith('/') ? raw : `/${raw}`, 'http://bff.invalid');
    } catch {
      next?.();
      return false;
    }
    const path = url.pathname;
    const ours = o.basePath === '' ? ROUTES.has(path) : path === o.basePath || path.startsWith(`${o.basePath}/`);
    if (!ours) {
      next?.();
      return false;
    }
    const subPath = path.slice(o.basePath.length);
    try {
      if (o.allowedOrigins.size > 0) res.setHeader('Vary', 'Origin');
      const origin = corsOrigin(req);
      if (origin !== undefined) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
      }
      if (req.method === 'OPTIONS') {
        if (origin !== undefined) {
          res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
          res.setHeader('Access-Control-Allow-Headers', 'X-Suite-Requested-With, Content-Type');
          res.setHeader('Access-Control-Max-Age', '600');
        }
        sendEmpty(res, 204);
        return true;
      }
      await route(req, res, subPath, url.searchParams);
    } catch (error) {
      try {
        o.log('error', `unexpected error on ${req.method ?? 'GET'} ${path}`, describeError(error));
        if (!res.headersSent) {
          if (subPath === '/callback' || subPath === '/login') redirect(res, withLoginResult(o.defaultReturnTo, { code: 'server_error' }));
          else sendJson(res, 500, { error: 'server_error' });
        } else if (!res.writableEnded) {
          res.end();
        }
      } catch {
        // A throwing logger or a broken response: nothing more can be said to this client.
        res.destroy();
      }
    }
    return true;
  };

  return Object.assign(handler, {
    basePath: o.basePath === '' ? '/' : o.basePath,
    close(): void {
      refreshes.clear();
      endedSessions.clear();
      ownStore?.close();
    },
  });
}
