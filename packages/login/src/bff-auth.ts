import { request, SuiteError } from '@suite-widgets/core';
import type { AccessTokenOptions } from '@suite-widgets/core';
import { currentUrl, liveEvents, takeParams } from './auth.js';
import type { Auth, AuthEvents, AuthSession } from './auth.js';
import { LoginError, codeOf, toLoginError } from './errors.js';
import { TabSync } from './tab-sync.js';
import type { TabMessage } from './tab-sync.js';
import { userFromClaims } from './user.js';

const ERROR_PARAMS = ['suite-login-error', 'suite-login-error-description'];
/** Added to `returnTo`: the page knows it comes back from a sign-in, and tells the other tabs. */
const RETURN_PARAM = 'suite-login';
/** The header the BFF asks for on state-changing and token calls (CSRF defence). */
const REQUESTED_WITH = { 'X-Suite-Requested-With': 'fetch' };
/** A token is handed out again while it has this long to live. */
const TOKEN_MARGIN = 30_000;

export interface BffOptions {
  /** The BFF's base URL (absolute, without a trailing slash). */
  url: string;
  /** Passed to the provider through the BFF: ProConnect's `idp_hint`, `siret_hint`, `login_hint`. */
  hints: Record<string, string | undefined>;
}

interface MeAnswer {
  user?: Record<string, unknown>;
  acr?: string;
  expiresAt?: number;
  accessTokenExpiresAt?: number;
}

/**
 * BFF mode (ProConnect): the host site's backend-for-frontend signs in as a confidential client
 * and keeps the tokens; the browser holds only its httpOnly session cookie. Routes: `login`,
 * `callback`, `me`, `logout`, `token?audience=`.
 */
export class BffAuth implements Auth {
  readonly #options: BffOptions;
  readonly #events: AuthEvents;
  readonly #sync: TabSync;
  readonly #tokens = new Map<string, Promise<{ token: string; expiresAt: number } | null>>();
  #disposed = false;

  constructor(options: BffOptions, events: AuthEvents) {
    this.#options = options;
    this.#events = liveEvents(events, () => !this.#disposed);
    this.#sync = new TabSync(`suite-login:bff:${options.url}`, (message) => this.#onMessage(message));
  }

  async restore(): Promise<AuthSession | 'expired' | null> {
    const back = takeParams([RETURN_PARAM, ...ERROR_PARAMS], (params) => params.has(RETURN_PARAM) || params.has(ERROR_PARAMS[0]));
    const failed = back?.has(ERROR_PARAMS[0]) ? back : null;
    if (failed) {
      const code = failed.get(ERROR_PARAMS[0]);
      throw new LoginError(codeOf(code), `the BFF's callback failed with "${code}"`, { description: failed.get(ERROR_PARAMS[1]) });
    }
    const session = await this.check();
    if (back && session === null) {
      // The BFF signed the user in, but its cookie did not come back with /me.
      throw new LoginError('config', `back from the BFF's callback, but ${this.#options.url}/me says signed out: the session cookie was not sent (bff-url on another site? third-party cookies blocked?)`);
    }
    if (back && session && session !== 'expired') {
      this.#sync.post({ type: 'signed-in' });
      return { ...session, fresh: true };
    }
    return session;
  }

  async check(): Promise<AuthSession | 'expired' | null> {
    let answer: MeAnswer;
    try {
      const response = await request(`${this.#options.url}/me`, { credentials: 'include', headers: REQUESTED_WITH, timeout: 10_000, retries: 1 });
      answer = (await response.json()) as MeAnswer;
    } catch (error) {
      return this.#notSignedIn(error);
    }
    if (!answer || typeof answer !== 'object' || !answer.user || typeof answer.user.sub !== 'string') {
      throw new LoginError('protocol', `${this.#options.url}/me did not answer {user: {sub, …}}`);
    }
    // The next look: before the server session ends or its access token is due (the BFF renews
    // then); a deadline already past (no refresh token, provider down, a clock ahead) waits a minute.
    const now = Date.now();
    const checkAt = Math.min(
      now + 3_600_000,
      ...[answer.expiresAt, answer.accessTokenExpiresAt ? answer.accessTokenExpiresAt - 30_000 : undefined].filter((value): value is number => typeof value === 'number' && value > now),
    );
    const session: AuthSession = { user: userFromClaims(answer.user) };
    if (typeof answer.acr === 'string') session.acr = answer.acr;
    session.checkAt = checkAt > now + 5_000 ? checkAt : now + 60_000;
    return session;
  }

  /** A 401 from `me` is an answer (signed out or expired); anything else is a failure. */
  async #notSignedIn(error: unknown): Promise<'expired' | null> {
    const failure = SuiteError.from(error);
    if (failure.kind !== 'auth') {
      if (failure.status === 404) {
        throw new LoginError('config', `bff-url "${this.#options.url}" does not look like a backend-for-frontend: ${this.#options.url}/me answered 404`, { cause: error, status: 404 });
      }
      throw toLoginError(error, `the BFF at ${this.#options.url} cannot be reached`);
    }
    const body = failure.cause instanceof Response ? ((await failure.cause.json().catch(() => ({}))) as { error?: string }) : {};
    this.#tokens.clear();
    return body.error === 'session_expired' ? 'expired' : null;
  }

  signIn(): Promise<'redirecting'> {
    const url = new URL(`${this.#options.url}/login`);
    const returnTo = new URL(currentUrl([RETURN_PARAM, ...ERROR_PARAMS]));
    returnTo.searchParams.set(RETURN_PARAM, 'callback');
    url.searchParams.set('returnTo', returnTo.href);
    for (const [name, value] of Object.entries(this.#options.hints)) if (value) url.searchParams.set(name, value);
    location.assign(url.href);
    return Promise.resolve('redirecting');
  }

  /** Throws when the BFF could not end the session: the user is then still signed in there. */
  async signOut(): Promise<void> {
    this.#tokens.clear();
    const response = await request(`${this.#options.url}/logout`, { method: 'POST', credentials: 'include', headers: REQUESTED_WITH, timeout: 10_000 });
    const redirect = ((await response.json().catch(() => ({}))) as { redirect?: string | null }).redirect ?? null;
    this.#sync.post({ type: 'signed-out' });
    if (redirect && /^https?:/i.test(redirect)) location.assign(redirect);
  }

  getAccessToken(audience = 'default', options: AccessTokenOptions = {}): Promise<string | null> {
    const cached = this.#tokens.get(audience);
    if (cached && !options.forceRefresh) {
      return cached.then((entry) => (entry && entry.expiresAt - TOKEN_MARGIN > Date.now() ? entry.token : this.#fetchToken(audience)));
    }
    return this.#fetchToken(audience);
  }

  #fetchToken(audience: string): Promise<string | null> {
    const pending = (async () => {
      const url = `${this.#options.url}/token?audience=${encodeURIComponent(audience)}`;
      try {
        const response = await request(url, { credentials: 'include', headers: REQUESTED_WITH, timeout: 10_000, retries: 1 });
        const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
        if (typeof body.access_token !== 'string') throw new LoginError('protocol', `${url} did not answer {access_token}`);
        return { token: body.access_token, expiresAt: Date.now() + (typeof body.expires_in === 'number' ? body.expires_in : 60) * 1000 };
      } catch (error) {
        this.#tokens.delete(audience);
        if (SuiteError.from(error).kind === 'auth') {
          // The server session ended: every widget must stop, and the user sign in again.
          this.#events.expired('the BFF refused the token request (401)');
          return null;
        }
        throw error;
      }
    })();
    const entry = pending.catch(() => null);
    this.#tokens.set(audience, entry);
    return pending.then((value) => value?.token ?? null);
  }

  #onMessage(message: TabMessage): void {
    if (message.type === 'signed-out' || message.type === 'signed-in') {
      // Another tab signed in or out: the server says what is true now.
      this.#tokens.clear();
      this.check().then(
        (session) =>
          session === 'expired' ? this.#events.expired('expired (seen by another tab)') : session ? this.#events.session(session) : this.#events.signedOut(),
        () => undefined,
      );
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#sync.close();
  }
}
