// @ts-check
/**
 * What the browser journeys (node:test + Playwright, in Debian's Chromium) share: axe on a widget,
 * and a cleanup that cannot hang a run.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A Chromium for the journeys. */
export const launchBrowser = () => chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });

/**
 * axe on the first element matching `selector`, its shadow root included: `id: html` per
 * violation, an empty list when there is none.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 * @returns {Promise<string[]>}
 */
export async function axeViolations(page, selector) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (target) => {
    const results = await /** @type {any} */ (window).axe.run(document.querySelector(target), { resultTypes: ['violations'] });
    return results.violations.map((/** @type {{id: string, nodes: {html: string}[]}} */ violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`);
  }, selector);
}

/**
 * Closes a browser context, its pages one by one first. Headless Chromium sometimes never confirms
 * that a context whose tabs held a Web Lock and a BroadcastChannel is closed, or even that a page
 * is: the whole cleanup gets 10 s, and a browser that has not answered by then is replaced.
 * @param {import('playwright-core').BrowserContext | undefined} context
 * @param {import('playwright-core').Browser} browser
 * @returns {Promise<import('playwright-core').Browser>} the browser for the next journeys
 */
export async function closeContext(context, browser) {
  if (!context) return browser;
  const closed = (async () => {
    await Promise.all(context.pages().map((page) => page.close({ runBeforeUnload: false }).catch(() => undefined)));
    await context.close().catch(() => undefined);
    return true;
  })();
  if (await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve(false), 10_000).unref())])) return browser;
  void Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]).catch(() => undefined);
  return launchBrowser();
}
