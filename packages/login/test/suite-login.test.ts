import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { getSession } from '@suite-widgets/core';
import '../src/define.js';
import type { SuiteLogin } from '../src/suite-login.js';
import type { LoginStatus } from '../src/login-store.js';
import { captureConsoleErrors, json, nextEvent, spoken, stubFetch } from '../../app-switcher/test/helpers.js';
import { formatSiret, initials, userFromClaims } from '../src/user.js';

const BFF = 'https://intranet.example.gouv.fr/bff';
const ALICE = {
  sub: 'alice-sub',
  given_name: 'Alice',
  usual_name: 'Martin',
  email: 'alice@ministere.example',
  siret: '13002526500013',
  organizational_unit: 'Direction du numérique',
};

const $ = <T extends Element = HTMLElement>(el: SuiteLogin, selector: string) => el.shadowRoot!.querySelector<T>(selector);

async function waitForStatus(el: SuiteLogin, status: LoginStatus): Promise<void> {
  await waitUntil(() => el.status === status, `status never became ${status} (is ${el.status})`, { timeout: 5000 });
  // An error is shown once its messages are loaded.
  if (status === 'error') await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'the error is not shown', { timeout: 5000 });
  await el.updateComplete;
}

/** A fake BFF: `me` answers `user` (or 401 with `meError`), `token` mints numbered tokens. */
function fakeBff(options: { user?: object | null; meError?: string; tokenStatus?: number } = {}) {
  let minted = 0;
  let user = options.user;
  const requests: { url: string; method: string; headers: Headers; credentials?: RequestCredentials | undefined }[] = [];
  const stub = stubFetch((url, init) => {
    requests.push({ url, method: init?.method ?? 'GET', headers: new Headers(init?.headers), credentials: init?.credentials });
    const path = new URL(url).pathname;
    if (path === '/bff/me') {
      return user ? json({ user, acr: 'eidas1', expiresAt: Date.now() + 3_600_000 }) : json({ error: options.meError ?? 'not_signed_in' }, 401);
    }
    if (path === '/bff/token') {
      if (options.tokenStatus) return json({ error: 'session_expired' }, options.tokenStatus);
      minted++;
      return json({ access_token: `token-${minted}`, token_type: 'Bearer', expires_in: 300, audience: new URL(url).searchParams.get('audience') });
    }
    if (path === '/bff/logout') {
      user = null;
      return json({ redirect: null });
    }
    return json({ error: 'not found' }, 404);
  });
  return { ...stub, requests, minted: () => minted };
}

let stub: { restore: () => void } | undefined;
afterEach(() => {
  stub?.restore();
  stub = undefined;
  sessionStorage.clear();
  document.documentElement.removeAttribute('lang');
});

describe('user claims', () => {
  it('takes ProConnect claims and standard ones, as text only', () => {
    const user = userFromClaims({ ...ALICE, name: undefined, siret: 13002526500013 });
    expect(user.name).to.equal('Alice Martin');
    expect(user.familyName).to.equal('Martin');
    expect(user.organization).to.equal('Direction du numérique');
    expect(user.siret).to.equal('13002526500013');
    expect(userFromClaims({ sub: 'x', name: { html: '<b>' }, preferred_username: 'jdoe' }).name).to.equal('jdoe');
    expect(userFromClaims({ sub: 'x', family_name: 'Doe', given_name: 'Jane' }).name).to.equal('Jane Doe');
  });

  it('makes initials and reads a SIRET out', () => {
    expect(initials(userFromClaims(ALICE))).to.equal('AM');
    expect(initials({ sub: 'x', name: 'émile zola' })).to.equal('ÉZ');
    expect(initials({ sub: 'x', name: '' })).to.equal('?');
    expect(formatSiret('13002526500013')).to.equal('130 025 265 00013');
    expect(formatSiret('123')).to.equal('123');
  });
});

describe('<suite-login> configuration errors', () => {
  for (const [name, template, expected] of [
    ['no attribute at all', html`<suite-login></suite-login>`, 'issuer'],
    ['mode bff without bff-url', html`<suite-login mode="bff"></suite-login>`, 'bff-url'],
    ['an unknown mode', html`<suite-login mode="saml" bff-url="/bff"></suite-login>`, 'mode "saml"'],
    ['oidc without client-id', html`<suite-login issuer="https://idp.example"></suite-login>`, 'client-id'],
    ['an http issuer that is not loopback', html`<suite-login issuer="http://idp.example" client-id="x"></suite-login>`, 'https://'],
    ['an issuer that is not a URL', html`<suite-login issuer="https://[bad" client-id="x"></suite-login>`, 'not a URL'],
  ] as const) {
    it(`${name}: a clear message, a retry, a console error naming it`, async () => {
      const { result: el, errors } = await captureConsoleErrors(async () => {
        const el = await fixture<SuiteLogin>(template);
        await waitForStatus(el, 'error');
        return el;
      });
      expect(el.error?.code).to.equal('config');
      expect(spoken($(el, '[role="alert"]'))).to.contain('mal configuré');
      expect($(el, '[part="retry-button"]')).to.exist;
      expect(errors.join('\n')).to.contain(expected);
      expect(getSession().state).to.equal('error');
      await expect(el).to.be.accessible();
    });
  }

  it('a fixed attribute recovers without reloading the page', async () => {
    stub = fakeBff();
    const el = await captureConsoleErrors(async () => {
      const el = await fixture<SuiteLogin>(html`<suite-login mode="bff"></suite-login>`);
      await waitForStatus(el, 'error');
      return el;
    }).then((captured) => captured.result);
    el.bffUrl = BFF;
    await waitForStatus(el, 'signed-out');
  });
});

describe('<suite-login mode="bff">', () => {
  it('signed out: the ProConnect button and its "what is it" link in a new window', async () => {
    stub = fakeBff();
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
    await waitForStatus(el, 'signed-out');
    const button = $(el, '[part="proconnect-button"]')!;
    expect(spoken(button)).to.equal('S’identifier avec ProConnect');
    const link = $<HTMLAnchorElement>(el, '.connect a')!;
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.contain('noopener');
    expect(link.title).to.equal('Qu’est-ce que ProConnect ? - nouvelle fenêtre');
    expect(getSession().state).to.equal('signed-out');
    await expect(el).to.be.accessible();
  });

  it('restoring (the BFF is slow): a polite status, accessible', async () => {
    stub = stubFetch((_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
    expect(el.status).to.equal('restoring');
    expect(spoken($(el, '[role="status"]'))).to.equal('Vérification de la session…');
    expect(getSession().state).to.equal('unknown');
    await expect(el).to.be.accessible();
  });

  it('calls the BFF with its cookie and the CSRF header', async () => {
    const bff = fakeBff();
    stub = bff;
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${`${BFF}/`}></suite-login>`);
    await waitForStatus(el, 'signed-out');
    expect(bff.requests[0].url).to.equal(`${BFF}/me`);
    expect(bff.requests[0].credentials).to.equal('include');
    expect(bff.requests[0].headers.get('X-Suite-Requested-With')).to.equal('fetch');
  });

  it('a generic button when provider-name is set, in English when the page is', async () => {
    stub = fakeBff();
    document.documentElement.lang = 'en';
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF} provider-name="Keycloak"></suite-login>`);
    await waitForStatus(el, 'signed-out');
    expect(spoken($(el, '[part="sign-in-button"]'))).to.equal('Sign in with Keycloak');
    await expect(el).to.be.accessible();
  });

  it('signed in: a user menu with initials, name, email, organisation and SIRET, by keyboard', async () => {
    stub = fakeBff({ user: ALICE });
    const events: string[] = [];
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF} @suite-login=${(event: CustomEvent<{ restored: boolean }>) => events.push(`login:${String(event.detail.restored)}`)}></suite-login>`);
    await waitForStatus(el, 'signed-in');
    const button = $(el, '[part="user-button"]')!;
    expect(spoken($(el, '[part="avatar"]'))).to.equal('AM');
    expect(spoken(button.querySelector('.user__name'))).to.equal('Alice Martin');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect($(el, '[part="menu"]')!.hidden).to.equal(true);
    await expect(el).to.be.accessible();

    button.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const menu = $(el, '[part="menu"]')!;
    expect(menu.hidden).to.equal(false);
    expect(spoken(menu)).to.contain('alice@ministere.example');
    expect(spoken(menu)).to.contain('Direction du numérique');
    expect(spoken(menu)).to.contain('130 025 265 00013');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="sign-out-button"]'));
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(menu.hidden).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(events).to.deep.equal(['login:true']);
    expect(getSession().state).to.equal('signed-in');
    expect(getSession().user?.email).to.equal('alice@ministere.example');
  });

  it('a click outside closes the menu', async () => {
    stub = fakeBff({ user: ALICE });
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
    await waitForStatus(el, 'signed-in');
    $(el, '[part="user-button"]')!.click();
    await el.updateComplete;
    document.body.click();
    await el.updateComplete;
    expect($(el, '[part="menu"]')!.hidden).to.equal(true);
  });

  it('gives sibling widgets short-lived tokens per audience through the page session, cached', async () => {
    const bff = fakeBff({ user: ALICE });
    stub = bff;
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
    await waitForStatus(el, 'signed-in');
    const session = getSession();
    expect(await session.getAccessToken('files')).to.equal('token-1');
    expect(await session.getAccessToken('files')).to.equal('token-1');
    expect(await session.getAccessToken('mail')).to.equal('token-2');
    expect(await session.getAccessToken('files', { forceRefresh: true })).to.equal('token-3');
    const tokenCalls = bff.requests.filter((request) => request.url.includes('/token'));
    expect(tokenCalls.map((request) => new URL(request.url).searchParams.get('audience'))).to.deep.equal(['files', 'mail', 'files']);
    expect(tokenCalls.every((request) => request.headers.get('X-Suite-Requested-With') === 'fetch')).to.equal(true);
  });

  it('a token request refused with 401: the session has expired, the user is asked to sign in again', async () => {
    stub = fakeBff({ user: ALICE, tokenStatus: 401 });
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
    await waitForStatus(el, 'signed-in');
    const expired = nextEvent(el, 'suite-session-expired');
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect(await getSession().getAccessToken('files')).to.equal(null);
      await expired;
    } finally {
      console.warn = warn;
    }
    await waitForStatus(el, 'expired');
    expect(spoken($(el, '[role="alert"]'))).to.contain('Votre session a expiré.');
    expect(spoken($(el, '[part="sign-in-button"]'))).to.equal('Se reconnecter');
    expect(getSession().state).to.equal('expired');
    expect(await getSession().getAccessToken('files')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('an expired server session at page load shows "expired"', async () => {
    stub = fakeBff({ meError: 'session_expired' });
    const warn = console.warn;
    console.warn = () => {};
    try {
      const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
      await waitForStatus(el, 'expired');
    } finally {
      console.warn = warn;
    }
  });

  it('an error the BFF put in the URL: a human message, the detail, a clean URL, a retry that signs in again', async () => {
    stub = fakeBff();
    const before = location.href;
    history.replaceState(null, '', `${location.pathname}?keep=1&suite-login=callback&suite-login-error=access_denied&suite-login-error-description=${encodeURIComponent('L’utilisateur a refusé <b>')}#top`);
    try {
      const { result: el, errors } = await captureConsoleErrors(async () => {
        const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
        await waitForStatus(el, 'error');
        return el;
      });
      expect(location.search).to.equal('?keep=1');
      expect(location.hash).to.equal('#top');
      expect(el.error?.code).to.equal('access_denied');
      expect(spoken($(el, '[role="alert"]'))).to.contain('La connexion a été refusée');
      expect(spoken($(el, '.suite-state__note'))).to.equal('Détail : L’utilisateur a refusé <b>');
      expect(el.shadowRoot!.querySelector('b')).to.equal(null);
      expect(errors.join('\n')).to.contain('access_denied');
      await expect(el).to.be.accessible();
    } finally {
      history.replaceState(null, '', before);
    }
  });

  for (const [name, code, handler] of [
    ['a BFF that is down', 'provider_unreachable', () => Promise.reject(new TypeError('Failed to fetch'))],
    ['a BFF that answers garbage', 'protocol', () => new Response('<html>maintenance</html>', { status: 200 })],
    ['a bff-url that is not a BFF (404)', 'config', () => json({ error: 'not found' }, 404)],
    ['a BFF that answers a wrong shape', 'protocol', () => json({ hello: 'world' })],
  ] as const) {
    it(`${name}: a clear message and a retry that asks again`, async () => {
      let calls = 0;
      stub = stubFetch(() => {
        calls++;
        return handler();
      });
      const { result: el, errors } = await captureConsoleErrors(async () => {
        const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
        await waitForStatus(el, 'error');
        return el;
      });
      expect(el.error?.code).to.equal(code);
      expect(errors.join('\n')).to.contain('<suite-login>');
      await expect(el).to.be.accessible();
      const before = calls;
      stub.restore();
      stub = fakeBff({ user: ALICE });
      $(el, '[part="retry-button"]')!.click();
      await waitForStatus(el, 'signed-in');
      expect(calls).to.be.greaterThanOrEqual(before);
    });
  }

  it('signing out: one POST, signed out here and in the other "tab" (a second widget on the same channel)', async () => {
    const bff = fakeBff({ user: ALICE });
    stub = bff;
    const wrapper = await fixture<HTMLElement>(html`<div><suite-login id="a" bff-url=${BFF}></suite-login><suite-login id="b" bff-url=${BFF}></suite-login></div>`);
    const [a, b] = [...wrapper.querySelectorAll('suite-login')] as SuiteLogin[];
    await waitForStatus(a, 'signed-in');
    await waitForStatus(b, 'signed-in');
    const otherTab = nextEvent(b, 'suite-logout');
    const here = nextEvent(a, 'suite-logout');
    await a.signOut();
    expect((await here).detail.reason).to.equal('user');
    expect((await otherTab).detail.reason).to.equal('other-tab');
    await waitForStatus(b, 'signed-out');
    expect(a.status).to.equal('signed-out');
    const logout = bff.requests.filter((request) => request.url.endsWith('/logout'));
    expect(logout.length).to.equal(1);
    expect(logout[0].method).to.equal('POST');
    await aTimeout(50);
    expect(spoken(a.shadowRoot!.querySelector('[role="status"].sr-only'))).to.equal('Vous êtes déconnecté.');
  });

  it('moved in the page (removed, then added again): it starts again', async () => {
    stub = fakeBff({ user: ALICE });
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
    await waitForStatus(el, 'signed-in');
    const parent = el.parentElement!;
    el.remove();
    expect(getSession().state).to.equal('unknown');
    parent.append(el);
    await waitForStatus(el, 'signed-in');
    expect(getSession().state).to.equal('signed-in');
    expect(await getSession().getAccessToken('files')).to.equal('token-1');
  });

  it('a sign-out the BFF could not do: an error, not a pretend sign-out, and the other tab stays signed in', async () => {
    const bff = fakeBff({ user: ALICE });
    stub = bff;
    const wrapper = await fixture<HTMLElement>(html`<div><suite-login bff-url=${BFF}></suite-login><suite-login bff-url=${BFF}></suite-login></div>`);
    const [a, b] = [...wrapper.querySelectorAll('suite-login')] as SuiteLogin[];
    await waitForStatus(a, 'signed-in');
    await waitForStatus(b, 'signed-in');
    bff.restore();
    stub = stubFetch((url) => (url.endsWith('/logout') ? json({ error: 'internal' }, 500) : json({ user: ALICE, expiresAt: Date.now() + 3_600_000 })));
    const { errors } = await captureConsoleErrors(async () => {
      await a.signOut();
      await waitForStatus(a, 'error');
    });
    expect(errors.join('\n')).to.contain('signing out failed');
    await aTimeout(100);
    expect(b.status).to.equal('signed-in');
  });

  it('removed from the page: the session is cleared, nothing throws', async () => {
    stub = fakeBff({ user: ALICE });
    const el = await fixture<SuiteLogin>(html`<suite-login bff-url=${BFF}></suite-login>`);
    await waitForStatus(el, 'signed-in');
    el.remove();
    expect(getSession().state).to.equal('unknown');
    expect(await getSession().getAccessToken()).to.equal(null);
  });
});

describe('<suite-login mode="oidc">', () => {
  const ISSUER = 'https://idp.example.gouv.fr';
  const key = `suite-login:${ISSUER}:portal`;

  it('restores tokens kept in this tab without loading anything', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    sessionStorage.setItem(key, JSON.stringify({ access_token: 'at-1', token_type: 'Bearer', refresh_token: 'rt-1', session_state: null, expires_at: nowS + 3600, obtained_at: nowS, profile: { ...ALICE, acr: 'eidas1' } }));
    const bff = stubFetch(() => json({}, 500));
    stub = bff;
    const el = await fixture<SuiteLogin>(html`<suite-login issuer=${ISSUER} client-id="portal"></suite-login>`);
    await waitForStatus(el, 'signed-in');
    expect(el.user?.name).to.equal('Alice Martin');
    expect(await getSession().getAccessToken()).to.equal('at-1');
    expect(bff.calls).to.deep.equal([]);
    expect(localStorage.getItem(key)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('tokens that were tampered with in storage are ignored', async () => {
    sessionStorage.setItem(key, '{"access_token": 42}');
    const el = await fixture<SuiteLogin>(html`<suite-login issuer=${ISSUER} client-id="portal"></suite-login>`);
    await waitForStatus(el, 'signed-out');
    expect(spoken($(el, '[part="sign-in-button"]'))).to.equal('Se connecter');
  });

  it('a popup blocked by the browser: a message that says so, and a retry', async () => {
    const open = window.open;
    window.open = () => null;
    try {
      const el = await fixture<SuiteLogin>(html`<suite-login issuer=${ISSUER} client-id="portal" popup></suite-login>`);
      await waitForStatus(el, 'signed-out');
      const { errors } = await captureConsoleErrors(async () => {
        await el.signIn();
        await waitForStatus(el, 'error');
      });
      expect(el.error?.code).to.equal('popup_blocked');
      expect(errors.join('\n')).to.contain('popup_blocked');
      expect(spoken($(el, '[role="alert"]'))).to.contain('bloqué la fenêtre');
      await expect(el).to.be.accessible();
    } finally {
      window.open = open;
    }
  });

  it('storage="bogus" falls back to sessionStorage and says so in the console', async () => {
    const { errors } = await captureConsoleErrors(async () => {
      const el = await fixture<SuiteLogin>(html`<suite-login issuer=${ISSUER} client-id="portal" storage="bogus"></suite-login>`);
      await waitForStatus(el, 'signed-out');
    });
    expect(errors.join('\n')).to.contain('storage "bogus"');
  });
});
