// @ts-check
/**
 * The OpenID Connect provider (set up like ProConnect), the bearer verifier and the whoami
 * resource server, driven over real HTTP with fetch, manual redirects and a small cookie jar.
 * Run with `node --test packages/testbed/test/oidc.test.js`.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { startOidcProvider, OIDC_USERS } from '../src/oidc.js';
import { createBearerVerifier } from '../src/bearer.js';
import { startWhoami } from '../src/whoami.js';
import { startTestbed } from '../src/index.js';

const SPA_ORIGIN = 'http://spa.example.test:6006';
const SPA_REDIRECT = `${SPA_ORIGIN}/callback/deep/path.html`;
const BFF_REDIRECT = 'http://portal.example.test/bff/callback';
const BFF_LOGOUT = 'http://portal.example.test/';
const OTHER_ORIGIN = 'http://evil.example.test';
const PROCONNECT_SCOPE = 'openid given_name usual_name email uid siret idp_id';

/** @type {import('../src/oidc.js').OidcServer} */
let op;
/** @type {Record<string, unknown>} */
let discovery;

/** Cookies of one "browser": name → value and path. Loopback only, so the host is ignored. */
class CookieJar {
  /** @type {Map<string, {value: string, path: string}>} */
  cookies = new Map();

  /** @param {Response} response */
  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', attributeValue = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = attributeValue;
        if (key.toLowerCase() === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true;
        if (key.toLowerCase() === 'max-age' && Number(attributeValue) <= 0) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  /** @param {string} url */
  header(url) {
    const { pathname } = new URL(url);
    return [...this.cookies]
      .filter(([, { path }]) => pathname === path || pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
      .map(([name, { value }]) => `${name}=${value}`)
      .join('; ');
  }
}

/**
 * One request of the "browser": cookies sent and kept, redirects not followed.
 * @param {CookieJar} jar
 * @param {string} url
 * @param {RequestInit} [init]
 */
async function browse(jar, url, init = {}) {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set('Cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(response);
  return response;
}

/** @param {Response} response @param {string} base */
function locationOf(response, base) {
  const location = response.headers.get('location');
  assert.ok(location, `a redirect from ${base} (status ${response.status})`);
  return new URL(location, base).href;
}

/** PKCE verifier and S256 challenge. */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const random = () => randomBytes(24).toString('base64url');

/**
 * The login form of a page: action and whether it is the login page.
 * @param {string} html
 */
function loginFormAction(html) {
  const match = /<form method="post" action="([^"]+\/login)"/.exec(html);
  return match?.[1];
}

/**
 * Runs an authorization request in the "browser" until the redirect back to the client,
 * logging in on the login page when it shows up.
 * @param {CookieJar} jar
 * @param {Record<string, string>} params
 * @param {{username?: string, password?: string, action?: 'login' | 'deny', pages?: string[]}} [options]
 * @returns {Promise<URL>} where the provider sent the browser back to
 */
async function authorize(jar, params, { username = 'alice', password = 'alice-password', action = 'login', pages = [] } = {}) {
  const redirectUri = params.redirect_uri ?? '';
  let url = `${discovery.authorization_endpoint}?${new URLSearchParams(params)}`;
  /** @type {RequestInit} */
  let init = {};
  for (let hop = 0; hop < 15; hop += 1) {
    const response = await browse(jar, url, init);
    init = {};
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const next = locationOf(response, url);
      if (next.startsWith(redirectUri)) return new URL(next);
      url = next;
      continue;
    }
    const html = await response.text();
    const formAction = response.status === 200 ? loginFormAction(html) : undefined;
    if (!formAction) throw new Error(`unexpected ${response.status} at ${url}: ${html.slice(0, 400)}`);
    pages.push(html);
    url = new URL(formAction, url).href;
    init = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password, action }).toString() };
  }
  throw new Error('too many redirects');
}

/**
 * A token request.
 * @param {Record<string, string>} form
 * @param {Record<string, string>} [headers]
 */
async function tokenRequest(form, headers = {}) {
  const response = await fetch(String(discovery.token_endpoint), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { response, body: /** @type {Record<string, unknown>} */ (await response.json()) };
}

/**
 * The public client's full journey: authorize with PKCE, log in, exchange the code.
 * @param {CookieJar} jar
 * @param {Record<string, string>} [extra] more authorization parameters
 * @param {string} [username]
 */
async function publicLogin(jar, extra = {}, username = 'alice') {
  const { verifier, challenge } = pkce();
  const state = random();
  const nonce = random();
  const back = await authorize(jar, {
    client_id: op.clients.public.clientId,
    redirect_uri: SPA_REDIRECT,
    response_type: 'code',
    scope: PROCONNECT_SCOPE,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  }, { username, password: `${username}-password` });
  assert.equal(back.searchParams.get('state'), state);
  assert.equal(back.searchParams.get('iss'), op.issuer);
  const code = back.searchParams.get('code');
  assert.ok(code, `a code in ${back.href}`);
  const { response, body } = await tokenRequest(
    { grant_type: 'authorization_code', code, redirect_uri: SPA_REDIRECT, client_id: op.clients.public.clientId, code_verifier: verifier },
    { Origin: SPA_ORIGIN },
  );
  assert.equal(response.status, 200, JSON.stringify(body));
  return { tokens: body, nonce, response };
}

/**
 * The confidential client's journey (client_secret_post, PKCE S256 sent anyway).
 * @param {CookieJar} jar
 * @param {Record<string, string>} [extra]
 */
async function confidentialLogin(jar, extra = {}) {
  const { verifier, challenge } = pkce();
  const back = await authorize(jar, {
    client_id: op.clients.confidential.clientId,
    redirect_uri: BFF_REDIRECT,
    response_type: 'code',
    scope: PROCONNECT_SCOPE,
    state: random(),
    nonce: random(),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  const code = back.searchParams.get('code');
  assert.ok(code, `a code in ${back.href}`);
  const { response, body } = await tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: BFF_REDIRECT,
    client_id: op.clients.confidential.clientId,
    client_secret: op.clients.confidential.clientSecret,
    code_verifier: verifier,
  });
  assert.equal(response.status, 200, JSON.stringify(body));
  return body;
}

before(async () => {
  op = await startOidcProvider({
    publicRedirectOrigins: [SPA_ORIGIN],
    confidentialRedirectUris: [BFF_REDIRECT],
    confidentialPostLogoutRedirectUris: [BFF_LOGOUT],
  });
  discovery = /** @type {Record<string, unknown>} */ (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json());
});

after(async () => {
  await op.close();
  await op.close(); // idempotent
});

afterEach(() => op.reset());

describe('OIDC provider: discovery and keys', () => {
  it('publishes a ProConnect-like configuration', () => {
    assert.match(op.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(discovery.issuer, op.issuer);
    assert.equal(discovery.claims_parameter_supported, true);
    assert.ok(/** @type {string[]} */ (discovery.acr_values_supported).includes('eidas1'));
    assert.deepEqual(discovery.userinfo_signing_alg_values_supported, ['RS256']);
    assert.deepEqual(discovery.id_token_signing_alg_values_supported, ['RS256']);
    assert.deepEqual(discovery.response_types_supported, ['code']);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.equal(discovery.jwks_uri, op.jwksUri);
    assert.equal(discovery.authorization_endpoint, `${op.issuer}/api/v2/authorize`);
    assert.equal(discovery.end_session_endpoint, `${op.issuer}/api/v2/session/end`);
    assert.ok(discovery.revocation_endpoint);
    assert.equal(discovery.check_session_iframe, undefined);
    for (const scope of ['openid', 'given_name', 'usual_name', 'email', 'uid', 'siret', 'idp_id', 'siren', 'organizational_unit', 'belonging_population', 'phone', 'profile', 'offline_access']) {
      assert.ok(/** @type {string[]} */ (discovery.scopes_supported).includes(scope), scope);
    }
    assert.equal(op.clients.confidential.clientId, 'suite-bff');
    assert.equal(op.clients.public.clientId, 'suite-spa');
    assert.ok(op.clients.confidential.clientSecret.length >= 32);
    assert.deepEqual(op.users.map((user) => user.username), ['alice', 'bob']);
    assert.equal(OIDC_USERS, op.users);
  });

  it('serves one generated RS256 key (no development keys)', async () => {
    const jwks = /** @type {{keys: Record<string, unknown>[]}} */ (await (await fetch(op.jwksUri)).json());
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]?.kty, 'RSA');
    assert.equal(jwks.keys[0]?.alg, 'RS256');
    assert.equal(jwks.keys[0]?.d, undefined, 'no private part');
  });
});

describe('OIDC provider: the public client (PKCE, JWT access tokens, rotation)', () => {
  it('logs in with the login page and returns ProConnect claims, acr and a JWT access token', async () => {
    const jar = new CookieJar();
    const claims = JSON.stringify({ id_token: { acr: { essential: true, values: ['eidas1'] }, amr: { essential: true }, given_name: { essential: true } } });
    /** @type {string[]} */
    const pages = [];
    const { verifier, challenge } = pkce();
    const nonce = random();
    const back = await authorize(jar, {
      client_id: 'suite-spa', redirect_uri: SPA_REDIRECT, response_type: 'code', scope: PROCONNECT_SCOPE, state: random(), nonce,
      code_challenge: challenge, code_challenge_method: 'S256', claims,
    }, { pages });

    const [loginHtml] = pages;
    assert.ok(loginHtml);
    assert.match(loginHtml, /<html lang="fr">/);
    assert.match(loginHtml, /<main>/);
    assert.match(loginHtml, /<h1>Connexion au fournisseur d’identité de test<\/h1>/);
    assert.match(loginHtml, /<label for="username">Identifiant<\/label>/);
    assert.match(loginHtml, /<label for="password">Mot de passe<\/label>/);
    assert.match(loginHtml, /<button type="submit"[^>]*>Se connecter<\/button>/);
    assert.match(loginHtml, /<button type="submit"[^>]*>Refuser<\/button>/);
    assert.doesNotMatch(loginHtml, /<p role="alert"/);

    const { response, body } = await tokenRequest(
      { grant_type: 'authorization_code', code: back.searchParams.get('code') ?? '', redirect_uri: SPA_REDIRECT, client_id: 'suite-spa', code_verifier: verifier },
      { Origin: SPA_ORIGIN },
    );
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(response.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.equal(typeof body.refresh_token, 'string', 'a refresh token without offline_access');

    const keys = createRemoteJWKSet(new URL(op.jwksUri));
    const { payload: idToken } = await jwtVerify(String(body.id_token), keys, { issuer: op.issuer, audience: 'suite-spa' });
    assert.equal(idToken.sub, OIDC_USERS[0]?.sub);
    assert.equal(idToken.nonce, nonce);
    assert.equal(idToken.acr, 'eidas1');
    assert.deepEqual(idToken.amr, ['pwd']);
    assert.equal(idToken.given_name, 'Alice');
    assert.equal(idToken.usual_name, 'Martin');
    assert.equal(idToken.email, 'alice@ministere.example');
    assert.equal(idToken.siret, '13002526500013');
    assert.equal(idToken.uid, 'alice');
    assert.equal(idToken.idp_id, 'testbed-idp');
    assert.equal(idToken.organizational_unit, undefined, 'not requested');

    const accessToken = String(body.access_token);
    const { payload: at, protectedHeader } = await jwtVerify(accessToken, keys, { issuer: op.issuer, audience: op.resource });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(protectedHeader.typ, 'at+jwt');
    assert.equal(at.aud, 'urn:suite-widgets:testbed');
    assert.equal(at.client_id, 'suite-spa');
    assert.equal(at.email, 'alice@ministere.example');
    assert.equal(at.given_name, 'Alice');
    assert.equal(at.usual_name, 'Martin');
    assert.match(String(at.scope), /\bsiret\b/);

    const verifierResult = await createBearerVerifier([{ issuer: op.issuer, jwksUri: op.jwksUri, audience: op.resource }]).verify(`Bearer ${accessToken}`);
    assert.equal(verifierResult.ok, true);
    assert.equal(verifierResult.ok && verifierResult.claims.sub, OIDC_USERS[0]?.sub);

    // The JWT access token is for the resource server, not for userinfo.
    const userinfo = await fetch(String(discovery.userinfo_endpoint), { headers: { Authorization: `Bearer ${accessToken}` } });
    assert.equal(userinfo.status, 401);
    await userinfo.body?.cancel();
  });

  it('refreshes with rotation; reusing a rotated refresh token fails and revokes the grant', async () => {
    const { tokens } = await publicLogin(new CookieJar());
    const first = String(tokens.refresh_token);
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first, client_id: 'suite-spa' }, { Origin: SPA_ORIGIN });
    assert.equal(refreshed.response.status, 200, JSON.stringify(refreshed.body));
    assert.equal(refreshed.response.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    const second = String(refreshed.body.refresh_token);
    assert.notEqual(second, first, 'rotated');
    assert.equal(decodeJwt(String(refreshed.body.access_token)).aud, op.resource, 'refreshed access tokens are JWTs for the resource too');
    assert.equal(decodeJwt(String(refreshed.body.id_token)).acr, 'eidas1');

    const reused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first, client_id: 'suite-spa' });
    assert.equal(reused.response.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');
    // Reuse detection revokes the whole grant, the newest refresh token included.
    const afterReuse = await tokenRequest({ grant_type: 'refresh_token', refresh_token: second, client_id: 'suite-spa' });
    assert.equal(afterReuse.body.error, 'invalid_grant');

    const stats = op.stats();
    assert.deepEqual(stats.tokenRequests, { authorization_code: 1, refresh_token: 3 });
    assert.equal(stats.refreshFailures, 2);
    assert.equal(stats.authorizations, 1);
  });

  it('refuses a code without its PKCE verifier', async () => {
    const jar = new CookieJar();
    const { challenge } = pkce();
    const back = await authorize(jar, { client_id: 'suite-spa', redirect_uri: SPA_REDIRECT, response_type: 'code', scope: 'openid', state: random(), code_challenge: challenge, code_challenge_method: 'S256' });
    const { body } = await tokenRequest({ grant_type: 'authorization_code', code: back.searchParams.get('code') ?? '', redirect_uri: SPA_REDIRECT, client_id: 'suite-spa', code_verifier: pkce().verifier });
    assert.equal(body.error, 'invalid_grant');
    const withoutPkce = await authorize(new CookieJar(), { client_id: 'suite-spa', redirect_uri: SPA_REDIRECT, response_type: 'code', scope: 'openid', state: random() });
    assert.equal(withoutPkce.searchParams.get('error'), 'invalid_request');
  });

  it('accepts any redirect URI on an allowed origin, and only those', async () => {
    const jar = new CookieJar();
    const { challenge } = pkce();
    const params = { client_id: 'suite-spa', response_type: 'code', scope: 'openid', state: random(), code_challenge: challenge, code_challenge_method: 'S256' };
    const elsewhere = await fetch(`${discovery.authorization_endpoint}?${new URLSearchParams({ ...params, redirect_uri: `${OTHER_ORIGIN}/cb` })}`, { redirect: 'manual' });
    assert.equal(elsewhere.status, 400, 'an unknown redirect URI is never redirected to');
    assert.match(await elsewhere.text(), /redirect_uri/);

    op.setRedirectTargets({ publicRedirectOrigins: [SPA_ORIGIN, OTHER_ORIGIN] });
    try {
      const back = await authorize(jar, { ...params, redirect_uri: `${OTHER_ORIGIN}/any/where?x=1` });
      assert.equal(back.origin, OTHER_ORIGIN);
      assert.equal(back.searchParams.get('x'), '1');
      assert.ok(back.searchParams.get('code'));
    } finally {
      op.setRedirectTargets({ publicRedirectOrigins: [SPA_ORIGIN] });
    }
  });
});

describe('OIDC provider: the login page', () => {
  it('shows an alert for a wrong password, then logs in', async () => {
    const jar = new CookieJar();
    const { challenge } = pkce();
    const start = await browse(jar, `${discovery.authorization_endpoint}?${new URLSearchParams({ client_id: 'suite-spa', redirect_uri: SPA_REDIRECT, response_type: 'code', scope: 'openid', state: random(), code_challenge: challenge, code_challenge_method: 'S256', login_hint: 'bob' })}`);
    const loginUrl = locationOf(start, String(discovery.authorization_endpoint));
    const page = await browse(jar, loginUrl);
    const html = await page.text();
    assert.match(html, /id="username"[^>]*value="bob"/, 'login_hint fills the username');
    const action = new URL(loginFormAction(html) ?? '', loginUrl).href;
    const wrong = await browse(jar, action, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=bob&password=nope&action=login' });
    assert.equal(wrong.status, 401);
    const wrongHtml = await wrong.text();
    assert.match(wrongHtml, /<p role="alert" id="login-error">Identifiant ou mot de passe incorrect.<\/p>/);
    assert.match(wrongHtml, /aria-invalid="true"/);
    const right = await browse(jar, action, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=bob&password=bob-password&action=login' });
    assert.equal(right.status, 303);
    await right.body?.cancel();
  });

  it('"Refuser" sends the user back with access_denied', async () => {
    const { challenge } = pkce();
    const state = random();
    const back = await authorize(new CookieJar(), { client_id: 'suite-spa', redirect_uri: SPA_REDIRECT, response_type: 'code', scope: 'openid', state, code_challenge: challenge, code_challenge_method: 'S256' }, { action: 'deny' });
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('error_description'), 'L’utilisateur a refusé la connexion.');
    assert.equal(back.searchParams.get('state'), state);
    assert.equal(back.searchParams.get('code'), null);
  });

  it('prompt=none fails with login_required without a session, and is silent with one', async () => {
    const jar = new CookieJar();
    const silent = () => {
      const { challenge } = pkce();
      return authorize(jar, { client_id: 'suite-spa', redirect_uri: SPA_REDIRECT, response_type: 'code', scope: PROCONNECT_SCOPE, state: random(), code_challenge: challenge, code_challenge_method: 'S256', prompt: 'none' });
    };
    assert.equal((await silent()).searchParams.get('error'), 'login_required');
    await publicLogin(jar);
    const back = await silent();
    assert.ok(back.searchParams.get('code'), back.href);
    assert.equal(op.lastAuthorization()?.prompt, 'none');

    // Single sign-on: the other client, and more scopes, need no page and no consent.
    const bff = await authorize(jar, { client_id: 'suite-bff', redirect_uri: BFF_REDIRECT, response_type: 'code', scope: 'openid profile phone', state: random(), prompt: 'none', claims: JSON.stringify({ id_token: { amr: { essential: true } } }) });
    const code = bff.searchParams.get('code');
    assert.ok(code, bff.href);
    const { body } = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: BFF_REDIRECT, client_id: 'suite-bff', client_secret: op.clients.confidential.clientSecret });
    const idToken = decodeJwt(String(body.id_token));
    assert.equal(idToken.phone, '+33 1 23 45 67 89');
    assert.equal(idToken.name, 'Alice Martin');
    assert.deepEqual(idToken.amr, ['pwd']);
    assert.equal(idToken.acr, 'eidas1');
  });
});

describe('OIDC provider: CORS', () => {
  it('answers the public client from its origins only, never the confidential client', async () => {
    const preflight = await fetch(String(discovery.token_endpoint), { method: 'OPTIONS', headers: { Origin: SPA_ORIGIN, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SPA_ORIGIN);

    const unknownOrigin = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'suite-spa' }, { Origin: OTHER_ORIGIN });
    assert.equal(unknownOrigin.response.headers.get('access-control-allow-origin'), null);
    assert.equal(unknownOrigin.body.error, 'invalid_request');

    const confidential = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'suite-bff', client_secret: op.clients.confidential.clientSecret }, { Origin: SPA_ORIGIN });
    assert.equal(confidential.response.headers.get('access-control-allow-origin'), null);
    assert.equal(confidential.body.error, 'invalid_request');

    const publicFromOrigin = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'suite-spa' }, { Origin: SPA_ORIGIN });
    assert.equal(publicFromOrigin.response.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    assert.equal(publicFromOrigin.body.error, 'invalid_grant');

    const jwks = await fetch(op.jwksUri, { headers: { Origin: SPA_ORIGIN } });
    assert.equal(jwks.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    await jwks.body?.cancel();
  });
});

describe('OIDC provider: the confidential client (BFF)', () => {
  it('gets opaque access tokens, a refresh token and a signed JWT from userinfo', async () => {
    const tokens = await confidentialLogin(new CookieJar());
    const accessToken = String(tokens.access_token);
    assert.equal(accessToken.split('.').length, 1, 'opaque');
    assert.equal(typeof tokens.refresh_token, 'string');
    assert.equal(decodeJwt(String(tokens.id_token)).aud, 'suite-bff');

    const userinfo = await fetch(String(discovery.userinfo_endpoint), { headers: { Authorization: `Bearer ${accessToken}` } });
    assert.equal(userinfo.status, 200);
    assert.match(userinfo.headers.get('content-type') ?? '', /^application\/jwt/);
    const { payload } = await jwtVerify(await userinfo.text(), createRemoteJWKSet(new URL(op.jwksUri)), { issuer: op.issuer, audience: 'suite-bff' });
    assert.equal(payload.sub, OIDC_USERS[0]?.sub);
    assert.equal(payload.usual_name, 'Martin');
    assert.equal(payload.siret, '13002526500013');
    assert.equal(op.stats().userinfoRequests, 1);

    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), client_id: 'suite-bff', client_secret: op.clients.confidential.clientSecret });
    assert.equal(refreshed.response.status, 200, JSON.stringify(refreshed.body));

    const badSecret = await tokenRequest({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), client_id: 'suite-bff', client_secret: 'wrong' });
    assert.equal(badSecret.body.error, 'invalid_client');
  });

  it('keeps exact redirect URIs, changeable at runtime', async () => {
    const params = { client_id: 'suite-bff', response_type: 'code', scope: 'openid', state: random() };
    const other = await fetch(`${discovery.authorization_endpoint}?${new URLSearchParams({ ...params, redirect_uri: `${BFF_REDIRECT}/more` })}`, { redirect: 'manual' });
    assert.equal(other.status, 400);
    await other.body?.cancel();
    op.setRedirectTargets({ confidentialRedirectUris: [BFF_REDIRECT, `${BFF_REDIRECT}/more`] });
    try {
      const back = await authorize(new CookieJar(), { ...params, redirect_uri: `${BFF_REDIRECT}/more` });
      assert.ok(back.searchParams.get('code'));
    } finally {
      op.setRedirectTargets({ confidentialRedirectUris: [BFF_REDIRECT] });
    }
  });

  it('logs out without a click: end session redirects to the post-logout URI', async () => {
    const jar = new CookieJar();
    const tokens = await confidentialLogin(jar);
    const state = random();
    const endSession = `${discovery.end_session_endpoint}?${new URLSearchParams({ id_token_hint: String(tokens.id_token), post_logout_redirect_uri: BFF_LOGOUT, state })}`;
    const logoutPage = await browse(jar, endSession);
    assert.equal(logoutPage.status, 200);
    const html = await logoutPage.text();
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /\.submit\(\)/, 'submits itself');
    assert.match(html, /<noscript>/);
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
    assert.ok(action);
    const form = new URLSearchParams();
    for (const [, name = '', value = ''] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) form.set(name, value);
    assert.equal(form.get('logout'), 'yes');
    const confirmed = await browse(jar, action, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    assert.equal(confirmed.status, 303);
    const back = new URL(locationOf(confirmed, action));
    assert.equal(`${back.origin}${back.pathname}`, BFF_LOGOUT);
    assert.equal(back.searchParams.get('state'), state);

    // The session is gone: no silent login, and the tokens that lived with it are revoked.
    const silent = await authorize(jar, { client_id: 'suite-bff', redirect_uri: BFF_REDIRECT, response_type: 'code', scope: 'openid', state: random(), prompt: 'none' });
    assert.equal(silent.searchParams.get('error'), 'login_required');
    const refresh = await tokenRequest({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), client_id: 'suite-bff', client_secret: op.clients.confidential.clientSecret });
    assert.equal(refresh.body.error, 'invalid_grant');

    const unknownTarget = await browse(new CookieJar(), `${discovery.end_session_endpoint}?${new URLSearchParams({ id_token_hint: String(tokens.id_token), post_logout_redirect_uri: `${OTHER_ORIGIN}/` })}`);
    assert.equal(unknownTarget.status, 400);
    await unknownTarget.body?.cancel();
  });
});

describe('OIDC provider: control', () => {
  it('configure() changes the TTLs of what is issued next; reset() restores them', async () => {
    assert.throws(() => op.configure(/** @type {never} */ ({ accessTokenTtl: 0 })), TypeError);
    assert.throws(() => op.configure(/** @type {never} */ ({ nope: 1 })), /unknown setting/);
    op.configure({ accessTokenTtl: 5, idTokenTtl: 7 });
    const { tokens } = await publicLogin(new CookieJar());
    assert.equal(tokens.expires_in, 5);
    const at = decodeJwt(String(tokens.access_token));
    assert.equal(Number(at.exp) - Number(at.iat), 5);
    const idToken = decodeJwt(String(tokens.id_token));
    assert.equal(Number(idToken.exp) - Number(idToken.iat), 7);
    const confidential = await confidentialLogin(new CookieJar());
    assert.equal(confidential.expires_in, 5);
    op.reset();
    assert.deepEqual(op.settings(), { accessTokenTtl: 3600, idTokenTtl: 3600, refreshTokenTtl: 7200, sessionTtl: 43200 });
    const { tokens: later } = await publicLogin(new CookieJar());
    assert.equal(later.expires_in, 3600);
  });

  it('remembers the last authorization request and counts', async () => {
    const claims = { id_token: { acr: { essential: true, values: ['eidas1'] } } };
    await publicLogin(new CookieJar(), { idp_hint: 'idp-ministere', siret_hint: '13002526500013', acr_values: 'eidas1', claims: JSON.stringify(claims) });
    const last = op.lastAuthorization();
    assert.ok(last);
    assert.equal(last.client_id, 'suite-spa');
    assert.equal(last.redirect_uri, SPA_REDIRECT);
    assert.equal(last.idp_hint, 'idp-ministere');
    assert.equal(last.siret_hint, '13002526500013');
    assert.equal(last.acr_values, 'eidas1');
    assert.equal(last.code_challenge_method, 'S256');
    assert.equal(last.scope, PROCONNECT_SCOPE);
    assert.deepEqual(last.claims, claims);
    assert.equal(typeof last.state, 'string');
    assert.equal(typeof last.nonce, 'string');
    assert.deepEqual(op.stats(), { tokenRequests: { authorization_code: 1, refresh_token: 0 }, refreshFailures: 0, userinfoRequests: 0, authorizations: 1, authorizationRequests: 1 });
  });

  it('is driven over HTTP from another origin', async () => {
    const control = `${op.issuer}/__testbed/oidc`;
    const preflight = await fetch(control, { method: 'OPTIONS', headers: { Origin: SPA_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SPA_ORIGIN);

    const set = await fetch(control, { method: 'POST', headers: { Origin: SPA_ORIGIN, 'Content-Type': 'application/json' }, body: '{"accessTokenTtl": 5, "refreshTokenTtl": 60}' });
    assert.equal(set.status, 200);
    assert.equal(set.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    assert.deepEqual(await set.json(), { settings: { accessTokenTtl: 5, idTokenTtl: 3600, refreshTokenTtl: 60, sessionTtl: 43200 } });
    assert.equal(op.settings().accessTokenTtl, 5);

    await publicLogin(new CookieJar(), { idp_hint: 'x' });
    const stats = await fetch(`${control}/stats`, { headers: { Origin: SPA_ORIGIN } });
    assert.equal(stats.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    assert.equal(/** @type {{tokenRequests: {authorization_code: number}}} */ (await stats.json()).tokenRequests.authorization_code, 1);
    const last = /** @type {{lastAuthorization: {idp_hint: string}}} */ (await (await fetch(`${control}/last-authorization`)).json());
    assert.equal(last.lastAuthorization.idp_hint, 'x');

    for (const bad of ['nope', '[]', '{"accessTokenTtl": "5"}', '{"other": 1}', '{"reset": true, "accessTokenTtl": 5}']) {
      const rejected = await fetch(control, { method: 'POST', body: bad });
      assert.equal(rejected.status, 400, bad);
      assert.equal(/** @type {{error: string}} */ (await rejected.json()).error, 'bad settings');
    }
    const reset = await fetch(control, { method: 'POST', body: '{"reset": true}' });
    assert.equal(reset.status, 200);
    await reset.body?.cancel();
    assert.equal(op.settings().accessTokenTtl, 3600);
    assert.equal(op.stats().tokenRequests.authorization_code, 0);
    assert.deepEqual(await (await fetch(`${control}/last-authorization`)).json(), { lastAuthorization: null });

    // Redirect targets: a browser test on another origin adds its own.
    const targets = `${control}/redirect-targets`;
    const added = await fetch(targets, { method: 'POST', headers: { Origin: OTHER_ORIGIN }, body: JSON.stringify({ publicRedirectOrigins: [SPA_ORIGIN, `${OTHER_ORIGIN}/ignored/path`] }) });
    assert.equal(added.status, 200);
    assert.equal(added.headers.get('access-control-allow-origin'), OTHER_ORIGIN);
    assert.deepEqual(/** @type {{publicRedirectOrigins: string[]}} */ (await added.json()).publicRedirectOrigins, [SPA_ORIGIN, OTHER_ORIGIN]);
    assert.deepEqual(op.redirectTargets(), { publicRedirectOrigins: [SPA_ORIGIN, OTHER_ORIGIN], confidentialRedirectUris: [BFF_REDIRECT], confidentialPostLogoutRedirectUris: [BFF_LOGOUT] });
    op.setRedirectTargets({ publicRedirectOrigins: [SPA_ORIGIN] });
    for (const bad of ['[]', '{"publicRedirectOrigins": "x"}', '{"publicRedirectOrigins": ["not a url"]}', '{"nope": []}']) {
      const rejected = await fetch(targets, { method: 'POST', body: bad });
      assert.equal(rejected.status, 400, bad);
      await rejected.body?.cancel();
    }
    assert.deepEqual(/** @type {{publicRedirectOrigins: string[]}} */ (await (await fetch(targets)).json()).publicRedirectOrigins, [SPA_ORIGIN]);
  });

  it('expires refresh tokens and sessions after the configured TTLs', async () => {
    op.configure({ refreshTokenTtl: 1, sessionTtl: 1 });
    const jar = new CookieJar();
    const { tokens } = await publicLogin(jar);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const refresh = await tokenRequest({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), client_id: 'suite-spa' });
    assert.equal(refresh.body.error, 'invalid_grant');
    assert.equal(op.stats().refreshFailures, 1);
    const { challenge } = pkce();
    const silent = await authorize(jar, { client_id: 'suite-spa', redirect_uri: SPA_REDIRECT, response_type: 'code', scope: 'openid', state: random(), code_challenge: challenge, code_challenge_method: 'S256', prompt: 'none' });
    assert.equal(silent.searchParams.get('error'), 'login_required');
  });
});

describe('whoami resource server', () => {
  /** @type {import('../src/whoami.js').WhoamiServer} */
  let whoami;
  /** @type {import('../src/bearer.js').BearerVerifier} */
  let verifier;

  before(async () => {
    verifier = createBearerVerifier([{ issuer: op.issuer, jwksUri: op.jwksUri, audience: op.resource }]);
    whoami = await startWhoami({ verifier });
  });
  after(() => whoami.close());

  /** @param {string | undefined} authorization @param {Record<string, string>} [headers] */
  const ask = async (authorization, headers = {}) => {
    const response = await fetch(whoami.whoamiUrl, { headers: { ...headers, ...(authorization ? { Authorization: authorization } : {}) } });
    return { response, body: /** @type {Record<string, unknown>} */ (await response.json()) };
  };

  /** @param {{response: Response, body: Record<string, unknown>}} answer @param {RegExp} description */
  const assertRejected = ({ response, body }, description) => {
    assert.equal(response.status, 401);
    assert.equal(body.error, 'invalid_token');
    assert.match(String(body.error_description), description);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token", error_description="[^"]+"$/);
  };

  it('answers who the token is for, with CORS', async () => {
    const { tokens } = await publicLogin(new CookieJar(), {}, 'bob');
    const preflight = await fetch(whoami.whoamiUrl, { method: 'OPTIONS', headers: { Origin: SPA_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/i);

    const { response, body } = await ask(`Bearer ${String(tokens.access_token)}`, { Origin: SPA_ORIGIN });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    assert.deepEqual(Object.keys(body).sort(), ['aud', 'email', 'exp', 'given_name', 'iss', 'sub', 'usual_name']);
    assert.equal(body.sub, OIDC_USERS[1]?.sub);
    assert.equal(body.iss, op.issuer);
    assert.equal(body.aud, op.resource);
    assert.equal(body.email, 'bob@ministere.example');
    assert.equal(body.given_name, 'Bob');
    assert.equal(body.usual_name, 'Lefèvre');
    assert.equal(typeof body.exp, 'number');
  });

  it('answers 401 for a missing, tampered, wrong-audience, untrusted or expired token', async () => {
    const { tokens } = await publicLogin(new CookieJar());
    const accessToken = String(tokens.access_token);
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;

    const missing = await ask(undefined, { Origin: SPA_ORIGIN });
    assertRejected(missing, /missing/);
    assert.equal(missing.response.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    assertRejected(await ask(`Basic ${Buffer.from('a:b').toString('base64')}`), /Bearer/);
    assertRejected(await ask('Bearer not-a-jwt'), /not a JWT/);
    assertRejected(await ask(`Bearer ${tampered}`), /signature/);
    assertRejected(await ask(`Bearer ${String(tokens.id_token)}`), /audience/);

    // Tokens from an issuer that was added later (like a BFF minting its own), one expired.
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'bff-1', alg: 'ES256' };
    const mint = (/** @type {number} */ expiresAt) =>
      new SignJWT({ email: 'carol@ministere.example' })
        .setProtectedHeader({ alg: 'ES256', kid: 'bff-1', typ: 'at+jwt' })
        .setIssuer('http://bff.example.test')
        .setAudience(op.resource)
        .setSubject('carol')
        .setIssuedAt(expiresAt - 60)
        .setExpirationTime(expiresAt)
        .sign(privateKey);
    const now = Math.floor(Date.now() / 1000);
    assertRejected(await ask(`Bearer ${await mint(now + 60)}`), /untrusted issuer/);
    verifier.addTrusted({ issuer: 'http://bff.example.test', jwks: { keys: [jwk] }, audience: op.resource });
    try {
      const fresh = await ask(`Bearer ${await mint(now + 60)}`);
      assert.equal(fresh.response.status, 200);
      assert.equal(fresh.body.sub, 'carol');
      assertRejected(await ask(`Bearer ${await mint(now - 30)}`), /expired/);
      const withinTolerance = await ask(`Bearer ${await mint(now - 2)}`);
      assert.equal(withinTolerance.response.status, 200, 'a 5 s clock tolerance');
    } finally {
      assert.equal(verifier.removeTrusted('http://bff.example.test'), true);
    }
    assert.equal(verifier.trusted().length, 1);
    assert.throws(() => verifier.addTrusted(/** @type {never} */ ({ issuer: 'x', audience: 'y' })), /jwksUri/);
  });
});

describe('startTestbed with the OIDC provider and whoami', () => {
  it('starts every component and exposes the new URLs', async () => {
    const testbed = await startTestbed({ log: () => {}, oidcOrigins: ['http://localhost:6006'] });
    try {
      assert.equal(testbed.urls.oidcIssuer, testbed.oidc.issuer);
      assert.equal(testbed.urls.whoami, `${testbed.whoami.url}/whoami`);
      const config = /** @type {Record<string, unknown>} */ (await (await fetch(`${testbed.urls.oidcIssuer}/.well-known/openid-configuration`)).json());
      assert.equal(config.issuer, testbed.urls.oidcIssuer);
      const portalOrigin = new URL(testbed.urls.portal).origin;

      // The portal's origin and the extra ones get CORS for the public client.
      for (const origin of [portalOrigin, 'http://localhost:6006']) {
        const preflight = await fetch(String(config.token_endpoint), { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=x&client_id=suite-spa' });
        assert.equal(preflight.headers.get('access-control-allow-origin'), origin, origin);
        await preflight.body?.cancel();
      }
      // The BFF callback on the portal is registered.
      const bff = await fetch(`${config.authorization_endpoint}?${new URLSearchParams({ client_id: 'suite-bff', redirect_uri: `${portalOrigin}/bff/callback`, response_type: 'code', scope: 'openid', state: random() })}`, { redirect: 'manual' });
      assert.equal(bff.status, 303);
      assert.match(bff.headers.get('location') ?? '', /\/interaction\//);
      await bff.body?.cancel();

      const unauthenticated = await fetch(testbed.urls.whoami);
      assert.equal(unauthenticated.status, 401);
      await unauthenticated.body?.cancel();
      assert.equal(testbed.bearer.trusted()[0]?.audience, testbed.oidc.resource);
    } finally {
      await testbed.stop();
    }
    assert.equal(testbed.oidc.server.listening, false);
    assert.equal(testbed.whoami.server.listening, false);
  });
});
