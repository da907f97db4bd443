/**
 * What the tabs of one site say to each other about the sign-in, over a BroadcastChannel (same
 * origin only, nothing written to disk): a new tab asks for the session, a renewal or a sign-out
 * in one tab reaches the others. One tab at a time is the leader (a Web Lock held while it
 * lives): only the leader renews tokens, so two tabs never spend the same refresh token
 * (oidc-client-ts #430); when it closes, another tab takes over.
 */
export type TabMessage =
  | { type: 'hello' }
  | { type: 'session'; data: string; reason: 'signed-in' | 'renewed' | 'reply' }
  | { type: 'signed-in' }
  | { type: 'signed-out' }
  | { type: 'expired' }
  | { type: 'need-token' };

export class TabSync {
  readonly #channel: BroadcastChannel | undefined;
  readonly #lockName: string;
  #isLeader = false;
  #release: (() => void) | undefined;
  #closed = false;

  constructor(name: string, onMessage: (message: TabMessage) => void) {
    this.#lockName = `${name}:leader`;
    try {
      this.#channel = new BroadcastChannel(name);
      this.#channel.onmessage = (event: MessageEvent<TabMessage>) => {
        if (event.data && typeof event.data.type === 'string') onMessage(event.data);
      };
    } catch {
      // No BroadcastChannel (very old browser): each tab lives on its own.
    }
  }

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
      if (this.#closed) return undefined;
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
        locks.request(this.#lockName, { ifAvailable: true }, (lock) => {
          resolve(Boolean(lock));
          return lock ? hold() : undefined;
        }).catch(reject);
      });
      if (!free && !this.#closed) locks.request(this.#lockName, hold).catch(() => undefined);
    } catch {
      // Locks refused (an opaque origin): this tab leads alone.
      void hold();
    }
  }

  post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed channel: nothing to tell.
    }
  }

  close(): void {
    this.#closed = true;
    this.#isLeader = false;
    this.#release?.();
    this.#channel?.close();
  }
}
