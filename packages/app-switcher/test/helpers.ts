import { aTimeout, oneEvent, waitUntil } from '@open-wc/testing';
import type { SuiteAppSwitcher } from '../src/suite-app-switcher.js';
import type { SuiteService } from '../src/services.js';

/** A tiny valid SVG logo as a data URL (no network in unit tests). */
export const LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="8" fill="#000091"/></svg>',
)}`;

const NAMES = ['Docs', 'Visio', 'Fichiers', 'Messagerie', 'Tchap', 'Grist', 'Resana', 'FranceTransfert', 'Agenda', 'Projets', 'Webinaire', 'Démarches'];

/** `count` services named after La Suite's, with ids, logos and some maturity badges. */
export function makeServices(count: number): SuiteService[] {
  return Array.from({ length: count }, (_, index) => {
    const name = NAMES[index] ?? `Service ${index + 1}`;
    const id = name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]/g, '');
    const service: SuiteService = { id, name, url: `https://${id}.example.gouv.fr/`, logo: LOGO };
    if (index === 2) service.maturity = 'beta';
    if (index === 8) service.maturity = 'alpha';
    return service;
  });
}

export const shadow = (el: SuiteAppSwitcher): ShadowRoot => el.shadowRoot!;
export const $ = <T extends Element = HTMLElement>(el: SuiteAppSwitcher, selector: string): T | null =>
  shadow(el).querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: SuiteAppSwitcher, selector: string): T[] => [
  ...shadow(el).querySelectorAll<T>(selector),
];
export const links = (el: SuiteAppSwitcher): HTMLAnchorElement[] => $$<HTMLAnchorElement>(el, 'ul a');
export const activeInside = (el: SuiteAppSwitcher): Element | null => shadow(el).activeElement;

/** The text a screen reader reads for an element: its text content, whitespace collapsed. */
export const spoken = (element: Element | null | undefined): string => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

export async function openAndSettle(el: SuiteAppSwitcher): Promise<void> {
  el.show();
  await el.updateComplete;
  await aTimeout(0);
  await el.updateComplete;
}

type FetchHandler = (url: string, init: RequestInit | undefined) => Response | Promise<Response>;

/** Replaces window.fetch for one test; `calls` lists the URLs asked for. `restore()` puts it back. */
export function stubFetch(handler: FetchHandler): { calls: string[]; restore: () => void } {
  const original = window.fetch;
  const calls: string[] = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push(url);
    return Promise.resolve().then(() => handler(url, init));
  };
  return { calls, restore: () => (window.fetch = original) };
}

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A fetch that never answers, but gives up when its signal aborts (as a real one does). */
export const hang = (_url: string, init: RequestInit | undefined): Promise<Response> =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

/** Captures console.error while `run` runs. */
export async function captureConsoleErrors<T>(run: () => Promise<T>): Promise<{ result: T; errors: string[] }> {
  const original = console.error;
  const errors: string[] = [];
  console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
  try {
    return { result: await run(), errors };
  } finally {
    console.error = original;
  }
}

export async function waitForStatus(el: SuiteAppSwitcher, status: SuiteAppSwitcher['status'], timeout = 8000): Promise<void> {
  await waitUntil(() => el.status === status, `status never became ${status} (is ${el.status})`, { timeout });
  await el.updateComplete;
}

/** oneEvent, typed by the element's event map. */
export const nextEvent = <K extends keyof HTMLElementEventMap>(target: EventTarget, name: K): Promise<HTMLElementEventMap[K]> =>
  oneEvent<HTMLElementEventMap[K]>(target, name);
