#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: prints the gzip sizes of the CDN files and the time from a click on the app
 * switcher's button to its grid being visible (median of several runs in headless Chromium),
 * against packages/bench/budgets.json. Exits with 1 when a figure is over its budget.
 *
 * It measures the real CDN build (dist/cdn), served on loopback with the testbed's services JSON,
 * so run `npm run build` first (npm test does).
 *
 * `--report-only` prints the same figures and OVER marks but exits 0: `npm test` uses it, so that
 * CI shows the figures on every run while a size overrun is worked on (see the README).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../testbed/src/browser.js';
import { startServicesServer } from '../../testbed/src/services-server.js';
import { FILES_SEED, startTestbed } from '../../testbed/src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const cdnDir = join(root, 'dist/cdn');
/** @type {{ size: Record<string, { files: string[], max: number | null }>, time: Record<string, { max: number }>, runs: number, loginRuns: number }} */
const budgets = JSON.parse(readFileSync(join(here, '../budgets.json'), 'utf8'));

if (!existsSync(join(cdnDir, 'suite.js'))) {
  console.error('bench: dist/cdn/suite.js is missing. Run `npm run build` first.');
  process.exit(2);
}

/** @type {{ name: string, value: number, max: number | null, unit: string }[]} */
const results = [];

// Sizes -----------------------------------------------------------------------------------
/** @type {Map<string, number>} */
const gzipOf = new Map();
for (const [name, { files, max }] of Object.entries(budgets.size)) {
  let total = 0;
  for (const file of files) {
    if (!gzipOf.has(file)) gzipOf.set(file, gzipSync(readFileSync(join(cdnDir, file)), { level: 9 }).length);
    total += gzipOf.get(file) ?? 0;
  }
  results.push({ name: `gzip ${name}`, value: total, max, unit: 'B' });
}

// Speed -----------------------------------------------------------------------------------
// The testbed's services server gives the services JSON, the logos and dist/cdn; the page itself
// is answered by the browser (a route), so it holds only the switcher.
const PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Banc d’essai</title><link rel="icon" href="data:,">
<script type="module" src="/cdn/suite.js"></script></head>
<body><header><suite-app-switcher services-url="/api/services" current="docs"></suite-app-switcher></header></body></html>`;

const services = await startServicesServer({ cdnDir });
const pageUrl = `${services.url}/bench.html`;

const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
/** @type {number[]} */
const clicks = [];
/** @type {number[]} */
const loads = [];
try {
  for (let run = 0; run < budgets.runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route(pageUrl, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE }));
    const page = await context.newPage();
    /** @type {string[]} */
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pageUrl);
    // Page load → the button is defined, rendered, and the list has loaded.
    const ready = await page.evaluate(async () => {
      await customElements.whenDefined('suite-app-switcher');
      const el = /** @type {HTMLElement & { status: string, updateComplete: Promise<unknown> }} */ (document.querySelector('suite-app-switcher'));
      while (el.status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 5));
      await el.updateComplete;
      return performance.now();
    });
    loads.push(ready);
    // A real click; the time runs from the pointerdown event to the frame after the grid is laid out.
    await page.evaluate(() => {
      const el = /** @type {HTMLElement} */ (document.querySelector('suite-app-switcher'));
      const root = /** @type {ShadowRoot} */ (el.shadowRoot);
      /** @type {Promise<number>} */
      const done = new Promise((resolve) => {
        window.addEventListener(
          'pointerdown',
          (event) => {
            const start = event.timeStamp;
            const check = () => {
              const link = root.querySelector('ul a');
              if (link && link.getBoundingClientRect().height > 0) requestAnimationFrame(() => resolve(performance.now() - start));
              else requestAnimationFrame(check);
            };
            check();
          },
          { capture: true, once: true },
        );
      });
      /** @type {Window & { benchDone?: Promise<number> }} */ (window).benchDone = done;
    });
    await page.click('suite-app-switcher >> button[part="button"]');
    clicks.push(await page.evaluate(() => /** @type {Window & { benchDone?: Promise<number> }} */ (window).benchDone ?? Promise.resolve(NaN)));
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join(' | ')}`);
    await context.close();
  }
} finally {
  await browser.close();
  await services.close();
}

const median = (/** @type {number[]} */ values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};
const [clickName, loadName, bffName, oidcName, pickerName] = Object.keys(budgets.time);
results.push({ name: clickName ?? 'click', value: Math.round(median(clicks) * 10) / 10, max: budgets.time[clickName ?? '']?.max ?? null, unit: 'ms' });
results.push({ name: loadName ?? 'load', value: Math.round(median(loads)), max: budgets.time[loadName ?? '']?.max ?? null, unit: 'ms' });

// Sign-in: from the navigation that brings the provider's answer to the user menu ---------------
// Against the testbed's real provider and BFF: each run signs in at the provider's login page in
// a fresh profile; the time is the landing page's performance.now() when the menu is rendered
// (its navigation starts at the request that carries the code: /bff/callback, or the page itself).
/** @type {Record<'bff' | 'oidc', number[]>} */
const signIns = { bff: [], oidc: [] };
/** @type {number[]} */
const pickerRows = [];
const testbed = await startTestbed({ cdnDir, log: () => {} });
const loginBrowser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
try {
  for (let run = 0; run < budgets.loginRuns; run++) {
    for (const mode of /** @type {const} */ (['bff', 'oidc'])) {
      const context = await loginBrowser.newContext();
      const page = await context.newPage();
      await page.goto(new URL(`/login/${mode}.html`, testbed.urls.portal).href);
      await page.locator('suite-login button').first().click();
      await page.getByLabel('Identifiant').fill('alice');
      await page.getByLabel('Mot de passe').fill('alice-password');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(/\/login\//);
      const time = await page.evaluate(async () => {
        const el = /** @type {HTMLElement & { status: string, updateComplete: Promise<unknown> }} */ (document.querySelector('suite-login'));
        await customElements.whenDefined('suite-login');
        while (el.status !== 'signed-in' || !el.shadowRoot?.querySelector('[part="user-button"]')) await new Promise((resolve) => setTimeout(resolve, 2));
        return performance.now();
      });
      signIns[mode].push(time);
      await context.close();
    }
  }

  // File picker: from the end of the PROPFIND answer for the 5,000-file folder (resource timing)
  // to the first rows in the picker's DOM, against the testbed's Apache through the gateway.
  const folderUrl = `${testbed.urls.webdav}${FILES_SEED.user}/${FILES_SEED.bigFolder.split('/').filter(Boolean).map(encodeURIComponent).join('/')}/`;
  // The portal's picker page, on the folder of 5,000 files with alice's Basic credentials.
  const account = testbed.webdav.users.find((user) => user.username === FILES_SEED.user);
  const pickerPage = `${testbed.urls.portal}files/picker.html?${new URLSearchParams({ path: `${FILES_SEED.user}/${FILES_SEED.bigFolder}`, user: account?.username ?? '', password: account?.password ?? '' })}`;
  for (let run = 0; run < budgets.runs; run++) {
    const context = await loginBrowser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(pickerPage);
    const figure = await page.evaluate(async (folder) => {
      await customElements.whenDefined('suite-file-picker');
      const el = /** @type {HTMLElement} */ (document.querySelector('suite-file-picker'));
      while (!el.shadowRoot) await new Promise((resolve) => setTimeout(resolve, 0));
      const root = el.shadowRoot;
      const done = () => root.querySelector('[role=option], [part=error]');
      const shown = await new Promise((resolve) => {
        if (done()) resolve(performance.now());
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(root, { childList: true, subtree: true });
      });
      const entry = performance.getEntriesByType('resource').find((timing) => timing.name === folder);
      return { shown: Number(shown), answered: entry ? /** @type {PerformanceResourceTiming} */ (entry).responseEnd : NaN, error: root.querySelector('[part=error]')?.textContent?.trim() };
    }, folderUrl);
    if (figure.error || !Number.isFinite(figure.answered)) throw new Error(`bench: the picker did not list ${folderUrl}: ${figure.error ?? 'no resource timing'}`);
    pickerRows.push(figure.shown - figure.answered);
    await context.close();
  }
} finally {
  await loginBrowser.close();
  await testbed.stop();
}
results.push({ name: bffName ?? 'bff', value: Math.round(median(signIns.bff)), max: budgets.time[bffName ?? '']?.max ?? null, unit: 'ms' });
results.push({ name: oidcName ?? 'oidc', value: Math.round(median(signIns.oidc)), max: budgets.time[oidcName ?? '']?.max ?? null, unit: 'ms' });
results.push({ name: pickerName ?? 'picker', value: Math.round(median(pickerRows)), max: budgets.time[pickerName ?? '']?.max ?? null, unit: 'ms' });

// Report ----------------------------------------------------------------------------------
const format = (/** @type {number} */ value, /** @type {string} */ unit) => (unit === 'B' ? `${(value / 1024).toFixed(2)} KB (${value} B)` : `${value} ms`);
let over = 0;
console.log(`Suite widgets benchmark — ${budgets.runs} runs, ${chromiumPath}`);
for (const { name, value, max, unit } of results) {
  const ok = max === null || value <= max;
  if (!ok) over++;
  console.log(`${ok ? '  ok  ' : ' OVER '} ${name.padEnd(40)} ${format(value, unit).padStart(20)}   budget ${max === null ? '—' : format(max, unit)}`);
}
console.log(`click → grid, every run (ms): ${clicks.map((value) => value.toFixed(1)).join(', ')}`);
console.log(`PROPFIND answer → first rows of ${FILES_SEED.bigFolderCount} files, every run (ms): ${pickerRows.map((value) => value.toFixed(1)).join(', ')}`);
console.log(`callback → menu, every run (ms): BFF ${signIns.bff.map((value) => value.toFixed(0)).join(', ')}; OIDC ${signIns.oidc.map((value) => value.toFixed(0)).join(', ')}`);
if (over > 0) {
  console.error(`bench: ${over} figure(s) over budget (packages/bench/budgets.json).`);
  if (!process.argv.includes('--report-only')) process.exit(1);
  console.error('bench: --report-only, so not failing; `npm run bench` fails.');
}
