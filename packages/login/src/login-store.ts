import { getSession } from '@suite-widgets/core';
import type { AccessTokenOptions, SessionProvider, SessionState, SessionUser } from '@suite-widgets/core';
import type { Auth, AuthEvents, AuthSession } from './auth.js';
import { LoginError, toLoginError } from './errors.js';

/** What the widget shows. `restoring`: the page has just loaded and the session is being read. */
export type LoginStatus = 'restoring' | 'signed-out' | 'signing-in' | 'signed-in' | 'signing-out' | 'expired' | 'error';

/** What the store tells its view, besides re-rendering. */
export interface LoginStoreHost {
  changed(): void;
  /** A transition the page hears about (events) and a screen reader announces. */
  transition(what: 'signed-in' | 'signed-out' | 'expired' | 'cancelled' | 'error', detail: { user?: SessionUser; reason?: string; error?: LoginError; initial?: boolean }): void;
}

/** The page session's state for a status: the widget's own in-between steps are not the page's business. */
const sessionState = (status: LoginStatus): SessionState => (status === 'restoring' ? 'unknown' : status === 'signing-out' ? 'signed-in' : status);

const ENDED = 'the session ended at the server';

/** The store that last published to the page session: only it clears the session when it goes. */
let lastPublisher: WeakRef<LoginStore> | undefined;

/**
 * The sign-in state of one `<suite-login>`: it drives an Auth (BFF or OIDC), renews and checks the
 * session on time, and publishes the user and `getAccessToken()` to the page session that every
 * other widget reads.
 */
export class LoginStore {
  status: LoginStatus = 'restoring';
  user: SessionUser | null = null;
  acr: string | undefined;
  error: LoginError | null = null;

  readonly #host: LoginStoreHost;
  #auth: Auth | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #checkAt = 0;
  #checkedAt = 0;
  #generation = 0;
  readonly #provider: SessionProvider = {
    getAccessToken: (audience?: string, options?: AccessTokenOptions) => this.getAccessToken(audience, options),
    signIn: () => this.signIn(),
    signOut: () => this.signOut(),
  };

  constructor(host: LoginStoreHost) {
    this.#host = host;
  }

  /** The events an Auth raises between calls: another tab, a renewal, an expiry. */
  readonly events: AuthEvents = {
    session: (session) => {
      // While restoring, restore() itself shows the session (once).
      if (this.status === 'restoring') return;
      const wasSignedIn = this.status === 'signed-in';
      this.#show(session);
      if (!wasSignedIn) this.#host.transition('signed-in', { user: session.user });
    },
    signedOut: () => {
      if (this.status === 'signed-out') return;
      this.#set('signed-out', null);
      this.#host.transition('signed-out', { reason: 'other-tab' });
    },
    expired: (reason) => this.#expired(reason),
  };

  /** Starts with a configured Auth, or shows why there is none. */
  start(created: Auth | LoginError | Promise<Auth | LoginError>): void {
    this.stop();
    const generation = ++this.#generation;
    this.#set('restoring', null);
    Promise.resolve(created)
      .then((auth) => {
        if (generation !== this.#generation) {
          if (!(auth instanceof LoginError)) auth.dispose();
          return;
        }
        if (auth instanceof LoginError) throw auth;
        this.#auth = auth;
        return this.#restore(auth, generation);
      })
      .catch((error: unknown) => generation === this.#generation && this.#fail(toLoginError(error, 'the session could not be read'), true));
    document.addEventListener('visibilitychange', this.#onVisible);
  }

  #restore(auth: Auth, generation: number): Promise<void> {
    return auth.restore().then(
      (session) => {
        if (generation !== this.#generation) return;
        if (session === 'expired') {
          this.#expired(ENDED);
        } else if (session) {
          this.#show(session);
          this.#host.transition('signed-in', { user: session.user, initial: !session.fresh });
        } else if (this.status === 'restoring') {
          this.#set('signed-out', null);
        }
      },
    );
  }

  stop(): void {
    this.#generation++;
    clearTimeout(this.#timer);
    document.removeEventListener('visibilitychange', this.#onVisible);
    this.#auth?.dispose();
    this.#auth = null;
    // Nothing is known any more until the next start.
    this.status = 'restoring';
    this.user = null;
    if (lastPublisher?.deref() === this) {
      lastPublisher = undefined;
      getSession().publish({ state: 'unknown', user: null }, null);
    }
  }

  async signIn(): Promise<void> {
    const auth = this.#auth;
    if (!auth || this.status === 'signing-in') return;
    const before = this.status;
    this.#set('signing-in', this.user);
    try {
      const session = await auth.signIn();
      if (this.#auth !== auth) return;
      if (session === 'redirecting') {
        this.#comeBackIfStaying(auth, before);
        return;
      }
      if (session) {
        this.#show(session);
        this.#host.transition('signed-in', { user: session.user });
      } else if ((this.status as LoginStatus) === 'signing-in') {
        // A popup closed before the end: back to where the user was.
        this.#set(before === 'expired' ? 'expired' : 'signed-out', null);
        this.#host.transition('cancelled', {});
      }
    } catch (error) {
      if (this.#auth === auth) this.#fail(toLoginError(error, 'sign-in failed'));
    }
  }

  /**
   * The page was to leave for the provider but did not (the host's "leave this page?" prompt was
   * answered no), or came back from the browser's back-forward cache: back to where it was.
   */
  #comeBackIfStaying(auth: Auth, before: LoginStatus): void {
    const restore = () => {
      clearTimeout(timer);
      window.removeEventListener('pagehide', leaving);
      if (this.#auth === auth && this.status === 'signing-in') this.#set(before === 'expired' ? 'expired' : 'signed-out', null);
    };
    const leaving = () => clearTimeout(timer);
    const timer = setTimeout(restore, 10_000);
    window.addEventListener('pagehide', leaving, { once: true });
    window.addEventListener('pageshow', (event) => event.persisted && restore(), { once: true });
  }

  cancel(): void {
    this.#auth?.cancel?.();
  }

  async signOut(): Promise<void> {
    const auth = this.#auth;
    if (!auth || this.status !== 'signed-in') return;
    const user = this.user;
    this.#set('signing-out', user);
    try {
      await auth.signOut();
    } catch (error) {
      // Still signed in at the server: say so rather than pretend (a shared computer).
      if (this.#auth === auth) this.#fail(toLoginError(error, 'signing out failed'));
      return;
    }
    if (this.#auth !== auth) return;
    this.#set('signed-out', null);
    this.#host.transition('signed-out', { reason: 'user' });
  }

  /**
   * Retry after an error. A refused sign-in is tried again at once (in the click's task, so a
   * popup may open); anything else (configuration, provider down) is read again from the start.
   */
  retry(recreate: () => Auth | LoginError | Promise<Auth | LoginError>): void {
    const failed = this.error;
    if (this.#auth && failed && !['config', 'invalid_client', 'origin_refused', 'provider_unreachable', 'protocol', 'server_error'].includes(failed.code)) {
      void this.signIn();
      return;
    }
    this.start(recreate());
  }

  async getAccessToken(audience?: string, options?: AccessTokenOptions): Promise<string | null> {
    if (!this.#auth || this.status !== 'signed-in') return null;
    try {
      return await this.#auth.getAccessToken(audience, options);
    } catch (error) {
      console.error(`<suite-login> no access token for ${audience ?? 'the default audience'}:`, error);
      return null;
    }
  }

  #show(session: AuthSession): void {
    this.acr = session.acr;
    this.#set('signed-in', session.user);
    this.#checkAt = session.checkAt ?? 0;
    this.#plan();
  }

  /** Checks the session again when it is due (renewal, server session end). */
  #plan(): void {
    clearTimeout(this.#timer);
    if (!this.#checkAt || this.status !== 'signed-in') return;
    // At most one check every 5 s, whatever a server with very short tokens asks for.
    const delay = Math.min(Math.max(0, this.#checkAt - Date.now(), this.#checkedAt + 5000 - Date.now()), 2 ** 31 - 1);
    this.#timer = setTimeout(() => void this.#check(), delay);
  }

  async #check(): Promise<void> {
    const auth = this.#auth;
    if (!auth || this.status !== 'signed-in') return;
    this.#checkedAt = Date.now();
    try {
      const result = await auth.check();
      if (this.#auth !== auth || this.status !== 'signed-in') return;
      if (result === 'expired') this.#expired(ENDED);
      else if (result) this.#show(result);
      else this.events.signedOut();
    } catch (error) {
      // Offline for a moment: look again in 30 s; the user stays signed in meanwhile.
      console.warn('<suite-login> the session could not be checked, trying again in 30 s:', error);
      this.#checkAt = Date.now() + 30_000;
      this.#plan();
    }
  }

  /** Back to a tab after a while (timers are slowed in hidden tabs): check if it is overdue. */
  readonly #onVisible = () => {
    if (document.visibilityState === 'visible' && this.#checkAt && Date.now() >= this.#checkAt) void this.#check();
  };

  #expired(reason: string): void {
    if (this.status === 'expired') return;
    clearTimeout(this.#timer);
    this.#set('expired', null);
    this.#host.transition('expired', { reason });
  }

  #fail(error: LoginError, initial = false): void {
    this.error = error;
    this.#set('error', null);
    this.#host.transition('error', { error, initial });
  }

  #set(status: LoginStatus, user: SessionUser | null): void {
    this.status = status;
    this.user = user;
    if (status !== 'error') this.error = null;
    lastPublisher = new WeakRef(this);
    getSession().publish({ state: sessionState(status), user }, this.#provider);
    this.#host.changed();
  }
}
