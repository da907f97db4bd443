/** Server-side sessions: what the BFF keeps for a signed-in browser, and where. */

/** Claims as JSON values (what a userinfo response or an id_token carries). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One signed-in browser. Plain JSON so that any store (Redis, a database) can keep it as is.
 * It holds the provider's tokens: it must never be sent to a browser or written to a log.
 */
export interface SessionData {
  /** The provider's subject (stable per identity provider at ProConnect). */
  sub: string;
  /** Userinfo claims (JWT registered claims such as iss/aud/exp removed), `sub` included. */
  user: Record<string, JsonValue>;
  acr?: string | undefined;
  amr?: string[] | undefined;
  idToken: string;
  accessToken: string;
  refreshToken?: string | undefined;
  /** ms epoch; undefined when the provider gave no `expires_in`. */
  accessTokenExpiresAt?: number | undefined;
  /** ms the access token was valid for when issued (`expires_in`); sets how early it is refreshed. */
  accessTokenLifetime?: number | undefined;
  /** ms epoch of the sign-in. */
  createdAt: number;
  /** ms epoch of the session's absolute end (createdAt + sessionTtl). */
  expiresAt: number;
}

/**
 * Where sessions live. Every method may be asynchronous so that a shared store (Redis, SQL) can plug
 * in when several BFF processes serve the same site. `set` receives the remaining lifetime so the
 * store can expire the entry by itself (Redis `SET … EX ttl`).
 */
export interface SessionStore {
  get(id: string): Promise<SessionData | undefined>;
  set(id: string, session: SessionData, ttlSeconds: number): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * The default store: a Map in this process, swept of expired sessions every `sweepInterval`
 * seconds (the timer does not keep the process alive). It holds at most `maxSessions` sessions
 * (default 10 000): storing one more drops the least recently stored. Sessions are lost on restart
 * and are not shared between processes: use a shared store for more than one instance.
 */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, { session: SessionData; expiresAt: number }>();
  readonly #maxSessions: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: { sweepInterval?: number; maxSessions?: number } = {}) {
    const maxSessions = options.maxSessions ?? 10_000;
    if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new Error('suite-bff: `maxSessions` must be a positive integer');
    this.#maxSessions = maxSessions;
    const every = (options.sweepInterval ?? 60) * 1000;
    this.#timer = setInterval(() => this.sweep(), every);
    this.#timer.unref();
  }

  get(id: string): Promise<SessionData | undefined> {
    const entry = this.#sessions.get(id);
    if (entry === undefined) return Promise.resolve(undefined);
    if (entry.expiresAt <= Date.now()) {
      this.#sessions.delete(id);
      return Promise.resolve(undefined);
    }
    // A copy, so that a caller changing it does not change the stored session without `set`.
    return Promise.resolve(structuredClone(entry.session));
  }

  set(id: string, session: SessionData, ttlSeconds: number): Promise<void> {
    // Re-inserted, so that the Map's order is the order of the last `set`: the oldest goes first.
    this.#sessions.delete(id);
    while (this.#sessions.size >= this.#maxSessions) {
      const oldest = this.#sessions.keys().next();
      if (oldest.done === true) break;
      this.#sessions.delete(oldest.value);
    }
    this.#sessions.set(id, { session: structuredClone(session), expiresAt: Date.now() + ttlSeconds * 1000 });
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.#sessions.delete(id);
    return Promise.resolve();
  }

  /** How many sessions are held (expired ones not yet swept included). */
  get size(): number {
    return this.#sessions.size;
  }

  /** Drops the expired sessions now. */
  sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.#sessions) if (entry.expiresAt <= now) this.#sessions.delete(id);
  }

  /** Stops the sweep timer. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
