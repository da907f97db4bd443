import { readStored, writeStored } from '@suite-widgets/core';
import type { AccessTokenOptions } from '@suite-widgets/core';
import type { OidcClient, RefreshState, SigninResponse } from 'oidc-client-ts';
import { checkedUrl, liveEvents, takeParams } from './auth.js';
import { CALLBACK_PARAMS, MARKER, POPUP_CHANNEL, POPUP_NAME, isCallback, ours } from './popup-callback.js';
import type { Auth, AuthEvents, AuthSession } from './auth.js';
import { LoginError, codeOf, toLoginError } from './errors.js';
import { TabSync } from './tab-sync.js';
import type { TabMessage } from './tab-sync.js';
import { userFromClaims } from './user.js';

export type TokenStorage = 'session' | 'local' | 'memory';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  scope: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Where tokens are kept: `session` (default, this tab), `local` (only when the integrator asks), `memory`. */
  storage: TokenStorage;
  popup: boolean;
  extraQueryParams: Record<string, string>;
  acrValues: string | undefined;
}

/** In the popup: hands the answer to the opener (which holds the PKCE state), then closes. */
export function forwardPopupCallback(): void {
  const message = { type: POPUP_CHANNEL, url: location.href };
  takeParams(CALLBACK_PARAMS, () => true);
  try {
    const channel = new BroadcastChannel(POPUP_CHANNEL);
    channel.postMessage(message);
    channel.close();
  } catch {
    // No BroadcastChannel: the opener hears it through postMessage below.
  }
  try {
    (window.opener as Window | null)?.postMessage(message, location.origin);
  } catch {
    // No opener (severed by Cross-Origin-Opener-Policy): the BroadcastChannel carried it.
  }
  setTimeout(() => window.close(), 100);
}

/**
 * The tabs' channel with a leader: one tab at a time (the holder of a Web Lock, while it lives)
 * renews the tokens, so two tabs never spend the same refresh token (oidc-client-ts #430); when
 * it closes, another tab takes over.
 */
class LeaderTabSync extends TabSync {
  #isLeader = false;
  #release: (() => void) | undefined;

  /** Whether this tab renews the tokens. Without Web Locks, every tab is its own leader. */
  get isLeader(): boolean {
    return this.#isLeader;
  }

  /**
   * Asks to become the leader; `onLeader` runs when this tab gets the lock. Resolves once it is
   * known whether the lock was free (this tab leads now) or held (it waits in line).
   */
  async lead(onLeader: () => void): Promise<void> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    const hold = () => {
      if (this.closed) return undefined;
      this.#isLeader = true;
      onLeader();
      // Held until this tab closes or the widget goes away.
      return new Promise<void>((resolve) => (this.#release = resolve));
    };
    if (!locks) {
      void hold();
      return;
    }
    try {
      const free = await new Promise<boolean>((resolve, reject) => {
        locks.request(`${this.name}:leader`, { ifAvailable: true }, (lock) => {
          resolve(Boolean(lock));
          return lock ? hold() : undefined;
        }).catch(reject);
      });
      if (!free && !this.closed) locks.request(`${this.name}:leader`, hold).catch(() => undefined);
    } catch {
      // Locks refused (an opaque origin): this tab leads alone.
      void hold();
    }
  }

  override close(): void {
    this.#isLeader = false;
    this.#release?.();
    super.close();
  }
}

/** The element's attributes for OIDC mode, as they are (checked here, in the OIDC chunk). */
export interface OidcAttributes {
  issuer: string | undefined;
  clientId: string | undefined;
  scope: string | undefined;
  redirectUri: string | undefined;
  postLogoutRedirectUri: string | undefined;
  storage: string | undefined;
  popup: boolean;
  acrValues: string | undefined;
  hints: Record<string, string | undefined>;
}

const STORAGES: readonly string[] = ['session', 'local', 'memory'];

/** OIDC mode from the element's attributes, or the configuration error they contain. */
export function createOidcAuth(attributes: OidcAttributes, events: AuthEvents): OidcAuth | LoginError {
  try {
    const { issuer, clientId } = attributes;
    if (!issuer) throw new LoginError('config', 'mode="oidc" needs issuer: the URL of the OpenID provider (or set bff-url for ProConnect)');
    if (!clientId?.trim()) throw new LoginError('config', 'mode="oidc" needs client-id: the public client registered at the provider');
    const redirectUri = attributes.redirectUri ? checkedUrl(attributes.redirectUri, 'redirect-uri', true) : `${location.origin}${location.pathname}`;
    let storage = attributes.storage ?? 'session';
    if (!STORAGES.includes(storage)) {
      console.error(`<suite-login> storage "${storage}" is not session, memory or local: tokens stay in sessionStorage`);
      storage = 'session';
    }
    const scopes = new Set((attributes.scope ?? 'openid profile email').split(/\s+/).filter(Boolean));
    scopes.add('openid');
    const extraQueryParams: Record<string, string> = {};
    for (const [name, value] of Object.entries(attributes.hints)) if (value) extraQueryParams[name] = value;
    return new OidcAuth(
      {
        issuer: checkedUrl(issuer, 'issuer', true, true),
        clientId: clientId.trim(),
        scope: [...scopes].join(' '),
        redirectUri,
        postLogoutRedirectUri: attributes.postLogoutRedirectUri ? checkedUrl(attributes.postLogoutRedirectUri, 'post-logout-redirect-uri', true) : redirectUri,
        storage: storage as TokenStorage,
        popup: attributes.popup,
        extraQueryParams,
        acrValues: attributes.acrValues,
      },
      events,
    );
  } catch (error) {
    return error instanceof LoginError ? error : new LoginError('config', String(error), { cause: error });
  }
}

/** The tokens as this widget stores them (never in localStorage unless `storage="local"`). */
interface Tokens {
  access_token: string;
  token_type: string;
  refresh_token?: string | undefined;
  id_token?: string | undefined;
  scope?: string | undefined;
  session_state: string | null;
  /** Seconds since the epoch, by this device's clock (from `expires_in`, so a skewed clock does not matter). */
  expires_at: number;
  /** When they were obtained, same clock: renewal comes at three quarters of the lifetime at most. */
  obtained_at: number;
  profile: Record<string, unknown>;
}

const now = () => Math.floor(Date.now() / 1000);
const memory = new Map<string, Tokens>();

/** Stored tokens as this widget writes them, or null when they were tampered with or are not ours. */
function valid(value: unknown): Tokens | null {
  const tokens = value as Partial<Tokens> | null | undefined;
  if (!tokens || typeof tokens.access_token !== 'string' || typeof tokens.expires_at !== 'number' || typeof tokens.obtained_at !== 'number' || !tokens.profile || typeof tokens.profile !== 'object') return null;
  return tokens as Tokens;
}

/**
 * When to renew, in ms: a minute before expiry, or after three quarters of a shorter lifetime.
 * A token is handed out until then; after, it is renewed first.
 */
function renewAt(tokens: Tokens): number {
  const lifetime = Math.max(0, tokens.expires_at - tokens.obtained_at);
  return (tokens.expires_at - Math.min(60, lifetime / 4)) * 1000;
}

/**
 * OIDC mode: a public client (authorization code + PKCE) with oidc-client-ts, loaded only when
 * it is needed (a sign-in, a callback, a renewal). Tokens stay in this tab's sessionStorage by
 * default; the tabs of the site share them over a BroadcastChannel, and only the leader tab spends
 * the refresh token (see TabSync).
 */
export class OidcAuth implements Auth {
  readonly #options: OidcOptions;
  readonly #events: AuthEvents;
  readonly #sync: LeaderTabSync;
  readonly #key: string;
  #client: Promise<OidcClient> | undefined;
  #probed: Promise<void> | undefined;
  #tokens: Tokens | null = null;
  #renewing: Promise<Tokens | null> | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  #waiters = new Set<() => void>();
  #cancelPopup: (() => void) | undefined;
  /** Counts sign-outs and expiries: a renewal that ends after one of them is thrown away. */
  #epoch = 0;
  #disposed = false;

  constructor(options: OidcOptions, events: AuthEvents) {
    this.#options = options;
    this.#events = liveEvents(events, () => !this.#disposed);
    this.#key = `suite-login:${options.issuer}:${options.clientId}`;
    this.#sync = new LeaderTabSync(this.#key, (message) => this.#onMessage(message));
  }

  async restore(): Promise<AuthSession | null> {
    const leading = this.#sync.lead(() => this.#schedule());
    const params = new URL(location.href).searchParams;
    if (isCallback(params)) {
      const url = location.href;
      takeParams(CALLBACK_PARAMS, () => true);
      const client = await this.#loadClient();
      return { ...this.#signedIn(await this.#process(() => client.processSigninResponse(url))), fresh: true };
    }
    // Back from the provider's logout: only the state is left to remove.
    if (ours(params)) takeParams(['state'], () => true);
    await leading;
    const stored = this.#read();
    if (stored) {
      this.#tokens = stored;
      this.#schedule();
      return this.#session(stored);
    }
    return this.#askOtherTabs();
  }

  /** A new tab asks the open ones for the session; they answer at once if they have one. */
  #askOtherTabs(): Promise<AuthSession | null> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve(this.#tokens ? this.#session(this.#tokens) : null);
      };
      const timer = setTimeout(done, 300);
      this.#waiters.add(done);
      this.#sync.post({ type: 'hello' });
    });
  }

  async signIn(): Promise<AuthSession | 'redirecting' | null> {
    // The popup opens now, in the click's task, or the browser blocks it.
    const popup = this.#options.popup ? window.open('', POPUP_NAME, 'popup=yes,width=520,height=720') : null;
    if (this.#options.popup && !popup) throw new LoginError('popup_blocked', 'the browser blocked the sign-in pop-up window');
    let cancelled = false;
    // Cancel works from the start, while the library loads and the provider is checked.
    this.#cancelPopup = () => {
      cancelled = true;
      popup?.close();
    };
    try {
      const client = await this.#loadClient();
      await this.#probe(client);
      const request = await client.createSigninRequest({ request_type: popup ? 'si:p' : 'si:r', url_state: MARKER });
      if (cancelled) return null;
      if (!popup) {
        location.assign(request.url);
        return 'redirecting';
      }
      popup.location.href = request.url;
      const url = await this.#waitForPopup(popup, request.state.id);
      if (!url) return null;
      return this.#signedIn(await this.#process(() => client.processSigninResponse(url)));
    } catch (error) {
      popup?.close();
      throw this.#mapError(error, 'sign-in failed');
    } finally {
      this.#cancelPopup = undefined;
    }
  }

  /** Cancels a sign-in in a popup (the popup closes). */
  cancel(): void {
    this.#cancelPopup?.();
  }

  /** The answer for this popup's sign-in (`stateId`): another tab's popup answers on the same channel. */
  #waitForPopup(popup: Window, stateId: string): Promise<string | null> {
    return new Promise((resolve) => {
      let channel: BroadcastChannel | undefined;
      let closedSince = 0;
      const finish = (url: string | null) => {
        clearInterval(timer);
        window.removeEventListener('message', onMessage);
        channel?.close();
        this.#cancelPopup = undefined;
        resolve(url);
      };
      const onMessage = (event: MessageEvent<{ type?: string; url?: unknown }>) => {
        if (event.origin && event.origin !== location.origin) return;
        const url = event.data?.url;
        if (event.data?.type !== POPUP_CHANNEL || typeof url !== 'string') return;
        if (new URL(url).searchParams.get('state')?.startsWith(`${stateId};`)) finish(url);
      };
      try {
        channel = new BroadcastChannel(POPUP_CHANNEL);
        channel.onmessage = onMessage;
      } catch {
        // postMessage from the opener handle is enough.
      }
      window.addEventListener('message', onMessage);
      // A closed popup is a cancel, once its last message has had time to arrive (oidc-client-ts
      // #2043: its own popup never rejects when the user closes it).
      const timer = setInterval(() => {
        if (!popup.closed) return;
        closedSince ||= Date.now();
        if (Date.now() - closedSince > 1000) finish(null);
      }, 250);
      this.#cancelPopup = () => {
        popup.close();
        finish(null);
      };
    });
  }

  async signOut(): Promise<void> {
    const tokens = this.#tokens;
    this.#forget();
    this.#sync.post({ type: 'signed-out' });
    if (!tokens) return;
    const client = await this.#loadClient().catch(() => undefined);
    if (!client) return;
    if (tokens.refresh_token) {
      // Best effort: a refresh token that may have been copied is useless after this.
      await Promise.race([client.revokeToken(tokens.refresh_token, 'refresh_token'), new Promise((resolve) => setTimeout(resolve, 3000))]).catch(() => undefined);
    }
    try {
      const request = await client.createSignoutRequest({ id_token_hint: tokens.id_token, url_state: MARKER });
      location.assign(request.url);
    } catch {
      // No end_session_endpoint, or the provider is down: signed out on this site only.
    }
  }

  async check(): Promise<AuthSession | 'expired' | null> {
    if (!this.#tokens) return null;
    if (Date.now() < renewAt(this.#tokens)) return this.#session(this.#tokens);
    const tokens = await this.#fresh();
    return tokens ? this.#session(tokens) : this.#tokens ? this.#session(this.#tokens) : 'expired';
  }

  async getAccessToken(_audience?: string, options: AccessTokenOptions = {}): Promise<string | null> {
    const tokens = this.#tokens;
    if (!tokens) return null;
    if (!options.forceRefresh && Date.now() < renewAt(tokens)) return tokens.access_token;
    return (await this.#fresh(options.forceRefresh))?.access_token ?? null;
  }

  /**
   * New tokens: the leader renews them; another tab asks the leader and waits for an answer newer
   * than what it holds (or, unless forced, one that is still good).
   */
  #fresh(force = false): Promise<Tokens | null> {
    if (this.#sync.isLeader) return this.#renew(force);
    const before = this.#tokens;
    return new Promise((resolve) => {
      const done = (tokens: Tokens | null) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(tokens);
      };
      const check = () => {
        const tokens = this.#tokens;
        if (tokens && (!before || tokens.obtained_at > before.obtained_at || (!force && Date.now() < renewAt(tokens)))) done(tokens);
      };
      const timer = setTimeout(() => done(null), 10_000);
      this.#waiters.add(check);
      this.#sync.post({ type: 'need-token', force, have: before?.obtained_at ?? 0 });
    });
  }

  #renew(force = false): Promise<Tokens | null> {
    this.#renewing ??= (async () => {
      const tokens = this.#tokens;
      if (!tokens) return null;
      if (!force && Date.now() < renewAt(tokens)) return tokens;
      if (!tokens.refresh_token) {
        this.#expire('the provider gave no refresh token, and the access token has expired');
        return null;
      }
      const epoch = this.#epoch;
      const client = await this.#loadClient();
      const state: Pick<RefreshState, 'refresh_token' | 'id_token' | 'session_state' | 'scope' | 'profile'> = {
        refresh_token: tokens.refresh_token,
        id_token: tokens.id_token,
        session_state: tokens.session_state,
        scope: tokens.scope,
        profile: tokens.profile as RefreshState['profile'],
      };
      try {
        const response = await client.useRefreshToken({ state: state, timeoutInSeconds: 15 });
        const renewed = this.#store(response, tokens);
        this.#sync.post({ type: 'session', data: JSON.stringify(renewed), reason: 'renewed' });
        this.#events.session(this.#session(renewed));
        return renewed;
      } catch (error) {
        if (epoch !== this.#epoch || this.#disposed) return null;
        const failure = this.#mapError(error, 'token renewal failed');
        if (failure.kind === 'auth' || failure.code === 'login_required') {
          this.#expire(`the refresh token was refused (${failure.code}: ${failure.message})`);
          return null;
        }
        throw failure;
      }
    })().finally(() => {
      this.#renewing = undefined;
      this.#schedule();
    });
    return this.#renewing;
  }

  /** The leader renews a little before expiry. */
  #schedule(): void {
    clearTimeout(this.#renewTimer);
    if (!this.#sync.isLeader || !this.#tokens) return;
    const delay = Math.max(0, renewAt(this.#tokens) - Date.now());
    this.#renewTimer = setTimeout(() => {
      this.#renew().catch((error: unknown) => {
        // A transient failure (network, provider down): try again in 30 s while the token lives.
        console.warn('<suite-login> token renewal failed, trying again in 30 s:', error);
        clearTimeout(this.#renewTimer);
        this.#renewTimer = setTimeout(() => this.#schedule(), 30_000);
      });
    }, Math.min(delay, 2 ** 31 - 1));
  }

  #expire(reason: string): void {
    this.#forget();
    this.#sync.post({ type: 'expired' });
    this.#events.expired(reason);
  }

  #onMessage(message: TabMessage): void {
    switch (message.type) {
      case 'hello':
        if (this.#tokens) this.#sync.post({ type: 'session', data: JSON.stringify(this.#tokens), reason: 'reply' });
        break;
      case 'need-token': {
        const tokens = this.#tokens;
        if (!this.#sync.isLeader || !tokens) break;
        // Forced (a backend refused the token that tab holds, which is still this one): renew.
        if (message.force && message.have === tokens.obtained_at) this.#renew(true).catch(() => undefined);
        else if (Date.now() < renewAt(tokens)) this.#sync.post({ type: 'session', data: JSON.stringify(tokens), reason: 'reply' });
        else this.#renew().catch(() => undefined);
        break;
      }
      case 'session': {
        const tokens = this.#parse(message.data);
        // An answer older than what this tab holds is ignored.
        if (!tokens || (this.#tokens && tokens.obtained_at < this.#tokens.obtained_at)) break;
        this.#tokens = tokens;
        this.#write(tokens);
        this.#schedule();
        for (const waiter of [...this.#waiters]) waiter();
        this.#events.session(this.#session(tokens));
        break;
      }
      case 'signed-out':
        this.#forget();
        this.#events.signedOut();
        break;
      case 'expired':
        this.#forget();
        this.#events.expired('another tab found that the session cannot be renewed');
        break;
      default:
        break;
    }
  }

  #signedIn(response: SigninResponse): AuthSession {
    const tokens = this.#store(response, null);
    this.#sync.post({ type: 'session', data: JSON.stringify(tokens), reason: 'signed-in' });
    return this.#session(tokens);
  }

  #store(response: SigninResponse, previous: Tokens | null): Tokens {
    const obtained = now();
    const tokens: Tokens = {
      access_token: response.access_token,
      token_type: response.token_type || 'Bearer',
      refresh_token: response.refresh_token ?? previous?.refresh_token,
      id_token: response.id_token ?? previous?.id_token,
      scope: response.scope ?? previous?.scope,
      session_state: response.session_state ?? previous?.session_state ?? null,
      expires_at: obtained + (response.expires_in ?? 300),
      obtained_at: obtained,
      profile: { ...previous?.profile, ...(response.profile as Record<string, unknown>) },
    };
    this.#tokens = tokens;
    this.#write(tokens);
    this.#schedule();
    return tokens;
  }

  #session(tokens: Tokens): AuthSession {
    const session: AuthSession = { user: userFromClaims(tokens.profile), checkAt: renewAt(tokens) };
    if (typeof tokens.profile.acr === 'string') session.acr = tokens.profile.acr;
    return session;
  }

  #forget(): void {
    this.#epoch++;
    clearTimeout(this.#renewTimer);
    this.#tokens = null;
    this.#write(null);
  }

  #read(): Tokens | null {
    const { storage } = this.#options;
    return valid(storage === 'memory' ? memory.get(this.#key) : readStored(storage, this.#key));
  }

  /** Tokens another tab sent, or null when they are not what this widget writes. */
  #parse(raw: string): Tokens | null {
    try {
      return valid(JSON.parse(raw));
    } catch {
      return null;
    }
  }

  #write(tokens: Tokens | null): void {
    const { storage } = this.#options;
    if (storage !== 'memory') writeStored(storage, this.#key, tokens ?? undefined);
    else if (tokens) memory.set(this.#key, tokens);
    else memory.delete(this.#key);
  }

  #loadClient(): Promise<OidcClient> {
    this.#client ??= import('oidc-client-ts').then(
      ({ OidcClient, WebStorageStateStore }) =>
        new OidcClient({
          authority: this.#options.issuer,
          client_id: this.#options.clientId,
          redirect_uri: this.#options.redirectUri,
          post_logout_redirect_uri: this.#options.postLogoutRedirectUri,
          scope: this.#options.scope,
          response_type: 'code',
          // The claims come from the id_token; the access token is for the site's backends.
          loadUserInfo: false,
          filterProtocolClaims: ['nbf', 'jti', 'auth_time', 'nonce', 'azp', 'at_hash'],
          // The PKCE verifier and state survive the redirect in this tab only.
          stateStore: new WebStorageStateStore({ store: sessionStorage, prefix: 'suite-login.' }),
          requestTimeoutInSeconds: 15,
          extraQueryParams: this.#options.extraQueryParams,
          ...(this.#options.acrValues ? { acr_values: this.#options.acrValues } : {}),
        }),
      (error: unknown) => {
        this.#client = undefined;
        throw new LoginError('provider_unreachable', `the OIDC library could not be loaded: ${String(error)}`, { cause: error });
      },
    );
    return this.#client;
  }

  /**
   * Catches configuration mistakes before the user leaves the page: the issuer must serve its
   * discovery document under its own name, and the provider must know the client id (its token
   * endpoint answers `invalid_client` to an unknown client, `invalid_grant` to a known one).
   */
  #probe(client: OidcClient): Promise<void> {
    this.#probed ??= (async () => {
      const { issuer, clientId, redirectUri } = this.#options;
      let metadata;
      try {
        metadata = await client.metadataService.getMetadata();
      } catch (error) {
        if (error instanceof TypeError || (error instanceof Error && error.name === 'ErrorTimeout')) {
          throw new LoginError('provider_unreachable', `the issuer ${issuer} cannot be reached (${error.message})`, { cause: error });
        }
        throw new LoginError('config', `issuer "${issuer}" does not serve an OpenID discovery document at ${issuer.replace(/\/$/, '')}/.well-known/openid-configuration (${String(error)})`, { cause: error });
      }
      if (!metadata || typeof metadata.authorization_endpoint !== 'string' || typeof metadata.token_endpoint !== 'string') {
        throw new LoginError('config', `the discovery document of ${issuer} has no authorization_endpoint or token_endpoint`);
      }
      if (metadata.issuer && metadata.issuer.replace(/\/$/, '') !== issuer.replace(/\/$/, '')) {
        throw new LoginError('config', `issuer "${issuer}" is wrong: its discovery document names the issuer "${metadata.issuer}"`);
      }
      let answer: { error?: string };
      try {
        const response = await fetch(metadata.token_endpoint, {
          method: 'POST',
          signal: AbortSignal.timeout(15_000),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', code: 'suite-login-probe', redirect_uri: redirectUri, client_id: clientId, code_verifier: 'suite-login-probe-'.padEnd(43, '0') }),
        });
        answer = (await response.json().catch(() => ({}))) as { error?: string };
      } catch (error) {
        throw new LoginError('origin_refused', `the token endpoint of ${issuer} refuses calls from ${location.origin} (CORS): register a redirect URI on this origin for client "${clientId}"`, { cause: error });
      }
      if (answer.error === 'invalid_client') {
        throw new LoginError('invalid_client', `client-id "${clientId}" is not known to ${issuer} (its token endpoint answered invalid_client)`);
      }
    })();
    this.#probed.catch(() => (this.#probed = undefined));
    return this.#probed;
  }

  async #process(run: () => Promise<SigninResponse>): Promise<SigninResponse> {
    try {
      return await run();
    } catch (error) {
      throw this.#mapError(error, 'the sign-in answer was refused');
    }
  }

  #mapError(error: unknown, context: string): LoginError {
    if (error instanceof LoginError) return error;
    const { error: code, error_description: description } = (error ?? {}) as { error?: string; error_description?: string | null };
    if (typeof code === 'string') return new LoginError(codeOf(code), `${context}: the provider answered "${code}"`, { description, cause: error });
    const message = error instanceof Error ? error.message : String(error);
    if (/no matching state/i.test(message)) return new LoginError('state_mismatch', `${context}: the answer's state matches no sign-in started in this tab`, { cause: error });
    if (/\b(iat|exp|nbf)\b|in the future|expired/i.test(message)) return new LoginError('clock_skew', `${context}: ${message}`, { cause: error });
    if (/issuer|audience|nonce|sub\b|signature|id_token/i.test(message)) return new LoginError('invalid_token', `${context}: ${message}`, { cause: error });
    return toLoginError(error, context);
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#renewTimer);
    this.#cancelPopup?.();
    this.#sync.close();
  }
}
