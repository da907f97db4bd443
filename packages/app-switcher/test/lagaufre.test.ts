import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { installLaGaufreCompat } from '../src/lagaufre.js';
import type { SuiteAppSwitcher } from '../src/suite-app-switcher.js';
import { $, captureConsoleErrors, links, makeServices, spoken } from './helpers.js';

/** Records the lasuite-widget-lagaufre-* events fired on document. */
function recordEvents(): { names: string[]; stop: () => void } {
  const names: string[] = [];
  const kinds = ['loaded', 'initialized', 'opened', 'closed'];
  const listener = (event: Event) => names.push(event.type.replace('lasuite-widget-lagaufre-', ''));
  for (const kind of kinds) document.addEventListener(`lasuite-widget-lagaufre-${kind}`, listener);
  return { names, stop: () => kinds.forEach((kind) => document.removeEventListener(`lasuite-widget-lagaufre-${kind}`, listener)) };
}

const switcher = () => document.querySelector<SuiteAppSwitcher>('suite-app-switcher');

describe('La Gaufre v2 compatibility (window._lasuite_widget)', () => {
  let button: HTMLButtonElement;
  const events = recordEvents();

  before(() => {
    button = document.createElement('button');
    button.type = 'button';
    button.className = 'lasuite-gaufre-btn';
    button.textContent = 'Services';
    document.body.append(button);
    // A site's snippet runs before the script has loaded: the commands wait in the queue.
    window._lasuite_widget = window._lasuite_widget || [];
    window._lasuite_widget.push(['lagaufre', 'init', { data: { services: makeServices(8) }, buttonElement: button, label: 'Nos services', viewMoreLabel: 'Voir plus', showMoreLimit: 3 }]);
    window._lasuite_widget.push(['other-widget', 'init', { x: 1 }]);
    installLaGaufreCompat();
  });

  after(() => {
    window._lasuite_widget!.push(['lagaufre', 'destroy']);
    button.remove();
    events.stop();
  });

  it('runs the queued init, fires loaded and initialized, and leaves other widgets’ commands queued', async () => {
    expect(events.names.slice(0, 2)).to.deep.equal(['loaded', 'initialized']);
    const el = switcher()!;
    expect(el).to.exist;
    await el.updateComplete;
    expect(el.hideButton).to.equal(true);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(window._lasuite_widget!.filter((entry) => entry[0] === 'other-widget')).to.have.length(1);
    expect(window._lasuite_widget!._loaded!.lagaufre).to.equal(2);
    expect(document.documentElement.classList.contains('lasuite--gaufre-loaded')).to.equal(true);
  });

  it('opens from its button, with its labels, and fires opened / closed', async () => {
    const el = switcher()!;
    button.click();
    await el.updateComplete;
    await aTimeout(0);
    expect(el.open).to.equal(true);
    expect(spoken($(el, 'h2'))).to.equal('Nos services');
    expect(links(el)).to.have.length(3);
    expect(spoken($(el, 'button[part="more-button"]'))).to.equal('Voir plus');
    expect(events.names).to.include('opened');
    window._lasuite_widget!.push(['lagaufre', 'close']);
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(events.names.at(-1)).to.equal('closed');
    expect(document.activeElement).to.equal(button);
  });

  it('obeys open, toggle and the document events', async () => {
    const el = switcher()!;
    window._lasuite_widget!.push(['lagaufre', 'open']);
    await el.updateComplete;
    expect(el.open).to.equal(true);
    window._lasuite_widget!.push(['lagaufre', 'toggle']);
    await el.updateComplete;
    expect(el.open).to.equal(false);
    document.dispatchEvent(new CustomEvent('lasuite-widget-lagaufre-toggle'));
    await el.updateComplete;
    expect(el.open).to.equal(true);
    document.dispatchEvent(new CustomEvent('lasuite-widget-lagaufre-close'));
    await el.updateComplete;
    expect(el.open).to.equal(false);
  });

  it('configure changes labels, data and position', async () => {
    const el = switcher()!;
    window._lasuite_widget!.push(['lagaufre', 'configure', { label: 'Applications', data: { services: makeServices(2) }, top: 10, left: 20 }]);
    await el.updateComplete;
    expect(el.labels.title).to.equal('Applications');
    expect(el.popupPosition).to.deep.equal({ top: 10, left: 20 });
    window._lasuite_widget!.push(['lagaufre', 'open']);
    await waitUntil(() => links(el).length === 2);
    expect(spoken($(el, 'h2'))).to.equal('Applications');
    window._lasuite_widget!.push(['lagaufre', 'close']);
    await el.updateComplete;
  });

  it('says in the console when init has neither api nor data, without throwing', async () => {
    const { errors } = await captureConsoleErrors(() => Promise.resolve(window._lasuite_widget!.push(['lagaufre', 'init', { label: 'x' }])));
    expect(errors.join('\n')).to.contain('init needs "api"');
  });

  it('takes buttonElement as a CSS selector too, and names one that matches nothing', async () => {
    button.id = 'gaufre-button';
    window._lasuite_widget!.push(['lagaufre', 'init', { data: { services: makeServices(2) }, buttonElement: '#gaufre-button' }]);
    const el = switcher()!;
    await el.updateComplete;
    button.click();
    await el.updateComplete;
    expect(el.open).to.equal(true);
    window._lasuite_widget!.push(['lagaufre', 'close']);
    const { errors } = await captureConsoleErrors(() =>
      Promise.resolve(window._lasuite_widget!.push(['lagaufre', 'init', { data: { services: makeServices(2) }, buttonElement: '#nope' }])),
    );
    expect(errors.join('\n')).to.contain('buttonElement: no element matches "#nope"');
    window._lasuite_widget!.push(['lagaufre', 'init', { data: { services: makeServices(8) }, buttonElement: button }]);
  });

  it('takes over a queue that a single-page app puts in place later', async () => {
    const fresh: unknown[] = [['lagaufre', 'init', { data: { services: makeServices(2) }, buttonElement: button }]];
    (window as unknown as { _lasuite_widget: unknown[] })._lasuite_widget = fresh;
    const rendered = document.body.appendChild(document.createElement('span')); // the app renders
    await waitUntil(() => fresh.length === 0, 'the new queue was not read');
    const el = switcher()!;
    await el.updateComplete;
    expect(el.labels.title).to.equal(undefined);
    fresh.push(['lagaufre', 'open']);
    await el.updateComplete;
    expect(el.open).to.equal(true);
    fresh.push(['lagaufre', 'close']);
    await el.updateComplete;
    rendered.remove();
  });

  it('destroy removes the switcher and unbinds the button', async () => {
    expect(switcher()).to.exist;
    window._lasuite_widget!.push(['lagaufre', 'destroy']);
    expect(switcher()).to.equal(null);
    expect(button.hasAttribute('aria-expanded')).to.equal(false);
    expect(button.hasAttribute('aria-haspopup')).to.equal(false);
    button.click();
    await aTimeout(0);
    expect(switcher()).to.equal(null);
  });
});
