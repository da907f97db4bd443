/**
 * <suite-app-switcher> against the testbed's real services server, through its gateway (which
 * injects the faults). Nothing here is faked: real HTTP on loopback, real CORS, real timeouts.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/define.js';
import type { SuiteAppSwitcher } from '../src/suite-app-switcher.js';
import { $, captureConsoleErrors, links, nextEvent, openAndSettle, spoken, waitForStatus } from './helpers.js';
import { addFault, clearFaults, faultApplied, urls } from './testbed.js';

const SERVICES_PATH = '/services/api/services';
const gatewayUrl = (variant = '') => `${urls.gateway}${SERVICES_PATH}${variant}`;

/** A switcher on `url`, with a short timeout so the timeout path stays quick. */
const switcher = (url: string) => fixture<SuiteAppSwitcher>(html`<suite-app-switcher services-url=${url} timeout="1500" current="docs"></suite-app-switcher>`);

/** Text of the error title and message in the open popup. */
const errorShown = (el: SuiteAppSwitcher) => ({
  title: spoken($(el, '[role="alert"] .suite-state__title')),
  message: spoken($(el, '[role="alert"] .suite-state__message')),
});

async function retryAndExpectList(el: SuiteAppSwitcher, count: number): Promise<void> {
  await clearFaults();
  $<HTMLButtonElement>(el, 'button[part="retry-button"]')!.click();
  await waitForStatus(el, 'ready');
  await waitUntil(() => links(el).length === count, `expected ${count} links after the retry`);
}

describe('<suite-app-switcher> on the testbed', () => {
  beforeEach(async () => {
    sessionStorage.clear();
    await clearFaults();
  });
  after(clearFaults);

  it('shows the real list through the gateway: names, logos, badges, organization, current app', async () => {
    const el = await switcher(urls.services);
    const loaded = await nextEvent(el, 'suite-load');
    expect(loaded.detail.services).to.have.length(12);
    await openAndSettle(el);
    expect(spoken($(el, '.organization'))).to.equal("Ministère de l'Exemple");
    expect(links(el)).to.have.length(6);
    const docs = links(el)[0];
    expect(docs.getAttribute('aria-current')).to.equal('page');
    await waitUntil(() => links(el).every((link) => (link.querySelector('img')?.naturalWidth ?? 0) > 0), 'the logos did not load');
    $<HTMLButtonElement>(el, 'button[part="more-button"]')!.click();
    await el.updateComplete;
    expect(links(el)).to.have.length(12);
    expect(links(el).some((link) => link.querySelector('[part="badge"]'))).to.equal(true);
    await expect(el).to.be.accessible();
  });

  const paths: { name: string; fault: Parameters<typeof addFault>[0]; title: string; message: string; console: string }[] = [
    {
      name: 'a 500, three times in a row',
      fault: { path: SERVICES_PATH, status: 500 },
      title: 'La liste des services n’a pas pu être chargée.',
      message: 'Le service rencontre un problème. Réessayez dans un instant.',
      console: '[server]',
    },
    {
      name: 'a 404',
      fault: { path: SERVICES_PATH, status: 404 },
      title: 'La liste des services n’a pas pu être chargée.',
      message: 'Ce contenu est introuvable.',
      console: '[not-found]',
    },
    {
      name: 'a server slower than the timeout',
      fault: { path: SERVICES_PATH, latency: 4000 },
      title: 'La liste des services n’a pas pu être chargée.',
      message: 'Le service met trop de temps à répondre. Réessayez dans un instant.',
      console: '[timeout]',
    },
    {
      name: 'a dropped connection',
      fault: { path: SERVICES_PATH, drop: true },
      title: 'La liste des services n’a pas pu être chargée.',
      message: 'Le service est injoignable. Vérifiez votre connexion, puis réessayez.',
      console: '[network]',
    },
    {
      name: 'a malformed body',
      fault: { path: SERVICES_PATH, malformed: true },
      title: 'La liste des services reçue est invalide.',
      message: 'Le service a envoyé une réponse illisible.',
      console: '[protocol]',
    },
  ];

  for (const path of paths) {
    it(`shows ${path.name} with a retry that recovers`, async function () {
      this.timeout(20_000);
      const id = await addFault(path.fault);
      const { errors, result: el } = await captureConsoleErrors(async () => {
        const element = await switcher(gatewayUrl());
        await waitForStatus(element, 'error', 15_000);
        return element;
      });
      expect(errors.join('\n')).to.contain('<suite-app-switcher> the services could not be loaded from').and.contain(path.console);
      const attempts = await faultApplied(id);
      if (path.console === '[not-found]' || path.console === '[protocol]') expect(attempts, 'a permanent failure is not retried').to.equal(1);
      // Transient failures are retried twice; Chromium itself may retry a GET whose reused connection was dropped.
      else expect(attempts, 'a transient failure is retried twice').to.be.within(3, path.fault.drop ? 6 : 3);
      await openAndSettle(el);
      expect(errorShown(el)).to.deep.equal({ title: path.title, message: path.message });
      await expect(el).to.be.accessible();
      await retryAndExpectList(el, 6);
    });
  }

  it('recovers by itself when a 500 happens once (retried)', async () => {
    await addFault({ path: SERVICES_PATH, status: 503, times: 1, retryAfter: 0 });
    const el = await switcher(gatewayUrl());
    await waitForStatus(el, 'ready');
    expect(el.status).to.equal('ready');
  });

  it('says so when the JSON is not a services list, or when no entry is usable', async () => {
    for (const variant of ['-bad-shape', '-not-json']) {
      const { errors, result: el } = await captureConsoleErrors(async () => {
        const element = await switcher(gatewayUrl(variant));
        await waitForStatus(element, 'error');
        return element;
      });
      await openAndSettle(el);
      expect(errorShown(el).title).to.equal('La liste des services reçue est invalide.');
      expect(errors.join('\n')).to.contain('[protocol]');
    }
  });

  it('leaves out services without name or URL, and names them in the console', async () => {
    const { errors, result: el } = await captureConsoleErrors(async () => {
      const element = await switcher(gatewayUrl('-invalid-entries'));
      await waitForStatus(element, 'ready');
      return element;
    });
    await openAndSettle(el);
    expect(links(el)).to.have.length(4);
    expect(errors.join('\n')).to.contain('some services were left out').and.contain('has no name').and.contain('javascript:');
  });

  it('renders hostile content as text', async () => {
    const { result: el } = await captureConsoleErrors(async () => {
      const element = await switcher(gatewayUrl('-hostile'));
      await waitForStatus(element, 'ready');
      return element;
    });
    await openAndSettle(el);
    $<HTMLButtonElement>(el, 'button[part="more-button"]')?.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('script, iframe, [onerror]')).to.have.length(0);
    for (const img of el.shadowRoot!.querySelectorAll('img')) expect(img.src).to.match(/^https?:|^data:image\//);
    expect(links(el).every((link) => /^https?:/.test(link.href))).to.equal(true);
    expect(links(el).some((link) => spoken(link).includes('<img'))).to.equal(true);
  });

  it('shows an empty list as such', async () => {
    const el = await switcher(gatewayUrl('-empty'));
    await waitForStatus(el, 'empty');
    await openAndSettle(el);
    expect(spoken($(el, '[part="empty"]'))).to.equal('Aucun service n’est disponible pour le moment.');
  });

  it('keeps the last good list for when the server goes down, and says it may be out of date', async () => {
    const first = await switcher(gatewayUrl());
    await waitForStatus(first, 'ready');
    first.remove();
    await addFault({ path: SERVICES_PATH, status: 502 });
    const { errors, result: el } = await captureConsoleErrors(async () => {
      const element = await switcher(gatewayUrl());
      const cached = await nextEvent(element, 'suite-load');
      expect(cached.detail.fromCache).to.equal(true);
      await waitUntil(() => $(element, '.notice') !== null || element.shadowRoot!.querySelector('[part="button"]') !== null);
      return element;
    });
    await openAndSettle(el);
    await waitUntil(() => $(el, '.notice') !== null, 'no notice about the saved list');
    expect(links(el)).to.have.length(6);
    expect(errors.join('\n')).to.contain('[server]');
    await clearFaults();
    $<HTMLButtonElement>(el, '.notice button')!.click();
    await waitUntil(() => $(el, '.notice') === null, 'the notice stayed after the server came back');
  });
});
