/**
 * What the tabs of one site say to each other about the sign-in, over a BroadcastChannel (same
 * origin only, nothing written to disk): a new tab asks for the session, a renewal or a sign-out
 * in one tab reaches the others. OIDC mode adds a leader (LeaderTabSync, in its own chunk).
 */
export type TabMessage =
  | { type: 'hello' }
  | { type: 'session'; data: string; reason: 'signed-in' | 'renewed' | 'reply' }
  | { type: 'signed-in' }
  | { type: 'signed-out' }
  | { type: 'expired' }
  /** A tab wants newer tokens than those it obtained at `have` (`force`: its backend refused them). */
  | { type: 'need-token'; force: boolean; have: number };

export class TabSync {
  readonly #channel: BroadcastChannel | undefined;
  protected closed = false;

  constructor(
    protected readonly name: string,
    onMessage: (message: TabMessage) => void,
  ) {
    try {
      this.#channel = new BroadcastChannel(name);
      this.#channel.onmessage = (event: MessageEvent<TabMessage>) => {
        if (event.data && typeof event.data.type === 'string') onMessage(event.data);
      };
    } catch {
      // No BroadcastChannel (very old browser): each tab lives on its own.
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
    this.closed = true;
    this.#channel?.close();
  }
}
