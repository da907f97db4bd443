import type { AccessTokenOptions, SessionUser } from '@suite-widgets/core';
import { LoginError } from './errors.js';

/** A signed-in session as a sign-in backend sees it. */
export interface AuthSession {
  user: SessionUser;
  /** The assurance level (eIDAS) the provider reached, e.g. `eidas1`. */
  acr?: string;
  /** When to look again (renew tokens, check the server session), in ms since the epoch. */
  checkAt?: number;
  /** The page has just come back from a sign-in (not a session found on load). */
  fresh?: boolean;
}

/**
 * The events of one Auth, silenced once `isLive()` is false: a renewal or a token request that
 * ends after the widget moved on (removed, reconfigured) must not change what it shows.
 */
export function liveEvents(events: AuthEvents, isLive: () => boolean): AuthEvents {
  return {
    session: (session) => isLive() && events.session(session),
    signedOut: () => isLive() && events.signedOut(),
    expired: (reason) => isLive() && events.expired(reason),
  };
}

/** What the store hears from a backend between its own calls (other tabs, renewals). */
export interface AuthEvents {
  /** Signed in (another tab), or renewed: the session to show. */
  session(session: AuthSession): void;
  /** Signed out here or in another tab. */
  signedOut(): void;
  /** The session can no longer be renewed: the user must sign in again. */
  expired(reason: string): void;
}

/** One way of signing in: through the host's BFF (ProConnect), or a public OIDC client. */
export interface Auth {
  /** Reads what the page brings (a callback, an error) and the session that may already exist. */
  restore(): Promise<AuthSession | 'expired' | null>;
  /** Redirect: navigates away and resolves to `redirecting`. Popup: resolves to the session, or null if cancelled. */
  signIn(): Promise<AuthSession | 'redirecting' | null>;
  /** Cancels a sign-in in a popup. */
  cancel?(): void;
  /** Signs out here, in the other tabs and at the provider (which may navigate the page). */
  signOut(): Promise<void>;
  /** Looks at the session again (renews it when due). `expired` when it cannot go on. */
  check(): Promise<AuthSession | 'expired' | null>;
  getAccessToken(audience?: string, options?: AccessTokenOptions): Promise<string | null>;
  dispose(): void;
}

/** Query parameters that sign-in adds to the page URL and the widget removes once read. */
export function takeParams(names: string[], when: (params: URLSearchParams) => boolean): URLSearchParams | null {
  const url = new URL(location.href);
  if (!when(url.searchParams)) return null;
  const found = new URLSearchParams();
  for (const name of names) {
    const value = url.searchParams.get(name);
    if (value !== null) found.set(name, value);
    url.searchParams.delete(name);
  }
  // The page keeps its own parameters and its hash; the history entry is replaced, so going
  // back or reloading never replays a callback (no loop).
  history.replaceState(history.state, '', url.href);
  return found;
}

/** The current page without the sign-in parameters: where to come back to. */
export function currentUrl(drop: string[]): string {
  const url = new URL(location.href);
  for (const name of drop) url.searchParams.delete(name);
  return url.href;
}

/**
 * An absolute http(s) URL from an attribute, resolved against the page; https unless on loopback.
 * `base`: a base URL (bff-url, issuer) loses its trailing slash; a redirect URI stays exact.
 */
export function checkedUrl(value: string, name: string, requireHttps: boolean, base = false): string {
  let url: URL;
  try {
    url = new URL(value, document.baseURI);
  } catch {
    throw new LoginError('config', `${name} "${value}" is not a URL`);
  }
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (loopback || !requireHttps))) {
    throw new LoginError('config', `${name} "${value}" must be an https:// URL (http:// only on localhost)`);
  }
  return base ? url.href.replace(/\/+$/, '') : url.href;
}
