import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import {
  SuiteElement,
  SuiteError,
  VERSION,
  defineElement,
  getSession,
  readStored,
  resolveLang,
  resolveTheme,
  writeStored,
} from '@suite-widgets/core';

describe('core', () => {
  it('keeps VERSION equal to package.json', async () => {
    const corePackage = (await (await fetch('/packages/core/package.json')).json()) as { version: string };
    expect(VERSION).to.equal(corePackage.version);
  });

  describe('defineElement', () => {
    it('defines once, never throws, and warns when another version holds the tag', () => {
      class A extends LitElement {
        static version = '1.0.0';
      }
      class B extends LitElement {
        static version = '2.0.0';
      }
      const warnings: unknown[][] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        defineElement('suite-test-define', A);
        defineElement('suite-test-define', A);
        expect(warnings).to.have.length(0);
        defineElement('suite-test-define', B);
      } finally {
        console.warn = original;
      }
      expect(customElements.get('suite-test-define')).to.equal(A);
      expect(String(warnings[0]?.[0])).to.contain('1.0.0').and.contain('2.0.0');
    });
  });

  describe('resolveLang', () => {
    afterEach(() => {
      document.documentElement.lang = 'en';
      document.documentElement.removeAttribute('data-localize-lang');
    });

    it('follows the element, then its ancestors, then <html lang>', async () => {
      document.documentElement.lang = 'fr-FR';
      const el = await fixture(html`<div lang="en-GB"><span id="inner"></span></div>`);
      expect(resolveLang(el.querySelector('#inner')!)).to.equal('en');
      el.removeAttribute('lang');
      expect(resolveLang(el.querySelector('#inner')!)).to.equal('fr');
    });

    it('is French with no language at all, English for other languages', async () => {
      document.documentElement.removeAttribute('lang');
      const el = await fixture(html`<span></span>`);
      expect(resolveLang(el)).to.equal('fr');
      document.documentElement.lang = 'de';
      expect(resolveLang(el)).to.equal('en');
    });

    it('prefers data-localize-lang over a translated <html lang>', async () => {
      document.documentElement.lang = 'en';
      document.documentElement.setAttribute('data-localize-lang', 'fr');
      const el = await fixture(html`<span></span>`);
      expect(resolveLang(el)).to.equal('fr');
    });
  });

  describe('resolveTheme', () => {
    it('explicit theme wins, then data-fr-theme, else light', async () => {
      const wrapper = await fixture(html`<div data-fr-theme="dark"><span></span></div>`);
      const span = wrapper.querySelector('span')!;
      expect(resolveTheme(span, undefined)).to.equal('dark');
      expect(resolveTheme(span, 'light')).to.equal('light');
      wrapper.removeAttribute('data-fr-theme');
      expect(resolveTheme(span, undefined)).to.equal('light');
      expect(resolveTheme(span, 'dark')).to.equal('dark');
    });

    describe('with DSFR’s data-fr-scheme', () => {
      afterEach(() => emulateMedia({ colorScheme: 'light' }));

      it('follows data-fr-scheme light or dark when there is no data-fr-theme', async () => {
        const wrapper = await fixture(html`<div data-fr-scheme="dark"><span></span></div>`);
        const span = wrapper.querySelector('span')!;
        expect(resolveTheme(span, undefined)).to.equal('dark');
        expect(resolveTheme(span, 'light')).to.equal('light');
        wrapper.setAttribute('data-fr-scheme', 'light');
        expect(resolveTheme(span, undefined)).to.equal('light');
        wrapper.setAttribute('data-fr-scheme', 'nonsense');
        expect(resolveTheme(span, undefined)).to.equal('light');
      });

      it('lets data-fr-theme (what DSFR resolved) win over data-fr-scheme', async () => {
        await emulateMedia({ colorScheme: 'dark' });
        const wrapper = await fixture(html`<div data-fr-scheme="system" data-fr-theme="light"><p data-fr-scheme="dark"><span></span></p></div>`);
        expect(resolveTheme(wrapper.querySelector('span')!, undefined)).to.equal('light');
      });

      it('follows the OS for data-fr-scheme="system", and for theme="system" whatever DSFR says', async () => {
        const wrapper = await fixture(html`<div data-fr-scheme="system"><span></span></div>`);
        const span = wrapper.querySelector('span')!;
        await emulateMedia({ colorScheme: 'dark' });
        expect(resolveTheme(span, undefined)).to.equal('dark');
        await emulateMedia({ colorScheme: 'light' });
        expect(resolveTheme(span, undefined)).to.equal('light');
        wrapper.setAttribute('data-fr-theme', 'dark');
        expect(resolveTheme(span, undefined)).to.equal('dark');
        expect(resolveTheme(span, 'system')).to.equal('light');
      });

      it('crosses shadow roots to find data-fr-scheme', async () => {
        const wrapper = await fixture(html`<div data-fr-scheme="dark"><section></section></div>`);
        const inner = document.createElement('span');
        wrapper.querySelector('section')!.attachShadow({ mode: 'open' }).append(inner);
        expect(resolveTheme(inner, undefined)).to.equal('dark');
      });
    });
  });

  describe('SuiteElement', () => {
    class TestElement extends SuiteElement {
      fail() {
        return this.reportError(new SuiteError('network', 'down'), 'loading things');
      }
    }
    defineElement('suite-test-element', TestElement);

    it('sets the dark custom state from data-fr-theme and follows changes', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div data-fr-theme="dark"><suite-test-element></suite-test-element></div>`);
      const el = wrapper.querySelector('suite-test-element')!;
      await (el as TestElement).updateComplete;
      expect(el.matches(':state(dark)')).to.equal(true);
      expect(getComputedStyle(el).getPropertyValue('--suite-color-background').trim()).to.equal('#161616');
      wrapper.setAttribute('data-fr-theme', 'light');
      await new Promise((r) => setTimeout(r));
      await (el as TestElement).updateComplete;
      expect(el.matches(':state(dark)')).to.equal(false);
    });

    it('sets the dark custom state from data-fr-scheme and follows changes', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div data-fr-scheme="dark"><suite-test-element></suite-test-element></div>`);
      const el = wrapper.querySelector<TestElement>('suite-test-element')!;
      await el.updateComplete;
      expect(el.matches(':state(dark)')).to.equal(true);
      wrapper.setAttribute('data-fr-scheme', 'light');
      await new Promise((r) => setTimeout(r));
      expect(el.matches(':state(dark)')).to.equal(false);
    });

    it('follows the OS live under data-fr-scheme="system"', async () => {
      try {
        await emulateMedia({ colorScheme: 'light' });
        const wrapper = await fixture<HTMLDivElement>(html`<div data-fr-scheme="system"><suite-test-element></suite-test-element></div>`);
        const el = wrapper.querySelector<TestElement>('suite-test-element')!;
        await el.updateComplete;
        expect(el.matches(':state(dark)')).to.equal(false);
        await emulateMedia({ colorScheme: 'dark' });
        await waitUntil(() => el.matches(':state(dark)'), 'not dark after the OS turned dark', { timeout: 1000 });
        await emulateMedia({ colorScheme: 'light' });
        await waitUntil(() => !el.matches(':state(dark)'), 'still dark after the OS turned light', { timeout: 1000 });
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    });

    it('reports errors in the console and as a suite-error event', async () => {
      const el = await fixture<TestElement>(html`<suite-test-element></suite-test-element>`);
      const errors: unknown[][] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(args);
      let detail: SuiteError | undefined;
      el.addEventListener('suite-error', (event) => (detail = event.detail.error));
      try {
        el.fail();
      } finally {
        console.error = original;
      }
      expect(detail?.kind).to.equal('network');
      expect(String(errors[0]?.[0])).to.contain('<suite-test-element> loading things: [network] down');
    });
  });

  describe('session', () => {
    it('is one object per page, on a globalThis symbol shared by copies', async () => {
      const session = getSession();
      expect(getSession()).to.equal(session);
      expect((globalThis as Record<symbol, unknown>)[Symbol.for('@suite-widgets/session@1')]).to.equal(session);
      expect(await session.getAccessToken()).to.equal(null);
      const seen: string[] = [];
      const stop = session.subscribe((snapshot) => seen.push(snapshot.state));
      session.publish({ state: 'signed-in', user: { sub: 'alice' } }, { getAccessToken: (audience) => Promise.resolve(`token-for-${audience}`) });
      expect(await session.getAccessToken('mail')).to.equal('token-for-mail');
      session.publish({ state: 'signed-out', user: null }, null);
      expect(await session.getAccessToken('mail')).to.equal(null);
      stop();
      expect(seen).to.deep.equal(['signed-in', 'signed-out']);
    });
  });

  describe('storage', () => {
    it('round-trips JSON and survives garbage', () => {
      writeStored('session', 'suite-test', { a: 1 });
      expect(readStored('session', 'suite-test')).to.deep.equal({ a: 1 });
      sessionStorage.setItem('suite-test', '{not json');
      expect(readStored('session', 'suite-test')).to.equal(undefined);
      writeStored('session', 'suite-test', undefined);
      expect(sessionStorage.getItem('suite-test')).to.equal(null);
    });
  });
});
