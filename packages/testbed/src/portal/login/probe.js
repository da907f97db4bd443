// A sibling widget of the browser tests: it has no attribute about sign-in. It reads the page
// session the way every Suite widget does (the globalThis symbol shared by all copies of the
// library), asks it for a token, and calls the testbed's whoami backend with it.
class WhoamiProbe extends HTMLElement {
  /** @param {boolean} [forceRefresh] */
  async check(forceRefresh = false) {
    const session = /** @type {any} */ (globalThis)[Symbol.for('@suite-widgets/session@1')];
    if (!session) return { outcome: 'no session' };
    const token = await session.getAccessToken(this.getAttribute('audience') ?? undefined, { forceRefresh });
    if (!token) return { outcome: 'no token', state: session.state };
    const response = await fetch(this.getAttribute('url') ?? '', { headers: { Authorization: `Bearer ${token}` } });
    const result = { outcome: 'called', status: response.status, body: await response.json().catch(() => null), token };
    this.textContent = response.ok ? `Le backend voisin reconnaît ${result.body?.email ?? result.body?.sub}.` : `Le backend voisin refuse le jeton (${response.status}).`;
    return result;
  }
}
customElements.define('whoami-probe', WhoamiProbe);
