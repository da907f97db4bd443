// @ts-check
/**
 * The BFF against the testbed's real OpenID Connect provider (oidc-provider set up like
 * ProConnect): real HTTP, a small cookie jar, redirects followed by hand, the provider's login form
 * parsed and posted. Runs against the compiled package (`npm run build` first, or
 * `npx tsc -b packages/bff/tsconfig.json`). Run: `node --test packages/bff/test/bff.test.js`.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { createBff, MemorySessionStore } from '../dist/index.js';
import { startOidcProvider } from '../../testbed/src/oidc.js';
import { closeServer, listen } from '../../testbed/src/http-util.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const OTHER_SECRET = 'another-secret-0123456789-abcdefghijklmnopqrstuv';
const PORTAL_ORIGIN = 'http://portal.example.test:8080';
const EVIL_ORIGIN = 'http://evil.example.test';
const ERROR_PARAM = 'suite-login-error';
const AUTHORIZE_PARAMS = new Set(['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'claims', 'idp_hint', 'siret_hint', 'login_hint', 'prompt']);

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ——— a small cookie jar (host-scoped like a browser: ports ignored; Path and Max-Age honoured) ———

/** @typedef {{name: string, value: string, host: string, path: string, expires: number, attributes: string}} StoredCookie */

class Jar {
  /** @type {StoredCookie[]} */
  cookies = [];

  /**
   * @param {string} url
   * @param {string[]} setCookies
   */
  store(url, setCookies) {
    const { hostname, pathname } = new URL(url);
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = pathname.replace(/\/[^/]*$/, '') || '/';
      let expires = Infinity;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val;
        if (key.toLowerCase() === 'max-age') expires = Date.now() + Number(val) * 1000;
      }
      this.cookies = this.cookies.filter((cookie) => !(cookie.name === name && cookie.host === hostname && cookie.path === path));
      if (expires > Date.now()) this.cookies.push({ name, value, host: hostname, path, expires, attributes: attributes.join('; ') });
    }
  }

  /** @param {string} url */
  header(url) {
    const { hostname, pathname } = new URL(url);
    return this.cookies
      .filter((cookie) => cookie.host === hostname && (pathname === cookie.path || pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  /** @param {string} name */
  get(name) {
    return this.cookies.find((cookie) => cookie.name === name);
  }
}

/**
 * One request, no redirect followed, cookies from and into the jar.
 * @param {Jar} jar
 * @param {string} url
 * @param {{method?: string, headers?: Record<string, string>, body?: string}} [init]
 */
async function go(jar, url, init = {}) {
  /** @type {Record<string, string>} */
  const headers = { ...init.headers };
  const cookie = jar.header(url);
  if (cookie) headers.cookie = cookie;
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
  jar.store(url, response.headers.getSetCookie());
  return response;
}

/** @param {Response} response @param {string} base */
function locationOf(response, base) {
  const location = response.headers.get('location');
  assert.ok(location, `expected a redirect, got ${response.status}`);
  return new URL(location, base).href;
}

/**
 * The fields of the provider's login form and its action.
 * @param {string} html
 * @param {string} base
 */
function parseForm(html, base) {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  assert.ok(form, 'the provider page has a form');
  const action = new URL((form[1] ?? '').replace(/&amp;/g, '&'), base).href;
  /** @type {Record<string, string>} */
  const fields = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const name = /name="([^"]*)"/.exec(input[1] ?? '')?.[1];
    const value = /value="([^"]*)"/.exec(input[1] ?? '')?.[1] ?? '';
    if (name) fields[name] = value;
  }
  return { action, fields, body: form[2] ?? '' };
}

// ——— the world: one provider, one host server with several BFF mounts ———

/** @type {Awaited<ReturnType<typeof startOidcProvider>>} */
let provider;
/** @type {import('node:http').Server} */
let server;
/** @type {import('node:http').Server} */
let proxy;
/** @type {string} */
let origin;
/** @type {string} */
let proxyOrigin;
/** @type {number} */
let closedPort;
/** A free port for the runnable server (bin/suite-bff.js), registered at the provider. @type {number} */
let binPort;
/** @type {'none' | 'tamper-jwt' | 'json-same-sub' | 'json-other-sub'} */
let mitmMode = 'none';

/** @typedef {{level: string, message: string, detail?: Record<string, unknown>}} LogEntry */
/** @typedef {{name: string, baseUrl: string, handler: import('../dist/index.js').BffHandler, logs: LogEntry[]}} Mount */

/** @type {Map<string, Mount>} */
const mounts = new Map();
/** @type {{name: string, options: (base: string) => Partial<import('../dist/index.js').BffOptions>}[]} */
const MOUNT_SPECS = [
  {
    name: 'bff',
    options: () => ({
      acrValues: ['eidas1'],
      audiences: { mail: {}, chat: { ttl: 60, claims: ['email'] } },
      allowedOrigins: [PORTAL_ORIGIN],
    }),
  },
  { name: 'bff-secure', options: () => ({}) },
  { name: 'bff-skew-ahead', options: () => ({ clockSkew: 7200 }) },
  { name: 'bff-skew-behind', options: () => ({ clockSkew: -7200 }) },
  { name: 'bff-ttl', options: () => ({ sessionTtl: 2 }) },
  { name: 'bff-mitm', options: () => ({ fetch: mitmFetch }) },
  { name: 'bff-mitm-strict', options: () => ({ fetch: mitmFetch, userinfoSignedResponseAlg: 'RS256' }) },
  { name: 'bff-down', options: () => ({ issuer: `http://127.0.0.1:${closedPort}` }) },
];

/** The BFF's requests to the provider go through the proxy (a network attacker's position). @type {typeof fetch} */
const mitmFetch = (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const target = new URL(url.pathname + url.search, proxyOrigin);
  return fetch(target, init);
};

/**
 * Forwards everything to the provider; changes userinfo answers as `mitmMode` says.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function forward(req, res) {
  const target = new URL(req.url ?? '/', provider.issuer);
  const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent: false }, (answer) => {
    /** @type {Buffer[]} */
    const chunks = [];
    answer.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    answer.on('end', () => {
      let body = Buffer.concat(chunks);
      const headers = { ...answer.headers };
      const isJwt = String(headers['content-type'] ?? '').startsWith('application/jwt');
      if (target.pathname === '/api/v2/userinfo' && isJwt && mitmMode !== 'none') {
        const [header = '', payload = '', signature = ''] = body.toString('utf8').split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (mitmMode === 'tamper-jwt') {
          claims.email = 'mallory@evil.example';
          body = Buffer.from(`${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`);
        } else {
          const forged = { sub: mitmMode === 'json-same-sub' ? claims.sub : 'someone-else', email: 'mallory@evil.example' };
          body = Buffer.from(JSON.stringify(forged));
          headers['content-type'] = 'application/json; charset=utf-8';
        }
        headers['content-length'] = String(body.length);
      }
      res.writeHead(answer.statusCode ?? 502, headers);
      res.end(body);
    });
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}

/** @param {string} name */
function mount(name) {
  const found = mounts.get(name);
  assert.ok(found, `mount ${name}`);
  return found;
}

before(async () => {
  // A port that nothing listens on: the "provider down" issuer.
  const probe = createServer();
  await listen(probe, '127.0.0.1', 0);
  const address = probe.address();
  closedPort = typeof address === 'object' && address ? address.port : 1;
  await closeServer(probe);
  const binProbe = createServer();
  await listen(binProbe, '127.0.0.1', 0);
  const binAddress = binProbe.address();
  binPort = typeof binAddress === 'object' && binAddress ? binAddress.port : 1;
  await closeServer(binProbe);

  server = createServer((req, res) => {
    void (async () => {
      for (const { handler } of mounts.values()) if (await handler(req, res)) return;
      // The host site's own pages.
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`host page ${req.url}`);
    })();
  });
  origin = await listen(server, '127.0.0.1', 0);
  provider = await startOidcProvider({
    confidentialRedirectUris: [...MOUNT_SPECS.map(({ name }) => `${origin}/${name}/callback`), `http://127.0.0.1:${binPort}/bff/callback`],
    confidentialPostLogoutRedirectUris: [`${origin}/`],
  });
  proxy = createServer(forward);
  proxyOrigin = await listen(proxy, '127.0.0.1', 0);

  for (const spec of MOUNT_SPECS) {
    /** @type {LogEntry[]} */
    const logs = [];
    const baseUrl = `${origin}/${spec.name}`;
    // The secure mount keeps the default cookie settings, to show the __Host- prefix.
    const secure = spec.name === 'bff-secure';
    const handler = createBff({
      issuer: provider.issuer,
      clientId: provider.clients.confidential.clientId,
      clientSecret: provider.clients.confidential.clientSecret,
      baseUrl,
      secrets: SECRET,
      allowInsecureRequests: true,
      log: (level, message, detail) => logs.push({ level, message, detail }),
      ...(secure ? {} : { cookie: { secure: false, name: `${spec.name}-session` } }),
      ...spec.options(baseUrl),
    });
    mounts.set(spec.name, { name: spec.name, baseUrl, handler, logs });
  }
});

after(async () => {
  for (const { handler } of mounts.values()) handler.close();
  await closeServer(server);
  await closeServer(proxy);
  await provider.close();
});

afterEach(() => {
  provider.reset();
  mitmMode = 'none';
});

/**
 * Signs in through the BFF: login → provider (login form, consent) → callback.
 * @param {Mount} where
 * @param {{jar?: Jar, username?: string, deny?: boolean, query?: Record<string, string>}} [options]
 */
async function signIn(where, { jar = new Jar(), username = 'alice', deny = false, query = {} } = {}) {
  const loginUrl = new URL(`${where.baseUrl}/login`);
  for (const [key, value] of Object.entries(query)) loginUrl.searchParams.set(key, value);
  const login = await go(jar, loginUrl.href);
  assert.equal(login.status, 302);
  const authorizeUrl = locationOf(login, loginUrl.href);
  const loginSetCookies = login.headers.getSetCookie();
  if (!authorizeUrl.startsWith(provider.issuer)) return { jar, login, loginSetCookies, authorizeUrl, callback: undefined, final: authorizeUrl };
  const callbackUrl = await throughProvider(jar, authorizeUrl, { username, deny });
  assert.ok(callbackUrl.startsWith(`${where.baseUrl}/callback?`), `the provider sends back to the callback: ${callbackUrl}`);
  const callback = await go(jar, callbackUrl);
  assert.equal(callback.status, 302);
  return { jar, login, loginSetCookies, authorizeUrl, callback, final: locationOf(callback, callbackUrl) };
}

/**
 * Follows the provider's redirects and answers its login form; returns the URL of the redirect
 * that leaves the provider (the BFF's callback).
 * @param {Jar} jar
 * @param {string} url
 * @param {{username?: string, deny?: boolean}} options
 */
async function throughProvider(jar, url, { username = 'alice', deny = false }) {
  let current = url;
  for (let step = 0; step < 12; step++) {
    if (!current.startsWith(provider.issuer)) return current;
    const response = await go(jar, current);
    if (response.status >= 300 && response.status < 400) {
      current = locationOf(response, current);
      continue;
    }
    const html = await response.text();
    assert.equal(response.status, 200, `provider page: ${html.slice(0, 500)}`);
    const form = parseForm(html, current);
    assert.ok('username' in form.fields && 'password' in form.fields, 'the login form has username and password');
    assert.match(form.body, /Se connecter/);
    assert.match(form.body, /Refuser/);
    const body = new URLSearchParams(deny ? { username: '', password: '', action: 'deny' } : { username, password: `${username}-password`, action: 'login' });
    const answer = await go(jar, form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    assert.ok(answer.status >= 300 && answer.status < 400, `the login form answers with a redirect (${answer.status})`);
    current = locationOf(answer, form.action);
  }
  assert.fail('too many redirects at the provider');
}

/**
 * @param {Jar} jar
 * @param {Mount} where
 * @param {string} path
 * @param {{method?: string, headers?: Record<string, string>}} [init]
 */
async function api(jar, where, path, init = {}) {
  const response = await go(jar, `${where.baseUrl}${path}`, init);
  const text = await response.text();
  return { response, status: response.status, body: text ? /** @type {Record<string, any>} */ (JSON.parse(text)) : {} };
}

/** @param {string} url */
const errorOf = (url) => new URL(url).searchParams.get(ERROR_PARAM);

/**
 * Runs `run` with the handler of `where` swapped for one made of `options` (its callback stays the
 * registered one), then puts the mount's own handler back.
 * @param {Mount} where
 * @param {Partial<import('../dist/index.js').BffOptions>} options
 * @param {() => Promise<void>} run
 */
async function withHandler(where, options, run) {
  const saved = where.handler;
  where.handler = createBff({
    issuer: provider.issuer,
    clientId: provider.clients.confidential.clientId,
    clientSecret: provider.clients.confidential.clientSecret,
    baseUrl: where.baseUrl,
    secrets: SECRET,
    allowInsecureRequests: true,
    log: () => {},
    ...options,
  });
  try {
    await run();
  } finally {
    where.handler.close();
    where.handler = saved;
  }
}

describe('createBff options', () => {
  const base = { issuer: 'https://provider.example', clientId: 'c', clientSecret: 's', baseUrl: 'https://site.example/bff', secrets: SECRET };
  it('refuses short secrets, http issuers without allowInsecureRequests, long audience TTLs', () => {
    assert.throws(() => createBff({ ...base, secrets: 'too-short' }), /at least 32 characters/);
    assert.throws(() => createBff({ ...base, secrets: [SECRET, 'short'] }), /secret #2/);
    assert.throws(() => createBff({ ...base, issuer: 'http://provider.example' }), /allowInsecureRequests/);
    assert.throws(() => createBff({ ...base, audiences: { mail: { ttl: 7200 } } }), /at most 3600/);
    assert.throws(() => createBff({ ...base, allowedOrigins: ['https://a.example/path'] }), /bare origins/);
    assert.throws(() => createBff({ ...base, cookie: { name: '__Host-x', domain: 'site.example' } }), /__Host-/);
    const handler = createBff(base);
    assert.equal(handler.basePath, '/bff');
    handler.close();
  });

  it('refuses a cookie.path that does not contain the BFF’s path', () => {
    assert.throws(() => createBff({ ...base, cookie: { path: '/app' } }), /`cookie\.path` \/app does not contain the BFF's path \/bff/);
    assert.throws(() => createBff({ ...base, cookie: { path: '/bf' } }), /cookie\.path/);
    assert.throws(() => createBff({ ...base, cookie: { path: '/bff/me' } }), /cookie\.path/);
    assert.throws(() => createBff({ ...base, baseUrl: 'https://site.example/', cookie: { path: '/bff' } }), /cookie\.path/);
    for (const path of ['/', '/bff', '/bff/']) createBff({ ...base, cookie: { path } }).close();
    createBff({ ...base, baseUrl: 'https://site.example/bff/v1', cookie: { path: '/bff' } }).close();
  });

  it('refuses a MemorySessionStore maxSessions that is not a positive integer', () => {
    assert.throws(() => new MemorySessionStore({ maxSessions: 0 }), /maxSessions/);
    assert.throws(() => new MemorySessionStore({ maxSessions: 1.5 }), /maxSessions/);
  });

  it('passes other paths to next() and answers unknown paths under its base with a JSON 404', async () => {
    const jar = new Jar();
    const page = await go(jar, `${origin}/somewhere/else`);
    assert.equal(await page.text(), 'host page /somewhere/else');
    const missing = await api(jar, mount('bff'), '/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: 'not_found' });
    assert.equal(missing.response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(missing.response.headers.get('cache-control'), 'no-store');
    let nextCalled = false;
    const handled = await mount('bff').handler(/** @type {any} */ ({ url: '/other', headers: {}, method: 'GET' }), /** @type {any} */ ({}), () => {
      nextCalled = true;
    });
    assert.equal(handled, false);
    assert.equal(nextCalled, true);
  });
});

describe('sign-in journey', () => {
  it('login → provider → callback → session cookie → me', async () => {
    const where = mount('bff');
    const { jar, callback, final, loginSetCookies } = await signIn(where, { query: { returnTo: `${origin}/app/page?tab=1` } });
    assert.equal(final, `${origin}/app/page?tab=1`);
    // The login-state cookie: sealed, httpOnly, Lax, scoped to the BFF's path, 10 minutes.
    const loginCookie = loginSetCookies.find((cookie) => cookie.startsWith('bff-session-login='));
    assert.ok(loginCookie);
    assert.match(loginCookie, /; Path=\/bff;/);
    assert.match(loginCookie, /Max-Age=600/);
    assert.match(loginCookie, /HttpOnly/);
    assert.match(loginCookie, /SameSite=Lax/);
    assert.doesNotMatch(loginCookie, /Secure/);
    // The session cookie.
    const session = callback?.headers.getSetCookie().find((cookie) => cookie.startsWith('bff-session='));
    assert.ok(session, 'the callback sets the session cookie');
    assert.match(session, /; Path=\/;/);
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Lax/);
    assert.match(session, /Max-Age=43200/);
    assert.doesNotMatch(session, /Secure/);
    assert.doesNotMatch(session, /eyJ/, 'no token in the cookie');
    assert.equal(callback?.headers.get('cache-control'), 'no-store');

    const me = await api(jar, where, '/me');
    assert.equal(me.status, 200);
    assert.equal(me.response.headers.get('cache-control'), 'no-store');
    const alice = provider.users[0];
    assert.ok(alice);
    assert.equal(me.body.user.sub, alice.sub);
    assert.equal(me.body.user.given_name, 'Alice');
    assert.equal(me.body.user.usual_name, 'Martin');
    assert.equal(me.body.user.email, 'alice@ministere.example');
    assert.equal(me.body.user.uid, 'alice');
    assert.equal(me.body.user.siret, '13002526500013');
    assert.equal(me.body.user.idp_id, 'testbed-idp');
    assert.equal(me.body.user.iss, undefined, 'JWT envelope claims are not user claims');
    assert.equal(me.body.acr, 'eidas1');
    assert.ok(me.body.expiresAt > Date.now() + 43000 * 1000 && me.body.expiresAt <= Date.now() + 43200 * 1000);
    assert.ok(me.body.accessTokenExpiresAt > Date.now());
    assert.equal(JSON.stringify(me.body).includes('eyJ'), false, 'no provider token reaches the browser');
    assert.equal(JSON.stringify(where.logs).includes('eyJ'), false, 'no token in the logs');
    assert.equal(JSON.stringify(where.logs).includes(provider.clients.confidential.clientSecret), false, 'no secret in the logs');
  });

  it('sets a Secure __Host- cookie when secure (the default)', async () => {
    const where = mount('bff-secure');
    const { jar, callback, loginSetCookies } = await signIn(where);
    const loginCookie = loginSetCookies.find((cookie) => cookie.startsWith('__Host-suite-session-login='));
    assert.ok(loginCookie, 'the login cookie is __Host- (Path=/): a sibling subdomain cannot plant it');
    assert.match(loginCookie, /; Path=\/;/);
    assert.doesNotMatch(loginCookie, /Domain=/);
    assert.match(loginCookie, /; Secure/);
    const session = callback?.headers.getSetCookie().find((cookie) => cookie.startsWith('__Host-suite-session='));
    assert.ok(session);
    assert.match(session, /; Path=\/;/);
    assert.match(session, /; HttpOnly; Secure; SameSite=Lax$/);
    assert.doesNotMatch(session, /Domain=/);
    assert.equal((await api(jar, where, '/me')).status, 200);
  });

  it('sends ProConnect’s authorize parameters and nothing else', async () => {
    const where = mount('bff');
    const jar = new Jar();
    const login = await go(jar, `${where.baseUrl}/login?idp_hint=idp-123&siret_hint=13002526500013&prompt=login&foo=bar&returnTo=/x`);
    const authorize = new URL(locationOf(login, where.baseUrl));
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${provider.issuer}/api/v2/authorize`);
    await go(jar, authorize.href);
    const record = provider.lastAuthorization();
    assert.ok(record);
    assert.equal(record.response_type, 'code');
    assert.equal(record.client_id, 'suite-bff');
    assert.equal(record.redirect_uri, `${where.baseUrl}/callback`);
    assert.equal(record.scope, 'openid given_name usual_name email uid siret idp_id');
    assert.ok((record.state ?? '').length >= 32, 'state ≥ 32 characters');
    assert.ok((record.nonce ?? '').length >= 32, 'nonce ≥ 32 characters');
    assert.notEqual(record.state, record.nonce);
    assert.equal(record.code_challenge_method, 'S256');
    assert.ok((record.code_challenge ?? '').length >= 43);
    assert.deepEqual(record.claims, { id_token: { acr: { essential: true, values: ['eidas1'] } } });
    assert.equal(record.idp_hint, 'idp-123');
    assert.equal(record.siret_hint, '13002526500013');
    assert.equal(record.prompt, 'login');
    assert.equal(record.login_hint, undefined);
    for (const key of Object.keys(record.params)) assert.ok(AUTHORIZE_PARAMS.has(key), `unexpected authorize parameter ${key}`);

    const other = await go(jar, `${where.baseUrl}/login?prompt=consent&login_hint=alice`);
    const params = new URL(locationOf(other, where.baseUrl)).searchParams;
    assert.equal(params.get('prompt'), null, 'prompt is only none or login');
    assert.equal(params.get('login_hint'), 'alice');
    assert.equal(params.get('idp_hint'), null);
    assert.equal(params.get('claims') !== null, true);
    assert.notEqual(params.get('state'), record.state);
  });

  it('refuses a returnTo on another origin or back into the BFF (no open redirect, no loop)', async () => {
    const where = mount('bff');
    const evil = await signIn(where, { query: { returnTo: `${EVIL_ORIGIN}/steal` } });
    assert.equal(evil.final, `${origin}/`);
    for (const returnTo of ['//evil.example.test/x', '/\\evil.example.test/x', 'javascript:alert(1)', `${where.baseUrl}/login`, `${where.baseUrl}/callback?x=1`]) {
      // The GET logout fallback (no session) redirects to the same checked returnTo.
      const jar = new Jar();
      const logout = await go(jar, `${where.baseUrl}/logout?returnTo=${encodeURIComponent(returnTo)}`);
      assert.equal(locationOf(logout, where.baseUrl), `${origin}/`, returnTo);
    }
  });

  it('refuses a returnTo over 2048 characters once normalised (percent-encoding)', async () => {
    const where = mount('bff');
    const returnTo = `/app/${'é'.repeat(1000)}`; // 1005 characters, over 6000 once percent-encoded
    const logout = await go(new Jar(), `${where.baseUrl}/logout?returnTo=${encodeURIComponent(returnTo)}`);
    assert.equal(locationOf(logout, where.baseUrl), `${origin}/`);
    const login = await go(new Jar(), `${where.baseUrl}/login?returnTo=${encodeURIComponent(returnTo)}`);
    const loginCookie = login.headers.getSetCookie().find((cookie) => cookie.startsWith('bff-session-login='));
    assert.ok(loginCookie);
    assert.ok(loginCookie.length < 4000, `the login cookie fits in a browser (${loginCookie.length} characters)`);
    // A long one that stays within the limit is kept.
    const fits = `/app/${'a'.repeat(1500)}`;
    const kept = await go(new Jar(), `${where.baseUrl}/logout?returnTo=${encodeURIComponent(fits)}`);
    assert.equal(locationOf(kept, where.baseUrl), `${origin}${fits}`);
  });

  it('keeps at most maxSessions sessions in a MemorySessionStore, dropping the oldest', async () => {
    const where = mount('bff-ttl');
    const store = new MemorySessionStore({ maxSessions: 2 });
    try {
      await withHandler(where, { store, cookie: { secure: false, name: 'capped' } }, async () => {
        const first = await signIn(where);
        const second = await signIn(where);
        const third = await signIn(where);
        assert.equal(store.size, 2);
        assert.deepEqual((await api(first.jar, where, '/me')).body, { error: 'not_signed_in' });
        assert.equal((await api(second.jar, where, '/me')).status, 200);
        assert.equal((await api(third.jar, where, '/me')).status, 200);
      });
    } finally {
      store.close();
    }
  });

  it('keeps parallel sign-ins apart (two tabs)', async () => {
    const where = mount('bff');
    const jar = new Jar();
    const first = await go(jar, `${where.baseUrl}/login?returnTo=/tab-1`);
    const second = await go(jar, `${where.baseUrl}/login?returnTo=/tab-2`);
    const secondCallback = await throughProvider(jar, locationOf(second, where.baseUrl), {});
    const firstCallback = await throughProvider(jar, locationOf(first, where.baseUrl), {});
    const a = await go(jar, secondCallback);
    assert.equal(locationOf(a, secondCallback), `${origin}/tab-2`);
    const b = await go(jar, firstCallback);
    assert.equal(locationOf(b, firstCallback), `${origin}/tab-1`);
    // A state is good once.
    const replay = await go(jar, firstCallback);
    assert.equal(errorOf(locationOf(replay, firstCallback)), 'state_mismatch');
    assert.equal((await api(jar, where, '/me')).status, 200);
  });

  it('answers a callback with an unknown state with state_mismatch', async () => {
    const where = mount('bff');
    const jar = new Jar();
    await go(jar, `${where.baseUrl}/login?returnTo=/app`);
    const wrong = await go(jar, `${where.baseUrl}/callback?code=abc&state=${'x'.repeat(43)}`);
    const location = locationOf(wrong, where.baseUrl);
    assert.equal(new URL(location).origin + new URL(location).pathname, `${origin}/`);
    assert.equal(errorOf(location), 'state_mismatch');
    const none = await go(new Jar(), `${where.baseUrl}/callback?error=access_denied&error_description=Phishing%20text`);
    const noneLocation = locationOf(none, where.baseUrl);
    assert.equal(errorOf(noneLocation), 'state_mismatch');
    assert.equal(new URL(noneLocation).searchParams.get('suite-login-error-description'), null, 'no provider text without a matching state');
    assert.ok(where.logs.some((entry) => entry.level === 'warn' && entry.detail?.code === 'state_mismatch'));
  });

  it('passes a refusal at the provider back as access_denied', async () => {
    const where = mount('bff');
    const { jar, final } = await signIn(where, { deny: true, query: { returnTo: '/app?x=1' } });
    const url = new URL(final);
    assert.equal(url.pathname, '/app');
    assert.equal(url.searchParams.get('x'), '1');
    assert.equal(url.searchParams.get(ERROR_PARAM), 'access_denied');
    assert.ok((url.searchParams.get('suite-login-error-description') ?? '').length > 0);
    assert.equal((await api(jar, where, '/me')).status, 401);
  });

  it('passes login_required back from a silent sign-in (prompt=none) without a provider session', async () => {
    const where = mount('bff');
    const { final } = await signIn(where, { query: { prompt: 'none', returnTo: '/app' } });
    assert.equal(new URL(final).pathname, '/app');
    assert.equal(errorOf(final), 'login_required');
  });

  it('answers 401 not_signed_in without a session and for a tampered cookie (and warns)', async () => {
    const where = mount('bff');
    const anonymous = await api(new Jar(), where, '/me');
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.body, { error: 'not_signed_in' });

    const { jar } = await signIn(where);
    const cookie = jar.get('bff-session');
    assert.ok(cookie);
    const last = cookie.value.at(-2) === 'A' ? 'B' : 'A';
    cookie.value = `${cookie.value.slice(0, -2)}${last}${cookie.value.at(-1)}`;
    const before = where.logs.length;
    const tampered = await api(jar, where, '/me');
    assert.equal(tampered.status, 401);
    assert.deepEqual(tampered.body, { error: 'not_signed_in' });
    assert.ok(where.logs.slice(before).some((entry) => entry.level === 'warn' && /did not open/.test(entry.message)));
    assert.match(tampered.response.headers.getSetCookie().join('\n'), /bff-session=; Path=\/; Max-Age=0/);
  });

  it('rotates secrets: the first seals, all open', async () => {
    const store = new MemorySessionStore();
    const options = {
      issuer: provider.issuer,
      clientId: provider.clients.confidential.clientId,
      clientSecret: provider.clients.confidential.clientSecret,
      allowInsecureRequests: true,
      store,
      cookie: { secure: false, name: 'rotation' },
      log: () => {},
    };
    const where = mount('bff-ttl'); // registered callback; its own handler is swapped for this test
    const saved = where.handler;
    where.handler = createBff({ ...options, baseUrl: where.baseUrl, secrets: [SECRET] });
    try {
      const { jar } = await signIn(where);
      where.handler.close();
      where.handler = createBff({ ...options, baseUrl: where.baseUrl, secrets: [OTHER_SECRET, SECRET] });
      assert.equal((await api(jar, where, '/me')).status, 200, 'an old secret still opens');
      where.handler.close();
      where.handler = createBff({ ...options, baseUrl: where.baseUrl, secrets: [OTHER_SECRET] });
      assert.equal((await api(jar, where, '/me')).status, 401, 'a removed secret does not');
    } finally {
      where.handler.close();
      where.handler = saved;
      store.close();
    }
  });
});

describe('provider answers that must be refused', () => {
  it('refuses a userinfo JWT changed in transit (signature) with invalid_token', async () => {
    const where = mount('bff-mitm');
    mitmMode = 'tamper-jwt';
    const { jar, final } = await signIn(where, { query: { returnTo: '/app' } });
    assert.equal(errorOf(final), 'invalid_token');
    assert.equal(new URL(final).pathname, '/app');
    assert.equal((await api(jar, where, '/me')).status, 401);
    assert.ok(where.logs.some((entry) => entry.detail?.code === 'invalid_token' && /signature/.test(String(entry.detail?.cause1Message))));
  });

  it('accepts the same journey through the proxy when nothing is changed', async () => {
    const where = mount('bff-mitm');
    const { jar, final } = await signIn(where);
    assert.equal(errorOf(final), null);
    assert.equal((await api(jar, where, '/me')).body.user.email, 'alice@ministere.example');
  });

  it('refuses a userinfo for another subject (sub ≠ id_token sub)', async () => {
    const where = mount('bff-mitm');
    mitmMode = 'json-other-sub';
    const { final } = await signIn(where);
    assert.equal(errorOf(final), 'invalid_token');
  });

  it('refuses an unsigned userinfo when userinfoSignedResponseAlg is set', async () => {
    const where = mount('bff-mitm-strict');
    mitmMode = 'json-same-sub';
    const { final } = await signIn(where);
    assert.equal(errorOf(final), 'invalid_token');
  });

  it('fails with clock_skew when this server’s clock is ahead (expired id_token)', async () => {
    const where = mount('bff-skew-ahead');
    const { jar, final } = await signIn(where, { query: { returnTo: '/app' } });
    assert.equal(errorOf(final), 'clock_skew');
    assert.equal((await api(jar, where, '/me')).status, 401);
  });

  it('fails with clock_skew when this server’s clock is behind (id_token issued in the future)', async () => {
    const where = mount('bff-skew-behind');
    const { final } = await signIn(where);
    assert.equal(errorOf(final), 'clock_skew');
    assert.ok(where.logs.some((entry) => entry.detail?.code === 'clock_skew'));
  });

  it('answers provider_unreachable when the provider is down, and keeps serving', async () => {
    const where = mount('bff-down');
    const jar = new Jar();
    const login = await go(jar, `${where.baseUrl}/login?returnTo=/app`);
    assert.equal(login.status, 302);
    const location = locationOf(login, where.baseUrl);
    assert.equal(new URL(location).pathname, '/app');
    assert.equal(errorOf(location), 'provider_unreachable');
    // Retried at the next request (not cached as a failure), still no crash.
    const again = await go(jar, `${where.baseUrl}/login`);
    assert.equal(errorOf(locationOf(again, where.baseUrl)), 'provider_unreachable');
    assert.equal((await api(jar, where, '/me')).status, 401);
    assert.equal((await api(jar, where, '/jwks')).status, 200);
    assert.ok(where.logs.some((entry) => entry.level === 'error' && entry.detail?.code === 'provider_unreachable'));
  });
});

describe('session lifetime', () => {
  it('refreshes server-side when the provider access token is about to expire', async () => {
    provider.configure({ accessTokenTtl: 2 });
    const where = mount('bff');
    const { jar } = await signIn(where);
    // A 2 s access token is refreshed in its last second (half its lifetime).
    await sleep(1100);
    const before = provider.stats().tokenRequests.refresh_token;
    const first = await api(jar, where, '/me');
    assert.equal(first.status, 200);
    assert.ok(provider.stats().tokenRequests.refresh_token > before, 'a refresh_token grant was made');
    assert.ok(first.body.accessTokenExpiresAt > Date.now());
    // Parallel requests share one refresh (a rotated refresh token is single-use).
    await sleep(1100);
    const count = provider.stats().tokenRequests.refresh_token;
    const parallel = await Promise.all([api(jar, where, '/me'), api(jar, where, '/me'), api(jar, where, '/me')]);
    for (const answer of parallel) assert.equal(answer.status, 200);
    assert.equal(provider.stats().tokenRequests.refresh_token, count + 1);
    assert.equal(provider.stats().refreshFailures, 0);
  });

  it('does not refresh a 60-second access token at every request (margin: half its lifetime)', async () => {
    provider.configure({ accessTokenTtl: 60 }); // like ProConnect
    const where = mount('bff');
    const { jar } = await signIn(where);
    const before = provider.stats().tokenRequests.refresh_token;
    assert.equal((await api(jar, where, '/me')).status, 200);
    assert.equal((await api(jar, where, '/token?audience=mail', { headers: { 'X-Suite-Requested-With': 'fetch' } })).status, 200);
    assert.equal((await api(jar, where, '/me')).status, 200);
    assert.equal(provider.stats().tokenRequests.refresh_token, before, 'no refresh with 60 s left of 60 s');
  });

  it('a logout during a refresh wins: the refreshed session is not stored back', async () => {
    provider.configure({ accessTokenTtl: 2 });
    const where = mount('bff-ttl');
    const inner = new MemorySessionStore();
    /** @type {{reached: () => void, release: Promise<void>} | undefined} */
    let gate;
    /** A store whose next `set` waits until the test lets it go (a slow shared store). @type {import('../dist/index.js').SessionStore} */
    const store = {
      get: (id) => inner.get(id),
      set: async (id, session, ttl) => {
        const held = gate;
        gate = undefined;
        if (held !== undefined) {
          held.reached();
          await held.release;
        }
        return inner.set(id, session, ttl);
      },
      delete: (id) => inner.delete(id),
    };
    try {
      await withHandler(where, { store, cookie: { secure: false, name: 'race' } }, async () => {
        const { jar } = await signIn(where);
        const cookie = jar.get('race');
        assert.ok(cookie);
        const copy = { ...cookie };
        await sleep(1100); // the 2 s access token is now due for a refresh
        /** @type {() => void} */
        let release = () => {};
        const reached = new Promise((resolve) => {
          gate = { reached: () => resolve(undefined), release: new Promise((done) => (release = () => done(undefined))) };
        });
        const me = api(jar, where, '/me'); // refreshes; its store.set waits at the gate
        await reached;
        const logout = await api(jar, where, '/logout', { method: 'POST', headers: { 'X-Suite-Requested-With': 'fetch' } });
        assert.equal(logout.status, 200);
        assert.ok(logout.body.redirect, 'the provider logout URL');
        release();
        const answer = await me;
        assert.equal(answer.status, 401);
        assert.deepEqual(answer.body, { error: 'not_signed_in' });
        assert.equal(inner.size, 0, 'the refreshed session was not stored back');
        // The cookie from before the logout opens nothing.
        const replay = new Jar();
        replay.cookies.push({ ...copy, expires: Infinity });
        assert.equal((await api(replay, where, '/me')).status, 401);
      });
    } finally {
      inner.close();
    }
  });

  it('ends the session when the refresh token is refused (session_expired)', async () => {
    provider.configure({ accessTokenTtl: 2, refreshTokenTtl: 1 });
    const where = mount('bff');
    const { jar } = await signIn(where);
    await sleep(1500);
    const expired = await api(jar, where, '/me');
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, { error: 'session_expired' });
    assert.match(expired.response.headers.getSetCookie().join('\n'), /bff-session=; Path=\/; Max-Age=0/);
    assert.ok(provider.stats().refreshFailures >= 1);
    assert.deepEqual((await api(jar, where, '/me')).body, { error: 'not_signed_in' });
  });

  it('ends the session at its absolute TTL', async () => {
    const where = mount('bff-ttl');
    const { jar, callback } = await signIn(where);
    assert.match(callback?.headers.getSetCookie().join('\n') ?? '', /bff-ttl-session=[^;]+; Path=\/; Max-Age=2;/);
    const cookie = jar.get('bff-ttl-session');
    assert.ok(cookie);
    assert.equal((await api(jar, where, '/me')).status, 200);
    await sleep(2100);
    cookie.expires = Infinity; // a client that ignores Max-Age still gets no session
    const expired = await api(jar, where, '/me');
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, { error: 'session_expired' });
  });
});

describe('logout', () => {
  it('POST logout ends the session and gives the provider’s end-session URL', async () => {
    const where = mount('bff');
    const { jar } = await signIn(where);
    const logout = await api(jar, where, '/logout', { method: 'POST', headers: { 'X-Suite-Requested-With': 'fetch', 'content-type': 'application/json' } });
    assert.equal(logout.status, 200);
    assert.equal(logout.response.headers.get('cache-control'), 'no-store');
    const redirect = new URL(logout.body.redirect);
    assert.equal(`${redirect.origin}${redirect.pathname}`, `${provider.issuer}/api/v2/session/end`);
    assert.equal(redirect.searchParams.get('post_logout_redirect_uri'), `${origin}/`);
    assert.ok((redirect.searchParams.get('state') ?? '').length >= 32);
    const hint = redirect.searchParams.get('id_token_hint');
    assert.ok(hint);
    assert.equal(decodeJwt(hint).sub, provider.users[0]?.sub);
    assert.deepEqual((await api(jar, where, '/me')).body, { error: 'not_signed_in' });

    // The provider accepts it: its logout page confirms by itself, then comes back to the host.
    const page = await go(jar, redirect.href);
    const html = await page.text();
    assert.equal(page.status, 200, html.slice(0, 300));
    const form = parseForm(html, redirect.href);
    const confirm = await go(jar, form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form.fields, logout: 'yes' }).toString() });
    assert.ok(confirm.status >= 300 && confirm.status < 400);
    const back = new URL(locationOf(confirm, form.action));
    assert.equal(`${back.origin}${back.pathname}`, `${origin}/`);
    assert.equal(back.searchParams.get('state'), redirect.searchParams.get('state'));

    const again = await api(jar, where, '/logout', { method: 'POST', headers: { 'X-Suite-Requested-With': 'fetch' } });
    assert.deepEqual(again.body, { redirect: null });
  });

  it('GET logout redirects (no-JS fallback)', async () => {
    const where = mount('bff');
    const { jar } = await signIn(where);
    const logout = await go(jar, `${where.baseUrl}/logout?returnTo=/bye`);
    assert.equal(logout.status, 302);
    assert.ok(locationOf(logout, where.baseUrl).startsWith(`${provider.issuer}/api/v2/session/end?`));
    const none = await go(jar, `${where.baseUrl}/logout?returnTo=/bye`);
    assert.equal(locationOf(none, where.baseUrl), `${origin}/bye`);
  });

  it('GET logout from another site redirects without ending the session (CSRF)', async () => {
    const where = mount('bff');
    const { jar } = await signIn(where);
    /** @type {Record<string, string>[]} */
    const foreign = [{ 'Sec-Fetch-Site': 'cross-site' }, { Referer: `${EVIL_ORIGIN}/page` }, { Origin: EVIL_ORIGIN }, { Origin: 'null' }, { Referer: 'not a url' }];
    for (const headers of foreign) {
      const logout = await go(jar, `${where.baseUrl}/logout?returnTo=/bye`, { headers });
      assert.equal(logout.status, 302);
      assert.equal(locationOf(logout, where.baseUrl), `${origin}/bye`, JSON.stringify(headers));
      assert.doesNotMatch(logout.headers.getSetCookie().join('\n'), /bff-session=;/, JSON.stringify(headers));
      assert.equal((await api(jar, where, '/me')).status, 200, `the session survived ${JSON.stringify(headers)}`);
    }
    assert.ok(where.logs.some((entry) => entry.level === 'warn' && /another site/.test(entry.message)));
    // The host's own pages (and allowed origins) still sign out with a plain link.
    const allowed = await go(jar, `${where.baseUrl}/logout?returnTo=/bye`, { headers: { 'Sec-Fetch-Site': 'same-site', Referer: `${PORTAL_ORIGIN}/home` } });
    assert.ok(locationOf(allowed, where.baseUrl).startsWith(`${provider.issuer}/api/v2/session/end?`));
    assert.equal((await api(jar, where, '/me')).status, 401);
    const { jar: again } = await signIn(where);
    const own = await go(again, `${where.baseUrl}/logout`, { headers: { 'Sec-Fetch-Site': 'same-origin', Referer: `${origin}/app` } });
    assert.ok(locationOf(own, where.baseUrl).startsWith(`${provider.issuer}/api/v2/session/end?`));
    assert.equal((await api(again, where, '/me')).status, 401);
  });

  it('requires the X-Suite-Requested-With header or an allowed Origin (CSRF)', async () => {
    const where = mount('bff');
    const { jar } = await signIn(where);
    const bare = await api(jar, where, '/logout', { method: 'POST' });
    assert.equal(bare.status, 403);
    const foreign = await api(jar, where, '/logout', { method: 'POST', headers: { Origin: EVIL_ORIGIN, 'X-Suite-Requested-With': 'fetch' } });
    assert.equal(foreign.status, 403);
    const token = await api(jar, where, '/token?audience=mail');
    assert.equal(token.status, 403);
    assert.equal((await api(jar, where, '/me')).status, 200, 'the session survived');
    const sameOrigin = await api(jar, where, '/logout', { method: 'POST', headers: { Origin: origin } });
    assert.equal(sameOrigin.status, 200);
  });
});

describe('tokens for sibling widgets', () => {
  it('mints a short-lived JWT that verifies against GET jwks', async () => {
    const where = mount('bff');
    const { jar } = await signIn(where);
    const jwks = await api(jar, where, '/jwks');
    assert.equal(jwks.status, 200);
    assert.equal(jwks.response.headers.get('cache-control'), 'public, max-age=300');
    const [key] = jwks.body.keys;
    assert.equal(key.alg, 'ES256');
    assert.equal(key.d, undefined, 'no private part');
    assert.ok(key.kid);

    const minted = await api(jar, where, '/token?audience=mail', { headers: { 'X-Suite-Requested-With': 'fetch' } });
    assert.equal(minted.status, 200);
    assert.equal(minted.body.token_type, 'Bearer');
    assert.equal(minted.body.audience, 'mail');
    assert.equal(minted.body.expires_in, 300);
    const { payload, protectedHeader } = await jwtVerify(minted.body.access_token, createLocalJWKSet(/** @type {any} */ (jwks.body)), { issuer: where.baseUrl, audience: 'mail' });
    assert.equal(protectedHeader.kid, key.kid);
    assert.equal(protectedHeader.typ, 'at+jwt');
    assert.equal(payload.sub, provider.users[0]?.sub);
    assert.equal(payload.email, 'alice@ministere.example');
    assert.equal(payload.given_name, 'Alice');
    assert.equal(payload.siret, '13002526500013');
    assert.equal(payload.acr, 'eidas1');
    assert.ok(typeof payload.jti === 'string' && payload.jti.length > 10);
    assert.ok(typeof payload.exp === 'number' && typeof payload.iat === 'number' && payload.exp - payload.iat === 300);

    const chat = await api(jar, where, '/token?audience=chat', { headers: { 'X-Suite-Requested-With': 'fetch' } });
    assert.equal(chat.body.expires_in, 60);
    const chatClaims = decodeJwt(chat.body.access_token);
    assert.equal(chatClaims.aud, 'chat');
    assert.equal(chatClaims.email, 'alice@ministere.example');
    assert.equal(chatClaims.given_name, undefined);
    await assert.rejects(jwtVerify(chat.body.access_token, createLocalJWKSet(/** @type {any} */ (jwks.body)), { issuer: where.baseUrl, audience: 'mail' }));
  });

  it('answers 400 for an unknown audience and 401 without a session', async () => {
    const where = mount('bff');
    const { jar } = await signIn(where);
    const unknown = await api(jar, where, '/token?audience=nope', { headers: { 'X-Suite-Requested-With': 'fetch' } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, { error: 'invalid_audience' });
    const anonymous = await api(new Jar(), where, '/token?audience=mail', { headers: { 'X-Suite-Requested-With': 'fetch' } });
    assert.equal(anonymous.status, 401);
  });

  it('never mints past the session’s end', async () => {
    const where = mount('bff-ttl');
    await withHandler(where, { sessionTtl: 30, audiences: { mail: { ttl: 3600 } }, cookie: { secure: false } }, async () => {
      const { jar } = await signIn(where);
      const minted = await api(jar, where, '/token?audience=mail', { headers: { 'X-Suite-Requested-With': 'fetch' } });
      assert.equal(minted.status, 200);
      assert.ok(minted.body.expires_in <= 30);
    });
  });
});

describe('CORS', () => {
  it('answers preflights and credentials for allowed origins only', async () => {
    const where = mount('bff');
    const jar = new Jar();
    const preflight = await go(jar, `${where.baseUrl}/me`, { method: 'OPTIONS', headers: { Origin: PORTAL_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-suite-requested-with' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), PORTAL_ORIGIN);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-Suite-Requested-With/i);
    assert.match(preflight.headers.get('vary') ?? '', /Origin/);

    const foreign = await go(jar, `${where.baseUrl}/me`, { method: 'OPTIONS', headers: { Origin: EVIL_ORIGIN, 'Access-Control-Request-Method': 'GET' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal(foreign.headers.get('access-control-allow-credentials'), null);

    const { jar: signedIn } = await signIn(where);
    const me = await api(signedIn, where, '/me', { headers: { Origin: PORTAL_ORIGIN } });
    assert.equal(me.status, 200);
    assert.equal(me.response.headers.get('access-control-allow-origin'), PORTAL_ORIGIN);
    assert.equal(me.response.headers.get('access-control-allow-credentials'), 'true');
    const token = await api(signedIn, where, '/token?audience=mail', { headers: { Origin: PORTAL_ORIGIN } });
    assert.equal(token.status, 200, 'an allowed Origin passes the CSRF check');
    const evil = await api(signedIn, where, '/me', { headers: { Origin: EVIL_ORIGIN } });
    assert.equal(evil.response.headers.get('access-control-allow-origin'), null);

    const noCors = await api(new Jar(), mount('bff-ttl'), '/me', { headers: { Origin: PORTAL_ORIGIN } });
    assert.equal(noCors.response.headers.get('access-control-allow-origin'), null, 'no allowedOrigins: same origin only');
  });
});

describe('the runnable server (bin/suite-bff.js)', () => {
  const BIN = fileURLToPath(new URL('../bin/suite-bff.js', import.meta.url));
  /** The environment without any SUITE_BFF_ variable of the shell running the tests. */
  const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SUITE_BFF_')));
  const required = () => ({
    SUITE_BFF_ISSUER: provider.issuer,
    SUITE_BFF_CLIENT_ID: provider.clients.confidential.clientId,
    SUITE_BFF_CLIENT_SECRET: provider.clients.confidential.clientSecret,
    SUITE_BFF_BASE_URL: `http://127.0.0.1:${binPort}/bff`,
    SUITE_BFF_SECRETS: SECRET,
    SUITE_BFF_INSECURE: '1',
    SUITE_BFF_PORT: String(binPort),
  });

  /**
   * Starts the server and resolves once it listens.
   * @param {Record<string, string>} env
   */
  function startBin(env) {
    const child = spawn(process.execPath, [BIN], { env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    return new Promise((resolve, reject) => {
      let out = '';
      let errors = '';
      child.stderr.on('data', (/** @type {Buffer} */ chunk) => (errors += chunk.toString()));
      child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
        out += chunk.toString();
        if (/listening on http:\/\/\S+/.test(out)) {
          resolve({
            origin: `http://127.0.0.1:${binPort}`,
            stop: async () => {
              child.kill('SIGTERM');
              await exited;
            },
          });
        }
      });
      void exited.then((code) => reject(new Error(`suite-bff exited (${String(code)}): ${errors}`)));
    });
  }

  /** @param {Record<string, string>} env */
  function runBinExpectingFailure(env) {
    return spawnSync(process.execPath, [BIN], { env: { ...cleanEnv(), ...required(), ...env }, encoding: 'utf8', timeout: 10_000 });
  }

  /** @type {string} */
  let tmp;
  /** @type {string} */
  let root;

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'suite-bff-static-'));
    root = join(tmp, 'site');
    await mkdir(join(root, '.git'), { recursive: true });
    await mkdir(join(root, 'sub'));
    await mkdir(join(tmp, 'outside-dir'));
    await writeFile(join(root, 'index.html'), 'home page');
    await writeFile(join(root, 'sub', 'page.html'), 'sub page');
    await writeFile(join(root, '.env'), 'SECRET=1');
    await writeFile(join(root, '.git', 'config'), '[core]');
    await writeFile(join(tmp, 'outside.txt'), 'outside the root');
    await writeFile(join(tmp, 'outside-dir', 'index.html'), 'outside the root');
    await symlink(join(tmp, 'outside.txt'), join(root, 'out.txt'));
    await symlink(join(tmp, 'outside-dir'), join(root, 'outdir'));
    await symlink(join(root, 'sub', 'page.html'), join(root, 'inside.html'));
  });

  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('serves the static folder, but no hidden path and nothing a symbolic link leads out to', async () => {
    const bin = await startBin({ ...required(), SUITE_BFF_STATIC_DIR: root });
    try {
      const get = async (/** @type {string} */ path) => {
        const response = await fetch(`${bin.origin}${path}`);
        return { status: response.status, text: await response.text() };
      };
      assert.deepEqual(await get('/'), { status: 200, text: 'home page' });
      assert.deepEqual(await get('/sub/page.html'), { status: 200, text: 'sub page' });
      assert.deepEqual(await get('/inside.html'), { status: 200, text: 'sub page' }, 'a link inside the folder is fine');
      for (const path of ['/.env', '/%2Eenv', '/.git/config', '/sub/..%2F.env', '/sub/%2e%2e/.env', '/out.txt', '/outdir/', '/outdir/index.html']) {
        const answer = await get(path);
        assert.equal(answer.status, 404, path);
        assert.doesNotMatch(answer.text, /SECRET|core|outside/, path);
      }
    } finally {
      await bin.stop();
    }
  });

  it('reads SUITE_BFF_TOKEN_SIGNING_KEY, _SCOPE, _SESSION_TTL, _ALLOWED_RETURN_ORIGINS, _POST_LOGOUT_REDIRECT_URI, _USERINFO_ALG', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'bin-key' };
    const binOrigin = `http://127.0.0.1:${binPort}`;
    const bin = await startBin({
      ...required(),
      SUITE_BFF_TOKEN_SIGNING_KEY: JSON.stringify(jwk),
      SUITE_BFF_SCOPE: 'openid email uid',
      SUITE_BFF_SESSION_TTL: '600',
      SUITE_BFF_ALLOWED_RETURN_ORIGINS: `${PORTAL_ORIGIN}, ${binOrigin}`,
      SUITE_BFF_POST_LOGOUT_REDIRECT_URI: `${binOrigin}/signed-out`,
      SUITE_BFF_USERINFO_ALG: 'RS256',
      SUITE_BFF_AUDIENCES: '{"mail":{}}',
    });
    try {
      const where = /** @type {Mount} */ ({ name: 'bin', baseUrl: `${binOrigin}/bff`, handler: /** @type {any} */ (undefined), logs: [] });
      const jwks = await api(new Jar(), where, '/jwks');
      assert.equal(jwks.body.keys[0].kid, 'bin-key');
      assert.equal(jwks.body.keys[0].x, jwk.x);

      const back = await go(new Jar(), `${where.baseUrl}/logout?returnTo=${encodeURIComponent(`${PORTAL_ORIGIN}/x`)}`);
      assert.equal(locationOf(back, where.baseUrl), `${PORTAL_ORIGIN}/x`, 'another allowed return origin');

      const { jar, authorizeUrl, callback, final } = await signIn(where, { query: { returnTo: `${PORTAL_ORIGIN}/home` } });
      assert.equal(new URL(authorizeUrl).searchParams.get('scope'), 'openid email uid');
      assert.equal(final, `${PORTAL_ORIGIN}/home`);
      assert.match(callback?.headers.getSetCookie().join('\n') ?? '', /suite-session=[^;]+; Path=\/; Max-Age=600;/);
      const me = await api(jar, where, '/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.email, 'alice@ministere.example');
      assert.equal(me.body.user.given_name, undefined, 'not in the scope');

      const minted = await api(jar, where, '/token?audience=mail', { headers: { 'X-Suite-Requested-With': 'fetch' } });
      const { protectedHeader } = await jwtVerify(minted.body.access_token, createLocalJWKSet(/** @type {any} */ (jwks.body)), { issuer: where.baseUrl, audience: 'mail' });
      assert.equal(protectedHeader.kid, 'bin-key');

      const logout = await api(jar, where, '/logout', { method: 'POST', headers: { 'X-Suite-Requested-With': 'fetch' } });
      assert.equal(new URL(logout.body.redirect).searchParams.get('post_logout_redirect_uri'), `${binOrigin}/signed-out`);
    } finally {
      await bin.stop();
    }

    // SUITE_BFF_USERINFO_ALG is enforced: the provider signs userinfo with RS256, not ES256.
    const strict = await startBin({ ...required(), SUITE_BFF_USERINFO_ALG: 'ES256' });
    try {
      const { final } = await signIn(/** @type {Mount} */ ({ name: 'bin', baseUrl: `${binOrigin}/bff`, handler: /** @type {any} */ (undefined), logs: [] }));
      assert.equal(errorOf(final), 'invalid_token');
    } finally {
      await strict.stop();
    }
  });

  it('exits with code 1 and names a malformed variable', () => {
    /** @type {[Record<string, string>, RegExp][]} */
    const cases = [
      [{ SUITE_BFF_TOKEN_SIGNING_KEY: 'not json' }, /SUITE_BFF_TOKEN_SIGNING_KEY is not JSON/],
      [{ SUITE_BFF_TOKEN_SIGNING_KEY: '{"kty":"EC","crv":"P-256","x":"a","y":"b"}' }, /SUITE_BFF_TOKEN_SIGNING_KEY must be a private JWK/],
      [{ SUITE_BFF_SESSION_TTL: 'twelve hours' }, /SUITE_BFF_SESSION_TTL/],
      [{ SUITE_BFF_SESSION_TTL: '-5' }, /SUITE_BFF_SESSION_TTL/],
      [{ SUITE_BFF_POST_LOGOUT_REDIRECT_URI: 'not a url' }, /postLogoutRedirectUri/],
      [{ SUITE_BFF_ALLOWED_RETURN_ORIGINS: 'https://a.example/path' }, /allowedReturnOrigins/],
      [{ SUITE_BFF_STATIC_DIR: join(tmpdir(), 'suite-bff-no-such-folder') }, /SUITE_BFF_STATIC_DIR/],
    ];
    for (const [env, message] of cases) {
      const run = runBinExpectingFailure(env);
      assert.equal(run.status, 1, JSON.stringify(env));
      assert.match(run.stderr, message);
    }
  });
});
