// @ts-check
/**
 * The WebDAV backend (Debian's Apache httpd with mod_dav) in the testbed: the seed, Basic and
 * bearer access through the gateway, CORS, conditional requests, faults on `/dav/`, what Apache
 * answers to SEARCH, and Debian's `litmus` conformance suites.
 * Run with `node --test packages/testbed/test/webdav.test.js`.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startTestbed, validateFault, OIDC_USERS } from '../src/index.js';
import { FILES_SEED, createBearerAuthorizer, seedChildren, seedTree, startWebdav } from '../src/webdav.js';
import { noise } from '../src/seed/files.js';

const ORIGIN = 'http://picker.example.test:6006';
const LITMUS = '/usr/bin/litmus';

/** @type {import('../src/index.js').Testbed} */
let testbed;
/** @type {string} */
let apacheRoot;

/** The user's Basic `Authorization` value. @param {string} username */
const basic = (username) => {
  const user = testbed.webdav.user(username);
  assert.ok(user, username);
  return user.authorization;
};

/** A path relative to the WebDAV root, each segment percent-encoded. @param {string} path */
const encodePath = (path) => path.split('/').map(encodeURIComponent).join('/');

/**
 * A request to `<gateway>/dav/<path>` (path already encoded), with an Origin like a browser's.
 * @param {string} path
 * @param {{method?: string, headers?: Record<string, string>, body?: string | Uint8Array, base?: string}} [init]
 */
function dav(path, { method = 'GET', headers = {}, body, base = testbed.urls.webdav } = {}) {
  return fetch(`${base}${path}`, { method, headers: { Origin: ORIGIN, ...headers }, ...(body !== undefined ? { body: /** @type {BodyInit} */ (body) } : {}), redirect: 'manual' });
}

/** @param {string} text */
const decodeXml = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/**
 * The responses of a multistatus, as Apache writes it (one `<D:response>` per resource).
 * @param {string} xml
 */
function parseMultistatus(xml) {
  return [...xml.matchAll(/<D:response\b[^>]*>([\s\S]*?)<\/D:response>/g)].map(([, body = '']) => {
    const prop = (/** @type {string} */ name) => {
      const match = new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(body);
      return match ? decodeXml(match[1] ?? '') : undefined;
    };
    return {
      href: decodeXml(/<D:href>([^<]*)<\/D:href>/.exec(body)?.[1] ?? ''),
      collection: /<D:collection\/>/.test(body),
      length: prop('getcontentlength'),
      type: prop('getcontenttype'),
      modified: prop('getlastmodified'),
      etag: prop('getetag'),
    };
  });
}

/**
 * PROPFIND Depth 1 through the gateway.
 * @param {string} path encoded, relative to the WebDAV root
 * @param {string} authorization
 */
async function list(path, authorization) {
  const response = await dav(path, { method: 'PROPFIND', headers: { Authorization: authorization, Depth: '1' } });
  const text = await response.text();
  return { response, text, entries: response.status === 207 ? parseMultistatus(text) : [] };
}

/**
 * The names in a listing (decoded), the folder itself left out.
 * @param {{href: string}[]} entries
 * @param {string} folderHref
 */
function namesOf(entries, folderHref) {
  return entries
    .filter((entry) => entry.href !== folderHref)
    .map((entry) => {
      assert.ok(entry.href.startsWith(folderHref), `${entry.href} is inside ${folderHref}`);
      return decodeURIComponent(entry.href.slice(folderHref.length).replace(/\/$/, ''));
    });
}

// ——— getting real tokens: the provider's login form, a tiny cookie jar ———

class Jar {
  /** @type {Map<string, string>} */
  cookies = new Map();

  /** @param {Response} response */
  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * One request with the jar's cookies (every server is on 127.0.0.1: cookies ignore ports).
 * @param {Jar} jar
 * @param {string} url
 * @param {RequestInit & {headers?: Record<string, string>}} [init]
 */
async function go(jar, url, init = {}) {
  const response = await fetch(url, { ...init, headers: { ...init.headers, ...(jar.cookies.size ? { Cookie: jar.header() } : {}) }, redirect: 'manual' });
  jar.store(response);
  return response;
}

/**
 * Follows redirects from `url`, answering the provider's login form, until one leads to a URL
 * starting with `until`; returns that URL.
 * @param {Jar} jar
 * @param {string} url
 * @param {string} until
 * @param {string} username
 */
async function throughProvider(jar, url, until, username) {
  let current = url;
  for (let hop = 0; hop < 15; hop += 1) {
    if (current.startsWith(until)) return current;
    const response = await go(jar, current);
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      current = new URL(response.headers.get('location') ?? '', current).href;
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
    assert.ok(action, `a login form at ${current} (${response.status}): ${html.slice(0, 300)}`);
    const answer = await go(jar, new URL(action, current).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password: `${username}-password`, action: 'login' }).toString(),
    });
    await answer.body?.cancel();
    current = new URL(answer.headers.get('location') ?? '', current).href;
  }
  throw new Error('too many redirects');
}

/**
 * A JWT access token of the provider's public client (PKCE) for `username`, audience the
 * testbed's resource.
 * @param {string} username
 */
async function providerAccessToken(username) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = `${new URL(testbed.urls.portal).origin}/files-callback.html`;
  const authorize = `${testbed.oidc.issuer}/api/v2/authorize?${new URLSearchParams({
    client_id: testbed.oidc.clients.public.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid given_name usual_name email uid',
    state: randomBytes(12).toString('base64url'),
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })}`;
  const back = new URL(await throughProvider(new Jar(), authorize, redirectUri, username));
  const code = back.searchParams.get('code');
  assert.ok(code, back.href);
  const response = await fetch(`${testbed.oidc.issuer}/api/v2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: testbed.oidc.clients.public.clientId, code_verifier: verifier }).toString(),
  });
  const body = /** @type {Record<string, unknown>} */ (await response.json());
  assert.equal(response.status, 200, JSON.stringify(body));
  return { accessToken: String(body.access_token), idToken: String(body.id_token) };
}

/**
 * Signs in through the portal's BFF and has it mint tokens for `audiences`.
 * @param {string} username
 * @param {string[]} audiences
 * @returns {Promise<Record<string, string>>}
 */
async function bffTokens(username, audiences) {
  const jar = new Jar();
  const login = await go(jar, `${testbed.urls.bff}/login`);
  assert.equal(login.status, 302);
  const callback = await throughProvider(jar, new URL(login.headers.get('location') ?? '', testbed.urls.bff).href, `${testbed.urls.bff}/callback`, username);
  const done = await go(jar, callback);
  assert.equal(done.status, 302);
  /** @type {Record<string, string>} */
  const tokens = {};
  for (const audience of audiences) {
    const response = await go(jar, `${testbed.urls.bff}/token?audience=${audience}`, { headers: { Origin: new URL(testbed.urls.portal).origin } });
    const body = /** @type {Record<string, unknown>} */ (await response.json());
    assert.equal(response.status, 200, JSON.stringify(body));
    tokens[audience] = String(body.access_token);
  }
  return tokens;
}

/** @param {string} token */
const claimsOf = (token) => /** @type {Record<string, unknown>} */ (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')));

/**
 * The processes whose command line mentions `text` (from /proc).
 * @param {string} text
 */
function processesMentioning(text) {
  /** @type {string[]} */
  const found = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(text)) found.push(`${pid} ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

before(async () => {
  const start = performance.now();
  testbed = await startTestbed({ log: () => {} });
  apacheRoot = dirname(testbed.webdav.dataDir);
  console.log(`testbed started in ${Math.round(performance.now() - start)} ms; WebDAV seed ${testbed.webdav.timings.seedMs} ms, Apache ${testbed.webdav.timings.apacheMs} ms`);
});

after(async () => {
  const start = performance.now();
  await testbed.stop();
  console.log(`testbed stopped in ${Math.round(performance.now() - start)} ms`);
  await testbed.stop(); // idempotent
  assert.deepEqual(processesMentioning(apacheRoot), [], 'no apache2 (nor watchdog) left');
  assert.equal(existsSync(apacheRoot), false, 'the temporary directory is removed');
});

afterEach(() => testbed.gateway.clearFaults());

describe('WebDAV seed', () => {
  it('describes what is on disk', () => {
    assert.equal(FILES_SEED.user, 'alice');
    assert.equal(FILES_SEED.bigFolderCount, 5000);
    const big = seedChildren('alice', FILES_SEED.bigFolder);
    assert.equal(big.length, 5000);
    assert.equal(big[0]?.name, 'pièce-0001.txt');
    assert.deepEqual(new Set(big.map((entry) => entry.name.split('.').pop())), new Set(FILES_SEED.bigFolderExtensions));
    assert.equal(FILES_SEED.longName.length, 200);
    assert.ok(Buffer.byteLength(FILES_SEED.longName) <= 255);
    assert.equal(seedChildren('alice', FILES_SEED.emptyFolder).length, 0);
    const home = join(testbed.webdav.dataDir, 'alice');
    for (const entry of seedTree('alice').filter((candidate) => !candidate.path.startsWith(FILES_SEED.bigFolder))) {
      const stats = statSync(join(home, entry.path));
      assert.equal(stats.isDirectory(), entry.type === 'folder', entry.path);
      if (entry.type === 'file') assert.equal(stats.size, entry.size, entry.path);
      assert.equal(stats.mtime.toISOString().replace('.000Z', 'Z'), entry.mtime, entry.path);
    }
    assert.equal(statSync(join(home, FILES_SEED.bigFile)).size, 3 * 1024 * 1024);
    assert.deepEqual(readdirSync(testbed.webdav.dataDir).sort(), ['alice', 'bob', 'public']);
    // Real images: PNG and JPEG signatures.
    const images = seedChildren('alice', FILES_SEED.imagesFolder).filter((entry) => entry.type === 'file');
    assert.ok(images.some((entry) => entry.contentType === 'image/png' && entry.bytes()[1] === 0x50));
    assert.ok(images.some((entry) => entry.contentType === 'image/jpeg' && entry.bytes()[0] === 0xff && entry.bytes()[1] === 0xd8));
  });
});

describe('WebDAV through the gateway', () => {
  it('lists alice’s home with Basic: the folder first, hostile names percent-encoded', async () => {
    const { response, text, entries } = await list('alice/', basic('alice'));
    assert.equal(response.status, 207);
    assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(response.headers.get('content-type') ?? '', /^text\/xml/);
    assert.equal(entries[0]?.href, '/dav/alice/', 'the collection itself comes first');
    assert.equal(entries[0]?.collection, true);
    const names = namesOf(entries, '/dav/alice/');
    assert.deepEqual(new Set(names), new Set(seedChildren('alice').map((entry) => entry.name)));
    for (const name of FILES_SEED.hostileNames) assert.ok(names.includes(name), name);
    // On the wire: no raw space, <, ", #, ?, % or non-ASCII in an href; & as &amp; (lower-case hex: %c3%a9).
    const hrefs = [...text.matchAll(/<D:href>([^<]*)<\/D:href>/g)].map((match) => match[1] ?? '');
    for (const href of hrefs) assert.doesNotMatch(href, /[\s<>"#?\u0080-\uffff]|%(?![0-9a-fA-F]{2})|&(?!amp;)/, href);
    assert.ok(hrefs.includes('/dav/alice/100%25%20%231%20%3f.txt'), 'Apache’s encoding of "100% #1 ?.txt"');
    assert.ok(hrefs.includes('/dav/alice/a&amp;b%20%22quote%22%20\'single\'.txt'));
    assert.ok(hrefs.includes('/dav/alice/%3cimg%20src=x%20onerror=alert(1)%3e.txt'));
    // Live properties from the seed.
    const byName = new Map(entries.map((entry) => [decodeURIComponent(entry.href.slice('/dav/alice/'.length).replace(/\/$/, '')), entry]));
    const party = byName.get('🎉 fête.png');
    const seeded = seedChildren('alice').find((entry) => entry.name === '🎉 fête.png');
    assert.equal(party?.type, 'image/png');
    assert.equal(party?.length, String(seeded?.size));
    assert.equal(new Date(party?.modified ?? '').toISOString().replace('.000Z', 'Z'), seeded?.mtime);
    assert.equal(byName.get('.hidden')?.type, undefined, 'no content type without an extension');
    assert.equal(byName.get('Documents')?.type, 'httpd/unix-directory', 'Apache’s content type of a folder');
  });

  it('lists the 5,000-file folder (5,001 responses)', async () => {
    const start = performance.now();
    const { response, entries } = await list(encodePath(`alice/${FILES_SEED.bigFolder}`), basic('alice'));
    const ms = Math.round(performance.now() - start);
    assert.equal(response.status, 207);
    assert.equal(entries.length, FILES_SEED.bigFolderCount + 1);
    assert.equal(entries[0]?.href, '/dav/alice/Archives%205000/');
    const names = new Set(namesOf(entries, '/dav/alice/Archives%205000/'));
    assert.equal(names.size, 5000);
    assert.ok(names.has('pièce-0001.txt') && names.has('pièce-5000.png'));
    console.log(`PROPFIND Depth 1 of 5,000 files through the gateway: ${ms} ms`);
  });

  it('answers CORS preflights itself, without credentials', async () => {
    const preflight = await fetch(`${testbed.urls.webdav}alice/`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'PROPFIND', 'Access-Control-Request-Headers': 'authorization, depth' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /\bPROPFIND\b/);
    for (const method of ['MKCOL', 'MOVE', 'COPY', 'PUT', 'DELETE', 'SEARCH']) assert.match(preflight.headers.get('access-control-allow-methods') ?? '', new RegExp(`\\b${method}\\b`));
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization, depth');
    for (const header of ['ETag', 'DAV', 'WWW-Authenticate', 'Location']) assert.match(preflight.headers.get('access-control-expose-headers') ?? '', new RegExp(`\\b${header}\\b`));
  });

  it('passes Apache’s own 401 and 403 through', async () => {
    const anonymous = await dav('alice/', { method: 'PROPFIND', headers: { Depth: '0' } });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Basic realm="Suite widgets testbed WebDAV"');
    assert.equal(anonymous.headers.get('access-control-allow-origin'), ORIGIN);
    await anonymous.body?.cancel();
    const wrong = await dav('alice/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Basic ${Buffer.from('alice:nope').toString('base64')}` } });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const bobAtAlice = await dav('alice/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: basic('bob') } });
    assert.equal(bobAtAlice.status, 403, 'AuthzSendForbiddenOnFailure: a known account refused gets 403');
    await bobAtAlice.body?.cancel();
    const publicRead = await list('public/', basic('bob'));
    assert.equal(publicRead.response.status, 207);
    assert.deepEqual(new Set(namesOf(publicRead.entries, '/dav/public/')), new Set(seedChildren('public').map((entry) => entry.name)));
    const publicWrite = await dav('public/nope.txt', { method: 'PUT', headers: { Authorization: basic('alice') }, body: 'x' });
    assert.equal(publicWrite.status, 403);
    await publicWrite.body?.cancel();
    const rootWrite = await dav('nope/', { method: 'MKCOL', headers: { Authorization: basic('alice') } });
    assert.equal(rootWrite.status, 403);
    await rootWrite.body?.cancel();
  });

  it('maps the provider’s and the BFF’s bearer tokens to the account; refuses bad ones with 401 Bearer', async () => {
    const alice = await providerAccessToken('alice');
    const bob = await providerAccessToken('bob');
    // What the provider's access token carries: sub (the account), the resource as audience.
    const aliceClaims = claimsOf(alice.accessToken);
    assert.equal(aliceClaims.sub, OIDC_USERS[0]?.sub);
    assert.equal(aliceClaims.aud, testbed.oidc.resource);
    assert.equal(aliceClaims.preferred_username, undefined, 'no preferred_username: the mapping uses sub');

    const asAlice = await list('alice/', `Bearer ${alice.accessToken}`);
    assert.equal(asAlice.response.status, 207);
    assert.equal(asAlice.entries.length, seedChildren('alice').length + 1);
    const bobAtAlice = await dav('alice/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Bearer ${bob.accessToken}` } });
    assert.equal(bobAtAlice.status, 403);
    assert.equal(bobAtAlice.headers.get('access-control-allow-origin'), ORIGIN);
    await bobAtAlice.body?.cancel();
    const bobAtHome = await list('bob/', `Bearer ${bob.accessToken}`);
    assert.equal(bobAtHome.response.status, 207);
    assert.deepEqual(new Set(namesOf(bobAtHome.entries, '/dav/bob/')), new Set(seedChildren('bob').map((entry) => entry.name)));

    /** @param {Response} response @param {RegExp} description */
    const assertInvalid = async (response, description) => {
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(response.headers.get('access-control-expose-headers') ?? '', /WWW-Authenticate/);
      const challenge = response.headers.get('www-authenticate') ?? '';
      assert.match(challenge, /^Bearer realm="[^"]+", error="invalid_token", error_description="[^"]+"$/);
      const body = /** @type {Record<string, unknown>} */ (await response.json());
      assert.equal(body.error, 'invalid_token');
      assert.match(String(body.error_description), description);
    };
    await assertInvalid(await dav('alice/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: 'Bearer garbage' } }), /not a JWT/);
    await assertInvalid(await dav('alice/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Bearer ${alice.idToken}` } }), /audience/);
    const [header, , signature] = alice.accessToken.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf(alice.accessToken), sub: OIDC_USERS[1]?.sub })).toString('base64url')}.${signature}`;
    await assertInvalid(await dav('bob/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Bearer ${forged}` } }), /signature/);
    // A PUT refused before Apache: its body is drained, the answer still readable.
    await assertInvalid(await dav('alice/x.bin', { method: 'PUT', headers: { Authorization: 'Bearer garbage' }, body: new Uint8Array(256 * 1024) }), /not a JWT/);

    // The BFF's minted tokens: audience "files" opens the files, "mail" does not.
    const minted = await bffTokens('bob', ['files', 'mail']);
    const filesClaims = claimsOf(minted.files ?? '');
    assert.equal(filesClaims.sub, OIDC_USERS[1]?.sub);
    assert.equal(filesClaims.aud, 'files');
    assert.equal(filesClaims.iss, testbed.urls.bff);
    const viaBff = await list('bob/', `Bearer ${minted.files}`);
    assert.equal(viaBff.response.status, 207);
    await assertInvalid(await dav('bob/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Bearer ${minted.mail}` } }), /audience|file service/);
  });

  it('answers 403 for a valid token of someone without an account, 401 for an expired one', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const issuer = 'http://idp.example.test';
    testbed.bearer.addTrusted({ issuer, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] }, audience: 'files' });
    try {
      const now = Math.floor(Date.now() / 1000);
      const mint = (/** @type {string} */ sub, /** @type {number} */ exp) =>
        new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(issuer).setAudience('files').setSubject(sub).setIssuedAt(exp - 60).setExpirationTime(exp).sign(privateKey);
      const stranger = await dav('alice/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Bearer ${await mint('carol', now + 60)}` } });
      assert.equal(stranger.status, 403);
      assert.deepEqual(await stranger.json(), { error: 'no_account', error_description: 'no WebDAV account for this subject' });
      const fresh = await dav('alice/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Bearer ${await mint(String(OIDC_USERS[0]?.sub), now + 60)}` } });
      assert.equal(fresh.status, 207);
      await fresh.body?.cancel();
      const expired = await dav('alice/', { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Bearer ${await mint(String(OIDC_USERS[0]?.sub), now - 60)}` } });
      assert.equal(expired.status, 401);
      assert.match(expired.headers.get('www-authenticate') ?? '', /error="invalid_token", error_description="the access token expired"/);
      await expired.body?.cancel();
    } finally {
      testbed.bearer.removeTrusted(issuer);
    }
  });

  it('honours If-None-Match: *, refuses MKCOL on a folder, round-trips bytes, moves; reset() restores the seed', async () => {
    const alice = basic('alice');
    const existing = await dav(encodePath('alice/Documents/Lisez-moi.txt'), { method: 'PUT', headers: { Authorization: alice, 'If-None-Match': '*' }, body: 'écrasé ?' });
    assert.equal(existing.status, 412, 'the picker’s conflict detection');
    await existing.body?.cancel();
    const again = await dav('alice/Documents/', { method: 'MKCOL', headers: { Authorization: alice } });
    assert.equal(again.status, 405);
    await again.body?.cancel();

    const bytes = randomBytes(300 * 1024);
    const name = encodePath('alice/Documents/Téléversé #1.bin');
    const put = await dav(name, { method: 'PUT', headers: { Authorization: alice, 'If-None-Match': '*', 'Content-Type': 'application/octet-stream' }, body: bytes });
    assert.equal(put.status, 201);
    const location = put.headers.get('location') ?? '';
    assert.ok(location.startsWith(`${testbed.urls.webdav}alice/Documents/`), `Location points at the gateway: ${location}`);
    assert.equal(decodeURIComponent(location.slice(testbed.urls.webdav.length)), 'alice/Documents/Téléversé #1.bin');
    await put.body?.cancel();
    const get = await dav(name, { headers: { Authorization: alice } });
    assert.equal(get.status, 200);
    assert.ok(get.headers.get('etag'));
    assert.deepEqual(Buffer.from(await get.arrayBuffer()), bytes);

    const big = await dav(encodePath(`alice/${FILES_SEED.bigFile}`), { headers: { Authorization: alice } });
    assert.equal(big.status, 200);
    assert.equal(big.headers.get('content-length'), String(FILES_SEED.bigFileSize));
    assert.deepEqual(new Uint8Array(await big.arrayBuffer()), noise(FILES_SEED.bigFileSize));

    // MOVE and COPY with a Destination on the gateway's origin (Apache only looks at its path).
    const moved = await dav(name, { method: 'MOVE', headers: { Authorization: alice, Destination: `${testbed.urls.webdav}${encodePath('alice/Images/déplacé.bin')}` } });
    assert.equal(moved.status, 201);
    await moved.body?.cancel();
    const copied = await dav(encodePath('alice/Images/déplacé.bin'), { method: 'COPY', headers: { Authorization: alice, Destination: `${testbed.urls.webdav}${encodePath('alice/copie.bin')}`, Overwrite: 'F' } });
    assert.equal(copied.status, 201);
    await copied.body?.cancel();
    const deleted = await dav(encodePath(`alice/${FILES_SEED.htmlName}`), { method: 'DELETE', headers: { Authorization: alice } });
    assert.equal(deleted.status, 204);
    await deleted.body?.cancel();

    const start = performance.now();
    await testbed.webdav.reset();
    console.log(`reset(): ${Math.round(performance.now() - start)} ms`);
    const { entries } = await list('alice/', alice);
    assert.deepEqual(new Set(namesOf(entries, '/dav/alice/')), new Set(seedChildren('alice').map((entry) => entry.name)));
    const documents = await list('alice/Documents/', alice);
    assert.deepEqual(new Set(namesOf(documents.entries, '/dav/alice/Documents/')), new Set(seedChildren('alice', 'Documents/').map((entry) => entry.name)));
    const restored = await dav(encodePath('alice/Documents/Lisez-moi.txt'), { headers: { Authorization: alice } });
    assert.equal(await restored.text(), new TextDecoder().decode(seedTree('alice').find((entry) => entry.path === 'Documents/Lisez-moi.txt')?.bytes()));
  });

  it('has no SEARCH (RFC 5323): no DASL header, SEARCH answers 405', async () => {
    const options = await dav('alice/', { method: 'OPTIONS', headers: { Authorization: basic('alice') } });
    assert.equal(options.status, 200);
    assert.equal(options.headers.get('dav'), '1,2, <http://apache.org/dav/propset/fs/1>');
    assert.equal(options.headers.get('dasl'), null);
    assert.deepEqual(new Set(options.headers.get('allow')?.split(',')), new Set(['OPTIONS', 'GET', 'HEAD', 'POST', 'DELETE', 'TRACE', 'PROPFIND', 'PROPPATCH', 'COPY', 'MOVE', 'LOCK', 'UNLOCK']));
    assert.equal(options.headers.get('ms-author-via'), 'DAV');
    await options.body?.cancel();
    const search = await dav('alice/', {
      method: 'SEARCH',
      headers: { Authorization: basic('alice'), 'Content-Type': 'text/xml; charset=utf-8' },
      body: '<?xml version="1.0" encoding="UTF-8"?><d:searchrequest xmlns:d="DAV:"><d:basicsearch><d:select><d:prop><d:displayname/></d:prop></d:select><d:from><d:scope><d:href>/dav/alice/</d:href><d:depth>infinity</d:depth></d:scope></d:from><d:where><d:like><d:prop><d:displayname/></d:prop><d:literal>%fête%</d:literal></d:like></d:where></d:basicsearch></d:searchrequest>',
    });
    // Apache 2.4.71: "405 Method Not Allowed", Allow: GET,POST,OPTIONS,HEAD,TRACE (in any order), an HTML body.
    assert.equal(search.status, 405);
    assert.deepEqual(new Set(search.headers.get('allow')?.split(',')), new Set(['GET', 'HEAD', 'POST', 'OPTIONS', 'TRACE']), 'the order varies');
    assert.match(search.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await search.text(), /The requested method SEARCH is not allowed/);
    // Depth: infinity PROPFIND is refused too (DavDepthInfinity Off): a client cannot list a tree in one request.
    const infinite = await dav('alice/', { method: 'PROPFIND', headers: { Authorization: basic('alice'), Depth: 'infinity' } });
    assert.equal(infinite.status, 403);
    await infinite.body?.cancel();
  });
});

describe('faults on /dav/', () => {
  it('restricts a fault to a path prefix and a method', async () => {
    testbed.gateway.addFault({ path: '/dav/alice/', method: 'propfind', status: 507 });
    assert.equal(testbed.gateway.listFaults()[0]?.method, 'PROPFIND');
    const propfind = await dav('alice/', { method: 'PROPFIND', headers: { Authorization: basic('alice'), Depth: '1' } });
    assert.equal(propfind.status, 507);
    assert.equal(propfind.headers.get('x-testbed-fault'), 'injected');
    assert.equal(propfind.headers.get('access-control-allow-origin'), ORIGIN);
    await propfind.body?.cancel();
    const get = await dav(encodePath('alice/Documents/Lisez-moi.txt'), { headers: { Authorization: basic('alice') } });
    assert.equal(get.status, 200, 'another method goes through');
    await get.body?.cancel();
    const bob = await dav('bob/', { method: 'PROPFIND', headers: { Authorization: basic('bob'), Depth: '0' } });
    assert.equal(bob.status, 207, 'another path goes through');
    await bob.body?.cancel();
    testbed.gateway.clearFaults();

    // A malformed multistatus, once.
    testbed.gateway.addFault({ path: '/dav/', method: 'PROPFIND', status: 207, body: '<?xml version="1.0"?><D:multistatus xmlns:D="DAV:"><D:response><D:href>/dav/al', contentType: 'application/xml; charset=utf-8', times: 1 });
    const malformed = await dav('alice/', { method: 'PROPFIND', headers: { Authorization: basic('alice'), Depth: '1' } });
    assert.equal(malformed.status, 207);
    assert.equal(malformed.headers.get('content-type'), 'application/xml; charset=utf-8');
    assert.match(await malformed.text(), /<D:href>\/dav\/al$/);
    assert.deepEqual(testbed.gateway.listFaults(), []);

    // A slow listing, then proxied.
    testbed.gateway.addFault({ path: '/dav/', method: 'PROPFIND', latency: 150, times: 1 });
    const slowStart = performance.now();
    const slow = await dav('alice/', { method: 'PROPFIND', headers: { Authorization: basic('alice'), Depth: '0' } });
    assert.equal(slow.status, 207);
    assert.ok(performance.now() - slowStart >= 145, 'delayed');
    await slow.body?.cancel();

    // A dropped upload.
    testbed.gateway.addFault({ path: '/dav/', method: 'PUT', drop: true });
    await assert.rejects(dav('alice/dropped.txt', { method: 'PUT', headers: { Authorization: basic('alice') }, body: 'x' }));
    const stillThere = await dav('alice/', { method: 'PROPFIND', headers: { Authorization: basic('alice'), Depth: '0' } });
    assert.equal(stillThere.status, 207);
    await stillThere.body?.cancel();

    // Over HTTP, and validation.
    const posted = await fetch(`${testbed.urls.gateway}/__testbed/faults`, { method: 'POST', headers: { Origin: ORIGIN }, body: JSON.stringify({ path: '/dav/', method: 'put', status: 500 }) });
    assert.equal(posted.status, 201);
    await posted.body?.cancel();
    assert.equal(testbed.gateway.listFaults().at(-1)?.method, 'PUT');
    for (const method of ['PROP FIND', '', 'OPTIONS', 42, 'GET\r\n']) assert.throws(() => validateFault({ method }), /method/);
    const rejected = await fetch(`${testbed.urls.gateway}/__testbed/faults`, { method: 'POST', body: JSON.stringify({ method: 'options' }) });
    assert.equal(rejected.status, 400);
    await rejected.body?.cancel();
  });
});

describe('startWebdav on its own', () => {
  it('validates users, falls back on a busy port, reports Apache’s errors', async () => {
    await assert.rejects(startWebdav({ users: [] }), /users/);
    await assert.rejects(startWebdav({ users: [{ username: 'public', password: 'x' }] }), /public/);
    await assert.rejects(startWebdav({ users: [{ username: '../x', password: 'x' }] }), /username/);

    const blocker = createServer();
    await new Promise((resolve) => blocker.listen(0, '127.0.0.1', () => resolve(undefined)));
    const address = blocker.address();
    const busy = typeof address === 'object' && address ? address.port : 0;
    try {
      await assert.rejects(startWebdav({ port: busy, users: [{ username: 'alice', password: 'x' }] }), (/** @type {NodeJS.ErrnoException} */ error) => error.code === 'EADDRINUSE');
    } finally {
      blocker.close();
    }

    // Apache itself refusing its configuration: its own words come back.
    const dir = await mkdtemp(join(tmpdir(), 'suite-webdav-test-'));
    try {
      const wrapper = join(dir, 'apache2');
      await writeFile(wrapper, '#!/bin/sh\nexec /usr/sbin/apache2 -C "NoSuchDirective on" "$@"\n');
      await chmod(wrapper, 0o755);
      await assert.rejects(startWebdav({ users: [{ username: 'alice', password: 'x' }], apacheBin: wrapper }), /Apache exited at start.*Invalid command 'NoSuchDirective'/s);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves Basic requests alone in the bearer authorizer', async () => {
    const authorize = createBearerAuthorizer({ verifier: testbed.bearer, users: testbed.webdav.users });
    const fake = (/** @type {string | undefined} */ authorization) => /** @type {import('node:http').IncomingMessage} */ (/** @type {unknown} */ ({ headers: authorization ? { authorization } : {} }));
    assert.deepEqual(await authorize(fake(basic('alice'))), { ok: true });
    assert.deepEqual(await authorize(fake(undefined)), { ok: true });
    const refused = await authorize(fake('Bearer x.y.z'));
    assert.equal(refused.ok, false);
  });
});

describe('litmus (WebDAV conformance)', { skip: !existsSync(LITMUS) && 'litmus is not installed (node packages/testbed/bin/setup.js)' }, () => {
  /**
   * Runs litmus and returns its summaries by suite.
   * @param {string} url
   * @param {string} username
   * @param {string} password
   */
  async function litmus(url, username, password) {
    const start = performance.now();
    // litmus writes debug.log and child.log (13 MB) in its working directory: not in the repository.
    const cwd = await mkdtemp(join(tmpdir(), 'suite-litmus-'));
    /** @type {string} */
    const stdout = await new Promise((resolve, reject) => {
      execFile(LITMUS, [url, username, password], { cwd, timeout: 30_000, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, TESTS: 'basic copymove props locks http' } }, (error, out) => {
        // litmus exits non-zero when a test fails: the summaries say which.
        if (error && !out) reject(error);
        else resolve(String(out));
      });
    }).finally(() => rm(cwd, { recursive: true, force: true }));
    /** @type {Record<string, {run: number, passed: number, failed: number}>} */
    const suites = {};
    for (const match of stdout.matchAll(/<- summary for `(\w+)': of (\d+) tests run: (\d+) passed, (\d+) failed/g)) {
      suites[match[1] ?? ''] = { run: Number(match[2]), passed: Number(match[3]), failed: Number(match[4]) };
    }
    const warnings = [...stdout.matchAll(/WARNING: ([^\n]+)/g)].map((match) => match[1]);
    const failures = [...stdout.matchAll(/^\s*\d+\.\s+(\w+)\.*\s+FAIL\b[^\n]*/gm)].map((match) => match[0].trim());
    console.log(`litmus ${url} (${Math.round(performance.now() - start)} ms):\n${stdout.split('\n').filter((line) => line.startsWith('<- summary') || line.startsWith('->')).join('\n')}${warnings.length ? `\nwarnings: ${warnings.join('; ')}` : ''}${failures.length ? `\nfailures: ${failures.join('; ')}` : ''}`);
    return { suites, warnings, stdout: stdout };
  }

  after(() => testbed.webdav.reset());

  it('passes basic, copymove, props, locks and http against Apache directly', async () => {
    const scratch = await dav('alice/litmus-direct/', { method: 'MKCOL', headers: { Authorization: basic('alice') }, base: testbed.urls.webdavDirect });
    assert.equal(scratch.status, 201);
    await scratch.body?.cancel();
    const { suites, warnings } = await litmus(`${testbed.urls.webdavDirect}alice/litmus-direct/`, 'alice', 'alice-password');
    for (const name of ['basic', 'copymove', 'props']) {
      assert.ok(suites[name], `${name} ran`);
      assert.equal(suites[name]?.failed, 0, name);
      assert.equal(suites[name]?.passed, suites[name]?.run, name);
    }
    // Apache 2.4.71 passes locks (41/41) and http (4/4) too, with two warnings in locks:
    // "PUT failed with 400 not 423" (cond_put_corrupt_token: a malformed lock token is a bad
    // request for mod_dav) and "LOCK on unmapped url returned 200 not 201" (RFC 4918 §7.3).
    assert.equal(suites.locks?.failed, 0);
    assert.equal(suites.http?.failed, 0);
    assert.ok(warnings.length <= 2, warnings.join('; '));
  });

  it('passes basic, copymove and props through the gateway too', async () => {
    const scratch = await dav('alice/litmus-gateway/', { method: 'MKCOL', headers: { Authorization: basic('alice') } });
    assert.equal(scratch.status, 201);
    await scratch.body?.cancel();
    const { suites } = await litmus(`${testbed.urls.webdav}alice/litmus-gateway/`, 'alice', 'alice-password');
    for (const name of ['basic', 'copymove', 'props']) assert.equal(suites[name]?.failed, 0, name);
  });
});
