import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/define.js';
import type { SuiteAppSwitcher } from '../src/suite-app-switcher.js';
import {
  $,
  $$,
  LOGO,
  activeInside,
  captureConsoleErrors,
  hang,
  json,
  links,
  makeServices,
  nextEvent,
  openAndSettle,
  spoken,
  stubFetch,
  waitForStatus,
} from './helpers.js';

const withServices = (count: number, extra = html``) =>
  fixture<SuiteAppSwitcher>(html`<suite-app-switcher .services=${{ services: makeServices(count) }}>${extra}</suite-app-switcher>`);

afterEach(() => {
  sessionStorage.clear();
  document.documentElement.removeAttribute('data-fr-theme');
  document.documentElement.removeAttribute('lang');
});

describe('<suite-app-switcher>', () => {
  describe('robustness (review findings)', () => {
    it('keeps the keyboard focus in the dialog while a retry runs, and back on retry when it fails again', async () => {
      let answer: () => Response | Promise<Response> = () => new Response('down', { status: 404 });
      const fetches = stubFetch(() => answer());
      try {
        const { result: el } = await captureConsoleErrors(async () => {
          const element = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher services-url="https://x.test/r"></suite-app-switcher>`);
          await waitForStatus(element, 'error');
          await openAndSettle(element);
          let release: (response: Response) => void = () => undefined;
          answer = () => new Promise<Response>((resolve) => (release = resolve));
          expect(activeInside(element)).to.equal($(element, '[part="retry-button"]'));
          await sendKeys({ press: 'Enter' });
          await element.updateComplete;
          expect(element.status).to.equal('loading');
          expect(activeInside(element)).to.equal($(element, '.popup'));
          release(new Response('down', { status: 404 }));
          await waitForStatus(element, 'error');
          await aTimeout(0);
          return element;
        });
        expect(activeInside(el)).to.equal($(el, '[part="retry-button"]'));
        await sendKeys({ press: 'Escape' });
        await el.updateComplete;
        expect(el.open).to.equal(false);
      } finally {
        fetches.restore();
      }
    });

    it('is unwired once removed: the page button no longer opens it, and keeps no stale ARIA', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <button id="t1" type="button">Apps</button>
        <suite-app-switcher trigger="t1" .services=${makeServices(3)}></suite-app-switcher>
      </div>`);
      const el = wrapper.querySelector<SuiteAppSwitcher>('suite-app-switcher')!;
      const trigger = wrapper.querySelector<HTMLButtonElement>('#t1')!;
      await el.updateComplete;
      trigger.click();
      await el.updateComplete;
      expect(el.open).to.equal(true);
      let opened = 0;
      el.addEventListener('suite-open', () => opened++);
      el.hide();
      el.remove();
      await el.updateComplete;
      await aTimeout(0);
      trigger.click();
      await aTimeout(0);
      expect(opened).to.equal(0);
      expect(trigger.hasAttribute('aria-expanded')).to.equal(false);
      expect(trigger.hasAttribute('aria-haspopup')).to.equal(false);
      // Put back, it works again.
      wrapper.append(el);
      await el.updateComplete;
      trigger.click();
      await el.updateComplete;
      expect(el.open).to.equal(true);
      expect(opened).to.equal(1);
    });

    it('does not take the focus from where the user is when closed by script', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <label>Nom <input id="other" /></label>
        <suite-app-switcher .services=${makeServices(3)}></suite-app-switcher>
      </div>`);
      const el = wrapper.querySelector<SuiteAppSwitcher>('suite-app-switcher')!;
      await openAndSettle(el);
      const other = wrapper.querySelector<HTMLInputElement>('#other')!;
      other.focus();
      el.hide();
      await el.updateComplete;
      expect(document.activeElement).to.equal(other);
    });

    it('binds a trigger that appears after the list has loaded', async () => {
      const { result: wrapper } = await captureConsoleErrors(async () => {
        const element = await fixture<HTMLDivElement>(html`<div><suite-app-switcher trigger="later" .services=${makeServices(3)}></suite-app-switcher></div>`);
        await element.querySelector<SuiteAppSwitcher>('suite-app-switcher')!.updateComplete;
        return element;
      });
      const el = wrapper.querySelector<SuiteAppSwitcher>('suite-app-switcher')!;
      const later = Object.assign(document.createElement('button'), { id: 'later', type: 'button', textContent: 'Apps' });
      wrapper.prepend(later);
      later.click();
      await el.updateComplete;
      expect(el.open).to.equal(true);
      expect(later.getAttribute('aria-expanded')).to.equal('true');
    });

    it('names the header logo link after where it leads, keeps it in the Tab cycle, and refuses javascript: URLs', async () => {
      const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher
        header-logo=${LOGO}
        header-url="https://www.numerique.gouv.fr/"
        header-label="Site de la DINUM"
        .services=${makeServices(2)}
      ></suite-app-switcher>`);
      await openAndSettle(el);
      const headerLink = $<HTMLAnchorElement>(el, '.header-logo a')!;
      expect(headerLink.querySelector('img')!.alt).to.equal('Site de la DINUM - nouvelle fenêtre');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, 'button.close')!.focus();
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(activeInside(el)).to.equal(headerLink);
      // From the last link, Tab wraps to the header link, the first stop of the dialog.
      links(el).at(-1)!.focus();
      await sendKeys({ press: 'Tab' });
      expect(activeInside(el)).to.equal(headerLink);
      el.headerUrl = 'javascript:alert(1)';
      await el.updateComplete;
      expect($(el, '.header-logo a')).to.equal(null);
    });

    it('marks one current app: an id is never read as a relative URL, and the longest URL match wins', async () => {
      const services = [
        { id: 'portail', name: 'Portail', url: `${location.origin}/` },
        { id: 'docs', name: 'Docs', url: `${location.origin}/docs/` },
      ];
      const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher current="documents" .services=${services}></suite-app-switcher>`);
      await openAndSettle(el);
      expect(links(el).filter((link) => link.hasAttribute('aria-current'))).to.have.length(0);
      el.current = `${location.origin}/docs/page/3`;
      await el.updateComplete;
      expect(links(el).filter((link) => link.hasAttribute('aria-current')).map((link) => spoken(link.querySelector('[part="name"]')))).to.deep.equal(['Docs']);
    });

    it('reads bad numbers as the defaults, and an unknown link-target as a new tab', async () => {
      const fetches = stubFetch(() => new Promise<Response>((resolve) => setTimeout(() => resolve(json({ services: makeServices(12) })), 50)));
      try {
        const el = await fixture<SuiteAppSwitcher>(
          html`<suite-app-switcher services-url="https://x.test/n" show-more-limit="six" search-threshold="beaucoup" timeout="3000000000" link-target="popup"></suite-app-switcher>`,
        );
        await waitForStatus(el, 'ready');
        await openAndSettle(el);
        expect(links(el)).to.have.length(6);
        expect($(el, 'input[type="search"]')).to.exist;
        expect(links(el)[0].target).to.equal('_blank');
        expect(links(el)[0].rel).to.equal('noopener');
      } finally {
        fetches.restore();
      }
    });

    it('names a popupPosition that is not an object, and places the popup top right instead', async () => {
      const { errors, result: el } = await captureConsoleErrors(async () => {
        const element = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher hide-button .services=${makeServices(2)}></suite-app-switcher>`);
        (element as unknown as { popupPosition: unknown }).popupPosition = 'haut';
        await openAndSettle(element);
        return element;
      });
      expect(errors.join('\n')).to.contain('popupPosition must be an object');
      const popup = $(el, '.popup')!;
      expect([popup.style.top, popup.style.right]).to.deep.equal(['16px', '16px']);
    });

    it('marks its shadow content with the language it speaks', async () => {
      document.documentElement.lang = 'de';
      const el = await withServices(2);
      await openAndSettle(el);
      expect($(el, 'button[part="button"]')!.getAttribute('lang')).to.equal('en');
      expect($(el, '.popup')!.getAttribute('lang')).to.equal('en');
    });
  });

  describe('closed', () => {
    it('is a button named in French with aria-expanded, and passes axe', async () => {
      const el = await withServices(4);
      const button = $<HTMLButtonElement>(el, 'button[part="button"]')!;
      expect(spoken(button)).to.equal('Services de la Suite numérique');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(button.getAttribute('aria-haspopup')).to.equal('dialog');
      expect($(el, '[role="dialog"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('speaks English when the page or the element is in English', async () => {
      document.documentElement.lang = 'en';
      const el = await withServices(4);
      expect(spoken($(el, 'button[part="button"]'))).to.equal('La Suite numérique services');
      el.lang = 'fr';
      await waitUntil(() => spoken($(el, 'button[part="button"]')) === 'Services de la Suite numérique');
    });

    it('follows a change of <html lang> while on the page', async () => {
      const el = await withServices(4);
      document.documentElement.lang = 'en-GB';
      await waitUntil(() => spoken($(el, 'button[part="button"]')) === 'La Suite numérique services');
    });

    it('takes its accessible name from label', async () => {
      const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher label="Nos outils" .services=${makeServices(2)}></suite-app-switcher>`);
      expect(spoken($(el, 'button[part="button"]'))).to.equal('Nos outils');
    });
  });

  describe('opening and the keyboard journey', () => {
    it('opens a dialog on click, focuses the first app, and fires suite-open', async () => {
      const el = await withServices(5);
      const button = $<HTMLButtonElement>(el, 'button[part="button"]')!;
      setTimeout(() => button.click());
      const event = await nextEvent(el, 'suite-open');
      expect(event.detail.source).to.equal('button');
      await el.updateComplete;
      await aTimeout(0);
      const dialog = $(el, '[role="dialog"]')!;
      expect(dialog.getAttribute('aria-modal')).to.equal('true');
      expect(spoken(shadowLabel(el, dialog))).to.equal('Services');
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(activeInside(el)).to.equal(links(el)[0]);
      await expect(el).to.be.accessible();
    });

    it('moves in the grid with the arrows, Home and End (roving tabindex)', async () => {
      const el = await withServices(6);
      await openAndSettle(el);
      const all = links(el);
      expect(all.map((link) => link.tabIndex)).to.deep.equal([0, -1, -1, -1, -1, -1]);
      await sendKeys({ press: 'ArrowRight' });
      expect(activeInside(el)).to.equal(all[1]);
      await sendKeys({ press: 'ArrowDown' });
      expect(activeInside(el)).to.equal(all[4]); // three columns
      await sendKeys({ press: 'ArrowLeft' });
      expect(activeInside(el)).to.equal(all[3]);
      await sendKeys({ press: 'ArrowUp' });
      expect(activeInside(el)).to.equal(all[0]);
      await sendKeys({ press: 'ArrowUp' });
      expect(activeInside(el)).to.equal(all[0]);
      await sendKeys({ press: 'End' });
      expect(activeInside(el)).to.equal(all[2]);
      await sendKeys({ press: 'End' });
      expect(activeInside(el)).to.equal(all[5]);
      await sendKeys({ press: 'Home' });
      expect(activeInside(el)).to.equal(all[3]);
      await sendKeys({ press: 'Home' });
      expect(activeInside(el)).to.equal(all[0]);
      await el.updateComplete;
      expect(links(el).filter((link) => link.tabIndex === 0)).to.have.length(1);
    });

    it('keeps Tab inside the dialog', async () => {
      const el = await withServices(4);
      await openAndSettle(el);
      const close = $<HTMLButtonElement>(el, 'button.close')!;
      expect(activeInside(el)).to.equal(links(el)[0]);
      await sendKeys({ press: 'Tab' });
      expect(activeInside(el)).to.equal(close);
      await sendKeys({ press: 'Tab' });
      expect(activeInside(el)).to.equal(links(el)[0]);
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(activeInside(el)).to.equal(close);
    });

    it('closes on Escape and gives the focus back to the button', async () => {
      const el = await withServices(4);
      $<HTMLButtonElement>(el, 'button[part="button"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => links(el).length > 0 && activeInside(el) === links(el)[0]);
      setTimeout(() => void sendKeys({ press: 'Escape' }));
      const event = await nextEvent(el, 'suite-close');
      expect(event.detail.reason).to.equal('escape');
      await el.updateComplete;
      expect(el.open).to.equal(false);
      expect(activeInside(el)).to.equal($(el, 'button[part="button"]'));
    });

    it('closes on a click outside', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <p id="outside">Texte de la page</p>
        <suite-app-switcher .services=${makeServices(4)}></suite-app-switcher>
      </div>`);
      const el = wrapper.querySelector<SuiteAppSwitcher>('suite-app-switcher')!;
      await openAndSettle(el);
      setTimeout(() => wrapper.querySelector<HTMLElement>('#outside')!.click());
      const event = await nextEvent(el, 'suite-close');
      expect(event.detail.reason).to.equal('outside');
    });

    it('closes with its close button', async () => {
      const el = await withServices(4);
      await openAndSettle(el);
      $<HTMLButtonElement>(el, 'button.close')!.click();
      await el.updateComplete;
      expect(el.open).to.equal(false);
      expect(activeInside(el)).to.equal($(el, 'button[part="button"]'));
    });

    it('can be opened by a button of the page (trigger) with hide-button', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <button id="my-trigger" type="button">Applications</button>
        <suite-app-switcher trigger="my-trigger" .services=${makeServices(3)}></suite-app-switcher>
      </div>`);
      const el = wrapper.querySelector<SuiteAppSwitcher>('suite-app-switcher')!;
      await el.updateComplete;
      const trigger = wrapper.querySelector<HTMLButtonElement>('#my-trigger')!;
      expect($(el, 'button[part="button"]')).to.equal(null);
      expect(trigger.getAttribute('aria-expanded')).to.equal('false');
      trigger.focus();
      trigger.click();
      await el.updateComplete;
      await aTimeout(0);
      expect(el.open).to.equal(true);
      expect(trigger.getAttribute('aria-expanded')).to.equal('true');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(document.activeElement).to.equal(trigger);
      expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    });

    it('names a triggerElement that is not an element, and keeps working', async () => {
      const { errors, result: el } = await captureConsoleErrors(async () => {
        const element = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher .services=${makeServices(2)}></suite-app-switcher>`);
        (element as unknown as { triggerElement: unknown }).triggerElement = '#not-an-element';
        await element.updateComplete;
        return element;
      });
      expect(errors.join('\n')).to.contain('triggerElement is not an element');
      el.show();
      await el.updateComplete;
      expect(el.open).to.equal(true);
    });

    it('names a missing trigger in the console', async () => {
      const { errors } = await captureConsoleErrors(async () => {
        const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher trigger="nope" .services=${makeServices(2)}></suite-app-switcher>`);
        await el.updateComplete;
      });
      expect(errors.join('\n')).to.contain('trigger="nope"');
    });
  });

  describe('links', () => {
    it('open in a new tab, say so, and carry maturity badges', async () => {
      const el = await withServices(4);
      await openAndSettle(el);
      const [docs, , fichiers] = links(el);
      expect(docs.target).to.equal('_blank');
      expect(docs.rel).to.equal('noopener');
      expect(docs.href).to.equal('https://docs.example.gouv.fr/');
      expect(spoken(docs)).to.equal('Docs - nouvelle fenêtre');
      expect(spoken(fichiers)).to.equal('Fichiers (bêta) - nouvelle fenêtre');
      expect(fichiers.querySelector('[part="badge"]')).to.exist;
    });

    it('use new-window-label and link-target', async () => {
      const el = await fixture<SuiteAppSwitcher>(
        html`<suite-app-switcher new-window-label=" (ouvre un onglet)" .services=${makeServices(2)}></suite-app-switcher>`,
      );
      await openAndSettle(el);
      expect(spoken(links(el)[0])).to.equal('Docs (ouvre un onglet)');
      el.linkTarget = '_self';
      await el.updateComplete;
      expect(links(el)[0].target).to.equal('_self');
      expect(links(el)[0].hasAttribute('rel')).to.equal(false);
      expect(spoken(links(el)[0])).to.equal('Docs');
    });

    it('show the initial when a logo does not load', async () => {
      const services = makeServices(2);
      services[0].logo = 'http://127.0.0.1:9/missing.svg';
      const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher .services=${services}></suite-app-switcher>`);
      await openAndSettle(el);
      await waitUntil(() => links(el)[0].querySelector('.initial') !== null, 'the broken logo was not replaced');
      expect(links(el)[0].querySelector('img')).to.equal(null);
      expect(links(el)[1].querySelector('img')!.getAttribute('src')).to.equal(LOGO);
    });
  });

  describe('current app', () => {
    it('is highlighted and announced, by id', async () => {
      const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher current="visio" .services=${makeServices(4)}></suite-app-switcher>`);
      await openAndSettle(el);
      const visio = links(el)[1];
      expect(visio.getAttribute('aria-current')).to.equal('page');
      expect(visio.getAttribute('part')).to.equal('link link-current');
      expect(spoken(visio)).to.equal('Visio , application actuelle - nouvelle fenêtre');
      expect(activeInside(el)).to.equal(visio);
      expect(links(el).filter((link) => link.hasAttribute('aria-current'))).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('is found by URL, below the service root too, and unfolds the overflow when hidden there', async () => {
      const el = await fixture<SuiteAppSwitcher>(
        html`<suite-app-switcher current="https://agenda.example.gouv.fr/semaine/12" .services=${makeServices(12)}></suite-app-switcher>`,
      );
      await openAndSettle(el);
      const agenda = links(el).find((link) => link.href === 'https://agenda.example.gouv.fr/')!;
      expect(agenda.getAttribute('aria-current')).to.equal('page');
      expect(links(el)).to.have.length(12);
    });
  });

  describe('overflow', () => {
    it('shows show-more-limit apps, then all of them with "more apps"', async () => {
      const el = await withServices(8);
      await openAndSettle(el);
      expect(links(el)).to.have.length(6);
      const more = $<HTMLButtonElement>(el, 'button[part="more-button"]')!;
      expect(spoken(more)).to.equal('Plus d’applications (2)');
      expect(more.getAttribute('aria-expanded')).to.equal('false');
      more.click();
      await el.updateComplete;
      expect(links(el)).to.have.length(8);
      expect(more.getAttribute('aria-expanded')).to.equal('true');
      expect(spoken(more)).to.equal('Moins d’applications');
      await expect(el).to.be.accessible();
      more.click();
      await el.updateComplete;
      expect(links(el)).to.have.length(6);
    });

    it('honours show-more-limit, and has no button when everything fits', async () => {
      const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher show-more-limit="3" .services=${makeServices(5)}></suite-app-switcher>`);
      await openAndSettle(el);
      expect(links(el)).to.have.length(3);
      el.showMoreLimit = 10;
      await el.updateComplete;
      expect(links(el)).to.have.length(5);
      expect($(el, 'button[part="more-button"]')).to.equal(null);
    });
  });

  describe('search', () => {
    it('appears only above search-threshold', async () => {
      const few = await withServices(9);
      await openAndSettle(few);
      expect($(few, 'input[type="search"]')).to.equal(null);
      const many = await withServices(10);
      await openAndSettle(many);
      expect($(many, 'input[type="search"]')).to.exist;
    });

    it('filters as you type, ignoring accents and case, and announces the count', async () => {
      const el = await withServices(12);
      await openAndSettle(el);
      const input = $<HTMLInputElement>(el, 'input[type="search"]')!;
      expect(activeInside(el)).to.equal(input);
      expect($(el, `label[for="${input.id}"]`)!.textContent).to.equal('Rechercher un service');
      await sendKeys({ type: 'DEMARCH' });
      await el.updateComplete;
      expect(links(el).map((link) => spoken(link.querySelector('[part="name"]')))).to.deep.equal(['Démarches']);
      expect($(el, 'button[part="more-button"]')).to.equal(null);
      const status = $(el, '.popup > [role="status"]')!;
      await waitUntil(() => status.textContent === '1 service trouvé', 'the result count was not announced');
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'ArrowDown' });
      expect(activeInside(el)).to.equal(links(el)[0]);
    });

    it('says when nothing matches, and Escape clears the search before closing', async () => {
      const el = await withServices(12);
      await openAndSettle(el);
      await sendKeys({ type: 'zzz' });
      await el.updateComplete;
      expect(links(el)).to.have.length(0);
      await waitUntil(() => $(el, '.popup > [role="status"]')!.textContent === 'Aucun service ne correspond');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(el.open).to.equal(true);
      expect($<HTMLInputElement>(el, 'input')!.value).to.equal('');
      expect(links(el)).to.have.length(6);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(el.open).to.equal(false);
    });

    it('starts afresh when opened again', async () => {
      const el = await withServices(12);
      await openAndSettle(el);
      await sendKeys({ type: 'docs' });
      el.hide();
      await el.updateComplete;
      await openAndSettle(el);
      expect($<HTMLInputElement>(el, 'input')!.value).to.equal('');
      expect(links(el)).to.have.length(6);
    });
  });

  describe('theme', () => {
    it('follows DSFR data-fr-theme on an ancestor, and theme= wins', async () => {
      document.documentElement.setAttribute('data-fr-theme', 'dark');
      const el = await withServices(8);
      expect(el.matches(':state(dark)')).to.equal(true);
      await openAndSettle(el);
      await expect(el).to.be.accessible();
      const popupBackground = getComputedStyle($(el, '.popup')!).backgroundColor;
      el.theme = 'light';
      await el.updateComplete;
      expect(el.matches(':state(dark)')).to.equal(false);
      expect(getComputedStyle($(el, '.popup')!).backgroundColor).not.to.equal(popupBackground);
      el.theme = 'dark';
      document.documentElement.setAttribute('data-fr-theme', 'light');
      await el.updateComplete;
      expect(el.matches(':state(dark)')).to.equal(true);
    });

    it('takes its stacking order from --suite-app-switcher-z-index', async () => {
      const el = await fixture<SuiteAppSwitcher>(
        html`<suite-app-switcher style="--suite-app-switcher-z-index: 4242" .services=${makeServices(2)}></suite-app-switcher>`,
      );
      await openAndSettle(el);
      expect(getComputedStyle($(el, '.popup')!).zIndex).to.equal('4242');
    });
  });

  describe('placement', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('keeps the popup inside the viewport, flipping above a button at the bottom', async () => {
      await setViewport({ width: 800, height: 600 });
      const el = await fixture<SuiteAppSwitcher>(
        html`<suite-app-switcher style="position: fixed; bottom: 4px; left: 4px" .services=${makeServices(6)}></suite-app-switcher>`,
      );
      await openAndSettle(el);
      const popup = $(el, '.popup')!.getBoundingClientRect();
      const button = $(el, 'button[part="button"]')!.getBoundingClientRect();
      expect(popup.left).to.be.at.least(0);
      expect(popup.top).to.be.at.least(0);
      expect(popup.right).to.be.at.most(800);
      expect(popup.bottom).to.be.at.most(button.top);
    });

    it('is neither moved nor clipped by a transformed, overflow-hidden header (top layer)', async () => {
      await setViewport({ width: 800, height: 600 });
      const header = await fixture<HTMLElement>(html`<header style="transform: translateZ(0); overflow: hidden; height: 48px; margin: 100px 0 0 200px; width: 300px">
        <suite-app-switcher .services=${makeServices(6)}></suite-app-switcher>
      </header>`);
      const el = header.querySelector<SuiteAppSwitcher>('suite-app-switcher')!;
      await openAndSettle(el);
      const popup = $(el, '.popup')!;
      const box = popup.getBoundingClientRect();
      const button = $(el, 'button[part="button"]')!.getBoundingClientRect();
      expect(Math.round(box.top)).to.equal(Math.round(button.bottom + 8));
      const hit = el.shadowRoot!.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      expect(popup.contains(hit), 'the middle of the popup is visible').to.equal(true);
    });

    it('takes the full screen under 480 px', async () => {
      await setViewport({ width: 360, height: 640 });
      const el = await withServices(8);
      await openAndSettle(el);
      const popup = $(el, '.popup')!.getBoundingClientRect();
      expect(Math.round(popup.width)).to.equal(360);
      expect(Math.round(popup.height)).to.equal(640);
      await expect(el).to.be.accessible();
    });
  });

  describe('data', () => {
    it('reads a <script type="application/json"> child', async () => {
      const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher>
        <script type="application/json">
          {"services": [{"id": "docs", "name": "Docs", "url": "https://docs.numerique.gouv.fr/"}], "organization": {"name": "DINUM"}}
        </script>
      </suite-app-switcher>`);
      await openAndSettle(el);
      expect(links(el)).to.have.length(1);
      expect(spoken($(el, '.organization'))).to.equal('DINUM');
    });

    it('reads a JSON script child added later, once', async () => {
      const fetches = stubFetch(() => json({ services: makeServices(2) }));
      try {
        const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher services-url="https://x.test/list"></suite-app-switcher>`);
        await waitForStatus(el, 'ready');
        let loads = 0;
        el.addEventListener('suite-load', () => loads++);
        const script = document.createElement('script');
        script.type = 'application/json';
        script.textContent = JSON.stringify({ services: makeServices(5) });
        el.append(script);
        await waitUntil(() => loads === 1, 'the script child was not read');
        await openAndSettle(el);
        expect(links(el)).to.have.length(5);
        await aTimeout(50);
        expect(loads).to.equal(1);
        expect(el.status).to.equal('ready');
        expect(() => ((el as unknown as { status: string }).status = 'error')).to.throw();
      } finally {
        fetches.restore();
      }
    });

    it('renders hostile names as text, and drops unsafe URLs and logos', async () => {
      const { errors, result: el } = await captureConsoleErrors(async () => {
        const element = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher
          .services=${{
            services: [
              { name: '<img src=x onerror="window.pwned=1">Docs', url: 'https://docs.numerique.gouv.fr/', logo: 'javascript:alert(1)' },
              { name: 'Piège', url: 'javascript:window.pwned=1' },
              { name: 'Visio', url: 'https://visio.numerique.gouv.fr/', logo: 'data:text/html,<script>alert(1)</script>' },
            ],
          }}
        ></suite-app-switcher>`);
        await openAndSettle(element);
        return element;
      });
      expect(links(el)).to.have.length(2);
      expect(spoken(links(el)[0].querySelector('[part="name"]'))).to.equal('<img src=x onerror="window.pwned=1">Docs');
      expect($$(el, 'ul img')).to.have.length(0);
      expect((window as { pwned?: number }).pwned).to.equal(undefined);
      expect(errors.join('\n')).to.contain('services[1] (Piège) has no http(s) url');
    });

    it('shows an empty state for an empty list', async () => {
      const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher .services=${{ services: [] }}></suite-app-switcher>`);
      await openAndSettle(el);
      expect(el.status).to.equal('empty');
      expect(spoken($(el, '[part="empty"]'))).to.equal('Aucun service n’est disponible pour le moment.');
      await expect(el).to.be.accessible();
    });

    it('reloads when services-url changes, and fires suite-load', async () => {
      const fetches = stubFetch((url) => json({ services: makeServices(url.endsWith('/b') ? 3 : 2) }));
      try {
        const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher services-url="https://x.test/a"></suite-app-switcher>`);
        await waitForStatus(el, 'ready');
        setTimeout(() => (el.servicesUrl = 'https://x.test/b'));
        const event = await nextEvent(el, 'suite-load');
        expect(event.detail.services).to.have.length(3);
        expect(event.detail.fromCache).to.equal(false);
        expect(fetches.calls).to.deep.equal(['https://x.test/a', 'https://x.test/b']);
      } finally {
        fetches.restore();
      }
    });

    it('accepts a relative services-url, and resolves relative links and logos against it', async () => {
      const fetches = stubFetch(() => json({ services: [{ name: 'Docs', url: '/docs/', logo: 'logos/docs.svg' }, { name: 'Visio', url: 'https://visio.test/' }] }));
      try {
        const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher services-url="/api/services"></suite-app-switcher>`);
        await waitForStatus(el, 'ready');
        await openAndSettle(el);
        expect(links(el).map((link) => link.href)).to.deep.equal([`${location.origin}/docs/`, 'https://visio.test/']);
        expect(links(el)[0].querySelector('img')!.getAttribute('src')).to.equal(`${location.origin}/api/logos/docs.svg`);
      } finally {
        fetches.restore();
      }
    });

    it('fetches La Suite’s public list when services-url is missing', async () => {
      const fetches = stubFetch(() => json({ services: makeServices(2) }));
      try {
        const el = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher></suite-app-switcher>`);
        await waitForStatus(el, 'ready');
        expect(fetches.calls).to.deep.equal(['https://lasuite.numerique.gouv.fr/api/services']);
      } finally {
        fetches.restore();
      }
    });
  });

  describe('errors, each with a retry', () => {
    const cases: { name: string; respond: Parameters<typeof stubFetch>[0]; title: string; message: string; console: string; attempts: number }[] = [
      {
        name: 'a 404',
        respond: () => new Response('Not found', { status: 404 }),
        title: 'La liste des services n’a pas pu être chargée.',
        message: 'Ce contenu est introuvable.',
        console: '[not-found]',
        attempts: 1,
      },
      {
        name: 'a 500 (retried twice first)',
        respond: () => new Response('oops', { status: 500 }),
        title: 'La liste des services n’a pas pu être chargée.',
        message: 'Le service rencontre un problème. Réessayez dans un instant.',
        console: '[server]',
        attempts: 3,
      },
      {
        name: 'a network failure',
        respond: () => Promise.reject(new TypeError('Failed to fetch')),
        title: 'La liste des services n’a pas pu être chargée.',
        message: 'Le service est injoignable. Vérifiez votre connexion, puis réessayez.',
        console: '[network]',
        attempts: 3,
      },
      {
        name: 'a body that is not JSON',
        respond: () => new Response('<html>maintenance</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
        title: 'La liste des services reçue est invalide.',
        message: 'Le service a envoyé une réponse illisible.',
        console: '[protocol]',
        attempts: 1,
      },
      {
        name: 'JSON of the wrong shape',
        respond: () => json({ items: [] }),
        title: 'La liste des services reçue est invalide.',
        message: 'Le service a envoyé une réponse illisible.',
        console: '"services" is missing or not an array',
        attempts: 1,
      },
      {
        name: 'services without name or URL',
        respond: () => json({ services: [{ url: 'https://a.test/' }, { name: 'B' }] }),
        title: 'La liste des services reçue est invalide.',
        message: 'Le service a envoyé une réponse illisible.',
        console: 'services[0] has no name; services[1] (B) has no http(s) url',
        attempts: 1,
      },
      {
        name: 'a timeout',
        respond: hang,
        title: 'La liste des services n’a pas pu être chargée.',
        message: 'Le service met trop de temps à répondre. Réessayez dans un instant.',
        console: '[timeout]',
        attempts: 3,
      },
    ];

    for (const c of cases) {
      it(`shows ${c.name} in the popup, names it in the console, and recovers on retry`, async () => {
        let failing = true;
        const fetches = stubFetch((url, init) => (failing ? c.respond(url, init) : json({ services: makeServices(3) })));
        const pageErrors: unknown[] = [];
        const onPageError = (event: ErrorEvent | PromiseRejectionEvent) => pageErrors.push(event);
        window.addEventListener('error', onPageError);
        window.addEventListener('unhandledrejection', onPageError);
        try {
          const { errors, result: el } = await captureConsoleErrors(async () => {
            const element = await fixture<SuiteAppSwitcher>(
              html`<suite-app-switcher services-url="https://services.test/api" timeout="200"></suite-app-switcher>`,
            );
            const failed = nextEvent(element, 'suite-error');
            await waitForStatus(element, 'error');
            expect((await failed).detail.error.kind).to.be.a('string');
            return element;
          });
          expect(fetches.calls).to.have.length(c.attempts);
          expect(errors.join('\n')).to.contain('<suite-app-switcher>').and.to.contain(c.console);
          await openAndSettle(el);
          const alert = $(el, '[role="alert"]')!;
          expect(spoken(alert.querySelector('.suite-state__title'))).to.equal(c.title);
          expect(spoken(alert.querySelector('.suite-state__message'))).to.equal(c.message);
          await expect(el).to.be.accessible();
          const retry = $<HTMLButtonElement>(el, 'button[part="retry-button"]')!;
          expect(activeInside(el)).to.equal(retry);
          failing = false;
          retry.click();
          await waitForStatus(el, 'ready');
          await aTimeout(0);
          expect(links(el)).to.have.length(3);
          expect(activeInside(el)).to.equal(links(el)[0]);
          expect(pageErrors).to.have.length(0);
        } finally {
          fetches.restore();
          window.removeEventListener('error', onPageError);
          window.removeEventListener('unhandledrejection', onPageError);
        }
      });
    }

    it('shows the list saved earlier, with a notice and a retry, when the network fails', async () => {
      const url = 'https://services.test/cached';
      let up = true;
      const fetches = stubFetch(() => (up ? json({ services: makeServices(4) }) : new Response('down', { status: 503 })));
      try {
        const first = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher services-url=${url}></suite-app-switcher>`);
        await waitForStatus(first, 'ready');
        first.remove();
        up = false;
        const { result: el } = await captureConsoleErrors(async () => {
          const element = await fixture<SuiteAppSwitcher>(html`<suite-app-switcher services-url=${url}></suite-app-switcher>`);
          const loaded = nextEvent(element, 'suite-load');
          expect((await loaded).detail.fromCache).to.equal(true);
          return element;
        });
        await openAndSettle(el);
        expect(links(el)).to.have.length(4);
        const notice = $(el, '.notice')!;
        expect(spoken(notice)).to.contain('Liste enregistrée plus tôt');
        await expect(el).to.be.accessible();
        up = true;
        notice.querySelector('button')!.click();
        await waitUntil(() => $(el, '.notice') === null, 'the notice stayed after a good retry');
      } finally {
        fetches.restore();
      }
    });

    it('reports bad inline JSON', async () => {
      const { errors, result: el } = await captureConsoleErrors(() =>
        fixture<SuiteAppSwitcher>(html`<suite-app-switcher><script type="application/json">{oops</script></suite-app-switcher>`),
      );
      expect(el.status).to.equal('error');
      expect(errors.join('\n')).to.contain('the inline services are not valid');
    });
  });
});

/** The element that labels `dialog` (aria-labelledby inside the same shadow root). */
function shadowLabel(el: SuiteAppSwitcher, dialog: Element): Element | null {
  return el.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!);
}
