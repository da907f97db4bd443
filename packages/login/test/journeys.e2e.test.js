// @ts-check
/**
 * <suite-login> in Debian's Chromium against the testbed's real OpenID provider and the real BFF,
 * through the built CDN files, as a legacy portal loads them: the whole redirect and popup
 * journeys (the provider's login page is filled in), renewal, expiry, logout in one and in
 * several tabs, bad input, and axe on every state. A sibling element with no configuration gets
 * a token from the page session and calls a backend that verifies it.
 *
 * Run after `npm run build`: node --test packages/login/test/journeys.e2e.test.js
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, closeContext, launchBrowser } from '../../testbed/src/e2e.js';
import { startTestbed } from '../../testbed/src/index.js';

/** @type {import('../../testbed/src/index.js').Testbed} */
let testbed;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').BrowserContext} */
let context;

before(async () => {
  testbed = await startTestbed({ log: () => {} });
  browser = await launchBrowser();
});
after(async () => {
  await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  await testbed?.stop();
});
afterEach(async () => {
  testbed.oidc.reset();
  browser = await closeContext(context, browser);
});

/** A fresh browser profile (no cookies, no storage); page errors fail the test. */
async function newContext() {
  context = await browser.newContext();
  return context;
}

/**
 * @param {import('playwright-core').BrowserContext} ctx
 * @param {string} path
 */
async function open(ctx, path) {
  const page = await ctx.newPage();
  /** @type {string[]} */
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  Object.assign(page, { pageErrors });
  await page.goto(new URL(path, testbed.urls.portal).href);
  return page;
}

/** @param {import('playwright-core').Page} page */
const statusOf = (page) => page.evaluate(() => /** @type {any} */ (document.querySelector('suite-login'))?.status);

/**
 * @param {import('playwright-core').Page} page
 * @param {string} status
 * @param {number} [timeout]
 */
async function waitForStatus(page, status, timeout = 10_000) {
  try {
    await page.waitForFunction(
      (wanted) => {
        const el = /** @type {any} */ (document.querySelector('suite-login'));
        // An error is shown once its messages are loaded.
        return el?.status === wanted && (wanted !== 'error' || el.shadowRoot?.querySelector('[part="error"]'));
      },
      status,
      { timeout },
    );
  } catch {
    assert.fail(`<suite-login> never became ${status}: it is ${await statusOf(page)} (${page.url()})`);
  }
}

/**
 * Fills the provider's login page.
 * @param {import('playwright-core').Page} page
 * @param {'alice' | 'bob'} [user]
 */
async function signInAtProvider(page, user = 'alice') {
  await page.getByLabel('Identifiant').fill(user);
  await page.getByLabel('Mot de passe').fill(`${user}-password`);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * The widget shows the error `code`, and the provider's answer is gone from the page's URL.
 * @param {import('playwright-core').Page} page
 * @param {string} code
 */
async function expectFailure(page, code) {
  await waitForStatus(page, 'error');
  assert.equal(await errorCode(page), code);
  assert.equal(new URL(page.url()).search, '', 'the answer is gone from the URL');
}

/**
 * Opens `path` signed out, clicks the widget's sign-in button, signs in at the provider's page
 * and waits for the signed-in menu.
 * @param {import('playwright-core').BrowserContext} ctx
 * @param {string} path
 */
async function openSignedIn(ctx, path) {
  const page = await open(ctx, path);
  await waitForStatus(page, 'signed-out');
  await login(page).locator('button').first().click();
  await signInAtProvider(page);
  await waitForStatus(page, 'signed-in');
  return page;
}


/** @param {import('playwright-core').Page} page */
const login = (page) => page.locator('suite-login');

/**
 * The code of the widget's error (`state_mismatch`, …).
 * @param {import('playwright-core').Page} page
 */
const errorCode = (page) => page.evaluate(() => /** @type {any} */ (document.querySelector('suite-login')).error?.code);

/** @param {import('playwright-core').Page} page */
const probe = (page) => page.evaluate((force) => /** @type {any} */ (document.getElementById('probe')).check(force), false);

/**
 * The text of the widget's alert.
 * @param {import('playwright-core').Page} page
 */
const alertText = (page) => login(page).getByRole('alert').innerText();

/**
 * A test that hangs fails instead of blocking the run.
 * @param {string} name
 * @param {() => Promise<void>} run
 */
const journey = (name, run) => it(name, { timeout: 60_000 }, run);

describe('BFF mode (ProConnect through the host site’s backend-for-frontend)', () => {
  journey('the full redirect journey: ProConnect button, provider login, signed-in menu, a sibling calls its backend', async () => {
    const ctx = await newContext();
    const page = await open(ctx, '/login/bff.html');
    await waitForStatus(page, 'signed-out');
    assert.deepEqual(await axeViolations(page, 'suite-login'), []);
    await login(page).getByRole('button', { name: 'S’identifier avec ProConnect' }).click();
    await page.waitForURL(/\/interaction\//);

    const sent = testbed.oidc.lastAuthorization();
    assert.ok(sent && String(sent.state).length >= 32 && String(sent.nonce).length >= 32, 'state and nonce of 32 characters or more');
    assert.equal(sent?.code_challenge_method, 'S256');
    assert.match(JSON.stringify(sent?.claims), /eidas1/);

    await signInAtProvider(page);
    await waitForStatus(page, 'signed-in');
    assert.equal(new URL(page.url()).search, '', 'the page URL is clean');
    const cookie = (await ctx.cookies()).find((entry) => entry.name === '__Host-suite-session');
    assert.ok(cookie, 'the session cookie');
    assert.deepEqual([cookie.httpOnly, cookie.secure, cookie.sameSite, cookie.path], [true, true, 'Lax', '/']);
    assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0, 'no token in the browser storage');

    await login(page).getByRole('button', { name: 'Alice Martin' }).click();
    const menu = login(page).locator('[part="menu"]');
    assert.match(await menu.innerText(), /alice@ministere\.example[\s\S]*Direction du numérique[\s\S]*130 025 265 00013/);
    assert.deepEqual(await axeViolations(page, 'suite-login'), []);

    const called = await probe(page);
    assert.equal(called.status, 200);
    assert.equal(called.body.iss, testbed.urls.bff);
    assert.equal(called.body.aud, 'whoami');
    assert.equal(called.body.email, 'alice@ministere.example');
    assert.deepEqual(/** @type {any} */ (page).pageErrors, []);
  });

  journey('renewal: the BFF refreshes server-side, the page stays signed in, tokens keep working', async () => {
    testbed.oidc.configure({ accessTokenTtl: 2 });
    const ctx = await newContext();
    const page = await openSignedIn(ctx, '/login/bff.html');
    const before = testbed.oidc.stats().tokenRequests.refresh_token;
    await page.waitForTimeout(2500);
    // The provider's access token has expired: the next request through the BFF renews it.
    assert.equal((await probe(page)).status, 200);
    assert.ok(testbed.oidc.stats().tokenRequests.refresh_token > before, 'the BFF used the refresh token');
    await page.reload();
    await waitForStatus(page, 'signed-in');
  });

  journey('expiry: when the refresh token is gone, "session expired" and "sign in again", which works', async () => {
    testbed.oidc.configure({ accessTokenTtl: 2, refreshTokenTtl: 3 });
    const ctx = await newContext();
    const page = await openSignedIn(ctx, '/login/bff.html');
    const expired = page.evaluate(() => new Promise((resolve) => document.querySelector('suite-login')?.addEventListener('suite-session-expired', () => resolve(true))));
    await page.waitForTimeout(3500);
    // A sibling asks for a token: the BFF cannot renew any more, the whole page learns it.
    assert.equal((await probe(page)).outcome, 'no token');
    await waitForStatus(page, 'expired');
    assert.equal(await expired, true);
    assert.match(await alertText(page), /Votre session a expiré/);
    assert.deepEqual(await axeViolations(page, 'suite-login'), []);
    assert.equal((await probe(page)).outcome, 'no token');
    testbed.oidc.reset();
    await login(page).getByRole('button', { name: 'Se reconnecter' }).click();
    await waitForStatus(page, 'signed-in');
  });

  journey('logout in one tab signs out every tab, and ends the provider session', async () => {
    const ctx = await newContext();
    const first = await openSignedIn(ctx, '/login/bff.html');
    const second = await open(ctx, '/login/bff.html');
    await waitForStatus(second, 'signed-in');

    await login(first).getByRole('button', { name: 'Alice Martin' }).click();
    await login(first).getByRole('button', { name: 'Se déconnecter' }).click();
    await waitForStatus(second, 'signed-out');
    await first.waitForURL((url) => url.pathname === '/' && url.origin === new URL(testbed.urls.portal).origin);
    assert.equal((await ctx.cookies()).some((entry) => entry.name === '__Host-suite-session'), false, 'the session cookie is gone');
    // Back on the page: signed out, and the provider asks for the password again (its session ended).
    const again = await open(ctx, '/login/bff.html');
    await waitForStatus(again, 'signed-out');
    await login(again).getByRole('button', { name: /ProConnect/ }).click();
    await again.waitForURL(/\/interaction\//);
    assert.equal(await again.getByLabel('Mot de passe').isVisible(), true);
  });

  journey('access_denied at the provider: a human message, the provider’s words, a clean URL, and a retry', async () => {
    const ctx = await newContext();
    const page = await open(ctx, '/login/bff.html');
    await waitForStatus(page, 'signed-out');
    await login(page).getByRole('button', { name: /ProConnect/ }).click();
    await page.getByRole('button', { name: 'Refuser' }).click();
    await waitForStatus(page, 'error');
    assert.match(await alertText(page), /La connexion a été refusée[\s\S]*Détail : L’utilisateur a refusé la connexion\./);
    assert.equal(new URL(page.url()).search, '');
    assert.deepEqual(await axeViolations(page, 'suite-login'), []);
    await login(page).getByRole('button', { name: 'Réessayer' }).click();
    await page.waitForURL(/\/interaction\//);
  });

  journey('a bff-url that is not a BFF: "misconfigured" and a console error naming bff-url', async () => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    /** @type {string[]} */
    const errors = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(new URL('/login/bff.html?bff-url=/not-a-bff', testbed.urls.portal).href);
    await waitForStatus(page, 'error');
    assert.match(await alertText(page), /mal configuré/);
    assert.ok(errors.some((text) => text.includes('<suite-login>') && text.includes('bff-url')), errors.join(' / '));
    assert.deepEqual(await axeViolations(page, 'suite-login'), []);
  });

  journey('a forged callback (state mismatch): an error, no loop, one navigation', async () => {
    const ctx = await newContext();
    const page = await open(ctx, '/bff/callback?code=forged&state=forged-state-that-nobody-sent-0000000');
    await expectFailure(page, 'state_mismatch');
    // No loop: nothing navigates any more.
    let navigations = 0;
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);
    await page.waitForTimeout(1000);
    assert.equal(navigations, 0);
    assert.equal(await statusOf(page), 'error');
  });
});

describe('OIDC mode (a public client with PKCE, oidc-client-ts)', () => {
  journey('the full redirect journey: tokens in this tab’s sessionStorage only, a clean URL, a sibling calls its backend', async () => {
    const ctx = await newContext();
    const page = await open(ctx, '/login/oidc.html');
    await waitForStatus(page, 'signed-out');
    assert.deepEqual(await axeViolations(page, 'suite-login'), []);
    await login(page).getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/interaction\//);
    assert.equal(testbed.oidc.lastAuthorization()?.code_challenge_method, 'S256');
    await signInAtProvider(page);
    await waitForStatus(page, 'signed-in');
    assert.equal(new URL(page.url()).search, '', 'code and state are gone from the URL');
    const storage = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: localStorage.length }));
    assert.equal(storage.local, 0);
    assert.ok(storage.session.some((key) => key.startsWith('suite-login:')));
    await login(page).getByRole('button', { name: 'Alice Martin' }).click();
    assert.deepEqual(await axeViolations(page, 'suite-login'), []);
    const called = await probe(page);
    assert.equal(called.status, 200);
    assert.equal(called.body.iss, testbed.urls.oidcIssuer);
    assert.equal(called.body.aud, testbed.oidc.resource);
    assert.deepEqual(/** @type {any} */ (page).pageErrors, []);
  });

  journey('the popup journey: the page stays, the popup closes, signed in', async () => {
    const ctx = await newContext();
    const page = await open(ctx, '/login/oidc.html?popup');
    await waitForStatus(page, 'signed-out');
    const popupOpened = ctx.waitForEvent('page');
    await login(page).getByRole('button', { name: 'Se connecter' }).click();
    const popup = await popupOpened;
    await popup.waitForURL(/\/interaction\//);
    await waitForStatus(page, 'signing-in');
    assert.deepEqual(await axeViolations(page, 'suite-login'), []);
    await signInAtProvider(popup);
    await waitForStatus(page, 'signed-in');
    await popup.waitForEvent('close', { timeout: 5000 });
    assert.equal(page.url(), new URL('/login/oidc.html?popup', testbed.urls.portal).href, 'the page never left');
    assert.equal((await probe(page)).status, 200);
  });

  journey('a popup closed before the end: back to signed out, "cancelled" is announced', async () => {
    const ctx = await newContext();
    const page = await open(ctx, '/login/oidc.html?popup');
    await waitForStatus(page, 'signed-out');
    const popupOpened = ctx.waitForEvent('page');
    await login(page).getByRole('button', { name: 'Se connecter' }).click();
    const popup = await popupOpened;
    await popup.waitForURL(/\/interaction\//);
    await popup.close();
    await waitForStatus(page, 'signed-out');
    await page.waitForFunction(() => document.querySelector('suite-login')?.shadowRoot?.querySelector('.sr-only[role="status"]')?.textContent === 'Connexion annulée.');
  });

  journey('several tabs: a new tab gets the session, only one tab spends each refresh token, all follow; logout reaches all', async () => {
    testbed.oidc.configure({ accessTokenTtl: 4 });
    const ctx = await newContext();
    const first = await openSignedIn(ctx, '/login/oidc.html');
    const second = await open(ctx, '/login/oidc.html');
    await waitForStatus(second, 'signed-in');
    const third = await open(ctx, '/login/oidc.html');
    await waitForStatus(third, 'signed-in');

    await first.waitForTimeout(9000);
    const stats = testbed.oidc.stats();
    assert.ok(stats.tokenRequests.refresh_token >= 2, `renewed (${stats.tokenRequests.refresh_token} refreshes)`);
    assert.equal(stats.refreshFailures, 0, 'no refresh token was spent twice (oidc-client-ts #430)');
    const tokens = await Promise.all([first, second, third].map((page) => page.evaluate(() => /** @type {any} */ (document.querySelector('suite-login')).getAccessToken())));
    assert.equal(new Set(tokens).size, 1, 'every tab holds the newest token');
    for (const page of [first, second, third]) {
      assert.equal(await statusOf(page), 'signed-in');
      assert.equal((await probe(page)).status, 200);
    }

    await login(second).getByRole('button', { name: 'Alice Martin' }).click();
    await login(second).getByRole('button', { name: 'Se déconnecter' }).click();
    await waitForStatus(first, 'signed-out');
    await waitForStatus(third, 'signed-out');
    await second.waitForURL(/login\/oidc\.html/);
    await waitForStatus(second, 'signed-out');
    assert.equal(new URL(second.url()).search, '', 'the state of the logout answer is removed from the URL');
  });

  journey('expiry: a refresh token that is refused makes every tab "expired", with no loop', async () => {
    testbed.oidc.configure({ accessTokenTtl: 4, refreshTokenTtl: 1 });
    const ctx = await newContext();
    const first = await openSignedIn(ctx, '/login/oidc.html');
    const second = await open(ctx, '/login/oidc.html');
    await waitForStatus(second, 'signed-in');
    await waitForStatus(first, 'expired', 15_000);
    await waitForStatus(second, 'expired');
    assert.match(await alertText(second), /Votre session a expiré/);
    assert.deepEqual(await axeViolations(second, 'suite-login'), []);
    const refreshes = testbed.oidc.stats().tokenRequests.refresh_token;
    await first.waitForTimeout(2000);
    assert.equal(testbed.oidc.stats().tokenRequests.refresh_token, refreshes, 'no retry loop');
  });

  journey('a tampered refresh token: "expired", not a broken page', async () => {
    const ctx = await newContext();
    const page = await openSignedIn(ctx, '/login/oidc.html');
    await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith('suite-login:'));
      if (!key) throw new Error('no stored session');
      const stored = JSON.parse(/** @type {string} */ (sessionStorage.getItem(key)));
      sessionStorage.setItem(key, JSON.stringify({ ...stored, refresh_token: 'tampered', access_token: 'tampered' }));
    });
    await page.reload();
    await waitForStatus(page, 'signed-in');
    assert.equal((await probe(page)).status, 401, 'the backend refuses the tampered access token');
    assert.equal((await page.evaluate(() => /** @type {any} */ (document.getElementById('probe')).check(true))).outcome, 'no token');
    await waitForStatus(page, 'expired');
    assert.deepEqual(/** @type {any} */ (page).pageErrors, []);
  });

  journey('a device clock two hours ahead: sign-in and tokens still work', async () => {
    const ctx = await newContext();
    await ctx.addInitScript(() => {
      const offset = 2 * 3600 * 1000;
      const now = Date.now.bind(Date);
      Date.now = () => now() + offset;
    });
    const page = await openSignedIn(ctx, '/login/oidc.html');
    assert.equal((await probe(page)).status, 200);
  });

  for (const [name, query, code, words] of [
    ['an unknown client-id', '?client-id=not-registered', 'invalid_client', /ne reconnaît pas ce site|n’est pas reconnu/],
    ['an issuer where nothing listens', '?issuer=http://127.0.0.1:9', 'provider_unreachable', /injoignable/],
    ['an issuer that is not an OpenID provider', `?issuer=PORTAL`, 'config', /mal configuré/],
  ]) {
    journey(`bad input — ${name}: a clear message and a console error naming it, before leaving the page`, async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      /** @type {string[]} */
      const errors = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      await page.goto(new URL(`/login/oidc.html${query.replace('PORTAL', encodeURIComponent(testbed.urls.portal.replace(/\/$/, '')))}`, testbed.urls.portal).href);
      await waitForStatus(page, 'signed-out');
      await login(page).getByRole('button', { name: 'Se connecter' }).click();
      await waitForStatus(page, 'error');
      assert.equal(await errorCode(page), code);
      assert.match(await alertText(page), words);
      assert.ok(errors.some((text) => text.includes('<suite-login>') && text.includes(code)), `a console error names ${code}: ${errors.join(' / ')}`);
      assert.match(page.url(), /login\/oidc\.html/, 'the page was not left');
      assert.deepEqual(await axeViolations(page, 'suite-login'), []);
    });
  }

  journey('a forged callback (state mismatch) and access_denied: errors, clean URLs, no loop', async () => {
    const ctx = await newContext();
    const forged = await open(ctx, '/login/oidc.html?code=forged&state=abcdef;suite-login');
    await expectFailure(forged, 'state_mismatch');

    const page = await open(ctx, '/login/oidc.html');
    await waitForStatus(page, 'signed-out');
    await login(page).getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Refuser' }).click();
    await expectFailure(page, 'access_denied');
    assert.match(await alertText(page), /Détail : L’utilisateur a refusé la connexion\./);
  });
});
