/**
 * The CDN build (dist/cdn, served by the testbed's services server) as a legacy page uses it: one
 * module script, tags in the HTML, tags added later, and La Gaufre v2's command queue.
 */
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { urls } from '../../testbed/client/config.js';

interface Switcher extends HTMLElement {
  status: string;
  open: boolean;
  updateComplete: Promise<boolean>;
}

const cdn = `${urls.portal}cdn/`;
const requested = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.startsWith(cdn))
    .map((name) => name.slice(cdn.length));

type FrameWindow = Window & typeof globalThis & { _lasuite_widget?: unknown[] & { _loaded?: Record<string, number> } };

/**
 * A fresh page with its own copy of suite.js (a same-origin iframe: its own module map), after
 * its load event. `head` runs before the loader. Resolves with its window, once the loader ran.
 */
async function framePage(head = ''): Promise<FrameWindow> {
  const frame = document.createElement('iframe');
  frame.className = 'cdn-frame';
  frame.srcdoc = `<!doctype html><html lang="fr"><head>${head}<script type="module" src="${cdn}suite.js"></script></head><body><button type="button" id="gaufre">Services</button></body></html>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as FrameWindow;
  await waitUntil(() => win.SuiteWidgets !== undefined, 'suite.js did not run in the frame', { timeout: 5000 });
  expect(win.document.readyState).to.equal('complete');
  return win;
}

/** Pushes La Gaufre's init into the frame's queue (made now if absent) and resolves once the drop-in answered it. */
function queueInit(win: FrameWindow): Promise<unknown> {
  const initialized = new Promise((resolve) => win.document.addEventListener('lasuite-widget-lagaufre-initialized', resolve, { once: true }));
  (win._lasuite_widget ??= []).push(['lagaufre', 'init', { api: urls.services, buttonElement: '#gaufre' }]);
  return initialized;
}

/** `pending`, or a rejection saying what did not happen within 5 s. */
const within = (pending: Promise<unknown>, what: string) =>
  Promise.race([pending, new Promise((_resolve, reject) => setTimeout(() => reject(new Error(`${what} within 5 s`)), 5000))]);

const errors: string[] = [];
const originalError = console.error;
let button: HTMLButtonElement;
const events: string[] = [];

describe('CDN build (suite.js)', () => {
  before(async () => {
    console.error = (...args: unknown[]) => {
      errors.push(args.map(String).join(' '));
      originalError(...args);
    };
    // La Gaufre v2's snippet runs before the script, as on the sites that use it today.
    button = Object.assign(document.createElement('button'), { type: 'button', id: 'gaufre', textContent: 'Services' });
    document.body.append(button);
    document.addEventListener('lasuite-widget-lagaufre-initialized', (event) => events.push(event.type));
    const queue: unknown[] = [];
    (window as unknown as { _lasuite_widget: unknown[] })._lasuite_widget = queue;
    queue.push(['lagaufre', 'init', { api: urls.services, buttonElement: '#gaufre', label: 'Services de la Suite numérique' }]);
    const response = await fetch(`${cdn}suite.js`);
    expect(response.status, 'dist/cdn is served: run npm run build first').to.equal(200);
    await import(/* @vite-ignore */ `${cdn}suite.js`);
  });

  after(() => {
    console.error = originalError;
  });

  it('has one global, the SuiteWidgets namespace', () => {
    const ns = window.SuiteWidgets!;
    expect(ns.version).to.equal('0.1.0');
    expect(ns.tags).to.include('suite-app-switcher');
  });

  it('answers La Gaufre v2’s queue by loading the drop-in', async () => {
    await waitUntil(() => events.includes('lasuite-widget-lagaufre-initialized'), 'the queued init did not run', { timeout: 5000 });
    expect(requested()).to.include('lagaufre.js');
    const el = document.body.querySelector<Switcher>(':scope > suite-app-switcher')!;
    await waitUntil(() => el.status === 'ready', 'the list did not load', { timeout: 5000 });
    button.click();
    await el.updateComplete;
    expect(el.open).to.equal(true);
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    (window as unknown as { _lasuite_widget: unknown[] })._lasuite_widget.push(['lagaufre', 'destroy']);
    expect(document.body.querySelector(':scope > suite-app-switcher')).to.equal(null);
  });

  it('defines a tag added later, loading its chunk and the shared Lit chunk once', async () => {
    const host = document.createElement('div');
    host.innerHTML = `<suite-app-switcher services-url="${urls.services}" lang="en"></suite-app-switcher>`;
    document.body.append(host);
    const el = host.firstElementChild as Switcher;
    await waitUntil(() => customElements.get('suite-app-switcher') !== undefined && el.status === 'ready', 'not defined', { timeout: 5000 });
    await el.updateComplete;
    const files = requested();
    expect(files.filter((file) => file === 'suite-app-switcher.js')).to.have.length(1);
    expect(files.filter((file) => file === 'lit.js')).to.have.length(1);
    expect(el.shadowRoot!.querySelector('[part="button"]')!.textContent.trim()).to.equal('La Suite numérique services');
    await expect(el).to.be.accessible();
    host.remove();
  });

  it('names an unknown suite-* tag in the console, without throwing', async () => {
    document.body.insertAdjacentHTML('beforeend', '<suite-nope></suite-nope>');
    await aTimeout(50);
    expect(errors.join('\n')).to.contain('<suite-nope> is not a Suite widget this build knows');
    document.querySelector('suite-nope')!.remove();
  });

  it('never throws from its API: scan() reports what is not a node, load() rejects bad input', async () => {
    const ns = window.SuiteWidgets!;
    for (const bad of [null, 123, 'body', {}]) {
      errors.length = 0;
      expect(() => ns.scan(bad as ParentNode), JSON.stringify(bad)).not.to.throw();
      expect(errors.join('\n'), JSON.stringify(bad)).to.contain('scan() needs a Document, ShadowRoot or Element');
    }
    for (const bad of [123, null, undefined, {}]) {
      let pending: Promise<void> | undefined;
      expect(() => (pending = ns.load(bad as string)), typeof bad).not.to.throw();
      expect(await pending!.then(() => 'resolved', String), typeof bad).to.contain('load() needs a tag name');
    }
    // Inherited keys of the registry are no widgets either.
    for (const name of ['constructor', '__proto__', 'toString']) {
      let pending: Promise<void> | undefined;
      expect(() => (pending = ns.load(name)), name).not.to.throw();
      expect(await pending!.then(() => 'resolved', String), name).to.contain(`unknown widget <${name.toLowerCase()}>`);
    }
    // scan() still takes what it should.
    errors.length = 0;
    ns.scan(document.createElement('div').attachShadow({ mode: 'open' }));
    ns.scan();
    expect(errors).to.deep.equal([]);
  });

  describe('La Gaufre queue made or used after the load event (single-page apps)', () => {
    afterEach(() => document.querySelectorAll('iframe.cdn-frame').forEach((frame) => frame.remove()));

    it('is answered on the next DOM change', async () => {
      const win = await framePage();
      const initialized = queueInit(win);
      win.document.body.append(win.document.createElement('main'));
      await within(initialized, 'the queued init did not run');
      expect(win._lasuite_widget?._loaded?.lagaufre).to.equal(2);
      expect(win.document.querySelector('suite-app-switcher')).not.to.equal(null);
    });

    it('is answered when the visitor points at or focuses something, without any DOM change', async () => {
      for (const event of ['pointerdown', 'focusin']) {
        const win = await framePage();
        const initialized = queueInit(win);
        const Event = event === 'pointerdown' ? win.PointerEvent : win.FocusEvent;
        win.document.getElementById('gaufre')!.dispatchEvent(new Event(event, { bubbles: true }));
        await within(initialized, `the queued init did not run on ${event}`);
      }
    });

    it('is answered at once when queued into a queue made before the loader', async () => {
      const win = await framePage('<script>window._lasuite_widget = [];</script>');
      await within(queueInit(win), 'the queued init did not run');
    });
  });

  it('publishes integrity.json with an SRI hash of every file', async () => {
    const manifest = (await (await fetch(`${cdn}integrity.json`)).json()) as { version: string; files: Record<string, { integrity: string }> };
    expect(Object.keys(manifest.files)).to.include.members(['suite.js', 'lit.js', 'suite-app-switcher.js', 'lagaufre.js']);
    const body = await (await fetch(`${cdn}suite.js`)).arrayBuffer();
    const digest = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-384', body))));
    expect(manifest.files['suite.js'].integrity).to.equal(`sha384-${digest}`);
  });
});
