/**
 * The page session: who is signed in on this page and how a widget gets credentials for its
 * backend. `<suite-login>` fills it; mail, chat and file widgets read it, with no attribute.
 * It lives on a `globalThis` key so that two copies of the library on one page share it, and
 * only plain data and functions cross between copies (never `instanceof`).
 */
export type SessionState = 'unknown' | 'signed-out' | 'signing-in' | 'signed-in' | 'expired' | 'error';

export interface SessionUser {
  /** The stable subject identifier. */
  sub: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  organization?: string;
  siret?: string;
  /** Every claim as the provider sent it. */
  claims?: Record<string, unknown>;
}

/** Options of `getAccessToken`. */
export interface AccessTokenOptions {
  /**
   * The backend refused the last token (a 401): get a new one instead of the one in hand. When
   * none can be had, the session becomes `expired` and the sign-in widget asks the user to sign in again.
   */
  forceRefresh?: boolean;
}

/** What a sign-in widget provides to the session. */
export interface SessionProvider {
  /** An access token for `audience` (a backend name or URL), or null when none can be had. */
  getAccessToken(audience?: string, options?: AccessTokenOptions): Promise<string | null>;
  /** Starts a sign-in (a redirect or a popup). */
  signIn?(): Promise<void> | void;
  /** Signs out on this page and, where the provider can, everywhere. */
  signOut?(): Promise<void> | void;
}

export interface SessionSnapshot {
  state: SessionState;
  user: SessionUser | null;
}

export interface Session {
  readonly state: SessionState;
  readonly user: SessionUser | null;
  /**
   * Resolves to a token for `audience`, or null when nobody is signed in. After a 401 from its
   * backend, a widget asks again with `{forceRefresh: true}`.
   */
  getAccessToken(audience?: string, options?: AccessTokenOptions): Promise<string | null>;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  /** Called by a sign-in widget when the state, the user or the provider changes. */
  publish(snapshot: SessionSnapshot, provider?: SessionProvider | null): void;
  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: (snapshot: SessionSnapshot) => void): () => void;
}

const SESSION_KEY = Symbol.for('@suite-widgets/session@1');

class PageSession implements Session {
  state: SessionState = 'unknown';
  user: SessionUser | null = null;
  private provider: SessionProvider | null = null;
  private readonly listeners = new Set<(snapshot: SessionSnapshot) => void>();

  async getAccessToken(audience?: string, options?: AccessTokenOptions): Promise<string | null> {
    if (!this.provider || this.state !== 'signed-in') return null;
    return this.provider.getAccessToken(audience, options);
  }

  async signIn(): Promise<void> {
    await this.provider?.signIn?.();
  }

  async signOut(): Promise<void> {
    await this.provider?.signOut?.();
  }

  publish(snapshot: SessionSnapshot, provider?: SessionProvider | null): void {
    this.state = snapshot.state;
    this.user = snapshot.user;
    if (provider !== undefined) this.provider = provider;
    for (const listener of [...this.listeners]) {
      try {
        listener({ state: this.state, user: this.user });
      } catch (error) {
        console.error('[suite-widgets] a session listener failed:', error);
      }
    }
  }

  subscribe(listener: (snapshot: SessionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The page's one session, created on first use and shared by every copy of the library. */
export function getSession(): Session {
  const holder = globalThis as typeof globalThis & { [SESSION_KEY]?: Session };
  holder[SESSION_KEY] ??= new PageSession();
  return holder[SESSION_KEY];
}
