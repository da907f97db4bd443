// @ts-check
/**
 * A real sign-in at the testbed's OpenID provider, done from Node (no browser): the public
 * client's authorization code flow with PKCE, the provider's own login form, the code exchange.
 * Browser tests use it (through web-test-runner's testbed plugin) to get an access token that a
 * backend behind the gateway accepts, without driving the login page in every test.
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * @param {{oidc: import('./oidc.js').OidcServer, redirectUri: string, username: string}} options
 *   `redirectUri` must be on one of the public client's redirect origins (the portal's).
 * @returns {Promise<string>} the access token (a JWT for the provider's resource)
 */
export async function signInForTest({ oidc, redirectUri, username }) {
  const user = oidc.users.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`signInForTest: no account "${username}" (known: ${oidc.users.map((candidate) => candidate.username).join(', ')})`);
  const discovery = /** @type {{authorization_endpoint: string, token_endpoint: string}} */ (await (await fetch(`${oidc.issuer}/.well-known/openid-configuration`)).json());
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(24).toString('base64url');
  /** @type {Map<string, string>} */
  const cookies = new Map();
  /** @param {string} url @param {RequestInit} [init] */
  const browse = async (url, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set('Cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      if (index > 0) cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
    return response;
  };
  let url = `${discovery.authorization_endpoint}?${new URLSearchParams({
    client_id: oidc.clients.public.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid given_name usual_name email uid siret',
    state,
    nonce: randomBytes(24).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  })}`;
  /** @type {RequestInit} */
  let init = {};
  for (let hop = 0; hop < 15; hop++) {
    const response = await browse(url, init);
    init = {};
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) {
        const code = next.searchParams.get('code');
        if (!code || next.searchParams.get('state') !== state) throw new Error(`signInForTest: the provider answered ${next.search}`);
        const answer = await fetch(discovery.token_endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(redirectUri).origin },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: oidc.clients.public.clientId, code_verifier: verifier }),
        });
        const tokens = /** @type {{access_token?: string}} */ (await answer.json());
        if (!answer.ok || !tokens.access_token) throw new Error(`signInForTest: the token endpoint answered ${answer.status} ${JSON.stringify(tokens)}`);
        return tokens.access_token;
      }
      url = next.href;
      continue;
    }
    const page = await response.text();
    const action = response.status === 200 ? /<form method="post" action="([^"]+\/login)"/.exec(page)?.[1] : undefined;
    if (!action) throw new Error(`signInForTest: unexpected ${response.status} at ${url}`);
    url = new URL(action, url).href;
    init = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password: user.password, action: 'login' }).toString() };
  }
  throw new Error('signInForTest: too many redirects');
}
